//! What the preview remembers between rebuilds. Every page is still built from scratch into
//! its template data; only the costly steps after that (Tera, minifying Markdown, QR codes) are looked
//! up by a hash of everything they read: the template set, the template's name and the full
//! data. So a remembered result is exactly what rendering again would give, and a rebuild
//! equals a fresh build by construction: no dependency list to get wrong.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// 128 bits of XXH3: a memo of a few hundred thousand results has no collision to fear, and
/// XXH3 hashes the many small inputs (a page's data) far faster than a cryptographic hash.
pub type Key = u128;

#[derive(Default)]
pub struct Memo {
    /// Rendered HTML, QR codes.
    bytes: Store<Vec<u8>>,
    /// Markdown bodies as HTML, with what the author is told about them.
    markdown: Store<Markdown>,
    /// The compiled templates, with the digest of their sources.
    templates: Mutex<Option<([u8; 32], Arc<tera::Tera>)>>,
}

/// A Markdown body rendered: its HTML and its diagnostics.
pub type Markdown = (String, Vec<crate::diag::Diagnostic>);

/// One kind of result, remembered from one build to the next.
struct Store<T> {
    /// Results of the previous build.
    previous: Mutex<HashMap<Key, Arc<T>>>,
    /// Results used by the build under way: only these are kept for the next one, so the
    /// memo never holds more than one build's worth.
    current: Mutex<HashMap<Key, Arc<T>>>,
}

impl<T> Default for Store<T> {
    fn default() -> Self {
        Store {
            previous: Mutex::default(),
            current: Mutex::default(),
        }
    }
}

impl<T> Store<T> {
    fn get_or_keyed<E>(
        &self,
        inputs: Inputs,
        make: impl FnOnce() -> Result<T, E>,
    ) -> Result<(Arc<T>, Key), E> {
        let key = inputs.key();
        let found = lock(&self.previous).get(&key).cloned();
        let value = match found {
            Some(v) => v,
            None => Arc::new(make()?),
        };
        lock(&self.current).insert(key, value.clone());
        Ok((value, key))
    }

    fn finish(&self) {
        let used = std::mem::take(&mut *lock(&self.current));
        *lock(&self.previous) = used;
    }

    fn keep(&self) {
        let used = std::mem::take(&mut *lock(&self.current));
        lock(&self.previous).extend(used);
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.bytes.previous.lock().map(|m| m.len()).unwrap_or(0);
        write!(f, "Memo({n} results)")
    }
}

/// Hashes the inputs of one step.
pub struct Inputs(xxhash_rust::xxh3::Xxh3);

impl Inputs {
    pub fn new(step: &str) -> Inputs {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(step.as_bytes());
        h.update(&[0]);
        Inputs(h)
    }

    pub fn with(mut self, bytes: &[u8]) -> Inputs {
        // Length first, so that ("ab", "c") and ("a", "bc") differ.
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// Adds a value in postcard's compact binary form: the same value gives the same bytes,
    /// and they are several times quicker to make than JSON (every page's data is hashed on
    /// every rebuild). Postcard does not say which type it encoded, so the type's name goes in
    /// too. A value postcard cannot encode (a sequence of unknown length) goes in as JSON.
    pub fn with_value(
        self,
        type_name: &str,
        value: &dyn erased_serde::Serialize,
        buf: &mut Vec<u8>,
    ) -> Inputs {
        buf.clear();
        if postcard::serialize_with_flavor(value, Extend(buf)).is_err() {
            buf.clear();
            buf.push(0xff);
            // Writing into memory cannot fail; a value that cannot serialize fails when the
            // page is rendered.
            let _ = serde_json::to_writer(&mut *buf, value);
        }
        self.with(type_name.as_bytes()).with(buf)
    }

    pub fn key(&self) -> Key {
        self.0.digest128()
    }
}

/// A postcard output that appends to a reused buffer.
struct Extend<'b>(&'b mut Vec<u8>);

impl postcard::ser_flavors::Flavor for Extend<'_> {
    type Output = ();

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        self.0.extend_from_slice(data);
        Ok(())
    }

    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        self.0.push(data);
        Ok(())
    }

    fn finalize(self) -> postcard::Result<()> {
        Ok(())
    }
}

impl Memo {
    /// The remembered result for these inputs, or `make`'s, remembered for the next build.
    pub fn get_or<E>(
        &self,
        inputs: Inputs,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Arc<Vec<u8>>, E> {
        self.get_or_keyed(inputs, make).map(|(bytes, _)| bytes)
    }

    /// Like [`Memo::get_or`], with the key: it stands for the result in later keys, as the
    /// result is a function of it.
    pub fn get_or_keyed<E>(
        &self,
        inputs: Inputs,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<(Arc<Vec<u8>>, Key), E> {
        self.bytes.get_or_keyed(inputs, make)
    }

    /// A remembered Markdown body for these inputs, or `make`'s.
    pub fn markdown(&self, inputs: Inputs, make: impl FnOnce() -> Markdown) -> Arc<Markdown> {
        match self
            .markdown
            .get_or_keyed(inputs, || Ok::<_, std::convert::Infallible>(make()))
        {
            Ok((value, _)) => value,
            Err(never) => match never {},
        }
    }

    /// The templates compiled by the last build if their sources (`digest`) are the same, or
    /// `compile`'s. Only templates that compiled are kept.
    pub fn templates<E>(
        &self,
        digest: [u8; 32],
        compile: impl FnOnce() -> Result<tera::Tera, E>,
    ) -> Result<Arc<tera::Tera>, E> {
        let mut kept = lock(&self.templates);
        if let Some((d, tera)) = kept.as_ref()
            && *d == digest
        {
            return Ok(tera.clone());
        }
        let tera = Arc::new(compile()?);
        *kept = Some((digest, tera.clone()));
        Ok(tera)
    }

    /// Ends a build: what it used becomes what the next one can reuse. A failed build ends
    /// the same way; its results are as valid as any.
    pub fn finish(&self) {
        self.bytes.finish();
        self.markdown.finish();
    }

    /// Ends a build that was stopped part-way: it used only some of what the previous build
    /// made, so all of that stays for the next one, with what this one made besides.
    pub fn keep(&self) {
        self.bytes.keep();
        self.markdown.keep();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_inputs_reuse_and_other_inputs_render() {
        let memo = Memo::default();
        let calls = std::cell::Cell::new(0);
        let make = |s: &str| {
            calls.set(calls.get() + 1);
            Ok::<_, ()>(s.as_bytes().to_vec())
        };
        let a = memo
            .get_or(Inputs::new("t").with(b"x"), || make("one"))
            .unwrap();
        memo.finish();
        let b = memo
            .get_or(Inputs::new("t").with(b"x"), || make("two"))
            .unwrap();
        let c = memo
            .get_or(Inputs::new("t").with(b"y"), || make("three"))
            .unwrap();
        assert_eq!(
            (a.as_slice(), b.as_slice(), c.as_slice()),
            (&b"one"[..], &b"one"[..], &b"three"[..])
        );
        assert_eq!(calls.get(), 2);
        // Field boundaries count: ("ab", "c") is not ("a", "bc").
        memo.finish();
        let d = memo
            .get_or(Inputs::new("t").with(b"ab").with(b"c"), || make("four"))
            .unwrap();
        let e = memo
            .get_or(Inputs::new("t").with(b"a").with(b"bc"), || make("five"))
            .unwrap();
        assert_ne!(d, e);
    }

    #[test]
    fn only_what_the_last_build_used_is_kept() {
        let memo = Memo::default();
        memo.get_or(Inputs::new("t").with(b"old"), || Ok::<_, ()>(b"1".to_vec()))
            .unwrap();
        memo.finish();
        memo.finish();
        let mut rendered = false;
        memo.get_or(Inputs::new("t").with(b"old"), || {
            rendered = true;
            Ok::<_, ()>(b"2".to_vec())
        })
        .unwrap();
        assert!(rendered, "a result unused by the last build was kept");
    }

    #[test]
    fn templates_are_compiled_again_only_when_their_sources_change() {
        let memo = Memo::default();
        let compiles = std::cell::Cell::new(0);
        let compile = |src: &str| {
            compiles.set(compiles.get() + 1);
            let mut tera = tera::Tera::default();
            tera.add_raw_template("t", src).map(|_| tera)
        };
        let render = |t: &tera::Tera| t.render("t", &tera::Context::new()).unwrap();
        let a = memo.templates([1; 32], || compile("one")).unwrap();
        let b = memo.templates([1; 32], || compile("two")).unwrap();
        assert_eq!(
            (render(&a), render(&b), compiles.get()),
            ("one".into(), "one".into(), 1)
        );
        // Templates that fail are not kept: the next build compiles again.
        assert!(memo.templates([2; 32], || compile("{% if %}")).is_err());
        let c = memo.templates([2; 32], || compile("three")).unwrap();
        assert_eq!((render(&c), compiles.get()), ("three".into(), 3));
    }

    /// A sequence that does not tell its length up front, as some serializers do.
    struct Unsized(Vec<u32>);

    impl serde::Serialize for Unsized {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeSeq;
            let mut seq = s.serialize_seq(None)?;
            for x in &self.0 {
                seq.serialize_element(x)?;
            }
            seq.end()
        }
    }

    #[test]
    fn values_hash_by_content_and_type() {
        let key = |type_name: &str, value: &dyn erased_serde::Serialize| {
            Inputs::new("t")
                .with_value(type_name, value, &mut Vec::new())
                .key()
        };
        let a = vec!["Kuopio".to_string(), "Siilinjärvi".to_string()];
        let b = vec!["Kuopio".to_string(), "Siilinjärvi ".to_string()];
        assert_eq!(key("v", &a), key("v", &a.clone()));
        assert_ne!(key("v", &a), key("v", &b));
        assert_ne!(key("v", &a), key("w", &a), "the type name counts");
        // Postcard cannot encode this; JSON stands in and still tells values apart.
        assert_eq!(
            key("u", &Unsized(vec![1, 2])),
            key("u", &Unsized(vec![1, 2]))
        );
        assert_ne!(
            key("u", &Unsized(vec![1, 2])),
            key("u", &Unsized(vec![1, 3]))
        );
    }
}
