//! One input for the fuzz target and its regression tests: bytes become a small site (a fixed
//! site.yaml, then a service's Markdown and a region file from the input) that runs through
//! the whole pipeline in memory. Any outcome is fine; a panic or a hang is not.

use crate::BuildOptions;
use crate::load::{Bundle, Source, Sources};

const SITE: &str = "languages:\n  - { code: fi, name: Suomeksi }\n  - { code: en, name: In English }\nbase_url: https://example.fi/\ntitle: { fi: T, en: T }\norganisation: { fi: O, en: O }\ntopics:\n  - { id: arki, name: { fi: Arki, en: Life } }\n";

/// Splits the input at the first NUL byte: Markdown before it, region YAML after it.
pub fn run_input(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (markdown, region) = text
        .split_once('\0')
        .unwrap_or((&text, "name: Alue\nmunicipalities: [{ name: Kuopio }]\n"));
    let source = |path: &str, text: &str| Source {
        path: path.into(),
        text: text.to_string(),
    };
    let sources = Sources {
        root: std::path::PathBuf::from("/nonexistent-esite-fuzz"),
        site: Some(source("content/site.yaml", SITE)),
        pictures: Vec::new(),
        services: vec![Bundle {
            id: "palvelu".into(),
            dir: "content/services/palvelu".into(),
            documents: vec![
                (
                    "fi".into(),
                    source("content/services/palvelu/fi.md", markdown),
                ),
                (
                    "en".into(),
                    source("content/services/palvelu/en.md", markdown),
                ),
            ],
            assets: Vec::new(),
        }],
        pages: Vec::new(),
        regions: vec![("alue".into(), source("content/regions/alue.yaml", region))],
        themes_dir: std::path::PathBuf::from("/nonexistent-esite-fuzz/themes"),
    };
    let options = BuildOptions {
        site: sources.root.clone(),
        // The plain-language scanner reads every text too: the fuzzer covers it.
        hints: true,
        ..Default::default()
    };
    let outcome = crate::run_sources(&options, sources, Vec::new());
    for d in &outcome.diagnostics {
        let _ = d.render(false);
    }
}
