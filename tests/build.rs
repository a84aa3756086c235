//! End-to-end tests of `esite build` on fixture sites: what a visitor, an editor and a
//! publisher would notice. The fixture under tests/fixtures/basic has two services (one not
//! yet translated), one region with two areas, and a free page.

mod support;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::*;

fn esite(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_esite"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("esite runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn build(site: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--site",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    esite(&args)
}

fn build_ok(site: &Path, out: &Path, extra: &[&str]) {
    let o = build(site, out, extra);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
}

/// Adds `text` at the end of a file of the site.
fn append(path: &Path, text: &str) {
    fs::write(path, fs::read_to_string(path).unwrap() + text).unwrap();
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn html_files(out: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    v.sort();
    v
}

/// The visible text of a page: tags removed, entities decoded, white space collapsed.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace('\u{a0}', " ");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `(attribute value)` of every `<tag ... attr=value>` in minified HTML.
fn attr_values(html: &str, tag_start: &str, attr: &str) -> Vec<String> {
    let mut values = Vec::new();
    for piece in html.split(tag_start).skip(1) {
        let tag = &piece[..piece.find('>').unwrap_or(piece.len())];
        if let Some(v) = attr_in(tag, attr) {
            values.push(v);
        }
    }
    values
}

fn attr_in(tag: &str, attr: &str) -> Option<String> {
    let key = format!(" {attr}=");
    let start = format!(" {tag}").find(&key)? + key.len() - 1;
    let rest = &tag[start..];
    Some(if let Some(r) = rest.strip_prefix('"') {
        r[..r.find('"').unwrap_or(r.len())].to_string()
    } else {
        rest.split([' ', '>']).next().unwrap_or("").to_string()
    })
}

/// The file a root-relative link leads to in the output.
fn target_file(out: &Path, base_path: &str, href: &str) -> PathBuf {
    let path = href.split('#').next().unwrap();
    let rel = path
        .strip_prefix(base_path)
        .unwrap_or_else(|| panic!("{href} is not under {base_path}"));
    let mut p = out.join(rel);
    if rel.is_empty() || rel.ends_with('/') {
        p.push("index.html");
    }
    p
}

#[test]
fn every_page_exists_in_each_language() {
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("out");
    build_ok(&repo().join("tests/fixtures/basic"), &out, &[]);
    for rel in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "fi/index.html",
        "en/index.html",
        "fi/palvelut/perhetyo/index.html",
        "en/services/family-work/index.html",
        "fi/palvelut/kotipalvelu/index.html",
        "en/services/kotipalvelu/index.html",
        "fi/alueet/testialue/index.html",
        "en/regions/test-county/index.html",
        "fi/kunnat/index.html",
        "en/municipalities/index.html",
        "fi/kunnat/sonkajarvi/index.html",
        "en/municipalities/aanekoski/index.html",
        "fi/tietoa/index.html",
        "en/about/index.html",
        "fi/saavutettavuusseloste/index.html",
        "en/accessibility-statement/index.html",
        "fi/404.html",
        "en/404.html",
    ] {
        assert!(out.join(rel).is_file(), "missing {rel}");
    }
    // Both languages have the same web pages; leaflets exist only where a text does.
    let web = |lang: &str| {
        html_files(&out.join(lang))
            .iter()
            .filter(|p| {
                !p.to_string_lossy().contains("/tulosta/")
                    && !p.to_string_lossy().contains("/print/")
            })
            .count()
    };
    assert_eq!(web("fi"), web("en"));
    assert!(
        out.join("fi/palvelut/kotipalvelu/tulosta/testialue/index.html")
            .is_file()
    );
    assert!(
        !out.join("en/services/kotipalvelu/print").exists(),
        "no leaflet of an untranslated text"
    );
}

#[test]
fn switcher_and_hreflang_links_lead_to_existing_counterparts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&repo().join("tests/fixtures/basic"), &out, &[]);
    let mut checked = 0;
    for file in html_files(&out) {
        let html = fs::read_to_string(&file).unwrap();
        // Every internal link of every page resolves: no dead switcher links, no dead menus.
        for href in attr_values(&html, "<a ", "href") {
            if href.starts_with('/') {
                let target = target_file(&out, "/", &href);
                assert!(target.is_file(), "{}: dead link {href}", file.display());
                checked += 1;
            }
        }
        for alt in attr_values(&html, "<link ", "href")
            .into_iter()
            .filter(|h| h.starts_with("https://perhe.example.fi/"))
        {
            let rel = alt.trim_start_matches("https://perhe.example.fi");
            assert!(
                target_file(&out, "/", rel).is_file(),
                "{}: alternate {alt} does not exist",
                file.display()
            );
        }
    }
    assert!(checked > 200, "only {checked} links checked");
    // The switcher pairs the service with its translation, named in its own language.
    let fi = read(&out, "fi/palvelut/perhetyo/index.html");
    assert!(
        fi.contains(
            r#"<a href="/en/services/family-work/" lang="en" hreflang="en">In English</a>"#
        ),
        "{fi}"
    );
    assert!(fi.contains(
        r#"<link rel="alternate" hreflang="en" href="https://perhe.example.fi/en/services/family-work/">"#
    ));
    assert!(fi.contains(
        r#"<a href="/fi/palvelut/perhetyo/" lang="fi" hreflang="fi" aria-current="page">Suomeksi"#
    ));
}

#[test]
fn hours_and_phone_numbers_read_in_the_pages_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&repo().join("tests/fixtures/basic"), &out, &[]);
    let fi = visible_text(&read(&out, "fi/palvelut/perhetyo/index.html"));
    let en = visible_text(&read(&out, "en/services/family-work/index.html"));
    for s in [
        "ma–pe klo 9.00–11.00",
        "ma, ke, pe klo 9.00–12.00",
        "ti, to klo 8.30–11.00",
        "Puhelin 044 740 1886",
        "87100 Kajaani",
        "Päivitetty 1/2023",
    ] {
        assert!(fi.contains(s), "fi page lacks {s:?}:\n{fi}");
    }
    for s in [
        "Mon–Fri 9.00–11.00",
        "Mon, Wed, Fri 9.00–12.00",
        "Tue, Thu 8.30–11.00",
        "Phone 044 740 1886",
        "Updated January 2023",
    ] {
        assert!(en.contains(s), "en page lacks {s:?}:\n{en}");
    }
    let html = read(&out, "en/services/family-work/index.html");
    assert!(html.contains(r#"href="tel:+358447401886">044 740 1886</a>"#));
    assert!(
        html.contains(r#"href="tel:+358447974878">044 797 4878</a>"#),
        "dashes are normalised for display"
    );
}

#[test]
fn municipality_finder_lists_every_municipality_a_to_o() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&repo().join("tests/fixtures/basic"), &out, &[]);
    let finder = visible_text(&read(&out, "fi/kunnat/index.html"));
    let order = ["Iisalmi", "Kuopio", "Nilsiä", "Sonkajärvi", "Äänekoski"];
    let positions: Vec<usize> = order
        .iter()
        .map(|m| {
            finder
                .find(m)
                .unwrap_or_else(|| panic!("{m} missing: {finder}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "not in Finnish alphabetical order: {finder}"
    );
    // The municipality page leads to its services and the phone line of its own area.
    let page = visible_text(&read(&out, "fi/kunnat/sonkajarvi/index.html"));
    assert!(
        page.contains("Perhetyö") && page.contains("044 740 1886"),
        "{page}"
    );
    assert!(
        !page.contains("044 797 4878"),
        "another area's number leaked in: {page}"
    );
    let part = visible_text(&read(&out, "en/municipalities/nilsia/index.html"));
    assert!(
        part.contains("Now part of the municipality of Kuopio"),
        "{part}"
    );
}

#[test]
fn an_untranslated_page_says_so_and_offers_the_versions_that_exist() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = build(&repo().join("tests/fixtures/basic"), &out, &[]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("content/services/kotipalvelu: warning: not yet translated: en.md"),
        "{}",
        stderr(&o)
    );
    let html = read(&out, "en/services/kotipalvelu/index.html");
    let text = visible_text(&html);
    assert!(
        text.contains("This page is not yet available in English"),
        "{text}"
    );
    // The Finnish title is marked as Finnish, and the link to it says where it leads.
    assert!(
        html.contains(
            r#"<a href="/fi/palvelut/kotipalvelu/" hreflang="fi"><span lang="fi">Kotipalvelu</span></a>"#
        ),
        "{html}"
    );
    assert!(html.contains(r#"<meta name="robots" content="noindex">"#));
    // Contacts are data, so they show in English even before the text is translated.
    assert!(text.contains("Mon–Fri 9.00–11.00"));
    // The English home page lists the service under its Finnish name, marked as such.
    let home = read(&out, "en/index.html");
    assert!(
        home.contains(r#"hreflang="fi"><span lang="fi">Kotipalvelu</span>"#),
        "{home}"
    );
}

#[test]
fn the_site_works_under_a_subpath() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(
        &repo().join("tests/fixtures/basic"),
        &out,
        &["--base-url", "https://www.example.fi/perhe"],
    );
    let html = read(&out, "fi/palvelut/perhetyo/index.html");
    assert!(
        html.contains(
            r#"<link rel="canonical" href="https://www.example.fi/perhe/fi/palvelut/perhetyo/">"#
        ),
        "{html}"
    );
    for file in html_files(&out) {
        let html = fs::read_to_string(&file).unwrap();
        for href in attr_values(&html, "<a ", "href")
            .into_iter()
            .chain(attr_values(&html, "<link ", "href"))
        {
            if href.starts_with('/') {
                assert!(
                    href.starts_with("/perhe/"),
                    "{}: {href} ignores the subpath",
                    file.display()
                );
                assert!(
                    target_file(&out, "/perhe/", &href).is_file(),
                    "{}: dead link {href}",
                    file.display()
                );
            }
        }
    }
    assert!(
        read(&out, "sitemap.xml")
            .contains("<loc>https://www.example.fi/perhe/en/services/family-work/</loc>")
    );
    assert!(read(&out, "robots.txt").contains("Sitemap: https://www.example.fi/perhe/sitemap.xml"));
}

#[test]
fn sitemap_lists_pages_with_their_language_versions() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&repo().join("tests/fixtures/basic"), &out, &[]);
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<url><loc>https://perhe.example.fi/fi/palvelut/perhetyo/</loc><xhtml:link rel=\"alternate\" hreflang=\"fi\" href=\"https://perhe.example.fi/fi/palvelut/perhetyo/\"/><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://perhe.example.fi/en/services/family-work/\"/></url>"));
    assert!(
        !sitemap.contains("/en/services/kotipalvelu/"),
        "untranslated notices are not for search engines"
    );
}

#[test]
fn css_is_cache_busted_and_pages_need_no_javascript_or_outside_resources() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&repo().join("tests/fixtures/basic"), &out, &[]);
    let mut assets: Vec<_> = fs::read_dir(out.join("assets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assets.sort();
    assert_eq!(assets.len(), 2, "{assets:?}");
    for (name, (stem, ext)) in assets.iter().zip([("search.", ".js"), ("style.", ".css")]) {
        assert!(
            name.starts_with(stem)
                && name.ends_with(ext)
                && name.len() > stem.len() + ext.len() + 8,
            "{assets:?}"
        );
    }
    for file in html_files(&out) {
        let html = fs::read_to_string(&file).unwrap();
        // Structured data (JSON-LD) is the one script element allowed; it runs nothing. The
        // search pages alone load the site's own search script: search is an enhancement.
        let scripts = html.matches("<script").count();
        let data = html
            .matches("<script type=\"application/ld+json\">")
            .count();
        let search = html
            .matches(&format!("<script src=\"/assets/{}\" defer>", assets[0]))
            .count();
        let is_search =
            file.ends_with("fi/haku/index.html") || file.ends_with("en/search/index.html");
        assert!(
            scripts == data + search && data <= 1 && search == usize::from(is_search),
            "{}: build output carries no script but structured data, and search.js on the search page",
            file.display()
        );
        for src in attr_values(&html, "<link ", "href")
            .into_iter()
            .filter(|h| h.ends_with(".css"))
        {
            assert!(
                src.starts_with('/'),
                "{}: stylesheet from elsewhere: {src}",
                file.display()
            );
        }
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = fixture_copy("basic");
    let out = site.path().join("output");
    build_ok(site.path(), &out, &[]);
    let before = snapshot(&out);
    fs::write(
        site.path().join("content/services/perhetyo/fi.md"),
        "---\ntitle: [unclosed\n---\n",
    )
    .unwrap();
    let o = build(site.path(), &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("was left as it was"), "{}", stderr(&o));
    assert_eq!(snapshot(&out), before);
    let leftovers: Vec<_> = fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("esite-new"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folder left behind: {leftovers:?}"
    );
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_rebuild_replaces_the_output_and_drops_deleted_pages() {
    let site = fixture_copy("basic");
    let out = site.path().join("output");
    build_ok(site.path(), &out, &[]);
    assert!(out.join("fi/tietoa/index.html").is_file());
    fs::remove_dir_all(site.path().join("content/pages/tietoa")).unwrap();
    build_ok(site.path(), &out, &[]);
    assert!(!out.join("fi/tietoa").exists(), "a deleted page disappears");
    assert!(out.join("fi/palvelut/perhetyo/index.html").is_file());
}

#[test]
fn the_output_folder_may_not_be_the_site_itself() {
    let site = fixture_copy("basic");
    for bad in [site.path().to_path_buf(), site.path().join("content")] {
        let o = build(site.path(), &bad, &[]);
        // A wrong --output is a usage error.
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("would replace the site's own files"),
            "{}",
            stderr(&o)
        );
    }
    assert!(site.path().join("content/site.yaml").is_file());
}

/// One broken file per case; each error names the file, line and column.
fn broken(file: &str, content: &[u8]) -> String {
    let site = fixture_copy("basic");
    let out = site.path().join("output");
    fs::write(site.path().join(file), content).unwrap();
    let o = build(site.path(), &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!out.exists(), "nothing written on failure");
    stderr(&o)
}

#[test]
fn yaml_syntax_error_is_located() {
    let err = broken(
        "content/regions/testialue.yaml",
        b"name: { fi: A, en: B\nareas: []\n",
    );
    assert!(err.contains("content/regions/testialue.yaml:2:"), "{err}");
    assert!(err.contains("error: the YAML cannot be read"), "{err}");
}

#[test]
fn unknown_field_is_located_with_did_you_mean() {
    let err = broken(
        "content/services/kotipalvelu/fi.md",
        "---\ntitle: Kotipalvelu\nsumary: Apua.\nregions: [testialue]\n---\n".as_bytes(),
    );
    assert!(
        err.contains("content/services/kotipalvelu/fi.md:3:1: error: unknown field 'sumary'"),
        "{err}"
    );
    assert!(err.contains("3 | sumary: Apua."), "{err}");
    assert!(err.contains("did you mean 'summary'?"), "{err}");
}

#[test]
fn missing_required_field_is_named() {
    let err = broken(
        "content/services/kotipalvelu/fi.md",
        "---\ntitle: Kotipalvelu\nregions: [testialue]\n---\n".as_bytes(),
    );
    assert!(
        err.contains("content/services/kotipalvelu/fi.md:2:1: error: 'summary' is missing"),
        "{err}"
    );
}

#[test]
fn unknown_region_gets_did_you_mean_at_its_line() {
    let err = broken(
        "content/services/kotipalvelu/fi.md",
        "---\ntitle: Kotipalvelu\nsummary: Apua.\nregions: [testialueet]\n---\n".as_bytes(),
    );
    assert!(
        err.contains(
            "content/services/kotipalvelu/fi.md:4:11: error: unknown region 'testialueet'"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean 'testialue'?"), "{err}");
}

#[test]
fn a_region_passage_for_an_unknown_region_is_located_with_a_hint() {
    let err = broken(
        "content/services/kotipalvelu/fi.md",
        "---\ntitle: Kotipalvelu\nsummary: Apua.\nregions: [testialue]\n---\n\nYhteinen.\n\n\
         ::: testialueet\n\nVain siellä.\n\n:::\n"
            .as_bytes(),
    );
    assert!(
        err.contains("content/services/kotipalvelu/fi.md:9:5: error: unknown region 'testialueet'"),
        "{err}"
    );
    assert!(err.contains("did you mean '::: testialue'?"), "{err}");
}

#[test]
fn an_unclosed_region_passage_is_located() {
    let err = broken(
        "content/services/kotipalvelu/fi.md",
        "---\ntitle: Kotipalvelu\nsummary: Apua.\nregions: [testialue]\n---\n\n::: testialue\n\nVain täällä.\n"
            .as_bytes(),
    );
    assert!(
        err.contains(
            "content/services/kotipalvelu/fi.md:7:1: error: this region passage is not closed"
        ),
        "{err}"
    );
}

#[test]
fn duplicate_slug_names_both_files() {
    let err = broken(
        "content/services/kotipalvelu/fi.md",
        "---\ntitle: Kotipalvelu\nsummary: Apua.\nslug: perhetyo\nregions: [testialue]\n---\n"
            .as_bytes(),
    );
    assert!(
        err.contains("error: the URL name 'perhetyo' is already used by content/services/"),
        "{err}"
    );
    assert!(err.contains(":4:7:"), "{err}");
}

#[test]
fn a_slug_that_would_escape_the_output_is_refused() {
    let err = broken(
        "content/services/kotipalvelu/fi.md",
        "---\ntitle: Kotipalvelu\nsummary: Apua.\nslug: ../../etc\nregions: [testialue]\n---\n"
            .as_bytes(),
    );
    assert!(
        err.contains(
            "content/services/kotipalvelu/fi.md:4:7: error: the slug '../../etc' cannot be used"
        ),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_located() {
    let err = broken(
        "content/services/kotipalvelu/fi.md",
        b"---\ntitle: Kotipalvelu\nsummary: Apu \xe4\xe4ni.\n---\n",
    );
    assert!(
        err.contains("content/services/kotipalvelu/fi.md:3:14: error: this file is not UTF-8 text"),
        "{err}"
    );
    assert!(err.contains("save the file as UTF-8"), "{err}");
}

#[test]
fn bad_hours_and_phone_numbers_are_located() {
    let site = fixture_copy("basic");
    let path = site.path().join("content/regions/testialue.yaml");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("\"0447401886\"", "\"044 740 188x\"")
        .replace(
            "days: mon-fri, open: \"09:00\", close: \"11:00\"",
            "days: mon-fri, open: \"11:00\", close: \"09:00\"",
        );
    fs::write(&path, text).unwrap();
    let o = build(site.path(), &site.path().join("output"), &[]);
    let err = stderr(&o);
    assert!(err.contains("content/regions/testialue.yaml:19:18: error: this phone number cannot be used: '044 740 188x' has 'x'"), "{err}");
    assert!(err.contains("content/regions/testialue.yaml:21:21: error: service hours mon-fri 11:00–09:00 closes at 9.00 before it opens at 11.00"), "{err}");
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let site = fixture_copy("basic");
    fs::write(
        site.path().join("content/services/kotipalvelu/fi.md"),
        "---\ntitle: Kotipalvelu\nsumary: x\n---\n",
    )
    .unwrap();
    fs::write(
        site.path().join("content/pages/tietoa/fi.md"),
        "no front matter\n",
    )
    .unwrap();
    let o = build(site.path(), &site.path().join("output"), &[]);
    let err = stderr(&o);
    assert!(
        err.contains("kotipalvelu/fi.md:3:1: error: unknown field 'sumary'"),
        "{err}"
    );
    assert!(
        err.contains("pages/tietoa/fi.md:1:1: error: the file must start with front matter"),
        "{err}"
    );
    assert!(err.contains("Build failed with 2 errors"), "{err}");
}

#[test]
fn authoring_mistakes_in_markdown_are_reported_at_their_line() {
    let body = "---\ntitle: Kotipalvelu\nsummary: Apua.\nregions: [testialue]\n---\n\n## Otsikko\n\n#### Hyppy\n\n![](kuva.jpg)\n\n[lue lisää](https://example.fi)\n\n[linkki](service:perhetyoo)\n\n# Toinen pääotsikko\n\n<script>alert(1)</script>\n";
    let err = broken("content/services/kotipalvelu/fi.md", body.as_bytes());
    assert!(
        err.contains("kotipalvelu/fi.md:9:1: warning: the heading jumps from level 2 to level 4"),
        "{err}"
    );
    assert!(
        err.contains("kotipalvelu/fi.md:11:1: error: this image has no alt text"),
        "{err}"
    );
    assert!(err.contains("kotipalvelu/fi.md:13:1: error: the link text 'lue lisää' does not say where the link leads"), "{err}");
    assert!(
        err.contains("kotipalvelu/fi.md:15:1: error: unknown service 'perhetyoo'"),
        "{err}"
    );
    assert!(err.contains("did you mean 'service:perhetyo'?"), "{err}");
    assert!(
        err.contains("kotipalvelu/fi.md:17:1: error: a second main heading"),
        "{err}"
    );
    assert!(
        err.contains(
            "kotipalvelu/fi.md:19:1: error: this is HTML, which this site does not publish"
        ),
        "{err}"
    );
}

#[test]
fn raw_html_is_an_error_unless_the_site_allows_it_and_then_it_is_sanitised() {
    let site = fixture_copy("basic");
    let md = site.path().join("content/services/kotipalvelu/fi.md");
    let original = fs::read_to_string(&md).unwrap();
    let start = original.lines().count() + 2;
    let pasted = "<div class=\"box\">\n<p>Soita <b>meille</b></p>\n<script>alert(1)</script>\n</div>\n\n\
                  Teksti <span lang=\"en\">home help</span> <img src=x onerror=alert(2)> tässä.\n\n\
                  <iframe src=\"https://evil.example/\"></iframe>\n\n\
                  [sähköposti](javascript:alert(3)) <!-- muistiinpano -->\n";
    fs::write(&md, format!("{original}\n{pasted}")).unwrap();
    let out = site.path().join("output");
    // Not allowed: one error for the pasted block (not one per line), one per line of inline
    // markup, and nothing built.
    let o = esite(&["check", "--site", site.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let html_errors = err
        .matches("this is HTML, which this site does not publish")
        .count();
    assert_eq!(html_errors, 3, "{err}");
    assert!(
        err.contains(&format!("kotipalvelu/fi.md:{start}:1: error: this is HTML")),
        "{err}"
    );
    assert!(
        err.contains("links of the kind 'javascript:' are not allowed"),
        "{err}"
    );

    // Allowed: what is safe stays, scripts, handlers, frames and bad addresses go.
    fs::write(
        &md,
        format!(
            "{original}\n{}",
            pasted.replace("[sähköposti](javascript:alert(3))", "")
        ),
    )
    .unwrap();
    let site_yaml = site.path().join("content/site.yaml");
    append(&site_yaml, "allow_html: true\n");
    let o = build(site.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("this HTML has a script, which is not published"),
        "the editor is told: {}",
        stderr(&o)
    );
    let html = read(&out, "fi/palvelut/kotipalvelu/index.html");
    let body = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    for gone in [
        "<script",
        "alert",
        "onerror",
        "<iframe",
        "evil.example",
        "muistiinpano",
    ] {
        assert!(!body.contains(gone), "{gone} published: {body}");
    }
    assert!(body.contains("<b>meille</b>"), "{body}");
    assert!(
        body.contains("<span lang=\"en\">home help</span>"),
        "{body}"
    );
}

#[test]
fn allowed_html_that_looks_like_esites_own_markers_brings_in_nothing() {
    // esite drops shared parts (phone lines, contact blocks) into pages through markers; an
    // editor's HTML must never pull one into the text.
    let site = fixture_copy("basic");
    let site_yaml = site.path().join("content/site.yaml");
    append(&site_yaml, "allow_html: true\n");
    let out = site.path().join("output");
    build_ok(site.path(), &out, &[]);
    let before = read(&out, "fi/palvelut/kotipalvelu/index.html");
    let md = site.path().join("content/services/kotipalvelu/fi.md");
    let marks: String = (0..4)
        .map(|i| format!("<esite-fragment data-id={i}></esite-fragment>"))
        .collect();
    let text = fs::read_to_string(&md).unwrap() + &format!("\n<div>{marks}Merkit</div>\n");
    fs::write(&md, text).unwrap();
    build_ok(site.path(), &out, &[]);
    let html = read(&out, "fi/palvelut/kotipalvelu/index.html");
    assert!(html.contains("Merkit"), "{html}");
    // The same phone lines as without the markers: none came in through them.
    assert_eq!(html.matches("tel:").count(), before.matches("tel:").count());
    assert_eq!(html.matches("<h2").count(), before.matches("<h2").count());
}

#[test]
fn front_matter_values_are_escaped_in_pages() {
    let site = fixture_copy("basic");
    let md = site.path().join("content/services/kotipalvelu/fi.md");
    fs::write(&md, "---\ntitle: \"Koti</title><script>alert(1)</script>\"\nsummary: \"Apua\\\" onload=\\\"alert(2) <b>x</b>\"\nregions: [testialue]\n---\nTeksti.\n").unwrap();
    let out = site.path().join("output");
    build_ok(site.path(), &out, &[]);
    let html = read(&out, "fi/palvelut/kotipalvelu/index.html");
    assert_eq!(
        html.matches("</title>").count(),
        1,
        "a title cannot close <title> early: {html}"
    );
    let body = &html[html.find("<body").unwrap()..];
    assert!(
        !body.contains("<script"),
        "a title cannot add a script to the page: {body}"
    );
    assert!(!body.contains("<b>x"), "{body}");
    assert!(
        html.contains(r#"<meta name="description" content="Apua&quot; onload=&quot;alert(2) &lt;b&gt;x&lt;/b&gt;">"#),
        "a summary stays inside its attribute: {html}"
    );
    assert!(
        html.contains("<h1>Koti&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>"),
        "{html}"
    );
}

#[test]
fn service_links_by_id_resolve_per_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&repo().join("tests/fixtures/basic"), &out, &[]);
    assert!(
        read(&out, "fi/palvelut/perhetyo/index.html")
            .contains("<a href=\"/fi/palvelut/kotipalvelu/\">kotipalvelu</a>")
    );
    assert!(
        read(&out, "en/services/family-work/index.html")
            .contains("<a href=\"/en/services/kotipalvelu/\">home help</a>")
    );
    assert!(
        read(&out, "fi/palvelut/perhetyo/index.html").contains("<a href=\"#mita-perhetyo-on\">")
    );
}

#[test]
fn adding_a_language_needs_no_code_change() {
    let site = fixture_copy("basic");
    let site_yaml = site.path().join("content/site.yaml");
    let text = fs::read_to_string(&site_yaml).unwrap().replace(
        "  - code: en\n    name: In English\n",
        "  - code: en\n    name: In English\n  - code: sv\n    name: På svenska\n",
    );
    fs::write(&site_yaml, text).unwrap();
    fs::write(
        site.path().join("content/services/perhetyo/sv.md"),
        "---\ntitle: Familjearbete\nsummary: Stöd i vardagen.\nslug: familjearbete\n---\nText.\n",
    )
    .unwrap();
    let out = site.path().join("output");
    let o = build(site.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sv = visible_text(&read(&out, "sv/tjanster/familjearbete/index.html"));
    assert!(sv.contains("mån–fre kl. 9.00–11.00"), "{sv}");
    // Missing Swedish texts in region data fall back to Finnish, marked as Finnish.
    assert!(
        read(&out, "sv/tjanster/familjearbete/index.html")
            .contains(r#"<span lang="fi">Neuvontapuhelin</span>"#)
    );
    assert!(
        stderr(&o).contains("warning: 'name' has no text in 'sv'"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn golden_main_regions_of_a_few_pages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&repo().join("tests/fixtures/basic"), &out, &[]);
    let golden_dir = repo().join("tests/golden/basic");
    let pages = [
        (
            "fi/palvelut/perhetyo/index.html",
            "fi-palvelut-perhetyo.html",
        ),
        (
            "en/services/family-work/index.html",
            "en-services-family-work.html",
        ),
        (
            "en/services/kotipalvelu/index.html",
            "en-services-kotipalvelu.html",
        ),
        ("fi/kunnat/index.html", "fi-kunnat.html"),
        ("fi/index.html", "fi-etusivu.html"),
        ("en/search/index.html", "en-search.html"),
        (
            "en/accessibility-statement/index.html",
            "en-accessibility-statement.html",
        ),
    ];
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for (page, golden) in pages {
        let html = read(&out, page);
        let main =
            &html[html.find("<main").unwrap()..html.find("</main>").unwrap() + "</main>".len()];
        // One element per line keeps the reviewed files readable and their diffs small.
        let pretty = main.replace("><", ">\n<") + "\n";
        let path = golden_dir.join(golden);
        if update {
            fs::create_dir_all(&golden_dir).unwrap();
            fs::write(&path, &pretty).unwrap();
        } else if fs::read_to_string(&path).ok().as_deref() != Some(pretty.as_str()) {
            failures.push(format!(
                "{page} differs from {} (UPDATE_GOLDEN=1 cargo test to review and accept)",
                path.display()
            ));
        }
    }
    // A golden file nobody produces any more is stale and would hide nothing: fail on it.
    let expected: Vec<&str> = pages.iter().map(|(_, g)| *g).collect();
    for entry in fs::read_dir(&golden_dir).into_iter().flatten() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !expected.contains(&name.as_str()) {
            failures.push(format!("stale golden file {name}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn every_fact_from_the_seed_brochures_is_on_the_example_site_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = build(&repo(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("warning"),
        "the example site builds without warnings:\n{}",
        stderr(&o)
    );
    let facts: BTreeMap<String, Vec<serde_yaml::Value>> =
        serde_yaml::from_str(&fs::read_to_string(repo().join("tests/example-facts.yaml")).unwrap())
            .unwrap();
    for (lang, list) in facts {
        let text: String = html_files(&out.join(&lang))
            .iter()
            .map(|f| visible_text(&fs::read_to_string(f).unwrap()) + "\n")
            .collect();
        let missing: Vec<String> = list
            .iter()
            .map(|v| match v {
                serde_yaml::Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other).unwrap().trim().to_string(),
            })
            .filter(|f| !text.contains(&f.split_whitespace().collect::<Vec<_>>().join(" ")))
            .collect();
        assert!(
            missing.is_empty(),
            "{lang}: facts missing from the site: {missing:#?}"
        );
    }
}

#[test]
fn more_authoring_mistakes_are_reported_at_their_line() {
    let long_title = "Perhetyö ".repeat(10);
    let body = format!(
        "---\ntitle: {long_title}\nsummary: Apua.\nregions: [testialue]\n---\n\n## \n\n[](https://example.fi)\n\n[https://example.fi/perhetyo](https://example.fi/perhetyo)\n\n|  |  |\n|--|--|\n| a | b |\n\n[Kotipalvelun hakemus](lomake.pdf)\n\n[kohtaan](#ei-ole)\n\n![Kuva](puuttuu.jpg)\n"
    );
    let err = broken("content/services/kotipalvelu/fi.md", body.as_bytes());
    for expected in [
        "kotipalvelu/fi.md:2:1: warning: the title is 89 characters long; keep it under 70",
        "kotipalvelu/fi.md:7:1: error: this heading is empty",
        "kotipalvelu/fi.md:9:1: error: this link has no text",
        "kotipalvelu/fi.md:11:1: warning: a bare web address as link text",
        "kotipalvelu/fi.md:13:1: error: this table has no header row",
        "kotipalvelu/fi.md:17:1: error: the link target 'lomake.pdf' does not exist",
        "kotipalvelu/fi.md:19:1: error: there is no '#ei-ole' on this page",
        "kotipalvelu/fi.md:21:1: error: the image 'puuttuu.jpg' is not in the page's folder",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn images_beside_the_markdown_are_copied_with_the_page_in_every_language() {
    let site = fixture_copy("basic");
    let dir = site.path().join("content/services/perhetyo");
    fs::write(
        dir.join("kuva.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    )
    .unwrap();
    let md = dir.join("fi.md");
    fs::write(
        &md,
        fs::read_to_string(&md).unwrap()
            + "\n![Vanhempi ja lapsi](kuva.svg)\n\n![](kuva.svg \"decorative\")\n",
    )
    .unwrap();
    let out = site.path().join("output");
    build_ok(site.path(), &out, &[]);
    assert!(out.join("fi/palvelut/perhetyo/kuva.svg").is_file());
    assert!(out.join("en/services/family-work/kuva.svg").is_file());
    let html = read(&out, "fi/palvelut/perhetyo/index.html");
    assert!(
        // From the site's root, so the leaflets and booklets (other folders) find it too.
        html.contains("<img src=\"/fi/palvelut/perhetyo/kuva.svg\" alt=\"Vanhempi ja lapsi\" />"),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"/fi/palvelut/perhetyo/kuva.svg\" alt=\"\" />"),
        "decorative images get an empty alt: {html}"
    );
}

#[test]
fn a_broken_service_reports_only_its_own_error() {
    // The region has notes for perhetyo and kotipalvelu links to it: neither may add an
    // "unknown service" error on top of the real one.
    let site = fixture_copy("basic");
    let md = site.path().join("content/services/kotipalvelu/fi.md");
    append(&md, "\nKatso [perhetyö](service:perhetyo).\n");
    fs::write(
        site.path().join("content/services/perhetyo/fi.md"),
        "---\ntitle: [unclosed\n---\n",
    )
    .unwrap();
    let o = build(site.path(), &site.path().join("output"), &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(err.contains("content/services/perhetyo/fi.md:2:"), "{err}");
    assert!(!err.contains("unknown service"), "{err}");
    assert!(err.contains("Build failed with 1 error"), "{err}");
}

#[test]
fn e_mail_autolinks_become_mailto_links() {
    let site = fixture_copy("basic");
    let md = site.path().join("content/services/kotipalvelu/fi.md");
    append(&md, "\nKysy lisää: <perhetyo@example.fi>\n");
    let out = site.path().join("output");
    build_ok(site.path(), &out, &[]);
    let html = read(&out, "fi/palvelut/kotipalvelu/index.html");
    assert!(
        html.contains("href=mailto:perhetyo@example.fi>perhetyo@example.fi</a>")
            || html.contains("href=\"mailto:perhetyo@example.fi\">perhetyo@example.fi</a>"),
        "{html}"
    );
}

#[test]
fn footnotes_become_a_list_with_links_both_ways_and_long_texts_list_their_sections() {
    let site = fixture_copy("basic");
    let md = site.path().join("content/services/kotipalvelu/fi.md");
    append(
        &md,
        "\nPalvelu perustuu lakiin.[^laki]\n\n[^laki]: Sosiaalihuoltolaki 1301/2014, 19 §.\n\n\
         ## Kenelle\n\nTeksti.\n\n## Miten haetaan\n\nTeksti.\n\n## Mitä maksaa\n\nTeksti.\n\n\
         ## Yhteystiedot\n\nTeksti.\n",
    );
    let out = site.path().join("output");
    build_ok(site.path(), &out, &[]);
    let html = read(&out, "fi/palvelut/kotipalvelu/index.html");
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    // The note at the end, in the page's language, linked both ways.
    assert!(
        main.contains("<h2 id=footnotes-heading>Alaviitteet</h2>")
            || main.contains("<h2 id=\"footnotes-heading\">Alaviitteet</h2>"),
        "{main}"
    );
    assert!(
        main.contains("href=#fn-laki") || main.contains("href=\"#fn-laki\""),
        "{main}"
    );
    assert!(
        main.contains("href=#fnref-laki-1") || main.contains("href=\"#fnref-laki-1\""),
        "{main}"
    );
    let note = main.find("Sosiaalihuoltolaki 1301/2014").unwrap();
    let last_section = main.find("Yhteystiedot").unwrap();
    assert!(note > last_section, "the note comes after the text: {main}");
    // Four sections: listed at the start.
    let nav = main.find("on-this-page").expect("a list of sections");
    assert!(nav < main.find("Kenelle").unwrap(), "{main}");
    assert!(main.contains("Tällä sivulla"), "{main}");
    // Three sections (the fixture's English text has one) are not enough for a list.
    let md_en = site.path().join("content/services/perhetyo/en.md");
    append(&md_en, "\n## One\n\nText.\n\n## Two\n\nText.\n");
    build_ok(site.path(), &out, &[]);
    let en = read(&out, "en/services/family-work/index.html");
    assert!(
        en.contains("<h2 id=one>One</h2>") || en.contains("<h2 id=\"one\">One</h2>"),
        "{en}"
    );
    assert!(!en.contains("on-this-page"), "{en}");
}
