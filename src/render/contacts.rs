//! Contact blocks: a region's channels and areas as a service page, a leaflet, a booklet and
//! the region's own page show them. Channels and area introductions are shared fragments.

use super::data::Data;
use super::splice::{Locals, placeholder};
use super::views::*;
use super::{Fragment, Renderer, front, markdown};
use crate::diag::Diagnostic;
use crate::model::{self, Channel, hours};
use crate::parse::raw::Localized;
use std::path::Path;

/// Where a region's contact block is shown; each place has its own heading level and detail.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Shown {
    /// A service page or its "not translated" notice: the region named, everything shown.
    ServicePage,
    /// A printed leaflet: the region named, no long descriptions.
    Leaflet,
    /// A region booklet, once per service: no ids, as they would repeat; brief, as on a leaflet.
    Booklet,
    /// The region's own page.
    RegionPage,
}

/// A contact block: region, the service whose picks and notes apply (only when the region
/// file says something about that service, so services without notes share one block),
/// language and where it is shown.
pub(super) type ContactsKey = (usize, Option<usize>, usize, Shown);

/// An area's introduction (heading, description, municipalities): region, area, language and
/// the kind of block it is shown in. Hundreds of contact blocks of a region show the same.
pub(super) type AreaKey = (usize, usize, usize, Shown);

/// A channel: region, area (none for the region's own), its index there, language, and
/// whether it is brief: on paper the contact data itself counts (names, numbers, hours,
/// addresses, links); the longer descriptions stay on the web page the QR code opens.
pub(super) type ChannelKey = (usize, Option<usize>, usize, usize, bool);

impl<'a> Renderer<'a> {
    pub(super) fn contacts_key(
        &self,
        ri: usize,
        si: Option<usize>,
        li: usize,
        shown: Shown,
    ) -> ContactsKey {
        let si = si.filter(|si| self.site.regions[ri].services.contains_key(si));
        (ri, si, li, shown)
    }

    pub(super) fn contacts_fragment(
        &self,
        (ri, si, li, shown): ContactsKey,
    ) -> Result<Fragment, Diagnostic> {
        let mut r = self.region_contacts(ri, si, li, None, shown);
        if shown == Shown::Leaflet {
            // What the leaflet's front says is not listed again below it.
            self.leave_out_front(&mut r, ri, si, li);
            // The leaflet prints the colophon last, after the address and the date.
            r.colophon = None;
        }
        let mut ctx = Data::default();
        ctx.insert("r", r);
        ctx.strings(self.strings(li));
        ctx.insert("level", if shown == Shown::RegionPage { 2 } else { 3 });
        ctx.insert(
            "show_name",
            matches!(shown, Shown::ServicePage | Shown::Leaflet),
        );
        self.fragment("contacts.html", ctx)
    }

    /// A region's contact block on a page: a shared fragment, or one made for this page.
    pub(super) fn contacts_block(
        &self,
        locals: &Locals,
        ri: usize,
        si: Option<usize>,
        li: usize,
        shown: Shown,
    ) -> Result<ContactsBlock<'a>, Diagnostic> {
        let r = &self.site.regions[ri];
        let key = self.contacts_key(ri, si, li, shown);
        let html = match self.contacts.get(&key) {
            Some(&id) => placeholder(id),
            None => self.push_local(locals, self.contacts_fragment(key)?),
        };
        Ok(ContactsBlock {
            anchor: region_anchor(&r.id),
            name: self.text(&r.name, li),
            website: r.website.as_deref(),
            html,
        })
    }

    /// A region's contacts; for a service, only the channels its notes pick; for a
    /// municipality, only its own area.
    pub(super) fn region_contacts(
        &self,
        ri: usize,
        service: Option<usize>,
        li: usize,
        only_area: Option<usize>,
        shown: Shown,
    ) -> RegionContacts<'a> {
        let site = self.site;
        let r = &site.regions[ri];
        let rs = service.and_then(|si| r.services.get(&si));
        let picked = rs.and_then(|rs| rs.channels.as_ref());
        let keep = |c: &Channel| service.is_none_or(|si| self.keeps(ri, si, c));
        // On paper the contact data itself counts; longer descriptions stay on the web page.
        let brief = matches!(shown, Shown::Leaflet | Shown::Booklet);
        // A booklet shows a region's block once per service: ids would repeat.
        let anchored = shown != Shown::Booklet;
        let areas = r
            .areas
            .iter()
            .enumerate()
            .filter(|(ai, _)| only_area.is_none_or(|o| o == *ai))
            .map(|(ai, a)| AreaRef {
                anchor: if anchored {
                    area_anchor(&r.id, &a.id)
                } else {
                    String::new()
                },
                name: self.text(&a.name, li),
                html: placeholder(self.areas[&(ri, ai, li, shown)]),
                channels: a
                    .channels
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| keep(c))
                    .map(|(ci, c)| self.channel_ref(c, (ri, Some(ai), ci, li, brief)))
                    .collect(),
            })
            // Where a service picks channels, an area with none of them says nothing useful.
            .filter(|a| picked.is_none() || !a.channels.is_empty())
            .collect();
        RegionContacts {
            anchor: if anchored {
                region_anchor(&r.id)
            } else {
                String::new()
            },
            name: self.text(&r.name, li),
            url: site.url(&site.region_path(ri, li)),
            website: r.website.as_deref(),
            notes_html: service.and_then(|si| {
                // Sorted by service: a region has notes for hundreds of them.
                let notes = &self.snippets[li].notes[ri];
                let at = notes.binary_search_by_key(&si, |(s, _)| *s).ok()?;
                Some(notes[at].1.clone())
            }),
            channels: r
                .channels
                .iter()
                .enumerate()
                .filter(|(_, c)| keep(c))
                .map(|(ci, c)| self.channel_ref(c, (ri, None, ci, li, brief)))
                .collect(),
            areas,
            colophon: service.and_then(|si| self.colophon(ri, si, li)),
        }
    }

    /// Who made the printed leaflet of service `si` for region `ri`, where the region says.
    pub(super) fn colophon(&self, ri: usize, si: usize, li: usize) -> Option<Colophon<'a>> {
        let rs = self.site.regions[ri].services.get(&si)?;
        rs.colophon.as_ref().map(|c| Colophon {
            photos: c.photos.as_ref().map(|x| self.text(x, li)),
            layout: c.layout.as_ref().map(|x| self.text(x, li)),
            printer: c.printer.as_ref().map(|x| self.text(x, li)),
            year: c.year.as_ref().map(|x| self.text(x, li)),
        })
    }

    /// Whether service `si`'s pages show channel `c` of region `ri`: every channel, unless the
    /// region picks some for the service.
    pub(super) fn keeps(&self, ri: usize, si: usize, c: &Channel) -> bool {
        let picked = self.site.regions[ri]
            .services
            .get(&si)
            .and_then(|rs| rs.channels.as_ref());
        picked.is_none_or(|ids| c.id.as_ref().is_some_and(|id| ids.contains(id)))
    }

    /// Drops from a leaflet's contact block the channels its front shows (see `front.rs`).
    fn leave_out_front(&self, r: &mut RegionContacts, ri: usize, si: Option<usize>, li: usize) {
        let region = &self.site.regions[ri];
        let pick = front::pick(region, |c| si.is_none_or(|si| self.keeps(ri, si, c)));
        let shown: Vec<String> = pick
            .calls
            .iter()
            .chain(&pick.links)
            .map(|&(ai, ci)| placeholder(self.channels[&(ri, ai, ci, li, true)]))
            .collect();
        r.channels.retain(|c| !shown.contains(&c.html));
        for a in &mut r.areas {
            a.channels.retain(|c| !shown.contains(&c.html));
        }
    }

    /// An area's introduction as a fragment (see `fragments.rs`).
    pub(super) fn area_fragment(
        &self,
        ri: usize,
        ai: usize,
        li: usize,
        how: Shown,
    ) -> Result<Fragment, Diagnostic> {
        let r = &self.site.regions[ri];
        let a = &r.areas[ai];
        let view = AreaView {
            anchor: if how == Shown::Booklet {
                String::new()
            } else {
                area_anchor(&r.id, &a.id)
            },
            name: self.text(&a.name, li),
            description_html: if matches!(how, Shown::Leaflet | Shown::Booklet) {
                None
            } else {
                self.snippets[li].area_description[ri][ai].clone()
            },
            municipalities: a
                .municipalities
                .iter()
                .map(|m| self.municipality_links[li][m.finder].clone())
                .collect(),
        };
        let mut ctx = Data::default();
        ctx.insert("a", view);
        ctx.strings(self.strings(li));
        ctx.insert("level", if how == Shown::RegionPage { 3 } else { 4 });
        self.fragment("area.html", ctx)
    }

    pub(super) fn channel_ref(&self, c: &Channel, key: ChannelKey) -> ChannelRef {
        ChannelRef {
            kind: c.kind.word(),
            html: placeholder(self.channels[&key]),
        }
    }

    pub(super) fn channel(&self, c: &'a Channel, li: usize) -> ChannelView<'a> {
        let t = self.strings(li);
        let days = t.list("days_short");
        let style = hours::Style {
            days: &days,
            pattern: t.text("hours_pattern"),
        };
        let months = t.list("months");
        let date =
            |d: &model::date::Date| d.format(t.text("date_full"), t.text("date_month"), &months);
        let line = |l: &'a Localized| {
            let t = self.text(l, li);
            Line {
                text: t.text.to_string(),
                lang: t.lang,
            }
        };
        let mut address: Vec<Line> = c.lines.iter().map(line).collect();
        address.extend(c.street.as_ref().map(line));
        if let (Some(code), Some(city)) = (&c.postal_code, &c.city) {
            let city = self.text(city, li);
            address.push(Line {
                text: format!("{code} {}", city.text),
                lang: city.lang,
            });
        }
        let validity = match (&c.valid_from, &c.valid_until) {
            (None, None) => None,
            (from, until) => Some(
                t.text("valid_period")
                    .replace("{from}", &from.as_ref().map(date).unwrap_or_default())
                    .replace("{until}", &until.as_ref().map(date).unwrap_or_default())
                    .trim_matches([' ', '–'])
                    .to_string(),
            ),
        };
        let exceptions = c
            .exceptions
            .iter()
            .map(|e| {
                let when = match e.hours {
                    None => t.text("closed").to_string(),
                    Some((o, cl)) => format!("{o}–{cl}"),
                };
                let note = e
                    .note
                    .as_ref()
                    .map(|n| format!(" ({})", self.text(n, li).text))
                    .unwrap_or_default();
                format!("{}: {when}{note}", date(&e.date))
            })
            .collect();
        ChannelView {
            kind: c.kind.word(),
            name: c.name.as_ref().map(|n| self.text(n, li)),
            description_html: c.description.as_ref().map(|d| {
                let cx = markdown::Context {
                    site: self.site,
                    lang: li,
                    file: Path::new(""),
                    assets: &[],
                    words: &self.words[li],
                };
                markdown::render(
                    d.get(&self.site.languages[li].code, self.site.default_lang())
                        .0,
                    0,
                    &cx,
                )
                .html
            }),
            phone: c.phone.as_ref().map(phone_view),
            email: c.email.as_deref(),
            url: c.url.as_deref(),
            url_words_html: c.url.as_deref().map(front::url_words_html),
            address,
            hours: c.hours.iter().map(|o| hours::format(o, &style)).collect(),
            validity,
            exceptions,
        }
    }
}

pub(super) fn phone_view(p: &model::phone::Phone) -> PhoneView<'_> {
    PhoneView {
        display: &p.display,
        href: format!("tel:{}", p.dial),
    }
}

pub(super) fn area_anchor(region: &str, area: &str) -> String {
    format!("{}-{area}", region_anchor(region))
}

pub fn region_anchor(id: &str) -> String {
    format!("region-{id}")
}
