//! The accessibility statement, made from site.yaml.

use super::prelude::*;
use crate::parse::raw::Conformance;

#[derive(Serialize)]
pub struct AccessibilityView<'a> {
    pub conformance: &'a str,
    pub prepared: String,
    pub reviewed: Option<String>,
    pub method: Option<Text<'a>>,
    pub shortcomings: Vec<Text<'a>>,
    pub feedback_email: Option<&'a str>,
    pub feedback_url: Option<&'a str>,
    pub feedback_phone: Option<PhoneView<'a>>,
    pub authority_name: Text<'a>,
    pub authority_url: Option<&'a str>,
    pub authority_email: Option<&'a str>,
    pub authority_phone: Option<PhoneView<'a>>,
}

impl<'a> Renderer<'a> {
    /// The accessibility statement, made from site.yaml.
    pub(super) fn accessibility(&self, li: usize) -> Page<'a> {
        let site = self.site;
        let mut page = Page::new("accessibility.html", Kind::Accessibility, li);
        let t = self.strings(li);
        let a = site
            .accessibility
            .as_ref()
            .expect("job only made when present");
        page.data.insert(
            "base",
            self.base(
                Kind::Accessibility,
                li,
                t.text("accessibility_title"),
                t.text("accessibility_intro"),
            ),
        );
        let months = t.list("months");
        let date =
            |d: &model::date::Date| d.format(t.text("date_full"), t.text("date_month"), &months);
        let view = AccessibilityView {
            conformance: t.text(match a.raw.conformance {
                Conformance::Full => "conformance_full",
                Conformance::Partial => "conformance_partial",
                Conformance::None => "conformance_none",
            }),
            prepared: date(&a.prepared),
            reviewed: a.reviewed.as_ref().map(date),
            method: a.raw.method.as_ref().map(|m| self.text(m, li)),
            shortcomings: a
                .raw
                .shortcomings
                .iter()
                .map(|s| self.text(s, li))
                .collect(),
            feedback_email: a.raw.feedback.email.as_deref(),
            feedback_url: a.raw.feedback.url.as_deref(),
            feedback_phone: a.feedback_phone.as_ref().map(phone_view),
            authority_name: self.text(&a.raw.authority.name, li),
            authority_url: a.raw.authority.url.as_deref(),
            authority_email: a.raw.authority.email.as_deref(),
            authority_phone: a.authority_phone.as_ref().map(phone_view),
        };
        page.data.insert("page", view);
        page
    }
}
