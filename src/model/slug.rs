//! URL names. Editors' ids and slugs must already be URL-safe; names of places are turned into
//! slugs (`Sonkajärvi` → `sonkajarvi`). Sorting follows the Finnish alphabet, A to Ö.

use std::cmp::Ordering;

/// Ids and slugs: lower-case a–z, digits and single inner hyphens.
pub fn check(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        return Err("it is empty".into());
    }
    if let Some(c) = slug
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        let hint = if "äöåÄÖÅ".contains(c) {
            " (write ä and å as a, ö as o)".to_string()
        } else if c.is_uppercase() {
            " (use lower-case letters)".to_string()
        } else {
            String::new()
        };
        return Err(format!("it has '{c}'; use only a–z, 0–9 and hyphens{hint}"));
    }
    if slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
        return Err("hyphens go between words, one at a time".into());
    }
    Ok(())
}

/// A slug from any name: `Pohjois-Savo` → `pohjois-savo`, `Sonkajärvi` → `sonkajarvi`.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'ä' | 'å' | 'á' | 'à' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'ü' | 'ú' => 'u',
            'é' | 'è' | 'ê' => 'e',
            'š' => 's',
            'ž' => 'z',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if mapped == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(mapped);
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "x".into() } else { out }
}

/// Compares names in Finnish alphabetical order: å, ä and ö come after z.
pub fn collate(a: &str, b: &str) -> Ordering {
    fn key(s: &str) -> Vec<(u32, char)> {
        s.chars()
            .flat_map(char::to_lowercase)
            .map(|c| {
                let rank = match c {
                    'å' => 'z' as u32 + 1,
                    'ä' | 'æ' => 'z' as u32 + 2,
                    'ö' | 'ø' => 'z' as u32 + 3,
                    'ü' => 'y' as u32,
                    'w' => 'v' as u32,
                    c => c as u32,
                };
                (rank, c)
            })
            .collect()
    }
    key(a).cmp(&key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_rules() {
        assert!(check("tehostettu-perhetyo").is_ok());
        assert!(
            check("perhetyö")
                .unwrap_err()
                .contains("write ä and å as a")
        );
        assert!(check("Perhetyo").unwrap_err().contains("lower-case"));
        assert!(check("perhe--tyo").is_err());
        assert!(check("-perhe").is_err());
        assert!(check("../etc").is_err());
        assert!(check("").is_err());
    }

    #[test]
    fn names_become_slugs() {
        assert_eq!(slugify("Sonkajärvi"), "sonkajarvi");
        assert_eq!(slugify("Pohjois-Savo"), "pohjois-savo");
        assert_eq!(slugify("  Kuopio (pl. Nilsiä) "), "kuopio-pl-nilsia");
        assert_eq!(slugify("Åland"), "aland");
        assert_eq!(slugify("!!"), "x");
    }

    #[test]
    fn finnish_alphabetical_order() {
        let mut names = vec!["Ähtäri", "Vieremä", "Öja", "Aura", "Åva", "Zeta"];
        names.sort_by(|a, b| collate(a, b));
        assert_eq!(names, ["Aura", "Vieremä", "Zeta", "Åva", "Ähtäri", "Öja"]);
    }
}
