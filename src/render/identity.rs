//! The organisation's identity on pages: the logo published once under a content-hashed name
//! (so it can be cached for ever, like the theme's files), and the view of it and of the
//! brand colour that every layout gets.

use super::views::{Identity, LogoView};
use super::{OutputFile, Renderer};
use crate::model::Site;
use std::sync::Arc;

/// The logo's file in the output and its address, if the site has a logo.
pub(super) fn logo_file(site: &Site) -> Option<(OutputFile, String)> {
    let logo = site.logo.as_ref()?;
    let stem = logo.path.file_stem()?.to_string_lossy();
    let ext = logo
        .path
        .extension()?
        .to_string_lossy()
        .to_ascii_lowercase();
    let hash = blake3::hash(&logo.bytes).to_hex();
    let path = format!("assets/{stem}.{}.{ext}", &hash[..10]);
    let url = site.url(&path);
    let file = OutputFile {
        path,
        bytes: Arc::clone(&logo.bytes),
        copy_from: None,
    };
    Some((file, url))
}

impl<'a> Renderer<'a> {
    /// The logo and brand colour as the layouts show them in language `li`.
    pub(super) fn identity(&self, li: usize) -> Identity<'a> {
        let site = self.site;
        let logo = site.logo.as_ref().zip(self.logo_url).map(|(logo, url)| {
            let code = site.languages[li].code.as_str();
            LogoView {
                url,
                alt: logo.alt.get(code, site.default_lang()).0,
                width: logo.size.map(|s| s.0),
                height: logo.size.map(|s| s.1),
            }
        });
        Identity {
            logo,
            brand_colour: site.brand_colour.as_deref(),
        }
    }
}
