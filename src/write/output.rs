//! The output as the user named it: whether esite may and can replace it, the folder that is
//! really replaced when it is a link, and errors about it in the user's words.

use crate::diag::Diagnostic;
use crate::load::plain_io;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The path as seen from here, with the part that exists resolved (links included); the
/// output may not exist yet.
pub(super) fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
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
}

/// The folder a build replaces: the output itself, or the folder the output's link points
/// to (also when that folder does not exist yet).
pub(super) fn target_of(output: &Path) -> Result<PathBuf, Diagnostic> {
    let mut path = output.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&path).map_err(|e| {
                    Diagnostic::error(
                        output,
                        format!("cannot read where this link points: {}", plain_io(&e)),
                    )
                })?;
                // `join` keeps an absolute target as it is.
                path = path.parent().unwrap_or(Path::new("")).join(to);
            }
            _ => return Ok(absolute(&path)),
        }
    }
    Err(
        Diagnostic::error(output, "this output is a link that leads round in a circle")
            .hint("point the link at a folder, or choose another --output"),
    )
}

/// Refuses output folders whose replacement would destroy the site itself, and outputs esite
/// cannot write into. Follows a link to the folder it points to.
pub fn check_output(site_root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = absolute(site_root);
    let out = target_of(output)?;
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
    let Some(parent) = out.parent() else {
        return Err(Diagnostic::error(output, "this folder cannot be replaced")
            .hint("choose another --output"));
    };
    // The staging folder is made in the parent; the nearest folder that exists decides.
    let mut existing = parent;
    while !existing.exists() {
        existing = existing.parent().unwrap_or(Path::new("/"));
    }
    writable(existing).map_err(|e| cannot_write_site(output, &out, &e))
}

#[cfg(unix)]
#[allow(unsafe_code)] // faccessat has no safe wrapper in std
fn writable(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return Ok(());
    };
    // SAFETY: a valid NUL-terminated path that outlives the call.
    let rc = unsafe {
        libc::faccessat(
            libc::AT_FDCWD,
            c.as_ptr(),
            libc::W_OK | libc::X_OK,
            libc::AT_EACCESS,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
fn writable(_: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Why writing failed and what to do, in words.
pub(super) fn explain(e: &std::io::Error) -> (String, &'static str) {
    #[cfg(unix)]
    match e.raw_os_error() {
        Some(libc::EROFS) => {
            return (
                "the disk it is on is read-only".into(),
                "choose another --output on a disk that can be written to",
            );
        }
        // Renaming a mount point: a disk or volume of its own cannot be swapped for the
        // new site.
        Some(libc::EBUSY) => {
            return (
                "it is a mount point (a disk or volume of its own), which cannot be replaced"
                    .into(),
                "build into a folder inside it, and serve that folder",
            );
        }
        Some(libc::ENOSPC) | Some(libc::EDQUOT) => {
            return (
                "the disk is full".into(),
                "free some space, or choose another --output on another disk",
            );
        }
        _ => {}
    }
    match e.kind() {
        ErrorKind::NotFound => (
            "a folder on its way is missing: something may have removed it during the build".into(),
            "build again, and keep other programs from removing files there meanwhile",
        ),
        ErrorKind::PermissionDenied => (
            "permission denied".into(),
            "choose another --output, or ask for write permission",
        ),
        _ => (
            plain_io(e),
            "check that the disk has space and the folder is writable, or choose another --output",
        ),
    }
}

/// The error for an output whose staging folder cannot be made or put in place: it names the
/// output the user gave, and the folder its link points to.
pub(super) fn cannot_write_site(output: &Path, target: &Path, e: &std::io::Error) -> Diagnostic {
    let what = if absolute(output) == target {
        "this folder".to_string()
    } else {
        format!("the folder this link points to ({})", target.display())
    };
    let reason = match e.kind() {
        ErrorKind::PermissionDenied => "its parent folder is read-only".to_string(),
        _ => explain(e).0,
    };
    Diagnostic::error(
        output,
        format!("cannot write the site into {what}: {reason}"),
    )
    .hint(explain(e).1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_errors_name_the_output_and_say_what_to_do() {
        use std::io::Error;
        let render = |e: Error| {
            cannot_write_site(Path::new("public"), &absolute(Path::new("public")), &e).render(false)
        };
        #[cfg(unix)]
        {
            let denied = render(Error::from_raw_os_error(libc::EACCES));
            assert!(denied.starts_with("public: error: cannot write the site into this folder: its parent folder is read-only\n"), "{denied}");
            assert!(
                denied.contains("hint: choose another --output, or ask for write permission"),
                "{denied}"
            );
            let read_only = render(Error::from_raw_os_error(libc::EROFS));
            assert!(read_only.contains("public: error: cannot write the site into this folder: the disk it is on is read-only"), "{read_only}");
            let full = render(Error::from_raw_os_error(libc::ENOSPC));
            assert!(
                full.contains("the disk is full") && full.contains("free some space"),
                "{full}"
            );
        }
        let linked =
            cannot_write_site(Path::new("www"), Path::new("/srv/html"), &Error::other("x"));
        assert!(
            linked
                .message
                .contains("the folder this link points to (/srv/html)"),
            "{}",
            linked.message
        );
        let odd = render(Error::other("odd"));
        assert!(
            !odd.contains("esite-new") && !odd.contains("os error"),
            "{odd}"
        );
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
