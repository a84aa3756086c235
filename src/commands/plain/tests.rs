use super::*;

const FRONT: &str = "---\ntitle: Testi\nsummary: Testi.\n---\n\n";

fn run(lang: &str, body: &str) -> Vec<Diagnostic> {
    let text = format!("{FRONT}{body}");
    analyse(Path::new("x.md"), &text, FRONT.len(), lang)
}

/// (line, message) of each hint but the readability figure.
fn found(lang: &str, body: &str) -> Vec<(usize, String)> {
    run(lang, body)
        .into_iter()
        .filter(|d| !d.message.starts_with("readability"))
        .map(|d| (d.line, d.message))
        .collect()
}

#[test]
fn plain_finnish_gets_no_hints() {
    let body = "## Mitä perhetyö on?\n\nPerhetyöntekijä tulee kotiinne. Hän auttaa arjessa.\n\n- Soita meille.\n- Kerro, mitä tarvitset.\n";
    assert_eq!(found("fi", body), []);
}

#[test]
fn a_long_sentence_is_hinted_at_its_first_word() {
    let long = "Perhetyö on palvelu, jota perhe voi saada, kun arki on raskasta ja vanhemmat tarvitsevat apua lasten kasvatuksessa, kodin asioissa ja monessa muussa asiassa, joka liittyy perheen elämään ja hyvinvointiin kotona.";
    let body = format!("Lyhyt alku.\n\n{long}\n");
    let hints = run("fi", &body);
    let d = hints
        .iter()
        .find(|d| d.message.starts_with("a sentence"))
        .unwrap();
    assert_eq!((d.line, d.column), (8, 1));
    assert!(d.message.contains("of 30 words"), "{}", d.message);
    assert_eq!(
        d.render(false).lines().next().unwrap(),
        "x.md:8:1: plain language: a sentence of 30 words (plain language: at most 25)"
    );
}

#[test]
fn long_words_are_hinted_once_with_their_count() {
    let body = "Hae lapsiperheidenkotipalvelusta apua.\nLapsiperheidenkotipalvelusta saa tukea. Perhe-elämä on tärkeää.\n";
    assert_eq!(
        found("fi", body),
        [(
            6,
            "a long word: 'lapsiperheidenkotipalvelusta', 28 letters (and once more)".to_string()
        )]
    );
}

#[test]
fn officialese_is_hinted_with_a_plainer_phrase() {
    let body = "Aluksi tehdään palvelutarpeen arviointi.\n\nMikäli tarvitset apua, soita.\n";
    let hints = run("fi", body);
    let d = hints
        .iter()
        .find(|d| d.message.contains("palvelutarpeen"))
        .unwrap();
    assert_eq!((d.line, d.column, d.width), (6, 16, 24));
    assert!(d.hint.as_deref().unwrap().contains("Selvitämme"));
    assert!(
        hints
            .iter()
            .any(|d| d.line == 8 && d.message == "officialese: 'Mikäli'")
    );
}

#[test]
fn many_passives_get_one_hint() {
    let body = "Apua haetaan netissä. Asiasta keskustellaan. Päätös tehdään pian. Tapaamisista sovitaan. Perhe saa tukea. Hän tulee kotiin.\n";
    let hints = found("fi", body);
    assert_eq!(
        hints,
        [(
            6,
            "4 of 6 sentences use the passive (66%; plain language: at most a third)".to_string()
        )]
    );
    // Half as many passives is fine.
    let body = "Apua haetaan netissä. Asiasta keskustellaan. Perhe saa tukea. Hän tulee kotiin. Soita meille. Tule käymään.\n";
    assert_eq!(found("fi", body), []);
}

#[test]
fn a_long_stretch_without_a_heading_is_hinted_once() {
    let para = "Perhe saa apua kotiin kun arki on raskasta. ".repeat(10);
    let body = format!("{para}\n\n{para}\n\n{para}\n\n## Otsikko\n\nLyhyt.\n");
    let hints = found("fi", &body);
    assert_eq!(
        hints,
        [(10, "more than 200 words without a heading".to_string())]
    );
}

#[test]
fn readability_is_one_file_level_hint() {
    let hints = run("fi", "Perhe saa apua. Hän tulee kotiin.\n");
    let lix: Vec<_> = hints
        .iter()
        .filter(|d| d.message.starts_with("readability"))
        .collect();
    assert_eq!(lix.len(), 1);
    assert_eq!(lix[0].line, 0);
    // 6 words, 2 sentences, none longer than six letters.
    assert_eq!(
        lix[0].message,
        "readability: LIX 3 (3.0 words a sentence, 0% long words)"
    );
    assert!((super::lix(2, 10, 5) - 55.0).abs() < 1e-9);
}

#[test]
fn english_and_swedish_get_length_hints_and_other_languages_none() {
    let body = "In order to apply, call us. Responsibilities are shared.\n";
    let en = found("en", body);
    assert!(
        en.contains(&(6, "officialese: 'In order to'".to_string())),
        "{en:?}"
    );
    assert!(
        en.contains(&(6, "a long word: 'Responsibilities', 16 letters".to_string())),
        "{en:?}"
    );
    assert_eq!(found("sv", "Ring oss. Vi hjälper dig.\n"), []);
    assert!(run("de", body).is_empty());
    let sv = run("sv", "Ring oss.\n");
    assert!(sv[0].hint.as_deref().unwrap().starts_with("very easy"));
}

#[test]
fn hints_cost_linear_time() {
    let body = "Perhetyöntekijä tulee kotiinne ja auttaa arjessa. ".repeat(20_000);
    let started = std::time::Instant::now();
    let hints = run("fi", &body);
    assert!(hints.len() < 5, "{}", hints.len());
    assert!(started.elapsed().as_secs() < 5);
}
