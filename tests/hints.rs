//! `esite check --hints`: plain-language hints at their lines, in text and JSON, never
//! failing a check and never printed by `check` without `--hints` or by `build`.

mod support;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use support::*;

fn esite(site: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_esite"))
        .args(args)
        .arg("--site")
        .arg(site)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const KOTIPALVELU: &str = "content/services/kotipalvelu/fi.md";

/// The basic fixture with a Finnish text that has a long sentence (line 8), a long compound
/// (line 10) and officialese (line 12).
fn site_with_hard_finnish() -> tempfile::TempDir {
    let site = fixture_copy("basic");
    let text = "---\ntitle: Kotipalvelu\nsummary: Tilapäistä apua kotiin.\nregions: [testialue]\ntopics: [arki]\n---\n\n\
Kotipalvelu on palvelu, jota perhe voi saada, kun arki on raskasta ja vanhemmat tarvitsevat apua lasten hoidossa, kodin asioissa ja monessa muussa asiassa, joka liittyy perheen elämään kotona.\n\n\
Hae apua lapsiperheidenkotipalvelusta.\n\n\
Aluksi tehdään palvelutarpeen arviointi.\n";
    fs::write(site.path().join(KOTIPALVELU), text).unwrap();
    // Translated, so the fixture has no warning and --strict says only what hints do.
    let en = "---\ntitle: Home help\nsummary: Help at home for a while.\nregions: [testialue]\ntopics: [arki]\n---\n\nHome help helps with housework.\n";
    fs::write(site.path().join("content/services/kotipalvelu/en.md"), en).unwrap();
    site
}

#[test]
fn hints_are_given_at_their_lines_and_never_fail_a_check() {
    let site = site_with_hard_finnish();
    let o = esite(site.path(), &["check", "--hints", "--strict"]);
    let err = stderr(&o);
    assert!(
        o.status.success(),
        "hints never fail, even with --strict: {err}"
    );
    for expected in [
        "content/services/kotipalvelu/fi.md:8:1: plain language: a sentence of 28 words (plain language: at most 25)",
        "content/services/kotipalvelu/fi.md:10:10: plain language: a long word: 'lapsiperheidenkotipalvelusta', 28 letters",
        "content/services/kotipalvelu/fi.md:12:16: plain language: officialese: 'palvelutarpeen arviointi'",
        "= hint: plainer: explain what happens",
        "content/services/kotipalvelu/fi.md: plain language: readability: LIX",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(err.contains(", 0 warnings, "), "{err}");
    assert!(err.lines().last().unwrap().contains(" hints"), "{err}");
    // The fixture's other Finnish texts are plain: only their readability figure.
    let others: Vec<&str> = err
        .lines()
        .filter(|l| {
            l.contains("plain language:")
                && !l.contains("kotipalvelu/")
                && !l.contains("readability")
        })
        .collect();
    assert_eq!(others, Vec::<&str>::new(), "{err}");
}

#[test]
fn check_without_hints_and_build_say_nothing_of_plain_language() {
    let site = site_with_hard_finnish();
    let o = esite(site.path(), &["check"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("plain language"), "{err}");
    assert!(
        !err.contains("hint"),
        "no hints count without --hints: {err}"
    );
    let out = site.path().join("out");
    let o = esite(site.path(), &["build", "--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("plain language"), "{}", stderr(&o));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("warning"));
}

#[test]
fn json_records_carry_severity_hint() {
    let site = site_with_hard_finnish();
    let o = esite(site.path(), &["check", "--hints", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let records = doc["diagnostics"].as_array().unwrap();
    let officialese = records
        .iter()
        .find(|r| r["message"].as_str().unwrap().starts_with("officialese"))
        .unwrap();
    assert_eq!(officialese["severity"], "hint");
    assert_eq!(officialese["file"], KOTIPALVELU);
    assert_eq!(
        (officialese["line"].as_u64(), officialese["column"].as_u64()),
        (Some(12), Some(16))
    );
    assert!(
        records.iter().all(|r| r["severity"] == "hint"),
        "{records:?}"
    );
    assert_eq!(doc["summary"]["errors"], 0);
    assert_eq!(doc["summary"]["warnings"], 0);
    assert_eq!(doc["summary"]["hints"].as_u64(), Some(records.len() as u64));
    // Without --hints, none.
    let o = esite(site.path(), &["check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 0);
    assert_eq!(doc["summary"]["hints"], 0);
}

#[test]
fn the_example_site_has_hints_but_no_warnings() {
    let o = esite(
        &repo(),
        &["check", "--hints", "--strict", "--format", "json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["summary"]["warnings"], 0);
    assert_eq!(doc["summary"]["errors"], 0);
    assert!(doc["summary"]["hints"].as_u64().unwrap() > 0);
}
