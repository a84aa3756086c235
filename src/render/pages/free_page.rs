//! A free page (content/pages/): an about page, instructions, anything not a service.

use super::prelude::*;

#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub body_html: String,
}

impl<'a> Renderer<'a> {
    /// A free page, or the notice that it is not written in this language.
    pub(super) fn free_page(&self, pi: usize, li: usize) -> Page<'a> {
        let p = &self.site.pages[pi];
        let Some(tr) = &p.translations[li] else {
            return self.untranslated(Kind::Page(pi), p, li, Vec::new(), None, None);
        };
        let mut page = Page::new("page.html", Kind::Page(pi), li);
        page.data.insert(
            "base",
            self.base(Kind::Page(pi), li, &tr.title, &tr.summary),
        );
        page.data.insert(
            "page",
            PageView {
                title: &tr.title,
                summary: &tr.summary,
                body_html: self.body(&self.page_body_fragments, pi, li),
            },
        );
        page
    }
}
