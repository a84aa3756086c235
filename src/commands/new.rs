//! `esite new service|region|page ID`: a file per language of the site with the fields to
//! fill in left empty, so that `check` names each one until it is written (an empty title is
//! an error) instead of a placeholder going out on the site.

use crate::diag::Diagnostic;
use crate::model::slug;
use crate::{load, parse};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Service,
    Region,
    Page,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Service => "service",
            Kind::Region => "region",
            Kind::Page => "page",
        }
    }
}

/// Why nothing was written.
pub enum Refused {
    /// The command cannot be done as given (no site, a bad id, a file already there).
    Usage(Diagnostic),
    /// The site's own site.yaml has problems.
    Content(Vec<Diagnostic>),
}

/// Writes the new files and returns them, relative to `site`.
pub fn new(site: &Path, kind: Kind, id: &str) -> Result<Vec<PathBuf>, Refused> {
    load::check_site(site).map_err(Refused::Usage)?;
    if let Err(e) = slug::check(id) {
        return Err(Refused::Usage(
            Diagnostic::error(
                format!("esite new {}", kind.word()),
                format!("the id '{id}' cannot be used: {e}"),
            )
            .hint(
                "the id becomes a file or folder name and part of web addresses: use lower-case a-z, \
                 0-9 and hyphens between words, such as perheneuvola; nothing was written",
            ),
        ));
    }
    let site_yaml = Path::new("content/site.yaml");
    let text = load::read_text(site, site_yaml).map_err(|d| Refused::Content(vec![d]))?;
    let raw: parse::raw::RawSite =
        parse::yaml::parse(site_yaml, &text, &text, 1).map_err(|d| Refused::Content(vec![d]))?;
    let codes: Vec<String> = raw.languages.iter().map(|l| l.code.clone()).collect();
    // The codes become file names: only plain ones, which the site's own check also demands.
    if codes.is_empty() || codes.iter().any(|c| slug::check(c).is_err()) {
        return Err(Refused::Content(vec![
            Diagnostic::error(site_yaml, "the site's languages cannot be read").hint(
                "list them under 'languages:' with codes such as fi, sv, en; esite check says more",
            ),
        ]));
    }
    let files: Vec<(PathBuf, String)> = match kind {
        Kind::Service => {
            let regions = ids_in(site, "content/regions");
            let topics: Vec<String> = raw.topics.iter().map(|t| t.id.clone()).collect();
            codes
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let file = format!("content/services/{id}/{c}.md");
                    let extra = (i == 0).then(|| service_fields(&regions, &topics));
                    (file.into(), markdown(id, c, &codes[0], extra))
                })
                .collect()
        }
        Kind::Page => codes
            .iter()
            .map(|c| {
                let file = format!("content/pages/{id}/{c}.md");
                (file.into(), markdown(id, c, &codes[0], None))
            })
            .collect(),
        Kind::Region => vec![(
            format!("content/regions/{id}.yaml").into(),
            region(id, &codes),
        )],
    };
    write_new(site, &files).map_err(Refused::Usage)
}

/// What the editor does next, for `main` to print after the files written.
pub fn next_step(kind: Kind, id: &str) -> String {
    match kind {
        Kind::Service => format!(
            "fill in the empty 'title' and 'summary' in each file, check 'regions' and 'topics' in the default language's file, \
             and write the text below the second '---' line. `esite check` says what is still missing; in `esite serve` the page is /<language>/…/{id}/."
        ),
        Kind::Page => "fill in the empty 'title' and 'summary' in each file and write the text below the second '---' line. \
             `esite check` says what is still missing; the page is linked in every page's footer."
            .to_string(),
        Kind::Region => format!(
            "write the region's name in each language, add its contacts and municipalities (the file's comments show how), \
             and add '{id}' to the 'regions' line of every service it offers. `esite check` says what is still missing."
        ),
    }
}

/// The region ids (file names) in `content/regions/`, sorted.
fn ids_in(site: &Path, dir: &str) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(site.join(dir))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name
                .strip_suffix(".yaml")
                .or_else(|| name.strip_suffix(".yml"))?;
            (!load::is_ignored(&name)).then(|| stem.to_string())
        })
        .collect();
    ids.sort();
    ids
}

/// A service's own lines, in its default-language file. With one region or topic in the
/// site, that one is filled in: it is almost surely right, and a service without regions
/// shows no contacts.
fn service_fields(regions: &[String], topics: &[String]) -> String {
    let list = |ids: &[String]| match ids {
        [one] => format!("[{one}]"),
        _ => "[]".to_string(),
    };
    let known = |ids: &[String]| match ids {
        [] => "none yet".to_string(),
        _ => ids.join(", "),
    };
    format!(
        "# The regions that offer the service: names of files in content/regions/ (this site\n\
         # has: {}). A service without regions shows no contacts.\n\
         regions: {}\n\
         # The topics the home page lists the service under: ids from site.yaml's 'topics'\n\
         # (this site has: {}).\n\
         topics: {}\n\
         # When the text was last checked: year-month-day, or year-month.\n\
         updated: {}\n",
        known(regions),
        list(regions),
        known(topics),
        list(topics),
        today()
    )
}

fn markdown(id: &str, code: &str, default: &str, extra: Option<String>) -> String {
    let mut m = format!(
        "---\n# The '{code}' text of '{id}'. Write the title and the summary between the quotes, and the\n\
         # page's text below the second --- line, in Markdown (start with a ## heading).\n\
         # The page's heading, also in the browser tab. Under 70 characters.\n\
         title: \"\"\n\
         # One sentence: what the page offers and to whom. Shown in lists and search results.\n\
         summary: \"\"\n\
         # Optional: other words residents might search with; the site search finds the page by\n\
         # these too, e.g. [apua kotiin, kotiapu].\n\
         # keywords: []\n"
    );
    match extra {
        Some(extra) => m.push_str(&extra),
        None if code != default => {
            let _ = writeln!(
                m,
                "# Optional: the last part of the page's address in this language (default: {id}).\n\
                 # slug: {id}"
            );
        }
        None => {}
    }
    m.push_str("---\n\n");
    m
}

fn region(id: &str, codes: &[String]) -> String {
    let mut y = format!(
        "# The region '{id}': one organisation that offers services, such as a wellbeing services\n\
         # county or a city. Services list it by its id in their 'regions' line. Every field is\n\
         # described in docs/editors/content.md.\n\n\
         # The organisation's full name: write it between the quotes for each language.\n\
         name:\n"
    );
    for c in codes {
        let _ = writeln!(y, "  {c}: \"\"");
    }
    let langs: Vec<String> = codes.iter().map(|c| format!("{c}: ...")).collect();
    let _ = write!(
        y,
        "# Optional: a shorter name for lists and browser tabs.\n\
         # short_name: {{ {langs} }}\n\n\
         # The region's contacts: phone lines, e-mail, web pages, places to visit. For example:\n\
         #   - type: phone\n\
         #     name: {{ {langs} }}\n\
         #     number: \"09 000 0000\"\n\
         #     hours:\n\
         #       - {{ days: mon-fri, open: \"09:00\", close: \"12:00\" }}\n\
         channels: []\n\n\
         # The municipalities the region serves, each with its official code in quotes.\n\
         # For example: - {{ name: Kuopio, code: \"297\" }}\n\
         # A region divided into areas lists them under 'areas' instead (see content.md).\n\
         municipalities: []\n",
        langs = langs.join(", ")
    );
    y
}

/// Writes each file, relative to `root`, refusing before writing any when one of them exists;
/// a file made meanwhile is not replaced either. Returns the files written.
pub(super) fn write_new(
    root: &Path,
    files: &[(PathBuf, String)],
) -> Result<Vec<PathBuf>, Diagnostic> {
    // Said as the editor would type it: no ./ before a path in this folder.
    let shown = |rel: &Path| match root == Path::new(".") {
        true => rel.to_path_buf(),
        false => root.join(rel),
    };
    for (rel, _) in files {
        let path = shown(rel);
        if path.symlink_metadata().is_ok() {
            return Err(Diagnostic::error(&path, "this file is already there").hint(
                "esite never replaces a file: choose another id or folder, or edit the file; nothing was written",
            ));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = shown(rel);
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| {
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
            })
            .and_then(|mut f| f.write_all(text.as_bytes()));
        if let Err(e) = result {
            let done = match written.len() {
                0 => "nothing was written".to_string(),
                _ => format!(
                    "these were written before it: {}",
                    written
                        .iter()
                        .map(|p: &PathBuf| crate::diag::display_path(p))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            return Err(Diagnostic::error(
                &path,
                format!("cannot write this file: {}", load::plain_io(&e)),
            )
            .hint(format!(
                "check that the folder is writable and the disk has space; {done}"
            )));
        }
        written.push(rel.clone());
    }
    Ok(written)
}

/// A YAML scalar as written: plain when that reads the same, else in double quotes.
pub(crate) fn quote(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.starts_with(|c: char| "[]{}*&!%@'\"|>-?,:#`~ ".contains(c))
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        )
        && text.parse::<f64>().is_err();
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// Today's date (UTC), year-month-day, for `updated` and the accessibility statement.
pub(crate) fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_819), (2027, 1, 1));
    }

    #[test]
    fn yaml_texts_are_quoted_only_when_needed() {
        assert_eq!(quote("Perheneuvola"), "Perheneuvola");
        assert_eq!(quote("a: b"), "\"a: b\"");
        assert_eq!(quote("no"), "\"no\"");
        assert_eq!(quote("2026"), "\"2026\"");
        assert_eq!(quote("\"x\""), "\"\\\"x\\\"\"");
    }
}
