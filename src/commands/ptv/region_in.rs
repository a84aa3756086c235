//! Where an imported channel goes: the region (and area) its `sourceId`, its organisation
//! or `--region` names, in place of the channel with the same `ptv_id` or id. A region the
//! site does not have yet is made from the export's index, or named after its organisation.

use super::channel_in::{self, first_value};
use super::import::Inputs;
use super::schema::{self, ChannelType, Text};
use super::{Index, IndexMunicipality, IndexRegion};
use crate::diag::Diagnostic;
use crate::model::slug::slugify;
use crate::parse::raw::*;
use indexmap::IndexMap;
use std::path::Path;

/// The site's region files as the import changes them.
pub(super) struct Region {
    pub raw: RawRegion,
    pub old: Option<String>,
    pub touched: bool,
}

/// Where an imported channel landed: region, and its esite id there.
pub(super) struct Placed {
    pub region: String,
    pub id: Option<String>,
    pub ptv_id: Option<String>,
    pub source_id: Option<String>,
}

/// `esite.kainuu.kainuu-sosiaaliohjaaja` → (region, area, channel id); `_3` is a channel
/// without an id.
fn parse_source(source: &str) -> Option<(String, Option<String>, Option<String>)> {
    let parts: Vec<&str> = source.strip_prefix("esite.")?.split('.').collect();
    let id = |s: &str| (!s.starts_with('_')).then(|| s.to_string());
    match parts.as_slice() {
        [region, channel] => Some((region.to_string(), None, id(channel))),
        [region, area, channel] => Some((region.to_string(), Some(area.to_string()), id(channel))),
        _ => None,
    }
}

pub(super) fn region_for_org<'a>(
    org: &str,
    regions: &'a IndexMap<String, Region>,
    index: Option<&'a Index>,
) -> Option<String> {
    regions
        .iter()
        .find(|(_, r)| r.raw.ptv_organization.as_deref() == Some(org))
        .map(|(id, _)| id.clone())
        .or_else(|| {
            index?
                .regions
                .iter()
                .find(|r| r.ptv_organization.as_deref() == Some(org))
                .map(|r| r.id.clone())
        })
}

fn municipality(m: &IndexMunicipality, langs: &[String]) -> Option<RawMunicipality> {
    // A place name given in one language is the same in all (`name: Kuopio`).
    let name = match channel_in_name(&m.name, langs)? {
        Localized::PerLanguage(map) if map.len() == 1 => {
            Localized::Same(map.values().next().cloned().unwrap_or_default())
        }
        other => other,
    };
    Some(RawMunicipality {
        name: Some(name),
        code: m.code.clone(),
        note: None,
        part_of: None,
        slug: None,
    })
}

fn channel_in_name(texts: &[Text], langs: &[String]) -> Option<Localized> {
    super::channel_out::unlocalized(texts, None, langs)
}

/// A region file that does not exist yet: from the export's index when it knows the region,
/// else named after its id, with the municipalities the channel's areas name.
fn new_region(id: &str, c: &schema::Channel, inputs: &Inputs, langs: &[String]) -> RawRegion {
    let (index, services) = (inputs.index.as_ref(), &inputs.services);
    let known: Option<&IndexRegion> = index.and_then(|i| i.regions.iter().find(|r| r.id == id));
    let municipalities: Vec<RawMunicipality> = match known {
        Some(r) => r
            .municipalities
            .iter()
            .filter_map(|m| municipality(m, langs))
            .collect(),
        None => c
            .areas
            .iter()
            .flat_map(|a| &a.municipalities)
            .filter_map(|m| {
                municipality(
                    &IndexMunicipality {
                        code: Some(m.code.clone()),
                        name: m.name.clone(),
                    },
                    langs,
                )
            })
            .collect(),
    };
    // A read service names its organisations; the channel's is the region's.
    let organisation = || {
        let org = c.organization_id.as_ref()?;
        services
            .iter()
            .flat_map(|(_, s)| &s.organizations)
            .find(|o| &o.organization.id == org)
            .and_then(|o| o.organization.name.clone())
            .map(Localized::Same)
    };
    RawRegion {
        name: known
            .and_then(|r| channel_in_name(&r.name, langs))
            .or_else(organisation)
            .unwrap_or_else(|| Localized::Same(id.to_string())),
        short_name: None,
        slug: None,
        website: None,
        description: None,
        ptv_organization: known
            .and_then(|r| r.ptv_organization.clone())
            .or_else(|| c.organization_id.clone()),
        channels: Vec::new(),
        areas: known
            .map(|r| {
                r.areas
                    .iter()
                    .map(|a| RawArea {
                        id: a.id.clone(),
                        name: channel_in_name(&a.name, langs)
                            .unwrap_or_else(|| Localized::Same(a.id.clone())),
                        description: None,
                        municipalities: a
                            .municipalities
                            .iter()
                            .filter_map(|m| municipality(m, langs))
                            .collect(),
                        channels: Vec::new(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        municipalities,
        services: IndexMap::new(),
    }
}

/// Puts a channel into its region: in place of the channel with the same `ptv_id` or id,
/// or at the end.
#[allow(clippy::too_many_arguments)]
pub(super) fn place_channel(
    file: &Path,
    c: &schema::Channel,
    inputs: &Inputs,
    flag: Option<&str>,
    langs: &[String],
    regions: &mut IndexMap<String, Region>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Placed, Diagnostic> {
    let index = inputs.index.as_ref();
    let by_ptv_id = c.id.as_ref().and_then(|pid| {
        regions.iter().find_map(|(rid, r)| {
            let has = |list: &[RawChannel]| {
                list.iter()
                    .find(|x| x.ptv_id.as_ref() == Some(pid))
                    .map(|x| x.id.clone())
            };
            if let Some(id) = has(&r.raw.channels) {
                return Some((rid.clone(), None, id));
            }
            r.raw
                .areas
                .iter()
                .find_map(|a| has(&a.channels).map(|id| (rid.clone(), Some(a.id.clone()), id)))
        })
    });
    let target = by_ptv_id
        .or_else(|| c.source_id.as_deref().and_then(parse_source))
        .or_else(|| {
            let rid = c
                .organization_id
                .as_deref()
                .and_then(|org| region_for_org(org, regions, index))
                .or_else(|| flag.map(String::from))?;
            let name = first_value(&c.service_channel_names).map(slugify);
            Some((rid, None, name))
        });
    let Some((rid, area, id)) = target else {
        return Err(Diagnostic::error(file, "esite cannot tell which region this channel belongs to")
            .hint("name the region file it goes into: esite ptv import FILE… --region ID (the ID is the file name in content/regions/ without .yaml)"));
    };
    // The id becomes a file name: nothing from the input may lead out of content/regions/.
    if let Err(e) = crate::model::slug::check(&rid) {
        return Err(
            Diagnostic::error(file, format!("'{rid}' cannot be a region id: {e}"))
                .hint("name the region with --region ID instead"),
        );
    }
    let kind = index
        .and_then(|i| {
            i.channels
                .iter()
                .find(|ic| Some(&ic.source_id) == c.source_id.as_ref())
        })
        .and_then(|ic| ChannelType::from_name(&ic.kind))
        .unwrap_or_else(|| ChannelType::of(c));
    let converted = channel_in::convert(c, kind, id.clone(), langs);
    for note in converted.notes {
        warnings.push(Diagnostic::warning(file, note));
    }
    let region = regions.entry(rid.clone()).or_insert_with(|| Region {
        raw: new_region(&rid, c, inputs, langs),
        old: None,
        touched: true,
    });
    region.touched = true;
    if region.old.is_none() && index.is_none_or(|i| i.regions.iter().all(|r| r.id != rid)) {
        // A region new to the site has the municipalities its channels serve.
        for m in c.areas.iter().flat_map(|a| &a.municipalities) {
            let known = region
                .raw
                .municipalities
                .iter()
                .any(|x| x.code.as_ref() == Some(&m.code));
            let named = IndexMunicipality {
                code: Some(m.code.clone()),
                name: m.name.clone(),
            };
            if let (false, Some(new)) = (known, municipality(&named, langs)) {
                region.raw.municipalities.push(new);
            }
        }
    }
    let list = match area
        .as_ref()
        .and_then(|a| region.raw.areas.iter().position(|x| &x.id == a))
    {
        Some(ai) => &mut region.raw.areas[ai].channels,
        None => &mut region.raw.channels,
    };
    for new in converted.channels {
        let at = list.iter().position(|x| {
            (new.ptv_id.is_some() && x.ptv_id == new.ptv_id) || (new.id.is_some() && x.id == new.id)
        });
        match at {
            Some(i) => list[i] = new,
            None => list.push(new),
        }
    }
    Ok(Placed {
        region: rid,
        id,
        ptv_id: c.id.clone(),
        source_id: c.source_id.clone(),
    })
}
