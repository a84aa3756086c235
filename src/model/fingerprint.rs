//! Stale translations. A translation records which version of the default-language text it
//! was made from (`translated_from` in its front matter, filled in by `esite translated`): a
//! short hash of the title, the summary and each `##` section. When the default text changes,
//! `check` can then say which parts changed, so the editor knows what to translate again.

/// The parts of a document whose changes a translator needs to know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub title: String,
    pub summary: String,
    /// One hash per section; the first section is the text before the first `##` heading.
    pub sections: Vec<String>,
}

/// Section names for messages: the heading text, or an empty string for the opening text.
pub fn section_names(body: &str) -> Vec<String> {
    let mut names = vec![String::new()];
    for line in body.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            names.push(h.trim().to_string());
        }
    }
    names
}

pub fn of(title: &str, summary: &str, body: &str) -> Fingerprint {
    // Where each section starts: the opening text at 0, then every `## ` line.
    let mut starts = vec![0];
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        if line.starts_with("## ") {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts.push(body.len());
    let mut words = String::new();
    Fingerprint {
        title: short_into(&mut words, title),
        summary: short_into(&mut words, summary),
        sections: starts
            .windows(2)
            .map(|w| short_into(&mut words, &body[w[0]..w[1]]))
            .collect(),
    }
}

/// Whitespace-insensitive, so re-wrapping a paragraph is not a change. The buffer is reused
/// from call to call: this runs for every translated document on every preview rebuild.
fn short_into(words: &mut String, text: &str) -> String {
    words.clear();
    for w in text.split_whitespace() {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(w);
    }
    blake3::hash(words.as_bytes()).to_hex()[..8].to_string()
}

impl Fingerprint {
    /// `t=1a2b3c4d s=... b=...,...`: what goes into `translated_from`.
    pub fn encode(&self) -> String {
        format!(
            "t={} s={} b={}",
            self.title,
            self.summary,
            self.sections.join(",")
        )
    }

    pub fn decode(text: &str) -> Option<Fingerprint> {
        let mut fp = Fingerprint {
            title: String::new(),
            summary: String::new(),
            sections: Vec::new(),
        };
        for part in text.split_whitespace() {
            let (k, v) = part.split_once('=')?;
            match k {
                "t" => fp.title = v.to_string(),
                "s" => fp.summary = v.to_string(),
                "b" => fp.sections = v.split(',').map(String::from).collect(),
                _ => return None,
            }
        }
        (!fp.title.is_empty() && !fp.summary.is_empty() && !fp.sections.is_empty()).then_some(fp)
    }

    /// What changed from `old` to `self`, in words, using the current section names.
    pub fn changes_since(&self, old: &Fingerprint, names: &[String], opening: &str) -> Vec<String> {
        let mut changes = Vec::new();
        if self.title != old.title {
            changes.push("the title".to_string());
        }
        if self.summary != old.summary {
            changes.push("the summary".to_string());
        }
        for (i, hash) in self.sections.iter().enumerate() {
            if !old.sections.contains(hash) {
                let name = names.get(i).map(String::as_str).unwrap_or("");
                changes.push(if name.is_empty() {
                    opening.to_string()
                } else {
                    format!("the section '{name}'")
                });
            }
        }
        let removed = old
            .sections
            .iter()
            .filter(|h| !self.sections.contains(h))
            .count();
        let changed_or_added = self
            .sections
            .iter()
            .filter(|h| !old.sections.contains(h))
            .count();
        if removed > changed_or_added {
            changes.push(format!("{} removed section(s)", removed - changed_or_added));
        }
        changes
    }
}

/// Sets `translated_from: "..."` in a Markdown file's front matter, keeping everything else.
pub fn stamp(text: &str, value: &str) -> Option<String> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let end = rest.find("\n---")?;
    let (front, after) = rest.split_at(end);
    let line = format!("translated_from: \"{value}\"");
    let mut lines: Vec<String> = front
        .lines()
        .filter(|l| !l.starts_with("translated_from:"))
        .map(String::from)
        .collect();
    lines.push(line);
    Some(format!("---\n{}{after}", lines.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "Alku.\n\n## Mitä perhetyö on\n\nTukea.\n\n## Miten haen\n\nSoita.\n";

    #[test]
    fn unchanged_text_has_the_same_fingerprint_even_rewrapped() {
        let a = of("Perhetyö", "Tukea arkeen.", BODY);
        let b = of(
            "Perhetyö",
            "Tukea  arkeen.",
            &BODY.replace("Tukea.", "Tukea.\n"),
        );
        assert_eq!(a, b);
        assert_eq!(Fingerprint::decode(&a.encode()), Some(a));
    }

    /// The first way sections were cut (line by line): recorded fingerprints must still match.
    fn by_lines(title: &str, summary: &str, body: &str) -> Fingerprint {
        let short = |t: &str| {
            let normal: Vec<&str> = t.split_whitespace().collect();
            blake3::hash(normal.join(" ").as_bytes()).to_hex()[..8].to_string()
        };
        let mut sections = vec![String::new()];
        for line in body.lines() {
            if line.starts_with("## ") {
                sections.push(String::new());
            }
            let last = sections.last_mut().unwrap();
            last.push_str(line.trim_end());
            last.push('\n');
        }
        Fingerprint {
            title: short(title),
            summary: short(summary),
            sections: sections.iter().map(|s| short(s)).collect(),
        }
    }

    #[test]
    fn sections_are_cut_as_recorded_fingerprints_expect() {
        for body in [
            BODY,
            "",
            "## Heti otsikko\n\nTeksti.\n",
            "Alku.\r\n\r\n## Otsikko\r\nTeksti.\r\n## Toinen\r\n",
            "Ei otsikoita lainkaan.",
            "Alku\n##Ei otsikko\n ## Ei tämäkään\n## Otsikko\n## \n",
        ] {
            assert_eq!(of("T", "S", body), by_lines("T", "S", body), "{body:?}");
        }
    }

    #[test]
    fn changes_are_named_by_part() {
        let old = of("Perhetyö", "Tukea arkeen.", BODY);
        let new_body = BODY.replace("Soita.", "Soita tai kirjoita.");
        let new = of("Perhetyö", "Apua arkeen.", &new_body);
        let names = section_names(&new_body);
        assert_eq!(
            new.changes_since(&old, &names, "the opening text"),
            ["the summary", "the section 'Miten haen'"]
        );
        let new = of(
            "Perhetyö",
            "Tukea arkeen.",
            &BODY.replace("Alku.", "Uusi alku."),
        );
        assert_eq!(
            new.changes_since(&old, &section_names(BODY), "the opening text"),
            ["the opening text"]
        );
    }

    #[test]
    fn stamping_replaces_the_line_and_keeps_the_rest() {
        let text = "---\ntitle: A\ntranslated_from: \"old\"\nsummary: B\n---\nBody\n";
        assert_eq!(
            stamp(text, "t=1 s=2 b=3").unwrap(),
            "---\ntitle: A\nsummary: B\ntranslated_from: \"t=1 s=2 b=3\"\n---\nBody\n"
        );
        assert_eq!(stamp("no front matter", "x"), None);
    }
}
