//! esite: a static site generator for multilingual public-service brochures.
//!
//! The pipeline: [`load`] reads the site folder, [`parse`] reads front matter and region YAML,
//! [`model`] resolves them into one site, [`render`] makes every file in memory, and [`write`]
//! swaps them into the output folder atomically. Only `load`, `theme` and `write` touch the disk.

pub mod diag;
pub mod load;
pub mod model;
pub mod parse;
pub mod pdf;
pub mod render;
pub mod serve;
pub mod theme;
pub mod write;

use diag::Diagnostic;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder: the one holding content/.
    pub site: PathBuf,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// The preview server's reload script, injected into every page.
    pub reload_script: Option<String>,
    /// Print pages link to their PDFs (made by `esite pdf`).
    pub pdf: bool,
}

/// What a run of the pipeline produced: files (empty on errors) and every diagnostic.
pub struct Outcome {
    pub files: Vec<render::OutputFile>,
    pub diagnostics: Vec<Diagnostic>,
    /// Pages (HTML files) per language code.
    pub pages: Vec<(String, usize)>,
    pub checked_files: usize,
    pub elapsed: Duration,
    /// Print pages (folder, PDF file name), for `esite pdf`.
    pub print_pages: Vec<(String, String)>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Runs load → parse → model → render, all in memory. `check` and `build` share it.
pub fn run(options: &BuildOptions) -> Outcome {
    let started = Instant::now();
    let (sources, mut diagnostics) = load::load(&options.site);
    let checked_files = sources.site.iter().count()
        + sources.regions.len()
        + sources
            .services
            .iter()
            .map(|b| b.documents.len())
            .sum::<usize>()
        + sources
            .pages
            .iter()
            .map(|b| b.documents.len())
            .sum::<usize>();
    let (mut parsed, parse_diags) = parse::parse(sources);
    diagnostics.extend(parse_diags);
    let mut outcome = Outcome {
        files: Vec::new(),
        diagnostics: Vec::new(),
        pages: Vec::new(),
        checked_files,
        elapsed: Duration::ZERO,
        print_pages: Vec::new(),
    };

    let (languages, theme_name) = match &parsed.site {
        Some((_, raw)) => (
            raw.languages
                .iter()
                .map(|l| l.code.clone())
                .collect::<Vec<_>>(),
            raw.theme.clone().unwrap_or_else(|| "default".into()),
        ),
        None => {
            diag::sort(&mut diagnostics);
            outcome.diagnostics = diagnostics;
            outcome.elapsed = started.elapsed();
            return outcome;
        }
    };
    if let Some(url) = &options.base_url
        && let Some((_, raw)) = parsed.site.as_mut()
    {
        raw.base_url = url.clone();
    }
    let theme = match theme::load(
        &options.site,
        &parsed.themes_dir.clone(),
        &theme_name,
        &languages,
    ) {
        Ok(t) => t,
        Err(d) => {
            diagnostics.extend(d);
            diag::sort(&mut diagnostics);
            outcome.diagnostics = diagnostics;
            outcome.elapsed = started.elapsed();
            return outcome;
        }
    };
    let site = model::resolve(parsed, &theme, &mut diagnostics);
    if let Some(site) = &site
        && !diagnostics.iter().any(Diagnostic::is_error)
    {
        let render_options = render::Options {
            reload_script: options.reload_script.as_deref(),
            pdf: options.pdf,
        };
        outcome.print_pages = site.print_pages();
        let (files, render_diags) = render::render(site, &theme, render_options);
        diagnostics.extend(render_diags);
        outcome.pages = site
            .languages
            .iter()
            .map(|l| {
                let prefix = format!("{}/", l.code);
                (
                    l.code.clone(),
                    files
                        .iter()
                        .filter(|f| f.path.starts_with(&prefix) && f.path.ends_with(".html"))
                        .count(),
                )
            })
            .collect();
        outcome.files = files;
    }
    diag::sort(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        outcome.files.clear();
    }
    outcome.diagnostics = diagnostics;
    outcome.elapsed = started.elapsed();
    outcome
}

/// Builds and writes the site to `output`; with `chromium`, also the PDFs of the print pages.
/// On any error, `output` is left untouched.
pub fn build(options: &BuildOptions, output: &Path, chromium: Option<&Path>) -> Outcome {
    let mut outcome = run(options);
    if let Some(chromium) = chromium
        && !outcome.has_errors()
    {
        let jobs: Vec<pdf::Job> = outcome
            .print_pages
            .iter()
            .map(|(dir, name)| pdf::Job {
                dir: dir.clone(),
                file_name: name.clone(),
            })
            .collect();
        match pdf::print(&outcome.files, &options.site, chromium, &jobs) {
            Ok(pdfs) => outcome.files.extend(pdfs),
            Err(d) => outcome.diagnostics.push(d),
        }
    }
    if !outcome.has_errors() {
        if let Err(d) = write::write(&options.site, output, &outcome.files) {
            outcome.diagnostics.push(d);
        }
        outcome.elapsed = outcome.elapsed.max(Duration::ZERO);
    }
    outcome
}
