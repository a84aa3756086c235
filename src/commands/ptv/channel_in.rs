//! One PTV channel as esite channels: names and descriptions, the phone number joined again,
//! weekly hours as day ranges, exceptional days, addresses with their post office. A
//! printable form's delivery addresses become postal channels beside the form.

use super::channel_out::{DAYS, unlocalized};
use super::schema::{self, Address, ChannelType, ServiceHour, Text};
use super::text;
use crate::parse::raw::{ChannelKind, RawChannel, RawException, RawHours};

/// What a PTV channel becomes, with what could not be brought over in plain words.
pub struct Converted {
    pub channels: Vec<RawChannel>,
    pub notes: Vec<String>,
}

fn empty(kind: ChannelKind) -> RawChannel {
    RawChannel {
        kind,
        id: None,
        name: None,
        description: None,
        number: None,
        address: None,
        url: None,
        street: None,
        postal_code: None,
        city: None,
        lines: Vec::new(),
        hours: Vec::new(),
        valid_from: None,
        valid_until: None,
        exceptions: Vec::new(),
        ptv_id: None,
    }
}

pub fn convert(
    c: &schema::Channel,
    kind: ChannelType,
    id: Option<String>,
    langs: &[String],
) -> Converted {
    let mut notes = Vec::new();
    let esite_kind = match kind {
        ChannelType::Phone => ChannelKind::Phone,
        ChannelType::EChannel => ChannelKind::Eservice,
        ChannelType::WebPage => ChannelKind::Web,
        ChannelType::PrintableForm => ChannelKind::Form,
        ChannelType::ServiceLocation => ChannelKind::Location,
    };
    let mut out = empty(esite_kind);
    out.id = id.clone();
    out.ptv_id = c.id.clone();
    out.name = unlocalized(&c.service_channel_names, Some("Name"), langs);
    let descriptions = |kind: &str| -> Vec<Text> {
        c.service_channel_descriptions
            .iter()
            .filter(|t| t.kind.as_deref() == Some(kind))
            .map(|t| Text {
                value: text::to_markdown(&t.value).trim_end().to_string(),
                ..t.clone()
            })
            .collect()
    };
    let mut long = descriptions("Description");
    if long.is_empty() {
        long = descriptions("Summary");
    }
    out.description = unlocalized(&long, None, langs);
    if let Some(p) = c.phone_numbers.first() {
        out.number = Some(number(p));
    }
    out.url = c
        .web_page
        .first()
        .map(|t| t.value.clone())
        .or_else(|| c.web_pages.first().map(|w| w.url.clone()))
        .or_else(|| c.channel_urls.first().map(|t| t.value.clone()));
    if let Some(a) = c.addresses.iter().find(|a| a.street_address.is_some()) {
        address(&mut out, a, langs);
    }
    for h in &c.service_hours {
        hours(&mut out, h, langs, &mut notes);
    }
    let mut channels = vec![out];
    for (i, a) in c.delivery_addresses.iter().enumerate() {
        if a.street_address.is_none() {
            notes.push("a delivery address without a street address is left out".into());
            continue;
        }
        let mut postal = empty(ChannelKind::Postal);
        postal.id = id.as_ref().map(|id| match i {
            0 => format!("{id}-postiosoite"),
            n => format!("{id}-postiosoite-{}", n + 1),
        });
        address(&mut postal, a, langs);
        postal.lines = match unlocalized(&a.form_receiver, None, langs) {
            Some(l) => vec![l],
            None => Vec::new(),
        };
        // The export keeps a postal channel's name as the address's additional information.
        postal.name = a
            .street_address
            .as_ref()
            .and_then(|s| unlocalized(&s.additional_information, None, langs))
            .or_else(|| channels[0].name.clone());
        channels.push(postal);
    }
    Converted { channels, notes }
}

/// `+358` and `447974878` as `044 797 4878`, grouped the way esite shows Finnish numbers.
pub fn number(p: &schema::Phone) -> String {
    let digits: String = p.number.chars().filter(char::is_ascii_digit).collect();
    let written = match p.prefix_number.as_deref() {
        Some("+358") => format!("0{}", digits.trim_start_matches('0')),
        Some(prefix) if !prefix.is_empty() => format!("{prefix} {digits}"),
        _ => digits,
    };
    match crate::model::phone::parse(&written) {
        Ok(phone) => phone.display,
        Err(_) => written,
    }
}

fn address(out: &mut RawChannel, a: &Address, langs: &[String]) {
    let Some(s) = &a.street_address else { return };
    let streets: Vec<Text> = s
        .street
        .iter()
        .map(|t| Text {
            value: match &s.street_number {
                Some(n) if !n.trim().is_empty() => format!("{} {}", t.value.trim(), n.trim()),
                _ => t.value.trim().to_string(),
            },
            ..t.clone()
        })
        .collect();
    out.street = unlocalized(&streets, None, langs);
    out.postal_code = Some(s.postal_code.clone());
    let names = match &s.municipality {
        Some(schema::MunicipalityRef::Named(m)) => m.name.clone(),
        _ => Vec::new(),
    };
    // PTV writes post offices in capitals, as the postal service does: KUOPIO.
    let offices: Vec<Text> = s
        .post_office
        .iter()
        .map(|t| Text {
            value: capitalised(&t.value),
            ..t.clone()
        })
        .collect();
    out.city = unlocalized(&offices, None, langs).or_else(|| unlocalized(&names, None, langs));
}

/// `KUOPIO` as `Kuopio`, `PIETARSAARI-JAKOBSTAD` as `Pietarsaari-Jakobstad`; a name in mixed
/// case stays as it is.
fn capitalised(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    let mut out = String::new();
    let mut start = true;
    for c in name.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

fn hhmm(t: &str) -> String {
    t.get(..5).unwrap_or(t).to_string()
}

/// `mon-fri`, `mon, wed, fri`, `mon-wed, fri` for a set of weekdays (Monday = 0).
pub fn days(set: &[usize]) -> String {
    const KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut parts = Vec::new();
    let mut i = 0;
    while i < set.len() {
        let mut j = i;
        while j + 1 < set.len() && set[j + 1] == set[j] + 1 {
            j += 1;
        }
        if j >= i + 2 {
            parts.push(format!("{}-{}", KEYS[set[i]], KEYS[set[j]]));
        } else {
            parts.extend(set[i..=j].iter().map(|&d| KEYS[d].to_string()));
        }
        i = j + 1;
    }
    parts.join(", ")
}

fn day_index(name: Option<&str>) -> Option<usize> {
    let name = name?;
    DAYS.iter().position(|d| d.eq_ignore_ascii_case(name))
}

fn hours(out: &mut RawChannel, h: &ServiceHour, langs: &[String], notes: &mut Vec<String>) {
    match h.service_hour_type.as_str() {
        "DaysOfTheWeek" | "Standard" => {
            // (open, close) → the weekdays with those times, in the order first met.
            let mut groups: Vec<((String, String), Vec<usize>)> = Vec::new();
            for o in &h.opening_hour {
                let Some(from) = day_index(o.day_from.as_deref()) else {
                    continue;
                };
                let to = day_index(o.day_to.as_deref())
                    .filter(|&t| t >= from)
                    .unwrap_or(from);
                let times = (hhmm(&o.from), hhmm(&o.to));
                let at = match groups.iter().position(|(t, _)| *t == times) {
                    Some(i) => i,
                    None => {
                        groups.push((times, Vec::new()));
                        groups.len() - 1
                    }
                };
                groups[at].1.extend(from..=to);
            }
            for ((open, close), mut set) in groups {
                set.sort();
                set.dedup();
                out.hours.push(RawHours {
                    days: days(&set),
                    open,
                    close,
                });
            }
            if h.valid_from.is_some() || h.valid_to.is_some() {
                notes.push(
                    "weekly hours valid for a period only are brought in as if always valid".into(),
                );
            }
        }
        "Exceptional" | "Exception" => {
            let Some(date) = h.valid_from.as_deref().and_then(|d| d.get(..10)) else {
                notes.push("an exceptional day without a date is left out".into());
                return;
            };
            let first = h.opening_hour.first();
            out.exceptions.push(RawException {
                date: date.to_string(),
                closed: h.is_closed || first.is_none(),
                open: first.filter(|_| !h.is_closed).map(|o| hhmm(&o.from)),
                close: first.filter(|_| !h.is_closed).map(|o| hhmm(&o.to)),
                note: unlocalized(&h.additional_information, None, langs),
            });
            if h.valid_to
                .as_deref()
                .and_then(|d| d.get(..10))
                .is_some_and(|to| to != date)
            {
                notes.push(format!(
                    "the exceptional period from {date} is brought in as its first day only"
                ));
            }
        }
        other => notes.push(format!("service hours of type '{other}' are left out")),
    }
}

/// The text of a PTV list in one language, for names in messages.
pub fn first_value(texts: &[Text]) -> Option<&str> {
    texts.first().map(|t| t.value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_offices_in_capitals_are_written_as_names() {
        assert_eq!(capitalised("KUOPIO"), "Kuopio");
        assert_eq!(
            capitalised("PIETARSAARI-JAKOBSTAD"),
            "Pietarsaari-Jakobstad"
        );
        assert_eq!(capitalised("Kajaani"), "Kajaani");
    }

    #[test]
    fn weekday_sets_read_as_ranges() {
        assert_eq!(days(&[0, 1, 2, 3, 4]), "mon-fri");
        assert_eq!(days(&[0, 2, 4]), "mon, wed, fri");
        assert_eq!(days(&[0, 1, 2, 4]), "mon-wed, fri");
        assert_eq!(days(&[1, 2]), "tue, wed");
    }

    #[test]
    fn numbers_are_joined_and_grouped() {
        let p = schema::Phone {
            prefix_number: Some("+358".into()),
            number: "447974878".into(),
            ..Default::default()
        };
        assert_eq!(
            number(&p),
            crate::model::phone::parse("0447974878").unwrap().display
        );
        let short = schema::Phone {
            is_finnish_service_number: true,
            number: "116117".into(),
            ..Default::default()
        };
        assert_eq!(
            number(&short),
            crate::model::phone::parse("116117").unwrap().display
        );
    }
}
