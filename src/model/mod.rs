//! The third stage: raw documents become one [`Site`] value. Ids are resolved, translations
//! linked, slugs and URLs fixed, region data validated. Everything after this stage can trust
//! the model: an id here always names something that exists.

//!
//! This module holds the site's types. Resolution is one module per kind of document:
//! `site_yaml` (site.yaml), `service`, `page` (free pages), `region` (with `channel` and
//! `municipality`), driven by `resolve`; `urls` is the URL scheme.

mod assets;
mod brand;
mod channel;
mod checks;
mod colour;
pub mod date;
pub mod fingerprint;
mod former;
pub mod hours;
mod municipality;
pub mod municipality_list;
mod official;
mod page;
pub mod phone;
mod region;
mod resolve;
mod service;
mod site_yaml;
pub mod slug;
mod translation;
mod urls;

pub use brand::Logo;
pub use resolve::resolve;
pub use translation::{Staleness, staleness};

use crate::diag::{self, Diagnostic};
use crate::load::Source;
use crate::parse::raw::*;
use date::Date;
use hours::Opening;
use phone::Phone;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Longer titles are cut off in browser tabs and search results.
pub const TITLE_MAX: usize = 70;
/// Search engines show about this much of a description.
pub const SUMMARY_MAX: usize = 200;

#[derive(Debug)]
pub struct Language {
    pub code: String,
    pub name: String,
}

#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub languages: Vec<Language>,
    /// Absolute, ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, for links: `/` or `/perhe/`.
    pub base_path: String,
    pub allow_html: bool,
    pub paper: Paper,
    pub title: Localized,
    pub organisation: Localized,
    pub description: Option<Localized>,
    pub topics: Vec<Topic>,
    pub contact: Option<RawContact>,
    pub contact_phone: Option<Phone>,
    pub accessibility: Option<Accessibility>,
    /// The organisation's logo, shown in every page's header and on printed pages.
    pub logo: Option<Logo>,
    /// The organisation's colour as `#rrggbb`, checked against what the theme shows it with.
    pub brand_colour: Option<String>,
    pub services: Vec<Service>,
    pub pages: Vec<FreePage>,
    pub regions: Vec<Region>,
    pub municipalities: Vec<Municipality>,
    /// Per language: the municipalities in the alphabetical order of their names in that
    /// language (Jakobstad and Pietarsaari are the same town under J and P).
    pub municipality_order: Vec<Vec<usize>>,
    /// Services whose files could not be used (their errors are reported already).
    pub broken_services: Vec<String>,
    /// Service id → index in `services`: links and region files name services by id, and a
    /// search through all of them per name grows with the square of the site.
    pub service_index: HashMap<String, usize>,
    /// Per language: the URL words of the sections (`palvelut`, `services`).
    pub sections: Vec<Sections>,
}

#[derive(Debug, Clone)]
pub struct Sections {
    pub services: String,
    pub regions: String,
    pub municipalities: String,
    pub accessibility: String,
    pub search: String,
    pub print: String,
}

#[derive(Debug)]
pub struct Topic {
    pub id: String,
    pub name: Localized,
    pub description: Option<Localized>,
}

#[derive(Debug)]
pub struct Accessibility {
    pub raw: RawAccessibility,
    pub prepared: Date,
    pub reviewed: Option<Date>,
    pub feedback_phone: Option<Phone>,
    pub authority_phone: Option<Phone>,
}

/// A Markdown document in one language.
#[derive(Debug)]
pub struct Translation {
    pub title: String,
    pub summary: String,
    pub slug: String,
    pub legal_basis: Vec<String>,
    /// Words the site search finds the page by besides its own (`keywords:`).
    pub keywords: Vec<String>,
    pub updated: Option<Date>,
    pub translated_from: Option<String>,
    /// Files beside the Markdown the front matter asks to publish (`files:`).
    pub files: Vec<String>,
    pub source: Source,
    pub body_start: usize,
}

impl Translation {
    pub fn body(&self) -> &str {
        &self.source.text[self.body_start..]
    }
}

#[derive(Debug)]
pub struct Service {
    pub id: String,
    pub dir: PathBuf,
    pub regions: Vec<usize>,
    pub topics: Vec<usize>,
    pub paper: Paper,
    /// Indexed like `Site::languages`; `None` where the translation is missing.
    pub translations: Vec<Option<Translation>>,
    pub assets: Vec<PathBuf>,
    /// The service's id in PTV, from the default language's front matter.
    pub ptv_id: Option<String>,
}

#[derive(Debug)]
pub struct FreePage {
    pub id: String,
    pub dir: PathBuf,
    pub translations: Vec<Option<Translation>>,
    pub assets: Vec<PathBuf>,
}

/// What a service or page has that a document in some language gives.
pub trait Translated {
    fn translations(&self) -> &[Option<Translation>];
    fn id(&self) -> &str;
    /// The slug in `lang`: its own, or the id where the translation is missing.
    fn slug(&self, lang: usize) -> &str {
        self.translations()[lang]
            .as_ref()
            .map_or(self.id(), |t| t.slug.as_str())
    }
    /// The first existing translation, for pages that are not yet translated.
    fn original(&self) -> (usize, &Translation) {
        self.translations()
            .iter()
            .enumerate()
            .find_map(|(i, t)| t.as_ref().map(|t| (i, t)))
            .expect("resolve keeps only services with a default-language document")
    }
}

impl Translated for Service {
    fn translations(&self) -> &[Option<Translation>] {
        &self.translations
    }
    fn id(&self) -> &str {
        &self.id
    }
}

impl Translated for FreePage {
    fn translations(&self) -> &[Option<Translation>] {
        &self.translations
    }
    fn id(&self) -> &str {
        &self.id
    }
}

#[derive(Debug)]
pub struct Region {
    pub id: String,
    pub file: PathBuf,
    /// The file's text, for locating later problems.
    pub text: String,
    pub name: Localized,
    pub short_name: Option<Localized>,
    pub slugs: Vec<String>,
    pub website: Option<String>,
    pub description: Option<Localized>,
    /// The organisation's id in PTV, the national Service Catalogue.
    pub ptv_organization: Option<String>,
    pub channels: Vec<Channel>,
    pub areas: Vec<Area>,
    /// Municipalities listed directly under a region that has no areas.
    pub municipalities: Vec<MunicipalityRef>,
    /// By service index.
    pub services: HashMap<usize, RegionService>,
}

#[derive(Debug)]
pub struct Area {
    pub id: String,
    pub name: Localized,
    pub description: Option<Localized>,
    pub municipalities: Vec<MunicipalityRef>,
    pub channels: Vec<Channel>,
}

#[derive(Debug, Clone)]
pub struct MunicipalityRef {
    pub name: Localized,
    pub code: Option<String>,
    pub note: Option<Localized>,
    pub part_of: Option<Localized>,
    /// Index into `Site::municipalities`.
    pub finder: usize,
}

#[derive(Debug)]
pub struct RegionService {
    pub notes: Option<Localized>,
    pub channels: Option<Vec<String>>,
    pub colophon: Option<RawColophon>,
    pub fee: Option<Fee>,
}

#[derive(Debug)]
pub struct Channel {
    pub kind: ChannelKind,
    pub id: Option<String>,
    pub name: Option<Localized>,
    pub description: Option<Localized>,
    pub phone: Option<Phone>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub street: Option<Localized>,
    pub postal_code: Option<String>,
    pub city: Option<Localized>,
    pub lines: Vec<Localized>,
    pub hours: Vec<Opening>,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
    pub exceptions: Vec<Exception>,
    /// The channel's id in PTV, the national Service Catalogue.
    pub ptv_id: Option<String>,
}

#[derive(Debug)]
pub struct Exception {
    pub date: Date,
    /// `None` when closed all day.
    pub hours: Option<(hours::Time, hours::Time)>,
    pub note: Option<Localized>,
}

/// A municipality in the finder: where it appears (region and area) across all regions.
#[derive(Debug)]
pub struct Municipality {
    pub name: Localized,
    /// The page's URL name per language.
    pub slugs: Vec<String>,
    pub code: Option<String>,
    pub part_of: Option<Localized>,
    /// (region index, area index if any, note)
    pub places: Vec<(usize, Option<usize>, Option<Localized>)>,
}
