//! Markdown bodies to HTML. Links by id (`service:tehostettu-perhetyo`) become the right
//! language's URL, and the authoring mistakes that make pages hard to use with a screen reader
//! (missing alt text, skipped heading levels, "read more" links, raw HTML) are reported where
//! they were made.

use crate::diag::{self, Diagnostic};
use crate::model::{Site, slug};
use crate::parse::depth;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Link texts that mean nothing on their own (WCAG 2.4.4), compared lower-cased and trimmed.
const VAGUE_LINK_TEXTS: &[&str] = &[
    "lue lisää",
    "lisää",
    "tästä",
    "täältä",
    "klikkaa tästä",
    "klikkaa",
    "linkki",
    "tässä",
    "click here",
    "read more",
    "here",
    "more",
    "link",
    "this",
    "this page",
    "läs mer",
    "här",
    "klicka här",
];

pub struct Context<'a> {
    pub site: &'a Site,
    pub lang: usize,
    /// The Markdown file, relative to the site folder.
    pub file: &'a Path,
    /// Files beside the Markdown, relative to the site folder.
    pub assets: &'a [PathBuf],
    /// The words of the footnote list and the list of sections, in this language.
    pub words: &'a super::notes::Words,
}

/// A digest of all that [`render`] reads from the site besides the document itself: whether
/// HTML is allowed and what `service:`, `region:` and `page:` links resolve to (the ids, in
/// order, as hints list them; each one's path in each language; the services left out for
/// errors; the site's address). The preview remembers rendered bodies under it.
pub fn site_digest(site: &Site) -> [u8; 16] {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut add = |bytes: &[u8]| {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    add(&[u8::from(site.allow_html)]);
    add(site.url("").as_bytes());
    let languages = site.languages.len();
    for (si, s) in site.services.iter().enumerate() {
        add(s.id.as_bytes());
        (0..languages).for_each(|li| add(site.service_path(si, li).as_bytes()));
    }
    add(b"regions");
    for (ri, r) in site.regions.iter().enumerate() {
        add(r.id.as_bytes());
        (0..languages).for_each(|li| add(site.region_path(ri, li).as_bytes()));
    }
    add(b"pages");
    for (pi, p) in site.pages.iter().enumerate() {
        add(p.id.as_bytes());
        (0..languages).for_each(|li| add(site.page_path(pi, li).as_bytes()));
    }
    add(b"broken");
    site.broken_services.iter().for_each(|b| add(b.as_bytes()));
    h.digest128().to_le_bytes()
}

pub struct Rendered {
    pub html: String,
    pub diags: Vec<Diagnostic>,
}

/// Renders the body of `text` that starts at byte `body_start`.
pub fn render(text: &str, body_start: usize, cx: &Context) -> Rendered {
    let body = &text[body_start..];
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, depth::options())
        .into_offset_iter()
        .collect();
    // The parse stage refuses these texts already (`parse::depth`); this keeps any text that
    // came another way from reaching the minifier, which would overflow the stack on it.
    let mut meter = depth::Meter::default();
    events.iter().for_each(|(e, at)| meter.event(e, at.clone()));
    if let Err(p) = depth::control(body).and_then(|()| meter.finish()) {
        return Rendered {
            html: String::new(),
            diags: vec![p.diagnostic(cx.file, text, body_start)],
        };
    }
    let mut w = Walker {
        text,
        offset: body_start,
        cx,
        diags: Vec::new(),
        ids: Vec::new(),
        fragments: Vec::new(),
        last_level: 1,
        open_spans: 0,
        lines: std::cell::OnceCell::new(),
        html_error_line: 0,
    };
    let out = w.walk(events);
    let out = super::notes::contents(super::notes::footnotes(out, cx.words), cx.words);
    for (frag, at) in std::mem::take(&mut w.fragments) {
        if !w.ids.contains(&frag) {
            let hint = match diag::suggest(&frag, w.ids.iter().map(String::as_str)) {
                Some(s) => format!("did you mean '#{s}'? Headings get ids from their text"),
                None => {
                    "link to a heading of this page; its id is its text in lower case, with hyphens"
                        .into()
                }
            };
            w.diags.push(
                w.error(at.clone(), format!("there is no '#{frag}' on this page"))
                    .width(frag.chars().count() + 1)
                    .hint(hint),
            );
        }
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    if cx.site.allow_html {
        html = super::html::sanitise(&html);
    }
    // Bodies are kept until the pages are made: without the room reserved for growing (a
    // copy, as the allocator keeps a block that shrinks by less than half where it is).
    if html.capacity() - html.len() > html.len() / 8 {
        html = html.as_str().to_string();
    }
    Rendered {
        html,
        diags: w.diags,
    }
}

struct Walker<'a> {
    text: &'a str,
    offset: usize,
    cx: &'a Context<'a>,
    diags: Vec<Diagnostic>,
    ids: Vec<String>,
    /// In-page links to check once every heading id is known.
    fragments: Vec<(String, Range<usize>)>,
    last_level: usize,
    open_spans: usize,
    /// The text's lines, indexed at the first diagnostic: most texts have none.
    lines: std::cell::OnceCell<diag::LineIndex>,
    /// The line of the last error about raw HTML.
    html_error_line: usize,
}

impl<'a> Walker<'a> {
    fn lines(&self) -> &diag::LineIndex {
        self.lines.get_or_init(|| diag::LineIndex::new(self.text))
    }

    fn error(&self, at: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.cx.file, message)
            .at_index(self.lines(), self.text, self.offset + at.start)
            .width(self.width(&at))
    }

    fn warning(&self, at: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.cx.file, message)
            .at_index(self.lines(), self.text, self.offset + at.start)
            .width(self.width(&at))
    }

    fn width(&self, at: &Range<usize>) -> usize {
        let s = &self.text[self.offset + at.start..(self.offset + at.end).min(self.text.len())];
        s.lines().next().unwrap_or("").chars().count().max(1)
    }

    fn walk(&mut self, events: Vec<(Event<'a>, Range<usize>)>) -> Vec<Event<'a>> {
        let mut out = Vec::with_capacity(events.len());
        let mut i = 0;
        while i < events.len() {
            let (event, range) = events[i].clone();
            match event {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    let end = find_end(&events, i);
                    let inner = plain_text(&events[i + 1..end]);
                    let id = self.heading(level, id, &inner, range.clone());
                    out.push(Event::Start(Tag::Heading {
                        level,
                        id: Some(CowStr::from(id)),
                        classes,
                        attrs,
                    }));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let end = find_end(&events, i);
                    let inner = plain_text(&events[i + 1..end]);
                    let has_image = events[i + 1..end]
                        .iter()
                        .any(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })));
                    self.check_link_text(&inner, &dest_url, link_type, has_image, range.clone());
                    // <nimi@example.fi> is standard Markdown for an e-mail link; the HTML writer
                    // adds the mailto: itself.
                    let dest = if link_type == LinkType::Email {
                        dest_url.to_string()
                    } else {
                        self.resolve_link(&dest_url, range.clone())
                    };
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: CowStr::from(dest),
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let end = find_end(&events, i);
                    let alt = plain_text(&events[i + 1..end]);
                    let decorative = title.trim().eq_ignore_ascii_case("decorative")
                        || title.trim().eq_ignore_ascii_case("koriste");
                    if alt.trim().is_empty() && !decorative {
                        self.diags.push(
                            self.error(range.clone(), "this image has no alt text")
                                .hint("describe the image between the brackets: ![Parent and child reading](picture.jpg); for a purely decorative image write ![](picture.jpg \"decorative\")"),
                        );
                    }
                    let dest = self.resolve_image(&dest_url, range.clone());
                    let title = if decorative { CowStr::from("") } else { title };
                    out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: CowStr::from(dest),
                        title,
                        id,
                    }));
                    if decorative {
                        // Decorative images get an empty alt so screen readers skip them.
                        out.push(Event::End(TagEnd::Image));
                        i = end + 1;
                        continue;
                    }
                }
                Event::Start(Tag::TableHead) => {
                    let end = find_end(&events, i);
                    if plain_text(&events[i + 1..end]).trim().is_empty() {
                        self.diags.push(
                            self.error(range.clone(), "this table has no header row")
                                .hint("write column headings in the table's first row, so screen readers can say what each cell is"),
                        );
                    }
                    out.push(Event::Start(Tag::TableHead));
                }
                Event::Start(Tag::HtmlBlock) if !self.cx.site.allow_html => {
                    let end = find_end(&events, i);
                    self.html_block(&events[i + 1..end], range);
                    i = end + 1;
                    continue;
                }
                Event::Html(html) | Event::InlineHtml(html) if !self.cx.site.allow_html => {
                    if let Some(e) = self.filter_html(html, range) {
                        out.push(e);
                    }
                }
                Event::Html(ref html) | Event::InlineHtml(ref html) => {
                    let left_out = super::html::left_out(html);
                    if !left_out.is_empty() {
                        self.diags.push(
                            self.warning(range.clone(), format!("this HTML has {}, which is not published", left_out.join(", ")))
                                .hint("the rest of the HTML is kept; pages carry no scripts, styles or embedded frames, so write what it should say in Markdown"),
                        );
                    }
                    out.push(event);
                }
                other => out.push(other),
            }
            i += 1;
        }
        if self.open_spans > 0 {
            // Close what the editor left open, so the rest of the page keeps its language.
            for _ in 0..self.open_spans {
                out.push(Event::InlineHtml(CowStr::from("</span>")));
            }
        }
        out
    }

    /// A block of raw HTML on a site that does not allow it: one error for the block, and
    /// nothing of it on the page, since pasted markup shown as text helps no resident. A
    /// block of comments only is the editor's note.
    fn html_block(&mut self, inside: &[(Event<'a>, Range<usize>)], range: Range<usize>) {
        let only_comments = inside.iter().all(|(e, _)| match e {
            Event::Html(h) => h.trim().is_empty() || h.trim_start().starts_with("<!--"),
            _ => true,
        });
        if !only_comments {
            self.diags.push(
                self.error(range, "this is HTML, which this site does not publish")
                    .hint("write it in Markdown instead (headings with ##, lists with -, links as [text](address)); to mark a passage in another language use <span lang=\"en\">…</span>; a site that needs HTML can allow it with 'allow_html: true' in site.yaml"),
            );
        }
    }

    /// Checks a heading (one `#` only, no skipped levels, not empty) and gives it an id of
    /// its own: its text as a slug, numbered where two headings read alike.
    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        inner: &str,
        range: Range<usize>,
    ) -> String {
        let n = level_number(level);
        if n == 1 {
            self.diags.push(
                self.error(
                    range.clone(),
                    "a second main heading (#): the page title is the only one",
                )
                .hint("start the body's headings at ## and go down one level at a time"),
            );
        } else if n > self.last_level + 1 {
            self.diags.push(
                self.warning(
                    range.clone(),
                    format!(
                        "the heading jumps from level {} to level {n}",
                        self.last_level
                    ),
                )
                .hint(format!(
                    "use {} here: screen reader users move through the page by heading levels",
                    "#".repeat(self.last_level + 1)
                )),
            );
        }
        self.last_level = n;
        if inner.trim().is_empty() {
            self.diags.push(
                self.error(range.clone(), "this heading is empty")
                    .hint("write the heading's text after the # signs, or remove the line"),
            );
        }
        let id = match id {
            Some(id) => id.to_string(),
            None => slug::slugify(inner),
        };
        let mut unique = id.clone();
        let mut k = 2;
        while self.ids.contains(&unique) {
            unique = format!("{id}-{k}");
            k += 1;
        }
        self.ids.push(unique.clone());
        unique
    }

    fn check_link_text(
        &mut self,
        inner: &str,
        dest: &str,
        link_type: LinkType,
        has_image: bool,
        at: Range<usize>,
    ) {
        let text = inner
            .trim()
            .trim_end_matches(['.', ':', '!', '»', '›', '→'])
            .trim()
            .to_lowercase();
        if text.is_empty() && !has_image {
            self.diags.push(self.error(at, "this link has no text").hint("write what the link leads to between the brackets: [Kainuu's family work page](https://...)"));
        } else if VAGUE_LINK_TEXTS.contains(&text.as_str()) {
            self.diags.push(
                self.error(at, format!("the link text '{}' does not say where the link leads", inner.trim()))
                    .hint("name the target instead, e.g. [THL's page on family work](https://...): screen reader users often list links without the text around them"),
            );
        } else if matches!(link_type, LinkType::Autolink)
            || text.starts_with("http://")
            || text.starts_with("https://")
            || text.starts_with("www.")
            || (text == dest.to_lowercase() && !dest.starts_with("mailto:"))
        {
            self.diags.push(
                self.warning(at, "a bare web address as link text")
                    .hint("give the link a name, e.g. [Kainuu wellbeing services county: family work](https://...); screen readers read addresses letter by letter"),
            );
        }
    }

    fn resolve_link(&mut self, dest: &str, at: Range<usize>) -> String {
        let site = self.cx.site;
        let lang = self.cx.lang;
        let (target, fragment) = match dest.split_once('#') {
            Some((t, f)) => (t, Some(f)),
            None => (dest, None),
        };
        let with_fragment = |url: String| match fragment {
            Some(f) => format!("{url}#{f}"),
            None => url,
        };
        if target.is_empty() {
            if let Some(f) = fragment {
                self.fragments.push((f.to_string(), at));
            }
            return dest.to_string();
        }
        if let Some((scheme, id)) = target.split_once(':') {
            let ids = |kind: &str| -> Vec<&str> {
                match kind {
                    "service" => site.services.iter().map(|s| s.id.as_str()).collect(),
                    "region" => site.regions.iter().map(|r| r.id.as_str()).collect(),
                    _ => site.pages.iter().map(|p| p.id.as_str()).collect(),
                }
            };
            // Services by their index: a site has hundreds; regions and pages are few.
            let (kind, found) = match scheme {
                "service" => ("service", site.service_index.get(id).copied()),
                "region" => ("region", site.regions.iter().position(|r| r.id == id)),
                "page" => ("page", site.pages.iter().position(|p| p.id == id)),
                "http" | "https" | "mailto" | "tel" => return dest.to_string(),
                other => {
                    self.diags.push(
                        self.error(at, format!("links of the kind '{other}:' are not allowed"))
                            .hint("link to web pages with https://, to e-mail with mailto:, to services with service:<id>"),
                    );
                    return "#".into();
                }
            };
            let Some(index) = found else {
                if kind == "service" && site.broken_services.iter().any(|b| b == id) {
                    return "#".into();
                }
                let ids = ids(kind);
                let hint = match diag::suggest(id, ids.iter().copied()) {
                    Some(s) => format!("did you mean '{kind}:{s}'?"),
                    None => format!("the {kind} ids are: {}", ids.join(", ")),
                };
                self.diags
                    .push(self.error(at, format!("unknown {kind} '{id}'")).hint(hint));
                return "#".into();
            };
            let path = match kind {
                "service" => site.service_path(index, lang),
                "region" => site.region_path(index, lang),
                _ => site.page_path(index, lang),
            };
            return with_fragment(site.url(&path));
        }
        if target.starts_with('/') || target.starts_with("..") {
            self.diags.push(
                self.error(at, format!("the link '{dest}' leads by path to another part of the site"))
                    .hint("link to services, regions and pages by id: [family work](service:perhetyo); paths break when the site moves"),
            );
            return "#".into();
        }
        if self.asset(target).is_some() {
            return dest.to_string();
        }
        self.diags.push(
            self.error(at, format!("the link target '{target}' does not exist"))
                .hint("put the file beside the Markdown file, write a full https:// address, or link by id (service:<id>)"),
        );
        "#".into()
    }

    fn resolve_image(&mut self, dest: &str, at: Range<usize>) -> String {
        if dest.starts_with("https://") || dest.starts_with("http://") {
            self.diags.push(
                self.warning(at, "the image is loaded from another site")
                    .hint("save the image beside the Markdown file: pages should load nothing from elsewhere"),
            );
            return dest.to_string();
        }
        if self.asset(dest).is_some() {
            return dest.to_string();
        }
        self.diags.push(
            self.error(
                at,
                format!("the image '{dest}' is not in the page's folder"),
            )
            .hint("put the image file beside the Markdown file and check the name's spelling"),
        );
        dest.to_string()
    }

    fn asset(&self, name: &str) -> Option<&PathBuf> {
        let dir = self.cx.file.parent()?;
        if name.split('/').any(|p| p == ".." || p.is_empty()) {
            return None;
        }
        let wanted = dir.join(name);
        self.cx.assets.iter().find(|a| **a == wanted)
    }

    /// Raw HTML is an error unless the site allows it, and never shown; a `lang` span is
    /// always allowed, and a comment is the editor's note, never published.
    fn filter_html(&mut self, html: CowStr<'a>, at: Range<usize>) -> Option<Event<'a>> {
        let t = html.trim();
        if t.starts_with("<!--") {
            return None;
        }
        if let Some(lang) = lang_span(t) {
            self.open_spans += 1;
            return Some(Event::InlineHtml(CowStr::from(format!(
                "<span lang=\"{lang}\">"
            ))));
        }
        if t == "</span>" && self.open_spans > 0 {
            self.open_spans -= 1;
            return Some(Event::InlineHtml(CowStr::from("</span>")));
        }
        // One error a line: a pasted line of markup holds many tags.
        let line = self.lines().line_col(self.text, self.offset + at.start).0;
        if self.html_error_line != line {
            self.html_error_line = line;
            self.diags.push(
                self.error(at, "this is HTML, which this site does not publish")
                    .hint("write it in Markdown instead; to mark a passage in another language use <span lang=\"en\">…</span>; a site that needs HTML can allow it with 'allow_html: true' in site.yaml"),
            );
        }
        None
    }
}

/// `<span lang="en">` → `en`; anything else (other attributes, other tags) → `None`.
fn lang_span(tag: &str) -> Option<&str> {
    let inner = tag.strip_prefix("<span")?.strip_suffix('>')?.trim();
    let value = inner.strip_prefix("lang=")?;
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    let ok = (2..=8).contains(&value.len())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    ok.then_some(value)
}

fn find_end(events: &[(Event, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

fn plain_text(events: &[(Event, Range<usize>)]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

fn level_number(level: HeadingLevel) -> usize {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_spans_are_recognised_strictly() {
        assert_eq!(lang_span("<span lang=\"en\">"), Some("en"));
        assert_eq!(lang_span("<span lang='sv'>"), Some("sv"));
        assert_eq!(lang_span("<span lang=\"en\" onclick=\"x()\">"), None);
        assert_eq!(lang_span("<script>"), None);
    }
}
