//! `esite check --links`: every external web address an editor wrote, with its file and
//! line. They are listed, never fetched.

use crate::{diag, model};
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::path::PathBuf;

/// Every external address with where it is written: (file, line, url), sorted.
pub fn external_links(site: &model::Site) -> Vec<(PathBuf, usize, String)> {
    let mut links = Vec::new();
    let docs = site
        .services
        .iter()
        .flat_map(|s| s.translations.iter())
        .chain(site.pages.iter().flat_map(|p| p.translations.iter()));
    for t in docs.flatten() {
        for (line, url) in external_links_in(&t.source.text, t.body_start) {
            links.push((t.source.path.clone(), line, url));
        }
    }
    for r in &site.regions {
        let channels = r
            .channels
            .iter()
            .chain(r.areas.iter().flat_map(|a| a.channels.iter()));
        if let Some(url) = &r.website {
            links.push((
                r.file.clone(),
                diag::locate(&r.text, "website", url).0,
                url.clone(),
            ));
        }
        for url in channels.filter_map(|c| c.url.as_ref()) {
            links.push((
                r.file.clone(),
                diag::locate(&r.text, "url", url).0,
                url.clone(),
            ));
        }
    }
    links.sort();
    links.dedup();
    links
}

/// The web addresses a Markdown body links to, with their 1-based lines, for `check --links`.
fn external_links_in(text: &str, body_start: usize) -> Vec<(usize, String)> {
    let body = &text[body_start..];
    let lines = diag::LineIndex::new(text);
    Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES)
        .into_offset_iter()
        .filter_map(|(e, range)| match e {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })
                if dest_url.starts_with("http://") || dest_url.starts_with("https://") =>
            {
                Some((
                    lines.line_col(text, body_start + range.start).0,
                    dest_url.to_string(),
                ))
            }
            _ => None,
        })
        .collect()
}
