//! The command line. Library code never prints; this file owns printing and exit codes:
//! 0 fine, 1 content or build failure, 2 usage or configuration error.

mod cli;
mod ptv;

use clap::Parser;
use cli::{Cli, Command, Format, NewKind};
use esite::diag::{Diagnostic, Severity};
use esite::{BuildOptions, Outcome};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

// A build allocates and frees millions of small strings across threads; glibc's allocator
// spent a fifth of the time there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc keeps freed memory for a second by default before giving it back, so a build's
/// peak memory was a third higher than what it used at any one time (pages of every size come
/// and go). A millisecond keeps the memory as low and costs no measurable time. The option's
/// number is `mi_option_purge_delay` in mimalloc.h (not exported by the -sys crate); an
/// explicit MIMALLOC_PURGE_DELAY in the environment still wins.
#[allow(unsafe_code)] // the option setter is a plain C function
fn tune_allocator() {
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one integer option; mimalloc reads options atomically.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1) };
    }
}

fn main() -> ExitCode {
    tune_allocator();
    // Rayon's threads get the main thread's stack size rather than 2 MiB: the nesting limits
    // keep content far from the minifier's recursion, and this keeps a margin behind them.
    // Failing to set it (a pool already made) only leaves the default.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(8 << 20)
        .build_global();
    let cli = Cli::parse();
    let site = cli.site;
    match cli.command {
        Command::Build { output, base_url } => build(site, output, base_url, None),
        Command::Pdf {
            output,
            base_url,
            chromium,
            print_house,
        } => {
            let chromium = match esite::pdf::find_chromium(chromium.as_deref()) {
                Ok(c) => c,
                Err(d) => {
                    print_diagnostics(&[d]);
                    return ExitCode::from(2);
                }
            };
            let printing = esite::pdf::Printing {
                chromium,
                print_house,
            };
            build(site, output, base_url, Some(printing))
        }
        Command::Serve {
            port,
            bind,
            allow_host,
            open,
            poll,
        } => serve(site, port, bind, allow_host, open, poll),
        Command::Translated { files } => match esite::mark_translated(&site, &files) {
            Ok(done) => {
                for f in done {
                    println!(
                        "{}: marked as translated from the current text",
                        esite::diag::display_path(&f)
                    );
                }
                ExitCode::SUCCESS
            }
            Err(diags) => {
                print_diagnostics(&diags);
                ExitCode::from(1)
            }
        },
        Command::Check {
            format,
            strict,
            links,
            hints,
        } => check(site, format, strict, links, hints),
        Command::Init { dir, languages } => init(dir.unwrap_or(site), &languages),
        Command::New { kind, id } => new(&site, kind, &id),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "esite", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man { command } => man(command.as_deref()),
        Command::Ptv { action } => ptv::ptv(site, action),
        Command::Schema { out } => schema(&site, out),
    }
}

/// `esite schema`: the site's languages go into the schemas when site.yaml reads.
fn schema(site: &std::path::Path, out: Option<PathBuf>) -> ExitCode {
    use esite::commands::schema;
    let dir = out.unwrap_or_else(|| site.join(schema::DEFAULT_DIR));
    let languages = schema::site_languages(site);
    match schema::write(&dir, languages.as_deref()) {
        Ok(files) => {
            println!(
                "Wrote {} into {}:",
                plural(files.len(), "schema", "schemas"),
                dir.display()
            );
            for f in &files {
                println!("  {}", esite::diag::display_path(f));
            }
            match &languages {
                Some(codes) => println!(
                    "Texts per language accept the site's languages: {}.",
                    codes.join(", ")
                ),
                None => println!(
                    "No site.yaml read here, so texts per language accept any language code."
                ),
            }
            println!(
                "Editors: {} in the site folder connects them to VS Code's YAML extension; docs/editors/schemas.md says more.",
                schema::VSCODE_SETTINGS
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            print_diagnostics(&[d]);
            ExitCode::from(2)
        }
    }
}

/// `esite man` prints esite(1), which lists the commands; `esite man init`, esite-init(1).
fn man(command: Option<&str>) -> ExitCode {
    use clap::CommandFactory;
    let mut cli = Cli::command();
    // Gives each command its page name (esite-init) and the global --site.
    cli.build();
    let page = match command {
        None => cli,
        Some(name) => match cli.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                eprintln!("error: esite has no command '{name}'; `esite man` lists them");
                return ExitCode::from(2);
            }
        },
    };
    match clap_mangen::Man::new(page).render(&mut std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        // `esite man | head` closes the pipe early: nothing went wrong.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot print the manual page: {e}");
            ExitCode::from(1)
        }
    }
}

fn check(site: PathBuf, format: Format, strict: bool, links: bool, hints: bool) -> ExitCode {
    let options = BuildOptions {
        site,
        base_url: None,
        reload_script: None,
        pdf: false,
        list_links: true,
        hints,
        ..Default::default()
    };
    let outcome = esite::run(&options);
    let count = |severity| {
        outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings, hint_count) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Hint),
    );
    match format {
        Format::Json => {
            let records: Vec<_> = outcome.diagnostics.iter().map(json_record).collect();
            let doc = serde_json::json!({
                "diagnostics": records,
                "external_links": outcome.external_links.iter().map(|(f, l, u)| serde_json::json!({ "file": esite::diag::display_path(f), "line": l, "url": u })).collect::<Vec<_>>(),
                "summary": {
                    "files": outcome.checked_files,
                    "errors": errors,
                    "warnings": warnings,
                    "hints": hint_count,
                    "languages": outcome.languages.iter().map(|l| serde_json::json!({ "code": l.code, "written": l.written, "missing": l.missing, "stale": l.stale })).collect::<Vec<_>>(),
                },
            });
            println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        Format::Text => {
            print_diagnostics(&outcome.diagnostics);
            if links {
                for (file, line, url) in &outcome.external_links {
                    println!("{}:{line}: {url}", esite::diag::display_path(file));
                }
            }
            let n = outcome.external_links.len();
            if n > 0 && !links {
                eprintln!(
                    "{}, not checked (esite check --links lists them)",
                    plural(n, "external link", "external links")
                );
            }
            let hint_note = if hints {
                format!(", {}", plural(hint_count, "hint", "hints"))
            } else {
                String::new()
            };
            eprintln!(
                "Checked {}: {}, {}{hint_note}{}",
                plural(outcome.checked_files, "file", "files"),
                plural(errors, "error", "errors"),
                plural(warnings, "warning", "warnings"),
                esite::commands::summary::describe(&outcome.languages)
            );
        }
    }
    if errors > 0 || (strict && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// "1 error", "0 errors", "2 errors".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn init(dir: PathBuf, languages: &[String]) -> ExitCode {
    match esite::commands::init::init(&dir, languages) {
        Ok(files) => {
            println!(
                "Made a new site in {} ({}):",
                dir.display(),
                plural(files.len(), "file", "files")
            );
            for f in &files {
                println!("  {}", esite::diag::display_path(f));
            }
            println!("Next: {}", esite::commands::init::next_step(&dir));
            ExitCode::SUCCESS
        }
        Err(d) => {
            print_diagnostics(&[d]);
            ExitCode::from(2)
        }
    }
}

fn new(site: &std::path::Path, kind: NewKind, id: &str) -> ExitCode {
    use esite::commands::new::{Kind, Refused};
    let kind = match kind {
        NewKind::Service => Kind::Service,
        NewKind::Region => Kind::Region,
        NewKind::Page => Kind::Page,
    };
    match esite::commands::new::new(site, kind, id) {
        Ok(files) => {
            for f in &files {
                println!("Wrote {}", esite::diag::display_path(f));
            }
            println!("Next: {}", esite::commands::new::next_step(kind, id));
            ExitCode::SUCCESS
        }
        Err(Refused::Usage(d)) => {
            print_diagnostics(&[d]);
            ExitCode::from(2)
        }
        Err(Refused::Content(diags)) => {
            print_diagnostics(&diags);
            eprintln!("Nothing was written: fix site.yaml first.");
            ExitCode::from(1)
        }
    }
}

fn serve(
    site: PathBuf,
    port: u16,
    bind: std::net::IpAddr,
    allowed_hosts: Vec<String>,
    open: bool,
    poll: bool,
) -> ExitCode {
    use esite::serve::{Event, ServeOptions};
    // Without a site there is nothing to preview and no page ever to keep: say so and stop,
    // rather than serve an empty preview that waits for a site.
    if let Err(d) = esite::load::check_site(&site) {
        print_diagnostics(&[d]);
        eprintln!("There is no site to preview here.");
        return ExitCode::from(1);
    }
    let good = std::sync::atomic::AtomicBool::new(false);
    if !bind.is_loopback() && !allowed_hosts.is_empty() {
        eprintln!(
            "warning: listening on {bind}: other machines on the network can see the preview"
        );
    }
    let log: esite::serve::Log = std::sync::Arc::new(move |event| match event {
        Event::Rebuilt {
            changed,
            pages,
            elapsed,
            first,
            warnings,
        } => {
            print_diagnostics(&warnings);
            good.store(true, std::sync::atomic::Ordering::SeqCst);
            let what = describe(&changed);
            let verb = if changed.is_empty() {
                "Built"
            } else {
                "rebuilt"
            };
            eprintln!(
                "{what}{verb} {} in {} ms{}{}",
                plural(pages, "page", "pages"),
                elapsed.as_millis(),
                match first {
                    Some(at) => format!(" (the open pages after {} ms)", at.as_millis()),
                    None => String::new(),
                },
                match warnings.len() {
                    0 => String::new(),
                    n => format!(" ({})", plural(n, "warning", "warnings")),
                }
            );
        }
        Event::Failed {
            changed,
            diagnostics,
        } => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            // Until one build has succeeded there are no good pages to keep showing.
            let keeps = if good.load(std::sync::atomic::Ordering::SeqCst) {
                "the preview keeps the last good pages"
            } else {
                "the preview shows the errors until a save fixes them"
            };
            eprintln!(
                "{}{} failed with {}; {keeps}",
                describe(&changed),
                if changed.is_empty() {
                    "The first build"
                } else {
                    "the rebuild"
                },
                plural(errors, "error", "errors")
            );
        }
        Event::Stopped { changed } => eprintln!(
            "{}a newer change came in: rebuilding again",
            describe(&changed)
        ),
        Event::Warning(message) => eprintln!("warning: {message}"),
    });
    let options = ServeOptions {
        site,
        bind,
        port,
        allowed_hosts,
        debounce: std::time::Duration::from_millis(30),
        poll: poll.then_some(esite::serve::POLL_INTERVAL),
    };
    let server = match esite::serve::start(options, log) {
        Ok(s) => s,
        Err(d) => {
            print_diagnostics(&[d]);
            return ExitCode::from(2);
        }
    };
    let url = server.url();
    println!("Serving the preview at {url} (Ctrl-C stops)");
    println!(
        "Translation status and every problem: {}{}",
        url.trim_end_matches('/'),
        esite::serve::STATUS_PATH
    );
    if open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    let stop = server.stopper();
    let stopping = std::sync::atomic::AtomicBool::new(false);
    let _ = ctrlc::set_handler(move || {
        // The first Ctrl-C closes the connections and returns from `wait`; should that ever
        // hang, a second one ends the process at once.
        if stopping.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("Stopping the preview.");
        stop();
    });
    server.wait();
    ExitCode::SUCCESS
}

/// "content/services/perhetyo/fi.md changed: " before a rebuild's line; nothing for the first build.
fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [] => String::new(),
        [one] => format!("{} changed: ", esite::diag::display_path(one)),
        [first, rest @ ..] => format!(
            "{} and {} more changed: ",
            esite::diag::display_path(first),
            rest.len()
        ),
    }
}

/// `build`, and with `printing` also `pdf`: the same pipeline and the same atomic write.
fn build(
    site: PathBuf,
    output: Option<PathBuf>,
    base_url: Option<String>,
    printing: Option<esite::pdf::Printing>,
) -> ExitCode {
    let started = Instant::now();
    let output = output.unwrap_or_else(|| site.join("output"));
    // An output esite may not or cannot replace is a wrong --output, not a problem of the
    // site: said before any work, with the exit code for usage errors.
    if let Err(d) = esite::write::check_output(&site, &output) {
        print_diagnostics(&[d]);
        eprintln!(
            "Nothing was built; {} was left as it was.",
            output.display()
        );
        return ExitCode::from(2);
    }
    let options = BuildOptions {
        site,
        base_url,
        reload_script: None,
        pdf: printing.is_some(),
        list_links: false,
        ..Default::default()
    };
    let outcome = esite::build(&options, &output, printing.as_ref());
    print_diagnostics(&outcome.diagnostics);
    if outcome.has_errors() {
        eprintln!("{}", failure_line(&outcome, &output));
        return ExitCode::from(1);
    }
    let pages: Vec<String> = outcome
        .pages
        .iter()
        .map(|(l, n)| format!("{n} {l}"))
        .collect();
    let pdfs = outcome
        .files
        .iter()
        .filter(|f| f.path.ends_with(".pdf"))
        .count();
    let print_house = printing.as_ref().is_some_and(|p| p.print_house);
    let pdfs = if pdfs > 0 && print_house {
        // Every PDF has its print-house copy beside it.
        format!(
            " and {} with their print-house copies",
            plural(pdfs / 2, "PDF", "PDFs")
        )
    } else if pdfs > 0 {
        format!(" and {}", plural(pdfs, "PDF", "PDFs"))
    } else {
        String::new()
    };
    println!(
        "Built {} ({}){pdfs} into {} in {} ms{}",
        plural(
            outcome.pages.iter().map(|(_, n)| n).sum::<usize>(),
            "page",
            "pages"
        ),
        pages.join(", "),
        output.display(),
        started.elapsed().as_millis(),
        warnings_note(&outcome)
    );
    ExitCode::SUCCESS
}

fn json_record(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "severity": d.severity,
        "file": esite::diag::display_path(&d.file),
        "line": d.line,
        "column": d.column,
        "message": d.message,
        "hint": d.hint,
    })
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    for d in diags {
        eprintln!("{}", d.render(color));
    }
}

fn failure_line(outcome: &Outcome, output: &std::path::Path) -> String {
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    format!(
        "Build failed with {}; {} was left as it was.",
        plural(errors, "error", "errors"),
        output.display()
    )
}

fn warnings_note(outcome: &Outcome) -> String {
    match outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_warning())
        .count()
    {
        0 => String::new(),
        n => format!(" ({})", plural(n, "warning", "warnings")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
