//! A Markdown text read as prose: its headings and sentences, each word with where it
//! stands. One pass over the text, so the hints cost about as much as reading the file.
//!
//! Only what a reader reads counts: link addresses, inline code, code blocks, HTML, tables
//! and region passage markers (`::: kainuu`) are skipped; the words of a link's text stay.

/// A word and its byte offset in the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub at: usize,
}

/// A sentence, or a heading's text (headings are not sentences but reset the stretch
/// without headings, and their words can still be long or officialese).
#[derive(Debug, Default)]
pub struct Sentence<'a> {
    pub words: Vec<Word<'a>>,
    pub heading: bool,
}

impl Sentence<'_> {
    /// Byte offset of the first word (sentences are never empty).
    pub fn at(&self) -> usize {
        self.words[0].at
    }
}

/// Abbreviations whose full stop does not end a sentence (Finnish, Swedish, English),
/// lower case, without the stop.
const ABBREVIATIONS: &[&str] = &[
    "esim", "mm", "ns", "klo", "ks", "vrt", "yms", "ym", "jne", "tms", "ts", "puh", "p", "s", "n",
    "noin", "os", "ma", "ti", "ke", "to", "pe", "la", "su", "eli", "t", "v", "kk", "tk", "ao",
    "ko", "em", "ed", "huom", "kpl", "nro", "tel", "bl", "dvs", "ca", "ang", "inkl", "kl", "resp",
    "e", "g", "i", "etc", "mr", "mrs", "dr", "st", "no", "vs", "approx", "tfn",
];

/// Splits `text` (a Markdown body) into headings and sentences, in order.
pub fn scan(text: &str) -> Vec<Sentence<'_>> {
    let mut out = Scanner {
        text,
        done: Vec::new(),
        current: Sentence::default(),
    };
    let mut fence: Option<&str> = None;
    let mut in_comment = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        let indent = body.len() - trimmed.len();
        if in_comment {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        if trimmed.starts_with("<!--") && !trimmed.contains("-->") {
            // An editor's note over several lines is never published.
            in_comment = true;
            out.flush();
            continue;
        }
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            out.flush();
            continue;
        }
        if trimmed.is_empty()
            || trimmed.starts_with(":::")
            || trimmed.starts_with('<')
            || trimmed.starts_with('|')
        {
            // A blank line ends a paragraph; the rest are not prose.
            out.flush();
            continue;
        }
        let heading = trimmed.len() - trimmed.trim_start_matches('#').len();
        if heading > 0 && trimmed[heading..].starts_with(' ') {
            out.flush();
            out.current.heading = true;
            out.words(start + indent + heading, &trimmed[heading..]);
            out.flush();
            continue;
        }
        let (skip, rest) = strip_block_marker(trimmed);
        if skip > 0 {
            // A list item or quote starts a sentence of its own: list items seldom end in
            // a full stop, and a list of ten is not one sentence of sixty words.
            out.flush();
        }
        out.words(start + indent + skip, rest);
    }
    out.flush();
    out.done
}

/// A list marker (`- `, `* `, `+ `, `1. `, `1) `) or quote marker (`> `) at the start of a
/// line: how many bytes it takes, and the rest.
fn strip_block_marker(line: &str) -> (usize, &str) {
    let bytes = line.as_bytes();
    if bytes.len() >= 2 && matches!(bytes[0], b'-' | b'*' | b'+' | b'>') && bytes[1] == b' ' {
        return (2, &line[2..]);
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0
        && digits < 4
        && bytes.len() > digits + 1
        && matches!(bytes[digits], b'.' | b')')
        && bytes[digits + 1] == b' '
    {
        return (digits + 2, &line[digits + 2..]);
    }
    (0, line)
}

struct Scanner<'a> {
    text: &'a str,
    done: Vec<Sentence<'a>>,
    current: Sentence<'a>,
}

impl<'a> Scanner<'a> {
    fn flush(&mut self) {
        let sentence = std::mem::take(&mut self.current);
        if !sentence.words.is_empty() {
            self.done.push(sentence);
        }
    }

    /// Reads the words of one line's inline text, which starts at byte `base` of the text.
    fn words(&mut self, base: usize, line: &str) {
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < line.len() {
            let c = line[i..].chars().next().unwrap_or(' ');
            if is_word_char(c) && starts_address(&line[i..]) {
                i = address_end(line, i);
                continue;
            }
            if is_word_char(c) {
                let end = word_end(line, i);
                let word = &self.text[base + i..base + end];
                if is_address(word) {
                    i = end;
                    continue;
                }
                self.current.words.push(Word {
                    text: word,
                    at: base + i,
                });
                i = end;
                continue;
            }
            i += c.len_utf8();
            match c {
                '`' => i = line[i..].find('`').map_or(line.len(), |j| i + j + 1),
                // A link's address: `](...)`; an image's alt text and address: `![...](...)`.
                ']' if bytes.get(i) == Some(&b'(') => {
                    i = line[i..].find(')').map_or(line.len(), |j| i + j + 1)
                }
                '!' if bytes.get(i) == Some(&b'[') => {
                    i = line[i..].find(']').map_or(line.len(), |j| i + j + 1);
                    if bytes.get(i) == Some(&b'(') {
                        i = line[i..].find(')').map_or(line.len(), |j| i + j + 1);
                    }
                }
                // Words an editor marked as another language's (`<span lang="fi">` in an
                // English text) are not measured against this one's limits.
                '<' if line[i..].starts_with("span lang=") => {
                    i = line[i..].find("</span>").map_or(line.len(), |j| i + j + 7)
                }
                '<' => i = line[i..].find('>').map_or(line.len(), |j| i + j + 1),
                '.' | '!' | '?' | '…' if self.ends_sentence(c, &line[i..]) => self.flush(),
                _ => {}
            }
        }
    }

    /// Whether a `.`, `!`, `?` or `…` ends the sentence, given what follows it on the line.
    fn ends_sentence(&self, c: char, after: &str) -> bool {
        let next = after
            .trim_start_matches(['*', '_', ')', '"', '”', '’', '»', ' '])
            .chars()
            .next();
        // "… 12. päivä", "esim. kotona": a lower-case word or a number goes on.
        if next.is_some_and(|n| n.is_lowercase() || n.is_ascii_digit()) {
            return false;
        }
        if c != '.' {
            return true;
        }
        match self.current.words.last() {
            // "klo. 8", "esim. Kainuussa": a known abbreviation keeps the sentence going.
            Some(w) => !is_abbreviation(w.text),
            None => true,
        }
    }
}

fn is_abbreviation(word: &str) -> bool {
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Where the word starting at byte `from` of `line` ends. Inside a word, hyphens join
/// compounds (perhe-elämä, sosiaali- ja), and a stop, colon or comma between digits or letters
/// joins numbers, dates, times and addresses (1.2.2024, 8.30, 10,50, EU:n).
fn word_end(line: &str, from: usize) -> usize {
    let mut end = from;
    let mut chars = line[from..].char_indices().peekable();
    while let Some((j, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let joins = match c {
            c if c.is_alphanumeric() => true,
            '-' | '\'' | '’' | '@' | '/' => next.is_some_and(char::is_alphanumeric) || c == '-',
            '.' | ':' => next.is_some_and(char::is_alphanumeric),
            ',' => {
                next.is_some_and(|n| n.is_ascii_digit())
                    && line[..from + j].ends_with(|p: char| p.is_ascii_digit())
            }
            _ => false,
        };
        if !joins {
            break;
        }
        end = from + j + c.len_utf8();
    }
    end
}

/// Web and e-mail addresses are not words a reader has to read as language.
fn is_address(word: &str) -> bool {
    word.contains("://") || word.contains('@') || word.starts_with("www.") || word.contains('/')
}

fn starts_address(rest: &str) -> bool {
    ["http://", "https://", "www.", "mailto:"]
        .iter()
        .any(|p| rest.starts_with(p))
}

/// The end of a bare web address at byte `from`: up to the next space, less the punctuation
/// that ends the sentence around it (`… https://x.fi. Seuraava`).
fn address_end(line: &str, from: usize) -> usize {
    let end = line[from..]
        .find(char::is_whitespace)
        .map_or(line.len(), |j| from + j);
    from + line[from..end]
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')'])
        .len()
}

/// Letters in a word's longest hyphen-separated part: `perhe-elämä` reads as two short
/// words, `perheneuvolapalvelut` as one long one. Digits do not count.
pub fn part_length(word: &str) -> usize {
    word.split('-')
        .map(|p| p.chars().filter(|c| c.is_alphabetic()).count())
        .max()
        .unwrap_or(0)
}

/// Letters in the whole word (what LIX counts).
pub fn letters(word: &str) -> usize {
    word.chars().filter(|c| c.is_alphabetic()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        scan(text)
            .iter()
            .map(|s| {
                let words: Vec<&str> = s.words.iter().map(|w| w.text).collect();
                format!("{}{}", if s.heading { "# " } else { "" }, words.join(" "))
            })
            .collect()
    }

    #[test]
    fn sentences_end_at_stops_but_not_after_abbreviations_or_in_dates() {
        assert_eq!(
            texts("Soita esim. klo 8.30 tai mm. iltaisin. Aika on 1.2.2024 asti! Tule mukaan?\n"),
            [
                "Soita esim klo 8.30 tai mm iltaisin",
                "Aika on 1.2.2024 asti",
                "Tule mukaan"
            ]
        );
        // A number's stop before a lower-case word is an ordinal, not an ending.
        assert_eq!(
            texts("Haku alkaa 5. toukokuuta. Se päättyy."),
            ["Haku alkaa 5 toukokuuta", "Se päättyy"]
        );
    }

    #[test]
    fn headings_list_items_and_blank_lines_separate_sentences() {
        let text = "## Mitä perhetyö on?\n\nPerhetyö auttaa\nkotona.\n\n- teitä vanhempina\n- lasten kasvua\n\nLoppu ilman pistettä\n";
        assert_eq!(
            texts(text),
            [
                "# Mitä perhetyö on",
                "Perhetyö auttaa kotona",
                "teitä vanhempina",
                "lasten kasvua",
                "Loppu ilman pistettä"
            ]
        );
    }

    #[test]
    fn addresses_code_html_and_passage_markers_are_not_prose() {
        let text = "Lue <span lang=\"en\">the guide</span> [ohje](../ohjeet/haku/) tai https://example.fi/x ja kirjoita nimi@example.fi.\n\n```\nkoodi ei ole tekstiä.\n```\n\n::: kainuu\n\n<!-- huom\nei tekstiä.\n-->\n<div>html</div>\n\n| a | b |\n\nKäytä `koodia` ![kuva](k.png) vain.\n";
        assert_eq!(texts(text), ["Lue ohje tai ja kirjoita", "Käytä vain"]);
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "Eka rivi.\n\n## Otsikko\n\nToinen lause tässä.";
        for s in scan(text) {
            for w in &s.words {
                assert_eq!(&text[w.at..w.at + w.text.len()], w.text);
            }
        }
        assert_eq!(scan(text)[2].at(), text.find("Toinen").unwrap());
    }

    #[test]
    fn word_lengths_count_letters_in_the_longest_hyphenated_part() {
        assert_eq!(part_length("perhe-elämä"), 5);
        assert_eq!(part_length("sosiaali-"), 8);
        assert_eq!(part_length("lapsiperheiden"), 14);
        assert_eq!(part_length("1.2.2024"), 0);
        assert_eq!(letters("EU:n"), 3);
        assert_eq!(
            texts("Sosiaali- ja terveyspalvelut, EU:n tuki."),
            ["Sosiaali- ja terveyspalvelut EU:n tuki"]
        );
    }
}
