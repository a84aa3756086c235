//! A region's printable booklet: every service offered there, with the region's contacts.

use super::prelude::*;

#[derive(Serialize)]
pub struct BookletItem<'a> {
    pub anchor: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub body_html: String,
    pub contacts: ContactsBlock<'a>,
    pub updated: Option<String>,
}

/// A region's services as one printable booklet.
#[derive(Serialize)]
pub struct BookletView<'a> {
    pub region: Text<'a>,
    pub items: Vec<BookletItem<'a>>,
    pub untranslated: Vec<Text<'a>>,
    pub qr_alt: String,
    pub pdf_url: Option<String>,
    pub web_url: String,
    pub web_link: String,
}

impl<'a> Renderer<'a> {
    /// A region's printable booklet: every service offered there, with the region's contacts.
    pub(super) fn booklet(
        &self,
        locals: &Locals,
        ri: usize,
        li: usize,
    ) -> Result<Page<'a>, Diagnostic> {
        let site = self.site;
        let mut page = Page::new("booklet.html", Kind::Booklet(ri), li);
        let t = self.strings(li);
        let months = t.list("months");
        let region = self.text(&site.regions[ri].name, li);
        let mut base = self.base(Kind::Booklet(ri), li, t.text("booklet"), region.text);
        base.title = format!("{} – {}", region.text, t.text("booklet_title"));
        base.canonical = Some(site.absolute_url(&site.region_path(ri, li)));
        page.data.insert("base", base);
        let web_url = site.absolute_url(&site.region_path(ri, li));
        page.extra.push(("qr.svg".into(), self.qr_svg(&web_url)));
        let mut items = Vec::new();
        let mut untranslated = Vec::new();
        for si in site.services_in_region(ri) {
            let s = &site.services[si];
            match &s.translations[li] {
                Some(tr) => items.push(BookletItem {
                    anchor: format!("service-{}", s.id),
                    title: &tr.title,
                    summary: &tr.summary,
                    body_html: self.booklet_body(locals, si, li, ri),
                    contacts: self.contacts_block(locals, ri, Some(si), li, Shown::Booklet)?,
                    updated: tr
                        .updated
                        .map(|d| d.format(t.text("date_full"), t.text("date_month"), &months)),
                }),
                None => {
                    let (oi, tr) = s.original();
                    untranslated.push(Text {
                        text: &tr.title,
                        lang: Some(site.languages[oi].code.as_str()),
                    });
                }
            }
        }
        let view = BookletView {
            region,
            items,
            untranslated,
            qr_alt: t.text("qr_alt_region").replace("{url}", &web_url),
            pdf_url: self.options.pdf.then(|| site.booklet_pdf_name(ri, li)),
            web_link: site.url(&site.region_path(ri, li)),
            web_url,
        };
        page.data.insert("page", view);
        Ok(page)
    }
}
