//! Serde structs that mirror the files exactly. Nothing here is validated beyond its shape;
//! `model::resolve` turns these into the site the rest of the program uses.

use super::schema_types::{Colour, Date, Days, Id, MunicipalityCode, Slugs, Time};
use super::{depth, yaml};
use indexmap::IndexMap;
use schemars::JsonSchema;
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

// Every field's doc comment is also its description in the editors' JSON Schemas
// (`esite schema`): write it for an editor, and say the default.

/// content/site.yaml: the site's languages, address, names and shared contacts.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "esite site.yaml (sivuston asetukset)")]
pub struct RawSite {
    /// The site's languages in order; the first is the default language.
    pub languages: Vec<RawLanguage>,
    /// Where the site is published, e.g. https://example.fi/perhe/.
    #[schemars(regex(pattern = r"^https?://"))]
    pub base_url: String,
    /// The theme's folder name under themes/; default: the built-in theme, default.
    pub theme: Option<String>,
    /// Let raw HTML in Markdown through to the pages; default false.
    #[serde(default)]
    pub allow_html: bool,
    /// The leaflets' paper size, A4 or A5; default A4.
    pub paper: Option<Paper>,
    /// The site's name, shown in every page's header and title.
    pub title: Localized,
    /// The organisation that publishes the site, shown in the footer.
    pub organisation: Localized,
    /// A sentence about the site for the front page and search engines (optional).
    pub description: Option<Localized>,
    /// The topics services are grouped by on the front page; default none.
    #[serde(default)]
    pub topics: Vec<RawTopic>,
    /// Who to contact about the site itself (optional).
    pub contact: Option<RawContact>,
    /// The accessibility statement; without it the site has none (optional).
    pub accessibility: Option<RawAccessibility>,
    /// The organisation's logo, a file beside site.yaml; none by default.
    pub logo: Option<RawLogo>,
    /// The organisation's colour, `#rrggbb` or `#rgb` (`brand_color` is read too); the
    /// theme's own by default. Written without quotes, YAML reads `#` as the start of a
    /// comment and the value as nothing: that is `Some("")`, for the model to explain.
    #[serde(default, alias = "brand_color", deserialize_with = "colour")]
    #[schemars(with = "Colour")]
    pub brand_colour: Option<String>,
}

/// The organisation's logo.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLogo {
    /// The file's name, beside site.yaml: `logo.svg` (SVG or PNG).
    #[serde(deserialize_with = "text")]
    pub file: String,
    /// What the logo says, per language; empty when it only repeats the organisation's name.
    pub alt: Option<Localized>,
}

/// One of the site's languages.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLanguage {
    /// The language code: fi, sv, en, ...
    #[schemars(regex(pattern = r"^[a-z]{2,3}$"))]
    pub code: String,
    /// The language's name in itself, for the language switcher: Suomeksi, På svenska.
    pub name: String,
}

/// Leaflet paper size.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, serde::Serialize, JsonSchema)]
pub enum Paper {
    A4,
    A5,
}

/// A topic on the front page.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTopic {
    /// The topic's id, which services name in their 'topics'.
    #[schemars(with = "Id")]
    pub id: String,
    /// The topic's name.
    pub name: Localized,
    /// A sentence on when this topic is the reader's (optional).
    pub description: Option<Localized>,
}

/// A contact: a name and at least one way to reach it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    /// Who the contact is.
    pub name: Localized,
    /// An e-mail address (optional).
    pub email: Option<String>,
    /// A phone number, in quotes: "09 123 4567" (optional).
    pub phone: Option<String>,
    /// A web address (optional).
    pub url: Option<String>,
}

/// The accessibility statement's facts.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAccessibility {
    /// How well the site meets the requirements: full, partial or none.
    pub conformance: Conformance,
    /// When the statement was prepared: YYYY-MM-DD.
    #[schemars(with = "Date")]
    pub prepared: String,
    /// When it was last reviewed: YYYY-MM-DD (optional).
    #[schemars(with = "Option<Date>")]
    pub reviewed: Option<String>,
    /// How the accessibility was assessed (optional).
    pub method: Option<Localized>,
    /// The content that is not accessible and why, one item each; default none.
    #[serde(default)]
    pub shortcomings: Vec<Localized>,
    /// Where readers send feedback on accessibility.
    pub feedback: RawFeedback,
    /// The supervising authority readers can turn to.
    pub authority: RawAuthority,
}

/// How well the site meets the accessibility requirements.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Conformance {
    Full,
    Partial,
    None,
}

/// Where accessibility feedback goes: at least one of these.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFeedback {
    /// An e-mail address (optional).
    pub email: Option<String>,
    /// A web address, e.g. a feedback form (optional).
    pub url: Option<String>,
    /// A phone number, in quotes (optional).
    pub phone: Option<String>,
}

/// The supervising authority.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAuthority {
    /// The authority's name.
    pub name: Localized,
    /// Its web address (optional).
    pub url: Option<String>,
    /// Its e-mail address (optional).
    pub email: Option<String>,
    /// Its phone number, in quotes (optional).
    pub phone: Option<String>,
}

/// Front matter of a service or free page: the lines between the two '---' lines.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "esite service front matter (palvelun tiedot)")]
pub struct RawFrontMatter {
    /// The page's title.
    #[serde(deserialize_with = "text")]
    pub title: String,
    /// One or two sentences under the title, also in lists and search results.
    #[serde(deserialize_with = "text")]
    pub summary: String,
    /// The last part of the page's web address in this language; default: made from the id.
    #[schemars(with = "Option<Id>")]
    pub slug: Option<String>,
    /// The ids of the regions that offer the service (files in content/regions/); default all.
    #[schemars(with = "Option<Vec<Id>>")]
    pub regions: Option<Vec<String>>,
    /// The ids of the front page topics the service is listed under (from site.yaml).
    #[schemars(with = "Option<Vec<Id>>")]
    pub topics: Option<Vec<String>>,
    /// The laws the service is based on, one item each; default none.
    #[serde(default, deserialize_with = "texts")]
    pub legal_basis: Vec<String>,
    /// Other words residents use for the service, for the site search; default none.
    #[serde(default, deserialize_with = "texts")]
    pub keywords: Vec<String>,
    /// When the text was last updated: YYYY-MM-DD, or YYYY-MM.
    #[schemars(with = "Option<Date>")]
    pub updated: Option<String>,
    /// This service's leaflet paper size, A4 or A5; default: site.yaml's.
    pub paper: Option<Paper>,
    /// Which version of the default-language text this translation was made from; written
    /// by `esite translated`, not by hand.
    pub translated_from: Option<String>,
    /// Files beside the Markdown to publish although the text does not link to them; default
    /// none (a file the text links to or shows is published anyway).
    #[serde(default)]
    pub files: Vec<String>,
    /// The service's id in the national Service Catalogue (PTV); written by `esite ptv import`
    /// so a later import updates this service rather than adding another.
    pub ptv_id: Option<String>,
}

/// A region file in content/regions/: one organisation's areas, municipalities and contacts.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "esite region file (alueen tiedot)")]
pub struct RawRegion {
    /// The organisation's full name.
    pub name: Localized,
    /// A shorter name for lists and browser tabs (optional).
    pub short_name: Option<Localized>,
    /// URL name per language; default the file's id.
    #[schemars(with = "Option<Slugs>")]
    pub slug: Option<IndexMap<String, String>>,
    /// The organisation's own website (optional).
    pub website: Option<String>,
    /// A few sentences about the region, shown on its page (optional).
    pub description: Option<Localized>,
    /// The organisation's id in the national Service Catalogue (PTV); default none.
    pub ptv_organization: Option<String>,
    /// Contacts for the whole region; default none.
    #[serde(default)]
    pub channels: Vec<RawChannel>,
    /// The areas the region is divided into, each with its municipalities and contacts;
    /// default none.
    #[serde(default)]
    pub areas: Vec<RawArea>,
    /// The municipalities of a region without areas; default none.
    #[serde(default)]
    pub municipalities: Vec<RawMunicipality>,
    /// Per service id: what this region adds to that service's pages; default nothing.
    #[serde(default)]
    pub services: IndexMap<String, RawRegionService>,
}

/// An area of a region, with its own municipalities and contacts.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawArea {
    /// The area's id, unique in the file.
    #[schemars(with = "Id")]
    pub id: String,
    /// The area's name.
    pub name: Localized,
    /// A few sentences about the area (optional).
    pub description: Option<Localized>,
    /// The municipalities of the area; default none.
    #[serde(default)]
    pub municipalities: Vec<RawMunicipality>,
    /// The area's contacts; default none.
    #[serde(default)]
    pub channels: Vec<RawChannel>,
}

/// A municipality: its official code, its name, or both.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("anyOf" = [{ "required": ["code"] }, { "required": ["name"] }]))]
pub struct RawMunicipality {
    /// The municipality's name, or a name per language; default with a code: the official
    /// Finnish and Swedish names.
    pub name: Option<Localized>,
    /// Official three-digit municipality code, quoted: "297".
    #[schemars(with = "Option<MunicipalityCode>")]
    pub code: Option<String>,
    /// A short note shown with the name, e.g. which villages are not included (optional).
    pub note: Option<Localized>,
    /// A former municipality now part of another: `part_of: Kuopio`, or a name per language
    /// (`{ fi: Närpiö, sv: Närpes }`).
    pub part_of: Option<Localized>,
    /// The page's URL name per language, e.g. `{ sv: jakobstad }`; default: the name in that
    /// language, as a URL name.
    #[schemars(with = "Option<Slugs>")]
    pub slug: Option<IndexMap<String, String>>,
}

/// The kind of contact channel.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, serde::Serialize, JsonSchema)]
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

impl ChannelKind {
    /// The word an editor writes as `type:` (and themes see as the channel's kind).
    pub fn word(self) -> &'static str {
        match self {
            ChannelKind::Phone => "phone",
            ChannelKind::Email => "email",
            ChannelKind::Web => "web",
            ChannelKind::Eservice => "eservice",
            ChannelKind::Form => "form",
            ChannelKind::Location => "location",
            ChannelKind::Postal => "postal",
        }
    }
}

/// One flat struct for every channel type, so serde keeps line numbers for unknown fields;
/// which fields each type needs is checked when resolving.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "A contact channel: a phone line, e-mail, web page, e-service, form, place to visit or postal address."
)]
pub struct RawChannel {
    /// The kind: phone, email, web, eservice, form, location or postal.
    #[serde(rename = "type")]
    pub kind: ChannelKind,
    /// An id, so a service can show only some of a region's contacts (optional).
    #[schemars(with = "Option<Id>")]
    pub id: Option<String>,
    /// The channel's name, e.g. the phone line's (optional for some kinds).
    pub name: Option<Localized>,
    /// A few sentences on when and how to use it (optional).
    pub description: Option<Localized>,
    /// A phone line's number, in quotes: "044 123 4567".
    pub number: Option<String>,
    /// An e-mail address (type email).
    pub address: Option<String>,
    /// A web address (types web, eservice and form).
    pub url: Option<String>,
    /// The street address (types location and postal).
    pub street: Option<Localized>,
    /// The postal code, in quotes: "70100".
    pub postal_code: Option<String>,
    /// The post office or town.
    pub city: Option<Localized>,
    /// Address lines before the street, e.g. a unit's name; default none.
    #[serde(default)]
    pub lines: Vec<Localized>,
    /// When it is open or answers, one line per set of days; default: no hours shown.
    #[serde(default)]
    pub hours: Vec<RawHours>,
    /// The first day these details hold: YYYY-MM-DD (optional).
    #[schemars(with = "Option<Date>")]
    pub valid_from: Option<String>,
    /// The last day these details hold: YYYY-MM-DD (optional).
    #[schemars(with = "Option<Date>")]
    pub valid_until: Option<String>,
    /// Days with other hours or closed, such as holidays; default none.
    #[serde(default)]
    pub exceptions: Vec<RawException>,
    /// The channel's id in the national Service Catalogue (PTV); default none.
    pub ptv_id: Option<String>,
}

/// Opening or phone hours for a set of weekdays.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHours {
    /// `mon-fri`, `mon, wed, fri`, `mon-wed, fri`.
    #[schemars(with = "Days")]
    pub days: String,
    /// Opening time, in quotes: "09:00".
    #[schemars(with = "Time")]
    pub open: String,
    /// Closing time, in quotes: "16:00".
    #[schemars(with = "Time")]
    pub close: String,
}

/// A day with other hours than usual, or closed.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawException {
    /// The day: YYYY-MM-DD.
    #[schemars(with = "Date")]
    pub date: String,
    /// Closed all day; default false.
    #[serde(default)]
    pub closed: bool,
    /// Opening time that day, in quotes (when not closed).
    #[schemars(with = "Option<Time>")]
    pub open: Option<String>,
    /// Closing time that day, in quotes (when not closed).
    #[schemars(with = "Option<Time>")]
    pub close: Option<String>,
    /// A note on the day, e.g. the holiday's name (optional).
    pub note: Option<Localized>,
}

/// What a region adds to one service's pages.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRegionService {
    /// Notes for this region's readers of the service (optional).
    pub notes: Option<Localized>,
    /// Only these channel ids on this service's pages; default all.
    #[schemars(with = "Option<Vec<Id>>")]
    pub channels: Option<Vec<String>>,
    /// The printed leaflet's colophon for this region (optional).
    pub colophon: Option<RawColophon>,
    /// Whether the service costs anything in this region; default not said.
    pub fee: Option<Fee>,
}

/// Whether a service costs anything (PTV's service charge type).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Fee {
    /// Free of charge.
    Free,
    /// The region charges for it.
    Charged,
}

/// The small print of a region's printed leaflet.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawColophon {
    /// Who took the photos (optional).
    pub photos: Option<Localized>,
    /// Who made the layout (optional).
    pub layout: Option<Localized>,
    /// The printing house (optional).
    pub printer: Option<Localized>,
    /// The year printed (optional).
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
