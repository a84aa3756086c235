//! The second stage: front matter and region YAML become typed raw documents. Markdown bodies
//! stay text here; they are rendered once links between pages can be resolved.

pub mod depth;
mod html;
pub mod items;
pub mod raw;
pub mod schema_types;
pub mod yaml;

use crate::diag::Diagnostic;
use crate::load::{Bundle, Picture, Source, Sources};
use raw::{RawFrontMatter, RawRegion, RawSite};
use rayon::prelude::*;
use std::path::PathBuf;

/// A Markdown file with its front matter read.
#[derive(Debug, Clone)]
pub struct Document {
    pub lang: String,
    pub source: Source,
    pub meta: RawFrontMatter,
    /// Byte offset where the Markdown body starts in `source.text`.
    pub body_start: usize,
}

impl Document {
    pub fn body(&self) -> &str {
        &self.source.text[self.body_start..]
    }
}

#[derive(Debug, Clone)]
pub struct ParsedBundle {
    pub id: String,
    pub dir: PathBuf,
    pub documents: Vec<Document>,
    pub assets: Vec<PathBuf>,
    /// Languages whose document exists but could not be read (already reported).
    pub broken: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ParsedRegion {
    pub id: String,
    pub source: Source,
    pub raw: RawRegion,
}

#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub root: PathBuf,
    pub site: Option<(Source, RawSite)>,
    /// The pictures beside site.yaml, one of which may be the logo.
    pub pictures: Vec<Picture>,
    pub services: Vec<ParsedBundle>,
    pub pages: Vec<ParsedBundle>,
    pub regions: Vec<ParsedRegion>,
    pub themes_dir: PathBuf,
}

pub fn parse(sources: Sources) -> (Parsed, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut parsed = Parsed {
        root: sources.root,
        themes_dir: sources.themes_dir,
        pictures: sources.pictures,
        ..Default::default()
    };
    if let Some(src) = sources.site {
        match yaml::parse::<RawSite>(&src.path, &src.text, &src.text, 1) {
            Ok(raw) => parsed.site = Some((src, raw)),
            Err(d) => diags.push(d),
        }
    }
    let regions: Vec<_> = sources
        .regions
        .into_par_iter()
        .map(
            |(id, src)| match yaml::parse::<RawRegion>(&src.path, &src.text, &src.text, 1) {
                Ok(raw) => Ok(ParsedRegion {
                    id,
                    source: src,
                    raw,
                }),
                Err(d) => Err(d),
            },
        )
        .collect();
    for r in regions {
        match r {
            Ok(r) => parsed.regions.push(r),
            Err(d) => diags.push(d),
        }
    }
    parsed.services = parse_bundles(sources.services, &mut diags);
    parsed.pages = parse_bundles(sources.pages, &mut diags);
    (parsed, diags)
}

fn parse_bundles(bundles: Vec<Bundle>, diags: &mut Vec<Diagnostic>) -> Vec<ParsedBundle> {
    let results: Vec<(ParsedBundle, Vec<Diagnostic>)> = bundles
        .into_par_iter()
        .map(|b| {
            let mut local = Vec::new();
            let mut documents = Vec::new();
            let mut broken = Vec::new();
            for (lang, src) in b.documents {
                match document(lang.clone(), src) {
                    Ok(d) => documents.push(d),
                    Err(d) => {
                        local.push(d);
                        broken.push(lang);
                    }
                }
            }
            let bundle = ParsedBundle {
                id: b.id,
                dir: b.dir,
                documents,
                assets: b.assets,
                broken,
            };
            (bundle, local)
        })
        .collect();
    results
        .into_iter()
        .map(|(b, d)| {
            diags.extend(d);
            b
        })
        .collect()
}

/// Splits and parses a Markdown file's front matter.
pub fn document(lang: String, source: Source) -> Result<Document, Diagnostic> {
    let (yaml_range, body_start) = split_front_matter(&source.text).ok_or_else(|| {
        Diagnostic::error(&source.path, "the file must start with front matter between two '---' lines")
            .at(&source.text, 1, 1)
            .hint("begin the file with a line '---', then 'title: ...' and 'summary: ...', then another '---' line")
    })?;
    let yaml_text = &source.text[yaml_range];
    let meta = yaml::parse::<RawFrontMatter>(&source.path, &source.text, yaml_text, 2)?;
    // Here rather than at rendering, so the preview's one-file reparse refuses it too, and
    // nothing renders a text that could overflow the stack.
    if let Err(p) = depth::check_markdown(&source.text[body_start..]) {
        return Err(p.diagnostic(&source.path, &source.text, body_start));
    }
    Ok(Document {
        lang,
        source,
        meta,
        body_start,
    })
}

/// The byte range of the YAML between the `---` lines, and where the body starts.
fn split_front_matter(text: &str) -> Option<(std::ops::Range<usize>, usize)> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_end + 1;
    let mut pos = yaml_start;
    while pos <= text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "---" {
            let body = (end + 1).min(text.len());
            return Some((yaml_start..pos, body));
        }
        if end >= text.len() {
            break;
        }
        pos = end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_from_the_body() {
        let text = "---\ntitle: A\n---\nBody\n";
        let (yaml, body) = split_front_matter(text).unwrap();
        assert_eq!(&text[yaml], "title: A\n");
        assert_eq!(&text[body..], "Body\n");
    }

    #[test]
    fn front_matter_without_closing_line_is_refused() {
        assert!(split_front_matter("---\ntitle: A\nBody\n").is_none());
        assert!(split_front_matter("title: A\n---\n").is_none());
    }

    #[test]
    fn error_lines_count_from_the_top_of_the_file() {
        let src = Source {
            path: "fi.md".into(),
            text: "---\ntitle: A\nsummary: B\nregion: [x]\n---\n".into(),
        };
        let d = document("fi".into(), src).unwrap_err();
        assert_eq!(d.line, 4);
        assert_eq!(d.message, "unknown field 'region'");
    }
}
