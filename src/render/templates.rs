//! The theme's templates compiled into one Tera, compacted first; what to tell an editor
//! whose template fails.

use super::compact;
use crate::diag::Diagnostic;
use crate::theme::Theme;
use std::path::PathBuf;
use tera::Tera;

/// A digest of every template: a remembered page is only reused with the same templates.
pub(super) fn hash(theme: &Theme) -> [u8; 32] {
    let mut templates = blake3::Hasher::new();
    for f in &theme.templates {
        templates.update(f.name.as_bytes());
        templates.update(&[0]);
        templates.update(&(f.bytes.len() as u64).to_le_bytes());
        templates.update(&f.bytes);
    }
    *templates.finalize().as_bytes()
}

pub(super) fn compile(theme: &Theme) -> Result<Tera, Diagnostic> {
    if let Some(d) = outdated(theme) {
        return Err(d);
    }
    let templates: Vec<(String, String)> = theme
        .templates
        .iter()
        .map(|f| {
            (
                f.name.trim_start_matches("templates/").to_string(),
                String::from_utf8_lossy(&f.bytes).into_owned(),
            )
        })
        .collect();
    let safe = compact::safe_for(&templates);
    let compacted = templates
        .iter()
        .map(|(name, src)| match safe && name.ends_with(".html") {
            true => (name.clone(), compact::compact(src)),
            false => (name.clone(), src.clone()),
        })
        .collect();
    // A template's errors are reported on the template as written, where their lines are.
    tera_of(compacted).or_else(|_| tera_of(templates)).map_err(|e| {
        let file = theme
            .templates
            .iter()
            .find(|f| error_chain(&e).contains(f.name.trim_start_matches("templates/")))
            .and_then(|f| f.origin.clone())
            .unwrap_or_else(|| PathBuf::from("themes"));
        Diagnostic::error(file, format!("a template cannot be read: {}", error_chain(&e))).hint("fix the template's syntax (see the Tera documentation), or delete the file to use the built-in one")
    })
}

/// A site's template written for an earlier version that would now go wrong without an error
/// (an `if` over data no longer given is simply false, and the list would vanish).
pub(super) fn outdated(theme: &Theme) -> Option<Diagnostic> {
    const OLD: &str = "place.services";
    theme.templates.iter().find_map(|f| {
        let origin = f.origin.as_ref()?;
        let src = String::from_utf8_lossy(&f.bytes);
        let old = f.name == "templates/municipality-place.html"
            && src
                .match_indices(OLD)
                .any(|(i, _)| !src[i + OLD.len()..].starts_with("_html"));
        old.then(|| {
            Diagnostic::error(
                origin,
                "this template shows `place.services`, which esite no longer gives it",
            )
            .hint(
                "show the region's service list with `{{ place.services_html | safe }}`: it is made \
                 once per region by service-list.html (see the built-in municipality-place.html)",
            )
        })
    })
}

pub(super) fn tera_of(templates: Vec<(String, String)>) -> Result<Tera, tera::Error> {
    let mut tera = Tera::default();
    tera.add_raw_templates(templates)?;
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    Ok(tera)
}

/// Tera's own escaping also writes every `/` as `&#x2F;`, which only makes pages longer: URLs
/// are full of slashes. These five are what HTML needs.
pub(super) fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    let mut rest = input;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#x27;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out
}

/// What to do about a template that failed; templates written for earlier versions of the
/// theme fail in known ways.
pub(super) fn template_hint(message: &str) -> &'static str {
    if message.contains("`base.t.") {
        "the interface texts are `t` now: write `t.` where the template says `base.t.`"
    } else if ["`m::channel`", "`m::region_contacts`"]
        .iter()
        .any(|m| message.contains(m))
    {
        "a channel's and a contact block's markup is in channel.html and contacts.html now, not in \
         macros.html: start again from the built-in file"
    } else {
        "fix the template, or delete it to use the built-in one"
    }
}

pub(super) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        source = inner.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_what_html_needs_and_leaves_slashes() {
        assert_eq!(
            escape_html(r#"<a href="/x?a=1&b='2'">"#),
            "&lt;a href=&quot;/x?a=1&amp;b=&#x27;2&#x27;&quot;&gt;"
        );
        assert_eq!(escape_html("Kuopio / Siilinjärvi"), "Kuopio / Siilinjärvi");
    }
}
