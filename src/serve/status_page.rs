//! The translation status page of the preview (`/__esite/status`), written out by hand: every
//! string an editor wrote (titles, ids, file names, messages) goes through `esc`.
//!
//! The page is in English (`lang="en"`), like the rest of the preview's own words (the error
//! overlay, the terminal) and every message esite gives: a Finnish frame around English
//! messages would tell screen readers the wrong language for most of the page. Titles keep
//! their own language, marked with `lang`.

use crate::commands::status::{Document, FileReport, Kind, State, Status};
use crate::diag::{Diagnostic, Severity, display_path};
use std::fmt::Write as _;

/// Where the page is served; never a file of the site, so never in `esite build`'s output.
pub const PATH: &str = "/__esite/status";

const SCRIPT: &str = include_str!("status.js");

const STYLE: &str = "body{margin:0;font:1rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff}\
main{max-width:80rem;margin:0 auto;padding:1rem 1.5rem 3rem}\
table{border-collapse:collapse;width:100%;margin:0 0 2rem}\
caption{text-align:left;font-weight:bold;padding:0 0 .5rem}\
th,td{border:1px solid #767676;padding:.5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}\
thead th{background:#f0f0f0}\
code{font:.9em ui-monospace,monospace}\
.failed{border-left:6px solid #b00020;padding:.5rem 1rem;background:#fdf0f2}\
.stale,.broken,.error{color:#9c001c}\
.missing{color:#595959}\
li{margin:.25rem 0}";

/// The whole page; `generation` is the rebuild it shows, so its script knows whether it
/// missed one.
pub(super) fn page(status: &Status, generation: u64) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Translation status: esite preview</title><style>{STYLE}</style></head>\
         <body><main><h1>Translation status</h1>\
         <p>Every service and free page of the site in each language, and the errors and \
         warnings of each file. Each address opens the page in the preview. This page follows \
         every save by itself; without JavaScript, reload it to see the latest.</p>\
         <p id=\"esite-status-live\" role=\"status\"></p>"
    );
    let _ = write!(
        out,
        "<div id=\"esite-status\" data-generation=\"{generation}\" data-said=\"{}\">",
        esc(&said(status))
    );
    content(&mut out, status);
    let _ = write!(
        out,
        "</div></main><script>{}</script></body></html>",
        SCRIPT.replace("__ESITE_GENERATION__", &generation.to_string())
    );
    out
}

/// What the page's live region says after an update.
fn said(status: &Status) -> String {
    let warnings = status
        .files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .filter(|d| d.is_warning())
        .count();
    let stale: usize = (0..status.languages.len())
        .map(|li| status.counts(li)[2])
        .sum();
    let first = match status.failed {
        true => "Updated: the last save could not be built",
        false => "Updated",
    };
    format!(
        "{first}; {}, {}.",
        count(stale, "translation out of date", "translations out of date"),
        count(warnings, "warning", "warnings")
    )
}

fn content(out: &mut String, status: &Status) {
    if status.failed {
        out.push_str(
            "<p class=\"failed\"><strong>The last save could not be built.</strong> The preview \
             shows the last pages that built. The errors are listed under \
             <a href=\"#problems\">Errors and warnings by file</a>.</p>",
        );
    }
    if status.languages.is_empty() {
        out.push_str(
            "<p>The site could not be read far enough to list its services and pages.</p>",
        );
    } else {
        summary(out, status);
        for (kind, heading, id, caption) in [
            (
                Kind::Service,
                "Services",
                "services",
                "Each service in each language",
            ),
            (
                Kind::Page,
                "Free pages",
                "pages",
                "Each free page in each language",
            ),
        ] {
            let docs: Vec<&Document> = status.documents.iter().filter(|d| d.kind == kind).collect();
            let _ = write!(out, "<h2 id=\"{id}\">{heading}</h2>");
            if docs.is_empty() {
                let _ = write!(out, "<p>The site has no {}.</p>", heading.to_lowercase());
            } else {
                table(out, status, &docs, caption);
            }
        }
    }
    problems(out, status);
}

fn summary(out: &mut String, status: &Status) {
    out.push_str("<h2 id=\"summary\">Summary</h2><ul>");
    for (li, l) in status.languages.iter().enumerate() {
        let [written, missing, stale, broken] = status.counts(li);
        let mut parts = vec![format!("{written} written")];
        for (n, what) in [
            (missing, "not translated"),
            (stale, "out of date"),
            (broken, "with errors"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        let _ = write!(
            out,
            "<li>{} (<span lang=\"{}\">{}</span>{}): {}</li>",
            esc(&l.code),
            esc(&l.code),
            esc(&l.name),
            if li == 0 {
                ", the default language"
            } else {
                ""
            },
            parts.join(", ")
        );
    }
    out.push_str("</ul>");
}

fn table(out: &mut String, status: &Status, docs: &[&Document], caption: &str) {
    let default = status.languages.first().map_or("", |l| l.code.as_str());
    let _ = write!(
        out,
        "<table><caption>{caption}: its state, its address in the preview and its file</caption>\
         <thead><tr><th scope=\"col\">Title and id</th>"
    );
    for l in &status.languages {
        let _ = write!(
            out,
            "<th scope=\"col\">{} (<span lang=\"{}\">{}</span>)</th>",
            esc(&l.code),
            esc(&l.code),
            esc(&l.name)
        );
    }
    out.push_str("</tr></thead><tbody>");
    for d in docs {
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><span lang=\"{}\">{}</span><br><code>{}</code></th>",
            esc(default),
            esc(&d.title),
            esc(&d.id)
        );
        for v in &d.versions {
            let (class, word) = match &v.state {
                State::Written => ("written", "Written".to_string()),
                State::Missing => ("missing", "Not translated".to_string()),
                State::Stale(changes) => (
                    "stale",
                    format!(
                        "Out of date: since this translation, the {} text changed: {}",
                        esc(default),
                        esc(&changes.join(", "))
                    ),
                ),
                State::Broken => ("broken", "Has errors: the site cannot use it".to_string()),
            };
            let file = display_path(&v.file);
            let _ = write!(
                out,
                "<td><strong class=\"{class}\">{word}</strong><br><a href=\"{}\">{}</a><br><code>{}</code>{}",
                esc(&v.path),
                esc(&v.path),
                esc(&file),
                if v.state == State::Missing {
                    " (no file yet)"
                } else {
                    ""
                }
            );
            if let Some((i, report)) = status.report(&v.file) {
                let _ = write!(
                    out,
                    "<br><a href=\"#file-{i}\">{}</a>",
                    tally(&report.diagnostics)
                );
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

fn problems(out: &mut String, status: &Status) {
    out.push_str("<h2 id=\"problems\">Errors and warnings by file</h2>");
    if status.files.is_empty() {
        out.push_str("<p>No file has errors or warnings.</p>");
        return;
    }
    for (i, f) in status.files.iter().enumerate() {
        file_report(out, i, f);
    }
}

fn file_report(out: &mut String, i: usize, f: &FileReport) {
    let _ = write!(
        out,
        "<h3 id=\"file-{i}\"><code>{}</code>: {}</h3>",
        esc(&display_path(&f.file)),
        tally(&f.diagnostics)
    );
    if let Some(page) = &f.page {
        let _ = write!(
            out,
            "<p>The page it makes: <a href=\"{}\">{}</a></p>",
            esc(page),
            esc(page)
        );
    }
    out.push_str("<ul>");
    for d in &f.diagnostics {
        diagnostic(out, d);
    }
    out.push_str("</ul>");
}

fn diagnostic(out: &mut String, d: &Diagnostic) {
    let (class, label) = match d.severity {
        Severity::Error => ("error", "Error"),
        Severity::Warning => ("warning", "Warning"),
        Severity::Hint => ("hint", "Plain language"),
    };
    let place = match d.line {
        0 => String::new(),
        line => format!(", line {line}"),
    };
    let _ = write!(
        out,
        "<li><strong class=\"{class}\">{label}{place}</strong>: {}",
        esc(&d.message)
    );
    if let Some(hint) = &d.hint {
        let _ = write!(out, "<br>What to do: {}", esc(hint));
    }
    out.push_str("</li>");
}

/// "1 error, 2 warnings".
fn tally(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(count(errors, "error", "errors"));
    }
    if warnings > 0 {
        parts.push(count(warnings, "warning", "warnings"));
    }
    parts.join(", ")
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Text for HTML content and quoted attribute values.
pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::status::Status;

    #[test]
    fn what_editors_wrote_is_escaped() {
        let d = Diagnostic::warning(
            "content/services/<x>/fi.md",
            "the title '<script>alert(1)</script>' & \"more\"",
        )
        .hint("write <b>");
        let status = Status::new(None, &[d]);
        let html = page(&status, 3);
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<b>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&#39; &amp; &quot;more&quot;"));
        assert!(html.contains("<code>content/services/&lt;x&gt;/fi.md</code>"));
        assert!(html.contains("data-generation=\"3\""));
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    }
}
