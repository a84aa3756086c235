//! The organisation's identity (issue #17): a logo beside site.yaml and a brand colour, shown on
//! every page and printed page, and the mistakes an editor can make with them, each located in
//! site.yaml. The basic fixture with the files of tests/fixtures/identity beside its site.yaml.

mod support;
use std::fs;
use std::path::{Path, PathBuf};
use support::*;

/// The basic fixture with the identity fixture's files in content/ and `yaml` at the end of
/// its site.yaml.
fn site_with(yaml: &str) -> tempfile::TempDir {
    let site = fixture_copy("basic");
    for f in ["logo.svg", "logo.gif", "not-really.png"] {
        fs::copy(
            repo().join("tests/fixtures/identity").join(f),
            site.path().join("content").join(f),
        )
        .unwrap();
    }
    let path = site.path().join("content/site.yaml");
    fs::write(&path, fs::read_to_string(&path).unwrap() + yaml).unwrap();
    site
}

/// What a failed build said; it must have written nothing.
fn refused(yaml: &str) -> String {
    let site = site_with(yaml);
    let (o, out) = build_site(site.path());
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!out.exists(), "nothing is written when the build fails");
    err
}

/// The line site.yaml's `key` ends up on after `yaml` is appended.
fn line_of(yaml: &str, needle: &str) -> usize {
    let base = fs::read_to_string(repo().join("tests/fixtures/basic/content/site.yaml")).unwrap();
    let whole = base + yaml;
    whole.lines().position(|l| l.contains(needle)).unwrap() + 1
}

fn html_files(out: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect()
}

const LOGO: &str = "logo:\n  file: logo.svg\n  alt: { fi: Testi-logo, en: Test logo }\n";

#[test]
fn the_logo_and_brand_colour_are_on_every_page_and_printed_page() {
    let site = site_with(&format!("{LOGO}brand_colour: \"#0B5394\"\n"));
    let (o, out) = build_site(site.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let pages = html_files(&out);
    let leaflets = pages
        .iter()
        .filter(|p| p.to_string_lossy().contains("/tulosta/"));
    assert!(
        leaflets.count() >= 2,
        "the fixture has leaflets and a booklet"
    );
    let mut logo_src = None;
    for page in &pages {
        let html = fs::read_to_string(page).unwrap();
        let rel = page
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // Written once, in the one form, whatever case the editor used.
        assert!(
            html.contains("<style>:root { --brand: #0b5394; }</style>"),
            "{rel}"
        );
        let alt = if rel.starts_with("en/") {
            "Test logo"
        } else {
            "Testi-logo"
        };
        let tag = format!("alt=\"{alt}\" width=\"120\" height=\"40\">");
        let img = html
            .split("<img class=\"logo\" src=\"")
            .nth(1)
            .unwrap_or_else(|| panic!("{rel} shows no logo"));
        let (src, rest) = img.split_once('"').unwrap();
        assert!(rest.starts_with(&format!(" {tag}")), "{rel}: {img:.120}");
        // The organisation's name is beside the logo, so its alt text could be left empty.
        let beside = if rel.starts_with("en/") {
            "Test organisation"
        } else {
            "Testiorganisaatio"
        };
        let near: String = rest.chars().take(200).collect();
        assert!(near.contains(beside), "{rel}: {near}");
        assert_eq!(*logo_src.get_or_insert(src.to_string()), src, "{rel}");
    }
    // Published once, under a name that changes with its content, with the same bytes.
    let src = logo_src.unwrap();
    assert!(
        src.starts_with("/assets/logo.") && src.ends_with(".svg"),
        "{src}"
    );
    assert_eq!(
        fs::read(out.join(src.trim_start_matches('/'))).unwrap(),
        fs::read(site.path().join("content/logo.svg")).unwrap()
    );
    // The other pictures in content/ are not the logo, so they are not published.
    let published: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !published
            .iter()
            .any(|n| n.contains("not-really") || n.ends_with(".gif")),
        "{published:?}"
    );
}

#[test]
fn without_identity_pages_have_neither_logo_nor_brand_colour() {
    let site = fixture_copy("basic");
    let (o, out) = build_site(site.path());
    assert!(o.status.success());
    let html = fs::read_to_string(out.join("fi/index.html")).unwrap();
    assert!(!html.contains("class=\"logo\""));
    assert!(!html.contains("--brand:"));
}

#[test]
fn a_brand_colour_with_too_little_contrast_is_located_with_its_ratio_and_a_darker_shade() {
    let yaml = "brand_colour: \"#ffcc00\"\n";
    let err = refused(yaml);
    let line = line_of(yaml, "brand_colour");
    assert!(
        err.contains(&format!(
            "content/site.yaml:{line}:16: error: the brand colour #ffcc00 has a contrast of only 1.51:1 with the white text on it"
        )),
        "{err}"
    );
    assert!(err.contains("at least 4.5:1 is needed"), "{err}");
    // The hint names a shade that passes: the check itself must then accept it.
    let shade = err
        .split("passes everywhere is \"")
        .nth(1)
        .and_then(|s| s.get(..7))
        .unwrap_or_else(|| panic!("no shade in {err}"));
    let site = site_with(&format!("brand_colour: \"{shade}\"\n"));
    let (o, _) = build_site(site.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_colour_in_another_form_or_left_unquoted_is_explained() {
    let err = refused("brand_colour: \"rgb(0, 0, 0); } body { display: none\"\n");
    assert!(
        err.contains("error: 'rgb(0, 0, 0); } body { display: none' is not a colour esite can use"),
        "{err}"
    );
    // Without quotes, YAML reads the colour as a comment.
    let yaml = "brand_colour: #0b5394\n";
    let err = refused(yaml);
    let line = line_of(yaml, "brand_colour");
    assert!(
        err.contains(&format!(
            "content/site.yaml:{line}:1: error: 'brand_colour' has no colour"
        )),
        "{err}"
    );
    assert!(err.contains("write the colour in quotes"), "{err}");
}

#[test]
fn the_american_spelling_is_read_too() {
    let site = site_with("brand_color: \"#05a\"\n");
    let (o, out) = build_site(site.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = fs::read_to_string(out.join("en/index.html")).unwrap();
    assert!(html.contains("--brand: #0055aa;"));
}

#[test]
fn a_missing_logo_file_is_located_with_a_suggestion() {
    let yaml = "logo:\n  file: logos.svg\n  alt: \"\"\n";
    let err = refused(yaml);
    let line = line_of(yaml, "logos.svg");
    assert!(
        err.contains(&format!(
            "content/site.yaml:{line}:9: error: the logo 'logos.svg' is not in content/"
        )),
        "{err}"
    );
    assert!(err.contains("did you mean 'logo.svg'?"), "{err}");
    let err = refused("logo:\n  file: kuvat/logo.svg\n  alt: \"\"\n");
    assert!(
        err.contains("error: the logo must be a file beside site.yaml"),
        "{err}"
    );
}

#[test]
fn a_logo_of_another_kind_is_refused_by_its_name_and_by_its_content() {
    let yaml = "logo:\n  file: logo.gif\n  alt: \"\"\n";
    let err = refused(yaml);
    let line = line_of(yaml, "logo.gif");
    assert!(
        err.contains(&format!(
            "content/site.yaml:{line}:9: error: the logo 'logo.gif' is not an SVG or PNG file"
        )),
        "{err}"
    );
    let err = refused("logo:\n  file: not-really.png\n  alt: \"\"\n");
    assert!(
        err.contains("error: the logo 'not-really.png' is not a PNG file"),
        "{err}"
    );
}

#[test]
fn the_logo_needs_alt_text_in_every_language() {
    let yaml = "logo:\n  file: logo.svg\n  alt: { fi: Testi-logo }\n";
    let err = refused(yaml);
    let line = line_of(yaml, "alt:");
    assert!(
        err.contains(&format!(
            "content/site.yaml:{line}:3: error: the logo's alt text is missing in 'en'"
        )),
        "{err}"
    );
    let err = refused("logo:\n  file: logo.svg\n");
    assert!(err.contains("error: the logo has no alt text"), "{err}");
    assert!(err.contains("alt: { fi: ..., en: ... }"), "{err}");
}
