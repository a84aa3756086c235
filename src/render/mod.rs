//! The fourth stage: the site model becomes output files in memory. Templates are compiled
//! once, their indentation removed (`compact`); Markdown is rendered and minified once per
//! document; pages render in parallel.

mod compact;
mod data;
mod fragments;
pub mod markdown;
pub mod memo;
mod splice;
pub mod views;

use crate::diag::Diagnostic;
use crate::model::{self, Channel, Site, Translated, hours};
use crate::parse::raw::Localized;
use crate::parse::raw::{ChannelKind, Conformance};
use crate::theme::{Strings, Theme};
use data::Data;
use rayon::prelude::*;
use splice::{Locals, Part, placeholder};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::Tera;
use views::*;

/// A file of the finished site, with its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    /// Shared: the preview keeps unchanged pages from one build to the next without copying.
    pub bytes: Arc<Vec<u8>>,
    /// A file to copy from the site folder rather than bytes made here.
    pub copy_from: Option<PathBuf>,
}

#[derive(Default, Clone, Copy)]
pub struct Options<'a> {
    /// The preview server's live-reload script; `esite build` never sets it.
    pub reload_script: Option<&'a str>,
    /// Print pages link to their PDF files.
    pub pdf: bool,
    /// Results remembered from the previous build (the preview's rebuilds).
    pub memo: Option<&'a memo::Memo>,
    /// The preview: pages to make before all others.
    pub first: Option<&'a First>,
}

/// The pages the preview's open tabs show, made before the rest of the site so the tabs can
/// reload while the other pages are still being made.
#[derive(Clone)]
pub struct First {
    /// Output paths (`fi/palvelut/x/index.html`); paths no page has are ignored.
    pub files: Vec<String>,
    /// Receives those pages, the files beside their Markdown (to copy, as in
    /// [`OutputFile::copy_from`]) and the theme's static files, once all of them are made. Not
    /// called when the build has an error by then (in those pages or in their Markdown), nor
    /// when one of them showed a shared part not made yet: those pages are then made again
    /// with the rest.
    pub done: Arc<dyn Fn(Vec<OutputFile>) + Send + Sync>,
}

impl std::fmt::Debug for First {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("First").field("files", &self.files).finish()
    }
}

/// Receives each finished file as soon as it is made: `esite build` writes it to disk at once,
/// so the site is never held in memory whole.
pub type Emit<'e> = dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync + 'e;

/// Renders the site, handing every file to `emit`; returns the problems found.
pub fn render(site: &Site, theme: &Theme, options: Options, emit: &Emit) -> Vec<Diagnostic> {
    let mut laps = crate::timing::Laps::start();
    let mut diags = Vec::new();
    let mut templates = blake3::Hasher::new();
    for f in &theme.templates {
        templates.update(f.name.as_bytes());
        templates.update(&[0]);
        templates.update(&(f.bytes.len() as u64).to_le_bytes());
        templates.update(&f.bytes);
    }
    let templates_hash = *templates.finalize().as_bytes();
    let compiled = match options.memo {
        Some(memo) => memo.templates(templates_hash, || compile(theme)),
        None => compile(theme).map(Arc::new),
    };
    let tera = match compiled {
        Ok(t) => t,
        Err(d) => return vec![d],
    };
    laps.lap("templates");
    let mut files = Vec::new();
    let mut css_url = String::new();
    for f in &theme.static_files {
        let name = f.name.trim_start_matches("static/");
        let hash = blake3::hash(&f.bytes).to_hex();
        let hashed = match name.rsplit_once('.') {
            Some((stem, ext)) => format!("assets/{stem}.{}.{ext}", &hash[..10]),
            None => format!("assets/{name}.{}", &hash[..10]),
        };
        if name == "style.css" {
            css_url = site.url(&hashed);
        }
        files.push(OutputFile {
            path: hashed,
            bytes: Arc::new(f.bytes.clone()),
            copy_from: None,
        });
    }

    let mut jobs = jobs(site);
    // In the preview, the pages open tabs show are made first, with only the shared fragments
    // and Markdown bodies they show; everything else after they are out.
    let (first_jobs, first_scope) = match options.first {
        Some(first) => {
            let wanted: std::collections::HashSet<&str> =
                first.files.iter().map(String::as_str).collect();
            let root_wanted = wanted.contains("404.html");
            // A job's path is made only where its slug is in a wanted path: making all of
            // them took longer than the open pages.
            let segments: std::collections::HashSet<&str> =
                first.files.iter().flat_map(|f| f.split('/')).collect();
            let (now, later): (Vec<Job>, Vec<Job>) = jobs.into_iter().partition(|j| {
                (root_wanted && matches!(j, Job::NotFound(0)))
                    || slug_of(site, j).is_none_or(|slug| segments.contains(slug))
                        && wanted.contains(file_of(site, j).as_str())
            });
            jobs = later;
            let scope = fragments::Scope::of(site, &now);
            (now, Some(scope))
        }
        None => (Vec::new(), None),
    };
    let scope = match &first_scope {
        Some(first) => first.rest(),
        None => fragments::Scope::all(site),
    };
    laps.lap("jobs");

    // In the preview, Markdown is rendered again only when its text, its place or what links
    // resolve to changed.
    let remembered = options.memo.map(|m| (m, markdown::site_digest(site)));
    let (bodies, page_bodies) = render_all_bodies(
        site,
        first_scope.as_ref().unwrap_or(&scope),
        remembered,
        &mut diags,
    );
    laps.lap("markdown");
    let snippets: Vec<Snippets> = (0..site.languages.len())
        .into_par_iter()
        .map(|li| Snippets::new(site, li, remembered))
        .collect();
    for s in &snippets {
        diags.extend(s.diags.iter().cloned());
    }

    let mut r = Renderer {
        site,
        theme,
        templates_hash,
        tera: &tera,
        css_url: &css_url,
        bodies,
        page_bodies,
        snippets: &snippets,
        options,
        places: Vec::new(),
        channels: HashMap::new(),
        areas: HashMap::new(),
        lists: HashMap::new(),
        contacts: HashMap::new(),
        municipality_links: Vec::new(),
        body_fragments: Vec::new(),
        booklet_body_fragments: Vec::new(),
        page_body_fragments: Vec::new(),
        fragments: Vec::new(),
        limit: 0,
        unmade_shown: std::sync::atomic::AtomicBool::new(false),
    };
    laps.lap("snippets");
    r.municipality_links = (0..site.languages.len())
        .map(|li| {
            (0..site.municipalities.len())
                .map(|mi| {
                    let item = r.municipality_item(mi, li);
                    MunicipalityLink {
                        name: item.name,
                        url: item.url,
                        note: item.note,
                    }
                })
                .collect()
        })
        .collect();
    let plan = r.plan();
    laps.lap("plan");
    // After the first file that cannot be written (a full disk), stop making more.
    let failed = std::sync::atomic::AtomicBool::new(false);
    let root_404 = format!("{}/404.html", site.default_lang());
    let send = |f: OutputFile| -> Result<(), Diagnostic> {
        if failed.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(());
        }
        if f.path == root_404 {
            // Hosts serve /404.html for every missing path; it must not depend on relative
            // links.
            emit(OutputFile {
                path: "404.html".into(),
                bytes: f.bytes.clone(),
                copy_from: None,
            })?;
        }
        emit(f).inspect_err(|_| failed.store(true, std::sync::atomic::Ordering::Relaxed))
    };
    let run = |r: &Renderer, jobs: &[Job]| -> Vec<Diagnostic> {
        jobs.par_iter()
            .filter_map(|job| {
                r.page(job)
                    .and_then(|files| files.into_iter().try_for_each(&send))
                    .err()
            })
            .collect()
    };
    if let (Some(first), Some(first_scope)) = (options.first, &first_scope) {
        if let Err(d) = r.make(&plan, first_scope) {
            return vec![d];
        }
        let made: Vec<Result<Vec<OutputFile>, Diagnostic>> =
            first_jobs.par_iter().map(|j| r.page(j)).collect();
        let mut pages = Vec::new();
        for m in made {
            match m {
                Ok(files) => pages.extend(files),
                Err(d) => diags.push(d),
            }
        }
        let complete = !r.unmade_shown.load(std::sync::atomic::Ordering::Relaxed);
        if complete && diags.iter().all(|d| !d.is_error()) {
            let mut early: Vec<OutputFile> = files.clone();
            early.extend(pages.iter().cloned());
            if let Some(f) = pages.iter().find(|f| f.path == root_404) {
                early.push(OutputFile {
                    path: "404.html".into(),
                    bytes: f.bytes.clone(),
                    copy_from: None,
                });
            }
            // The images beside their Markdown, so the reloaded pages show them at once.
            for job in &first_jobs {
                match *job {
                    Job::Service(si, li) => {
                        let s = &site.services[si];
                        early.extend(copy_assets(&s.dir, &s.assets, &site.service_path(si, li)));
                    }
                    Job::Page(pi, li) => {
                        let p = &site.pages[pi];
                        early.extend(copy_assets(&p.dir, &p.assets, &site.page_path(pi, li)));
                    }
                    _ => {}
                }
            }
            (first.done)(early);
        }
        if complete {
            for f in pages {
                if let Err(d) = send(f) {
                    diags.push(d);
                }
            }
        } else {
            // Made with a part missing (`Scope::of` left it out): made again with the rest.
            jobs.extend(first_jobs);
        }
        laps.lap("open pages");
        // Then the Markdown the open pages did not show.
        (r.bodies, r.page_bodies) = render_all_bodies(site, &scope, remembered, &mut diags);
        laps.lap("markdown");
    }
    if let Err(d) = r.make(&plan, &scope) {
        return vec![d];
    }
    laps.lap("fragments");
    // Booklets first: the booklet versions of the bodies (a fifth of what a build holds) can
    // then go before the other pages are made.
    let (booklets, others): (Vec<Job>, Vec<Job>) = jobs
        .into_iter()
        .partition(|j| matches!(j, Job::Booklet(..)));
    diags.extend(run(&r, &booklets));
    r.drop_booklet_bodies();
    diags.extend(run(&r, &others));
    laps.lap("pages");
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        bytes: Arc::new(sitemap(site).into_bytes()),
        copy_from: None,
    });
    files.push(OutputFile {
        path: "robots.txt".into(),
        bytes: Arc::new(
            format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                site.absolute_url("sitemap.xml")
            )
            .into_bytes(),
        ),
        copy_from: None,
    });
    // Images and files beside the Markdown go beside the page, in every language it has.
    for (si, s) in site.services.iter().enumerate() {
        for li in 0..site.languages.len() {
            files.extend(copy_assets(&s.dir, &s.assets, &site.service_path(si, li)));
        }
    }
    for (pi, p) in site.pages.iter().enumerate() {
        for li in 0..site.languages.len() {
            files.extend(copy_assets(&p.dir, &p.assets, &site.page_path(pi, li)));
        }
    }
    for f in files {
        if let Err(d) = send(f) {
            diags.push(d);
        }
    }
    diags
}

/// Every page the site has.
fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs: Vec<Job> = Vec::new();
    for li in 0..site.languages.len() {
        jobs.push(Job::Home(li));
        jobs.push(Job::Regions(li));
        jobs.push(Job::Finder(li));
        jobs.push(Job::NotFound(li));
        if site.accessibility.is_some() {
            jobs.push(Job::Accessibility(li));
        }
        jobs.extend((0..site.services.len()).map(|si| Job::Service(si, li)));
        jobs.extend((0..site.pages.len()).map(|pi| Job::Page(pi, li)));
        jobs.extend((0..site.regions.len()).map(|ri| Job::Region(ri, li)));
        jobs.extend((0..site.municipalities.len()).map(|mi| Job::Municipality(mi, li)));
        for (si, s) in site.services.iter().enumerate() {
            if s.translations[li].is_some() {
                if s.regions.is_empty() {
                    jobs.push(Job::Leaflet(si, None, li));
                }
                jobs.extend(s.regions.iter().map(|ri| Job::Leaflet(si, Some(*ri), li)));
            }
        }
        jobs.extend((0..site.regions.len()).map(|ri| Job::Booklet(ri, li)));
    }
    jobs.push(Job::Chooser);
    jobs
}

/// The Markdown bodies of the services and free pages in `scope`; the others are left empty.
fn render_all_bodies(
    site: &Site,
    scope: &fragments::Scope,
    remembered: Option<(&memo::Memo, [u8; 16])>,
    diags: &mut Vec<Diagnostic>,
) -> (Bodies, Bodies) {
    let services: Vec<_> = site
        .services
        .iter()
        .map(|s| (&s.translations[..], &s.assets[..]))
        .collect();
    let pages: Vec<_> = site
        .pages
        .iter()
        .map(|p| (&p.translations[..], &p.assets[..]))
        .collect();
    (
        render_bodies(site, &services, &scope.services, remembered, diags),
        render_bodies(site, &pages, &scope.pages, remembered, diags),
    )
}

/// The HTML file a job makes.
fn file_of(site: &Site, job: &Job) -> String {
    let (kind, li) = match *job {
        Job::Chooser => return "index.html".into(),
        Job::Home(li) => (Kind::Home, li),
        Job::Regions(li) => (Kind::Regions, li),
        Job::Finder(li) => (Kind::Finder, li),
        Job::NotFound(li) => (Kind::NotFound, li),
        Job::Accessibility(li) => (Kind::Accessibility, li),
        Job::Service(si, li) => (Kind::Service(si), li),
        Job::Page(pi, li) => (Kind::Page(pi), li),
        Job::Region(ri, li) => (Kind::Region(ri), li),
        Job::Municipality(mi, li) => (Kind::Municipality(mi), li),
        Job::Leaflet(si, ri, li) => (Kind::Leaflet(si, ri), li),
        Job::Booklet(ri, li) => (Kind::Booklet(ri), li),
    };
    index_file(path_of(site, kind, li))
}

/// Where a page is, relative to the site's root.
fn path_of(s: &Site, kind: Kind, li: usize) -> String {
    match kind {
        Kind::Home => s.home_path(li),
        Kind::Regions => s.regions_path(li),
        Kind::Finder => s.municipalities_path(li),
        Kind::NotFound => format!("{}/404.html", s.languages[li].code),
        Kind::Accessibility => s.accessibility_path(li),
        Kind::Service(i) => s.service_path(i, li),
        Kind::Page(i) => s.page_path(i, li),
        Kind::Region(i) => s.region_path(i, li),
        Kind::Municipality(i) => s.municipality_path(i, li),
        // A leaflet exists only where the text does; elsewhere the switcher leads to the
        // service page, which says it is not translated yet.
        Kind::Leaflet(i, r) if s.services[i].translations[li].is_some() => s.leaflet_path(i, r, li),
        Kind::Leaflet(i, _) => s.service_path(i, li),
        Kind::Booklet(r) => s.booklet_path(r, li),
    }
}

/// The last slug in the path of a job's page, where it has one of its own.
fn slug_of<'s>(site: &'s Site, job: &Job) -> Option<&'s str> {
    match *job {
        Job::Service(si, li) => Some(site.services[si].slug(li)),
        Job::Leaflet(si, None, li) => Some(site.services[si].slug(li)),
        Job::Leaflet(_, Some(ri), li) => Some(&site.regions[ri].slugs[li]),
        Job::Page(pi, li) => Some(site.pages[pi].slug(li)),
        Job::Region(ri, li) => Some(&site.regions[ri].slugs[li]),
        Job::Municipality(mi, _) => Some(&site.municipalities[mi].slug),
        _ => None,
    }
}

/// A folder's page is its index.html.
fn index_file(path: String) -> String {
    if path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    }
}

fn copy_assets(dir: &Path, assets: &[PathBuf], page_path: &str) -> Vec<OutputFile> {
    assets
        .iter()
        .filter_map(|a| {
            let rel = a.strip_prefix(dir).ok()?;
            Some(OutputFile {
                path: format!("{page_path}{}", rel.to_string_lossy().replace('\\', "/")),
                bytes: Arc::default(),
                copy_from: Some(a.clone()),
            })
        })
        .collect()
}

fn compile(theme: &Theme) -> Result<Tera, Diagnostic> {
    if let Some(d) = outdated(theme) {
        return Err(d);
    }
    let templates: Vec<(String, String)> = theme
        .templates
        .iter()
        .map(|f| {
            (
                f.name.trim_start_matches("templates/").to_string(),
                String::from_utf8_lossy(&f.bytes).into_owned(),
            )
        })
        .collect();
    let safe = compact::safe_for(&templates);
    let compacted = templates
        .iter()
        .map(|(name, src)| match safe && name.ends_with(".html") {
            true => (name.clone(), compact::compact(src)),
            false => (name.clone(), src.clone()),
        })
        .collect();
    // A template's errors are reported on the template as written, where their lines are.
    tera_of(compacted).or_else(|_| tera_of(templates)).map_err(|e| {
        let file = theme
            .templates
            .iter()
            .find(|f| error_chain(&e).contains(f.name.trim_start_matches("templates/")))
            .and_then(|f| f.origin.clone())
            .unwrap_or_else(|| PathBuf::from("themes"));
        Diagnostic::error(file, format!("a template cannot be read: {}", error_chain(&e))).hint("fix the template's syntax (see the Tera documentation), or delete the file to use the built-in one")
    })
}

/// A site's template written for an earlier version that would now go wrong without an error
/// (an `if` over data no longer given is simply false, and the list would vanish).
fn outdated(theme: &Theme) -> Option<Diagnostic> {
    const OLD: &str = "place.services";
    theme.templates.iter().find_map(|f| {
        let origin = f.origin.as_ref()?;
        let src = String::from_utf8_lossy(&f.bytes);
        let old = f.name == "templates/municipality-place.html"
            && src
                .match_indices(OLD)
                .any(|(i, _)| !src[i + OLD.len()..].starts_with("_html"));
        old.then(|| {
            Diagnostic::error(
                origin,
                "this template shows `place.services`, which esite no longer gives it",
            )
            .hint(
                "show the region's service list with `{{ place.services_html | safe }}`: it is made \
                 once per region by service-list.html (see the built-in municipality-place.html)",
            )
        })
    })
}

fn tera_of(templates: Vec<(String, String)>) -> Result<Tera, tera::Error> {
    let mut tera = Tera::default();
    tera.add_raw_templates(templates)?;
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    Ok(tera)
}

/// Tera's own escaping also writes every `/` as `&#x2F;`, which only makes pages longer: URLs
/// are full of slashes. These five are what HTML needs.
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    let mut rest = input;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#x27;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out
}

/// What to do about a template that failed; templates written for earlier versions of the
/// theme fail in known ways.
fn template_hint(message: &str) -> &'static str {
    if message.contains("`base.t.") {
        "the interface texts are `t` now: write `t.` where the template says `base.t.`"
    } else if ["`m::channel`", "`m::region_contacts`"]
        .iter()
        .any(|m| message.contains(m))
    {
        "a channel's and a contact block's markup is in channel.html and contacts.html now, not in \
         macros.html: start again from the built-in file"
    } else {
        "fix the template, or delete it to use the built-in one"
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        source = inner.source();
    }
    s
}

type Bodies = Vec<Vec<Option<String>>>;
/// Per item, per language: the HTML and the problems found in it.
type BodyResults = Vec<Vec<Option<(String, Vec<Diagnostic>)>>>;

fn render_bodies(
    site: &Site,
    items: &[(&[Option<model::Translation>], &[PathBuf])],
    wanted: &[bool],
    remembered: Option<(&memo::Memo, [u8; 16])>,
    diags: &mut Vec<Diagnostic>,
) -> Bodies {
    let results: BodyResults = items
        .par_iter()
        .zip(wanted)
        .map(|((translations, assets), &wanted)| {
            translations
                .iter()
                .enumerate()
                .map(|(li, t)| {
                    t.as_ref().filter(|_| wanted).map(|t| {
                        let cx = markdown::Context {
                            site,
                            lang: li,
                            file: &t.source.path,
                            assets,
                        };
                        let render = || {
                            let r = markdown::render(&t.source.text, t.body_start, &cx);
                            (r.html, r.diags)
                        };
                        match remembered {
                            Some((memo, digest)) => {
                                let mut inputs = memo::Inputs::new("markdown")
                                    .with(&digest)
                                    .with(&li.to_le_bytes())
                                    .with(t.source.path.as_os_str().as_encoded_bytes())
                                    .with(&t.body_start.to_le_bytes())
                                    .with(t.source.text.as_bytes());
                                for a in assets.iter() {
                                    inputs = inputs.with(a.as_os_str().as_encoded_bytes());
                                }
                                let r = memo.markdown(inputs, render);
                                (r.0.clone(), r.1.clone())
                            }
                            None => render(),
                        }
                    })
                })
                .collect()
        })
        .collect();
    results
        .into_iter()
        .map(|langs| {
            langs
                .into_iter()
                .map(|x| {
                    x.map(|(html, d)| {
                        diags.extend(d);
                        html
                    })
                })
                .collect()
        })
        .collect()
}

/// Markdown snippets from region files (descriptions, notes), rendered once per language.
struct Snippets {
    /// [region] description
    region_description: Vec<Option<String>>,
    /// [region][area]
    area_description: Vec<Vec<Option<String>>>,
    /// [region] (service index, notes)
    notes: Vec<Vec<(usize, String)>>,
    diags: Vec<Diagnostic>,
}

impl Snippets {
    fn new(site: &Site, li: usize, remembered: Option<(&memo::Memo, [u8; 16])>) -> Snippets {
        let mut diags = Vec::new();
        let lang = site.languages[li].code.as_str();
        let default = site.default_lang();
        let mut md = |file: &Path, text: &Localized| -> String {
            let (source, _) = text.get(lang, default);
            let cx = markdown::Context {
                site,
                lang: li,
                file,
                assets: &[],
            };
            let make = || {
                let r = markdown::render(source, 0, &cx);
                (minify_str(&r.html), r.diags)
            };
            let (html, problems) = match remembered {
                Some((memo, digest)) => {
                    let inputs = memo::Inputs::new("snippet")
                        .with(&digest)
                        .with(&li.to_le_bytes())
                        .with(file.as_os_str().as_encoded_bytes())
                        .with(source.as_bytes());
                    let r = memo.markdown(inputs, make);
                    (r.0.clone(), r.1.clone())
                }
                None => make(),
            };
            // Lines count from the snippet's start; only the first language reports, once.
            if li == 0 {
                diags.extend(problems.into_iter().map(|mut d| {
                    d.line = 0;
                    d.snippet = None;
                    d
                }));
            }
            html
        };
        let mut s = Snippets {
            region_description: Vec::new(),
            area_description: Vec::new(),
            notes: Vec::new(),
            diags: Vec::new(),
        };
        for r in &site.regions {
            s.region_description
                .push(r.description.as_ref().map(|d| md(&r.file, d)));
            s.area_description.push(
                r.areas
                    .iter()
                    .map(|a| a.description.as_ref().map(|d| md(&r.file, d)))
                    .collect(),
            );
            let mut notes: Vec<(usize, String)> = r
                .services
                .iter()
                .filter_map(|(si, rs)| rs.notes.as_ref().map(|n| (*si, md(&r.file, n))))
                .collect();
            notes.sort_by_key(|(si, _)| *si);
            s.notes.push(notes);
        }
        s.diags = diags;
        s
    }
}

enum Job {
    Home(usize),
    Regions(usize),
    Finder(usize),
    NotFound(usize),
    Accessibility(usize),
    Service(usize, usize),
    Page(usize, usize),
    Region(usize, usize),
    Municipality(usize, usize),
    Leaflet(usize, Option<usize>, usize),
    Booklet(usize, usize),
    Chooser,
}

struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    /// Of every template: a remembered page is only reused with the same templates.
    templates_hash: [u8; 32],
    tera: &'a Tera,
    css_url: &'a str,
    /// The Markdown bodies as HTML, until `render_bodies` turns them into fragments.
    bodies: Bodies,
    page_bodies: Bodies,
    snippets: &'a [Snippets],
    options: Options<'a>,
    /// Per language: (region, area) → index into `fragments`.
    places: Vec<HashMap<(usize, Option<usize>), usize>>,
    /// Channels → index into `fragments`.
    channels: HashMap<ChannelKey, usize>,
    /// [language][municipality]: made once, listed in many contact blocks.
    municipality_links: Vec<Vec<MunicipalityLink<'a>>>,
    /// Area introductions → index into `fragments`.
    areas: HashMap<AreaKey, usize>,
    /// (language, region) → index into `fragments` of the region's service list.
    lists: HashMap<(usize, usize), usize>,
    /// Contact blocks → index into `fragments`.
    contacts: HashMap<ContactsKey, usize>,
    /// [service][language] → index into `fragments` of the Markdown body.
    body_fragments: Vec<Vec<Option<usize>>>,
    /// The same for the booklet's version of the body (ids prefixed, headings one lower).
    booklet_body_fragments: Vec<Vec<Option<usize>>>,
    /// [page][language] → index into `fragments`.
    page_body_fragments: Vec<Vec<Option<usize>>>,
    /// HTML shared by many pages, spliced in after each page is rendered. A
    /// fragment can hold markers of earlier ones (a contact block its channels); those stay
    /// markers until a page is spliced, so each part is held once.
    fragments: Vec<Part>,
    /// Markers in a fragment being made stand for fragments below this id: while a stage is
    /// made, its first id; then every shared fragment.
    limit: usize,
    /// Set when a page showed a fragment not made yet (see `fragments.rs`).
    unmade_shown: std::sync::atomic::AtomicBool,
}

/// Where a region's contact block is shown; each place has its own heading level and detail.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Shown {
    /// A service page or its "not translated" notice: the region named, everything shown.
    ServicePage,
    /// A printed leaflet: the region named, no long descriptions.
    Leaflet,
    /// A region booklet, once per service: no ids, as they would repeat.
    Booklet,
    /// The region's own page.
    RegionPage,
}

/// A shared fragment's bytes and its memo key (0 outside the preview).
type Fragment = (Arc<Vec<u8>>, memo::Key);

/// A contact block: region, the service whose picks and notes apply (only when the region
/// file says something about that service, so services without notes share one block),
/// language and where it is shown.
type ContactsKey = (usize, Option<usize>, usize, Shown);

/// An area's introduction (heading, description, municipalities): region, area, language and
/// the kind of block it is shown in. Hundreds of contact blocks of a region show the same.
type AreaKey = (usize, usize, usize, Shown);

/// A channel: region, area (none for the region's own), its index there, language, and
/// whether it is brief: on paper the contact data itself counts (names, numbers, hours,
/// addresses, links); the longer descriptions stay on the web page the QR code opens.
type ChannelKey = (usize, Option<usize>, usize, usize, bool);

/// Which page a job makes, for the language switcher and canonical links.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Home,
    Regions,
    Finder,
    NotFound,
    Accessibility,
    Service(usize),
    Page(usize),
    Region(usize),
    Municipality(usize),
    Leaflet(usize, Option<usize>),
    Booklet(usize),
}

impl<'a> Renderer<'a> {
    fn contacts_key(&self, ri: usize, si: Option<usize>, li: usize, shown: Shown) -> ContactsKey {
        let si = si.filter(|si| self.site.regions[ri].services.contains_key(si));
        (ri, si, li, shown)
    }

    fn contacts_fragment(&self, (ri, si, li, shown): ContactsKey) -> Result<Fragment, Diagnostic> {
        let r = self.region_contacts(ri, si, li, None, shown);
        let mut ctx = Data::default();
        ctx.insert("r", r);
        ctx.strings(self.strings(li));
        ctx.insert("level", if shown == Shown::RegionPage { 2 } else { 3 });
        ctx.insert(
            "show_name",
            matches!(shown, Shown::ServicePage | Shown::Leaflet),
        );
        self.fragment("contacts.html", ctx)
    }

    /// A region's contact block on a page: a shared fragment, or one made for this page.
    fn contacts_block(
        &self,
        locals: &Locals,
        ri: usize,
        si: Option<usize>,
        li: usize,
        shown: Shown,
    ) -> Result<ContactsBlock<'a>, Diagnostic> {
        let r = &self.site.regions[ri];
        let key = self.contacts_key(ri, si, li, shown);
        let html = match self.contacts.get(&key) {
            Some(&id) => placeholder(id),
            None => self.push_local(locals, self.contacts_fragment(key)?),
        };
        Ok(ContactsBlock {
            anchor: region_anchor(&r.id),
            name: self.text(&r.name, li),
            website: r.website.as_deref(),
            html,
        })
    }

    /// The marker of a body fragment, or nothing for a missing body.
    fn body(&self, table: &[Vec<Option<usize>>], i: usize, li: usize) -> String {
        table[i][li].map(placeholder).unwrap_or_default()
    }

    fn strings(&self, li: usize) -> &'a Strings {
        &self.theme.strings[self.site.languages[li].code.as_str()]
    }

    fn text(&self, l: &'a Localized, li: usize) -> Text<'a> {
        let (text, lang) = l.get(&self.site.languages[li].code, self.site.default_lang());
        Text { text, lang }
    }

    fn plain(&self, s: &'a str) -> Text<'a> {
        Text {
            text: s,
            lang: None,
        }
    }

    fn path_of(&self, kind: Kind, li: usize) -> String {
        path_of(self.site, kind, li)
    }

    fn translated(&self, kind: Kind, li: usize) -> bool {
        match kind {
            Kind::Service(i) => self.site.services[i].translations[li].is_some(),
            Kind::Page(i) => self.site.pages[i].translations[li].is_some(),
            Kind::Leaflet(i, _) => self.site.services[i].translations[li].is_some(),
            _ => true,
        }
    }

    fn base(&self, kind: Kind, li: usize, page_title: &str, description: &str) -> Base<'a> {
        let site = self.site;
        let t = self.strings(li);
        let translated = self.translated(kind, li);
        let languages = site
            .languages
            .iter()
            .enumerate()
            .map(|(lj, l)| Alternate {
                lang: &l.code,
                name: &l.name,
                url: site.url(&self.path_of(kind, lj)),
                absolute_url: site.absolute_url(&self.path_of(kind, lj)),
                current: lj == li,
                translated: self.translated(kind, lj),
            })
            .collect();
        let nav = [
            (Kind::Home, "home"),
            (Kind::Finder, "municipalities"),
            (Kind::Regions, "regions"),
        ]
        .iter()
        .map(|(k, label)| NavLink {
            label: t.text(label),
            url: site.url(&self.path_of(*k, li)),
            current: *k == kind,
        })
        .collect();
        let site_title = self.text(&site.title, li);
        let title = if kind == Kind::Home {
            site_title.text.to_string()
        } else {
            format!("{page_title} – {}", site_title.text)
        };
        let footer = Footer {
            pages: (0..site.pages.len())
                .map(|pi| {
                    let p = &site.pages[pi];
                    let (text, hreflang) = match &p.translations[li] {
                        Some(tr) => (self.plain(&tr.title), None),
                        None => {
                            let (oi, tr) = p.original();
                            let code = site.languages[oi].code.as_str();
                            (
                                Text {
                                    text: &tr.title,
                                    lang: Some(code),
                                },
                                Some(code),
                            )
                        }
                    };
                    Link {
                        text,
                        url: site.url(&site.page_path(pi, li)),
                        hreflang,
                    }
                })
                .collect(),
            accessibility_url: site
                .accessibility
                .as_ref()
                .map(|_| site.url(&site.accessibility_path(li))),
            contact_name: site.contact.as_ref().map(|c| self.text(&c.name, li)),
            contact_email: site.contact.as_ref().and_then(|c| c.email.as_deref()),
            contact_phone: site.contact_phone.as_ref().map(phone_view),
            contact_url: site.contact.as_ref().and_then(|c| c.url.as_deref()),
        };
        Base {
            lang: &site.languages[li].code,
            site_title,
            organisation: self.text(&site.organisation, li),
            title,
            description: description.to_string(),
            canonical: (translated && kind != Kind::NotFound)
                .then(|| site.absolute_url(&self.path_of(kind, li))),
            noindex: !translated || kind == Kind::NotFound,
            css_url: self.css_url,
            home_url: site.url(&site.home_path(li)),
            languages,
            nav,
            footer,
            reload_script: self.options.reload_script,
            print_alternates: Vec::new(),
            paper: paper_name(site.paper),
        }
    }

    fn page(&self, job: &Job) -> Result<Vec<OutputFile>, Diagnostic> {
        let site = self.site;
        let mut ctx = Data::default();
        let locals = Locals::default();
        // Files that go beside the page, such as its QR code.
        let mut extra: Vec<(String, Arc<Vec<u8>>)> = Vec::new();
        let (template, kind, li) = match *job {
            Job::Home(li) => {
                let t = self.strings(li);
                let title = self.text(&site.title, li).text;
                let desc = site.description.as_ref().map(|d| self.text(d, li));
                ctx.insert(
                    "base",
                    self.base(Kind::Home, li, title, desc.as_ref().map_or("", |d| d.text)),
                );
                let mut topics: Vec<TopicGroup> = site
                    .topics
                    .iter()
                    .enumerate()
                    .map(|(ti, topic)| TopicGroup {
                        id: &topic.id,
                        name: self.text(&topic.name, li),
                        description: topic.description.as_ref().map(|d| self.text(d, li)),
                        services: (0..site.services.len())
                            .filter(|si| site.services[*si].topics.contains(&ti))
                            .map(|si| self.service_item(si, li))
                            .collect(),
                    })
                    .filter(|g| !g.services.is_empty())
                    .collect();
                let other: Vec<ServiceItem> = (0..site.services.len())
                    .filter(|si| site.services[*si].topics.is_empty())
                    .map(|si| self.service_item(si, li))
                    .collect();
                if !other.is_empty() {
                    topics.push(TopicGroup {
                        id: "other",
                        name: self.plain(t.text("other_services")),
                        description: None,
                        services: other,
                    });
                }
                let view = HomeView {
                    description: desc,
                    topics,
                    municipalities: (0..site.municipalities.len())
                        .map(|mi| self.municipality_item(mi, li))
                        .collect(),
                    regions: (0..site.regions.len())
                        .map(|ri| Link {
                            text: self.region_name(ri, li),
                            url: site.url(&site.region_path(ri, li)),
                            hreflang: None,
                        })
                        .collect(),
                    finder_url: site.url(&site.municipalities_path(li)),
                };
                ctx.insert("page", view);
                ("home.html", Kind::Home, li)
            }
            Job::Regions(li) => {
                let t = self.strings(li);
                ctx.insert(
                    "base",
                    self.base(
                        Kind::Regions,
                        li,
                        t.text("regions"),
                        t.text("regions_intro"),
                    ),
                );
                let regions = (0..site.regions.len())
                    .map(|ri| ServiceItem {
                        title: self.text(&site.regions[ri].name, li),
                        summary: None,
                        url: site.url(&site.region_path(ri, li)),
                        translated: true,
                    })
                    .collect();
                ctx.insert("page", RegionsView { regions });
                ("regions.html", Kind::Regions, li)
            }
            Job::Finder(li) => {
                let t = self.strings(li);
                ctx.insert(
                    "base",
                    self.base(
                        Kind::Finder,
                        li,
                        t.text("municipalities"),
                        t.text("finder_intro"),
                    ),
                );
                let mut letters: Vec<LetterGroup> = Vec::new();
                for mi in 0..site.municipalities.len() {
                    let item = self.municipality_item(mi, li);
                    let letter: String = item
                        .name
                        .text
                        .chars()
                        .next()
                        .map(|c| c.to_uppercase().collect())
                        .unwrap_or_default();
                    match letters.last_mut() {
                        Some(g) if g.letter == letter => g.municipalities.push(item),
                        _ => letters.push(LetterGroup {
                            letter,
                            municipalities: vec![item],
                        }),
                    }
                }
                ctx.insert("page", FinderView { letters });
                ("municipalities.html", Kind::Finder, li)
            }
            Job::NotFound(li) => {
                let t = self.strings(li);
                ctx.insert(
                    "base",
                    self.base(
                        Kind::NotFound,
                        li,
                        t.text("not_found_title"),
                        t.text("not_found_text"),
                    ),
                );
                ctx.insert("page", ());
                ("404.html", Kind::NotFound, li)
            }
            Job::Accessibility(li) => {
                let t = self.strings(li);
                let a = site
                    .accessibility
                    .as_ref()
                    .expect("job only made when present");
                ctx.insert(
                    "base",
                    self.base(
                        Kind::Accessibility,
                        li,
                        t.text("accessibility_title"),
                        t.text("accessibility_intro"),
                    ),
                );
                let months = t.list("months");
                let date = |d: &model::date::Date| {
                    d.format(t.text("date_full"), t.text("date_month"), &months)
                };
                let view = AccessibilityView {
                    conformance: t.text(match a.raw.conformance {
                        Conformance::Full => "conformance_full",
                        Conformance::Partial => "conformance_partial",
                        Conformance::None => "conformance_none",
                    }),
                    prepared: date(&a.prepared),
                    reviewed: a.reviewed.as_ref().map(date),
                    method: a.raw.method.as_ref().map(|m| self.text(m, li)),
                    shortcomings: a
                        .raw
                        .shortcomings
                        .iter()
                        .map(|s| self.text(s, li))
                        .collect(),
                    feedback_email: a.raw.feedback.email.as_deref(),
                    feedback_url: a.raw.feedback.url.as_deref(),
                    feedback_phone: a.feedback_phone.as_ref().map(phone_view),
                    authority_name: self.text(&a.raw.authority.name, li),
                    authority_url: a.raw.authority.url.as_deref(),
                    authority_email: a.raw.authority.email.as_deref(),
                    authority_phone: a.authority_phone.as_ref().map(phone_view),
                };
                ctx.insert("page", view);
                ("accessibility.html", Kind::Accessibility, li)
            }
            Job::Service(si, li) => {
                let s = &site.services[si];
                let regions: Vec<ContactsBlock> = s
                    .regions
                    .iter()
                    .map(|ri| self.contacts_block(&locals, *ri, Some(si), li, Shown::ServicePage))
                    .collect::<Result<_, _>>()?;
                match &s.translations[li] {
                    Some(tr) => {
                        let mut base = self.base(Kind::Service(si), li, &tr.title, &tr.summary);
                        let print_links: Vec<Link> = if s.regions.is_empty() {
                            vec![Link {
                                text: self.plain(&tr.title),
                                url: site.url(&site.leaflet_path(si, None, li)),
                                hreflang: None,
                            }]
                        } else {
                            s.regions
                                .iter()
                                .map(|ri| Link {
                                    text: self.region_name(*ri, li),
                                    url: site.url(&site.leaflet_path(si, Some(*ri), li)),
                                    hreflang: None,
                                })
                                .collect()
                        };
                        base.print_alternates = print_links.clone();
                        ctx.insert("base", base);
                        // One QR code per service page, shared by all its regions' leaflets.
                        extra.push((
                            "qr.svg".into(),
                            self.qr_svg(&site.absolute_url(&site.service_path(si, li))),
                        ));
                        let t = self.strings(li);
                        let months = t.list("months");
                        let view = ServiceView {
                            print_links,
                            title: &tr.title,
                            summary: &tr.summary,
                            body_html: self.body(&self.body_fragments, si, li),
                            legal_basis: &tr.legal_basis,
                            updated: tr.updated.map(|d| {
                                d.format(t.text("date_full"), t.text("date_month"), &months)
                            }),
                            updated_iso: tr.updated.map(|d| d.iso()),
                            regions,
                            topics: s
                                .topics
                                .iter()
                                .map(|ti| self.text(&site.topics[*ti].name, li))
                                .collect(),
                        };
                        ctx.insert("page", view);
                        ("service.html", Kind::Service(si), li)
                    }
                    None => {
                        self.untranslated(&mut ctx, Kind::Service(si), s, li, regions);
                        ("untranslated.html", Kind::Service(si), li)
                    }
                }
            }
            Job::Page(pi, li) => {
                let p = &site.pages[pi];
                match &p.translations[li] {
                    Some(tr) => {
                        ctx.insert(
                            "base",
                            self.base(Kind::Page(pi), li, &tr.title, &tr.summary),
                        );
                        ctx.insert(
                            "page",
                            PageView {
                                title: &tr.title,
                                summary: &tr.summary,
                                body_html: self.body(&self.page_body_fragments, pi, li),
                            },
                        );
                        ("page.html", Kind::Page(pi), li)
                    }
                    None => {
                        self.untranslated(&mut ctx, Kind::Page(pi), p, li, Vec::new());
                        ("untranslated.html", Kind::Page(pi), li)
                    }
                }
            }
            Job::Region(ri, li) => {
                let r = &site.regions[ri];
                let name = self.text(&r.name, li);
                let t = self.strings(li);
                let summary = format!("{} {}", t.text("region_summary"), name.text);
                ctx.insert("base", self.base(Kind::Region(ri), li, name.text, &summary));
                let mut municipalities: Vec<MunicipalityItem> = r
                    .municipalities
                    .iter()
                    .chain(r.areas.iter().flat_map(|a| &a.municipalities))
                    .map(|m| self.municipality_item(m.finder, li))
                    .collect();
                municipalities.sort_by(|a, b| model::slug::collate(a.name.text, b.name.text));
                municipalities.dedup_by(|a, b| a.url == b.url);
                let view = RegionView {
                    booklet_url: site.url(&site.booklet_path(ri, li)),
                    name: name.clone(),
                    description_html: self.snippets[li].region_description[ri].clone(),
                    contacts: self.contacts_block(&locals, ri, None, li, Shown::RegionPage)?,
                    services: site
                        .services_in_region(ri)
                        .map(|si| self.service_item(si, li))
                        .collect(),
                    municipalities,
                };
                ctx.insert("page", view);
                ("region.html", Kind::Region(ri), li)
            }
            Job::Municipality(mi, li) => {
                let m = &site.municipalities[mi];
                let t = self.strings(li);
                let name = self.text(&m.name, li);
                let summary = format!("{} {}", t.text("municipality_summary"), name.text);
                ctx.insert(
                    "base",
                    self.base(Kind::Municipality(mi), li, name.text, &summary),
                );
                let places = m
                    .places
                    .iter()
                    .map(|(ri, ai, _)| {
                        let region = self.region_name(*ri, li);
                        let heading = match ai {
                            Some(ai) => format!(
                                "{}, {}",
                                region.text,
                                self.text(&site.regions[*ri].areas[*ai].name, li).text
                            ),
                            None => region.text.to_string(),
                        };
                        MunicipalityPlace {
                            heading,
                            region_url: site.url(&site.region_path(*ri, li)),
                            body_html: placeholder(self.places[li][&(*ri, *ai)]),
                        }
                    })
                    .collect();
                let part_of = m.part_of.as_ref().and_then(|p| {
                    let slug = model::slug::slugify(p);
                    site.municipalities
                        .iter()
                        .position(|x| x.slug == slug)
                        .map(|pi| self.municipality_item(pi, li))
                });
                let view = MunicipalityView {
                    name,
                    code: m.code.as_deref(),
                    part_of,
                    places,
                    finder_url: site.url(&site.municipalities_path(li)),
                };
                ctx.insert("page", view);
                ("municipality.html", Kind::Municipality(mi), li)
            }
            Job::Leaflet(si, region, li) => {
                let s = &site.services[si];
                let tr = s.translations[li]
                    .as_ref()
                    .expect("leaflets are made for translated services only");
                let t = self.strings(li);
                let months = t.list("months");
                let mut base = self.base(Kind::Leaflet(si, region), li, &tr.title, &tr.summary);
                base.paper = paper_name(s.paper);
                base.canonical = Some(site.absolute_url(&site.service_path(si, li)));
                let publisher = match region {
                    Some(ri) => self.text(&site.regions[ri].name, li),
                    None => self.text(&site.organisation, li),
                };
                base.title = format!("{} – {}", tr.title, publisher.text);
                ctx.insert("base", base);
                let web_url = site.absolute_url(&site.service_path(si, li));
                let view = LeafletView {
                    qr_url: site.url(&format!("{}qr.svg", site.service_path(si, li))),
                    title: &tr.title,
                    summary: &tr.summary,
                    body_html: self.body(&self.body_fragments, si, li),
                    publisher,
                    contacts: region
                        .map(|ri| self.contacts_block(&locals, ri, Some(si), li, Shown::Leaflet))
                        .transpose()?,
                    legal_basis: &tr.legal_basis,
                    updated: tr
                        .updated
                        .map(|d| d.format(t.text("date_full"), t.text("date_month"), &months)),
                    qr_alt: t.text("qr_alt").replace("{url}", &web_url),
                    pdf_url: self
                        .options
                        .pdf
                        .then(|| site.leaflet_pdf_name(si, region, li)),
                    web_link: site.url(&site.service_path(si, li)),
                    web_url,
                };
                ctx.insert("page", view);
                ("leaflet.html", Kind::Leaflet(si, region), li)
            }
            Job::Booklet(ri, li) => {
                let t = self.strings(li);
                let months = t.list("months");
                let region = self.text(&site.regions[ri].name, li);
                let mut base = self.base(Kind::Booklet(ri), li, t.text("booklet"), region.text);
                base.title = format!("{} – {}", region.text, t.text("booklet_title"));
                base.canonical = Some(site.absolute_url(&site.region_path(ri, li)));
                ctx.insert("base", base);
                let web_url = site.absolute_url(&site.region_path(ri, li));
                extra.push(("qr.svg".into(), self.qr_svg(&web_url)));
                let mut items = Vec::new();
                let mut untranslated = Vec::new();
                for si in site.services_in_region(ri) {
                    let s = &site.services[si];
                    match &s.translations[li] {
                        Some(tr) => items.push(BookletItem {
                            anchor: format!("service-{}", s.id),
                            title: &tr.title,
                            summary: &tr.summary,
                            body_html: self.body(&self.booklet_body_fragments, si, li),
                            contacts: self.contacts_block(
                                &locals,
                                ri,
                                Some(si),
                                li,
                                Shown::Booklet,
                            )?,
                            updated: tr.updated.map(|d| {
                                d.format(t.text("date_full"), t.text("date_month"), &months)
                            }),
                        }),
                        None => {
                            let (oi, tr) = s.original();
                            untranslated.push(Text {
                                text: &tr.title,
                                lang: Some(site.languages[oi].code.as_str()),
                            });
                        }
                    }
                }
                let view = BookletView {
                    region,
                    items,
                    untranslated,
                    qr_alt: t.text("qr_alt_region").replace("{url}", &web_url),
                    pdf_url: self.options.pdf.then(|| site.booklet_pdf_name(ri, li)),
                    web_link: site.url(&site.region_path(ri, li)),
                    web_url,
                };
                ctx.insert("page", view);
                ("booklet.html", Kind::Booklet(ri), li)
            }
            Job::Chooser => {
                let default_li = 0;
                let mut base = self.base(Kind::Home, default_li, "", "");
                base.canonical = Some(site.base_url.clone());
                base.title = site
                    .languages
                    .iter()
                    .enumerate()
                    .map(|(li, _)| self.text(&site.title, li).text)
                    .collect::<Vec<_>>()
                    .join(" · ");
                let choices = site
                    .languages
                    .iter()
                    .enumerate()
                    .map(|(li, l)| Alternate {
                        lang: &l.code,
                        name: &l.name,
                        url: site.url(&site.home_path(li)),
                        absolute_url: site.absolute_url(&site.home_path(li)),
                        current: false,
                        translated: true,
                    })
                    .collect();
                let titles = (0..site.languages.len())
                    .map(|li| Text {
                        text: self.text(&site.title, li).text,
                        lang: Some(site.languages[li].code.as_str()),
                    })
                    .collect();
                ctx.insert("base", base);
                let statements = match site.accessibility {
                    Some(_) => (0..site.languages.len())
                        .map(|li| {
                            let code = site.languages[li].code.as_str();
                            Link {
                                text: Text {
                                    text: self.strings(li).text("accessibility_title"),
                                    lang: Some(code),
                                },
                                url: site.url(&site.accessibility_path(li)),
                                hreflang: Some(code),
                            }
                        })
                        .collect(),
                    None => Vec::new(),
                };
                ctx.insert(
                    "page",
                    ChooserView {
                        choices,
                        titles,
                        statements,
                    },
                );
                ctx.strings(self.strings(default_li));
                let html = self.run("language-chooser.html", ctx, &locals)?;
                return Ok(vec![OutputFile {
                    path: "index.html".into(),
                    bytes: html,
                    copy_from: None,
                }]);
            }
        };
        ctx.strings(self.strings(li));
        let html = self.run(template, ctx, &locals)?;
        let dir = self.path_of(kind, li);
        let path = index_file(dir.clone());
        let mut out = vec![OutputFile {
            path,
            bytes: html,
            copy_from: None,
        }];
        out.extend(extra.into_iter().map(|(name, bytes)| OutputFile {
            path: format!("{dir}{name}"),
            bytes,
            copy_from: None,
        }));
        Ok(out)
    }

    fn untranslated<T: Translated>(
        &self,
        ctx: &mut Data<'a>,
        kind: Kind,
        item: &'a T,
        li: usize,
        regions: Vec<ContactsBlock<'a>>,
    ) {
        let t = self.strings(li);
        let (oi, original) = item.original();
        let original_lang = self.site.languages[oi].code.as_str();
        ctx.insert(
            "base",
            self.base(
                kind,
                li,
                t.text("untranslated_title"),
                t.text("untranslated_text"),
            ),
        );
        let versions = item
            .translations()
            .iter()
            .enumerate()
            .filter_map(|(lj, tr)| {
                tr.as_ref().map(|tr| {
                    let code = self.site.languages[lj].code.as_str();
                    Link {
                        text: Text {
                            text: &tr.title,
                            lang: Some(code),
                        },
                        url: self.site.url(&self.path_of(kind, lj)),
                        hreflang: Some(code),
                    }
                })
            })
            .collect();
        let view = UntranslatedView {
            original_title: Text {
                text: &original.title,
                lang: Some(original_lang),
            },
            versions,
            regions,
        };
        ctx.insert("page", view);
    }

    /// Renders a template and splices the fragments in (the templates were compacted when
    /// compiled, so pages need no minifying). In the preview, a
    /// page whose template data did not change comes from the memo.
    fn run(&self, template: &str, data: Data, locals: &Locals) -> Result<Arc<Vec<u8>>, Diagnostic> {
        let locals = locals.0.borrow();
        let Some(memo) = self.options.memo else {
            let page = self.render_template(template, &data)?;
            let page = self.part(Arc::new(page), 0, &locals);
            return Ok(Arc::new(self.splice(&page, &locals)));
        };
        let (page, key) = memo.get_or_keyed(self.data_inputs(template, &data), || {
            self.render_template(template, &data)
        })?;
        // The finished page too: an unchanged page is then the very same bytes as before,
        // neither copied nor compared byte by byte.
        let page = self.part(page, key, &locals);
        memo.get_or(self.key_with_fragments(&page, &locals), || {
            Ok(self.splice(&page, &locals))
        })
    }

    /// Renders a fragment with the markers of the shared fragments it shows left
    /// in place. Its memo key (0 outside the preview) covers those fragments too.
    fn fragment(&self, template: &str, data: Data) -> Result<Fragment, Diagnostic> {
        let Some(memo) = self.options.memo else {
            return Ok((Arc::new(self.render_template(template, &data)?), 0));
        };
        let (html, key) = memo.get_or_keyed(self.data_inputs(template, &data), || {
            self.render_template(template, &data)
        })?;
        let part = self.part_below(html, key, &[], self.limit);
        let key = self.key_with_fragments(&part, &[]).key();
        Ok((part.html, key))
    }

    /// A fragment whose template receives one value and the language's strings `t`.
    fn fragment_with<T: serde::Serialize + 'a>(
        &self,
        template: &str,
        key: &'static str,
        value: T,
        li: usize,
    ) -> Result<Fragment, Diagnostic> {
        let mut ctx = Data::default();
        ctx.insert(key, value);
        ctx.strings(self.strings(li));
        self.fragment(template, ctx)
    }

    /// What a template's output depends on: the templates, its name and its data.
    fn data_inputs(&self, template: &str, data: &Data) -> memo::Inputs {
        let inputs = memo::Inputs::new("page")
            .with(&self.templates_hash)
            .with(template.as_bytes())
            .with(&data.strings.map(Strings::digest).unwrap_or_default());
        let mut buf = Vec::with_capacity(8192);
        crate::theme::as_digests(|| {
            data.values
                .iter()
                .fold(inputs, |inputs, (key, type_name, value)| {
                    inputs
                        .with(key.as_bytes())
                        .with_value(type_name, value.as_ref(), &mut buf)
                })
        })
    }

    fn minify_fragment(&self, html: &str) -> Fragment {
        let Some(memo) = self.options.memo else {
            return (Arc::new(minify(html.as_bytes())), 0);
        };
        memo.get_or_keyed(memo::Inputs::new("minify").with(html.as_bytes()), || {
            Ok::<_, ()>(minify(html.as_bytes()))
        })
        .unwrap_or_default()
    }

    fn booklet_body(&self, html: &str, service: &str) -> Fragment {
        let Some(memo) = self.options.memo else {
            return (Arc::new(minify(for_booklet(html, service).as_bytes())), 0);
        };
        let inputs = memo::Inputs::new("booklet-body")
            .with(html.as_bytes())
            .with(service.as_bytes());
        memo.get_or_keyed(inputs, || {
            Ok::<_, ()>(minify(for_booklet(html, service).as_bytes()))
        })
        .unwrap_or_default()
    }

    fn qr_svg(&self, url: &str) -> Arc<Vec<u8>> {
        match self.options.memo {
            Some(memo) => memo
                .get_or(memo::Inputs::new("qr").with(url.as_bytes()), || {
                    Ok::<_, ()>(qr_svg(url))
                })
                .unwrap_or_default(),
            None => Arc::new(qr_svg(url)),
        }
    }

    fn render_template(&self, template: &str, data: &Data) -> Result<Vec<u8>, Diagnostic> {
        let html = data.render(self.tera, template).map_err(|e| {
            let origin = self
                .theme
                .templates
                .iter()
                .find(|f| f.name == format!("templates/{template}"))
                .and_then(|f| f.origin.clone());
            let message = error_chain(&e);
            let hint = template_hint(&message);
            Diagnostic::error(
                origin.unwrap_or_else(|| {
                    PathBuf::from(format!("(built-in theme)/templates/{template}"))
                }),
                format!("the template failed: {message}"),
            )
            .hint(hint)
        })?;
        Ok(html.into_bytes())
    }

    fn region_name(&self, ri: usize, li: usize) -> Text<'a> {
        let r = &self.site.regions[ri];
        self.text(r.short_name.as_ref().unwrap_or(&r.name), li)
    }

    fn service_item(&self, si: usize, li: usize) -> ServiceItem<'a> {
        let s = &self.site.services[si];
        let url = self.site.url(&self.site.service_path(si, li));
        match &s.translations[li] {
            Some(t) => ServiceItem {
                title: self.plain(&t.title),
                summary: Some(self.plain(&t.summary)),
                url,
                translated: true,
            },
            None => {
                let (oi, t) = s.original();
                let code = self.site.languages[oi].code.as_str();
                ServiceItem {
                    title: Text {
                        text: &t.title,
                        lang: Some(code),
                    },
                    summary: Some(Text {
                        text: &t.summary,
                        lang: Some(code),
                    }),
                    url,
                    translated: false,
                }
            }
        }
    }

    fn municipality_item(&self, mi: usize, li: usize) -> MunicipalityItem<'a> {
        let site = self.site;
        let m = &site.municipalities[mi];
        let t = self.strings(li);
        let mut notes: Vec<String> = Vec::new();
        if let Some(p) = &m.part_of {
            notes.push(t.text("part_of").replace("{name}", p));
        }
        for (_, _, note) in &m.places {
            if let Some(n) = note {
                notes.push(self.text(n, li).text.to_string());
            }
        }
        let belongs = m
            .places
            .iter()
            .map(|(ri, ai, _)| match ai {
                Some(ai) => format!(
                    "{}, {}",
                    self.region_name(*ri, li).text,
                    self.text(&site.regions[*ri].areas[*ai].name, li)
                        .text
                        .to_lowercase_first()
                ),
                None => self.region_name(*ri, li).text.to_string(),
            })
            .collect();
        MunicipalityItem {
            name: self.text(&m.name, li),
            url: site.url(&site.municipality_path(mi, li)),
            code: m.code.as_deref(),
            note: (!notes.is_empty()).then(|| notes.join("; ")),
            belongs,
        }
    }

    /// A region's contacts; for a service, only the channels its notes pick; for a
    /// municipality, only its own area.
    fn region_contacts(
        &self,
        ri: usize,
        service: Option<usize>,
        li: usize,
        only_area: Option<usize>,
        shown: Shown,
    ) -> RegionContacts<'a> {
        let site = self.site;
        let r = &site.regions[ri];
        let rs = service.and_then(|si| r.services.get(&si));
        let picked = rs.and_then(|rs| rs.channels.as_ref());
        let keep =
            |c: &Channel| picked.is_none_or(|ids| c.id.as_ref().is_some_and(|id| ids.contains(id)));
        // On paper the contact data itself counts; longer descriptions stay on the web page.
        let brief = shown == Shown::Leaflet;
        // A booklet shows a region's block once per service: ids would repeat.
        let anchored = shown != Shown::Booklet;
        let areas = r
            .areas
            .iter()
            .enumerate()
            .filter(|(ai, _)| only_area.is_none_or(|o| o == *ai))
            .map(|(ai, a)| AreaRef {
                anchor: if anchored {
                    area_anchor(&r.id, &a.id)
                } else {
                    String::new()
                },
                name: self.text(&a.name, li),
                html: placeholder(self.areas[&(ri, ai, li, shown)]),
                channels: a
                    .channels
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| keep(c))
                    .map(|(ci, c)| self.channel_ref(c, (ri, Some(ai), ci, li, brief)))
                    .collect(),
            })
            // Where a service picks channels, an area with none of them says nothing useful.
            .filter(|a| picked.is_none() || !a.channels.is_empty())
            .collect();
        RegionContacts {
            anchor: if anchored {
                region_anchor(&r.id)
            } else {
                String::new()
            },
            name: self.text(&r.name, li),
            url: site.url(&site.region_path(ri, li)),
            website: r.website.as_deref(),
            notes_html: service.and_then(|si| {
                // Sorted by service: a region has notes for hundreds of them.
                let notes = &self.snippets[li].notes[ri];
                let at = notes.binary_search_by_key(&si, |(s, _)| *s).ok()?;
                Some(notes[at].1.clone())
            }),
            channels: r
                .channels
                .iter()
                .enumerate()
                .filter(|(_, c)| keep(c))
                .map(|(ci, c)| self.channel_ref(c, (ri, None, ci, li, brief)))
                .collect(),
            areas,
            colophon: rs.and_then(|rs| rs.colophon.as_ref()).map(|c| Colophon {
                photos: c.photos.as_ref().map(|x| self.text(x, li)),
                layout: c.layout.as_ref().map(|x| self.text(x, li)),
                printer: c.printer.as_ref().map(|x| self.text(x, li)),
                year: c.year.as_ref().map(|x| self.text(x, li)),
            }),
        }
    }

    /// An area's introduction as a fragment (see `fragments.rs`).
    fn area_fragment(
        &self,
        ri: usize,
        ai: usize,
        li: usize,
        how: Shown,
    ) -> Result<Fragment, Diagnostic> {
        let r = &self.site.regions[ri];
        let a = &r.areas[ai];
        let view = AreaView {
            anchor: if how == Shown::Booklet {
                String::new()
            } else {
                area_anchor(&r.id, &a.id)
            },
            name: self.text(&a.name, li),
            description_html: if how == Shown::Leaflet {
                None
            } else {
                self.snippets[li].area_description[ri][ai].clone()
            },
            municipalities: a
                .municipalities
                .iter()
                .map(|m| self.municipality_links[li][m.finder].clone())
                .collect(),
        };
        let mut ctx = Data::default();
        ctx.insert("a", view);
        ctx.strings(self.strings(li));
        ctx.insert("level", if how == Shown::RegionPage { 3 } else { 4 });
        self.fragment("area.html", ctx)
    }

    fn channel_ref(&self, c: &Channel, key: ChannelKey) -> ChannelRef {
        ChannelRef {
            kind: kind_name(c.kind),
            html: placeholder(self.channels[&key]),
        }
    }

    fn channel(&self, c: &'a Channel, li: usize) -> ChannelView<'a> {
        let t = self.strings(li);
        let days = t.list("days_short");
        let style = hours::Style {
            days: &days,
            pattern: t.text("hours_pattern"),
        };
        let months = t.list("months");
        let date =
            |d: &model::date::Date| d.format(t.text("date_full"), t.text("date_month"), &months);
        let line = |l: &'a Localized| {
            let t = self.text(l, li);
            Line {
                text: t.text.to_string(),
                lang: t.lang,
            }
        };
        let mut address: Vec<Line> = c.lines.iter().map(line).collect();
        address.extend(c.street.as_ref().map(line));
        if let (Some(code), Some(city)) = (&c.postal_code, &c.city) {
            let city = self.text(city, li);
            address.push(Line {
                text: format!("{code} {}", city.text),
                lang: city.lang,
            });
        }
        let validity = match (&c.valid_from, &c.valid_until) {
            (None, None) => None,
            (from, until) => Some(
                t.text("valid_period")
                    .replace("{from}", &from.as_ref().map(date).unwrap_or_default())
                    .replace("{until}", &until.as_ref().map(date).unwrap_or_default())
                    .trim_matches([' ', '–'])
                    .to_string(),
            ),
        };
        let exceptions = c
            .exceptions
            .iter()
            .map(|e| {
                let when = match e.hours {
                    None => t.text("closed").to_string(),
                    Some((o, cl)) => format!("{o}–{cl}"),
                };
                let note = e
                    .note
                    .as_ref()
                    .map(|n| format!(" ({})", self.text(n, li).text))
                    .unwrap_or_default();
                format!("{}: {when}{note}", date(&e.date))
            })
            .collect();
        ChannelView {
            kind: kind_name(c.kind),
            name: c.name.as_ref().map(|n| self.text(n, li)),
            description_html: c.description.as_ref().map(|d| {
                let cx = markdown::Context {
                    site: self.site,
                    lang: li,
                    file: Path::new(""),
                    assets: &[],
                };
                minify_str(
                    &markdown::render(
                        d.get(&self.site.languages[li].code, self.site.default_lang())
                            .0,
                        0,
                        &cx,
                    )
                    .html,
                )
            }),
            phone: c.phone.as_ref().map(phone_view),
            email: c.email.as_deref(),
            url: c.url.as_deref(),
            address,
            hours: c.hours.iter().map(|o| hours::format(o, &style)).collect(),
            validity,
            exceptions,
        }
    }
}

trait LowerFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowerFirst for str {
    /// "Pohjois-Savo, pohjoinen alue": an area name reads as a common noun after the region.
    fn to_lowercase_first(&self) -> String {
        let mut c = self.chars();
        match c.next() {
            Some(f) => f.to_lowercase().chain(c).collect(),
            None => String::new(),
        }
    }
}

fn minify(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_html_and_head_opening_tags: true,
        minify_css: false,
        ..minify_html::Cfg::new()
    };
    let mut out = minify_html::minify(html, &cfg);
    // The minifier allocates for the input's size; fragments are kept for the whole build.
    out.shrink_to_fit();
    out
}

/// Markdown from region files, minified like bodies are (templates have no whitespace to lose).
fn minify_str(html: &str) -> String {
    String::from_utf8(minify(html.as_bytes()))
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn paper_name(p: crate::parse::raw::Paper) -> &'static str {
    match p {
        crate::parse::raw::Paper::A4 => "A4",
        crate::parse::raw::Paper::A5 => "A5",
    }
}

/// The QR code for a printed page's web address, as SVG: sharp at any print size. One path of
/// horizontal runs keeps it small (the qrcode crate's own SVG writes every module).
fn qr_svg(url: &str) -> Vec<u8> {
    use std::fmt::Write as _;
    let Some((width, colors)) = qr_modules(url) else {
        // Only an address longer than a QR code holds fails; the address is printed anyway.
        return b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>".to_vec();
    };
    const QUIET: usize = 4;
    let size = width + 2 * QUIET;
    let mut path = String::with_capacity(width * width / 2);
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if colors[y * width + x] == qrcode::Color::Dark {
                let start = x;
                while x < width && colors[y * width + x] == qrcode::Color::Dark {
                    x += 1;
                }
                // Writing into a String cannot fail.
                let _ = write!(
                    path,
                    "M{} {}h{}v1h-{}z",
                    start + QUIET,
                    y + QUIET,
                    x - start,
                    x - start
                );
            } else {
                x += 1;
            }
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{px}\" height=\"{px}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>",
        px = size * 6
    )
    .into_bytes()
}

/// A QR code's modules, row by row. The mask is fixed: choosing the "best" of eight masks
/// by penalty score took a fifth of a whole build, and any mask reads; the print tests decode
/// every code back.
fn qr_modules(url: &str) -> Option<(usize, Vec<qrcode::Color>)> {
    use qrcode::{EcLevel, bits, canvas, ec};
    let bits = bits::encode_auto(url.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let (data, ecc) = ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut c = canvas::Canvas::new(version, EcLevel::M);
    c.draw_all_functional_patterns();
    c.draw_data(&data, &ecc);
    c.apply_mask(canvas::MaskPattern::Checkerboard);
    Some((version.width().try_into().ok()?, c.into_colors()))
}

/// In a booklet each service's title is an h2, so its body's headings move one level down,
/// and its ids (and links to them) get the service's id in front, to stay unique.
fn for_booklet(html: &str, service: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 256);
    let mut copied = 0;
    // One pass: every `<` may open or close a heading, every `=` may start an id or a link to
    // one. All the patterns start or end with ASCII, so the cuts fall between characters.
    for i in memchr::memchr2_iter(b'<', b'=', b) {
        let heading = |at: usize| match b.get(at) {
            Some(d @ b'2'..=b'5') => Some(d + 1),
            _ => None,
        };
        let (skip, text): (usize, String) = if b[i] == b'<' {
            if b.get(i + 1) == Some(&b'h')
                && let Some(d) = heading(i + 2)
            {
                (3, format!("<h{}", d as char))
            } else if b[i..].starts_with(b"</h")
                && let Some(d) = heading(i + 3)
                && b.get(i + 4) == Some(&b'>')
            {
                (5, format!("</h{}>", d as char))
            } else {
                continue;
            }
        } else if b[..i].ends_with(b" id") && b.get(i + 1) == Some(&b'"') {
            (2, format!("=\"{service}-"))
        } else if b[..i].ends_with(b"href") && b[i + 1..].starts_with(b"\"#") {
            (3, format!("=\"#{service}-"))
        } else {
            continue;
        };
        out.push_str(&html[copied..i]);
        out.push_str(&text);
        copied = i + skip;
    }
    out.push_str(&html[copied..]);
    out
}

fn phone_view(p: &model::phone::Phone) -> PhoneView<'_> {
    PhoneView {
        display: &p.display,
        href: format!("tel:{}", p.e164),
    }
}

fn kind_name(k: ChannelKind) -> &'static str {
    match k {
        ChannelKind::Phone => "phone",
        ChannelKind::Email => "email",
        ChannelKind::Web => "web",
        ChannelKind::Eservice => "eservice",
        ChannelKind::Form => "form",
        ChannelKind::Location => "location",
        ChannelKind::Postal => "postal",
    }
}

fn area_anchor(region: &str, area: &str) -> String {
    format!("{}-{area}", region_anchor(region))
}

pub fn region_anchor(id: &str) -> String {
    format!("region-{id}")
}

/// Every translated page with its language versions, for search engines.
fn sitemap(site: &Site) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let n = site.languages.len();
    let mut groups: Vec<Vec<Option<String>>> = Vec::new();
    groups.push((0..n).map(|li| Some(site.home_path(li))).collect());
    groups.push((0..n).map(|li| Some(site.regions_path(li))).collect());
    groups.push(
        (0..n)
            .map(|li| Some(site.municipalities_path(li)))
            .collect(),
    );
    if site.accessibility.is_some() {
        groups.push((0..n).map(|li| Some(site.accessibility_path(li))).collect());
    }
    for (si, s) in site.services.iter().enumerate() {
        groups.push(
            (0..n)
                .map(|li| {
                    s.translations[li]
                        .as_ref()
                        .map(|_| site.service_path(si, li))
                })
                .collect(),
        );
    }
    for (pi, p) in site.pages.iter().enumerate() {
        groups.push(
            (0..n)
                .map(|li| p.translations[li].as_ref().map(|_| site.page_path(pi, li)))
                .collect(),
        );
    }
    for ri in 0..site.regions.len() {
        groups.push((0..n).map(|li| Some(site.region_path(ri, li))).collect());
    }
    for mi in 0..site.municipalities.len() {
        groups.push(
            (0..n)
                .map(|li| Some(site.municipality_path(mi, li)))
                .collect(),
        );
    }
    for group in groups {
        for path in group.iter().flatten() {
            out.push_str("<url><loc>");
            out.push_str(&xml_escape(&site.absolute_url(path)));
            out.push_str("</loc>");
            for (lj, alt) in group.iter().enumerate() {
                if let Some(alt) = alt {
                    out.push_str(&format!(
                        "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                        site.languages[lj].code,
                        xml_escape(&site.absolute_url(alt))
                    ));
                }
            }
            out.push_str("</url>\n");
        }
    }
    out.push_str("</urlset>\n");
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booklet_bodies_move_headings_down_and_prefix_ids() {
        let html = "<h2 id=\"ohje\">Ohje</h2><p><a href=\"#ohje\">ks.</a> <a href=\"https://x.fi/#a\">x</a></p>\
            <h5>Pieni</h5><h6>Pienin</h6><header data-id=\"x\">a = b</header><h1>Otsikko</h1>";
        assert_eq!(
            for_booklet(html, "kotipalvelu"),
            "<h3 id=\"kotipalvelu-ohje\">Ohje</h3><p><a href=\"#kotipalvelu-ohje\">ks.</a> \
             <a href=\"https://x.fi/#a\">x</a></p><h6>Pieni</h6><h6>Pienin</h6>\
             <header data-id=\"x\">a = b</header><h1>Otsikko</h1>"
        );
    }

    #[test]
    fn escaping_covers_what_html_needs_and_leaves_slashes() {
        assert_eq!(
            escape_html(r#"<a href="/x?a=1&b='2'">"#),
            "&lt;a href=&quot;/x?a=1&amp;b=&#x27;2&#x27;&quot;&gt;"
        );
        assert_eq!(escape_html("Kuopio / Siilinjärvi"), "Kuopio / Siilinjärvi");
    }
}
