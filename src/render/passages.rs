//! Region passages: parts of a shared service text that are about one region only.
//!
//! ```markdown
//! ::: kainuu
//! Kainuussa perhetyötä haetaan Omasotessa.
//! :::
//! ```
//!
//! The web page shows every passage, marked with its region's name and linked to that
//! region's contacts; a region's leaflet and booklet show that region's passages and no
//! other's. The Markdown renderer knows nothing of passages: the text is given to it once as
//! it is for the web page (each `:::` line a marker paragraph, swapped for the passage's
//! frame afterwards) and once per region with the other regions' passages blanked out.
//! Lines are blanked, never removed, so every message still names the right line.

use crate::diag::{self, Diagnostic};
use crate::model::Site;
use std::ops::Range;
use std::path::Path;

/// One passage: its region (index) and the byte ranges of its two `:::` lines in the file.
pub(super) struct Passage {
    pub(super) region: usize,
    open: Range<usize>,
    close: Range<usize>,
}

/// A `:::` line: where it is and what follows the colons.
struct Fence<'t> {
    line: Range<usize>,
    rest: &'t str,
    rest_at: usize,
}

/// The `:::` lines of a body, outside code blocks, in order.
fn fences(text: &str, body_start: usize) -> Vec<Fence<'_>> {
    let mut out = Vec::new();
    let mut in_code: Option<&str> = None;
    let mut at = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let start = at;
        at += line.len();
        let bare = line.trim_end_matches(['\n', '\r']);
        let lead = bare.trim_start();
        for mark in ["```", "~~~"] {
            if lead.starts_with(mark) {
                in_code = match in_code {
                    None => Some(mark),
                    Some(m) if m == mark => None,
                    other => other,
                };
            }
        }
        if in_code.is_some() {
            continue;
        }
        if let Some(rest) = bare.strip_prefix(":::") {
            out.push(Fence {
                line: start..start + bare.len(),
                rest: rest.trim(),
                rest_at: start + 3 + (rest.len() - rest.trim_start().len()),
            });
        }
    }
    out
}

/// Whether a body has region passages; cheap enough to ask when fragments are planned.
pub(super) fn any(text: &str, body_start: usize) -> bool {
    memchr::memmem::find(&text.as_bytes()[body_start.min(text.len())..], b":::").is_some()
        && !fences(text, body_start).is_empty()
}

/// The passages of a body, and the problems with them. `offered` are the regions the service
/// lists: a passage about another region would show nowhere in print.
pub(super) fn find(
    text: &str,
    body_start: usize,
    file: &Path,
    site: &Site,
    offered: &[usize],
) -> (Vec<Passage>, Vec<Diagnostic>) {
    let mut passages = Vec::new();
    let mut diags = Vec::new();
    let error = |at: usize, width: usize, message: String| {
        Diagnostic::error(file, message)
            .at_offset(text, at)
            .width(width.max(1))
    };
    let mut open: Option<(usize, Range<usize>)> = None;
    for f in fences(text, body_start) {
        let width = f.line.len();
        let blank_around =
            blank_line_before(text, body_start, f.line.start) && blank_line_after(text, f.line.end);
        if !blank_around {
            diags.push(
                error(
                    f.line.start,
                    width,
                    "a ':::' line needs an empty line before and after it".into(),
                )
                .hint("leave an empty line above and below each ':::' line of a region passage"),
            );
        }
        if f.rest.is_empty() {
            match open.take() {
                Some((region, o)) => passages.push(Passage {
                    region,
                    open: o,
                    close: f.line,
                }),
                None => diags.push(
                    error(
                        f.line.start,
                        width,
                        "this ':::' closes no region passage".into(),
                    )
                    .hint("a region passage starts with '::: <region id>' and ends with ':::'"),
                ),
            }
            continue;
        }
        if let Some((_, o)) = &open {
            let (line, _) = diag::line_col(text, o.start);
            diags.push(
                error(
                    f.line.start,
                    width,
                    format!(
                        "the region passage opened on line {line} is not closed before this one"
                    ),
                )
                .hint("end each region passage with a line of ':::' before starting the next"),
            );
            open = None;
        }
        let id = f.rest;
        let ids = || site.regions.iter().map(|r| r.id.as_str());
        let Some(region) = site.regions.iter().position(|r| r.id == id) else {
            let hint = match diag::suggest(id, ids()) {
                Some(s) => format!("did you mean '::: {s}'? A passage starts with a region's id"),
                None => format!(
                    "a passage starts with a region's id (its file name in content/regions/): {}",
                    ids().collect::<Vec<_>>().join(", ")
                ),
            };
            diags.push(
                error(
                    f.rest_at,
                    id.chars().count(),
                    format!("unknown region '{id}'"),
                )
                .hint(hint),
            );
            continue;
        };
        if !offered.contains(&region) {
            let listed: Vec<&str> = offered
                .iter()
                .map(|&ri| site.regions[ri].id.as_str())
                .collect();
            diags.push(
                error(f.rest_at, id.chars().count(), format!("the service is not offered in region '{id}', so no page would show this passage"))
                    .hint(format!("add '{id}' to regions: in the front matter, or use one of: {}", listed.join(", "))),
            );
        }
        open = Some((region, f.line));
    }
    if let Some((_, o)) = open {
        diags.push(
            error(o.start, o.len(), "this region passage is not closed".into())
                .hint("end the passage with a line of ':::'"),
        );
    }
    (passages, diags)
}

fn blank_line_before(text: &str, body_start: usize, line_start: usize) -> bool {
    if line_start <= body_start {
        return true;
    }
    let before = &text[body_start..line_start - 1];
    before
        .rsplit('\n')
        .next()
        .is_none_or(|l| l.trim().is_empty())
}

fn blank_line_after(text: &str, line_end: usize) -> bool {
    let after = text[line_end..].trim_start_matches('\r');
    let after = after.strip_prefix('\n').unwrap_or(after);
    after.split('\n').next().is_none_or(|l| l.trim().is_empty())
}

fn open_marker(i: usize) -> String {
    format!("ESITEPASSAGEOPEN{i}X")
}

fn close_marker(i: usize) -> String {
    format!("ESITEPASSAGECLOSE{i}X")
}

/// The text as the web page shows it: each `:::` line a marker paragraph (see [`frame`]).
pub(super) fn web_source(text: &str, passages: &[Passage]) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for (i, p) in passages.iter().enumerate() {
        edits.push((p.open.clone(), open_marker(i)));
        edits.push((p.close.clone(), close_marker(i)));
    }
    apply(text, edits)
}

/// The text as region `region`'s leaflet and booklet show it: its own passages without their
/// `:::` lines, the other regions' passages blanked out line by line.
pub(super) fn region_source(text: &str, passages: &[Passage], region: usize) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for p in passages {
        if p.region == region {
            edits.push((p.open.clone(), String::new()));
            edits.push((p.close.clone(), String::new()));
        } else {
            let whole = p.open.start..p.close.end;
            let newlines = text[whole.clone()].matches('\n').count();
            edits.push((whole, "\n".repeat(newlines)));
        }
    }
    apply(text, edits)
}

fn apply(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len() + 64);
    let mut copied = 0;
    for (range, with) in edits {
        out.push_str(&text[copied..range.start]);
        out.push_str(&with);
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// The web page's HTML with each passage framed and marked with its region's name, which
/// links to that region's contacts further down the page. `label(region)` is the name's HTML.
pub(super) fn frame(
    html: &str,
    passages: &[Passage],
    site: &Site,
    label: impl Fn(usize) -> String,
) -> String {
    let mut html = html.to_string();
    for (i, p) in passages.iter().enumerate() {
        let anchor = super::contacts::region_anchor(&site.regions[p.region].id);
        let open = format!(
            "<div class=\"region-passage\"><p class=\"passage-region\"><a href=\"#{anchor}\">{}</a></p>",
            label(p.region)
        );
        for (marker, with) in [(open_marker(i), open), (close_marker(i), "</div>".into())] {
            let para = format!("<p>{marker}</p>");
            html = if html.contains(&para) {
                html.replace(&para, &with)
            } else {
                // Not a paragraph of its own (a `:::` line without empty lines around it, which
                // is reported): the marker must not show.
                html.replace(&marker, "")
            };
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passages_are_blanked_line_for_line() {
        let text = "---\nx\n---\nA\n\n::: kainuu\nK\n:::\n\n::: posa\nP\nP2\n:::\n\nB\n";
        let start = text.find("A").unwrap();
        let fs = fences(text, start);
        assert_eq!(fs.len(), 4);
        let passages = vec![
            Passage {
                region: 0,
                open: fs[0].line.clone(),
                close: fs[1].line.clone(),
            },
            Passage {
                region: 1,
                open: fs[2].line.clone(),
                close: fs[3].line.clone(),
            },
        ];
        let kainuu = region_source(text, &passages, 0);
        assert_eq!(kainuu.lines().count(), text.lines().count());
        assert!(kainuu.contains("\nK\n") && !kainuu.contains('P') && !kainuu.contains(":::"));
        let web = web_source(text, &passages);
        assert!(web.contains("ESITEPASSAGEOPEN1X\nP\nP2\nESITEPASSAGECLOSE1X"));
        assert!(any(text, start) && !any("a ::: b\n", 0));
    }

    #[test]
    fn colons_in_code_blocks_are_text() {
        let text = "```\n::: kainuu\n```\n";
        assert!(fences(text, 0).is_empty());
    }
}
