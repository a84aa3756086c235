//! Resolving a contact channel of a region or area: phone lines and their hours, addresses,
//! web and e-mail links, validity and exceptional days.

use super::checks::Checker;
use super::*;

/// Resolves one channel; its problems are reported at their lines in the region file.
pub(super) fn channel(c: RawChannel, file: &PathBuf, text: &str, ctx: &mut Checker) -> Channel {
    required(&c, (file, text), ctx);
    let phone = c.number.as_ref().and_then(|n| ctx.phone(file, text, n));
    if let Some(a) = &c.address {
        ctx.email(file, text, a);
    }
    if let Some(u) = &c.url {
        ctx.url(file, text, u);
    }
    if let Some(pc) = &c.postal_code
        && (pc.len() != 5 || !pc.chars().all(|ch| ch.is_ascii_digit()))
    {
        let (line, col, width) = diag::locate(text, "postal_code", pc);
        ctx.diags.push(
            Diagnostic::error(file, format!("'{pc}' is not a Finnish postal code"))
                .at(text, line, col)
                .width(width)
                .hint("postal codes have five digits, in quotes: \"87100\""),
        );
    }
    let hours = hours(&c, (file, text), ctx);
    let valid_from = c
        .valid_from
        .as_ref()
        .and_then(|d| ctx.date(file, text, "valid_from", d));
    let valid_until = c
        .valid_until
        .as_ref()
        .and_then(|d| ctx.date(file, text, "valid_until", d));
    if let (Some(from), Some(until)) = (valid_from, valid_until)
        && ends_before(until, from)
    {
        let value = c.valid_until.as_deref().unwrap_or_default();
        let (line, col, width) = diag::locate(text, "valid_until", value.trim());
        ctx.diags.push(
            Diagnostic::error(
                file,
                format!(
                    "this channel is valid until {} but only from {}",
                    value.trim(),
                    c.valid_from.as_deref().unwrap_or_default().trim()
                ),
            )
            .at(text, line, col)
            .width(width)
            .hint("check the dates: 'valid_until' must not be before 'valid_from'"),
        );
    }
    let exceptions = exceptions(&c, (file, text), ctx);
    Channel {
        kind: c.kind,
        id: c.id,
        name: c.name,
        description: c.description,
        phone,
        email: c.address,
        url: c.url,
        street: c.street,
        postal_code: c.postal_code,
        city: c.city,
        lines: c.lines,
        hours,
        valid_from,
        valid_until,
        exceptions,
        ptv_id: c.ptv_id,
    }
}

/// What each kind of channel cannot do without: an e-mail channel its address, a location
/// its street address, and so on.
fn required(c: &RawChannel, (file, text): (&PathBuf, &str), ctx: &mut Checker) {
    let kind_word = c.kind.word();
    // A line whose number the source does not give still has hours worth showing; one with
    // neither is a forgotten number.
    if c.kind == ChannelKind::Phone && c.number.is_none() && c.hours.is_empty() {
        let (line, col, width) = diag::locate(text, "type", kind_word);
        ctx.diags.push(
            Diagnostic::warning(
                file,
                "this phone line has no 'number', so residents cannot call it from the page",
            )
            .at(text, line, col)
            .width(width)
            .hint("add 'number: \"044 797 4878\"' when the number is known"),
        );
    }
    let mut need = |field: &str, present: bool, example: &str| {
        if !present {
            let (line, col, width) = diag::locate(text, "type", kind_word);
            ctx.diags.push(
                Diagnostic::error(file, format!("this {kind_word} channel has no '{field}'"))
                    .at(text, line, col)
                    .width(width)
                    .hint(format!("add '{field}: {example}'")),
            );
        }
    };
    match c.kind {
        ChannelKind::Phone => {}
        ChannelKind::Email => need("address", c.address.is_some(), "name@example.fi"),
        ChannelKind::Web | ChannelKind::Eservice | ChannelKind::Form => {
            need("url", c.url.is_some(), "https://...")
        }
        ChannelKind::Location | ChannelKind::Postal => {
            need("street", c.street.is_some(), "Lönnrotinkatu 2 C");
            need("postal_code", c.postal_code.is_some(), "\"87100\"");
            need("city", c.city.is_some(), "Kajaani");
        }
    }
    if c.name.is_none() && !matches!(c.kind, ChannelKind::Phone | ChannelKind::Email) {
        need("name", false, "{ fi: ..., en: ... }");
    }
    if let Some(n) = &c.name {
        ctx.localized(file, text, "name", n);
    }
}

/// A phone line's service hours, each line checked and the lines checked together.
fn hours(c: &RawChannel, (file, text): (&PathBuf, &str), ctx: &mut Checker) -> Vec<Opening> {
    let mut hours = Vec::new();
    for h in &c.hours {
        let days = hours::parse_days(&h.days);
        let open = hours::parse_time(&h.open);
        let close = hours::parse_time(&h.close);
        match (days, open, close) {
            (Ok(days), Ok(open), Ok(close)) => hours.push(Opening { days, open, close }),
            (days, open, close) => {
                for (key, value, e) in [
                    ("days", &h.days, days.err()),
                    ("open", &h.open, open.err()),
                    ("close", &h.close, close.err()),
                ] {
                    if let Some(e) = e {
                        let (line, col, width) = diag::locate(text, key, value);
                        ctx.diags
                            .push(Diagnostic::error(file, e).at(text, line, col).width(width));
                    }
                }
            }
        }
    }
    for (i, problem) in hours::check(&hours) {
        let raw = &c.hours[i.min(c.hours.len() - 1)];
        let (line, col, width) = diag::locate(text, "days", &raw.days);
        ctx.diags.push(
            Diagnostic::error(
                file,
                format!(
                    "service hours {} {}–{} {problem}",
                    raw.days, raw.open, raw.close
                ),
            )
            .at(text, line, col)
            .width(width)
            .hint("check the opening and closing times of this line"),
        );
    }
    hours
}

/// Days with other hours than usual, or closed.
fn exceptions(c: &RawChannel, (file, text): (&PathBuf, &str), ctx: &mut Checker) -> Vec<Exception> {
    let mut exceptions = Vec::new();
    for e in &c.exceptions {
        let Some(date) = ctx.date(file, text, "date", &e.date) else {
            continue;
        };
        let hours = match (e.closed, &e.open, &e.close) {
            (true, None, None) => None,
            (false, Some(o), Some(cl)) => match (hours::parse_time(o), hours::parse_time(cl)) {
                (Ok(o), Ok(cl)) if o < cl => Some((o, cl)),
                _ => {
                    let (line, col, width) = diag::locate(text, "date", &e.date);
                    ctx.diags.push(
                        Diagnostic::error(
                            file,
                            format!("the exception on {} has times that cannot be used", e.date),
                        )
                        .at(text, line, col)
                        .width(width)
                        .hint("write open and close as 09:00, with close after open"),
                    );
                    continue;
                }
            },
            _ => {
                let (line, col, width) = diag::locate(text, "date", &e.date);
                ctx.diags.push(
                    Diagnostic::error(file, format!("the exception on {} needs either 'closed: true' or both 'open' and 'close'", e.date))
                        .at(text, line, col)
                        .width(width),
                );
                continue;
            }
        };
        exceptions.push(Exception {
            date,
            hours,
            note: e.note.clone(),
        });
    }
    exceptions
}

/// Whether a period that ends on `until` ends before it starts on `from`. A month alone
/// ("2025-06") covers the whole month.
fn ends_before(until: Date, from: Date) -> bool {
    match (until.year, until.month).cmp(&(from.year, from.month)) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Greater => false,
        std::cmp::Ordering::Equal => matches!((until.day, from.day), (Some(u), Some(f)) if u < f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: u16, month: u8, day: Option<u8>) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn a_period_may_end_the_day_it_starts_but_not_before() {
        assert!(!ends_before(d(2025, 6, Some(1)), d(2025, 6, Some(1))));
        assert!(ends_before(d(2025, 5, Some(31)), d(2025, 6, Some(1))));
        assert!(ends_before(d(2024, 12, None), d(2025, 1, None)));
        // "until June" covers all of June, so it does not end before the 10th.
        assert!(!ends_before(d(2025, 6, None), d(2025, 6, Some(10))));
        assert!(ends_before(d(2025, 6, Some(9)), d(2025, 6, Some(10))));
    }
}
