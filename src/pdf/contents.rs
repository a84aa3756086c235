//! Page numbers in a booklet's contents list. Chromium has no `target-counter()`, so a
//! booklet is printed twice: the first PDF tells on which page each service starts (Chromium
//! writes a named destination for every element a link on the page leads to, and the
//! contents list links each service), and the second print has those numbers filled in. The
//! numbers go into space the contents list keeps for them, so they move nothing.

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;

/// Where the template keeps a number's place: `<span class="toc-page" data-for="ID"></span>`.
const SLOT: &str = "class=\"toc-page\" data-for=\"";

/// Whether a page has a contents list with page numbers to fill in.
pub fn has_slots(html: &[u8]) -> bool {
    memchr::memmem::find(html, SLOT.as_bytes()).is_some()
}

/// The page each named destination of a PDF is on (1-based), by name.
pub fn page_numbers(pdf: &[u8]) -> Result<HashMap<String, u32>, String> {
    let doc = Document::load_mem(pdf).map_err(|e| format!("the PDF cannot be read ({e})"))?;
    let pages: HashMap<ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let catalog = doc
        .catalog()
        .map_err(|e| format!("the PDF has no catalogue ({e})"))?;
    let mut named: Vec<(Vec<u8>, Object)> = Vec::new();
    // PDF 1.1 keeps destinations in a dictionary, later ones in a name tree; Chromium may use either.
    if let Ok(dests) = catalog
        .get(b"Dests")
        .and_then(|o| resolve(&doc, o).as_dict())
    {
        named.extend(dests.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    if let Ok(names) = catalog
        .get(b"Names")
        .and_then(|o| resolve(&doc, o).as_dict())
        && let Ok(tree) = names.get(b"Dests").and_then(|o| resolve(&doc, o).as_dict())
    {
        walk_tree(&doc, tree, &mut named, 0);
    }
    let mut out = HashMap::new();
    for (name, dest) in named {
        let mut dest = resolve(&doc, &dest);
        if let Ok(d) = dest.as_dict()
            && let Ok(inner) = d.get(b"D")
        {
            dest = resolve(&doc, inner);
        }
        let page = dest
            .as_array()
            .ok()
            .and_then(|a| a.first())
            .and_then(|p| p.as_reference().ok())
            .and_then(|id| pages.get(&id));
        if let Some(&n) = page {
            out.insert(String::from_utf8_lossy(&name).into_owned(), n);
        }
    }
    Ok(out)
}

fn resolve<'d>(doc: &'d Document, o: &'d Object) -> &'d Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

/// A name tree's leaves; the depth is bounded, as a broken file could loop.
fn walk_tree(doc: &Document, node: &Dictionary, out: &mut Vec<(Vec<u8>, Object)>, depth: usize) {
    if depth > 32 {
        return;
    }
    if let Ok(names) = node.get(b"Names").and_then(|o| resolve(doc, o).as_array()) {
        for pair in names.chunks(2) {
            if let [Object::String(name, _), dest] = pair {
                out.push((name.clone(), dest.clone()));
            }
        }
    }
    if let Ok(kids) = node.get(b"Kids").and_then(|o| resolve(doc, o).as_array()) {
        for kid in kids {
            if let Ok(kid) = resolve(doc, kid).as_dict() {
                walk_tree(doc, kid, out, depth + 1);
            }
        }
    }
}

/// The page with each contents slot holding its page number.
pub fn fill(html: &[u8], numbers: &HashMap<String, u32>) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + 64);
    let mut copied = 0;
    for at in memchr::memmem::find_iter(html, SLOT.as_bytes()) {
        let id_start = at + SLOT.len();
        let Some(id_len) = html[id_start..].iter().position(|&b| b == b'"') else {
            continue;
        };
        let id = String::from_utf8_lossy(&html[id_start..id_start + id_len]);
        // The slot's own `>` follows the id's closing quote.
        let inside = id_start + id_len + 2;
        if let Some(n) = numbers.get(id.as_ref())
            && html.get(inside - 1) == Some(&b'>')
        {
            out.extend_from_slice(&html[copied..inside]);
            out.extend_from_slice(n.to_string().as_bytes());
            copied = inside;
        }
    }
    out.extend_from_slice(&html[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_get_their_numbers() {
        let html = b"<li><a href=\"#service-a\">A</a> <span class=\"toc-page\" data-for=\"service-a\"></span>\
            <li><span class=\"toc-page\" data-for=\"service-x\"></span>";
        let numbers = HashMap::from([("service-a".to_string(), 3)]);
        assert!(has_slots(html));
        assert_eq!(
            String::from_utf8(fill(html, &numbers)).unwrap(),
            "<li><a href=\"#service-a\">A</a> <span class=\"toc-page\" data-for=\"service-a\">3</span>\
             <li><span class=\"toc-page\" data-for=\"service-x\"></span>"
        );
    }
}
