//! The list of every page the site has, and where each one goes: the one place that says
//! which page kinds exist. Adding a page kind means a variant here, a line in [`jobs`] and a
//! module in `pages/`.

use crate::model::{Site, Translated};

pub(super) enum Job {
    Home(usize),
    Regions(usize),
    Finder(usize),
    NotFound(usize),
    Accessibility(usize),
    Search(usize),
    Service(usize, usize),
    Page(usize, usize),
    Region(usize, usize),
    Municipality(usize, usize),
    Leaflet(usize, Option<usize>, usize),
    Booklet(usize, usize),
    Chooser,
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Home,
    Regions,
    Finder,
    NotFound,
    Accessibility,
    Search,
    Service(usize),
    Page(usize),
    Region(usize),
    Municipality(usize),
    Leaflet(usize, Option<usize>),
    Booklet(usize),
}

/// Every page the site has.
pub(super) fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs: Vec<Job> = Vec::new();
    for li in 0..site.languages.len() {
        jobs.push(Job::Home(li));
        jobs.push(Job::Regions(li));
        jobs.push(Job::Finder(li));
        jobs.push(Job::NotFound(li));
        if site.accessibility.is_some() {
            jobs.push(Job::Accessibility(li));
        }
        jobs.push(Job::Search(li));
        jobs.extend((0..site.services.len()).map(|si| Job::Service(si, li)));
        jobs.extend((0..site.pages.len()).map(|pi| Job::Page(pi, li)));
        jobs.extend((0..site.regions.len()).map(|ri| Job::Region(ri, li)));
        jobs.extend((0..site.municipalities.len()).map(|mi| Job::Municipality(mi, li)));
        for (si, s) in site.services.iter().enumerate() {
            if s.translations[li].is_some() {
                if s.regions.is_empty() {
                    jobs.push(Job::Leaflet(si, None, li));
                }
                jobs.extend(s.regions.iter().map(|ri| Job::Leaflet(si, Some(*ri), li)));
            }
        }
        jobs.extend((0..site.regions.len()).map(|ri| Job::Booklet(ri, li)));
    }
    jobs.push(Job::Chooser);
    jobs
}

/// The HTML file a job makes.
pub(super) fn file_of(site: &Site, job: &Job) -> String {
    let (kind, li) = match *job {
        Job::Chooser => return "index.html".into(),
        Job::Home(li) => (Kind::Home, li),
        Job::Regions(li) => (Kind::Regions, li),
        Job::Finder(li) => (Kind::Finder, li),
        Job::NotFound(li) => (Kind::NotFound, li),
        Job::Accessibility(li) => (Kind::Accessibility, li),
        Job::Search(li) => (Kind::Search, li),
        Job::Service(si, li) => (Kind::Service(si), li),
        Job::Page(pi, li) => (Kind::Page(pi), li),
        Job::Region(ri, li) => (Kind::Region(ri), li),
        Job::Municipality(mi, li) => (Kind::Municipality(mi), li),
        Job::Leaflet(si, ri, li) => (Kind::Leaflet(si, ri), li),
        Job::Booklet(ri, li) => (Kind::Booklet(ri), li),
    };
    index_file(path_of(site, kind, li))
}

/// Where a page is, relative to the site's root.
pub(super) fn path_of(s: &Site, kind: Kind, li: usize) -> String {
    match kind {
        Kind::Home => s.home_path(li),
        Kind::Regions => s.regions_path(li),
        Kind::Finder => s.municipalities_path(li),
        Kind::NotFound => format!("{}/404.html", s.languages[li].code),
        Kind::Accessibility => s.accessibility_path(li),
        Kind::Search => s.search_path(li),
        Kind::Service(i) => s.service_path(i, li),
        Kind::Page(i) => s.page_path(i, li),
        Kind::Region(i) => s.region_path(i, li),
        Kind::Municipality(i) => s.municipality_path(i, li),
        // A leaflet exists only where the text does; elsewhere the switcher leads to the
        // service page, which says it is not translated yet.
        Kind::Leaflet(i, r) if s.services[i].translations[li].is_some() => s.leaflet_path(i, r, li),
        Kind::Leaflet(i, _) => s.service_path(i, li),
        Kind::Booklet(r) => s.booklet_path(r, li),
    }
}

/// The last slug in the path of a job's page, where it has one of its own.
pub(super) fn slug_of<'s>(site: &'s Site, job: &Job) -> Option<&'s str> {
    match *job {
        Job::Service(si, li) => Some(site.services[si].slug(li)),
        Job::Leaflet(si, None, li) => Some(site.services[si].slug(li)),
        Job::Leaflet(_, Some(ri), li) => Some(&site.regions[ri].slugs[li]),
        Job::Page(pi, li) => Some(site.pages[pi].slug(li)),
        Job::Region(ri, li) => Some(&site.regions[ri].slugs[li]),
        Job::Municipality(mi, li) => Some(&site.municipalities[mi].slugs[li]),
        _ => None,
    }
}

/// A folder's page is its index.html.
pub(super) fn index_file(path: String) -> String {
    if path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    }
}
