//! sitemap.xml: every translated page with its language versions, for search engines.

use crate::model::Site;

/// Every translated page with its language versions, for search engines.
pub(crate) fn sitemap(site: &Site) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let n = site.languages.len();
    let mut groups: Vec<Vec<Option<String>>> = Vec::new();
    groups.push((0..n).map(|li| Some(site.home_path(li))).collect());
    groups.push((0..n).map(|li| Some(site.regions_path(li))).collect());
    groups.push(
        (0..n)
            .map(|li| Some(site.municipalities_path(li)))
            .collect(),
    );
    if site.accessibility.is_some() {
        groups.push((0..n).map(|li| Some(site.accessibility_path(li))).collect());
    }
    for (si, s) in site.services.iter().enumerate() {
        groups.push(
            (0..n)
                .map(|li| {
                    s.translations[li]
                        .as_ref()
                        .map(|_| site.service_path(si, li))
                })
                .collect(),
        );
    }
    for (pi, p) in site.pages.iter().enumerate() {
        groups.push(
            (0..n)
                .map(|li| p.translations[li].as_ref().map(|_| site.page_path(pi, li)))
                .collect(),
        );
    }
    for ri in 0..site.regions.len() {
        groups.push((0..n).map(|li| Some(site.region_path(ri, li))).collect());
    }
    for mi in 0..site.municipalities.len() {
        groups.push(
            (0..n)
                .map(|li| Some(site.municipality_path(mi, li)))
                .collect(),
        );
    }
    for group in groups {
        for path in group.iter().flatten() {
            out.push_str("<url><loc>");
            out.push_str(&xml_escape(&site.absolute_url(path)));
            out.push_str("</loc>");
            for (lj, alt) in group.iter().enumerate() {
                if let Some(alt) = alt {
                    out.push_str(&format!(
                        "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                        site.languages[lj].code,
                        xml_escape(&site.absolute_url(alt))
                    ));
                }
            }
            out.push_str("</url>\n");
        }
    }
    out.push_str("</urlset>\n");
    out
}

pub(crate) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
