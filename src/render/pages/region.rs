//! A region's page: its services, contacts, areas and municipalities.

use super::prelude::*;

#[derive(Serialize)]
pub struct RegionView<'a> {
    pub booklet_url: String,
    pub name: Text<'a>,
    pub description_html: Option<String>,
    pub contacts: ContactsBlock<'a>,
    pub services: Vec<ServiceItem<'a>>,
    pub municipalities: Vec<MunicipalityItem<'a>>,
}

impl<'a> Renderer<'a> {
    /// A region's page: its services, contacts, areas and municipalities.
    pub(super) fn region(
        &self,
        locals: &Locals,
        ri: usize,
        li: usize,
    ) -> Result<Page<'a>, Diagnostic> {
        let site = self.site;
        let mut page = Page::new("region.html", Kind::Region(ri), li);
        let r = &site.regions[ri];
        let name = self.text(&r.name, li);
        let t = self.strings(li);
        let summary = format!("{} {}", t.text("region_summary"), name.text);
        let mut base = self.base(Kind::Region(ri), li, name.text, &summary);
        base.json_ld = Some(self.json_ld_local(locals, self.region_json_ld(ri, li)));
        page.data.insert("base", base);
        let mut municipalities: Vec<MunicipalityItem> = r
            .municipalities
            .iter()
            .chain(r.areas.iter().flat_map(|a| &a.municipalities))
            .map(|m| self.municipality_item(m.finder, li))
            .collect();
        municipalities.sort_by(|a, b| model::slug::collate(a.name.text, b.name.text));
        municipalities.dedup_by(|a, b| a.url == b.url);
        let view = RegionView {
            booklet_url: site.url(&site.booklet_path(ri, li)),
            name: name.clone(),
            description_html: self.snippets[li].region_description[ri].clone(),
            contacts: self.contacts_block(locals, ri, None, li, Shown::RegionPage)?,
            services: site
                .services_in_region(ri)
                .map(|si| self.service_item(si, li))
                .collect(),
            municipalities,
        };
        page.data.insert("page", view);
        Ok(page)
    }
}
