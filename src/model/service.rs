//! Resolving a service: its folder of translations, the fields they share, its topics.

use super::checks::Checker;
use super::translation::{check_staleness, translation};
use super::*;
use crate::parse::ParsedBundle;

/// Resolves a service folder; returns the service and the region ids its front matter
/// lists (found once the regions are resolved).
pub(super) fn resolve(
    bundle: ParsedBundle,
    codes: &[String],
    topics: &[Topic],
    site_paper: Paper,
    print: &[&str],
    ctx: &mut Checker,
) -> Option<(Service, Vec<String>)> {
    if let Err(e) = slug::check(&bundle.id) {
        ctx.diags.push(
            Diagnostic::error(
                &bundle.dir,
                format!(
                    "the folder name '{}' cannot be used as an id: {e}",
                    bundle.id
                ),
            )
            .hint("rename the folder; its name is the service's id and default URL"),
        );
        return None;
    }
    let mut translations: Vec<Option<Translation>> = codes.iter().map(|_| None).collect();
    let mut shared: Option<(Vec<String>, Vec<String>)> = None;
    let mut paper = None;
    let mut ptv_id = None;
    let mut docs = bundle.documents;
    // The default language's document decides the shared fields, so read it first.
    docs.sort_by_key(|d| {
        codes
            .iter()
            .position(|c| *c == d.lang)
            .unwrap_or(usize::MAX)
    });
    for doc in docs {
        let Some(li) = codes.iter().position(|c| *c == doc.lang) else {
            ctx.diags.push(
                Diagnostic::warning(
                    &doc.source.path,
                    format!(
                        "'{}' is not one of the site's languages ({}), so this file is not used",
                        doc.lang,
                        codes.join(", ")
                    ),
                )
                .hint("name the file after a language in site.yaml, such as fi.md"),
            );
            continue;
        };
        let fm = &doc.meta;
        let text = doc.source.text.as_str();
        let file = doc.source.path.clone();
        if li == 0 {
            shared = Some(shared_fields(fm, (&file, text), topics, ctx));
            paper = fm.paper;
            ptv_id = fm.ptv_id.clone();
        } else if let Some(shared) = &shared {
            check_shared(fm, shared, (&file, text), &codes[0], ctx);
        }
        if let Some(t) = translation(doc, ctx, &file) {
            translations[li] = Some(t);
        }
    }
    let Some((region_ids, topic_ids)) = shared else {
        if bundle.broken.contains(&codes[0]) {
            return None;
        }
        ctx.diags.push(
            Diagnostic::error(
                &bundle.dir,
                format!(
                    "this service has no text in the default language ({}.md)",
                    codes[0]
                ),
            )
            .hint(format!(
                "add {}/{}.md; the default language's file is where a service starts",
                bundle.dir.display(),
                codes[0]
            )),
        );
        return None;
    };
    // Its problems are already reported; without the default text there is no service.
    translations[0].as_ref()?;
    check_staleness(&translations, codes, ctx);
    let missing: Vec<&str> = codes
        .iter()
        .zip(&translations)
        .filter(|(_, t)| t.is_none())
        .map(|(c, _)| c.as_str())
        .collect();
    if !missing.is_empty() {
        ctx.diags.push(
            Diagnostic::warning(&bundle.dir, format!("not yet translated: {}", missing.iter().map(|m| format!("{m}.md")).collect::<Vec<_>>().join(", ")))
                .hint("until then those languages show a page that says so and links to the versions that exist"),
        );
    }
    let topics = topic_ids
        .iter()
        .filter_map(|t| topics.iter().position(|x| &x.id == t))
        .collect();
    let folder = assets::Folder {
        dir: &bundle.dir,
        files: bundle.assets,
        print: Some(print.to_vec()),
    };
    let assets = assets::publish(folder, &translations, ctx);
    let service = Service {
        id: bundle.id,
        dir: bundle.dir,
        regions: Vec::new(),
        topics,
        paper: paper.unwrap_or(site_paper),
        translations,
        assets,
        ptv_id,
    };
    Some((service, region_ids))
}

/// The fields the default language's front matter decides for every language: regions and
/// topics.
fn shared_fields(
    fm: &RawFrontMatter,
    (file, text): (&PathBuf, &str),
    topics: &[Topic],
    ctx: &mut Checker,
) -> (Vec<String>, Vec<String>) {
    let regions = fm.regions.clone().unwrap_or_default();
    let topic_ids = fm.topics.clone().unwrap_or_default();
    if fm.regions.is_none() {
        ctx.diags.push(
            Diagnostic::warning(
                file,
                "the service names no regions, so its page shows no contacts",
            )
            .at(text, 1, 1)
            .hint("add 'regions: [region-id]' to the front matter"),
        );
    }
    for t in &topic_ids {
        if !topics.iter().any(|x| &x.id == t) {
            let (line, col, width) = diag::locate(text, "topics", t);
            let known: Vec<&str> = topics.iter().map(|x| x.id.as_str()).collect();
            let hint = match diag::suggest(t, known.iter().copied()) {
                Some(s) => {
                    format!("did you mean '{s}'? Topics are listed in content/site.yaml")
                }
                None => {
                    format!("known topics: {} (in content/site.yaml)", known.join(", "))
                }
            };
            ctx.diags.push(
                Diagnostic::error(file, format!("unknown topic '{t}'"))
                    .at(text, line, col)
                    .width(width)
                    .hint(hint),
            );
        }
    }
    (regions, topic_ids)
}

/// A translation may repeat the shared fields, but only as they are in the default language.
fn check_shared(
    fm: &RawFrontMatter,
    (regions, topic_ids): &(Vec<String>, Vec<String>),
    (file, text): (&PathBuf, &str),
    default: &str,
    ctx: &mut Checker,
) {
    for (key, given, expected) in [
        ("regions", &fm.regions, regions),
        ("topics", &fm.topics, topic_ids),
    ] {
        if let Some(given) = given
            && given != expected
        {
            let (line, col, width) = diag::locate(text, key, key);
            ctx.diags.push(
                Diagnostic::error(file, format!("'{key}' differs from the {} file", default))
                    .at(text, line, col)
                    .width(width)
                    .hint(format!("'{key}' belongs to the service, not a language: remove it here, or make it the same as in {}.md", default)),
            );
        }
    }
}
