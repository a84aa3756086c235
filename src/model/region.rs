//! Resolving a region file: its names and URL names, channels, areas and municipalities,
//! and its notes on the services it offers. Then the checks across regions.

use super::channel::channel;
use super::checks::Checker;
use super::municipality::Finder;
use super::*;
use indexmap::IndexMap;
use std::ops::Range;

/// The services a region file may name.
#[derive(Clone, Copy)]
pub(super) struct Known<'a> {
    pub(super) service_ids: &'a [&'a str],
    pub(super) service_index: &'a HashMap<String, usize>,
    /// Services whose files exist but could not be used: their own errors are reported, so
    /// naming them adds no "unknown service" error.
    pub(super) broken_services: &'a [String],
}

/// Resolves one region file; `index` is the position the region will have in the site.
pub(super) fn resolve(
    pr: crate::parse::ParsedRegion,
    codes: &[String],
    known: Known,
    finder: &mut Finder,
    index: usize,
    ctx: &mut Checker,
) -> Option<Region> {
    let file = pr.source.path.clone();
    let text = pr.source.text.as_str();
    if let Err(e) = slug::check(&pr.id) {
        ctx.diags.push(
            Diagnostic::error(
                &file,
                format!("the file name '{}' cannot be used as an id: {e}", pr.id),
            )
            .hint("rename the file; its name is the region's id"),
        );
        return None;
    }
    let raw = pr.raw;
    ctx.localized(&file, text, "name", &raw.name);
    ctx.not_empty(&file, text, "name", &raw.name);
    let slugs = codes
        .iter()
        .map(|c| {
            let s = raw
                .slug
                .as_ref()
                .and_then(|m| m.get(c))
                .cloned()
                .unwrap_or_else(|| pr.id.clone());
            if let Err(e) = slug::check(&s) {
                let (line, col, width) = diag::locate(text, "slug", &s);
                ctx.diags.push(
                    Diagnostic::error(&file, format!("the slug '{s}' cannot be used: {e}"))
                        .at(text, line, col)
                        .width(width),
                );
            }
            s
        })
        .collect();
    if let Some(w) = &raw.website {
        ctx.url(&file, text, w);
    }
    let channels: Vec<Channel> = raw
        .channels
        .into_iter()
        .map(|c| channel(c, &file, text, ctx))
        .collect();
    let area_counts: Vec<usize> = raw.areas.iter().map(|a| a.municipalities.len()).collect();
    let (mut top_entries, mut area_entries) =
        entry_spans(text, raw.municipalities.len(), &area_counts);
    let mut add_place = |m: RawMunicipality, area: Option<usize>, ctx: &mut Checker| {
        let entry = match area {
            None => top_entries.next(),
            Some(ai) => area_entries.get_mut(ai).and_then(Iterator::next),
        };
        finder.add((m, entry), (index, area), (&file, text), ctx)
    };
    let municipalities = raw
        .municipalities
        .into_iter()
        .map(|m| add_place(m, None, ctx))
        .collect();
    let mut areas: Vec<Area> = Vec::new();
    for (ai, a) in raw.areas.into_iter().enumerate() {
        if let Err(e) = slug::check(&a.id) {
            let (line, col, width) = diag::locate(text, "id", &a.id);
            ctx.diags.push(
                Diagnostic::error(&file, format!("the area id '{}' cannot be used: {e}", a.id))
                    .at(text, line, col)
                    .width(width),
            );
        }
        if areas.iter().any(|x: &Area| x.id == a.id) {
            let (line, col, width) = diag::locate(text, "id", &a.id);
            ctx.diags.push(
                Diagnostic::error(&file, format!("the area '{}' is listed twice", a.id))
                    .at(text, line, col)
                    .width(width),
            );
        }
        ctx.localized(&file, text, "name", &a.name);
        let municipalities = a
            .municipalities
            .into_iter()
            .map(|m| add_place(m, Some(ai), ctx))
            .collect();
        let channels = a
            .channels
            .into_iter()
            .map(|c| channel(c, &file, text, ctx))
            .collect();
        areas.push(Area {
            id: a.id,
            name: a.name,
            description: a.description,
            municipalities,
            channels,
        });
    }
    let services = services(raw.services, &channels, &areas, known, (&file, text), ctx);
    Some(Region {
        id: pr.id,
        text: pr.source.text.clone(),
        file,
        name: raw.name,
        short_name: raw.short_name,
        slugs,
        website: raw.website,
        description: raw.description,
        ptv_organization: raw.ptv_organization,
        channels,
        areas,
        municipalities,
        services,
    })
}

type Entries = std::vec::IntoIter<Range<usize>>;

/// Where each municipality entry is in the file: the region's own, then each area's. When the
/// text's lists do not match what serde read (an unusual layout), none: messages then fall
/// back to searching the whole file.
fn entry_spans(text: &str, top: usize, areas: &[usize]) -> (Entries, Vec<Entries>) {
    let lists = crate::parse::items::lists(text, "municipalities");
    let (own, nested): (Vec<_>, Vec<_>) = lists.into_iter().partition(|l| l.top_level);
    let own: Vec<Range<usize>> = own.into_iter().flat_map(|l| l.items).collect();
    // Areas with no municipalities have no list in the text.
    let mut nested = nested.into_iter();
    let per_area: Option<Vec<Vec<Range<usize>>>> = areas
        .iter()
        .map(|&n| match n {
            0 => Some(Vec::new()),
            _ => nested
                .next()
                .map(|l| l.items)
                .filter(|items| items.len() == n),
        })
        .collect();
    match per_area {
        Some(per_area) if own.len() == top && nested.next().is_none() => (
            own.into_iter(),
            per_area.into_iter().map(Vec::into_iter).collect(),
        ),
        _ => (Vec::new().into_iter(), Vec::new()),
    }
}

/// A region's notes on the services it offers, and the channels each picks.
fn services(
    raw: IndexMap<String, RawRegionService>,
    channels: &[Channel],
    areas: &[Area],
    known: Known,
    (file, text): (&PathBuf, &str),
    ctx: &mut Checker,
) -> HashMap<usize, RegionService> {
    let Known {
        service_ids,
        service_index,
        broken_services,
    } = known;
    let all_channel_ids: Vec<String> = std::iter::empty::<&Channel>()
        .chain(channels)
        .chain(areas.iter().flat_map(|a| &a.channels))
        .filter_map(|c: &Channel| c.id.clone())
        .collect();
    let mut services = HashMap::new();
    for (sid, rs) in raw {
        let Some(&si) = service_index.get(&sid) else {
            if broken_services.contains(&sid) {
                continue;
            }
            let (line, col, width) = diag::locate(text, "services", &sid);
            let hint = match diag::suggest(&sid, service_ids.iter().copied()) {
                Some(s) => {
                    format!("did you mean '{s}'? Services are the folders in content/services/")
                }
                None => "services are the folders in content/services/".to_string(),
            };
            ctx.diags.push(
                Diagnostic::error(file, format!("unknown service '{sid}'"))
                    .at(text, line, col)
                    .width(width)
                    .hint(hint),
            );
            continue;
        };
        for id in rs.channels.iter().flatten() {
            if !all_channel_ids.contains(id) {
                let (line, col, width) = diag::locate(text, "channels", id);
                let hint = match diag::suggest(id, all_channel_ids.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean '{s}'?"),
                    None => "give the channel an 'id' and name it here".to_string(),
                };
                ctx.diags.push(
                    Diagnostic::error(file, format!("unknown channel '{id}'"))
                        .at(text, line, col)
                        .width(width)
                        .hint(hint),
                );
            }
        }
        if let Some(notes) = &rs.notes {
            ctx.localized(file, text, "notes", notes);
        }
        services.insert(
            si,
            RegionService {
                notes: rs.notes,
                channels: rs.channels,
                colophon: rs.colophon,
                fee: rs.fee,
            },
        );
    }
    services
}

/// Region pages share one section per language, so their URL names must differ.
pub(super) fn check_slugs(regions: &[Region], languages: usize, ctx: &mut Checker) {
    for li in 0..languages {
        let mut seen: HashMap<&str, &Region> = HashMap::new();
        for r in regions {
            if let Some(other) = seen.insert(&r.slugs[li], r) {
                let (here, there) = if r.text.contains("slug:") {
                    (r, other)
                } else {
                    (other, r)
                };
                let (line, col, width) = diag::locate(&here.text, "slug", &here.slugs[li]);
                ctx.diags.push(
                    Diagnostic::error(
                        &here.file,
                        format!(
                            "the URL name '{}' is already used by {}",
                            here.slugs[li],
                            diag::display_path(&there.file)
                        ),
                    )
                    .at(&here.text, line, col)
                    .width(width)
                    .hint("give one of the regions another 'slug' for this language"),
                );
            }
        }
    }
}

/// The regions a service's front matter names, by position; an unknown one is an error at
/// its line.
pub(super) fn find(
    service: &Service,
    ids: Vec<String>,
    regions: &[Region],
    ctx: &mut Checker,
) -> Vec<usize> {
    let region_ids: Vec<&str> = regions.iter().map(|r| r.id.as_str()).collect();
    // A service is resolved only with its default-language text.
    let Some(doc) = service.translations[0].as_ref() else {
        return Vec::new();
    };
    let mut resolved = Vec::new();
    for id in ids {
        match region_ids.iter().position(|r| *r == id) {
            Some(ri) => resolved.push(ri),
            None => {
                let (line, col, width) = diag::locate(&doc.source.text, "regions", &id);
                let mut d = Diagnostic::error(&doc.source.path, format!("unknown region '{id}'"))
                    .at(&doc.source.text, line, col)
                    .width(width);
                d = match diag::suggest(&id, region_ids.iter().copied()) {
                    Some(s) => d.hint(format!(
                        "did you mean '{s}'? Regions are the files in content/regions/"
                    )),
                    None => d.hint(format!(
                        "known regions: {} (the files in content/regions/)",
                        region_ids.join(", ")
                    )),
                };
                ctx.diags.push(d);
            }
        }
    }
    resolved
}

/// A region's notes on a service the service does not list would never be shown.
pub(super) fn check_notes(regions: &[Region], services: &[Service], ctx: &mut Checker) {
    for (ri, r) in regions.iter().enumerate() {
        for si in r.services.keys() {
            if !services[*si].regions.contains(&ri) {
                let text = &r.text;
                let (line, col, width) = diag::locate(text, "services", &services[*si].id);
                ctx.diags.push(
                    Diagnostic::warning(
                        &r.file,
                        format!(
                            "notes for '{}', but that service does not list the region '{}'",
                            services[*si].id, r.id
                        ),
                    )
                    .at(text, line, col)
                    .width(width)
                    .hint(format!(
                        "add '{}' to 'regions' in the service's front matter, or remove these notes",
                        r.id
                    )),
                );
            }
        }
    }
}
