//! Phone numbers: Finnish national (`044 797 4878`), international (`+358 44 797 4878`,
//! `+358 (0)9 310 12345`) and the national short service numbers (`112`, `116 117`). Each
//! becomes what a `tel:` link dials and is shown as the editor grouped it.
//!
//! Whether a number can exist is libphonenumber's knowledge (the `phonenumber` crate, with
//! Finland's numbering plan); the reading, the grouping and the messages are esite's own.

use phonenumber::country::Id;
use phonenumber::metadata::Database;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// What a `tel:` link dials: `+358447974878`, or a short number as it is (`116117`),
    /// which works only inside Finland and has no international form.
    pub dial: String,
    /// What people read: the editor's grouping, or a standard one when none was given.
    pub display: String,
}

/// Finland's and Åland's numbering plans alone (country code 358, `data/phone_358.xml`, copied
/// from the library's own metadata): the library compiles every country's patterns on first
/// use, some 50 ms of a build, and nearly every number a site lists is Finnish.
static FINNISH_PLAN: LazyLock<Option<Database>> =
    LazyLock::new(|| Database::parse(include_str!("../../data/phone_358.xml")).ok());

/// Whether a number in E.164 form exists in its country's numbering plan.
fn callable(e164: &str) -> bool {
    if e164.starts_with("+358")
        && let Some(plan) = FINNISH_PLAN.as_ref()
    {
        return phonenumber::parse_with(plan, Some(Id::FI), e164)
            .is_ok_and(|n| phonenumber::is_valid_with(plan, &n));
    }
    phonenumber::parse(Some(Id::FI), e164).is_ok_and(|n| n.is_valid())
}

pub fn parse(text: &str) -> Result<Phone, String> {
    let trimmed = text.trim();
    let digits = digits_of(trimmed)?;
    if let Some(phone) = short_number(trimmed, &digits) {
        return Ok(phone);
    }
    let international = trimmed.starts_with('+') || digits.starts_with("00");
    let e164 = if trimmed.starts_with('+') {
        format!("+{digits}")
    } else if let Some(rest) = digits.strip_prefix("00") {
        format!("+{rest}")
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("+358{rest}")
    } else {
        return Err(format!(
            "'{trimmed}' is neither a Finnish number (starting with 0), an international one (starting with +) nor a short service number such as 112 or 116 117"
        ));
    };
    // "+358 (0)9 …" and "+358 09 …": the 0 is dialled only from inside Finland.
    let e164 = match e164.strip_prefix("+3580") {
        Some(rest) => format!("+358{rest}"),
        None => e164,
    };
    let significant = e164.len() - 1;
    if !(7..=15).contains(&significant) {
        return Err(format!(
            "'{trimmed}' has {} digit{}; a phone number has 7 to 15",
            digits.len(),
            if digits.len() == 1 { "" } else { "s" }
        ));
    }
    if !callable(&e164) {
        return Err(format!(
            "'{trimmed}' is not a number that can be called: no such number exists in {}",
            if e164.starts_with("+358") {
                "Finland's numbering plan"
            } else {
                "that country's numbering plan"
            }
        ));
    }
    let display = if trimmed.contains([' ', '-', '\u{a0}']) {
        regroup(trimmed)
    } else if international {
        trimmed.to_string()
    } else {
        group_national(&digits)
    };
    Ok(Phone {
        dial: e164,
        display,
    })
}

/// The digits of a number, with the marks people group numbers by; anything else is refused.
/// A trunk 0 in parentheses after the country code ("+358 (0)9") is not dialled.
fn digits_of(trimmed: &str) -> Result<String, String> {
    let without_trunk = match trimmed.strip_prefix('+') {
        Some(rest) => rest.replacen("(0)", "", 1),
        None => trimmed.to_string(),
    };
    let mut digits = String::new();
    for c in without_trunk.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '\u{a0}' | '(' | ')' | '/' => {}
            _ => {
                return Err(format!(
                    "'{trimmed}' has '{c}', which does not belong in a phone number"
                ));
            }
        }
    }
    if trimmed.contains('+') && !trimmed.starts_with('+') {
        return Err(format!(
            "'{trimmed}' has '+' inside it; the + of an international number goes first"
        ));
    }
    Ok(digits)
}

/// The national short numbers: 112, the 116 numbers (116 117 medical advice, 116 111 the
/// children's helpline, 116 123) and other 1xx numbers of three to six digits. They are
/// dialled as they are, so their links carry no country code.
fn short_number(trimmed: &str, digits: &str) -> Option<Phone> {
    let short =
        !trimmed.starts_with('+') && digits.starts_with('1') && (3..=6).contains(&digits.len());
    short.then(|| Phone {
        dial: digits.to_string(),
        display: match digits.len() {
            6 => format!("{} {}", &digits[..3], &digits[3..]),
            _ if trimmed.contains([' ', '-', '\u{a0}']) => regroup(trimmed),
            _ => digits.to_string(),
        },
    })
}

/// The editor's grouping, with hyphens and runs of spaces as single spaces.
fn regroup(trimmed: &str) -> String {
    trimmed
        .split([' ', '-', '\u{a0}'])
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Mobile numbers (04x, 050) read as 044 740 1886; others as area code and groups of three.
fn group_national(digits: &str) -> String {
    let (head, rest) = if digits.starts_with("04") || digits.starts_with("050") {
        digits.split_at(3)
    } else if digits.starts_with("09") || digits.starts_with("02") || digits.starts_with("03") {
        digits.split_at(2)
    } else {
        digits.split_at(3.min(digits.len()))
    };
    let mut groups = vec![head.to_string()];
    let (a, b) = rest.split_at(rest.len().min(3));
    if !a.is_empty() {
        groups.push(a.to_string());
    }
    if !b.is_empty() {
        groups.push(b.to_string());
    }
    groups.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_finnish_plan_alone_judges_numbers_as_the_whole_library_does() {
        assert!(FINNISH_PLAN.is_some(), "data/phone_358.xml must load");
        let mut judged = [0, 0];
        for e164 in [
            "+358447974878",
            "+358401234567",
            "+35892858862",
            "+358285880000",
            "+35817123456",
            "+358181234567",
            "+358800123456",
            "+358600123456",
            "+358201234567",
            "+358291234567",
            "+358101234567",
            "+35830123456",
            "+358447",
            "+3584479748781234",
            "+358012345678",
            "+358999999999",
        ] {
            let whole = phonenumber::parse(Some(Id::FI), e164).is_ok_and(|n| n.is_valid());
            assert_eq!(callable(e164), whole, "{e164}");
            judged[usize::from(whole)] += 1;
        }
        // Both answers occur, so the comparison says something.
        assert!(judged[0] >= 3 && judged[1] >= 8, "{judged:?}");
    }

    #[test]
    fn finnish_numbers_become_e164_and_keep_the_editors_grouping() {
        let p = parse("044-797 4878").unwrap();
        assert_eq!(p.dial, "+358447974878");
        assert_eq!(p.display, "044 797 4878");
        assert_eq!(parse("0295 016 000").unwrap().dial, "+358295016000");
        assert_eq!(parse("09 310 12345").unwrap().dial, "+358931012345");
    }

    #[test]
    fn ungrouped_numbers_get_the_usual_grouping() {
        assert_eq!(parse("0447401886").unwrap().display, "044 740 1886");
        assert_eq!(parse("0931012345").unwrap().display, "09 310 12345");
    }

    #[test]
    fn international_forms_are_accepted() {
        assert_eq!(parse("+358 44 797 4878").unwrap().dial, "+358447974878");
        assert_eq!(parse("00358447974878").unwrap().dial, "+358447974878");
        assert_eq!(parse("+46 8 123 456 78").unwrap().dial, "+46812345678");
    }

    #[test]
    fn the_trunk_zero_is_not_dialled_from_abroad() {
        let p = parse("+358 (0)9 310 12345").unwrap();
        assert_eq!(p.dial, "+358931012345");
        assert_eq!(p.display, "+358 (0)9 310 12345");
        assert_eq!(parse("+358 09 310 12345").unwrap().dial, "+358931012345");
    }

    #[test]
    fn short_service_numbers_are_dialled_as_they_are() {
        for (written, dial, shown) in [
            ("112", "112", "112"),
            ("116 117", "116117", "116 117"),
            ("116111", "116111", "116 111"),
            ("116 123", "116123", "116 123"),
            ("118", "118", "118"),
        ] {
            let p = parse(written).unwrap();
            assert_eq!(
                (p.dial.as_str(), p.display.as_str()),
                (dial, shown),
                "{written}"
            );
        }
    }

    #[test]
    fn service_numbers_with_a_national_prefix_are_accepted() {
        // Toll-free and service numbers.
        assert_eq!(parse("0800 12345").unwrap().dial, "+35880012345");
        assert_eq!(parse("0600 123 456").unwrap().dial, "+358600123456");
        // Nationwide corporate numbers (Kela and the like).
        assert_eq!(parse("020 634 0200").unwrap().dial, "+358206340200");
    }

    #[test]
    fn numbers_that_cannot_exist_are_refused_with_a_reason() {
        assert!(parse("044 797 487x").unwrap_err().contains("'x'"));
        assert!(parse("447974878").unwrap_err().contains("neither"));
        assert!(parse("0123").unwrap_err().contains("digits"));
        assert!(parse("+35812345678901234").is_err());
        assert!(parse("044+7974878").unwrap_err().contains("'+'"));
        // Too short for a Finnish mobile number: no such number exists.
        assert!(parse("044 12").is_err());
        assert!(
            parse("040 123")
                .unwrap_err()
                .contains("Finland's numbering plan")
        );
        assert!(
            parse("+999 1234 5678")
                .unwrap_err()
                .contains("that country's numbering plan")
        );
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn parse_never_panics_on_any_text(text in "\\PC{0,30}") {
                let _ = parse(&text);
            }

            #[test]
            fn finnish_mobile_numbers_normalise_to_e164(prefix in prop::sample::select(vec!["040", "041", "044", "045", "046", "050"]), rest in "[0-9]{7}") {
                let p = parse(&format!("{prefix}{rest}")).unwrap();
                prop_assert_eq!(&p.dial, &format!("+358{}{rest}", &prefix[1..]));
                // However it is grouped, it is the same number.
                let grouped = format!("{prefix} {} {}", &rest[..3], &rest[3..]);
                prop_assert_eq!(parse(&grouped).unwrap().dial, p.dial.clone());
                prop_assert_eq!(parse(&format!("+358 {} {rest}", &prefix[1..])).unwrap().dial, p.dial.clone());
                prop_assert_eq!(parse(&format!("+358 (0){} {rest}", &prefix[1..])).unwrap().dial, p.dial);
            }
        }
    }
}
