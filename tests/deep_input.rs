//! Input nested deep enough to overflow the stack, and invisible control characters (issue
//! #15): `check` and `build` refuse it with an error at its file and line, exit 1 rather than
//! abort, and a failed build leaves the previous site as it was, with no staging folder.

mod support;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::*;

const SERVICE: &str = "content/services/kotipalvelu/fi.md";
const REGION: &str = "content/regions/testialue.yaml";

/// One way to break the fixture: the file changed, how, and the line the error must name.
struct Case {
    name: &'static str,
    file: &'static str,
    allow_html: bool,
    /// The file's text to its new text, and the 1-based line the error is on.
    breaks: fn(&str) -> (String, usize),
    message: &'static str,
}

/// Appends a paragraph to a Markdown file; `line` is the appended text's first line.
fn append(text: &str, extra: &str) -> (String, usize) {
    let line = text.lines().count() + 2;
    (format!("{}\n\n{extra}", text.trim_end()), line)
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "2,500 nested quotes",
            file: SERVICE,
            allow_html: false,
            breaks: |t| append(t, &format!("{} syvä\n", ">".repeat(2500))),
            message: "error: this text nests quotes 2,500 deep",
        },
        Case {
            name: "a list nested 1,000 deep",
            file: SERVICE,
            allow_html: false,
            breaks: |t| {
                let list: String = (0..1000)
                    .map(|i| format!("{}- kohta\n", "  ".repeat(i)))
                    .collect();
                let (text, line) = append(t, &list);
                // The 33rd list is the first too many.
                (text, line + 32)
            },
            message: "error: this list is nested 1,000 levels deep",
        },
        Case {
            name: "3,000 nested divs, HTML allowed",
            file: SERVICE,
            allow_html: true,
            breaks: |t| {
                append(
                    t,
                    &format!("{}x{}\n", "<div>".repeat(3000), "</div>".repeat(3000)),
                )
            },
            message: "error: the HTML here nests elements 3,000 deep",
        },
        Case {
            name: "3,000 nested divs, HTML shown as text",
            file: SERVICE,
            allow_html: false,
            breaks: |t| {
                append(
                    t,
                    &format!("{}x{}\n", "<div>".repeat(3000), "</div>".repeat(3000)),
                )
            },
            message: "error: the HTML here nests elements 3,000 deep",
        },
        Case {
            name: "language spans, which pass even when HTML is not allowed",
            file: SERVICE,
            allow_html: false,
            breaks: |t| append(t, &format!("{}x\n", "<span lang=\"en\">".repeat(3000))),
            message: "error: the HTML here nests elements 3,000 deep",
        },
        Case {
            name: "6,000 stars",
            file: SERVICE,
            allow_html: false,
            breaks: |t| append(t, &format!("{}x{}\n", "*".repeat(3000), "*".repeat(3000))),
            message: "error: this text nests emphasis, links or images 1,500 deep",
        },
        Case {
            name: "3,000 images inside each other's brackets",
            file: SERVICE,
            allow_html: false,
            breaks: |t| {
                append(
                    t,
                    &format!("{}x{}\n", "![".repeat(3000), "](k.png)".repeat(3000)),
                )
            },
            message: "error: this text nests emphasis, links or images 3,000 deep",
        },
        Case {
            name: "a NUL in the body",
            file: SERVICE,
            allow_html: false,
            breaks: |t| append(t, "Soita\0meille.\n"),
            message: "error: this text contains an invisible control character (U+0000 NULL)",
        },
        Case {
            name: "a NUL in the front matter",
            file: SERVICE,
            allow_html: false,
            breaks: |t| (t.replacen("summary: Tilap", "summary: Ti\0lap", 1), 3),
            message: "error: this text contains an invisible control character (U+0000 NULL)",
        },
        Case {
            name: "2,500 nested quotes in a region's note",
            file: REGION,
            allow_html: false,
            breaks: |t| {
                let line = t.lines().count() + 4;
                let note = format!(
                    "  kotipalvelu:\n    notes:\n      fi: |\n        {}x\n",
                    "> ".repeat(2500)
                );
                (format!("{t}{note}"), line)
            },
            message: "error: this text nests quotes 2,500 deep",
        },
        Case {
            name: "an escape character in a region's name",
            file: REGION,
            allow_html: false,
            breaks: |t| {
                (
                    t.replacen(
                        "name: { fi: Testialueen",
                        "name: { fi: \u{1b}[31mTestialueen",
                        1,
                    ),
                    1,
                )
            },
            message: "error: this text contains an invisible control character (U+001B ESCAPE)",
        },
    ]
}

fn esite(args: &[&str], site: &Path) -> Output {
    run(
        Command::new(env!("CARGO_BIN_EXE_esite"))
            .args(args)
            .arg("--site")
            .arg(site),
        Duration::from_secs(120),
    )
}

/// Every file under `dir` with its content, to compare the output before and after.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

fn assert_refused(case: &Case, what: &str, o: &Output) {
    let err = &o.stderr;
    let code = o.status.and_then(|s| s.code());
    assert_eq!(
        code,
        Some(1),
        "{}: {what} exited {:?}:\n{}",
        case.name,
        o.status,
        head(err)
    );
    for bad in ["panicked", "overflow", "fatal runtime error"] {
        assert!(
            !err.contains(bad),
            "{}: {what} says {bad}:\n{}",
            case.name,
            head(err)
        );
    }
    assert!(
        err.contains(case.message),
        "{}: {what}:\n{}",
        case.name,
        head(err)
    );
}

/// The start of a long stderr, for a failure message.
fn head(s: &str) -> String {
    s.chars().take(3000).collect()
}

#[test]
fn deep_nesting_and_control_characters_are_located_errors_and_the_last_site_stays() {
    for case in cases() {
        let site = fixture_copy("basic");
        let outputs = tempfile::tempdir().unwrap();
        let out = outputs.path().join("site");
        if case.allow_html {
            let yaml = site.path().join("content/site.yaml");
            let text = fs::read_to_string(&yaml).unwrap();
            fs::write(&yaml, format!("{text}allow_html: true\n")).unwrap();
        }
        let o = esite(&["build", "--output", out.to_str().unwrap()], site.path());
        assert_eq!(
            o.status.and_then(|s| s.code()),
            Some(0),
            "{}: {}",
            case.name,
            o.stderr
        );
        let before = snapshot(&out);

        let path = site.path().join(case.file);
        let (text, line) = (case.breaks)(&fs::read_to_string(&path).unwrap());
        fs::write(&path, text).unwrap();
        let at = format!("{}:{line}:", case.file);

        let o = esite(&["check"], site.path());
        assert_refused(&case, "check", &o);
        assert!(
            o.stderr.contains(&at),
            "{}: check does not say {at}:\n{}",
            case.name,
            head(&o.stderr)
        );

        let o = esite(&["build", "--output", out.to_str().unwrap()], site.path());
        assert_refused(&case, "build", &o);
        assert!(
            o.stderr.contains(&at),
            "{}: build does not say {at}:\n{}",
            case.name,
            head(&o.stderr)
        );
        assert!(
            snapshot(&out) == before,
            "{}: the previous site changed",
            case.name
        );
        let beside: Vec<_> = fs::read_dir(outputs.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside, ["site"], "{}: left beside the output", case.name);
    }
}

#[test]
fn deep_but_reasonable_content_builds() {
    let site = fixture_copy("basic");
    let path = site.path().join(SERVICE);
    let text = fs::read_to_string(&path).unwrap();
    let nested: String = (0..6)
        .map(|i| format!("{}- kohta {i}\n", "  ".repeat(i)))
        .collect();
    let extra = format!(
        "> Lainaus\n>\n> > lainauksen lainaus\n\n{nested}\n***lihava kursiivi*** ja [**lihava linkki**](https://example.fi/ohje)\n"
    );
    fs::write(&path, append(&text, &extra).0).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = esite(
        &[
            "build",
            "--output",
            out.path().join("site").to_str().unwrap(),
        ],
        site.path(),
    );
    assert_eq!(o.status.and_then(|s| s.code()), Some(0), "{}", o.stderr);
}
