//! The fourth stage: the site model becomes output files in memory. Templates are compiled
//! once, their indentation removed (`compact`); Markdown is rendered and minified once per
//! document; pages render in parallel.
//!
//! This module is the driver: it plans the jobs (`jobs`), makes the shared fragments
//! (`fragments`) and runs every page job in parallel. Each page kind is a module of `pages/`.

mod asset_urls;
mod bodies;
mod call_box;
mod cancel;
mod common;
mod compact;
mod contacts;
mod data;
mod engine;
mod fragments;
mod front;
mod html;
mod identity;
mod jobs;
mod jsonld;
pub mod markdown;
pub mod memo;
mod notes;
mod pages;
mod passages;
mod print_urls;
mod qr;
mod search_index;
mod splice;
mod templates;
pub mod views;

pub use cancel::Cancel;

pub use contacts::region_anchor;

use crate::diag::Diagnostic;
use crate::model::Site;
use crate::theme::Theme;
use bodies::{Bodies, Snippets, render_all_bodies};
use contacts::{AreaKey, ChannelKey, ContactsKey};
use jobs::{Job, file_of, slug_of};
use rayon::prelude::*;
use splice::Part;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tera::Tera;
use views::MunicipalityLink;

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
    /// The preview: stop early when a newer save comes in.
    pub cancel: Option<&'a Cancel>,
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

/// Renders the site, handing every file to `emit`; returns the problems found. The steps
/// stay in one function because their order is the point: the preview's open pages, then the
/// shared fragments, booklets before the other pages, and the files that are not pages.
pub fn render(site: &Site, theme: &Theme, options: Options, emit: &Emit) -> Vec<Diagnostic> {
    let mut laps = crate::timing::Laps::start();
    let mut diags = Vec::new();
    let templates_hash = templates::hash(theme);
    let compiled = match options.memo {
        Some(memo) => memo.templates(templates_hash, || templates::compile(theme)),
        None => templates::compile(theme).map(Arc::new),
    };
    let tera = match compiled {
        Ok(t) => t,
        Err(d) => return vec![d],
    };
    laps.lap("templates");
    let (mut files, css_url) = static_files(site, theme);
    let logo = identity::logo_file(site);
    let logo_url = logo.as_ref().map(|(_, url)| url.clone());
    files.extend(logo.map(|(file, _)| file));

    // In the preview, the pages open tabs show are made first, with only the shared fragments
    // and Markdown bodies they show; everything else after they are out.
    let (mut jobs, first_jobs, first_scope) = match options.first {
        Some(first) => {
            let (now, later) = split_first(site, jobs::jobs(site), first);
            let scope = fragments::Scope::of(site, &now);
            (later, now, Some(scope))
        }
        None => (jobs::jobs(site), Vec::new(), None),
    };
    let scope = match &first_scope {
        Some(first) => first.rest(),
        None => fragments::Scope::all(site),
    };
    laps.lap("jobs");

    // In the preview, Markdown is rendered again only when its text, its place or what links
    // resolve to changed.
    let words: Vec<notes::Words> = site
        .languages
        .iter()
        .map(|l| notes::Words::of(theme, &l.code))
        .collect();
    let remembered = options.memo.map(|m| (m, bodies_digest(site, &words)));
    let (bodies, page_bodies) = render_all_bodies(
        site,
        &words,
        first_scope.as_ref().unwrap_or(&scope),
        remembered,
        &mut diags,
    );
    laps.lap("markdown");
    let snippets: Vec<Snippets> = (0..site.languages.len())
        .into_par_iter()
        .map(|li| Snippets::new(site, li, &words[li], remembered))
        .collect();
    for s in &snippets {
        diags.extend(s.diags.iter().cloned());
    }
    let mut r = Renderer::new(Made {
        site,
        words: &words,
        theme,
        templates_hash,
        tera: &tera,
        css_url: &css_url,
        logo_url: logo_url.as_deref(),
        bodies,
        page_bodies,
        snippets: &snippets,
        options,
    });
    laps.lap("snippets");
    let plan = r.plan();
    laps.lap("plan");
    r.json_ld = r.json_ld_parts();
    laps.lap("json-ld");
    let sender = Sender {
        emit,
        failed: AtomicBool::new(false),
        root_404: format!("{}/404.html", site.default_lang()),
        written: std::sync::Mutex::new(std::collections::HashSet::new()),
    };
    let root_404 = sender.root_404.clone();
    let send = |f: OutputFile| sender.send(f);
    let stop = || options.cancel.is_some_and(Cancel::stop_here);
    let run = |r: &Renderer, jobs: &[Job]| -> Vec<Diagnostic> {
        jobs.par_iter()
            .filter_map(|job| {
                if stop() {
                    return None;
                }
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
        let early = Early {
            first,
            jobs: first_jobs,
            statics: &files,
            root_404: &root_404,
        };
        if let Some(again) = r.make_first(early, &send, &mut diags) {
            // Made with a part missing (`Scope::of` left it out): made again with the rest.
            jobs.extend(again);
        }
        laps.lap("open pages");
        if stop() {
            return diags;
        }
        // Then the Markdown the open pages did not show.
        (r.bodies, r.page_bodies) = render_all_bodies(site, &words, &scope, remembered, &mut diags);
        laps.lap("markdown");
    }
    if stop() {
        return diags;
    }
    if let Err(d) = r.make(&plan, &scope) {
        return vec![d];
    }
    laps.lap("fragments");
    // The largest pages first (a booklet holds a whole region's services), so that no core is
    // left with one of them at the end while the other waits.
    jobs.sort_by_key(|j| !matches!(j, Job::Booklet(..) | Job::Region(..) | Job::Search(..)));
    diags.extend(run(&r, &jobs));
    laps.lap("pages");
    files.extend(site_files(site));
    for f in files {
        if let Err(d) = send(f) {
            diags.push(d);
        }
    }
    diags
}

/// Hands each finished file to `emit`: with the root copy of the default language's 404
/// page, and never two files at one address.
struct Sender<'e> {
    emit: &'e Emit<'e>,
    /// Set by the first file that cannot be written (a full disk): no more are made.
    failed: AtomicBool,
    root_404: String,
    /// Every address written so far. The model keeps every page and file at an address of
    /// its own; should two ever meet, the build stops rather than let one silently replace
    /// the other.
    written: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl Sender<'_> {
    fn send(&self, f: OutputFile) -> Result<(), Diagnostic> {
        if self.failed.load(Ordering::Relaxed) {
            return Ok(());
        }
        let first = self
            .written
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(f.path.clone());
        if !first {
            return Err(Diagnostic::error(
            PathBuf::from(&f.path),
            "two files of the site would be written to this address, and one would replace the other",
        )
        .hint(match &f.copy_from {
            Some(source) => format!("rename {} or the page that has the same address", source.display()),
            None => "give one of the two pages another URL name ('slug'); if they are not yours to name, please report this as a bug in esite".to_string(),
        }));
        }
        if f.path == self.root_404 {
            // Hosts serve /404.html for every missing path; it must not depend on relative
            // links.
            (self.emit)(OutputFile {
                path: "404.html".into(),
                bytes: f.bytes.clone(),
                copy_from: None,
            })?;
        }
        (self.emit)(f).inspect_err(|_| self.failed.store(true, Ordering::Relaxed))
    }
}

/// What rendered Markdown depends on besides its own text: what links resolve to, and the
/// words of its footnote and section lists. The preview remembers bodies under it.
fn bodies_digest(site: &Site, words: &[notes::Words]) -> [u8; 16] {
    let mut h = blake3::Hasher::new();
    h.update(&markdown::site_digest(site));
    for w in words {
        for s in [&w.footnotes, &w.back, &w.contents] {
            h.update(&(s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
    }
    let mut out = [0; 16];
    out.copy_from_slice(&h.finalize().as_bytes()[..16]);
    out
}

/// The theme's static files under content-hashed names (they can be cached for ever), and
/// the stylesheet's address.
fn static_files(site: &Site, theme: &Theme) -> (Vec<OutputFile>, String) {
    let mut files = Vec::new();
    let mut css_url = String::new();
    for f in &theme.static_files {
        let hashed = static_path(&f.name, &f.bytes);
        if f.name == "static/style.css" {
            css_url = site.url(&hashed);
        }
        files.push(OutputFile {
            path: hashed,
            bytes: Arc::new(f.bytes.clone()),
            copy_from: None,
        });
    }
    (files, css_url)
}

/// Where a theme's static file goes: its name with a hash of its bytes.
fn static_path(name: &str, bytes: &[u8]) -> String {
    let name = name.trim_start_matches("static/");
    let hash = blake3::hash(bytes).to_hex();
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("assets/{stem}.{}.{ext}", &hash[..10]),
        None => format!("assets/{name}.{}", &hash[..10]),
    }
}

/// The jobs of the pages the preview's open tabs show, and the rest.
fn split_first(site: &Site, jobs: Vec<Job>, first: &First) -> (Vec<Job>, Vec<Job>) {
    let wanted: std::collections::HashSet<&str> = first.files.iter().map(String::as_str).collect();
    let root_wanted = wanted.contains("404.html");
    // A job's path is made only where its slug is in a wanted path: making all of them took
    // longer than the open pages.
    let segments: std::collections::HashSet<&str> =
        first.files.iter().flat_map(|f| f.split('/')).collect();
    jobs.into_iter().partition(|j| {
        (root_wanted && matches!(j, Job::NotFound(0)))
            || slug_of(site, j).is_none_or(|slug| segments.contains(slug))
                && wanted.contains(file_of(site, j).as_str())
    })
}

/// The files that are not pages: sitemap, robots.txt, and the images and files beside the
/// Markdown, which go beside the page in every language it has.
fn site_files(site: &Site) -> Vec<OutputFile> {
    let mut files = vec![
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: Arc::new(pages::sitemap::sitemap(site).into_bytes()),
            copy_from: None,
        },
        OutputFile {
            path: "robots.txt".into(),
            bytes: Arc::new(
                format!(
                    "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                    site.absolute_url("sitemap.xml")
                )
                .into_bytes(),
            ),
            copy_from: None,
        },
    ];
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
    files
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

/// The preview's open pages, to be made before the rest.
struct Early<'f> {
    first: &'f First,
    jobs: Vec<Job>,
    /// The theme's static files, handed over with the pages.
    statics: &'f [OutputFile],
    root_404: &'f str,
}

/// What a renderer is made from.
struct Made<'a> {
    site: &'a Site,
    words: &'a [notes::Words],
    theme: &'a Theme,
    templates_hash: [u8; 32],
    tera: &'a Tera,
    css_url: &'a str,
    logo_url: Option<&'a str>,
    bodies: Bodies,
    page_bodies: Bodies,
    snippets: &'a [Snippets],
    options: Options<'a>,
}

/// Everything pages are made from: the site, the compiled theme and the shared fragments.
struct Renderer<'a> {
    site: &'a Site,
    /// Per language: the words of footnote lists and section lists in Markdown.
    words: &'a [notes::Words],
    theme: &'a Theme,
    /// Of every template: a remembered page is only reused with the same templates.
    templates_hash: [u8; 32],
    tera: &'a Tera,
    css_url: &'a str,
    /// The published logo's address, if the site has a logo.
    logo_url: Option<&'a str>,
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
    /// [page][language] → index into `fragments`.
    page_body_fragments: Vec<Vec<Option<usize>>>,
    /// (service, language, region) → index into `fragments` of the body a region's leaflet
    /// shows, for texts with region passages only.
    regional_body_fragments: HashMap<(usize, usize, usize), usize>,
    /// HTML shared by many pages, spliced in after each page is rendered. A
    /// fragment can hold markers of earlier ones (a contact block its channels); those stay
    /// markers until a page is spliced, so each part is held once.
    fragments: Vec<Part>,
    /// Markers in a fragment being made stand for fragments below this id: while a stage is
    /// made, its first id; then every shared fragment.
    limit: usize,
    /// Set when a page showed a fragment not made yet (see `fragments.rs`).
    unmade_shown: std::sync::atomic::AtomicBool,
    /// The structured data's shared nodes.
    json_ld: jsonld::Parts,
}

/// A shared fragment's bytes and its memo key (0 outside the preview).
type Fragment = (Arc<Vec<u8>>, memo::Key);

impl<'a> Renderer<'a> {
    fn new(m: Made<'a>) -> Renderer<'a> {
        let mut r = Renderer {
            site: m.site,
            words: m.words,
            theme: m.theme,
            templates_hash: m.templates_hash,
            tera: m.tera,
            css_url: m.css_url,
            logo_url: m.logo_url,
            bodies: m.bodies,
            page_bodies: m.page_bodies,
            snippets: m.snippets,
            options: m.options,
            places: Vec::new(),
            channels: HashMap::new(),
            areas: HashMap::new(),
            lists: HashMap::new(),
            contacts: HashMap::new(),
            municipality_links: Vec::new(),
            body_fragments: Vec::new(),
            page_body_fragments: Vec::new(),
            regional_body_fragments: HashMap::new(),
            fragments: Vec::new(),
            limit: 0,
            unmade_shown: AtomicBool::new(false),
            json_ld: jsonld::Parts::default(),
        };
        let site = m.site;
        r.municipality_links = (0..site.languages.len())
            .map(|li| {
                (0..site.municipalities.len())
                    .map(|mi| {
                        let item = r.municipality_item(mi, li);
                        MunicipalityLink {
                            name: item.name,
                            url: item.url,
                            note: item.note,
                            note_html: item.note_html,
                        }
                    })
                    .collect()
            })
            .collect();
        r
    }

    /// Makes the open pages and hands them to the preview at once. Returns their jobs when
    /// one of them showed a shared part not made yet: they are then made again with the rest.
    fn make_first(
        &self,
        early: Early,
        send: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Vec<Job>> {
        let site = self.site;
        let made: Vec<Result<Vec<OutputFile>, Diagnostic>> =
            early.jobs.par_iter().map(|j| self.page(j)).collect();
        let mut pages = Vec::new();
        for m in made {
            match m {
                Ok(files) => pages.extend(files),
                Err(d) => diags.push(d),
            }
        }
        let complete = !self.unmade_shown.load(Ordering::Relaxed);
        if complete && diags.iter().all(|d| !d.is_error()) {
            let mut files: Vec<OutputFile> = early.statics.to_vec();
            files.extend(pages.iter().cloned());
            if let Some(f) = pages.iter().find(|f| f.path == early.root_404) {
                files.push(OutputFile {
                    path: "404.html".into(),
                    bytes: f.bytes.clone(),
                    copy_from: None,
                });
            }
            // The images beside their Markdown, so the reloaded pages show them at once.
            for job in &early.jobs {
                match *job {
                    Job::Service(si, li) => {
                        let s = &site.services[si];
                        files.extend(copy_assets(&s.dir, &s.assets, &site.service_path(si, li)));
                    }
                    Job::Page(pi, li) => {
                        let p = &site.pages[pi];
                        files.extend(copy_assets(&p.dir, &p.assets, &site.page_path(pi, li)));
                    }
                    _ => {}
                }
            }
            (early.first.done)(files);
        }
        if !complete {
            return Some(early.jobs);
        }
        for f in pages {
            if let Err(d) = send(f) {
                diags.push(d);
            }
        }
        None
    }
}
