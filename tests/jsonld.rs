//! Structured data: every service, region and municipality page carries one schema.org
//! JSON-LD block that parses, states the same phone numbers and hours as the page shows, and
//! no text can break out of.

mod support;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

const OPEN: &str = "<script type=\"application/ld+json\">";

fn build(site: &Path, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_esite"))
        .args(["build", "--site", site.to_str().unwrap(), "--output"])
        .arg(out)
        .env("NO_COLOR", "1")
        .output()
        .expect("esite runs");
    assert!(
        o.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Service, region and municipality pages (`<lang>/<section>/<slug>/index.html`) with the
/// @type their block must have at the top.
fn pages(out: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut v = Vec::new();
    for e in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(out).unwrap();
        let parts: Vec<&str> = rel.iter().map(|p| p.to_str().unwrap()).collect();
        if parts.len() != 4 || parts[3] != "index.html" {
            continue;
        }
        let kind = match parts[1] {
            "palvelut" | "services" => "GovernmentService",
            "alueet" | "regions" => "GovernmentOrganization",
            "kunnat" | "municipalities" => "AdministrativeArea",
            _ => continue,
        };
        v.push((e.path().to_path_buf(), kind));
    }
    v.sort();
    v
}

/// The page's one block, parsed.
fn block(html: &str, file: &Path) -> Value {
    assert_eq!(
        html.matches("<script").count(),
        1,
        "{}: one script element, the structured data",
        file.display()
    );
    let start = html
        .find(OPEN)
        .unwrap_or_else(|| panic!("{}: no JSON-LD", file.display()))
        + OPEN.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end])
        .unwrap_or_else(|e| panic!("{}: JSON-LD does not parse: {e}", file.display()))
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap();
    &html[start..start + html[start..].find("</main>").unwrap()]
}

/// Every object in a JSON value, depth first.
fn objects(v: &Value, out: &mut Vec<serde_json::Map<String, Value>>) {
    match v {
        Value::Object(m) => {
            out.push(m.clone());
            m.values().for_each(|x| objects(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| objects(x, out)),
        _ => {}
    }
}

fn typed(v: &Value, kind: &str) -> Vec<Value> {
    let mut all = Vec::new();
    objects(v, &mut all);
    all.retain(|o| o.get("@type").and_then(Value::as_str) == Some(kind));
    all.into_iter().map(Value::Object).collect()
}

/// The numbers the contact blocks dial.
fn visible_phones(main: &str) -> BTreeSet<String> {
    main.split("class=\"tel\" href=\"tel:")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

/// `9.00–11.00` ranges in the hours lists the page shows.
fn visible_hours(main: &str) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for list in main.split("<ul class=\"hours\">").skip(1) {
        let list = &list[..list.find("</ul>").unwrap()];
        let chars: Vec<char> = list.chars().collect();
        for i in 0..chars.len() {
            if i > 0 && chars[i - 1].is_ascii_digit() {
                continue;
            }
            let rest: String = chars[i..].iter().take(12).collect();
            if let Some(range) = time_range(&rest) {
                set.insert(range);
            }
        }
    }
    set
}

/// `9.00–11.00` at the start of `s`.
fn time_range(s: &str) -> Option<String> {
    let time = |s: &str| -> Option<usize> {
        let dot = s.find('.')?;
        let ok = (1..=2).contains(&dot)
            && s[..dot].chars().all(|c| c.is_ascii_digit())
            && s.len() >= dot + 3
            && s[dot + 1..dot + 3].chars().all(|c| c.is_ascii_digit());
        ok.then_some(dot + 3)
    };
    let a = time(s)?;
    let rest = s[a..].strip_prefix('–')?;
    let b = time(rest)?;
    Some(format!("{}–{}", &s[..a], &rest[..b]))
}

/// `09:00` as the page writes it: `9.00`.
fn finnish(t: &str) -> String {
    let (h, m) = t.split_once(':').unwrap();
    format!("{}.{m}", h.parse::<u32>().unwrap())
}

fn check_site(out: &Path) -> usize {
    let pages = pages(out);
    assert!(!pages.is_empty());
    for (file, kind) in &pages {
        let html = fs::read_to_string(file).unwrap();
        let data = block(&html, file);
        assert_eq!(data["@context"], "https://schema.org", "{}", file.display());
        let graph = data["@graph"].as_array().unwrap();
        assert_eq!(
            graph[0]["@type"],
            *kind,
            "{}: the first node is the page's subject",
            file.display()
        );
        let lang = html.split("<html lang=\"").nth(1).unwrap();
        let lang = &lang[..lang.find('"').unwrap()];
        let services = typed(&data, "GovernmentService");
        for s in &services {
            assert!(s["name"].is_string() && s["inLanguage"].is_string());
        }
        if *kind == "GovernmentService" {
            assert!(!services.is_empty());
            // A page not yet translated gives its text's own language.
            if !html.contains("name=\"robots\" content=\"noindex\"") {
                assert_eq!(services[0]["inLanguage"], lang, "{}", file.display());
            }
        }
        let main = main_of(&html);
        let phones: BTreeSet<String> = typed(&data, "ContactPoint")
            .iter()
            .map(|c| c["telephone"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            phones,
            visible_phones(main),
            "{}: the numbers in the structured data are those on the page",
            file.display()
        );
        let hours: BTreeSet<String> = typed(&data, "OpeningHoursSpecification")
            .iter()
            .filter(|h| !(h["opens"] == "00:00" && h["closes"] == "00:00"))
            .map(|h| {
                format!(
                    "{}–{}",
                    finnish(h["opens"].as_str().unwrap()),
                    finnish(h["closes"].as_str().unwrap())
                )
            })
            .collect();
        assert_eq!(
            hours,
            visible_hours(main),
            "{}: the hours in the structured data are those on the page",
            file.display()
        );
        // Every channel a service names is in the block.
        let channels: BTreeSet<&str> = graph
            .iter()
            .filter(|n| n["@type"] == "ServiceChannel")
            .map(|n| n["@id"].as_str().unwrap())
            .collect();
        if *kind == "GovernmentService" {
            assert!(
                services[0]["availableChannel"].is_array(),
                "{}: the page's own service names its channels",
                file.display()
            );
        }
        // Lists of services (region and municipality pages) name them and link their pages.
        for s in &services {
            assert!(s["url"].is_string(), "{}", file.display());
            for c in s["availableChannel"].as_array().into_iter().flatten() {
                assert!(
                    channels.contains(c["@id"].as_str().unwrap()),
                    "{}: {c} is not in the graph",
                    file.display()
                );
            }
        }
    }
    pages.len()
}

#[test]
fn every_service_region_and_municipality_page_of_the_example_site_has_matching_json_ld() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&repo(), &out);
    let n = check_site(&out);
    assert!(n > 40, "{n} pages");
    // Some pages state phone numbers and hours, so the comparisons above compared something.
    let region = fs::read_to_string(out.join("fi/alueet/pohjois-savo/index.html")).unwrap();
    let data = block(&region, Path::new("pohjois-savo"));
    assert!(!typed(&data, "ContactPoint").is_empty());
    assert!(!typed(&data, "OpeningHoursSpecification").is_empty());
    assert!(!typed(&data, "GovernmentService").is_empty());
    let m = fs::read_to_string(out.join("fi/kunnat/kuopio/index.html")).unwrap();
    let data = block(&m, Path::new("kuopio"));
    let area = typed(&data, "AdministrativeArea");
    assert!(
        area.iter()
            .any(|a| a["name"] == "Kuopio" && a["identifier"] == "297"),
        "{data}"
    );
}

#[test]
fn texts_cannot_break_out_of_the_json_ld_and_closed_days_are_stated() {
    let site = fixture_copy("basic");
    let attack = "</script><script>alert(1)</script><!--";
    let service = site.path().join("content/services/perhetyo/fi.md");
    let text = fs::read_to_string(&service).unwrap();
    fs::write(
        &service,
        text.replacen(
            "title: Perhetyö",
            &format!("title: \"Perhetyö {attack}\""),
            1,
        )
        .replacen(
            "summary: Tukea lapsiperheen arkeen kotona.",
            &format!("summary: \"Tukea {attack} kotona.\""),
            1,
        ),
    )
    .unwrap();
    let region = site.path().join("content/regions/testialue.yaml");
    let text = fs::read_to_string(&region).unwrap();
    let exceptions = "          - { days: \"tue, thu\", open: \"08:30\", close: \"11:00\" }\n        \
                      valid_from: 2025-01\n        valid_until: 2026-06-30\n        exceptions:\n          \
                      - { date: 2025-12-24, closed: true, note: { fi: jouluaatto, en: Christmas Eve } }\n          \
                      - { date: 2025-12-31, open: \"9:00\", close: \"10:15\" }\n";
    let text = text.replacen(
        "          - { days: \"tue, thu\", open: \"08:30\", close: \"11:00\" }\n",
        exceptions,
        1,
    );
    assert!(text.contains("2025-12-24"));
    fs::write(&region, text).unwrap();
    let out = site.path().join("out");
    build(site.path(), &out);
    check_site(&out);

    let html = fs::read_to_string(out.join("fi/palvelut/perhetyo/index.html")).unwrap();
    let data = block(&html, Path::new("perhetyo"));
    assert_eq!(
        data["@graph"][0]["name"],
        format!("Perhetyö {attack}"),
        "the title reads as written once parsed"
    );
    let start = html.find(OPEN).unwrap();
    let inside = &html[start + OPEN.len()..start + html[start..].find("</script>").unwrap()];
    assert!(!inside.contains('<'), "{inside}");
    let hours = typed(&data, "OpeningHoursSpecification");
    let closed: Vec<_> = hours
        .iter()
        .filter(|h| h["opens"] == "00:00" && h["closes"] == "00:00")
        .collect();
    assert_eq!(closed.len(), 1, "{hours:?}");
    assert_eq!(closed[0]["validFrom"], "2025-12-24");
    assert_eq!(closed[0]["validThrough"], "2025-12-24");
    assert!(closed[0].get("dayOfWeek").is_none());
    let weekly: Vec<_> = hours
        .iter()
        .filter(|h| h.get("dayOfWeek").is_some())
        .collect();
    assert!(weekly.iter().any(|h| h["validFrom"] == "2025-01-01"
        && h["validThrough"] == "2026-06-30"
        && h["opens"] == "08:30"
        && h["dayOfWeek"]
            == serde_json::json!(["https://schema.org/Tuesday", "https://schema.org/Thursday"])));
    assert!(hours.iter().any(|h| h["validFrom"] == "2025-12-31"
        && h["opens"] == "09:00"
        && h["closes"] == "10:15"));
}
