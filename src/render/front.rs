//! The front of a printed leaflet: the one thing a resident must be able to act on without
//! reading the rest, the region's way to call (or, where it has no phone, where to go online).
//!
//! Which channels the front shows is decided here once, from the region and the service's
//! picks, so that the leaflet's contact list further down can leave out what the front
//! already says (a phone number printed twice is a number to compare, not to call).

use super::Renderer;
use super::contacts::phone_view;
use super::views::{PhoneView, Text};
use crate::model::{Channel, Region, hours};
use crate::parse::raw::ChannelKind;
use serde::Serialize;

/// A channel of a region: (area, index there); `None` for the region's own channels.
pub(super) type ChannelAt = (Option<usize>, usize);

/// What the front shows: phone lines to call, or where no line has a number, web addresses.
#[derive(Default, PartialEq, Debug)]
pub(super) struct Pick {
    pub(super) calls: Vec<ChannelAt>,
    pub(super) links: Vec<ChannelAt>,
}

/// The channels a region's leaflet puts on its front. `keep` says which channels the service
/// shows at all (a region may pick some per service).
///
/// A region's own phone line with a number comes first: it serves every resident. A region
/// whose phones are per area gets each area's first phone line (with a number where one is
/// known), so a resident finds their municipality and the line for it. A region with no
/// phone number at all gets its main web address and e-service instead.
/// The channel a pick points to: the region's own, or one of an area's.
pub(super) fn channel_at(region: &Region, (ai, ci): ChannelAt) -> &Channel {
    match ai {
        Some(ai) => &region.areas[ai].channels[ci],
        None => &region.channels[ci],
    }
}

pub(super) fn pick(region: &Region, keep: impl Fn(&Channel) -> bool) -> Pick {
    let numbered = |c: &Channel| c.kind == ChannelKind::Phone && c.phone.is_some() && keep(c);
    let first = |list: &[Channel], ok: &dyn Fn(&Channel) -> bool| list.iter().position(ok);
    if let Some(ci) = first(&region.channels, &numbered) {
        return Pick {
            calls: vec![(None, ci)],
            links: Vec::new(),
        };
    }
    let any_number = region.areas.iter().any(|a| a.channels.iter().any(numbered));
    if any_number {
        let phone = |c: &Channel| c.kind == ChannelKind::Phone && keep(c);
        let calls = region
            .areas
            .iter()
            .enumerate()
            .filter_map(|(ai, a)| {
                let ci = first(&a.channels, &numbered).or_else(|| first(&a.channels, &phone))?;
                Some((Some(ai), ci))
            })
            .collect();
        return Pick {
            calls,
            links: Vec::new(),
        };
    }
    let mut links = Vec::new();
    for kind in [ChannelKind::Web, ChannelKind::Eservice] {
        let of_kind = |c: &Channel| c.kind == kind && keep(c);
        let found = first(&region.channels, &of_kind)
            .map(|ci| (None, ci))
            .or_else(|| {
                region
                    .areas
                    .iter()
                    .enumerate()
                    .find_map(|(ai, a)| first(&a.channels, &of_kind).map(|ci| (Some(ai), ci)))
            });
        links.extend(found);
    }
    Pick {
        calls: Vec::new(),
        links,
    }
}

/// A phone line on the front.
#[derive(Serialize)]
pub struct FrontCall<'a> {
    /// The area the line is for, with its municipalities, where the region has areas.
    pub area: Option<Text<'a>>,
    pub municipalities: Vec<Text<'a>>,
    pub name: Option<Text<'a>>,
    pub phone: Option<PhoneView<'a>>,
    pub hours: Vec<String>,
}

/// A web address on the front, printed in full.
#[derive(Serialize)]
pub struct FrontLink<'a> {
    pub kind: &'static str,
    pub name: Option<Text<'a>>,
    pub url: &'a str,
    /// The address in words, without the scheme, with a break allowed after each slash.
    pub words_html: String,
}

/// The front of a leaflet, as `leaflet.html` shows it.
#[derive(Serialize, Default)]
pub struct Front<'a> {
    pub calls: Vec<FrontCall<'a>>,
    pub links: Vec<FrontLink<'a>>,
    /// Where some areas' lines have no number: the region's web address, for the numbers.
    pub numbers_at: Option<FrontLink<'a>>,
}

impl<'a> Renderer<'a> {
    /// The front of region `ri`'s leaflet of service `si`.
    pub(super) fn front(&self, ri: usize, si: usize, li: usize) -> Front<'a> {
        let region = &self.site.regions[ri];
        let pick = pick(region, |c| self.keeps(ri, si, c));
        let channel = |at: ChannelAt| -> &'a Channel { channel_at(region, at) };
        let t = self.strings(li);
        let days = t.list("days_short");
        let style = hours::Style {
            days: &days,
            pattern: t.text("hours_pattern"),
        };
        let calls: Vec<FrontCall> = pick
            .calls
            .iter()
            .map(|&at| {
                let c = channel(at);
                let area = at.0.map(|ai| &region.areas[ai]);
                FrontCall {
                    area: area.map(|a| self.text(&a.name, li)),
                    municipalities: area
                        .map(|a| {
                            a.municipalities
                                .iter()
                                .map(|m| self.text(&m.name, li))
                                .collect()
                        })
                        .unwrap_or_default(),
                    name: c.name.as_ref().map(|n| self.text(n, li)),
                    phone: c.phone.as_ref().map(phone_view),
                    hours: c.hours.iter().map(|o| hours::format(o, &style)).collect(),
                }
            })
            .collect();
        let link = |c: &'a Channel| {
            let url = c.url.as_deref().or(region.website.as_deref())?;
            Some(FrontLink {
                kind: c.kind.word(),
                name: c.name.as_ref().map(|n| self.text(n, li)),
                url,
                words_html: url_words_html(url),
            })
        };
        let numbers_at = calls
            .iter()
            .any(|c| c.phone.is_none())
            .then(|| {
                region.website.as_deref().map(|url| FrontLink {
                    kind: "web",
                    name: None,
                    url,
                    words_html: url_words_html(url),
                })
            })
            .flatten();
        Front {
            links: pick
                .links
                .iter()
                .filter_map(|&at| link(channel(at)))
                .collect(),
            calls,
            numbers_at,
        }
    }
}

/// A web address as printed: without `https://`, and with a break allowed only after a
/// slash (a line broken inside a name reads as two addresses). Escaped for HTML.
pub fn url_words_html(url: &str) -> String {
    let bare = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let bare = bare.strip_suffix('/').unwrap_or(bare);
    let mut out = String::with_capacity(bare.len() + 16);
    for ch in bare.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '/' => out.push_str("/<wbr>"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_break_only_after_slashes() {
        assert_eq!(
            url_words_html("https://hyvinvointialue.kainuu.fi/perhetyo"),
            "hyvinvointialue.kainuu.fi/<wbr>perhetyo"
        );
        assert_eq!(url_words_html("https://www.eposa.fi/"), "www.eposa.fi");
        assert_eq!(
            url_words_html("https://x.fi/?a=1&b"),
            "x.fi/<wbr>?a=1&amp;b"
        );
    }
}
