//! Structured data: schema.org JSON-LD in the `<head>` of every service, region and
//! municipality page, for search engines and public-service registries.
//!
//! A page's block is one `@graph` of nodes that refer to each other by `@id`:
//! `GovernmentService` (a service), `GovernmentOrganization` (a region, its operator),
//! `AdministrativeArea` (a region's or an area's municipalities) and `ServiceChannel` (a phone
//! line, address or link, with its `OpeningHoursSpecification`s). The nodes many pages show
//! (channels, regions, areas, a region's or area's service list) are serialized once per
//! language before the pages are made ([`Parts`]); a page only joins them. They hold the same
//! facts as the visible page: the channels its contact blocks show, with the same numbers and
//! hours.
//!
//! Every `<` is written as `\u003c`, so no text can end the `<script>` element or open a
//! comment in it.

mod nodes;

use super::Renderer;
use super::contacts::{area_anchor, region_anchor};
use super::splice::Locals;
use crate::model::hours::Opening;
use crate::model::{Channel, Translated};
use crate::parse::raw::ChannelKind;
use nodes::*;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

const DAYS: [&str; 7] = [
    "https://schema.org/Monday",
    "https://schema.org/Tuesday",
    "https://schema.org/Wednesday",
    "https://schema.org/Thursday",
    "https://schema.org/Friday",
    "https://schema.org/Saturday",
    "https://schema.org/Sunday",
];

/// A channel: region, area (none for the region's own), its index there, language.
type ChannelKey = (usize, Option<usize>, usize, usize);
/// A region's whole territory (no area) or one area, in a language.
type PlaceKey = (usize, Option<usize>, usize);

/// The nodes many pages share, each serialized once and made safe for `<script>`.
#[derive(Default)]
pub(super) struct Parts {
    channels: HashMap<ChannelKey, String>,
    /// [language][region]: the region as a `GovernmentOrganization`.
    organisations: Vec<Vec<String>>,
    /// The region's (no area) or an area's municipalities as one `AdministrativeArea`.
    areas: HashMap<PlaceKey, String>,
    /// [language][region]: the region's services, name and address each, the nodes joined by
    /// commas; every place of the region lists the same.
    services: Vec<Vec<String>>,
}

impl<'a> Renderer<'a> {
    /// Every shared node, made in parallel.
    pub(super) fn json_ld_parts(&self) -> Parts {
        let site = self.site;
        let langs = 0..site.languages.len();
        let channel_keys: Vec<ChannelKey> = langs
            .clone()
            .flat_map(|li| {
                site.regions.iter().enumerate().flat_map(move |(ri, r)| {
                    let own = (0..r.channels.len()).map(move |ci| (ri, None, ci, li));
                    let areas = r.areas.iter().enumerate().flat_map(move |(ai, a)| {
                        (0..a.channels.len()).map(move |ci| (ri, Some(ai), ci, li))
                    });
                    own.chain(areas)
                })
            })
            .collect();
        let place_keys: Vec<PlaceKey> = langs
            .clone()
            .flat_map(|li| {
                site.regions.iter().enumerate().flat_map(move |(ri, r)| {
                    std::iter::once((ri, None, li))
                        .chain((0..r.areas.len()).map(move |ai| (ri, Some(ai), li)))
                })
            })
            .collect();
        let channels = channel_keys
            .into_par_iter()
            .map(|k| (k, safe(&self.channel_node(k))))
            .collect();
        let organisations = langs
            .into_par_iter()
            .map(|li| {
                (0..site.regions.len())
                    .map(|ri| safe(&self.organisation_node(ri, li)))
                    .collect()
            })
            .collect();
        let areas = place_keys
            .into_par_iter()
            .map(|k| (k, safe(&self.area_node(k))))
            .collect();
        let services = (0..site.languages.len())
            .into_par_iter()
            .map(|li| {
                (0..site.regions.len())
                    .map(|ri| self.region_services(ri, li))
                    .collect()
            })
            .collect();
        Parts {
            channels,
            organisations,
            areas,
            services,
        }
    }

    /// A page's block as a fragment of its own: the template gets a short marker instead of
    /// the text, often half the page, which Tera would copy twice.
    pub(super) fn json_ld_local(&self, locals: &Locals, json: String) -> String {
        let key = self.content_key("json-ld", json.as_bytes());
        self.push_local(locals, (Arc::new(json.into_bytes()), key))
    }

    /// The block of a service's page (or of its notice where it is not translated).
    pub(super) fn service_json_ld(&self, si: usize, li: usize) -> String {
        let site = self.site;
        let s = &site.services[si];
        let (lang, tr) = match &s.translations[li] {
            Some(tr) => (li, tr),
            None => s.original(),
        };
        let orgs: Vec<String> = s
            .regions
            .iter()
            .map(|ri| self.organisation_id(*ri, li))
            .collect();
        let mut channels: Vec<(ChannelKey, String)> = Vec::new();
        let mut municipalities: Vec<usize> = Vec::new();
        for &ri in &s.regions {
            let r = &site.regions[ri];
            for (ai, ci, c) in self.channels_of(ri, None) {
                if self.keeps(ri, si, c) {
                    channels.push(((ri, ai, ci, li), self.channel_id(ri, ai, ci, li)));
                }
            }
            municipalities.extend(r.municipalities.iter().map(|m| m.finder));
            municipalities.extend(
                r.areas
                    .iter()
                    .flat_map(|a| &a.municipalities)
                    .map(|m| m.finder),
            );
        }
        municipalities.sort_unstable();
        municipalities.dedup();
        let node = Service {
            kind: "GovernmentService",
            id: self.service_id(si, li),
            name: &tr.title,
            description: &tr.summary,
            url: site.absolute_url(&site.service_path(si, li)),
            in_language: &site.languages[lang].code,
            operator: orgs.iter().map(|id| Ref { id }).collect(),
            area_served: Served::Municipalities(
                municipalities
                    .iter()
                    .map(|mi| self.municipality_node(*mi, li))
                    .collect(),
            ),
            channels: channels.iter().map(|(_, id)| Ref { id }).collect(),
        };
        let own = safe(&node);
        let parts = &self.json_ld;
        graph(
            std::iter::once(own.as_str())
                .chain(
                    s.regions
                        .iter()
                        .map(|ri| parts.organisations[li][*ri].as_str()),
                )
                .chain(channels.iter().map(|(k, _)| parts.channels[k].as_str())),
        )
    }

    /// The block of a region's page: the region, its municipalities, every channel its page
    /// shows and its services.
    pub(super) fn region_json_ld(&self, ri: usize, li: usize) -> String {
        let parts = &self.json_ld;
        let channels = self
            .channels_of(ri, None)
            .map(|(ai, ci, _)| (ri, ai, ci, li));
        graph(
            [
                parts.organisations[li][ri].as_str(),
                parts.areas[&(ri, None, li)].as_str(),
            ]
            .into_iter()
            .chain(channels.map(|k| parts.channels[&k].as_str()))
            .chain(std::iter::once(parts.services[li][ri].as_str())),
        )
    }

    /// The block of a municipality's page: for each area it belongs to, the region, the
    /// area, the channels shown (the region's own and the area's) and the region's services.
    pub(super) fn municipality_json_ld(&self, mi: usize, li: usize) -> String {
        let parts = &self.json_ld;
        let m = &self.site.municipalities[mi];
        let url = self.site.absolute_url(&self.site.municipality_path(mi, li));
        let own = safe(&Municipality {
            id: Some(format!("{url}#municipality")),
            url: Some(url),
            ..self.municipality_node(mi, li)
        });
        let mut nodes: Vec<&str> = vec![&own];
        let mut seen_regions: Vec<usize> = Vec::new();
        let mut seen_channels: Vec<ChannelKey> = Vec::new();
        let mut listed: Vec<usize> = Vec::new();
        for &(ri, ai, _) in &m.places {
            if !seen_regions.contains(&ri) {
                seen_regions.push(ri);
                nodes.push(&parts.organisations[li][ri]);
            }
            nodes.push(&parts.areas[&(ri, ai, li)]);
            for (cai, ci, _) in self.channels_of(ri, ai) {
                let k = (ri, cai, ci, li);
                if !seen_channels.contains(&k) {
                    seen_channels.push(k);
                    nodes.push(&parts.channels[&k]);
                }
            }
            // A place in two areas of one region lists the region's services once.
            if !listed.contains(&ri) {
                listed.push(ri);
                nodes.push(&parts.services[li][ri]);
            }
        }
        graph(nodes)
    }

    /// A region's channels with their area and index: with `only_area` `None` all of them
    /// (a place with no area is a region without areas), with `Some(ai)` the region's own and
    /// area `ai`'s.
    fn channels_of(
        &self,
        ri: usize,
        only_area: Option<usize>,
    ) -> impl Iterator<Item = (Option<usize>, usize, &'a Channel)> + 'a {
        let r = &self.site.regions[ri];
        let own = r.channels.iter().enumerate().map(|(ci, c)| (None, ci, c));
        let areas = r
            .areas
            .iter()
            .enumerate()
            .filter(move |(ai, _)| only_area.is_none_or(|o| o == *ai))
            .flat_map(|(ai, a)| {
                a.channels
                    .iter()
                    .enumerate()
                    .map(move |(ci, c)| (Some(ai), ci, c))
            });
        own.chain(areas)
    }

    fn region_url(&self, ri: usize, li: usize) -> String {
        self.site.absolute_url(&self.site.region_path(ri, li))
    }

    fn organisation_id(&self, ri: usize, li: usize) -> String {
        format!("{}#organisation", self.region_url(ri, li))
    }

    fn area_id(&self, ri: usize, ai: Option<usize>, li: usize) -> String {
        let r = &self.site.regions[ri];
        let anchor = match ai {
            Some(ai) => area_anchor(&r.id, &r.areas[ai].id),
            None => format!("{}-area", region_anchor(&r.id)),
        };
        format!("{}#{anchor}", self.region_url(ri, li))
    }

    /// On the region's page: `#channel-2`, `#<area id>-channel-1`.
    fn channel_id(&self, ri: usize, ai: Option<usize>, ci: usize, li: usize) -> String {
        let r = &self.site.regions[ri];
        let area = ai
            .map(|ai| format!("{}-", r.areas[ai].id))
            .unwrap_or_default();
        format!("{}#{area}channel-{}", self.region_url(ri, li), ci + 1)
    }

    fn service_id(&self, si: usize, li: usize) -> String {
        format!(
            "{}#service",
            self.site.absolute_url(&self.site.service_path(si, li))
        )
    }

    fn organisation_node(&self, ri: usize, li: usize) -> Organisation<'a> {
        let r = &self.site.regions[ri];
        Organisation {
            kind: "GovernmentOrganization",
            id: self.organisation_id(ri, li),
            name: self.text(&r.name, li).text,
            url: self.region_url(ri, li),
            same_as: r.website.as_deref(),
        }
    }

    fn municipality_node(&self, mi: usize, li: usize) -> Municipality<'a> {
        let m = &self.site.municipalities[mi];
        Municipality {
            kind: "AdministrativeArea",
            id: None,
            name: self.text(&m.name, li).text,
            identifier: m.code.as_deref(),
            url: None,
        }
    }

    fn area_node(&self, (ri, ai, li): PlaceKey) -> Area<'a> {
        let r = &self.site.regions[ri];
        let region = self.text(&r.name, li).text;
        let (name, mut finders): (String, Vec<usize>) = match ai {
            Some(ai) => {
                let a = &r.areas[ai];
                (
                    format!("{region}, {}", self.text(&a.name, li).text),
                    a.municipalities.iter().map(|m| m.finder).collect(),
                )
            }
            None => (
                region.to_string(),
                r.municipalities
                    .iter()
                    .chain(r.areas.iter().flat_map(|a| &a.municipalities))
                    .map(|m| m.finder)
                    .collect(),
            ),
        };
        finders.sort_unstable();
        finders.dedup();
        Area {
            kind: "AdministrativeArea",
            id: self.area_id(ri, ai, li),
            name,
            contains: finders
                .into_iter()
                .map(|mi| self.municipality_node(mi, li))
                .collect(),
        }
    }

    /// The region's services as a place lists them, comma-joined: name and address only. Each
    /// service's own page carries its operator, area and channels; repeating them for each of
    /// a region's hundred services made a municipality page several times its visible size.
    fn region_services(&self, ri: usize, li: usize) -> String {
        let site = self.site;
        site.services_in_region(ri)
            .map(|si| {
                let s = &site.services[si];
                let (lang, tr) = match &s.translations[li] {
                    Some(tr) => (li, tr),
                    None => s.original(),
                };
                safe(&ServiceLink {
                    kind: "GovernmentService",
                    id: self.service_id(si, li),
                    name: &tr.title,
                    url: site.absolute_url(&site.service_path(si, li)),
                    in_language: &site.languages[lang].code,
                })
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    fn channel_node(&self, (ri, ai, ci, li): ChannelKey) -> ServiceChannel<'a> {
        let r = &self.site.regions[ri];
        let c: &'a Channel = match ai {
            Some(ai) => &r.areas[ai].channels[ci],
            None => &r.channels[ci],
        };
        let mut hours = week(&c.hours, c);
        hours.extend(c.exceptions.iter().map(|e| {
            let (opens, closes) = match e.hours {
                Some((o, cl)) => (time(o), time(cl)),
                // schema.org: a day closed all day opens and closes at midnight.
                None => ("00:00".to_string(), "00:00".to_string()),
            };
            Hours {
                kind: "OpeningHoursSpecification",
                day_of_week: Vec::new(),
                opens,
                closes,
                valid_from: Some(first_day(&e.date)),
                valid_through: Some(last_day(&e.date)),
                description: e.note.as_ref().map(|n| self.text(n, li).text.to_string()),
            }
        }));
        let text = |l| self.text(l, li).text.to_string();
        let mut street: Vec<String> = c.lines.iter().map(text).collect();
        street.extend(c.street.as_ref().map(text));
        let has_address = !street.is_empty() || c.postal_code.is_some() || c.city.is_some();
        let address = has_address.then(|| PostalAddress {
            kind: "PostalAddress",
            street: (!street.is_empty()).then(|| street.join(", ")),
            postal_code: c.postal_code.clone(),
            locality: c.city.as_ref().map(text),
            country: "FI",
        });
        let postal = c.kind == ChannelKind::Postal;
        let (location, postal) = match address {
            Some(a) if postal => (None, Some(a)),
            Some(a) => (Some(a), None),
            None => (None, None),
        };
        let mut phone = c.phone.as_ref().map(|p| ContactPoint {
            kind: "ContactPoint",
            telephone: &p.dial,
            email: c.email.as_deref(),
            hours: Vec::new(),
        });
        let mut location = location.map(|address| Place {
            kind: "Place",
            address,
            hours: Vec::new(),
        });
        let mut rest = Vec::new();
        match (&mut phone, &mut location) {
            (Some(p), _) => p.hours = hours,
            (None, Some(l)) => l.hours = hours,
            (None, None) => rest = hours,
        }
        let url = c.url.clone().or_else(|| match (&phone, &c.email) {
            (None, Some(e)) => Some(format!("mailto:{e}")),
            _ => None,
        });
        ServiceChannel {
            kind: "ServiceChannel",
            id: self.channel_id(ri, ai, ci, li),
            name: c.name.as_ref().map(|n| self.text(n, li).text),
            phone,
            url,
            location,
            postal,
            hours: rest,
        }
    }
}

/// A channel's weekly hours, valid for its period.
fn week(hours: &[Opening], c: &Channel) -> Vec<Hours> {
    hours
        .iter()
        .map(|o| Hours {
            kind: "OpeningHoursSpecification",
            day_of_week: (0..7)
                .filter(|d| o.days.contains(*d))
                .map(|d| DAYS[d])
                .collect(),
            opens: time(o.open),
            closes: time(o.close),
            valid_from: c.valid_from.as_ref().map(first_day),
            valid_through: c.valid_until.as_ref().map(last_day),
            description: None,
        })
        .collect()
}
