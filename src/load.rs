//! The first stage: find the site's files and read them. Only this stage and `write` touch the
//! disk, so the rest of the pipeline can run on sources held in memory (tests, the preview).

use crate::diag::Diagnostic;
use rayon::prelude::*;
use std::fs::{File, FileType};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
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

/// A picture beside site.yaml (`content/logo.svg`) that site.yaml may name as the logo. Read
/// here, as only this stage touches the disk; a problem reading it matters only if it is named.
#[derive(Debug, Clone)]
pub struct Picture {
    pub path: PathBuf,
    pub bytes: Result<Arc<Vec<u8>>, Diagnostic>,
}

/// The kinds of picture a logo may be; any other file in content/ is left alone.
pub const PICTURE_KINDS: [&str; 2] = ["svg", "png"];

#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub root: PathBuf,
    pub site: Option<Source>,
    /// The SVG and PNG files beside site.yaml.
    pub pictures: Vec<Picture>,
    pub services: Vec<Bundle>,
    pub pages: Vec<Bundle>,
    pub regions: Vec<(String, Source)>,
    /// The site's theme override folders, read lazily by `render::theme`.
    pub themes_dir: PathBuf,
}

/// Reads the site folder `root`. Problems with single files become diagnostics; the rest loads.
pub fn load(root: &Path) -> (Sources, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut sources = Sources {
        root: root.to_path_buf(),
        themes_dir: root.join("themes"),
        ..Default::default()
    };
    if let Err(d) = check_site(root) {
        diags.push(d);
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
    sources.pictures = load_pictures(root);
    sources.services = load_bundles(root, Path::new("content/services"), &mut diags);
    sources.pages = load_bundles(root, Path::new("content/pages"), &mut diags);

    let regions_dir = Path::new("content/regions");
    let files = list_files(root, regions_dir, 1, Some(&["yaml", "yml"]), &mut diags);
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

/// The SVG and PNG files directly in content/, by name.
fn load_pictures(root: &Path) -> Vec<Picture> {
    let Ok(entries) = std::fs::read_dir(root.join("content")) else {
        return Vec::new();
    };
    let mut pictures: Vec<Picture> = entries
        .filter_map(Result::ok)
        .map(|e| Path::new("content").join(e.file_name()))
        .filter(|rel| {
            let name = rel.file_name().unwrap_or_default().to_string_lossy();
            !is_ignored(&name) && is_picture(rel)
        })
        .map(|rel| Picture {
            bytes: read_bytes(root, &rel).map(Arc::new),
            path: rel,
        })
        .collect();
    pictures.sort_by(|a, b| a.path.cmp(&b.path));
    pictures
}

/// Whether `path` names a kind of file a logo may be (by its extension, in any case).
pub fn is_picture(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PICTURE_KINDS.iter().any(|k| e.eq_ignore_ascii_case(k)))
}

fn load_bundles(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<Bundle> {
    let mut bundles = Vec::new();
    match check_dir(root, dir) {
        Ok(true) => {}
        Ok(false) => return bundles,
        Err(d) => {
            diags.push(d);
            return bundles;
        }
    }
    let mut folders: Vec<PathBuf> = match std::fs::read_dir(root.join(dir)) {
        Ok(rd) => {
            let mut folders = Vec::new();
            for e in rd.filter_map(Result::ok) {
                if is_ignored(&e.file_name().to_string_lossy()) {
                    continue;
                }
                let rel = dir.join(e.file_name());
                match e.file_type() {
                    Ok(t) if t.is_dir() => folders.push(rel),
                    Ok(t) if t.is_symlink() => match resolve_inside(root, &rel) {
                        Ok(target) if target.is_dir() => diags.push(linked_folder(&rel)),
                        Ok(_) => {}
                        Err(d) => diags.push(d),
                    },
                    _ => {}
                }
            }
            folders
        }
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
    let files = list_files(root, folder, 8, None, &mut diags);
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
/// that leads outside the site through a symbolic link. With `only`, just the files with those
/// extensions are wanted; anything else by such a name (a folder, a named pipe) is reported,
/// since the editor meant it to be read.
fn list_files(
    root: &Path,
    dir: &Path,
    depth: usize,
    only: Option<&[&str]>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    match check_dir(root, dir) {
        Ok(true) => {}
        Ok(false) => return Vec::new(),
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    }
    let base = root.join(dir);
    let wanted = |p: &Path| {
        only.is_none_or(|exts| p.extension().is_some_and(|e| exts.iter().any(|x| e == *x)))
    };
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
        let kind = entry.file_type();
        if kind.is_file() {
            out.push(rel);
        } else if kind.is_symlink() {
            // Only here: resolving costs a system call per folder in the path, and a site
            // has a thousand service folders and hardly any links.
            match resolve_inside(root, &rel).map(std::fs::metadata) {
                Ok(Ok(m)) if m.is_file() => out.push(rel),
                Ok(Ok(m)) if m.is_dir() => {
                    if wanted(&rel) && only.is_some() {
                        diags.push(not_a_file(&rel, &m.file_type()));
                    } else {
                        diags.push(linked_folder(&rel));
                    }
                }
                Ok(Ok(m)) if wanted(&rel) => diags.push(not_a_file(&rel, &m.file_type())),
                Ok(_) => {}
                Err(d) => diags.push(d),
            }
        } else if kind.is_dir() {
            if only.is_some() && wanted(&rel) {
                diags.push(not_a_file(&rel, &kind));
            }
        } else if wanted(&rel) {
            // A named pipe, socket or device: reading one blocks or never ends.
            diags.push(not_a_file(&rel, &kind));
        }
    }
    out
}

/// The smallest site.yaml that builds, shown to an editor whose site lacks one.
const MINIMAL_SITE_YAML: [&str; 6] = [
    "languages:",
    "  - code: fi",
    "    name: Suomeksi",
    "base_url: https://www.example.fi/",
    "title: { fi: Perhepalvelut }",
    "organisation: { fi: Esimerkin hyvinvointialue }",
];

/// Whether `root` holds a site: a content/ folder with a site.yaml in it. `esite serve`
/// asks before it starts; `load` reports the same problem as its first diagnostic.
pub fn check_site(root: &Path) -> Result<(), Diagnostic> {
    if !check_dir(root, Path::new("content"))? {
        return Err(
            Diagnostic::error("content", "there is no content/ folder here").hint(format!(
                "run esite in the site's folder, or point to it with --site (looked in {}); \
                 to start a new site, run esite init",
                root.display()
            )),
        );
    }
    let site_yaml = Path::new("content/site.yaml");
    match std::fs::symlink_metadata(root.join(site_yaml)) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Diagnostic::error(
            site_yaml,
            "there is no content/site.yaml, which names the site's languages and title",
        )
        .hint({
            // Lined up under the text after "  = hint: ".
            let example: Vec<String> = MINIMAL_SITE_YAML
                .iter()
                .map(|l| format!("{:10}{l}", ""))
                .collect();
            format!(
                "create content/site.yaml with at least these lines, with your own title and organisation:\n{}\n{:10}\
                 or start a new site in an empty folder with esite init. Every field: docs/editors/content.md",
                example.join("\n"),
                ""
            )
        })),
        // Anything else (a folder, a link, no permission) is said where the file is read.
        _ => Ok(()),
    }
}

/// Whether `rel` is a folder of the site (`Ok(false)`: nothing is there). A link to a folder
/// inside the site counts; one leading out of it, or a file where a folder belongs, is an
/// error.
pub fn check_dir(root: &Path, rel: &Path) -> Result<bool, Diagnostic> {
    let meta = match std::fs::symlink_metadata(root.join(rel)) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => {
            return Err(Diagnostic::error(
                rel,
                format!("cannot read this folder: {}", plain_io(&e)),
            ));
        }
    };
    let meta = if meta.file_type().is_symlink() || !is_plain(rel) {
        let target = resolve_inside(root, rel)?;
        std::fs::metadata(target).map_err(|e| {
            Diagnostic::error(rel, format!("cannot read this folder: {}", plain_io(&e)))
        })?
    } else {
        meta
    };
    if meta.is_dir() {
        Ok(true)
    } else {
        Err(Diagnostic::error(
            rel,
            format!(
                "this should be a folder, but it is {}",
                what_it_is(&meta.file_type())
            ),
        )
        .hint("remove it or rename it, and make a folder by this name"))
    }
}

/// Where the site's path `rel` really leads, when that is inside the site.
fn resolve_inside(root: &Path, rel: &Path) -> Result<PathBuf, Diagnostic> {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    match root.join(rel).canonicalize() {
        Ok(t) if t.starts_with(&canonical_root) => Ok(t),
        _ if std::fs::symlink_metadata(root.join(rel)).is_ok_and(|m| !m.is_symlink()) => {
            Err(Diagnostic::error(rel, "this leads outside the site folder")
                .hint("copy what it names into the site folder"))
        }
        _ => Err(Diagnostic::error(
            rel,
            "this link points outside the site folder (or nowhere), so it is not used",
        )
        .hint("copy it into the site instead of linking to it")),
    }
}

/// A link to a folder is left alone: followed, it could lead round in a circle.
pub fn linked_folder(rel: &Path) -> Diagnostic {
    Diagnostic::warning(
        rel,
        "this is a link to a folder, which esite does not follow",
    )
    .hint("move or copy the folder here instead of linking to it")
}

/// What a named pipe, device or folder is, in the editor's words.
fn what_it_is(t: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_file() {
        "a file"
    } else if t.is_symlink() {
        "a link"
    } else {
        "not an ordinary file"
    }
}

/// The error for a named pipe, device or folder where esite expects a file.
pub fn not_a_file(rel: &Path, t: &FileType) -> Diagnostic {
    Diagnostic::error(
        rel,
        format!(
            "this is not a regular file ({}); esite reads only ordinary files",
            what_it_is(t)
        ),
    )
    .hint("replace it with a file or remove it")
}

/// Only plain relative paths are trusted to stay in the site without resolving them.
fn is_plain(rel: &Path) -> bool {
    rel.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Opens a file of the site for reading, if it is an ordinary file inside the site. The type
/// is looked at before opening: opening a named pipe blocks until something writes into it
/// (and wakes up whatever waits to), and a device may never end.
/// Returns the open file and its length.
pub fn open_regular(root: &Path, rel: &Path) -> Result<(File, u64), Diagnostic> {
    let mut path = root.join(rel);
    let mut meta = std::fs::symlink_metadata(&path).map_err(|e| cannot_read(rel, &e))?;
    if meta.file_type().is_symlink() || !is_plain(rel) {
        path = resolve_inside(root, rel)?;
        meta = std::fs::symlink_metadata(&path).map_err(|e| cannot_read(rel, &e))?;
    }
    if !meta.is_file() {
        return Err(not_a_file(rel, &meta.file_type()));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        // Should the file be swapped for a link or a pipe after the look, the open neither
        // follows nor waits.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(&path).map_err(|e| cannot_read(rel, &e))?;
    let meta = file.metadata().map_err(|e| cannot_read(rel, &e))?;
    if !meta.is_file() {
        return Err(not_a_file(rel, &meta.file_type()));
    }
    Ok((file, meta.len()))
}

/// The bytes of an ordinary file of the site; see [`open_regular`].
pub fn read_bytes(root: &Path, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
    let (mut file, len) = open_regular(root, rel)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.read_to_end(&mut bytes)
        .map_err(|e| cannot_read(rel, &e))?;
    Ok(bytes)
}

fn cannot_read(rel: &Path, e: &std::io::Error) -> Diagnostic {
    let d = Diagnostic::error(rel, format!("cannot read this file: {}", plain_io(e)));
    match e.kind() {
        std::io::ErrorKind::NotFound => d.hint("check the file's name, or create it"),
        std::io::ErrorKind::PermissionDenied => {
            d.hint("ask for permission to read the file, or copy it into the site folder")
        }
        _ => d,
    }
}

/// An I/O error in words, without the "(os error 2)" an editor cannot use.
pub fn plain_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "it does not exist".into(),
        PermissionDenied => "permission denied".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
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
    let bytes = read_bytes(root, rel)?;
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
