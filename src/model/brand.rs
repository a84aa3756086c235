//! The organisation's identity from site.yaml: its logo (an SVG or PNG beside site.yaml, with
//! alt text per language) and its brand colour, checked against every colour the default
//! theme shows it with, so no page can be built whose band or borders fail WCAG 2.1 AA.

use super::checks::Checker;
use super::colour::{self, Rgb, WHITE};
use super::*;
use crate::load::{self, Picture};
use std::sync::Arc;

/// The logo as pages show it.
#[derive(Debug)]
pub struct Logo {
    /// Where it is in the site folder: `content/logo.svg`.
    pub path: PathBuf,
    pub bytes: Arc<Vec<u8>>,
    /// What it says, per language; may be empty, as the theme shows the organisation's name
    /// beside it everywhere.
    pub alt: Localized,
    /// Width and height as the file gives them (pixels, or an SVG's own units), if it does.
    pub size: Option<(u32, u32)>,
}

/// One place where the default theme shows the brand colour, and what with.
struct Use {
    /// What an editor is told: "the white text on it".
    with: &'static str,
    against: Rgb,
    /// WCAG 2.1: 4.5:1 for text (1.4.3), 3:1 for lines and borders (1.4.11).
    min: f64,
}

/// The theme's light grey boxes (`--surface` in style.css).
const SURFACE: Rgb = Rgb(0xf2, 0xf5, 0xf8);

/// Where the default theme uses `--brand`: the band at the top of every page, with the
/// language links in white on it, and the borders and rules of boxes and printed pages.
const USES: [Use; 3] = [
    Use {
        with: "the white text on it (the band at the top of every page)",
        against: WHITE,
        min: 4.5,
    },
    Use {
        with: "the white page, as lines and borders",
        against: WHITE,
        min: 3.0,
    },
    Use {
        with: "the light grey boxes (#f2f5f8), as their borders",
        against: SURFACE,
        min: 3.0,
    },
];

/// The brand colour as `#rrggbb`, if site.yaml gives one that can be used.
pub(super) fn brand_colour(
    raw: Option<&str>,
    (file, text): (&PathBuf, &str),
    ctx: &mut Checker,
) -> Option<String> {
    let value = raw?;
    let key = if text.contains("brand_color:") {
        "brand_color"
    } else {
        "brand_colour"
    };
    let at = |shown: &str, message: String| {
        let (line, col, width) = diag::locate(text, key, shown);
        Diagnostic::error(file, message)
            .at(text, line, col)
            .width(width)
    };
    if value.trim().is_empty() {
        ctx.diags.push(
            at(key, format!("'{key}' has no colour"))
                .hint(format!("write the colour in quotes, as YAML reads # as the start of a comment: {key}: \"#0b5394\"")),
        );
        return None;
    }
    let Some(rgb) = Rgb::parse(value.trim()) else {
        ctx.diags.push(
            at(value, format!("'{value}' is not a colour esite can use")).hint(
                "write it as # and six (or three) hexadecimal digits, in quotes: \"#0b5394\"",
            ),
        );
        return None;
    };
    let failing = USES
        .iter()
        .map(|u| (u, colour::contrast(rgb, u.against)))
        .find(|(u, ratio)| *ratio < u.min);
    if let Some((u, ratio)) = failing {
        let against: Vec<Rgb> = USES.iter().map(|u| u.against).collect();
        let needed = USES.iter().map(|u| u.min).fold(0.0, f64::max);
        let shade = colour::darker_shade(rgb, &against, needed).map(Rgb::hex);
        let hint = match shade {
            Some(s) => format!(
                "choose a darker shade; the lightest of this one that passes everywhere is \"{s}\""
            ),
            None => "choose a darker colour".into(),
        };
        ctx.diags.push(
            at(
                value,
                format!(
                    "the brand colour {value} has a contrast of only {}:1 with {}; at least {}:1 is needed",
                    colour::ratio_text(ratio),
                    u.with,
                    u.min
                ),
            )
            .hint(hint),
        );
        return None;
    }
    Some(rgb.hex())
}

/// The logo, if site.yaml names one that can be shown.
pub(super) fn logo(
    raw: Option<RawLogo>,
    pictures: &[Picture],
    (file, text): (&PathBuf, &str),
    ctx: &mut Checker,
) -> Option<Logo> {
    let raw = raw?;
    let name = raw.file.trim();
    let at = |shown: &str, message: String| {
        let (line, col, width) = diag::locate(text, "logo", shown);
        Diagnostic::error(file, message)
            .at(text, line, col)
            .width(width)
    };
    let alt = logo_alt(raw.alt, &at, ctx);
    if name.is_empty() || name.contains(['/', '\\']) {
        ctx.diags.push(
            at(
                if name.is_empty() { "file" } else { name },
                "the logo must be a file beside site.yaml, named without a folder".into(),
            )
            .hint("put the logo in content/, beside site.yaml, and write only its name: file: logo.svg"),
        );
        return None;
    }
    let path = Path::new("content").join(name);
    if !load::is_picture(&path) {
        ctx.diags.push(
            at(name, format!("the logo '{name}' is not an SVG or PNG file"))
                .hint("save the logo as SVG (sharp at every size) or PNG, and name that file here"),
        );
        return None;
    }
    let Some(found) = pictures.iter().find(|p| p.path == path) else {
        let names = pictures.iter().filter_map(|p| p.path.file_name()?.to_str());
        let hint = match diag::suggest(name, names) {
            Some(s) => format!("did you mean '{s}'?"),
            None => "put the logo file in content/, beside site.yaml, or correct its name".into(),
        };
        ctx.diags
            .push(at(name, format!("the logo '{name}' is not in content/")).hint(hint));
        return None;
    };
    let bytes = match &found.bytes {
        Ok(b) => b.clone(),
        Err(d) => {
            ctx.diags.push(d.clone());
            return None;
        }
    };
    let size = match picture_size(&path, &bytes) {
        Ok(size) => size,
        Err(problem) => {
            ctx.diags.push(
                at(name, format!("the logo '{name}' {problem}"))
                    .hint("open the logo in a drawing program and save it again as SVG or PNG"),
            );
            return None;
        }
    };
    Some(Logo {
        path,
        bytes,
        alt: alt?,
        size,
    })
}

/// The logo's alt text: given for every language of the site (empty is allowed: see `Logo`).
fn logo_alt(
    alt: Option<Localized>,
    at: &impl Fn(&str, String) -> Diagnostic,
    ctx: &mut Checker,
) -> Option<Localized> {
    let example = format!(
        "alt: {{ {} }}",
        ctx.codes
            .iter()
            .map(|c| format!("{c}: ..."))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let Some(alt) = alt else {
        ctx.diags.push(at("logo", "the logo has no alt text".into()).hint(format!(
            "write what the logo says for readers who cannot see it, {example}; \
             write alt: \"\" if it only shows the organisation's name, which the pages show beside it"
        )));
        return None;
    };
    let (missing, _) = alt.gaps(ctx.codes);
    if let Some(first) = missing.first() {
        ctx.diags.push(
            at(
                "alt",
                format!("the logo's alt text is missing in '{first}'"),
            )
            .hint(format!("give it in every language of the site: {example}")),
        );
        return None;
    }
    Some(alt)
}

/// Checks that the file is the kind of picture its name says, and reads its size.
fn picture_size(path: &Path, bytes: &[u8]) -> Result<Option<(u32, u32)>, &'static str> {
    let is_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        let text = std::str::from_utf8(bytes).map_err(|_| "is not an SVG file (not text)")?;
        let start = text
            .find("<svg")
            .ok_or("is not an SVG file (it has no <svg>)")?;
        // Shown by <img>, an SVG's script never runs, but its address opened in a tab would.
        if text.contains("<script") || text.contains("javascript:") {
            return Err("has a script in it, which a logo may not have");
        }
        let tag = &text[start..text[start..].find('>').map_or(text.len(), |e| start + e)];
        let (w, h) = (attr_number(tag, "width"), attr_number(tag, "height"));
        let from_box = || {
            let view_box = attr(tag, "viewBox")?;
            let n: Vec<f64> = view_box
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .filter_map(|s| s.parse().ok())
                .collect();
            (n.len() == 4).then(|| (n[2], n[3]))
        };
        let size = w.zip(h).or_else(from_box);
        return Ok(size
            .filter(|(w, h)| *w >= 1.0 && *h >= 1.0 && *w < 1e6 && *h < 1e6)
            // Within 1..1e6, so the casts cannot overflow.
            .map(|(w, h)| (w.round() as u32, h.round() as u32)));
    }
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(PNG) || bytes.len() < 24 || &bytes[12..16] != b"IHDR" {
        return Err("is not a PNG file");
    }
    let number =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    Ok(Some((number(16), number(20))).filter(|(w, h)| *w > 0 && *h > 0))
}

/// An attribute's value in a start tag: `width="120"`.
fn attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + name.len()..].trim_start();
        rest = &rest[i + name.len()..];
        if before.is_some_and(char::is_whitespace)
            && let Some(value) = after.strip_prefix('=')
        {
            let value = value.trim_start();
            let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let value = &value[1..];
            return value.find(quote).map(|end| &value[..end]);
        }
    }
    None
}

/// A length attribute in pixels (`120`, `120px`); a percentage or another unit gives none.
fn attr_number(tag: &str, name: &str) -> Option<f64> {
    let v = attr(tag, name)?.trim();
    v.strip_suffix("px").unwrap_or(v).parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_size_of_an_svg_from_its_attributes_or_view_box() {
        let svg = |s: &str| picture_size(Path::new("a.svg"), s.as_bytes());
        assert_eq!(
            svg("<?xml?><svg xmlns='x' width=\"120px\" height='40'></svg>"),
            Ok(Some((120, 40)))
        );
        assert_eq!(
            svg("<svg viewBox=\"0 0 300 100\" width=\"100%\">"),
            Ok(Some((300, 100)))
        );
        assert_eq!(svg("<svg>"), Ok(None));
        assert!(svg("<html>").is_err());
        assert!(svg("<svg><script>alert(1)</script></svg>").is_err());
    }

    #[test]
    fn a_png_is_known_by_its_signature() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend([0, 0, 0, 200, 0, 0, 0, 50]);
        assert_eq!(picture_size(Path::new("a.PNG"), &png), Ok(Some((200, 50))));
        assert!(picture_size(Path::new("a.png"), b"GIF89a......................").is_err());
    }
}
