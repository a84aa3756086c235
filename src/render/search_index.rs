//! The site search's index: one small JSON file per language, beside the search page, that
//! `static/search.js` reads in the browser. Nothing is sent anywhere; the index is all there is.
//!
//! Words are folded the way the script folds what a resident types: lower case, accents and
//! dots dropped (NFD, then every combining mark removed), so "perhetyö" is stored as
//! "perhetyo" and found by "työ", "tyo" and "perhe" alike: the script matches each typed word
//! inside the stored words, which also finds the parts of Finnish and Swedish compounds.
//!
//! The file is kept small and linear in the site's size: titles and summaries are stored once
//! as text (the results show them, and the script folds their words itself); the words of
//! keywords and texts go into one table of distinct words shared by all pages, and each page
//! lists the ids of its words, sorted and stored as differences from the previous id.

use pulldown_cmark::{Event, Parser};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case without accents, as `fold()` in `search.js`.
pub(super) fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The folded words of a text: runs of letters and digits.
pub(super) fn words(s: &str) -> impl Iterator<Item = String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect::<Vec<_>>()
        .into_iter()
}

/// The words a resident reads in a Markdown body: its text and code, not its link targets,
/// markup or raw HTML, nor the `:::` lines of region passages (they name a region's id).
fn body_words(body: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let kept: String = body
        .split_inclusive('\n')
        .filter(|l| !l.trim_start().starts_with(":::"))
        .collect();
    for event in Parser::new(&kept) {
        if let Event::Text(t) | Event::Code(t) = event {
            out.extend(words(&t));
        }
    }
    out
}

/// One page the search can find.
pub(super) struct Entry<'a> {
    /// The page's address relative to the language's home page (`palvelut/perhetyo/`).
    pub url: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub keywords: &'a [String],
    /// The Markdown text.
    pub body: &'a str,
}

#[derive(Serialize)]
struct File<'a> {
    /// Format version, for scripts in a site's own theme.
    v: u32,
    /// The language's home page: the pages' addresses are relative to it.
    home: &'a str,
    words: Vec<&'a str>,
    pages: Vec<Page<'a>>,
}

#[derive(Serialize)]
struct Page<'a> {
    u: &'a str,
    t: &'a str,
    s: &'a str,
    /// The keywords' word ids, as differences.
    k: Vec<usize>,
    /// The text's word ids (less those of the title, summary and keywords), as differences.
    w: Vec<usize>,
}

/// The index of one language: `home` is the language home page's address.
pub(super) fn index(home: &str, entries: &[Entry]) -> Vec<u8> {
    // Per entry: its keywords' words, and its text's words that are not in the title,
    // summary or keywords (the script looks there first anyway).
    let sets: Vec<(BTreeSet<String>, BTreeSet<String>)> = entries
        .iter()
        .map(|e| {
            let keywords: BTreeSet<String> = e.keywords.iter().flat_map(|k| words(k)).collect();
            let shown: BTreeSet<String> = words(e.title).chain(words(e.summary)).collect();
            let text = body_words(e.body)
                .into_iter()
                .filter(|w| !shown.contains(w) && !keywords.contains(w))
                .collect();
            (keywords, text)
        })
        .collect();
    let table: BTreeSet<&str> = sets
        .iter()
        .flat_map(|(k, w)| k.iter().chain(w))
        .map(String::as_str)
        .collect();
    let ids: HashMap<&str, usize> = table.iter().enumerate().map(|(i, w)| (*w, i)).collect();
    let deltas = |set: &BTreeSet<String>| -> Vec<usize> {
        // A BTreeSet of words iterates in the table's order, so the ids ascend.
        let mut last = 0;
        set.iter()
            .map(|w| {
                let id = ids[w.as_str()];
                let d = id - last;
                last = id;
                d
            })
            .collect()
    };
    let pages = entries
        .iter()
        .zip(&sets)
        .map(|(e, (k, w))| Page {
            u: &e.url,
            t: e.title,
            s: e.summary,
            k: deltas(k),
            w: deltas(w),
        })
        .collect();
    let file = File {
        v: 1,
        home,
        words: table.into_iter().collect(),
        pages,
    };
    // Serializing plain strings and numbers into memory cannot fail.
    serde_json::to_vec(&file).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str) -> Vec<String> {
        words(s).collect()
    }

    #[test]
    fn words_fold_case_and_accents_as_residents_type_them() {
        assert_eq!(
            all("Perhetyö – ÄITIYS- ja Pikkulapsiperhetyö"),
            ["perhetyo", "aitiys", "ja", "pikkulapsiperhetyo"]
        );
        assert_eq!(
            all("Familjearbete på åländska"),
            ["familjearbete", "pa", "alandska"]
        );
        assert_eq!(
            all("Café naïve, 3-vuotias"),
            ["cafe", "naive", "3", "vuotias"]
        );
        // The law's number and section are words too: "1301" finds the Social Welfare Act.
        assert_eq!(all("(1301/2014) 18 §"), ["1301", "2014", "18"]);
    }

    #[test]
    fn body_words_are_the_text_a_reader_sees() {
        let body = "## Mitä perhetyö on?\n\n::: kainuu\nSoita [Omasoteen](https://omasote.fi/ohje).\n:::\n\n<div class=\"x\">raaka</div>\n\n`koodi`\n";
        let w = body_words(body);
        for seen in ["mita", "perhetyo", "on", "soita", "omasoteen", "koodi"] {
            assert!(w.contains(seen), "{seen} missing from {w:?}");
        }
        for hidden in ["kainuu", "https", "omasote", "div", "class", "raaka"] {
            assert!(!w.contains(hidden), "{hidden} should not be indexed: {w:?}");
        }
    }

    #[test]
    fn the_index_shares_one_word_table_and_stores_ids_as_differences() {
        let kw = ["kotiin apua".to_string(), "kotiapu".to_string()];
        let entries = [
            Entry {
                url: "palvelut/kotipalvelu/".into(),
                title: "Lapsiperheiden kotipalvelu",
                summary: "Apua kotiin.",
                keywords: &kw,
                body: "Siivous ja ruoanlaitto. Kotipalvelu auttaa.",
            },
            Entry {
                url: "palvelut/perhetyo/".into(),
                title: "Perhetyö",
                summary: "Tukea arkeen.",
                keywords: &[],
                body: "Siivous ei kuulu perhetyöhön.",
            },
        ];
        let json: serde_json::Value =
            serde_json::from_slice(&index("/fi/", &entries)).expect("the index is JSON");
        let table: Vec<&str> = json["words"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        // Sorted and distinct; the title's and summary's words are not repeated.
        assert_eq!(
            table,
            [
                "apua",
                "auttaa",
                "ei",
                "ja",
                "kotiapu",
                "kotiin",
                "kuulu",
                "perhetyohon",
                "ruoanlaitto",
                "siivous"
            ]
        );
        let ids = |page: usize, field: &str| -> Vec<&str> {
            let mut at = 0;
            json["pages"][page][field]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    at += d.as_u64().unwrap() as usize;
                    table[at]
                })
                .collect()
        };
        assert_eq!(ids(0, "k"), ["apua", "kotiapu", "kotiin"]);
        assert_eq!(ids(0, "w"), ["auttaa", "ja", "ruoanlaitto", "siivous"]);
        assert_eq!(ids(1, "w"), ["ei", "kuulu", "perhetyohon", "siivous"]);
        assert_eq!(json["home"], "/fi/");
        assert_eq!(json["pages"][1]["t"], "Perhetyö");
        assert_eq!(json["pages"][1]["u"], "palvelut/perhetyo/");
    }
}
