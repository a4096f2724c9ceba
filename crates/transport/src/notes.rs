//! Notes: handlers' internal remarks on a thread.

use futures_util::Stream;
use http::Method;
use rcthreads_wire::QueryString;
use rcthreads_wire::note::{
    ThreadNoteCreateRequest, ThreadNoteList, ThreadNoteModel, ThreadNoteUpdateRequest, ThreadNotesDeleteRequest,
};
use rcthreads_wire::query::MthListNotesParameters;

use crate::client::{Call, Client, THREADS, seg};
use crate::error::Error;
use crate::paging;

impl Client {
    /// `POST /message-threads/notes`: the thread must be open and the caller a handler.
    pub async fn create_note(&self, thread_id: &str, text: &str) -> Result<ThreadNoteModel, Error> {
        let body = ThreadNoteCreateRequest { thread_id: thread_id.to_owned(), text: text.to_owned() };
        self.send_json(Method::POST, &format!("{THREADS}/notes"), &body).await
    }

    /// `GET /message-threads/notes/{noteId}`.
    pub async fn read_note(&self, note_id: &str) -> Result<ThreadNoteModel, Error> {
        self.get(&format!("{THREADS}/notes/{}", seg(note_id)), "").await
    }

    /// `PATCH /message-threads/notes/{noteId}`: only its author, while the thread is open.
    pub async fn update_note(&self, note_id: &str, text: &str) -> Result<ThreadNoteModel, Error> {
        let body = ThreadNoteUpdateRequest { text: text.to_owned() };
        self.send_json(Method::PATCH, &format!("{THREADS}/notes/{}", seg(note_id)), &body).await
    }

    /// `DELETE /message-threads/notes/{noteId}`: one's own note.
    pub async fn delete_note(&self, note_id: &str) -> Result<(), Error> {
        self.send_no_content(Call::new(Method::DELETE, format!("{THREADS}/notes/{}", seg(note_id)))).await
    }

    /// `DELETE /message-threads/notes` with `{"ids": [...]}`: one's own notes, all or none.
    pub async fn delete_notes(&self, ids: &[String]) -> Result<(), Error> {
        let body = ThreadNotesDeleteRequest { ids: ids.to_vec() };
        self.send_no_content(Call::new(Method::DELETE, format!("{THREADS}/notes")).json(&body)).await
    }

    /// `GET /message-threads/notes`: one page.
    pub async fn list_notes(&self, query: &MthListNotesParameters) -> Result<ThreadNoteList, Error> {
        self.get(&format!("{THREADS}/notes"), &query.to_query()).await
    }

    /// Every note matching `query`, page after page.
    pub fn note_stream(
        &self,
        query: &MthListNotesParameters,
    ) -> impl Stream<Item = Result<ThreadNoteModel, Error>> + Send + 'static {
        let first = query.page_or_default();
        let query = query.clone();
        paging::records(self.clone(), first, move |client, page| {
            let q = MthListNotesParameters { page: Some(page), ..query.clone() };
            async move { client.list_notes(&q).await.map(|l| (l.records, paging::PageInfo::from(&l.paging))) }
        })
    }
}
