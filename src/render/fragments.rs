//! Shared fragments: which ones the site has, the id each one gets, and making them.
//!
//! Every id is given before any fragment is made ([`Renderer::plan`]), so an id does not
//! depend on when its fragment is made. The preview makes the fragments its open pages show
//! first and the rest after those pages are out ([`Scope`]); since markers (and so ids) are
//! part of the preview's memo keys, ids that moved with the open tab would make every page
//! miss the memo.

use super::bodies::Body;
use super::contacts::Shown;
use super::passages;
use super::splice::{Part, placeholder};
use super::views::{PlaceView, ServiceItem};
use super::*;

/// Which part of the site a pass makes shared fragments for: the channels, areas, contact
/// blocks and municipality blocks of some regions, the bodies of some services and pages.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Scope {
    pub(super) regions: Vec<bool>,
    pub(super) services: Vec<bool>,
    pub(super) pages: Vec<bool>,
}

impl Scope {
    pub(super) fn all(site: &Site) -> Scope {
        Scope {
            regions: vec![true; site.regions.len()],
            services: vec![true; site.services.len()],
            pages: vec![true; site.pages.len()],
        }
    }

    /// What these pages show.
    pub(super) fn of(site: &Site, jobs: &[Job]) -> Scope {
        let mut s = Scope {
            regions: vec![false; site.regions.len()],
            services: vec![false; site.services.len()],
            pages: vec![false; site.pages.len()],
        };
        for job in jobs {
            match *job {
                Job::Service(si, _) => {
                    s.services[si] = true;
                    site.services[si]
                        .regions
                        .iter()
                        .for_each(|&ri| s.regions[ri] = true);
                }
                Job::Leaflet(si, region, _) => {
                    s.services[si] = true;
                    region.into_iter().for_each(|ri| s.regions[ri] = true);
                }
                Job::Booklet(ri, _) => {
                    s.regions[ri] = true;
                    site.services_in_region(ri)
                        .for_each(|si| s.services[si] = true);
                }
                Job::Region(ri, _) => s.regions[ri] = true,
                Job::Municipality(mi, _) => site.municipalities[mi]
                    .places
                    .iter()
                    .for_each(|(ri, _, _)| s.regions[*ri] = true),
                Job::Page(pi, _) => s.pages[pi] = true,
                // Lists and fixed pages show no shared fragment.
                Job::Home(_)
                | Job::Regions(_)
                | Job::Finder(_)
                | Job::NotFound(_)
                | Job::Accessibility(_)
                | Job::Search(_)
                | Job::Chooser => {}
            }
        }
        s
    }

    /// Everything this one leaves out.
    pub(super) fn rest(&self) -> Scope {
        let not = |v: &[bool]| v.iter().map(|x| !x).collect();
        Scope {
            regions: not(&self.regions),
            services: not(&self.services),
            pages: not(&self.pages),
        }
    }
}

/// The fragments of one stage: ids `first..first + keys.len()`, in the order of `keys`. A
/// fragment shows only fragments of earlier stages.
pub(super) struct Stage<K> {
    first: usize,
    keys: Vec<K>,
}

impl<K> Default for Stage<K> {
    fn default() -> Self {
        Stage {
            first: 0,
            keys: Vec::new(),
        }
    }
}

/// A Markdown body as a fragment: a service's, its booklet version, or a free page's; with
/// the language. A service text with region passages also has a version per region (the
/// third number), and its booklet version.
#[derive(Clone, Copy)]
enum BodyKey {
    Service(usize, usize),
    Page(usize, usize),
    Regional(usize, usize, usize),
}

/// Every shared fragment of the site, by stage, in the order the stages are made: channels go
/// into areas' and contact blocks, a region's service list into its municipality blocks.
#[derive(Default)]
pub(super) struct Plan {
    channels: Stage<ChannelKey>,
    areas: Stage<AreaKey>,
    /// (language, region): a region's service list, the same for each of its areas.
    lists: Stage<(usize, usize)>,
    /// (language, (region, area)): what a municipality page shows of a place.
    places: Stage<(usize, (usize, Option<usize>))>,
    contacts: Stage<ContactsKey>,
    bodies: Stage<BodyKey>,
}

impl Renderer<'_> {
    /// Gives every shared fragment of the site its id; none is made yet. Long on purpose: the
    /// stages follow in the order their ids must be given, which one list shows best.
    pub(super) fn plan(&mut self) -> Plan {
        let site = self.site;
        let languages = site.languages.len();
        let mut plan = Plan::default();

        // Each channel once per language, with and without its description: the same phone
        // line is in dozens of contact blocks.
        for li in 0..languages {
            for brief in [false, true] {
                for (ri, r) in site.regions.iter().enumerate() {
                    let own = (0..r.channels.len()).map(|ci| (ri, None, ci, li, brief));
                    plan.channels.keys.extend(own);
                    for (ai, a) in r.areas.iter().enumerate() {
                        let area = (0..a.channels.len()).map(|ci| (ri, Some(ai), ci, li, brief));
                        plan.channels.keys.extend(area);
                    }
                }
            }
        }
        self.channels = self.reserve(&mut plan.channels).collect();

        // An area's heading, description and municipalities, once per language and kind of
        // contact block: every service of a region repeats them.
        let shown = [
            Shown::ServicePage,
            Shown::Leaflet,
            Shown::Booklet,
            Shown::RegionPage,
        ];
        for li in 0..languages {
            for (ri, r) in site.regions.iter().enumerate() {
                for ai in 0..r.areas.len() {
                    plan.areas
                        .keys
                        .extend(shown.iter().map(|&how| (ri, ai, li, how)));
                }
            }
        }
        self.areas = self.reserve(&mut plan.areas).collect();

        // Each area's services and contacts once per language: every municipality page of the
        // area shows the same, and a county can have hundreds of services.
        let mut places: Vec<(usize, Option<usize>)> = site
            .municipalities
            .iter()
            .flat_map(|m| m.places.iter().map(|(ri, ai, _)| (*ri, *ai)))
            .collect();
        places.sort_unstable();
        places.dedup();
        plan.places.keys = (0..languages)
            .flat_map(|li| places.iter().map(move |k| (li, *k)))
            .collect();
        plan.lists.keys = plan
            .places
            .keys
            .iter()
            .map(|(li, (ri, _))| (*li, *ri))
            .collect();
        plan.lists.keys.dedup();
        self.lists = self.reserve(&mut plan.lists).collect();
        self.places = vec![HashMap::new(); languages];
        for ((li, key), id) in self.reserve(&mut plan.places).collect::<Vec<_>>() {
            self.places[li].insert(key, id);
        }

        // Every contact block the pages need, once each. A county's region has hundreds of
        // services, most showing the very same block. Blocks with a service's own notes or
        // picks are each shown on one page only: that page makes its own (see
        // [`Renderer::contacts_block`]) and nothing keeps it.
        // [region][language]: whether a service page, and a leaflet and booklet, show the
        // region's block without notes of their own.
        let mut plain = vec![vec![(false, false); languages]; site.regions.len()];
        for (si, s) in site.services.iter().enumerate() {
            for &ri in &s.regions {
                if self
                    .contacts_key(ri, Some(si), 0, Shown::ServicePage)
                    .1
                    .is_some()
                {
                    continue;
                }
                for (li, shown) in plain[ri].iter_mut().enumerate() {
                    shown.0 = true;
                    shown.1 |= s.translations[li].is_some();
                }
            }
        }
        for (ri, langs) in plain.iter().enumerate() {
            for (li, &(service, printed)) in langs.iter().enumerate() {
                let mut shown = vec![Shown::RegionPage];
                if service {
                    shown.push(Shown::ServicePage);
                }
                if printed {
                    shown.extend([Shown::Leaflet, Shown::Booklet]);
                }
                shown.sort_unstable();
                plan.contacts
                    .keys
                    .extend(shown.into_iter().map(|how| (ri, None, li, how)));
            }
        }
        self.contacts = self.reserve(&mut plan.contacts).collect();

        // Markdown bodies: a service's body is on its page, on each region's leaflet and, with
        // its headings one level down, in each region's booklet.
        // A text with region passages has a version per region besides, for its leaflets
        // and booklets; a text without them is one body everywhere.
        for (si, s) in site.services.iter().enumerate() {
            for (li, tr) in s.translations.iter().enumerate() {
                let Some(tr) = tr else { continue };
                plan.bodies.keys.push(BodyKey::Service(si, li));
                if passages::any(&tr.source.text, tr.body_start) {
                    for &ri in &s.regions {
                        plan.bodies.keys.push(BodyKey::Regional(si, li, ri));
                    }
                }
            }
        }
        for (pi, p) in site.pages.iter().enumerate() {
            for li in (0..languages).filter(|&li| p.translations[li].is_some()) {
                plan.bodies.keys.push(BodyKey::Page(pi, li));
            }
        }
        self.body_fragments = vec![vec![None; languages]; site.services.len()];
        self.page_body_fragments = vec![vec![None; languages]; site.pages.len()];
        self.regional_body_fragments.clear();
        for (key, id) in self.reserve(&mut plan.bodies).collect::<Vec<_>>() {
            let (table, i, li) = match key {
                BodyKey::Service(si, li) => (&mut self.body_fragments, si, li),
                BodyKey::Page(pi, li) => (&mut self.page_body_fragments, pi, li),
                BodyKey::Regional(si, li, ri) => {
                    self.regional_body_fragments.insert((si, li, ri), id);
                    continue;
                }
            };
            table[i][li] = Some(id);
        }
        self.limit = self.fragments.len();
        plan
    }

    /// Gives a stage's fragments their ids; returns each key with its id.
    fn reserve<K: Copy>(
        &mut self,
        stage: &mut Stage<K>,
    ) -> impl Iterator<Item = (K, usize)> + use<K> {
        stage.first = self.fragments.len();
        self.fragments
            .extend(std::iter::repeat_with(Part::planned).take(stage.keys.len()));
        let first = stage.first;
        stage
            .keys
            .clone()
            .into_iter()
            .enumerate()
            .map(move |(i, k)| (k, first + i))
    }

    /// Makes the planned fragments of `scope`, stage by stage, each stage in parallel. The
    /// Markdown bodies of the scope must be rendered (`Renderer::bodies`).
    pub(super) fn make(&mut self, plan: &Plan, scope: &Scope) -> Result<(), Diagnostic> {
        let site = self.site;
        let region = |ri: usize| scope.regions[ri];
        self.make_stage(
            &plan.channels,
            |k| region(k.0),
            |r, &(ri, ai, ci, li, brief)| {
                let reg = &site.regions[ri];
                let c = match ai {
                    Some(ai) => &reg.areas[ai].channels[ci],
                    None => &reg.channels[ci],
                };
                let mut view = r.channel(c, li);
                if brief {
                    view.description_html = None;
                }
                r.fragment_with("channel.html", "c", view, li)
            },
        )?;
        self.make_stage(
            &plan.areas,
            |k| region(k.0),
            |r, &(ri, ai, li, how)| r.area_fragment(ri, ai, li, how),
        )?;
        self.make_stage(
            &plan.lists,
            |k| region(k.1),
            |r, &(li, ri)| {
                let services: Vec<ServiceItem> = site
                    .services_in_region(ri)
                    .map(|si| {
                        let mut item = r.service_item(si, li);
                        item.url = format!("{}#{}", item.url, region_anchor(&site.regions[ri].id));
                        item
                    })
                    .collect();
                r.fragment_with("service-list.html", "services", services, li)
            },
        )?;
        self.make_stage(
            &plan.places,
            |k| region(k.1.0),
            |r, &(li, (ri, ai))| {
                let view = PlaceView {
                    services_html: (site.services_in_region(ri).next().is_some())
                        .then(|| placeholder(r.lists[&(li, ri)])),
                    contacts: r.region_contacts(ri, None, li, ai, Shown::Leaflet),
                };
                r.fragment_with("municipality-place.html", "place", view, li)
            },
        )?;
        self.make_stage(
            &plan.contacts,
            |k| region(k.0),
            |r, &key| r.contacts_fragment(key),
        )?;
        self.make_bodies(&plan.bodies, scope);
        // A page's own fragments may show any shared one.
        self.limit = self.fragments.len();
        Ok(())
    }

    /// Makes the fragments of `stage` that `wanted` keeps; the first failure stops it.
    fn make_stage<K: Sync>(
        &mut self,
        stage: &Stage<K>,
        wanted: impl Fn(&K) -> bool,
        make: impl Fn(&Self, &K) -> Result<Fragment, Diagnostic> + Sync,
    ) -> Result<(), Diagnostic> {
        let todo: Vec<(usize, &K)> = (stage.first..)
            .zip(&stage.keys)
            .filter(|(_, k)| wanted(k))
            .collect();
        self.limit = stage.first;
        let this = &*self;
        let made: Vec<Result<Fragment, Diagnostic>> =
            todo.par_iter().map(|(_, k)| make(this, k)).collect();
        for ((id, _), fragment) in todo.iter().zip(made) {
            self.set_fragment(*id, fragment?, stage.first);
        }
        Ok(())
    }

    /// Minifies the scope's Markdown bodies, each once; each HTML body is dropped as soon as it
    /// is minified.
    fn make_bodies(&mut self, stage: &Stage<BodyKey>, scope: &Scope) {
        let mut todo: Vec<(usize, BodyKey, Body)> = Vec::new();
        for (id, key) in (stage.first..).zip(&stage.keys) {
            let body = match *key {
                BodyKey::Service(si, li) if scope.services[si] => self.bodies[si][li].take(),
                BodyKey::Page(pi, li) if scope.pages[pi] => self.page_bodies[pi][li].take(),
                // The booklet and regional versions are made with the service's body.
                _ => None,
            };
            if let Some(body) = body {
                todo.push((id, *key, body));
            }
        }
        let this = &*self;
        let made: Vec<Vec<(usize, Fragment)>> = todo
            .into_par_iter()
            .map(|(id, key, body)| match key {
                // The booklet version has the next id.
                BodyKey::Service(si, li) => {
                    let mut out = vec![(id, this.body_fragment(body.html))];
                    for (ri, html) in body.regional {
                        if let Some(&leaflet) = this.regional_body_fragments.get(&(si, li, ri)) {
                            out.push((leaflet, this.body_fragment(html)));
                        }
                    }
                    out
                }
                _ => vec![(id, this.body_fragment(body.html))],
            })
            .collect();
        for (id, fragment) in made.into_iter().flatten() {
            self.set_body(id, fragment);
        }
    }
}
