//! `esite ptv export` and `esite ptv import`: esite's services and region channels to and
//! from the national Service Catalogue (Suomi.fi Palvelutietovaranto, PTV), in the shapes of
//! PTV's Open API v11. `schema` holds PTV's documents, `export` and `channel_out` make them
//! from the site, `import` and `channel_in` read them back into esite's raw structs, `emit`
//! writes those as YAML and Markdown, and `files` shows what would change and writes it.

mod channel_in;
mod channel_out;
pub mod emit;
pub mod export;
pub mod files;
pub mod import;
mod region_in;
pub mod schema;
pub mod text;

use crate::diag::Diagnostic;
use crate::model::Site;
use crate::parse::raw::Localized;
use schema::Text;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The export's own file, `index.json`: which endpoint takes each file, and what PTV's write
/// payloads have no field for but an import needs to make the same site again (the regions,
/// their areas and the municipalities' names).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Index {
    /// `ptv-export 1`: what this file is.
    pub esite: String,
    pub languages: Vec<String>,
    pub services: Vec<IndexService>,
    pub channels: Vec<IndexChannel>,
    pub connections: String,
    pub regions: Vec<IndexRegion>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexService {
    pub file: String,
    pub source_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub endpoint: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexChannel {
    pub file: String,
    pub source_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub endpoint: String,
    pub region: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexRegion {
    pub id: String,
    pub name: Vec<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ptv_organization: Option<String>,
    #[serde(default)]
    pub municipalities: Vec<IndexMunicipality>,
    #[serde(default)]
    pub areas: Vec<IndexArea>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexArea {
    pub id: String,
    pub name: Vec<Text>,
    #[serde(default)]
    pub municipalities: Vec<IndexMunicipality>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexMunicipality {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub name: Vec<Text>,
}

/// A text per language as PTV's list: every language for a text written once
/// (`name: Kajaani`), the languages the map has otherwise.
pub fn localized(value: &Localized, langs: &[String], kind: Option<&str>) -> Vec<Text> {
    let text = |language: &str, value: &str| Text {
        language: language.to_string(),
        value: value.to_string(),
        kind: kind.map(String::from),
    };
    match value {
        Localized::Same(s) => langs.iter().map(|l| text(l, s)).collect(),
        Localized::PerLanguage(map) => langs
            .iter()
            .filter_map(|l| map.get(l).map(|s| text(l, s)))
            .collect(),
    }
}

/// The site resolved, as `check` sees it: the export works from the model. `None` with the
/// errors when the site does not check clean.
pub fn resolve(root: &Path) -> (Option<Site>, Vec<Diagnostic>) {
    let (sources, mut diags) = crate::load::load(root);
    let (parsed, parse_diags) = crate::parse::parse(sources);
    diags.extend(parse_diags);
    let Some((_, raw)) = &parsed.site else {
        return (None, diags);
    };
    let languages: Vec<String> = raw.languages.iter().map(|l| l.code.clone()).collect();
    let theme_name = raw.theme.clone().unwrap_or_else(|| "default".into());
    let theme = match crate::theme::load(root, &parsed.themes_dir.clone(), &theme_name, &languages)
    {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d);
            return (None, diags);
        }
    };
    let site = crate::model::resolve(parsed, &theme, &mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    (site, diags)
}
