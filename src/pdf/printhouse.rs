//! The print-house profile (`esite pdf --print-house`): a copy of a printed PDF that a print
//! house can impose and trim. Chromium prints exactly the page and draws no marks, so each page
//! here gets 3 mm of bleed and crop marks outside it, and an A5 document is padded with blank
//! pages to a multiple of four (folded A4 sheets), as Finnish print houses ask.
//!
//! The page content is not moved: the MediaBox grows around it (negative origins are allowed),
//! the TrimBox keeps the original page and the BleedBox lies 3 mm outside the trim.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// PostScript points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;
/// The bleed print houses in Finland ask for.
pub const BLEED_MM: f32 = 3.0;
/// Room for the crop marks beyond the bleed, so they never print on the bleed.
pub const MARKS_MM: f32 = 5.0;
/// A5 portrait in points; a page within this tolerance of it (either way round) counts as A5.
const A5: (f32, f32) = (419.53, 595.28);
const SIZE_TOLERANCE: f32 = 3.0;
/// How far up the page tree an inherited MediaBox is looked for.
const TREE_DEPTH: usize = 32;

/// A page's boxes as `[x0, y0, x1, y1]` in points.
type Rect = [f32; 4];

/// Returns the print-house copy of `pdf`, or a plain message saying why it cannot be made.
pub fn prepare(pdf: &[u8]) -> Result<Vec<u8>, String> {
    let mut doc = Document::load_mem(pdf).map_err(|e| format!("the PDF cannot be read ({e})"))?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let first = *pages.first().ok_or("the PDF has no pages")?;
    let trim = media_box(&doc, first)?;
    let mut pages = pages;
    if is_a5(trim) {
        while !pages.len().is_multiple_of(4) {
            pages.push(add_blank_page(&mut doc, trim)?);
        }
    }
    for page in pages {
        let trim = media_box(&doc, page)?;
        add_marks(&mut doc, page, trim)?;
    }
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| format!("the PDF cannot be written ({e})"))?;
    Ok(out)
}

fn is_a5([x0, y0, x1, y1]: Rect) -> bool {
    let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
    let near = |a: f32, b: f32| (a - b).abs() <= SIZE_TOLERANCE;
    (near(w, A5.0) && near(h, A5.1)) || (near(w, A5.1) && near(h, A5.0))
}

/// The page's MediaBox, which a page may inherit from its parents in the page tree.
fn media_box(doc: &Document, page: ObjectId) -> Result<Rect, String> {
    let mut id = page;
    for _ in 0..TREE_DEPTH {
        let dict = doc
            .get_dictionary(id)
            .map_err(|_| "a page of the PDF cannot be read".to_string())?;
        if let Ok(b) = dict.get(b"MediaBox") {
            return rect(doc, b);
        }
        id = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .map_err(|_| "a page of the PDF has no size (MediaBox)".to_string())?;
    }
    Err("the PDF's page tree is too deep".into())
}

fn rect(doc: &Document, o: &Object) -> Result<Rect, String> {
    let bad = || "a page size (MediaBox) in the PDF is not four numbers".to_string();
    let o = match o {
        Object::Reference(id) => doc.get_object(*id).map_err(|_| bad())?,
        o => o,
    };
    let items = o.as_array().map_err(|_| bad())?;
    let nums: Vec<f32> = items.iter().filter_map(|n| n.as_float().ok()).collect();
    match nums[..] {
        [a, b, c, d] if items.len() == 4 => Ok([a.min(c), b.min(d), a.max(c), b.max(d)]),
        _ => Err(bad()),
    }
}

fn grow([x0, y0, x1, y1]: Rect, mm: f32) -> Rect {
    let d = mm * PT_PER_MM;
    [x0 - d, y0 - d, x1 + d, y1 + d]
}

fn array(r: Rect) -> Object {
    Object::Array(r.iter().map(|v| Object::Real(*v)).collect())
}

/// A blank page of the given size at the end of the document. The page tree's root counts every
/// page, so appending there is enough whatever the tree's shape.
fn add_blank_page(doc: &mut Document, size: Rect) -> Result<ObjectId, String> {
    let unreadable = |_| "the PDF's page tree cannot be read".to_string();
    let root = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(unreadable)?;
    let contents = doc.add_object(Stream::new(Dictionary::new(), Vec::new()));
    let mut page = Dictionary::new();
    page.set("Type", Object::Name(b"Page".to_vec()));
    page.set("Parent", Object::Reference(root));
    page.set("MediaBox", array(size));
    page.set("Resources", Dictionary::new());
    page.set("Contents", Object::Reference(contents));
    let id = doc.add_object(page);
    let tree = doc
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(unreadable)?;
    let count = tree.get(b"Count").and_then(Object::as_i64).unwrap_or(0);
    tree.set("Count", Object::Integer(count + 1));
    tree.get_mut(b"Kids")
        .and_then(Object::as_array_mut)
        .map_err(unreadable)?
        .push(Object::Reference(id));
    Ok(id)
}

/// Bleed, trim and media boxes, and the crop marks drawn after the page's own content. The page's
/// content is wrapped in q … Q so that whatever state it leaves cannot move or clip the marks.
fn add_marks(doc: &mut Document, page: ObjectId, trim: Rect) -> Result<(), String> {
    let contents: Vec<Object> = doc
        .get_page_contents(page)
        .into_iter()
        .map(Object::Reference)
        .collect();
    let save = doc.add_object(Stream::new(Dictionary::new(), b"q\n".to_vec()));
    let marks = doc.add_object(Stream::new(
        Dictionary::new(),
        crop_marks(trim).into_bytes(),
    ));
    let mut list = vec![Object::Reference(save)];
    list.extend(contents);
    list.push(Object::Reference(marks));
    let dict = doc
        .get_object_mut(page)
        .and_then(Object::as_dict_mut)
        .map_err(|_| "a page of the PDF cannot be changed".to_string())?;
    let media = grow(trim, BLEED_MM + MARKS_MM);
    dict.set("MediaBox", array(media));
    // A CropBox left at the old page would hide the bleed and the marks again.
    dict.set("CropBox", array(media));
    dict.set("BleedBox", array(grow(trim, BLEED_MM)));
    dict.set("TrimBox", array(trim));
    dict.set("Contents", Object::Array(list));
    Ok(())
}

/// Two thin lines at each corner of the trim, in line with its edges, from the bleed's edge
/// outwards, in registration colour (every ink) so every printing plate carries them.
fn crop_marks([x0, y0, x1, y1]: Rect) -> String {
    let (near, far) = (BLEED_MM * PT_PER_MM, (BLEED_MM + MARKS_MM) * PT_PER_MM);
    let mut s = String::from("Q\nq\n0.25 w\n1 1 1 1 K\n");
    for (x, y, dx, dy) in [
        (x0, y0, -1.0, -1.0),
        (x1, y0, 1.0, -1.0),
        (x0, y1, -1.0, 1.0),
        (x1, y1, 1.0, 1.0),
    ] {
        let (hx0, hx1) = (x + dx * near, x + dx * far);
        let (vy0, vy1) = (y + dy * near, y + dy * far);
        s.push_str(&format!("{hx0:.2} {y:.2} m {hx1:.2} {y:.2} l S\n"));
        s.push_str(&format!("{x:.2} {vy0:.2} m {x:.2} {vy1:.2} l S\n"));
    }
    s.push_str("Q\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const A4: Rect = [0.0, 0.0, 595.28, 841.89];
    const A5_PAGE: Rect = [0.0, 0.0, A5.0, A5.1];

    /// A PDF with `n` pages of the given size, each with a line of text-like content.
    fn pdf(n: usize, size: Rect) -> Vec<u8> {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let kids: Vec<Object> = (0..n)
            .map(|_| {
                let content = doc.add_object(Stream::new(
                    Dictionary::new(),
                    b"0 0 0 rg 10 10 100 20 re f".to_vec(),
                ));
                let mut page = Dictionary::new();
                page.set("Type", Object::Name(b"Page".to_vec()));
                page.set("Parent", Object::Reference(pages_id));
                page.set("Contents", Object::Reference(content));
                Object::Reference(doc.add_object(page))
            })
            .collect();
        let mut pages = Dictionary::new();
        pages.set("Type", Object::Name(b"Pages".to_vec()));
        pages.set("Kids", Object::Array(kids));
        pages.set("Count", Object::Integer(n as i64));
        // Inherited by every page, as the PDF format allows.
        pages.set("MediaBox", array(size));
        doc.objects.insert(pages_id, Object::Dictionary(pages));
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference(pages_id));
        let catalog = doc.add_object(catalog);
        doc.trailer.set("Root", Object::Reference(catalog));
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    fn page_box(doc: &Document, page: ObjectId, name: &[u8]) -> Rect {
        let dict = doc.get_dictionary(page).unwrap();
        rect(doc, dict.get(name).unwrap()).unwrap()
    }

    fn assert_close(actual: Rect, expected: Rect, what: &str) {
        for (a, e) in actual.iter().zip(expected) {
            assert!(
                (a - e).abs() <= 0.5,
                "{what}: {actual:?}, expected {expected:?}"
            );
        }
    }

    #[test]
    fn an_a5_document_is_padded_to_a_multiple_of_four_pages() {
        for (pages, expected) in [(1, 4), (4, 4), (5, 8), (7, 8)] {
            let out = prepare(&pdf(pages, A5_PAGE)).unwrap();
            let doc = Document::load_mem(&out).unwrap();
            assert_eq!(doc.get_pages().len(), expected, "{pages} A5 pages");
        }
    }

    #[test]
    fn an_a4_document_keeps_its_page_count() {
        let doc = Document::load_mem(&prepare(&pdf(3, A4)).unwrap()).unwrap();
        assert_eq!(doc.get_pages().len(), 3);
    }

    #[test]
    fn every_page_gets_3_mm_bleed_and_room_for_crop_marks_around_the_trimmed_page() {
        let doc = Document::load_mem(&prepare(&pdf(5, A5_PAGE)).unwrap()).unwrap();
        let (bleed, media) = (8.504, 22.677); // 3 mm and 8 mm in points
        for page in doc.get_pages().into_values() {
            assert_close(page_box(&doc, page, b"TrimBox"), A5_PAGE, "TrimBox");
            assert_close(
                page_box(&doc, page, b"BleedBox"),
                [-bleed, -bleed, A5.0 + bleed, A5.1 + bleed],
                "BleedBox",
            );
            assert_close(
                page_box(&doc, page, b"MediaBox"),
                [-media, -media, A5.0 + media, A5.1 + media],
                "MediaBox",
            );
        }
    }

    #[test]
    fn crop_marks_are_drawn_after_the_page_content_and_outside_the_bleed() {
        let doc = Document::load_mem(&prepare(&pdf(1, A4)).unwrap()).unwrap();
        let page = doc.page_iter().next().unwrap();
        let content = String::from_utf8(doc.get_page_content(page)).unwrap();
        let own = content.find("re f").expect("the page's own content stays");
        let marks = content
            .find("1 1 1 1 K")
            .expect("crop marks in registration colour");
        assert!(own < marks, "{content}");
        assert_eq!(
            content.matches(" l S").count(),
            8,
            "two lines at each corner"
        );
        // The bottom-left horizontal mark runs from 8 mm to 3 mm left of the trim.
        assert!(
            content.contains("-8.50 0.00 m -22.68 0.00 l S"),
            "{content}"
        );
    }

    #[test]
    fn a_file_that_is_not_a_pdf_is_an_error_not_a_panic() {
        for bad in [&b""[..], b"%PDF-1.7\n", b"hello", &pdf(0, A4)] {
            let e = prepare(bad).unwrap_err();
            assert!(e.starts_with("the PDF"), "{e}");
        }
    }
}
