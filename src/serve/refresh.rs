//! The preview's shortcut past `load` and `parse`: the last clean parse of the site, with only
//! the files the watcher named read and parsed again (`read_changes`, then `apply`). Reading
//! and parsing a thousand services takes longer than the rest of a one-file rebuild; this
//! takes a fraction of a millisecond.
//!
//! Anything it is not sure of (a new, removed or renamed file, a folder, a file that no longer
//! parses) gives `None`, and the caller loads the whole site as `esite build` would, which
//! also reports any problem in the editor's words.

use crate::load::{Source, read_text};
use crate::parse::raw::{RawRegion, RawSite};
use crate::parse::{self, Parsed, yaml};
use std::path::{Path, PathBuf};

/// A file read and parsed again, for the slot it fills in the parsed site.
#[derive(Clone)]
pub(super) enum Update {
    Site(Source, Box<RawSite>),
    Region(Source, Box<RawRegion>),
    Document(Box<parse::Document>),
}

/// The files in `changed` (paths relative to `root`) read and parsed again, or `None` when
/// the whole site must be loaded.
pub(super) fn read_changes(
    root: &Path,
    previous: &Parsed,
    changed: &[PathBuf],
) -> Option<Vec<Update>> {
    let mut updates = Vec::new();
    for path in changed {
        if path.is_absolute() {
            return None;
        }
        // Themes are read on every rebuild anyway.
        if path.starts_with("themes") {
            continue;
        }
        let is_file = std::fs::symlink_metadata(root.join(path)).map(|m| m.is_file());
        let Some(found) = slot(previous, path) else {
            // A file that exists now but was not there, a folder, or a folder that was
            // removed. Otherwise it was made and removed within the burst (an editor's test
            // file).
            if is_file.is_ok() || known_below(previous, path) {
                return None;
            }
            continue;
        };
        match found {
            Slot::Site => {
                let source = reread(root, path, &is_file)?;
                let raw = yaml::parse::<RawSite>(path, &source.text, &source.text, 1).ok()?;
                updates.push(Update::Site(source, Box::new(raw)));
            }
            Slot::Region => {
                let source = reread(root, path, &is_file)?;
                let raw = yaml::parse::<RawRegion>(path, &source.text, &source.text, 1).ok()?;
                updates.push(Update::Region(source, Box::new(raw)));
            }
            Slot::Document(lang) => {
                let source = reread(root, path, &is_file)?;
                let doc = parse::document(lang, source).ok()?;
                updates.push(Update::Document(Box::new(doc)));
            }
            // Copied at the end of each build, so nothing to read here.
            Slot::Asset if matches!(is_file, Ok(true)) => {}
            Slot::Asset => return None,
        }
    }
    Some(updates)
}

/// Puts what `read_changes` found in its place; `parsed` must have the slots it was read for
/// (the parse it was read against, or a copy).
pub(super) fn apply(parsed: &mut Parsed, updates: &[Update]) {
    for update in updates {
        match update {
            Update::Site(source, raw) => {
                parsed.site = Some((source.clone(), raw.as_ref().clone()));
            }
            Update::Region(source, raw) => {
                if let Some(r) = parsed
                    .regions
                    .iter_mut()
                    .find(|r| r.source.path == source.path)
                {
                    r.source = source.clone();
                    r.raw = raw.as_ref().clone();
                }
            }
            Update::Document(doc) => {
                let path = &doc.source.path;
                if let Some(d) = parsed
                    .services
                    .iter_mut()
                    .chain(parsed.pages.iter_mut())
                    .filter(|b| path.starts_with(&b.dir))
                    .flat_map(|b| b.documents.iter_mut())
                    .find(|d| d.source.path == *path)
                {
                    *d = doc.as_ref().clone();
                }
            }
        }
    }
}

/// Which part of the parsed site a file is.
enum Slot {
    Site,
    Region,
    /// A Markdown file, in this language.
    Document(String),
    Asset,
}

fn slot(parsed: &Parsed, path: &Path) -> Option<Slot> {
    if parsed.site.as_ref().is_some_and(|(s, _)| s.path == path) {
        return Some(Slot::Site);
    }
    if parsed.regions.iter().any(|r| r.source.path == path) {
        return Some(Slot::Region);
    }
    let bundle = parsed
        .services
        .iter()
        .chain(parsed.pages.iter())
        .find(|b| path.starts_with(&b.dir))?;
    if bundle.assets.iter().any(|a| a == path) {
        return Some(Slot::Asset);
    }
    bundle
        .documents
        .iter()
        .find(|d| d.source.path == path)
        .map(|d| Slot::Document(d.lang.clone()))
}

fn reread(root: &Path, path: &Path, is_file: &std::io::Result<bool>) -> Option<Source> {
    if !matches!(is_file, Ok(true)) {
        return None;
    }
    let text = read_text(root, path).ok()?;
    Some(Source {
        path: path.to_path_buf(),
        text,
    })
}

/// Whether any file the site had lies in `dir`.
fn known_below(parsed: &Parsed, dir: &Path) -> bool {
    let site = parsed.site.iter().map(|(s, _)| &s.path);
    let regions = parsed.regions.iter().map(|r| &r.source.path);
    let bundles = parsed.services.iter().chain(&parsed.pages).flat_map(|b| {
        std::iter::once(&b.dir)
            .chain(b.documents.iter().map(|d| &d.source.path))
            .chain(&b.assets)
    });
    site.chain(regions)
        .chain(bundles)
        .any(|p| p.starts_with(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        dir
    }

    fn parsed(root: &Path) -> Parsed {
        let (sources, diags) = crate::load::load(root);
        assert!(diags.is_empty(), "{diags:?}");
        let (parsed, diags) = parse::parse(sources);
        assert!(diags.is_empty(), "{diags:?}");
        parsed
    }

    fn edit(root: &Path, file: &str, from: &str, to: &str) -> PathBuf {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        PathBuf::from(file)
    }

    #[test]
    fn a_changed_logo_loads_the_whole_site_so_its_new_bytes_are_published() {
        let dir = site();
        std::fs::write(dir.path().join("content/logo.svg"), "<svg/>").unwrap();
        let before = parsed(dir.path());
        assert_eq!(before.pictures.len(), 1);
        std::fs::write(dir.path().join("content/logo.svg"), "<svg width='2'/>").unwrap();
        let changed = [PathBuf::from("content/logo.svg")];
        assert!(read_changes(dir.path(), &before, &changed).is_none());
    }

    #[test]
    fn edited_files_read_again_equal_a_fresh_parse() {
        let dir = site();
        let root = dir.path();
        let before = parsed(root);
        let changed = vec![
            edit(
                root,
                "content/services/perhetyo/fi.md",
                "title: ",
                "title: Uusi ",
            ),
            edit(
                root,
                "content/regions/testialue.yaml",
                "0447401886",
                "044 740 1886",
            ),
            edit(
                root,
                "content/site.yaml",
                "Testipalvelut",
                "Testipalvelut ja muut",
            ),
            // Themes are read by every rebuild; a file made and removed within the burst
            // (an editor's test file) is no change.
            PathBuf::from("themes/default/templates/page.html"),
            PathBuf::from("content/services/perhetyo/4913"),
        ];
        let updates = read_changes(root, &before, &changed).expect("only known files changed");
        // Applied to the parse it was read against, and to a copy of it.
        let (mut kept, mut copy) = (before.clone(), before);
        apply(&mut kept, &updates);
        apply(&mut copy, &updates);
        let fresh = format!("{:?}", parsed(root));
        assert_eq!(format!("{kept:?}"), fresh);
        assert_eq!(format!("{copy:?}"), fresh);
    }

    #[test]
    fn anything_it_is_not_sure_of_means_loading_the_whole_site() {
        let dir = site();
        let root = dir.path();
        let before = parsed(root);
        // A new file, a removed one, a folder, a file that no longer parses.
        std::fs::write(
            root.join("content/services/perhetyo/sv.md"),
            "---\ntitle: X\n---\n",
        )
        .unwrap();
        let new = ["content/services/perhetyo/sv.md".into()];
        assert!(read_changes(root, &before, &new).is_none());
        std::fs::remove_file(root.join("content/services/perhetyo/sv.md")).unwrap();
        std::fs::remove_file(root.join("content/pages/tietoa/en.md")).unwrap();
        assert!(read_changes(root, &before, &["content/pages/tietoa/en.md".into()]).is_none());
        assert!(read_changes(root, &before, &["content/services".into()]).is_none());
        let broken = edit(root, "content/services/kotipalvelu/fi.md", "---\n", "");
        assert!(read_changes(root, &before, &[broken]).is_none());
    }
}
