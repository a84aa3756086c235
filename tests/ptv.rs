//! `esite ptv export` and `esite ptv import`: the example site as PTV Open API v11 payloads,
//! PTV's read shapes brought into a new site, and the round trip export → import into an
//! empty site → build, which must show the same names, phones, hours, addresses and
//! municipalities as the example site.

mod support;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

fn esite(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_esite"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn run_ok(args: &[&str]) -> String {
    let o = esite(args);
    assert!(o.status.success(), "esite {args:?} failed:\n{}", text(&o));
    text(&o)
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap())
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", p.display()))
}

/// Exports the example site into a new folder; returns it and what esite printed.
fn export_example() -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let repo = support::repo();
    let printed = run_ok(&[
        "--site",
        path(&repo),
        "ptv",
        "export",
        "--out",
        path(out.path()),
    ]);
    (out, printed)
}

fn texts(v: &Value, key: &str, kind: &str) -> Vec<(String, String)> {
    v[key]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .filter(|t| kind.is_empty() || t["type"] == kind)
        .map(|t| {
            (
                t["language"].as_str().unwrap().to_string(),
                t["value"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_example_exports_a_file_per_service_and_channel_with_ptvs_required_fields() {
    let (out, printed) = export_example();
    let index = read_json(&out.path().join("index.json"));
    let services = index["services"].as_array().unwrap();
    assert_eq!(services.len(), 4, "the example has four services");
    for s in services {
        let doc = read_json(&out.path().join(s["file"].as_str().unwrap()));
        assert_eq!(s["endpoint"], "POST /v11/Service");
        for lang in ["fi", "en"] {
            assert!(
                texts(&doc, "serviceNames", "Name")
                    .iter()
                    .any(|(l, _)| l == lang),
                "{s}: a name in {lang}"
            );
            let summary = texts(&doc, "serviceDescriptions", "Summary");
            let (_, value) = summary.iter().find(|(l, _)| l == lang).unwrap();
            assert!(
                !value.is_empty() && value.chars().count() <= 150,
                "{s}: summary {value}"
            );
        }
        assert_eq!(doc["publishingStatus"], "Draft");
        assert!(doc["sourceId"].as_str().unwrap().starts_with("esite."));
    }
    let channels = index["channels"].as_array().unwrap();
    assert!(
        channels.len() >= 15,
        "the example's channels: {}",
        channels.len()
    );
    for c in channels {
        let doc = read_json(&out.path().join(c["file"].as_str().unwrap()));
        assert!(
            !texts(&doc, "serviceChannelNames", "").is_empty(),
            "{c}: names"
        );
        assert_eq!(doc["languages"], serde_json::json!(["fi", "en"]));
    }
    // Kainuu's social counsellor: 044 797 4878 as +358 and digits.
    let phone = read_json(
        &out.path()
            .join("channels/kainuu.kainuu-sosiaaliohjaaja.json"),
    );
    let number = &phone["phoneNumbers"][0];
    assert_eq!(number["prefixNumber"], "+358");
    assert_eq!(number["number"], "447974878");
    assert_eq!(number["isFinnishServiceNumber"], false);
    // North Savo's central area: Mon, Wed and Fri 9–12, one opening per weekday.
    let hours = read_json(
        &out.path()
            .join("channels/pohjois-savo.keskinen.keskinen-neuvonta.json"),
    );
    let week = &hours["serviceHours"][0];
    assert_eq!(week["serviceHourType"], "DaysOfTheWeek");
    let days: Vec<(&str, &str, &str)> = week["openingHour"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["dayFrom"].as_str().unwrap(),
                o["from"].as_str().unwrap(),
                o["to"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            ("Monday", "09:00", "12:00"),
            ("Wednesday", "09:00", "12:00"),
            ("Friday", "09:00", "12:00")
        ]
    );
    // Areas by municipality code: Kainuu's eight municipalities.
    assert_eq!(phone["areas"][0]["type"], "Municipality");
    assert_eq!(phone["areas"][0]["areaCodes"].as_array().unwrap().len(), 8);
    // PoSa's home help has a fee; its family work is free.
    let home_help = read_json(&out.path().join("services/lapsiperheiden-kotipalvelu.json"));
    assert_eq!(home_help["serviceChargeType"], "Chargeable");
    let connections = read_json(&out.path().join("connections.json"));
    assert!(
        connections
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["serviceSourceId"] == "esite.perhetyo"
                && c["serviceChannelSourceId"] == "esite.posa.posa-verkkosivut"
                && c["serviceChargeType"] == "FreeOfCharge")
    );
    // What PTV needs and esite does not have: a located warning, not an invented value.
    assert!(
        printed.contains("content/services/perhetyo/fi.md:2:1: warning: PTV needs serviceClasses, ontologyTerms, targetGroups"),
        "{printed}"
    );
    assert!(
        printed.contains("content/regions/kainuu.yaml:4:1: warning: PTV needs the organisation"),
        "{printed}"
    );
    let perhetyo = read_json(&out.path().join("services/perhetyo.json"));
    for field in [
        "serviceClasses",
        "ontologyTerms",
        "targetGroups",
        "mainResponsibleOrganization",
    ] {
        assert!(perhetyo.get(field).is_none(), "{field} is not made up");
    }
}

#[test]
fn a_site_exports_the_same_files_every_time() {
    let (first, _) = export_example();
    let (second, _) = export_example();
    for entry in walkdir::WalkDir::new(first.path()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(first.path()).unwrap();
            assert_eq!(
                std::fs::read(entry.path()).unwrap(),
                std::fs::read(second.path().join(rel)).unwrap(),
                "{} differs",
                rel.display()
            );
        }
    }
}

fn new_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    run_ok(&["init", path(dir.path())]);
    dir
}

fn page(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join("output").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn ptvs_read_shapes_become_a_service_and_a_region_that_build() {
    let site = new_site();
    let fixtures = support::repo().join("tests/fixtures/ptv");
    let printed = run_ok(&[
        "ptv",
        "import",
        path(&fixtures),
        "--into",
        path(site.path()),
        "--region",
        "pohjois-savo",
    ]);
    assert!(
        printed.contains("the texts in sv are not imported"),
        "{printed}"
    );
    run_ok(&["build", "--site", path(site.path())]);
    let fi = page(
        site.path(),
        "fi/palvelut/kasvatus-ja-perheneuvonta/index.html",
    );
    assert!(fi.contains("Kasvatus- ja perheneuvonta"));
    assert!(
        fi.contains("href=\"tel:+358447183540\""),
        "the number joined again"
    );
    assert!(
        fi.contains("ma–pe klo 8.30–11.00"),
        "weekly hours as a range"
    );
    assert!(fi.contains("to klo 13.00–15.00"));
    assert!(fi.contains("Suokatu 42") && fi.contains("70100") && fi.contains("Kuopio"));
    assert!(
        fi.contains("soittamalla ajanvaraukseen"),
        "the description's bullets"
    );
    let region =
        std::fs::read_to_string(site.path().join("content/regions/pohjois-savo.yaml")).unwrap();
    assert!(
        region.starts_with("# Imported from PTV"),
        "says where it came from:\n{region}"
    );
    assert!(region.contains("name: Pohjois-Savon hyvinvointialue"));
    assert!(region.contains("{ name: Siilinjärvi, code: \"749\" }"));
    assert!(region.contains("ptv_id: 7d0c3e9a-1f42-4b8e-a6d5-2e9b4c1f0a11"));
    assert!(region.contains("date: \"2025-12-24\"") && region.contains("closed: true"));
    assert!(region.contains("fee: free"));
    let md = std::fs::read_to_string(
        site.path()
            .join("content/services/kasvatus-ja-perheneuvonta/fi.md"),
    )
    .unwrap();
    assert!(
        md.contains("ptv_id: 0b6f1c2e-4a57-4d1e-9f3a-5c2d8e7a1b01"),
        "{md}"
    );
    assert!(md.contains("regions: [pohjois-savo]"));
}

#[test]
fn a_channel_that_names_no_known_region_is_refused_with_the_way_out() {
    let site = new_site();
    let fixture = support::repo().join("tests/fixtures/ptv/channel-phone.json");
    let o = esite(&["ptv", "import", path(&fixture), "--into", path(site.path())]);
    assert_eq!(o.status.code(), Some(1));
    let said = text(&o);
    assert!(
        said.contains("esite cannot tell which region this channel belongs to"),
        "{said}"
    );
    assert!(said.contains("--region ID"));
    assert!(
        !site
            .path()
            .join("content/regions/pohjois-savo.yaml")
            .exists(),
        "nothing written"
    );
}

#[test]
fn importing_again_updates_by_ptv_id_and_shows_the_diff_before_it_replaces_anything() {
    let site = new_site();
    let fixtures = support::repo().join("tests/fixtures/ptv");
    let args = |dir: &Path| {
        vec![
            "ptv".to_string(),
            "import".into(),
            path(dir).into(),
            "--into".into(),
            path(site.path()).into(),
            "--region".into(),
            "pohjois-savo".into(),
        ]
    };
    let strs = |v: &[String]| {
        v.iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\u{0}")
    };
    let run = |v: Vec<String>| esite(&strs(&v).split('\u{0}').collect::<Vec<_>>());
    assert!(run(args(&fixtures)).status.success());
    // The same data again: nothing to write.
    let again = run(args(&fixtures));
    assert!(again.status.success());
    assert!(
        text(&again).contains("0 files written, 3 already up to date"),
        "{}",
        text(&again)
    );
    // PTV renamed the phone line; the editor also added a comment the import must not lose
    // without being asked.
    let changed = tempfile::tempdir().unwrap();
    support::copy_dir(&fixtures, changed.path());
    let phone = changed.path().join("channel-phone.json");
    let renamed = std::fs::read_to_string(&phone).unwrap().replace(
        "Kasvatus- ja perheneuvonnan ajanvaraus\", \"type\"",
        "Perheneuvonnan ajanvaraus\", \"type\"",
    );
    std::fs::write(&phone, renamed).unwrap();
    let region_file = site.path().join("content/regions/pohjois-savo.yaml");
    let before = std::fs::read_to_string(&region_file).unwrap();
    let refused = run(args(changed.path()));
    assert_eq!(refused.status.code(), Some(1));
    let said = text(&refused);
    assert!(said.contains("-      fi: Kasvatus- ja perheneuvonnan ajanvaraus\n+      fi: Perheneuvonnan ajanvaraus"), "{said}");
    assert!(said.contains("Run again with --force"), "{said}");
    assert_eq!(
        std::fs::read_to_string(&region_file).unwrap(),
        before,
        "nothing written"
    );
    let mut forced = args(changed.path());
    forced.push("--force".into());
    assert!(run(forced).status.success());
    let after = std::fs::read_to_string(&region_file).unwrap();
    assert!(after.contains("fi: Perheneuvonnan ajanvaraus"));
    assert_eq!(
        after
            .matches("ptv_id: 7d0c3e9a-1f42-4b8e-a6d5-2e9b4c1f0a11")
            .count(),
        1,
        "updated, not added twice:\n{after}"
    );
}

/// The facts a resident reads on a service page: its name, the numbers to call, the hours,
/// the addresses and the municipalities.
fn facts(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (start, end) in [("href=\"tel:", "\""), ("<h1", "</h1>")] {
        let mut rest = html;
        while let Some(i) = rest.find(start) {
            rest = &rest[i + start.len()..];
            let j = rest.find(end).unwrap_or(rest.len());
            out.insert(format!("{start}{}", &rest[..j]));
        }
    }
    // The structured data (JSON-LD) names channels by their place in the list, not a fact.
    let visible = match (
        html.find("<script type=\"application/ld+json\">"),
        html.find("</script>"),
    ) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &html[..a], &html[b..]),
        _ => html.to_string(),
    };
    let plain = strip_tags(&visible);
    for line in plain.lines().map(str::trim) {
        // Hours as the page writes them (`ma–pe klo 9.00–11.00`, `Mon–Fri 9.00–11.00`), not
        // the same words inside a sentence of the text.
        let hours = line.len() < 40
            && line.rsplit(' ').next().is_some_and(|range| {
                range.split('–').count() == 2
                    && range.split('–').all(|t| {
                        t.contains('.') && t.replace('.', "").chars().all(|c| c.is_ascii_digit())
                    })
            });
        // The example's one address: Kainuu's postal address for paper applications.
        let address = line.starts_with("Lönnrotinkatu") || line.starts_with("87100");
        if hours || address {
            out.insert(line.to_string());
        }
    }
    out
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push('\n');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn the_round_trip_gives_the_same_facts_on_the_pages() {
    let (out, _) = export_example();
    let site = new_site();
    run_ok(&[
        "ptv",
        "import",
        path(out.path()),
        "--into",
        path(site.path()),
    ]);
    run_ok(&["build", "--site", path(site.path())]);
    let original = tempfile::tempdir().unwrap();
    let repo = support::repo();
    run_ok(&[
        "--site",
        path(&repo),
        "build",
        "--output",
        path(original.path()),
    ]);
    let services = [
        "perhetyo",
        "tehostettu-perhetyo",
        "pikkulapsiperhetyo",
        "lapsiperheiden-kotipalvelu",
    ];
    let mut compared = 0;
    let mut seen = BTreeSet::new();
    for lang in ["fi", "en"] {
        let section = if lang == "fi" { "palvelut" } else { "services" };
        for entry in std::fs::read_dir(original.path().join(lang).join(section)).unwrap() {
            let dir = entry.unwrap().path();
            let rel = dir
                .strip_prefix(original.path())
                .unwrap()
                .join("index.html");
            let Ok(before) = std::fs::read_to_string(original.path().join(&rel)) else {
                continue;
            };
            // PTV has no URL names, so the same service is found by its heading.
            let heading = |html: &str| facts(html).into_iter().find(|f| f.starts_with("<h1"));
            let after = std::fs::read_dir(site.path().join("output").join(lang).join(section))
                .unwrap()
                .filter_map(|e| std::fs::read_to_string(e.unwrap().path().join("index.html")).ok())
                .find(|html| heading(html) == heading(&before))
                .unwrap_or_else(|| panic!("no page has the heading of {}", rel.display()));
            let (a, b) = (facts(&before), facts(&after));
            seen.extend(a.iter().cloned());
            let lost: Vec<&String> = a.difference(&b).collect();
            assert!(lost.is_empty(), "{} lost {lost:?}", rel.display());
            compared += 1;
        }
    }
    assert!(
        compared >= services.len() * 2,
        "every service page in both languages: {compared}"
    );
    // The words the site search finds a service by travel as PTV's keywords.
    let index = std::fs::read_to_string(site.path().join("output/fi/haku/index.json")).unwrap();
    assert!(
        index.contains("kotiapu"),
        "home help's keyword 'kotiapu' did not come back from PTV"
    );
    // Municipalities: every municipality page of the example exists again, by the same name.
    for lang in ["fi", "en"] {
        let names = |root: &Path| -> BTreeSet<String> {
            let section = if lang == "fi" {
                "kunnat"
            } else {
                "municipalities"
            };
            std::fs::read_dir(root.join(lang).join(section))
                .map(|d| {
                    d.filter_map(|e| e.ok())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default()
        };
        let (before, after) = (names(original.path()), names(&site.path().join("output")));
        assert!(
            !before.is_empty(),
            "the example has municipality pages in {lang}"
        );
        let lost: Vec<&String> = before.difference(&after).collect();
        assert!(lost.is_empty(), "municipalities lost in {lang}: {lost:?}");
    }
}

#[test]
fn ids_from_the_files_cannot_lead_out_of_the_site() {
    let site = new_site();
    let input = tempfile::tempdir().unwrap();
    let service = r#"{"sourceId": "esite.../../../escaped", "serviceNames": [{"language": "fi", "value": "Palvelu", "type": "Name"}], "serviceDescriptions": []}"#;
    std::fs::write(input.path().join("service.json"), service).unwrap();
    let o = esite(&[
        "ptv",
        "import",
        path(input.path()),
        "--into",
        path(site.path()),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("cannot be a service id"), "{}", text(&o));
    assert!(
        !site.path().join("escaped").exists()
            && !site.path().parent().unwrap().join("escaped").exists()
    );
}
