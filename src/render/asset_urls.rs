//! Files beside a text (pictures, forms) are published beside its web page, and the text
//! names them by file name alone. The same body is also shown on the leaflets and booklets
//! (other folders) and in the PDFs; a bare file name would be found only from the web page.
//! So every such address is made to start at the site's root: one body then works on every
//! page that shows it.

/// The body's HTML with each relative `src` and `href` starting at `base` (the web page's
/// folder, ending in `/`). Links by id and to other sites already are absolute; `#` links
/// stay on the page.
pub(super) fn from_root(html: &str, base: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut copied = 0;
    for attr in find_attrs(html) {
        let value = &html[attr..];
        let end = value.find('"').unwrap_or(0);
        if is_relative(&value[..end]) {
            out.push_str(&html[copied..attr]);
            out.push_str(base);
            copied = attr;
        }
    }
    if copied == 0 {
        return html.to_string();
    }
    out.push_str(&html[copied..]);
    out
}

/// Where the values of ` src="` and ` href="` start, in order.
fn find_attrs(html: &str) -> Vec<usize> {
    let mut at = Vec::new();
    for pat in [" src=\"", " href=\""] {
        at.extend(memchr::memmem::find_iter(html.as_bytes(), pat).map(|i| i + pat.len()));
    }
    at.sort_unstable();
    at
}

fn is_relative(url: &str) -> bool {
    if url.is_empty() || url.starts_with(['/', '#', '?']) {
        return false;
    }
    // A scheme (https:, mailto:, tel:) comes before any slash, question mark or hash.
    let head = url.split(['/', '?', '#']).next().unwrap_or("");
    !head.contains(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_start_at_the_root_and_other_links_stay() {
        let html = "<p><img src=\"kuva.png\" alt=\"x\"> <a href=\"kuvat/lomake.pdf\">lomake</a> \
            <a href=\"https://a.fi/x\">a</a> <a href=\"/fi/alueet/\">b</a> <a href=\"#ohje\">c</a> \
            <a href=\"mailto:a@b.fi\">d</a></p>";
        assert_eq!(
            from_root(html, "/fi/palvelut/perhetyo/"),
            "<p><img src=\"/fi/palvelut/perhetyo/kuva.png\" alt=\"x\"> \
             <a href=\"/fi/palvelut/perhetyo/kuvat/lomake.pdf\">lomake</a> \
             <a href=\"https://a.fi/x\">a</a> <a href=\"/fi/alueet/\">b</a> <a href=\"#ohje\">c</a> \
             <a href=\"mailto:a@b.fi\">d</a></p>"
        );
    }
}
