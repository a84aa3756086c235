//! One Markdown document in one language (a service's or a free page's): its front matter
//! checked, how it compares with the default-language text, and the URL names they use.

use super::checks::Checker;
use super::*;
use crate::parse::Document;

/// How a translation compares with the default-language text it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Staleness {
    /// No `translated_from`: nothing to compare (or the default-language text itself).
    NotRecorded,
    /// A `translated_from` that cannot be read.
    Unreadable,
    Current,
    /// What changed since, in words: "the title", "the section 'Mitä perhetyö on?'".
    Changed(Vec<String>),
}

/// Each translation of a service compared with its default-language text (`translations[0]`),
/// indexed like `translations`. One function for `check`'s warnings and the preview's status
/// page, so the two never disagree.
pub fn staleness(translations: &[Option<Translation>]) -> Vec<Staleness> {
    let mut out = vec![Staleness::NotRecorded; translations.len()];
    let Some(source) = translations.first().and_then(Option::as_ref) else {
        return out;
    };
    if translations
        .iter()
        .skip(1)
        .flatten()
        .all(|t| t.translated_from.is_none())
    {
        return out;
    }
    // Once per service, not per translation: the costly part is hashing the text.
    let current = fingerprint::of(&source.title, &source.summary, source.body());
    let names = fingerprint::section_names(source.body());
    for (i, t) in translations.iter().enumerate().skip(1) {
        let Some(recorded) = t.as_ref().and_then(|t| t.translated_from.as_ref()) else {
            continue;
        };
        out[i] = match fingerprint::Fingerprint::decode(recorded) {
            None => Staleness::Unreadable,
            Some(old) => {
                let changes = current.changes_since(&old, &names, "the opening text");
                match changes.is_empty() {
                    true => Staleness::Current,
                    false => Staleness::Changed(changes),
                }
            }
        };
    }
    out
}

/// Translations whose default-language text changed since they were made.
pub(super) fn check_staleness(
    translations: &[Option<Translation>],
    codes: &[String],
    ctx: &mut Checker,
) {
    for (t, state) in translations.iter().zip(staleness(translations)) {
        let Some(t) = t else { continue };
        let text = t.source.text.as_str();
        let at = |d: Diagnostic| {
            let (line, col, width) = diag::locate(text, "translated_from", "translated_from");
            d.at(text, line, col).width(width)
        };
        match state {
            Staleness::NotRecorded | Staleness::Current => {}
            Staleness::Unreadable => ctx.diags.push(
                at(Diagnostic::warning(
                    &t.source.path,
                    "'translated_from' cannot be read",
                ))
                .hint(format!(
                    "run: esite translated {}",
                    diag::display_path(&t.source.path)
                )),
            ),
            Staleness::Changed(changes) => ctx.diags.push(
                at(Diagnostic::warning(
                    &t.source.path,
                    format!(
                        "the {} text has changed since this translation was made: {}",
                        codes[0],
                        changes.join(", ")
                    ),
                ))
                .hint(format!(
                    "update the translation, then run: esite translated {}",
                    diag::display_path(&t.source.path)
                )),
            ),
        }
    }
}

pub(super) fn translation(doc: Document, ctx: &mut Checker, file: &PathBuf) -> Option<Translation> {
    let fm = &doc.meta;
    let text = doc.source.text.as_str();
    let mut ok = true;
    for (key, value, max) in [
        ("title", &fm.title, TITLE_MAX),
        ("summary", &fm.summary, SUMMARY_MAX),
    ] {
        let (line, col, _) = diag::locate(text, key, key);
        if value.trim().is_empty() {
            ctx.diags.push(
                Diagnostic::error(file, format!("the {key} is empty"))
                    .at(text, line, col)
                    .width(key.len())
                    .hint(if key == "title" {
                        "write the title after 'title:', e.g. title: Family counselling"
                    } else {
                        "write the summary after 'summary:': one sentence that says what the page offers and to whom"
                    }),
            );
            ok = false;
        } else if value.chars().count() > max {
            ctx.diags.push(
                Diagnostic::warning(
                    file,
                    format!(
                        "the {key} is {} characters long; keep it under {max}",
                        value.chars().count()
                    ),
                )
                .at(text, line, col)
                .width(key.len())
                .hint(if key == "title" {
                    "browser tabs and search results cut long titles off"
                } else {
                    "one short sentence: search results show about 160 characters"
                }),
            );
        }
    }
    if doc.body().trim().is_empty() {
        // A page made by `esite new` and given only its title would otherwise go out blank.
        let (line, _) = diag::line_col(text, doc.body_start.saturating_sub(1));
        ctx.diags.push(
            Diagnostic::warning(file, "the page has no text")
                .at(text, line, 1)
                .width(3)
                .hint(
                    "write the text in Markdown below this '---' line, starting with a ## heading",
                ),
        );
    }
    let slug = match &fm.slug {
        Some(s) => {
            if let Err(e) = slug::check(s) {
                let (line, col, width) = diag::locate(text, "slug", s);
                ctx.diags.push(
                    Diagnostic::error(file, format!("the slug '{s}' cannot be used: {e}"))
                        .at(text, line, col)
                        .width(width),
                );
                ok = false;
            }
            s.clone()
        }
        None => doc
            .source
            .path
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let updated = fm
        .updated
        .as_ref()
        .and_then(|u| ctx.date(file, text, "updated", u));
    if !ok {
        return None;
    }
    Some(Translation {
        title: fm.title.trim().to_string(),
        summary: fm.summary.trim().to_string(),
        slug,
        legal_basis: fm.legal_basis.clone(),
        keywords: fm
            .keywords
            .iter()
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect(),
        updated,
        translated_from: fm.translated_from.clone(),
        files: fm.files.clone(),
        body_start: doc.body_start,
        source: doc.source,
    })
}

/// Two pages may not share a URL: slugs are unique per language and section.
pub(super) fn check_slugs(
    services: &[Service],
    pages: &[FreePage],
    sections: &[Sections],
    codes: &[String],
    ctx: &mut Checker,
) {
    for li in 0..codes.len() {
        let mut seen: HashMap<String, (PathBuf, Option<&Translation>)> = HashMap::new();
        for s in services {
            let slug = s.slug(li).to_string();
            let t = s.translations[li].as_ref();
            let file = t.map_or(s.dir.clone(), |t| t.source.path.clone());
            if let Some(other) = seen.insert(slug.clone(), (file.clone(), t)) {
                push_duplicate(ctx, (&file, t), (&other.0, other.1), &slug);
            }
        }
        let reserved = [
            &sections[li].services,
            &sections[li].regions,
            &sections[li].municipalities,
            &sections[li].accessibility,
            &sections[li].search,
        ];
        let mut seen_pages: HashMap<String, (PathBuf, Option<&Translation>)> = HashMap::new();
        for p in pages {
            let slug = p.slug(li).to_string();
            let file = p.translations[li]
                .as_ref()
                .map_or(p.dir.clone(), |t| t.source.path.clone());
            if reserved.iter().any(|r| **r == slug) || slug == "404" {
                let (line, col, width) = p.translations[li]
                    .as_ref()
                    .map_or((0, 0, 1), |t| diag::locate(&t.source.text, "slug", &slug));
                let text = p.translations[li]
                    .as_ref()
                    .map_or("", |t| t.source.text.as_str());
                ctx.diags.push(
                    Diagnostic::error(
                        &file,
                        format!("the page's URL name '{slug}' is taken by a section of the site"),
                    )
                    .at(text, line, col)
                    .width(width)
                    .hint("give the page another 'slug'"),
                );
            } else if let Some(other) =
                seen_pages.insert(slug.clone(), (file.clone(), p.translations[li].as_ref()))
            {
                push_duplicate(
                    ctx,
                    (&file, p.translations[li].as_ref()),
                    (&other.0, other.1),
                    &slug,
                );
            }
        }
    }
}

/// Reports a shared URL name at the file whose `slug:` line made it, naming the other file.
pub(super) fn push_duplicate(
    ctx: &mut Checker,
    a: (&PathBuf, Option<&Translation>),
    b: (&PathBuf, Option<&Translation>),
    slug: &str,
) {
    let has_slug_line = |t: Option<&Translation>| {
        t.is_some_and(|t| {
            t.source
                .text
                .lines()
                .any(|l| l.trim_start().starts_with("slug:"))
        })
    };
    let (here, there) = if has_slug_line(a.1) || !has_slug_line(b.1) {
        (a, b)
    } else {
        (b, a)
    };
    let mut d = Diagnostic::error(
        here.0,
        format!(
            "the URL name '{slug}' is already used by {}",
            diag::display_path(there.0)
        ),
    )
    .hint("give one of them another 'slug' in its front matter");
    if let Some(t) = here.1 {
        let (line, col, width) = diag::locate(&t.source.text, "slug", slug);
        d = d.at(&t.source.text, line, col).width(width);
    }
    ctx.diags.push(d);
}
