//! The municipality finder: every municipality the regions list, each once, with the places
//! (region and area) it belongs to.
//!
//! Two entries are one municipality only when their official codes agree, or, where one of
//! them has no code, when their names are written exactly alike. Page addresses come from
//! names, and different names can give the same address ("Sää" and "Saa"): a place never
//! merges into another by its address, since its page would then show the other place's
//! phone lines. It gets an address of its own instead.

use super::checks::Checker;
use super::official;
use super::*;
use std::ops::Range;

/// The finder as regions are resolved: municipalities in the order first met.
pub(super) struct Finder {
    /// The site's languages, the default first.
    codes: Vec<String>,
    municipalities: Vec<Municipality>,
    /// Official code → position.
    by_code: HashMap<String, usize>,
    /// Default-language name, exactly as written → positions (one per code it was met with).
    by_name: HashMap<String, Vec<usize>>,
    /// Per language: page address → position, so each address is given once.
    by_slug: Vec<HashMap<String, usize>>,
    /// Where each municipality was first met, and its name there (for messages).
    first_seen: Vec<(PathBuf, String)>,
}

impl Finder {
    pub(super) fn new(codes: &[String]) -> Finder {
        Finder {
            codes: codes.to_vec(),
            municipalities: Vec::new(),
            by_code: HashMap::new(),
            by_name: HashMap::new(),
            by_slug: vec![HashMap::new(); codes.len()],
            first_seen: Vec::new(),
        }
    }

    /// Adds a municipality a region (or one of its areas) lists, and returns the region's
    /// reference to it. `entry` is where the entry is in the file, when known: its problems
    /// are pointed out there.
    pub(super) fn add(
        &mut self,
        (m, entry): (RawMunicipality, Option<Range<usize>>),
        place: (usize, Option<usize>),
        (file, text): (&PathBuf, &str),
        ctx: &mut Checker,
    ) -> MunicipalityRef {
        ctx.within(entry, |ctx| self.add_entry(m, place, (file, text), ctx))
    }

    fn add_entry(
        &mut self,
        m: RawMunicipality,
        (region, area): (usize, Option<usize>),
        (file, text): (&PathBuf, &str),
        ctx: &mut Checker,
    ) -> MunicipalityRef {
        let default = self.codes[0].clone();
        let default = default.as_str();
        let code = m.code.as_ref().filter(|code| {
            let ok = code.len() == 3 && code.chars().all(|c| c.is_ascii_digit());
            if !ok {
                let (line, col, width) = ctx.locate(text, "code", code);
                ctx.diags.push(
                    Diagnostic::error(file, format!("'{code}' is not a municipality code"))
                        .at(text, line, col)
                        .width(width)
                        .hint("official codes have three digits, in quotes: \"297\""),
                );
            }
            ok
        });
        let (names, code) = official::names(&m, code, &self.codes, (file, text), ctx);
        let code = code.as_ref();
        let name = names.get(default, default).0.to_string();
        let fi = match self.find(&name, code, (file, text), ctx) {
            Some(i) => i,
            None => self.insert((&m, &names), &name, code, (file, text), ctx),
        };
        let found = &mut self.municipalities[fi];
        if found.code.is_none()
            && let Some(code) = code
        {
            found.code = Some(code.clone());
            self.by_code.insert(code.clone(), fi);
        }
        found.places.push((region, area, m.note.clone()));
        MunicipalityRef {
            name: names,
            code: code.cloned(),
            note: m.note,
            part_of: m.part_of,
            finder: fi,
        }
    }

    /// The page's URL name in language `li`: the editor's, or the name in that language.
    fn wanted_slug(
        &self,
        (m, names): (&RawMunicipality, &Localized),
        li: usize,
        (file, text): (&PathBuf, &str),
        ctx: &mut Checker,
    ) -> String {
        let code = &self.codes[li];
        if let Some(s) = m.slug.as_ref().and_then(|s| s.get(code)) {
            if let Err(e) = slug::check(s) {
                let (line, col, width) = ctx.locate(text, "slug", s);
                ctx.diags.push(
                    Diagnostic::error(file, format!("the slug '{s}' cannot be used: {e}"))
                        .at(text, line, col)
                        .width(width),
                );
            }
            return s.clone();
        }
        slug::slugify(names.get(code, &self.codes[0]).0)
    }

    /// The municipality already met that this entry names, if any.
    fn find(
        &self,
        name: &str,
        code: Option<&String>,
        (file, text): (&PathBuf, &str),
        ctx: &mut Checker,
    ) -> Option<usize> {
        if let Some(code) = code {
            if let Some(&i) = self.by_code.get(code) {
                return Some(i);
            }
            // The same name met without a code is this municipality; met with another code,
            // it is another one of the same name.
            return self
                .by_name
                .get(name)?
                .iter()
                .copied()
                .find(|&i| self.municipalities[i].code.is_none());
        }
        let same_name = self.by_name.get(name)?;
        if same_name.len() > 1 {
            let (line, col, width) = ctx.locate(text, "name", name);
            ctx.diags.push(
                Diagnostic::error(
                    file,
                    format!("there are several municipalities called '{name}' with different codes"),
                )
                .at(text, line, col)
                .width(width)
                .hint("give this one its official code, e.g. code: \"205\", so its phone lines go to the right page"),
            );
        }
        same_name.first().copied()
    }

    fn insert(
        &mut self,
        (m, names): (&RawMunicipality, &Localized),
        name: &str,
        code: Option<&String>,
        (file, text): (&PathBuf, &str),
        ctx: &mut Checker,
    ) -> usize {
        let fi = self.municipalities.len();
        let mut slugs = Vec::with_capacity(self.codes.len());
        for li in 0..self.codes.len() {
            let base = self.wanted_slug((m, names), li, (file, text), ctx);
            let mut slug = base.clone();
            if let Some(&other) = self.by_slug[li].get(&base) {
                let suffix = code.cloned().unwrap_or_else(|| (fi + 1).to_string());
                slug = format!("{base}-{suffix}");
                while self.by_slug[li].contains_key(&slug) {
                    slug.push('x');
                }
                let (line, col, width) = ctx.locate(text, "name", name);
                ctx.diags.push(
                    Diagnostic::warning(
                        file,
                        format!(
                            "'{name}' and '{}' ({}) are different municipalities with the same web address '{base}', so this one's page is at '{slug}'",
                            self.first_seen[other].1,
                            diag::display_path(&self.first_seen[other].0),
                        ),
                    )
                    .at(text, line, col)
                    .width(width)
                    .hint("if they are the same municipality, write its name the same way and give both the same official code; otherwise a 'slug' chooses the address"),
                );
            }
            self.by_slug[li].insert(slug.clone(), fi);
            slugs.push(slug);
        }
        self.municipalities.push(Municipality {
            name: names.clone(),
            slugs,
            code: code.cloned(),
            part_of: m.part_of.clone(),
            places: Vec::new(),
        });
        self.first_seen.push((file.clone(), name.to_string()));
        self.by_name.entry(name.to_string()).or_default().push(fi);
        if let Some(code) = code {
            self.by_code.insert(code.clone(), fi);
        }
        fi
    }

    /// The finder in the default language's alphabetical order, with the regions' references
    /// pointed at the new positions; and per language, the order of the names in that
    /// language.
    pub(super) fn sorted(self, regions: &mut [Region]) -> (Vec<Municipality>, Vec<Vec<usize>>) {
        let default = self.codes[0].as_str();
        let name_in = |m: &Municipality, code: &str| m.name.get(code, default).0.to_string();
        let mut order: Vec<usize> = (0..self.municipalities.len()).collect();
        // Ties (the same name, different codes) keep the order they were met in.
        order.sort_by(|&a, &b| {
            slug::collate(
                &name_in(&self.municipalities[a], default),
                &name_in(&self.municipalities[b], default),
            )
        });
        let mut new_position = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_position[old] = new;
        }
        for r in regions {
            for m in r
                .municipalities
                .iter_mut()
                .chain(r.areas.iter_mut().flat_map(|a| a.municipalities.iter_mut()))
            {
                m.finder = new_position[m.finder];
            }
        }
        let mut slots: Vec<Option<Municipality>> =
            self.municipalities.into_iter().map(Some).collect();
        let finder: Vec<Municipality> = order.iter().filter_map(|&old| slots[old].take()).collect();
        let per_language = self
            .codes
            .iter()
            .map(|code| {
                let names: Vec<String> = finder.iter().map(|m| name_in(m, code)).collect();
                let mut o: Vec<usize> = (0..finder.len()).collect();
                o.sort_by(|&a, &b| slug::collate(&names[a], &names[b]));
                o
            })
            .collect();
        (finder, per_language)
    }
}
