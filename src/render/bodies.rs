//! Markdown made HTML once per document: the bodies of services and free pages, and the
//! snippets in region files (descriptions, notes), each minified once.

use super::{fragments, markdown, memo};
use crate::diag::Diagnostic;
use crate::model::{self, Site};
use crate::parse::raw::Localized;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The Markdown bodies of the services and free pages in `scope`; the others are left empty.
pub(super) fn render_all_bodies(
    site: &Site,
    scope: &fragments::Scope,
    remembered: Option<(&memo::Memo, [u8; 16])>,
    diags: &mut Vec<Diagnostic>,
) -> (Bodies, Bodies) {
    let services: Vec<_> = site
        .services
        .iter()
        .map(|s| (&s.translations[..], &s.assets[..]))
        .collect();
    let pages: Vec<_> = site
        .pages
        .iter()
        .map(|p| (&p.translations[..], &p.assets[..]))
        .collect();
    (
        render_bodies(site, &services, &scope.services, remembered, diags),
        render_bodies(site, &pages, &scope.pages, remembered, diags),
    )
}

/// Per item, per language: the HTML and the problems found in it.
pub(super) type Bodies = Vec<Vec<Option<String>>>;
/// Per item, per language: the HTML and the problems found in it.
pub(super) type BodyResults = Vec<Vec<Option<(String, Vec<Diagnostic>)>>>;

pub(super) fn render_bodies(
    site: &Site,
    items: &[(&[Option<model::Translation>], &[PathBuf])],
    wanted: &[bool],
    remembered: Option<(&memo::Memo, [u8; 16])>,
    diags: &mut Vec<Diagnostic>,
) -> Bodies {
    let results: BodyResults = items
        .par_iter()
        .zip(wanted)
        .map(|((translations, assets), &wanted)| {
            translations
                .iter()
                .enumerate()
                .map(|(li, t)| {
                    t.as_ref().filter(|_| wanted).map(|t| {
                        let cx = markdown::Context {
                            site,
                            lang: li,
                            file: &t.source.path,
                            assets,
                        };
                        let render = || {
                            let r = markdown::render(&t.source.text, t.body_start, &cx);
                            (r.html, r.diags)
                        };
                        match remembered {
                            Some((memo, digest)) => {
                                let mut inputs = memo::Inputs::new("markdown")
                                    .with(&digest)
                                    .with(&li.to_le_bytes())
                                    .with(t.source.path.as_os_str().as_encoded_bytes())
                                    .with(&t.body_start.to_le_bytes())
                                    .with(t.source.text.as_bytes());
                                for a in assets.iter() {
                                    inputs = inputs.with(a.as_os_str().as_encoded_bytes());
                                }
                                let r = memo.markdown(inputs, render);
                                (r.0.clone(), r.1.clone())
                            }
                            None => render(),
                        }
                    })
                })
                .collect()
        })
        .collect();
    results
        .into_iter()
        .map(|langs| {
            langs
                .into_iter()
                .map(|x| {
                    x.map(|(html, d)| {
                        diags.extend(d);
                        html
                    })
                })
                .collect()
        })
        .collect()
}

/// Markdown snippets from region files (descriptions, notes), rendered once per language.
pub(super) struct Snippets {
    /// [region] description
    pub(super) region_description: Vec<Option<String>>,
    /// [region][area]
    pub(super) area_description: Vec<Vec<Option<String>>>,
    /// [region] (service index, notes)
    pub(super) notes: Vec<Vec<(usize, String)>>,
    pub(super) diags: Vec<Diagnostic>,
}

impl Snippets {
    pub(super) fn new(
        site: &Site,
        li: usize,
        remembered: Option<(&memo::Memo, [u8; 16])>,
    ) -> Snippets {
        let mut diags = Vec::new();
        let lang = site.languages[li].code.as_str();
        let default = site.default_lang();
        let mut md = |file: &Path, text: &Localized| -> String {
            let (source, _) = text.get(lang, default);
            let cx = markdown::Context {
                site,
                lang: li,
                file,
                assets: &[],
            };
            let make = || {
                let r = markdown::render(source, 0, &cx);
                (minify_str(&r.html), r.diags)
            };
            let (html, problems) = match remembered {
                Some((memo, digest)) => {
                    let inputs = memo::Inputs::new("snippet")
                        .with(&digest)
                        .with(&li.to_le_bytes())
                        .with(file.as_os_str().as_encoded_bytes())
                        .with(source.as_bytes());
                    let r = memo.markdown(inputs, make);
                    (r.0.clone(), r.1.clone())
                }
                None => make(),
            };
            // Lines count from the snippet's start; only the first language reports, once.
            if li == 0 {
                diags.extend(problems.into_iter().map(|mut d| {
                    d.line = 0;
                    d.snippet = None;
                    d
                }));
            }
            html
        };
        let mut s = Snippets {
            region_description: Vec::new(),
            area_description: Vec::new(),
            notes: Vec::new(),
            diags: Vec::new(),
        };
        for r in &site.regions {
            s.region_description
                .push(r.description.as_ref().map(|d| md(&r.file, d)));
            s.area_description.push(
                r.areas
                    .iter()
                    .map(|a| a.description.as_ref().map(|d| md(&r.file, d)))
                    .collect(),
            );
            let mut notes: Vec<(usize, String)> = r
                .services
                .iter()
                .filter_map(|(si, rs)| rs.notes.as_ref().map(|n| (*si, md(&r.file, n))))
                .collect();
            notes.sort_by_key(|(si, _)| *si);
            s.notes.push(notes);
        }
        s.diags = diags;
        s
    }
}

pub(super) fn minify(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_html_and_head_opening_tags: true,
        minify_css: false,
        ..minify_html::Cfg::new()
    };
    let mut out = minify_html::minify(html, &cfg);
    // The minifier allocates for the input's size; fragments are kept for the whole build.
    out.shrink_to_fit();
    out
}

/// Markdown from region files, minified like bodies are (templates have no whitespace to lose).
pub(super) fn minify_str(html: &str) -> String {
    String::from_utf8(minify(html.as_bytes()))
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
