//! The editors' JSON Schemas (issue #18 part 4), checked with an independent validator (the
//! Python jsonschema package, run by tests/schema/validate.py): the example site's and an
//! `esite init` site's files are valid, a typo field, a wrong weekday and a bad code are not,
//! and the example site's committed schemas are what `esite schema` writes now.

mod support;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use support::*;

/// Python with jsonschema and PyYAML, or why not. Under CI=true a missing one fails the test.
fn validator_ready(test: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import jsonschema, yaml"])
        .output()
        .is_ok_and(|o| o.status.success());
    let missing = match ok {
        true => Vec::new(),
        false => vec!["python3 with the jsonschema and PyYAML packages".to_string()],
    };
    require_or_skip(test, missing, "scripts/setup-test-deps.sh")
}

fn validate(schemas: &Path, site: &Path) -> Output {
    Command::new("python3")
        .arg(repo().join("tests/schema/validate.py"))
        .arg(schemas)
        .arg(site)
        .output()
        .expect("python3 runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A copy of the example site (content/ and its schemas), for a test to break.
fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    copy_dir(&repo().join(".esite"), &dir.path().join(".esite"));
    dir
}

fn edit(site: &Path, rel: &str, from: &str, to: &str) {
    let path = site.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no '{from}'");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn the_example_sites_files_are_valid_against_its_schemas() {
    if !validator_ready("the_example_sites_files_are_valid_against_its_schemas") {
        return;
    }
    let o = validate(&repo().join(".esite/schemas"), &repo());
    assert!(o.status.success(), "{}{}", stdout(&o), stderr_of(&o));
    // site.yaml, the four regions, four services and a page in two languages each.
    assert!(stdout(&o).contains("15 files, 0 invalid"), "{}", stdout(&o));
}

#[test]
fn the_committed_schemas_are_what_esite_schema_writes_now() {
    let out = tempfile::tempdir().unwrap();
    let o = esite_on(&repo(), &["schema", "--out", out.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert!(
        stdout(&o).contains("the site's languages: fi, en"),
        "{}",
        stdout(&o)
    );
    for name in [
        "site.schema.json",
        "region.schema.json",
        "service.schema.json",
        "page.schema.json",
    ] {
        let now = fs::read_to_string(out.path().join(name)).unwrap();
        let committed = fs::read_to_string(repo().join(".esite/schemas").join(name))
            .unwrap_or_else(|e| panic!(".esite/schemas/{name}: {e}"));
        assert!(
            now == committed,
            ".esite/schemas/{name} is out of date: run `cargo run -- schema` in the repository and commit the result"
        );
    }
}

#[test]
fn a_typo_field_a_wrong_weekday_and_a_bad_code_each_fail() {
    if !validator_ready("a_typo_field_a_wrong_weekday_and_a_bad_code_each_fail") {
        return;
    }
    let mistakes = [
        (
            "content/services/perhetyo/fi.md",
            "\nsummary:",
            "\nsumary:",
            "'sumary' was unexpected",
        ),
        (
            "content/regions/pohjois-savo.yaml",
            "days: mon-fri",
            "days: mon-fro",
            "areas/0/channels/0/hours/0/days",
        ),
        (
            "content/regions/kainuu.yaml",
            "code: \"205\"",
            "code: \"20\"",
            "municipalities/1/code",
        ),
        (
            "content/regions/kainuu.yaml",
            "code: \"205\"",
            "code: 205",
            "municipalities/1/code",
        ),
        (
            "content/site.yaml",
            "\nbase_url:",
            "\nbase_ulr:",
            "'base_ulr' was unexpected",
        ),
        (
            "content/regions/helsinki.yaml",
            "\nname:",
            "\nname:\n  de: Helsinki\n  fi:",
            "'de' is not one of ['fi', 'en']",
        ),
    ];
    for (file, from, to, expected) in mistakes {
        let site = example_copy();
        edit(site.path(), file, from, to);
        let o = validate(&site.path().join(".esite/schemas"), site.path());
        let out = stdout(&o);
        assert_eq!(o.status.code(), Some(1), "{file}: {to}: {out}");
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("{file}: ")) && l.contains(expected)),
            "{file}: {to}: expected '{expected}' in:\n{out}"
        );
    }
}

#[test]
fn an_init_site_is_valid_against_the_schemas_it_is_given() {
    if !validator_ready("an_init_site_is_valid_against_the_schemas_it_is_given") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let o = esite_on(&site, &["init", "--languages", "fi,sv,en"]);
    assert!(o.status.success(), "{}", stderr_of(&o));
    let o = validate(&site.join(".esite/schemas"), &site);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr_of(&o));
    // The languages are the site's: a text in German is underlined.
    let region: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(site.join(".esite/schemas/region.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        region["definitions"]["Language"]["enum"],
        serde_json::json!(["fi", "sv", "en"])
    );
    // VS Code's settings connect the same schemas, exactly as in the example site.
    let settings = fs::read_to_string(site.join(".vscode/settings.json")).unwrap();
    assert_eq!(
        settings,
        fs::read_to_string(repo().join(".vscode/settings.json")).unwrap()
    );
    assert!(
        settings.contains("\"./.esite/schemas/region.schema.json\": [\"content/regions/*.yaml\"]")
    );
}

#[test]
fn init_keeps_vs_code_settings_a_folder_has_already() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    fs::create_dir_all(site.join(".vscode")).unwrap();
    fs::write(site.join(".vscode/settings.json"), "{ \"mine\": true }\n").unwrap();
    let o = esite_on(&site, &["init"]);
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert_eq!(
        fs::read_to_string(site.join(".vscode/settings.json")).unwrap(),
        "{ \"mine\": true }\n"
    );
    assert!(site.join(".esite/schemas/site.schema.json").is_file());
}

#[test]
fn schemas_and_editor_settings_are_never_published_or_checked() {
    let site = example_copy();
    copy_dir(&repo().join(".vscode"), &site.path().join(".vscode"));
    let out = site.path().join("output");
    let o = esite_on(site.path(), &["build", "--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr_of(&o));
    for entry in walkdir::WalkDir::new(&out) {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.ends_with(".schema.json")
                && name != "settings.json"
                && !name.starts_with(".esite"),
            "{name} was published"
        );
    }
    let o = esite_on(site.path(), &["check", "--strict"]);
    assert!(o.status.success(), "{}", stderr_of(&o));
}

#[test]
fn esite_schema_without_a_site_accepts_any_language_code() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schemas");
    let o = esite_on(dir.path(), &["schema", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert!(stdout(&o).contains("any language code"), "{}", stdout(&o));
    let region = fs::read_to_string(out.join("region.schema.json")).unwrap();
    assert!(region.contains("\"pattern\": \"^[a-z]{2,3}$\""), "{region}");
    // Without --out, into the site folder's .esite/schemas.
    let o = esite_on(dir.path(), &["schema"]);
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert!(dir.path().join(".esite/schemas/page.schema.json").is_file());
}
