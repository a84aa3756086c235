//! Two things a long text needs to be read rather than searched: footnotes gathered into a
//! numbered list at its end, each linked to where it is referred to and back; and, where a
//! text has four or more sections, a list of them at its start ("On this page").

use crate::theme::Theme;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use std::collections::HashMap;

/// The words these lists need, in the page's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub footnotes: String,
    /// Read by screen readers on the link back: "Back to the text, footnote".
    pub back: String,
    pub contents: String,
}

impl Words {
    /// From the theme's texts for language `code` (`footnotes`, `footnote_back`,
    /// `on_this_page`); a theme that lacks them gets English, not a missing word.
    pub fn of(theme: &Theme, code: &str) -> Words {
        let english = Words::english();
        let get = |key: &str, fallback: String| {
            theme
                .strings
                .get(code)
                .and_then(|s| s.0.get(key))
                .and_then(|v| v.as_str())
                .map_or(fallback, str::to_string)
        };
        Words {
            footnotes: get("footnotes", english.footnotes),
            back: get("footnote_back", english.back),
            contents: get("on_this_page", english.contents),
        }
    }

    pub fn english() -> Words {
        Words {
            footnotes: "Footnotes".into(),
            back: "Back to the text, footnote".into(),
            contents: "On this page".into(),
        }
    }
}

/// Sections needed before a text gets a list of them.
const CONTENTS_FROM: usize = 4;

/// Moves footnote definitions to a numbered list at the end, numbered in the order they are
/// first referred to, and links each reference to its note and the note back to the first
/// reference. Notes never referred to keep their place at the end too.
pub fn footnotes<'a>(events: Vec<Event<'a>>, words: &Words) -> Vec<Event<'a>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::FootnoteReference(_)))
        && !events
            .iter()
            .any(|e| matches!(e, Event::Start(Tag::FootnoteDefinition(_))))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 16);
    let mut notes: HashMap<String, Vec<Event<'a>>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut refs: HashMap<String, usize> = HashMap::new();
    let mut inside: Option<(String, Vec<Event<'a>>, usize)> = None;
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                inside = Some((label.to_string(), Vec::new(), 0));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, body, _)) = inside.take() {
                    if !order.contains(&label) {
                        order.push(label.clone());
                    }
                    notes.insert(label, body);
                }
            }
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                if !order.contains(&label) {
                    order.push(label.clone());
                }
                let n = order.iter().position(|l| *l == label).unwrap_or(0) + 1;
                let seen = refs.entry(label.clone()).or_insert(0);
                *seen += 1;
                let id = anchor(&label);
                let reference = format!(
                    "<sup class=\"footnote-ref\"><a href=\"#fn-{id}\" id=\"fnref-{id}-{seen}\" aria-describedby=\"footnotes-heading\">{n}</a></sup>"
                );
                match &mut inside {
                    Some((_, body, _)) => body.push(Event::InlineHtml(CowStr::from(reference))),
                    None => out.push(Event::InlineHtml(CowStr::from(reference))),
                }
            }
            other => match &mut inside {
                Some((_, body, _)) => body.push(other),
                None => out.push(other),
            },
        }
    }
    let defined: Vec<&String> = order.iter().filter(|l| notes.contains_key(*l)).collect();
    if defined.is_empty() {
        return out;
    }
    out.push(Event::Html(CowStr::from(format!(
        "<section class=\"footnotes\" aria-labelledby=\"footnotes-heading\"><h2 id=\"footnotes-heading\">{}</h2><ol>",
        escape(&words.footnotes)
    ))));
    for label in order.iter() {
        let Some(body) = notes.remove(label) else {
            continue;
        };
        let id = anchor(label);
        let n = order.iter().position(|l| l == label).unwrap_or(0) + 1;
        out.push(Event::Html(CowStr::from(format!("<li id=\"fn-{id}\">"))));
        out.extend(body);
        if refs.contains_key(label) {
            out.push(Event::Html(CowStr::from(format!(
                "<a class=\"footnote-back\" href=\"#fnref-{id}-1\" aria-label=\"{} {n}\">↩</a>",
                escape(&words.back)
            ))));
        }
        out.push(Event::Html(CowStr::from("</li>")));
    }
    out.push(Event::Html(CowStr::from("</ol></section>")));
    out
}

/// A list of the text's `##` sections at its start, when it has at least four.
pub fn contents<'a>(events: Vec<Event<'a>>, words: &Words) -> Vec<Event<'a>> {
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut current: Option<(String, String)> = None;
    for e in &events {
        match e {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                id: Some(id),
                ..
            }) => current = Some((id.to_string(), String::new())),
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let Some(s) = current.take() {
                    sections.push(s);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut current {
                    text.push_str(t);
                }
            }
            _ => {}
        }
    }
    // The footnotes' own heading is not a section of the text.
    sections.retain(|(id, _)| id != "footnotes-heading");
    if sections.len() < CONTENTS_FROM {
        return events;
    }
    let mut nav = format!(
        "<nav class=\"on-this-page\" aria-labelledby=\"on-this-page-heading\"><h2 id=\"on-this-page-heading\">{}</h2><ul>",
        escape(&words.contents)
    );
    for (id, text) in &sections {
        nav.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>",
            escape(id),
            escape(text.trim())
        ));
    }
    nav.push_str("</ul></nav>");
    let mut out = Vec::with_capacity(events.len() + 1);
    out.push(Event::Html(CowStr::from(nav)));
    out.extend(events);
    out
}

/// A footnote label as it can stand in an id: letters, digits and hyphens.
fn anchor(label: &str) -> String {
    let a = crate::model::slug::slugify(label);
    if a.is_empty() { "x".into() } else { a }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn html(md: &str) -> String {
        let events: Vec<Event> = Parser::new_ext(md, Options::ENABLE_FOOTNOTES).collect();
        let events = contents(footnotes(events, &Words::english()), &Words::english());
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        out
    }

    #[test]
    fn footnotes_go_to_a_numbered_list_at_the_end_with_links_both_ways() {
        let out = html(
            "Laki[^laki] ja asetus[^b].\n\n[^b]: Asetus 2.\n\nVäli.\n\n[^laki]: Sosiaalihuoltolaki.\n\nLoppu[^laki].\n",
        );
        let list = out.find("<section class=\"footnotes\"").expect(&out);
        assert!(
            out[..list].contains("Loppu"),
            "notes come after the text: {out}"
        );
        // Numbered by first reference, not by where they are written.
        assert!(
            out.contains(
                "href=\"#fn-laki\" id=\"fnref-laki-1\" aria-describedby=\"footnotes-heading\">1</a>"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "href=\"#fn-b\" id=\"fnref-b-1\" aria-describedby=\"footnotes-heading\">2</a>"
            ),
            "{out}"
        );
        assert!(
            out.contains("id=\"fnref-laki-2\""),
            "a second reference has its own id: {out}"
        );
        let laki = out.find("<li id=\"fn-laki\">").unwrap();
        let b = out.find("<li id=\"fn-b\">").unwrap();
        assert!(laki < b, "{out}");
        assert!(
            out.contains("href=\"#fnref-laki-1\" aria-label=\"Back to the text, footnote 1\""),
            "{out}"
        );
        assert!(!out.contains("footnote-definition"), "{out}");
    }

    #[test]
    fn four_sections_get_a_list_of_them_and_three_do_not() {
        let md = |n: usize| {
            (1..=n)
                .map(|i| format!("## Osa {i}\n\nTeksti.\n\n"))
                .collect::<String>()
        };
        let with_ids = |md: String| {
            let events: Vec<Event> = Parser::new_ext(&md, Options::empty())
                .map(|e| match e {
                    Event::Start(Tag::Heading {
                        level,
                        classes,
                        attrs,
                        ..
                    }) => Event::Start(Tag::Heading {
                        level,
                        id: Some("osa".into()),
                        classes,
                        attrs,
                    }),
                    other => other,
                })
                .collect();
            let mut out = String::new();
            pulldown_cmark::html::push_html(
                &mut out,
                contents(events, &Words::english()).into_iter(),
            );
            out
        };
        assert!(!with_ids(md(3)).contains("on-this-page"));
        let four = with_ids(md(4));
        assert!(four.starts_with("<nav class=\"on-this-page\""), "{four}");
        assert_eq!(
            four.matches("<li><a href=\"#osa\">Osa").count(),
            4,
            "{four}"
        );
    }
}
