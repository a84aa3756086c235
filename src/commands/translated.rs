//! `esite translated FILE…`: records in a translation which version of the default-language
//! text it matches.

use crate::diag::Diagnostic;
use crate::{load, model, parse};
use std::path::{Path, PathBuf};

/// `esite translated FILE…`: records in each translation which version of the default-language
/// text it now matches, so `check` can later tell when that text changes. Returns the files
/// written; nothing is written when any file has a problem.
pub fn mark_translated(site: &Path, files: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let site_yaml = Path::new("content/site.yaml");
    let text = load::read_text(site, site_yaml).map_err(|d| vec![d])?;
    let raw: parse::raw::RawSite =
        parse::yaml::parse(site_yaml, &text, &text, 1).map_err(|d| vec![d])?;
    let default = raw
        .languages
        .first()
        .map(|l| l.code.clone())
        .unwrap_or_default();
    let mut stamped = Vec::new();
    let mut diags = Vec::new();
    for file in files {
        let rel = file.strip_prefix(site).unwrap_or(file).to_path_buf();
        let Some(dir) = rel.parent() else { continue };
        let source_rel = dir.join(format!("{default}.md"));
        if rel == source_rel {
            diags.push(Diagnostic::error(
                &rel,
                format!("this is the default-language text ({default}); name a translation"),
            ));
            continue;
        }
        let read = |p: &Path| {
            load::read_text(site, p).map(|text| load::Source {
                path: p.to_path_buf(),
                text,
            })
        };
        let (translation, source) = match (read(&rel), read(&source_rel)) {
            (Ok(t), Ok(s)) => (t, s),
            (Err(d), _) | (_, Err(d)) => {
                diags.push(d);
                continue;
            }
        };
        let source = match parse::document(default.clone(), source) {
            Ok(d) => d,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let fp = model::fingerprint::of(&source.meta.title, &source.meta.summary, source.body());
        match model::fingerprint::stamp(&translation.text, &fp.encode()) {
            Some(new_text) => stamped.push((rel, new_text)),
            None => diags.push(Diagnostic::error(
                &rel,
                "the file must start with front matter between two '---' lines",
            )),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    for (rel, text) in &stamped {
        std::fs::write(site.join(rel), text).map_err(|e| {
            vec![Diagnostic::error(
                rel,
                format!("cannot write this file: {e}"),
            )]
        })?;
    }
    Ok(stamped.into_iter().map(|(p, _)| p).collect())
}
