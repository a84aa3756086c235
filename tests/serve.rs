//! The preview server over HTTP: what it serves, what it refuses, and that after any series
//! of edits it serves exactly what a fresh `esite build` writes.

mod support;
use esite::serve::{Event, ServeOptions, Server};
use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::*;

struct Preview {
    server: Option<Server>,
}

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
        Preview {
            server: Some(esite::serve::start(options, log).expect("server starts")),
        }
    }

    fn server(&self) -> &Server {
        self.server.as_ref().unwrap()
    }

    /// Waits until a rebuild after `since` has finished and no further one follows quickly.
    fn settle(&self, since: u64) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.server().generation() <= since {
            assert!(Instant::now() < deadline, "no rebuild within 15 s");
            std::thread::sleep(Duration::from_millis(20));
        }
        let mut last = self.server().generation();
        loop {
            std::thread::sleep(Duration::from_millis(300));
            let now = self.server().generation();
            if now == last {
                return;
            }
            last = now;
        }
    }

    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        request(self.server().addr(), "GET", path, "127.0.0.1")
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        if let Some(s) = self.server.take() {
            s.stop();
        }
    }
}

#[test]
fn refuses_traversal_foreign_hosts_and_other_methods() {
    let site = fixture_copy("basic");
    let p = Preview::start(site.path());
    let addr = p.server().addr();
    assert_eq!(p.get("/fi/palvelut/perhetyo/").0, 200);
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/fi/%2E%2E/%2E%2E/content/site.yaml",
        "/..%2fcontent%2fsite.yaml",
        "/%00",
    ] {
        let (status, body) = request(addr, "GET", path, "127.0.0.1");
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(
            !String::from_utf8_lossy(&body).contains("languages:"),
            "{path} leaked site.yaml"
        );
    }
    // Only what the build made is served: never the site's sources.
    assert_eq!(p.get("/content/site.yaml").0, 404);
    for host in ["evil.example", "evil.example:80", "127.0.0.1.evil.example"] {
        assert_eq!(request(addr, "GET", "/fi/", host).0, 403, "{host}");
    }
    for host in [
        "localhost",
        &format!("localhost:{}", addr.port()),
        "[::1]:1111",
    ] {
        assert_eq!(request(addr, "GET", "/fi/", host).0, 200, "{host}");
    }
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        assert_eq!(
            request(addr, method, "/fi/", "127.0.0.1").0,
            405,
            "{method}"
        );
    }
    let (status, body) = request(addr, "HEAD", "/fi/", "127.0.0.1");
    assert_eq!((status, body.len()), (200, 0));
    let (status, body) = p.get("/fi/ei-ole/");
    assert_eq!(status, 404);
    assert!(
        String::from_utf8_lossy(&body).contains("Sivua ei löytynyt"),
        "the Finnish 404 page"
    );
}

#[test]
fn pages_carry_the_reload_script_only_in_the_preview() {
    let site = fixture_copy("basic");
    let p = Preview::start(site.path());
    let served = String::from_utf8(p.get("/fi/").1).unwrap();
    assert!(served.contains("new EventSource(\"/__esite/events?path=\""));
    let out = site.path().join("built");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_esite"))
        .args([
            "build",
            "--site",
            site.path().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(
        !fs::read_to_string(out.join("fi/index.html"))
            .unwrap()
            .contains("EventSource")
    );
    assert!(
        !site.path().join("output").exists(),
        "the preview writes nothing to disk"
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_pages_and_a_fix_brings_the_new_ones() {
    let site = fixture_copy("basic");
    let p = Preview::start(site.path());
    let md = site.path().join("content/services/perhetyo/fi.md");
    let good = fs::read_to_string(&md).unwrap();
    let g = p.server().generation();
    fs::write(&md, "---\ntitle: [unclosed\n---\n").unwrap();
    p.settle(g);
    let (status, body) = p.get("/fi/palvelut/perhetyo/");
    assert_eq!(status, 200);
    assert!(
        String::from_utf8_lossy(&body).contains("Perhetyö tukee vanhemmuutta"),
        "last good page still served"
    );
    // A tab that connects now learns about the failure, with file and line.
    let events = read_events(p.server().addr(), Duration::from_millis(500));
    assert!(
        events.contains("event: hello") && events.contains("content/services/perhetyo/fi.md:2:"),
        "{events}"
    );
    let g = p.server().generation();
    fs::write(
        &md,
        good.replace("tukee vanhemmuutta", "tukee koko perhettä"),
    )
    .unwrap();
    p.settle(g);
    assert!(
        String::from_utf8_lossy(&p.get("/fi/palvelut/perhetyo/").1).contains("tukee koko perhettä")
    );
    let events = read_events(p.server().addr(), Duration::from_millis(500));
    assert!(
        events.contains("\"report\":null"),
        "the failure is cleared: {events}"
    );
}

/// An event stream like the one a tab showing `page` opens.
fn watch(addr: std::net::SocketAddr, page: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).unwrap();
    let page = page.replace('/', "%2F");
    write!(
        stream,
        "GET /__esite/events?path={page} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    stream
}

#[test]
fn after_adds_changes_renames_and_deletes_the_preview_equals_a_fresh_build() {
    let site = fixture_copy("basic");
    let p = Preview::start(site.path());
    let content = site.path().join("content");
    let edits: Vec<Box<dyn Fn()>> = vec![
        Box::new(|| {
            fs::create_dir_all(content.join("services/uusi")).unwrap();
            fs::write(content.join("services/uusi/fi.md"), "---\ntitle: Uusi palvelu\nsummary: Uutta.\nregions: [testialue]\ntopics: [arki]\n---\nUusi.\n").unwrap();
        }),
        Box::new(|| {
            let f = content.join("regions/testialue.yaml");
            fs::write(
                &f,
                fs::read_to_string(&f)
                    .unwrap()
                    .replace("\"0447401886\"", "\"044 123 4567\""),
            )
            .unwrap();
        }),
        Box::new(|| {
            fs::rename(content.join("pages/tietoa"), content.join("pages/meista")).unwrap()
        }),
        Box::new(|| {
            let f = content.join("services/perhetyo/en.md");
            replace_in(
                &f,
                "See also [home help](service:kotipalvelu).",
                "See also [the new service](service:uusi).",
            );
            let f = content.join("services/perhetyo/fi.md");
            replace_in(
                &f,
                "[kotipalvelu](service:kotipalvelu)",
                "[uusi palvelu](service:uusi)",
            );
        }),
        Box::new(|| fs::remove_dir_all(content.join("services/kotipalvelu")).unwrap()),
        // A service gets a new address: the bodies that link to it must follow, though their
        // own text did not change.
        Box::new(|| {
            replace_in(
                &content.join("services/uusi/fi.md"),
                "title: Uusi palvelu\n",
                "title: Uusi palvelu\nslug: uusi-nimi\n",
            );
        }),
        // The preview reuses unchanged pages: a theme text or template that every page shows
        // must still reach them all.
        Box::new(|| {
            let dir = site.path().join("themes/default/i18n");
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join("fi.yaml"), "phone: Puhelinnumero\n").unwrap();
        }),
        Box::new(|| {
            let dir = site.path().join("themes/default/templates");
            fs::create_dir_all(&dir).unwrap();
            let built_in = fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/channel.html"),
            )
            .unwrap();
            fs::write(
                dir.join("channel.html"),
                built_in.replace("channel-name", "channel-name own-theme"),
            )
            .unwrap();
        }),
    ];
    // Tabs open on pages of every kind that shows shared parts: each rebuild makes these
    // first, with only the shared parts they show, and tells their tabs before the rest.
    let _tabs: Vec<TcpStream> = [
        "/fi/palvelut/perhetyo/",
        "/en/services/kotipalvelu/",
        "/fi/palvelut/perhetyo/tulosta/testialue/",
        "/fi/alueet/testialue/",
        "/en/regions/test-county/print/",
        "/fi/kunnat/kuopio/",
        "/fi/tietoa/",
    ]
    .iter()
    .map(|page| watch(p.server().addr(), page))
    .collect();
    for edit in &edits {
        let g = p.server().generation();
        edit();
        p.settle(g);
    }
    let built = fresh_build(site.path(), &p.server().url());
    assert!(
        built.contains_key("fi/meista/index.html") && !built.contains_key("fi/tietoa/index.html")
    );
    let region = String::from_utf8_lossy(&built["fi/alueet/testialue/index.html"]).into_owned();
    assert!(
        region.contains("Puhelinnumero") && region.contains("own-theme"),
        "the theme edits did not reach the fresh build: {region}"
    );
    for (path, bytes) in &built {
        let (status, served) = p.get(&format!("/{path}"));
        assert_eq!(status, 200, "{path}");
        let served = strip_reload_script(&served);
        assert!(
            served == *bytes,
            "{path} differs from a fresh build:\nserved: {}\nbuilt:  {}",
            String::from_utf8_lossy(&served),
            String::from_utf8_lossy(bytes)
        );
    }
    for gone in [
        "/fi/tietoa/",
        "/fi/palvelut/kotipalvelu/",
        "/en/services/kotipalvelu/",
    ] {
        assert_eq!(p.get(gone).0, 404, "{gone} should be gone");
    }
}

/// Replaces text in a file, as an editor's save would.
fn replace_in(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn a_port_in_use_gives_a_clear_error() {
    let site = fixture_copy("basic");
    let p = Preview::start(site.path());
    let log: esite::serve::Log = Arc::new(|_: Event| {});
    let options = ServeOptions {
        site: site.path().to_path_buf(),
        bind: "127.0.0.1".parse().unwrap(),
        port: p.server().addr().port(),
        allowed_hosts: Vec::new(),
        debounce: Duration::from_millis(30),
        poll: None,
    };
    let err = esite::serve::start(options, log)
        .err()
        .expect("the second server cannot bind");
    assert!(
        err.message.contains("cannot listen on 127.0.0.1:"),
        "{}",
        err.message
    );
    assert!(err.hint.unwrap().contains("--port 0"));
}

#[test]
fn many_open_tabs_and_a_burst_of_requests_do_not_stop_reloads() {
    let site = fixture_copy("basic");
    let p = Preview::start(site.path());
    let addr = p.server().addr();
    // 200 open event streams, like 200 tabs.
    let tabs: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            write!(s, "GET /__esite/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
            s
        })
        .collect();
    // A bounded burst of page requests from 8 threads.
    let workers: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(move || {
                (0..50)
                    .filter(|_| request(addr, "GET", "/fi/", "127.0.0.1").0 == 200)
                    .count()
            })
        })
        .collect();
    let ok: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(ok, 400);
    let g = p.server().generation();
    let md = site.path().join("content/services/perhetyo/fi.md");
    replace_in(&md, "tukee vanhemmuutta", "tukee lapsia");
    p.settle(g);
    // Every tab hears about the rebuild.
    for mut tab in tabs {
        tab.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut seen = String::new();
        let mut chunk = [0u8; 8192];
        while !seen.contains("event: reload") {
            let n = tab.read(&mut chunk).expect("the stream stays open");
            assert!(n > 0, "stream closed: {seen}");
            seen.push_str(&String::from_utf8_lossy(&chunk[..n]));
        }
    }
}

#[test]
fn a_page_knows_its_build_so_a_rebuild_before_the_stream_connects_is_not_missed() {
    let site = fixture_copy("basic");
    let p = Preview::start(site.path());
    let page = String::from_utf8(p.get("/fi/palvelut/perhetyo/").1).unwrap();
    assert!(
        !page.contains("__ESITE_BUILD__"),
        "the server stamps the build number"
    );
    let build: u64 = page
        .split("var pageBuild = ")
        .nth(1)
        .and_then(|r| r.split(';').next())
        .and_then(|n| n.parse().ok())
        .expect("a build number");
    // The editor saves before this tab's event stream connects.
    let g = p.server().generation();
    let md = site.path().join("content/services/perhetyo/fi.md");
    replace_in(&md, "tukee vanhemmuutta", "tukee arkea");
    p.settle(g);
    let hello = read_events(p.server().addr(), Duration::from_millis(500));
    let line = hello.lines().find(|l| l.starts_with("data:")).unwrap();
    let data: serde_json::Value =
        serde_json::from_str(line.trim_start_matches("data:").trim()).unwrap();
    assert_ne!(
        data["build"].as_u64(),
        Some(build),
        "hello tells the tab its page is from an older build: {hello}"
    );
}

/// A picture beside a service's Markdown is made first with its page: the reloaded page
/// shows it at once instead of waiting for the whole rebuild.
#[test]
fn files_beside_the_markdown_come_with_the_page_made_first() {
    let site = fixture_copy("basic");
    fs::write(
        site.path().join("content/services/perhetyo/kuva.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    // Only a file the text shows is published.
    let md = site.path().join("content/services/perhetyo/fi.md");
    let text = fs::read_to_string(&md).unwrap();
    fs::write(&md, text + "\n![Kuva perheestä](kuva.svg)\n").unwrap();
    let early = Arc::new(std::sync::Mutex::new(Vec::new()));
    let done = {
        let early = early.clone();
        move |files: Vec<esite::render::OutputFile>| *early.lock().unwrap() = files
    };
    let outcome = esite::run(&esite::BuildOptions {
        site: site.path().to_path_buf(),
        first: Some(esite::render::First {
            files: vec!["fi/palvelut/perhetyo/index.html".into()],
            done: Arc::new(done),
        }),
        ..Default::default()
    });
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    let early = early.lock().unwrap();
    let picture = early
        .iter()
        .find(|f| f.path == "fi/palvelut/perhetyo/kuva.svg")
        .unwrap_or_else(|| {
            panic!(
                "not made first: {:?}",
                early.iter().map(|f| &f.path).collect::<Vec<_>>()
            )
        });
    assert_eq!(
        picture.copy_from.as_deref(),
        Some(Path::new("content/services/perhetyo/kuva.svg"))
    );
    // Not the English page's copy: that page is not open.
    assert!(!early.iter().any(|f| f.path.starts_with("en/")));
}

/// Every HTML page of a build, by path.
fn pages_of(files: &[esite::render::OutputFile]) -> BTreeMap<String, Vec<u8>> {
    files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| (f.path.clone(), f.bytes.to_vec()))
        .collect()
}

/// The preview makes the pages open tabs show before the rest of a rebuild, with only the
/// shared parts those pages show, and reloads the tabs at once: those pages must be the very
/// ones the whole build makes, or a tab would show a page that differs from the site.
#[test]
fn pages_made_first_for_open_tabs_are_the_pages_of_the_whole_build() {
    for (site, every) in [(repo().join("tests/fixtures/basic"), 1), (repo(), 5)] {
        let options = |first: Option<esite::render::First>, memo| esite::BuildOptions {
            site: site.clone(),
            base_url: Some("http://127.0.0.1:1/".into()),
            first,
            memo,
            ..Default::default()
        };
        let whole = esite::run(&options(None, None));
        assert!(!whole.has_errors(), "{:?}", whole.diagnostics);
        let whole = pages_of(&whole.files);
        // One memo for all the runs, as in the preview, where the open tab changes between
        // rebuilds; each page alone, then several pages of different kinds at once.
        let memo = Arc::new(esite::render::memo::Memo::default());
        let paths: Vec<&String> = whole.keys().step_by(every).collect();
        let mut sets: Vec<Vec<String>> = paths.iter().map(|p| vec![p.to_string()]).collect();
        sets.push(paths.iter().step_by(3).map(|p| p.to_string()).collect());
        for (i, set) in sets.iter().enumerate() {
            let early = Arc::new(std::sync::Mutex::new(None));
            let done = {
                let early = early.clone();
                move |files: Vec<esite::render::OutputFile>| {
                    *early.lock().unwrap() = Some(pages_of(&files));
                }
            };
            let first = esite::render::First {
                files: set.clone(),
                done: Arc::new(done),
            };
            // Without the memo now and then: both ways must agree.
            let memo = (i % 4 != 3).then(|| memo.clone());
            let outcome = esite::run(&options(Some(first), memo));
            assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
            assert_eq!(
                pages_of(&outcome.files),
                whole,
                "with {set:?} open the site differs"
            );
            let early = early.lock().unwrap().take();
            let early = early.unwrap_or_else(|| panic!("{set:?} were not made first"));
            for path in set {
                assert!(
                    early.get(path) == whole.get(path),
                    "{path} made first differs from the whole build's:\n{}\n{}",
                    String::from_utf8_lossy(&early[path]),
                    String::from_utf8_lossy(&whole[path])
                );
            }
        }
    }
}

/// The event stream of a tab open on `page`, read as the events come.
struct Tab {
    stream: TcpStream,
    seen: String,
}

impl Tab {
    fn open(addr: std::net::SocketAddr, page: &str) -> Tab {
        let stream = watch(addr, page);
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        Tab {
            stream,
            seen: String::new(),
        }
    }

    /// Everything the stream said in the next `wait`.
    fn said(&mut self, wait: Duration) -> String {
        let start = self.seen.len();
        let until = Instant::now() + wait;
        let mut chunk = [0u8; 4096];
        while Instant::now() < until {
            if let Ok(n @ 1..) = self.stream.read(&mut chunk) {
                self.seen.push_str(&String::from_utf8_lossy(&chunk[..n]));
            }
        }
        self.seen[start..].to_string()
    }
}

/// A tab reloads to its page as soon as that page is made, before the rest of the site. If
/// the rest then fails, the tab shows a page the last good build does not have: the build
/// that fixes the problem must reload it, even where its page equals the last good one.
#[test]
fn a_tab_shown_a_page_of_a_build_that_then_failed_reloads_when_it_is_fixed() {
    let site = fixture_copy("basic");
    let p = Preview::start(site.path());
    // A URL with index.html is the same page.
    let mut tab = Tab::open(p.server().addr(), "/fi/palvelut/perhetyo/index.html");
    tab.said(Duration::from_millis(300));
    let page = "/fi/palvelut/perhetyo/";

    replace_in(
        &site.path().join("content/services/perhetyo/fi.md"),
        "title: Perhetyö",
        "title: Perhetyö tänään",
    );
    let events = tab.said(Duration::from_secs(3));
    assert!(
        events.contains(&format!("\"paths\":[\"{page}\"]")),
        "the tab was not told its page changed: {events}"
    );

    // A template every page shows: the service page gets a new line, region pages (not
    // open, so made after it) fail.
    let dir = site.path().join("themes/default/templates");
    fs::create_dir_all(&dir).unwrap();
    let base = fs::read_to_string(repo().join("themes/default/templates/base.html")).unwrap();
    fs::write(
        dir.join("base.html"),
        base.replace(
            "</main>",
            "<p>Uusi rivi</p>{% if page.booklet_url %}{{ page.no_such_field }}{% endif %}</main>",
        ),
    )
    .unwrap();
    let events = tab.said(Duration::from_secs(4));
    assert!(
        events.contains(&format!("\"paths\":[\"{page}\"]")) && events.contains("event: failed"),
        "the tab was not shown its new page, then the failure: {events}"
    );
    let (_, served) = p.get(page);
    assert!(
        !String::from_utf8_lossy(&served).contains("Uusi rivi"),
        "the failed build's page is served"
    );

    // The fix gives the very pages of the last good build.
    fs::remove_file(dir.join("base.html")).unwrap();
    let events = tab.said(Duration::from_secs(4));
    assert!(
        events.contains("\"paths\":null") || events.contains(&format!("\"{page}\"")),
        "the tab still shows the failed build's page: {events}"
    );
}
