//! The home page: services grouped by topic, the municipality picker, the regions.

use super::prelude::*;

#[derive(Serialize)]
pub struct TopicGroup<'a> {
    pub id: &'a str,
    pub name: Text<'a>,
    pub description: Option<Text<'a>>,
    pub services: Vec<ServiceItem<'a>>,
}

#[derive(Serialize)]
pub struct HomeView<'a> {
    pub description: Option<Text<'a>>,
    pub topics: Vec<TopicGroup<'a>>,
    pub municipalities: Vec<MunicipalityItem<'a>>,
    pub regions: Vec<Link<'a>>,
    pub finder_url: String,
    /// Where the search form leads.
    pub search_url: String,
}

impl<'a> Renderer<'a> {
    /// The home page: services grouped by topic, the municipality picker, the regions.
    pub(super) fn home(&self, li: usize) -> Page<'a> {
        let site = self.site;
        let mut page = Page::new("home.html", Kind::Home, li);
        let t = self.strings(li);
        let title = self.text(&site.title, li).text;
        let desc = site.description.as_ref().map(|d| self.text(d, li));
        page.data.insert(
            "base",
            self.base(Kind::Home, li, title, desc.as_ref().map_or("", |d| d.text)),
        );
        let mut topics: Vec<TopicGroup> = site
            .topics
            .iter()
            .enumerate()
            .map(|(ti, topic)| TopicGroup {
                id: &topic.id,
                name: self.text(&topic.name, li),
                description: topic.description.as_ref().map(|d| self.text(d, li)),
                services: (0..site.services.len())
                    .filter(|si| site.services[*si].topics.contains(&ti))
                    .map(|si| self.service_item(si, li))
                    .collect(),
            })
            .filter(|g| !g.services.is_empty())
            .collect();
        let other: Vec<ServiceItem> = (0..site.services.len())
            .filter(|si| site.services[*si].topics.is_empty())
            .map(|si| self.service_item(si, li))
            .collect();
        if !other.is_empty() {
            topics.push(TopicGroup {
                id: "other",
                name: self.plain(t.text("other_services")),
                description: None,
                services: other,
            });
        }
        let view = HomeView {
            description: desc,
            topics,
            municipalities: site.municipality_order[li]
                .iter()
                .map(|&mi| self.municipality_item(mi, li))
                .collect(),
            regions: (0..site.regions.len())
                .map(|ri| Link {
                    text: self.region_name(ri, li),
                    url: site.url(&site.region_path(ri, li)),
                    hreflang: None,
                })
                .collect(),
            finder_url: site.url(&site.municipalities_path(li)),
            search_url: site.url(&site.search_path(li)),
        };
        page.data.insert("page", view);
        page
    }
}
