//! The preview's translation status page (`/__esite/status`): what it lists, that it follows
//! saves (a stale translation, a broken file), that the error report links to it, and that
//! nothing of it reaches a built site.

mod support;
use esite::serve::{Event, ServeOptions, Server};
use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::*;

struct Preview(Server);

impl Preview {
    fn start(site: &Path) -> Preview {
        let log: esite::serve::Log = Arc::new(|_: Event| {});
        let options = ServeOptions {
            site: site.to_path_buf(),
            bind: "127.0.0.1".parse().unwrap(),
            port: 0,
            allowed_hosts: Vec::new(),
            debounce: Duration::from_millis(30),
            poll: None,
        };
        Preview(esite::serve::start(options, log).expect("server starts"))
    }

    /// Waits until a rebuild after `since` has finished and no further one follows quickly.
    fn settle(&self, since: u64) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.0.generation() <= since {
            assert!(Instant::now() < deadline, "no rebuild within 15 s");
            std::thread::sleep(Duration::from_millis(20));
        }
        let mut last = self.0.generation();
        loop {
            std::thread::sleep(Duration::from_millis(300));
            let now = self.0.generation();
            if now == last {
                return;
            }
            last = now;
        }
    }

    /// The status code and body of a GET (the preview closes the connection).
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(self.0.addr()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").expect("a response head");
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        assert!(
            !head.to_ascii_lowercase().contains("chunked"),
            "a whole body expected: {head}"
        );
        (status, body.to_string())
    }

    fn status_page(&self) -> String {
        let (code, body) = self.get("/__esite/status");
        assert_eq!(code, 200, "{body}");
        body
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        self.0.stop();
    }
}

/// The row of one service or page in the status tables.
fn row<'a>(page: &'a str, id: &str) -> &'a str {
    let cell = page
        .find(&format!("<code>{id}</code></th>"))
        .unwrap_or_else(|| panic!("no row for {id}: {page}"));
    let at = page[..cell].rfind("<tr>").unwrap();
    let end = page[at..].find("</tr>").unwrap();
    &page[at..at + end]
}

#[test]
fn the_status_page_lists_each_service_by_language_and_follows_a_stale_translation() {
    let site = fixture_copy("basic");
    let o = Command::new(env!("CARGO_BIN_EXE_esite"))
        .current_dir(site.path())
        .args(["translated", "content/services/perhetyo/en.md"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let p = Preview::start(site.path());

    let page = p.status_page();
    assert!(page.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    assert!(page.contains("<h1>Translation status</h1>"));
    assert!(page.contains("<caption>Each service in each language"));
    assert!(page.contains("<th scope=\"col\">en (<span lang=\"en\">"));
    let perhetyo = row(&page, "perhetyo");
    assert!(
        perhetyo.contains("<span lang=\"fi\">Perhetyö</span>"),
        "{perhetyo}"
    );
    for part in [
        "<a href=\"/fi/palvelut/perhetyo/\">",
        "<code>content/services/perhetyo/fi.md</code>",
        "<a href=\"/en/services/family-work/\">",
        "<code>content/services/perhetyo/en.md</code>",
    ] {
        assert!(perhetyo.contains(part), "{part} in {perhetyo}");
    }
    assert!(!perhetyo.contains("Out of date"), "{perhetyo}");
    let kotipalvelu = row(&page, "kotipalvelu");
    assert!(
        kotipalvelu.contains("Not translated")
            && kotipalvelu.contains("content/services/kotipalvelu/en.md</code> (no file yet)"),
        "{kotipalvelu}"
    );
    // A free page, and the folder's warning with the page it is about.
    assert!(row(&page, "tietoa").contains("<a href=\"/en/about/\">"));
    assert!(page.contains("not yet translated: en.md"));

    // The Finnish text changes: the English translation is out of date, and says what changed.
    let fi = site.path().join("content/services/perhetyo/fi.md");
    let good = fs::read_to_string(&fi).unwrap();
    let g = p.0.generation();
    fs::write(
        &fi,
        good.replace(
            "Perhetyö tukee vanhemmuutta.",
            "Perhetyö tukee koko perhettä.",
        ),
    )
    .unwrap();
    p.settle(g);
    let page = p.status_page();
    let perhetyo = row(&page, "perhetyo");
    assert!(
        perhetyo.contains(
            "Out of date: since this translation, the fi text changed: the section &#39;Mitä perhetyö on&#39;"
        ),
        "{perhetyo}"
    );
    assert!(
        page.contains("</span>): 2 written, 1 not translated, 1 out of date</li>"),
        "{page}"
    );
    assert!(perhetyo.contains("1 warning</a>"), "{perhetyo}");
    assert!(page.contains("the fi text has changed since this translation was made"));

    // A broken English file: the status shows the failure and the file's error.
    let en = site.path().join("content/services/perhetyo/en.md");
    let g = p.0.generation();
    fs::write(&en, "---\ntitle: [unclosed\n---\n").unwrap();
    p.settle(g);
    let page = p.status_page();
    assert!(page.contains("The last save could not be built."), "{page}");
    assert!(
        row(&page, "perhetyo").contains("Has errors"),
        "{}",
        row(&page, "perhetyo")
    );
    assert!(page.contains("<h3 id=\"file-"), "{page}");
    assert!(page.contains("<code>content/services/perhetyo/en.md</code>: 1 error</h3>"));
    // The error report every tab shows links to the status page.
    let events = read_events(p.0.addr(), Duration::from_millis(500));
    assert!(
        events.contains("\"status\":\"/__esite/status\""),
        "{events}"
    );
}

#[test]
fn the_status_page_is_not_part_of_the_built_site() {
    let site = fixture_copy("basic");
    let output = site.path().join("output");
    let outcome = esite::build(
        &esite::BuildOptions {
            site: site.path().to_path_buf(),
            ..Default::default()
        },
        &output,
        None,
    );
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    assert!(outcome.status.is_none(), "only the preview asks for it");
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&output) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&output).unwrap();
        assert!(!rel.to_string_lossy().contains("__esite"), "{rel:?}");
        if entry.file_type().is_file() {
            files += 1;
            let bytes = fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            for marker in ["__esite", "Translation status", "esite-status"] {
                assert!(!text.contains(marker), "{marker} in {rel:?}");
            }
        }
    }
    assert!(files > 10, "the site was built: {files} files");
}

/// The page lists each file's plain-language hints with its problems; the terminal does not.
#[test]
fn the_status_page_shows_plain_language_hints() {
    let site = fixture_copy("basic");
    let md = site.path().join("content/services/kotipalvelu/fi.md");
    let long = "Tämä lause on kirjoitettu tarkoituksella hyvin pitkäksi, jotta se ylittää \
                selkokielisen kirjoittamisen suositusten mukaisen lauseen enimmäispituuden \
                moninkertaisesti ja näkyy siksi vihjeenä sekä tilasivulla että tarkistuksessa \
                ilman, että se olisi virhe tai varoitus kenellekään.\n";
    std::fs::write(&md, std::fs::read_to_string(&md).unwrap() + "\n" + long).unwrap();
    let p = Preview::start(site.path());
    let page = p.status_page();
    assert!(page.contains("Plain language"), "{page}");
    assert!(
        page.contains("content/services/kotipalvelu/fi.md"),
        "{page}"
    );
}
