//! A service's web page: its text, then the contacts of every region that offers it.

use super::prelude::*;
use crate::render::call_box::CallBox;

#[derive(Serialize)]
pub struct ServiceView<'a> {
    /// One leaflet per region that offers the service.
    pub print_links: Vec<Link<'a>>,
    pub title: &'a str,
    pub summary: &'a str,
    pub body_html: String,
    pub legal_basis: &'a [String],
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    pub regions: Vec<ContactsBlock<'a>>,
    /// How to reach the service by phone, shown under the summary.
    pub call: Option<CallBox<'a>>,
    pub topics: Vec<Text<'a>>,
}

impl<'a> Renderer<'a> {
    /// A service's page, or where it is not written in this language, the notice that says so
    /// (with the regions' contacts all the same).
    pub(super) fn service(
        &self,
        locals: &Locals,
        si: usize,
        li: usize,
    ) -> Result<Page<'a>, Diagnostic> {
        let site = self.site;
        let s = &site.services[si];
        let regions: Vec<ContactsBlock> = s
            .regions
            .iter()
            .map(|ri| self.contacts_block(locals, *ri, Some(si), li, Shown::ServicePage))
            .collect::<Result<_, _>>()?;
        let Some(tr) = &s.translations[li] else {
            let json_ld = self.json_ld_local(locals, self.service_json_ld(si, li));
            return Ok(self.untranslated(
                Kind::Service(si),
                s,
                li,
                regions,
                self.call_box(si, li),
                Some(json_ld),
            ));
        };
        let mut page = Page::new("service.html", Kind::Service(si), li);
        let mut base = self.base(Kind::Service(si), li, &tr.title, &tr.summary);
        let print_links: Vec<Link> = if s.regions.is_empty() {
            vec![Link {
                text: self.plain(&tr.title),
                url: site.url(&site.leaflet_path(si, None, li)),
                hreflang: None,
            }]
        } else {
            s.regions
                .iter()
                .map(|ri| Link {
                    text: self.region_name(*ri, li),
                    url: site.url(&site.leaflet_path(si, Some(*ri), li)),
                    hreflang: None,
                })
                .collect()
        };
        base.print_alternates = print_links.clone();
        base.json_ld = Some(self.json_ld_local(locals, self.service_json_ld(si, li)));
        page.data.insert("base", base);
        // One QR code per service page, shared by all its regions' leaflets.
        page.extra.push((
            "qr.svg".into(),
            self.qr_svg(&site.absolute_url(&site.service_path(si, li))),
        ));
        let t = self.strings(li);
        let months = t.list("months");
        let view = ServiceView {
            print_links,
            title: &tr.title,
            summary: &tr.summary,
            body_html: self.body(&self.body_fragments, si, li),
            legal_basis: &tr.legal_basis,
            updated: tr
                .updated
                .map(|d| d.format(t.text("date_full"), t.text("date_month"), &months)),
            updated_iso: tr.updated.map(|d| d.iso()),
            regions,
            call: self.call_box(si, li),
            topics: s
                .topics
                .iter()
                .map(|ti| self.text(&site.topics[*ti].name, li))
                .collect(),
        };
        page.data.insert("page", view);
        Ok(page)
    }
}
