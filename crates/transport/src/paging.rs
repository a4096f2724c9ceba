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

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use futures_util::StreamExt as _;

    use super::*;

    /// A client the fetches below never use.
    fn unused() -> Client {
        Client::builder().server("http://127.0.0.1:9").credentials("a", "b").build().unwrap()
    }

    /// The records of a stream over `pages` (page 1 first), and the pages it fetched.
    async fn walk(first: u32, per_page: u32, total_pages: Option<u32>, pages: Vec<Vec<u32>>) -> (Vec<u32>, Vec<u32>) {
        let fetched = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&fetched);
        let stream = records(unused(), first, move |_, page| {
            log.lock().unwrap().push(page);
            let records = pages.get(page as usize - 1).cloned().unwrap_or_default();
            async move { Ok((records, PageInfo { per_page, total_pages })) }
        });
        // Bounded, so that a stream that never ends fails the test instead of hanging it.
        let records: Vec<u32> = stream.take(20).map(Result::unwrap).collect().await;
        let fetched = fetched.lock().unwrap().clone();
        (records, fetched)
    }

    #[tokio::test]
    async fn a_stream_ends_after_a_short_page_an_empty_page_or_the_last_page() {
        // A short page without a page count.
        assert_eq!(walk(1, 2, None, vec![vec![1, 2], vec![3]]).await, (vec![1, 2, 3], vec![1, 2]));
        // Full pages, then an empty one.
        assert_eq!(walk(1, 2, None, vec![vec![1, 2], vec![3, 4]]).await, (vec![1, 2, 3, 4], vec![1, 2, 3]));
        // Full pages up to the page count.
        assert_eq!(walk(1, 2, Some(2), vec![vec![1, 2], vec![3, 4], vec![5]]).await, (vec![1, 2, 3, 4], vec![1, 2]));
        // From a later page; page 0 is page 1.
        assert_eq!(walk(2, 1, Some(3), vec![vec![1], vec![2], vec![3]]).await, (vec![2, 3], vec![2, 3]));
        assert_eq!(walk(0, 1, Some(2), vec![vec![1], vec![2]]).await, (vec![1, 2], vec![1, 2]));
    }

    #[tokio::test]
    async fn an_error_is_the_last_item() {
        let stream = records(unused(), 1, |_, page| async move {
            if page == 1 {
                Ok((vec![1u32, 2], PageInfo { per_page: 2, total_pages: None }))
            } else {
                Err(Error::NotLoggedIn)
            }
        });
        let items: Vec<_> = stream.collect().await;
        assert_eq!(items.len(), 3);
        assert!(matches!(items[2], Err(Error::NotLoggedIn)));
    }
}
