//! The site's root index.html: a visitor chooses a language.

use super::prelude::*;

#[derive(Serialize)]
pub struct ChooserView<'a> {
    pub choices: Vec<Alternate<'a>>,
    pub titles: Vec<Text<'a>>,
    /// Each language's accessibility statement, named in that language.
    pub statements: Vec<Link<'a>>,
}

impl<'a> Renderer<'a> {
    /// The language chooser, in the default language's layout.
    pub(super) fn chooser(&self) -> Page<'a> {
        let site = self.site;
        let mut page = Page::new("language-chooser.html", Kind::Home, 0);
        let default_li = 0;
        let mut base = self.base(Kind::Home, default_li, "", "");
        base.canonical = Some(site.base_url.clone());
        base.title = site
            .languages
            .iter()
            .enumerate()
            .map(|(li, _)| self.text(&site.title, li).text)
            .collect::<Vec<_>>()
            .join(" · ");
        let choices = site
            .languages
            .iter()
            .enumerate()
            .map(|(li, l)| Alternate {
                lang: &l.code,
                name: &l.name,
                url: site.url(&site.home_path(li)),
                absolute_url: site.absolute_url(&site.home_path(li)),
                current: false,
                translated: true,
            })
            .collect();
        let titles = (0..site.languages.len())
            .map(|li| Text {
                text: self.text(&site.title, li).text,
                lang: Some(site.languages[li].code.as_str()),
            })
            .collect();
        page.data.insert("base", base);
        let statements = match site.accessibility {
            Some(_) => (0..site.languages.len())
                .map(|li| {
                    let code = site.languages[li].code.as_str();
                    Link {
                        text: Text {
                            text: self.strings(li).text("accessibility_title"),
                            lang: Some(code),
                        },
                        url: site.url(&site.accessibility_path(li)),
                        hreflang: Some(code),
                    }
                })
                .collect(),
            None => Vec::new(),
        };
        page.data.insert(
            "page",
            ChooserView {
                choices,
                titles,
                statements,
            },
        );
        page
    }
}
