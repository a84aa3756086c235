//! A municipality's page: the services and phone lines of the areas it belongs to.

use super::prelude::*;

#[derive(Serialize)]
pub struct MunicipalityPlace {
    pub heading: String,
    pub region_url: String,
    /// The region's services and the area's contacts, rendered once for every municipality
    /// of the area (`municipality-place.html`).
    pub body_html: String,
}

#[derive(Serialize)]
pub struct MunicipalityView<'a> {
    pub name: Text<'a>,
    pub code: Option<&'a str>,
    pub part_of: Option<MunicipalityItem<'a>>,
    pub places: Vec<MunicipalityPlace>,
    pub finder_url: String,
}

impl<'a> Renderer<'a> {
    /// A municipality's page: the services and phone lines of the areas it belongs to.
    pub(super) fn municipality(&self, locals: &Locals, mi: usize, li: usize) -> Page<'a> {
        let site = self.site;
        let mut page = Page::new("municipality.html", Kind::Municipality(mi), li);
        let m = &site.municipalities[mi];
        let t = self.strings(li);
        let name = self.text(&m.name, li);
        let summary = format!("{} {}", t.text("municipality_summary"), name.text);
        let mut base = self.base(Kind::Municipality(mi), li, name.text, &summary);
        base.json_ld = Some(self.json_ld_local(locals, self.municipality_json_ld(mi, li)));
        page.data.insert("base", base);
        let places = m
            .places
            .iter()
            .map(|(ri, ai, _)| {
                let region = self.region_name(*ri, li);
                let heading = match ai {
                    Some(ai) => format!(
                        "{}, {}",
                        region.text,
                        self.text(&site.regions[*ri].areas[*ai].name, li).text
                    ),
                    None => region.text.to_string(),
                };
                MunicipalityPlace {
                    heading,
                    region_url: site.url(&site.region_path(*ri, li)),
                    body_html: placeholder(self.places[li][&(*ri, *ai)]),
                }
            })
            .collect();
        // By the name as written; by address only where no name matches exactly, since two
        // different places may share an address's base.
        let part_of = m.part_of.as_ref().and_then(|p| {
            let default = site.default_lang();
            let p = p.get(default, default).0;
            let slug = model::slug::slugify(p);
            site.municipalities
                .iter()
                .position(|x| x.name.get(default, default).0 == p)
                .or_else(|| site.municipalities.iter().position(|x| x.slugs[0] == slug))
                .map(|pi| self.municipality_item(pi, li))
        });
        let view = MunicipalityView {
            name,
            code: m.code.as_deref(),
            part_of,
            places,
            finder_url: site.url(&site.municipalities_path(li)),
        };
        page.data.insert("page", view);
        page
    }
}
