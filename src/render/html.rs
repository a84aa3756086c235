//! Raw HTML in the text, on a site that allows it (`allow_html: true`): what is published
//! goes through an allowlist sanitiser (ammonia), so no script, event handler, `javascript:`
//! or `data:` address, frame or style reaches a resident's browser; headings' ids, `lang`,
//! `dir`, `abbr`, tables and the like stay. The editor is told what was left out.

use std::sync::LazyLock;

static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    // Headings and footnotes link to ids; `dir` goes with `lang` for right-to-left text.
    b.add_generic_attributes(["id", "dir"]);
    b.url_schemes(["http", "https", "mailto", "tel"].into_iter().collect());
    // Links keep the attributes the editor wrote; no `target` is allowed, so none opens a
    // window that could reach back.
    b.link_rel(None);
    b
});

/// The HTML with everything not on the allowlist removed.
pub fn sanitise(html: &str) -> String {
    SANITISER.clean(html).to_string()
}

/// What in a piece of raw HTML the sanitiser will leave out, in words for the editor.
pub fn left_out(html: &str) -> Vec<&'static str> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    if lower.contains("<script") {
        found.push("a script");
    }
    if lower.contains("<style") || lower.contains("style=") {
        found.push("styles");
    }
    if ["<iframe", "<frame", "<object", "<embed"]
        .iter()
        .any(|t| lower.contains(t))
    {
        found.push("an embedded frame or object");
    }
    if ["javascript:", "data:", "vbscript:"]
        .iter()
        .any(|s| lower.contains(s))
    {
        found.push("a javascript: or data: address");
    }
    if has_event_handler(&lower) {
        found.push("an event handler (on…=)");
    }
    found
}

/// `onerror=`, `onclick =` and the like inside a tag.
fn has_event_handler(lower: &str) -> bool {
    let b = lower.as_bytes();
    lower.match_indices("on").any(|(i, _)| {
        let after_space = i > 0 && (b[i - 1].is_ascii_whitespace() || b[i - 1] == b'/');
        let name_len = b[i + 2..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let rest = lower[i + 2 + name_len..].trim_start();
        after_space && name_len > 0 && rest.starts_with('=')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_bad_addresses_go_and_structure_stays() {
        let html = "<p lang=\"sv\" dir=\"ltr\">Hej <abbr title=\"Kela\">Kela</abbr></p>\
            <script>alert(1)</script><img src=\"x.png\" alt=\"Kuva\" onerror=\"alert(2)\">\
            <a href=\"javascript:alert(3)\">a</a><a href=\"data:text/html,x\">b</a>\
            <iframe src=\"https://evil.example/\"></iframe><div style=\"display:none\">piilo</div>\
            <table><thead><tr><th scope=\"col\">A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>\
            <h2 id=\"ohje\">Ohje</h2><a href=\"lomake.pdf\">lomake</a><a href=\"mailto:a@b.fi\">posti</a>";
        let clean = sanitise(html);
        for gone in [
            "<script",
            "alert",
            "onerror",
            "javascript:",
            "data:",
            "<iframe",
            "style=",
        ] {
            assert!(!clean.contains(gone), "{gone} left in {clean}");
        }
        for kept in [
            "lang=\"sv\"",
            "dir=\"ltr\"",
            "<abbr title=\"Kela\">",
            "<th scope=\"col\">",
            "<h2 id=\"ohje\">",
            "href=\"lomake.pdf\"",
            "href=\"mailto:a@b.fi\"",
            "alt=\"Kuva\"",
            "piilo",
        ] {
            assert!(clean.contains(kept), "{kept} missing from {clean}");
        }
    }

    #[test]
    fn the_editor_is_told_what_is_left_out() {
        assert_eq!(left_out("<b>lihava</b>"), Vec::<&str>::new());
        assert_eq!(
            left_out("<img src=x onerror=alert(1)>"),
            ["an event handler (on…=)"]
        );
        assert_eq!(left_out("<SCRIPT>x</SCRIPT>"), ["a script"]);
        assert!(left_out("<a href=\"JavaScript:x\">").contains(&"a javascript: or data: address"));
        // Words that merely contain "on" are not handlers.
        assert!(left_out("<p title=\"person\">on=off</p>").is_empty());
    }
}
