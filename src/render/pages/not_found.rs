//! The page for missing addresses, one per language (and the default language's at the root).

use super::prelude::*;

impl<'a> Renderer<'a> {
    /// The page for missing addresses, one per language (and the default language's at the root).
    pub(super) fn not_found(&self, li: usize) -> Page<'a> {
        let mut page = Page::new("404.html", Kind::NotFound, li);
        let t = self.strings(li);
        page.data.insert(
            "base",
            self.base(
                Kind::NotFound,
                li,
                t.text("not_found_title"),
                t.text("not_found_text"),
            ),
        );
        page.data.insert("page", ());
        page
    }
}
