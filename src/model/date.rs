//! Dates as editors write them (`2023-01-01`, or `2023-01` for "updated 1/2023"), shown per
//! language with the theme's patterns and month names.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: Option<u8>,
}

pub fn parse(text: &str) -> Result<Date, String> {
    let bad = || format!("'{text}' is not a date; write it as 2023-01-31, or 2023-01 for a month");
    let parts: Vec<&str> = text.trim().split('-').collect();
    if !(2..=3).contains(&parts.len()) || parts[0].len() != 4 || parts[1].len() != 2 {
        return Err(bad());
    }
    let year: u16 = parts[0].parse().map_err(|_| bad())?;
    let month: u8 = parts[1].parse().map_err(|_| bad())?;
    if !(1..=12).contains(&month) {
        return Err(bad());
    }
    let day = match parts.get(2) {
        Some(d) if d.len() == 2 => {
            let d: u8 = d.parse().map_err(|_| bad())?;
            if d == 0 || d > days_in_month(year, month) {
                return Err(format!("'{text}' is not a day of the calendar"));
            }
            Some(d)
        }
        Some(_) => return Err(bad()),
        None => None,
    };
    Ok(Date { year, month, day })
}

pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// ISO form for `<time datetime>` and the sitemap.
    pub fn iso(&self) -> String {
        match self.day {
            Some(d) => format!("{:04}-{:02}-{:02}", self.year, self.month, d),
            None => format!("{:04}-{:02}", self.year, self.month),
        }
    }

    /// `{d}.{m}.{y}` / `{d} {month} {y}` for full dates, `{m}/{y}` / `{month} {y}` for months.
    pub fn format(&self, full: &str, month_only: &str, months: &[String]) -> String {
        let month_name = months
            .get(usize::from(self.month) - 1)
            .map_or("", String::as_str);
        let pattern = if self.day.is_some() { full } else { month_only };
        pattern
            .replace("{d}", &self.day.unwrap_or(1).to_string())
            .replace("{m}", &self.month.to_string())
            .replace("{y}", &self.year.to_string())
            .replace("{month}", month_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_months_parse_and_show_per_language() {
        let months: Vec<String> = ["January", "February"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let d = parse("2023-01").unwrap();
        assert_eq!(d.format("{d}.{m}.{y}", "{m}/{y}", &months), "1/2023");
        assert_eq!(
            d.format("{d} {month} {y}", "{month} {y}", &months),
            "January 2023"
        );
        let d = parse("2026-02-05").unwrap();
        assert_eq!(d.format("{d}.{m}.{y}", "{m}/{y}", &months), "5.2.2026");
        assert_eq!(d.iso(), "2026-02-05");
    }

    #[test]
    fn impossible_dates_are_refused() {
        for bad in [
            "2023-13",
            "2023-02-30",
            "1/2023",
            "2023-1-1",
            "tomorrow",
            "2024-02-30",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse("2024-02-29").is_ok());
    }
}
