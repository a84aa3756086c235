//! `esite schema`: JSON Schemas (draft-07, the version the YAML extension for VS Code reads)
//! for site.yaml, region files and front matter, made from the raw structs that read those
//! files, so an editor's program can complete fields and underline mistakes while typing.

use crate::diag::Diagnostic;
use crate::parse::raw::{RawFrontMatter, RawRegion, RawSite};
use crate::parse::schema_types::{language_enum, language_pattern};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Where the schemas go in a site folder unless `--out` says otherwise.
pub const DEFAULT_DIR: &str = ".esite/schemas";

/// Where VS Code reads a workspace's settings, relative to the site folder.
pub const VSCODE_SETTINGS: &str = ".vscode/settings.json";

/// The schema files, each with its text. With the site's languages, texts per language accept
/// only those; without, any language code.
pub fn schemas(languages: Option<&[String]>) -> Vec<(&'static str, String)> {
    let site = root::<RawSite>(languages);
    let region = root::<RawRegion>(languages);
    let service = root::<RawFrontMatter>(languages);
    let mut site = site;
    // serde's aliases are not in the derived schema: esite reads `brand_color` too.
    if let Some(props) = site.get_mut("properties").and_then(Value::as_object_mut)
        && let Some(colour) = props.get("brand_colour").cloned()
    {
        props.insert("brand_color".into(), colour);
    }
    let mut page = service.clone();
    // Free pages read the same front matter, but 'regions' and 'topics' only draw a warning
    // there: the schema leaves them out so the editor sees it at once.
    if let Some(props) = page.get_mut("properties").and_then(Value::as_object_mut) {
        props.remove("regions");
        props.remove("topics");
    }
    page.insert(
        "title".into(),
        "esite free page front matter (vapaan sivun tiedot)"
            .to_string()
            .into(),
    );
    [
        ("site.schema.json", site),
        ("region.schema.json", region),
        ("service.schema.json", service),
        ("page.schema.json", page),
    ]
    .into_iter()
    .map(|(name, schema)| {
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        text.push('\n');
        (name, text)
    })
    .collect()
}

fn root<T: JsonSchema>(languages: Option<&[String]>) -> Schema {
    let mut schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    let language = match languages {
        Some(codes) => language_enum(codes),
        None => language_pattern(),
    };
    if let Some(defs) = schema.get_mut("definitions").and_then(Value::as_object_mut)
        && defs.contains_key("Language")
    {
        defs.insert("Language".into(), language.to_value());
    }
    let mut value = schema.to_value();
    unwrap_lines(&mut value);
    Schema::try_from(value).unwrap_or_default()
}

/// Doc comments wrap at 100 columns; an editor's hover box wraps by itself.
fn unwrap_lines(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                match child {
                    Value::String(s) if k == "description" => *s = s.replace('\n', " "),
                    _ => unwrap_lines(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(unwrap_lines),
        _ => {}
    }
}

/// The VS Code settings that give site.yaml and the region files their schemas. Front matter
/// in Markdown files is not YAML to the extension, so it gets none (see docs/editors).
pub fn vscode_settings(dir: &str) -> String {
    format!(
        "{{\n  \"yaml.schemas\": {{\n    \"./{dir}/site.schema.json\": [\"content/site.yaml\"],\n    \"./{dir}/region.schema.json\": [\"content/regions/*.yaml\"]\n  }}\n}}\n"
    )
}

/// The site's languages, from content/site.yaml when it reads cleanly.
pub fn site_languages(site: &Path) -> Option<Vec<String>> {
    let path = site.join("content/site.yaml");
    let text = std::fs::read_to_string(&path).ok()?;
    let raw = crate::parse::yaml::parse::<RawSite>(&path, &text, &text, 1).ok()?;
    Some(raw.languages.into_iter().map(|l| l.code).collect())
}

/// Writes the schemas into `dir` (made if missing) and returns the files written.
pub fn write(dir: &Path, languages: Option<&[String]>) -> Result<Vec<PathBuf>, Diagnostic> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::error(dir, format!("cannot make the folder: {e}"))
            .hint("name a folder esite may write into with --out")
    })?;
    let mut written = Vec::new();
    for (name, text) in schemas(languages) {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| {
            Diagnostic::error(&path, format!("cannot write the schema: {e}"))
                .hint("name a folder esite may write into with --out")
        })?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(name: &str, languages: Option<&[String]>) -> Value {
        let (_, text) = schemas(languages)
            .into_iter()
            .find(|(n, _)| *n == name)
            .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    /// Every object property in the schema, with its path, so none lacks a description.
    fn properties<'a>(v: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
        match v {
            Value::Object(map) => {
                if let Some(Value::Object(props)) = map.get("properties") {
                    for (k, p) in props {
                        out.push((format!("{path}.{k}"), p));
                    }
                }
                for (k, child) in map {
                    properties(child, format!("{path}/{k}"), out);
                }
            }
            Value::Array(items) => items.iter().for_each(|c| properties(c, path.clone(), out)),
            _ => {}
        }
    }

    #[test]
    fn every_field_has_a_description() {
        for (name, _) in schemas(None) {
            let schema = parsed(name, None);
            let mut props = Vec::new();
            properties(&schema, name.to_string(), &mut props);
            assert!(props.len() > 3, "{name}");
            for (path, p) in props {
                assert!(
                    p.get("description").and_then(Value::as_str).is_some(),
                    "{path} has no description: {p}"
                );
            }
        }
    }

    #[test]
    fn the_site_languages_become_the_language_enum() {
        let codes = vec!["fi".to_string(), "sv".to_string()];
        let region = parsed("region.schema.json", Some(&codes));
        assert_eq!(
            region["definitions"]["Language"]["enum"],
            serde_json::json!(["fi", "sv"])
        );
        let region = parsed("region.schema.json", None);
        assert_eq!(
            region["definitions"]["Language"]["pattern"],
            serde_json::json!("^[a-z]{2,3}$")
        );
    }

    #[test]
    fn free_pages_leave_out_what_only_services_use() {
        let page = parsed("page.schema.json", None);
        assert!(page["properties"].get("regions").is_none());
        assert!(page["properties"].get("title").is_some());
        let service = parsed("service.schema.json", None);
        assert!(service["properties"].get("regions").is_some());
        assert_eq!(service["additionalProperties"], serde_json::json!(false));
    }

    #[test]
    fn schemas_are_draft_07() {
        for (name, _) in schemas(None) {
            assert_eq!(
                parsed(name, None)["$schema"],
                serde_json::json!("http://json-schema.org/draft-07/schema#"),
                "{name}"
            );
        }
    }
}
