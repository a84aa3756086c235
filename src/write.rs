//! The last stage: files in memory go to disk, atomically. The whole site is written into a
//! staging folder beside the output; only when every file is there does the staging folder
//! take the output's place, so a failed build leaves the previous site exactly as it was.
//! When the output is a link (to a web server's folder), the staging folder is made beside the
//! folder it points to and takes that folder's place: the link stays as it was.

mod lock;
mod output;

pub use output::check_output;
use output::{cannot_write_site, explain, target_of};

use crate::diag::Diagnostic;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

pub struct Written {
    pub files: usize,
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
    /// The output as the user named it: every message names it.
    output: PathBuf,
    /// The folder that is replaced: the output, or the folder its link points to.
    target: PathBuf,
    dir: PathBuf,
    /// Folders made so far, so each is made once.
    made: Mutex<HashSet<PathBuf>>,
    /// The staging folder is the site of the build before the last (the spare, see
    /// [`spare_of`]), updated in place rather than made anew.
    reused: bool,
    /// Files put so far, when `reused`: the others are left over from that older build.
    written: Mutex<HashSet<String>>,
    committed: bool,
    // Dropped after `Drop::drop` has removed the staging folder.
    _lock: Option<lock::Lock>,
}

impl Staging {
    pub fn new(site_root: &Path, output: &Path) -> Result<Staging, Diagnostic> {
        check_output(site_root, output)?;
        let target = target_of(output)?;
        let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(Diagnostic::error(output, "this folder cannot be replaced")
                .hint("choose another --output"));
        };
        let name = name.to_string_lossy().into_owned();
        std::fs::create_dir_all(parent).map_err(|e| cannot_write_site(output, &target, &e))?;
        let lock = lock::Lock::take(parent, &name);
        let dir = parent.join(lock::staging_name(&name, "new"));
        // Left by an earlier process with this number, if any.
        let _ = std::fs::remove_dir_all(&dir);
        // The previous site, kept from the last build, becomes this one's staging folder: on a
        // slow or busy disk, making and deleting thousands of files took most of a rebuild,
        // and most of them do not change. Renaming it is atomic, so of two builds at once one
        // gets it and the other starts afresh.
        let reused = std::fs::rename(spare_of(&target), &dir).is_ok();
        if !reused {
            std::fs::create_dir(&dir).map_err(|e| cannot_write_site(output, &target, &e))?;
        }
        Ok(Staging {
            site_root: site_root.to_path_buf(),
            output: output.to_path_buf(),
            target,
            dir,
            made: Mutex::new(HashSet::new()),
            reused,
            written: Mutex::new(HashSet::new()),
            committed: false,
            _lock: lock,
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
        if self.reused {
            lock_set(&self.written).insert(f.path.clone());
            if unchanged(&self.site_root, &target, f) {
                return Ok(());
            }
            // Never written into: the old file may be a link to the same file in the live
            // site. Removed, it is made anew below.
            clear(&target);
        }
        let previous = self.target.join(&f.path);
        if unchanged(&self.site_root, &previous, f) {
            // On a real disk making a file costs far more than reading one: a file whose
            // bytes are the same as in the previous build is linked, not written again.
            if std::fs::hard_link(&previous, &target).is_ok() {
                return Ok(());
            }
        }
        match &f.copy_from {
            Some(src) => {
                // Read through `load`'s door: only an ordinary file inside the site, and
                // never a named pipe, even one put there after the site was read.
                let (mut from, _) = crate::load::open_regular(&self.site_root, src)?;
                let mut to =
                    std::fs::File::create(&target).map_err(|e| self.cannot_write(&f.path, &e))?;
                std::io::copy(&mut from, &mut to)
                    .map(|_| ())
                    .map_err(|e| self.cannot_write(&f.path, &e))
            }
            None => std::fs::write(&target, f.bytes.as_slice())
                .map_err(|e| self.cannot_write(&f.path, &e)),
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
        if self.reused && std::fs::create_dir_all(dir).is_err() {
            // In a reused staging folder a file of the older build may stand where a folder
            // is now.
            for ancestor in dir.ancestors().take_while(|a| a.starts_with(&self.dir)) {
                if std::fs::symlink_metadata(ancestor).is_ok_and(|m| !m.is_dir()) {
                    let _ = std::fs::remove_file(ancestor);
                }
            }
        }
        std::fs::create_dir_all(dir).map_err(|e| {
            let rel = dir.strip_prefix(&self.dir).unwrap_or(dir);
            self.cannot_write(&rel.to_string_lossy(), &e)
        })?;
        self.made
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(dir.to_path_buf());
        Ok(())
    }

    /// The error for a file or folder of the new site, named as it would be in the output.
    fn cannot_write(&self, rel: &str, e: &std::io::Error) -> Diagnostic {
        let (reason, hint) = explain(e);
        Diagnostic::error(
            self.output.join(rel),
            format!("cannot write this part of the site: {reason}"),
        )
        .hint(hint)
    }

    pub fn commit(mut self) -> Result<(), Diagnostic> {
        self.committed = true;
        if self.reused {
            prune(&self.dir, &self.dir, &lock_set(&self.written));
        }
        let result = swap(&self.dir, &self.target, &self.output);
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
            let Ok((mut from, len)) = crate::load::open_regular(site_root, src) else {
                return false;
            };
            let mut bytes = Vec::new();
            len == meta.len()
                && std::io::Read::read_to_end(&mut from, &mut bytes).is_ok()
                && std::fs::read(old).is_ok_and(|b| b == bytes)
        }
    }
}

/// Puts the staging folder in the target's place: one atomic exchange on Linux, two renames
/// elsewhere.
fn swap(staging: &Path, target: &Path, output: &Path) -> Result<(), Diagnostic> {
    let failed = |e: std::io::Error| cannot_write_site(output, target, &e);
    if std::fs::symlink_metadata(target).is_err() {
        return std::fs::rename(staging, target).map_err(failed);
    }
    if exchange(staging, target) {
        // `staging` now holds the previous site: kept as the next build's staging folder
        // instead of being deleted file by file on the way out.
        if std::fs::rename(staging, spare_of(target)).is_err() {
            let _ = std::fs::remove_dir_all(staging);
        }
        return Ok(());
    }
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let old = staging.with_file_name(lock::staging_name(&name, "old"));
    std::fs::rename(target, &old).map_err(failed)?;
    if let Err(e) = std::fs::rename(staging, target) {
        let _ = std::fs::rename(&old, target);
        return Err(failed(e));
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

/// Where the previous site waits for the next build, beside the output: `.output.esite-spare`.
/// It is never served: a host serves the output folder only.
fn spare_of(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    target.with_file_name(format!(".{name}.esite-spare"))
}

/// Removes a file, or a folder standing where a file goes, of a reused staging folder.
fn clear(path: &Path) {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => {
            let _ = std::fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = std::fs::remove_file(path);
        }
        Err(_) => {}
    }
}

/// Removes what this build did not write from a reused staging folder, and the folders left
/// empty; returns whether `dir` is empty now.
fn prune(root: &Path, dir: &Path, written: &HashSet<String>) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut empty = true;
    for entry in entries.flatten() {
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            if prune(root, &path, written) {
                let _ = std::fs::remove_dir(&path);
            } else {
                empty = false;
            }
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(&path);
        let rel = rel.to_string_lossy().replace('\\', "/");
        if written.contains(&rel) {
            empty = false;
        } else {
            let _ = std::fs::remove_file(&path);
        }
    }
    empty
}

fn lock_set<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Only plain relative paths: no `..`, no root, no drive.
fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
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

    /// The previous site is kept as the next build's staging folder and updated in place:
    /// whatever a build changes, adds or drops, the output is exactly what that build made,
    /// and the live site never shares a file that is being rewritten.
    #[test]
    #[cfg(unix)]
    fn each_rebuild_updates_the_spare_site_and_publishes_exactly_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let spare = dir.path().join(".output.esite-spare");
        let file = |path: &str, bytes: &str| OutputFile {
            path: path.into(),
            bytes: std::sync::Arc::new(bytes.as_bytes().to_vec()),
            copy_from: None,
        };
        let builds: [&[(&str, &str)]; 5] = [
            &[("a.html", "1"), ("x/b.html", "1"), ("x/y/c.html", "1")],
            &[("a.html", "2"), ("x/b.html", "1")],
            // A folder of an older build where a file is now, and the other way round.
            &[("a.html", "2"), ("x", "file now"), ("new/d.html", "3")],
            &[("a.html", "4"), ("x/b.html", "folder again")],
            &[],
        ];
        for (n, files) in builds.iter().enumerate() {
            let before: Vec<(String, String)> = walk(&out);
            let files: Vec<OutputFile> = files.iter().map(|(p, b)| file(p, b)).collect();
            write(dir.path(), &out, &files).unwrap();
            let mut expected: Vec<(String, String)> = files
                .iter()
                .map(|f| (f.path.clone(), String::from_utf8(f.bytes.to_vec()).unwrap()))
                .collect();
            expected.sort();
            assert_eq!(walk(&out), expected, "build {n}");
            if n > 0 {
                assert!(spare.is_dir(), "build {n}: the previous site is kept");
                assert_eq!(
                    walk(&spare),
                    before,
                    "build {n}: the spare is the previous site"
                );
            }
        }
    }

    fn walk(dir: &Path) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                (rel, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        out.sort();
        out
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
    #[cfg(unix)]
    fn a_build_removes_leftover_staging_but_not_a_running_builds() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let leftover = dir.path().join(".output.esite-new-4242");
        std::fs::create_dir_all(leftover.join("fi")).unwrap();
        let other = dir.path().join(".other.esite-new-4242");
        std::fs::create_dir_all(&other).unwrap();
        let file = OutputFile {
            path: "index.html".into(),
            bytes: std::sync::Arc::new(b"x".to_vec()),
            copy_from: None,
        };
        let running = Staging::new(dir.path(), &out).unwrap();
        assert!(!leftover.exists(), "a killed build's staging folder stays");
        assert!(
            other.exists(),
            "another output's staging folder was removed"
        );
        running.put(&file).unwrap();
        // A second build while the first runs must leave the first's staging folder alone.
        let second = Staging::new(dir.path(), &out).unwrap();
        second.put(&file).unwrap();
        assert!(running.dir.join("index.html").is_file());
        second.commit().unwrap();
        running.commit().unwrap();
        assert!(out.join("index.html").is_file());
        let staging: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| lock::is_staging_name(n, "output"))
            .collect();
        assert!(staging.is_empty(), "{staging:?}");
    }
}
