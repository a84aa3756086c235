//! The editor's path from nothing to a site: `esite init`, `esite new`, the messages a site
//! folder without a site gets, and the command line around them (completions, man page,
//! `--site` before or after the command).

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn esite(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_esite"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("esite runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A new site made by `esite init --languages <languages>` in a fresh temporary folder.
fn init(languages: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = esite(dir.path(), &["init", "site", "--languages", languages]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("esite serve"), "says what to do next");
    dir
}

#[test]
fn a_new_site_checks_clean_and_builds_in_every_language() {
    for languages in ["fi,en", "fi,sv,en"] {
        let dir = init(languages);
        let site = dir.path().join("site");
        let o = esite(&site, &["check", "--strict"]);
        assert_eq!(o.status.code(), Some(0), "{languages}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(": 0 errors, 0 warnings"),
            "{languages}: {}",
            stderr(&o)
        );
        let o = esite(&site, &["build"]);
        assert_eq!(o.status.code(), Some(0), "{languages}: {}", stderr(&o));
        for lang in languages.split(',') {
            let home = fs::read_to_string(site.join("output").join(lang).join("index.html"))
                .unwrap_or_else(|e| panic!("{languages}: no {lang} home page: {e}"));
            assert!(home.contains(&format!("lang=\"{lang}\"")));
        }
        // The sample service, its region's phone line and the accessibility statement are
        // there in every language.
        let fi =
            fs::read_to_string(site.join("output/fi/palvelut/perheneuvola/index.html")).unwrap();
        assert!(fi.contains("Perheneuvola") && fi.contains("09 000 0000"));
        assert!(
            site.join("output/fi/saavutettavuusseloste/index.html")
                .is_file()
        );
        let comments = fs::read_to_string(site.join("content/site.yaml")).unwrap();
        assert!(comments.contains("# The site's languages, in order."));
    }
}

#[test]
fn init_refuses_a_folder_with_a_site_and_never_replaces_a_file() {
    let dir = init("fi,en");
    let site = dir.path().join("site");
    let before = fs::read_to_string(site.join("content/site.yaml")).unwrap();
    let o = esite(dir.path(), &["init", "site"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("site/content/site.yaml: error: there is already a site here"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(site.join("content/site.yaml")).unwrap(),
        before
    );
    // No site.yaml, but a file init would write: nothing is written at all.
    let half = dir.path().join("half");
    let own = half.join("content/pages/tietoa/fi.md");
    fs::create_dir_all(own.parent().unwrap()).unwrap();
    fs::write(&own, "my own text").unwrap();
    let o = esite(&half, &["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("content/pages/tietoa/fi.md: error: this file is already there"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_to_string(&own).unwrap(), "my own text");
    assert!(!half.join("content/site.yaml").exists());
}

#[test]
fn init_says_what_a_language_without_sample_texts_needs() {
    let dir = tempfile::tempdir().unwrap();
    let o = esite(dir.path(), &["init", "--languages", "fi,de"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("not in 'de'"), "{err}");
    assert!(err.contains("themes/default/i18n/de.yaml"), "{err}");
    assert!(err.contains("Add a language"), "{err}");
    assert!(!dir.path().join("content").exists(), "nothing is written");
}

#[test]
fn new_files_name_what_to_fill_and_check_clean_once_filled() {
    let dir = init("fi,sv,en");
    let site = dir.path().join("site");
    for (kind, id) in [
        ("service", "kotipalvelu"),
        ("page", "yhteystiedot"),
        ("region", "pohjoinen"),
    ] {
        let o = esite(&site, &["new", kind, id]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stdout(&o).contains("Next: "), "{}", stdout(&o));
    }
    let service = site.join("content/services/kotipalvelu");
    assert!(
        fs::read_to_string(service.join("fi.md"))
            .unwrap()
            .contains("regions: [esimerkki]"),
        "the site's one region is filled in"
    );
    // Unfilled, nothing is published: every empty field is an error at its line.
    let o = esite(&site, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for file in ["services/kotipalvelu", "pages/yhteystiedot"] {
        for lang in ["fi", "sv", "en"] {
            assert!(
                err.contains(&format!(
                    "content/{file}/{lang}.md:5:1: error: the title is empty"
                )),
                "{err}"
            );
        }
    }
    assert!(
        err.contains("hint: write the title after 'title:'"),
        "{err}"
    );
    assert!(
        err.contains("hint: write the summary after 'summary:'"),
        "{err}"
    );
    assert!(
        err.contains(
            "content/regions/pohjoinen.yaml:7:3: error: the name is empty in 'fi', 'sv', 'en'"
        ),
        "{err}"
    );
    let o = esite(&site, &["build"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "an unfilled template is not built"
    );
    // Filled in as an editor would: check is clean, warnings included.
    for file in ["services/kotipalvelu", "pages/yhteystiedot"] {
        for lang in ["fi", "sv", "en"] {
            let path = site.join(format!("content/{file}/{lang}.md"));
            let text = fs::read_to_string(&path)
                .unwrap()
                .replace("title: \"\"", &format!("title: Otsikko {lang}"))
                .replace("summary: \"\"", "summary: Yksi lause palvelusta.")
                + "## Mitä se on?\n\nTeksti.\n";
            fs::write(&path, text).unwrap();
        }
    }
    let region = site.join("content/regions/pohjoinen.yaml");
    let text = fs::read_to_string(&region)
        .unwrap()
        .replace("fi: \"\"", "fi: Pohjoinen")
        .replace("sv: \"\"", "sv: Norra")
        .replace("en: \"\"", "en: North");
    fs::write(&region, text).unwrap();
    let o = esite(&site, &["check", "--strict"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(": 0 errors, 0 warnings"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn new_refuses_a_bad_id_an_existing_file_and_a_folder_without_a_site() {
    let dir = init("fi,en");
    let site = dir.path().join("site");
    let o = esite(&site, &["new", "service", "Perheneuvola"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the id 'Perheneuvola' cannot be used"),
        "{}",
        stderr(&o)
    );
    let fi = site.join("content/services/perheneuvola/fi.md");
    let before = fs::read_to_string(&fi).unwrap();
    let o = esite(&site, &["new", "service", "perheneuvola"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("content/services/perheneuvola/fi.md: error: this file is already there"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_to_string(&fi).unwrap(), before);
    let o = esite(dir.path(), &["new", "page", "tietoa"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("there is no content/ folder here"));
}

#[test]
fn content_without_site_yaml_says_what_to_write_in_it() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("content")).unwrap();
    let o = esite(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("content/site.yaml: error: there is no content/site.yaml"),
        "{err}"
    );
    for line in [
        "languages:",
        "- code: fi",
        "base_url:",
        "title:",
        "esite init",
    ] {
        assert!(err.contains(line), "the example lacks '{line}': {err}");
    }
    assert!(!err.contains("does not exist"), "no raw OS error: {err}");
    assert!(
        err.contains("Checked 0 files: 1 error, 0 warnings"),
        "{err}"
    );
}

#[test]
fn serve_without_a_site_says_so_and_stops() {
    let dir = tempfile::tempdir().unwrap();
    let o = esite(dir.path(), &["serve", "--port", "0"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("there is no content/ folder here"), "{err}");
    assert!(err.contains("There is no site to preview here."), "{err}");
    assert!(!err.contains("last good pages"), "{err}");
}

#[test]
fn summaries_count_one_warning_as_one() {
    let dir = init("fi,en");
    let site = dir.path().join("site");
    let yaml = fs::read_to_string(site.join("content/site.yaml")).unwrap();
    let without = &yaml[..yaml.find("\n# The accessibility statement").unwrap()];
    fs::write(site.join("content/site.yaml"), without).unwrap();
    let o = esite(&site, &["check"]);
    assert!(
        stderr(&o).contains(": 0 errors, 1 warning (")
            && stderr(&o).contains("1 external link, not checked"),
        "{}",
        stderr(&o)
    );
    let o = esite(&site, &["build"]);
    assert!(stdout(&o).contains(" ms (1 warning)"), "{}", stdout(&o));
}

#[test]
fn site_is_accepted_before_and_after_the_command() {
    let dir = init("fi,en");
    let site = dir.path().join("site");
    let site = site.to_str().unwrap();
    for args in [
        ["--site", site, "check", "--strict"],
        ["check", "--strict", "--site", site],
    ] {
        let o = esite(dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
}

const SUBCOMMANDS: [&str; 9] = [
    "build",
    "serve",
    "pdf",
    "translated",
    "check",
    "init",
    "new",
    "completions",
    "man",
];

#[test]
fn completions_and_the_man_page_name_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let o = esite(dir.path(), &["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
        assert!(script.contains("site"), "{shell}: the global --site");
    }
    let o = esite(dir.path(), &["man"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = stdout(&o);
    assert!(page.contains(".TH esite 1"), "roff: {page}");
    for sub in SUBCOMMANDS {
        assert!(
            page.contains(&format!("esite\\-{sub}(1)")),
            "the man page lacks {sub}"
        );
        // Each command has its own page with its options, --site among them.
        let o = esite(dir.path(), &["man", sub]);
        assert_eq!(o.status.code(), Some(0), "{sub}: {}", stderr(&o));
        let page = stdout(&o);
        assert!(
            page.contains(&format!(".TH esite-{sub} 1")),
            "{sub}: {page}"
        );
        assert!(page.contains("\\-\\-site"), "{sub}: {page}");
    }
}
