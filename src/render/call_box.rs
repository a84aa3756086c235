//! The call box of a service page: right under the title and summary, how to reach the
//! service by phone. One region: its phone lines as a leaflet's front picks them (the region's
//! first line, or each area's). Several regions: one line per region, its number or, where it
//! has phones per area, the areas' numbers behind a `<details>`; the full contacts stay below.

use super::Renderer;
use super::contacts::{area_anchor, phone_view, region_anchor};
use super::front;
use super::views::{PhoneView, Text};
use crate::model::{Channel, hours};
use serde::Serialize;

/// The call box, as `service.html` and `untranslated.html` show it (`page.call`).
#[derive(Serialize)]
pub struct CallBox<'a> {
    /// The box's heading: "Call", or "Call the line for your area" where there is a choice.
    pub heading: String,
    /// True where the service has several regions: `regions` is then a chooser.
    pub choose: bool,
    pub regions: Vec<CallRegion<'a>>,
    /// Texts the box needs, with fallbacks for themes whose strings lack them.
    pub no_number: String,
    pub by_area: String,
    pub contacts: String,
}

/// A region in the call box.
#[derive(Serialize)]
pub struct CallRegion<'a> {
    pub name: Text<'a>,
    /// The id of the region's contacts section on the page.
    pub anchor: String,
    /// Its phone lines: one for the region, or one per area; none where it has no phone.
    pub calls: Vec<CallLine<'a>>,
    /// Where it has no phone line: its web address and e-service, as a leaflet's front shows.
    pub links: Vec<CallLink<'a>>,
}

/// A web address or e-service of a region without a phone line.
#[derive(Serialize)]
pub struct CallLink<'a> {
    pub name: Option<Text<'a>>,
    pub url: &'a str,
}

/// A phone line in the call box.
#[derive(Serialize)]
pub struct CallLine<'a> {
    /// The area the line is for, where the region's phones are per area.
    pub area: Option<Text<'a>>,
    /// The id of the area's section on the page.
    pub area_anchor: Option<String>,
    pub municipalities: Vec<Text<'a>>,
    pub name: Option<Text<'a>>,
    pub phone: Option<PhoneView<'a>>,
    /// The week's hours in one line, as the contact block writes each.
    pub hours: String,
}

impl<'a> Renderer<'a> {
    /// The call box of service `si` in language `li`; none for a service without regions.
    pub(super) fn call_box(&self, si: usize, li: usize) -> Option<CallBox<'a>> {
        let site = self.site;
        let s = &site.services[si];
        if s.regions.is_empty() {
            return None;
        }
        let t = self.strings(li);
        let days = t.list("days_short");
        let style = hours::Style {
            days: &days,
            pattern: t.text("hours_pattern"),
        };
        let regions: Vec<CallRegion> = s
            .regions
            .iter()
            .map(|&ri| {
                let region = &site.regions[ri];
                let pick = front::pick(region, |c| self.keeps(ri, si, c));
                let calls = pick
                    .calls
                    .iter()
                    .map(|&at| {
                        let area = at.0.map(|ai| &region.areas[ai]);
                        let c: &'a Channel = front::channel_at(region, at);
                        CallLine {
                            area: area.map(|a| self.text(&a.name, li)),
                            area_anchor: area.map(|a| area_anchor(&region.id, &a.id)),
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
                            hours: c
                                .hours
                                .iter()
                                .map(|o| hours::format(o, &style))
                                .collect::<Vec<_>>()
                                .join(", "),
                        }
                    })
                    .collect();
                let links = pick
                    .links
                    .iter()
                    .filter_map(|&at| {
                        let c: &'a Channel = front::channel_at(region, at);
                        Some(CallLink {
                            name: c.name.as_ref().map(|n| self.text(n, li)),
                            url: c.url.as_deref().or(region.website.as_deref())?,
                        })
                    })
                    .collect();
                CallRegion {
                    name: self.region_name(ri, li),
                    anchor: region_anchor(&region.id),
                    calls,
                    links,
                }
            })
            .collect();
        let choose = regions.len() > 1;
        let areas = regions.iter().any(|r| r.calls.len() > 1);
        let any_call = regions.iter().any(|r| !r.calls.is_empty());
        if !any_call && !regions.iter().any(|r| !r.links.is_empty()) {
            // No way to reach the service in the data: the contacts below say the rest.
            return None;
        }
        let text = |key: &str, fallback: &str| -> String {
            t.0.get(key)
                .and_then(|v| v.as_str())
                .unwrap_or(fallback)
                .to_string()
        };
        Some(CallBox {
            heading: if !any_call && choose {
                text("contacts", "Contacts")
            } else if !any_call {
                text("front_online", "Online")
            } else if choose || areas {
                text("front_call_area", "Call the line for your area")
            } else {
                text("front_call", "Call")
            },
            choose,
            regions,
            no_number: text("front_no_number", "Number not known"),
            by_area: text("call_by_area", "numbers by area"),
            contacts: text("contacts", "Contacts"),
        })
    }
}
