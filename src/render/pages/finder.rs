//! The municipality finder A–Ö.

use super::prelude::*;

#[derive(Serialize)]
pub struct FinderView<'a> {
    /// Grouped by first letter, A to Ö.
    pub letters: Vec<LetterGroup<'a>>,
}

#[derive(Serialize)]
pub struct LetterGroup<'a> {
    pub letter: String,
    pub municipalities: Vec<MunicipalityItem<'a>>,
}

impl<'a> Renderer<'a> {
    /// The municipality finder A–Ö.
    pub(super) fn finder(&self, li: usize) -> Page<'a> {
        let site = self.site;
        let mut page = Page::new("municipalities.html", Kind::Finder, li);
        let t = self.strings(li);
        page.data.insert(
            "base",
            self.base(
                Kind::Finder,
                li,
                t.text("municipalities"),
                t.text("finder_intro"),
            ),
        );
        let mut letters: Vec<LetterGroup> = Vec::new();
        for &mi in &site.municipality_order[li] {
            let item = self.municipality_item(mi, li);
            let letter: String = item
                .name
                .text
                .chars()
                .next()
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            match letters.last_mut() {
                Some(g) if g.letter == letter => g.municipalities.push(item),
                _ => letters.push(LetterGroup {
                    letter,
                    municipalities: vec![item],
                }),
            }
        }
        page.data.insert("page", FinderView { letters });
        page
    }
}
