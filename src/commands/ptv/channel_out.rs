//! One esite channel as a PTV channel payload: names and descriptions per language, the
//! phone number split into prefix and digits, weekly and exceptional hours, addresses and
//! web addresses. What PTV requires and the channel does not give is returned by name, for
//! the export's warning; nothing is made up to fill it.

use super::schema::{self, Address, ChannelType, OpeningHour, ServiceHour, Street, Text};
use super::{localized, text};
use crate::model::hours::{Opening, Time};
use crate::model::phone::Phone;
use crate::model::{Channel, Exception, Site};
use crate::parse::raw::{ChannelKind, Localized};

/// PTV's weekday names (`WeekDayEnum`), Monday first as esite's.
pub const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// PTV's limit on a channel's summary (`ListPropertyMaxLength(150, "Value", "Summary")`).
pub const SUMMARY_MAX: usize = 150;
/// PTV's limit on a description (`ListPropertyMaxLength(2500, …, "Description")`).
pub const DESCRIPTION_MAX: usize = 2500;

/// The PTV type of an esite channel; e-mail and postal addresses are no channel type in PTV.
pub fn ptv_type(kind: ChannelKind) -> Option<ChannelType> {
    match kind {
        ChannelKind::Phone => Some(ChannelType::Phone),
        ChannelKind::Web => Some(ChannelType::WebPage),
        ChannelKind::Eservice => Some(ChannelType::EChannel),
        ChannelKind::Form => Some(ChannelType::PrintableForm),
        ChannelKind::Location => Some(ChannelType::ServiceLocation),
        ChannelKind::Email | ChannelKind::Postal => None,
    }
}

/// What the channel becomes, and the required fields it could not fill.
pub struct Mapped {
    pub channel: schema::Channel,
    pub missing: Vec<&'static str>,
    /// Problems with values PTV would refuse (times, lengths), in plain words.
    pub problems: Vec<String>,
}

/// Maps one channel. `postal` are the postal addresses beside it, which a printable form
/// takes as the addresses it is sent to.
pub fn map(site: &Site, c: &Channel, kind: ChannelType, postal: &[&Channel]) -> Mapped {
    let langs: Vec<String> = site.languages.iter().map(|l| l.code.clone()).collect();
    let mut missing = Vec::new();
    let mut problems = Vec::new();
    let name_kind = (kind == ChannelType::ServiceLocation).then_some("Name");
    let names = c
        .name
        .as_ref()
        .map(|n| localized(n, &langs, name_kind))
        .unwrap_or_default();
    if names.is_empty() {
        missing.push("serviceChannelNames");
    }
    let mut descriptions = Vec::new();
    match &c.description {
        Some(d) => {
            for t in localized(d, &langs, None) {
                let plain = text::to_ptv(&t.value);
                let summary = text::summary_of(&plain, SUMMARY_MAX);
                if summary.chars().count() > SUMMARY_MAX {
                    problems.push(format!(
                        "its {} description is {} characters, and PTV's summary takes {SUMMARY_MAX}: shorten its first sentence",
                        t.language,
                        summary.chars().count()
                    ));
                }
                if plain.chars().count() > DESCRIPTION_MAX {
                    problems.push(format!(
                        "its {} description is longer than PTV's {DESCRIPTION_MAX} characters",
                        t.language
                    ));
                }
                descriptions.push(item(&t.language, summary, "Summary"));
                descriptions.push(item(&t.language, plain, "Description"));
            }
        }
        None => missing.push("serviceChannelDescriptions"),
    }
    let mut out = schema::Channel {
        source_id: None,
        organization_id: None,
        service_channel_names: names,
        service_channel_descriptions: descriptions,
        languages: langs.clone(),
        publishing_status: Some("Draft".into()),
        id: c.ptv_id.clone(),
        ..Default::default()
    };
    let url = |c: &Channel| -> Vec<Text> {
        let Some(u) = &c.url else { return Vec::new() };
        langs
            .iter()
            .map(|l| Text {
                language: l.clone(),
                value: u.clone(),
                kind: None,
            })
            .collect()
    };
    match kind {
        ChannelType::Phone => match &c.phone {
            Some(p) => out.phone_numbers = langs.iter().map(|l| phone(p, l)).collect(),
            None => missing.push("phoneNumbers"),
        },
        ChannelType::WebPage | ChannelType::EChannel => {
            out.web_page = url(c);
            // esite does not know whether the e-service needs a strong identification, nor how
            // accessible the site is; PTV asks both.
            if kind == ChannelType::EChannel {
                missing.push("requiresAuthentication");
            }
            missing.push("accessibilityClassification");
        }
        ChannelType::PrintableForm => {
            out.channel_urls = url(c);
            // PTV's file types; a web page is none of them.
            let file_type = c.url.as_deref().and_then(file_type);
            match file_type {
                Some(t) => {
                    for u in &mut out.channel_urls {
                        u.kind = Some(t.into());
                    }
                }
                None => missing.push("channelUrls type (PDF, DOC or Excel)"),
            }
            for p in postal {
                if p.street.is_some() {
                    out.delivery_addresses.push(Address {
                        kind: None,
                        sub_type: "Street".into(),
                        street_address: Some(street(site, p, &langs)),
                        form_receiver: receiver(p, &langs, &mut problems),
                        country: None,
                    });
                }
            }
        }
        ChannelType::ServiceLocation => out.addresses.push(Address {
            kind: Some("Location".into()),
            sub_type: "Single".into(),
            street_address: Some(street(site, c, &langs)),
            form_receiver: Vec::new(),
            country: Some("FI".into()),
        }),
    }
    out.service_hours = hours(&c.hours, &mut problems);
    out.service_hours.extend(
        c.exceptions
            .iter()
            .filter_map(|e| exception(e, &langs, &mut problems)),
    );
    Mapped {
        channel: out,
        missing,
        problems,
    }
}

fn item(language: &str, value: String, kind: &str) -> Text {
    Text {
        language: language.to_string(),
        value,
        kind: Some(kind.to_string()),
    }
}

/// `+358447974878` as prefix `+358` and number `447974878`; a national service number
/// (`116117`) has no prefix and says so.
pub fn phone(p: &Phone, language: &str) -> schema::Phone {
    let (prefix, number, service) = match p.dial.strip_prefix('+') {
        Some(e164) => {
            let code_len = phonenumber::parse(None, &p.dial)
                .map(|n| n.code().value().to_string().len())
                .unwrap_or(3);
            let (code, rest) = e164.split_at(code_len.min(e164.len()));
            (Some(format!("+{code}")), rest.to_string(), false)
        }
        None => (None, p.dial.clone(), true),
    };
    schema::Phone {
        kind: Some("Phone".into()),
        prefix_number: prefix,
        is_finnish_service_number: service,
        number,
        language: language.to_string(),
    }
}

fn file_type(url: &str) -> Option<&'static str> {
    let lower = url.to_ascii_lowercase();
    let path = lower.split(['?', '#']).next().unwrap_or("");
    if path.ends_with(".pdf") {
        Some("PDF")
    } else if path.ends_with(".doc") || path.ends_with(".docx") || path.ends_with(".odt") {
        Some("DOC")
    } else if path.ends_with(".xls") || path.ends_with(".xlsx") || path.ends_with(".ods") {
        Some("Excel")
    } else {
        None
    }
}

/// `Lönnrotinkatu 2 C` as the street `Lönnrotinkatu` and the number `2 C`: PTV keeps them
/// apart. The number starts at the first word that starts with a digit.
pub fn split_street(street: &str) -> (String, Option<String>) {
    let words: Vec<&str> = street.split_whitespace().collect();
    match words
        .iter()
        .position(|w| w.starts_with(|c: char| c.is_ascii_digit()))
    {
        Some(i) if i > 0 => (words[..i].join(" "), Some(words[i..].join(" "))),
        _ => (words.join(" "), None),
    }
}

fn street(site: &Site, c: &Channel, langs: &[String]) -> Street {
    let streets = c
        .street
        .as_ref()
        .map(|s| localized(s, langs, None))
        .unwrap_or_default();
    let number = streets.first().and_then(|s| split_street(&s.value).1);
    let city = c
        .city
        .as_ref()
        .map(|s| localized(s, langs, None))
        .unwrap_or_default();
    // The municipality whose name the city is, in any language: PTV files addresses under
    // municipality codes.
    let code = c.city.as_ref().and_then(|city| {
        site.municipalities.iter().find_map(|m| {
            let same = langs
                .iter()
                .any(|l| m.name.get(l, &langs[0]).0 == city.get(l, &langs[0]).0);
            same.then(|| m.code.clone()).flatten()
        })
    });
    Street {
        street: streets
            .iter()
            .map(|s| Text {
                language: s.language.clone(),
                value: split_street(&s.value).0,
                kind: None,
            })
            .collect(),
        street_number: number,
        postal_code: c.postal_code.clone().unwrap_or_default(),
        post_office: city,
        municipality: code.map(schema::MunicipalityRef::Code),
        additional_information: c
            .name
            .as_ref()
            .map(|n| localized(n, langs, None))
            .unwrap_or_default(),
    }
}

/// A postal address's lines, one text per language, for the form's `formReceiver`.
fn receiver(p: &Channel, langs: &[String], problems: &mut Vec<String>) -> Vec<Text> {
    if p.lines.is_empty() {
        return Vec::new();
    }
    let texts: Vec<Text> = langs
        .iter()
        .map(|l| Text {
            language: l.clone(),
            value: p
                .lines
                .iter()
                .map(|line| line.get(l, &langs[0]).0)
                .collect::<Vec<_>>()
                .join(", "),
            kind: None,
        })
        .collect();
    if let Some(longest) = texts.iter().map(|t| t.value.chars().count()).max()
        && longest > 100
    {
        problems.push(format!(
            "the postal address's lines are {longest} characters together, and PTV's form receiver takes 100"
        ));
    }
    texts
}

/// PTV's time of day: hours and minutes, minutes in quarters (`ValidationConsts.Time`).
fn time(t: Time, problems: &mut Vec<String>) -> String {
    let (h, m) = (t.minutes() / 60, t.minutes() % 60);
    if h > 23 || m % 15 != 0 {
        problems.push(format!(
            "PTV takes times from 00:00 to 23:45 in quarter hours, not {h:02}:{m:02}"
        ));
    }
    format!("{h:02}:{m:02}")
}

/// The weekly hours as one `DaysOfTheWeek` entry, one opening per weekday.
fn hours(week: &[Opening], problems: &mut Vec<String>) -> Vec<ServiceHour> {
    if week.is_empty() {
        return Vec::new();
    }
    let mut opening = Vec::new();
    for o in week {
        for (d, day) in DAYS.iter().enumerate() {
            if o.days.contains(d) {
                opening.push(OpeningHour {
                    day_from: Some(day.to_string()),
                    day_to: Some(day.to_string()),
                    from: time(o.open, problems),
                    to: time(o.close, problems),
                });
            }
        }
    }
    vec![ServiceHour {
        service_hour_type: "DaysOfTheWeek".into(),
        valid_for_now: true,
        opening_hour: opening,
        ..Default::default()
    }]
}

/// An exceptional day: closed, or open at other times, with its note.
fn exception(e: &Exception, langs: &[String], problems: &mut Vec<String>) -> Option<ServiceHour> {
    let Some(_) = e.date.day else {
        problems.push(format!(
            "the exception {} names a month, and PTV needs a day",
            e.date.iso()
        ));
        return None;
    };
    let day = format!("{}T00:00:00", e.date.iso());
    Some(ServiceHour {
        service_hour_type: "Exceptional".into(),
        valid_from: Some(day.clone()),
        valid_to: Some(day),
        is_closed: e.hours.is_none(),
        valid_for_now: false,
        additional_information: e
            .note
            .as_ref()
            .map(|n| localized(n, langs, None))
            .unwrap_or_default(),
        opening_hour: e
            .hours
            .iter()
            .map(|(open, close)| OpeningHour {
                day_from: None,
                day_to: None,
                from: time(*open, problems),
                to: time(*close, problems),
            })
            .collect(),
    })
}

/// The Localized a PTV list of texts gives back: one text for every language when they agree.
pub fn unlocalized(texts: &[Text], kind: Option<&str>, langs: &[String]) -> Option<Localized> {
    let chosen: Vec<&Text> = texts
        .iter()
        .filter(|t| kind.is_none_or(|k| t.kind.as_deref().is_none_or(|tk| tk == k)))
        .filter(|t| langs.contains(&t.language) && !t.value.trim().is_empty())
        .collect();
    let first = chosen.first()?;
    if chosen.len() == langs.len() && chosen.iter().all(|t| t.value == first.value) {
        return Some(Localized::Same(first.value.clone()));
    }
    Some(Localized::PerLanguage(
        chosen
            .iter()
            .map(|t| (t.language.clone(), t.value.clone()))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streets_split_before_the_number() {
        assert_eq!(
            split_street("Lönnrotinkatu 2 C"),
            ("Lönnrotinkatu".to_string(), Some("2 C".to_string()))
        );
        assert_eq!(split_street("Torikatu"), ("Torikatu".to_string(), None));
        assert_eq!(
            split_street("Pohjois-Esplanadi 11–13"),
            ("Pohjois-Esplanadi".to_string(), Some("11–13".to_string()))
        );
    }

    #[test]
    fn phones_split_into_prefix_and_digits() {
        let p = crate::model::phone::parse("044 797 4878").unwrap();
        let out = phone(&p, "fi");
        assert_eq!(out.prefix_number.as_deref(), Some("+358"));
        assert_eq!(out.number, "447974878");
        assert!(!out.is_finnish_service_number);
        let short = crate::model::phone::parse("116 117").unwrap();
        let out = phone(&short, "fi");
        assert_eq!(out.prefix_number, None);
        assert_eq!(out.number, "116117");
        assert!(out.is_finnish_service_number);
    }

    #[test]
    fn times_outside_quarter_hours_are_reported() {
        let mut problems = Vec::new();
        assert_eq!(
            time(
                crate::model::hours::parse_time("8.30").unwrap(),
                &mut problems
            ),
            "08:30"
        );
        assert!(problems.is_empty());
        time(
            crate::model::hours::parse_time("24:00").unwrap(),
            &mut problems,
        );
        time(
            crate::model::hours::parse_time("9:10").unwrap(),
            &mut problems,
        );
        assert_eq!(problems.len(), 2);
    }
}
