//! Diagnostics: what went wrong, where, and what the editor can do about it.
//!
//! Every stage reports through [`Diagnostic`], so `check`, `build` and `serve` print the same
//! messages. The rendering follows the compiler format editors' tools already understand:
//! `content/services/perhetyo/fi.md:4:3: error: ...`, the line, a caret, then a hint.

use serde::Serialize;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// A plain-language hint (`esite check --hints`): never fails anything, and sorts after
    /// the warnings at the same place.
    Hint,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site folder, as the editor knows it.
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The offending line, copied at creation so printing needs no second read; on a long
    /// line only a window around the fault, so ten thousand warnings on one line of a
    /// megabyte do not hold ten thousand copies of it.
    #[serde(skip)]
    pub snippet: Option<String>,
    /// Characters of `snippet` before the fault, where the caret goes.
    #[serde(skip)]
    pub caret: usize,
    /// How many characters the caret underlines.
    #[serde(skip)]
    pub width: usize,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file.into(), message.into())
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file.into(), message.into())
    }

    /// A plain-language hint ([`Severity::Hint`]).
    pub fn plain_language(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Hint, file.into(), message.into())
    }

    fn new(severity: Severity, file: PathBuf, message: String) -> Self {
        Diagnostic {
            severity,
            file,
            line: 0,
            column: 0,
            message,
            hint: None,
            snippet: None,
            caret: 0,
            width: 1,
        }
    }

    /// Points the diagnostic at a 1-based line and column of `text`, the file's content.
    pub fn at(mut self, text: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        self.snippet = None;
        if line > 0
            && let Some(l) = text.lines().nth(line - 1)
        {
            let at = l
                .char_indices()
                .nth(self.column - 1)
                .map_or(l.len(), |(i, _)| i);
            self.set_window(l, at);
        }
        self
    }

    /// Points at a byte offset of `text`.
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        self.at_index(&LineIndex::new(text), text, offset)
    }

    /// Points at a byte offset of `text`, whose lines `index` knows: for many diagnostics in
    /// one text, each costs only its own line, not the text before it.
    pub fn at_index(mut self, index: &LineIndex, text: &str, offset: usize) -> Self {
        let (line, column) = index.line_col(text, offset);
        self.line = line;
        self.column = column;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let (start, end) = index.line_bounds(text, line);
        self.set_window(&text[start..end], offset - start);
        self
    }

    /// Keeps the part of `line` around byte `at` as the snippet.
    fn set_window(&mut self, line: &str, at: usize) {
        let line = line.trim_end();
        let at = floor_char_boundary(line, at.min(line.len()));
        let from = floor_char_boundary(line, at.saturating_sub(WINDOW));
        let to = ceil_char_boundary(line, (at + WINDOW).min(line.len()));
        let mut snippet = String::with_capacity(to - from + 6);
        if from > 0 {
            snippet.push('…');
        }
        snippet.push_str(&line[from..to]);
        if to < line.len() {
            snippet.push('…');
        }
        self.caret = line[from..at].chars().count() + usize::from(from > 0);
        self.snippet = Some(snippet);
    }

    pub fn width(mut self, width: usize) -> Self {
        self.width = width.max(1);
        self
    }

    /// What the editor can do, printed as `= hint:` (on any severity, hints too).
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// The compiler-style text an editor sees in the terminal.
    pub fn render(&self, color: bool) -> String {
        let (red, yellow, cyan, blue, bold, reset) = if color {
            (
                "\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[34m", "\x1b[1m", "\x1b[0m",
            )
        } else {
            ("", "", "", "", "", "")
        };
        // A hint's label is not `hint`: the `= hint:` line under every message has that word.
        let (label, tint) = match self.severity {
            Severity::Error => ("error", red),
            Severity::Warning => ("warning", yellow),
            Severity::Hint => ("plain language", cyan),
        };
        let mut out = String::new();
        let file = display_path(&self.file);
        if self.line > 0 {
            let _ = write!(out, "{bold}{file}:{}:{}{reset}: ", self.line, self.column);
        } else {
            let _ = write!(out, "{bold}{file}{reset}: ");
        }
        let _ = writeln!(
            out,
            "{tint}{bold}{label}{reset}{bold}: {}{reset}",
            self.message
        );
        if let Some(snippet) = &self.snippet {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let shown: String = snippet.replace('\t', " ");
            let before = self.caret.min(shown.chars().count());
            let _ = writeln!(out, "{blue}{pad} |{reset}");
            let _ = writeln!(out, "{blue}{number} |{reset} {shown}");
            let _ = writeln!(
                out,
                "{blue}{pad} |{reset} {}{tint}{}{reset}",
                " ".repeat(before),
                "^".repeat(self.width)
            );
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  {blue}= hint:{reset} {hint}");
        }
        out
    }
}

/// Paths print with forward slashes, as editors and CI logs expect on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// 1-based line and character column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_col(text, offset)
}

/// Bytes of a line kept on each side of a fault in a diagnostic's snippet.
const WINDOW: usize = 240;

/// Where each line of a text starts, found in one pass, so that locating many offsets in
/// one text is not quadratic. Columns are counted from the previous query when it was on the
/// same line and before: diagnostics come in text order, so ten thousand on one long line
/// still count each character about once.
pub struct LineIndex {
    starts: Vec<usize>,
    /// The last query: byte offset, line index, column.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            starts,
            last: std::cell::Cell::new((0, 0, 1)),
        }
    }

    /// 1-based line and character column of a byte offset of `text` (the text indexed).
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let (last_offset, last_line, last_col) = self.last.get();
        let column = if last_line == line && last_offset <= offset {
            last_col + text[last_offset..offset].chars().count()
        } else {
            text[self.starts[line]..offset].chars().count() + 1
        };
        self.last.set((offset, line, column));
        (line + 1, column)
    }

    /// Byte range of 1-based `line`, without its line break.
    fn line_bounds(&self, text: &str, line: usize) -> (usize, usize) {
        let i = line.saturating_sub(1).min(self.starts.len() - 1);
        let start = self.starts[i];
        let end = self.starts.get(i + 1).map_or(text.len(), |&n| n - 1);
        (start, end.max(start))
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// Sorts by file, line and column, errors before warnings before hints at the same place, and
/// drops repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
    diagnostics.dedup();
}

/// The closest candidate to a misspelt name, for "did you mean" hints.
pub fn suggest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(wrong, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j] + 1).min(row[j + 1] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Where a value sits in a YAML text, when serde cannot say: the first whole-token occurrence of
/// `value` after a line that holds `key:`, else anywhere, else the key itself.
pub fn locate(text: &str, key: &str, value: &str) -> (usize, usize, usize) {
    let key_pat = format!("{key}:");
    let mut key_line = None;
    for (i, line) in text.lines().enumerate() {
        if key_line.is_none() && line.trim_start().starts_with(&key_pat) {
            key_line = Some(i);
        }
        if let Some(start) = key_line
            && i >= start
            && let Some(col) = find_token(line, value)
        {
            return (
                i + 1,
                line[..col].chars().count() + 1,
                value.chars().count(),
            );
        }
    }
    for (i, line) in text.lines().enumerate() {
        if let Some(col) = find_token(line, value) {
            return (
                i + 1,
                line[..col].chars().count() + 1,
                value.chars().count(),
            );
        }
    }
    if let Some(i) = key_line {
        let line = text.lines().nth(i).unwrap_or("");
        let col = line.find(&key_pat).unwrap_or(0);
        return (i + 1, line[..col].chars().count() + 1, key.chars().count());
    }
    (0, 0, 1)
}

/// As [`locate`], but only inside `within` (byte offsets of `text`), for a text whose entries
/// repeat each other's words: an error about one entry points into that entry, not at an
/// earlier one that happens to hold the same words. Found nowhere there, the entry's start.
pub fn locate_within(
    text: &str,
    within: Range<usize>,
    key: &str,
    value: &str,
) -> (usize, usize, usize) {
    let Some(part) = text.get(within.clone()) else {
        return locate(text, key, value);
    };
    let (start_line, start_col) = line_col(text, within.start);
    match locate(part, key, value) {
        (0, _, _) => (start_line, start_col, 1),
        (1, col, width) => (start_line, start_col + col - 1, width),
        (line, col, width) => (start_line + line - 1, col, width),
    }
}

fn find_token(line: &str, token: &str) -> Option<usize> {
    if token.is_empty() {
        return None;
    }
    // A slash continues a web address: `https://a.fi` is not found inside `https://a.fi/x`.
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '/';
    let mut from = 0;
    while let Some(pos) = line[from..].find(token) {
        let start = from + pos;
        let end = start + token.len();
        let before_ok = line[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word(c));
        let after_ok = line[end..].chars().next().is_none_or(|c| !is_word(c));
        if before_ok && after_ok {
            return Some(start);
        }
        from = start + token.len().max(1);
        while from < line.len() && !line.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_index_agrees_with_counting_from_the_start() {
        let text = "ensimmäinen\nrivi äöå\r\n\nkolmas rivi, pitkä\nviimeinen";
        let index = LineIndex::new(text);
        // In order and out of order, on every character boundary.
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &o in offsets.iter().chain(offsets.iter().rev()) {
            let before = &text[..o];
            let line = before.matches('\n').count() + 1;
            let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            assert_eq!(index.line_col(text, o), (line, col), "offset {o}");
        }
    }

    #[test]
    fn a_diagnostic_on_a_long_line_keeps_a_window_with_the_caret_under_the_fault() {
        let line = format!("{}VIKA{}", "a".repeat(5000), "b".repeat(5000));
        let text = format!("eka\n{line}\nkolmas\n");
        let d = Diagnostic::warning("x.md", "here")
            .at_offset(&text, 4 + 5000)
            .width(4);
        assert_eq!((d.line, d.column), (2, 5001));
        let snippet = d.snippet.as_deref().unwrap();
        assert!(snippet.len() < 600, "{} bytes kept", snippet.len());
        let shown = d.render(false);
        let lines: Vec<&str> = shown.lines().collect();
        let caret = lines[3].chars().position(|c| c == '^').unwrap();
        let under: String = lines[2].chars().skip(caret).take(4).collect();
        assert_eq!(under, "VIKA", "{shown}");
        // The same through line and column.
        let e = Diagnostic::warning("x.md", "here")
            .at(&text, 2, 5001)
            .width(4);
        assert_eq!(e.render(false), d.render(false));
    }

    #[test]
    fn ten_thousand_warnings_on_one_long_line_hold_little() {
        let text = "https://example.fi/a ".repeat(10_000);
        let index = LineIndex::new(&text);
        let total: usize = (0..10_000)
            .map(|i| Diagnostic::warning("x.md", "bare").at_index(&index, &text, i * 21))
            .map(|d| d.snippet.map_or(0, |s| s.len()))
            .sum();
        // A whole copy of the line each would be 2 GB.
        assert!(total < 10_000 * 600, "{total} bytes");
    }

    #[test]
    fn renders_in_compiler_format_with_caret_and_hint() {
        let text = "---\ntitle: Perhetyö\nsumary: Tukea\n---\n";
        let d = Diagnostic::error("content/services/perhetyo/fi.md", "unknown field 'sumary'")
            .at(text, 3, 1)
            .width(6)
            .hint("did you mean 'summary'?");
        assert_eq!(
            d.render(false),
            "content/services/perhetyo/fi.md:3:1: error: unknown field 'sumary'\n  |\n3 | sumary: Tukea\n  | ^^^^^^\n  = hint: did you mean 'summary'?\n"
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_col("ä\nöö x", 8), (2, 4));
    }

    #[test]
    fn suggests_close_names_only() {
        let ids = ["kainuu", "pohjois-savo", "helsinki"];
        assert_eq!(suggest("kainu", ids), Some("kainuu"));
        assert_eq!(suggest("pohjoissavo", ids), Some("pohjois-savo"));
        assert_eq!(suggest("tampere", ids), None);
    }

    #[test]
    fn locates_a_value_under_its_key_as_a_whole_token() {
        let text = "title: kainuu-ohje\nregions: [kainuu-x, kainuu]\n";
        assert_eq!(locate(text, "regions", "kainuu"), (2, 21, 6));
    }

    #[test]
    fn locates_within_an_entry_past_an_earlier_copy_of_the_same_words() {
        let text = "number: \"06 999 1234\"\nlist:\n  - { name: Kuhmo, code: \"999\" }\n  - name: Kuhmo\n    code: \"999\"\n";
        let second = text.find("- { name").unwrap();
        let third = text.find("- name").unwrap();
        // Searching the whole text, the first copy is in the phone number.
        assert_eq!(locate(&text[..third], "code", "999"), (1, 13, 3));
        let entry = |start: usize, end: usize| start..end;
        assert_eq!(
            locate_within(text, entry(second, third - 3), "code", "999"),
            (3, 27, 3)
        );
        assert_eq!(
            locate_within(text, entry(third, text.len() - 1), "code", "999"),
            (5, 12, 3)
        );
        assert_eq!(
            locate_within(text, entry(third, text.len() - 1), "name", "Kuhmo"),
            (4, 11, 5)
        );
        // Not in the entry: its start, never the earlier copy.
        assert_eq!(
            locate_within(text, entry(third, text.len() - 1), "slug", "x"),
            (4, 3, 1)
        );
    }
}
