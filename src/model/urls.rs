//! The URL scheme: where every page kind lives, in one place. Paths are site-relative
//! (no leading slash, a trailing slash for folders); [`Site::url`] adds the base path.

use super::{Site, Translated};

pub(super) fn normalise_base_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("'{url}' is not a web address starting with https:// or http://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(format!("'{url}' has no host name"));
    }
    let path = path.trim_end_matches('/');
    let base_path = if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    };
    let scheme = if url.starts_with("https") {
        "https"
    } else {
        "http"
    };
    Ok((format!("{scheme}://{host}{base_path}"), base_path))
}

impl Site {
    pub fn default_lang(&self) -> &str {
        &self.languages[0].code
    }

    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.as_str())
    }

    /// Site-relative paths of each page kind (no leading slash, trailing slash for folders).
    pub fn home_path(&self, lang: usize) -> String {
        format!("{}/", self.languages[lang].code)
    }

    pub fn service_path(&self, si: usize, lang: usize) -> String {
        format!(
            "{}/{}/{}/",
            self.languages[lang].code,
            self.sections[lang].services,
            self.services[si].slug(lang)
        )
    }

    pub fn page_path(&self, pi: usize, lang: usize) -> String {
        format!(
            "{}/{}/",
            self.languages[lang].code,
            self.pages[pi].slug(lang)
        )
    }

    /// A service's leaflet with one region's contacts (or none, for a service without regions).
    pub fn leaflet_path(&self, si: usize, region: Option<usize>, lang: usize) -> String {
        let base = format!(
            "{}{}/",
            self.service_path(si, lang),
            self.sections[lang].print
        );
        match region {
            Some(ri) => format!("{base}{}/", self.regions[ri].slugs[lang]),
            None => base,
        }
    }

    /// The PDF of a leaflet, in the leaflet's folder: `perhetyo-kainuu.pdf`.
    pub fn leaflet_pdf_name(&self, si: usize, region: Option<usize>, lang: usize) -> String {
        match region {
            Some(ri) => format!(
                "{}-{}.pdf",
                self.services[si].slug(lang),
                self.regions[ri].slugs[lang]
            ),
            None => format!("{}.pdf", self.services[si].slug(lang)),
        }
    }

    pub fn booklet_pdf_name(&self, ri: usize, lang: usize) -> String {
        format!("{}.pdf", self.regions[ri].slugs[lang])
    }

    /// Every print page with the name of its PDF: what `esite pdf` prints.
    pub fn print_pages(&self) -> Vec<(String, String)> {
        let mut pages = Vec::new();
        for li in 0..self.languages.len() {
            for (si, s) in self.services.iter().enumerate() {
                if s.translations[li].is_none() {
                    continue;
                }
                let regions: Vec<Option<usize>> = if s.regions.is_empty() {
                    vec![None]
                } else {
                    s.regions.iter().map(|r| Some(*r)).collect()
                };
                for r in regions {
                    pages.push((
                        self.leaflet_path(si, r, li),
                        self.leaflet_pdf_name(si, r, li),
                    ));
                }
            }
            for ri in 0..self.regions.len() {
                pages.push((self.booklet_path(ri, li), self.booklet_pdf_name(ri, li)));
            }
        }
        pages
    }

    /// Every service a region offers, as one printable booklet.
    pub fn booklet_path(&self, ri: usize, lang: usize) -> String {
        format!(
            "{}{}/",
            self.region_path(ri, lang),
            self.sections[lang].print
        )
    }

    pub fn regions_path(&self, lang: usize) -> String {
        format!(
            "{}/{}/",
            self.languages[lang].code, self.sections[lang].regions
        )
    }

    pub fn region_path(&self, ri: usize, lang: usize) -> String {
        format!(
            "{}{}/",
            self.regions_path(lang),
            self.regions[ri].slugs[lang]
        )
    }

    pub fn municipalities_path(&self, lang: usize) -> String {
        format!(
            "{}/{}/",
            self.languages[lang].code, self.sections[lang].municipalities
        )
    }

    pub fn municipality_path(&self, mi: usize, lang: usize) -> String {
        format!(
            "{}{}/",
            self.municipalities_path(lang),
            self.municipalities[mi].slugs[lang]
        )
    }

    pub fn accessibility_path(&self, lang: usize) -> String {
        format!(
            "{}/{}/",
            self.languages[lang].code, self.sections[lang].accessibility
        )
    }

    /// The site search: its page, and the index it reads beside it.
    pub fn search_path(&self, lang: usize) -> String {
        format!(
            "{}/{}/",
            self.languages[lang].code, self.sections[lang].search
        )
    }

    /// A link target: the base path plus the site-relative path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// Services that a region offers, in the site's order.
    pub fn services_in_region(&self, ri: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.services.len()).filter(move |si| self.services[*si].regions.contains(&ri))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-language site in memory: a service with an English slug of its own and two
    /// regions (one with a slug per language), through the real parse and resolve.
    fn site(base_url: &str) -> Site {
        use crate::load::{Bundle, Source, Sources};
        let source = |path: &str, text: &str| Source {
            path: path.into(),
            text: text.to_string(),
        };
        let yaml = format!(
            "languages:\n  - {{ code: fi, name: Suomeksi }}\n  - {{ code: en, name: In English }}\n\
             base_url: {base_url}\ntitle: {{ fi: T, en: T }}\norganisation: {{ fi: O, en: O }}\n"
        );
        let md = |title: &str, extra: &str| {
            format!("---\ntitle: {title}\nsummary: S.\n{extra}---\nTeksti.\n")
        };
        let sources = Sources {
            root: "/nonexistent-esite-urls".into(),
            site: Some(source("content/site.yaml", &yaml)),
            pictures: Vec::new(),
            services: vec![Bundle {
                id: "perhetyo".into(),
                dir: "content/services/perhetyo".into(),
                documents: vec![
                    (
                        "fi".into(),
                        source(
                            "content/services/perhetyo/fi.md",
                            &md("Perhetyö", "regions: [kainuu, pohjois-savo]\n"),
                        ),
                    ),
                    (
                        "en".into(),
                        source(
                            "content/services/perhetyo/en.md",
                            &md("Family work", "slug: family-work\n"),
                        ),
                    ),
                ],
                assets: Vec::new(),
            }],
            pages: Vec::new(),
            regions: vec![
                (
                    "kainuu".into(),
                    source(
                        "content/regions/kainuu.yaml",
                        "name: Kainuu\nmunicipalities: [{ name: Kajaani }]\n",
                    ),
                ),
                (
                    "pohjois-savo".into(),
                    source(
                        "content/regions/pohjois-savo.yaml",
                        "name: { fi: Pohjois-Savo, en: North Savo }\n\
                         slug: { fi: pohjois-savo, en: north-savo }\n\
                         municipalities: [{ name: Kuopio }]\n",
                    ),
                ),
            ],
            themes_dir: "/nonexistent-esite-urls/themes".into(),
        };
        let (parsed, mut diags) = crate::parse::parse(sources);
        let codes = ["fi".to_string(), "en".to_string()];
        let theme = crate::theme::load(&parsed.root, &parsed.themes_dir, "default", &codes)
            .unwrap_or_else(|d| panic!("{d:?}"));
        let site = super::super::resolve(parsed, &theme, &mut diags);
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        site.expect("the test site resolves")
    }

    #[test]
    fn every_page_kind_has_its_place_in_each_language() {
        let s = site("https://example.fi/");
        let kajaani = s
            .municipalities
            .iter()
            .position(|m| m.slugs[0] == "kajaani");
        let kajaani = kajaani.expect("Kajaani is in the finder");
        assert_eq!(s.home_path(0), "fi/");
        assert_eq!(s.service_path(0, 0), "fi/palvelut/perhetyo/");
        assert_eq!(s.service_path(0, 1), "en/services/family-work/");
        assert_eq!(
            s.leaflet_path(0, Some(0), 0),
            "fi/palvelut/perhetyo/tulosta/kainuu/"
        );
        assert_eq!(
            s.leaflet_path(0, Some(1), 1),
            "en/services/family-work/print/north-savo/"
        );
        assert_eq!(s.leaflet_path(0, None, 1), "en/services/family-work/print/");
        assert_eq!(
            s.leaflet_pdf_name(0, Some(1), 1),
            "family-work-north-savo.pdf"
        );
        assert_eq!(s.leaflet_pdf_name(0, None, 0), "perhetyo.pdf");
        assert_eq!(s.regions_path(1), "en/regions/");
        assert_eq!(s.region_path(1, 0), "fi/alueet/pohjois-savo/");
        assert_eq!(s.region_path(1, 1), "en/regions/north-savo/");
        assert_eq!(s.booklet_path(0, 0), "fi/alueet/kainuu/tulosta/");
        assert_eq!(s.booklet_pdf_name(1, 1), "north-savo.pdf");
        assert_eq!(s.municipalities_path(0), "fi/kunnat/");
        assert_eq!(
            s.municipality_path(kajaani, 1),
            "en/municipalities/kajaani/"
        );
        assert_eq!(s.accessibility_path(1), "en/accessibility-statement/");
        assert_eq!(s.search_path(0), "fi/haku/");
        assert_eq!(s.search_path(1), "en/search/");
    }

    #[test]
    fn links_carry_the_base_path_and_absolute_addresses_the_host() {
        let s = site("https://example.fi/perhe");
        assert_eq!(s.url(&s.service_path(0, 0)), "/perhe/fi/palvelut/perhetyo/");
        assert_eq!(
            s.absolute_url(&s.region_path(1, 1)),
            "https://example.fi/perhe/en/regions/north-savo/"
        );
    }

    #[test]
    fn esite_pdf_prints_each_leaflet_and_booklet_once_per_language() {
        let s = site("https://example.fi/");
        let pages = s.print_pages();
        // Two leaflets (one per region) and two booklets, in two languages.
        assert_eq!(pages.len(), 8);
        assert!(pages.contains(&(
            "en/regions/north-savo/print/".to_string(),
            "north-savo.pdf".to_string()
        )));
    }

    #[test]
    fn base_url_keeps_its_path_for_subpath_hosting() {
        assert_eq!(
            normalise_base_url("https://example.fi/perhe").unwrap(),
            ("https://example.fi/perhe/".into(), "/perhe/".into())
        );
        assert_eq!(
            normalise_base_url("http://127.0.0.1:1111").unwrap(),
            ("http://127.0.0.1:1111/".into(), "/".into())
        );
        assert!(normalise_base_url("example.fi").is_err());
    }
}
