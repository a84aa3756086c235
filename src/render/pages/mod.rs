//! One module per page kind. Each owns the view struct its template receives and the
//! function that fills it from the model; [`Renderer::page`] runs the right one for a job and
//! turns what it returns into files.

mod accessibility;
mod booklet;
mod booklet_body;
mod chooser;
mod finder;
mod free_page;
mod home;
mod leaflet;
mod municipality;
mod not_found;
mod region;
mod regions;
mod search;
mod service;
pub(super) mod sitemap;
mod untranslated;

pub(super) use booklet_body::for_booklet;

/// What every page module needs.
mod prelude {
    pub(super) use super::Page;
    pub(super) use crate::diag::Diagnostic;
    pub(super) use crate::model::{self, Translated};
    pub(super) use crate::render::Renderer;
    pub(super) use crate::render::contacts::{Shown, phone_view};
    pub(super) use crate::render::jobs::Kind;
    pub(super) use crate::render::splice::{Locals, placeholder};
    pub(super) use crate::render::views::*;
    pub(super) use serde::Serialize;
}

use super::data::Data;
use super::jobs::{Job, Kind, index_file};
use super::splice::Locals;
use super::{OutputFile, Renderer};
use crate::diag::Diagnostic;
use std::sync::Arc;

/// A page's template and data, before it is rendered.
pub(super) struct Page<'a> {
    pub(super) template: &'static str,
    pub(super) kind: Kind,
    pub(super) li: usize,
    pub(super) data: Data<'a>,
    /// Files that go beside the page, such as its QR code.
    pub(super) extra: Vec<(String, Arc<Vec<u8>>)>,
}

impl<'a> Page<'a> {
    pub(super) fn new(template: &'static str, kind: Kind, li: usize) -> Page<'a> {
        Page {
            template,
            kind,
            li,
            data: Data::default(),
            extra: Vec::new(),
        }
    }
}

impl<'a> Renderer<'a> {
    /// Makes the files of one job: its page and the files beside it.
    pub(super) fn page(&self, job: &Job) -> Result<Vec<OutputFile>, Diagnostic> {
        // Fragments made for this page alone (a contact block with its service's own notes).
        let locals = Locals::default();
        let page = match *job {
            Job::Home(li) => self.home(li),
            Job::Regions(li) => self.regions(li),
            Job::Finder(li) => self.finder(li),
            Job::NotFound(li) => self.not_found(li),
            Job::Accessibility(li) => self.accessibility(li),
            Job::Search(li) => self.search(li),
            Job::Service(si, li) => self.service(&locals, si, li)?,
            Job::Page(pi, li) => self.free_page(pi, li),
            Job::Region(ri, li) => self.region(&locals, ri, li)?,
            Job::Municipality(mi, li) => self.municipality(&locals, mi, li),
            Job::Leaflet(si, ri, li) => self.leaflet(&locals, si, ri, li)?,
            Job::Booklet(ri, li) => self.booklet(&locals, ri, li)?,
            Job::Chooser => {
                let mut page = self.chooser();
                page.data.strings(self.strings(page.li));
                let html = self.run(page.template, page.data, &locals)?;
                return Ok(vec![OutputFile {
                    path: "index.html".into(),
                    bytes: html,
                    copy_from: None,
                }]);
            }
        };
        let Page {
            template,
            kind,
            li,
            mut data,
            extra,
        } = page;
        data.strings(self.strings(li));
        let mut html = self.run(template, data, &locals)?;
        if let Kind::Leaflet(..) = kind
            && let Some(once) = super::print_urls::once_per_page(&html)
        {
            html = Arc::new(once);
        }
        let dir = self.path_of(kind, li);
        let path = index_file(dir.clone());
        let mut out = vec![OutputFile {
            path,
            bytes: html,
            copy_from: None,
        }];
        out.extend(extra.into_iter().map(|(name, bytes)| OutputFile {
            path: format!("{dir}{name}"),
            bytes,
            copy_from: None,
        }));
        Ok(out)
    }
}
