//! The `ThreadMessaging` port: the operations an application performs, in domain types.
//!
//! Applications depend on the trait; the transport crate implements it over HTTP, and
//! [`InMemoryThreadMessaging`] implements it over an [`Inbox`] with a manual clock, so that an
//! application's own unit tests run without HTTP. Records that come from elsewhere (the wire) are
//! rebuilt with `Thread::from_parts` and its siblings (see `parts.rs`).
//!
//! Behind the `port` feature (on by default), the only part of the crate that uses async-trait.

use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;

use crate::entries::{EntryScope, OwnedEntry};
use crate::error::DomainError;
use crate::id::{ExtensionId, MessageId, NoteId, ThreadId};
use crate::inbox::Inbox;
use crate::list::{MessageQuery, NoteQuery, Paged, ThreadQuery};
use crate::message::Message;
use crate::note::Note;
use crate::send::{InboundMessage, OutboundMessage};
use crate::sync::SyncType;
use crate::thread::Thread;
use crate::time::{Millis, Timestamp};
use crate::token::SyncKind;

/// The result of a thread sync, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadSyncResult {
    /// FSync or ISync.
    pub sync_type: SyncType,
    /// Threads, newest `lastModified` first.
    pub threads: Vec<Thread>,
    /// The token for the next ISync.
    pub token: String,
    /// When the sync ran.
    pub time: Timestamp,
}

/// The result of an entries sync, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntrySyncResult {
    /// FSync or ISync.
    pub sync_type: SyncType,
    /// Entries, newest `lastModified` first.
    pub entries: Vec<OwnedEntry>,
    /// The token for the next ISync.
    pub token: String,
    /// When the sync ran.
    pub time: Timestamp,
}

/// What an application does with thread messaging, as the authenticated extension.
#[async_trait]
pub trait ThreadMessaging: Send + Sync {
    /// The implementation's error (HTTP errors for the client, [`DomainError`] in memory).
    type Error: std::error::Error + Send + Sync + 'static;

    /// Sends a message (creating and assigning a thread when the pair has no open one).
    async fn send_message(&self, message: OutboundMessage) -> Result<Message, Self::Error>;
    /// Lists threads.
    async fn list_threads(&self, query: ThreadQuery) -> Result<Paged<Thread>, Self::Error>;
    /// Reads one thread.
    async fn read_thread(&self, id: ThreadId) -> Result<Thread, Self::Error>;
    /// Assigns (or with `None` unassigns) a thread.
    async fn assign_thread(&self, id: ThreadId, assignee: Option<ExtensionId>) -> Result<Thread, Self::Error>;
    /// Resolves a thread.
    async fn resolve_thread(&self, id: ThreadId) -> Result<Thread, Self::Error>;
    /// Deletes a thread and its messages.
    async fn delete_thread(&self, id: ThreadId) -> Result<(), Self::Error>;
    /// Lists messages.
    async fn list_messages(&self, query: MessageQuery) -> Result<Paged<Message>, Self::Error>;
    /// Deletes messages.
    async fn delete_messages(&self, ids: Vec<MessageId>) -> Result<(), Self::Error>;
    /// Adds a note to an open thread.
    async fn create_note(&self, thread: ThreadId, text: String) -> Result<Note, Self::Error>;
    /// Edits one's own note.
    async fn update_note(&self, id: NoteId, text: String) -> Result<Note, Self::Error>;
    /// Deletes one's own notes.
    async fn delete_notes(&self, ids: Vec<NoteId>) -> Result<(), Self::Error>;
    /// Lists notes.
    async fn list_notes(&self, query: NoteQuery) -> Result<Paged<Note>, Self::Error>;
    /// Thread sync: FSync without a token, ISync with one.
    async fn sync_threads(&self, token: Option<String>) -> Result<ThreadSyncResult, Self::Error>;
    /// Entries sync: FSync in `scope` without a token, ISync with one.
    async fn sync_entries(&self, scope: EntryScope, token: Option<String>) -> Result<EntrySyncResult, Self::Error>;
}

#[derive(Debug)]
struct Shared {
    inbox: Inbox,
    clock: Timestamp,
}

/// [`ThreadMessaging`] over an in-memory [`Inbox`], acting as one extension, with a manual
/// clock. Clones made with [`InMemoryThreadMessaging::as_extension`] share the inbox and clock,
/// so a test can play several handlers and the customer.
///
/// ```
/// use rcthreads_domain::sample::{self, BETH, FINANCIAL_QUEUE_NUMBER, WAYNE};
/// use rcthreads_domain::{
///     DomainError, Inbox, InMemoryThreadMessaging, OutboundMessage, SequentialIds, ThreadMessaging, Timestamp,
/// };
///
/// # pollster::block_on(async {
/// let inbox = Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default());
/// let wayne = InMemoryThreadMessaging::new(inbox, WAYNE, Timestamp::from_millis(1_773_349_593_706));
/// let beth = wayne.as_extension(BETH);
/// let customer = "+16502240001".parse()?;
/// wayne.send_message(OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, customer, "Hi Tom")).await?;
/// let refused = beth.send_message(OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, customer, "Hello")).await;
/// assert_eq!(refused.unwrap_err(), DomainError::ThreadNotAssigned { extension_id: BETH });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # }).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct InMemoryThreadMessaging {
    shared: Arc<Mutex<Shared>>,
    actor: ExtensionId,
}

impl InMemoryThreadMessaging {
    /// Acts as `actor` on `inbox`, the clock starting at `start`.
    pub fn new(inbox: Inbox, actor: ExtensionId, start: Timestamp) -> Self {
        Self { shared: Arc::new(Mutex::new(Shared { inbox, clock: start })), actor }
    }

    /// The same inbox and clock, acting as another extension.
    pub fn as_extension(&self, actor: ExtensionId) -> Self {
        Self { shared: Arc::clone(&self.shared), actor }
    }

    /// The extension this handle acts as.
    pub fn actor(&self) -> ExtensionId {
        self.actor
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        // A panic elsewhere cannot leave the inbox half-changed: commands check before writing.
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The clock.
    pub fn now(&self) -> Timestamp {
        self.lock().clock
    }

    /// Moves the clock forward and applies what fell due (expiry, delivery progress).
    pub fn advance(&self, by: Millis) -> Timestamp {
        let mut s = self.lock();
        s.clock = s.clock + by;
        let now = s.clock;
        s.inbox.advance(now)
    }

    /// A customer texts a shared number.
    pub fn receive(&self, message: InboundMessage) -> Result<Message, DomainError> {
        let mut s = self.lock();
        let now = s.clock;
        s.inbox.receive(now, message).cloned()
    }

    /// Runs `f` on the inbox (advanced to the clock), for what the port does not cover.
    pub fn with_inbox<R>(&self, f: impl FnOnce(&mut Inbox, Timestamp) -> R) -> R {
        let mut s = self.lock();
        let now = s.clock;
        s.inbox.advance(now);
        f(&mut s.inbox, now)
    }
}

fn owned<T: Clone>(p: Paged<&T>) -> Paged<T> {
    Paged { records: p.records.into_iter().cloned().collect(), paging: p.paging }
}

#[async_trait]
impl ThreadMessaging for InMemoryThreadMessaging {
    type Error = DomainError;

    async fn send_message(&self, message: OutboundMessage) -> Result<Message, DomainError> {
        self.with_inbox(|i, now| i.send(self.actor, now, message).cloned())
    }

    async fn list_threads(&self, query: ThreadQuery) -> Result<Paged<Thread>, DomainError> {
        self.with_inbox(|i, _| i.list_threads(self.actor, &query).map(owned))
    }

    async fn read_thread(&self, id: ThreadId) -> Result<Thread, DomainError> {
        self.with_inbox(|i, _| i.thread(self.actor, id).cloned())
    }

    async fn assign_thread(&self, id: ThreadId, assignee: Option<ExtensionId>) -> Result<Thread, DomainError> {
        self.with_inbox(|i, now| i.assign(self.actor, now, id, assignee).cloned())
    }

    async fn resolve_thread(&self, id: ThreadId) -> Result<Thread, DomainError> {
        self.with_inbox(|i, now| i.resolve(self.actor, now, id).cloned())
    }

    async fn delete_thread(&self, id: ThreadId) -> Result<(), DomainError> {
        self.with_inbox(|i, now| i.delete_thread(self.actor, now, id))
    }

    async fn list_messages(&self, query: MessageQuery) -> Result<Paged<Message>, DomainError> {
        self.with_inbox(|i, _| i.list_messages(self.actor, &query).map(owned))
    }

    async fn delete_messages(&self, ids: Vec<MessageId>) -> Result<(), DomainError> {
        self.with_inbox(|i, now| i.delete_messages(self.actor, now, &ids))
    }

    async fn create_note(&self, thread: ThreadId, text: String) -> Result<Note, DomainError> {
        self.with_inbox(|i, now| i.add_note(self.actor, now, thread, text).cloned())
    }

    async fn update_note(&self, id: NoteId, text: String) -> Result<Note, DomainError> {
        self.with_inbox(|i, now| i.edit_note(self.actor, now, id, text).cloned())
    }

    async fn delete_notes(&self, ids: Vec<NoteId>) -> Result<(), DomainError> {
        self.with_inbox(|i, now| i.delete_notes(self.actor, now, &ids))
    }

    async fn list_notes(&self, query: NoteQuery) -> Result<Paged<Note>, DomainError> {
        self.with_inbox(|i, _| i.list_notes(self.actor, &query).map(owned))
    }

    async fn sync_threads(&self, token: Option<String>) -> Result<ThreadSyncResult, DomainError> {
        self.with_inbox(|i, _| {
            let sync = match &token {
                None => i.fsync_threads(self.actor)?,
                Some(t) => i.isync_threads(self.actor, t)?,
            };
            Ok(ThreadSyncResult {
                sync_type: sync.sync_type,
                threads: sync.threads.into_iter().cloned().collect(),
                token: sync.token.encode(),
                time: sync.time,
            })
        })
    }

    async fn sync_entries(&self, scope: EntryScope, token: Option<String>) -> Result<EntrySyncResult, DomainError> {
        self.with_inbox(|i, _| {
            let sync = match &token {
                None => i.fsync_entries(self.actor, &scope)?,
                Some(t) => i.isync_entries(self.actor, t)?,
            };
            debug_assert_eq!(sync.token.kind, SyncKind::Entries);
            Ok(EntrySyncResult {
                sync_type: sync.sync_type,
                entries: sync.entries.iter().map(|e| e.to_owned()).collect(),
                token: sync.token.encode(),
                time: sync.time,
            })
        })
    }
}
