//! The closing summary of `check` and `build`: per language, how much is written, missing
//! and out of date.

use crate::diag::Diagnostic;
use crate::model;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageSummary {
    pub code: String,
    /// Services and free pages written in this language.
    pub written: usize,
    /// Services and free pages not yet translated into it.
    pub missing: usize,
    /// Translations whose default-language text changed since.
    pub stale: usize,
}

/// " (fi: 5 written; en: 4 written, 1 not translated)" after check's count, or nothing.
pub fn describe(languages: &[LanguageSummary]) -> String {
    let langs: Vec<String> = languages
        .iter()
        .map(|l| {
            let mut parts = vec![format!("{} written", l.written)];
            if l.missing > 0 {
                parts.push(format!("{} not translated", l.missing));
            }
            if l.stale > 0 {
                parts.push(format!("{} out of date", l.stale));
            }
            format!("{}: {}", l.code, parts.join(", "))
        })
        .collect();
    if langs.is_empty() {
        String::new()
    } else {
        format!(" ({})", langs.join("; "))
    }
}

/// Per language of the site: services and free pages written, missing, and out of date.
pub fn summarise(site: &model::Site, diagnostics: &[Diagnostic]) -> Vec<LanguageSummary> {
    use model::Translated;
    site.languages
        .iter()
        .enumerate()
        .map(|(li, l)| {
            let docs = site
                .services
                .iter()
                .map(|s| s.translations())
                .chain(site.pages.iter().map(|p| p.translations()));
            let (written, missing) = docs.fold((0, 0), |(w, m), t| {
                if t[li].is_some() {
                    (w + 1, m)
                } else {
                    (w, m + 1)
                }
            });
            let file_name = format!("{}.md", l.code);
            let stale = diagnostics
                .iter()
                .filter(|d| {
                    d.message.contains("has changed since this translation")
                        && d.file.file_name().is_some_and(|n| n == file_name.as_str())
                })
                .count();
            LanguageSummary {
                code: l.code.clone(),
                written,
                missing,
                stale,
            }
        })
        .collect()
}
