//! A save that arrives while the preview rebuilds stops that rebuild instead of waiting for
//! it, and the preview still ends up serving exactly what a fresh build writes.

mod support;
use esite::serve::{Event, ServeOptions};
use std::fs;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::*;

#[test]
fn a_save_during_a_rebuild_stops_it_and_the_last_save_wins() {
    let site = fixture_copy("basic");
    let content = site.path().join("content");
    // Enough pages that a rebuild of every page (a theme text changes them all) takes a while.
    let body = fs::read_to_string(content.join("services/perhetyo/fi.md")).unwrap();
    for i in 0..300 {
        let dir = content.join(format!("services/palvelu-{i:03}"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("fi.md"),
            body.replace("title: Perhetyö", &format!("title: Palvelu {i:03}")),
        )
        .unwrap();
    }
    let i18n = site.path().join("themes/default/i18n");
    fs::create_dir_all(&i18n).unwrap();

    let events: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = events.clone();
    let log: esite::serve::Log = Arc::new(move |e: Event| {
        let what = match e {
            Event::Stopped { .. } => "stopped",
            Event::Rebuilt { .. } => "rebuilt",
            Event::Failed { .. } => "failed",
            Event::Warning(_) => "warning",
        };
        seen.lock().unwrap().push(what.to_string());
    });
    let server = esite::serve::start(
        ServeOptions {
            site: site.path().to_path_buf(),
            bind: "127.0.0.1".parse().unwrap(),
            port: 0,
            allowed_hosts: Vec::new(),
            debounce: Duration::from_millis(30),
            poll: None,
        },
        log,
    )
    .expect("server starts");

    // Each round: a theme text that every page shows, then, while that rebuild runs, a second
    // save. Rounds repeat until one rebuild was seen stopping (on a very fast machine a rebuild
    // may end before the second save).
    let mut round = 0;
    while !events.lock().unwrap().iter().any(|e| e == "stopped") {
        round += 1;
        assert!(
            round <= 8,
            "no rebuild was stopped by a newer save: {:?}",
            events.lock().unwrap()
        );
        fs::write(i18n.join("fi.yaml"), format!("phone: Puhelin {round}\n")).unwrap();
        std::thread::sleep(Duration::from_millis(120));
        fs::write(i18n.join("fi.yaml"), format!("phone: Soita {round}\n")).unwrap();
        settle(&server);
    }
    assert!(
        !events.lock().unwrap().iter().any(|e| e == "failed"),
        "{:?}",
        events.lock().unwrap()
    );

    let built = fresh_build(site.path(), &server.url());
    let page = String::from_utf8_lossy(&built["fi/palvelut/palvelu-150/index.html"]).into_owned();
    assert!(
        page.contains(&format!("Soita {round}")),
        "the last save is not in a fresh build"
    );
    for (path, bytes) in &built {
        let served = get(&server, &format!("/{path}"));
        assert!(
            strip_reload_script(&served) == *bytes,
            "{path} differs from a fresh build after a stopped rebuild"
        );
    }
    server.stop();
}

/// Waits until no rebuild has followed for a while.
fn settle(server: &esite::serve::Server) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut last = server.generation();
    loop {
        std::thread::sleep(Duration::from_millis(700));
        let now = server.generation();
        if now == last {
            return;
        }
        assert!(Instant::now() < deadline, "the preview never settled");
        last = now;
    }
}

fn get(server: &esite::serve::Server, path: &str) -> Vec<u8> {
    let (status, body) = request(server.addr(), "GET", path, "127.0.0.1");
    assert_eq!(status, 200, "{path}");
    body
}
