//! `esite check --links`: every external web address an editor wrote, with its file and
//! line. They are listed, never fetched.

use crate::{diag, model, render};
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
        for (line, url) in render::markdown::external_links(&t.source.text, t.body_start) {
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
