//! Resolving a free page (content/pages/): its folder of translations.

use super::checks::Checker;
use super::translation::translation;
use super::*;
use crate::parse::ParsedBundle;

pub(super) fn resolve(
    bundle: ParsedBundle,
    codes: &[String],
    ctx: &mut Checker,
) -> Option<FreePage> {
    if let Err(e) = slug::check(&bundle.id) {
        ctx.diags.push(Diagnostic::error(
            &bundle.dir,
            format!(
                "the folder name '{}' cannot be used as an id: {e}",
                bundle.id
            ),
        ));
        return None;
    }
    let mut translations: Vec<Option<Translation>> = codes.iter().map(|_| None).collect();
    for doc in bundle.documents {
        let Some(li) = codes.iter().position(|c| *c == doc.lang) else {
            ctx.diags.push(Diagnostic::warning(
                &doc.source.path,
                format!(
                    "'{}' is not one of the site's languages, so this file is not used",
                    doc.lang
                ),
            ));
            continue;
        };
        let file = doc.source.path.clone();
        for (key, given) in [
            ("regions", doc.meta.regions.is_some()),
            ("topics", doc.meta.topics.is_some()),
        ] {
            if given {
                let (line, col, width) = diag::locate(&doc.source.text, key, key);
                ctx.diags.push(
                    Diagnostic::warning(&file, format!("'{key}' has no effect on a free page"))
                        .at(&doc.source.text, line, col)
                        .width(width),
                );
            }
        }
        translations[li] = translation(doc, ctx, &file);
    }
    if translations[0].is_none() && bundle.broken.contains(&codes[0]) {
        return None;
    }
    if translations[0].is_none() {
        ctx.diags.push(Diagnostic::error(
            &bundle.dir,
            format!(
                "this page has no text in the default language ({}.md)",
                codes[0]
            ),
        ));
        return None;
    }
    let folder = assets::Folder {
        dir: &bundle.dir,
        files: bundle.assets,
        print: None,
    };
    let assets = assets::publish(folder, &translations, ctx);
    Some(FreePage {
        id: bundle.id,
        dir: bundle.dir,
        translations,
        assets,
    })
}
