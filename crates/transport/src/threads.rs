//! Threads: list, read, assign, resolve, delete.

use futures_util::Stream;
use http::Method;
use rcthreads_wire::QueryString;
use rcthreads_wire::query::MthListThreadsParameters;
use rcthreads_wire::thread::{AssignMessageThreadRequest, MessageThread, MessageThreadList};

use crate::client::{Call, Client, THREADS, seg};
use crate::error::Error;
use crate::paging;

impl Client {
    /// `GET /message-threads`: one page of threads, ascending by `creationTime`.
    pub async fn list_threads(&self, query: &MthListThreadsParameters) -> Result<MessageThreadList, Error> {
        self.get(THREADS, &query.to_query()).await
    }

    /// Every thread matching `query`, page after page from `query.page` (1 when absent).
    pub fn thread_stream(
        &self,
        query: &MthListThreadsParameters,
    ) -> impl Stream<Item = Result<MessageThread, Error>> + Send + 'static {
        let first = query.page_or_default();
        let query = query.clone();
        paging::records(self.clone(), first, move |client, page| {
            let q = MthListThreadsParameters { page: Some(page), ..query.clone() };
            async move { client.list_threads(&q).await.map(|l| (l.records, paging::PageInfo::from(&l.paging))) }
        })
    }

    /// `GET /message-threads/{threadId}`.
    pub async fn read_thread(&self, thread_id: &str) -> Result<MessageThread, Error> {
        self.get(&format!("{THREADS}/{}", seg(thread_id)), "").await
    }

    /// `POST /message-threads/{threadId}/assign`: to `extension_id`, or unassigns with `None`.
    pub async fn assign_thread(&self, thread_id: &str, extension_id: Option<&str>) -> Result<MessageThread, Error> {
        let body = match extension_id {
            Some(id) => AssignMessageThreadRequest::to(id),
            None => AssignMessageThreadRequest::unassign(),
        };
        self.send_json(Method::POST, &format!("{THREADS}/{}/assign", seg(thread_id)), &body).await
    }

    /// `POST /message-threads/{threadId}/resolve`: the thread must be open.
    pub async fn resolve_thread(&self, thread_id: &str) -> Result<MessageThread, Error> {
        self.execute(Call::new(Method::POST, format!("{THREADS}/{}/resolve", seg(thread_id)))).await?.json()
    }

    /// `DELETE /message-threads/{threadId}`: the thread and its messages.
    pub async fn delete_thread(&self, thread_id: &str) -> Result<(), Error> {
        self.send_no_content(Call::new(Method::DELETE, format!("{THREADS}/{}", seg(thread_id)))).await
    }
}
