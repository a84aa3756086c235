//! How deeply raw HTML in Markdown nests, counted the way the minifier will nest it (see
//! `depth`). Not an HTML parser: it reads tags and comments, and errs on the deep side where
//! it is unsure, since a page that builds and overflows the minifier kills the whole run.
//!
//! What minify-html 0.18 does, found by feeding it thousands of repeats of each pattern on a
//! 2 MiB stack: a close tag closes only the element it names when that is the innermost one
//! (`<div><b></div>` nests), except that `li`, `p`, `dt`/`dd`, `td`/`th` and `option` close
//! when a sibling opens or their parent closes; `<x/>` is an open tag outside SVG (`<div/>`
//! and MathML's `<mi/>` nest), and void elements (`<br>`, `<img>`) hold nothing.

/// Elements that are never opened, whatever follows them.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements the minifier closes when one of the same group opens beside them.
const SIBLINGS: &[&[&str]] = &[&["li"], &["p"], &["dt", "dd"], &["td", "th"], &["option"]];

#[derive(Default)]
pub struct Depth {
    open: Vec<String>,
    /// The most open at once during the last piece: a line may open and close 3,000.
    peak: usize,
    /// Inside `<!-- ... -->` that began in an earlier piece of HTML.
    in_comment: bool,
    /// Inside a tag that began in an earlier piece (a tag may span lines of a block).
    in_tag: bool,
}

impl Depth {
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    /// The most elements open at once while the last piece was read.
    pub fn peak(&self) -> usize {
        self.peak
    }

    /// Reads one piece of HTML (a block's line or an inline tag, in the order they come), and
    /// gives the offset in it of the first tag that opens more than `allowed` elements.
    pub fn feed(&mut self, html: &str, allowed: usize) -> Option<usize> {
        self.peak = self.open.len();
        let mut over = None;
        let mut rest = html;
        loop {
            if self.in_comment {
                match rest.find("-->") {
                    Some(i) => {
                        rest = &rest[i + 3..];
                        self.in_comment = false;
                    }
                    None => return over,
                }
            }
            if self.in_tag {
                match rest.find('>') {
                    Some(i) => {
                        rest = &rest[i + 1..];
                        self.in_tag = false;
                    }
                    None => return over,
                }
            }
            let Some(lt) = rest.find('<') else {
                return over;
            };
            rest = &rest[lt + 1..];
            if let Some(after) = rest.strip_prefix("!--") {
                rest = after;
                self.in_comment = true;
                continue;
            }
            let closing = rest.starts_with('/');
            let name_from = usize::from(closing);
            let name_len = rest[name_from..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
                .unwrap_or(rest.len() - name_from);
            let name = rest[name_from..name_from + name_len].to_ascii_lowercase();
            let starts_with_letter = name.starts_with(|c: char| c.is_ascii_alphabetic());
            let (tag_end, self_closing) = match end_of_tag(&rest[name_from + name_len..]) {
                Some((i, slash)) => (Some(name_from + name_len + i + 1), slash),
                None => (None, false),
            };
            if starts_with_letter {
                if closing {
                    self.close(&name);
                } else {
                    self.open_tag(name, self_closing);
                    self.peak = self.peak.max(self.open.len());
                    if over.is_none() && self.open.len() > allowed {
                        over = Some(html.len() - rest.len() - 1);
                    }
                }
            } else if !rest.starts_with(['!', '?']) {
                // A '<' that begins no tag is text (`a < b`); the rest of the line is read on.
                continue;
            }
            match tag_end {
                Some(i) => rest = &rest[i..],
                None => {
                    self.in_tag = true;
                    return over;
                }
            }
        }
    }

    fn open_tag(&mut self, name: String, self_closing: bool) {
        if VOID.contains(&name.as_str()) {
            return;
        }
        if self_closing && self.open.iter().any(|o| o == "svg") {
            return;
        }
        if let Some(top) = self.open.last()
            && same_group(top, &name)
        {
            self.open.pop();
        }
        self.open.push(name);
    }

    fn close(&mut self, name: &str) {
        // Siblings the minifier closes with their parent, down to the element named.
        let mut n = self.open.len();
        while n > 0 && self.open[n - 1] != name && has_siblings(&self.open[n - 1]) {
            n -= 1;
        }
        if n > 0 && self.open[n - 1] == name {
            self.open.truncate(n - 1);
        }
    }
}

fn same_group(a: &str, b: &str) -> bool {
    SIBLINGS.iter().any(|g| g.contains(&a) && g.contains(&b))
}

fn has_siblings(name: &str) -> bool {
    SIBLINGS.iter().any(|g| g.contains(&name))
}

/// Where the tag that `rest` continues ends (the index of its '>'), skipping quoted attribute
/// values, and whether it ends with '/>'.
fn end_of_tag(rest: &str) -> Option<(usize, bool)> {
    let mut quote = None;
    let mut last = ' ';
    for (i, c) in rest.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '>' => return Some((i, last == '/')),
            None => {}
        }
        if !c.is_whitespace() {
            last = c;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_after(pieces: &[&str]) -> usize {
        let mut d = Depth::default();
        for p in pieces {
            d.feed(p, usize::MAX);
        }
        d.depth()
    }

    #[test]
    fn the_peak_within_a_line_counts_and_is_located() {
        let mut d = Depth::default();
        assert_eq!(d.feed("<p><div><div><div>x</div></div></div>", 2), Some(8));
        assert_eq!((d.peak(), d.depth()), (4, 1));
        assert_eq!(d.feed("</p>", 2), None);
        assert_eq!((d.peak(), d.depth()), (1, 0));
    }

    #[test]
    fn counts_what_the_minifier_nests() {
        assert_eq!(depth_after(&["<div><div class=\"a>b\">x</div>"]), 1);
        assert_eq!(depth_after(&["<div><b></div>"]), 2);
        assert_eq!(depth_after(&["<div/><DIV></div>"]), 1);
        assert_eq!(depth_after(&["<p>a<br><img src=x>"]), 1);
        assert_eq!(depth_after(&["<ul><li>a<li>b<li>c"]), 2);
        assert_eq!(depth_after(&["<ul><li>a<li>b</ul>"]), 0);
        assert_eq!(depth_after(&["<dl><dt>a<dd>b<dt>c"]), 2);
        assert_eq!(depth_after(&["<svg><path d='M0 0'/><g/></svg>"]), 0);
        assert_eq!(depth_after(&["<math><mi/>"]), 2);
        assert_eq!(depth_after(&["<table><tr><td>a<tr><td>b"]), 5);
    }

    #[test]
    fn comments_text_and_tags_across_pieces() {
        assert_eq!(depth_after(&["<!-- <div> ", "<div> -->", "<span>"]), 1);
        assert_eq!(depth_after(&["a < b and 1<2 <", "div>"]), 0);
        assert_eq!(depth_after(&["<div\n", " class=\"x\">", "<p>"]), 2);
        assert_eq!(
            depth_after(&["<!doctype html><?php x ?><span lang=\"en\">"]),
            1
        );
    }
}
