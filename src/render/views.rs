//! The typed, borrowed structs templates receive. Templates only display: every decision
//! (which contacts a page shows, how hours read, which language a text is in) is made here.

use serde::Serialize;

/// A text and, when it differs from the page's language, its own language for `lang=""`.
/// Templates get `text`, `lang` and `html`: the escaped text, in a `<span lang>` when needed.
#[derive(Debug, Clone)]
pub struct Text<'a> {
    pub text: &'a str,
    pub lang: Option<&'a str>,
}

impl Serialize for Text<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Text", 3)?;
        st.serialize_field("text", self.text)?;
        st.serialize_field("lang", &self.lang)?;
        st.serialize_field("html", &marked_html(self.text, self.lang))?;
        st.end()
    }
}

/// Escaped text, wrapped in a span with its language when it is not the page's.
pub fn marked_html(text: &str, lang: Option<&str>) -> String {
    let escaped = escape(text);
    match lang {
        Some(l) => format!("<span lang=\"{}\">{escaped}</span>", escape(l)),
        None => escaped,
    }
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// Like [`Text`], for text composed here.
#[derive(Debug, Clone, Serialize)]
pub struct Line<'a> {
    pub text: String,
    pub lang: Option<&'a str>,
}

/// What every page shares: head, header, language switcher, navigation, footer.
#[derive(Serialize)]
pub struct Base<'a> {
    pub lang: &'a str,
    pub site_title: Text<'a>,
    pub organisation: Text<'a>,
    /// The `<title>`: page title and site title.
    pub title: String,
    pub description: String,
    pub canonical: Option<String>,
    pub noindex: bool,
    pub css_url: &'a str,
    pub home_url: String,
    pub languages: Vec<Alternate<'a>>,
    pub nav: Vec<NavLink<'a>>,
    pub footer: Footer<'a>,
    /// Set by `esite serve` only: the live-reload script.
    pub reload_script: Option<&'a str>,
    /// Printable versions of this page, for `<link rel="alternate" media="print">`.
    pub print_alternates: Vec<Link<'a>>,
    /// `@page` size for print pages: "A4" or "A5".
    pub paper: &'static str,
    /// Service, region and municipality pages: the marker of the page's schema.org JSON-LD
    /// for `<script type="application/ld+json">`, spliced in after Tera (see `render/jsonld/`),
    /// safe to write unescaped. Left out when unset: templates test it with `is defined`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json_ld: Option<String>,
    /// The organisation's logo and brand colour.
    pub identity: Identity<'a>,
}

#[derive(Serialize)]
pub struct Identity<'a> {
    pub logo: Option<LogoView<'a>>,
    /// `#rrggbb` and nothing else (checked in `model/colour.rs`), so it is safe in CSS.
    pub brand_colour: Option<&'a str>,
}

#[derive(Serialize)]
pub struct LogoView<'a> {
    pub url: &'a str,
    /// May be empty: the layouts show the organisation's name beside the logo.
    pub alt: &'a str,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

#[derive(Serialize)]
pub struct Alternate<'a> {
    pub lang: &'a str,
    /// The language's name in itself: "Suomeksi", "In English".
    pub name: &'a str,
    pub url: String,
    pub absolute_url: String,
    pub current: bool,
    /// False where the page exists only as a "not yet translated" notice.
    pub translated: bool,
}

#[derive(Serialize)]
pub struct NavLink<'a> {
    pub label: &'a str,
    pub url: String,
    pub current: bool,
}

#[derive(Serialize)]
pub struct Footer<'a> {
    pub pages: Vec<Link<'a>>,
    pub accessibility_url: Option<String>,
    pub contact_name: Option<Text<'a>>,
    pub contact_email: Option<&'a str>,
    pub contact_phone: Option<PhoneView<'a>>,
    pub contact_url: Option<&'a str>,
}

#[derive(Serialize, Clone)]
pub struct Link<'a> {
    pub text: Text<'a>,
    pub url: String,
    /// Set when the target is in another language than the page.
    pub hreflang: Option<&'a str>,
}

#[derive(Serialize, Clone)]
pub struct PhoneView<'a> {
    pub display: &'a str,
    pub href: String,
}

#[derive(Serialize)]
pub struct ServiceItem<'a> {
    pub title: Text<'a>,
    pub summary: Option<Text<'a>>,
    pub url: String,
    pub translated: bool,
}

#[derive(Serialize, Clone)]
pub struct MunicipalityItem<'a> {
    pub name: Text<'a>,
    pub url: String,
    pub code: Option<&'a str>,
    /// "part of Kuopio", or the note for a municipality split between areas.
    pub note: Option<String>,
    /// The note as HTML: a name not in the page's language is marked with its own.
    pub note_html: Option<String>,
    /// Where it belongs: "Pohjois-Savo, Northern area".
    pub belongs: Vec<String>,
}

#[derive(Serialize, Clone)]
pub struct ChannelView<'a> {
    pub kind: &'static str,
    pub name: Option<Text<'a>>,
    pub description_html: Option<String>,
    pub phone: Option<PhoneView<'a>>,
    pub email: Option<&'a str>,
    pub url: Option<&'a str>,
    /// The address as printed: without the scheme, breakable after slashes only.
    pub url_words_html: Option<String>,
    /// Address lines, in order, the last one "87100 Kajaani".
    pub address: Vec<Line<'a>>,
    pub hours: Vec<String>,
    pub validity: Option<String>,
    pub exceptions: Vec<String>,
}

/// A channel rendered once as a shared fragment (`html` is its marker).
#[derive(Serialize, Clone)]
pub struct ChannelRef {
    pub kind: &'static str,
    pub html: String,
}

#[derive(Serialize, Clone)]
pub struct AreaView<'a> {
    pub anchor: String,
    pub name: Text<'a>,
    pub description_html: Option<String>,
    pub municipalities: Vec<MunicipalityLink<'a>>,
}

/// An area in a contact block: `html` is the marker of its introduction (`area.html`, shared
/// by the region's blocks), `channels` the area's channels this block lists.
#[derive(Serialize, Clone)]
pub struct AreaRef<'a> {
    pub anchor: String,
    pub name: Text<'a>,
    pub html: String,
    pub channels: Vec<ChannelRef>,
}

/// A municipality as a contact block lists it: a name to follow.
#[derive(Serialize, Clone)]
pub struct MunicipalityLink<'a> {
    pub name: Text<'a>,
    pub url: String,
    pub note: Option<String>,
    /// The note as HTML: a name not in the page's language is marked with its own.
    pub note_html: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct Colophon<'a> {
    pub photos: Option<Text<'a>>,
    pub layout: Option<Text<'a>>,
    pub printer: Option<Text<'a>>,
    pub year: Option<Text<'a>>,
}

/// A region's contacts, as shown on a service, region or municipality page.
#[derive(Serialize, Clone)]
pub struct RegionContacts<'a> {
    pub anchor: String,
    pub name: Text<'a>,
    pub url: String,
    pub website: Option<&'a str>,
    pub notes_html: Option<String>,
    pub channels: Vec<ChannelRef>,
    pub areas: Vec<AreaRef<'a>>,
    pub colophon: Option<Colophon<'a>>,
}

/// A region's contacts rendered once as a shared fragment: `html` is its marker, replaced by
/// the block after the page is rendered; the rest is what a page says about the block.
#[derive(Serialize, Clone)]
pub struct ContactsBlock<'a> {
    pub anchor: String,
    pub name: Text<'a>,
    pub website: Option<&'a str>,
    pub html: String,
}

/// What `municipality-place.html` shows: the same for every municipality of an area.
#[derive(Serialize)]
pub struct PlaceView<'a> {
    /// The marker of the region's service list (`service-list.html`), if it has services.
    pub services_html: Option<String>,
    pub contacts: RegionContacts<'a>,
}
