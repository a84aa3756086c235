//! `esite pdf`: the print pages as PDF files for print houses and for publishing. The site is
//! built in memory, served on a private loopback port, and each leaflet and booklet is printed
//! by a locally installed headless Chromium (tagged PDF with an outline, the page's title and
//! language, fonts embedded). The PDFs join the other files before the atomic write.

pub mod contents;
pub mod printhouse;

use crate::diag::Diagnostic;
use crate::render::OutputFile;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
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
    let tmp = std::env::temp_dir().join(format!("esite-pdf-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&tmp);
    // Two Chromiums at a time keep both cores busy without running out of memory.
    let next = AtomicUsize::new(0);
    let results: Vec<Result<OutputFile, Diagnostic>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        let Some(job) = jobs.get(i) else { break };
                        // A headless Chromium now and then exits without printing when the
                        // machine is busy; a second try costs little and spares a whole build.
                        let printed = print_one(chromium, port, job, &tmp, i)
                            .or_else(|_| print_one(chromium, port, job, &tmp, i))
                            .and_then(|pdf| {
                                with_page_numbers(pdf, chromium, port, job, &tmp, i, &served)
                            });
                        out.push(printed);
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
    server.unblock();
    for _ in 0..workers.len() {
        server.unblock();
    }
    for w in workers {
        let _ = w.join();
    }
    let _ = std::fs::remove_dir_all(&tmp);
    results.into_iter().collect()
}

/// A booklet printed again with its contents' page numbers, read from the first print (see
/// [`contents`]); any other page as it is.
fn with_page_numbers(
    first: OutputFile,
    chromium: &Path,
    port: u16,
    job: &Job,
    tmp: &Path,
    i: usize,
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
    let second = print_one(chromium, port, &again, tmp, i)
        .or_else(|_| print_one(chromium, port, &again, tmp, i))?;
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

fn print_one(
    chromium: &Path,
    port: u16,
    job: &Job,
    tmp: &Path,
    i: usize,
) -> Result<OutputFile, Diagnostic> {
    let profile = tmp.join(format!("profile-{i}"));
    let pdf = tmp.join(format!("{i}.pdf"));
    let _ = std::fs::remove_dir_all(&profile);
    let _ = std::fs::remove_file(&pdf);
    let url = format!("http://127.0.0.1:{port}/{}", job.dir);
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(&url)
        .output()
        .map_err(|e| Diagnostic::error(chromium, format!("cannot run Chromium: {e}")))?;
    let bytes = std::fs::read(&pdf).map_err(|_| {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
        Diagnostic::error(chromium, format!("Chromium did not print {url}: {last}"))
            .hint("check that Chromium starts: chromium --headless --no-sandbox --version")
    })?;
    let _ = std::fs::remove_dir_all(&profile);
    Ok(OutputFile {
        path: format!("{}{}", job.dir, job.file_name),
        bytes: bytes.into(),
        copy_from: None,
    })
}
