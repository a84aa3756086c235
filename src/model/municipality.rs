//! The municipality finder: every municipality the regions list, each once, with the places
//! (region and area) it belongs to.

use super::checks::Checker;
use super::*;

/// The finder as regions are resolved: municipalities in the order first met.
#[derive(Default)]
pub(super) struct Finder {
    municipalities: Vec<Municipality>,
    /// Slug → position, so adding a municipality is not a search through all of them.
    index: HashMap<String, usize>,
}

impl Finder {
    /// Adds a municipality a region (or one of its areas) lists, and returns the region's
    /// reference to it.
    pub(super) fn add(
        &mut self,
        m: RawMunicipality,
        (region, area): (usize, Option<usize>),
        (file, text): (&PathBuf, &str),
        default: &str,
        ctx: &mut Checker,
    ) -> MunicipalityRef {
        ctx.localized(file, text, "name", &m.name);
        if let Some(code) = &m.code
            && (code.len() != 3 || !code.chars().all(|c| c.is_ascii_digit()))
        {
            let (line, col, width) = diag::locate(text, "code", code);
            ctx.diags.push(
                Diagnostic::error(file, format!("'{code}' is not a municipality code"))
                    .at(text, line, col)
                    .width(width)
                    .hint("official codes have three digits, in quotes: \"297\""),
            );
        }
        let slug = slug::slugify(m.name.get(default, default).0);
        let fi = match self.index.get(&slug).copied() {
            Some(i) => i,
            None => {
                self.municipalities.push(Municipality {
                    name: m.name.clone(),
                    slug: slug.clone(),
                    code: m.code.clone(),
                    part_of: m.part_of.clone(),
                    places: Vec::new(),
                });
                self.index.insert(slug, self.municipalities.len() - 1);
                self.municipalities.len() - 1
            }
        };
        let found = &mut self.municipalities[fi];
        if found.code.is_none() {
            found.code = m.code.clone();
        }
        found.places.push((region, area, m.note.clone()));
        MunicipalityRef {
            name: m.name,
            code: m.code,
            note: m.note,
            part_of: m.part_of,
            finder: fi,
        }
    }

    /// The finder in alphabetical order, with the regions' references pointed at the new
    /// positions.
    pub(super) fn sorted(self, regions: &mut [Region], default: &str) -> Vec<Municipality> {
        let mut finder = self.municipalities;
        finder.sort_by(|a, b| {
            slug::collate(
                a.name.get(default, default).0,
                b.name.get(default, default).0,
            )
        });
        let order: HashMap<String, usize> = finder
            .iter()
            .enumerate()
            .map(|(i, m)| (m.slug.clone(), i))
            .collect();
        for r in regions {
            for m in r
                .municipalities
                .iter_mut()
                .chain(r.areas.iter_mut().flat_map(|a| a.municipalities.iter_mut()))
            {
                m.finder = order[&slug::slugify(m.name.get(default, default).0)];
            }
        }
        finder
    }
}
