//! Streams over list endpoints: records of page after page, fetched as they are consumed.

use std::collections::VecDeque;
use std::future::Future;

use futures_util::Stream;
use rcthreads_wire::paging::EnumeratedPagingModel;

use crate::client::Client;
use crate::error::Error;

/// Where a fetched page sits in the whole list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageInfo {
    /// Page size asked for.
    pub per_page: u32,
    /// Pages in the whole list, when the server says.
    pub total_pages: Option<u32>,
}

impl From<&EnumeratedPagingModel> for PageInfo {
    fn from(p: &EnumeratedPagingModel) -> Self {
        Self { per_page: p.per_page, total_pages: p.total_pages }
    }
}

struct State<T, F> {
    client: Client,
    fetch: F,
    next: Option<u32>,
    buffer: VecDeque<T>,
}

/// Records of every page from `first` on. The stream ends after an empty page, a short page,
/// or the last page the server announces; an error ends it after being yielded.
pub(crate) fn records<T, F, Fut>(
    client: Client,
    first: u32,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static
where
    T: Send + 'static,
    F: FnMut(Client, u32) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(Vec<T>, PageInfo), Error>> + Send + 'static,
{
    let state = State { client, fetch, next: Some(first.max(1)), buffer: VecDeque::new() };
    futures_util::stream::unfold(state, |mut s| async move {
        loop {
            if let Some(record) = s.buffer.pop_front() {
                return Some((Ok(record), s));
            }
            let page = s.next?;
            match (s.fetch)(s.client.clone(), page).await {
                Ok((records, info)) => {
                    let last = records.is_empty()
                        || records.len() < info.per_page as usize
                        || info.total_pages.is_some_and(|total| page >= total);
                    s.next = if last { None } else { Some(page + 1) };
                    s.buffer.extend(records);
                }
                Err(e) => {
                    s.next = None;
                    return Some((Err(e), s));
                }
            }
        }
    })
}
