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
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Lower case without accents, as `fold()` in `search.js` (NFD, combining marks dropped).
/// Character by character: the marks are dropped, so NFD's reordering of them changes
/// nothing, and most letters are ASCII, which needs no decomposing.
pub(super) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                }
            });
        }
    }
    out
}

/// The words of folded text: runs of letters and digits.
fn split(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The text a resident reads in a Markdown body, folded: its text and code, not its link
/// targets, markup or raw HTML, nor the `:::` lines of region passages (they name a region's id).
fn body_text(body: &str) -> String {
    let kept: String = body
        .split_inclusive('\n')
        .filter(|l| !l.trim_start().starts_with(":::"))
        .collect();
    let mut text = String::with_capacity(kept.len());
    for event in Parser::new(&kept) {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(&t);
            text.push(' ');
        }
    }
    fold(&text)
}

/// The distinct words of folded text, sorted: one allocation per text, not per word.
fn distinct(folded: &str) -> Vec<&str> {
    // Deduplicated by hash first: a text repeats most of its words, and only the distinct
    // ones need sorting.
    let mut seen = FxHashSet::default();
    let mut out: Vec<&str> = split(folded).filter(|w| seen.insert(*w)).collect();
    out.sort_unstable();
    out
}

/// The sorted `words` that are in neither of the sorted `a` and `b`: one walk through each.
fn without<'w>(words: Vec<&'w str>, a: &[&str], b: &[&str]) -> impl Iterator<Item = &'w str> {
    let (mut i, mut j) = (0, 0);
    words.into_iter().filter(move |w| {
        while a.get(i).is_some_and(|x| x < w) {
            i += 1;
        }
        while b.get(j).is_some_and(|x| x < w) {
            j += 1;
        }
        a.get(i) != Some(w) && b.get(j) != Some(w)
    })
}

/// The words of a Markdown body, as the index takes them.
#[cfg(test)]
fn body_words(body: &str) -> Vec<String> {
    distinct(&body_text(body))
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// An entry's distinct words, sorted, kept in one string: the folded texts they come from
/// are let go at once, so the whole site's text is never held folded.
struct WordList {
    text: String,
    ends: Vec<usize>,
}

impl WordList {
    fn new<'w>(words: impl Iterator<Item = &'w str>) -> WordList {
        let mut list = WordList {
            text: String::new(),
            ends: Vec::new(),
        };
        for w in words {
            list.text.push_str(w);
            list.ends.push(list.text.len());
        }
        list
    }

    fn words(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, b)| &self.text[a..*b])
    }
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

impl Entry<'_> {
    fn title_summary(&self) -> String {
        format!("{} {}", self.title, self.summary)
    }
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
    let sets: Vec<(WordList, WordList)> = entries
        .par_iter()
        .map(|e| {
            let (keywords, shown) = (fold(&e.keywords.join(" ")), fold(&e.title_summary()));
            let (keywords, shown) = (distinct(&keywords), distinct(&shown));
            let body = body_text(e.body);
            let text = without(distinct(&body), &shown, &keywords);
            (WordList::new(keywords.iter().copied()), WordList::new(text))
        })
        .collect();
    // The distinct words by hash first: the pages repeat most of them, so only the few
    // distinct ones are sorted, and a word's id is one lookup, not a binary search.
    let mut ids: FxHashMap<&str, usize> = FxHashMap::default();
    for (k, w) in &sets {
        for word in k.words().chain(w.words()) {
            ids.entry(word).or_default();
        }
    }
    let mut table: Vec<&str> = ids.keys().copied().collect();
    table.sort_unstable();
    for (i, w) in table.iter().enumerate() {
        ids.insert(w, i);
    }
    let deltas = |list: &WordList| -> Vec<usize> {
        // The words are sorted as the table is, so the ids ascend.
        let mut last = 0;
        list.words()
            .map(|w| {
                let id = ids.get(w).copied().unwrap_or_default();
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
        words: table,
        pages,
    };
    // Serializing plain strings and numbers into memory cannot fail.
    serde_json::to_vec(&file).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str) -> Vec<String> {
        split(&fold(s)).map(str::to_string).collect()
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
    fn folding_letter_by_letter_equals_folding_the_decomposed_text() {
        use unicode_normalization::UnicodeNormalization;
        let whole = |s: &str| -> String {
            s.nfd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .collect()
        };
        for s in [
            "Perhetyö ÅÄÖ åäö",
            "e\u{301}e\u{300}\u{323}",
            "ệ ǖ İstanbul Ǆ ß ﬁ",
            "Ωμέγα Ελλάδα",
            "",
        ] {
            assert_eq!(fold(s), whole(s), "{s}");
        }
    }

    #[test]
    fn a_texts_words_leave_out_those_already_in_the_title_or_keywords() {
        let text = distinct("apua arki kotiin perhe siivous tyo");
        let shown = distinct("perhe tyo");
        let keywords = distinct("aamu apua kotiapu");
        let left: Vec<&str> = without(text, &shown, &keywords).collect();
        assert_eq!(left, ["arki", "kotiin", "siivous"]);
        // Repeated words are one word, sorted.
        assert_eq!(
            distinct("tyo perhe tyo aamu perhe"),
            ["aamu", "perhe", "tyo"]
        );
    }

    #[test]
    fn body_words_are_the_text_a_reader_sees() {
        let body = "## Mitä perhetyö on?\n\n::: kainuu\nSoita [Omasoteen](https://omasote.fi/ohje).\n:::\n\n<div class=\"x\">raaka</div>\n\n`koodi`\n";
        let w = body_words(body);
        for seen in ["mita", "perhetyo", "on", "soita", "omasoteen", "koodi"] {
            assert!(w.iter().any(|x| x == seen), "{seen} missing from {w:?}");
        }
        for hidden in ["kainuu", "https", "omasote", "div", "class", "raaka"] {
            assert!(
                !w.iter().any(|x| x == hidden),
                "{hidden} should not be indexed: {w:?}"
            );
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
