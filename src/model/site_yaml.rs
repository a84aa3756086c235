//! Resolving site.yaml: the languages, the base address, the site's own texts, topics, the
//! contact in the footer, the accessibility statement and the URL sections of each language.

use super::checks::Checker;
use super::urls::normalise_base_url;
use super::*;
use crate::theme::Theme;
use std::path::Path;

/// What site.yaml settles for the rest of the site.
pub(super) struct Settings {
    pub(super) languages: Vec<Language>,
    pub(super) base_url: String,
    pub(super) base_path: String,
    pub(super) topics: Vec<Topic>,
    pub(super) contact_phone: Option<Phone>,
    pub(super) accessibility: Option<Accessibility>,
    pub(super) sections: Vec<Sections>,
}

/// The site's languages; `None` when there is none usable (nothing else can be resolved).
pub(super) fn languages(
    raw: &RawSite,
    file: &Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Language>> {
    let err_at = |key: &str, value: &str, message: String| at(file, text, key, value, message);
    let mut languages = Vec::new();
    if raw.languages.is_empty() {
        diags.push(
            err_at("languages", "languages", "the site has no languages".into())
                .hint("list at least one, e.g. '- { code: fi, name: Suomeksi }'"),
        );
        return None;
    }
    for l in &raw.languages {
        let ok = (2..=8).contains(&l.code.len())
            && l.code.chars().all(|c| c.is_ascii_lowercase() || c == '-');
        if !ok {
            diags.push(
                err_at(
                    "code",
                    &l.code,
                    format!("'{}' is not a language code", l.code),
                )
                .hint("use the two-letter code, such as fi, sv or en"),
            );
        } else if languages.iter().any(|x: &Language| x.code == l.code) {
            diags.push(err_at(
                "code",
                &l.code,
                format!("the language '{}' is listed twice", l.code),
            ));
        } else {
            languages.push(Language {
                code: l.code.clone(),
                name: l.name.clone(),
            });
        }
    }
    (!languages.is_empty()).then_some(languages)
}

/// An error at the line of `key: value` in site.yaml.
fn at(file: &Path, text: &str, key: &str, value: &str, message: String) -> Diagnostic {
    let (line, col, width) = diag::locate(text, key, value);
    Diagnostic::error(file, message)
        .at(text, line, col)
        .width(width)
}

/// Everything else site.yaml says, once the languages are known.
pub(super) fn settings(
    raw: &mut RawSite,
    languages: Vec<Language>,
    (file, text): (&PathBuf, &str),
    theme: &Theme,
    ctx: &mut Checker,
) -> Settings {
    let err_at = |key: &str, value: &str, message: String| at(file, text, key, value, message);
    let codes = ctx.codes;
    let (base_url, base_path) = match normalise_base_url(&raw.base_url) {
        Ok(v) => v,
        Err(e) => {
            ctx.diags.push(
                err_at("base_url", &raw.base_url, e)
                    .hint("write the full address, such as https://perhe.example.fi/"),
            );
            ("http://localhost/".into(), "/".into())
        }
    };

    ctx.localized(file, text, "title", &raw.title);
    ctx.localized(file, text, "organisation", &raw.organisation);
    if let Some(d) = &raw.description {
        ctx.localized(file, text, "description", d);
    }

    let mut topics = Vec::new();
    for t in std::mem::take(&mut raw.topics) {
        if let Err(e) = slug::check(&t.id) {
            ctx.diags.push(err_at(
                "id",
                &t.id,
                format!("the topic id '{}' cannot be used: {e}", t.id),
            ));
        }
        if topics.iter().any(|x: &Topic| x.id == t.id) {
            ctx.diags.push(err_at(
                "id",
                &t.id,
                format!("the topic '{}' is listed twice", t.id),
            ));
        }
        ctx.localized(file, text, "name", &t.name);
        topics.push(Topic {
            id: t.id,
            name: t.name,
            description: t.description,
        });
    }

    let contact_phone = raw
        .contact
        .as_ref()
        .and_then(|c| c.phone.as_ref())
        .and_then(|p| ctx.phone(file, text, p));
    // Shown in the footer of every page: the same rule as every other address an editor
    // writes, so a `javascript:` or `data:` address cannot reach residents.
    if let Some(c) = &raw.contact {
        if let Some(u) = &c.url {
            ctx.url(file, text, u);
        }
        if let Some(e) = &c.email {
            ctx.email(file, text, e);
        }
    }
    let accessibility = accessibility(raw.accessibility.take(), (file, text), ctx);

    let sections: Vec<Sections> = codes
        .iter()
        .map(|c| {
            let s = &theme.strings[c.as_str()];
            Sections {
                services: s.text("path_services").to_string(),
                regions: s.text("path_regions").to_string(),
                municipalities: s.text("path_municipalities").to_string(),
                accessibility: s.text("path_accessibility").to_string(),
                search: s.text("path_search").to_string(),
                print: s.text("path_print").to_string(),
            }
        })
        .collect();
    check_sections(
        &sections,
        codes,
        raw.theme.as_deref().unwrap_or("default"),
        ctx,
    );
    Settings {
        languages,
        base_url,
        base_path,
        topics,
        contact_phone,
        accessibility,
        sections,
    }
}

/// The accessibility statement that law 306/2019 requires.
fn accessibility(
    raw: Option<RawAccessibility>,
    (file, text): (&PathBuf, &str),
    ctx: &mut Checker,
) -> Option<Accessibility> {
    let accessibility = raw.map(|a| {
        let prepared = ctx
            .date(file, text, "prepared", &a.prepared)
            .unwrap_or(Date {
                year: 1970,
                month: 1,
                day: Some(1),
            });
        let reviewed = a
            .reviewed
            .as_ref()
            .and_then(|r| ctx.date(file, text, "reviewed", r));
        let feedback_phone = a
            .feedback
            .phone
            .as_ref()
            .and_then(|p| ctx.phone(file, text, p));
        let authority_phone = a
            .authority
            .phone
            .as_ref()
            .and_then(|p| ctx.phone(file, text, p));
        for e in [&a.feedback.email, &a.authority.email]
            .into_iter()
            .flatten()
        {
            ctx.email(file, text, e);
        }
        for u in [&a.feedback.url, &a.authority.url].into_iter().flatten() {
            ctx.url(file, text, u);
        }
        if a.feedback.email.is_none() && a.feedback.url.is_none() && a.feedback.phone.is_none() {
            ctx.diags.push(
                at(
                    file,
                    text,
                    "feedback",
                    "feedback",
                    "the accessibility statement needs a way to give feedback".into(),
                )
                .hint("add an email, url or phone under 'feedback'"),
            );
        }
        Accessibility {
            raw: a,
            prepared,
            reviewed,
            feedback_phone,
            authority_phone,
        }
    });
    if accessibility.is_none() {
        ctx.diags.push(
            Diagnostic::warning(
                file,
                "the site has no accessibility statement (law 306/2019 requires one)",
            )
            .hint("add an 'accessibility:' section to site.yaml (see docs/editors/content.md)"),
        );
    }
    accessibility
}

/// The words a theme gives each language's sections (`path_services: palvelut`) become
/// folders of the output: each must be one plain URL name, and no two sections of a language
/// may share one, or one kind of page would overwrite another's.
fn check_sections(sections: &[Sections], codes: &[String], theme: &str, ctx: &mut Checker) {
    for (s, code) in sections.iter().zip(codes) {
        let file = PathBuf::from(format!("themes/{theme}/i18n/{code}.yaml"));
        let named = [
            ("path_services", &s.services),
            ("path_regions", &s.regions),
            ("path_municipalities", &s.municipalities),
            ("path_accessibility", &s.accessibility),
            ("path_search", &s.search),
            ("path_print", &s.print),
        ];
        for (key, value) in named {
            if let Err(e) = slug::check(value) {
                ctx.diags.push(
                    Diagnostic::error(
                        &file,
                        format!("'{key}: {value}' cannot be a folder of the site: {e}"),
                    )
                    .hint("write one URL name, such as 'palvelut', without slashes or dots"),
                );
            }
        }
        // The print folder sits inside service and region folders, so it may repeat a
        // section's name; the other sections share the language's folder.
        for (i, (key, value)) in named[..5].iter().enumerate() {
            if let Some((other, _)) = named[..i].iter().find(|(_, v)| v == value) {
                ctx.diags.push(
                    Diagnostic::error(
                        &file,
                        format!("'{key}' and '{other}' are both '{value}', so one kind of page would overwrite the other"),
                    )
                    .hint("give each section its own URL name"),
                );
            }
        }
    }
}
