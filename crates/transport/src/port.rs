//! The domain's `ThreadMessaging` port over HTTP: each operation is one client call, with the
//! domain's values written as wire requests and the answers rebuilt into domain values by
//! [`rcthreads_wire::convert`] (which documents what the wire does not carry, such as
//! attachment bytes: fetch them with [`Client::attachment_content`]).

use async_trait::async_trait;
use rcthreads_domain as d;
use rcthreads_domain::ThreadMessaging;
use rcthreads_wire::convert;

use crate::client::Client;
use crate::error::Error;

#[async_trait]
impl ThreadMessaging for Client {
    type Error = Error;

    async fn send_message(&self, m: d::OutboundMessage) -> Result<d::Message, Error> {
        let request = convert::message_request(&m);
        let sent = if m.attachments.is_empty() {
            Client::send_message(self, &request).await?
        } else {
            self.send_mms(&request, &m.attachments).await?
        };
        Ok(convert::message(&sent)?)
    }

    async fn list_threads(&self, q: d::ThreadQuery) -> Result<d::Paged<d::Thread>, Error> {
        let list = Client::list_threads(self, &convert::thread_parameters(&q)).await?;
        Ok(convert::thread_page(&list, q.page)?)
    }

    async fn read_thread(&self, id: d::ThreadId) -> Result<d::Thread, Error> {
        Ok(convert::thread(&Client::read_thread(self, &id.to_string()).await?)?)
    }

    async fn assign_thread(&self, id: d::ThreadId, assignee: Option<d::ExtensionId>) -> Result<d::Thread, Error> {
        let assignee = assignee.map(|a| a.to_string());
        Ok(convert::thread(&Client::assign_thread(self, &id.to_string(), assignee.as_deref()).await?)?)
    }

    async fn resolve_thread(&self, id: d::ThreadId) -> Result<d::Thread, Error> {
        Ok(convert::thread(&Client::resolve_thread(self, &id.to_string()).await?)?)
    }

    async fn delete_thread(&self, id: d::ThreadId) -> Result<(), Error> {
        Client::delete_thread(self, &id.to_string()).await
    }

    async fn list_messages(&self, q: d::MessageQuery) -> Result<d::Paged<d::Message>, Error> {
        let list = Client::list_messages(self, &convert::message_parameters(&q)).await?;
        Ok(convert::message_page(&list, q.page)?)
    }

    async fn delete_messages(&self, message_ids: Vec<d::MessageId>) -> Result<(), Error> {
        Client::delete_messages(self, &convert::id_strings(&message_ids)).await
    }

    async fn create_note(&self, thread_id: d::ThreadId, text: String) -> Result<d::Note, Error> {
        Ok(convert::note(&Client::create_note(self, &thread_id.to_string(), &text).await?)?)
    }

    async fn update_note(&self, id: d::NoteId, text: String) -> Result<d::Note, Error> {
        Ok(convert::note(&Client::update_note(self, &id.to_string(), &text).await?)?)
    }

    async fn delete_notes(&self, note_ids: Vec<d::NoteId>) -> Result<(), Error> {
        Client::delete_notes(self, &convert::id_strings(&note_ids)).await
    }

    async fn list_notes(&self, q: d::NoteQuery) -> Result<d::Paged<d::Note>, Error> {
        let parameters = convert::note_parameters(&q).map_err(|e| Error::Config(e.to_string()))?;
        let list = Client::list_notes(self, &parameters).await?;
        Ok(convert::note_page(&list, q.page)?)
    }

    async fn sync_threads(&self, token: Option<String>) -> Result<d::ThreadSyncResult, Error> {
        let answer = Client::sync_threads(self, &convert::thread_sync_parameters(token)).await?;
        let s = convert::thread_sync(&answer)?;
        Ok(d::ThreadSyncResult { sync_type: s.sync_type, threads: s.records, token: s.token, time: s.time })
    }

    async fn sync_entries(&self, scope: d::EntryScope, token: Option<String>) -> Result<d::EntrySyncResult, Error> {
        let answer = Client::sync_entries(self, &convert::entry_sync_parameters(scope, token)).await?;
        let s = convert::entries_sync(&answer)?;
        Ok(d::EntrySyncResult { sync_type: s.sync_type, entries: s.records, token: s.token, time: s.time })
    }
}
