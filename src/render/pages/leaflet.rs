//! A service's printable leaflet, with one region's contacts.

use super::prelude::*;
use crate::render::common::paper_name;

/// A service's printed leaflet, with one region's contacts.
#[derive(Serialize)]
pub struct LeafletView<'a> {
    /// The QR code, kept once beside the service page.
    pub qr_url: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub body_html: String,
    pub publisher: Text<'a>,
    /// The region's way to call (or go online), first on the page.
    pub front: Option<crate::render::front::Front<'a>>,
    pub contacts: Option<ContactsBlock<'a>>,
    pub legal_basis: &'a [String],
    pub colophon: Option<Colophon<'a>>,
    pub updated: Option<String>,
    pub qr_alt: String,
    /// The leaflet as PDF, beside it, when `esite pdf` made one.
    pub pdf_url: Option<String>,
    /// The web page's address, printed in words under the QR code.
    pub web_url: String,
    pub web_link: String,
}

impl<'a> Renderer<'a> {
    /// A service's printable leaflet, with one region's contacts.
    pub(super) fn leaflet(
        &self,
        locals: &Locals,
        si: usize,
        region: Option<usize>,
        li: usize,
    ) -> Result<Page<'a>, Diagnostic> {
        let site = self.site;
        let mut page = Page::new("leaflet.html", Kind::Leaflet(si, region), li);
        let s = &site.services[si];
        let tr = s.translations[li]
            .as_ref()
            .expect("leaflets are made for translated services only");
        let t = self.strings(li);
        let months = t.list("months");
        let mut base = self.base(Kind::Leaflet(si, region), li, &tr.title, &tr.summary);
        base.paper = paper_name(s.paper);
        base.canonical = Some(site.absolute_url(&site.service_path(si, li)));
        let publisher = match region {
            Some(ri) => self.text(&site.regions[ri].name, li),
            None => self.text(&site.organisation, li),
        };
        base.title = format!("{} – {}", tr.title, publisher.text);
        page.data.insert("base", base);
        let web_url = site.absolute_url(&site.service_path(si, li));
        let view = LeafletView {
            qr_url: site.url(&format!("{}qr.svg", site.service_path(si, li))),
            title: &tr.title,
            summary: &tr.summary,
            body_html: self.print_body(si, li, region),
            publisher,
            front: region.map(|ri| self.front(ri, si, li)),
            contacts: region
                .map(|ri| self.contacts_block(locals, ri, Some(si), li, Shown::Leaflet))
                .transpose()?,
            legal_basis: &tr.legal_basis,
            colophon: region.and_then(|ri| self.colophon(ri, si, li)),
            updated: tr
                .updated
                .map(|d| d.format(t.text("date_full"), t.text("date_month"), &months)),
            qr_alt: t.text("qr_alt").replace("{url}", &web_url),
            pdf_url: self
                .options
                .pdf
                .then(|| site.leaflet_pdf_name(si, region, li)),
            web_link: site.url(&site.service_path(si, li)),
            web_url,
        };
        page.data.insert("page", view);
        Ok(page)
    }
}
