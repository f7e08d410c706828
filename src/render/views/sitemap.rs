//! `page` of the files for crawlers: `sitemap.xml` (only with a base URL)
//! and `robots.txt`.
//!
//! In: the site's pages. Out: a [`SitemapView`] or a [`RobotsView`].

use crate::render::{Job, Renderer};
use schemars::JsonSchema;
use serde::Serialize;

/// The template variable `page` of `sitemap.xml`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SitemapView {
    /// Every page but search, print and 404, sorted by address.
    pub urls: Vec<SitemapUrl>,
}

/// A page in the sitemap.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SitemapUrl {
    /// The page's absolute URL.
    pub loc: String,
    /// An entry's `updated:`.
    pub lastmod: Option<String>,
}

/// The template variable `page` of `robots.txt`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RobotsView {
    /// The sitemap's URL (null without a base URL).
    pub sitemap: Option<String>,
}

impl Renderer<'_> {
    /// The view of the sitemap.
    pub(crate) fn sitemap_view(&self) -> SitemapView {
        let base = self.site.config.base_url.clone().unwrap_or_default();
        let mut urls: Vec<SitemapUrl> = self
            .jobs()
            .iter()
            .filter(|j| {
                !matches!(
                    j,
                    Job::NotFound
                        | Job::Sitemap
                        | Job::Search(_)
                        | Job::Print(_)
                        | Job::Robots
                        | Job::Feed
                )
            })
            .map(|j| {
                let url = self.page_url(j);
                let lastmod = match j {
                    Job::Entry(i) => self.site.entries[*i].entry.updated.clone(),
                    _ => None,
                };
                SitemapUrl {
                    loc: format!("{base}{}", url.trim_end_matches("index.html")),
                    lastmod,
                }
            })
            .collect();
        urls.sort_by(|a, b| a.loc.cmp(&b.loc));
        SitemapView { urls }
    }

    /// The view of `robots.txt`.
    pub(crate) fn robots_view(&self) -> RobotsView {
        RobotsView {
            sitemap: self
                .site
                .config
                .base_url
                .as_ref()
                .map(|b| format!("{b}sitemap.xml")),
        }
    }
}
