//! Where each item of a YAML list sits in the text, for a message about one item of a list
//! whose items can repeat each other's words (two municipalities of one name, a code that is
//! also part of a phone number). serde_yaml gives no positions, so this reads the text's
//! layout: block lists (`- ...` lines) and flow lists (`[ ..., ... ]`) under a key.

use std::ops::Range;

/// One list under the key: whether the key starts a line at column 0 (a key of the file's
/// top mapping), and each item's bytes in the text, in order.
#[derive(Debug, PartialEq, Eq)]
pub struct List {
    pub top_level: bool,
    pub items: Vec<Range<usize>>,
}

/// Every non-empty list under `key:` in `text`, in the order they appear.
pub fn lists(text: &str, key: &str) -> Vec<List> {
    let pattern = format!("{key}:");
    let lines = line_spans(text);
    let mut found = Vec::new();
    let mut skip_deeper_than: Option<usize> = None;
    for (i, &(start, end)) in lines.iter().enumerate() {
        let line = &text[start..end];
        let indent = line.len() - line.trim_start().len();
        if line.trim().is_empty() {
            continue;
        }
        // The lines of a block text (`description: |`) are text, not keys.
        if let Some(level) = skip_deeper_than {
            if indent > level {
                continue;
            }
            skip_deeper_than = None;
        }
        if opens_block_text(line) {
            skip_deeper_than = Some(indent);
        }
        let mut from = 0;
        while let Some(pos) = line[from..].find(&pattern) {
            let at = from + pos;
            from = at + pattern.len();
            if !starts_a_key(line, at) {
                continue;
            }
            let after = start + at + pattern.len();
            let rest = strip_comment(&text[after..end]).trim_start();
            let items = if rest.starts_with('[') {
                let lead = text[after..end].len() - text[after..end].trim_start().len();
                flow_items(text, after + lead)
            } else if rest.trim().is_empty() {
                block_items(text, &lines[i + 1..], indent)
            } else {
                Vec::new()
            };
            if !items.is_empty() {
                found.push(List {
                    top_level: at == 0,
                    items,
                });
            }
        }
    }
    found
}

/// Each line's bytes, without its line break.
fn line_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        spans.push((start, start + content.len()));
        start += line.len();
    }
    spans
}

/// A key starts the line (after indentation or a list dash), or follows `{` or `,`.
fn starts_a_key(line: &str, at: usize) -> bool {
    let before = line[..at].trim_end();
    before.is_empty()
        || before.ends_with('{')
        || before.ends_with(',')
        || before
            .trim_start()
            .trim_start_matches('-')
            .trim()
            .is_empty()
}

fn opens_block_text(line: &str) -> bool {
    let value = strip_comment(line).trim_end();
    let Some((_, after)) = value.split_once(": ") else {
        return false;
    };
    let after = after.trim();
    after.starts_with(['|', '>']) && after.len() <= 3
}

/// The line up to a comment: a `#` after a space, outside quotes.
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '#') if prev.is_whitespace() => return &line[..i],
            _ => {}
        }
        prev = c;
    }
    line
}

/// The `- ` items that follow a key at `key_indent`: each from its dash to the end of its
/// last more-indented line.
fn block_items(text: &str, lines: &[(usize, usize)], key_indent: usize) -> Vec<Range<usize>> {
    let mut items: Vec<Range<usize>> = Vec::new();
    let mut dash_indent = None;
    for &(start, end) in lines {
        let line = &text[start..end];
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let is_dash = trimmed == "-" || trimmed.starts_with("- ");
        match dash_indent {
            None if is_dash && indent >= key_indent => {
                dash_indent = Some(indent);
                items.push(start + indent..end);
            }
            Some(d) if is_dash && indent == d => items.push(start + indent..end),
            Some(d) if indent > d => {
                if let Some(last) = items.last_mut() {
                    last.end = end;
                }
            }
            _ => break,
        }
    }
    items
}

/// The items of a flow list whose `[` is at `open`: split at the commas of its own level,
/// each trimmed of spaces and comments.
fn flow_items(text: &str, open: usize) -> Vec<Range<usize>> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut quote = None;
    let mut item_start = open + 1;
    let mut in_comment = false;
    let mut prev = ' ';
    for (i, c) in text[open..].char_indices() {
        let at = open + i;
        if in_comment {
            in_comment = c != '\n';
            prev = c;
            continue;
        }
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') if prev.is_whitespace() => in_comment = true,
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    push_trimmed(text, item_start..at, &mut items);
                    return items;
                }
            }
            (None, ',') if depth == 1 => {
                push_trimmed(text, item_start..at, &mut items);
                item_start = at + 1;
            }
            _ => {}
        }
        prev = c;
    }
    // An unclosed list: serde has already said so; nothing here to point at.
    Vec::new()
}

fn push_trimmed(text: &str, range: Range<usize>, items: &mut Vec<Range<usize>>) {
    let mut start = range.start;
    // Comments before the item are no part of it.
    loop {
        let part = &text[start..range.end];
        let lead = part.len() - part.trim_start().len();
        start += lead;
        if !text[start..range.end].starts_with('#') {
            break;
        }
        match text[start..range.end].find('\n') {
            Some(eol) => start += eol + 1,
            None => return,
        }
    }
    let kept = text[start..range.end].trim_end();
    if !kept.is_empty() {
        items.push(start..start + kept.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, list: &List) -> Vec<&'a str> {
        list.items.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn block_items_run_from_their_dash_to_their_last_line() {
        let text = "name: x\nmunicipalities:\n  - { code: \"598\" }\n  # a comment\n  - name: Kuopio\n    code: \"297\"\n\n  - name: Karttula\n    part_of: Kuopio\nservices: {}\n";
        let found = lists(text, "municipalities");
        assert_eq!(found.len(), 1);
        assert!(found[0].top_level);
        assert_eq!(
            texts(text, &found[0]),
            [
                "- { code: \"598\" }",
                "- name: Kuopio\n    code: \"297\"",
                "- name: Karttula\n    part_of: Kuopio"
            ]
        );
    }

    #[test]
    fn a_list_may_start_at_its_keys_own_indentation() {
        let text = "municipalities:\n- code: \"205\"\n- code: \"290\"\nchannels: []\n";
        let found = lists(text, "municipalities");
        assert_eq!(
            texts(text, &found[0]),
            ["- code: \"205\"", "- code: \"290\""]
        );
    }

    #[test]
    fn flow_items_split_at_their_own_commas_only() {
        let text = "areas:\n  - id: a\n    municipalities: [ { name: \"Kaa, vi\", code: \"204\" }, # c, d\n      {code: '297'} ]\n";
        let found = lists(text, "municipalities");
        assert_eq!(found.len(), 1);
        assert!(!found[0].top_level);
        assert_eq!(
            texts(text, &found[0]),
            ["{ name: \"Kaa, vi\", code: \"204\" }", "{code: '297'}"]
        );
    }

    #[test]
    fn lists_come_in_text_order_and_empty_ones_are_left_out() {
        let text = "areas:\n  - id: a\n    municipalities:\n      - { code: \"005\" }\n  - id: b\n    municipalities: []\n  - { id: c, municipalities: [{ code: \"009\" }] }\nmunicipalities:\n  - { code: \"010\" }\n";
        let found = lists(text, "municipalities");
        let all: Vec<(bool, Vec<&str>)> = found
            .iter()
            .map(|l| (l.top_level, texts(text, l)))
            .collect();
        assert_eq!(
            all,
            [
                (false, vec!["- { code: \"005\" }"]),
                (false, vec!["{ code: \"009\" }"]),
                (true, vec!["- { code: \"010\" }"]),
            ]
        );
    }

    #[test]
    fn the_key_inside_a_text_is_no_key() {
        let text = "description: |\n  municipalities:\n  - not one\nnote: \"municipalities: [x]\"\nmunicipalities:\n  - { code: \"091\" }\n";
        let found = lists(text, "municipalities");
        assert_eq!(found.len(), 1);
        assert_eq!(texts(text, &found[0]), ["- { code: \"091\" }"]);
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn items_are_in_order_inside_the_text_whatever_it_holds(
                text in "(municipalities:|[ \t\n\\-\\[\\]{},:#\"'|>]|a|ä|\u{3000}){0,60}"
            ) {
                for list in lists(&text, "municipalities") {
                    let mut last = 0;
                    for item in list.items {
                        prop_assert!(last <= item.start && item.start < item.end && item.end <= text.len());
                        prop_assert!(text.is_char_boundary(item.start) && text.is_char_boundary(item.end));
                        last = item.end;
                    }
                }
            }
        }
    }
}
