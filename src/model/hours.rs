//! Service hours as data: weekday sets and times, parsed strictly and written out per language
//! the way the Helsinki Design System does (`ma–pe klo 9.00–11.00`, `Mon–Fri 9.00–11.00`).

use std::fmt;

// One list of day keys for the parser and the editors' schema.
use crate::parse::schema_types::WEEKDAYS as DAY_KEYS;

/// A set of weekdays, Monday = bit 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Days(u8);

impl Days {
    pub fn contains(self, day: usize) -> bool {
        self.0 & (1 << day) != 0
    }
    pub fn overlaps(self, other: Days) -> bool {
        self.0 & other.0 != 0
    }
    pub fn first(self) -> usize {
        self.0.trailing_zeros() as usize
    }
}

/// Parses `mon-fri`, `mon, wed, fri`, `mon-wed, fri`. The error says what was not understood.
pub fn parse_days(text: &str) -> Result<Days, String> {
    let mut set = 0u8;
    for part in text.split(',').map(str::trim) {
        if part.is_empty() {
            return Err("an empty day between commas".into());
        }
        let (from, to) = match part.split_once(['-', '–']) {
            Some((a, b)) => (day_index(a.trim())?, day_index(b.trim())?),
            None => {
                let d = day_index(part)?;
                (d, d)
            }
        };
        if to < from {
            return Err(format!(
                "'{part}' runs backwards; write the earlier day first"
            ));
        }
        for d in from..=to {
            set |= 1 << d;
        }
    }
    Ok(Days(set))
}

fn day_index(word: &str) -> Result<usize, String> {
    let lower = word.to_lowercase();
    DAY_KEYS
        .iter()
        .position(|k| *k == lower)
        .ok_or_else(|| format!("'{word}' is not a weekday; use mon, tue, wed, thu, fri, sat, sun"))
}

/// Minutes since midnight; 24:00 is allowed as a closing time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Time(u16);

impl Time {
    pub fn minutes(self) -> u16 {
        self.0
    }
}

/// Accepts `9:00`, `09:00` and the Finnish `9.00`.
pub fn parse_time(text: &str) -> Result<Time, String> {
    let bad = || format!("'{text}' is not a time; write hours and minutes as 09:00");
    let (h, m) = text.trim().split_once([':', '.']).ok_or_else(bad)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u16 = h.parse().map_err(|_| bad())?;
    let m: u16 = m.parse().map_err(|_| bad())?;
    if m > 59 || h > 24 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(Time(h * 60 + m))
}

impl fmt::Display for Time {
    /// The Finnish and HDS style: no leading zero, a full stop between: 9.00, 8.30.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 60, self.0 % 60)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    pub days: Days,
    pub open: Time,
    pub close: Time,
}

/// Problems in a week's hours, each with the index of the entry it concerns.
pub fn check(week: &[Opening]) -> Vec<(usize, String)> {
    let mut problems = Vec::new();
    for (i, o) in week.iter().enumerate() {
        if o.close <= o.open {
            problems.push((
                i,
                format!("closes at {} before it opens at {}", o.close, o.open),
            ));
        }
        for (j, p) in week.iter().enumerate().take(i) {
            if o.days.overlaps(p.days) && o.open < p.close && p.open < o.close {
                problems.push((
                    i,
                    format!("overlaps the hours on line {} of this list", j + 1),
                ));
            }
        }
    }
    problems
}

/// How one language writes hours: its weekday abbreviations and a pattern such as
/// `{days} klo {open}–{close}`. Both come from the theme's strings.
pub struct Style<'a> {
    pub days: &'a [String],
    pub pattern: &'a str,
}

/// `ma–pe`, `ma, ke, pe`, `ma–ke, pe`: runs of two or more days join with an en dash.
pub fn format_days(days: Days, names: &[String]) -> String {
    let mut parts = Vec::new();
    let mut d = 0;
    while d < 7 {
        if days.contains(d) {
            let start = d;
            while d + 1 < 7 && days.contains(d + 1) {
                d += 1;
            }
            let name = |i: usize| names.get(i).map_or(DAY_KEYS[i], String::as_str);
            if d > start {
                parts.push(format!("{}–{}", name(start), name(d)));
            } else {
                parts.push(name(start).to_string());
            }
        }
        d += 1;
    }
    parts.join(", ")
}

pub fn format(o: &Opening, style: &Style) -> String {
    style
        .pattern
        .replace("{days}", &format_days(o.days, style.days))
        .replace("{open}", &o.open.to_string())
        .replace("{close}", &o.close.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &str) -> Vec<String> {
        list.split(' ').map(String::from).collect()
    }

    fn opening(days: &str, open: &str, close: &str) -> Opening {
        Opening {
            days: parse_days(days).unwrap(),
            open: parse_time(open).unwrap(),
            close: parse_time(close).unwrap(),
        }
    }

    #[test]
    fn finnish_and_english_as_hds_writes_them() {
        let fi = names("ma ti ke to pe la su");
        let en = names("Mon Tue Wed Thu Fri Sat Sun");
        let o = opening("mon-fri", "09:00", "11:00");
        let fi_style = Style {
            days: &fi,
            pattern: "{days} klo {open}–{close}",
        };
        let en_style = Style {
            days: &en,
            pattern: "{days} {open}–{close}",
        };
        assert_eq!(format(&o, &fi_style), "ma–pe klo 9.00–11.00");
        assert_eq!(format(&o, &en_style), "Mon–Fri 9.00–11.00");
        let o = opening("mon, wed, fri", "9:00", "12:00");
        assert_eq!(format(&o, &fi_style), "ma, ke, pe klo 9.00–12.00");
        let o = opening("mon-fri", "08:30", "11.00");
        assert_eq!(format(&o, &en_style), "Mon–Fri 8.30–11.00");
    }

    #[test]
    fn day_sets_group_runs_and_singles() {
        let fi = names("ma ti ke to pe la su");
        assert_eq!(
            format_days(parse_days("mon-wed, fri").unwrap(), &fi),
            "ma–ke, pe"
        );
        assert_eq!(format_days(parse_days("tue-thu").unwrap(), &fi), "ti–to");
        assert_eq!(format_days(parse_days("sat, sun").unwrap(), &fi), "la–su");
        assert_eq!(format_days(parse_days("Mon").unwrap(), &fi), "ma");
    }

    #[test]
    fn bad_days_and_times_are_explained() {
        assert!(
            parse_days("maanantai")
                .unwrap_err()
                .contains("not a weekday")
        );
        assert!(parse_days("fri-mon").unwrap_err().contains("backwards"));
        assert!(parse_days("mon,,tue").is_err());
        for bad in ["9", "25:00", "9:60", "24:30", "klo 9", "9:5", ""] {
            assert!(parse_time(bad).is_err(), "{bad} should fail");
        }
        assert_eq!(parse_time("24:00").unwrap().minutes(), 1440);
    }

    #[test]
    fn closing_before_opening_and_overlaps_are_found() {
        let week = [
            opening("mon-fri", "09:00", "11:00"),
            opening("mon", "10:00", "12:00"),
            opening("sat", "12:00", "10:00"),
            opening("tue", "11:00", "12:00"),
        ];
        let problems = check(&week);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].0, 1);
        assert!(problems[0].1.contains("overlaps"));
        assert_eq!(problems[1].0, 2);
        assert!(problems[1].1.contains("before it opens"));
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn parsers_never_panic_on_any_text(text in "\\PC{0,40}") {
                let _ = parse_days(&text);
                let _ = parse_time(&text);
            }

            #[test]
            fn every_valid_time_reads_back_in_finnish_style(h in 0u16..24, m in 0u16..60) {
                let t = parse_time(&format!("{h:02}:{m:02}")).unwrap();
                prop_assert_eq!(t.minutes(), h * 60 + m);
                prop_assert_eq!(t.to_string(), format!("{h}.{m:02}"));
                prop_assert_eq!(parse_time(&t.to_string()).unwrap(), t);
            }

            #[test]
            fn any_day_range_covers_exactly_its_days(a in 0usize..7, b in 0usize..7) {
                let (from, to) = (a.min(b), a.max(b));
                let days = parse_days(&format!("{}-{}", DAY_KEYS[from], DAY_KEYS[to])).unwrap();
                for d in 0..7 {
                    prop_assert_eq!(days.contains(d), (from..=to).contains(&d));
                }
            }

            #[test]
            fn an_opening_that_closes_first_is_always_caught(open in 1u16..1440, len in 0u16..600) {
                let close = open.saturating_sub(len);
                let o = Opening { days: parse_days("mon").unwrap(), open: Time(open), close: Time(close) };
                prop_assert_eq!(check(&[o]).len(), 1);
            }
        }
    }
}
