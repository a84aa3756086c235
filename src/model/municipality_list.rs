//! The official list of Finland's municipalities and of former municipalities merged into
//! them, bundled from `data/` (sources and year in those files' headers), read once.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The year of Statistics Finland's classification in `data/municipalities.tsv`.
pub const YEAR: &str = "2026";

/// One of today's municipalities.
#[derive(Debug, PartialEq, Eq)]
pub struct Official {
    pub code: &'static str,
    pub fi: &'static str,
    pub sv: &'static str,
}

/// A former municipality, now part of one of today's.
#[derive(Debug, PartialEq, Eq)]
pub struct Former {
    pub code: Option<&'static str>,
    pub fi: &'static str,
    pub sv: Option<&'static str>,
    /// The year the merger took effect, where the source gives it.
    pub year: Option<&'static str>,
    /// The code of the municipality it is now part of.
    pub into: &'static str,
}

struct List {
    officials: Vec<Official>,
    by_code: HashMap<&'static str, usize>,
    formers: Vec<Former>,
}

static LIST: LazyLock<List> = LazyLock::new(|| {
    let officials: Vec<Official> = rows(include_str!("../../data/municipalities.tsv"))
        .map(|f| Official {
            code: f[0],
            fi: f[1],
            sv: f[2],
        })
        .collect();
    let by_code = officials
        .iter()
        .enumerate()
        .map(|(i, o)| (o.code, i))
        .collect();
    let formers = rows(include_str!("../../data/former_municipalities.tsv"))
        .map(|f| Former {
            code: some(f[0]),
            fi: f[1],
            sv: some(f[2]),
            year: some(f[3]),
            into: f[4],
        })
        .collect();
    List {
        officials,
        by_code,
        formers,
    }
});

/// The data lines of a bundled table: comments and blank lines skipped, fields split on tabs
/// and padded to five, so a short line cannot index out of bounds.
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut f: Vec<&str> = l.split('\t').map(str::trim).collect();
            f.resize(5, "");
            f
        })
}

fn some(s: &'static str) -> Option<&'static str> {
    (!s.is_empty()).then_some(s)
}

/// Every municipality of today, in code order.
pub fn all() -> &'static [Official] {
    &LIST.officials
}

/// Today's municipality with this code.
pub fn by_code(code: &str) -> Option<&'static Official> {
    LIST.by_code.get(code).map(|&i| &LIST.officials[i])
}

/// Today's municipality with this Finnish or Swedish name, written exactly.
pub fn by_name(name: &str) -> Option<&'static Official> {
    LIST.officials.iter().find(|o| o.fi == name || o.sv == name)
}

/// The former municipality that had this code.
pub fn former_by_code(code: &str) -> Option<&'static Former> {
    LIST.formers.iter().find(|f| f.code == Some(code))
}

/// The former municipality with this Finnish or Swedish name, written exactly.
pub fn former_by_name(name: &str) -> Option<&'static Former> {
    LIST.formers
        .iter()
        .find(|f| f.fi == name || f.sv == Some(name))
}

/// Up to `n` of today's municipalities whose names are closest to `name` (in either
/// language), nearest first, for a hint after an unknown code.
pub fn nearest(name: &str, n: usize) -> Vec<&'static Official> {
    let lower = name.to_lowercase();
    let mut scored: Vec<(usize, &Official)> = LIST
        .officials
        .iter()
        .map(|o| {
            let d = crate::diag::edit_distance(&lower, &o.fi.to_lowercase())
                .min(crate::diag::edit_distance(&lower, &o.sv.to_lowercase()));
            (d, o)
        })
        .collect();
    scored.sort_by_key(|(d, o)| (*d, o.code));
    scored.into_iter().take(n).map(|(_, o)| o).collect()
}

/// Up to `n` of today's codes numerically closest to `code`, for a hint when no name helps.
pub fn nearest_codes(code: &str, n: usize) -> Vec<&'static Official> {
    let Ok(wanted) = code.parse::<i64>() else {
        return Vec::new();
    };
    let mut scored: Vec<(i64, &Official)> = LIST
        .officials
        .iter()
        .filter_map(|o| Some(((o.code.parse::<i64>().ok()? - wanted).abs(), o)))
        .collect();
    scored.sort_by_key(|(d, o)| (*d, o.code));
    scored.into_iter().take(n).map(|(_, o)| o).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_every_municipality_of_its_year_once() {
        assert_eq!(all().len(), 308);
        let mut codes: Vec<&str> = all().iter().map(|o| o.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), 308, "codes are unique and in order");
        assert!(
            all()
                .iter()
                .all(|o| o.code.len() == 3 && o.code.bytes().all(|b| b.is_ascii_digit()))
        );
        assert!(all().iter().all(|o| !o.fi.is_empty() && !o.sv.is_empty()));
    }

    #[test]
    fn codes_give_the_official_names_in_both_languages() {
        for (code, fi, sv) in [
            ("091", "Helsinki", "Helsingfors"),
            ("205", "Kajaani", "Kajana"),
            ("297", "Kuopio", "Kuopio"),
            ("598", "Pietarsaari", "Jakobstad"),
            ("499", "Mustasaari", "Korsholm"),
            ("545", "Närpiö", "Närpes"),
            ("081", "Hartola", "Gustav Adolfs"),
        ] {
            let o = by_code(code).unwrap_or_else(|| panic!("{code} missing"));
            assert_eq!((o.fi, o.sv), (fi, sv));
        }
        assert_eq!(by_code("999"), None);
        assert_eq!(by_code("91"), None);
    }

    #[test]
    fn names_are_found_in_either_language_exactly() {
        assert_eq!(by_name("Jakobstad").map(|o| o.code), Some("598"));
        assert_eq!(by_name("Pietarsaari").map(|o| o.code), Some("598"));
        assert_eq!(by_name("pietarsaari"), None);
    }

    #[test]
    fn former_municipalities_lead_to_todays() {
        let k = former_by_name("Karttula").unwrap();
        assert_eq!(by_code(k.into).unwrap().fi, "Kuopio");
        let m = former_by_code("476").unwrap();
        assert_eq!((m.fi, m.year, m.into), ("Maaninka", Some("2015"), "297"));
        assert!(former_by_name("Kuopio").is_none());
        // Every merger points at a municipality of today.
        for f in &LIST.formers {
            assert!(by_code(f.into).is_some(), "{} -> {}", f.fi, f.into);
            assert!(by_name(f.fi).is_none(), "{} is still a municipality", f.fi);
        }
    }

    #[test]
    fn nearest_names_and_codes_help_after_a_mistake() {
        assert_eq!(nearest("Kajani", 1)[0].code, "205");
        assert_eq!(nearest("jakobstadt", 1)[0].code, "598");
        let near: Vec<&str> = nearest_codes("206", 2).iter().map(|o| o.code).collect();
        assert_eq!(near, ["205", "204"]);
        assert!(nearest_codes("abc", 3).is_empty());
    }
}
