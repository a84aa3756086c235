//! Serde structs that mirror the files exactly. Nothing here is validated beyond its shape;
//! `model::resolve` turns these into the site the rest of the program uses.

use super::{depth, yaml};
use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;

/// Text per language, or one text for every language (`name: Kuopio`).
#[derive(Debug, Clone, PartialEq)]
pub enum Localized {
    Same(String),
    PerLanguage(IndexMap<String, String>),
}

impl<'de> Deserialize<'de> for Localized {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Localized;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or a text per language such as `{ fi: ..., en: ... }`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Localized, E> {
                markdown::<E>(v)?;
                Ok(Localized::Same(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Localized, E> {
                Ok(Localized::Same(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Localized, E> {
                Ok(Localized::Same(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Localized, A::Error> {
                let mut out = IndexMap::new();
                while let Some((k, Markdown(v))) = map.next_entry::<String, Markdown>()? {
                    out.insert(k, v);
                }
                Ok(Localized::PerLanguage(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Localized values are names or Markdown (descriptions, notes): each is checked as Markdown
/// (see `depth`) while serde still knows where it stands. Generous limits let names through.
fn markdown<E: de::Error>(v: &str) -> Result<(), E> {
    depth::check_markdown(v).map_err(|p| E::custom(yaml::encode(v, &p)))
}

struct Markdown(String);

impl<'de> Deserialize<'de> for Markdown {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        markdown::<D::Error>(&s)?;
        Ok(Markdown(s))
    }
}

/// Plain text written into pages (titles, summaries): a control character written as an
/// escape in quotes (`"\0"`) gets past the check of the file's own characters.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    depth::control(&s).map_err(|p| de::Error::custom(yaml::encode(&s, &p)))?;
    Ok(s)
}

fn colour<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = Option::<String>::deserialize(d)?.unwrap_or_default();
    depth::control(&s).map_err(|p| de::Error::custom(yaml::encode(&s, &p)))?;
    Ok(Some(s))
}

fn texts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let list = Vec::<String>::deserialize(d)?;
    for s in &list {
        depth::control(s).map_err(|p| de::Error::custom(yaml::encode(s, &p)))?;
    }
    Ok(list)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    /// The languages in order; the first is the default.
    pub languages: Vec<RawLanguage>,
    /// Where the site is published, e.g. `https://example.fi/perhe/`.
    pub base_url: String,
    /// Theme folder name under themes/; default `default`.
    pub theme: Option<String>,
    /// Pass raw HTML in Markdown through; default false.
    #[serde(default)]
    pub allow_html: bool,
    /// Leaflet paper size; default A4.
    pub paper: Option<Paper>,
    pub title: Localized,
    pub organisation: Localized,
    pub description: Option<Localized>,
    #[serde(default)]
    pub topics: Vec<RawTopic>,
    pub contact: Option<RawContact>,
    pub accessibility: Option<RawAccessibility>,
    /// The organisation's logo, a file beside site.yaml; none by default.
    pub logo: Option<RawLogo>,
    /// The organisation's colour, `#rrggbb` or `#rgb` (`brand_color` is read too); the
    /// theme's own by default. Written without quotes, YAML reads `#` as the start of a
    /// comment and the value as nothing: that is `Some("")`, for the model to explain.
    #[serde(default, alias = "brand_color", deserialize_with = "colour")]
    pub brand_colour: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLogo {
    /// The file's name, beside site.yaml: `logo.svg` (SVG or PNG).
    #[serde(deserialize_with = "text")]
    pub file: String,
    /// What the logo says, per language; empty when it only repeats the organisation's name.
    pub alt: Option<Localized>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLanguage {
    pub code: String,
    /// The language's name in itself ("Suomeksi").
    pub name: String,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, serde::Serialize)]
pub enum Paper {
    A4,
    A5,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTopic {
    pub id: String,
    pub name: Localized,
    pub description: Option<Localized>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    pub name: Localized,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAccessibility {
    pub conformance: Conformance,
    pub prepared: String,
    pub reviewed: Option<String>,
    pub method: Option<Localized>,
    #[serde(default)]
    pub shortcomings: Vec<Localized>,
    pub feedback: RawFeedback,
    pub authority: RawAuthority,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Conformance {
    Full,
    Partial,
    None,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFeedback {
    pub email: Option<String>,
    pub url: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAuthority {
    pub name: Localized,
    pub url: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Front matter of a service or free page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    #[serde(deserialize_with = "text")]
    pub title: String,
    #[serde(deserialize_with = "text")]
    pub summary: String,
    pub slug: Option<String>,
    pub regions: Option<Vec<String>>,
    pub topics: Option<Vec<String>>,
    #[serde(default, deserialize_with = "texts")]
    pub legal_basis: Vec<String>,
    /// Other words residents use for the service, for the site search; default none.
    #[serde(default, deserialize_with = "texts")]
    pub keywords: Vec<String>,
    /// YYYY-MM-DD or YYYY-MM.
    pub updated: Option<String>,
    pub paper: Option<Paper>,
    /// Which version of the default-language text this translation was made from; written
    /// by `esite translated`.
    pub translated_from: Option<String>,
    /// Files beside the Markdown to publish although the text does not link to them; default
    /// none (a file the text links to or shows is published anyway).
    #[serde(default)]
    pub files: Vec<String>,
    /// The service's id in the national Service Catalogue (PTV); written by `esite ptv import`
    /// so a later import updates this service rather than adding another.
    pub ptv_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegion {
    pub name: Localized,
    pub short_name: Option<Localized>,
    /// URL name per language; default the file's id.
    pub slug: Option<IndexMap<String, String>>,
    pub website: Option<String>,
    pub description: Option<Localized>,
    /// The organisation's id in the national Service Catalogue (PTV); default none.
    pub ptv_organization: Option<String>,
    #[serde(default)]
    pub channels: Vec<RawChannel>,
    #[serde(default)]
    pub areas: Vec<RawArea>,
    #[serde(default)]
    pub municipalities: Vec<RawMunicipality>,
    #[serde(default)]
    pub services: IndexMap<String, RawRegionService>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawArea {
    pub id: String,
    pub name: Localized,
    pub description: Option<Localized>,
    #[serde(default)]
    pub municipalities: Vec<RawMunicipality>,
    #[serde(default)]
    pub channels: Vec<RawChannel>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMunicipality {
    pub name: Localized,
    /// Official three-digit municipality code, quoted: "297".
    pub code: Option<String>,
    pub note: Option<Localized>,
    /// A former municipality now part of another: `part_of: Kuopio`, or a name per language
    /// (`{ fi: Närpiö, sv: Närpes }`).
    pub part_of: Option<Localized>,
    /// The page's URL name per language, e.g. `{ sv: jakobstad }`; default: the name in that
    /// language, as a URL name.
    pub slug: Option<IndexMap<String, String>>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    Phone,
    Email,
    Web,
    Eservice,
    Form,
    Location,
    Postal,
}

/// One flat struct for every channel type, so serde keeps line numbers for unknown fields;
/// which fields each type needs is checked when resolving.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChannel {
    #[serde(rename = "type")]
    pub kind: ChannelKind,
    pub id: Option<String>,
    pub name: Option<Localized>,
    pub description: Option<Localized>,
    pub number: Option<String>,
    pub address: Option<String>,
    pub url: Option<String>,
    pub street: Option<Localized>,
    pub postal_code: Option<String>,
    pub city: Option<Localized>,
    #[serde(default)]
    pub lines: Vec<Localized>,
    #[serde(default)]
    pub hours: Vec<RawHours>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    #[serde(default)]
    pub exceptions: Vec<RawException>,
    /// The channel's id in the national Service Catalogue (PTV); default none.
    pub ptv_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHours {
    /// `mon-fri`, `mon, wed, fri`, `mon-wed, fri`.
    pub days: String,
    pub open: String,
    pub close: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawException {
    pub date: String,
    #[serde(default)]
    pub closed: bool,
    pub open: Option<String>,
    pub close: Option<String>,
    pub note: Option<Localized>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegionService {
    pub notes: Option<Localized>,
    /// Only these channel ids on this service's pages; default all.
    pub channels: Option<Vec<String>>,
    pub colophon: Option<RawColophon>,
    /// Whether the service costs anything in this region; default not said.
    pub fee: Option<Fee>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Fee {
    Free,
    Charged,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawColophon {
    pub photos: Option<Localized>,
    pub layout: Option<Localized>,
    pub printer: Option<Localized>,
    pub year: Option<Localized>,
}

impl Localized {
    /// The text for `lang`, falling back to `default`, then to any. The second value is the
    /// language of the text when it differs from `lang`, so pages can mark it with `lang`.
    /// A plain string is written in the default language (place and company names), so on
    /// other languages' pages it carries that language, and screen readers say it right.
    pub fn get<'a>(&'a self, lang: &'a str, default: &'a str) -> (&'a str, Option<&'a str>) {
        match self {
            Localized::Same(s) => (s, (lang != default).then_some(default)),
            Localized::PerLanguage(map) => {
                if let Some(s) = map.get(lang) {
                    (s, None)
                } else if let Some(s) = map.get(default) {
                    (s, Some(default))
                } else if let Some((l, s)) = map.first() {
                    (s, Some(l.as_str()))
                } else {
                    ("", None)
                }
            }
        }
    }

    /// Language codes the map lacks, and codes it has that the site does not use.
    pub fn gaps<'a>(&'a self, languages: &'a [String]) -> (Vec<&'a str>, Vec<&'a str>) {
        match self {
            Localized::Same(_) => (Vec::new(), Vec::new()),
            Localized::PerLanguage(map) => (
                languages
                    .iter()
                    .filter(|l| !map.contains_key(*l))
                    .map(String::as_str)
                    .collect(),
                map.keys()
                    .filter(|k| !languages.contains(k))
                    .map(String::as_str)
                    .collect(),
            ),
        }
    }

    /// Some text, for locating the value in its file.
    pub fn any(&self) -> &str {
        match self {
            Localized::Same(s) => s,
            Localized::PerLanguage(map) => map.values().next().map_or("", String::as_str),
        }
    }
}
