//! `esite ptv import FILE…`: PTV services and channels (as `esite ptv export` writes them,
//! or as PTV's `GET /v11/Service/{id}` and `GET /v11/ServiceChannel/{id}` return them) as
//! esite content. A service becomes a folder with a Markdown file per language; channels go
//! into the region file of their organisation. `ptv_id` is kept, so importing again updates
//! what the last import wrote instead of adding it twice. Nothing is written here: the plan
//! says what each file would become, and `files` shows and writes it.

use super::channel_in::first_value;
use super::emit;
use super::files::Change;
use super::region_in::{Placed, Region, place_channel, region_for_org};
use super::schema::{self, Connection, Text};
use super::{Index, text};
use crate::diag::Diagnostic;
use crate::model::slug::slugify;
use crate::parse::raw::*;
use crate::parse::{Document, Parsed};
use indexmap::IndexMap;
use std::path::{Path, PathBuf};

pub struct Options<'a> {
    /// The site folder to import into.
    pub site: &'a Path,
    /// PTV JSON files, or folders of them (an export's folder).
    pub inputs: &'a [PathBuf],
    /// The region for channels and services that do not tell their own.
    pub region: Option<&'a str>,
}

/// Every file the import would write, and what it could not bring over.
pub struct Plan {
    pub changes: Vec<Change>,
    pub warnings: Vec<Diagnostic>,
}

/// What the input files hold.
#[derive(Default)]
pub(super) struct Inputs {
    pub services: Vec<(PathBuf, schema::Service)>,
    pub channels: Vec<(PathBuf, schema::Channel)>,
    pub connections: Vec<Connection>,
    pub index: Option<Index>,
}

fn read_inputs(paths: &[PathBuf]) -> Result<Inputs, Vec<Diagnostic>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    let mut inputs = Inputs::default();
    let mut errors = Vec::new();
    for file in files {
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) => {
                errors.push(Diagnostic::error(
                    &file,
                    format!("cannot read this file: {}", crate::load::plain_io(&e)),
                ));
                continue;
            }
        };
        let bad_json = |e: serde_json::Error| {
            Diagnostic::error(&file, format!("this is not PTV JSON: {e}"))
                .at(&text, e.line().max(1), e.column().max(1))
                .hint("give the files esite ptv export writes, or what PTV's API returns for a service or a channel")
        };
        let value: serde_json::Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                errors.push(bad_json(e));
                continue;
            }
        };
        let has = |key: &str| value.get(key).is_some();
        let result = if has("esite") {
            serde_json::from_value(value).map(|i| inputs.index = Some(i))
        } else if value.is_array() {
            serde_json::from_value::<Vec<Connection>>(value).map(|c| inputs.connections.extend(c))
        } else if has("serviceNames") {
            serde_json::from_value(value).map(|s| inputs.services.push((file.clone(), s)))
        } else if has("serviceChannelNames") || has("serviceChannelType") {
            serde_json::from_value(value).map(|c| inputs.channels.push((file.clone(), c)))
        } else {
            errors.push(
                Diagnostic::error(&file, "this is neither a PTV service nor a PTV channel")
                    .hint("a service has 'serviceNames', a channel 'serviceChannelNames'"),
            );
            continue;
        };
        if let Err(e) = result {
            errors.push(Diagnostic::error(
                &file,
                format!("this does not have PTV's shape: {e}"),
            ));
        }
    }
    match errors.is_empty() {
        true => Ok(inputs),
        false => Err(errors),
    }
}

pub fn plan(o: &Options) -> Result<Plan, Vec<Diagnostic>> {
    let (sources, mut diags) = crate::load::load(o.site);
    let (parsed, parse_diags) = crate::parse::parse(sources);
    diags.extend(parse_diags);
    if diags.iter().any(Diagnostic::is_error) || parsed.site.is_none() {
        return Err(diags);
    }
    let langs: Vec<String> = parsed
        .site
        .as_ref()
        .map(|(_, s)| s.languages.iter().map(|l| l.code.clone()).collect())
        .unwrap_or_default();
    if let Some(r) = o.region
        && let Err(e) = crate::model::slug::check(r)
    {
        return Err(vec![
            Diagnostic::error(o.site, format!("--region '{r}' is not a region id: {e}"))
                .hint("a region id is a file name in content/regions/ without .yaml"),
        ]);
    }
    let mut inputs = read_inputs(o.inputs)?;
    // The export's order, which is the region files' order, where the index gives it.
    if let Some(index) = &inputs.index {
        let rank = |c: &schema::Channel| {
            index
                .channels
                .iter()
                .position(|ic| Some(&ic.source_id) == c.source_id.as_ref())
                .unwrap_or(usize::MAX)
        };
        inputs.channels.sort_by_key(|(_, c)| rank(c));
    }
    let mut warnings = Vec::new();
    let mut regions: IndexMap<String, Region> = parsed
        .regions
        .iter()
        .map(|r| {
            let region = Region {
                raw: r.raw.clone(),
                old: Some(r.source.text.clone()),
                touched: false,
            };
            (r.id.clone(), region)
        })
        .collect();
    let mut errors = Vec::new();
    let mut placed = Vec::new();
    for (file, c) in &inputs.channels {
        match place_channel(
            file,
            c,
            &inputs,
            o.region,
            &langs,
            &mut regions,
            &mut warnings,
        ) {
            Ok(p) => placed.push(p),
            Err(d) => errors.push(d),
        }
    }
    let mut changes = Vec::new();
    for (file, s) in &inputs.services {
        match service(
            file,
            s,
            &inputs,
            &placed,
            o.region,
            &langs,
            &parsed,
            &mut regions,
        ) {
            Ok((mut c, mut w)) => {
                changes.append(&mut c);
                warnings.append(&mut w);
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let today = crate::commands::new::today();
    for (id, r) in &regions {
        if !r.touched {
            continue;
        }
        let kept: String = r
            .old
            .as_deref()
            .unwrap_or("")
            .lines()
            .take_while(|l| l.starts_with('#'))
            .filter(|l| !l.starts_with(HEADER_MARK) && !l.starts_with(HEADER_NEXT))
            .map(|l| format!("{l}\n"))
            .collect();
        let header = format!(
            "{HEADER_MARK} with esite ptv import on {today}.\n# The next import updates what it brought; comments below these lines are not kept.\n{kept}"
        );
        let new = same_unless_changed(r.old.as_deref(), emit::region(&header, &r.raw));
        changes.push(Change {
            path: PathBuf::from(format!("content/regions/{id}.yaml")),
            old: r.old.clone(),
            new,
        });
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Plan { changes, warnings })
}

const HEADER_MARK: &str = "# Imported from PTV (Suomi.fi Palvelutietovaranto)";
const HEADER_NEXT: &str = "# The next import updates what it brought";

/// The file as it is when only the import's date line would differ: importing the same data
/// again changes nothing.
fn same_unless_changed(old: Option<&str>, new: String) -> String {
    let strip = |t: &str| -> String {
        t.lines()
            .filter(|l| {
                !l.starts_with(HEADER_MARK)
                    && !l.starts_with(HEADER_NEXT)
                    && !l.starts_with(DOC_MARK)
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    match old {
        Some(old) if strip(old) == strip(&new) => old.to_string(),
        _ => new,
    }
}

fn texts_in<'a>(texts: &'a [Text], lang: &str, kind: &str) -> Option<&'a str> {
    texts
        .iter()
        .find(|t| t.language == lang && t.kind.as_deref().is_none_or(|k| k == kind))
        .map(|t| t.value.as_str())
}

fn fee(charge: Option<&str>) -> Option<Fee> {
    match charge? {
        "FreeOfCharge" | "Free" => Some(Fee::Free),
        "Chargeable" | "Charged" => Some(Fee::Charged),
        _ => None,
    }
}

const DOC_MARK: &str = "# Imported from PTV with esite ptv import";

/// One service: its folder's Markdown files, and its entries in its regions' files.
#[allow(clippy::too_many_arguments)]
fn service(
    file: &Path,
    s: &schema::Service,
    inputs: &Inputs,
    placed: &[Placed],
    flag: Option<&str>,
    langs: &[String],
    parsed: &Parsed,
    regions: &mut IndexMap<String, Region>,
) -> Result<(Vec<Change>, Vec<Diagnostic>), Diagnostic> {
    let mut warnings = Vec::new();
    let default = &langs[0];
    let by_ptv_id = parsed
        .services
        .iter()
        .find(|b| s.id.is_some() && b.documents.iter().any(|d| d.meta.ptv_id == s.id));
    let id = by_ptv_id
        .map(|b| b.id.clone())
        .or_else(|| {
            s.source_id
                .as_deref()
                .and_then(|x| x.strip_prefix("esite."))
                .map(String::from)
        })
        .or_else(|| {
            texts_in(&s.service_names, default, "Name")
                .or(first_value(&s.service_names))
                .map(slugify)
        })
        .unwrap_or_default();
    // A folder of that name is the same service, imported before or written by hand.
    // The id becomes a folder name: nothing from the input may lead out of content/services/.
    if let Err(e) = crate::model::slug::check(&id) {
        return Err(Diagnostic::error(file, format!("'{id}' cannot be a service id: {e}"))
            .hint("its sourceId or name gives the folder's name; rename the service folder by hand after importing it under another name"));
    }
    let existing = by_ptv_id.or_else(|| parsed.services.iter().find(|b| b.id == id));
    if texts_in(&s.service_names, default, "Name").is_none() {
        return Err(Diagnostic::error(file, format!("this service has no name in {default}, the site's default language"))
            .hint("esite starts a service from its default-language text; add the name in PTV, or import into a site whose first language the service has"));
    }
    // Its channels: by the connections file, else by the read service's own list.
    let connected: Vec<&Placed> = placed
        .iter()
        .filter(|p| {
            let by_source = s.source_id.is_some()
                && inputs.connections.iter().any(|c| {
                    Some(&c.service_source_id) == s.source_id.as_ref()
                        && Some(&c.service_channel_source_id) == p.source_id.as_ref()
                });
            let by_id = s.service_channels.iter().any(|l| {
                let id = match l {
                    schema::ChannelLink::Id(id) => id,
                    schema::ChannelLink::Connection { service_channel } => &service_channel.id,
                };
                p.ptv_id.as_ref() == Some(id)
            });
            by_source || by_id
        })
        .collect();
    let mut region_ids: Vec<String> = Vec::new();
    for p in &connected {
        if !region_ids.contains(&p.region) {
            region_ids.push(p.region.clone());
        }
    }
    let orgs = s
        .main_responsible_organization
        .iter()
        .chain(s.organizations.iter().map(|o| &o.organization.id));
    for org in orgs {
        if let Some(r) = region_for_org(org, regions, inputs.index.as_ref())
            && !region_ids.contains(&r)
            && regions.contains_key(&r)
        {
            region_ids.push(r);
        }
    }
    if region_ids.is_empty()
        && let Some(r) = flag
    {
        region_ids.push(r.to_string());
    }
    if region_ids.is_empty() {
        warnings.push(
            Diagnostic::warning(
                file,
                "this service names no region esite knows, so it is imported without one",
            )
            .hint("add 'regions:' to its Markdown file, or import again with --region ID"),
        );
    }
    for rid in &region_ids {
        let Some(region) = regions.get_mut(rid) else {
            continue;
        };
        let here: Vec<String> = connected
            .iter()
            .filter(|p| &p.region == rid)
            .filter_map(|p| p.id.clone())
            .collect();
        let all: Vec<String> = region
            .raw
            .channels
            .iter()
            .chain(region.raw.areas.iter().flat_map(|a| &a.channels))
            .filter_map(|c| c.id.clone())
            .collect();
        let charge = inputs
            .connections
            .iter()
            .find(|c| {
                Some(&c.service_source_id) == s.source_id.as_ref()
                    && connected.iter().any(|p| {
                        &p.region == rid
                            && p.source_id.as_ref() == Some(&c.service_channel_source_id)
                    })
            })
            .and_then(|c| c.service_charge_type.as_deref())
            .or(s.service_charge_type.as_deref());
        let entry = region
            .raw
            .services
            .entry(id.clone())
            .or_insert(RawRegionService {
                notes: None,
                channels: None,
                colophon: None,
                fee: None,
            });
        // Only the channels a postal address was made from are missing from the connections.
        let shown = all.iter().all(|a| {
            here.iter()
                .any(|h| a == h || a.starts_with(&format!("{h}-postiosoite")))
        });
        entry.channels = (!here.is_empty() && !shown).then_some(here);
        if let Some(f) = fee(charge) {
            entry.fee = Some(f);
        }
        region.touched = true;
    }
    let today = crate::commands::new::today();
    let mut changes = Vec::new();
    for (li, lang) in langs.iter().enumerate() {
        let Some(title) = texts_in(&s.service_names, lang, "Name") else {
            continue;
        };
        let old: Option<&Document> =
            existing.and_then(|b| b.documents.iter().find(|d| &d.lang == lang));
        let summary = texts_in(&s.service_descriptions, lang, "Summary").unwrap_or_default();
        if summary.is_empty() {
            warnings.push(
                Diagnostic::warning(
                    file,
                    format!("this service has no summary in {lang}; esite needs one"),
                )
                .hint("write 'summary:' in the Markdown file the import makes"),
            );
        }
        let body = texts_in(&s.service_descriptions, lang, "Description")
            .map(text::to_markdown)
            .unwrap_or_default();
        let legal: Vec<String> = s
            .legislation
            .iter()
            .filter_map(|l| {
                l.names
                    .iter()
                    .find(|n| &n.language == lang)
                    .map(|n| n.value.clone())
            })
            .collect();
        let mut fm = old.map(|d| d.meta.clone()).unwrap_or(RawFrontMatter {
            title: String::new(),
            summary: String::new(),
            slug: None,
            regions: None,
            topics: None,
            legal_basis: Vec::new(),
            updated: None,
            paper: None,
            translated_from: None,
            files: Vec::new(),
            keywords: Vec::new(),
            ptv_id: None,
        });
        fm.title = title.to_string();
        fm.summary = summary.to_string();
        fm.legal_basis = legal;
        fm.keywords = s
            .keywords
            .iter()
            .filter(|k| &k.language == lang)
            .map(|k| k.value.clone())
            .collect();
        // PTV has no URL names: a new translation gets one from its title, as editors write them.
        if li > 0 && old.is_none() && slugify(title) != id {
            fm.slug = Some(slugify(title));
        }
        if li == 0 {
            fm.regions = Some(region_ids.clone());
            fm.ptv_id = s.id.clone().or(fm.ptv_id);
        } else {
            fm.regions = None;
            fm.ptv_id = None;
        }
        let comment = format!("{DOC_MARK} on {today}; the next import updates this file.\n");
        let new = emit::document(&comment, &fm, &body);
        let path = PathBuf::from(format!("content/services/{id}/{lang}.md"));
        let old_text = old.map(|d| d.source.text.clone());
        changes.push(Change {
            new: same_unless_changed(old_text.as_deref(), new),
            path,
            old: old_text,
        });
    }
    let skipped: Vec<&str> = s
        .languages
        .iter()
        .filter(|l| !langs.contains(l))
        .map(String::as_str)
        .collect();
    if !skipped.is_empty() {
        warnings.push(Diagnostic::warning(
            file,
            format!(
                "the texts in {} are not imported: the site has no such language",
                skipped.join(", ")
            ),
        ));
    }
    Ok((changes, warnings))
}
