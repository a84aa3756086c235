//! `esite check --hints`: plain-language hints (selkokieli) on each text. Long sentences,
//! long words, officialese, a high share of passives, long stretches without a heading,
//! and a readability figure per page. They are hints, never errors or warnings: a text can
//! have good reasons for a long word, and only a person can judge.
//!
//! The limits and where each comes from: docs/editors/plain-language.md.

mod scan;
mod words;

use crate::diag::{Diagnostic, LineIndex};
use crate::model::{Site, Translated};
use scan::{Sentence, Word};
use std::collections::HashMap;
use std::path::Path;

/// What a language's texts are measured against.
struct Limits {
    /// Words in a sentence.
    sentence: usize,
    /// Letters in one part of a word (hyphens split parts).
    word: usize,
    /// Words in a row without a heading.
    stretch: usize,
    officialese: &'static [words::Officialese],
    /// Finnish only: the passive is the officialese habit guidance names.
    passive: bool,
}

/// Kotus's test for clear official Finnish counts 15–25 words as a long sentence; longer
/// ones are where readers lose the thread.
const SENTENCE_WORDS: usize = 25;
/// More than this share of sentences with a passive (a third).
const PASSIVE_SHARE: (usize, usize) = (1, 3);
/// Too few sentences say nothing about a habit.
const PASSIVE_MIN_SENTENCES: usize = 6;

fn limits(lang: &str) -> Option<Limits> {
    let base = |word, officialese| Limits {
        sentence: SENTENCE_WORDS,
        word,
        stretch: 200,
        officialese,
        passive: false,
    };
    match lang {
        "fi" => Some(Limits {
            passive: true,
            ..base(20, words::FINNISH)
        }),
        // Swedish builds compounds as Finnish does.
        "sv" => Some(base(20, &[])),
        "en" => Some(base(15, words::ENGLISH)),
        _ => None,
    }
}

/// Every hint for every text of the site.
pub fn hints(site: &Site, memo: Option<&crate::render::memo::Memo>) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let items: Vec<&(dyn Translated + Sync)> = site
        .services
        .iter()
        .map(|s| s as &(dyn Translated + Sync))
        .chain(site.pages.iter().map(|p| p as &(dyn Translated + Sync)))
        .collect();
    items
        .par_iter()
        .flat_map_iter(|item| {
            item.translations()
                .iter()
                .zip(&site.languages)
                .filter_map(|(t, lang)| Some((t.as_ref()?, lang.code.as_str())))
                .flat_map(|(t, lang)| {
                    let make = || analyse(&t.source.path, &t.source.text, t.body_start, lang);
                    // The preview remembers each text's hints until the text changes, so a
                    // save analyses one file, not the site.
                    match memo {
                        Some(memo) => {
                            let inputs = crate::render::memo::Inputs::new("hints")
                                .with(t.source.path.as_os_str().as_encoded_bytes())
                                .with(lang.as_bytes())
                                .with(&t.body_start.to_le_bytes())
                                .with(t.source.text.as_bytes());
                            memo.markdown(inputs, || (String::new(), make())).1.clone()
                        }
                        None => make(),
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The hints for one Markdown file whose body (after the front matter) starts at byte
/// `body_start` of `text`, in language `lang`.
pub fn analyse(file: &Path, text: &str, body_start: usize, lang: &str) -> Vec<Diagnostic> {
    let Some(limits) = limits(lang) else {
        return Vec::new();
    };
    let body = &text[body_start.min(text.len())..];
    let sentences = scan::scan(body);
    let mut at = Place {
        file,
        text,
        base: body_start,
        index: LineIndex::new(text),
        out: Vec::new(),
    };
    long_sentences(&mut at, &sentences, &limits);
    long_words(&mut at, &sentences, &limits);
    officialese(&mut at, &sentences, &limits);
    if limits.passive {
        passives(&mut at, &sentences);
    }
    stretches(&mut at, &sentences, &limits);
    if let Some(d) = readability(file, lang, &sentences) {
        at.out.push(d);
    }
    at.out
}

/// Where hints go: offsets in the body become lines and columns of the file.
struct Place<'a> {
    file: &'a Path,
    text: &'a str,
    base: usize,
    index: LineIndex,
    out: Vec<Diagnostic>,
}

impl Place<'_> {
    /// A hint from body offset `from` to `to` (underlined up to the end of its line).
    /// Sentences and stretches underline their first word only: a caret line as long as a
    /// paragraph hides the text it points at.
    fn hint(&mut self, from: usize, to: usize, message: String, hint: String) {
        let start = self.base + from;
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let width = self.text[start..(self.base + to).min(line_end)]
            .chars()
            .count();
        let d = Diagnostic::plain_language(self.file, message)
            .at_index(&self.index, self.text, start)
            .width(width)
            .hint(hint);
        self.out.push(d);
    }
}

fn prose<'a, 's>(sentences: &'s [Sentence<'a>]) -> impl Iterator<Item = &'s Sentence<'a>> {
    sentences.iter().filter(|s| !s.heading)
}

fn long_sentences(at: &mut Place<'_>, sentences: &[Sentence<'_>], limits: &Limits) {
    for s in prose(sentences).filter(|s| s.words.len() > limits.sentence) {
        at.hint(
            s.at(),
            s.at() + s.words[0].text.len(),
            format!(
                "a sentence of {} words (plain language: at most {})",
                s.words.len(),
                limits.sentence
            ),
            "split it: one thing in each sentence; short and long sentences together read best"
                .into(),
        );
    }
}

/// Each long word once per text, at its first use, with how often it recurs.
fn long_words(at: &mut Place<'_>, sentences: &[Sentence<'_>], limits: &Limits) {
    let mut seen: HashMap<String, (Word<'_>, usize)> = HashMap::new();
    let mut order = Vec::new();
    for w in sentences.iter().flat_map(|s| &s.words) {
        if scan::part_length(w.text) <= limits.word {
            continue;
        }
        let key = w.text.to_lowercase();
        match seen.get_mut(&key) {
            Some((_, n)) => *n += 1,
            None => {
                order.push(key.clone());
                seen.insert(key, (*w, 1));
            }
        }
    }
    for key in order {
        let (w, n) = seen[&key];
        let again = match n {
            1 => String::new(),
            2 => " (and once more)".into(),
            n => format!(" (and {} more times)", n - 1),
        };
        at.hint(
            w.at,
            w.at + w.text.len(),
            format!(
                "a long word: '{}', {} letters{again}",
                w.text,
                scan::part_length(w.text)
            ),
            format!(
                "say it in two or three words (e.g. 'perheneuvolan palvelut' for \
                 'perheneuvolapalvelut'); words up to {} letters read easily",
                limits.word
            ),
        );
    }
}

fn officialese(at: &mut Place<'_>, sentences: &[Sentence<'_>], limits: &Limits) {
    for s in sentences {
        let mut i = 0;
        while i < s.words.len() {
            match words::officialese_at(limits.officialese, &s.words[i..]) {
                Some((entry, n)) => {
                    let last = s.words[i + n - 1];
                    let phrase: Vec<&str> = s.words[i..i + n].iter().map(|w| w.text).collect();
                    at.hint(
                        s.words[i].at,
                        last.at + last.text.len(),
                        format!("officialese: '{}'", phrase.join(" ")),
                        format!("plainer: {}", entry.plainer),
                    );
                    i += n;
                }
                None => i += 1,
            }
        }
    }
}

/// One hint per text when more than a third of its sentences use a passive, at the first.
fn passives(at: &mut Place<'_>, sentences: &[Sentence<'_>]) {
    let mut total = 0;
    let mut found: Vec<Word<'_>> = Vec::new();
    for s in prose(sentences) {
        total += 1;
        let first =
            (0..s.words.len()).find(|&i| words::is_finnish_passive(s.words[i].text, &s.words[..i]));
        if let Some(i) = first {
            found.push(s.words[i]);
        }
    }
    let (num, den) = PASSIVE_SHARE;
    if total < PASSIVE_MIN_SENTENCES || found.len() * den <= total * num {
        return;
    }
    let examples: Vec<String> = found
        .iter()
        .take(4)
        .map(|w| {
            format!(
                "'{}' (line {})",
                w.text,
                at.index.line_col(at.text, at.base + w.at).0
            )
        })
        .collect();
    let first = found[0];
    at.hint(
        first.at,
        first.at + first.text.len(),
        format!(
            "{} of {} sentences use the passive ({}%; plain language: at most a third)",
            found.len(),
            total,
            found.len() * 100 / total
        ),
        format!(
            "say who does what: 'Perhetyöntekijä sopii tapaamisista kanssanne' rather than \
             'Tapaamisista sovitaan'; passives here: {}",
            examples.join(", ")
        ),
    );
}

/// A hint where a stretch of text passes the limit of words without a heading.
fn stretches(at: &mut Place<'_>, sentences: &[Sentence<'_>], limits: &Limits) {
    let mut words = 0;
    let mut told = false;
    for s in sentences {
        if s.heading {
            words = 0;
            told = false;
            continue;
        }
        words += s.words.len();
        if words > limits.stretch && !told {
            told = true;
            at.hint(
                s.at(),
                s.at() + s.words[0].text.len(),
                format!("more than {} words without a heading", limits.stretch),
                "add a subheading that names what follows, e.g. as the reader's question \
                 ('Miten haen?'); readers scan headings to find their part"
                    .into(),
            );
        }
    }
}

/// LIX (Björnsson's läsbarhetsindex): words per sentence plus the percentage of words of
/// more than six letters. It counts letters, not syllables, so it works on Finnish without a
/// syllable counter; see docs/editors/plain-language.md for why this one and how to read it.
pub fn lix(sentences: usize, words: usize, long: usize) -> f64 {
    if sentences == 0 || words == 0 {
        return 0.0;
    }
    words as f64 / sentences as f64 + 100.0 * long as f64 / words as f64
}

fn readability(file: &Path, lang: &str, sentences: &[Sentence<'_>]) -> Option<Diagnostic> {
    let counted: Vec<&Sentence<'_>> = prose(sentences).collect();
    let words: usize = counted.iter().map(|s| s.words.len()).sum();
    if words == 0 {
        return None;
    }
    let long = counted
        .iter()
        .flat_map(|s| &s.words)
        .filter(|w| scan::letters(w.text) > 6)
        .count();
    let value = lix(counted.len(), words, long);
    let reading = match lang {
        "sv" => format!("{}; ", lix_band(value)),
        _ => String::new(),
    };
    Some(
        Diagnostic::plain_language(
            file,
            format!(
                "readability: LIX {value:.0} ({:.1} words a sentence, {}% long words)",
                words as f64 / counted.len() as f64,
                long * 100 / words
            ),
        )
        .hint(format!(
            "{reading}lower is easier; compare your pages with each other, and see \
             docs/editors/plain-language.md for how to read the figure"
        )),
    )
}

/// The usual Swedish reading of LIX values.
fn lix_band(value: f64) -> &'static str {
    match value {
        v if v < 30.0 => "very easy",
        v if v < 40.0 => "easy",
        v if v < 50.0 => "medium",
        v if v < 60.0 => "difficult",
        _ => "very difficult",
    }
}

#[cfg(test)]
mod tests;
