//! A region's municipality entry checked against the official list (`municipality_list`):
//! an official code fills in the names the editor left out, and a name that does not belong
//! to its code and an unknown code are located errors; former municipalities are `former`'s.

use super::checks::Checker;
use super::former;
use super::municipality_list::{self as list, Official};
use super::*;
use indexmap::IndexMap;

/// The names an entry shows in each language, and its code when the code is official.
pub(super) fn names(
    m: &RawMunicipality,
    code: Option<&String>,
    codes: &[String],
    (file, text): (&PathBuf, &str),
    ctx: &mut Checker,
) -> (Localized, Option<String>) {
    let Some(code) = code else {
        return without_code(m, (file, text), ctx);
    };
    let Some(official) = list::by_code(code) else {
        unknown_code(m, code, (file, text), ctx);
        // The entry goes on without the code, so the rest of the file is still checked.
        return match &m.name {
            Some(name) => {
                ctx.localized(file, text, "name", name);
                (name.clone(), None)
            }
            None => (Localized::Same(code.clone()), None),
        };
    };
    let Some(given) = &m.name else {
        return (filled(None, official, codes), Some(code.clone()));
    };
    ctx.localized_keys(file, text, "name", given);
    let written: Vec<&str> = match given {
        Localized::Same(s) => vec![s.as_str()],
        Localized::PerLanguage(map) => map
            .iter()
            .filter(|(lang, _)| *lang == "fi" || *lang == "sv")
            .map(|(_, s)| s.as_str())
            .collect(),
    };
    for name in written {
        if name != official.fi && name != official.sv {
            mismatch(name, official, (file, text), ctx);
        }
    }
    (filled(Some(given), official, codes), Some(code.clone()))
}

/// The editor's names, with the official Finnish and Swedish names for the site's languages
/// the editor left out. Other languages show the default language's name, marked with its
/// language, as any text without a translation.
fn filled(given: Option<&Localized>, official: &Official, codes: &[String]) -> Localized {
    let mut map = IndexMap::new();
    for lang in codes {
        let written = match given {
            Some(Localized::PerLanguage(m)) => m.get(lang).cloned(),
            // One name for every language is the default language's name.
            Some(Localized::Same(s)) if *lang == codes[0] => Some(s.clone()),
            _ => None,
        };
        let name = written.or_else(|| match lang.as_str() {
            "fi" => Some(official.fi.to_string()),
            "sv" => Some(official.sv.to_string()),
            _ => None,
        });
        if let Some(name) = name {
            map.insert(lang.clone(), name);
        }
    }
    if map.is_empty() {
        // A site in neither Finnish nor Swedish: the Finnish name for every language.
        return Localized::Same(official.fi.to_string());
    }
    Localized::PerLanguage(map)
}

fn without_code(
    m: &RawMunicipality,
    (file, text): (&PathBuf, &str),
    ctx: &mut Checker,
) -> (Localized, Option<String>) {
    let Some(name) = &m.name else {
        let (line, col, width) = ctx.locate(text, "municipalities", "municipalities");
        ctx.diags.push(
            Diagnostic::error(file, "a municipality needs its official code or a name")
                .at(text, line, col)
                .width(width)
                .hint("write code: \"297\" (in quotes) to get the official names, or name: ..."),
        );
        return (Localized::Same(String::new()), None);
    };
    ctx.localized(file, text, "name", name);
    former::listed_by_name(name.any(), m.part_of.as_ref(), (file, text), ctx);
    (name.clone(), None)
}

fn mismatch(name: &str, official: &Official, (file, text): (&PathBuf, &str), ctx: &mut Checker) {
    let (line, col, width) = ctx.locate(text, "name", name);
    let hint = if let Some(other) = list::by_name(name) {
        format!(
            "'{name}' is the municipality {}: fix the code, or write the name {}",
            other.code, official.fi
        )
    } else if let Some(hint) = former::name_hint(name) {
        hint
    } else {
        format!(
            "write the official name exactly, or leave 'name' out to get the official names; if the name is right, the code is wrong ({})",
            nearest_hint(name)
        )
    };
    ctx.diags.push(
        Diagnostic::error(
            file,
            format!(
                "'{name}' is not the name of the municipality {}, which is {}",
                official.code,
                both(official)
            ),
        )
        .at(text, line, col)
        .width(width)
        .hint(hint),
    );
}

fn unknown_code(
    m: &RawMunicipality,
    code: &str,
    (file, text): (&PathBuf, &str),
    ctx: &mut Checker,
) {
    let (line, col, width) = ctx.locate(text, "code", code);
    let name = m.name.as_ref().map(Localized::any);
    let diag = if let Some(diag) = former::code_error(code, file) {
        diag
    } else {
        let hint = match name.and_then(list::by_name) {
            Some(o) => format!("{}'s code is \"{}\"", o.fi, o.code),
            None => match name {
                Some(n) => format!("the nearest names: {}", nearest_hint(n)),
                None => format!(
                    "the nearest codes: {}",
                    list::nearest_codes(code, 3)
                        .iter()
                        .map(|o| format!("\"{}\" {}", o.code, o.fi))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
        };
        Diagnostic::error(
            file,
            format!(
                "there is no municipality with the code '{code}' in Statistics Finland's list of {}",
                list::YEAR
            ),
        )
        .hint(hint)
    };
    ctx.diags.push(diag.at(text, line, col).width(width));
}

fn nearest_hint(name: &str) -> String {
    list::nearest(name, 3)
        .iter()
        .map(|o| format!("{} \"{}\"", both(o), o.code))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Kajaani (Kajana)", or the one name where both languages have the same.
fn both(o: &Official) -> String {
    if o.fi == o.sv {
        o.fi.to_string()
    } else {
        format!("{} ({})", o.fi, o.sv)
    }
}
