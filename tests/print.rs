//! Printed leaflets and booklets: what they carry, their QR codes, and the PDFs `esite pdf`
//! prints with Chromium (page size, page count, contacts and address in the text, nothing
//! outside the page).

mod support;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use support::*;

fn esite(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_esite"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The example site built once for the HTML checks.
fn example() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let o = esite(&[
            "build",
            "--site",
            repo().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        dir
    })
    .path()
}

fn read(rel: &str) -> String {
    fs::read_to_string(example().join("out").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_service_page_links_a_leaflet_for_each_region_that_offers_it() {
    let html = read("fi/palvelut/perhetyo/index.html");
    for region in ["kainuu", "pohjois-savo", "helsinki", "posa"] {
        let url = format!("/fi/palvelut/perhetyo/tulosta/{region}/");
        assert!(
            html.contains(&format!("<a href=\"{url}\">Esite: ")),
            "no visible link to {url}"
        );
        assert!(
            html.contains(&format!(
                "<link rel=\"alternate\" media=\"print\" href=\"{url}\""
            )),
            "no print alternate for {url}"
        );
        assert!(
            example()
                .join("out")
                .join(&url[1..])
                .join("index.html")
                .is_file()
        );
    }
    assert!(
        example()
            .join("out/en/services/family-work/print/north-savo/index.html")
            .is_file()
    );
}

#[test]
fn a_leaflet_carries_its_own_regions_contacts_only() {
    let kainuu = read("fi/palvelut/perhetyo/tulosta/kainuu/index.html");
    assert!(kainuu.contains(r#"href="tel:+358447974878">044 797 4878</a>"#));
    assert!(
        !kainuu.contains("044 740 1886"),
        "North Savo's number on Kainuu's leaflet"
    );
    assert!(kainuu.contains(r#"<p class="publisher">Kainuun hyvinvointialue"#));
    assert!(
        kainuu.replace("<wbr>", "").contains(
            r#"<p class="web-url">https://perhepalvelut.example.fi/fi/palvelut/perhetyo/"#
        ),
        "the address in words"
    );
    assert!(
        kainuu.contains("@page { size: A4; }") || kainuu.contains("@page{size:A4}"),
        "A4 by default"
    );
    let savo = read("en/services/family-work/print/north-savo/index.html");
    assert!(savo.contains("044 740 1886") && !savo.contains("044 797 4878"));
    // The colophon of a printed leaflet comes from the region's data.
    let helsinki = read("fi/palvelut/perhetyo/tulosta/helsinki/index.html");
    assert!(helsinki.contains("Next Print Oy") && helsinki.contains("Kilda Creative Oy"));
}

/// The region a print page is for, from its path (leaflets end in the region's slug,
/// booklets sit in the region's folder).
fn region_of(rel: &str) -> Option<&'static str> {
    let parts: Vec<&str> = rel.split('/').collect();
    let slug = match parts.as_slice() {
        [
            _,
            "palvelut" | "services",
            _,
            "tulosta" | "print",
            r,
            "index.html",
        ] => *r,
        [
            _,
            "alueet" | "regions",
            r,
            "tulosta" | "print",
            "index.html",
        ] => *r,
        _ => return None,
    };
    [
        ("kainuu", "kainuu"),
        ("pohjois-savo", "pohjois-savo"),
        ("north-savo", "pohjois-savo"),
        ("helsinki", "helsinki"),
        ("posa", "posa"),
    ]
    .iter()
    .find(|(s, _)| *s == slug)
    .map(|(_, id)| *id)
}

/// What a reader sees of a page's `<main>`: its text without tags.
fn visible_main(html: &str) -> String {
    let main = html
        .split("<main")
        .nth(1)
        .and_then(|m| m.split("</main>").next())
        .unwrap_or("");
    let mut text = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_leaflet_and_booklet_shows_its_own_region_only() {
    // Each region's names, and sentences of its own passages in the shared family work text.
    let regions: [(&str, &[&str], &[&str]); 4] = [
        (
            "kainuu",
            &["Kainuu"],
            &["Kainuussa perhetyötä voi hakea", "In Kainuu you can apply"],
        ),
        ("pohjois-savo", &["Pohjois-Savo", "North Savo"], &[]),
        ("helsinki", &["Helsingin kaupunki", "City of Helsinki"], &[]),
        (
            "posa",
            &["PoSa"],
            &[
                "PoSan alueella perhetyötä kutsutaan",
                "In the PoSa area, family work goes",
            ],
        ),
    ];
    let out = example().join("out");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry
            .path()
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let Some(own) = region_of(&rel) else { continue };
        let text = visible_main(&fs::read_to_string(entry.path()).unwrap());
        for (id, names, passages) in &regions {
            if *id == own {
                continue;
            }
            for leak in names.iter().chain(passages.iter()) {
                assert!(
                    !text.contains(leak),
                    "{rel} (region {own}) shows '{leak}' of {id}"
                );
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 26, "every leaflet and booklet of the example");
    // A region's own passage is on its sheets.
    let kainuu = visible_main(&read("fi/palvelut/perhetyo/tulosta/kainuu/index.html"));
    assert!(kainuu.contains("Kainuussa perhetyötä voi hakea kolmella tavalla"));
    let posa = visible_main(&read("en/services/family-work/print/posa/index.html"));
    assert!(posa.contains("In the PoSa area, family work goes by the name"));
    // The web page shows every passage under its region's name, linked to its contacts.
    let web = read("fi/palvelut/perhetyo/index.html");
    assert!(
        web.contains(
            "<p class=\"passage-region\"><a href=\"#region-kainuu\">Kainuun hyvinvointialue</a>"
        ),
        "{web}"
    );
    assert!(web.contains("href=\"#region-posa\">PoSa</a>") && web.contains("id=\"region-posa\""));
}

#[test]
fn a_region_booklet_has_a_cover_contents_and_every_service_offered_there() {
    let html = read("fi/alueet/posa/tulosta/index.html");
    for title in [
        "Perhetyö",
        "Tehostettu perhetyö",
        "Pikkulapsiperhetyö",
        "Lapsiperheiden kotipalvelu",
    ] {
        assert!(
            html.contains(&format!(">{title}</a>")),
            "{title} missing from the contents"
        );
        assert!(
            html.contains(&format!(">{title}</h2>")),
            "{title} missing from the booklet"
        );
    }
    assert!(html.contains(r#"<h2 id="contents-h">Sisällys</h2>"#));
    assert!(
        read("fi/alueet/posa/index.html").contains(r#"href="/fi/alueet/posa/tulosta/">"#),
        "the region page links its booklet"
    );
}

#[test]
fn the_qr_code_reads_back_as_the_service_page_address() {
    for (leaflet, expected) in [
        (
            "fi/palvelut/perhetyo/qr.svg",
            "https://perhepalvelut.example.fi/fi/palvelut/perhetyo/",
        ),
        (
            "en/services/intensive-family-work/qr.svg",
            "https://perhepalvelut.example.fi/en/services/intensive-family-work/",
        ),
        (
            "en/regions/north-savo/print/qr.svg",
            "https://perhepalvelut.example.fi/en/regions/north-savo/",
        ),
    ] {
        let svg = fs::read(example().join("out").join(leaflet)).unwrap();
        assert_eq!(decode_qr(&svg), expected, "{leaflet}");
    }
    // Every region's leaflet of a service shows the service page's one QR code.
    for region in ["kainuu", "posa"] {
        let html = read(&format!("fi/palvelut/perhetyo/tulosta/{region}/index.html"));
        assert!(
            html.contains(r#"src="/fi/palvelut/perhetyo/qr.svg""#),
            "{html}"
        );
    }
}

fn decode_qr(svg: &[u8]) -> String {
    use resvg::{tiny_skia, usvg};
    let tree =
        usvg::Tree::from_data(svg, &usvg::Options::default()).expect("the QR code is valid SVG");
    let size = tree.size().to_int_size();
    let scale = 4.0;
    let (w, h) = (
        (size.width() as f32 * scale) as u32,
        (size.height() as f32 * scale) as u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(w, h).unwrap();
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
        pixmap.pixel(x as u32, y as u32).map_or(255, |p| p.red())
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR code");
    grids[0].decode().expect("the QR code decodes").1
}

/// Gives the basic fixture's kotipalvelu service its own paper size in its front matter.
fn set_kotipalvelu_paper(site: &Path, paper: &str) {
    let md = site.join("content/services/kotipalvelu/fi.md");
    let text = fs::read_to_string(&md).unwrap();
    let with_paper = text.replace("topics: [arki]", &format!("topics: [arki]\npaper: {paper}"));
    assert_ne!(text, with_paper, "the fixture's front matter changed");
    fs::write(&md, with_paper).unwrap();
}

#[test]
fn a5_is_chosen_per_service_in_front_matter() {
    let dir = fixture_copy("basic");
    set_kotipalvelu_paper(dir.path(), "A5");
    let out = dir.path().join("out");
    assert!(
        esite(&[
            "build",
            "--site",
            dir.path().to_str().unwrap(),
            "--output",
            out.to_str().unwrap()
        ])
        .status
        .success()
    );
    let a5 = fs::read_to_string(out.join("fi/palvelut/kotipalvelu/tulosta/testialue/index.html"))
        .unwrap();
    assert!(a5.contains("size: A5") || a5.contains("size:A5"), "{a5}");
    let a4 =
        fs::read_to_string(out.join("fi/palvelut/perhetyo/tulosta/testialue/index.html")).unwrap();
    assert!(a4.contains("size: A4") || a4.contains("size:A4"));
}

/// `esite pdf` on the example site, in real Chromium: every leaflet and booklet as a PDF a print
/// house can take.
#[test]
fn esite_pdf_prints_every_leaflet_and_booklet() {
    if !print_tools_or_skip("esite_pdf_prints_every_leaflet_and_booklet") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = esite(&[
        "pdf",
        "--site",
        repo().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("and 26 PDFs"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "pdf") {
            continue;
        }
        let rel = path
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let info = run("pdfinfo", &[path.to_str().unwrap()]);
        let pages: usize = field(&info, "Pages").parse().unwrap();
        let size = field(&info, "Page size");
        let dims: Vec<f64> = size
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        let (w_mm, h_mm) = (dims[0] * 25.4 / 72.0, dims[1] * 25.4 / 72.0);
        assert!(
            (w_mm - 210.0).abs() < 1.0 && (h_mm - 297.0).abs() < 1.0,
            "{rel}: not A4 but {w_mm:.1} × {h_mm:.1} mm"
        );
        assert_eq!(
            field(&info, "Tagged"),
            "yes",
            "{rel}: a PDF for the public must be tagged"
        );
        assert!(!field(&info, "Title").is_empty(), "{rel}: no title");
        let booklet = rel.contains("/alueet/") || rel.contains("/regions/");
        // A service leaflet is one A4 sheet printed on both sides, even North Savo's with five
        // areas of contacts; North Savo's booklet is the longest.
        let limit = if booklet { 16 } else { 2 };
        assert!((1..=limit).contains(&pages), "{rel}: {pages} pages");
        let text = run("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // An image Chromium cannot show prints its alt text instead.
        assert!(
            !flat.contains("QR-koodi") && !flat.contains("QR code"),
            "{rel}: the QR code is not printed"
        );
        assert!(
            flat.contains("https://perhepalvelut.example.fi/"),
            "{rel}: the web address is not in the text"
        );
        if rel.contains("kainuu") {
            assert!(
                flat.contains("044 797 4878"),
                "{rel}: Kainuu's phone number missing"
            );
        }
        if booklet {
            contents_give_the_pages_services_start_on(path, &rel);
        } else {
            front_page_says_how_to_call(path, &rel);
        }
        if rel.contains("pohjois-savo") || rel.contains("north-savo") {
            assert!(
                flat.contains("044 740 1886") && flat.contains("040 525 3031"),
                "{rel}: North Savo's numbers missing"
            );
            assert!(
                !flat.contains("044 797 4878"),
                "{rel}: Kainuu's number on North Savo's leaflet"
            );
        }
        // No word may stand outside the page box.
        let bbox = run("pdftotext", &["-bbox", path.to_str().unwrap(), "-"]);
        for line in bbox.lines().filter(|l| l.trim_start().starts_with("<word")) {
            let num = |k: &str| -> f64 {
                line.split(&format!("{k}=\""))
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0.0)
            };
            assert!(
                num("xMin") >= 0.0
                    && num("yMin") >= 0.0
                    && num("xMax") <= dims[0] + 0.5
                    && num("yMax") <= dims[1] + 0.5,
                "{rel}: text outside the page: {line}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 26);
    // The print page links to its PDF.
    let leaflet =
        fs::read_to_string(out.join("fi/palvelut/perhetyo/tulosta/kainuu/index.html")).unwrap();
    assert!(
        leaflet.contains(r#"<a href="perhetyo-kainuu.pdf">Lataa esite PDF-tiedostona</a>"#),
        "{leaflet}"
    );
}

/// A booklet's contents list on page 1 gives, for each service, the page it starts on (as the
/// PDF's named destinations say, which the contents links lead to).
fn contents_give_the_pages_services_start_on(pdf: &Path, rel: &str) {
    let dests = run("pdfinfo", &["-dests", pdf.to_str().unwrap()]);
    let mut starts: Vec<u32> = dests
        .lines()
        .filter(|l| l.contains("\"service-"))
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect();
    let page1 = run(
        "pdftotext",
        &["-f", "1", "-l", "1", "-layout", pdf.to_str().unwrap(), "-"],
    );
    let mut listed: Vec<u32> = page1
        .lines()
        .skip_while(|l| !l.contains("Sisällys") && !l.contains("Contents"))
        .skip(1)
        .take(starts.len())
        .filter_map(|l| l.split_whitespace().last()?.parse().ok())
        .collect();
    starts.sort_unstable();
    listed.sort_unstable();
    assert!(!starts.is_empty(), "{rel}: no service destinations");
    assert_eq!(listed, starts, "{rel}: the contents' page numbers\n{page1}");
}

/// Page 1 of a leaflet carries the region's way to call: the phone number at 14 pt or more
/// (the height of each of its words, as pdftotext measures them), or where the region has no
/// phone number, its web address in full.
fn front_page_says_how_to_call(pdf: &Path, rel: &str) {
    let bbox = run(
        "pdftotext",
        &["-f", "1", "-l", "1", "-bbox", pdf.to_str().unwrap(), "-"],
    );
    let words: Vec<(String, f64)> = bbox
        .lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .map(|l| {
            let num = |k: &str| -> f64 {
                l.split(&format!("{k}=\""))
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0.0)
            };
            let word = l
                .split('>')
                .nth(1)
                .and_then(|w| w.split('<').next())
                .unwrap_or("");
            (word.to_string(), num("yMax") - num("yMin"))
        })
        .collect();
    let number = if rel.contains("kainuu") {
        Some("044 797 4878")
    } else if rel.contains("pohjois-savo") || rel.contains("north-savo") {
        Some("044 740 1886")
    } else {
        None
    };
    match number {
        Some(number) => {
            let parts: Vec<&str> = number.split(' ').collect();
            let at = words
                .windows(parts.len())
                .find(|w| w.iter().zip(&parts).all(|((word, _), p)| word == p));
            let Some(at) = at else {
                panic!("{rel}: page 1 does not carry {number}")
            };
            for (word, height) in at {
                assert!(
                    *height >= 14.0,
                    "{rel}: '{word}' of {number} is {height:.1} pt high on page 1"
                );
            }
        }
        None => {
            let page1 = words
                .iter()
                .map(|(w, _)| w.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let web = if rel.contains("helsinki") {
                "www.hel.fi"
            } else {
                "www.eposa.fi"
            };
            assert!(
                page1.contains(web),
                "{rel}: page 1 does not carry {web}: {page1}"
            );
        }
    }
}

/// The basic fixture with a picture beside the family work text, shown by the text.
pub fn fixture_with_picture() -> tempfile::TempDir {
    let site = fixture_copy("basic");
    let dir = site.path().join("content/services/perhetyo");
    fs::copy(
        repo().join("tests/fixtures/picture.png"),
        dir.join("kuva.png"),
    )
    .unwrap();
    let md = fs::read_to_string(dir.join("fi.md")).unwrap();
    fs::write(
        dir.join("fi.md"),
        format!("{md}\n![Perhetyöntekijä ja lapsi rakentavat palikoista tornia](kuva.png)\n"),
    )
    .unwrap();
    site
}

/// A picture beside the Markdown loads on the web page, the leaflet and the booklet (its
/// address leads to the published file from each), and is printed into their PDFs.
#[test]
fn a_picture_beside_the_markdown_shows_on_every_page_and_pdf() {
    if !print_tools_or_skip("a_picture_beside_the_markdown_shows_on_every_page_and_pdf") {
        return;
    }
    let site = fixture_with_picture();
    let out = site.path().join("out");
    let o = esite(&[
        "pdf",
        "--site",
        site.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for page in [
        "fi/palvelut/perhetyo/",
        "fi/palvelut/perhetyo/tulosta/testialue/",
        "fi/alueet/testialue/tulosta/",
    ] {
        let html = fs::read_to_string(out.join(page).join("index.html")).unwrap();
        let src = html
            .split("<img ")
            .skip(1)
            .find(|i| i.contains("rakentavat palikoista"))
            .and_then(|i| i.split("src=").nth(1))
            .map(|s| {
                s.trim_start_matches('"')
                    .split(['"', ' ', '>'])
                    .next()
                    .unwrap_or("")
            })
            .unwrap_or_else(|| panic!("{page}: no picture"));
        let file = if let Some(root) = src.strip_prefix('/') {
            out.join(root)
        } else {
            out.join(page).join(src)
        };
        assert!(
            file.is_file(),
            "{page}: the picture's address {src} leads nowhere"
        );
    }
    for pdf in [
        "fi/palvelut/perhetyo/tulosta/testialue/perhetyo-testialue.pdf",
        "fi/alueet/testialue/tulosta/testialue.pdf",
    ] {
        let list = run("pdfimages", &["-list", out.join(pdf).to_str().unwrap()]);
        // A header of two lines, then a line per image; the QR code is vector graphics.
        assert!(
            list.lines().count() > 2,
            "{pdf}: no picture printed\n{list}"
        );
    }
}

/// True when Chromium and poppler-utils are there; with CI=true a missing one fails the test.
fn print_tools_or_skip(test: &str) -> bool {
    let missing = [
        ("/usr/bin/chromium", "chromium"),
        ("/usr/bin/pdfinfo", "poppler-utils (pdfinfo)"),
        ("/usr/bin/pdftotext", "poppler-utils (pdftotext)"),
    ]
    .iter()
    .filter(|(p, _)| !Path::new(p).exists())
    .map(|(_, pkg)| pkg.to_string())
    .collect();
    require_or_skip(test, missing, "scripts/setup-test-deps.sh")
}

/// `esite pdf --print-house`: beside each PDF a copy with 3 mm bleed and crop marks, A5
/// documents padded to a multiple of four pages, A4 ones not; the web pages link the ordinary
/// PDF only.
#[test]
fn esite_pdf_print_house_adds_bleed_and_crop_marks_and_pads_a5_to_four_pages() {
    if !print_tools_or_skip(
        "esite_pdf_print_house_adds_bleed_and_crop_marks_and_pads_a5_to_four_pages",
    ) {
        return;
    }
    let dir = fixture_copy("basic");
    let site_yaml = dir.path().join("content/site.yaml");
    let text = fs::read_to_string(&site_yaml).unwrap();
    fs::write(&site_yaml, format!("{text}paper: A5\n")).unwrap();
    set_kotipalvelu_paper(dir.path(), "A4");
    let out = dir.path().join("out");
    let o = esite(&[
        "pdf",
        "--print-house",
        "--site",
        dir.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("PDFs with their print-house copies"),
        "{stdout}"
    );
    let (a4, a5) = ((595.28, 841.89), (419.53, 595.28));
    let mm = 72.0 / 25.4;
    let mut checked = (0, 0);
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let name = path.file_name().unwrap().to_string_lossy();
        let Some(stem) = name.strip_suffix("-print.pdf") else {
            continue;
        };
        let ordinary = path.with_file_name(format!("{stem}.pdf"));
        let rel = path.strip_prefix(&out).unwrap().display().to_string();
        assert!(ordinary.is_file(), "{rel} has no ordinary PDF beside it");
        let pages = |p: &Path| -> usize {
            field(&run("pdfinfo", &[p.to_str().unwrap()]), "Pages")
                .parse()
                .unwrap()
        };
        let (before, after) = (pages(&ordinary), pages(path));
        let info = run("pdfinfo", &["-box", path.to_str().unwrap()]);
        let boxes = |info: &str, name: &str| -> Vec<f64> {
            field(info, name)
                .split_whitespace()
                .filter_map(|v| v.parse().ok())
                .collect()
        };
        let is_a4 = stem.starts_with("kotipalvelu");
        // The ordinary PDF has the exact paper size (within 1 mm); the copy's trim is that page.
        let page = boxes(
            &run("pdfinfo", &["-box", ordinary.to_str().unwrap()]),
            "MediaBox",
        );
        let (w, h) = if is_a4 { a4 } else { a5 };
        assert!(
            page.len() == 4
                && (page[2] - page[0] - w).abs() < mm
                && (page[3] - page[1] - h).abs() < mm,
            "{rel}: the ordinary PDF's page is {page:?}"
        );
        let expect = |name: &str, out_mm: f64| {
            let d = out_mm * mm;
            let want = [page[0] - d, page[1] - d, page[2] + d, page[3] + d];
            let got = boxes(&info, name);
            assert_eq!(got.len(), 4, "{rel}: no {name}: {info}");
            for (g, e) in got.iter().zip(want) {
                assert!(
                    (g - e).abs() < 0.5,
                    "{rel}: {name} {got:?}, expected {want:?}"
                );
            }
        };
        expect("TrimBox", 0.0);
        expect("BleedBox", 3.0);
        expect("MediaBox", 8.0);
        assert_eq!(
            field(&info, "Tagged"),
            "yes",
            "{rel}: the copy lost its tags"
        );
        let booklet = rel.contains("/alueet/") || rel.contains("/regions/");
        // A service leaflet is one A4 sheet, or the same text on about twice as many A5 pages.
        let limit = if is_a4 { 2 } else { 4 };
        assert!(booklet || before <= limit, "{rel}: {before} pages");
        if is_a4 {
            assert_eq!(after, before, "{rel}: an A4 document is not padded");
            checked.0 += 1;
        } else {
            assert_eq!(
                after,
                before.div_ceil(4) * 4,
                "{rel}: {before} pages became {after}"
            );
            checked.1 += 1;
        }
    }
    // kotipalvelu in Finnish only; perhetyo in two languages, and the booklet in two.
    assert_eq!(checked, (1, 4), "print-house copies (A4, A5)");
    let leaflet =
        fs::read_to_string(out.join("fi/palvelut/perhetyo/tulosta/testialue/index.html")).unwrap();
    assert!(
        leaflet.contains("perhetyo-testialue.pdf") && !leaflet.contains("-print.pdf"),
        "the web page links the ordinary PDF only"
    );
}

fn run(cmd: &str, args: &[&str]) -> String {
    let o = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(
        o.status.success(),
        "{cmd} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn field(info: &str, name: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// A Chromium that starts and stops without printing (here a script that exits at once):
/// `esite pdf` says so, naming the program, fails with exit code 1, writes nothing and does
/// not hang.
#[test]
fn a_chromium_that_prints_nothing_is_a_clear_error_not_a_hang() {
    let site = fixture_copy("basic");
    let fake = site.path().join("fake-chromium");
    fs::write(&fake, "#!/bin/sh\nexit 0\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    let out = site.path().join("output");
    let started = std::time::Instant::now();
    let o = esite(&[
        "pdf",
        "--site",
        site.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--chromium",
        fake.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("fake-chromium"), "{err}");
    assert!(err.contains("Chromium"), "{err}");
    assert!(!out.exists(), "nothing is written");
    // Liveness only: far below the minute a page may take.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(50),
        "it hung"
    );
}
