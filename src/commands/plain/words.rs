//! Word-level knowledge: Finnish passive forms, and the officialese words with plainer ones.
//! Both are heuristics on spelling alone (no dictionary, no morphology), tuned to be quiet
//! rather than thorough: a hint that is wrong too often teaches editors to ignore hints.

use super::scan::Word;

/// Whether `word` (in a sentence, with `before` the words before it) looks like a Finnish
/// passive: a present passive (`haetaan`, `käytetään`, `tehdään`, `keskustellaan`), a past
/// passive (`haettiin`, `tehtiin`), or a passive participle after a form of olla
/// (`on sovittu`, `ei ole tehty`).
pub fn is_finnish_passive(word: &str, before: &[Word<'_>]) -> bool {
    let w = word.to_lowercase();
    if NOT_PASSIVE.contains(&w.as_str()) {
        return false;
    }
    let vowel_before = |suffix: &str| {
        w.strip_suffix(suffix)
            .and_then(|stem| stem.chars().next_back())
            .is_some_and(|c| "aeiouyä".contains(c))
    };
    // -taan/-tään after a vowel (haetaan, kerrotaan), not after s (vastaan, itsestään).
    if vowel_before("taan") || vowel_before("tään") {
        return true;
    }
    // -daan/-dään: tehdään, saadaan, voidaan, arvioidaan.
    if w.ends_with("daan") || w.ends_with("dään") {
        return true;
    }
    // -ellaan/-ellään: keskustellaan, kuunnellaan (not -allaan: paikallaan).
    if w.ends_with("ellaan")
        || w.ends_with("ellään")
        || w == "ollaan"
        || w == "tullaan"
        || w == "mennään"
    {
        return true;
    }
    // The past: haettiin, tehtiin (not kotiin).
    if w.ends_with("ttiin") || w.ends_with("htiin") || w.ends_with("dittiin") {
        return true;
    }
    let participle =
        ["ttu", "tty", "tu", "ty"].iter().any(|s| w.ends_with(s)) && w.chars().count() > 3;
    participle
        && before
            .iter()
            .rev()
            .take(2)
            .any(|b| OLLA.contains(&b.text.to_lowercase().as_str()))
}

/// Forms of olla that make a participle after them a passive (on tehty, oli sovittu).
const OLLA: &[&str] = &["on", "ovat", "oli", "olivat", "ole", "ollut", "olla"];

/// Common words the endings above would take for passives.
const NOT_PASSIVE: &[&str] = &[
    "itsellään",
    "itsellään",
    "yhdessään",
    "kanadaan",
    "tietään",
    "aikaan",
    "mukaan",
];

/// An officialese expression with what to write instead. The pattern is its words
/// separated by spaces; a word is the start of every inflection (`palvelutarpee` matches
/// palvelutarpeen, palvelutarpeesta), or exact when shorter than five letters (`in`, `to`);
/// `|` separates alternatives for one word.
pub struct Officialese {
    pub pattern: &'static str,
    pub plainer: &'static str,
}

/// Finnish. `palvelutarpeen arviointi` is the example; `varhaiskasvatusyksikkö`,
/// `haasteellinen`, `merkityksellinen`, `suorittaa` and `toimenpide` are from Selkokeskus's
/// examples (selkokeskus.fi, selkokirjoitusohjeet: sanat); `toimesta` and `taholta` from
/// Kotus's advice on the agent phrases; the rest are ours, from public-service brochures.
pub const FINNISH: &[Officialese] = &[
    o(
        "palvelutarpee arvioi",
        "explain what happens: 'Selvitämme yhdessä kanssasi, millaista apua tarvitset.'",
    ),
    o("palvelutarve|palvelutarpee", "'apu, jota tarvitset'"),
    o("varhaiskasvatusyksik", "'päiväkoti'"),
    o("haasteelli", "'vaikea'"),
    o("merkitykselli", "'tärkeä'"),
    o(
        "suorittaa|suoritta|suoritet",
        "say what is done: 'tehdä', 'maksaa'",
    ),
    o(
        "toimenpi",
        "name the act: 'käynti', 'tutkimus', 'mitä teemme'",
    ),
    o(
        "toimesta",
        "say who does it: 'työntekijä soittaa' (not 'työntekijän toimesta soitetaan')",
    ),
    o(
        "taholta",
        "say who: 'kunta päättää' (not 'kunnan taholta päätetään')",
    ),
    o("asiakkuu", "'kun olet asiakkaana', 'kun saat palvelua'"),
    o("palveluohjau", "'neuvomme, mistä saat apua'"),
    o("yhteydenot", "'soita', 'kirjoita', 'ota yhteyttä'"),
    o("mikäli", "'jos'"),
    o("kyseinen|kyseise", "'tämä', 'se'"),
    o("tarvittaessa", "'jos tarvitset', 'kun tarvitset'"),
    o("edellyttä|edellyte", "'sinun pitää', 'tarvitaan'"),
    o("ensisijai", "'ensin', 'ennen kaikkea'"),
    o("lähtökohtai", "'yleensä'"),
    o("hakeutu", "'tule', 'hae apua'"),
    o("moniammatilli", "'eri alojen työntekijät yhdessä'"),
    o(
        "ennaltaehkäis",
        "'ehkäisevä', 'ennen kuin ongelmat kasvavat'",
    ),
    o("interventi", "'apu', 'hoito'"),
    o("informoi", "'kertoa'"),
    o("resurss", "say which: 'aika', 'raha', 'työntekijät'"),
    o("vireille", "'kun haet', 'kun aloitat'"),
    o("asianosai", "'sinä', 'se, jota asia koskee'"),
    o("voimavar", "'jaksaminen', 'voimat'"),
    o(
        "osallisuu",
        "say what it means: 'saat vaikuttaa', 'olet mukana'",
    ),
];

/// English: a few words plain-English guides commonly list (no single source checked).
pub const ENGLISH: &[Officialese] = &[
    o("utilise|utilize|utilisa|utiliza", "'use'"),
    o("commence", "'start'"),
    o("facilitat", "'help', 'make possible'"),
    o("in order to", "'to'"),
    o("prior to", "'before'"),
    o("in accordance with", "'under', 'by'"),
];

const fn o(pattern: &'static str, plainer: &'static str) -> Officialese {
    Officialese { pattern, plainer }
}

/// The officialese entry that starts at `words[0]`, if any, and how many words it takes.
pub fn officialese_at<'t>(
    table: &'t [Officialese],
    words: &[Word<'_>],
) -> Option<(&'t Officialese, usize)> {
    let first = words.first()?.text.to_lowercase();
    table.iter().find_map(|entry| {
        let mut parts = entry.pattern.split(' ');
        if !parts.next().is_some_and(|p| word_matches(p, &first)) {
            return None;
        }
        let mut n = 1;
        for part in parts {
            let w = words.get(n)?.text.to_lowercase();
            if !word_matches(part, &w) {
                return None;
            }
            n += 1;
        }
        Some((entry, n))
    })
}

fn word_matches(part: &str, word: &str) -> bool {
    part.split('|').any(|stem| {
        if stem.chars().count() < 5 {
            word == stem
        } else {
            word.starts_with(stem)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Word<'_>> {
        text.split(' ').map(|t| Word { text: t, at: 0 }).collect()
    }

    fn passive(sentence: &str) -> Vec<&str> {
        let w = words(sentence);
        (0..w.len())
            .filter(|&i| is_finnish_passive(w[i].text, &w[..i]))
            .map(|i| w[i].text)
            .collect()
    }

    #[test]
    fn finds_finnish_passives_and_leaves_look_alikes() {
        assert_eq!(
            passive("Apua haetaan ja käytetään"),
            ["haetaan", "käytetään"]
        );
        assert_eq!(
            passive("Asiasta keskustellaan ja päätös tehdään"),
            ["keskustellaan", "tehdään"]
        );
        assert_eq!(
            passive("Tapaamisista on sovittu ja ne pidettiin"),
            ["sovittu", "pidettiin"]
        );
        assert_eq!(
            passive("Perhe menee kotiin vastaan itsestään paikallaan"),
            Vec::<&str>::new()
        );
        assert_eq!(passive("Hän tulee kotiin ja auttaa"), Vec::<&str>::new());
    }

    #[test]
    fn officialese_matches_inflected_words_and_phrases() {
        let w = words("Palvelutarpeen arvioinnin jälkeen");
        let (entry, n) = officialese_at(FINNISH, &w).unwrap();
        assert_eq!((entry.pattern, n), ("palvelutarpee arvioi", 2));
        let w = words("Suoritetaan maksu");
        assert_eq!(
            officialese_at(FINNISH, &w).map(|(e, n)| (e.pattern, n)),
            Some(("suorittaa|suoritta|suoritet", 1))
        );
        let w = words("Mikäli tarvitset");
        assert!(officialese_at(FINNISH, &w).is_some());
        let w = words("in order to apply");
        assert_eq!(officialese_at(ENGLISH, &w).map(|(_, n)| n), Some(3));
        let w = words("in the order");
        assert!(officialese_at(ENGLISH, &w).is_none());
        assert!(officialese_at(FINNISH, &words("Perhetyö auttaa")).is_none());
    }
}
