//! The schema.org nodes of the structured data, as serde writes them, and the small
//! conversions they need (times, first and last days of a month).

use crate::model::date;
use crate::model::hours::Time;
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct Ref<'a> {
    #[serde(rename = "@id")]
    pub(super) id: &'a str,
}

#[derive(Serialize)]
pub(super) struct Hours {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "dayOfWeek", skip_serializing_if = "Vec::is_empty")]
    pub(super) day_of_week: Vec<&'static str>,
    pub(super) opens: String,
    pub(super) closes: String,
    #[serde(rename = "validFrom", skip_serializing_if = "Option::is_none")]
    pub(super) valid_from: Option<String>,
    #[serde(rename = "validThrough", skip_serializing_if = "Option::is_none")]
    pub(super) valid_through: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) description: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ContactPoint<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) telephone: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) email: Option<&'a str>,
    #[serde(rename = "hoursAvailable", skip_serializing_if = "Vec::is_empty")]
    pub(super) hours: Vec<Hours>,
}

#[derive(Serialize)]
pub(super) struct PostalAddress {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "streetAddress", skip_serializing_if = "Option::is_none")]
    pub(super) street: Option<String>,
    #[serde(rename = "postalCode", skip_serializing_if = "Option::is_none")]
    pub(super) postal_code: Option<String>,
    #[serde(rename = "addressLocality", skip_serializing_if = "Option::is_none")]
    pub(super) locality: Option<String>,
    #[serde(rename = "addressCountry")]
    pub(super) country: &'static str,
}

#[derive(Serialize)]
pub(super) struct Place {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) address: PostalAddress,
    #[serde(
        rename = "openingHoursSpecification",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub(super) hours: Vec<Hours>,
}

#[derive(Serialize)]
pub(super) struct ServiceChannel<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) name: Option<&'a str>,
    #[serde(rename = "servicePhone", skip_serializing_if = "Option::is_none")]
    pub(super) phone: Option<ContactPoint<'a>>,
    #[serde(rename = "serviceUrl", skip_serializing_if = "Option::is_none")]
    pub(super) url: Option<String>,
    #[serde(rename = "serviceLocation", skip_serializing_if = "Option::is_none")]
    pub(super) location: Option<Place>,
    #[serde(
        rename = "servicePostalAddress",
        skip_serializing_if = "Option::is_none"
    )]
    pub(super) postal: Option<PostalAddress>,
    /// Hours of a channel with neither a phone number nor a visiting address (a chat).
    #[serde(rename = "hoursAvailable", skip_serializing_if = "Vec::is_empty")]
    pub(super) hours: Vec<Hours>,
}

#[derive(Serialize)]
pub(super) struct Organisation<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    pub(super) name: &'a str,
    pub(super) url: String,
    #[serde(rename = "sameAs", skip_serializing_if = "Option::is_none")]
    pub(super) same_as: Option<&'a str>,
}

#[derive(Serialize)]
/// A municipality: in lists its name and code only (a service may serve hundreds); as a
/// municipality page's subject with its address too.
pub(super) struct Municipality<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id", skip_serializing_if = "Option::is_none")]
    pub(super) id: Option<String>,
    pub(super) name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) identifier: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) url: Option<String>,
}

#[derive(Serialize)]
pub(super) struct Area<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    pub(super) name: String,
    #[serde(rename = "containsPlace")]
    pub(super) contains: Vec<Municipality<'a>>,
}

/// `areaServed`: the municipalities themselves.
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum Served<'a> {
    Municipalities(Vec<Municipality<'a>>),
}

#[derive(Serialize)]
pub(super) struct Service<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    pub(super) name: &'a str,
    pub(super) description: &'a str,
    pub(super) url: String,
    #[serde(rename = "inLanguage")]
    pub(super) in_language: &'a str,
    #[serde(rename = "serviceOperator")]
    pub(super) operator: Vec<Ref<'a>>,
    #[serde(rename = "areaServed")]
    pub(super) area_served: Served<'a>,
    #[serde(rename = "availableChannel")]
    pub(super) channels: Vec<Ref<'a>>,
}

/// A service as a list names it: its own page has the rest.
#[derive(Serialize)]
pub(super) struct ServiceLink<'a> {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    pub(super) name: &'a str,
    pub(super) url: String,
    #[serde(rename = "inLanguage")]
    pub(super) in_language: &'a str,
}

/// Serialized and made safe inside `<script>`: `<` only occurs inside strings, where
/// `\u003c` means the same.
pub(super) fn safe<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .expect("JSON-LD nodes always serialize")
        .replace('<', "\\u003c")
}

/// A page's block from its nodes.
pub(super) fn graph<'s>(nodes: impl IntoIterator<Item = &'s str>) -> String {
    let mut out = String::from(r#"{"@context":"https://schema.org","@graph":["#);
    for (i, n) in nodes.into_iter().filter(|n| !n.is_empty()).enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(n);
    }
    out.push_str("]}");
    out
}

pub(super) fn time(t: Time) -> String {
    format!("{:02}:{:02}", t.minutes() / 60, t.minutes() % 60)
}

pub(super) fn first_day(d: &date::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day.unwrap_or(1))
}

pub(super) fn last_day(d: &date::Date) -> String {
    let day = d
        .day
        .unwrap_or_else(|| date::days_in_month(d.year, d.month));
    format!("{:04}-{:02}-{day:02}", d.year, d.month)
}
