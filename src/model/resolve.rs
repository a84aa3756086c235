//! The order of resolution: site.yaml first (languages, sections), then services and free
//! pages, then regions, which refer to services; last, what needs all of them (a service's
//! regions, the municipality finder's order).

use super::checks::Checker;
use super::municipality::Finder;
use super::*;
use crate::parse::Parsed;
use crate::theme::Theme;

/// Turns the parsed documents into a site. Returns `None` when errors leave no usable site.
pub fn resolve(parsed: Parsed, theme: &Theme, diags: &mut Vec<Diagnostic>) -> Option<Site> {
    let (site_src, mut raw) = parsed.site?;
    let file = site_src.path.clone();
    let text = site_src.text.as_str();
    let languages = site_yaml::languages(&raw, &file, text, diags)?;
    let codes: Vec<String> = languages.iter().map(|l| l.code.clone()).collect();
    let mut ctx = Checker {
        codes: &codes,
        diags: Vec::new(),
        within: None,
    };
    let settings = site_yaml::settings(&mut raw, languages, (&file, text), theme, &mut ctx);
    let paper = raw.paper.unwrap_or(Paper::A4);
    let logo = brand::logo(raw.logo.take(), &parsed.pictures, (&file, text), &mut ctx);
    let brand_colour = brand::brand_colour(raw.brand_colour.as_deref(), (&file, text), &mut ctx);

    // Services and pages first, so regions can refer to services.
    // Services whose files exist but could not be used: their own errors are reported, so
    // references to them should not add "unknown service" errors on top.
    let all_service_ids: Vec<String> = parsed.services.iter().map(|b| b.id.clone()).collect();
    let mut services = Vec::new();
    // (service, the region ids its front matter lists)
    let mut pending_regions: Vec<(usize, Vec<String>)> = Vec::new();
    let print: Vec<&str> = settings.sections.iter().map(|s| s.print.as_str()).collect();
    for bundle in parsed.services {
        if let Some((service, region_ids)) =
            service::resolve(bundle, &codes, &settings.topics, paper, &print, &mut ctx)
        {
            pending_regions.push((services.len(), region_ids));
            services.push(service);
        }
    }
    let mut pages = Vec::new();
    for bundle in parsed.pages {
        if let Some(p) = page::resolve(bundle, &codes, &mut ctx) {
            pages.push(p);
        }
    }
    translation::check_slugs(&services, &pages, &settings.sections, &codes, &mut ctx);

    let service_index: HashMap<String, usize> = services
        .iter()
        .enumerate()
        .map(|(si, s)| (s.id.clone(), si))
        .collect();
    let service_ids: Vec<&str> = services.iter().map(|s| s.id.as_str()).collect();
    let broken_services: Vec<String> = all_service_ids
        .into_iter()
        .filter(|id| !service_index.contains_key(id))
        .collect();
    let mut regions = Vec::new();
    let mut finder = Finder::new(&codes);
    for pr in parsed.regions {
        let known = region::Known {
            service_ids: &service_ids,
            service_index: &service_index,
            broken_services: &broken_services,
        };
        if let Some(r) = region::resolve(pr, &codes, known, &mut finder, regions.len(), &mut ctx) {
            regions.push(r);
        }
    }
    region::check_slugs(&regions, codes.len(), &mut ctx);
    for (si, ids) in pending_regions {
        services[si].regions = region::find(&services[si], ids, &regions, &mut ctx);
    }
    region::check_notes(&regions, &services, &mut ctx);
    let (municipalities, municipality_order) = finder.sorted(&mut regions);

    diags.append(&mut ctx.diags);
    Some(Site {
        root: parsed.root,
        languages: settings.languages,
        base_url: settings.base_url,
        base_path: settings.base_path,
        allow_html: raw.allow_html,
        paper,
        title: raw.title,
        organisation: raw.organisation,
        description: raw.description,
        topics: settings.topics,
        contact: raw.contact,
        contact_phone: settings.contact_phone,
        accessibility: settings.accessibility,
        logo,
        brand_colour,
        services,
        pages,
        regions,
        municipalities,
        municipality_order,
        broken_services,
        service_index,
        sections: settings.sections,
    })
}
