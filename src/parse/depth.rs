//! Texts that would break the pages, refused before anything renders them: invisible control
//! characters, and structure nested so deep that the HTML minifier, which recurses once per
//! element, overflows its thread's stack and aborts the whole process (issue #15).
//!
//! Nesting is measured on pulldown-cmark's own events, so a quote, list or emphasis counts
//! exactly as it renders, with no second guess at CommonMark's rules. That is safe because the
//! parser keeps its open blocks and delimiters on the heap: it reads 100,000 nested quotes,
//! list items or images on a 256 KiB stack (`the_parser_itself_does_not_recurse` below keeps
//! it so). Raw HTML is one event per tag or block, so its elements are counted by `html`.

use crate::diag::Diagnostic;
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::ops::Range;
use std::path::Path;

/// Quotes inside quotes. Brochures quote a law or a letter, rarely a quote within that.
pub const MAX_QUOTES: usize = 32;
/// Lists inside list items. Three or four levels are already hard to follow by ear.
pub const MAX_LISTS: usize = 32;
/// Emphasis, strike-through, links and images inside one another. Two or three is the most
/// that reads as anything (a bold link, an image in a link).
pub const MAX_INLINE: usize = 32;
/// Raw HTML elements open at once. Hand-written layout HTML (a table of divs, an inline SVG)
/// nests ten or twenty deep; 64 leaves room for markup pasted from elsewhere.
pub const MAX_HTML: usize = 64;
/// All of it together, as elements of the page. The minifier overflows a 2 MiB thread stack
/// (rayon's and the preview's) at 400 to 500 nested elements in a debug build, more in a
/// release build; 128 plus the theme's own twenty or so stays well below that. A list level is
/// two elements (`<ul><li>`), so 32 lists alone make 64.
pub const MAX_TOTAL: usize = 128;

/// The Markdown options esite renders with; the check must parse as the renderer does.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// What is wrong, where in the checked text (byte offsets), and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: Range<usize>,
    pub message: String,
    pub hint: String,
}

impl Problem {
    /// The diagnostic for a problem in the part of `whole_file` that starts at byte `start`.
    pub fn diagnostic(&self, file: &Path, whole_file: &str, start: usize) -> Diagnostic {
        let mut d = Diagnostic::error(file, self.message.clone())
            .at_offset(whole_file, start + self.at.start)
            .hint(self.hint.clone());
        d.snippet = d.snippet.map(|s| visible(&s));
        d
    }
}

/// Checks a Markdown text: control characters first, then nesting.
pub fn check_markdown(text: &str) -> Result<(), Problem> {
    control(text)?;
    let mut meter = Meter::default();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        meter.event(&event, range);
    }
    meter.finish()
}

/// The first control character other than tab, line feed and carriage return. They are
/// invisible in editors, and written raw into a page they break it or hide text.
pub fn control(text: &str) -> Result<(), Problem> {
    let bytes = text.as_bytes();
    // Bytes, not chars: this runs over every file, and C0 controls and DEL are single bytes;
    // the C1 controls (U+0080 to U+009F) are 0xC2 followed by 0x80..=0x9F.
    let found = bytes.iter().enumerate().position(|(i, &b)| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    });
    let Some(at) = found else { return Ok(()) };
    let c = text[at..].chars().next().unwrap_or('\0');
    Err(Problem {
        at: at..at + c.len_utf8(),
        message: format!(
            "this text contains an invisible control character ({})",
            code_point(c)
        ),
        hint: "delete it: put the cursor just before the place marked here (most editors show \
               nothing there) and press Delete. Such characters come along when text is \
               copied from another program"
            .into(),
    })
}

fn code_point(c: char) -> String {
    let name = match c {
        '\0' => " NULL",
        '\u{8}' => " BACKSPACE",
        '\u{b}' => " VERTICAL TAB",
        '\u{c}' => " FORM FEED",
        '\u{1b}' => " ESCAPE",
        '\u{7f}' => " DELETE",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// Control characters as the symbols Unicode has for them (U+2400 onwards), so that printing
/// the offending line neither hides them nor lets an escape sequence restyle the terminal.
pub fn visible(line: &str) -> String {
    line.chars()
        .map(|c| match c as u32 {
            n @ 0..=0x1f if c != '\t' => char::from_u32(0x2400 + n).unwrap_or('?'),
            0x7f => '\u{2421}',
            0x80..=0x9f => '\u{fffd}',
            _ => c,
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Quote,
    List,
    Inline,
    Other,
}

/// Follows the events of one text and remembers the first place it nests too deep.
#[derive(Default)]
pub struct Meter {
    stack: Vec<Kind>,
    quotes: usize,
    lists: usize,
    inline: usize,
    html: super::html::Depth,
    /// The first limit passed: which, where, and the deepest that kind went.
    over: Option<(Over, Range<usize>, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Over {
    Quotes,
    Lists,
    Inline,
    Html,
    Total,
}

impl Meter {
    pub fn event(&mut self, event: &Event, mut at: Range<usize>) {
        match event {
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::BlockQuote(_) => Kind::Quote,
                    Tag::List(_) => Kind::List,
                    Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Link { .. }
                    | Tag::Image { .. } => Kind::Inline,
                    _ => Kind::Other,
                };
                self.stack.push(kind);
                match kind {
                    Kind::Quote => self.quotes += 1,
                    Kind::List => self.lists += 1,
                    Kind::Inline => self.inline += 1,
                    Kind::Other => {}
                }
            }
            Event::End(_) => match self.stack.pop() {
                Some(Kind::Quote) => self.quotes -= 1,
                Some(Kind::List) => self.lists -= 1,
                Some(Kind::Inline) => self.inline -= 1,
                Some(Kind::Other) | None => {}
            },
            Event::Html(html) | Event::InlineHtml(html) => {
                let allowed = MAX_HTML.min(MAX_TOTAL.saturating_sub(self.stack.len()));
                if let Some(i) = self.html.feed(html, allowed) {
                    // The tag itself, when the event's text is the source's (it is but for
                    // the '>' marks of quotes around a block).
                    at = (at.start + i).min(at.end.saturating_sub(1))..at.end;
                }
            }
            _ => return,
        }
        let html = match event {
            Event::Html(_) | Event::InlineHtml(_) => self.html.peak(),
            _ => self.html.depth(),
        };
        let levels = [
            (Over::Quotes, self.quotes, MAX_QUOTES),
            (Over::Lists, self.lists, MAX_LISTS),
            (Over::Inline, self.inline, MAX_INLINE),
            (Over::Html, html, MAX_HTML),
            (Over::Total, self.stack.len() + html, MAX_TOTAL),
        ];
        match &mut self.over {
            None => {
                if let Some(&(kind, n, _)) = levels.iter().find(|(_, n, max)| n > max) {
                    self.over = Some((kind, at, n));
                }
            }
            Some((kind, _, deepest)) => {
                let n = levels.iter().find(|l| l.0 == *kind).map_or(0, |l| l.1);
                *deepest = (*deepest).max(n);
            }
        }
    }

    /// Whether the text stayed within the limits. The place is the first one past a limit;
    /// the message says how deep it went at most, which tells the editor the size of it.
    pub fn finish(self) -> Result<(), Problem> {
        let Some((kind, at, n)) = self.over else {
            return Ok(());
        };
        let n = grouped(n);
        let (message, hint) = match kind {
            Over::Quotes => (
                format!("this text nests quotes {n} deep; at most {MAX_QUOTES} levels are allowed"),
                "no brochure needs more than a few levels of quotes: remove the extra '>' marks \
                 at the start of the lines",
            ),
            Over::Lists => (
                format!(
                    "this list is nested {n} levels deep; at most {MAX_LISTS} levels are allowed"
                ),
                "a list inside a list inside a list is already hard to follow, especially with a \
                 screen reader: remove the extra '-' marks, or the indentation that puts each \
                 list inside the one above",
            ),
            Over::Inline => (
                format!(
                    "this text nests emphasis, links or images {n} deep; at most {MAX_INLINE} levels are allowed"
                ),
                "remove the extra '*', '_', '~', '[' or '![' marks: emphasis inside emphasis reads \
                 no differently, and a link cannot hold another link",
            ),
            Over::Html => (
                format!(
                    "the HTML here nests elements {n} deep; at most {MAX_HTML} levels are allowed"
                ),
                "close each element you open (<div> … </div>) and remove the extra ones; better, \
                 write the text in Markdown",
            ),
            Over::Total => (
                format!(
                    "this text nests {n} levels deep (quotes, lists, emphasis and HTML together); at most {MAX_TOTAL} are allowed"
                ),
                "simplify the structure: remove extra '>' marks, flatten lists within lists, and \
                 close HTML elements you open",
            ),
        };
        Err(Problem {
            at,
            message,
            hint: hint.into(),
        })
    }
}

/// 2500 → "2,500", as the editor would write it.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> Problem {
        check_markdown(text).unwrap_err()
    }

    fn quotes(n: usize) -> String {
        format!("Alku.\n\n{} lainaus\n", "> ".repeat(n))
    }

    /// `n` lists, each indented under the item above, as editors nest them.
    fn list(n: usize) -> String {
        (0..n)
            .map(|i| format!("{}- kohta\n", "  ".repeat(i)))
            .collect()
    }

    #[test]
    fn each_limit_is_allowed_and_one_more_is_not() {
        assert_eq!(check_markdown(&quotes(MAX_QUOTES)), Ok(()));
        let e = err(&quotes(MAX_QUOTES + 1));
        assert!(
            e.message.starts_with("this text nests quotes 33 deep"),
            "{e:?}"
        );
        assert_eq!(e.at.start, "Alku.\n\n".len() + 2 * MAX_QUOTES);

        assert_eq!(check_markdown(&list(MAX_LISTS)), Ok(()));
        let e = err(&list(MAX_LISTS + 1));
        assert!(
            e.message.starts_with("this list is nested 33 levels"),
            "{e:?}"
        );
        assert_eq!(e.at.start, list(MAX_LISTS).len() + 2 * MAX_LISTS);

        let one_line = |n: usize| format!("{}kohta\n", "- ".repeat(n));
        assert_eq!(check_markdown(&one_line(MAX_LISTS)), Ok(()));
        assert!(err(&one_line(MAX_LISTS + 1)).message.contains("list"));

        let images = |n: usize| format!("{}kuva{}\n", "![".repeat(n), "](k.png)".repeat(n));
        assert_eq!(check_markdown(&images(MAX_INLINE)), Ok(()));
        assert!(
            err(&images(MAX_INLINE + 1))
                .message
                .contains("emphasis, links or images")
        );

        let divs = |n: usize| {
            format!(
                "<div>\n\n{}x{}\n",
                "<div>".repeat(n - 1),
                "</div>".repeat(n)
            )
        };
        assert_eq!(check_markdown(&divs(MAX_HTML)), Ok(()));
        assert!(
            err(&divs(MAX_HTML + 1))
                .message
                .starts_with("the HTML here nests elements 65")
        );
    }

    #[test]
    fn the_message_gives_the_whole_depth_in_the_editors_digits() {
        let e = err(&quotes(2500));
        assert!(
            e.message.starts_with("this text nests quotes 2,500 deep"),
            "{e:?}"
        );
        assert!(e.hint.contains("'>'"));
    }

    #[test]
    fn emphasis_nests_only_as_far_as_it_renders() {
        // 2n stars make n nested <strong>s.
        let stars = |n: usize| format!("{}sana{}\n", "**".repeat(n), "**".repeat(n));
        assert_eq!(check_markdown(&stars(MAX_INLINE)), Ok(()));
        assert!(err(&stars(1000)).message.contains("emphasis"));
        // Many emphasised words side by side are not nested at all.
        assert_eq!(check_markdown(&"*sana* **sana** ".repeat(5000)), Ok(()));
        // Brackets do not nest links: a link cannot hold a link.
        assert_eq!(
            check_markdown(&format!("{}x{}", "[".repeat(5000), "](u)".repeat(5000))),
            Ok(())
        );
    }

    #[test]
    fn kinds_together_are_limited_as_elements() {
        // 30 quotes, each holding a list 30 deep: no kind past its limit, 90+ elements.
        let text = format!(
            "{}{}{}x\n",
            "> ".repeat(30),
            "- ".repeat(30),
            "<div>".repeat(60)
        );
        assert!(err(&text).message.contains("together"), "{:?}", err(&text));
    }

    #[test]
    fn control_characters_are_found_where_they_are() {
        assert_eq!(check_markdown("tab\tand\r\nnewline\n"), Ok(()));
        let e = err("Hei\nmaa\0ilma\n");
        assert_eq!(e.at, 7..8);
        assert_eq!(
            e.message,
            "this text contains an invisible control character (U+0000 NULL)"
        );
        assert_eq!(
            err("a\u{1b}[31m").message,
            "this text contains an invisible control character (U+001B ESCAPE)"
        );
        assert_eq!(err("ä\u{85}").at, 2..4);
        assert_eq!(check_markdown("äöå € \u{a0}"), Ok(()));
    }

    #[test]
    fn the_shown_line_makes_control_characters_visible() {
        assert_eq!(visible("a\0b\u{1b}c\td"), "a\u{2400}b\u{241b}c\td");
        let text = "---\ntitle: x\n---\nmaa\0ilma\n";
        let d = err("maa\0ilma\n").diagnostic(Path::new("fi.md"), text, 17);
        assert_eq!((d.line, d.column), (4, 4));
        assert_eq!(d.snippet.as_deref(), Some("maa\u{2400}ilma"));
    }

    #[test]
    fn the_parser_itself_does_not_recurse() {
        // If a pulldown-cmark upgrade starts recursing per level, this overflows and aborts.
        let deep = [
            ">".repeat(100_000),
            format!("{}x", "- ".repeat(100_000)),
            format!("{}x{}", "*".repeat(100_000), "*".repeat(100_000)),
            format!("{}x{}", "![".repeat(100_000), "](u)".repeat(100_000)),
        ];
        let t = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || deep.iter().all(|text| check_markdown(text).is_err()));
        assert!(t.unwrap().join().unwrap());
    }

    #[test]
    fn the_example_site_is_within_every_limit() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut n = 0;
        for entry in walkdir::WalkDir::new(&root) {
            let path = entry.unwrap().into_path();
            if path.extension().is_some_and(|e| e == "md" || e == "yaml") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert_eq!(check_markdown(&text), Ok(()), "{}", path.display());
                n += 1;
            }
        }
        assert!(n > 5, "found the example site's files");
    }

    #[test]
    fn depths_are_written_as_editors_write_numbers() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(2500), "2,500");
        assert_eq!(grouped(1_000_000), "1,000,000");
    }
}
