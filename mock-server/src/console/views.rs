//! What the console shows, as JSON under `/mock/v1/console/`: the accounts with their shared
//! numbers and handlers, a shared number's threads (filtered, one page), and one thread whole.
//!
//! These are the mock's own views, whoever asks: the console looks at the inbox from above,
//! while acting as a handler goes through the REST API itself (see `app.js`).

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use rcthreads_domain::{
    Direction, Entry, ExtensionId, HintKind, Inbox, Page, PhoneNumber, Thread, ThreadId, ThreadState, Timestamp,
};
use rcthreads_wire::error::ErrorResponse;
use rcthreads_wire::time::format;
use serde::Serialize;

use crate::error::{ApiResult, Failure};
use crate::json::JsonResponse;
use crate::state::{Account, AppState};

fn time(t: Timestamp) -> String {
    format(&t.to_datetime())
}

/// An extension by id and name.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Named {
    /// Extension id.
    pub id: String,
    /// Its name (empty when the directory no longer knows it).
    pub name: String,
}

fn named(inbox_dir: &rcthreads_domain::Directory, id: ExtensionId) -> Named {
    Named { id: id.to_string(), name: inbox_dir.extension_name(id).unwrap_or_default().to_owned() }
}

/// A user of an account.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    /// Extension id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Short extension number.
    pub extension_number: String,
    /// `Enabled`, `Disabled` or `Frozen`.
    pub status: String,
    /// The JWT assertion that logs them in.
    pub jwt: Option<String>,
}

/// A shared number, the resource that owns its threads, and that resource's handlers.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedNumberView {
    /// The number (E.164).
    pub number: String,
    /// The resource owning its threads.
    pub resource: Named,
    /// `CallQueue`, `MainSite`, `SubSite` (an IVR menu's numbers are its site's).
    pub kind: String,
    /// Whether thread messaging is on for the resource.
    pub thread_messaging: bool,
    /// Its SMS handlers.
    pub handlers: Vec<Named>,
}

/// An account as the console lists it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    /// Account id.
    pub id: String,
    /// Company name.
    pub name: String,
    /// Its users.
    pub users: Vec<UserView>,
    /// Its shared numbers.
    pub shared_numbers: Vec<SharedNumberView>,
}

/// `GET /mock/v1/console/accounts`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountsView {
    /// The app's client id (for the page's own logins as a handler).
    pub client_id: String,
    /// The app's client secret.
    pub client_secret: String,
    /// The accounts.
    pub records: Vec<AccountView>,
}

fn account_view(a: &Account) -> AccountView {
    let dir = &a.loaded.directory;
    let users = dir
        .users()
        .iter()
        .map(|u| UserView {
            id: u.id.to_string(),
            name: u.name.clone(),
            extension_number: u.extension_number.clone(),
            status: format!("{:?}", u.status),
            jwt: a.loaded.jwts.iter().find(|(_, e)| *e == u.id).map(|(j, _)| j.clone()),
        })
        .collect();
    let shared_numbers = dir
        .numbers()
        .iter()
        .filter_map(|n| {
            let r = dir.thread_owner(n.number)?;
            Some(SharedNumberView {
                number: n.number.to_string(),
                resource: Named { id: r.id.to_string(), name: r.name.clone() },
                kind: format!("{:?}", r.kind),
                thread_messaging: dir.thread_messaging_on(r),
                handlers: r.handlers.iter().map(|h| named(dir, h.extension)).collect(),
            })
        })
        .collect();
    AccountView { id: a.id().to_string(), name: a.loaded.name.clone(), users, shared_numbers }
}

/// `GET /mock/v1/console/accounts`.
pub async fn accounts(State(state): State<Arc<AppState>>) -> JsonResponse<AccountsView> {
    JsonResponse(AccountsView {
        client_id: state.app.client_id.clone(),
        client_secret: state.app.client_secret.clone(),
        records: state.accounts.all().iter().map(|a| account_view(a)).collect(),
    })
}

fn account(state: &AppState, id: &str) -> Result<std::sync::Arc<Account>, Failure> {
    state.accounts.find(id).ok_or_else(|| ErrorResponse::not_found("accountId", Some(id)).into())
}

/// Where a thread stands, in the console's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    /// Open, nobody holds it.
    Open,
    /// Open and held by its assignee.
    Assigned,
    /// Resolved by a handler.
    Resolved,
    /// Resolved by the 72-hour rule.
    Expired,
}

impl Status {
    fn of(s: ThreadState) -> Self {
        match s {
            ThreadState::Open => Status::Open,
            ThreadState::Assigned(_) => Status::Assigned,
            ThreadState::Resolved => Status::Resolved,
            ThreadState::Expired => Status::Expired,
        }
    }
}

/// A thread in a list.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreadSummary {
    /// Thread id.
    pub id: String,
    /// Where it stands.
    pub status: Status,
    /// Whether it was deleted.
    pub deleted: bool,
    /// Its assignee.
    pub assignee: Option<Named>,
    /// The resource owning it.
    pub owner: Named,
    /// The shared number.
    pub shared_number: String,
    /// The customer's number.
    pub customer_number: String,
    /// Its label, if any.
    pub label: Option<String>,
    /// Messages in it.
    pub messages: usize,
    /// Created.
    pub created: String,
    /// Its last inbound or outbound message.
    pub last_activity: String,
    /// When it expires, while open.
    pub expires_at: Option<String>,
    /// Seconds left before it expires, by the mock clock, while open.
    pub expires_in_seconds: Option<i64>,
}

fn summary(inbox: &Inbox, t: &Thread, now: Timestamp) -> ThreadSummary {
    let dir = inbox.directory();
    let open = t.state().is_open();
    ThreadSummary {
        id: t.id().to_string(),
        status: Status::of(t.state()),
        deleted: t.availability() != rcthreads_domain::Availability::Alive,
        assignee: t.assignee().map(|a| named(dir, a)),
        owner: named(dir, t.owner()),
        shared_number: t.owner_number().to_string(),
        customer_number: t.guest_number().to_string(),
        label: t.label().map(str::to_owned),
        messages: t.message_count(),
        created: time(t.created()),
        last_activity: time(t.last_activity()),
        expires_at: open.then(|| time(t.expires_at())),
        expires_in_seconds: open.then(|| (t.expires_at() - now).0.max(0) / 1000),
    }
}

/// The status filter of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StatusFilter {
    /// Open or assigned.
    Active,
    One(Status),
}

impl StatusFilter {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "active" => Self::Active,
            "open" => Self::One(Status::Open),
            "assigned" => Self::One(Status::Assigned),
            "resolved" => Self::One(Status::Resolved),
            "expired" => Self::One(Status::Expired),
            _ => return None,
        })
    }

    fn matches(self, s: ThreadState) -> bool {
        match self {
            Self::Active => s.is_open(),
            Self::One(want) => Status::of(s) == want,
        }
    }
}

/// The list's query: `sharedNumber`, `status`, `assigneeId`, `page`, `perPage`.
#[derive(Debug, Clone, Default)]
struct ListQuery {
    number: Option<PhoneNumber>,
    status: Option<StatusFilter>,
    assignee: Option<ExtensionId>,
    page: u32,
    per_page: u32,
}

fn list_query(raw: Option<&str>) -> Result<ListQuery, Failure> {
    let mut q = ListQuery { page: 1, per_page: 50, ..ListQuery::default() };
    let bad = |name: &str, v: &str| Failure::from(ErrorResponse::invalid_parameter(name, Some(v)));
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        match &*k {
            "sharedNumber" => q.number = Some(v.parse().map_err(|_| bad("sharedNumber", &v))?),
            "status" if v.is_empty() => {}
            "status" => q.status = Some(StatusFilter::parse(&v).ok_or_else(|| bad("status", &v))?),
            "assigneeId" if v.is_empty() => {}
            "assigneeId" => q.assignee = Some(v.parse().map_err(|_| bad("assigneeId", &v))?),
            "page" => q.page = v.parse().map_err(|_| bad("page", &v))?,
            "perPage" => q.per_page = v.parse().map_err(|_| bad("perPage", &v))?,
            "token" => {}
            _ => return Err(bad(&k, &v)),
        }
    }
    Ok(q)
}

/// One page of threads.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreadPage {
    /// The threads, latest activity first.
    pub records: Vec<ThreadSummary>,
    /// Page number (from 1).
    pub page: u32,
    /// Page size.
    pub per_page: u32,
    /// Threads that match.
    pub total_elements: u64,
    /// Pages.
    pub total_pages: u64,
    /// The mock time of the answer.
    pub now: String,
}

/// `GET /mock/v1/console/accounts/{accountId}/threads`: alive threads, latest activity first.
/// Candidates come from the inbox's indexes (an assignee's threads, or a resource's), never
/// from a scan of the whole account unless no number or assignee is given.
pub async fn threads(
    State(state): State<Arc<AppState>>,
    Path(account_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<JsonResponse<ThreadPage>> {
    let a = account(&state, &account_id)?;
    let q = list_query(raw.as_deref())?;
    let page = Page::new(q.page, q.per_page)?;
    let owner = match q.number {
        Some(n) => Some(
            a.loaded
                .directory
                .thread_owner(n)
                .ok_or_else(|| Failure::from(ErrorResponse::invalid_parameter("sharedNumber", Some(&n.to_string()))))?
                .id,
        ),
        None => None,
    };
    let answer = a.with_inbox(a.now(), |inbox, now| {
        let wanted = |t: &&Thread| {
            t.availability() == rcthreads_domain::Availability::Alive
                && q.number.is_none_or(|n| t.owner_number() == n)
                && q.status.is_none_or(|f| f.matches(t.state()))
                && q.assignee.is_none_or(|e| t.assignee() == Some(e))
        };
        let mut found: Vec<&Thread> = match (q.assignee, owner) {
            (Some(e), _) => inbox.assigned_threads(e).filter(wanted).collect(),
            (None, Some(o)) => inbox.threads_of(o).filter(wanted).collect(),
            (None, None) => inbox.all_threads().filter(wanted).collect(),
        };
        // Newest first; the indexes list oldest first, and a stable sort keeps that order
        // (reversed) between threads of the same instant.
        found.reverse();
        found.sort_by_key(|t| std::cmp::Reverse(t.last_activity()));
        let paged = page.apply(found);
        ThreadPage {
            records: paged.records.iter().map(|t| summary(inbox, t, now)).collect(),
            page: paged.paging.page,
            per_page: paged.paging.per_page,
            total_elements: paged.paging.total_elements,
            total_pages: paged.paging.total_pages,
            now: time(now),
        }
    });
    // Reading advanced the inbox: what fell due was applied, and its events published.
    crate::subscriptions::dispatch(&state, &a, answer.1);
    Ok(JsonResponse(answer.0))
}

/// A message of a thread.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageView {
    /// Message id.
    pub id: String,
    /// `Inbound` or `Outbound`.
    pub direction: String,
    /// The handler who sent it (outbound).
    pub author: Option<Named>,
    /// Text.
    pub text: String,
    /// Delivery status (`Queued`, `Sent`, `Delivered`, `SendingFailed`, `Received`, ...).
    pub status: String,
    /// Why it failed, e.g. `SMS-RC-410`.
    pub delivery_error_code: Option<String>,
    /// Attachments.
    pub attachments: usize,
    /// Whether it was deleted.
    pub deleted: bool,
    /// Created.
    pub created: String,
    /// Last changed.
    pub last_modified: String,
}

/// A note of a thread.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteView {
    /// Note id.
    pub id: String,
    /// Its author.
    pub author: Named,
    /// Text.
    pub text: String,
    /// Whether it was deleted.
    pub deleted: bool,
    /// Created.
    pub created: String,
    /// Last changed.
    pub last_modified: String,
}

/// A change of the thread itself, from the journal.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryView {
    /// Journal position.
    pub seq: u64,
    /// When.
    pub time: String,
    /// `created`, `assigned`, `resolved`, `expired` or `deleted`.
    pub kind: &'static str,
    /// The new assignee (`assigned`; none when unassigned).
    pub assignee: Option<Named>,
    /// The assignee before (`assigned`).
    pub previous: Option<Named>,
    /// Who did it (`assigned`; none when the service did).
    pub initiator: Option<Named>,
}

/// `GET /mock/v1/console/accounts/{accountId}/threads/{threadId}`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreadView {
    /// The thread.
    pub thread: ThreadSummary,
    /// Its messages, oldest first (deleted ones included).
    pub messages: Vec<MessageView>,
    /// Its notes, oldest first (deleted ones included).
    pub notes: Vec<NoteView>,
    /// Its history, oldest first.
    pub history: Vec<HistoryView>,
    /// The mock time of the answer.
    pub now: String,
}

fn thread_view(inbox: &Inbox, t: &Thread, now: Timestamp) -> ThreadView {
    let dir = inbox.directory();
    let messages = inbox
        .messages_of(t)
        .map(|m| MessageView {
            id: m.id().to_string(),
            direction: match m.direction() {
                Direction::Inbound => "Inbound".to_owned(),
                Direction::Outbound => "Outbound".to_owned(),
            },
            author: m.author().map(|a| named(dir, a)),
            text: m.text().to_owned(),
            status: format!("{:?}", m.status()),
            delivery_error_code: m.delivery_error().map(|e| e.code().to_owned()),
            attachments: m.attachments().len(),
            deleted: m.availability() != rcthreads_domain::Availability::Alive,
            created: time(m.created()),
            last_modified: time(m.last_modified()),
        })
        .collect();
    let notes = inbox
        .notes_of(t)
        .map(|n| NoteView {
            id: n.id().to_string(),
            author: named(dir, n.author()),
            text: n.text().to_owned(),
            deleted: n.availability() != rcthreads_domain::Availability::Alive,
            created: time(n.created()),
            last_modified: time(n.last_modified()),
        })
        .collect();
    let mut history: Vec<HistoryView> = inbox
        .entries_of(t)
        .filter_map(|e| match e {
            Entry::Hint(h) => Some(h),
            _ => None,
        })
        .map(|h| {
            let mut v = HistoryView {
                seq: h.id,
                time: time(h.time),
                kind: "created",
                assignee: None,
                previous: None,
                initiator: None,
            };
            match h.kind {
                HintKind::Created { initiator } => v.initiator = initiator.map(|x| named(dir, x)),
                HintKind::Assigned(a) => {
                    v.kind = "assigned";
                    v.assignee = a.assignee.map(|x| named(dir, x));
                    v.previous = a.previous.map(|x| named(dir, x));
                    v.initiator = a.initiator.map(|x| named(dir, x));
                }
                HintKind::Resolved { initiator: Some(x) } => {
                    v.kind = "resolved";
                    v.initiator = Some(named(dir, x));
                }
                HintKind::Resolved { initiator: None } => v.kind = "expired",
                HintKind::Deleted { initiator } => {
                    v.kind = "deleted";
                    v.initiator = initiator.map(|x| named(dir, x));
                }
            }
            v
        })
        .collect();
    history.sort_by_key(|h| h.seq);
    ThreadView { thread: summary(inbox, t, now), messages, notes, history, now: time(now) }
}

/// `GET /mock/v1/console/accounts/{accountId}/threads/{threadId}`: the thread whole, deleted
/// or not.
pub async fn thread(
    State(state): State<Arc<AppState>>,
    Path((account_id, thread_id)): Path<(String, String)>,
) -> ApiResult<JsonResponse<ThreadView>> {
    let a = account(&state, &account_id)?;
    let not_found = || Failure::from(ErrorResponse::not_found("threadId", Some(&thread_id)));
    let id: ThreadId = thread_id.parse().map_err(|_| not_found())?;
    let (view, notes) = a.with_inbox(a.now(), |inbox, now| inbox.thread_by_id(id).map(|t| thread_view(inbox, t, now)));
    crate::subscriptions::dispatch(&state, &a, notes);
    Ok(JsonResponse(view.ok_or_else(not_found)?))
}
