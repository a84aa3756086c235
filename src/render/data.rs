//! A template's data: typed values handed to Tera, and the interface texts (`t`) kept in a
//! per-thread context so that they are turned into Tera's values once, not once per page.

use crate::theme::Strings;
use tera::Tera;

/// A template's data, kept typed until it is needed: a full build hands it to Tera at once;
/// the preview first hashes it and renders only when the memo lacks the result.
#[derive(Default)]
pub(super) struct Data<'d> {
    /// Name, type name (for the memo: see [`super::memo::Inputs::with_value`]) and value.
    pub(super) values: Vec<(
        &'static str,
        &'static str,
        Box<dyn erased_serde::Serialize + 'd>,
    )>,
    /// The interface texts, `t` in every template.
    pub(super) strings: Option<&'d Strings>,
}

thread_local! {
    /// Per thread, a Tera context per string table, holding only `t`: the table is the
    /// largest value most templates get, and turning it into Tera's values for each of
    /// thousands of pages was a tenth of the build.
    static CONTEXTS: std::cell::RefCell<Vec<([u8; 32], tera::Context)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl<'d> Data<'d> {
    pub(super) fn insert<T: serde::Serialize + 'd>(&mut self, key: &'static str, value: T) {
        self.values
            .push((key, std::any::type_name::<T>(), Box::new(value)));
    }

    pub(super) fn strings(&mut self, strings: &'d Strings) {
        self.strings = Some(strings);
    }

    /// Renders `template` with this data (and `t`).
    pub(super) fn render(&self, tera: &Tera, template: &str) -> tera::Result<String> {
        let digest = self.strings.map(Strings::digest).unwrap_or_default();
        CONTEXTS.with(|contexts| {
            let mut contexts = contexts.borrow_mut();
            let i = match contexts.iter().position(|(d, _)| *d == digest) {
                Some(i) => i,
                None => {
                    // A preview that runs for days sees many string tables; a build, one per
                    // language.
                    if contexts.len() >= 16 {
                        contexts.remove(0);
                    }
                    let mut ctx = tera::Context::new();
                    if let Some(strings) = self.strings {
                        ctx.insert("t", strings);
                    }
                    contexts.push((digest, ctx));
                    contexts.len() - 1
                }
            };
            let page = Inserted {
                ctx: &mut contexts[i].1,
                data: self,
            };
            for (key, _, value) in &self.values {
                page.ctx.insert(*key, value);
            }
            tera.render(template, page.ctx)
        })
    }
}

/// A page's values in a cached context, taken out again when the render ends, even by a
/// panic: the next page on this thread must not see them.
struct Inserted<'c, 'd> {
    ctx: &'c mut tera::Context,
    data: &'c Data<'d>,
}

impl Drop for Inserted<'_, '_> {
    fn drop(&mut self) {
        for (key, _, _) in &self.data.values {
            self.ctx.remove(key);
        }
    }
}
