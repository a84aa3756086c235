//! Watching content/ and themes/, and rebuilding once per burst of changes.

use super::{Event, Log, Notice, Served, Shared, Snapshot, resolve};
use crate::diag::Diagnostic;
use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Editors write temp files and rename them; a checkout touches hundreds of files. A burst
/// ends when nothing has changed for the debounce time, or after this long at most.
const MAX_BURST: Duration = Duration::from_millis(1000);

pub(super) fn spawn(
    shared: Arc<Shared>,
    log: Log,
) -> Result<std::thread::JoinHandle<()>, Diagnostic> {
    let (tx, rx) = mpsc::channel();
    let site = shared.options.site.clone();
    let root = site.canonicalize().unwrap_or_else(|_| site.clone());
    let cancel = shared.cancel.clone();
    let (site_h, root_h) = (site.clone(), root.clone());
    let handler = move |res: notify::Result<notify::Event>| {
        // Reads (our own rebuild's among them) and metadata touches change nothing.
        match res {
            // Events were lost: the whole site may have changed.
            Ok(event) if event.need_rescan() => {
                cancel.ask();
                let _ = tx.send(vec![PathBuf::from("content")]);
            }
            Ok(event) if changes_content(&event.kind) => {
                // A rebuild under way is stale now; an editor's swap file does not make it so.
                if !relevant(event.paths.clone(), &root_h, &site_h).is_empty() {
                    cancel.ask();
                }
                let _ = tx.send(event.paths);
            }
            _ => {}
        }
    };
    let watcher: Result<Box<dyn Watcher + Send>, notify::Error> = match shared.options.poll {
        Some(every) => notify::PollWatcher::new(
            handler,
            // The watcher compares times in whole seconds, so a second save within the same
            // second would go unseen; comparing the contents too catches it.
            notify::Config::default()
                .with_poll_interval(every)
                .with_compare_contents(true),
        )
        .map(|w| Box::new(w) as Box<dyn Watcher + Send>),
        None => notify::recommended_watcher(handler).map(|w| Box::new(w) as _),
    };
    let mut watcher = watcher.map_err(|e| {
        Diagnostic::error("content", format!("cannot watch the site for changes: {e}"))
    })?;
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
        // The changes of a rebuild a newer save stopped: the next rebuild reports them too.
        let mut stopped: Vec<PathBuf> = Vec::new();
        while !shared.stop.load(Ordering::SeqCst) {
            // After a stopped rebuild the next one is due whatever comes in.
            let wait = if stopped.is_empty() { 200 } else { 0 };
            let first = match rx.recv_timeout(Duration::from_millis(wait)) {
                Ok(paths) => paths,
                Err(mpsc::RecvTimeoutError::Timeout) if stopped.is_empty() => continue,
                Err(mpsc::RecvTimeoutError::Timeout) => Vec::new(),
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
            let mut relevant = relevant(changed, &root, &site);
            relevant.append(&mut stopped);
            relevant.sort();
            relevant.dedup();
            if relevant.is_empty() {
                continue;
            }
            // Before the rebuild, which then reads whatever the new folder already holds.
            let _ = watch_folders(&mut watcher, &site, &mut watching);
            if let Some(changed) = rebuild(&shared, relevant, &log) {
                stopped = changed;
            }
        }
    }))
}

/// The changed paths a rebuild reads again: in content/ or themes/, not an editor's
/// temporary file, relative to the site folder.
fn relevant(changed: Vec<PathBuf>, root: &Path, site: &Path) -> Vec<PathBuf> {
    let mut relevant: Vec<PathBuf> = changed
        .into_iter()
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| crate::load::is_ignored(&n.to_string_lossy()))
        })
        .map(
            |p| match p.strip_prefix(root).or_else(|_| p.strip_prefix(site)) {
                Ok(rel) => rel.to_path_buf(),
                Err(_) => p,
            },
        )
        // Of the site folder's own entries only content/ and themes/ count, not output/ or
        // .git/.
        .filter(|p| p.is_absolute() || p.starts_with("content") || p.starts_with("themes"))
        .collect();
    relevant.sort();
    relevant.dedup();
    // The polling watcher also reports the folder of a saved file (its time changed too); the
    // file says more, and lets the rebuild re-read only that file.
    let folders: Vec<PathBuf> = relevant
        .iter()
        .filter(|p| relevant.iter().any(|q| q != *p && q.starts_with(p)))
        .cloned()
        .collect();
    relevant.retain(|p| !folders.contains(p));
    relevant
}

/// Watches content/ and themes/ (recursively) where they exist and are not watched yet.
fn watch_folders(
    watcher: &mut Box<dyn Watcher + Send>,
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
    use notify::event::{MetadataKind, ModifyKind};
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        // How the polling watcher (`--poll`) reports a save: the file's time changed.
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

/// The open pages made ahead of the rest of a rebuild, and when they were ready.
type Early = (Arc<Snapshot>, Duration);

/// Rebuilds the whole site in memory; swaps it in and tells the tabs when it succeeded, or
/// shows them the errors. The pages open tabs show are made first and their tabs told as soon
/// as those are ready; if the rest then fails, those tabs show that build's page under the
/// errors, and the next good build reloads every tab (`State::tabs_ahead`). One function on
/// purpose: each step hands the state lock to the next, and the order is the protocol.
/// Returns the changes when a newer save stopped the rebuild (nothing was published), so the
/// next rebuild reports them with its own.
pub(super) fn rebuild(
    shared: &Arc<Shared>,
    changed: Vec<PathBuf>,
    log: &Log,
) -> Option<Vec<PathBuf>> {
    let started = Instant::now();
    shared.cancel.reset();
    let css_only = !changed.is_empty()
        && changed
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "css"));
    let early: Arc<Mutex<Option<Early>>> = Arc::default();
    let first = {
        let watched: Vec<String> = shared.watching().keys().cloned().collect();
        (!watched.is_empty()).then(|| {
            let files = watched.iter().flat_map(|p| super::candidates(p)).collect();
            let (shared, early) = (shared.clone(), early.clone());
            let done = move |files: Vec<crate::render::OutputFile>| {
                let overlay = publish_first(&shared, files, &watched, css_only);
                *early.lock().unwrap_or_else(|p| p.into_inner()) =
                    overlay.map(|o| (o, started.elapsed()));
                // While the rest of the site is made, a copy of the sources for the next
                // rebuild: a save that stops this one then need not wait for the copy (some
                // 60 ms at 5,000 services).
                let spare = shared.clone();
                std::thread::spawn(move || spare.prepare_spare());
            };
            crate::render::First {
                files,
                done: Arc::new(done),
            }
        })
    };
    // A bug that panics must not stop the preview: it is reported like a failed build.
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        super::build_snapshot(shared, &changed, first)
    }));
    let (result, mut outcome) = match built {
        Ok(built) => built,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let d = Diagnostic::error(
                "content",
                format!("esite stopped on a problem it did not expect ({what})"),
            )
            .hint("this is a bug in esite, not in your text: the preview keeps the last good pages; please report it with the file you saved");
            let outcome = crate::Outcome {
                diagnostics: vec![d],
                ..crate::Outcome::empty()
            };
            (Err(()), outcome)
        }
    };
    let early = early.lock().unwrap_or_else(|p| p.into_inner()).take();
    if outcome.cancelled {
        // The open pages' tabs may have been shown pages of this build: the next good build
        // cannot tell from the last good one what they show. Requests for other pages wait
        // for that build, which starts at once.
        shared.lock().tabs_ahead |= early.is_some();
        log(Event::Stopped {
            changed: changed.clone(),
        });
        return Some(changed);
    }
    // A run that stopped before the site was resolved has only its diagnostics to show.
    let status = Arc::new(match outcome.status.take() {
        Some(status) => status,
        None => crate::commands::status::Status::new(None, &outcome.diagnostics),
    });
    match result {
        Ok(mut snapshot) => {
            let pages = snapshot
                .files
                .keys()
                .filter(|p| p.ends_with(".html"))
                .count();
            {
                let mut state = shared.lock();
                match &early {
                    // The open pages' tabs were told; tell the others what changed since.
                    Some((overlay, _)) => {
                        let notice = changed_pages(&state.snapshot, Some(overlay), &snapshot);
                        snapshot.build = overlay.build;
                        if !css_only && notice != Notice::Reload(Some(Vec::new())) {
                            state.tell(notice);
                        }
                    }
                    None => {
                        let notice = match (&state.snapshot.css_url, &snapshot.css_url) {
                            _ if state.tabs_ahead => Notice::Reload(None),
                            (Some(old), Some(new)) if css_only && state.failure.is_none() => {
                                Notice::Css {
                                    old: old.clone(),
                                    new: new.clone(),
                                }
                            }
                            _ => changed_pages(&state.snapshot, None, &snapshot),
                        };
                        state.tell(notice);
                        snapshot.build = state.generation;
                    }
                }
                state.tabs_ahead = false;
                state.snapshot = Arc::new(snapshot);
                state.pending = None;
                state.failure = None;
                state.status = status;
            }
            shared.notify();
            let warnings = outcome
                .diagnostics
                .into_iter()
                // Only warnings: plain-language hints, should the preview ask for them, are
                // not problems to count in the terminal.
                .filter(|d| d.is_warning())
                .collect();
            log(Event::Rebuilt {
                changed,
                pages,
                elapsed: started.elapsed(),
                first: early.map(|(_, at)| at),
                warnings,
            });
            shared.prepare_spare();
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
                state.pending = None;
                // The open pages' tabs were shown pages of this build: the next good build
                // cannot tell from the last good one what they show.
                state.tabs_ahead |= early.is_some();
                state.failure = Some(text);
                state.status = status;
                state.tell(Notice::Failed);
            }
            shared.notify();
            log(Event::Failed {
                changed,
                // Plain-language hints are for the status page, not the terminal.
                diagnostics: outcome
                    .diagnostics
                    .into_iter()
                    .filter(|d| d.severity != crate::diag::Severity::Hint)
                    .collect(),
            });
        }
    }
    None
}

/// Serves the pages open tabs show from a rebuild still under way, and tells those tabs
/// whether their page changed. Returns what was published.
fn publish_first(
    shared: &Shared,
    files: Vec<crate::render::OutputFile>,
    watched: &[String],
    css_only: bool,
) -> Option<Arc<Snapshot>> {
    let mut overlay = Snapshot::default();
    for f in files {
        let bytes = match &f.copy_from {
            // One that cannot be read now is served once the whole rebuild is done, which
            // then reports the problem.
            Some(src) => match crate::load::read_bytes(&shared.options.site, src) {
                Ok(bytes) => Arc::new(bytes),
                Err(_) => continue,
            },
            None => f.bytes,
        };
        overlay.files.insert(f.path, bytes);
    }
    overlay.css_url = super::css_url(&overlay);
    let mut state = shared.lock();
    // The first build has no tabs to tell; a failed one is reported by the full build.
    if state.snapshot.files.is_empty() {
        return None;
    }
    let notice = match (&state.snapshot.css_url, &overlay.css_url) {
        _ if state.tabs_ahead => Notice::Reload(None),
        (Some(old), Some(new)) if css_only && state.failure.is_none() => Notice::Css {
            old: old.clone(),
            new: new.clone(),
        },
        _ => Notice::Reload(Some(
            watched
                .iter()
                .filter(|rel| {
                    !same(
                        &resolve(&state.snapshot.files, rel),
                        &resolve(&overlay.files, rel),
                    )
                })
                .map(|rel| url_path(rel))
                .collect(),
        )),
    };
    state.tabs_ahead = false;
    state.tell(notice);
    overlay.build = state.generation;
    let overlay = Arc::new(overlay);
    state.pending = Some(overlay.clone());
    state.failure = None;
    drop(state);
    shared.notify();
    Some(overlay)
}

fn same(a: &Served, b: &Served) -> bool {
    match (a, b) {
        (Served::File(x, a), Served::File(y, b)) => x == y && a == b,
        (Served::Redirect(x), Served::Redirect(y)) => x == y,
        (Served::Missing(a), Served::Missing(b)) => a == b,
        _ => false,
    }
}

/// What to tell the tabs about two builds: the URL paths whose bytes differ, or every page
/// when there are too many to list. Files in `told` (the open pages, made first, whose tabs
/// were told already) are compared with those instead of the old build.
fn changed_pages(old: &Snapshot, told: Option<&Arc<Snapshot>>, new: &Snapshot) -> Notice {
    let mut paths = Vec::new();
    for (path, bytes) in &new.files {
        let before = told
            .and_then(|t| t.files.get(path))
            .or_else(|| old.files.get(path));
        if before.is_none_or(|b| b != bytes) {
            paths.push(path);
        }
    }
    for path in old.files.keys() {
        if !new.files.contains_key(path) {
            paths.push(path);
        }
    }
    if paths.len() > 2000 {
        // Every tab reloads, but those just shown their new page.
        let except: Vec<String> = told
            .iter()
            .flat_map(|t| &t.files)
            .filter(|(p, b)| p.ends_with(".html") && new.files.get(*p) == Some(*b))
            .map(|(p, _)| url_path(p))
            .collect();
        return match except.is_empty() {
            true => Notice::Reload(None),
            false => Notice::ReloadAllBut(except),
        };
    }
    Notice::Reload(Some(
        paths
            .into_iter()
            .filter(|p| p.ends_with(".html"))
            .map(|p| url_path(p))
            .collect(),
    ))
}

/// The URL path a tab shows for a file or folder of the site, as the reload script compares
/// it: `/fi/palvelut/x/` for `fi/palvelut/x/index.html`.
fn url_path(file: &str) -> String {
    format!("/{}", file.strip_suffix("index.html").unwrap_or(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(files: &[(&str, &str)]) -> Snapshot {
        let mut s = Snapshot::default();
        for (path, text) in files {
            s.files
                .insert(path.to_string(), Arc::new(text.as_bytes().to_vec()));
        }
        s
    }

    #[test]
    fn tabs_hear_which_pages_changed_or_all_but_those_told_already() {
        let old = snapshot(&[("fi/a/index.html", "a"), ("fi/b/index.html", "b")]);
        let new = snapshot(&[("fi/a/index.html", "a2"), ("fi/c/index.html", "c")]);
        let mut listed = match changed_pages(&old, None, &new) {
            Notice::Reload(Some(paths)) => paths,
            other => panic!("{other:?}"),
        };
        listed.sort();
        assert_eq!(listed, ["/fi/a/", "/fi/b/", "/fi/c/"]);
        // The open page's tab was told already: it is not told again.
        let told = Arc::new(snapshot(&[("fi/a/index.html", "a2")]));
        let mut listed = match changed_pages(&old, Some(&told), &new) {
            Notice::Reload(Some(paths)) => paths,
            other => panic!("{other:?}"),
        };
        listed.sort();
        assert_eq!(listed, ["/fi/b/", "/fi/c/"]);
        // Too many to list (a template edit): every tab but the told one.
        let many: Vec<(String, String)> = (0..2500)
            .map(|i| (format!("fi/p{i}/index.html"), "x".to_string()))
            .collect();
        let many: Vec<(&str, &str)> = many.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        let mut big = snapshot(&many);
        big.files
            .insert("fi/a/index.html".into(), Arc::new(b"a2".to_vec()));
        assert_eq!(
            changed_pages(&old, Some(&told), &big),
            Notice::ReloadAllBut(vec!["/fi/a/".into()])
        );
        assert_eq!(changed_pages(&old, None, &big), Notice::Reload(None));
    }
}
