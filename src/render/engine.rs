//! Template data into bytes: Tera, the preview's memo and the splicing of fragments.

use super::data::Data;
use super::qr::qr_svg;
use super::splice::Locals;
use super::templates::{error_chain, template_hint};
use super::{Fragment, Renderer, memo};
use crate::diag::Diagnostic;
use crate::theme::Strings;
use std::path::PathBuf;
use std::sync::Arc;

impl<'a> Renderer<'a> {
    /// Renders a template and splices the fragments in (the templates were compacted when
    /// compiled, so pages need no minifying). In the preview, a
    /// page whose template data did not change comes from the memo.
    pub(super) fn run(
        &self,
        template: &str,
        data: Data,
        locals: &Locals,
    ) -> Result<Arc<Vec<u8>>, Diagnostic> {
        let locals = locals.0.borrow();
        let Some(memo) = self.options.memo else {
            let page = self.render_template(template, &data)?;
            let page = self.part(Arc::new(page), 0, &locals);
            return Ok(Arc::new(self.splice(&page, &locals)));
        };
        let (page, key) = memo.get_or_keyed(self.data_inputs(template, &data), || {
            self.render_template(template, &data)
        })?;
        // The finished page too: an unchanged page is then the very same bytes as before,
        // neither copied nor compared byte by byte.
        let page = self.part(page, key, &locals);
        memo.get_or(self.key_with_fragments(&page, &locals), || {
            Ok(self.splice(&page, &locals))
        })
    }

    /// Renders a fragment with the markers of the shared fragments it shows left
    /// in place. Its memo key (0 outside the preview) covers those fragments too.
    pub(super) fn fragment(&self, template: &str, data: Data) -> Result<Fragment, Diagnostic> {
        let Some(memo) = self.options.memo else {
            return Ok((Arc::new(self.render_template(template, &data)?), 0));
        };
        let (html, key) = memo.get_or_keyed(self.data_inputs(template, &data), || {
            self.render_template(template, &data)
        })?;
        let part = self.part_below(html, key, &[], self.limit);
        let key = self.key_with_fragments(&part, &[]).key();
        Ok((part.html, key))
    }

    /// A fragment whose template receives one value and the language's strings `t`.
    pub(super) fn fragment_with<T: serde::Serialize + 'a>(
        &self,
        template: &str,
        key: &'static str,
        value: T,
        li: usize,
    ) -> Result<Fragment, Diagnostic> {
        let mut ctx = Data::default();
        ctx.insert(key, value);
        ctx.strings(self.strings(li));
        self.fragment(template, ctx)
    }

    /// What a template's output depends on: the templates, its name and its data.
    pub(super) fn data_inputs(&self, template: &str, data: &Data) -> memo::Inputs {
        let inputs = memo::Inputs::new("page")
            .with(&self.templates_hash)
            .with(template.as_bytes())
            .with(&data.strings.map(Strings::digest).unwrap_or_default());
        let mut buf = Vec::with_capacity(8192);
        crate::theme::as_digests(|| {
            data.values
                .iter()
                .fold(inputs, |inputs, (key, type_name, value)| {
                    inputs
                        .with(key.as_bytes())
                        .with_value(type_name, value.as_ref(), &mut buf)
                })
        })
    }

    /// A Markdown body as a fragment: pulldown-cmark's HTML as it is. Minifying it saved a
    /// newline between blocks and cost a twelfth of a build.
    pub(super) fn body_fragment(&self, html: String) -> Fragment {
        let key = self.content_key("body", html.as_bytes());
        (Arc::new(html.into_bytes()), key)
    }

    /// In the preview, the memo key of a fragment made outside Tera: its bytes' hash (0 in
    /// a build, which keeps nothing).
    pub(super) fn content_key(&self, what: &'static str, bytes: &[u8]) -> memo::Key {
        match self.options.memo {
            Some(_) => memo::Inputs::new(what).with(bytes).key(),
            None => 0,
        }
    }

    pub(super) fn qr_svg(&self, url: &str) -> Arc<Vec<u8>> {
        match self.options.memo {
            Some(memo) => memo
                .get_or(memo::Inputs::new("qr").with(url.as_bytes()), || {
                    Ok::<_, ()>(qr_svg(url))
                })
                .unwrap_or_default(),
            None => Arc::new(qr_svg(url)),
        }
    }

    pub(super) fn render_template(
        &self,
        template: &str,
        data: &Data,
    ) -> Result<Vec<u8>, Diagnostic> {
        let html = data.render(self.tera, template).map_err(|e| {
            let origin = self
                .theme
                .templates
                .iter()
                .find(|f| f.name == format!("templates/{template}"))
                .and_then(|f| f.origin.clone());
            let message = error_chain(&e);
            let hint = template_hint(&message);
            Diagnostic::error(
                origin.unwrap_or_else(|| {
                    PathBuf::from(format!("(built-in theme)/templates/{template}"))
                }),
                format!("the template failed: {message}"),
            )
            .hint(hint)
        })?;
        Ok(html.into_bytes())
    }
}
