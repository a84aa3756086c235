//! The official municipality list (issue #18 part 5): a code alone gives the official names,
//! a name that is not its code's is a located error, an unknown code is a located error with
//! the nearest names, and former municipalities work as `part_of`.

mod support;
use std::fs;
use std::path::Path;
use std::process::Output;
use support::*;

/// The basic fixture in fi, en and sv, with one more region listing `municipalities`.
fn site_with(municipalities: &str) -> tempfile::TempDir {
    site_with_region(&format!(
        "name: {{ fi: Toinen alue, sv: Andra området, en: Second region }}\n\
         channels:\n  - type: phone\n    name: {{ fi: Neuvonta, sv: Rådgivning, en: Advice }}\n    number: \"06 218 1111\"\n\
         municipalities:\n{municipalities}"
    ))
}

/// The basic fixture in fi, en and sv, with one more region file, `toinen.yaml`.
fn site_with_region(text: &str) -> tempfile::TempDir {
    let site = fixture_copy("basic");
    add_swedish(site.path());
    fs::write(site.path().join("content/regions/toinen.yaml"), text).unwrap();
    site
}

fn esite(site: &Path, args: &[&str]) -> Output {
    esite_on(site, args)
}

fn build(site: &Path) -> (Output, std::path::PathBuf) {
    let out = site.join("output");
    let o = esite(site, &["build", "--output", out.to_str().unwrap()]);
    (o, out)
}

fn stderr(o: &Output) -> String {
    stderr_of(o)
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_code_alone_gives_the_official_name_in_every_language() {
    let site = site_with("  - { code: \"598\" }\n  - { code: \"205\" }\n");
    let (o, out) = build(site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    // Each language's own name and address; English shows the Finnish name, marked Finnish.
    assert!(read(&out, "fi/kunnat/pietarsaari/index.html").contains("Pietarsaari"));
    assert!(read(&out, "sv/kommuner/jakobstad/index.html").contains("Jakobstad"));
    assert!(read(&out, "sv/kommuner/kajana/index.html").contains("Kajana"));
    let en = read(&out, "en/municipalities/index.html");
    assert!(
        en.contains("<span lang=\"fi\">Pietarsaari</span>")
            || en.contains("<span lang=fi>Pietarsaari</span>"),
        "{en}"
    );
    // No warning that the entry lacks names: the list has them.
    let err = stderr(&o);
    assert!(
        !err.lines()
            .any(|l| l.contains("toinen.yaml:") && l.contains("has no text in")),
        "{err}"
    );
}

#[test]
fn a_code_alone_and_the_same_code_with_its_name_are_one_municipality() {
    let site = site_with("  - { code: \"297\" }\n");
    let (o, out) = build(site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    // The basic fixture lists Kuopio with code 297 and a phone line; the new region adds its own.
    let page = read(&out, "fi/kunnat/kuopio/index.html");
    assert!(page.contains("06 218 1111"), "{page}");
    assert!(!out.join("fi/kunnat/kuopio-297").exists());
}

#[test]
fn a_name_that_is_not_its_codes_is_a_located_error_naming_the_right_one() {
    let site =
        site_with("  - { name: Kajani, code: \"205\" }\n  - { name: Kuhmo, code: \"205\" }\n");
    let o = esite(site.path(), &["check"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "toinen.yaml:7:13: error: 'Kajani' is not the name of the municipality 205, which is Kajaani (Kajana)"
        ),
        "{err}"
    );
    // A real municipality's name with another's code: the hint says whose code it is.
    assert!(err.contains("toinen.yaml:8:13: error: 'Kuhmo'"), "{err}");
    assert!(err.contains("'Kuhmo' is the municipality 290"), "{err}");
}

#[test]
fn names_are_checked_per_language_and_either_official_name_is_accepted() {
    let site = site_with(
        "  - { name: { fi: Pietarsaari, sv: Jakobstad }, code: \"598\" }\n  - { name: Korsholm, code: \"499\" }\n  - { name: { fi: Vaasa, sv: Vasaa }, code: \"905\" }\n",
    );
    let o = esite(site.path(), &["check"]);
    let err = stderr(&o);
    assert!(!err.contains("Pietarsaari' is not"), "{err}");
    assert!(!err.contains("Korsholm' is not"), "{err}");
    assert!(
        err.contains(
            "error: 'Vasaa' is not the name of the municipality 905, which is Vaasa (Vasa)"
        ),
        "{err}"
    );
}

#[test]
fn an_unknown_code_is_a_located_error_with_the_nearest_names() {
    let site = site_with("  - { name: Kajaanii, code: \"999\" }\n  - { code: \"196\" }\n");
    let o = esite(site.path(), &["check"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("toinen.yaml:7:30: error: there is no municipality with the code '999' in Statistics Finland's list of 2026"),
        "{err}"
    );
    assert!(
        err.contains("the nearest names: Kajaani (Kajana) \"205\""),
        "{err}"
    );
    // Without a name, the nearest codes.
    assert!(err.contains("the code '196'"), "{err}");
    assert!(err.contains("the nearest codes: \"202\" Kaarina"), "{err}");
}

#[test]
fn a_former_municipality_works_as_part_of_and_its_old_code_says_where_it_went() {
    let site = site_with(
        "  - { name: Karttula, part_of: Kuopio }\n  - { name: Vehmersalmi }\n  - { code: \"476\" }\n",
    );
    let o = esite(site.path(), &["check"]);
    let err = stderr(&o);
    assert!(
        !err.contains("'Karttula'"),
        "part_of Kuopio is right: {err}"
    );
    assert!(
        err.contains(
            "toinen.yaml:8:13: warning: 'Vehmersalmi' is a former municipality, part of Kuopio since 2005"
        ),
        "{err}"
    );
    assert!(err.contains("hint: add part_of: Kuopio"), "{err}");
    assert!(
        err.contains(
            "toinen.yaml:9:14: error: '476' was the code of Maaninka, which has been part of Kuopio since 2015"
        ),
        "{err}"
    );
    assert!(
        err.contains("list it as { name: Maaninka, part_of: Kuopio } without a code, or list Kuopio with code: \"297\""),
        "{err}"
    );
    // Without the error, the site builds and Karttula's page says where it belongs.
    let site = site_with("  - { name: Karttula, part_of: Kuopio }\n");
    let (o, out) = build(site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("Karttula"), "{}", stderr(&o));
    let page = read(&out, "fi/kunnat/karttula/index.html");
    assert!(page.contains("Kuopio"), "{page}");
}

#[test]
fn a_chain_of_mergers_and_a_swedish_name_lead_to_todays_municipality() {
    let site = site_with(
        "  - { name: Muuruvesi, part_of: Juankoski }\n  - { name: Karis }\n  - { code: \"427\" }\n  - { name: Nilsiä, code: \"297\" }\n",
    );
    let o = esite(site.path(), &["check"]);
    let err = stderr(&o);
    // Juankoski itself joined Kuopio later.
    assert!(
        err.contains(
            "toinen.yaml:7:13: warning: 'Muuruvesi' is part of Kuopio since 2017 (it joined Juankoski in 1971), not of 'Juankoski'"
        ),
        "{err}"
    );
    // The Swedish name gets today's Swedish name.
    assert!(
        err.contains("warning: 'Karis' is a former municipality, part of Raseborg since 2009"),
        "{err}"
    );
    assert!(err.contains("hint: add part_of: Raseborg"), "{err}");
    // Lohja's code before 1997, when a new Lohja got another.
    assert!(
        err.contains(
            "toinen.yaml:9:14: error: '427' was Lohja's code until 1997; it is \"444\" now"
        ),
        "{err}"
    );
    // A former municipality's name with today's code.
    assert!(
        err.contains("toinen.yaml:10:13: error: 'Nilsiä' is not the name of the municipality 297"),
        "{err}"
    );
    assert!(
        err.contains("'Nilsiä' is a former municipality, part of Kuopio since 2013: list it without a code and with part_of: Kuopio"),
        "{err}"
    );
}

#[test]
fn an_error_in_an_entry_points_into_that_entry_not_at_the_same_words_earlier() {
    // The bad code is also in the phone number above, and two entries share a name: the
    // messages point at the entry at fault.
    let site = site_with_region(
        "name: { fi: Toinen alue, sv: Andra området, en: Second region }\n\
         channels:\n  - type: phone\n    name: { fi: Neuvonta, sv: Rådgivning, en: Advice }\n    number: \"044 999 1234\"\n\
         areas:\n\
         \x20 - id: etelainen\n    name: { fi: Eteläinen, sv: Södra, en: South }\n\
         \x20   municipalities: [ { name: Kuhmo, code: \"290\" }, { name: Kajaanii, code: \"999\" } ]\n\
         \x20 - id: pohjoinen\n    name: { fi: Pohjoinen, sv: Norra, en: North }\n    municipalities:\n\
         \x20     - name: Kuhmo\n        code: \"290\"\n\
         \x20     - name: Kuhmo\n        code: \"205\"\n\
         municipalities:\n  - { name: Kuhmo, code: \"290\" }\n  - { name: Kuhmo, code: \"206\" }\n",
    );
    let o = esite(site.path(), &["check"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // The region's own list: the second Kuhmo, with a former code.
    assert!(
        err.contains("toinen.yaml:19:27: error: '206' was the code of Kajaanin mlk"),
        "{err}"
    );
    // The first area, a flow list: the code, not the phone number's 999.
    assert!(
        err.contains("toinen.yaml:9:78: error: there is no municipality with the code '999'"),
        "{err}"
    );
    // The second area: the second Kuhmo's name.
    assert!(
        err.contains("toinen.yaml:15:15: error: 'Kuhmo' is not the name of the municipality 205"),
        "{err}"
    );
    assert!(!err.contains("toinen.yaml:5:"), "{err}");
}

#[test]
fn the_example_sites_former_municipalities_are_parts_of_kuopio() {
    let o = esite(&repo(), &["check"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    for place in ["Karttula", "Maaninka", "Nilsiä"] {
        assert!(!err.contains(&format!("'{place}'")), "{err}");
    }
}

#[test]
fn an_entry_with_neither_code_nor_name_is_an_error() {
    let site = site_with("  - { note: jotain }\n");
    let o = esite(site.path(), &["check"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: a municipality needs its official code or a name"),
        "{err}"
    );
}
