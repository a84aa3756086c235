//! The theme: templates, static files and UI strings per language. The default theme is
//! compiled into the binary, so a site without themes/ builds; a site's `themes/<name>/`
//! overrides it file by file, and its string files override single strings.

use crate::diag::Diagnostic;
use crate::parse::yaml;
use indexmap::IndexMap;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

macro_rules! embedded {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../themes/default/", $path)) as &[u8])),*]
    };
}

/// The built-in theme, as shipped in themes/default/.
const DEFAULT_THEME: &[(&str, &[u8])] = embedded![
    "templates/base.html",
    "templates/macros.html",
    "templates/home.html",
    "templates/service.html",
    "templates/untranslated.html",
    "templates/region.html",
    "templates/regions.html",
    "templates/municipalities.html",
    "templates/municipality.html",
    "templates/municipality-place.html",
    "templates/service-list.html",
    "templates/contacts.html",
    "templates/call-box.html",
    "templates/channel.html",
    "templates/area.html",
    "templates/page.html",
    "templates/accessibility.html",
    "templates/404.html",
    "templates/language-chooser.html",
    "templates/print-base.html",
    "templates/leaflet.html",
    "templates/booklet.html",
    "templates/search.html",
    "static/style.css",
    "static/search.js",
    "i18n/fi.yaml",
    "i18n/en.yaml",
    "i18n/sv.yaml",
];

/// A theme file and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub name: String,
    pub bytes: Vec<u8>,
    /// The site's file that overrode the built-in one, if any.
    pub origin: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub templates: Vec<ThemeFile>,
    pub static_files: Vec<ThemeFile>,
    /// UI strings per language code.
    pub strings: IndexMap<String, Strings>,
}

/// A language's UI strings: plain texts, and lists (weekday and month names). The second
/// field caches their digest for [`as_digests`].
#[derive(Debug, Clone, Default)]
pub struct Strings(pub Map<String, Value>, std::sync::OnceLock<[u8; 32]>);

thread_local! {
    static AS_DIGESTS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with every [`Strings`] serializing as a digest of its texts. Each page's data
/// holds its language's strings, and the preview hashes the data of every page on every
/// rebuild: a digest is the same for the hash and 150 times shorter.
pub fn as_digests<R>(f: impl FnOnce() -> R) -> R {
    AS_DIGESTS.set(true);
    let r = f();
    AS_DIGESTS.set(false);
    r
}

impl serde::Serialize for Strings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if AS_DIGESTS.get() {
            s.serialize_bytes(&self.digest())
        } else {
            self.0.serialize(s)
        }
    }
}

impl Strings {
    /// A hash of the texts: the same texts, the same digest.
    pub fn digest(&self) -> [u8; 32] {
        *self.1.get_or_init(|| {
            *blake3::hash(&serde_json::to_vec(&self.0).unwrap_or_default()).as_bytes()
        })
    }

    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).and_then(Value::as_str).unwrap_or(key)
    }

    pub fn list(&self, key: &str) -> Vec<String> {
        self.0
            .get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Strings every language needs, checked up front so pages never show a bare key.
pub const REQUIRED_STRINGS: &[&str] = &[
    "skip_link",
    "home",
    "path_services",
    "path_regions",
    "path_municipalities",
    "path_accessibility",
    "path_print",
    "path_search",
    "days_short",
    "months",
    "hours_pattern",
    "date_full",
    "date_month",
];

pub fn load(
    root: &Path,
    themes_dir: &Path,
    name: &str,
    languages: &[String],
) -> Result<Theme, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut files: IndexMap<String, ThemeFile> = DEFAULT_THEME
        .iter()
        .map(|(n, b)| {
            let file = ThemeFile {
                name: n.to_string(),
                bytes: b.to_vec(),
                origin: None,
            };
            (n.to_string(), file)
        })
        .collect();
    let site_theme = themes_dir.join(name);
    // The theme's name comes from site.yaml: like any path the site names, it may not lead
    // out of the site.
    let theme_rel = site_theme.strip_prefix(root).unwrap_or(&site_theme);
    let found = crate::load::check_dir(root, theme_rel).map_err(|d| diags.push(d));
    if found == Ok(true) {
        read_site_theme(root, &site_theme, &mut files, &mut diags);
    } else if found == Ok(false) && name != "default" {
        diags.push(
            Diagnostic::error("content/site.yaml", format!("there is no theme '{name}' in themes/"))
                .hint("create the folder themes/{name}/, or remove the 'theme' line to use the built-in theme"),
        );
    }

    let theme = assemble(files, &mut diags);
    for lang in languages {
        match theme.strings.get(lang) {
            None => diags.push(
                Diagnostic::error("content/site.yaml", format!("the theme has no texts for the language '{lang}'"))
                    .hint(format!("add themes/{name}/i18n/{lang}.yaml with the theme's texts in that language (copy one from the built-in theme)")),
            ),
            Some(strings) => {
                let missing: Vec<_> = REQUIRED_STRINGS.iter().filter(|k| !strings.0.contains_key(**k)).collect();
                if !missing.is_empty() {
                    diags.push(Diagnostic::error(
                        format!("themes/{name}/i18n/{lang}.yaml"),
                        format!("the theme's '{lang}' texts lack {}", missing.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(", ")),
                    ));
                }
            }
        }
    }
    if diags.is_empty() {
        Ok(theme)
    } else {
        Err(diags)
    }
}

/// The files of the site's own theme folder, over the built-in ones of the same name.
fn read_site_theme(
    root: &Path,
    site_theme: &Path,
    files: &mut IndexMap<String, ThemeFile>,
    diags: &mut Vec<Diagnostic>,
) {
    let theme_rel = site_theme.strip_prefix(root).unwrap_or(site_theme);
    for entry in walkdir::WalkDir::new(site_theme).sort_by_file_name() {
        let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map_or_else(|| theme_rel.to_path_buf(), shown);
                diags.push(Diagnostic::error(path, format!("cannot read: {e}")));
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(site_theme)
            .unwrap_or(entry.path());
        let key = rel.to_string_lossy().replace('\\', "/");
        if key.split('/').any(|part| part.starts_with('.')) || key.ends_with('~') {
            continue;
        }
        if entry.file_type().is_dir() {
            continue;
        }
        let shown = shown(entry.path());
        if entry.path_is_symlink() && entry.path().is_dir() {
            diags.push(crate::load::linked_folder(&shown));
            continue;
        }
        // Links inside the site are followed; links out of it, named pipes and devices
        // are reported by the read.
        match crate::load::read_bytes(root, &shown) {
            Ok(bytes) => {
                let origin = Some(shown);
                if key.starts_with("i18n/") && files.contains_key(&key) {
                    // Keep the built-in file too, so a site can override single strings.
                    files.insert(
                        format!("{key}#site"),
                        ThemeFile {
                            name: key.clone(),
                            bytes,
                            origin,
                        },
                    );
                } else {
                    files.insert(
                        key.clone(),
                        ThemeFile {
                            name: key,
                            bytes,
                            origin,
                        },
                    );
                }
            }
            Err(mut d) => {
                d.message = d.message.replace("this file", "this theme file");
                diags.push(d);
            }
        }
    }
}

/// Templates, static files and each language's texts, from the files found.
fn assemble(files: IndexMap<String, ThemeFile>, diags: &mut Vec<Diagnostic>) -> Theme {
    let mut theme = Theme {
        templates: Vec::new(),
        static_files: Vec::new(),
        strings: IndexMap::new(),
    };
    for (_, file) in files {
        if let Some(rest) = file.name.strip_prefix("i18n/") {
            let Some(lang) = rest.strip_suffix(".yaml") else {
                continue;
            };
            let shown = file
                .origin
                .clone()
                .unwrap_or_else(|| PathBuf::from(format!("(built-in theme)/{}", file.name)));
            let text = match String::from_utf8(file.bytes) {
                Ok(t) => t,
                Err(_) => {
                    diags.push(Diagnostic::error(shown, "this file is not UTF-8 text"));
                    continue;
                }
            };
            match yaml::parse::<Map<String, Value>>(&shown, &text, &text, 1) {
                Ok(map) => theme
                    .strings
                    .entry(lang.to_string())
                    .or_default()
                    .0
                    .extend(map),
                Err(d) => diags.push(d),
            }
        } else if file.name.starts_with("templates/") {
            theme.templates.push(file);
        } else if file.name.starts_with("static/") {
            theme.static_files.push(file);
        }
    }
    theme
}
