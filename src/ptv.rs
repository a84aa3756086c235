//! `esite ptv export` and `esite ptv import` on the command line: printing, the diff shown
//! before files are replaced, and exit codes (0 fine, 1 errors or files that would be
//! replaced without --force, 2 a wrong --out).

use crate::cli::PtvAction;
use crate::{plural, print_diagnostics};
use std::path::PathBuf;
use std::process::ExitCode;

/// `esite ptv export` and `esite ptv import`; their messages are in docs/messages.md.
pub fn ptv(site: PathBuf, action: PtvAction) -> ExitCode {
    use esite::commands::ptv::{export, files, import};
    let (changes, root, force) = match action {
        PtvAction::Export { out } => {
            let (resolved, diags) = esite::commands::ptv::resolve(&site);
            let Some(resolved) = resolved else {
                print_diagnostics(&diags);
                eprintln!("Nothing was exported: the site has errors.");
                return ExitCode::from(1);
            };
            if out.starts_with(site.join("content")) {
                eprintln!(
                    "error: {} is inside the site's content/; give --out a folder outside it",
                    out.display()
                );
                return ExitCode::from(2);
            }
            let done = export::export(&resolved);
            print_diagnostics(&done.warnings);
            let changes = done.files.into_iter().map(|(path, new)| {
                let old = std::fs::read_to_string(out.join(&path)).ok();
                files::Change {
                    path: path.into(),
                    old,
                    new,
                }
            });
            (changes.collect(), out, true)
        }
        PtvAction::Import {
            files: inputs,
            into,
            region,
            force,
        } => {
            let root = into.unwrap_or(site);
            let options = import::Options {
                site: &root,
                inputs: &inputs,
                region: region.as_deref(),
            };
            match import::plan(&options) {
                Ok(plan) => {
                    print_diagnostics(&plan.warnings);
                    (plan.changes, root, force)
                }
                Err(diags) => {
                    print_diagnostics(&diags);
                    eprintln!("Nothing was imported.");
                    return ExitCode::from(1);
                }
            }
        }
    };
    let replaced: Vec<&files::Change> = changes.iter().filter(|c| c.replaces()).collect();
    if !force {
        for c in &replaced {
            print!("{}", files::diff(c));
        }
        if !replaced.is_empty() {
            eprintln!(
                "{} would change (the differences are above); nothing was written. Run again with --force to write them.",
                plural(replaced.len(), "existing file", "existing files")
            );
            return ExitCode::from(1);
        }
    }
    match files::write(&root, &changes) {
        Ok(written) => {
            for f in &written {
                println!("Wrote {}", esite::diag::display_path(f));
            }
            let same = changes.len() - written.len();
            println!(
                "{} written, {same} already up to date",
                plural(written.len(), "file", "files")
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            print_diagnostics(&[d]);
            ExitCode::from(1)
        }
    }
}
