//! The list of regions.

use super::prelude::*;

#[derive(Serialize)]
pub struct RegionsView<'a> {
    pub regions: Vec<ServiceItem<'a>>,
}

impl<'a> Renderer<'a> {
    /// The list of regions.
    pub(super) fn regions(&self, li: usize) -> Page<'a> {
        let site = self.site;
        let mut page = Page::new("regions.html", Kind::Regions, li);
        let t = self.strings(li);
        page.data.insert(
            "base",
            self.base(
                Kind::Regions,
                li,
                t.text("regions"),
                t.text("regions_intro"),
            ),
        );
        let regions = (0..site.regions.len())
            .map(|ri| ServiceItem {
                title: self.text(&site.regions[ri].name, li),
                summary: None,
                url: site.url(&site.region_path(ri, li)),
                translated: true,
            })
            .collect();
        page.data.insert("page", RegionsView { regions });
        page
    }
}
