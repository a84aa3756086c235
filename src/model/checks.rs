//! Checks of single values that several kinds of file share: localized texts, phone numbers,
//! dates, e-mail and web addresses. Each problem becomes a located diagnostic.

use super::date::{self, Date};
use super::phone::{self, Phone};
use crate::diag::{self, Diagnostic};
use crate::parse::raw::Localized;
use std::ops::Range;
use std::path::PathBuf;

/// Collects diagnostics for checks shared by several files.
pub(super) struct Checker<'a> {
    pub(super) codes: &'a [String],
    pub(super) diags: Vec<Diagnostic>,
    /// The bytes of the list entry being checked (a region's municipality), so a problem in
    /// it is pointed out there and not at the same words earlier in the file.
    pub(super) within: Option<Range<usize>>,
}

impl Checker<'_> {
    /// Runs `check` with every problem located inside `entry` (see [`diag::locate_within`]).
    pub(super) fn within<T>(
        &mut self,
        entry: Option<Range<usize>>,
        check: impl FnOnce(&mut Self) -> T,
    ) -> T {
        let outer = std::mem::replace(&mut self.within, entry);
        let result = check(self);
        self.within = outer;
        result
    }

    /// Where `value` is, under `key`: inside the entry being checked, if any.
    pub(super) fn locate(&self, text: &str, key: &str, value: &str) -> (usize, usize, usize) {
        match &self.within {
            Some(entry) => diag::locate_within(text, entry.clone(), key, value),
            None => diag::locate(text, key, value),
        }
    }

    pub(super) fn localized(&mut self, file: &PathBuf, text: &str, key: &str, value: &Localized) {
        let (missing, unknown) = value.gaps(self.codes);
        if !missing.is_empty() {
            let (line, col, width) = self.locate(text, key, value.any());
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
        self.report_unknown_languages(file, text, key, unknown);
    }

    /// Language keys the site does not use, for a text whose missing languages are filled
    /// from elsewhere (a municipality's official names).
    pub(super) fn localized_keys(
        &mut self,
        file: &PathBuf,
        text: &str,
        key: &str,
        value: &Localized,
    ) {
        let (_, unknown) = value.gaps(self.codes);
        self.report_unknown_languages(file, text, key, unknown);
    }

    fn report_unknown_languages(
        &mut self,
        file: &PathBuf,
        text: &str,
        key: &str,
        unknown: Vec<&str>,
    ) {
        for u in unknown {
            let (line, col, width) = self.locate(text, key, u);
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

    /// A name left empty (as `esite new region` writes it) is an error: the pages would show
    /// a blank heading.
    pub(super) fn not_empty(&mut self, file: &PathBuf, text: &str, key: &str, value: &Localized) {
        let empty: Vec<&str> = match value {
            Localized::Same(s) if s.trim().is_empty() => vec![self.codes[0].as_str()],
            Localized::Same(_) => Vec::new(),
            Localized::PerLanguage(map) => map
                .iter()
                .filter(|(_, t)| t.trim().is_empty())
                .map(|(lang, _)| lang.as_str())
                .collect(),
        };
        let Some(first) = empty.first() else {
            return;
        };
        let ((line, col, width), after) = match value {
            Localized::PerLanguage(_) => (self.locate(text, key, first), *first),
            Localized::Same(_) => (self.locate(text, key, key), key),
        };
        self.diags.push(
            Diagnostic::error(
                file,
                format!("the {key} is empty in {}", quote_list(&empty)),
            )
            .at(text, line, col)
            .width(width)
            .hint(format!("write the {key} after '{after}:'")),
        );
    }

    pub(super) fn phone(&mut self, file: &PathBuf, text: &str, number: &str) -> Option<Phone> {
        match phone::parse(number) {
            Ok(p) => Some(p),
            Err(e) => {
                let (line, col, width) = self.locate(text, "number", number.trim());
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

    pub(super) fn date(
        &mut self,
        file: &PathBuf,
        text: &str,
        key: &str,
        value: &str,
    ) -> Option<Date> {
        match date::parse(value) {
            Ok(d) => Some(d),
            Err(e) => {
                let (line, col, width) = self.locate(text, key, value.trim());
                self.diags
                    .push(Diagnostic::error(file, e).at(text, line, col).width(width));
                None
            }
        }
    }

    pub(super) fn email(&mut self, file: &PathBuf, text: &str, address: &str) {
        let ok = address.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !address.contains(char::is_whitespace)
                && !domain.contains('@')
        });
        if !ok {
            let (line, col, width) = self.locate(text, "address", address);
            self.diags.push(
                Diagnostic::error(file, format!("'{address}' is not an e-mail address"))
                    .at(text, line, col)
                    .width(width)
                    .hint("write it as name@example.fi"),
            );
        }
    }

    pub(super) fn url(&mut self, file: &PathBuf, text: &str, url: &str) {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        let ok = rest.is_some_and(|r| {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            host.contains('.') && !url.contains(|c: char| c.is_whitespace() || c.is_control())
        });
        if !ok {
            let (line, col, width) = self.locate(text, "url", url);
            self.diags.push(
                Diagnostic::error(file, format!("'{url}' is not a web address"))
                    .at(text, line, col)
                    .width(width)
                    .hint("write the full address, starting with https://"),
            );
        }
    }
}

pub(super) fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("'{i}'"))
        .collect::<Vec<_>>()
        .join(", ")
}
