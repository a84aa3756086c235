//! The page a service or free page has in a language it is not written in: it says so, in
//! that language, and links the versions that exist.

use super::prelude::*;
use crate::render::call_box::CallBox;

/// A page that exists in another language only.
#[derive(Serialize)]
pub struct UntranslatedView<'a> {
    pub original_title: Text<'a>,
    pub versions: Vec<Link<'a>>,
    pub regions: Vec<ContactsBlock<'a>>,
    /// A service's call box (none for a free page).
    pub call: Option<CallBox<'a>>,
}

impl<'a> Renderer<'a> {
    /// The notice for `item`, not yet written in language `li`.
    pub(super) fn untranslated<T: Translated>(
        &self,
        kind: Kind,
        item: &'a T,
        li: usize,
        regions: Vec<ContactsBlock<'a>>,
        call: Option<CallBox<'a>>,
        json_ld: Option<String>,
    ) -> Page<'a> {
        let mut page = Page::new("untranslated.html", kind, li);
        let t = self.strings(li);
        let (oi, original) = item.original();
        let original_lang = self.site.languages[oi].code.as_str();
        let mut base = self.base(
            kind,
            li,
            t.text("untranslated_title"),
            t.text("untranslated_text"),
        );
        base.json_ld = json_ld;
        page.data.insert("base", base);
        let versions = item
            .translations()
            .iter()
            .enumerate()
            .filter_map(|(lj, tr)| {
                tr.as_ref().map(|tr| {
                    let code = self.site.languages[lj].code.as_str();
                    Link {
                        text: Text {
                            text: &tr.title,
                            lang: Some(code),
                        },
                        url: self.site.url(&self.path_of(kind, lj)),
                        hreflang: Some(code),
                    }
                })
            })
            .collect();
        let view = UntranslatedView {
            original_title: Text {
                text: &original.title,
                lang: Some(original_lang),
            },
            versions,
            regions,
            call,
        };
        page.data.insert("page", view);
        page
    }
}
