//! `esite init [DIR]`: a new site that checks clean as it is, with a sample service, region,
//! free page and accessibility statement in every language, and comments that say what each
//! line is for. Editors learn the format by changing a working site, not an empty one.

use super::new::{quote, today, write_new};
use super::samples::{SAMPLES, Sample};
use super::schema;
use crate::diag::Diagnostic;
use std::fmt::Write;
use std::path::{Path, PathBuf};

const SERVICE: &str = "perheneuvola";
const REGION: &str = "esimerkki";
const PAGE: &str = "tietoa";
const TOPIC: &str = "arki";

/// Writes a new site into `dir` (made if missing) and returns the files written, relative to
/// `dir`. Refuses, writing nothing, when `dir` holds a site already, when any file it would
/// write exists, or when a language has no sample texts and interface texts.
pub fn init(dir: &Path, languages: &[String]) -> Result<Vec<PathBuf>, Diagnostic> {
    let samples = samples_for(languages)?;
    let site_yaml = match dir == Path::new(".") {
        true => PathBuf::from("content/site.yaml"),
        false => dir.join("content/site.yaml"),
    };
    if site_yaml.symlink_metadata().is_ok() {
        return Err(
            Diagnostic::error(&site_yaml, "there is already a site here").hint(format!(
                "esite init starts a new site in a folder without one; nothing was written. \
                 Name another folder (esite init my-site), or add to this site with \
                 esite new service|region|page ID{}",
                site_flag(dir)
            )),
        );
    }
    let date = today();
    let mut files = vec![(PathBuf::from("content/site.yaml"), site(&samples, &date))];
    for (i, s) in samples.iter().enumerate() {
        let lang = s.code;
        files.push((
            format!("content/services/{SERVICE}/{lang}.md").into(),
            service(s, i == 0, samples[0], &date),
        ));
    }
    files.push((
        format!("content/regions/{REGION}.yaml").into(),
        region(&samples),
    ));
    for (i, s) in samples.iter().enumerate() {
        files.push((
            format!("content/pages/{PAGE}/{}.md", s.code).into(),
            page(s, i == 0, samples[0]),
        ));
    }
    editor_schemas(dir, &samples, &mut files);
    write_new(dir, &files)
}

/// The JSON Schemas for the site's languages and, unless the folder has VS Code settings of
/// its own already, the settings that connect them, so completion works from the first edit.
fn editor_schemas(dir: &Path, samples: &[&Sample], files: &mut Vec<(PathBuf, String)>) {
    let codes: Vec<String> = samples.iter().map(|s| s.code.to_string()).collect();
    for (name, text) in schema::schemas(Some(&codes)) {
        files.push((Path::new(schema::DEFAULT_DIR).join(name), text));
    }
    if !dir.join(schema::VSCODE_SETTINGS).exists() {
        files.push((
            schema::VSCODE_SETTINGS.into(),
            schema::vscode_settings(schema::DEFAULT_DIR),
        ));
    }
}

/// What the editor does next, for `main` to print after the files written.
pub fn next_step(dir: &Path) -> String {
    let cd = match dir == Path::new(".") {
        true => String::new(),
        false => format!("cd {} && ", dir.display()),
    };
    format!(
        "run `{cd}esite serve` and open http://127.0.0.1:1111/ to see it, then change the sample texts to your own. \
         Each file's comments say what its lines are for; `esite check --strict` says when the site is ready to publish."
    )
}

fn site_flag(dir: &Path) -> String {
    if dir == Path::new(".") {
        String::new()
    } else {
        format!(" --site {}", dir.display())
    }
}

/// The sample texts of each language, in the order given; the first is the default language.
fn samples_for(languages: &[String]) -> Result<Vec<&'static Sample>, Diagnostic> {
    let known = || {
        SAMPLES
            .iter()
            .map(|s| format!("{} ({})", s.code, s.english_name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out: Vec<&'static Sample> = Vec::new();
    for code in languages.iter().map(|c| c.trim()) {
        let Some(sample) = SAMPLES.iter().find(|s| s.code == code) else {
            return Err(Diagnostic::error(
                "--languages",
                format!("esite init can write a site in {} only, not in '{code}'", known()),
            )
            .hint(format!(
                "nothing was written. Start the site in some of those (esite init --languages fi,en), then add '{code}' \
                 as docs/editors/how-to.md says under 'Add a language': the theme needs its interface texts in \
                 themes/default/i18n/{code}.yaml, and every text of the site needs its '{code}' version"
            )));
        };
        if out.iter().any(|s| s.code == code) {
            return Err(Diagnostic::error(
                "--languages",
                format!("the language '{code}' is listed twice"),
            )
            .hint("list each language once, the default language first: --languages fi,sv,en"));
        }
        out.push(sample);
    }
    if out.is_empty() {
        return Err(Diagnostic::error("--languages", "no language is given")
            .hint(format!("list the site's languages, the default language first, from {}: --languages fi,sv,en", known())));
    }
    Ok(out)
}

/// A text per language under `key`, indented by `indent` spaces.
fn per_language(
    out: &mut String,
    indent: usize,
    key: &str,
    samples: &[&Sample],
    text: fn(&Sample) -> &str,
) {
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}{key}:");
    for s in samples {
        let _ = writeln!(out, "{pad}  {}: {}", s.code, quote(text(s)));
    }
}

fn site(samples: &[&Sample], date: &str) -> String {
    let mut y = String::from(
        "# The site's settings. Lines that start with # are comments: esite skips them.\n\
         # A text that differs per language is written once for each language code.\n\
         # Every field is described in docs/editors/content.md.\n\n\
         # The site's languages, in order. The first is the default language: every service and\n\
         # page needs a file in it. 'name' is the language's name in itself, for the language menu.\n\
         languages:\n",
    );
    for s in samples {
        let _ = writeln!(y, "  - code: {}\n    name: {}", s.code, quote(s.name));
    }
    y.push_str(
        "\n# The web address the site will be published at. Change it before you publish.\n\
         base_url: https://www.example.fi/\n\n\
         # The site's name, at the top of every page and in the browser tab.\n",
    );
    per_language(&mut y, 0, "title", samples, |s| s.site_title);
    y.push_str("\n# Who publishes the site; shown in the footer of every page.\n");
    per_language(&mut y, 0, "organisation", samples, |s| s.organisation);
    y.push_str("\n# One sentence about the site, for the home page and search engines.\n");
    per_language(&mut y, 0, "description", samples, |s| s.description);
    let alts: Vec<String> = samples
        .iter()
        .map(|s| format!("{}: \"\"", s.code))
        .collect();
    let _ = write!(
        y,
        "\n# Optional: the organisation's logo, an SVG or PNG file beside this file, with a text\n\
         # for readers who cannot see it (\"\" when the name beside it says it all), and its\n\
         # colour, checked for contrast when the site is built.\n\
         # logo: {{ file: logo.svg, alt: {{ {} }} }}\n\
         # brand_colour: \"#1f6f5c\"\n",
        alts.join(", ")
    );
    let _ = write!(
        y,
        "\n# The needs that group the services on the home page, in order. A service names its\n\
         # topics by id in its 'topics' line. An id uses only a-z, 0-9 and hyphens.\n\
         topics:\n  - id: {TOPIC}\n"
    );
    per_language(&mut y, 4, "name", samples, |s| s.topic_name);
    per_language(&mut y, 4, "description", samples, |s| s.topic_description);
    y.push_str(
        "\n# The publisher's own contact, shown in the footer: an e-mail address, and optionally\n\
         # a phone number (in quotes) and a web address.\n\
         contact:\n",
    );
    per_language(&mut y, 2, "name", samples, |s| s.organisation);
    y.push_str("  email: viestinta@example.fi\n");
    accessibility(&mut y, samples, date);
    y
}

fn accessibility(y: &mut String, samples: &[&Sample], date: &str) {
    let _ = write!(
        y,
        "\n# The accessibility statement, which the law (306/2019) requires. esite makes its page\n\
         # from these lines. Check each of them before you publish.\n\
         accessibility:\n\
         \x20 # How well the site meets the requirements (WCAG 2.1, level AA): full, partial or none.\n\
         \x20 conformance: full\n\
         \x20 # When the statement was made, and when it was last reviewed (year-month-day).\n\
         \x20 prepared: {date}\n\
         \x20 reviewed: {date}\n\
         \x20 # How the accessibility was assessed.\n"
    );
    per_language(y, 2, "method", samples, |s| s.method);
    let example: Vec<String> = samples.iter().map(|s| format!("{}: ...", s.code)).collect();
    let _ = write!(
        y,
        "  # Known problems: what does not work for everyone, and why. Write each as\n\
         \x20 #   - {{ {} }}\n\
         \x20 # and set 'conformance' to partial.\n\
         \x20 shortcomings: []\n\
         \x20 # Where people send feedback on accessibility (it must be answered within 14 days):\n\
         \x20 # an 'email', a 'url' of a feedback form, or a 'phone' number in quotes.\n\
         \x20 feedback:\n\
         \x20   email: saavutettavuus@example.fi\n\
         \x20 # The authority people can turn to when they get no answer. Check its current name\n\
         \x20 # and contacts at https://www.saavutettavuusvaatimukset.fi before you publish.\n\
         \x20 authority:\n",
        example.join(", ")
    );
    per_language(y, 4, "name", samples, |s| s.authority);
    y.push_str(
        "    url: https://www.saavutettavuusvaatimukset.fi\n    email: saavutettavuus@avi.fi\n",
    );
}

fn service(s: &Sample, default: bool, first: &Sample, date: &str) -> String {
    let mut m = format!(
        "---\n# The {} ({}) text of the service '{SERVICE}'. The lines between the two --- lines\n\
         # are its details; the text of the page comes after them, in Markdown.\n\
         # The service's name: the page's heading, and its name in lists. Under 70 characters.\n\
         title: {}\n\
         # One sentence: what the service offers and to whom. Shown in lists and search results.\n\
         summary: {}\n\
         # Optional: other words residents might search with; the site search finds the service\n\
         # by these too, e.g. [apua kotiin, kotiapu].\n\
         # keywords: []\n",
        s.english_name,
        s.code,
        quote(s.service_title),
        quote(s.service_summary),
    );
    if let Some(slug) = s.service_slug {
        let _ = writeln!(
            m,
            "# The last part of the page's web address in this language.\nslug: {slug}"
        );
    }
    if default {
        let _ = write!(
            m,
            "# The regions that offer the service: the names of their files in content/regions/.\n\
             regions: [{REGION}]\n\
             # The topics the home page lists the service under: ids from site.yaml's 'topics'.\n\
             topics: [{TOPIC}]\n"
        );
    } else {
        let _ = writeln!(
            m,
            "# 'regions' and 'topics' are written once, in the {} file ({}.md).",
            first.english_name, first.code
        );
    }
    let _ = write!(
        m,
        "# The laws the service is based on (optional).\n\
         legal_basis:\n  - {}\n\
         # When the text was last checked: year-month-day, or year-month.\n\
         updated: {date}\n---\n\n{}",
        quote(s.legal_basis),
        s.service_body
    );
    m
}

fn page(s: &Sample, default: bool, first: &Sample) -> String {
    let mut m = format!(
        "---\n# The {} ({}) text of a free page, linked in the footer of every page. Add more free\n\
         # pages as folders beside this one: esite new page ID.\n\
         # The page's heading, also in the browser tab. Under 70 characters.\n\
         title: {}\n\
         # One sentence about the page, for search results.\n\
         summary: {}\n",
        s.english_name,
        s.code,
        quote(s.page_title),
        quote(s.page_summary),
    );
    if let Some(slug) = s.page_slug {
        let _ = writeln!(
            m,
            "# The last part of the page's web address in this language.\nslug: {slug}"
        );
    } else if !default {
        let _ = writeln!(
            m,
            "# The page's address uses its id, as in {}.md.",
            first.code
        );
    }
    let _ = write!(m, "---\n\n{}", s.page_body);
    m
}

fn region(samples: &[&Sample]) -> String {
    let mut y = format!(
        "# A region: one organisation that offers services, such as a wellbeing services county\n\
         # or a city. The file's name ({REGION}) is the region's id: a service lists the regions\n\
         # that offer it in its 'regions' line. Every field is described in docs/editors/content.md.\n\n\
         # The organisation's full name.\n"
    );
    per_language(&mut y, 0, "name", samples, |s| s.region_name);
    y.push_str("# A shorter name for lists and browser tabs (optional).\n");
    per_language(&mut y, 0, "short_name", samples, |s| s.region_short);
    let slugs: Vec<String> = samples
        .iter()
        .filter_map(|s| s.region_slug.map(|slug| format!("  {}: {slug}\n", s.code)))
        .collect();
    if !slugs.is_empty() {
        y.push_str("# The last part of the region page's web address per language (optional; default: the id).\nslug:\n");
        y.push_str(&slugs.concat());
    }
    y.push_str(
        "# The organisation's own website (optional).\n\
         website: https://www.example.fi\n\n\
         # The areas the region is divided into, each with its municipalities and contacts.\n\
         # A region without areas lists 'municipalities' and 'channels' at this level instead.\n\
         areas:\n\
         \x20 - id: keskinen        # the area's id: a-z, 0-9 and hyphens\n",
    );
    per_language(&mut y, 4, "name", samples, |s| s.area_name);
    y.push_str(
        "    # The municipalities of the area. Add each one's official three-digit code in quotes,\n\
         \x20   # such as code: \"297\". A name can also differ per language: { fi: ..., sv: ... }.\n\
         \x20   municipalities:\n\
         \x20     - name: Esimerkkilä\n\
         \x20     - name: Mallila\n\
         \x20   # The area's contacts: phone lines, e-mail, web pages, places to visit.\n\
         \x20   channels:\n\
         \x20     - type: phone\n\
         \x20       id: ajanvaraus     # an id lets a service show only some of the contacts\n",
    );
    per_language(&mut y, 8, "name", samples, |s| s.phone_name);
    let holiday: Vec<String> = samples
        .iter()
        .map(|s| format!("{}: {}", s.code, s.holiday))
        .collect();
    let _ = write!(
        y,
        "        # The number, in quotes. This one is an example: write the real one.\n\
         \x20       number: \"09 000 0000\"\n\
         \x20       # When the line answers: days mon-sun (mon-fri, or mon, wed, fri), 24-hour times.\n\
         \x20       hours:\n\
         \x20         - {{ days: mon-fri, open: \"09:00\", close: \"11:00\" }}\n\
         \x20       # Holidays and other exceptions go under 'exceptions', for example:\n\
         \x20       # exceptions:\n\
         \x20       #   - {{ date: 2026-12-24, closed: true, note: {{ {} }} }}\n\n\
         # What this region says about each service it offers, by the service's id.\n\
         services:\n\
         \x20 {SERVICE}:\n\
         \x20   # Shown with the region's contacts on the service's page: how to apply here, fees.\n",
        holiday.join(", ")
    );
    per_language(&mut y, 4, "notes", samples, |s| s.region_notes);
    y
}
