pub(crate) fn for_booklet(html: &str, service: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 256);
    let mut copied = 0;
    // One pass: every `<` may open or close a heading, every `=` may start an id or a link to
    // one. All the patterns start or end with ASCII, so the cuts fall between characters.
    for i in memchr::memchr2_iter(b'<', b'=', b) {
        let heading = |at: usize| match b.get(at) {
            Some(d @ b'2'..=b'5') => Some(d + 1),
            _ => None,
        };
        let (skip, text): (usize, String) = if b[i] == b'<' {
            if b.get(i + 1) == Some(&b'h')
                && let Some(d) = heading(i + 2)
            {
                (3, format!("<h{}", d as char))
            } else if b[i..].starts_with(b"</h")
                && let Some(d) = heading(i + 3)
                && b.get(i + 4) == Some(&b'>')
            {
                (5, format!("</h{}>", d as char))
            } else {
                continue;
            }
        } else if b[..i].ends_with(b" id") && b.get(i + 1) == Some(&b'"') {
            (2, format!("=\"{service}-"))
        } else if b[..i].ends_with(b"href") && b[i + 1..].starts_with(b"\"#") {
            (3, format!("=\"#{service}-"))
        } else {
            continue;
        };
        out.push_str(&html[copied..i]);
        out.push_str(&text);
        copied = i + skip;
    }
    out.push_str(&html[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booklet_bodies_move_headings_down_and_prefix_ids() {
        let html = "<h2 id=\"ohje\">Ohje</h2><p><a href=\"#ohje\">ks.</a> <a href=\"https://x.fi/#a\">x</a></p>\
            <h5>Pieni</h5><h6>Pienin</h6><header data-id=\"x\">a = b</header><h1>Otsikko</h1>";
        assert_eq!(
            for_booklet(html, "kotipalvelu"),
            "<h3 id=\"kotipalvelu-ohje\">Ohje</h3><p><a href=\"#kotipalvelu-ohje\">ks.</a> \
             <a href=\"https://x.fi/#a\">x</a></p><h6>Pieni</h6><h6>Pienin</h6>\
             <header data-id=\"x\">a = b</header><h1>Otsikko</h1>"
        );
    }
}
