//! Shared fragments: parts of pages (a phone line, a contact block, a Markdown body) that are
//! rendered once and stand in pages as markers until the page is spliced. A fragment may show earlier fragments; those are spliced along with it.

use super::{Fragment, Renderer, memo};
use std::sync::Arc;

/// A fragment ready to be spliced into pages.
pub(super) struct Part {
    pub(super) html: Arc<Vec<u8>>,
    /// The markers of the fragments it shows.
    markers: Vec<Marker>,
    /// Its length once spliced.
    len: usize,
    /// Its memo key, in the preview (0 outside it): a remembered page is reused only when the
    /// fragments it shows are the same too.
    key: memo::Key,
    /// False while the fragment has its id but is not made yet (see `fragments.rs`).
    made: bool,
}

impl Part {
    /// A Markdown body: the editor's text, shown as written, so anything in it that looks
    /// like a marker stays text.
    fn body(html: Arc<Vec<u8>>, key: memo::Key) -> Part {
        Part {
            len: html.len(),
            html,
            markers: Vec::new(),
            key,
            made: true,
        }
    }

    /// A fragment that has its id, to be made later.
    pub(super) fn planned() -> Part {
        Part {
            html: Arc::default(),
            markers: Vec::new(),
            len: 0,
            key: 0,
            made: false,
        }
    }
}

/// Fragments made for one page alone, such as a region's contacts with that service's own
/// notes: spliced like shared ones (their ids follow the shared fragments'), never kept.
#[derive(Default)]
pub(super) struct Locals(pub(super) std::cell::RefCell<Vec<Part>>);

impl Renderer<'_> {
    /// Puts a made shared fragment in its place. It shows only fragments below `limit`, the
    /// first id of its stage: a marker can never lead back to the fragment it is in.
    pub(super) fn set_fragment(&mut self, id: usize, (html, key): Fragment, limit: usize) {
        self.fragments[id] = self.part_below(fitted(html), key, &[], limit);
    }

    /// Puts a Markdown body in its place: the editor's text, shown as written. Even where a
    /// site allows HTML, something in it that looks like a marker stays text; a body shows no
    /// fragments.
    pub(super) fn set_body(&mut self, id: usize, (html, key): Fragment) {
        self.fragments[id] = Part::body(fitted(html), key);
    }

    /// Adds a Markdown body for one page, which shows no fragments (see `set_body`); returns
    /// its marker.
    pub(super) fn push_local_body(&self, locals: &Locals, (html, key): Fragment) -> String {
        let mut list = locals.0.borrow_mut();
        list.push(Part::body(html, key));
        placeholder(self.fragments.len() + list.len() - 1)
    }

    /// Adds a fragment for one page; returns its marker.
    pub(super) fn push_local(&self, locals: &Locals, (html, key): Fragment) -> String {
        let part = self.part(html, key, &[]);
        let mut list = locals.0.borrow_mut();
        list.push(part);
        placeholder(self.fragments.len() + list.len() - 1)
    }

    /// A page or a page's own fragment, which may show any shared fragment and the page's
    /// fragments made before it.
    pub(super) fn part(&self, html: Arc<Vec<u8>>, key: memo::Key, locals: &[Part]) -> Part {
        self.part_below(html, key, locals, self.fragments.len() + locals.len())
    }

    pub(super) fn part_below(
        &self,
        html: Arc<Vec<u8>>,
        key: memo::Key,
        locals: &[Part],
        limit: usize,
    ) -> Part {
        let markers = markers(&html, limit);
        Part {
            len: self.spliced_len(&html, &markers, locals),
            html,
            markers,
            key,
            made: true,
        }
    }

    /// A shared fragment's bytes as made: for a Markdown body, which shows no fragments,
    /// the whole of it.
    pub(super) fn fragment_bytes(&self, id: usize) -> &[u8] {
        &self.lookup(id, &[]).html
    }

    fn lookup<'p>(&'p self, id: usize, locals: &'p [Part]) -> &'p Part {
        let part = match id.checked_sub(self.fragments.len()) {
            Some(local) => &locals[local],
            None => &self.fragments[id],
        };
        if !part.made {
            // Only the preview's early pages can meet one; they are then not shown early.
            self.unmade_shown
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        part
    }

    /// Puts the fragments in place of their markers in a rendered page, and theirs in place
    /// of their own.
    pub(super) fn splice(&self, page: &Part, locals: &[Part]) -> Vec<u8> {
        let mut out = Vec::with_capacity(page.len);
        self.splice_into(page, locals, &mut out);
        out
    }

    fn splice_into(&self, part: &Part, locals: &[Part], out: &mut Vec<u8>) {
        let mut at = 0;
        for m in &part.markers {
            out.extend_from_slice(&part.html[at..m.start]);
            self.splice_into(self.lookup(m.id, locals), locals, out);
            at = m.end;
        }
        out.extend_from_slice(&part.html[at..]);
    }

    fn spliced_len(&self, html: &[u8], found: &[Marker], locals: &[Part]) -> usize {
        let markers: usize = found.iter().map(|m| m.end - m.start).sum();
        let fragments: usize = found.iter().map(|m| self.lookup(m.id, locals).len).sum();
        html.len() - markers + fragments
    }

    /// The memo key of `part` with the fragments it shows: its own key covers its bytes, each
    /// fragment's key its bytes and the fragments in it.
    pub(super) fn key_with_fragments(&self, part: &Part, locals: &[Part]) -> memo::Inputs {
        let mut inputs = memo::Inputs::new("spliced").with(&part.key.to_le_bytes());
        for m in &part.markers {
            inputs = inputs.with(&self.lookup(m.id, locals).key.to_le_bytes());
        }
        inputs
    }
}

/// A fragment kept for the whole build, without the spare room its writer grew it by: that
/// was two fifths of what the fragments held.
/// (A copy: the allocator keeps a block that shrinks by less than half where it is.)
fn fitted(html: Arc<Vec<u8>>) -> Arc<Vec<u8>> {
    if html.capacity() - html.len() > html.len() / 8 && Arc::strong_count(&html) == 1 {
        return Arc::new(html.as_slice().to_vec());
    }
    html
}

const MARK: &[u8] = b"<esite-fragment data-id=";
const CLOSE: &[u8] = b"></esite-fragment>";

fn marker() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new(MARK))
}

/// Where a fragment's marker is in a page, and which fragment it stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Marker {
    start: usize,
    end: usize,
    id: usize,
}

/// The fragment markers in rendered HTML, for fragments below `limit` (anything else that
/// looks like a marker stays as it is).
fn markers(html: &[u8], limit: usize) -> Vec<Marker> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = marker().find(&html[at..]).map(|i| at + i) {
        let after = &html[start + MARK.len()..];
        let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
        let id = std::str::from_utf8(&after[..digits])
            .ok()
            .and_then(|d| d.parse::<usize>().ok())
            .filter(|id| *id < limit);
        match (id, after[digits..].starts_with(CLOSE)) {
            (Some(id), true) => {
                let end = start + MARK.len() + digits + CLOSE.len();
                found.push(Marker { start, end, id });
                at = end;
            }
            _ => at = start + MARK.len(),
        }
    }
    found
}

/// The marker a page template receives for a shared fragment.
pub(super) fn placeholder(index: usize) -> String {
    format!("<esite-fragment data-id={index}></esite-fragment>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_only_for_earlier_fragments_and_whole() {
        let html = b"<p>a<esite-fragment data-id=1></esite-fragment>b\
            <esite-fragment data-id=7></esite-fragment>\
            <esite-fragment data-id=2>broken<esite-fragment data-id=0></esite-fragment></p>";
        let found = markers(html, 5);
        let ids: Vec<usize> = found.iter().map(|m| m.id).collect();
        // 7 is not below the limit, and the marker of 2 is not closed: both stay text.
        assert_eq!(ids, [1, 0]);
        let first = found[0];
        assert_eq!(&html[first.start..first.end], placeholder(1).as_bytes());
    }
}
