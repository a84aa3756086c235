//! esite: a static site generator for multilingual public-service brochures.
//!
//! The pipeline: [`load`] reads the site folder, [`parse`] reads front matter and region YAML,
//! [`model`] resolves them into one site, [`render`] makes every file in memory, and [`write`](mod@write)
//! swaps them into the output folder atomically. Only `load`, `theme` and `write` touch the disk.

pub mod commands;
pub mod diag;
#[doc(hidden)]
pub mod fuzz;
pub mod load;
pub mod mime;
pub mod model;
pub mod parse;
pub mod pdf;
pub mod render;
pub mod serve;
pub mod theme;
pub mod timing;
pub mod write;

pub use commands::summary::LanguageSummary;
pub use commands::translated::mark_translated;
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
    /// Collect the external links (for `check`).
    pub list_links: bool,
    /// Add the plain-language hints (`check --hints`; the preview may ask for them too).
    /// Off for `build`, so a build stays quiet.
    pub hints: bool,
    /// The preview's memory of the previous build's pages (see `render::memo`).
    pub memo: Option<std::sync::Arc<render::memo::Memo>>,
    /// The preview: pages its open tabs show, made first and handed over at once.
    pub first: Option<render::First>,
    /// Make `Outcome::status` (the preview's translation status page shows it).
    pub status: bool,
    /// The preview: lets a newer save stop this build (`Outcome::cancelled`).
    pub cancel: Option<std::sync::Arc<render::Cancel>>,
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
    /// Per language: how much is written, missing and out of date.
    pub languages: Vec<LanguageSummary>,
    /// External web addresses with where they are written: (file, line, url).
    pub external_links: Vec<(PathBuf, usize, String)>,
    /// With `BuildOptions::status`, once the site is resolved: every document by language, and
    /// every file's diagnostics.
    pub status: Option<commands::status::Status>,
    /// A newer save stopped the build before it finished: it has no files to publish.
    pub cancelled: bool,
}

impl Outcome {
    /// Nothing made and nothing said yet.
    pub fn empty() -> Outcome {
        Outcome {
            files: Vec::new(),
            diagnostics: Vec::new(),
            pages: Vec::new(),
            checked_files: 0,
            elapsed: Duration::ZERO,
            print_pages: Vec::new(),
            languages: Vec::new(),
            external_links: Vec::new(),
            status: None,
            cancelled: false,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Runs load → parse → model → render, all in memory. `check` and `build` share it.
pub fn run(options: &BuildOptions) -> Outcome {
    let mut laps = timing::Laps::start();
    let (sources, diagnostics) = load::load(&options.site);
    laps.lap("load");
    run_sources(options, sources, diagnostics)
}

/// Like [`run`], but hands each file to `emit` as soon as it is made instead of keeping it
/// in `Outcome::files`.
pub fn run_into(options: &BuildOptions, emit: &render::Emit) -> Outcome {
    let mut laps = timing::Laps::start();
    let (sources, diagnostics) = load::load(&options.site);
    laps.lap("load");
    pipeline(options, sources, diagnostics, Some(emit))
}

/// The pipeline after `load`, on sources held in memory (the fuzz target uses it directly).
pub fn run_sources(
    options: &BuildOptions,
    sources: load::Sources,
    diagnostics: Vec<Diagnostic>,
) -> Outcome {
    pipeline(options, sources, diagnostics, None)
}

/// The pipeline after `parse`: the preview keeps the parsed site from one rebuild to the
/// next and parses again only the files that changed.
pub fn run_parsed(
    options: &BuildOptions,
    parsed: parse::Parsed,
    diagnostics: Vec<Diagnostic>,
) -> Outcome {
    let checked_files = parsed.site.iter().count()
        + parsed.regions.len()
        + parsed
            .services
            .iter()
            .chain(&parsed.pages)
            .map(|b| b.documents.len() + b.broken.len())
            .sum::<usize>();
    after_parse(
        options,
        parsed,
        diagnostics,
        checked_files,
        None,
        Instant::now(),
    )
}

fn pipeline(
    options: &BuildOptions,
    sources: load::Sources,
    mut diagnostics: Vec<Diagnostic>,
    emit: Option<&render::Emit>,
) -> Outcome {
    let started = Instant::now();
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
    let mut laps = timing::Laps::start();
    let (parsed, parse_diags) = parse::parse(sources);
    laps.lap("parse");
    diagnostics.extend(parse_diags);
    after_parse(options, parsed, diagnostics, checked_files, emit, started)
}

fn after_parse(
    options: &BuildOptions,
    mut parsed: parse::Parsed,
    mut diagnostics: Vec<Diagnostic>,
    checked_files: usize,
    emit: Option<&render::Emit>,
    started: Instant,
) -> Outcome {
    let mut laps = timing::Laps::start();
    let mut outcome = Outcome {
        checked_files,
        ..Outcome::empty()
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
    laps.lap("theme");
    let site = model::resolve(parsed, &theme, &mut diagnostics);
    laps.lap("model");
    if let Some(site) = &site {
        outcome.languages = commands::summary::summarise(site, &diagnostics);
        if options.list_links {
            outcome.external_links = commands::links::external_links(site);
        }
    }
    laps.lap("summary");
    if let Some(site) = &site
        && !diagnostics.iter().any(Diagnostic::is_error)
    {
        let render_options = render::Options {
            reload_script: options.reload_script.as_deref(),
            pdf: options.pdf,
            memo: options.memo.as_deref(),
            first: options.first.as_ref(),
            cancel: options.cancel.as_deref(),
        };
        if options.pdf {
            outcome.print_pages = site.print_pages();
        }
        let prefixes: Vec<String> = site
            .languages
            .iter()
            .map(|l| format!("{}/", l.code))
            .collect();
        let counts: Vec<std::sync::atomic::AtomicUsize> =
            prefixes.iter().map(|_| Default::default()).collect();
        let kept = std::sync::Mutex::new(Vec::new());
        let counting = |f: render::OutputFile| {
            if f.path.ends_with(".html")
                && let Some(i) = prefixes.iter().position(|p| f.path.starts_with(p))
            {
                counts[i].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            match emit {
                Some(emit) => emit(f),
                None => {
                    kept.lock().unwrap_or_else(|p| p.into_inner()).push(f);
                    Ok(())
                }
            }
        };
        let render_diags = render::render(site, &theme, render_options, &counting);
        laps.lap("render");
        outcome.cancelled = options.cancel.as_ref().is_some_and(|c| c.was_cut());
        // After the pages, so the preview's open tabs need not wait for them; before the memo
        // lets go of what this build did not use, since the hints are remembered there too.
        if options.hints && !outcome.cancelled {
            diagnostics.extend(commands::plain::hints(site, options.memo.as_deref()));
            laps.lap("hints");
        }
        if let Some(memo) = &options.memo {
            if outcome.cancelled {
                memo.keep();
            } else {
                memo.finish();
            }
        }
        diagnostics.extend(render_diags);
        outcome.pages = site
            .languages
            .iter()
            .zip(&counts)
            .map(|(l, n)| (l.code.clone(), n.load(std::sync::atomic::Ordering::Relaxed)))
            .collect();
        outcome.files = kept.into_inner().unwrap_or_else(|p| p.into_inner());
        if outcome.cancelled {
            outcome.files.clear();
        }
    }
    diag::sort(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        outcome.files.clear();
    }
    if options.status {
        outcome.status = Some(commands::status::Status::new(site.as_ref(), &diagnostics));
    }
    outcome.diagnostics = diagnostics;
    outcome.elapsed = started.elapsed();
    outcome
}

/// Builds and writes the site to `output`; with `printing`, also the PDFs of the print pages.
/// On any error, `output` is left untouched.
pub fn build(options: &BuildOptions, output: &Path, printing: Option<&pdf::Printing>) -> Outcome {
    if printing.is_none() {
        // Straight to disk: each page goes into the staging folder as soon as it is made.
        let staging = match write::Staging::new(&options.site, output) {
            Ok(s) => s,
            Err(d) => {
                let mut outcome = run_into(options, &|_| Ok(()));
                outcome.diagnostics.push(d);
                return outcome;
            }
        };
        let mut outcome = run_into(options, &|f| staging.put(&f));
        let mut laps = timing::Laps::start();
        if !outcome.has_errors()
            && let Err(d) = staging.commit()
        {
            outcome.diagnostics.push(d);
        }
        laps.lap("commit");
        return outcome;
    }
    let mut outcome = run(options);
    if let Some(printing) = printing
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
        let printed = pdf::print(&outcome.files, &options.site, &printing.chromium, &jobs)
            .and_then(|pdfs| {
                let copies = if printing.print_house {
                    pdf::print_house_copies(&pdfs)?
                } else {
                    Vec::new()
                };
                Ok(pdfs.into_iter().chain(copies))
            });
        match printed {
            Ok(pdfs) => outcome.files.extend(pdfs),
            Err(d) => outcome.diagnostics.push(d),
        }
    }
    if !outcome.has_errors()
        && let Err(d) = write::write(&options.site, output, &outcome.files)
    {
        outcome.diagnostics.push(d);
    }
    outcome
}
