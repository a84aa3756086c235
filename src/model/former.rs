//! Former municipalities in a region's list (`municipality_list`'s mergers): a former one
//! listed by name should say, with `part_of`, which of today's municipalities it is part of;
//! a former one's code is an error that says where it went, and since when.

use super::checks::Checker;
use super::municipality_list::{self as list, Former, Today};
use super::*;

/// "part of Kuopio since 2017 (it joined Juankoski in 1971)"; with today's Swedish name
/// when the editor wrote the former one's Swedish name.
fn part_of_now(former: &Former, today: &Today, swedish: bool) -> String {
    let now = if swedish { today.now.sv } else { today.now.fi };
    let since = today
        .since
        .map(|y| format!(" since {y}"))
        .unwrap_or_default();
    let via = today.via.map_or(String::new(), |v| {
        let when = former.year.map(|y| format!(" in {y}")).unwrap_or_default();
        format!(" (it joined {}{when})", v.fi)
    });
    format!("part of {now}{since}{via}")
}

/// A name without a code that is a former municipality's: a warning unless its `part_of`
/// names the municipality it is part of now. Only a warning: the page shows what the editor
/// wrote.
pub(super) fn listed_by_name(
    written: &str,
    part_of: Option<&Localized>,
    (file, text): (&PathBuf, &str),
    ctx: &mut Checker,
) {
    let Some(former) = list::former_by_name(written) else {
        return;
    };
    let Some(today) = list::today(former) else {
        return;
    };
    let swedish = former.sv == Some(written);
    let now = if swedish { today.now.sv } else { today.now.fi };
    let (line, col, width) = ctx.locate(text, "name", written);
    let diag = match part_of {
        None => Diagnostic::warning(
            file,
            format!(
                "'{written}' is a former municipality, {}",
                part_of_now(former, &today, swedish)
            ),
        )
        .hint(format!(
            "add part_of: {now}, so readers see which municipality's services they use"
        )),
        Some(p) if p.any() != today.now.fi && p.any() != today.now.sv => Diagnostic::warning(
            file,
            format!(
                "'{written}' is {}, not of '{}'",
                part_of_now(former, &today, swedish),
                p.any()
            ),
        )
        .hint(format!("write part_of: {now}")),
        Some(_) => return,
    };
    ctx.diags.push(diag.at(text, line, col).width(width));
}

/// The hint for a former municipality's name written with a code (which it no longer has).
pub(super) fn name_hint(name: &str) -> Option<String> {
    let former = list::former_by_name(name)?;
    let today = list::today(former)?;
    let swedish = former.sv == Some(name);
    let now = if swedish { today.now.sv } else { today.now.fi };
    Some(format!(
        "'{name}' is a former municipality, {}: list it without a code and with part_of: {now}",
        part_of_now(former, &today, swedish)
    ))
}

/// The error for a former municipality's code, saying where it went: `None` when the code
/// was never a municipality's.
pub(super) fn code_error(code: &str, file: &PathBuf) -> Option<Diagnostic> {
    let former = list::former_by_code(code)?;
    let today = list::today(former)?;
    let now = today.now;
    if former.fi == now.fi {
        // Merged into a new municipality of the same name, which got a code of its own.
        let until = former
            .year
            .map(|y| format!(" until {y}"))
            .unwrap_or_default();
        return Some(
            Diagnostic::error(
                file,
                format!(
                    "'{code}' was {}'s code{until}; it is \"{}\" now",
                    now.fi, now.code
                ),
            )
            .hint(format!("write code: \"{}\"", now.code)),
        );
    }
    Some(
        Diagnostic::error(
            file,
            format!(
                "'{code}' was the code of {}, which has been {}",
                former.fi,
                part_of_now(former, &today, false)
            ),
        )
        .hint(format!(
            "list it as {{ name: {}, part_of: {} }} without a code, or list {} with code: \"{}\"",
            former.fi, now.fi, now.fi, now.code
        )),
    )
}
