//! The preview's shortcut past `load` and `parse`: the last clean parse of the site, with only
//! the files the watcher named read and parsed again. Reading and parsing a thousand services
//! takes longer than the rest of a one-file rebuild; this takes a fraction of a millisecond.
//!
//! Anything it is not sure of (a new, removed or renamed file, a folder, a file that no longer
//! parses) gives `None`, and the caller loads the whole site as `esite build` would, which
//! also reports any problem in the editor's words.

use crate::load::{Source, read_text};
use crate::parse::raw::{RawRegion, RawSite};
use crate::parse::{self, Parsed, yaml};
use std::path::{Path, PathBuf};

/// `previous` with the files in `changed` (paths relative to `root`) read again.
pub(super) fn refresh(root: &Path, mut previous: Parsed, changed: &[PathBuf]) -> Option<Parsed> {
    for path in changed {
        if path.is_absolute() {
            return None;
        }
        // Themes are read on every rebuild anyway.
        if path.starts_with("themes") {
            continue;
        }
        let is_file = std::fs::symlink_metadata(root.join(path)).map(|m| m.is_file());
        let Some(found) = slot(&mut previous, path) else {
            // A file that exists now but was not there, a folder, or a folder that was
            // removed. Otherwise it was made and removed within the burst (an editor's test
            // file).
            if is_file.is_ok() || known_below(&previous, path) {
                return None;
            }
            continue;
        };
        match found {
            Slot::Site(site) => {
                let source = reread(root, path, &is_file)?;
                let raw = yaml::parse::<RawSite>(path, &source.text, &source.text, 1).ok()?;
                *site = (source, raw);
            }
            Slot::Region(region) => {
                let source = reread(root, path, &is_file)?;
                region.raw = yaml::parse::<RawRegion>(path, &source.text, &source.text, 1).ok()?;
                region.source = source;
            }
            Slot::Document(doc) => {
                let source = reread(root, path, &is_file)?;
                *doc = parse::document(doc.lang.clone(), source).ok()?;
            }
            // Copied at the end of each build, so nothing to read here.
            Slot::Asset if matches!(is_file, Ok(true)) => {}
            Slot::Asset => return None,
        }
    }
    Some(previous)
}

enum Slot<'a> {
    Site(&'a mut (Source, RawSite)),
    Region(&'a mut parse::ParsedRegion),
    Document(&'a mut parse::Document),
    Asset,
}

fn slot<'a>(parsed: &'a mut Parsed, path: &Path) -> Option<Slot<'a>> {
    if let Some(site) = parsed.site.as_mut().filter(|(s, _)| s.path == path) {
        return Some(Slot::Site(site));
    }
    if let Some(r) = parsed.regions.iter_mut().find(|r| r.source.path == path) {
        return Some(Slot::Region(r));
    }
    let bundle = parsed
        .services
        .iter_mut()
        .chain(parsed.pages.iter_mut())
        .find(|b| path.starts_with(&b.dir))?;
    if bundle.assets.iter().any(|a| a == path) {
        return Some(Slot::Asset);
    }
    bundle
        .documents
        .iter_mut()
        .find(|d| d.source.path == path)
        .map(Slot::Document)
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
