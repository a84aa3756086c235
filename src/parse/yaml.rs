//! Every YAML call of esite lives here, so that moving off the archived `serde_yaml` to a
//! maintained fork changes this one file. Errors come back as editor-friendly diagnostics.

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
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
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
}
