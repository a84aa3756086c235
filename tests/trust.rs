//! Publish only what the editor meant, never another place's phone number, no code from
//! content (issue #15): each test is a class of input a probe found, not one example.

mod support;
use std::fs;
use std::path::Path;
use std::process::Output;
use support::*;

fn esite(site: &Path, args: &[&str]) -> Output {
    esite_on(site, args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn edit(site: &Path, file: &str, f: impl Fn(String) -> String) {
    let path = site.join(file);
    fs::write(&path, f(fs::read_to_string(&path).expect("fixture file"))).expect("written");
}

fn build(site: &Path) -> (Output, std::path::PathBuf) {
    build_site(site)
}

#[test]
fn files_no_page_links_to_are_not_published_and_are_named() {
    let site = fixture_copy("basic");
    let dir = site.path().join("content/services/perhetyo");
    fs::write(dir.join("asiakkaat.csv"), "nimi;hetu\nMatti;010101-123A\n").unwrap();
    fs::write(dir.join("fi.md.bak"), "old text").unwrap();
    fs::create_dir_all(dir.join("luonnokset")).unwrap();
    fs::write(dir.join("luonnokset/uusi.md"), "draft").unwrap();
    fs::write(dir.join("lomake.pdf"), "%PDF-1.4 form").unwrap();
    fs::write(dir.join("liite.pdf"), "%PDF-1.4 listed").unwrap();
    edit(site.path(), "content/services/perhetyo/fi.md", |t| {
        t.replacen("---\n", "---\nfiles: [liite.pdf]\n", 1) + "\n[Hakulomake](lomake.pdf)\n"
    });
    let (o, out) = build(site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    for private in ["asiakkaat.csv", "fi.md.bak", "luonnokset/uusi.md"] {
        assert!(
            err.contains(&format!("content/services/perhetyo/{private}"))
                && err.contains("no page links to this file, so it is not published"),
            "{private} not named:\n{err}"
        );
    }
    let published: Vec<String> = walk(&out);
    assert!(published.iter().any(|p| p.ends_with("perhetyo/lomake.pdf")));
    assert!(published.iter().any(|p| p.ends_with("perhetyo/liite.pdf")));
    for p in &published {
        assert!(
            !p.contains("asiakkaat") && !p.ends_with(".bak") && !p.contains("luonnokset"),
            "published a private file: {p}"
        );
    }
}

#[test]
fn a_file_beside_the_markdown_never_replaces_a_page_esite_makes() {
    for name in ["index.html", "qr.svg", "tulosta/testialue/index.html"] {
        let site = fixture_copy("basic");
        let dir = site.path().join("content/services/perhetyo");
        let file = dir.join(name);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, "<h1>not the page</h1>").unwrap();
        edit(site.path(), "content/services/perhetyo/fi.md", |t| {
            t + &format!("\n[linkki]({name})\n")
        });
        let o = esite(site.path(), &["check"]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(&format!("content/services/perhetyo/{name}"))
                && err.contains("would take the place of"),
            "{name}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_theme_section_name_cannot_leave_its_folder_or_share_another() {
    for (value, expected) in [
        ("../../x", "cannot be a folder of the site"),
        ("alueet", "so one kind of page would overwrite the other"),
    ] {
        let site = fixture_copy("basic");
        let i18n = site.path().join("themes/default/i18n");
        fs::create_dir_all(&i18n).unwrap();
        let builtin = fs::read_to_string(repo().join("themes/default/i18n/fi.yaml")).unwrap();
        fs::write(
            i18n.join("fi.yaml"),
            builtin.replace(
                "path_services: palvelut",
                &format!("path_services: \"{value}\""),
            ),
        )
        .unwrap();
        let o = esite(site.path(), &["check"]);
        assert_eq!(o.status.code(), Some(1), "{value}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("themes/default/i18n/fi.yaml") && err.contains(expected),
            "{value}: {err}"
        );
    }
}

/// Two regions, each with a municipality whose name gives the same address as the other's.
fn two_regions(site: &Path, first: &str, second: &str) {
    let region = |name: &str, phone: &str| {
        format!(
            "name: {{ fi: Alue {phone}, en: Region {phone} }}\nchannels:\n  - type: phone\n    name: {{ fi: Neuvonta, en: Advice }}\n    number: \"{phone}\"\nmunicipalities:\n  - {name}\n"
        )
    };
    fs::write(
        site.join("content/regions/yksi.yaml"),
        region(first, "044 111 1111"),
    )
    .unwrap();
    fs::write(
        site.join("content/regions/kaksi.yaml"),
        region(second, "044 222 2222"),
    )
    .unwrap();
}

#[test]
fn different_municipalities_never_share_a_page_or_its_phone_lines() {
    let site = fixture_copy("basic");
    two_regions(
        site.path(),
        "{ name: Kajaani, code: \"205\" }",
        // Not an official municipality, so written without a code.
        "{ name: Käjäani }",
    );
    let (o, out) = build(site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("are different municipalities with the same web address"),
        "{}",
        stderr(&o)
    );
    // Region files are read in name order, so the first met keeps the plain address.
    let kajaani = page_of(&out, "kajaani-205");
    let kajaani_other = page_of(&out, "kajaani");
    assert!(kajaani.contains("Kajaani") && kajaani.contains("044 111 1111"));
    assert!(
        !kajaani.contains("044 222 2222"),
        "Kajaani shows the other region's phone"
    );
    assert!(kajaani_other.contains("Käjäani") && kajaani_other.contains("044 222 2222"));
    assert!(!kajaani_other.contains("044 111 1111"));
}

fn page_of(out: &Path, slug: &str) -> String {
    fs::read_to_string(out.join(format!("fi/kunnat/{slug}/index.html")))
        .unwrap_or_else(|e| panic!("fi/kunnat/{slug}/: {e}"))
}

#[test]
fn the_same_municipality_in_two_regions_is_one_page_with_both() {
    let site = fixture_copy("basic");
    // Met once with its code and once without: the same name, so the same place.
    two_regions(
        site.path(),
        "{ name: Sotkamo, code: \"765\" }",
        "{ name: Sotkamo }",
    );
    let (o, out) = build(site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let page = fs::read_to_string(out.join("fi/kunnat/sotkamo/index.html")).unwrap();
    assert!(page.contains("044 111 1111") && page.contains("044 222 2222"));
    assert!(!out.join("fi/kunnat/sotkamo-2").exists());
}

#[test]
fn addresses_in_site_yaml_follow_the_same_rule_as_everywhere() {
    for (key, url) in [
        ("contact", "javascript:alert(1)"),
        ("feedback", "data:text/html,<script>alert(1)</script>"),
        ("authority", "javascript:alert(document.cookie)"),
    ] {
        let site = fixture_copy("basic");
        edit(site.path(), "content/site.yaml", |t| set_url(&t, key, url));
        let o = esite(site.path(), &["check"]);
        assert_eq!(o.status.code(), Some(1), "{key}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("content/site.yaml:") && err.contains("is not a web address"),
            "{key}: {err}"
        );
    }
}

/// Puts `url: URL` into the section `key:` of site.yaml, replacing a url already there.
fn set_url(yaml: &str, key: &str, url: &str) -> String {
    let mut out = Vec::new();
    let mut inside: Option<usize> = None;
    let mut done = false;
    for line in yaml.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(i) = inside
            && !line.trim().is_empty()
            && indent <= i
        {
            if !done {
                out.push(format!("{}url: \"{url}\"", " ".repeat(i + 2)));
                done = true;
            }
            inside = None;
        }
        if inside.is_some() && line.trim_start().starts_with("url:") {
            continue;
        }
        if line.trim_start().starts_with(&format!("{key}:")) && !done {
            inside = Some(indent);
        }
        out.push(line.to_string());
    }
    if let Some(i) = inside
        && !done
    {
        out.push(format!("{}url: \"{url}\"", " ".repeat(i + 2)));
        done = true;
    }
    assert!(done, "no '{key}:' section in site.yaml");
    out.join("\n") + "\n"
}

#[test]
fn a_channel_cannot_end_before_it_starts() {
    let site = fixture_copy("basic");
    edit(site.path(), "content/regions/testialue.yaml", |t| {
        t.replacen(
            "        number: \"0447401886\"\n",
            "        number: \"0447401886\"\n        valid_from: \"2025-06-01\"\n        valid_until: \"2025-05-31\"\n",
            1,
        )
    });
    let o = esite(site.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("content/regions/testialue.yaml:") && err.contains("valid until 2025-05-31"),
        "{err}"
    );
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out
}
