//! The last stage: files in memory go to disk, atomically. The whole site is written into a
//! staging folder beside the output; only when every file is there does the staging folder
//! take the output's place, so a failed build leaves the previous site exactly as it was.

use crate::diag::Diagnostic;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

pub struct Written {
    pub files: usize,
}

/// Refuses output folders whose replacement would destroy the site itself.
pub fn check_output(site_root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // The output may not exist yet: canonicalize its nearest existing ancestor.
        let mut existing = p.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut base = existing
            .canonicalize()
            .unwrap_or_else(|_| existing.to_path_buf());
        for name in rest.into_iter().rev() {
            base.push(name);
        }
        base
    };
    let root = abs(site_root);
    let out = abs(output);
    let protected = [root.clone(), root.join("content"), root.join("themes")];
    if root.starts_with(&out)
        || protected
            .iter()
            .any(|p| out.starts_with(p) && out != root.join("output") && p != &root)
        || out == root
    {
        return Err(Diagnostic::error(output, "this output folder would replace the site's own files")
            .hint("choose an output folder outside content/ and themes/ that does not contain the site, such as output/"));
    }
    if out.exists() && !out.is_dir() {
        return Err(
            Diagnostic::error(output, "the output path is a file, not a folder")
                .hint("remove the file or choose another --output"),
        );
    }
    Ok(())
}

/// Writes the files into a staging folder and swaps it in; see [`Staging`].
pub fn write(site_root: &Path, output: &Path, files: &[OutputFile]) -> Result<Written, Diagnostic> {
    let staging = Staging::new(site_root, output)?;
    files.par_iter().try_for_each(|f| staging.put(f))?;
    staging.commit()?;
    Ok(Written { files: files.len() })
}

/// The next site, filled file by file while it is rendered, then put in the output's place
/// at once. Dropped without [`Staging::commit`], it is removed and the output stays as it was.
pub struct Staging {
    site_root: PathBuf,
    output: PathBuf,
    dir: PathBuf,
    /// Folders made so far, so each is made once.
    made: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    pub fn new(site_root: &Path, output: &Path) -> Result<Staging, Diagnostic> {
        check_output(site_root, output)?;
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "create the folder", e))?;
        let dir = parent.join(format!(".{name}.esite-new-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, "create the folder", e))?;
        Ok(Staging {
            site_root: site_root.to_path_buf(),
            output: output.to_path_buf(),
            dir,
            made: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    /// Writes one file; safe to call from many threads.
    pub fn put(&self, f: &OutputFile) -> Result<(), Diagnostic> {
        if !is_safe(&f.path) {
            return Err(Diagnostic::error(
                &self.output,
                format!(
                    "refusing to write '{}': it would land outside the output folder",
                    f.path
                ),
            ));
        }
        let target = self.dir.join(&f.path);
        if let Some(parent) = target.parent() {
            self.make_dir(parent)?;
        }
        let previous = self.output.join(&f.path);
        if unchanged(&self.site_root, &previous, f) {
            // On a real disk making a file costs far more than reading one: a file whose
            // bytes are the same as in the previous build is linked, not written again.
            if std::fs::hard_link(&previous, &target).is_ok() {
                return Ok(());
            }
        }
        match &f.copy_from {
            Some(src) => std::fs::copy(self.site_root.join(src), &target)
                .map(|_| ())
                .map_err(|e| io_error(src, "copy", e)),
            None => std::fs::write(&target, f.bytes.as_slice())
                .map_err(|e| io_error(&target, "write", e)),
        }
    }

    fn make_dir(&self, dir: &Path) -> Result<(), Diagnostic> {
        let made = |d: &Path| {
            self.made
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .contains(d)
        };
        if made(dir) {
            return Ok(());
        }
        // Recorded only once it exists: recorded first, another thread could see it as made
        // and write into it before it is there. Two threads making it at once is harmless.
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "create the folder", e))?;
        self.made
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(dir.to_path_buf());
        Ok(())
    }

    pub fn commit(mut self) -> Result<(), Diagnostic> {
        self.committed = true;
        let result = swap(&self.dir, &self.output);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        result
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Whether the previous build's file at `old` has exactly the bytes `file` would write.
fn unchanged(site_root: &Path, old: &Path, file: &OutputFile) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(old) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    match &file.copy_from {
        None => {
            meta.len() == file.bytes.len() as u64
                && std::fs::read(old).is_ok_and(|b| b == *file.bytes)
        }
        Some(src) => {
            let src = site_root.join(src);
            std::fs::metadata(&src).is_ok_and(|m| m.len() == meta.len())
                && matches!((std::fs::read(&src), std::fs::read(old)), (Ok(a), Ok(b)) if a == b)
        }
    }
}

/// Puts the staging folder in the output's place: one atomic exchange on Linux, two renames
/// elsewhere.
fn swap(staging: &Path, output: &Path) -> Result<(), Diagnostic> {
    if !output.exists() {
        return std::fs::rename(staging, output).map_err(|e| io_error(output, "create", e));
    }
    if exchange(staging, output) {
        // `staging` now holds the previous site.
        let _ = std::fs::remove_dir_all(staging);
        return Ok(());
    }
    let old = staging.with_extension("old");
    let _ = std::fs::remove_dir_all(&old);
    std::fs::rename(output, &old).map_err(|e| io_error(output, "move aside", e))?;
    if let Err(e) = std::fs::rename(staging, output) {
        let _ = std::fs::rename(&old, output);
        return Err(io_error(output, "replace", e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)] // renameat2 has no safe wrapper in std
fn exchange(a: &Path, b: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    rc == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Only plain relative paths: no `..`, no root, no drive.
fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

fn io_error(path: &Path, action: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("could not {action} this: {e}"))
        .hint("check that the disk has space and the folder is writable")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_written() {
        assert!(is_safe("fi/palvelut/perhetyo/index.html"));
        assert!(!is_safe("../etc/passwd"));
        assert!(!is_safe("/etc/passwd"));
        assert!(!is_safe("fi/../../x"));
        assert!(!is_safe(""));
    }

    #[test]
    #[cfg(unix)]
    fn a_rebuild_links_unchanged_files_and_writes_changed_ones() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let file = |path: &str, bytes: &str| OutputFile {
            path: path.into(),
            bytes: std::sync::Arc::new(bytes.as_bytes().to_vec()),
            copy_from: None,
        };
        let inode = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
        write(
            dir.path(),
            &out,
            &[file("a.html", "same"), file("b.html", "old")],
        )
        .unwrap();
        let (a, b) = (inode("a.html"), inode("b.html"));
        write(
            dir.path(),
            &out,
            &[file("a.html", "same"), file("b.html", "new!")],
        )
        .unwrap();
        assert_eq!(inode("a.html"), a, "an unchanged file was written again");
        assert_ne!(inode("b.html"), b);
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "new!");
        // Same length, other bytes: written, not linked.
        write(dir.path(), &out, &[file("a.html", "SAME")]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "SAME");
        assert!(!out.join("b.html").exists());
    }

    /// Many threads put files into the same new folders at once, as rayon does: each file must
    /// find its folder made, however the threads interleave.
    #[test]
    fn threads_putting_files_into_one_new_folder_all_find_it_made() {
        let dir = tempfile::tempdir().unwrap();
        let threads = std::thread::available_parallelism()
            .map_or(4, |n| n.get())
            .max(4);
        for round in 0..300 {
            let out = dir.path().join(format!("out{round}"));
            let staging = Staging::new(dir.path(), &out).unwrap();
            let start = std::sync::Barrier::new(threads);
            std::thread::scope(|s| {
                for t in 0..threads {
                    let (staging, start) = (&staging, &start);
                    s.spawn(move || {
                        start.wait();
                        for folder in 0..4 {
                            let file = OutputFile {
                                path: format!("fi/{folder}/a/b/c/{t}.html"),
                                bytes: std::sync::Arc::new(b"x".to_vec()),
                                copy_from: None,
                            };
                            if let Err(d) = staging.put(&file) {
                                panic!("round {round}: {}", d.render(false));
                            }
                        }
                    });
                }
            });
            staging.commit().unwrap();
        }
    }

    #[test]
    fn output_may_not_swallow_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output(root, &root.join("output")).is_ok());
        assert!(check_output(root, root).is_err());
        assert!(check_output(root, &root.join("content")).is_err());
        assert!(check_output(root, &root.join("content/out")).is_err());
        assert!(check_output(root, root.parent().unwrap()).is_err());
        assert!(check_output(root, &dir.path().join("../elsewhere-out")).is_ok());
    }
}
