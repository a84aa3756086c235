//! `esite ptv export`: the resolved site as PTV Open API v11 write payloads. Each service
//! and each channel becomes one JSON document (file names from esite's ids, so they stay the
//! same from one export to the next), the connections between them one more, and an index
//! says which endpoint takes each file. What PTV requires and esite does not have is a
//! located warning, never an invented value.

use super::channel_out::{self, DESCRIPTION_MAX};
use super::schema::{self, Area, ChannelType, Connection, Law, Producer, Text};
use super::{Index, IndexArea, IndexChannel, IndexMunicipality, IndexRegion, IndexService};
use super::{localized, text};
use crate::diag::{self, Diagnostic};
use crate::model::{Channel, Region, Site};
use crate::parse::raw::{ChannelKind, Fee};

/// PTV's limit on a service's summary (`ListPropertyMaxLength(150, "Value", "Summary")`).
pub const SUMMARY_MAX: usize = 150;

/// The export: files by their path under the output folder, and the warnings.
pub struct Export {
    pub files: Vec<(String, String)>,
    pub warnings: Vec<Diagnostic>,
}

/// A channel with where it stands: its region, its area if any, and its place in the list.
struct Placed<'a> {
    region: &'a Region,
    area: Option<&'a str>,
    index: usize,
    channel: &'a Channel,
}

impl Placed<'_> {
    /// `esite.kainuu.kainuu-sosiaaliohjaaja`: PTV's `sourceId` (letters, digits, `-` and
    /// `.`), which tells an import the region, the area and the channel again.
    fn source_id(&self) -> String {
        let id = match &self.channel.id {
            Some(id) => id.clone(),
            None => format!("_{}", self.index + 1),
        };
        match self.area {
            Some(a) => format!("esite.{}.{a}.{id}", self.region.id),
            None => format!("esite.{}.{id}", self.region.id),
        }
    }

    /// Where a warning about the channel points: its id, else its type line.
    fn warning(&self, message: String) -> Diagnostic {
        let text = &self.region.text;
        let (line, col, width) = match &self.channel.id {
            Some(id) => diag::locate(text, "id", id),
            None => diag::locate(text, "type", self.channel.kind.word()),
        };
        Diagnostic::warning(&self.region.file, message)
            .at(text, line, col)
            .width(width)
    }
}

fn placed(site: &Site) -> Vec<Placed<'_>> {
    let mut out = Vec::new();
    for region in &site.regions {
        for (index, channel) in region.channels.iter().enumerate() {
            out.push(Placed {
                region,
                area: None,
                index,
                channel,
            });
        }
        for area in &region.areas {
            for (index, channel) in area.channels.iter().enumerate() {
                out.push(Placed {
                    region,
                    area: Some(&area.id),
                    index,
                    channel,
                });
            }
        }
    }
    out
}

fn json<T: serde::Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

pub fn export(site: &Site) -> Export {
    let langs: Vec<String> = site.languages.iter().map(|l| l.code.clone()).collect();
    let mut warnings = Vec::new();
    let mut files = Vec::new();
    let mut index = Index {
        esite: "ptv-export 1".into(),
        languages: langs.clone(),
        ..Default::default()
    };
    for region in &site.regions {
        if region.ptv_organization.is_none() {
            let (line, col, width) = diag::locate(&region.text, "name", "name");
            warnings.push(
                Diagnostic::warning(&region.file, "PTV needs the organisation of this region's services and channels (organizationId, mainResponsibleOrganization, serviceProducers), and the region file does not name it")
                    .at(&region.text, line, col)
                    .width(width)
                    .hint("add 'ptv_organization:' with the organisation's id in PTV (a GUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6)"),
            );
        }
        index.regions.push(index_region(region, &langs));
    }
    let all = placed(site);
    let mut exported: Vec<(usize, String)> = Vec::new();
    for (pi, p) in all.iter().enumerate() {
        let Some(kind) = channel_out::ptv_type(p.channel.kind) else {
            let forms = all.iter().any(|q| {
                q.channel.kind == ChannelKind::Form
                    && std::ptr::eq(q.region, p.region)
                    && q.area == p.area
            });
            if p.channel.kind == ChannelKind::Email || !forms {
                warnings.push(p.warning(format!(
                    "this {} channel is not exported: PTV has no channel for {}",
                    p.channel.kind.word(),
                    if p.channel.kind == ChannelKind::Email {
                        "an e-mail address alone"
                    } else {
                        "a postal address alone, only a printable form's delivery address"
                    }
                )).hint("add it in PTV to the channel it belongs to (a form's delivery address, a service location's e-mail)"));
            }
            continue;
        };
        let postal: Vec<&Channel> = all
            .iter()
            .filter(|q| {
                q.channel.kind == ChannelKind::Postal
                    && std::ptr::eq(q.region, p.region)
                    && q.area == p.area
            })
            .map(|q| q.channel)
            .collect();
        let mut mapped = channel_out::map(site, p.channel, kind, &postal);
        let source_id = p.source_id();
        mapped.channel.source_id = Some(source_id.clone());
        mapped.channel.organization_id = p.region.ptv_organization.clone();
        let codes = codes_of(p.region, p.area);
        if !codes.is_empty() {
            mapped.channel.area_type = Some("LimitedType".into());
            mapped.channel.areas = vec![municipality_area(codes)];
        }
        if !mapped.missing.is_empty() {
            warnings.push(
                p.warning(format!(
                    "PTV needs {} for this channel, which the region file does not give; the export leaves {} out",
                    list(&mapped.missing),
                    if mapped.missing.len() == 1 { "it" } else { "them" }
                ))
                .hint("add them in PTV after the import there, or give the channel what it lacks here"),
            );
        }
        for problem in &mapped.problems {
            warnings.push(p.warning(format!("PTV will refuse this channel: {problem}")));
        }
        if p.channel.valid_from.is_some() || p.channel.valid_until.is_some() {
            warnings.push(p.warning("'valid_from' and 'valid_until' are not exported: PTV's dates on a channel say when it is published, not when it is in use".into()));
        }
        let file = format!("channels/{}.json", source_id.trim_start_matches("esite."));
        files.push((file.clone(), json(&mapped.channel)));
        index.channels.push(IndexChannel {
            file,
            source_id: source_id.clone(),
            id: p.channel.ptv_id.clone(),
            kind: kind.name().into(),
            endpoint: format!("POST /v11/ServiceChannel/{}", endpoint(kind)),
            region: p.region.id.clone(),
            area: p.area.map(String::from),
        });
        exported.push((pi, source_id));
    }
    let mut connections = Vec::new();
    for (si, service) in site.services.iter().enumerate() {
        let (out, mut service_warnings) = service_payload(site, si, &langs);
        warnings.append(&mut service_warnings);
        let source_id = out.source_id.clone().unwrap_or_default();
        for &ri in &service.regions {
            let region = &site.regions[ri];
            let rs = region.services.get(&si);
            let fee = rs.and_then(|rs| rs.fee).map(charge);
            for (pi, channel_source) in &exported {
                let p = &all[*pi];
                if !std::ptr::eq(p.region, region) {
                    continue;
                }
                let picked = match rs.and_then(|rs| rs.channels.as_ref()) {
                    Some(ids) => p.channel.id.as_ref().is_some_and(|id| ids.contains(id)),
                    None => true,
                };
                if picked {
                    connections.push(Connection {
                        service_source_id: source_id.clone(),
                        service_channel_source_id: channel_source.clone(),
                        service_charge_type: fee.map(String::from),
                    });
                }
            }
        }
        let file = format!("services/{}.json", service.id);
        files.push((file.clone(), json(&out)));
        index.services.push(IndexService {
            file,
            source_id,
            id: service.ptv_id.clone(),
            endpoint: "POST /v11/Service".into(),
        });
    }
    files.push(("connections.json".into(), json(&connections)));
    index.connections = "connections.json".into();
    files.push(("index.json".into(), json(&index)));
    Export { files, warnings }
}

fn endpoint(kind: ChannelType) -> &'static str {
    match kind {
        ChannelType::WebPage => "WebPage",
        other => other.name(),
    }
}

fn charge(fee: Fee) -> &'static str {
    match fee {
        Fee::Free => "FreeOfCharge",
        Fee::Charged => "Chargeable",
    }
}

fn list(fields: &[&str]) -> String {
    match fields {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The municipality codes of a region (all of it) or of one of its areas.
fn codes_of(region: &Region, area: Option<&str>) -> Vec<String> {
    let areas = region
        .areas
        .iter()
        .filter(|a| area.is_none_or(|id| a.id == id));
    let mut codes: Vec<String> = areas
        .flat_map(|a| &a.municipalities)
        .chain(
            area.is_none()
                .then_some(&region.municipalities)
                .into_iter()
                .flatten(),
        )
        .filter_map(|m| m.code.clone())
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

fn municipality_area(codes: Vec<String>) -> Area {
    Area {
        kind: "Municipality".into(),
        area_codes: codes,
        ..Default::default()
    }
}

/// One service: names, summary and description per language, the laws, the municipalities
/// of its regions, its charge when the regions agree on it, and its organisations.
fn service_payload(site: &Site, si: usize, langs: &[String]) -> (schema::Service, Vec<Diagnostic>) {
    let service = &site.services[si];
    let mut warnings = Vec::new();
    let (_, original) = crate::model::Translated::original(service);
    let at = |t: &crate::model::Translation, key: &str, value: &str, message: String| {
        let text = t.source.text.as_str();
        let (line, col, width) = diag::locate(text, key, value);
        Diagnostic::warning(&t.source.path, message)
            .at(text, line, col)
            .width(width)
    };
    let mut out = schema::Service {
        id: service.ptv_id.clone(),
        source_id: Some(format!("esite.{}", service.id)),
        kind: Some("Service".into()),
        funding_type: Some("PubliclyFunded".into()),
        publishing_status: Some("Draft".into()),
        ..Default::default()
    };
    let mut laws: Vec<Law> = Vec::new();
    for (lang, t) in langs.iter().zip(&service.translations) {
        let Some(t) = t else { continue };
        out.languages.push(lang.clone());
        out.service_names.push(item(lang, &t.title, "Name"));
        if t.summary.chars().count() > SUMMARY_MAX {
            warnings.push(at(t, "summary", "summary", format!(
                "PTV will refuse this summary: it is {} characters, and PTV takes {SUMMARY_MAX}",
                t.summary.chars().count()
            )).hint("shorten the summary; the page can say more in the text"));
        }
        out.service_descriptions
            .push(item(lang, &t.summary, "Summary"));
        let body = text::to_ptv(t.body());
        if body.chars().count() > DESCRIPTION_MAX {
            warnings.push(at(t, "title", "title", format!(
                "PTV will refuse this description: the text is {} characters as PTV counts it, and PTV takes {DESCRIPTION_MAX}",
                body.chars().count()
            )).hint("PTV's description is shorter than a page; write a shorter one for PTV there, or shorten the text"));
        }
        if !body.is_empty() {
            out.service_descriptions
                .push(item(lang, &body, "Description"));
        }
        out.keywords.extend(t.keywords.iter().map(|k| Text {
            language: lang.clone(),
            value: k.clone(),
            kind: None,
        }));
        for (i, law) in t.legal_basis.iter().enumerate() {
            if laws.len() <= i {
                laws.push(Law::default());
            }
            laws[i].names.push(Text {
                language: lang.clone(),
                value: law.clone(),
                kind: None,
            });
        }
    }
    out.legislation = laws;
    let regions: Vec<&Region> = service
        .regions
        .iter()
        .map(|&ri| &site.regions[ri])
        .collect();
    let mut codes: Vec<String> = regions.iter().flat_map(|r| codes_of(r, None)).collect();
    codes.sort();
    codes.dedup();
    if !codes.is_empty() {
        out.area_type = Some("LimitedType".into());
        out.areas = vec![municipality_area(codes)];
    }
    let fees: Vec<Option<Fee>> = regions
        .iter()
        .map(|r| r.services.get(&si).and_then(|rs| rs.fee))
        .collect();
    match fees.first() {
        Some(Some(first)) if fees.iter().all(|f| *f == Some(*first)) => {
            out.service_charge_type = Some(charge(*first).into());
        }
        _ if fees.iter().any(Option::is_some) => warnings.push(at(original, "title", "title", "the regions of this service do not all say the same 'fee', so the service has no serviceChargeType; each region's fee goes on its connections".into())),
        _ => {}
    }
    let orgs: Vec<String> = regions
        .iter()
        .filter_map(|r| r.ptv_organization.clone())
        .collect();
    let mut missing = vec!["serviceClasses", "ontologyTerms", "targetGroups"];
    if let Some((main, others)) = orgs.split_first() {
        out.main_responsible_organization = Some(main.clone());
        out.other_responsible_organizations = others.to_vec();
        out.service_producers = vec![Producer {
            provision_type: "SelfProducedServices".into(),
            organizations: orgs.clone(),
        }];
    } else {
        missing.extend(["mainResponsibleOrganization", "serviceProducers"]);
    }
    if out.areas.is_empty() {
        missing.push("areaType and areas (no municipality of its regions has a code)");
    }
    warnings.push(
        at(original, "title", "title", format!(
            "PTV needs {} for this service, which esite does not have; the export leaves them out",
            list(&missing)
        ))
        .hint("choose them in PTV when you bring the service in (the classes and terms come from PTV's own lists)"),
    );
    (out, warnings)
}

fn item(lang: &str, value: &str, kind: &str) -> Text {
    Text {
        language: lang.to_string(),
        value: value.to_string(),
        kind: Some(kind.to_string()),
    }
}

fn index_region(region: &Region, langs: &[String]) -> IndexRegion {
    let municipalities = |list: &[crate::model::MunicipalityRef]| {
        list.iter()
            .map(|m| IndexMunicipality {
                code: m.code.clone(),
                name: localized(&m.name, langs, None),
            })
            .collect()
    };
    IndexRegion {
        id: region.id.clone(),
        name: localized(&region.name, langs, None),
        ptv_organization: region.ptv_organization.clone(),
        municipalities: municipalities(&region.municipalities),
        areas: region
            .areas
            .iter()
            .map(|a| IndexArea {
                id: a.id.clone(),
                name: localized(&a.name, langs, None),
                municipalities: municipalities(&a.municipalities),
            })
            .collect(),
    }
}
