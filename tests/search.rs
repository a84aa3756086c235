//! The site search ("find by need", issue #17) as `esite build` makes it: a search page and
//! an index per language, the editors' keywords in it, a form on the home page, and every
//! service still reachable without JavaScript. The search itself runs in the browser:
//! `tests/browser.rs` (search-check.mjs) types into it.

mod support;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use support::*;

fn esite(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_esite"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("esite runs")
}

fn build(site: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "build",
        "--site",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = esite(&args);
    assert!(
        o.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn index(out: &Path, rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(out, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The words of one page of an index: its keywords' (`k`) or its text's (`w`).
fn page_words(index: &serde_json::Value, url: &str, field: &str) -> Vec<String> {
    let table = index["words"].as_array().unwrap();
    let page = index["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["u"] == url)
        .unwrap_or_else(|| panic!("{url} is not in the index"));
    let mut at = 0;
    page[field]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            at += d.as_u64().unwrap() as usize;
            table[at].as_str().unwrap().to_string()
        })
        .collect()
}

fn urls(index: &serde_json::Value) -> Vec<&str> {
    index["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["u"].as_str().unwrap())
        .collect()
}

#[test]
fn each_language_has_a_search_index_with_the_editors_keywords_under_a_subpath() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(
        &repo().join("tests/fixtures/basic"),
        &out,
        &["--base-url", "https://www.example.fi/perhe/"],
    );
    let fi = index(&out, "fi/haku/index.json");
    assert_eq!(fi["home"], "/perhe/fi/");
    // Services and the free page, at their addresses under the language's home page.
    assert_eq!(
        urls(&fi),
        ["palvelut/kotipalvelu/", "palvelut/perhetyo/", "tietoa/"]
    );
    // `keywords: [kotiin apua, siivousapu]`, folded as residents type them.
    assert_eq!(
        page_words(&fi, "palvelut/kotipalvelu/", "k"),
        ["apua", "kotiin", "siivousapu"]
    );
    // The text's words, without accents; not the words already in the title or summary.
    let text = page_words(&fi, "palvelut/perhetyo/", "w");
    assert!(text.iter().any(|w| w == "neuvontaan"), "{text:?}");
    assert!(!text.iter().any(|w| w == "perhetyo"), "{text:?}");
    // English has only what is written in English: Kotipalvelu is not translated yet.
    let en = index(&out, "en/search/index.json");
    assert_eq!(en["home"], "/perhe/en/");
    assert!(urls(&en).contains(&"services/family-work/"), "{en}");
    assert!(!urls(&en).iter().any(|u| u.contains("kotipalvelu")), "{en}");

    // The home page's form leads to the search page; the search page loads its script and
    // index from under the subpath.
    let home = read(&out, "fi/index.html");
    assert!(
        home.contains(
            r#"<form class="search-form" role="search" action="/perhe/fi/haku/" method="get">"#
        ),
        "{home}"
    );
    assert!(home.contains(r#"<label for="search-home-q">Mihin tarvitset apua?</label>"#));
    let page = read(&out, "fi/haku/index.html");
    assert!(
        page.contains(r#"data-index="/perhe/fi/haku/index.json""#),
        "{page}"
    );
    assert!(
        page.contains(r#"<script src="/perhe/assets/search."#),
        "{page}"
    );
    // Every page's main navigation leads to the search.
    let service = read(&out, "en/services/family-work/index.html");
    assert!(
        service.contains(r#"<a href="/perhe/en/search/">Search</a>"#),
        "{service}"
    );
    // Printed leaflets carry no search.
    let leaflet = read(&out, "fi/palvelut/perhetyo/tulosta/testialue/index.html");
    assert!(
        !leaflet.contains("role=\"search\"") && !leaflet.contains("search."),
        "{leaflet}"
    );
}

#[test]
fn without_javascript_the_search_page_links_to_every_service_and_the_finder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&repo(), &out, &[]);
    for (lang, search, services, finder) in [
        ("fi", "fi/haku/index.html", "fi/palvelut", "/fi/kunnat/"),
        (
            "en",
            "en/search/index.html",
            "en/services",
            "/en/municipalities/",
        ),
    ] {
        let page = read(&out, search);
        // The form waits for the script; the page says why it is not there.
        assert!(page.contains(r#"id="search" hidden"#), "{lang}: {page}");
        assert!(page.contains(r#"<p class="search-nojs" id="search-nojs">"#));
        assert!(page.contains(&format!(r#"<a href="{finder}">"#)), "{lang}");
        let mut count = 0;
        for entry in fs::read_dir(out.join(services)).unwrap().flatten() {
            let slug = entry.file_name().into_string().unwrap();
            let link = format!(r#"href="/{services}/{slug}/""#);
            assert!(page.contains(&link), "{search} does not link to {link}");
            count += 1;
        }
        assert_eq!(count, 4, "{lang}: the example site has four services");
    }
}

#[test]
fn the_example_sites_index_is_small_and_finds_home_help_by_its_keywords() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&repo(), &out, &[]);
    for (rel, home_help, words) in [
        (
            "fi/haku/index.json",
            "palvelut/lapsiperheiden-kotipalvelu/",
            &["apua", "kotiapu", "kotiin"][..],
        ),
        (
            "en/search/index.json",
            "services/home-help-for-families/",
            &["help", "home"][..],
        ),
    ] {
        let size = fs::metadata(out.join(rel)).unwrap().len();
        assert!(size < 100_000, "{rel} is {size} bytes");
        let keywords = page_words(&index(&out, rel), home_help, "k");
        for w in words {
            assert!(
                keywords.iter().any(|k| k == w),
                "{rel}: {w} not in {keywords:?}"
            );
        }
    }
}

#[test]
fn keywords_that_are_not_a_list_are_reported_where_they_are() {
    let site = fixture_copy("basic");
    let file = site.path().join("content/services/kotipalvelu/fi.md");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replace("keywords: [kotiin apua, siivousapu]", "keywords: kotiapu"),
    )
    .unwrap();
    let o = esite(&["check", "--site", site.path().to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(
        err.contains("content/services/kotipalvelu/fi.md:6:11: error: expected a list")
            && err.contains("(in keywords)"),
        "{err}"
    );
}
