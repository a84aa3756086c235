//! Phone numbers: Finnish national (`044 797 4878`) or international (`+358 44 797 4878`),
//! normalised to E.164 for `tel:` links and shown as the editor grouped them.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// `+358447974878`, for `tel:` links.
    pub e164: String,
    /// What people read: the editor's grouping, or a standard one when none was given.
    pub display: String,
}

pub fn parse(text: &str) -> Result<Phone, String> {
    let trimmed = text.trim();
    let mut digits = String::new();
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => {}
            ' ' | '-' | '\u{a0}' | '(' | ')' | '/' => {}
            _ => {
                return Err(format!(
                    "'{trimmed}' has '{c}', which does not belong in a phone number"
                ));
            }
        }
    }
    let e164 = if trimmed.starts_with('+') {
        format!("+{digits}")
    } else if let Some(rest) = digits.strip_prefix("00") {
        format!("+{rest}")
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("+358{rest}")
    } else {
        return Err(format!(
            "'{trimmed}' is neither a Finnish number (starting with 0) nor an international one (starting with +)"
        ));
    };
    let significant = e164.len() - 1;
    if !(7..=15).contains(&significant) {
        return Err(format!(
            "'{trimmed}' has {} digit{}; a phone number has 7 to 15",
            digits.len(),
            if digits.len() == 1 { "" } else { "s" }
        ));
    }
    let display = if trimmed.contains([' ', '-', '\u{a0}']) {
        trimmed
            .split([' ', '-', '\u{a0}'])
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else if trimmed.starts_with('+') || trimmed.starts_with("00") {
        trimmed.to_string()
    } else {
        group_national(&digits)
    };
    Ok(Phone { e164, display })
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
    fn finnish_numbers_become_e164_and_keep_the_editors_grouping() {
        let p = parse("044-797 4878").unwrap();
        assert_eq!(p.e164, "+358447974878");
        assert_eq!(p.display, "044 797 4878");
        assert_eq!(parse("0295 016 000").unwrap().e164, "+358295016000");
    }

    #[test]
    fn ungrouped_numbers_get_the_usual_grouping() {
        assert_eq!(parse("0447401886").unwrap().display, "044 740 1886");
        assert_eq!(parse("0931012345").unwrap().display, "09 310 12345");
    }

    #[test]
    fn international_forms_are_accepted() {
        assert_eq!(parse("+358 44 797 4878").unwrap().e164, "+358447974878");
        assert_eq!(parse("00358447974878").unwrap().e164, "+358447974878");
    }

    #[test]
    fn non_numbers_are_refused_with_a_reason() {
        assert!(parse("044 797 487x").unwrap_err().contains("'x'"));
        assert!(parse("447974878").unwrap_err().contains("neither"));
        assert!(parse("0123").unwrap_err().contains("digits"));
        assert!(parse("+35812345678901234").is_err());
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
                prop_assert_eq!(&p.e164, &format!("+358{}{rest}", &prefix[1..]));
                // However it is grouped, it is the same number.
                let grouped = format!("{prefix} {} {}", &rest[..3], &rest[3..]);
                prop_assert_eq!(parse(&grouped).unwrap().e164, p.e164.clone());
                prop_assert_eq!(parse(&format!("+358 {} {rest}", &prefix[1..])).unwrap().e164, p.e164);
            }
        }
    }
}
