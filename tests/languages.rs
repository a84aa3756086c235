//! Every language in its own way (issue #17): municipality names, page addresses and the
//! finder's order per language, and a name not in the page's language marked with its own.

mod support;
use std::fs;
use std::path::Path;
use support::*;

/// The basic fixture with Swedish added and a region of bilingual Ostrobothnian towns.
fn three_language_site() -> tempfile::TempDir {
    let site = fixture_copy("basic");
    add_swedish(site.path());
    fs::write(
        site.path().join("content/regions/pohjanmaa.yaml"),
        "name: { fi: Pohjanmaa, sv: Österbotten, en: Ostrobothnia }\n\
         channels:\n  - type: phone\n    name: { fi: Neuvonta, sv: Rådgivning, en: Advice }\n    number: \"06 218 1111\"\n\
         municipalities:\n\
         \x20 - { name: { fi: Kristiinankaupunki, sv: Kristinestad }, code: \"287\" }\n\
         \x20 - { name: { fi: Luoto, sv: Larsmo }, code: \"440\" }\n\
         \x20 - { name: { fi: Maalahti, sv: Malax }, code: \"475\" }\n\
         \x20 - { name: { fi: Mustasaari, sv: Korsholm }, code: \"499\" }\n\
         \x20 - { name: { fi: Närpiö, sv: Närpes }, code: \"545\" }\n\
         \x20 - { name: { fi: Pietarsaari, sv: Jakobstad }, code: \"598\" }\n\
         \x20 - { name: { fi: Ylimarkku, sv: Övermark }, part_of: { fi: Närpiö, sv: Närpes } }\n",
    )
    .unwrap();
    site
}

fn build(site: &Path) -> std::path::PathBuf {
    let (o, out) = build_site(site);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Where each name first appears in `html`.
fn positions(html: &str, names: &[&str]) -> Vec<usize> {
    names
        .iter()
        .map(|n| {
            html.find(&format!(">{n}<"))
                .unwrap_or_else(|| panic!("{n} missing"))
        })
        .collect()
}

#[test]
fn each_language_sorts_and_addresses_municipalities_by_its_own_names() {
    let site = three_language_site();
    let out = build(site.path());
    let sv = read(&out, "sv/kommuner/index.html");
    let order = positions(
        &sv,
        &[
            "Jakobstad",
            "Korsholm",
            "Kristinestad",
            "Larsmo",
            "Malax",
            "Närpes",
            "Övermark",
        ],
    );
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "Swedish order: {order:?}"
    );
    let fi = read(&out, "fi/kunnat/index.html");
    let order = positions(
        &fi,
        &[
            "Kristiinankaupunki",
            "Luoto",
            "Maalahti",
            "Mustasaari",
            "Närpiö",
            "Pietarsaari",
            "Ylimarkku",
        ],
    );
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "Finnish order: {order:?}"
    );
    // Swedish pages have Swedish addresses; Finnish ones Finnish.
    assert!(read(&out, "sv/kommuner/jakobstad/index.html").contains("Jakobstad"));
    assert!(read(&out, "fi/kunnat/pietarsaari/index.html").contains("Pietarsaari"));
    assert!(!out.join("sv/kommuner/pietarsaari").exists());
    // The finder's letters follow the language: J for Jakobstad, no P on the Swedish page.
    assert!(sv.contains(">J<"), "{sv}");
    assert!(!sv.contains(">P<"), "{sv}");
}

#[test]
fn a_name_not_in_the_pages_language_is_marked_with_its_own() {
    let site = three_language_site();
    let out = build(site.path());
    let sv = read(&out, "sv/kommuner/index.html");
    // Äänekoski is written with one name and no code: the default language's name, marked
    // Finnish on the Swedish page.
    assert!(
        sv.contains("<span lang=\"fi\">Äänekoski</span>")
            || sv.contains("<span lang=fi>Äänekoski</span>"),
        "{sv}"
    );
    // Sonkajärvi has its official code: its official Swedish name (the same word) is Swedish.
    assert!(sv.contains(">Sonkajärvi<"), "{sv}");
    assert!(!sv.contains("<span lang=\"fi\">Sonkajärvi</span>"), "{sv}");
    assert!(!sv.contains("<span lang=fi>Sonkajärvi</span>"), "{sv}");
    // part_of with a name per language: Swedish, unmarked, on the Swedish page.
    assert!(sv.contains("(del av Närpes)"), "{sv}");
    // English has no name of its own for Närpiö: the default's, marked Finnish.
    let en = read(&out, "en/municipalities/index.html");
    assert!(
        en.contains("part of <span lang=\"fi\">Närpiö</span>")
            || en.contains("part of <span lang=fi>Närpiö</span>"),
        "{en}"
    );
}
