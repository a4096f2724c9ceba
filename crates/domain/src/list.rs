//! List queries for threads, messages and notes: filters, order, and 1-based paging.
//!
//! Filters only narrow what the actor can see: ids of threads, messages or resources the actor
//! cannot see simply match nothing. Time ranges include `from` and exclude `to`. Records come
//! oldest first (by creation), as the service lists them.

use crate::directory::ResourceKind;
use crate::error::DomainError;
use crate::id::{ExtensionId, MessageId, NoteId, ThreadId};
use crate::inbox::Inbox;
use crate::message::Message;
use crate::note::Note;
use crate::phone::PhoneNumber;
use crate::slot::{MessageSlot, NoteSlot, ThreadSlot};
use crate::thread::{Availability, Thread};
use crate::time::Timestamp;

/// `perPage` when none is given.
pub const DEFAULT_PER_PAGE: u32 = 100;
/// The largest `perPage` accepted.
pub const MAX_PER_PAGE: u32 = 1000;

/// Which page to return: 1-based `page`, `perPage` from 1 to 1000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Page {
    page: u32,
    per_page: u32,
}

impl Default for Page {
    fn default() -> Self {
        Self { page: 1, per_page: DEFAULT_PER_PAGE }
    }
}

impl Page {
    /// Checks the numbers: `page` and `per_page` at least 1; a `per_page` above
    /// [`MAX_PER_PAGE`] is reset to it, as RingCentral's list parameters say.
    pub fn new(page: u32, per_page: u32) -> Result<Self, DomainError> {
        if page == 0 {
            return Err(DomainError::InvalidPaging { parameter: "page", value: page });
        }
        if per_page == 0 {
            return Err(DomainError::InvalidPaging { parameter: "perPage", value: per_page });
        }
        Ok(Self { page, per_page: per_page.min(MAX_PER_PAGE) })
    }

    /// The 1-based page number.
    pub fn page(self) -> u32 {
        self.page
    }

    /// Records per page.
    pub fn per_page(self) -> u32 {
        self.per_page
    }

    /// Cuts one page out of `items` and describes it.
    pub fn apply<T>(self, items: Vec<T>) -> Paged<T> {
        let total = items.len() as u64;
        let per = u64::from(self.per_page);
        let start = (u64::from(self.page) - 1) * per;
        let records: Vec<T> =
            items.into_iter().skip(usize::try_from(start).unwrap_or(usize::MAX)).take(self.per_page as usize).collect();
        let n = records.len() as u64;
        Paged {
            paging: Paging {
                page: self.page,
                per_page: self.per_page,
                page_start: (n > 0).then_some(start),
                page_end: (n > 0).then(|| start + n - 1),
                total_pages: total.div_ceil(per),
                total_elements: total,
            },
            records,
        }
    }
}

/// The paging block of a list response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Paging {
    /// The page returned.
    pub page: u32,
    /// Records per page.
    pub per_page: u32,
    /// 0-based index of the first record on this page; absent for an empty page.
    pub page_start: Option<u64>,
    /// 0-based index of the last record on this page; absent for an empty page.
    pub page_end: Option<u64>,
    /// Pages in all.
    pub total_pages: u64,
    /// Records in all.
    pub total_elements: u64,
}

/// One page of records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paged<T> {
    /// The records of this page.
    pub records: Vec<T>,
    /// Where the page stands.
    pub paging: Paging,
}

/// `threadStatus`: open (assigned or not) or resolved (manually or by expiry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusFilter {
    /// Open threads.
    Open,
    /// Resolved threads.
    Resolved,
}

impl StatusFilter {
    fn matches(self, t: &Thread) -> bool {
        t.state().is_open() == (self == StatusFilter::Open)
    }
}

/// `creationTimeFrom` (included) to `creationTimeTo` (excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeRange {
    from: Timestamp,
    to: Timestamp,
}

impl TimeRange {
    /// A range; `from` must not be after `to`.
    pub fn new(from: Timestamp, to: Timestamp) -> Result<Self, DomainError> {
        if from > to {
            return Err(DomainError::InvalidTimeRange);
        }
        Ok(Self { from, to })
    }

    /// The first instant included.
    pub fn start(self) -> Timestamp {
        self.from
    }

    /// The first instant excluded.
    pub fn end(self) -> Timestamp {
        self.to
    }

    /// Whether `t` falls in it.
    pub fn contains(self, t: Timestamp) -> bool {
        self.from <= t && t < self.to
    }
}

fn in_range(range: Option<TimeRange>, t: Timestamp) -> bool {
    range.is_none_or(|r| r.contains(t))
}

fn availability_ok(wanted: &[Availability], a: Availability) -> bool {
    if wanted.is_empty() { a == Availability::Alive } else { wanted.contains(&a) }
}

/// Filters of `GET /message-threads`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThreadQuery {
    /// `threadStatus`; both when absent.
    pub status: Option<StatusFilter>,
    /// `ownerExtensionIds`; all resources the actor handles when empty.
    pub owners: Vec<ExtensionId>,
    /// `creationTimeFrom` / `creationTimeTo`.
    pub created: Option<TimeRange>,
    /// `ownerPhoneNumber`.
    pub owner_number: Option<PhoneNumber>,
    /// `guestPhoneNumber`.
    pub guest_number: Option<PhoneNumber>,
    /// `availability`; only alive records when empty.
    pub availability: Vec<Availability>,
    /// `page` / `perPage`.
    pub page: Page,
}

/// Filters of `GET /message-threads/messages`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MessageQuery {
    /// `threadIds`.
    pub thread_ids: Vec<ThreadId>,
    /// `messageIds`.
    pub message_ids: Vec<MessageId>,
    /// `threadStatus` of the message's thread.
    pub status: Option<StatusFilter>,
    /// `ownerExtensionIds`.
    pub owners: Vec<ExtensionId>,
    /// `availability`; only alive records when empty.
    pub availability: Vec<Availability>,
    /// `creationTimeFrom` / `creationTimeTo`.
    pub created: Option<TimeRange>,
    /// `page` / `perPage`.
    pub page: Page,
}

/// Filters of `GET /message-threads/notes`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NoteQuery {
    /// `threadIds`.
    pub thread_ids: Vec<ThreadId>,
    /// `noteIds`.
    pub note_ids: Vec<NoteId>,
    /// `ownerExtensionIds`.
    pub owners: Vec<ExtensionId>,
    /// `availability`; only alive records when empty.
    pub availability: Vec<Availability>,
    /// `creationTimeFrom` / `creationTimeTo`.
    pub created: Option<TimeRange>,
    /// `page` / `perPage`.
    pub page: Page,
}

impl Inbox {
    /// Slots of the threads the actor can see on the given owners (all handled when empty), in
    /// creation order. Slots are handed out in creation order, so sorting them sorts by time.
    fn visible_thread_slots(&self, actor: ExtensionId, owners: &[ExtensionId]) -> Vec<ThreadSlot> {
        let mut slots: Vec<ThreadSlot> = self
            .directory
            .resources_handled_by(actor)
            .flat_map(|r| self.records.of_owner(r.id))
            .filter(|&s| self.owned_by_any(owners, &self.records[s]))
            .collect();
        slots.sort_unstable();
        slots
    }

    /// `ownerExtensionIds`: whether the thread is on one of `owners` (any when empty). A
    /// resource owns its threads; an IVR menu, whose threads belong to its site, owns those on
    /// its own numbers.
    fn owned_by_any(&self, owners: &[ExtensionId], t: &Thread) -> bool {
        owners.is_empty()
            || owners.iter().any(|&o| match self.directory.resource(o).map(|r| r.kind) {
                Some(ResourceKind::IvrMenu { .. }) => {
                    self.directory.number(t.owner_number()).is_some_and(|n| n.holder == o)
                }
                Some(_) => t.owner() == o,
                None => false,
            })
    }

    /// `GET /message-threads`: the threads `actor` can see that match, oldest first, one page.
    pub fn list_threads(&self, actor: ExtensionId, q: &ThreadQuery) -> Result<Paged<&Thread>, DomainError> {
        self.require_actor(actor)?;
        let items = self
            .visible_thread_slots(actor, &q.owners)
            .into_iter()
            .map(|s| &self.records[s])
            .filter(|t| q.status.is_none_or(|f| f.matches(t)))
            .filter(|t| in_range(q.created, t.created()))
            .filter(|t| q.owner_number.is_none_or(|n| n == t.owner_number()))
            .filter(|t| q.guest_number.is_none_or(|n| n == t.guest_number()))
            .filter(|t| availability_ok(&q.availability, t.availability()))
            .collect();
        Ok(q.page.apply(items))
    }

    /// `GET /message-threads/messages`: the messages `actor` can see that match, oldest first.
    pub fn list_messages(&self, actor: ExtensionId, q: &MessageQuery) -> Result<Paged<&Message>, DomainError> {
        self.require_actor(actor)?;
        let thread_ok = |t: &Thread| {
            self.can_access(actor, t)
                && q.status.is_none_or(|f| f.matches(t))
                && (q.thread_ids.is_empty() || q.thread_ids.contains(&t.id()))
                && self.owned_by_any(&q.owners, t)
        };
        let mut slots: Vec<MessageSlot> = if !q.message_ids.is_empty() {
            q.message_ids.iter().filter_map(|&id| self.records.message_slot(id)).collect()
        } else if !q.thread_ids.is_empty() {
            q.thread_ids
                .iter()
                .filter_map(|&id| self.records.thread_slot(id))
                .flat_map(|s| self.records[s].message_slots().iter().copied())
                .collect()
        } else {
            self.visible_thread_slots(actor, &q.owners)
                .into_iter()
                .flat_map(|s| self.records[s].message_slots().iter().copied())
                .collect()
        };
        slots.sort_unstable();
        slots.dedup();
        let items = slots
            .into_iter()
            .map(|s| &self.records[s])
            .filter(|m| thread_ok(&self.records[m.thread_slot]))
            .filter(|m| in_range(q.created, m.created))
            .filter(|m| availability_ok(&q.availability, m.availability))
            .collect();
        Ok(q.page.apply(items))
    }

    /// `GET /message-threads/notes`: the notes `actor` can see that match, oldest first.
    pub fn list_notes(&self, actor: ExtensionId, q: &NoteQuery) -> Result<Paged<&Note>, DomainError> {
        self.require_actor(actor)?;
        let thread_slots: Vec<ThreadSlot> = if q.thread_ids.is_empty() {
            self.visible_thread_slots(actor, &q.owners)
        } else {
            q.thread_ids
                .iter()
                .filter_map(|&id| self.records.thread_slot(id))
                .filter(|&s| self.can_access(actor, &self.records[s]))
                .filter(|&s| self.owned_by_any(&q.owners, &self.records[s]))
                .collect()
        };
        let mut slots: Vec<NoteSlot> =
            thread_slots.into_iter().flat_map(|s| self.records[s].note_slots().iter().copied()).collect();
        slots.sort_unstable();
        slots.dedup();
        let items = slots
            .into_iter()
            .map(|s| &self.records[s])
            .filter(|n| q.note_ids.is_empty() || q.note_ids.contains(&n.id))
            .filter(|n| in_range(q.created, n.created))
            .filter(|n| availability_ok(&q.availability, n.availability))
            .collect();
        Ok(q.page.apply(items))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_edges() {
        let items: Vec<u32> = (0..250).collect();
        let last = Page::new(3, 100).unwrap().apply(items.clone());
        assert_eq!(last.records.len(), 50);
        assert_eq!(last.paging.page_start, Some(200));
        assert_eq!(last.paging.page_end, Some(249));
        assert_eq!(last.paging.total_pages, 3);
        assert_eq!(last.paging.total_elements, 250);

        let beyond = Page::new(4, 100).unwrap().apply(items);
        assert!(beyond.records.is_empty());
        assert_eq!((beyond.paging.page_start, beyond.paging.page_end), (None, None));

        let empty = Page::default().apply(Vec::<u32>::new());
        assert_eq!((empty.paging.total_pages, empty.paging.total_elements), (0, 0));

        assert_eq!(Page::new(1, 1001).map(Page::per_page), Ok(1000));
        assert_eq!(Page::new(1, u32::MAX).map(Page::per_page), Ok(1000));
        assert_eq!(Page::new(1, 0).unwrap_err(), DomainError::InvalidPaging { parameter: "perPage", value: 0 });
        assert_eq!(Page::new(0, 10).unwrap_err().parameter(), Some("page"));
        assert!(Page::new(1, 1000).is_ok());
    }
}
