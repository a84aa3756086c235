//! Watching content/ and themes/, and rebuilding once per burst of changes.

use super::{Event, Log, Notice, Shared, Snapshot};
use crate::diag::Diagnostic;
use notify::{RecursiveMode, Watcher};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Editors write temp files and rename them; a checkout touches hundreds of files. A burst
/// ends when nothing has changed for the debounce time, or after this long at most.
const MAX_BURST: Duration = Duration::from_millis(1000);

pub(super) fn spawn(
    shared: Arc<Shared>,
    log: Log,
) -> Result<std::thread::JoinHandle<()>, Diagnostic> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        // Reads (our own rebuild's among them) and metadata touches change nothing.
        if let Ok(event) = res
            && changes_content(&event.kind)
        {
            let _ = tx.send(event.paths);
        }
    })
    .map_err(|e| Diagnostic::error("content", format!("cannot watch the site for changes: {e}")))?;
    let site = shared.options.site.clone();
    // The site folder itself, not recursively: a themes/ (or content/) folder made while the
    // preview runs is noticed and then watched too.
    watcher
        .watch(&site, RecursiveMode::NonRecursive)
        .map_err(|e| {
            Diagnostic::error(&site, format!("cannot watch this folder for changes: {e}"))
        })?;
    let mut watching = Vec::new();
    watch_folders(&mut watcher, &site, &mut watching)?;
    Ok(std::thread::spawn(move || {
        // The watcher lives as long as this thread runs.
        let mut watcher = watcher;
        let root = site.canonicalize().unwrap_or_else(|_| site.clone());
        while !shared.stop.load(Ordering::SeqCst) {
            let first = match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(paths) => paths,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            let mut changed = first;
            let started = Instant::now();
            while started.elapsed() < MAX_BURST {
                match rx.recv_timeout(shared.options.debounce) {
                    Ok(more) => changed.extend(more),
                    Err(_) => break,
                }
            }
            let mut relevant: Vec<PathBuf> = changed
                .into_iter()
                .filter(|p| {
                    !p.file_name()
                        .is_some_and(|n| crate::load::is_ignored(&n.to_string_lossy()))
                })
                .map(
                    |p| match p.strip_prefix(&root).or_else(|_| p.strip_prefix(&site)) {
                        Ok(rel) => rel.to_path_buf(),
                        Err(_) => p,
                    },
                )
                // Of the site folder's own entries only content/ and themes/ count, not
                // output/ or .git/.
                .filter(|p| p.is_absolute() || p.starts_with("content") || p.starts_with("themes"))
                .collect();
            relevant.sort();
            relevant.dedup();
            if relevant.is_empty() {
                continue;
            }
            // Before the rebuild, which then reads whatever the new folder already holds.
            let _ = watch_folders(&mut watcher, &site, &mut watching);
            rebuild(&shared, relevant, &log);
        }
    }))
}

/// Watches content/ and themes/ (recursively) where they exist and are not watched yet.
fn watch_folders(
    watcher: &mut notify::RecommendedWatcher,
    site: &std::path::Path,
    watching: &mut Vec<&'static str>,
) -> Result<(), Diagnostic> {
    for dir in ["content", "themes"] {
        let path = site.join(dir);
        if !watching.contains(&dir) && path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| {
                    Diagnostic::error(dir, format!("cannot watch this folder for changes: {e}"))
                })?;
            watching.push(dir);
        }
    }
    Ok(())
}

fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::ModifyKind;
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

/// Rebuilds the whole site in memory; swaps it in and tells the tabs only when it succeeded.
pub(super) fn rebuild(shared: &Shared, changed: Vec<PathBuf>, log: &Log) {
    let started = Instant::now();
    let (result, outcome) = super::build_snapshot(shared);
    match result {
        Ok(snapshot) => {
            let pages = snapshot
                .files
                .keys()
                .filter(|p| p.ends_with(".html"))
                .count();
            let css_only = !changed.is_empty()
                && changed
                    .iter()
                    .all(|p| p.extension().is_some_and(|e| e == "css"));
            {
                let mut state = shared.lock();
                let notice = match (&state.snapshot.css_url, &snapshot.css_url) {
                    (Some(old), Some(new)) if css_only && state.failure.is_none() => Notice::Css {
                        old: old.clone(),
                        new: new.clone(),
                    },
                    _ => Notice::Reload(changed_pages(&state.snapshot, &snapshot)),
                };
                state.generation += 1;
                let mut snapshot = snapshot;
                snapshot.build = state.generation;
                state.snapshot = Arc::new(snapshot);
                state.failure = None;
                state.notice = notice;
            }
            shared.changed.notify_all();
            let warnings = outcome
                .diagnostics
                .into_iter()
                .filter(|d| !d.is_error())
                .collect();
            log(Event::Rebuilt {
                changed,
                pages,
                elapsed: started.elapsed(),
                warnings,
            });
        }
        Err(()) => {
            let text: String = outcome
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.render(false))
                .collect::<Vec<_>>()
                .join("\n");
            {
                let mut state = shared.lock();
                state.failure = Some(text);
                state.generation += 1;
                state.notice = Notice::Failed;
            }
            shared.changed.notify_all();
            log(Event::Failed {
                changed,
                diagnostics: outcome.diagnostics,
            });
        }
    }
}

/// URL paths whose bytes differ between two builds; `None` when too many to list.
fn changed_pages(old: &Snapshot, new: &Snapshot) -> Option<Vec<String>> {
    let mut paths = Vec::new();
    for (path, bytes) in &new.files {
        if old.files.get(path).is_none_or(|b| b != bytes) {
            paths.push(path.clone());
        }
    }
    for path in old.files.keys() {
        if !new.files.contains_key(path) {
            paths.push(path.clone());
        }
    }
    if paths.len() > 2000 {
        return None;
    }
    Some(
        paths
            .into_iter()
            .filter(|p| p.ends_with(".html"))
            .map(|p| format!("/{}", p.strip_suffix("index.html").unwrap_or(&p)))
            .collect(),
    )
}
