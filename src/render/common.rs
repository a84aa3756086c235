//! What every page is made of: the layout's data (head, navigation, language switcher,
//! footer) and the items lists show (a service, a municipality).

use super::jobs::{Kind, path_of};
use super::pages::for_booklet;
use super::splice::{Locals, placeholder};
use super::views::*;
use super::{Renderer, contacts::phone_view};
use crate::model::Translated;
use crate::parse::raw::Localized;
use crate::theme::Strings;

impl<'a> Renderer<'a> {
    /// The marker of a body fragment, or nothing for a missing body.
    pub(super) fn body(&self, table: &[Vec<Option<usize>>], i: usize, li: usize) -> String {
        table[i][li].map(placeholder).unwrap_or_default()
    }

    /// The body a region's leaflet shows: its own version where the text has region
    /// passages, else the one shared body.
    pub(super) fn print_body(&self, si: usize, li: usize, ri: Option<usize>) -> String {
        match ri.and_then(|ri| self.regional_body_fragments.get(&(si, li, ri))) {
            Some(&id) => placeholder(id),
            None => self.body(&self.body_fragments, si, li),
        }
    }

    /// The same in a region's booklet, where headings go a level down and ids take the
    /// service's name: made for the booklet alone from the leaflet's version, not kept for
    /// the whole build beside it (those copies were a fifth of what a build held).
    pub(super) fn booklet_body(&self, locals: &Locals, si: usize, li: usize, ri: usize) -> String {
        let id = self
            .regional_body_fragments
            .get(&(si, li, ri))
            .copied()
            .or(self.body_fragments[si][li]);
        let Some(id) = id else {
            return String::new();
        };
        let html = String::from_utf8_lossy(self.fragment_bytes(id));
        let fragment = self.body_fragment(for_booklet(&html, &self.site.services[si].id));
        self.push_local_body(locals, fragment)
    }

    pub(super) fn strings(&self, li: usize) -> &'a Strings {
        &self.theme.strings[self.site.languages[li].code.as_str()]
    }

    pub(super) fn text(&self, l: &'a Localized, li: usize) -> Text<'a> {
        let (text, lang) = l.get(&self.site.languages[li].code, self.site.default_lang());
        Text { text, lang }
    }

    pub(super) fn plain(&self, s: &'a str) -> Text<'a> {
        Text {
            text: s,
            lang: None,
        }
    }

    pub(super) fn path_of(&self, kind: Kind, li: usize) -> String {
        path_of(self.site, kind, li)
    }

    pub(super) fn translated(&self, kind: Kind, li: usize) -> bool {
        match kind {
            Kind::Service(i) => self.site.services[i].translations[li].is_some(),
            Kind::Page(i) => self.site.pages[i].translations[li].is_some(),
            Kind::Leaflet(i, _) => self.site.services[i].translations[li].is_some(),
            _ => true,
        }
    }

    pub(super) fn base(
        &self,
        kind: Kind,
        li: usize,
        page_title: &str,
        description: &str,
    ) -> Base<'a> {
        let site = self.site;
        let t = self.strings(li);
        let translated = self.translated(kind, li);
        let languages = site
            .languages
            .iter()
            .enumerate()
            .map(|(lj, l)| Alternate {
                lang: &l.code,
                name: &l.name,
                url: site.url(&self.path_of(kind, lj)),
                absolute_url: site.absolute_url(&self.path_of(kind, lj)),
                current: lj == li,
                translated: self.translated(kind, lj),
            })
            .collect();
        let nav = [
            (Kind::Home, "home"),
            (Kind::Finder, "municipalities"),
            (Kind::Regions, "regions"),
            (Kind::Search, "search"),
        ]
        .iter()
        .map(|(k, label)| NavLink {
            label: t.text(label),
            url: site.url(&self.path_of(*k, li)),
            current: *k == kind,
        })
        .collect();
        let site_title = self.text(&site.title, li);
        let title = if kind == Kind::Home {
            site_title.text.to_string()
        } else {
            format!("{page_title} – {}", site_title.text)
        };
        let footer = Footer {
            pages: (0..site.pages.len())
                .map(|pi| {
                    let p = &site.pages[pi];
                    let (text, hreflang) = match &p.translations[li] {
                        Some(tr) => (self.plain(&tr.title), None),
                        None => {
                            let (oi, tr) = p.original();
                            let code = site.languages[oi].code.as_str();
                            (
                                Text {
                                    text: &tr.title,
                                    lang: Some(code),
                                },
                                Some(code),
                            )
                        }
                    };
                    Link {
                        text,
                        url: site.url(&site.page_path(pi, li)),
                        hreflang,
                    }
                })
                .collect(),
            accessibility_url: site
                .accessibility
                .as_ref()
                .map(|_| site.url(&site.accessibility_path(li))),
            contact_name: site.contact.as_ref().map(|c| self.text(&c.name, li)),
            contact_email: site.contact.as_ref().and_then(|c| c.email.as_deref()),
            contact_phone: site.contact_phone.as_ref().map(phone_view),
            contact_url: site.contact.as_ref().and_then(|c| c.url.as_deref()),
        };
        Base {
            lang: &site.languages[li].code,
            site_title,
            organisation: self.text(&site.organisation, li),
            title,
            description: description.to_string(),
            canonical: (translated && kind != Kind::NotFound)
                .then(|| site.absolute_url(&self.path_of(kind, li))),
            noindex: !translated || kind == Kind::NotFound,
            css_url: self.css_url,
            home_url: site.url(&site.home_path(li)),
            languages,
            nav,
            footer,
            reload_script: self.options.reload_script,
            print_alternates: Vec::new(),
            paper: paper_name(site.paper),
            json_ld: None,
            identity: self.identity(li),
        }
    }

    pub(super) fn region_name(&self, ri: usize, li: usize) -> Text<'a> {
        let r = &self.site.regions[ri];
        self.text(r.short_name.as_ref().unwrap_or(&r.name), li)
    }

    pub(super) fn service_item(&self, si: usize, li: usize) -> ServiceItem<'a> {
        let s = &self.site.services[si];
        let url = self.site.url(&self.site.service_path(si, li));
        match &s.translations[li] {
            Some(t) => ServiceItem {
                title: self.plain(&t.title),
                summary: Some(self.plain(&t.summary)),
                url,
                translated: true,
            },
            None => {
                let (oi, t) = s.original();
                let code = self.site.languages[oi].code.as_str();
                ServiceItem {
                    title: Text {
                        text: &t.title,
                        lang: Some(code),
                    },
                    summary: Some(Text {
                        text: &t.summary,
                        lang: Some(code),
                    }),
                    url,
                    translated: false,
                }
            }
        }
    }

    pub(super) fn municipality_item(&self, mi: usize, li: usize) -> MunicipalityItem<'a> {
        let site = self.site;
        let m = &site.municipalities[mi];
        let t = self.strings(li);
        // Each note as text and as HTML, where a name or note in another language (a
        // fallback to the default language's) is marked with its own.
        let mut notes: Vec<(String, String)> = Vec::new();
        if let Some(p) = &m.part_of {
            let name = self.text(p, li);
            let pattern = t.text("part_of");
            notes.push((
                pattern.replace("{name}", name.text),
                escape(pattern).replace("{name}", &marked_html(name.text, name.lang)),
            ));
        }
        for (_, _, note) in &m.places {
            if let Some(n) = note {
                let n = self.text(n, li);
                notes.push((n.text.to_string(), marked_html(n.text, n.lang)));
            }
        }
        let belongs = m
            .places
            .iter()
            .map(|(ri, ai, _)| match ai {
                Some(ai) => format!(
                    "{}, {}",
                    self.region_name(*ri, li).text,
                    self.text(&site.regions[*ri].areas[*ai].name, li)
                        .text
                        .to_lowercase_first()
                ),
                None => self.region_name(*ri, li).text.to_string(),
            })
            .collect();
        MunicipalityItem {
            name: self.text(&m.name, li),
            url: site.url(&site.municipality_path(mi, li)),
            code: m.code.as_deref(),
            note: (!notes.is_empty()).then(|| {
                notes
                    .iter()
                    .map(|(t, _)| t.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
            note_html: (!notes.is_empty()).then(|| {
                notes
                    .iter()
                    .map(|(_, h)| h.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
            belongs,
        }
    }
}

pub(super) trait LowerFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowerFirst for str {
    /// "Pohjois-Savo, pohjoinen alue": an area name reads as a common noun after the region.
    fn to_lowercase_first(&self) -> String {
        let mut c = self.chars();
        match c.next() {
            Some(f) => f.to_lowercase().chain(c).collect(),
            None => String::new(),
        }
    }
}

pub(super) fn paper_name(p: crate::parse::raw::Paper) -> &'static str {
    match p {
        crate::parse::raw::Paper::A4 => "A4",
        crate::parse::raw::Paper::A5 => "A5",
    }
}
