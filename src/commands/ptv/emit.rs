//! esite's raw structs written back as the YAML and front matter editors read: a region file
//! and a service's Markdown front matter, in the order and style of the example site (short
//! lists in flow style, times and codes in quotes, long texts as blocks). Reading the text
//! this writes gives the same structs again; comments inside a file are not kept.

use crate::commands::new::quote;
use crate::parse::raw::*;
use indexmap::IndexMap;
use std::fmt::Write;

/// A scalar as YAML inside `{ … }` or `[ … ]`: plain where that reads back the same, in
/// quotes otherwise. Codes, postal codes and times are always quoted, as the example site
/// writes them.
fn scalar(text: &str) -> String {
    let numeric_like = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | '-'));
    // Commas and brackets end a value inside `{ … }` and `[ … ]`.
    let flow = text.contains([',', '[', ']', '{', '}']);
    if numeric_like || flow {
        serde_json::to_string(text).unwrap_or_default()
    } else {
        quote(text)
    }
}

/// A scalar as the value of a `key:` line, where commas and brackets are plain text.
fn block_scalar(text: &str) -> String {
    if text.contains([',', '[', ']', '{', '}']) && !text.starts_with(['[', '{']) {
        quote(text)
    } else {
        scalar(text)
    }
}

/// `key: value` at `indent`, a multi-line text as a literal block.
fn text(out: &mut String, indent: usize, key: &str, value: &str) {
    let pad = " ".repeat(indent);
    let blockable = value.contains('\n')
        && !value.starts_with([' ', '\n'])
        && !value.contains('\r')
        && !value.contains('\t');
    if !blockable {
        let _ = writeln!(out, "{pad}{key}: {}", block_scalar(value));
        return;
    }
    let trailing = value.len() - value.trim_end_matches('\n').len();
    let chomp = match trailing {
        0 => "|-",
        1 => "|",
        _ => "|+",
    };
    let _ = writeln!(out, "{pad}{key}: {chomp}");
    for line in value.trim_end_matches('\n').split('\n') {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{pad}  {line}");
        }
    }
    for _ in 1..trailing {
        out.push('\n');
    }
}

fn localized(out: &mut String, indent: usize, key: &str, value: &Localized) {
    match value {
        Localized::Same(s) => text(out, indent, key, s),
        Localized::PerLanguage(map) => {
            let _ = writeln!(out, "{}{key}:", " ".repeat(indent));
            for (lang, s) in map {
                text(out, indent + 2, lang, s);
            }
        }
    }
}

fn opt_localized(out: &mut String, indent: usize, key: &str, value: &Option<Localized>) {
    if let Some(v) = value {
        localized(out, indent, key, v);
    }
}

fn opt_text(out: &mut String, indent: usize, key: &str, value: &Option<String>) {
    if let Some(v) = value {
        text(out, indent, key, v);
    }
}

fn flow_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| scalar(s)).collect();
    format!("[{}]", items.join(", "))
}

fn slug_map(out: &mut String, indent: usize, slug: &Option<IndexMap<String, String>>) {
    if let Some(map) = slug {
        let pairs: Vec<String> = map
            .iter()
            .map(|(k, v)| format!("{k}: {}", scalar(v)))
            .collect();
        let _ = writeln!(
            out,
            "{}slug: {{ {} }}",
            " ".repeat(indent),
            pairs.join(", ")
        );
    }
}

/// A region file: `header` (comment lines, each starting with `#`) and then the region.
pub fn region(header: &str, r: &RawRegion) -> String {
    let mut out = String::from(header);
    localized(&mut out, 0, "name", &r.name);
    opt_localized(&mut out, 0, "short_name", &r.short_name);
    slug_map(&mut out, 0, &r.slug);
    opt_text(&mut out, 0, "website", &r.website);
    opt_localized(&mut out, 0, "description", &r.description);
    opt_text(&mut out, 0, "ptv_organization", &r.ptv_organization);
    out.push('\n');
    municipalities(&mut out, 0, &r.municipalities);
    channels(&mut out, 0, &r.channels);
    if !r.areas.is_empty() {
        out.push_str("areas:\n");
        for a in &r.areas {
            let _ = writeln!(out, "  - id: {}", scalar(&a.id));
            localized(&mut out, 4, "name", &a.name);
            opt_localized(&mut out, 4, "description", &a.description);
            municipalities(&mut out, 4, &a.municipalities);
            channels(&mut out, 4, &a.channels);
        }
        out.push('\n');
    }
    if !r.services.is_empty() {
        out.push_str("services:\n");
        for (id, s) in &r.services {
            let empty = s.fee.is_none()
                && s.channels.is_none()
                && s.notes.is_none()
                && s.colophon.is_none();
            let _ = writeln!(out, "  {}:{}", scalar(id), if empty { " {}" } else { "" });
            if let Some(fee) = s.fee {
                let word = match fee {
                    Fee::Free => "free",
                    Fee::Charged => "charged",
                };
                let _ = writeln!(out, "    fee: {word}");
            }
            if let Some(ids) = &s.channels {
                let _ = writeln!(out, "    channels: {}", flow_list(ids));
            }
            opt_localized(&mut out, 4, "notes", &s.notes);
            if let Some(c) = &s.colophon {
                out.push_str("    colophon:\n");
                opt_localized(&mut out, 6, "photos", &c.photos);
                opt_localized(&mut out, 6, "layout", &c.layout);
                opt_localized(&mut out, 6, "printer", &c.printer);
                opt_localized(&mut out, 6, "year", &c.year);
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn municipalities(out: &mut String, indent: usize, list: &[RawMunicipality]) {
    let pad = " ".repeat(indent);
    if list.is_empty() {
        if indent == 0 {
            out.push_str("municipalities: []\n\n");
        }
        return;
    }
    let _ = writeln!(out, "{pad}municipalities:");
    for m in list {
        let simple = matches!(m.name, None | Some(Localized::Same(_)))
            && m.note.is_none()
            && m.part_of.is_none()
            && m.slug.is_none();
        if simple {
            // A code alone is enough: esite takes the names from the official list.
            let name = match &m.name {
                Some(Localized::Same(name)) => Some(format!("name: {}", scalar(name))),
                _ => None,
            };
            let code = m.code.as_ref().map(|c| format!("code: {}", scalar(c)));
            let fields: Vec<String> = name.into_iter().chain(code).collect();
            let _ = writeln!(out, "{pad}  - {{ {} }}", fields.join(", "));
            continue;
        }
        let mut item = String::new();
        opt_localized(&mut item, indent + 4, "name", &m.name);
        opt_text(&mut item, indent + 4, "code", &m.code);
        opt_localized(&mut item, indent + 4, "note", &m.note);
        opt_localized(&mut item, indent + 4, "part_of", &m.part_of);
        slug_map(&mut item, indent + 4, &m.slug);
        list_item(out, indent + 2, &item);
    }
    if indent == 0 {
        out.push('\n');
    }
}

/// Turns a block written at `indent + 2` into a list item: its first line gets the dash.
fn list_item(out: &mut String, indent: usize, block: &str) {
    let pad = " ".repeat(indent + 2);
    let first = block.strip_prefix(&pad).unwrap_or(block);
    let _ = write!(out, "{}- {first}", " ".repeat(indent));
}

fn channels(out: &mut String, indent: usize, list: &[RawChannel]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}channels:", " ".repeat(indent));
    for c in list {
        let mut item = String::new();
        channel(&mut item, indent + 4, c);
        list_item(out, indent + 2, &item);
    }
    if indent == 0 {
        out.push('\n');
    }
}

fn channel(out: &mut String, i: usize, c: &RawChannel) {
    let pad = " ".repeat(i);
    let kind = serde_json::to_value(c.kind)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    let _ = writeln!(out, "{pad}type: {kind}");
    opt_text(out, i, "id", &c.id);
    opt_text(out, i, "ptv_id", &c.ptv_id);
    opt_localized(out, i, "name", &c.name);
    opt_text(out, i, "number", &c.number);
    opt_text(out, i, "address", &c.address);
    opt_text(out, i, "url", &c.url);
    if !c.lines.is_empty() {
        let _ = writeln!(out, "{pad}lines:");
        for l in &c.lines {
            match l {
                Localized::Same(s) => {
                    let _ = writeln!(out, "{pad}  - {}", block_scalar(s));
                }
                Localized::PerLanguage(map) => {
                    let mut item = String::new();
                    for (lang, s) in map {
                        text(&mut item, i + 4, lang, s);
                    }
                    list_item(out, i + 2, &item);
                }
            }
        }
    }
    opt_localized(out, i, "street", &c.street);
    opt_text(out, i, "postal_code", &c.postal_code);
    opt_localized(out, i, "city", &c.city);
    if !c.hours.is_empty() {
        let _ = writeln!(out, "{pad}hours:");
        for h in &c.hours {
            let _ = writeln!(
                out,
                "{pad}  - {{ days: {}, open: {}, close: {} }}",
                scalar(&h.days),
                scalar(&h.open),
                scalar(&h.close)
            );
        }
    }
    opt_text(out, i, "valid_from", &c.valid_from);
    opt_text(out, i, "valid_until", &c.valid_until);
    if !c.exceptions.is_empty() {
        let _ = writeln!(out, "{pad}exceptions:");
        for e in &c.exceptions {
            let mut item = String::new();
            text(&mut item, i + 4, "date", &e.date);
            if e.closed {
                let _ = writeln!(item, "{pad}    closed: true");
            }
            opt_text(&mut item, i + 4, "open", &e.open);
            opt_text(&mut item, i + 4, "close", &e.close);
            opt_localized(&mut item, i + 4, "note", &e.note);
            list_item(out, i + 2, &item);
        }
    }
    opt_localized(out, i, "description", &c.description);
}

/// A Markdown document: front matter (with `comment` lines first) and the body.
pub fn document(comment: &str, fm: &RawFrontMatter, body: &str) -> String {
    let mut out = String::from("---\n");
    out.push_str(comment);
    text(&mut out, 0, "title", &fm.title);
    text(&mut out, 0, "summary", &fm.summary);
    opt_text(&mut out, 0, "slug", &fm.slug);
    if let Some(r) = &fm.regions {
        let _ = writeln!(out, "regions: {}", flow_list(r));
    }
    if let Some(t) = &fm.topics {
        let _ = writeln!(out, "topics: {}", flow_list(t));
    }
    if !fm.legal_basis.is_empty() {
        out.push_str("legal_basis:\n");
        for l in &fm.legal_basis {
            let _ = writeln!(out, "  - {}", block_scalar(l));
        }
    }
    if !fm.keywords.is_empty() {
        out.push_str("keywords:\n");
        for k in &fm.keywords {
            let _ = writeln!(out, "  - {}", block_scalar(k));
        }
    }
    opt_text(&mut out, 0, "updated", &fm.updated);
    if let Some(p) = fm.paper {
        let _ = writeln!(out, "paper: {}", if p == Paper::A5 { "A5" } else { "A4" });
    }
    opt_text(&mut out, 0, "translated_from", &fm.translated_from);
    if !fm.files.is_empty() {
        let _ = writeln!(out, "files: {}", flow_list(&fm.files));
    }
    opt_text(&mut out, 0, "ptv_id", &fm.ptv_id);
    out.push_str("---\n\n");
    out.push_str(body.trim_start_matches('\n'));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::yaml;
    use std::path::Path;

    fn read(text: &str) -> RawRegion {
        yaml::parse::<RawRegion>(Path::new("r.yaml"), text, text, 1)
            .expect("the written region reads back")
    }

    /// Every region of the example site, written out and read back, is the same region.
    #[test]
    fn example_regions_read_back_the_same() {
        for entry in std::fs::read_dir("content/regions").unwrap() {
            let path = entry.unwrap().path();
            let original = read(&std::fs::read_to_string(&path).unwrap());
            let written = region("# header\n", &original);
            let again = read(&written);
            assert_eq!(
                format!("{original:?}"),
                format!("{again:?}"),
                "{} changed when written out:\n{written}",
                path.display()
            );
        }
    }

    #[test]
    fn scalars_that_would_read_as_numbers_are_quoted() {
        assert_eq!(scalar("87100"), "\"87100\"");
        assert_eq!(scalar("09:00"), "\"09:00\"");
        assert_eq!(scalar("044 797 4878"), "044 797 4878");
        assert_eq!(scalar("yes"), "\"yes\"");
    }
}
