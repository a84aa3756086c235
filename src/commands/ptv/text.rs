//! Texts between esite's Markdown and PTV's plain-text format. PTV keeps a description as
//! lines: `* ` starts a bullet, `1. ` a numbered item, `### ` a heading, an empty line
//! separates paragraphs, and nothing else is formatting (no links, no emphasis). This is the
//! format PTV's own text conversion (`TextManager`) reads and writes.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A Markdown body as PTV text: paragraphs one to a line with an empty line between, list
/// items as `* ` or `1. `, headings as `### `, a link as its text with the address in
/// brackets. Region passages (`::: kainuu` … `:::`) keep their text: a PTV service has one
/// description for every reader.
pub fn to_ptv(markdown: &str) -> String {
    let without_fences: String = markdown
        .lines()
        .filter(|l| !l.trim_start().starts_with(":::"))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut blocks: Vec<String> = Vec::new();
    let mut line = String::new();
    // For each open list: the next item's number, or None for bullets.
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut link: Option<(String, usize)> = None;
    let mut in_list_item = false;
    let flush = |line: &mut String, blocks: &mut Vec<String>| {
        let text = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            blocks.push(text);
        }
        line.clear();
    };
    for event in Parser::new_ext(&without_fences, Options::empty()) {
        match event {
            Event::Start(Tag::Heading { .. }) => line.push_str("### "),
            Event::Start(Tag::List(start)) => {
                flush(&mut line, &mut blocks);
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut line, &mut blocks);
                in_list_item = true;
                match lists.last_mut() {
                    Some(Some(n)) => {
                        line.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => line.push_str("* "),
                }
            }
            Event::End(TagEnd::Item) => {
                flush(&mut line, &mut blocks);
                in_list_item = false;
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock)
                if !in_list_item =>
            {
                flush(&mut line, &mut blocks);
                blocks.push(String::new());
            }
            Event::Start(Tag::Link { dest_url, .. }) => link = Some((dest_url.into(), line.len())),
            Event::End(TagEnd::Link) => {
                if let Some((url, start)) = link.take() {
                    let shown = line[start..].trim().to_string();
                    // Links to esite's own pages (service:, page:) mean nothing in PTV.
                    if url.starts_with("http") && shown != url {
                        line.push_str(&format!(" ({url})"));
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => line.push_str(&t),
            Event::SoftBreak | Event::HardBreak => line.push(' '),
            _ => {}
        }
    }
    flush(&mut line, &mut blocks);
    // A list ends its block too; an empty line after it, none doubled or at the end.
    let mut out: Vec<String> = Vec::new();
    for b in blocks {
        let is_item = b.starts_with("* ")
            || b.split_once(". ")
                .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty());
        let last_empty = out.last().is_none_or(|l| l.is_empty());
        if b.is_empty() {
            if !last_empty {
                out.push(b);
            }
            continue;
        }
        if !is_item && out.last().is_some_and(|l| is_list_line(l)) {
            out.push(String::new());
        }
        out.push(b);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

fn is_list_line(line: &str) -> bool {
    line.starts_with("* ")
        || line.starts_with("- ")
        || line
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// PTV text as esite Markdown: each line a paragraph, bullets and numbered items as lists,
/// `### ` as a second-level heading. Characters Markdown would read as formatting are
/// escaped, so the words come out as PTV has them.
pub fn to_markdown(ptv: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut previous_item = false;
    for raw in ptv.lines().map(str::trim_end) {
        let line = raw.trim_start();
        if line.is_empty() {
            continue;
        }
        let (markdown, item) =
            if let Some(rest) = line.strip_prefix("* ").or(line.strip_prefix("- ")) {
                (format!("- {}", escape(rest.trim())), true)
            } else if let Some(rest) = line.strip_prefix("### ") {
                (format!("## {}", escape(rest.trim())), false)
            } else if is_list_line(line) {
                let (n, rest) = line.split_once(". ").unwrap_or(("1", line));
                (format!("{n}. {}", escape(rest.trim())), true)
            } else {
                (escape(line), false)
            };
        if !(out.is_empty() || item && previous_item) {
            out.push(String::new());
        }
        out.push(markdown);
        previous_item = item;
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        let at_start = i == 0;
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>')
            || (at_start && matches!(c, '#' | '+' | '-' | '=' | ':'))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The first sentence of a text, when the whole is longer than `max` characters and the
/// sentence is not: PTV wants a short summary of a channel beside its description.
pub fn summary_of(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    match one_line.find(". ") {
        Some(end) if one_line[..=end].chars().count() <= max => one_line[..=end].to_string(),
        _ => one_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_ptv_lines() {
        let md = "## Mitä?\n\nPerhetyö on *tukea*\nkotiin.\n\n- yksi\n- [kaksi](https://thl.fi)\n\n1. a\n2. b\n\n::: posa\n\nVain PoSa.\n\n:::\n";
        assert_eq!(
            to_ptv(md),
            "### Mitä?\n\nPerhetyö on tukea kotiin.\n\n* yksi\n* kaksi (https://thl.fi)\n1. a\n2. b\n\nVain PoSa."
        );
    }

    #[test]
    fn esite_links_keep_only_their_text() {
        assert_eq!(
            to_ptv("Katso [kotipalvelu](service:kotipalvelu)."),
            "Katso kotipalvelu."
        );
    }

    #[test]
    fn ptv_lines_become_markdown() {
        let ptv = "### Otsikko\nEnsimmäinen kappale.\n\n* yksi\n* kaksi\nToinen *kappale* <b>.";
        assert_eq!(
            to_markdown(ptv),
            "## Otsikko\n\nEnsimmäinen kappale.\n\n- yksi\n- kaksi\n\nToinen \\*kappale\\* \\<b\\>.\n"
        );
    }

    #[test]
    fn a_round_trip_keeps_the_words_and_lists() {
        let ptv = "### Otsikko\n\nKappale yksi.\n\n* a\n* b\n\nKappale kaksi.";
        assert_eq!(to_ptv(&to_markdown(ptv)), ptv);
    }

    #[test]
    fn a_long_text_is_summed_up_by_its_first_sentence() {
        let long = format!("Lyhyt lause. {}", "sana ".repeat(40));
        assert_eq!(summary_of(&long, 150), "Lyhyt lause.");
        assert_eq!(summary_of("Lyhyt.", 150), "Lyhyt.");
    }
}
