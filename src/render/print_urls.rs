//! A printed leaflet names each web address once. Channels are shared fragments, each
//! printing its own address in words; on one sheet, the second and later copies of an address
//! are dropped here, after the page is spliced (several channels of a region often lead to
//! the same page, and three copies of one address read as three places to go).

/// The page with every repeated `<span class="url-words">…</span>` emptied.
pub(super) fn once_per_page(html: &[u8]) -> Option<Vec<u8>> {
    const OPENS: [&[u8]; 2] = [b"<span class=\"url-words\">", b"<span class=url-words>"];
    const CLOSE: &[u8] = b"</span>";
    let mut seen: Vec<&[u8]> = Vec::new();
    let mut out: Vec<u8> = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(rel) = memchr::memmem::find(&html[at..], b"<span class") {
        let start = at + rel;
        let Some(open) = OPENS.iter().find(|o| html[start..].starts_with(o)) else {
            at = start + 1;
            continue;
        };
        let inner = start + open.len();
        let Some(len) = memchr::memmem::find(&html[inner..], CLOSE) else {
            break;
        };
        let words = &html[inner..inner + len];
        let end = inner + len + CLOSE.len();
        if seen.contains(&words) {
            out.extend_from_slice(&html[copied..start]);
            copied = end;
        } else {
            seen.push(words);
        }
        at = end;
    }
    if copied == 0 {
        return None;
    }
    out.extend_from_slice(&html[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_address_is_printed_once() {
        let page = b"<p><span class=\"url-words\">a.fi/<wbr>x</span></p><p class=channel-url>\
            <span class=url-words>a.fi/<wbr>x</span></p><span class=url-words>b.fi</span>";
        let once = once_per_page(page).unwrap();
        assert_eq!(
            String::from_utf8(once).unwrap(),
            "<p><span class=\"url-words\">a.fi/<wbr>x</span></p><p class=channel-url>\
             </p><span class=url-words>b.fi</span>"
        );
        assert!(once_per_page(b"<span class=\"url-words\">a</span>").is_none());
    }
}
