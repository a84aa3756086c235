//! Staging folders a killed build left behind. A build that is killed (kill -9, a power cut)
//! cannot remove its staging folder, and each one is a whole site: ten such builds left 353 MB.
//! So every build holds a shared advisory lock (flock) on the folder the output is in while its
//! staging folder exists, and a build that finds no other build holding it removes the output's
//! staging folders first. The kernel drops a killed process's lock, so a free lock means that
//! no staging folder there belongs to a running build. The folder itself is locked, not a lock
//! file beside the output: a lock file would stay in the site folder for good (deleting one is
//! not safe while another build may have it open).

use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The lock of one output's builds, held while the build's staging folder exists.
pub struct Lock {
    // Closing the file releases the lock.
    _file: File,
}

/// Staging folders are `.<output>.esite-new-<process>-<n>`; where the previous site cannot
/// be exchanged atomically, it is moved aside to `.<output>.esite-old-<process>-<n>` first.
/// The count keeps two stagings of one process apart (tests build in parallel).
pub fn staging_name(output_name: &str, kind: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!(
        ".{output_name}.esite-{kind}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Whether `file_name` is a staging folder of the output `output_name`, by esite's naming now
/// or before (`.<output>.esite-new-<process>`).
pub fn is_staging_name(file_name: &str, output_name: &str) -> bool {
    let Some(rest) = file_name
        .strip_prefix('.')
        .and_then(|r| r.strip_prefix(output_name))
    else {
        return false;
    };
    let Some(id) = rest
        .strip_prefix(".esite-new-")
        .or_else(|| rest.strip_prefix(".esite-old-"))
    else {
        return false;
    };
    !id.is_empty()
        && id.split('-').count() <= 2
        && id
            .split('-')
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

impl Lock {
    /// Takes the lock of the output `output_name` in `parent`, shared with builds running
    /// now; first, when no build holds it, removes the output's leftover staging folders.
    /// `None` when the lock cannot be had (a file system without locks): the build goes on
    /// and nothing is removed. On NFS only the shared lock may work: nothing is removed then.
    #[cfg(unix)]
    pub fn take(parent: &Path, output_name: &str) -> Option<Lock> {
        let file = File::open(parent).ok()?;
        if flock(&file, libc::LOCK_EX | libc::LOCK_NB) {
            remove_leftovers(parent, output_name);
        }
        // From exclusive to shared, or waiting while another build removes leftovers. The
        // change is not atomic, which is harmless: this build has no staging folder yet.
        flock(&file, libc::LOCK_SH).then_some(Lock { _file: file })
    }

    #[cfg(not(unix))]
    pub fn take(_parent: &Path, _output_name: &str) -> Option<Lock> {
        None
    }
}

#[cfg(unix)]
#[allow(unsafe_code)] // flock has no safe wrapper in std
fn flock(file: &File, operation: libc::c_int) -> bool {
    use std::os::unix::io::AsRawFd;
    loop {
        // SAFETY: the descriptor belongs to `file`, which is open for the whole call.
        if unsafe { libc::flock(file.as_raw_fd(), operation) } == 0 {
            return true;
        }
        if std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
            return false;
        }
    }
}

fn remove_leftovers(parent: &Path, output_name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        // The entry's own type: a link by a staging folder's name is not followed.
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && is_staging_name(&entry.file_name().to_string_lossy(), output_name) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_outputs_staging_folders_are_recognised() {
        let name = staging_name("output", "new");
        assert!(is_staging_name(&name, "output"), "{name}");
        assert!(is_staging_name(&staging_name("output", "old"), "output"));
        // The name before the count was added.
        assert!(is_staging_name(".output.esite-new-4242", "output"));
        assert!(!is_staging_name(".output.esite-new-", "output"));
        assert!(!is_staging_name(".output.esite-new-12x", "output"));
        assert!(!is_staging_name(".output.esite-new-1-2-3", "output"));
        assert!(!is_staging_name(".out.esite-new-1", "output"));
        assert!(!is_staging_name(".output.esite-new-1", "out"));
        assert!(!is_staging_name("output", "output"));
    }
}
