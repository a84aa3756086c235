//! Template whitespace, settled once when the theme is compiled. Templates are indented for the
//! people who edit them; pages need none of it. Minifying every finished page cost a third of a
//! build, so the whitespace rules of minify-html (`minify-html-common`, `whitespace.rs`) are
//! applied to the templates instead. Markdown bodies are still minified, once each.
//!
//! A template is not yet a page: between two pieces of markup there may be an `if` or a `for`
//! whose output is unknown here. Where a neighbour is unknown, whitespace is removed only if
//! it touches a block-level tag (where a browser never shows it whatever comes next);
//! otherwise it becomes one space, which is what the browser shows anyway.

/// Returns the template with its insignificant whitespace removed and the rest collapsed to
/// single spaces, comments dropped; Tera tags and the insides of HTML tags are left as written.
pub(super) fn compact(src: &str) -> String {
    // A filter rewrites its content at render time (`linebreaksbr` needs the line breaks).
    if src.contains("filter ")
        && tokens(src)
            .iter()
            .any(|t| t.kind == Kind::Flow && keyword(t.text) == "filter")
    {
        return src.to_string();
    }
    let toks = tokens(src);
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < toks.len() {
        if !matches!(toks[i].kind, Kind::Ws | Kind::Silent) {
            out.push_str(toks[i].text);
            i += 1;
            continue;
        }
        // A gap: whitespace and tags that print nothing (`set`, comments), up to the next
        // thing that prints or may print.
        let start = i;
        while i < toks.len() && matches!(toks[i].kind, Kind::Ws | Kind::Silent) {
            i += 1;
        }
        let gap = &toks[start..i];
        let Some(first_ws) = gap.iter().find(|t| t.kind == Kind::Ws) else {
            gap.iter().for_each(|t| out.push_str(t.text));
            continue;
        };
        let left = start
            .checked_sub(1)
            .map_or(Side::Unknown, |j| side(&toks[j]));
        let right = toks.get(i).map_or(Side::Unknown, side);
        // A silent tag with a dash trims the whitespace beside it: where the one space would
        // go is then not this code's to choose, so the gap stays as written.
        if gap
            .iter()
            .any(|t| t.kind == Kind::Silent && trims_beside(t.text))
        {
            gap.iter().for_each(|t| out.push_str(t.text));
            continue;
        }
        let remove = removable(left, right, first_ws.parent);
        let mut spaced = remove;
        for t in gap {
            match t.kind {
                Kind::Ws if !spaced => {
                    out.push(' ');
                    spaced = true;
                }
                Kind::Ws => {}
                _ => out.push_str(t.text),
            }
        }
    }
    out
}

/// Whether whitespace-sensitive content (`<pre>`, `<script>`, …) in these templates is filled
/// from elsewhere (a block, an include, a macro): that text would be compacted without this
/// code knowing where it lands, so such a theme is not compacted at all.
pub(super) fn safe_for(templates: &[(String, String)]) -> bool {
    templates.iter().all(|(_, src)| {
        tokens(src).iter().all(|t| {
            !(t.kind == Kind::Text
                && t.parent.is_some_and(|p| category(p) == Category::Sensitive)
                && (t.text.contains("::")
                    || t.text.contains("block")
                    || t.text.contains("include")))
        })
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Whitespace between tags and text.
    Ws,
    /// Text, or an HTML tag's inside that is kept as written (`<pre>`, `<script>`).
    Text,
    /// `{{ … }}`: prints text.
    Expr,
    /// A Tera tag that prints nothing (`set`, `import`, `extends`, a comment), or an HTML
    /// comment (dropped).
    Silent,
    /// Any other Tera tag: `if`, `for`, `block`, `include`, … What prints next to it is unknown.
    Flow,
    Open,
    Close,
}

#[derive(Clone, Copy, Debug)]
struct Tok<'a> {
    kind: Kind,
    text: &'a str,
    /// The tag's name, for `Open` and `Close` (lower case in the templates that matter).
    name: &'a str,
    /// For whitespace: the element it is in, where the template says.
    parent: Option<&'a str>,
}

#[derive(Clone, Copy, Debug)]
enum Side<'a> {
    Content,
    Tag { name: &'a str, open: bool },
    Unknown,
}

fn side<'a>(t: &Tok<'a>) -> Side<'a> {
    match t.kind {
        Kind::Text | Kind::Expr => Side::Content,
        Kind::Open => Side::Tag {
            name: t.name,
            open: true,
        },
        Kind::Close => Side::Tag {
            name: t.name,
            open: false,
        },
        Kind::Ws | Kind::Silent | Kind::Flow => Side::Unknown,
    }
}

fn removable(left: Side, right: Side, parent: Option<&str>) -> bool {
    // Leading and trailing whitespace of an element that trims its content: whatever the
    // template prints next, the browser (and minify-html) drops it.
    if let Side::Tag { name, open: true } = left
        && category(name).trims()
    {
        return true;
    }
    if let Side::Tag { name, open: false } = right
        && category(name).trims()
    {
        return true;
    }
    match (left, right) {
        (Side::Tag { name: a, .. }, Side::Tag { name: b, .. }) => match parent {
            Some(p) => category(p) == Category::Layout || (is_block(a) && is_block(b)),
            None => is_block(a) || is_block(b),
        },
        (Side::Tag { name, .. }, Side::Unknown) | (Side::Unknown, Side::Tag { name, .. }) => {
            is_block(name)
        }
        _ => false,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Category {
    /// Whitespace-only text between children goes, and leading and trailing whitespace.
    Layout,
    /// Leading and trailing whitespace goes (paragraphs, headings, list items, cells).
    Content,
    /// Runs become one space (inline elements and everything unknown).
    Inline,
    /// Kept as written.
    Sensitive,
}

impl Category {
    fn trims(self) -> bool {
        matches!(self, Category::Layout | Category::Content)
    }
}

/// minify-html's tables of tags, by how their content's whitespace is treated.
fn category(name: &str) -> Category {
    match name.to_ascii_lowercase().as_str() {
        "article" | "aside" | "blockquote" | "body" | "colgroup" | "datalist" | "dialog"
        | "div" | "dl" | "fieldset" | "figure" | "footer" | "form" | "head" | "header"
        | "hgroup" | "html" | "main" | "map" | "menu" | "nav" | "ol" | "optgroup" | "picture"
        | "section" | "select" | "table" | "tbody" | "tfoot" | "thead" | "tr" | "ul" | "svg"
        | "g" | "defs" | "symbol" => Category::Layout,
        "address" | "audio" | "button" | "canvas" | "caption" | "figcaption" | "h1" | "h2"
        | "h3" | "h4" | "h5" | "h6" | "legend" | "meter" | "object" | "option" | "p"
        | "summary" | "video" | "dd" | "details" | "dt" | "iframe" | "label" | "li"
        | "noscript" | "output" | "progress" | "slot" | "td" | "template" | "th" => {
            Category::Content
        }
        "textarea" | "code" | "pre" | "script" | "style" => Category::Sensitive,
        _ => Category::Inline,
    }
}

/// Tags whose boundaries start a new line in a browser: whitespace next to them never shows.
fn is_block(name: &str) -> bool {
    // Not minify-html's tables: `code`, `button`, `label`, `svg`, `select` sit in a line of
    // text, and the space beside them shows.
    matches!(
        name.to_ascii_lowercase().as_str(),
        "!doctype"
            | "html"
            | "head"
            | "body"
            | "meta"
            | "link"
            | "title"
            | "base"
            | "hr"
            | "div"
            | "p"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "aside"
            | "nav"
            | "header"
            | "footer"
            | "main"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "colgroup"
            | "figure"
            | "figcaption"
            | "blockquote"
            | "form"
            | "fieldset"
            | "legend"
            | "details"
            | "summary"
            | "address"
            | "hgroup"
            | "menu"
            | "dialog"
            | "pre"
            | "script"
            | "style"
    )
}

fn is_void(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
            | "!doctype"
    )
}

fn tokens(src: &str) -> Vec<Tok<'_>> {
    let b = src.as_bytes();
    let mut toks = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let (kind, end, name) = if b[i..].starts_with(b"{{") {
            (Kind::Expr, tera_end(b, i, b"}}"), "")
        } else if b[i..].starts_with(b"{#") {
            (Kind::Silent, tera_end(b, i, b"#}"), "")
        } else if b[i..].starts_with(b"{%") {
            let end = tera_end(b, i, b"%}");
            match keyword(&src[i..end]) {
                "set" | "set_global" | "import" | "extends" => (Kind::Silent, end, ""),
                // A raw block prints its content as written.
                "raw" => {
                    let close =
                        find_from(b, end, b"endraw").map_or(b.len(), |j| tera_end(b, j, b"%}"));
                    (Kind::Text, close, "")
                }
                _ => (Kind::Flow, end, ""),
            }
        } else if b[i..].starts_with(b"<!--") {
            let end = find_from(b, i + 4, b"-->").map_or(b.len(), |j| j + 3);
            let comment = &src[i..end];
            // Comments go, as minify-html drops them, unless they hold template tags or are
            // conditional comments.
            // Nor when a `{` before it would meet what follows as a new Tera tag.
            if comment.contains('{') || comment.starts_with("<!--[") || (i > 0 && b[i - 1] == b'{')
            {
                (Kind::Silent, end, "")
            } else {
                toks.push(Tok {
                    kind: Kind::Silent,
                    text: "",
                    name: "",
                    parent: None,
                });
                i = end;
                continue;
            }
        } else if b[i] == b'<'
            && b.get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'!')
        {
            let end = tag_end(b, i);
            let name = tag_name(&src[i + 1..end]);
            (Kind::Open, end, name)
        } else if b[i..].starts_with(b"</") && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic) {
            let end = tag_end(b, i);
            (Kind::Close, end, tag_name(&src[i + 2..end]))
        } else if b[i].is_ascii_whitespace() {
            let end = b[i..]
                .iter()
                .position(|c| !c.is_ascii_whitespace())
                .map_or(b.len(), |n| i + n);
            (Kind::Ws, end, "")
        } else {
            let end = (i + 1..b.len())
                .find(|&j| matches!(b[j], b'{' | b'<') || b[j].is_ascii_whitespace())
                .unwrap_or(b.len());
            (Kind::Text, end, "")
        };
        let text = &src[start..end];
        let parent = open.last().copied();
        toks.push(Tok {
            kind,
            text,
            name,
            parent,
        });
        i = end;
        match kind {
            Kind::Open if !is_void(name) && !text.ends_with("/>") => {
                if category(name) == Category::Sensitive {
                    // Its content is kept as written, up to its end tag.
                    let close = find_tag_close(b, i, name).unwrap_or(b.len());
                    if close > i {
                        toks.push(Tok {
                            kind: Kind::Text,
                            text: &src[i..close],
                            name: "",
                            parent: Some(name),
                        });
                    }
                    i = close;
                } else {
                    open.push(name);
                }
            }
            Kind::Close => {
                if let Some(at) = open.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
                    open.truncate(at);
                }
            }
            _ => {}
        }
    }
    toks
}

fn trims_beside(tag: &str) -> bool {
    tag.len() > 2 && (tag.as_bytes()[2] == b'-' || tag[..tag.len() - 2].ends_with('-'))
}

/// The first word of a Tera tag: `{%- if x %}` is `if`.
fn keyword(tag: &str) -> &str {
    let rest = tag
        .trim_start_matches("{%")
        .trim_start_matches('-')
        .trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    &rest[..end]
}

fn tag_name(rest: &str) -> &str {
    let end = rest
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/' || c == '{')
        .unwrap_or(rest.len());
    match &rest[..end] {
        // `<h{{ level }}>`: a heading whose level is a variable.
        "h" | "H" if rest[end..].starts_with("{{") => "h1",
        name => name,
    }
}

/// The end of the Tera tag at `i` (after `close`), stepping over string literals; the end of
/// the text if it never closes (Tera then reports the error, on the template as written).
fn tera_end(b: &[u8], i: usize, close: &[u8; 2]) -> usize {
    let mut j = i + 2;
    let mut quote = None;
    while j < b.len() {
        match quote {
            Some(q) if b[j] == q => quote = None,
            Some(_) => {}
            // A comment has no strings: its apostrophes are prose.
            None if close != b"#}" && matches!(b[j], b'"' | b'\'' | b'`') => quote = Some(b[j]),
            None if b[j..].starts_with(close) => return j + 2,
            None => {}
        }
        j += 1;
    }
    b.len()
}

/// The end of the HTML tag at `i`: its `>`, outside quotes and Tera tags.
fn tag_end(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    let mut quote = None;
    while j < b.len() {
        if b[j] == b'{' && matches!(b.get(j + 1), Some(b'{' | b'%' | b'#')) {
            let close = match b[j + 1] {
                b'{' => b"}}",
                b'%' => b"%}",
                _ => b"#}",
            };
            j = tera_end(b, j, close);
            continue;
        }
        match quote {
            Some(q) if b[j] == q => quote = None,
            Some(_) => {}
            None if matches!(b[j], b'"' | b'\'') => quote = Some(b[j]),
            None if b[j] == b'>' => return j + 1,
            None => {}
        }
        j += 1;
    }
    b.len()
}

fn find_from(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Where `</name` starts, in any case.
fn find_tag_close(b: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut j = from;
    while let Some(at) = find_from(b, j, b"</") {
        let rest = &b[at + 2..];
        if rest.len() >= name.len() && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(at);
        }
        j = at + 2;
    }
    None
}

// The tests are long (a property test over generated templates), so they have a file of their own.
#[cfg(test)]
#[path = "compact_tests.rs"]
mod tests;
