//! Input esite must survive without hanging, panicking or touching the previous output: named
//! pipes and folders where files belong, links out of the site, leftovers of killed builds,
//! outputs that are links, and outputs esite cannot write into. Every case checks the exit
//! code (1 a problem of the site, 2 a wrong --output), that the file is named, that nothing
//! panicked, that the previous output is byte for byte as it was, and that no staging folder
//! is left beside it.
#![cfg(unix)]

mod support;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::*;

/// Runs esite; a run that hangs (a named pipe read) is killed and fails the test.
fn esite(args: &[&std::ffi::OsStr]) -> Output {
    let o = run(
        Command::new(env!("CARGO_BIN_EXE_esite"))
            .args(args)
            .env("NO_COLOR", "1"),
        Duration::from_secs(60),
    );
    assert!(o.status.is_some(), "esite {args:?} hung:\n{}", o.stderr);
    o
}

fn build(site: &Path, out: &Path) -> Output {
    esite(&[
        "build".as_ref(),
        "--site".as_ref(),
        site.as_os_str(),
        "--output".as_ref(),
        out.as_os_str(),
    ])
}

fn check(site: &Path) -> Output {
    esite(&["check".as_ref(), "--site".as_ref(), site.as_os_str()])
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .follow_root_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Staging folders (and moved-aside old sites) in `dir`.
fn staging_in(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".esite-new-") || n.contains(".esite-old-"))
        .collect()
}

/// A copy of the basic site, built once into `output/`: the previous output every case
/// must leave alone.
struct Built {
    site: tempfile::TempDir,
    out: PathBuf,
    before: BTreeMap<PathBuf, Vec<u8>>,
}

fn built() -> Built {
    let site = fixture_copy("basic");
    let out = site.path().join("output");
    let o = build(site.path(), &out);
    assert_eq!(o.status.and_then(|s| s.code()), Some(0), "{}", o.stderr);
    let before = snapshot(&out);
    assert!(before.contains_key(Path::new("index.html")));
    Built { site, out, before }
}

impl Built {
    fn path(&self, rel: &str) -> PathBuf {
        self.site.path().join(rel)
    }

    /// Builds again and checks what every refused build must do.
    fn refused(&self, code: i32, file: &str, words: &str) -> String {
        let o = build(self.site.path(), &self.out);
        assert_refused(&o, code, file, words);
        assert_eq!(
            snapshot(&self.out),
            self.before,
            "the previous output changed"
        );
        assert_eq!(staging_in(self.site.path()), Vec::<String>::new());
        o.stderr
    }
}

fn assert_refused(o: &Output, code: i32, file: &str, words: &str) {
    let err = &o.stderr;
    assert_eq!(o.status.and_then(|s| s.code()), Some(code), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // `file: error:`, or `file:line:column: error:` for a place in it.
    let named = err.lines().any(|l| {
        l.strip_prefix(file)
            .and_then(|rest| rest.strip_prefix(':'))
            .is_some_and(|rest| rest.contains("error: "))
    });
    assert!(named, "{file} not named:\n{err}");
    assert!(err.contains(words), "'{words}' not said:\n{err}");
}

fn mkfifo(path: &Path) {
    let _ = fs::remove_file(path);
    let o = Command::new("mkfifo")
        .arg(path)
        .output()
        .expect("mkfifo runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

const PIPE: &str = "this is not a regular file (a named pipe); esite reads only ordinary files";

#[test]
fn a_named_pipe_as_site_yaml_is_reported_not_waited_for() {
    let b = built();
    mkfifo(&b.path("content/site.yaml"));
    let o = check(b.site.path());
    assert_refused(&o, 1, "content/site.yaml", PIPE);
    assert!(o.stderr.contains("replace it with a file or remove it"));
    b.refused(1, "content/site.yaml", PIPE);
}

#[test]
fn a_named_pipe_or_folder_as_a_region_file_is_reported() {
    let b = built();
    mkfifo(&b.path("content/regions/pipe.yaml"));
    fs::create_dir(b.path("content/regions/folder.yml")).unwrap();
    let err = b.refused(1, "content/regions/pipe.yaml", PIPE);
    assert!(
        err.contains("content/regions/folder.yml: error: this is not a regular file (a folder)"),
        "{err}"
    );
}

#[test]
fn named_pipes_beside_pages_and_in_the_theme_are_reported() {
    let b = built();
    mkfifo(&b.path("content/services/perhetyo/kuva.jpg"));
    mkfifo(&b.path("content/services/perhetyo/sv.md"));
    fs::create_dir_all(b.path("themes/default/static")).unwrap();
    mkfifo(&b.path("themes/default/static/extra.css"));
    let err = b.refused(1, "content/services/perhetyo/kuva.jpg", PIPE);
    for file in [
        "content/services/perhetyo/sv.md",
        "themes/default/static/extra.css",
    ] {
        assert!(err.contains(&format!("{file}: error: {PIPE}")), "{err}");
    }
}

#[test]
fn links_out_of_the_site_are_not_followed_in_services_or_the_theme() {
    let b = built();
    let outside = tempfile::tempdir().unwrap();
    fs::create_dir_all(outside.path().join("static")).unwrap();
    fs::write(outside.path().join("static/style.css"), "SECRET").unwrap();
    fs::create_dir_all(b.path("themes/default/static")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("static/style.css"),
        b.path("themes/default/static/style.css"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), b.path("content/services/vieras")).unwrap();
    let words = "this link points outside the site folder";
    let err = b.refused(1, "themes/default/static/style.css", words);
    assert!(
        err.contains(&format!("content/services/vieras: error: {words}")),
        "{err}"
    );
    // A theme naming a folder out of the site is refused the same way.
    let b = built();
    fs::create_dir(b.path("themes")).unwrap();
    fs::write(
        b.path("content/site.yaml"),
        fs::read_to_string(b.path("content/site.yaml")).unwrap() + "theme: ../..\n",
    )
    .unwrap();
    b.refused(1, "themes/../..", "this leads outside the site folder");
}

#[test]
fn a_killed_builds_staging_folder_is_removed_by_the_next_build() {
    let b = built();
    // What kill -9 in the middle of a build leaves (the name before and after this change).
    for name in [".output.esite-new-99999", ".output.esite-new-99999-3"] {
        fs::create_dir_all(b.path(name).join("fi/palvelut")).unwrap();
        fs::write(b.path(name).join("fi/palvelut/index.html"), "half a site").unwrap();
    }
    // Not esite's, or another output's: kept.
    fs::create_dir(b.path(".output.esite-new-mine")).unwrap();
    fs::create_dir(b.path(".public.esite-new-99999")).unwrap();
    let o = build(b.site.path(), &b.out);
    assert_eq!(o.status.and_then(|s| s.code()), Some(0), "{}", o.stderr);
    let mut left = staging_in(b.site.path());
    left.sort();
    assert_eq!(left, [".output.esite-new-mine", ".public.esite-new-99999"]);
}

/// Holds the lock a running build holds on the folder its output is in.
#[allow(unsafe_code)] // flock has no safe wrapper in std
fn hold_build_lock(dir: &Path) -> fs::File {
    use std::os::unix::io::AsRawFd;
    let f = fs::File::open(dir).unwrap();
    // SAFETY: the descriptor belongs to `f`, open for the call.
    assert_eq!(unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_SH) }, 0);
    f
}

#[test]
fn a_running_builds_staging_folder_is_not_removed() {
    let b = built();
    let running = b.path(".output.esite-new-99999-0");
    fs::create_dir_all(&running).unwrap();
    fs::write(running.join("index.html"), "being built").unwrap();
    let lock = hold_build_lock(b.site.path());
    let o = build(b.site.path(), &b.out);
    assert_eq!(o.status.and_then(|s| s.code()), Some(0), "{}", o.stderr);
    assert!(
        running.join("index.html").is_file(),
        "a running build's staging folder was removed"
    );
    drop(lock);
    let o = build(b.site.path(), &b.out);
    assert_eq!(o.status.and_then(|s| s.code()), Some(0), "{}", o.stderr);
    assert!(
        !running.exists(),
        "the staging folder stays after its build ended"
    );
}

#[test]
fn an_output_that_is_a_link_is_written_through_and_stays_a_link() {
    let site = fixture_copy("basic");
    let web = tempfile::tempdir().unwrap();
    let root = web.path().join("html");
    fs::create_dir(&root).unwrap();
    fs::write(root.join("stale.html"), "old site").unwrap();
    let link = site.path().join("public");
    std::os::unix::fs::symlink(&root, &link).unwrap();
    for _ in 0..2 {
        let o = build(site.path(), &link);
        assert_eq!(o.status.and_then(|s| s.code()), Some(0), "{}", o.stderr);
        assert!(
            fs::symlink_metadata(&link).unwrap().is_symlink(),
            "the link was replaced"
        );
        assert_eq!(fs::read_link(&link).unwrap(), root);
        assert!(
            root.join("fi/index.html").is_file(),
            "the web root is stale"
        );
        assert!(!root.join("stale.html").exists());
        assert_eq!(staging_in(web.path()), Vec::<String>::new());
        assert_eq!(staging_in(site.path()), Vec::<String>::new());
    }
    // A failed build leaves the folder behind the link as it was.
    let before = snapshot(&root);
    fs::write(
        site.path().join("content/services/perhetyo/fi.md"),
        "---\ntitle: [\n---\n",
    )
    .unwrap();
    let o = build(site.path(), &link);
    assert_refused(
        &o,
        1,
        "content/services/perhetyo/fi.md",
        "expected a string",
    );
    assert_eq!(snapshot(&root), before);
    assert_eq!(staging_in(web.path()), Vec::<String>::new());
}

#[test]
fn a_link_to_a_folder_not_made_yet_and_a_normal_output_both_work() {
    let site = fixture_copy("basic");
    let link = site.path().join("public");
    // A relative link, as `ln -s` makes them, to a folder whose parent is not there either.
    std::os::unix::fs::symlink("www/html", &link).unwrap();
    let target = site.path().join("www/html");
    let o = build(site.path(), &link);
    assert_eq!(o.status.and_then(|s| s.code()), Some(0), "{}", o.stderr);
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    assert!(target.join("index.html").is_file());
    assert_eq!(staging_in(&site.path().join("www")), Vec::<String>::new());
    fs::remove_dir_all(&target).unwrap();

    let out = site.path().join("output");
    let o = build(site.path(), &out);
    assert_eq!(o.status.and_then(|s| s.code()), Some(0), "{}", o.stderr);
    let meta = fs::symlink_metadata(&out).unwrap();
    assert!(meta.is_dir() && !meta.is_symlink());
    assert!(out.join("index.html").is_file());
}

#[test]
fn an_output_link_that_leads_round_in_a_circle_is_refused() {
    let b = built();
    let (one, two) = (b.path("one"), b.path("two"));
    std::os::unix::fs::symlink(&two, &one).unwrap();
    std::os::unix::fs::symlink(&one, &two).unwrap();
    let o = build(b.site.path(), &one);
    assert_refused(&o, 2, &one.display().to_string(), "leads round in a circle");
    assert_eq!(snapshot(&b.out), b.before);
    assert_eq!(staging_in(b.site.path()), Vec::<String>::new());
}

#[test]
fn an_output_that_is_a_file_or_the_site_is_a_usage_error() {
    let b = built();
    let file = b.path("README.txt");
    fs::write(&file, "not a folder").unwrap();
    let o = build(b.site.path(), &file);
    assert_refused(
        &o,
        2,
        &file.display().to_string(),
        "is a file, not a folder",
    );
    let content = b.path("content");
    let o = build(b.site.path(), &content);
    assert_refused(
        &o,
        2,
        &content.display().to_string(),
        "would replace the site's own files",
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "not a folder");
    assert_eq!(snapshot(&b.out), b.before);
    assert_eq!(staging_in(b.site.path()), Vec::<String>::new());
}

fn is_root() -> bool {
    #[allow(unsafe_code)] // geteuid has no safe wrapper in std
    // SAFETY: geteuid takes nothing and cannot fail.
    let uid = unsafe { libc::geteuid() };
    uid == 0
}

/// A bind mount of `dir` on itself, read-only or not (root ignores permissions); unmounted on
/// drop.
struct Mount(PathBuf);

impl Mount {
    fn bind(dir: &Path, read_only: bool) -> Option<Mount> {
        let ok = |args: &[&std::ffi::OsStr]| {
            Command::new("mount")
                .args(args)
                .output()
                .is_ok_and(|o| o.status.success())
        };
        if !ok(&["--bind".as_ref(), dir.as_os_str(), dir.as_os_str()]) {
            return None;
        }
        let guard = Mount(dir.to_path_buf());
        (!read_only || ok(&["-o".as_ref(), "remount,ro,bind".as_ref(), dir.as_os_str()]))
            .then_some(guard)
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn an_output_esite_cannot_write_into_is_named_in_plain_words() {
    let site = fixture_copy("basic");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let o = build(site.path(), &out);
    assert_eq!(o.status.and_then(|s| s.code()), Some(0), "{}", o.stderr);
    let before = snapshot(&out);
    let shown = out.display().to_string();
    let (_guard, words) = if is_root() {
        // Root writes into a folder whatever its permissions say: a read-only mount it
        // cannot. Without the right to mount, write.rs's unit test covers the message.
        match Mount::bind(parent.path(), true) {
            Some(g) => (Some(g), "the disk it is on is read-only"),
            None => {
                eprintln!("skipped: running as root and cannot make a read-only mount");
                return;
            }
        }
    } else {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(parent.path(), fs::Permissions::from_mode(0o555)).unwrap();
        (None, "its parent folder is read-only")
    };
    let o = build(site.path(), &out);
    assert_refused(
        &o,
        2,
        &shown,
        &format!("cannot write the site into this folder: {words}"),
    );
    assert!(o.stderr.contains("choose another --output"), "{}", o.stderr);
    assert!(
        !o.stderr.contains("esite-new"),
        "names the staging folder:\n{}",
        o.stderr
    );
    assert_eq!(snapshot(&out), before);
    assert_eq!(staging_in(parent.path()), Vec::<String>::new());
    if !is_root() {
        use std::os::unix::fs::PermissionsExt;
        // So the temporary folder can be removed.
        let _ = fs::set_permissions(parent.path(), fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn an_output_that_is_a_mount_point_is_explained() {
    let site = fixture_copy("basic");
    let out = site.path().join("output");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("index.html"), "the previous site").unwrap();
    let Some(_mount) = is_root().then(|| Mount::bind(&out, false)).flatten() else {
        eprintln!("skipped: cannot make a mount point without root");
        return;
    };
    let o = build(site.path(), &out);
    let shown = out.display().to_string();
    assert_refused(
        &o,
        1,
        &shown,
        "cannot write the site into this folder: it is a mount point",
    );
    assert!(
        o.stderr.contains("build into a folder inside it"),
        "{}",
        o.stderr
    );
    assert_eq!(
        fs::read_to_string(out.join("index.html")).unwrap(),
        "the previous site"
    );
    assert_eq!(staging_in(site.path()), Vec::<String>::new());
}
