//! The search page: a search field the theme's `search.js` brings to life, and, for readers
//! without JavaScript, every service A–Z and the way to the municipality finder. The
//! language's search index goes beside the page (see `render/search_index.rs`).

use super::prelude::*;
use crate::render::memo::Inputs;
use crate::render::search_index::{Entry, index};
use std::sync::Arc;

/// The index's file name, in the search page's folder.
const INDEX_FILE: &str = "index.json";

#[derive(Serialize)]
pub struct SearchView<'a> {
    /// The page itself: the form's action.
    pub search_url: String,
    pub index_url: String,
    /// The theme's `search.js`, under its hashed name.
    pub script_url: String,
    /// Every service, A–Z by its title in this language.
    pub services: Vec<ServiceItem<'a>>,
    pub finder_url: String,
}

impl<'a> Renderer<'a> {
    /// The search page and its index.
    pub(super) fn search(&self, li: usize) -> Page<'a> {
        let site = self.site;
        let mut page = Page::new("search.html", Kind::Search, li);
        let t = self.strings(li);
        page.data.insert(
            "base",
            self.base(
                Kind::Search,
                li,
                t.text("search_title"),
                t.text("search_help"),
            ),
        );
        let mut services: Vec<ServiceItem> = (0..site.services.len())
            .map(|si| self.service_item(si, li))
            .collect();
        services.sort_by(|a, b| model::slug::collate(a.title.text, b.title.text));
        let script_url = self
            .theme
            .static_files
            .iter()
            .find(|f| f.name == "static/search.js")
            .map(|f| site.url(&crate::render::static_path(&f.name, &f.bytes)))
            .unwrap_or_default();
        let view = SearchView {
            search_url: site.url(&site.search_path(li)),
            index_url: site.url(&format!("{}{INDEX_FILE}", site.search_path(li))),
            script_url,
            services,
            finder_url: site.url(&site.municipalities_path(li)),
        };
        page.data.insert("page", view);
        page.extra.push((INDEX_FILE.into(), self.search_index(li)));
        page
    }

    /// The language's search index: its services and free pages as they read in it. The
    /// preview makes it again only when one of their texts changed.
    fn search_index(&self, li: usize) -> Arc<Vec<u8>> {
        let site = self.site;
        let home_path = site.home_path(li);
        let relative = |path: String| path.strip_prefix(&home_path).unwrap_or(&path).to_string();
        let services = site.services.iter().enumerate().filter_map(|(si, s)| {
            let t = s.translations[li].as_ref()?;
            Some((relative(site.service_path(si, li)), t))
        });
        let pages = site.pages.iter().enumerate().filter_map(|(pi, p)| {
            let t = p.translations[li].as_ref()?;
            Some((relative(site.page_path(pi, li)), t))
        });
        let entries: Vec<Entry> = services
            .chain(pages)
            .map(|(url, t)| Entry {
                url,
                title: &t.title,
                summary: &t.summary,
                keywords: &t.keywords,
                body: t.body(),
            })
            .collect();
        let home = site.url(&home_path);
        let Some(memo) = self.options.memo else {
            return Arc::new(index(&home, &entries));
        };
        let mut inputs = Inputs::new("search-index").with(home.as_bytes());
        for e in &entries {
            inputs = inputs
                .with(e.url.as_bytes())
                .with(e.title.as_bytes())
                .with(e.summary.as_bytes())
                .with(e.body.as_bytes())
                .with(&(e.keywords.len() as u64).to_le_bytes());
            inputs = e.keywords.iter().fold(inputs, |i, k| i.with(k.as_bytes()));
        }
        memo.get_or(inputs, || Ok::<_, ()>(index(&home, &entries)))
            .unwrap_or_default()
    }
}
