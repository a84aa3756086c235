//! Markdown made HTML once per document: the bodies of services and free pages, and the
//! snippets in region files (descriptions, notes).

use super::{asset_urls, fragments, markdown, memo, notes, passages};
use crate::diag::Diagnostic;
use crate::model::{self, Site};
use crate::parse::raw::Localized;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The Markdown bodies of the services and free pages in `scope`; the others are left empty.
pub(super) fn render_all_bodies(
    site: &Site,
    words: &[notes::Words],
    scope: &fragments::Scope,
    remembered: Option<(&memo::Memo, [u8; 16])>,
    diags: &mut Vec<Diagnostic>,
) -> (Bodies, Bodies) {
    let langs = 0..site.languages.len();
    let services: Vec<Item> = site
        .services
        .iter()
        .enumerate()
        .map(|(si, s)| Item {
            translations: &s.translations,
            assets: &s.assets,
            regions: &s.regions,
            folders: langs
                .clone()
                .map(|li| site.url(&site.service_path(si, li)))
                .collect(),
        })
        .collect();
    let pages: Vec<Item> = site
        .pages
        .iter()
        .enumerate()
        .map(|(pi, p)| Item {
            translations: &p.translations,
            assets: &p.assets,
            regions: &[],
            folders: langs
                .clone()
                .map(|li| site.url(&site.page_path(pi, li)))
                .collect(),
        })
        .collect();
    (
        render_bodies(site, words, &services, &scope.services, remembered, diags),
        render_bodies(site, words, &pages, &scope.pages, remembered, diags),
    )
}

/// A service or free page, as its bodies are rendered.
pub(super) struct Item<'s> {
    translations: &'s [Option<model::Translation>],
    /// The files beside the Markdown.
    assets: &'s [PathBuf],
    /// The regions a service is offered in.
    regions: &'s [usize],
    /// Per language: the web page's folder from the site's root, where its files are.
    folders: Vec<String>,
}

/// A body as HTML: as the web page shows it, and where the text has region passages, as each
/// region's leaflet and booklet show it (by region index).
pub(super) struct Body {
    pub(super) html: String,
    pub(super) regional: Vec<(usize, String)>,
}

/// Per item, per language.
pub(super) type Bodies = Vec<Vec<Option<Body>>>;
/// Per item, per language: the body and the problems found in it.
type BodyResults = Vec<Vec<Option<(Body, Vec<Diagnostic>)>>>;

pub(super) fn render_bodies(
    site: &Site,
    words: &[notes::Words],
    items: &[Item],
    wanted: &[bool],
    remembered: Option<(&memo::Memo, [u8; 16])>,
    diags: &mut Vec<Diagnostic>,
) -> Bodies {
    let results: BodyResults = items
        .par_iter()
        .zip(wanted)
        .map(|(item, &wanted)| {
            item.translations
                .iter()
                .enumerate()
                .map(|(li, t)| {
                    t.as_ref()
                        .filter(|_| wanted)
                        .map(|t| render_body(site, &words[li], li, t, item, remembered))
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
                    x.map(|(body, d)| {
                        diags.extend(d);
                        body
                    })
                })
                .collect()
        })
        .collect()
}

/// One document: its web HTML with the problems in it, and its regions' versions.
fn render_body(
    site: &Site,
    words: &notes::Words,
    li: usize,
    t: &model::Translation,
    item: &Item,
    remembered: Option<(&memo::Memo, [u8; 16])>,
) -> (Body, Vec<Diagnostic>) {
    let (assets, regions) = (item.assets, item.regions);
    let cx = markdown::Context {
        site,
        lang: li,
        file: &t.source.path,
        assets,
        words,
    };
    // Rendered once per text (and region), or taken from the preview's memo.
    let markdown = |text: &str, region: Option<usize>| {
        let render = || {
            let r = markdown::render(text, t.body_start, &cx);
            (asset_urls::from_root(&r.html, &item.folders[li]), r.diags)
        };
        match remembered {
            Some((memo, digest)) => {
                let mut inputs = memo::Inputs::new("markdown")
                    .with(&digest)
                    .with(&li.to_le_bytes())
                    .with(&region.map_or(u64::MAX, |r| r as u64).to_le_bytes())
                    .with(t.source.path.as_os_str().as_encoded_bytes())
                    .with(&t.body_start.to_le_bytes())
                    .with(text.as_bytes());
                for a in assets.iter() {
                    inputs = inputs.with(a.as_os_str().as_encoded_bytes());
                }
                let r = memo.markdown(inputs, render);
                (r.0.clone(), r.1.clone())
            }
            None => render(),
        }
    };
    let text = &t.source.text;
    if !passages::any(text, t.body_start) {
        let (html, diags) = markdown(text, None);
        return (
            Body {
                html,
                regional: Vec::new(),
            },
            diags,
        );
    }
    let (found, mut diags) = passages::find(text, t.body_start, &t.source.path, site, regions);
    let (html, more) = markdown(&passages::web_source(text, &found), None);
    diags.extend(more);
    let lang = site.languages[li].code.as_str();
    let html = passages::frame(&html, &found, site, |ri| {
        let (name, other) = site.regions[ri].name.get(lang, site.default_lang());
        super::views::marked_html(name, other)
    });
    // Each region's version: the problems in it are the web version's, reported once.
    let regional = regions
        .iter()
        .map(|&ri| {
            (
                ri,
                markdown(&passages::region_source(text, &found, ri), Some(ri)).0,
            )
        })
        .collect();
    (Body { html, regional }, diags)
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
        words: &notes::Words,
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
                words,
            };
            let make = || {
                let r = markdown::render(source, 0, &cx);
                (r.html, r.diags)
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
