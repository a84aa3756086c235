//! The files beside a service's or free page's Markdown (pictures, forms as PDF): which of
//! them are published. Only a file the text links to or shows, or one the front matter lists
//! under `files:`, goes to the site; anything else in the folder (a client list, a backup of
//! the text, a draft) stays private, with a warning that names it. A published file may not
//! take the place of a page esite makes.

use super::checks::Checker;
use super::*;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};
use std::collections::HashSet;

/// What a folder's files are checked against.
pub(super) struct Folder<'a> {
    /// The service's or page's folder, e.g. content/services/perhetyo.
    pub(super) dir: &'a Path,
    /// Every file found in it (and its subfolders).
    pub(super) files: Vec<PathBuf>,
    /// The names of the print section in each language (`tulosta`): a service folder's
    /// leaflets go there. `None` for a free page, which has no leaflets.
    pub(super) print: Option<Vec<&'a str>>,
}

/// The files of `folder` that are published; the others are reported.
pub(super) fn publish(
    folder: Folder,
    translations: &[Option<Translation>],
    ctx: &mut Checker,
) -> Vec<PathBuf> {
    if folder.files.is_empty() {
        return Vec::new();
    }
    let mut wanted: HashSet<String> = HashSet::new();
    for t in translations.iter().flatten() {
        wanted.extend(local_targets(t.body()));
        for listed in &t.files {
            let found = folder
                .files
                .iter()
                .any(|f| relative(folder.dir, f).as_deref() == Some(listed.as_str()));
            if !found {
                let (line, col, width) = diag::locate(&t.source.text, "files", listed);
                ctx.diags.push(
                    Diagnostic::error(
                        &t.source.path,
                        format!("'files' lists '{listed}', which is not in this folder"),
                    )
                    .at(&t.source.text, line, col)
                    .width(width)
                    .hint(
                        "check the file name's spelling, or put the file beside the Markdown file",
                    ),
                );
            }
            wanted.insert(listed.clone());
        }
    }
    let mut published = Vec::new();
    for file in folder.files {
        let Some(rel) = relative(folder.dir, &file) else {
            continue;
        };
        if !wanted.contains(&rel) {
            ctx.diags.push(
                Diagnostic::warning(
                    &file,
                    "no page links to this file, so it is not published",
                )
                .hint("link to it from the text, e.g. [the form](lomake.pdf), or list it under 'files:' in the front matter; a file that is not meant for the public does not belong in content/"),
            );
            continue;
        }
        if let Some(page) = generated(&rel, folder.print.as_deref()) {
            ctx.diags.push(
                Diagnostic::error(
                    &file,
                    format!("this file would take the place of {page} that esite makes"),
                )
                .hint("rename the file, and its links"),
            );
            continue;
        }
        published.push(file);
    }
    published
}

/// The generated file `rel` (a path inside the page's folder) would overwrite, if any.
fn generated(rel: &str, print: Option<&[&str]>) -> Option<&'static str> {
    let first = rel.split('/').next().unwrap_or(rel);
    match (rel, print) {
        ("index.html", Some(_)) => Some("the service page (index.html)"),
        ("index.html", None) => Some("the page (index.html)"),
        ("qr.svg", Some(_)) => Some("the QR code of the service's leaflets (qr.svg)"),
        (_, Some(print)) if print.contains(&first) => Some("the service's leaflets"),
        _ => None,
    }
}

/// `file` as written in a link from its folder: `kuvat/kuva.jpg`.
fn relative(dir: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(dir).ok()?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}

/// The local files a Markdown body links to or shows: no scheme, no fragment or query.
pub(super) fn local_targets(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    for event in Parser::new_ext(body, options) {
        match event {
            // An e-mail autolink (<nimi@example.fi>) names no file.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => {}
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                out.extend(local(&dest_url));
            }
            // A site that allows HTML may show a picture with <img src>.
            Event::Html(html) | Event::InlineHtml(html) => {
                for attr in ["src=\"", "href=\""] {
                    for (i, _) in html.match_indices(attr) {
                        let rest = &html[i + attr.len()..];
                        if let Some(end) = rest.find('"') {
                            out.extend(local(&rest[..end]));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn local(dest: &str) -> Option<String> {
    let target = dest.split(['#', '?']).next().unwrap_or("");
    let has_scheme = target
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/'));
    (!target.is_empty() && !has_scheme && !target.starts_with('/'))
        .then(|| target.trim_start_matches("./").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_the_text_links_or_shows_count() {
        let body = "![Kuva](kuvat/perhe.jpg \"x\")\n\n[Lomake](lomake.pdf#sivu=2) \
                    [Palvelu](service:kotipalvelu) [THL](https://thl.fi/) <a@b.fi> \
                    [ohje](./ohje.pdf?v=2) [sama sivu](#otsikko)\n\n<img src=\"html.png\">\n";
        assert_eq!(
            local_targets(body),
            ["kuvat/perhe.jpg", "lomake.pdf", "ohje.pdf", "html.png"]
        );
    }

    #[test]
    fn a_file_may_not_take_a_generated_name() {
        let print = ["tulosta", "print"];
        assert!(generated("index.html", Some(&print)).is_some());
        assert!(generated("qr.svg", Some(&print)).is_some());
        assert!(generated("tulosta/kainuu/index.html", Some(&print)).is_some());
        assert!(generated("print/x.pdf", Some(&print)).is_some());
        assert!(generated("kuvat/index.html", Some(&print)).is_none());
        assert!(generated("index.html", None).is_some());
        assert!(generated("qr.svg", None).is_none());
    }
}
