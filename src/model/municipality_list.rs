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

/// A former municipality, merged into another.
#[derive(Debug, PartialEq, Eq)]
pub struct Former {
    pub code: &'static str,
    pub fi: &'static str,
    pub sv: Option<&'static str>,
    /// The year the merger took effect, where the sources give it.
    pub year: Option<&'static str>,
    /// The code of the municipality it joined: one of today's, or a former one that was
    /// merged in turn.
    pub joined: &'static str,
}

/// Where a former municipality is today.
#[derive(Debug, PartialEq, Eq)]
pub struct Today {
    pub now: &'static Official,
    /// The year it became part of `now`: the year of the last merger on its way there.
    pub since: Option<&'static str>,
    /// The former municipality it joined, when that one was merged later in its turn.
    pub via: Option<&'static Former>,
}

struct List {
    officials: Vec<Official>,
    by_code: HashMap<&'static str, usize>,
    formers: Vec<Former>,
    former_by_code: HashMap<&'static str, usize>,
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
    let formers: Vec<Former> = rows(include_str!("../../data/former_municipalities.tsv"))
        .map(|f| Former {
            code: f[0],
            fi: f[1],
            sv: some(f[2]),
            year: some(f[3]),
            joined: f[4],
        })
        .collect();
    let former_by_code = formers
        .iter()
        .enumerate()
        .map(|(i, f)| (f.code, i))
        .collect();
    List {
        officials,
        by_code,
        formers,
        former_by_code,
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
    LIST.former_by_code.get(code).map(|&i| &LIST.formers[i])
}

/// The former municipality with this Finnish or Swedish name, written exactly. Not one whose
/// name a municipality of today bears (the Lohja of before 1997): that name is today's.
pub fn former_by_name(name: &str) -> Option<&'static Former> {
    if by_name(name).is_some() {
        return None;
    }
    LIST.formers
        .iter()
        .find(|f| f.fi == name || f.sv == Some(name))
}

/// The municipality of today that a former one is part of, following later mergers of the
/// one it joined (Muuruvesi joined Juankoski, which joined Kuopio).
pub fn today(former: &'static Former) -> Option<Today> {
    let mut last = former;
    // Each step leaves a former municipality for a later one, so a chain is shorter than
    // the list; the bound only guards against a mistake in the data.
    for _ in 0..LIST.formers.len() {
        if let Some(now) = by_code(last.joined) {
            return Some(Today {
                now,
                since: last.year,
                via: if std::ptr::eq(last, former) {
                    None
                } else {
                    former_by_code(former.joined)
                },
            });
        }
        last = former_by_code(last.joined)?;
    }
    None
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

    /// Today's name, the year and the former municipality on the way, for a former one.
    fn now(former: &'static Former) -> (&'static str, Option<&'static str>, Option<&'static str>) {
        let t = today(former).unwrap_or_else(|| panic!("{} leads nowhere", former.fi));
        (t.now.fi, t.since, t.via.map(|v| v.fi))
    }

    #[test]
    fn every_former_municipality_leads_to_one_of_today() {
        assert!(LIST.formers.len() > 250, "{}", LIST.formers.len());
        for f in &LIST.formers {
            assert!(today(f).is_some(), "{} ({}) -> {}", f.fi, f.code, f.joined);
            assert!(by_code(f.code).is_none(), "{} is still a code", f.code);
            assert_eq!(former_by_code(f.code), Some(f), "{} is listed once", f.code);
        }
    }

    #[test]
    fn former_municipalities_are_found_by_code_or_name_and_lead_to_todays() {
        let k = former_by_name("Karttula").unwrap();
        assert_eq!((k.code, now(k)), ("227", ("Kuopio", Some("2011"), None)));
        assert_eq!(
            now(former_by_name("Nilsiä").unwrap()),
            ("Kuopio", Some("2013"), None)
        );
        assert_eq!(
            now(former_by_name("Vehmersalmi").unwrap()),
            ("Kuopio", Some("2005"), None)
        );
        let m = former_by_code("476").unwrap();
        assert_eq!(
            (m.fi, m.year, now(m)),
            ("Maaninka", Some("2015"), ("Kuopio", Some("2015"), None))
        );
        assert_eq!(
            now(former_by_name("Kalvola").unwrap()),
            ("Hämeenlinna", Some("2009"), None)
        );
        // Statistics Finland dates Jurva's merger into Kurikka 2009 (Jalasjärvi's is 2016).
        assert_eq!(
            now(former_by_name("Jurva").unwrap()),
            ("Kurikka", Some("2009"), None)
        );
        assert_eq!(
            now(former_by_name("Jalasjärvi").unwrap()),
            ("Kurikka", Some("2016"), None)
        );
        assert_eq!(
            now(former_by_code("588").unwrap()),
            ("Mäntyharju", Some("2025"), None)
        );
        // Today's municipalities are no former ones.
        assert!(former_by_name("Kuopio").is_none());
        assert!(former_by_name("Vaasa").is_none() && former_by_name("Vasa").is_none());
        assert!(former_by_code("905").is_none());
    }

    #[test]
    fn a_chain_of_mergers_ends_at_todays_municipality_with_the_last_year() {
        // Muuruvesi joined Juankoski in 1971; Juankoski joined Kuopio in 2017.
        let m = former_by_name("Muuruvesi").unwrap();
        assert_eq!((m.year, m.joined), (Some("1971"), "174"));
        assert_eq!(now(m), ("Kuopio", Some("2017"), Some("Juankoski")));
        // Three steps: Jäppilä -> Pieksänmaa (2004) -> Pieksämäki (2007).
        let j = former_by_name("Jäppilä").unwrap();
        assert_eq!(now(j), ("Pieksämäki", Some("2007"), Some("Pieksänmaa")));
        // Karjaan mlk -> Karjaa (1969) -> Raasepori (2009).
        assert_eq!(
            now(former_by_code("221").unwrap()),
            ("Raasepori", Some("2009"), Some("Karjaa"))
        );
    }

    #[test]
    fn swedish_names_find_former_municipalities_too() {
        let karis = former_by_name("Karis").unwrap();
        assert_eq!((karis.fi, now(karis).0), ("Karjaa", "Raasepori"));
        assert_eq!(now(former_by_name("Vörå-Maxmo").unwrap()).0, "Vöyri");
        assert_eq!(now(former_by_name("Kjulo").unwrap()).0, "Säkylä");
        assert_eq!(former_by_name("Lillkyro").map(|f| f.fi), Some("Vähäkyrö"));
    }

    #[test]
    fn a_former_name_that_a_municipality_of_today_bears_is_todays() {
        // Lohja (427) and Parainen/Pargas (573) were merged into new municipalities of the
        // same name; the name finds today's, the old code still says where it went.
        assert!(former_by_name("Lohja").is_none());
        assert!(former_by_name("Pargas").is_none());
        assert_eq!(by_name("Pargas").map(|o| o.code), Some("445"));
        assert_eq!(now(former_by_code("427").unwrap()).0, "Lohja");
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
