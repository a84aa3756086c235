//! Every YAML call of esite lives here, so that moving off the archived `serde_yaml` to a
//! maintained fork changes this one file. Errors come back as editor-friendly diagnostics.

use super::depth::{self, Problem};
use crate::diag::{self, Diagnostic};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `text` (which starts at line `first_line` of `file`) into `T`.
pub fn parse<T: DeserializeOwned>(
    file: &Path,
    whole_file: &str,
    text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    // libyaml refuses some control characters in words an editor cannot act on, and lets
    // others through into the pages.
    if let Err(p) = depth::control(text) {
        let (line, column) = diag::line_col(text, p.at.start);
        let mut d = Diagnostic::error(file, p.message)
            .at(whole_file, first_line + line - 1, column)
            .hint(p.hint);
        d.snippet = d.snippet.map(|s| depth::visible(&s));
        return Err(d);
    }
    // An empty document is an empty mapping to the editor, so missing fields get named.
    let text_or_empty = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(text_or_empty).map_err(|e| explain(file, whole_file, first_line, &e))
}

fn explain(
    file: &Path,
    whole_file: &str,
    first_line: usize,
    err: &serde_yaml::Error,
) -> Diagnostic {
    let raw = err.to_string();
    // serde_yaml appends " at line L column C"; we show the location our own way.
    let message = match raw.rfind(" at line ").filter(|_| err.location().is_some()) {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    if let Some(found) = decode(&message) {
        let (line, column) = err.location().map_or((0, 1), |l| (l.line(), l.column()));
        return found.diagnostic(file, whole_file, first_line + line.max(1) - 1, column);
    }
    // It may prefix the path inside the document: "areas[0].channels[1]: unknown field ...".
    let (path, message) = split_path(&message);
    let (mut text, mut hint) = plain_words(message);
    if let Some(path) = path {
        text = format!("{text} (in {path})");
    }
    let mut d = Diagnostic::error(file, String::new());
    let mut width = 1;
    if let Some(loc) = err.location() {
        let line = first_line + loc.line() - 1;
        let mut column = loc.column();
        if let Some(field) = backticked(message) {
            // Serde reports the map's start for unknown fields; point at the field itself.
            let src_line = whole_file.lines().nth(line - 1).unwrap_or("");
            if let Some(pos) = src_line.find(&format!("{field}:")) {
                column = src_line[..pos].chars().count() + 1;
                width = field.chars().count();
            }
            if message.starts_with("unknown field")
                && let Some(expected) = expected_fields(message)
            {
                hint = Some(
                    match diag::suggest(field, expected.iter().map(String::as_str)) {
                        Some(s) => {
                            format!("did you mean '{s}'? Allowed here: {}", expected.join(", "))
                        }
                        None => format!("allowed here: {}", expected.join(", ")),
                    },
                );
            }
        }
        d = d.at(whole_file, line, column).width(width);
    }
    d.message = text;
    d.hint = hint;
    d
}

/// Marks a serde error that carries a [`Problem`] found in a text value (see `encode`).
const PROBLEM: &str = "\u{1e}esite-problem\u{1f}";

/// A problem in a text value, for serde to carry out of a `Deserialize` impl with its line. The
/// line of the value it was found in goes along, so `decode` can point into a block of text.
pub(crate) fn encode(value: &str, p: &Problem) -> String {
    let (line, column) = diag::line_col(value, p.at.start);
    let text = value.lines().nth(line - 1).unwrap_or("");
    format!(
        "{PROBLEM}{line}\u{1f}{column}\u{1f}{}\u{1f}{}\u{1f}{text}",
        p.message, p.hint
    )
}

struct Found<'a> {
    /// 1-based line and column within the value.
    line: usize,
    column: usize,
    message: &'a str,
    hint: &'a str,
    text: &'a str,
}

fn decode(message: &str) -> Option<Found<'_>> {
    let rest = &message[message.find(PROBLEM)? + PROBLEM.len()..];
    let mut parts = rest.splitn(5, '\u{1f}');
    Some(Found {
        line: parts.next()?.parse().ok()?,
        column: parts.next()?.parse().ok()?,
        message: parts.next()?,
        hint: parts.next()?,
        text: parts.next()?,
    })
}

impl Found<'_> {
    /// Points at the problem in the file: serde knows where the value starts (`line`, `column`
    /// of the file); the problem's own line is found from there, as block text (`|`) keeps its
    /// lines. Text folded or written with escapes is not found; then the value's start it is.
    fn diagnostic(&self, file: &Path, whole_file: &str, line: usize, column: usize) -> Diagnostic {
        let needle = self.text.trim_start();
        let indent = self.text.chars().count() - needle.chars().count();
        let needle = needle.trim_end();
        let found = whole_file
            .lines()
            .enumerate()
            .skip(line - 1)
            .take(self.line + 64)
            .find_map(|(i, l)| {
                let pos = l.find(needle).filter(|_| !needle.is_empty())?;
                let before = l[..pos].chars().count();
                Some((i + 1, before + self.column.saturating_sub(indent).max(1)))
            });
        let escaped = || {
            let c = self.text.chars().nth(self.column.saturating_sub(1))?;
            let forms = escapes(c);
            whole_file
                .lines()
                .enumerate()
                .skip(line - 1)
                .take(self.line + 64)
                .find_map(|(i, l)| {
                    let pos = forms.iter().filter_map(|f| l.find(f.as_str())).min()?;
                    Some((i + 1, l[..pos].chars().count() + 1))
                })
        };
        let (line, column) = found.or_else(escaped).unwrap_or((line, column));
        let mut d = Diagnostic::error(file, self.message)
            .at(whole_file, line, column)
            .hint(self.hint);
        d.snippet = d.snippet.map(|s| depth::visible(&s));
        d
    }
}

/// How a control character can be written in a double-quoted YAML text.
fn escapes(c: char) -> Vec<String> {
    let n = c as u32;
    let mut forms = vec![
        format!("\\x{n:02x}"),
        format!("\\x{n:02X}"),
        format!("\\u{n:04x}"),
        format!("\\u{n:04X}"),
        format!("\\U{n:08x}"),
        format!("\\U{n:08X}"),
    ];
    let short = match c {
        '\0' => Some("\\0"),
        '\u{7}' => Some("\\a"),
        '\u{8}' => Some("\\b"),
        '\u{b}' => Some("\\v"),
        '\u{c}' => Some("\\f"),
        '\u{1b}' => Some("\\e"),
        '\u{85}' => Some("\\N"),
        _ => None,
    };
    forms.extend(short.map(String::from));
    forms
}

fn split_path(message: &str) -> (Option<&str>, &str) {
    if let Some((head, tail)) = message.split_once(": ")
        && !head.contains(' ')
        && !head.is_empty()
    {
        return (Some(head), tail);
    }
    (None, message)
}

fn backticked(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

fn expected_fields(message: &str) -> Option<Vec<String>> {
    let list = message
        .split_once("expected one of ")
        .map(|(_, l)| l)
        .or_else(|| {
            message
                .split_once("expected ")
                .map(|(_, l)| l)
                .filter(|l| l.starts_with('`'))
        })?;
    Some(
        list.split(", ")
            .map(|s| s.trim_matches('`').to_string())
            .collect(),
    )
}

/// Turns serde's words into an editor's words, with a hint where one helps.
fn plain_words(message: &str) -> (String, Option<String>) {
    if let Some(field) = message.strip_prefix("missing field ") {
        let field = field.trim_matches('`');
        return (
            format!("'{field}' is missing"),
            Some(format!("add a line '{field}: ...' here")),
        );
    }
    if message.starts_with("unknown field") {
        let field = backticked(message).unwrap_or("?");
        return (format!("unknown field '{field}'"), None);
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return (
            format!("expected {}, found {}", kind(expected), kind(found)),
            Some(
                "check the indentation and the value's form (a list starts with '- ' or '[')"
                    .into(),
            ),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let value = backticked(rest).unwrap_or("?");
        let allowed = rest
            .split_once("expected ")
            .map(|(_, l)| l.replace('`', "'"));
        return (
            format!("'{value}' is not a known value"),
            allowed.map(|a| format!("use one of {a}")),
        );
    }
    if message.contains("repetition limit") || message.contains("recursion limit") {
        return (
            "the YAML nests or repeats too deeply to be read".into(),
            Some("write the values out plainly instead of through anchors and aliases".into()),
        );
    }
    (
        format!("the YAML cannot be read: {message}"),
        Some("check the indentation, and put quotes around text that contains ': ' or starts with a special character".into()),
    )
}

fn kind(serde_kind: &str) -> String {
    let s = serde_kind.trim();
    if s.starts_with("a sequence") || s == "sequence" {
        "a list".into()
    } else if s.starts_with("a map") || s.starts_with("struct") || s == "map" {
        "a set of 'name: value' lines".into()
    } else if let Some(v) = s.strip_prefix("integer ") {
        format!("the number {}", v.trim_matches('`'))
    } else if let Some(v) = s.strip_prefix("floating point ") {
        format!("the number {}", v.trim_matches('`'))
    } else if let Some(v) = s.strip_prefix("string ") {
        format!("the text {}", v.replace('`', "\""))
    } else if let Some(v) = s.strip_prefix("boolean ") {
        format!("yes/no value {}", v.trim_matches('`'))
    } else if s == "unit value" {
        "nothing".into()
    } else {
        s.replace('`', "'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Fm {
        title: String,
        summary: String,
        #[serde(default)]
        regions: Vec<String>,
    }

    fn err(text: &str) -> Diagnostic {
        parse::<Fm>(Path::new("fi.md"), text, text, 1).unwrap_err()
    }

    #[test]
    fn unknown_field_points_at_the_field_with_did_you_mean() {
        let d = err("title: A\nsumary: B\n");
        assert_eq!(d.message, "unknown field 'sumary'");
        assert_eq!((d.line, d.column, d.width), (2, 1, 6));
        assert!(d.hint.unwrap().starts_with("did you mean 'summary'?"));
    }

    #[test]
    fn missing_field_is_named() {
        let d = err("title: A\n");
        assert_eq!(d.message, "'summary' is missing");
    }

    #[test]
    fn wrong_type_says_what_was_expected_in_plain_words() {
        let d = err("title: A\nsummary: B\nregions: 123\n");
        assert!(
            d.message
                .starts_with("expected a list, found the number 123"),
            "{}",
            d.message
        );
        assert_eq!(d.line, 3);
    }

    #[test]
    fn billion_laughs_is_refused_not_expanded() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("a{}", i - 1)
            };
            text.push_str(&format!(
                "a{i}: &a{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let r: Result<serde_yaml::Value, _> = parse(Path::new("x.yaml"), &text, &text, 1);
        assert!(r.is_err());
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Region {
        name: crate::parse::raw::Localized,
        notes: Option<crate::parse::raw::Localized>,
    }

    fn region_err(text: &str) -> Diagnostic {
        parse::<Region>(Path::new("r.yaml"), text, text, 1).unwrap_err()
    }

    #[test]
    fn a_deep_text_in_a_block_is_pointed_at_on_its_own_line() {
        let text = format!(
            "name: Alue\nnotes:\n  fi: |\n    Hei.\n\n    {}x\n",
            "> ".repeat(40)
        );
        let d = region_err(&text);
        assert!(
            d.message.starts_with("this text nests quotes 40 deep"),
            "{d:?}"
        );
        assert_eq!((d.line, d.column), (6, 69));
        assert!(d.hint.unwrap().contains("'>'"));
    }

    #[test]
    fn control_characters_are_refused_raw_or_escaped_with_their_place() {
        let d = region_err("name: Alue\nnotes: { fi: a\u{1}b }\n");
        assert_eq!(
            d.message,
            "this text contains an invisible control character (U+0001)"
        );
        assert_eq!((d.line, d.column), (2, 15));
        assert_eq!(d.snippet.as_deref(), Some("notes: { fi: a\u{2401}b }"));
        let d = region_err("name: Alue\nnotes:\n  fi: ok\n  en: \"a\\x1Bb\"\n");
        assert_eq!(
            d.message,
            "this text contains an invisible control character (U+001B ESCAPE)"
        );
        assert_eq!((d.line, d.column), (4, 9));
        let text = "title: \"a\\0b\"\nsummary: B\n";
        let d = parse::<crate::parse::raw::RawFrontMatter>(Path::new("fi.md"), text, text, 1)
            .unwrap_err();
        assert_eq!(
            d.message,
            "this text contains an invisible control character (U+0000 NULL)"
        );
        assert_eq!((d.line, d.column), (1, 10));
    }
}
