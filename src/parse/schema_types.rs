//! What the JSON Schemas for editors say about values that serde reads as plain strings:
//! ids, dates, times, weekdays, municipality codes, language codes and texts per language.
//! These types are never built; the raw structs name them with `#[schemars(with = ...)]`,
//! so the schemas come from the same structs that read the files.

use super::raw::Localized;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use std::borrow::Cow;

/// The weekday keys `esite` reads, in order.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A schema-only type with a fixed schema under a fixed name.
macro_rules! string_schema {
    ($ty:ident, $name:literal, $schema:expr) => {
        pub struct $ty;
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

string_schema!(
    Id,
    "Id",
    json_schema!({
        "type": "string",
        "patternErrorMessage": "Use lower-case a-z, digits and single hyphens, e.g. perhetyo.",
        "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
        "description": "An id: lower-case a-z, digits 0-9 and single hyphens between words, e.g. perhetyo."
    })
);

string_schema!(
    Date,
    "Date",
    json_schema!({
        "type": "string",
        "patternErrorMessage": "Write a date as 2026-01-31, or 2026-01 for a month.",
        "pattern": "^\\s*[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?\\s*$",
        "description": "A date as YYYY-MM-DD (2026-01-31), or YYYY-MM for a month."
    })
);

string_schema!(
    Time,
    "Time",
    json_schema!({
        "type": "string",
        "patternErrorMessage": "Write a time in quotes as \"09:00\".",
        "pattern": "^\\s*(([01]?[0-9]|2[0-3])[:.][0-5][0-9]|24[:.]00)\\s*$",
        "description": "A time of day, 24-hour, in quotes: \"09:00\" (9:00 and 9.00 are read too; 24:00 closes at midnight)."
    })
);

string_schema!(
    MunicipalityCode,
    "MunicipalityCode",
    json_schema!({
        "type": "string",
        "patternErrorMessage": "Write the three-digit code in quotes, e.g. \"297\".",
        "pattern": "^[0-9]{3}$",
        "description": "The municipality's official three-digit code from Statistics Finland's list, in quotes: \"297\". With a code, the official Finnish and Swedish names are filled in."
    })
);

string_schema!(
    Colour,
    "Colour",
    json_schema!({
        "type": "string",
        "patternErrorMessage": "Write the colour in quotes as \"#0072c6\" or \"#07c\".",
        "pattern": "^\\s*#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\\s*$",
        "description": "A colour as #rrggbb or #rgb, in quotes: \"#0072c6\" (without quotes YAML reads # as a comment)."
    })
);

/// `mon-fri`, `mon, wed, fri`, `mon-wed, fri`; day keys in any case, `-` or `–` between.
pub struct Days;

impl JsonSchema for Days {
    fn schema_name() -> Cow<'static, str> {
        "Days".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let day = format!(
            "({})",
            WEEKDAYS
                .iter()
                .map(|d| any_case(d))
                .collect::<Vec<_>>()
                .join("|")
        );
        let part = format!("{day}(\\s*[-–]\\s*{day})?");
        // The enum offers the usual values for completion; the pattern accepts every form.
        let common: Vec<String> = WEEKDAYS
            .iter()
            .map(|d| d.to_string())
            .chain(["mon-fri", "mon-sun", "sat-sun"].map(String::from))
            .collect();
        json_schema!({
            "type": "string",
            "anyOf": [
                { "enum": common },
                { "pattern": format!("^\\s*{part}(\\s*,\\s*{part})*\\s*$") }
            ],
            "patternErrorMessage": "Write weekdays as mon-fri, or mon, wed, fri: the days are mon, tue, wed, thu, fri, sat, sun.",
            "description": format!(
                "Weekdays: one day, a range or a list, e.g. mon-fri, or mon, wed, fri, or mon-wed, fri. The days: {}.",
                WEEKDAYS.join(", ")
            ),
            "examples": ["mon-fri", "mon, wed, fri", "mon-wed, fri"]
        })
    }
}

/// `mon` → `[mM][oO][nN]`: JSON Schema patterns have no flag for case.
fn any_case(word: &str) -> String {
    word.chars()
        .map(|c| format!("[{c}{}]", c.to_ascii_uppercase()))
        .collect()
}

/// A language code. `esite schema` replaces this definition with the site's own languages
/// when it runs inside a site.
pub struct Language;

impl JsonSchema for Language {
    fn schema_name() -> Cow<'static, str> {
        "Language".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        language_pattern()
    }
}

/// The language definition for a schema made without a site.
pub fn language_pattern() -> Schema {
    json_schema!({
        "type": "string",
        "pattern": "^[a-z]{2,3}$",
        "description": "A language code of the site, such as fi, sv or en."
    })
}

/// The language definition for a site with these languages.
pub fn language_enum(codes: &[String]) -> Schema {
    json_schema!({
        "type": "string",
        "enum": codes,
        "description": format!("One of the site's languages: {}.", codes.join(", "))
    })
}

impl JsonSchema for Localized {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let language = generator.subschema_for::<Language>();
        json_schema!({
            "description": "One text for every language, or a text per language: { fi: ..., en: ... }.",
            "anyOf": [
                { "type": "string" },
                { "type": "number" },
                {
                    "type": "object",
                    "propertyNames": language,
                    "additionalProperties": { "type": "string" },
                    "minProperties": 1
                }
            ]
        })
    }
}

/// A URL name per language: `{ sv: jakobstad }`.
pub struct Slugs;

impl JsonSchema for Slugs {
    fn schema_name() -> Cow<'static, str> {
        "Slugs".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let language = generator.subschema_for::<Language>();
        let id = generator.subschema_for::<Id>();
        json_schema!({
            "type": "object",
            "propertyNames": language,
            "additionalProperties": id,
            "description": "The last part of the page's web address per language, e.g. { sv: jakobstad }."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_keys_match_in_any_case() {
        assert_eq!(any_case("mon"), "[mM][oO][nN]");
    }
}
