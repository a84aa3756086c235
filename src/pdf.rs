//! `esite pdf`: the print pages as PDF files for print houses and for publishing. The site is
//! built in memory, served on a private loopback port, and each leaflet and booklet is printed
//! by a locally installed headless Chromium (tagged PDF with an outline, the page's title and
//! language, fonts embedded). The PDFs join the other files before the atomic write.

mod cdp;
pub mod contents;
pub mod printhouse;

use crate::diag::Diagnostic;
use crate::render::OutputFile;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where Debian and other distributions put Chromium.
const CANDIDATES: &[&str] = &[
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
];

pub fn find_chromium(explicit: Option<&Path>) -> Result<PathBuf, Diagnostic> {
    if let Some(p) = explicit {
        return if p.is_file() {
            Ok(p.to_path_buf())
        } else {
            Err(Diagnostic::error(p, "there is no Chromium at this path")
                .hint("give the full path of the chromium program with --chromium"))
        };
    }
    CANDIDATES.iter().map(PathBuf::from).find(|p| p.is_file()).ok_or_else(|| {
        Diagnostic::error("chromium", "esite pdf needs Chromium to print the PDFs, and it is not installed")
            .hint("on Debian or Ubuntu: sudo apt-get install chromium (or point to a Chromium or Chrome with --chromium PATH)")
    })
}

/// How `esite pdf` prints.
pub struct Printing {
    /// The Chromium (or Chrome) program.
    pub chromium: PathBuf,
    /// Also write a print-house copy of each PDF (`<name>-print.pdf`, see [`printhouse`]).
    pub print_house: bool,
}

/// The print-house copy of each PDF, beside it. The ordinary PDF stays the one the web page links:
/// bleed and crop marks are for the print house, not for readers.
pub fn print_house_copies(pdfs: &[OutputFile]) -> Result<Vec<OutputFile>, Diagnostic> {
    pdfs.iter()
        .map(|f| {
            let bytes = printhouse::prepare(&f.bytes).map_err(|e| {
                Diagnostic::error(
                    &f.path,
                    format!("cannot make the print-house copy of this PDF: {e}"),
                )
            })?;
            let stem = f.path.strip_suffix(".pdf").unwrap_or(&f.path);
            Ok(OutputFile {
                path: format!("{stem}-print.pdf"),
                bytes: bytes.into(),
                copy_from: None,
            })
        })
        .collect()
}

/// A page to print: its folder in the site, and the PDF's file name there.
pub struct Job {
    pub dir: String,
    pub file_name: String,
}

/// Prints every job; returns the PDFs as output files, or the first failure.
pub fn print(
    files: &[OutputFile],
    site_root: &Path,
    chromium: &Path,
    jobs: &[Job],
) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut served: HashMap<String, Vec<u8>> = HashMap::new();
    for f in files {
        let bytes = match &f.copy_from {
            Some(src) => crate::load::read_bytes(site_root, src)?,
            None => f.bytes.to_vec(),
        };
        served.insert(f.path.clone(), bytes);
    }
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").map_err(|e| {
        Diagnostic::error(
            "127.0.0.1",
            format!("cannot start the local server that Chromium prints from: {e}"),
        )
    })?);
    let port = server.server_addr().to_ip().map(|a| a.port()).unwrap_or(0);
    let served = Arc::new(served);
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (server, served) = (server.clone(), served.clone());
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    let path = request
                        .url()
                        .split(['?', '#'])
                        .next()
                        .unwrap_or("/")
                        .trim_start_matches('/')
                        .to_string();
                    let key = if path.is_empty() || path.ends_with('/') {
                        format!("{path}index.html")
                    } else {
                        path
                    };
                    // The second print of a booklet asks for its contents' page numbers.
                    let numbers = request
                        .url()
                        .split_once("?toc=")
                        .map(|(_, q)| parse_toc_query(q));
                    let response = match served.get(&key) {
                        Some(bytes) => {
                            let bytes = match &numbers {
                                Some(n) => contents::fill(bytes, n),
                                None => bytes.clone(),
                            };
                            let mut r = tiny_http::Response::from_data(bytes);
                            if let Ok(h) = tiny_http::Header::from_bytes(
                                &b"Content-Type"[..],
                                crate::mime::content_type(&key),
                            ) {
                                r.add_header(h);
                            }
                            r
                        }
                        None => tiny_http::Response::from_data(Vec::new()).with_status_code(404),
                    };
                    let _ = request.respond(response);
                }
            })
        })
        .collect();
    let profile = std::env::temp_dir().join(format!("esite-pdf-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let results = print_all(chromium, port, jobs, &profile, &served);
    server.unblock();
    for _ in 0..workers.len() {
        server.unblock();
    }
    for w in workers {
        let _ = w.join();
    }
    let _ = std::fs::remove_dir_all(&profile);
    results
}

/// How long one page may take to load and print before esite gives up on it.
const PAGE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);
/// Pages printed at the same time, each in a tab of the one Chromium: two keep both cores
/// busy.
const TABS: usize = 2;

/// Prints every job in one Chromium, two tabs at a time; the first failure names its page.
fn print_all(
    chromium: &Path,
    port: u16,
    jobs: &[Job],
    profile: &Path,
    served: &HashMap<String, Vec<u8>>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let started = cdp::Browser::start(chromium, profile);
    let browser = started.map_err(|e| {
        Diagnostic::error(chromium, e)
            .hint("check that Chromium starts: chromium --headless --no-sandbox --version")
    })?;
    let next = AtomicUsize::new(0);
    let results: Vec<Result<OutputFile, Diagnostic>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..TABS.min(jobs.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    let tab = match browser.open_tab(PAGE_TIMEOUT) {
                        Ok(t) => t,
                        Err(e) => {
                            out.push(Err(Diagnostic::error(chromium, e)));
                            return out;
                        }
                    };
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        let Some(job) = jobs.get(i) else { break };
                        let printed = print_one(&tab, port, job)
                            .and_then(|pdf| with_page_numbers(pdf, &tab, port, job, served));
                        let failed = printed.is_err();
                        out.push(printed);
                        if failed {
                            break;
                        }
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut pdfs: Vec<OutputFile> = results.into_iter().collect::<Result<_, _>>()?;
    // In the order of the jobs, whichever tab printed them.
    let order: HashMap<String, usize> = jobs
        .iter()
        .enumerate()
        .map(|(i, j)| (format!("{}{}", j.dir, j.file_name), i))
        .collect();
    pdfs.sort_by_key(|f| order.get(&f.path).copied().unwrap_or(usize::MAX));
    if pdfs.len() < jobs.len() {
        return Err(Diagnostic::error(chromium, "Chromium stopped before every PDF was printed")
            .hint("run esite pdf again; if it stops again, check that Chromium starts: chromium --headless --no-sandbox --version"));
    }
    Ok(pdfs)
}

/// A booklet printed again with its contents' page numbers, read from the first print (see
/// [`contents`]); any other page as it is.
fn with_page_numbers(
    first: OutputFile,
    tab: &cdp::Tab,
    port: u16,
    job: &Job,
    served: &HashMap<String, Vec<u8>>,
) -> Result<OutputFile, Diagnostic> {
    let page = served.get(&format!("{}index.html", job.dir));
    if !page.is_some_and(|p| contents::has_slots(p)) {
        return Ok(first);
    }
    let numbers = contents::page_numbers(&first.bytes).map_err(|e| {
        Diagnostic::error(
            &first.path,
            format!("cannot read the page numbers back: {e}"),
        )
    })?;
    if numbers.is_empty() {
        return Ok(first);
    }
    let mut query: Vec<String> = numbers.iter().map(|(id, n)| format!("{id}:{n}")).collect();
    query.sort();
    let again = Job {
        dir: format!("{}?toc={}", job.dir, query.join(",")),
        file_name: job.file_name.clone(),
    };
    let second = print_one(tab, port, &again)?;
    Ok(OutputFile {
        path: first.path,
        ..second
    })
}

/// `service-a:2,service-b:5` (ids are ASCII letters, digits and hyphens) into numbers by id.
fn parse_toc_query(q: &str) -> HashMap<String, u32> {
    q.split(',')
        .filter_map(|pair| {
            let (id, n) = pair.split_once(':')?;
            Some((id.to_string(), n.parse().ok()?))
        })
        .collect()
}

fn print_one(tab: &cdp::Tab, port: u16, job: &Job) -> Result<OutputFile, Diagnostic> {
    let url = format!("http://127.0.0.1:{port}/{}", job.dir);
    let path = format!("{}{}", job.dir, job.file_name);
    let shown = path.split('?').next().unwrap_or(&path).to_string();
    let bytes = tab.print(&url, PAGE_TIMEOUT).map_err(|e| {
        Diagnostic::error(&shown, format!("this PDF could not be printed: {e}")).hint(
            "check the page in the preview (esite serve); a page that loads for a minute or more is given up on",
        )
    })?;
    Ok(OutputFile {
        path,
        bytes: bytes.into(),
        copy_from: None,
    })
}
