//! What the log holds: one [`Record`] per acknowledged change. Commands on an inbox are typed
//! values ([`Command`]) with one `apply`, run by the live handler and by the replay alike, so a
//! replay cannot do something else than the request did. Ids drawn from the account's seeded
//! source come out the same on replay; tokens and subscription ids are random, so their values
//! are logged.

use base64::Engine;
use rcthreads_domain::{
    ExtensionId, InboundMessage, Inbox, Message, MessageId, NewAttachment, Note, NoteId, StoredSms, Thread, ThreadId,
    Timestamp,
};
use rcthreads_wire::classic::CreateSmsMessage;
use rcthreads_wire::convert;
use rcthreads_wire::error::ErrorResponse;
use rcthreads_wire::message::NewThreadMessageRequest;
use rcthreads_wire::recipient::BulkAssignSmsRecipientsRequest;
use serde::{Deserialize, Serialize};

use crate::auth::Session;
use crate::clock::ClockState;
use crate::error::Failure;
use crate::fixture::AccountFixture;
use crate::subscriptions::{Delivery, Subscription};

/// One acknowledged change.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum Record {
    /// A command run on an account's inbox at an instant.
    Inbox {
        /// The account's key.
        account: usize,
        /// The inbox's time when it ran (ms since the epoch).
        at: i64,
        /// The command.
        command: InboxCommand,
    },
    /// A user logged in.
    SessionOpened {
        /// The account's time then (lapsed sessions are dropped as new ones open).
        at: i64,
        /// The session made.
        session: LoggedSession,
    },
    /// A refresh token was traded: the old session ended and this one opened.
    SessionRefreshed {
        /// The account's time then.
        at: i64,
        /// The refresh token traded (its session ended).
        ended: String,
        /// The session made.
        session: LoggedSession,
    },
    /// A token was revoked.
    SessionRevoked {
        /// The token (access or refresh).
        token: String,
    },
    /// A webhook subscription made.
    Subscribed {
        /// It, as it is now.
        subscription: LoggedSubscription,
    },
    /// A webhook subscription renewed.
    Renewed {
        /// It, as it is now.
        subscription: LoggedSubscription,
    },
    /// A subscription removed.
    Unsubscribed {
        /// Its id.
        id: String,
    },
    /// A tenant made.
    TenantCreated {
        /// Its key.
        key: usize,
        /// Its configuration, every user with a JWT assertion.
        account: Box<AccountFixture>,
    },
    /// A tenant deleted.
    TenantDeleted {
        /// Its key.
        key: usize,
    },
    /// One account reset.
    AccountReset {
        /// Its key.
        key: usize,
    },
    /// A clock moved: the mock-wide one (`account` absent) or a tenant's.
    Clock {
        /// The tenant's key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        account: Option<usize>,
        /// The clock after the move.
        clock: ClockState,
    },
    /// The whole mock reset.
    Reset {},
    /// Bulk test data (`POST /mock/v1/load`).
    Load {
        /// The account's key.
        account: usize,
        /// Its time then.
        at: i64,
        /// What was loaded.
        load: Load,
    },
}

/// `POST /mock/v1/load` as run: customers `+19000000000`, ... each text `to` in turn.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Load {
    /// Threads (customers).
    pub threads: u32,
    /// Messages per thread.
    pub messages_per_thread: u32,
    /// The text of each.
    pub text: String,
    /// The shared number.
    pub to: String,
}

impl Load {
    /// Runs the load on an inbox; returns the open threads after it.
    pub fn apply(&self, inbox: &mut Inbox, now: Timestamp) -> Result<usize, Failure> {
        let to = parse_phone("to", &self.to)?;
        for _ in 0..self.messages_per_thread {
            for i in 0..self.threads {
                let from = rcthreads_domain::PhoneNumber::from_digits_unchecked(19_000_000_000 + u64::from(i));
                inbox.receive(now, InboundMessage { from, to, text: self.text.clone() })?;
                inbox.clear_notifications();
            }
        }
        Ok(inbox.open_thread_count())
    }
}

/// A session as logged.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoggedSession {
    account: usize,
    extension: u64,
    client_id: String,
    access_token: String,
    access_expires: i64,
    refresh_token: String,
    refresh_expires: i64,
}

impl From<&Session> for LoggedSession {
    fn from(s: &Session) -> Self {
        Self {
            account: s.account,
            extension: s.extension.get(),
            client_id: s.client_id.clone(),
            access_token: s.access_token.clone(),
            access_expires: s.access_expires.as_millis(),
            refresh_token: s.refresh_token.clone(),
            refresh_expires: s.refresh_expires.as_millis(),
        }
    }
}

impl From<LoggedSession> for Session {
    fn from(s: LoggedSession) -> Self {
        Self {
            account: s.account,
            extension: ExtensionId::new(s.extension),
            client_id: s.client_id,
            access_token: s.access_token,
            access_expires: Timestamp::from_millis(s.access_expires),
            refresh_token: s.refresh_token,
            refresh_expires: Timestamp::from_millis(s.refresh_expires),
        }
    }
}

/// A webhook subscription as logged (WebSocket ones end with their connection's session,
/// which a restart ends too, so they are not logged).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoggedSubscription {
    id: String,
    account: usize,
    owner: u64,
    threads: bool,
    entries: bool,
    event_filters: Vec<String>,
    address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    verification_token: Option<String>,
    created: i64,
    expires: i64,
}

impl LoggedSubscription {
    /// The log's form of a webhook subscription; `None` for a WebSocket one.
    pub fn of(s: &Subscription) -> Option<Self> {
        let Delivery::WebHook { address, verification_token } = &s.delivery else { return None };
        Some(Self {
            id: s.id.clone(),
            account: s.account,
            owner: s.owner.get(),
            threads: s.threads,
            entries: s.entries,
            event_filters: s.event_filters.clone(),
            address: address.clone(),
            verification_token: verification_token.clone(),
            created: s.created.as_millis(),
            expires: s.expires.as_millis(),
        })
    }
}

impl From<LoggedSubscription> for Subscription {
    fn from(s: LoggedSubscription) -> Self {
        Self {
            id: s.id,
            account: s.account,
            owner: ExtensionId::new(s.owner),
            threads: s.threads,
            entries: s.entries,
            event_filters: s.event_filters,
            delivery: Delivery::WebHook { address: s.address, verification_token: s.verification_token },
            created: Timestamp::from_millis(s.created),
            expires: Timestamp::from_millis(s.expires),
        }
    }
}

/// A command on one account's inbox, as logged.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum InboxCommand {
    /// A handler sends a thread message.
    SendMessage(SendMessage),
    /// A handler deletes messages.
    DeleteMessages(DeleteMessages),
    /// A thread (un)assigned.
    Assign(Assign),
    /// A thread resolved.
    Resolve(Resolve),
    /// A thread deleted.
    DeleteThread(DeleteThread),
    /// A note added.
    AddNote(AddNote),
    /// A note edited.
    EditNote(EditNote),
    /// Notes deleted.
    DeleteNotes(DeleteNotes),
    /// A resource's SMS handlers changed.
    ChangeHandlers(ChangeHandlers),
    /// A classic SMS sent.
    SendSms(SendSms),
    /// A customer's text received.
    Receive(Receive),
}

/// A typed command: what it changes and what it answers.
pub trait Command: Into<InboxCommand> {
    /// What the handler renders.
    type Output;
    /// Runs it on the inbox at `now` (the inbox is already advanced to it).
    fn apply(&self, inbox: &mut Inbox, now: Timestamp) -> Result<Self::Output, Failure>;
}

impl InboxCommand {
    /// Runs it, for the replay.
    pub fn apply(&self, inbox: &mut Inbox, now: Timestamp) -> Result<(), Failure> {
        match self {
            Self::SendMessage(c) => c.apply(inbox, now).map(drop),
            Self::DeleteMessages(c) => c.apply(inbox, now),
            Self::Assign(c) => c.apply(inbox, now).map(drop),
            Self::Resolve(c) => c.apply(inbox, now).map(drop),
            Self::DeleteThread(c) => c.apply(inbox, now),
            Self::AddNote(c) => c.apply(inbox, now).map(drop),
            Self::EditNote(c) => c.apply(inbox, now).map(drop),
            Self::DeleteNotes(c) => c.apply(inbox, now),
            Self::ChangeHandlers(c) => c.apply(inbox, now),
            Self::SendSms(c) => c.apply(inbox, now).map(drop),
            Self::Receive(c) => c.apply(inbox, now).map(drop),
        }
    }
}

macro_rules! command {
    ($name:ident) => {
        impl From<$name> for InboxCommand {
            fn from(c: $name) -> Self {
                Self::$name(c)
            }
        }
    };
}

fn thread(s: &str) -> Result<ThreadId, Failure> {
    s.parse().map_err(|_| Failure::from(ErrorResponse::not_found("threadId", Some(s))))
}

fn parse_phone(name: &str, s: &str) -> Result<rcthreads_domain::PhoneNumber, Failure> {
    s.parse()
        .map_err(|e: rcthreads_domain::PhoneNumberError| Failure::invalid_parameter(400, name, Some(s), e.to_string()))
}

/// An MMS attachment as logged: its bytes in base64.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Attachment {
    content_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file_name: Option<String>,
    data: String,
}

impl From<&NewAttachment> for Attachment {
    fn from(a: &NewAttachment) -> Self {
        Self {
            content_type: a.content_type.clone(),
            file_name: a.file_name.clone(),
            data: base64::engine::general_purpose::STANDARD.encode(&a.data),
        }
    }
}

/// `POST /message-threads/messages`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendMessage {
    /// The handler.
    pub by: u64,
    /// The request as received.
    pub request: NewThreadMessageRequest,
    /// Its attachments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}
command!(SendMessage);

impl SendMessage {
    /// The command for a request and its attachments.
    pub fn new(by: ExtensionId, request: NewThreadMessageRequest, attachments: &[NewAttachment]) -> Self {
        Self { by: by.get(), request, attachments: attachments.iter().map(Attachment::from).collect() }
    }
}

impl Command for SendMessage {
    type Output = Message;
    fn apply(&self, inbox: &mut Inbox, now: Timestamp) -> Result<Message, Failure> {
        let mut attachments = Vec::with_capacity(self.attachments.len());
        for a in &self.attachments {
            let data = base64::engine::general_purpose::STANDARD
                .decode(&a.data)
                .map_err(|e| Failure::invalid_parameter(400, "attachments", None, e.to_string()))?;
            attachments.push(NewAttachment {
                content_type: a.content_type.clone(),
                file_name: a.file_name.clone(),
                data,
            });
        }
        let msg = convert::outbound_message(self.request.clone(), attachments)?;
        Ok(inbox.send(ExtensionId::new(self.by), now, msg)?.clone())
    }
}

/// `DELETE /message-threads/messages`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteMessages {
    /// The handler.
    pub by: u64,
    /// The messages.
    pub ids: Vec<u64>,
}
command!(DeleteMessages);

impl Command for DeleteMessages {
    type Output = ();
    fn apply(&self, inbox: &mut Inbox, now: Timestamp) -> Result<(), Failure> {
        let ids: Vec<MessageId> = self.ids.iter().map(|&i| MessageId::new(i)).collect();
        Ok(inbox.delete_messages(ExtensionId::new(self.by), now, &ids)?)
    }
}

/// `POST /message-threads/{id}/assign`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Assign {
    /// The handler.
    pub by: u64,
    /// The thread.
    pub thread: String,
    /// The new assignee; `None` unassigns.
    pub assignee: Option<u64>,
}
command!(Assign);

impl Command for Assign {
    type Output = Thread;
    fn apply(&self, inbox: &mut Inbox, now: Timestamp) -> Result<Thread, Failure> {
        let to = self.assignee.map(ExtensionId::new);
        Ok(inbox.assign(ExtensionId::new(self.by), now, thread(&self.thread)?, to)?.clone())
    }
}

/// `POST /message-threads/{id}/resolve`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Resolve {
    /// The handler.
    pub by: u64,
    /// The thread.
    pub thread: String,
}
command!(Resolve);

impl Command for Resolve {
    type Output = Thread;
    fn apply(&self, inbox: &mut Inbox, now: Timestamp) -> Result<Thread, Failure> {
        Ok(inbox.resolve(ExtensionId::new(self.by), now, thread(&self.thread)?)?.clone())
    }
}

/// `DELETE /message-threads/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteThread {
    /// The handler.
    pub by: u64,
    /// The thread.
    pub thread: String,
}
command!(DeleteThread);

impl Command for DeleteThread {
    type Output = ();
    fn apply(&self, inbox: &mut Inbox, now: Timestamp) -> Result<(), Failure> {
        Ok(inbox.delete_thread(ExtensionId::new(self.by), now, thread(&self.thread)?)?)
    }
}

/// `POST /message-threads/notes`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddNote {
    /// The author.
    pub by: u64,
    /// The thread.
    pub thread: String,
    /// The text.
    pub text: String,
}
command!(AddNote);

impl Command for AddNote {
    type Output = Note;
    fn apply(&self, inbox: &mut Inbox, now: Timestamp) -> Result<Note, Failure> {
        Ok(inbox.add_note(ExtensionId::new(self.by), now, thread(&self.thread)?, self.text.clone())?.clone())
    }
}

/// `PATCH /message-threads/notes/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EditNote {
    /// The author.
    pub by: u64,
    /// The note.
    pub note: u64,
    /// The new text.
    pub text: String,
}
command!(EditNote);

impl Command for EditNote {
    type Output = Note;
    fn apply(&self, inbox: &mut Inbox, now: Timestamp) -> Result<Note, Failure> {
        Ok(inbox.edit_note(ExtensionId::new(self.by), now, NoteId::new(self.note), self.text.clone())?.clone())
    }
}

/// `DELETE /message-threads/notes[/{id}]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteNotes {
    /// The author.
    pub by: u64,
    /// The notes.
    pub ids: Vec<u64>,
}
command!(DeleteNotes);

impl Command for DeleteNotes {
    type Output = ();
    fn apply(&self, inbox: &mut Inbox, now: Timestamp) -> Result<(), Failure> {
        let ids: Vec<NoteId> = self.ids.iter().map(|&i| NoteId::new(i)).collect();
        Ok(inbox.delete_notes(ExtensionId::new(self.by), now, &ids)?)
    }
}

/// `POST /extension/{id}/sms-recipients/bulk-assign`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangeHandlers {
    /// The admin.
    pub by: u64,
    /// The resource whose handlers change.
    pub resource: u64,
    /// The request as received.
    pub request: BulkAssignSmsRecipientsRequest,
}
command!(ChangeHandlers);

impl Command for ChangeHandlers {
    type Output = ();
    fn apply(&self, inbox: &mut Inbox, now: Timestamp) -> Result<(), Failure> {
        let change = convert::handler_change(&self.request)?;
        Ok(inbox.change_handlers(ExtensionId::new(self.by), now, ExtensionId::new(self.resource), &change)?)
    }
}

/// `POST /extension/{id}/sms`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendSms {
    /// The sender.
    pub by: u64,
    /// The extension of the path.
    pub on_behalf_of: u64,
    /// The request as received.
    pub request: CreateSmsMessage,
}
command!(SendSms);

impl Command for SendSms {
    type Output = StoredSms;
    fn apply(&self, inbox: &mut Inbox, now: Timestamp) -> Result<StoredSms, Failure> {
        let req = convert::sms_request(self.request.clone())?;
        let (by, of) = (ExtensionId::new(self.by), ExtensionId::new(self.on_behalf_of));
        Ok(inbox.send_sms(by, of, now, req)?.clone())
    }
}

/// A customer's text (`POST /mock/v1/inbound`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Receive {
    /// The outside number.
    pub from: String,
    /// The shared number.
    pub to: String,
    /// The text.
    pub text: String,
}
command!(Receive);

impl Command for Receive {
    type Output = Message;
    fn apply(&self, inbox: &mut Inbox, now: Timestamp) -> Result<Message, Failure> {
        let (from, to) = (parse_phone("from", &self.from)?, parse_phone("to", &self.to)?);
        Ok(inbox.receive(now, InboundMessage { from, to, text: self.text.clone() })?.clone())
    }
}
