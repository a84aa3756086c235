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

fn escape(s: &str) -> String {
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

#[derive(Serialize)]
pub struct TopicGroup<'a> {
    pub id: &'a str,
    pub name: Text<'a>,
    pub description: Option<Text<'a>>,
    pub services: Vec<ServiceItem<'a>>,
}

#[derive(Serialize)]
pub struct HomeView<'a> {
    pub description: Option<Text<'a>>,
    pub topics: Vec<TopicGroup<'a>>,
    pub municipalities: Vec<MunicipalityItem<'a>>,
    pub regions: Vec<Link<'a>>,
    pub finder_url: String,
}

#[derive(Serialize, Clone)]
pub struct MunicipalityItem<'a> {
    pub name: Text<'a>,
    pub url: String,
    pub code: Option<&'a str>,
    /// "part of Kuopio", or the note for a municipality split between areas.
    pub note: Option<String>,
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

#[derive(Serialize)]
pub struct ServiceView<'a> {
    /// One leaflet per region that offers the service.
    pub print_links: Vec<Link<'a>>,
    pub title: &'a str,
    pub summary: &'a str,
    pub body_html: String,
    pub legal_basis: &'a [String],
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    pub regions: Vec<ContactsBlock<'a>>,
    pub topics: Vec<Text<'a>>,
}

/// A page that exists in another language only.
#[derive(Serialize)]
pub struct UntranslatedView<'a> {
    pub original_title: Text<'a>,
    pub versions: Vec<Link<'a>>,
    pub regions: Vec<ContactsBlock<'a>>,
}

#[derive(Serialize)]
pub struct RegionView<'a> {
    pub booklet_url: String,
    pub name: Text<'a>,
    pub description_html: Option<String>,
    pub contacts: ContactsBlock<'a>,
    pub services: Vec<ServiceItem<'a>>,
    pub municipalities: Vec<MunicipalityItem<'a>>,
}

#[derive(Serialize)]
pub struct RegionsView<'a> {
    pub regions: Vec<ServiceItem<'a>>,
}

#[derive(Serialize)]
pub struct FinderView<'a> {
    /// Grouped by first letter, A to Ö.
    pub letters: Vec<LetterGroup<'a>>,
}

#[derive(Serialize)]
pub struct LetterGroup<'a> {
    pub letter: String,
    pub municipalities: Vec<MunicipalityItem<'a>>,
}

#[derive(Serialize)]
pub struct MunicipalityPlace {
    pub heading: String,
    pub region_url: String,
    /// The region's services and the area's contacts, rendered once for every municipality
    /// of the area (`municipality-place.html`).
    pub body_html: String,
}

/// What `municipality-place.html` shows: the same for every municipality of an area.
#[derive(Serialize)]
pub struct PlaceView<'a> {
    /// The marker of the region's service list (`service-list.html`), if it has services.
    pub services_html: Option<String>,
    pub contacts: RegionContacts<'a>,
}

#[derive(Serialize)]
pub struct MunicipalityView<'a> {
    pub name: Text<'a>,
    pub code: Option<&'a str>,
    pub part_of: Option<MunicipalityItem<'a>>,
    pub places: Vec<MunicipalityPlace>,
    pub finder_url: String,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub body_html: String,
}

#[derive(Serialize)]
pub struct AccessibilityView<'a> {
    pub conformance: &'a str,
    pub prepared: String,
    pub reviewed: Option<String>,
    pub method: Option<Text<'a>>,
    pub shortcomings: Vec<Text<'a>>,
    pub feedback_email: Option<&'a str>,
    pub feedback_url: Option<&'a str>,
    pub feedback_phone: Option<PhoneView<'a>>,
    pub authority_name: Text<'a>,
    pub authority_url: Option<&'a str>,
    pub authority_email: Option<&'a str>,
    pub authority_phone: Option<PhoneView<'a>>,
}

#[derive(Serialize)]
pub struct ChooserView<'a> {
    pub choices: Vec<Alternate<'a>>,
    pub titles: Vec<Text<'a>>,
    /// Each language's accessibility statement, named in that language.
    pub statements: Vec<Link<'a>>,
}

/// A service's printed leaflet, with one region's contacts.
#[derive(Serialize)]
pub struct LeafletView<'a> {
    /// The QR code, kept once beside the service page.
    pub qr_url: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub body_html: String,
    pub publisher: Text<'a>,
    pub contacts: Option<ContactsBlock<'a>>,
    pub legal_basis: &'a [String],
    pub updated: Option<String>,
    pub qr_alt: String,
    /// The leaflet as PDF, beside it, when `esite pdf` made one.
    pub pdf_url: Option<String>,
    /// The web page's address, printed in words under the QR code.
    pub web_url: String,
    pub web_link: String,
}

#[derive(Serialize)]
pub struct BookletItem<'a> {
    pub anchor: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub body_html: String,
    pub contacts: ContactsBlock<'a>,
    pub updated: Option<String>,
}

/// A region's services as one printable booklet.
#[derive(Serialize)]
pub struct BookletView<'a> {
    pub region: Text<'a>,
    pub items: Vec<BookletItem<'a>>,
    pub untranslated: Vec<Text<'a>>,
    pub qr_alt: String,
    pub pdf_url: Option<String>,
    pub web_url: String,
    pub web_link: String,
}
