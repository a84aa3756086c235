//! The translation status the preview shows at `/__esite/status`: every service and free page
//! by language (written, not translated, out of date and what changed), and every file's
//! errors and warnings with the page it makes. Built from the `Site` and the diagnostics of
//! one run; the preview keeps the latest one, failed runs' too.

use crate::diag::Diagnostic;
use crate::model::{self, Site, Staleness, Translated};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Service,
    Page,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Written,
    /// No file in this language: the site shows a "not yet translated" page there.
    Missing,
    /// The default-language text changed since the translation was made: what changed, in
    /// words ("the title", "the section 'Mitä perhetyö on?'").
    Stale(Vec<String>),
    /// The file is there but has errors, so the site cannot use it.
    Broken,
}

/// One language of a service or free page.
#[derive(Debug, Clone)]
pub struct Version {
    pub language: String,
    pub state: State,
    /// The page's URL path from the site's root (`/en/services/family-work/`); where the text
    /// is missing, the page that says so.
    pub path: String,
    /// The file that holds (or would hold) this language's text, relative to the site folder.
    pub file: PathBuf,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub kind: Kind,
    /// The title in the default language.
    pub title: String,
    /// Indexed like `Status::languages`.
    pub versions: Vec<Version>,
}

/// A file's errors and warnings, with the page it makes, if one page is its.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub file: PathBuf,
    pub page: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Default)]
pub struct Status {
    /// The site's languages, the default one first; empty when the site could not be read.
    pub languages: Vec<Language>,
    pub documents: Vec<Document>,
    /// Every file with a diagnostic, in the order the diagnostics are sorted (by file).
    pub files: Vec<FileReport>,
    /// The run had errors: the preview serves the last pages that built.
    pub failed: bool,
    /// Where a file's diagnostics go: its document and language, for `Broken`.
    versions: HashMap<PathBuf, (usize, usize)>,
    /// The page each file makes, for files no document owns (site.yaml, regions).
    pages: HashMap<PathBuf, String>,
    /// Index in `files`: ten thousand warnings must not each search the list.
    reported: HashMap<PathBuf, usize>,
}

impl Status {
    /// The status of a run: `site` is `None` when the run stopped before the site was
    /// resolved (then only the diagnostics say anything).
    pub fn new(site: Option<&Site>, diagnostics: &[Diagnostic]) -> Status {
        let mut status = site.map(outline).unwrap_or_default();
        for d in diagnostics {
            status.add(d.clone());
        }
        status
    }

    /// Files one more diagnostic under its file (the preview's own, found after the run).
    pub fn add(&mut self, d: Diagnostic) {
        let version = self.versions.get(&d.file).copied();
        if d.is_error() {
            self.failed = true;
            if let Some((di, li)) = version {
                let v = &mut self.documents[di].versions[li];
                if v.state == State::Missing {
                    v.state = State::Broken;
                }
            }
        }
        if let Some(&i) = self.reported.get(&d.file) {
            self.files[i].diagnostics.push(d);
            return;
        }
        let page = match version {
            Some((di, li)) => Some(self.documents[di].versions[li].path.clone()),
            None => self.pages.get(&d.file).cloned(),
        };
        self.reported.insert(d.file.clone(), self.files.len());
        self.files.push(FileReport {
            file: d.file.clone(),
            page,
            diagnostics: vec![d],
        });
    }

    /// A file's report and its index in `files`, if the file has diagnostics.
    pub fn report(&self, file: &Path) -> Option<(usize, &FileReport)> {
        self.reported.get(file).map(|&i| (i, &self.files[i]))
    }

    /// Per language, how many services and free pages are in each state: written (stale
    /// ones included, as `check`'s summary counts them), missing, stale, broken.
    pub fn counts(&self, language: usize) -> [usize; 4] {
        let mut counts = [0; 4];
        for v in self
            .documents
            .iter()
            .filter_map(|d| d.versions.get(language))
        {
            match v.state {
                State::Written => counts[0] += 1,
                State::Missing => counts[1] += 1,
                State::Stale(_) => {
                    counts[0] += 1;
                    counts[2] += 1;
                }
                State::Broken => counts[3] += 1,
            }
        }
        counts
    }
}

/// The documents and their languages, without diagnostics.
fn outline(site: &Site) -> Status {
    let mut status = Status {
        languages: site
            .languages
            .iter()
            .map(|l| Language {
                code: l.code.clone(),
                name: l.name.clone(),
            })
            .collect(),
        ..Status::default()
    };
    let url = |rel: String| format!("{}{rel}", site.base_path);
    for (si, s) in site.services.iter().enumerate() {
        // Only services' translations record what they were made from (as in `check`).
        let stale = model::staleness(&s.translations);
        let versions = (0..site.languages.len())
            .map(|li| (url(site.service_path(si, li)), stale[li].clone()))
            .collect();
        status.push(site, s, Kind::Service, versions);
    }
    for (pi, p) in site.pages.iter().enumerate() {
        let versions = (0..site.languages.len())
            .map(|li| (url(site.page_path(pi, li)), Staleness::NotRecorded))
            .collect();
        status.push(site, p, Kind::Page, versions);
    }
    if !site.languages.is_empty() {
        status
            .pages
            .insert("content/site.yaml".into(), url(site.home_path(0)));
        for (ri, r) in site.regions.iter().enumerate() {
            status
                .pages
                .insert(r.file.clone(), url(site.region_path(ri, 0)));
        }
    }
    status
}

impl Status {
    /// Adds a service or free page: per language its URL path and how it compares with the
    /// default-language text.
    fn push(
        &mut self,
        site: &Site,
        doc: &(impl Translated + Folder),
        kind: Kind,
        versions: Vec<(String, Staleness)>,
    ) {
        let di = self.documents.len();
        let versions: Vec<Version> = versions
            .into_iter()
            .enumerate()
            .map(|(li, (path, stale))| {
                let t = doc.translations()[li].as_ref();
                let file = t.map_or_else(
                    || doc.folder().join(format!("{}.md", site.languages[li].code)),
                    |t| t.source.path.clone(),
                );
                self.versions.insert(file.clone(), (di, li));
                let state = match (t, stale) {
                    (None, _) => State::Missing,
                    (Some(_), Staleness::Changed(changes)) => State::Stale(changes),
                    (Some(_), _) => State::Written,
                };
                Version {
                    language: site.languages[li].code.clone(),
                    state,
                    path,
                    file,
                }
            })
            .collect();
        // What the folder itself is told (a language missing) is about the service's page.
        if let Some(first) = versions.first() {
            self.pages
                .insert(doc.folder().to_path_buf(), first.path.clone());
        }
        let title = doc.original().1.title.clone();
        self.documents.push(Document {
            id: doc.id().to_string(),
            kind,
            title,
            versions,
        });
    }
}

/// The folder a service's or free page's files are in.
trait Folder {
    fn folder(&self) -> &Path;
}

impl Folder for model::Service {
    fn folder(&self) -> &Path {
        &self.dir
    }
}

impl Folder for model::FreePage {
    fn folder(&self) -> &Path {
        &self.dir
    }
}
