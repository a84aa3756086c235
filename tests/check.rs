//! `esite check`: every problem in one run, for people and for tools, and no input that
//! breaks esite.

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
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn edit(site: &Path, file: &str, f: impl Fn(String) -> String) {
    let path = site.join(file);
    fs::write(&path, f(fs::read_to_string(&path).unwrap())).unwrap();
}

#[test]
fn a_stale_translation_is_reported_with_what_changed() {
    let site = fixture_copy("basic");
    let o = Command::new(env!("CARGO_BIN_EXE_esite"))
        .current_dir(site.path())
        .args(["translated", "content/services/perhetyo/en.md"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        fs::read_to_string(site.path().join("content/services/perhetyo/en.md"))
            .unwrap()
            .contains("translated_from: \"t=")
    );
    let o = esite(site.path(), &["check"]);
    assert!(!stderr(&o).contains("has changed"), "{}", stderr(&o));
    edit(site.path(), "content/services/perhetyo/fi.md", |t| {
        t.replace(
            "summary: Tukea lapsiperheen arkeen kotona.",
            "summary: Tukea perheen arkeen kotona.",
        )
        .replace("Soita [neuvontaan]", "Soita tai kirjoita [neuvontaan]")
    });
    let o = esite(site.path(), &["check"]);
    let err = stderr(&o);
    assert!(
        o.status.success(),
        "a stale translation is a warning: {err}"
    );
    assert!(err.contains("content/services/perhetyo/en.md:8:1: warning: the fi text has changed since this translation was made: the summary, the section 'Miten haen'"), "{err}");
    assert!(
        err.contains("run: esite translated content/services/perhetyo/en.md"),
        "{err}"
    );
    assert!(
        err.contains("en: 2 written, 1 not translated, 1 out of date"),
        "{err}"
    );
    // Marking it translated again clears the warning.
    let o = Command::new(env!("CARGO_BIN_EXE_esite"))
        .current_dir(site.path())
        .args(["translated", "content/services/perhetyo/en.md"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(!stderr(&esite(site.path(), &["check"])).contains("has changed"));
}

#[test]
fn check_reports_everything_sorted_and_writes_nothing() {
    let site = fixture_copy("basic");
    edit(site.path(), "content/services/perhetyo/fi.md", |t| {
        t.replace("regions: [testialue]", "regions: [testialu]")
    });
    edit(site.path(), "content/regions/testialue.yaml", |t| {
        t.replace("\"0447401886\"", "\"12\"")
    });
    edit(site.path(), "content/pages/tietoa/fi.md", |t| {
        t.replace("title:", "titel:")
    });
    let o = esite(site.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let order = [
        "content/pages/tietoa/fi.md:2:1: error: unknown field 'titel'",
        "content/regions/testialue.yaml:19:",
        "content/services/perhetyo/fi.md:4:11: error: unknown region 'testialu'",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|s| err.find(s).unwrap_or_else(|| panic!("{s} missing:\n{err}")))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "not sorted by file: {err}"
    );
    assert!(err.contains("Checked 7 files: 3 errors"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "no colour when the output is not a terminal"
    );
    assert!(!site.path().join("output").exists());
}

#[test]
fn json_records_for_tools() {
    let site = fixture_copy("basic");
    edit(site.path(), "content/services/perhetyo/fi.md", |t| {
        t.replace("regions: [testialue]", "regions: [testialu]")
    });
    let o = esite(site.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let records = doc["diagnostics"].as_array().unwrap();
    let region = records
        .iter()
        .find(|r| r["message"] == "unknown region 'testialu'")
        .expect("the error is a record");
    assert_eq!(region["file"], "content/services/perhetyo/fi.md");
    assert_eq!(
        (region["line"].as_u64(), region["column"].as_u64()),
        (Some(4), Some(11))
    );
    assert_eq!(region["severity"], "error");
    assert!(
        region["hint"]
            .as_str()
            .unwrap()
            .contains("did you mean 'testialue'")
    );
    assert_eq!(doc["summary"]["errors"], 1);
    assert_eq!(doc["summary"]["languages"][1]["missing"], 1);
}

#[test]
fn warnings_fail_only_with_strict() {
    let site = fixture_copy("basic");
    assert_eq!(esite(site.path(), &["check"]).status.code(), Some(0));
    assert_eq!(
        esite(site.path(), &["check", "--strict"]).status.code(),
        Some(1)
    );
}

#[test]
fn the_example_site_checks_clean_even_strictly() {
    let o = esite(&repo(), &["check", "--strict"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Runs check on a copy of the fixture with one file replaced; returns stderr. Never a panic.
fn check_with(file: &str, content: &[u8]) -> String {
    let site = fixture_copy("basic");
    let path = site.path().join(file);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, content).unwrap();
    let o = esite(site.path(), &["check"]);
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "esite panicked:\n{err}");
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "exit {:?}: {err}",
        o.status.code()
    );
    err
}

#[test]
fn empty_files_get_clear_messages() {
    let err = check_with("content/services/kotipalvelu/fi.md", b"");
    assert!(
        err.contains("kotipalvelu/fi.md:1:1: error: the file must start with front matter"),
        "{err}"
    );
    let err = check_with("content/regions/testialue.yaml", b"");
    assert!(
        err.contains("content/regions/testialue.yaml: error: 'name' is missing")
            || err.contains("testialue.yaml:1:1: error: 'name' is missing"),
        "{err}"
    );
    let err = check_with("content/site.yaml", b"");
    assert!(
        err.contains("content/site.yaml") && err.contains("'languages' is missing"),
        "{err}"
    );
}

#[test]
fn deeply_nested_and_exponential_yaml_is_refused() {
    let deep = format!("name: {}x{}\n", "[".repeat(5000), "]".repeat(5000));
    let err = check_with("content/regions/testialue.yaml", deep.as_bytes());
    assert!(
        err.contains("content/regions/testialue.yaml") && err.contains("error:"),
        "{err}"
    );
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    bomb.push_str("name: *a11\n");
    let started = std::time::Instant::now();
    let err = check_with("content/regions/testialue.yaml", bomb.as_bytes());
    assert!(
        err.contains("content/regions/testialue.yaml") && err.contains("error:"),
        "{err}"
    );
    assert!(
        started.elapsed().as_secs() < 20,
        "billion laughs must not expand"
    );
}

#[test]
fn a_symlink_leading_out_of_the_site_is_not_followed() {
    let site = fixture_copy("basic");
    let secret = tempfile::NamedTempFile::new().unwrap();
    fs::write(
        secret.path(),
        "---\ntitle: Salaisuus\nsummary: Ei kuulu tänne.\n---\nSALAISUUS\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        secret.path(),
        site.path().join("content/services/perhetyo/sv.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "/etc/passwd",
        site.path().join("content/services/perhetyo/passwd.txt"),
    )
    .unwrap();
    let o = esite(
        site.path(),
        &[
            "build",
            "--output",
            site.path().join("out").to_str().unwrap(),
        ],
    );
    let err = stderr(&o);
    assert!(
        err.contains(
            "content/services/perhetyo/sv.md: error: this link points outside the site folder"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "content/services/perhetyo/passwd.txt: error: this link points outside the site folder"
        ),
        "{err}"
    );
    assert!(!site.path().join("out").exists());
}

#[test]
fn a_50_mb_markdown_file_builds_without_trouble() {
    let mut body =
        String::from("---\ntitle: Iso\nsummary: Iso tiedosto.\nregions: [testialue]\n---\n\n");
    let para = "Perhetyö tukee vanhemmuutta ja arkea. Tapaamiset sovitaan yhdessä perheen kanssa, ja työ on luottamuksellista.\n\n";
    while body.len() < 50 * 1024 * 1024 {
        body.push_str(para);
    }
    let err = check_with("content/services/kotipalvelu/fi.md", body.as_bytes());
    assert!(!err.contains("error:"), "{}", &err[..err.len().min(2000)]);
}

#[test]
fn non_ascii_and_spaced_names_are_explained_or_handled() {
    let site = fixture_copy("basic");
    let dir = site.path().join("content/services/perhetyö");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("fi.md"), "---\ntitle: A\nsummary: B.\n---\n").unwrap();
    let err = stderr(&esite(site.path(), &["check"]));
    assert!(err.contains("content/services/perhetyö: error: the folder name 'perhetyö' cannot be used as an id: it has 'ö'; use only a–z, 0–9 and hyphens (write ä and å as a, ö as o)"), "{err}");
    fs::remove_dir_all(&dir).unwrap();
    // An image whose name has a space and an ä is copied and linked.
    let svc = site.path().join("content/services/perhetyo");
    fs::write(
        svc.join("äiti ja lapsi.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>",
    )
    .unwrap();
    edit(site.path(), "content/services/perhetyo/fi.md", |t| {
        t + "\n![Äiti ja lapsi](<äiti ja lapsi.svg>)\n"
    });
    let out = site.path().join("out");
    let o = esite(site.path(), &["build", "--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("fi/palvelut/perhetyo/äiti ja lapsi.svg").is_file());
}

#[test]
fn two_regions_may_not_share_a_url_name() {
    let site = fixture_copy("basic");
    let text = fs::read_to_string(site.path().join("content/regions/testialue.yaml")).unwrap();
    fs::write(
        site.path().join("content/regions/toinen.yaml"),
        text.replace(
            "slug: { en: test-county }",
            "slug: { en: test-county, fi: testialue }",
        )
        .replace("services:\n  perhetyo:", "services:\n  kotipalvelu:"),
    )
    .unwrap();
    let err = stderr(&esite(site.path(), &["check"]));
    assert!(
        err.contains(
            "error: the URL name 'testialue' is already used by content/regions/testialue.yaml"
        ),
        "{err}"
    );
}

#[test]
fn external_links_are_listed_with_their_place_not_fetched() {
    let site = fixture_copy("basic");
    let o = esite(site.path(), &["check"]);
    assert!(
        stderr(&o).contains("2 external links, not checked (esite check --links lists them)"),
        "{}",
        stderr(&o)
    );
    let o = esite(site.path(), &["check", "--links"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("content/regions/testialue.yaml:4: https://www.example.fi\n"),
        "{out}"
    );
    assert!(
        out.contains("content/regions/testialue.yaml:8: https://www.example.fi/perhetyo\n"),
        "{out}"
    );
}

#[test]
fn a_template_reading_texts_from_base_is_told_they_are_t_now() {
    let err = check_with(
        "themes/default/templates/404.html",
        br#"{% extends "base.html" %}{% block main %}<h1>{{ base.t.not_found_title }}</h1>{% endblock main %}"#,
    );
    assert!(err.contains("themes/default/templates/404.html"), "{err}");
    assert!(
        err.contains("write `t.` where the template says `base.t.`"),
        "{err}"
    );
}

#[test]
fn a_channel_template_calling_the_old_macro_is_told_where_the_markup_went() {
    let err = check_with(
        "themes/default/templates/channel.html",
        br#"{%- import "macros.html" as m -%}{{ m::channel(c=c, t=t) }}"#,
    );
    assert!(
        err.contains("themes/default/templates/channel.html"),
        "{err}"
    );
    assert!(
        err.contains("markup is in channel.html and contacts.html now"),
        "{err}"
    );
}

#[test]
fn a_municipality_template_listing_services_the_old_way_is_told_the_new_way() {
    let err = check_with(
        "themes/default/templates/municipality-place.html",
        br#"{%- import "macros.html" as m -%}{% if place.services %}{{ m::service_list(services=place.services, t=t) }}{% endif %}"#,
    );
    assert!(
        err.contains("themes/default/templates/municipality-place.html"),
        "{err}"
    );
    assert!(err.contains("{{ place.services_html | safe }}"), "{err}");
}
