//! The first stage: find the site's files and read them. Only this stage and `write` touch the
//! disk, so the rest of the pipeline can run on sources held in memory (tests, the preview).

use crate::diag::Diagnostic;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A text file of the site: its path relative to the site folder, and its content.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

/// A service or free page folder: `content/services/<id>/`.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub id: String,
    pub dir: PathBuf,
    /// `<lang>.md` files, by file stem.
    pub documents: Vec<(String, Source)>,
    /// Every other file (images, PDFs), relative to the site folder.
    pub assets: Vec<PathBuf>,
}

#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub root: PathBuf,
    pub site: Option<Source>,
    pub services: Vec<Bundle>,
    pub pages: Vec<Bundle>,
    pub regions: Vec<(String, Source)>,
    /// The site's theme override folders, read lazily by `render::theme`.
    pub themes_dir: PathBuf,
}

/// Reads the site folder `root`. Problems with single files become diagnostics; the rest loads.
pub fn load(root: &Path) -> (Sources, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let content = root.join("content");
    let mut sources = Sources {
        root: root.to_path_buf(),
        themes_dir: root.join("themes"),
        ..Default::default()
    };
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("content", "there is no content/ folder here").hint(format!(
                "run esite in the site's folder, or point to it with --site (looked in {})",
                root.display()
            )),
        );
        return (sources, diags);
    }
    let site_yaml = Path::new("content/site.yaml");
    match read_text(root, site_yaml) {
        Ok(text) => {
            sources.site = Some(Source {
                path: site_yaml.into(),
                text,
            })
        }
        Err(d) => diags.push(d),
    }
    sources.services = load_bundles(root, Path::new("content/services"), &mut diags);
    sources.pages = load_bundles(root, Path::new("content/pages"), &mut diags);

    let regions_dir = Path::new("content/regions");
    let files = list_files(root, regions_dir, 1, &mut diags);
    let read: Vec<_> = files
        .par_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .map(|p| {
            let id = stem(p);
            read_text(root, p).map(|text| {
                (
                    id,
                    Source {
                        path: p.clone(),
                        text,
                    },
                )
            })
        })
        .collect();
    for r in read {
        match r {
            Ok(s) => sources.regions.push(s),
            Err(d) => diags.push(d),
        }
    }
    sources.regions.sort_by(|a, b| a.0.cmp(&b.0));
    (sources, diags)
}

fn load_bundles(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<Bundle> {
    let mut bundles = Vec::new();
    if !root.join(dir).is_dir() {
        return bundles;
    }
    let mut folders: Vec<PathBuf> = match std::fs::read_dir(root.join(dir)) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter(|e| !is_ignored(&e.file_name().to_string_lossy()))
            .map(|e| dir.join(e.file_name()))
            .collect(),
        Err(e) => {
            diags.push(Diagnostic::error(
                dir,
                format!("cannot read this folder: {e}"),
            ));
            return bundles;
        }
    };
    folders.sort();
    // A county has hundreds of service folders of two or three files each: read the folders
    // in parallel.
    let loaded: Vec<(Bundle, Vec<Diagnostic>)> = folders
        .par_iter()
        .map(|folder| load_bundle(root, folder))
        .collect();
    for (bundle, problems) in loaded {
        diags.extend(problems);
        bundles.push(bundle);
    }
    bundles
}

fn load_bundle(root: &Path, folder: &Path) -> (Bundle, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let files = list_files(root, folder, 8, &mut diags);
    let mut bundle = Bundle {
        id: folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        dir: folder.to_path_buf(),
        documents: Vec::new(),
        assets: Vec::new(),
    };
    let (docs, assets): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|p| p.extension().is_some_and(|e| e == "md") && p.parent() == Some(folder));
    bundle.assets = assets;
    for p in docs {
        match read_text(root, &p) {
            Ok(text) => bundle.documents.push((stem(&p), Source { path: p, text })),
            Err(d) => diags.push(d),
        }
    }
    bundle.documents.sort_by(|a, b| a.0.cmp(&b.0));
    (bundle, diags)
}

/// Regular files below `dir` (relative to root), skipping editor temp files and anything
/// that leads outside the site through a symbolic link.
fn list_files(root: &Path, dir: &Path, depth: usize, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for entry in WalkDir::new(&base)
        .min_depth(1)
        .max_depth(depth)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .unwrap_or(dir);
                diags.push(Diagnostic::error(path, format!("cannot read: {e}")));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if is_ignored(&name) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        if entry.path_is_symlink() {
            // Only here: resolving the root costs a system call per folder in its path, and a
            // site has a thousand service folders and hardly any links.
            let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
            let target = entry.path().canonicalize();
            match target {
                Ok(t) if t.starts_with(&canonical_root) && t.is_file() => out.push(rel),
                Ok(t) if t.starts_with(&canonical_root) => {}
                _ => diags.push(
                    Diagnostic::error(
                        &rel,
                        "this link points outside the site folder (or nowhere), so it is not used",
                    )
                    .hint("copy the file into the site instead of linking to it"),
                ),
            }
            continue;
        }
        if entry.file_type().is_file() {
            out.push(rel);
        }
    }
    out
}

/// Hidden files and editors' backup and swap files are not content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads a UTF-8 text file; the error names the file and, for bad bytes, the line.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(rel))
        .map_err(|e| Diagnostic::error(rel, format!("cannot read this file: {e}")))?;
    match String::from_utf8(bytes) {
        // A byte-order mark is invisible to editors; drop it so line 1 parses.
        Ok(text) => Ok(text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text)),
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..good]).into_owned();
            let line_end = bytes[good..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |p| good + p);
            let shown = String::from_utf8_lossy(&bytes[..line_end]).into_owned();
            let (line, column) = crate::diag::line_col(&prefix, prefix.len());
            Err(Diagnostic::error(rel, "this file is not UTF-8 text")
                .at(&shown, line, column)
                .hint("save the file as UTF-8 in your editor (Save as… → Encoding: UTF-8)"))
        }
    }
}
