//! The third stage: raw documents become one [`Site`] value. Ids are resolved, translations
//! linked, slugs and URLs fixed, region data validated. Everything after this stage can trust
//! the model: an id here always names something that exists.

pub mod date;
pub mod fingerprint;
pub mod hours;
pub mod phone;
pub mod slug;

use crate::diag::{self, Diagnostic};
use crate::load::Source;
use crate::parse::raw::*;
use crate::parse::{Document, Parsed, ParsedBundle};
use crate::theme::Theme;
use date::Date;
use hours::Opening;
use phone::Phone;
use std::collections::HashMap;
use std::path::PathBuf;

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
    pub services: Vec<Service>,
    pub pages: Vec<FreePage>,
    pub regions: Vec<Region>,
    pub municipalities: Vec<Municipality>,
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
    pub updated: Option<Date>,
    pub translated_from: Option<String>,
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
    pub part_of: Option<String>,
    /// Index into `Site::municipalities`.
    pub finder: usize,
}

#[derive(Debug)]
pub struct RegionService {
    pub notes: Option<Localized>,
    pub channels: Option<Vec<String>>,
    pub colophon: Option<RawColophon>,
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
    pub slug: String,
    pub code: Option<String>,
    pub part_of: Option<String>,
    /// (region index, area index if any, note)
    pub places: Vec<(usize, Option<usize>, Option<Localized>)>,
}

/// Turns the parsed documents into a site. Returns `None` when errors leave no usable site.
pub fn resolve(parsed: Parsed, theme: &Theme, diags: &mut Vec<Diagnostic>) -> Option<Site> {
    let (site_src, raw) = parsed.site?;
    let file = site_src.path.clone();
    let text = site_src.text.as_str();
    let err_at = |key: &str, value: &str, message: String| {
        let (line, col, width) = diag::locate(text, key, value);
        Diagnostic::error(&file, message)
            .at(text, line, col)
            .width(width)
    };

    let mut languages = Vec::new();
    if raw.languages.is_empty() {
        diags.push(
            err_at("languages", "languages", "the site has no languages".into())
                .hint("list at least one, e.g. '- { code: fi, name: Suomeksi }'"),
        );
        return None;
    }
    for l in &raw.languages {
        let ok = (2..=8).contains(&l.code.len())
            && l.code.chars().all(|c| c.is_ascii_lowercase() || c == '-');
        if !ok {
            diags.push(
                err_at(
                    "code",
                    &l.code,
                    format!("'{}' is not a language code", l.code),
                )
                .hint("use the two-letter code, such as fi, sv or en"),
            );
        } else if languages.iter().any(|x: &Language| x.code == l.code) {
            diags.push(err_at(
                "code",
                &l.code,
                format!("the language '{}' is listed twice", l.code),
            ));
        } else {
            languages.push(Language {
                code: l.code.clone(),
                name: l.name.clone(),
            });
        }
    }
    if languages.is_empty() {
        return None;
    }
    let codes: Vec<String> = languages.iter().map(|l| l.code.clone()).collect();
    let default = codes[0].clone();

    let (base_url, base_path) = match normalise_base_url(&raw.base_url) {
        Ok(v) => v,
        Err(e) => {
            diags.push(
                err_at("base_url", &raw.base_url, e)
                    .hint("write the full address, such as https://perhe.example.fi/"),
            );
            ("http://localhost/".into(), "/".into())
        }
    };

    let mut ctx = Checker {
        codes: &codes,
        diags: Vec::new(),
    };
    ctx.localized(&file, text, "title", &raw.title);
    ctx.localized(&file, text, "organisation", &raw.organisation);
    if let Some(d) = &raw.description {
        ctx.localized(&file, text, "description", d);
    }

    let mut topics = Vec::new();
    for t in raw.topics {
        if let Err(e) = slug::check(&t.id) {
            ctx.diags.push(err_at(
                "id",
                &t.id,
                format!("the topic id '{}' cannot be used: {e}", t.id),
            ));
        }
        if topics.iter().any(|x: &Topic| x.id == t.id) {
            ctx.diags.push(err_at(
                "id",
                &t.id,
                format!("the topic '{}' is listed twice", t.id),
            ));
        }
        ctx.localized(&file, text, "name", &t.name);
        topics.push(Topic {
            id: t.id,
            name: t.name,
            description: t.description,
        });
    }

    let contact_phone = raw
        .contact
        .as_ref()
        .and_then(|c| c.phone.as_ref())
        .and_then(|p| ctx.phone(&file, text, p));
    let accessibility = raw.accessibility.map(|a| {
        let prepared = ctx
            .date(&file, text, "prepared", &a.prepared)
            .unwrap_or(Date {
                year: 1970,
                month: 1,
                day: Some(1),
            });
        let reviewed = a
            .reviewed
            .as_ref()
            .and_then(|r| ctx.date(&file, text, "reviewed", r));
        let feedback_phone = a
            .feedback
            .phone
            .as_ref()
            .and_then(|p| ctx.phone(&file, text, p));
        let authority_phone = a
            .authority
            .phone
            .as_ref()
            .and_then(|p| ctx.phone(&file, text, p));
        if let Some(e) = &a.feedback.email {
            ctx.email(&file, text, e);
        }
        if a.feedback.email.is_none() && a.feedback.url.is_none() && a.feedback.phone.is_none() {
            ctx.diags.push(
                err_at(
                    "feedback",
                    "feedback",
                    "the accessibility statement needs a way to give feedback".into(),
                )
                .hint("add an email, url or phone under 'feedback'"),
            );
        }
        Accessibility {
            raw: a,
            prepared,
            reviewed,
            feedback_phone,
            authority_phone,
        }
    });
    if accessibility.is_none() {
        ctx.diags.push(
            Diagnostic::warning(
                &file,
                "the site has no accessibility statement (law 306/2019 requires one)",
            )
            .hint("add an 'accessibility:' section to site.yaml (see README: Content format)"),
        );
    }

    let sections: Vec<Sections> = codes
        .iter()
        .map(|c| {
            let s = &theme.strings[c.as_str()];
            Sections {
                services: s.text("path_services").to_string(),
                regions: s.text("path_regions").to_string(),
                municipalities: s.text("path_municipalities").to_string(),
                accessibility: s.text("path_accessibility").to_string(),
                print: s.text("path_print").to_string(),
            }
        })
        .collect();

    // Services and pages first, so regions can refer to services.
    // Services whose files exist but could not be used: their own errors are reported, so
    // references to them should not add "unknown service" errors on top.
    let all_service_ids: Vec<String> = parsed.services.iter().map(|b| b.id.clone()).collect();
    let mut services = Vec::new();
    let mut pending_regions: Vec<(usize, Vec<String>, usize)> = Vec::new(); // (service, region ids, doc lang)
    for bundle in parsed.services {
        if let Some((service, region_ids)) = resolve_service(
            bundle,
            &codes,
            &topics,
            raw.paper.unwrap_or(Paper::A4),
            &mut ctx,
        ) {
            pending_regions.push((services.len(), region_ids, 0));
            services.push(service);
        }
    }
    let mut pages = Vec::new();
    for bundle in parsed.pages {
        if let Some(p) = resolve_page(bundle, &codes, &mut ctx) {
            pages.push(p);
        }
    }
    check_slugs(&services, &pages, &sections, &codes, &mut ctx);

    // Regions.
    let service_index: HashMap<String, usize> = services
        .iter()
        .enumerate()
        .map(|(si, s)| (s.id.clone(), si))
        .collect();
    let service_ids: Vec<&str> = services.iter().map(|s| s.id.as_str()).collect();
    let broken_services: Vec<String> = all_service_ids
        .into_iter()
        .filter(|id| !service_index.contains_key(id))
        .collect();
    let mut regions = Vec::new();
    let mut finder: Vec<Municipality> = Vec::new();
    // Slug → position in `finder`, so adding a municipality is not a search through all of them.
    let mut finder_index: HashMap<String, usize> = HashMap::new();
    for pr in parsed.regions {
        if let Some(r) = resolve_region(
            pr,
            &codes,
            (&service_ids, &service_index),
            &broken_services,
            (&mut finder, &mut finder_index),
            regions.len(),
            &mut ctx,
        ) {
            regions.push(r);
        }
    }
    // Region pages share one section per language, so their URL names must differ.
    for li in 0..codes.len() {
        let mut seen: HashMap<&str, &Region> = HashMap::new();
        for r in &regions {
            if let Some(other) = seen.insert(&r.slugs[li], r) {
                let (here, there) = if r.text.contains("slug:") {
                    (r, other)
                } else {
                    (other, r)
                };
                let (line, col, width) = diag::locate(&here.text, "slug", &here.slugs[li]);
                ctx.diags.push(
                    Diagnostic::error(
                        &here.file,
                        format!(
                            "the URL name '{}' is already used by {}",
                            here.slugs[li],
                            diag::display_path(&there.file)
                        ),
                    )
                    .at(&here.text, line, col)
                    .width(width)
                    .hint("give one of the regions another 'slug' for this language"),
                );
            }
        }
    }
    let region_ids: Vec<&str> = regions.iter().map(|r| r.id.as_str()).collect();
    for (si, ids, _) in pending_regions {
        let service = &services[si];
        let doc = service.translations[0]
            .as_ref()
            .expect("default language checked");
        let mut resolved = Vec::new();
        for id in ids {
            match region_ids.iter().position(|r| *r == id) {
                Some(ri) => resolved.push(ri),
                None => {
                    let (line, col, width) = diag::locate(&doc.source.text, "regions", &id);
                    let mut d =
                        Diagnostic::error(&doc.source.path, format!("unknown region '{id}'"))
                            .at(&doc.source.text, line, col)
                            .width(width);
                    d = match diag::suggest(&id, region_ids.iter().copied()) {
                        Some(s) => d.hint(format!(
                            "did you mean '{s}'? Regions are the files in content/regions/"
                        )),
                        None => d.hint(format!(
                            "known regions: {} (the files in content/regions/)",
                            region_ids.join(", ")
                        )),
                    };
                    ctx.diags.push(d);
                }
            }
        }
        services[si].regions = resolved;
    }
    // A region's notes on a service the service does not list would never be shown.
    for r in &regions {
        for si in r.services.keys() {
            if !services[*si].regions.contains(
                &regions
                    .iter()
                    .position(|x| x.id == r.id)
                    .unwrap_or(usize::MAX),
            ) {
                let text = &r.text;
                let (line, col, width) = diag::locate(text, "services", &services[*si].id);
                ctx.diags.push(
                    Diagnostic::warning(&r.file, format!("notes for '{}', but that service does not list the region '{}'", services[*si].id, r.id))
                        .at(text, line, col)
                        .width(width)
                        .hint(format!("add '{}' to 'regions' in the service's front matter, or remove these notes", r.id)),
                );
            }
        }
    }
    finder.sort_by(|a, b| {
        slug::collate(
            a.name.get(&default, &default).0,
            b.name.get(&default, &default).0,
        )
    });
    // Finder indices changed with the sort: point the references at the new positions.
    let order: HashMap<String, usize> = finder
        .iter()
        .enumerate()
        .map(|(i, m)| (m.slug.clone(), i))
        .collect();
    for r in &mut regions {
        for m in r
            .municipalities
            .iter_mut()
            .chain(r.areas.iter_mut().flat_map(|a| a.municipalities.iter_mut()))
        {
            m.finder = order[&slug::slugify(m.name.get(&default, &default).0)];
        }
    }

    diags.append(&mut ctx.diags);
    Some(Site {
        root: parsed.root,
        languages,
        base_url,
        base_path,
        allow_html: raw.allow_html,
        paper: raw.paper.unwrap_or(Paper::A4),
        title: raw.title,
        organisation: raw.organisation,
        description: raw.description,
        topics,
        contact: raw.contact,
        contact_phone,
        accessibility,
        services,
        pages,
        regions,
        municipalities: finder,
        broken_services,
        service_index,
        sections,
    })
}

fn normalise_base_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("'{url}' is not a web address starting with https:// or http://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(format!("'{url}' has no host name"));
    }
    let path = path.trim_end_matches('/');
    let base_path = if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    };
    let scheme = if url.starts_with("https") {
        "https"
    } else {
        "http"
    };
    Ok((format!("{scheme}://{host}{base_path}"), base_path))
}

/// Collects diagnostics for checks shared by several files.
struct Checker<'a> {
    codes: &'a [String],
    diags: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn localized(&mut self, file: &PathBuf, text: &str, key: &str, value: &Localized) {
        let (missing, unknown) = value.gaps(self.codes);
        if !missing.is_empty() {
            let (line, col, width) = diag::locate(text, key, value.any());
            self.diags.push(
                Diagnostic::warning(
                    file,
                    format!("'{key}' has no text in {}", quote_list(&missing)),
                )
                .at(text, line, col)
                .width(width)
                .hint(format!(
                    "add '{}: ...'; until then the {} text is shown",
                    missing[0], self.codes[0]
                )),
            );
        }
        for u in unknown {
            let (line, col, width) = diag::locate(text, key, u);
            self.diags.push(
                Diagnostic::warning(
                    file,
                    format!(
                        "'{u}' is not one of the site's languages ({})",
                        self.codes.join(", ")
                    ),
                )
                .at(text, line, col)
                .width(width)
                .hint("fix the language code, or add the language to site.yaml"),
            );
        }
    }

    fn phone(&mut self, file: &PathBuf, text: &str, number: &str) -> Option<Phone> {
        match phone::parse(number) {
            Ok(p) => Some(p),
            Err(e) => {
                let (line, col, width) = diag::locate(text, "number", number.trim());
                self.diags.push(
                    Diagnostic::error(file, format!("this phone number cannot be used: {e}"))
                        .at(text, line, col)
                        .width(width)
                        .hint("write a Finnish number such as \"044 797 4878\" or an international one such as \"+358 44 797 4878\", in quotes"),
                );
                None
            }
        }
    }

    fn date(&mut self, file: &PathBuf, text: &str, key: &str, value: &str) -> Option<Date> {
        match date::parse(value) {
            Ok(d) => Some(d),
            Err(e) => {
                let (line, col, width) = diag::locate(text, key, value.trim());
                self.diags
                    .push(Diagnostic::error(file, e).at(text, line, col).width(width));
                None
            }
        }
    }

    fn email(&mut self, file: &PathBuf, text: &str, address: &str) {
        let ok = address.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !address.contains(char::is_whitespace)
                && !domain.contains('@')
        });
        if !ok {
            let (line, col, width) = diag::locate(text, "address", address);
            self.diags.push(
                Diagnostic::error(file, format!("'{address}' is not an e-mail address"))
                    .at(text, line, col)
                    .width(width)
                    .hint("write it as name@example.fi"),
            );
        }
    }

    fn url(&mut self, file: &PathBuf, text: &str, url: &str) {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        let ok = rest.is_some_and(|r| {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            host.contains('.') && !url.contains(char::is_whitespace)
        });
        if !ok {
            let (line, col, width) = diag::locate(text, "url", url);
            self.diags.push(
                Diagnostic::error(file, format!("'{url}' is not a web address"))
                    .at(text, line, col)
                    .width(width)
                    .hint("write the full address, starting with https://"),
            );
        }
    }
}

fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("'{i}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn resolve_service(
    bundle: ParsedBundle,
    codes: &[String],
    topics: &[Topic],
    site_paper: Paper,
    ctx: &mut Checker,
) -> Option<(Service, Vec<String>)> {
    if let Err(e) = slug::check(&bundle.id) {
        ctx.diags.push(
            Diagnostic::error(
                &bundle.dir,
                format!(
                    "the folder name '{}' cannot be used as an id: {e}",
                    bundle.id
                ),
            )
            .hint("rename the folder; its name is the service's id and default URL"),
        );
        return None;
    }
    let mut translations: Vec<Option<Translation>> = codes.iter().map(|_| None).collect();
    let mut shared: Option<(Vec<String>, Vec<String>)> = None;
    let mut paper = None;
    let mut docs = bundle.documents;
    // The default language's document decides the shared fields, so read it first.
    docs.sort_by_key(|d| {
        codes
            .iter()
            .position(|c| *c == d.lang)
            .unwrap_or(usize::MAX)
    });
    for doc in docs {
        let Some(li) = codes.iter().position(|c| *c == doc.lang) else {
            ctx.diags.push(
                Diagnostic::warning(
                    &doc.source.path,
                    format!(
                        "'{}' is not one of the site's languages ({}), so this file is not used",
                        doc.lang,
                        codes.join(", ")
                    ),
                )
                .hint("name the file after a language in site.yaml, such as fi.md"),
            );
            continue;
        };
        let fm = &doc.meta;
        let text = doc.source.text.as_str();
        let file = doc.source.path.clone();
        if li == 0 {
            let regions = fm.regions.clone().unwrap_or_default();
            let topic_ids = fm.topics.clone().unwrap_or_default();
            if fm.regions.is_none() {
                ctx.diags.push(
                    Diagnostic::warning(
                        &file,
                        "the service names no regions, so its page shows no contacts",
                    )
                    .at(text, 1, 1)
                    .hint("add 'regions: [region-id]' to the front matter"),
                );
            }
            for t in &topic_ids {
                if !topics.iter().any(|x| &x.id == t) {
                    let (line, col, width) = diag::locate(text, "topics", t);
                    let known: Vec<&str> = topics.iter().map(|x| x.id.as_str()).collect();
                    let hint = match diag::suggest(t, known.iter().copied()) {
                        Some(s) => {
                            format!("did you mean '{s}'? Topics are listed in content/site.yaml")
                        }
                        None => {
                            format!("known topics: {} (in content/site.yaml)", known.join(", "))
                        }
                    };
                    ctx.diags.push(
                        Diagnostic::error(&file, format!("unknown topic '{t}'"))
                            .at(text, line, col)
                            .width(width)
                            .hint(hint),
                    );
                }
            }
            shared = Some((regions, topic_ids));
            paper = fm.paper;
        } else if let Some((regions, topic_ids)) = &shared {
            for (key, given, expected) in [
                ("regions", &fm.regions, regions),
                ("topics", &fm.topics, topic_ids),
            ] {
                if let Some(given) = given
                    && given != expected
                {
                    let (line, col, width) = diag::locate(text, key, key);
                    ctx.diags.push(
                        Diagnostic::error(&file, format!("'{key}' differs from the {} file", codes[0]))
                            .at(text, line, col)
                            .width(width)
                            .hint(format!("'{key}' belongs to the service, not a language: remove it here, or make it the same as in {}.md", codes[0])),
                    );
                }
            }
        }
        if let Some(t) = translation(doc, ctx, &file) {
            translations[li] = Some(t);
        }
    }
    let Some((region_ids, topic_ids)) = shared else {
        if bundle.broken.contains(&codes[0]) {
            return None;
        }
        ctx.diags.push(
            Diagnostic::error(
                &bundle.dir,
                format!(
                    "this service has no text in the default language ({}.md)",
                    codes[0]
                ),
            )
            .hint(format!(
                "add {}/{}.md; the default language's file is where a service starts",
                bundle.dir.display(),
                codes[0]
            )),
        );
        return None;
    };
    // Its problems are already reported; without the default text there is no service.
    translations[0].as_ref()?;
    check_staleness(&translations, codes, ctx);
    let missing: Vec<&str> = codes
        .iter()
        .zip(&translations)
        .filter(|(_, t)| t.is_none())
        .map(|(c, _)| c.as_str())
        .collect();
    if !missing.is_empty() {
        ctx.diags.push(
            Diagnostic::warning(&bundle.dir, format!("not yet translated: {}", missing.iter().map(|m| format!("{m}.md")).collect::<Vec<_>>().join(", ")))
                .hint("until then those languages show a page that says so and links to the versions that exist"),
        );
    }
    let topics = topic_ids
        .iter()
        .filter_map(|t| topics.iter().position(|x| &x.id == t))
        .collect();
    let service = Service {
        id: bundle.id,
        dir: bundle.dir,
        regions: Vec::new(),
        topics,
        paper: paper.unwrap_or(site_paper),
        translations,
        assets: bundle.assets,
    };
    Some((service, region_ids))
}

/// Translations whose default-language text changed since they were made.
fn check_staleness(translations: &[Option<Translation>], codes: &[String], ctx: &mut Checker) {
    let Some(source) = translations[0].as_ref() else {
        return;
    };
    if translations
        .iter()
        .skip(1)
        .flatten()
        .all(|t| t.translated_from.is_none())
    {
        return;
    }
    let current = fingerprint::of(&source.title, &source.summary, source.body());
    for t in translations.iter().skip(1).flatten() {
        let Some(recorded) = &t.translated_from else {
            continue;
        };
        let text = t.source.text.as_str();
        let (line, col, width) = diag::locate(text, "translated_from", "translated_from");
        let at = |d: Diagnostic| d.at(text, line, col).width(width);
        match fingerprint::Fingerprint::decode(recorded) {
            None => ctx.diags.push(
                at(Diagnostic::warning(
                    &t.source.path,
                    "'translated_from' cannot be read",
                ))
                .hint(format!(
                    "run: esite translated {}",
                    diag::display_path(&t.source.path)
                )),
            ),
            Some(old) => {
                let names = fingerprint::section_names(source.body());
                let changes = current.changes_since(&old, &names, "the opening text");
                if !changes.is_empty() {
                    ctx.diags.push(
                        at(Diagnostic::warning(
                            &t.source.path,
                            format!(
                                "the {} text has changed since this translation was made: {}",
                                codes[0],
                                changes.join(", ")
                            ),
                        ))
                        .hint(format!(
                            "update the translation, then run: esite translated {}",
                            diag::display_path(&t.source.path)
                        )),
                    );
                }
            }
        }
    }
}

fn resolve_page(bundle: ParsedBundle, codes: &[String], ctx: &mut Checker) -> Option<FreePage> {
    if let Err(e) = slug::check(&bundle.id) {
        ctx.diags.push(Diagnostic::error(
            &bundle.dir,
            format!(
                "the folder name '{}' cannot be used as an id: {e}",
                bundle.id
            ),
        ));
        return None;
    }
    let mut translations: Vec<Option<Translation>> = codes.iter().map(|_| None).collect();
    for doc in bundle.documents {
        let Some(li) = codes.iter().position(|c| *c == doc.lang) else {
            ctx.diags.push(Diagnostic::warning(
                &doc.source.path,
                format!(
                    "'{}' is not one of the site's languages, so this file is not used",
                    doc.lang
                ),
            ));
            continue;
        };
        let file = doc.source.path.clone();
        for (key, given) in [
            ("regions", doc.meta.regions.is_some()),
            ("topics", doc.meta.topics.is_some()),
        ] {
            if given {
                let (line, col, width) = diag::locate(&doc.source.text, key, key);
                ctx.diags.push(
                    Diagnostic::warning(&file, format!("'{key}' has no effect on a free page"))
                        .at(&doc.source.text, line, col)
                        .width(width),
                );
            }
        }
        translations[li] = translation(doc, ctx, &file);
    }
    if translations[0].is_none() && bundle.broken.contains(&codes[0]) {
        return None;
    }
    if translations[0].is_none() {
        ctx.diags.push(Diagnostic::error(
            &bundle.dir,
            format!(
                "this page has no text in the default language ({}.md)",
                codes[0]
            ),
        ));
        return None;
    }
    Some(FreePage {
        id: bundle.id,
        dir: bundle.dir,
        translations,
        assets: bundle.assets,
    })
}

fn translation(doc: Document, ctx: &mut Checker, file: &PathBuf) -> Option<Translation> {
    let fm = &doc.meta;
    let text = doc.source.text.as_str();
    let mut ok = true;
    for (key, value, max) in [
        ("title", &fm.title, TITLE_MAX),
        ("summary", &fm.summary, SUMMARY_MAX),
    ] {
        let (line, col, _) = diag::locate(text, key, key);
        if value.trim().is_empty() {
            ctx.diags.push(
                Diagnostic::error(file, format!("the {key} is empty"))
                    .at(text, line, col)
                    .width(key.len()),
            );
            ok = false;
        } else if value.chars().count() > max {
            ctx.diags.push(
                Diagnostic::warning(
                    file,
                    format!(
                        "the {key} is {} characters long; keep it under {max}",
                        value.chars().count()
                    ),
                )
                .at(text, line, col)
                .width(key.len())
                .hint(if key == "title" {
                    "browser tabs and search results cut long titles off"
                } else {
                    "one short sentence: search results show about 160 characters"
                }),
            );
        }
    }
    let slug = match &fm.slug {
        Some(s) => {
            if let Err(e) = slug::check(s) {
                let (line, col, width) = diag::locate(text, "slug", s);
                ctx.diags.push(
                    Diagnostic::error(file, format!("the slug '{s}' cannot be used: {e}"))
                        .at(text, line, col)
                        .width(width),
                );
                ok = false;
            }
            s.clone()
        }
        None => doc
            .source
            .path
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let updated = fm
        .updated
        .as_ref()
        .and_then(|u| ctx.date(file, text, "updated", u));
    if !ok {
        return None;
    }
    Some(Translation {
        title: fm.title.trim().to_string(),
        summary: fm.summary.trim().to_string(),
        slug,
        legal_basis: fm.legal_basis.clone(),
        updated,
        translated_from: fm.translated_from.clone(),
        body_start: doc.body_start,
        source: doc.source,
    })
}

/// Two pages may not share a URL: slugs are unique per language and section.
fn check_slugs(
    services: &[Service],
    pages: &[FreePage],
    sections: &[Sections],
    codes: &[String],
    ctx: &mut Checker,
) {
    for li in 0..codes.len() {
        let mut seen: HashMap<String, (PathBuf, Option<&Translation>)> = HashMap::new();
        for s in services {
            let slug = s.slug(li).to_string();
            let t = s.translations[li].as_ref();
            let file = t.map_or(s.dir.clone(), |t| t.source.path.clone());
            if let Some(other) = seen.insert(slug.clone(), (file.clone(), t)) {
                push_duplicate(ctx, (&file, t), (&other.0, other.1), &slug);
            }
        }
        let reserved = [
            &sections[li].services,
            &sections[li].regions,
            &sections[li].municipalities,
            &sections[li].accessibility,
        ];
        let mut seen_pages: HashMap<String, (PathBuf, Option<&Translation>)> = HashMap::new();
        for p in pages {
            let slug = p.slug(li).to_string();
            let file = p.translations[li]
                .as_ref()
                .map_or(p.dir.clone(), |t| t.source.path.clone());
            if reserved.iter().any(|r| **r == slug) || slug == "404" {
                let (line, col, width) = p.translations[li]
                    .as_ref()
                    .map_or((0, 0, 1), |t| diag::locate(&t.source.text, "slug", &slug));
                let text = p.translations[li]
                    .as_ref()
                    .map_or("", |t| t.source.text.as_str());
                ctx.diags.push(
                    Diagnostic::error(
                        &file,
                        format!("the page's URL name '{slug}' is taken by a section of the site"),
                    )
                    .at(text, line, col)
                    .width(width)
                    .hint("give the page another 'slug'"),
                );
            } else if let Some(other) =
                seen_pages.insert(slug.clone(), (file.clone(), p.translations[li].as_ref()))
            {
                push_duplicate(
                    ctx,
                    (&file, p.translations[li].as_ref()),
                    (&other.0, other.1),
                    &slug,
                );
            }
        }
    }
}

/// Reports a shared URL name at the file whose `slug:` line made it, naming the other file.
fn push_duplicate(
    ctx: &mut Checker,
    a: (&PathBuf, Option<&Translation>),
    b: (&PathBuf, Option<&Translation>),
    slug: &str,
) {
    let has_slug_line = |t: Option<&Translation>| {
        t.is_some_and(|t| {
            t.source
                .text
                .lines()
                .any(|l| l.trim_start().starts_with("slug:"))
        })
    };
    let (here, there) = if has_slug_line(a.1) || !has_slug_line(b.1) {
        (a, b)
    } else {
        (b, a)
    };
    let mut d = Diagnostic::error(
        here.0,
        format!(
            "the URL name '{slug}' is already used by {}",
            diag::display_path(there.0)
        ),
    )
    .hint("give one of them another 'slug' in its front matter");
    if let Some(t) = here.1 {
        let (line, col, width) = diag::locate(&t.source.text, "slug", slug);
        d = d.at(&t.source.text, line, col).width(width);
    }
    ctx.diags.push(d);
}

fn resolve_region(
    pr: crate::parse::ParsedRegion,
    codes: &[String],
    (service_ids, service_index): (&[&str], &HashMap<String, usize>),
    broken_services: &[String],
    (finder, finder_index): (&mut Vec<Municipality>, &mut HashMap<String, usize>),
    index: usize,
    ctx: &mut Checker,
) -> Option<Region> {
    let file = pr.source.path.clone();
    let text = pr.source.text.as_str();
    if let Err(e) = slug::check(&pr.id) {
        ctx.diags.push(
            Diagnostic::error(
                &file,
                format!("the file name '{}' cannot be used as an id: {e}", pr.id),
            )
            .hint("rename the file; its name is the region's id"),
        );
        return None;
    }
    let raw = pr.raw;
    ctx.localized(&file, text, "name", &raw.name);
    let default = &codes[0];
    let slugs = codes
        .iter()
        .map(|c| {
            let s = raw
                .slug
                .as_ref()
                .and_then(|m| m.get(c))
                .cloned()
                .unwrap_or_else(|| pr.id.clone());
            if let Err(e) = slug::check(&s) {
                let (line, col, width) = diag::locate(text, "slug", &s);
                ctx.diags.push(
                    Diagnostic::error(&file, format!("the slug '{s}' cannot be used: {e}"))
                        .at(text, line, col)
                        .width(width),
                );
            }
            s
        })
        .collect();
    if let Some(w) = &raw.website {
        ctx.url(&file, text, w);
    }
    let channels = raw
        .channels
        .into_iter()
        .map(|c| channel(c, &file, text, ctx))
        .collect();
    let mut add_place =
        |m: RawMunicipality, area: Option<usize>, ctx: &mut Checker| -> MunicipalityRef {
            ctx.localized(&file, text, "name", &m.name);
            if let Some(code) = &m.code
                && (code.len() != 3 || !code.chars().all(|c| c.is_ascii_digit()))
            {
                let (line, col, width) = diag::locate(text, "code", code);
                ctx.diags.push(
                    Diagnostic::error(&file, format!("'{code}' is not a municipality code"))
                        .at(text, line, col)
                        .width(width)
                        .hint("official codes have three digits, in quotes: \"297\""),
                );
            }
            let slug = slug::slugify(m.name.get(default, default).0);
            let fi = match finder_index.get(&slug).copied() {
                Some(i) => i,
                None => {
                    finder.push(Municipality {
                        name: m.name.clone(),
                        slug: slug.clone(),
                        code: m.code.clone(),
                        part_of: m.part_of.clone(),
                        places: Vec::new(),
                    });
                    finder_index.insert(slug.clone(), finder.len() - 1);
                    finder.len() - 1
                }
            };
            if finder[fi].code.is_none() {
                finder[fi].code = m.code.clone();
            }
            finder[fi].places.push((index, area, m.note.clone()));
            MunicipalityRef {
                name: m.name,
                code: m.code,
                note: m.note,
                part_of: m.part_of,
                finder: fi,
            }
        };
    let municipalities = raw
        .municipalities
        .into_iter()
        .map(|m| add_place(m, None, ctx))
        .collect();
    let mut areas = Vec::new();
    for (ai, a) in raw.areas.into_iter().enumerate() {
        if let Err(e) = slug::check(&a.id) {
            let (line, col, width) = diag::locate(text, "id", &a.id);
            ctx.diags.push(
                Diagnostic::error(&file, format!("the area id '{}' cannot be used: {e}", a.id))
                    .at(text, line, col)
                    .width(width),
            );
        }
        if areas.iter().any(|x: &Area| x.id == a.id) {
            let (line, col, width) = diag::locate(text, "id", &a.id);
            ctx.diags.push(
                Diagnostic::error(&file, format!("the area '{}' is listed twice", a.id))
                    .at(text, line, col)
                    .width(width),
            );
        }
        ctx.localized(&file, text, "name", &a.name);
        let municipalities = a
            .municipalities
            .into_iter()
            .map(|m| add_place(m, Some(ai), ctx))
            .collect();
        let channels = a
            .channels
            .into_iter()
            .map(|c| channel(c, &file, text, ctx))
            .collect();
        areas.push(Area {
            id: a.id,
            name: a.name,
            description: a.description,
            municipalities,
            channels,
        });
    }
    let all_channel_ids: Vec<String> = std::iter::empty::<&Channel>()
        .chain(&channels)
        .chain(areas.iter().flat_map(|a| &a.channels))
        .filter_map(|c: &Channel| c.id.clone())
        .collect();
    let mut services = HashMap::new();
    for (sid, rs) in raw.services {
        let Some(&si) = service_index.get(&sid) else {
            if broken_services.contains(&sid) {
                continue;
            }
            let (line, col, width) = diag::locate(text, "services", &sid);
            let hint = match diag::suggest(&sid, service_ids.iter().copied()) {
                Some(s) => {
                    format!("did you mean '{s}'? Services are the folders in content/services/")
                }
                None => "services are the folders in content/services/".to_string(),
            };
            ctx.diags.push(
                Diagnostic::error(&file, format!("unknown service '{sid}'"))
                    .at(text, line, col)
                    .width(width)
                    .hint(hint),
            );
            continue;
        };
        for id in rs.channels.iter().flatten() {
            if !all_channel_ids.contains(id) {
                let (line, col, width) = diag::locate(text, "channels", id);
                let hint = match diag::suggest(id, all_channel_ids.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean '{s}'?"),
                    None => "give the channel an 'id' and name it here".to_string(),
                };
                ctx.diags.push(
                    Diagnostic::error(&file, format!("unknown channel '{id}'"))
                        .at(text, line, col)
                        .width(width)
                        .hint(hint),
                );
            }
        }
        if let Some(notes) = &rs.notes {
            ctx.localized(&file, text, "notes", notes);
        }
        services.insert(
            si,
            RegionService {
                notes: rs.notes,
                channels: rs.channels,
                colophon: rs.colophon,
            },
        );
    }
    Some(Region {
        id: pr.id,
        text: pr.source.text.clone(),
        file,
        name: raw.name,
        short_name: raw.short_name,
        slugs,
        website: raw.website,
        description: raw.description,
        channels,
        areas,
        municipalities,
        services,
    })
}

fn channel(c: RawChannel, file: &PathBuf, text: &str, ctx: &mut Checker) -> Channel {
    let kind_word = serde_json::to_value(c.kind)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    // A line whose number the source does not give still has hours worth showing; one with
    // neither is a forgotten number.
    if c.kind == ChannelKind::Phone && c.number.is_none() && c.hours.is_empty() {
        let (line, col, width) = diag::locate(text, "type", &kind_word);
        ctx.diags.push(
            Diagnostic::warning(
                file,
                "this phone line has no 'number', so residents cannot call it from the page",
            )
            .at(text, line, col)
            .width(width)
            .hint("add 'number: \"044 797 4878\"' when the number is known"),
        );
    }
    let mut need = |field: &str, present: bool, example: &str| {
        if !present {
            let (line, col, width) = diag::locate(text, "type", &kind_word);
            ctx.diags.push(
                Diagnostic::error(file, format!("this {kind_word} channel has no '{field}'"))
                    .at(text, line, col)
                    .width(width)
                    .hint(format!("add '{field}: {example}'")),
            );
        }
    };
    match c.kind {
        ChannelKind::Phone => {}
        ChannelKind::Email => need("address", c.address.is_some(), "name@example.fi"),
        ChannelKind::Web | ChannelKind::Eservice | ChannelKind::Form => {
            need("url", c.url.is_some(), "https://...")
        }
        ChannelKind::Location | ChannelKind::Postal => {
            need("street", c.street.is_some(), "Lönnrotinkatu 2 C");
            need("postal_code", c.postal_code.is_some(), "\"87100\"");
            need("city", c.city.is_some(), "Kajaani");
        }
    }
    if c.name.is_none() && !matches!(c.kind, ChannelKind::Phone | ChannelKind::Email) {
        need("name", false, "{ fi: ..., en: ... }");
    }
    if let Some(n) = &c.name {
        ctx.localized(file, text, "name", n);
    }
    let phone = c.number.as_ref().and_then(|n| ctx.phone(file, text, n));
    if let Some(a) = &c.address {
        ctx.email(file, text, a);
    }
    if let Some(u) = &c.url {
        ctx.url(file, text, u);
    }
    if let Some(pc) = &c.postal_code
        && (pc.len() != 5 || !pc.chars().all(|ch| ch.is_ascii_digit()))
    {
        let (line, col, width) = diag::locate(text, "postal_code", pc);
        ctx.diags.push(
            Diagnostic::error(file, format!("'{pc}' is not a Finnish postal code"))
                .at(text, line, col)
                .width(width)
                .hint("postal codes have five digits, in quotes: \"87100\""),
        );
    }
    let mut hours = Vec::new();
    for h in &c.hours {
        let days = hours::parse_days(&h.days);
        let open = hours::parse_time(&h.open);
        let close = hours::parse_time(&h.close);
        match (days, open, close) {
            (Ok(days), Ok(open), Ok(close)) => hours.push(Opening { days, open, close }),
            (days, open, close) => {
                for (key, value, e) in [
                    ("days", &h.days, days.err()),
                    ("open", &h.open, open.err()),
                    ("close", &h.close, close.err()),
                ] {
                    if let Some(e) = e {
                        let (line, col, width) = diag::locate(text, key, value);
                        ctx.diags
                            .push(Diagnostic::error(file, e).at(text, line, col).width(width));
                    }
                }
            }
        }
    }
    for (i, problem) in hours::check(&hours) {
        let raw = &c.hours[i.min(c.hours.len() - 1)];
        let (line, col, width) = diag::locate(text, "days", &raw.days);
        ctx.diags.push(
            Diagnostic::error(
                file,
                format!(
                    "service hours {} {}–{} {problem}",
                    raw.days, raw.open, raw.close
                ),
            )
            .at(text, line, col)
            .width(width)
            .hint("check the opening and closing times of this line"),
        );
    }
    let valid_from = c
        .valid_from
        .as_ref()
        .and_then(|d| ctx.date(file, text, "valid_from", d));
    let valid_until = c
        .valid_until
        .as_ref()
        .and_then(|d| ctx.date(file, text, "valid_until", d));
    let mut exceptions = Vec::new();
    for e in &c.exceptions {
        let Some(date) = ctx.date(file, text, "date", &e.date) else {
            continue;
        };
        let hours = match (e.closed, &e.open, &e.close) {
            (true, None, None) => None,
            (false, Some(o), Some(cl)) => match (hours::parse_time(o), hours::parse_time(cl)) {
                (Ok(o), Ok(cl)) if o < cl => Some((o, cl)),
                _ => {
                    let (line, col, width) = diag::locate(text, "date", &e.date);
                    ctx.diags.push(
                        Diagnostic::error(
                            file,
                            format!("the exception on {} has times that cannot be used", e.date),
                        )
                        .at(text, line, col)
                        .width(width)
                        .hint("write open and close as 09:00, with close after open"),
                    );
                    continue;
                }
            },
            _ => {
                let (line, col, width) = diag::locate(text, "date", &e.date);
                ctx.diags.push(
                    Diagnostic::error(file, format!("the exception on {} needs either 'closed: true' or both 'open' and 'close'", e.date))
                        .at(text, line, col)
                        .width(width),
                );
                continue;
            }
        };
        exceptions.push(Exception {
            date,
            hours,
            note: e.note.clone(),
        });
    }
    Channel {
        kind: c.kind,
        id: c.id,
        name: c.name,
        description: c.description,
        phone,
        email: c.address,
        url: c.url,
        street: c.street,
        postal_code: c.postal_code,
        city: c.city,
        lines: c.lines,
        hours,
        valid_from,
        valid_until,
        exceptions,
    }
}

impl Site {
    pub fn default_lang(&self) -> &str {
        &self.languages[0].code
    }

    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.as_str())
    }

    /// Site-relative paths of each page kind (no leading slash, trailing slash for folders).
    pub fn home_path(&self, lang: usize) -> String {
        format!("{}/", self.languages[lang].code)
    }

    pub fn service_path(&self, si: usize, lang: usize) -> String {
        format!(
            "{}/{}/{}/",
            self.languages[lang].code,
            self.sections[lang].services,
            self.services[si].slug(lang)
        )
    }

    pub fn page_path(&self, pi: usize, lang: usize) -> String {
        format!(
            "{}/{}/",
            self.languages[lang].code,
            self.pages[pi].slug(lang)
        )
    }

    /// A service's leaflet with one region's contacts (or none, for a service without regions).
    pub fn leaflet_path(&self, si: usize, region: Option<usize>, lang: usize) -> String {
        let base = format!(
            "{}{}/",
            self.service_path(si, lang),
            self.sections[lang].print
        );
        match region {
            Some(ri) => format!("{base}{}/", self.regions[ri].slugs[lang]),
            None => base,
        }
    }

    /// The PDF of a leaflet, in the leaflet's folder: `perhetyo-kainuu.pdf`.
    pub fn leaflet_pdf_name(&self, si: usize, region: Option<usize>, lang: usize) -> String {
        match region {
            Some(ri) => format!(
                "{}-{}.pdf",
                self.services[si].slug(lang),
                self.regions[ri].slugs[lang]
            ),
            None => format!("{}.pdf", self.services[si].slug(lang)),
        }
    }

    pub fn booklet_pdf_name(&self, ri: usize, lang: usize) -> String {
        format!("{}.pdf", self.regions[ri].slugs[lang])
    }

    /// Every print page with the name of its PDF: what `esite pdf` prints.
    pub fn print_pages(&self) -> Vec<(String, String)> {
        let mut pages = Vec::new();
        for li in 0..self.languages.len() {
            for (si, s) in self.services.iter().enumerate() {
                if s.translations[li].is_none() {
                    continue;
                }
                let regions: Vec<Option<usize>> = if s.regions.is_empty() {
                    vec![None]
                } else {
                    s.regions.iter().map(|r| Some(*r)).collect()
                };
                for r in regions {
                    pages.push((
                        self.leaflet_path(si, r, li),
                        self.leaflet_pdf_name(si, r, li),
                    ));
                }
            }
            for ri in 0..self.regions.len() {
                pages.push((self.booklet_path(ri, li), self.booklet_pdf_name(ri, li)));
            }
        }
        pages
    }

    /// Every service a region offers, as one printable booklet.
    pub fn booklet_path(&self, ri: usize, lang: usize) -> String {
        format!(
            "{}{}/",
            self.region_path(ri, lang),
            self.sections[lang].print
        )
    }

    pub fn regions_path(&self, lang: usize) -> String {
        format!(
            "{}/{}/",
            self.languages[lang].code, self.sections[lang].regions
        )
    }

    pub fn region_path(&self, ri: usize, lang: usize) -> String {
        format!(
            "{}{}/",
            self.regions_path(lang),
            self.regions[ri].slugs[lang]
        )
    }

    pub fn municipalities_path(&self, lang: usize) -> String {
        format!(
            "{}/{}/",
            self.languages[lang].code, self.sections[lang].municipalities
        )
    }

    pub fn municipality_path(&self, mi: usize, lang: usize) -> String {
        format!(
            "{}{}/",
            self.municipalities_path(lang),
            self.municipalities[mi].slug
        )
    }

    pub fn accessibility_path(&self, lang: usize) -> String {
        format!(
            "{}/{}/",
            self.languages[lang].code, self.sections[lang].accessibility
        )
    }

    /// A link target: the base path plus the site-relative path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// Services that a region offers, in the site's order.
    pub fn services_in_region(&self, ri: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.services.len()).filter(move |si| self.services[*si].regions.contains(&ri))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_its_path_for_subpath_hosting() {
        assert_eq!(
            normalise_base_url("https://example.fi/perhe").unwrap(),
            ("https://example.fi/perhe/".into(), "/perhe/".into())
        );
        assert_eq!(
            normalise_base_url("http://127.0.0.1:1111").unwrap(),
            ("http://127.0.0.1:1111/".into(), "/".into())
        );
        assert!(normalise_base_url("example.fi").is_err());
    }
}
