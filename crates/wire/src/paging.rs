//! Paging blocks of list responses.

use serde::{Deserialize, Serialize};

/// Paging of a list response (`EnumeratedPagingModel`): 1-based pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EnumeratedPagingModel {
    /// Page size, as asked for (1 to 1000).
    pub per_page: u32,
    /// The current page, 1-based; omitted when the result is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Zero-based index of the first element on this page; omitted when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_start: Option<u32>,
    /// Zero-based index of the last element on this page; omitted when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_end: Option<u32>,
    /// Number of pages in the whole result, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<u32>,
    /// Number of elements in the whole result, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_elements: Option<u32>,
}

impl EnumeratedPagingModel {
    /// The paging block for page `page` (1-based) of `total` elements, `per_page` a page.
    ///
    /// `page`, `pageStart` and `pageEnd` are omitted when the page holds nothing, as the
    /// official definition describes.
    pub fn for_page(page: u32, per_page: u32, total: u32) -> Self {
        let per_page = per_page.max(1);
        let total_pages = total.div_ceil(per_page);
        let start = u64::from(page.saturating_sub(1)) * u64::from(per_page);
        let empty = page == 0 || start >= u64::from(total);
        let (page, page_start, page_end) = if empty {
            (None, None, None)
        } else {
            let end = (start + u64::from(per_page)).min(u64::from(total)) - 1;
            // Both fit: start < total and end < total, and total is a u32.
            (Some(page), Some(start as u32), Some(end as u32))
        };
        Self { per_page, page, page_start, page_end, total_pages: Some(total_pages), total_elements: Some(total) }
    }
}

/// Links to other pages of a list (`PageNavigationModel`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PageNavigationModel {
    /// The first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_page: Option<PageNavigationUri>,
    /// The next page, absent on the last one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page: Option<PageNavigationUri>,
    /// The previous page, absent on the first one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_page: Option<PageNavigationUri>,
    /// The last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_page: Option<PageNavigationUri>,
}

/// One link of [`PageNavigationModel`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PageNavigationUri {
    /// Canonical URI of the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_bounds_follow_the_total() {
        let p = EnumeratedPagingModel::for_page(2, 2, 3);
        assert_eq!((p.page, p.page_start, p.page_end, p.total_pages), (Some(2), Some(2), Some(2), Some(2)));
        let empty = EnumeratedPagingModel::for_page(3, 2, 3);
        assert_eq!((empty.page, empty.page_start, empty.page_end), (None, None, None));
        assert_eq!(EnumeratedPagingModel::for_page(1, 100, 0).total_pages, Some(0));
    }
}
