//! Lists of threads, messages and notes (filters, order, paging) and the rules of notes.

use rcthreads_domain::sample::{
    self, BETH, COMPANY_NUMBER, FEDERICK, FINANCIAL_QUEUE, FINANCIAL_QUEUE_NUMBER, IVR_MAIN, IVR_MAIN_NUMBER,
    MAIN_NUMBER, MAIN_SITE, NORA, SAM, SITE_01, SITE_01_NUMBER, WAYNE,
};
use rcthreads_domain::{
    Availability, DomainError, InboundMessage, Inbox, MAX_PER_PAGE, MessageId, MessageQuery, Millis, NoteQuery,
    OutboundMessage, Page, PhoneNumber, SequentialIds, StatusFilter, ThreadId, ThreadQuery, TimeRange, Timestamp,
};

const T0: Timestamp = Timestamp::from_millis(1_773_349_593_706);

fn inbox() -> Inbox {
    Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default())
}

fn customer(n: u64) -> PhoneNumber {
    PhoneNumber::from_digits_unchecked(16_503_000_000 + n)
}

fn hours(n: i64) -> Timestamp {
    T0 + Millis::hours(n)
}

fn texts(inbox: &mut Inbox, at: Timestamp, from: PhoneNumber, to: PhoneNumber, text: &str) -> MessageId {
    inbox.receive(at, InboundMessage { from, to, text: text.into() }).expect("inbound text").id()
}

fn thread_of(inbox: &Inbox, m: MessageId) -> ThreadId {
    inbox.message_by_id(m).unwrap().thread_id()
}

fn ids(inbox: &Inbox, actor: rcthreads_domain::ExtensionId, q: &ThreadQuery) -> Vec<ThreadId> {
    inbox.list_threads(actor, q).unwrap().records.iter().map(|t| t.id()).collect()
}

#[test]
fn thread_pages_cut_the_list_in_creation_order() {
    let mut inbox = inbox();
    let all: Vec<ThreadId> = (0..25)
        .map(|n| {
            let m = texts(&mut inbox, T0 + Millis(n as i64), customer(n), FINANCIAL_QUEUE_NUMBER, "Hi");
            thread_of(&inbox, m)
        })
        .collect();
    let page = |page, per_page| {
        let q = ThreadQuery { page: Page::new(page, per_page).unwrap(), ..ThreadQuery::default() };
        inbox.list_threads(BETH, &q).unwrap()
    };

    let first = page(1, 10);
    assert_eq!(first.records.iter().map(|t| t.id()).collect::<Vec<_>>(), all[..10]);
    assert_eq!((first.paging.page_start, first.paging.page_end), (Some(0), Some(9)));
    assert_eq!((first.paging.total_pages, first.paging.total_elements), (3, 25));

    let last = page(3, 10);
    assert_eq!(last.records.iter().map(|t| t.id()).collect::<Vec<_>>(), all[20..]);
    assert_eq!((last.paging.page, last.paging.per_page), (3, 10));
    assert_eq!((last.paging.page_start, last.paging.page_end), (Some(20), Some(24)));

    let beyond = page(4, 10);
    assert!(beyond.records.is_empty());
    assert_eq!((beyond.paging.page_start, beyond.paging.page_end, beyond.paging.total_elements), (None, None, 25));

    // The default page holds them all; the largest page size is accepted, a larger one is
    // reset to it.
    let default = inbox.list_threads(BETH, &ThreadQuery::default()).unwrap();
    assert_eq!((default.records.len(), default.paging.per_page), (25, 100));
    assert_eq!(page(1, MAX_PER_PAGE).records.len(), 25);
    assert_eq!(page(1, MAX_PER_PAGE + 1).paging.per_page, MAX_PER_PAGE);
    let err = Page::new(1, 0).unwrap_err();
    assert_eq!(err, DomainError::InvalidPaging { parameter: "perPage", value: 0 });
    assert_eq!((err.code().as_str(), err.parameter()), ("CMN-101", Some("perPage")));
    assert_eq!(Page::new(0, 10).unwrap_err(), DomainError::InvalidPaging { parameter: "page", value: 0 });

    // Nora handles nothing: an empty first page.
    let none = inbox.list_threads(NORA, &ThreadQuery::default()).unwrap();
    assert!(none.records.is_empty());
    assert_eq!((none.paging.total_pages, none.paging.total_elements, none.paging.page_start), (0, 0, None));
}

/// Wayne's threads for the filter tests: on the queue, the main number, the IVR menu's number,
/// one resolved and one deleted, created an hour apart; plus one on Site 01 he cannot see.
struct Threads {
    inbox: Inbox,
    queue: ThreadId,
    main: ThreadId,
    ivr: ThreadId,
    resolved: ThreadId,
    deleted: ThreadId,
    site_01: ThreadId,
}

fn threads() -> Threads {
    let mut inbox = inbox();
    let new = |inbox: &mut Inbox, h, from, to| {
        let m = texts(inbox, hours(h), from, to, "Hello");
        thread_of(inbox, m)
    };
    let queue = new(&mut inbox, 0, customer(1), FINANCIAL_QUEUE_NUMBER);
    let main = new(&mut inbox, 1, customer(1), MAIN_NUMBER);
    let ivr = new(&mut inbox, 2, customer(2), IVR_MAIN_NUMBER);
    let resolved = new(&mut inbox, 3, customer(3), COMPANY_NUMBER);
    let deleted = new(&mut inbox, 4, customer(4), FINANCIAL_QUEUE_NUMBER);
    let site_01 = new(&mut inbox, 5, customer(5), SITE_01_NUMBER);
    inbox.resolve(WAYNE, hours(6), resolved).unwrap();
    inbox.delete_thread(WAYNE, hours(6), deleted).unwrap();
    Threads { inbox, queue, main, ivr, resolved, deleted, site_01 }
}

#[test]
fn thread_filters_narrow_what_the_caller_sees() {
    let t = threads();
    let list = |q: ThreadQuery| ids(&t.inbox, WAYNE, &q);

    // Alive threads only by default, oldest first; Site 01's is not Wayne's to see.
    assert_eq!(list(ThreadQuery::default()), [t.queue, t.main, t.ivr, t.resolved]);
    assert_eq!(list(ThreadQuery { status: Some(StatusFilter::Open), ..Default::default() }), [t.queue, t.main, t.ivr]);
    assert_eq!(list(ThreadQuery { status: Some(StatusFilter::Resolved), ..Default::default() }), [t.resolved]);

    // Owners: an IVR menu owns the threads on its own numbers (their `owner` is its site); the
    // site owns them all.
    assert_eq!(list(ThreadQuery { owners: vec![IVR_MAIN], ..Default::default() }), [t.ivr]);
    assert_eq!(list(ThreadQuery { owners: vec![MAIN_SITE], ..Default::default() }), [t.main, t.ivr, t.resolved]);
    assert_eq!(list(ThreadQuery { owners: vec![FINANCIAL_QUEUE], ..Default::default() }), [t.queue]);
    assert!(list(ThreadQuery { owners: vec![SITE_01], ..Default::default() }).is_empty());
    assert_eq!(ids(&t.inbox, BETH, &ThreadQuery { owners: vec![SITE_01], ..Default::default() }), [t.site_01]);

    // Numbers.
    assert_eq!(list(ThreadQuery { owner_number: Some(IVR_MAIN_NUMBER), ..Default::default() }), [t.ivr]);
    assert_eq!(list(ThreadQuery { guest_number: Some(customer(1)), ..Default::default() }), [t.queue, t.main]);
    let both = ThreadQuery { owner_number: Some(MAIN_NUMBER), guest_number: Some(customer(1)), ..Default::default() };
    assert_eq!(list(both), [t.main]);

    // Creation time: `from` included, `to` excluded.
    let range = |from, to| ThreadQuery { created: Some(TimeRange::new(from, to).unwrap()), ..Default::default() };
    assert_eq!(list(range(hours(1), hours(3))), [t.main, t.ivr]);
    assert_eq!(list(range(hours(1), hours(1) + Millis(1))), [t.main]);
    assert!(list(range(hours(1), hours(1))).is_empty());
    assert_eq!(TimeRange::new(hours(2), hours(1)).unwrap_err(), DomainError::InvalidTimeRange);
    assert_eq!(DomainError::InvalidTimeRange.parameter(), Some("creationTimeTo"));

    // Availability: deleted threads only when asked for.
    let deleted = ThreadQuery { availability: vec![Availability::Deleted], ..Default::default() };
    assert_eq!(list(deleted), [t.deleted]);
    let any = ThreadQuery { availability: vec![Availability::Alive, Availability::Deleted], ..Default::default() };
    assert_eq!(list(any), [t.queue, t.main, t.ivr, t.resolved, t.deleted]);
    let deleted_open = ThreadQuery {
        availability: vec![Availability::Deleted],
        status: Some(StatusFilter::Open),
        ..Default::default()
    };
    // A deleted thread keeps its status (it was open) but has no assignee.
    assert_eq!(list(deleted_open), [t.deleted]);
    assert_eq!(t.inbox.thread_by_id(t.deleted).unwrap().assignee(), None);
}

#[test]
fn messages_are_listed_oldest_first_with_their_filters() {
    let mut inbox = inbox();
    let first = texts(&mut inbox, hours(0), customer(1), FINANCIAL_QUEUE_NUMBER, "Question");
    let thread = thread_of(&inbox, first);
    inbox.assign(WAYNE, hours(0), thread, Some(BETH)).unwrap();
    let reply =
        inbox.send(BETH, hours(1), OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, customer(1), "Answer")).unwrap().id();
    let other = texts(&mut inbox, hours(2), customer(2), MAIN_NUMBER, "Main line");
    let hidden = texts(&mut inbox, hours(3), customer(3), SITE_01_NUMBER, "Site 01 only");
    let list = |inbox: &Inbox, q: MessageQuery| -> Vec<MessageId> {
        inbox.list_messages(WAYNE, &q).unwrap().records.iter().map(|m| m.id()).collect()
    };

    assert_eq!(list(&inbox, MessageQuery::default()), [first, reply, other]);
    assert_eq!(list(&inbox, MessageQuery { thread_ids: vec![thread], ..Default::default() }), [first, reply]);
    assert_eq!(list(&inbox, MessageQuery { message_ids: vec![other, first], ..Default::default() }), [first, other]);
    assert!(list(&inbox, MessageQuery { owners: vec![IVR_MAIN], ..Default::default() }).is_empty(), "main number");
    assert_eq!(list(&inbox, MessageQuery { owners: vec![MAIN_SITE], ..Default::default() }), [other]);
    // Another resource's messages and threads match nothing, whichever way they are named.
    assert!(list(&inbox, MessageQuery { message_ids: vec![hidden], ..Default::default() }).is_empty());
    let hidden_thread = thread_of(&inbox, hidden);
    assert!(list(&inbox, MessageQuery { thread_ids: vec![hidden_thread], ..Default::default() }).is_empty());
    let range = TimeRange::new(hours(1), hours(2)).unwrap();
    assert_eq!(list(&inbox, MessageQuery { created: Some(range), ..Default::default() }), [reply]);

    inbox.resolve(SAM, hours(4), thread).unwrap();
    let resolved = MessageQuery { status: Some(StatusFilter::Resolved), ..Default::default() };
    assert_eq!(list(&inbox, resolved), [first, reply]);

    inbox.delete_messages(WAYNE, hours(5), &[reply]).unwrap();
    assert_eq!(list(&inbox, MessageQuery::default()), [first, other]);
    let deleted = MessageQuery { availability: vec![Availability::Deleted], ..Default::default() };
    assert_eq!(list(&inbox, deleted), [reply]);

    let page = MessageQuery { page: Page::new(2, 1).unwrap(), ..Default::default() };
    let paged = inbox.list_messages(WAYNE, &page).unwrap();
    assert_eq!(paged.records.iter().map(|m| m.id()).collect::<Vec<_>>(), [other]);
    assert_eq!((paged.paging.total_pages, paged.paging.total_elements), (2, 2));
    let by_ivr = texts(&mut inbox, hours(6), customer(4), IVR_MAIN_NUMBER, "Pressed 1");
    assert_eq!(list(&inbox, MessageQuery { owners: vec![IVR_MAIN], ..Default::default() }), [by_ivr]);
}

#[test]
fn notes_are_for_handlers_of_open_threads_and_only_their_author_changes_them() {
    let mut inbox = inbox();
    let m = texts(&mut inbox, T0, customer(1), FINANCIAL_QUEUE_NUMBER, "Hi");
    let thread = thread_of(&inbox, m);

    // Any handler may add a note to an open thread; others may not.
    let beths = inbox.add_note(BETH, T0, thread, "Customer prefers mornings").unwrap().id();
    let sams = inbox.add_note(SAM, T0 + Millis(1), thread, "Account 4411").unwrap().id();
    assert_eq!(
        inbox.add_note(NORA, T0, thread, "Not mine").unwrap_err(),
        DomainError::NotAHandler { extension_id: NORA, resource: FINANCIAL_QUEUE }
    );
    assert_eq!(inbox.add_note(BETH, T0, thread, "   ").unwrap_err(), DomainError::EmptyText);

    // Only the author edits or deletes.
    let edited = inbox.edit_note(BETH, T0 + Millis(2), beths, "Customer prefers afternoons").unwrap();
    assert_eq!((edited.text(), edited.last_modified()), ("Customer prefers afternoons", T0 + Millis(2)));
    let not_author = DomainError::NotNoteAuthor { extension_id: FEDERICK, note: beths };
    assert_eq!(inbox.edit_note(FEDERICK, T0, beths, "Mine now").unwrap_err(), not_author);
    assert_eq!(inbox.delete_notes(FEDERICK, T0, &[beths]).unwrap_err(), not_author);
    // All or nothing: one note that is not Sam's refuses the whole deletion.
    assert!(inbox.delete_notes(SAM, T0, &[sams, beths]).is_err());
    assert_eq!(inbox.note_by_id(sams).unwrap().availability(), Availability::Alive);

    inbox.delete_notes(SAM, T0 + Millis(3), &[sams]).unwrap();
    assert_eq!(inbox.edit_note(SAM, T0, sams, "Back").unwrap_err(), DomainError::NoteNotFound(sams));

    let list = |inbox: &Inbox, q: NoteQuery| -> Vec<_> {
        inbox.list_notes(WAYNE, &q).unwrap().records.iter().map(|n| n.id()).collect()
    };
    assert_eq!(list(&inbox, NoteQuery::default()), [beths]);
    assert_eq!(list(&inbox, NoteQuery { availability: vec![Availability::Deleted], ..Default::default() }), [sams]);
    assert_eq!(list(&inbox, NoteQuery { thread_ids: vec![thread], ..Default::default() }), [beths]);
    assert!(
        inbox
            .list_notes(NORA, &NoteQuery { thread_ids: vec![thread], ..Default::default() })
            .unwrap()
            .records
            .is_empty()
    );

    // Once the thread is resolved, its notes are frozen, even for their author.
    inbox.resolve(WAYNE, T0 + Millis(4), thread).unwrap();
    let closed = DomainError::ThreadNotOpen(thread);
    assert_eq!(inbox.add_note(BETH, T0, thread, "Late").unwrap_err(), closed);
    assert_eq!(inbox.edit_note(BETH, T0, beths, "Late edit").unwrap_err(), closed);
    assert_eq!(inbox.delete_notes(BETH, T0, &[beths]).unwrap_err(), closed);
    assert_eq!(inbox.note_by_id(beths).unwrap().text(), "Customer prefers afternoons");
}

#[test]
fn an_entries_sync_lists_the_newest_change_first_whatever_its_kind() {
    use rcthreads_domain::{Entry, EntryScope};
    let mut inbox = inbox();
    let text = texts(&mut inbox, T0, customer(1), FINANCIAL_QUEUE_NUMBER, "Hello?");
    let thread = thread_of(&inbox, text);
    // A note an hour after the text: the note is the newest entry, the thread's creation the oldest.
    let note = inbox.add_note(BETH, hours(1), thread, "Called back").unwrap().id();
    let sync = inbox.fsync_entries(BETH, &EntryScope::Accessible).unwrap();
    let kinds: Vec<&str> = sync
        .entries
        .iter()
        .map(|e| match e {
            Entry::Message(m) => {
                assert_eq!(m.id(), text);
                "message"
            }
            Entry::Note(n) => {
                assert_eq!(n.id(), note);
                "note"
            }
            Entry::Hint(_) => "hint",
        })
        .collect();
    assert_eq!(kinds.first(), Some(&"note"), "{kinds:?}");
    let times: Vec<Timestamp> = sync.entries.iter().map(Entry::last_modified).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first: {times:?}");
    assert_eq!((times[0], times[times.len() - 1]), (hours(1), T0));
}

/// An entry as kind and id, for comparing orders.
fn entry_key(e: &rcthreads_domain::Entry<'_>) -> (&'static str, u64) {
    use rcthreads_domain::Entry;
    match e {
        Entry::Message(m) => ("message", m.id().get()),
        Entry::Note(n) => ("note", n.id().get()),
        Entry::Hint(h) => ("hint", h.id),
    }
}

#[test]
fn an_entries_isync_is_newest_first_and_ties_list_messages_then_notes_then_hints() {
    use rcthreads_domain::{Entry, EntryScope, HintKind};
    let mut inbox = inbox();
    let first = texts(&mut inbox, T0, customer(1), FINANCIAL_QUEUE_NUMBER, "Hello?");
    let thread = thread_of(&inbox, first);
    let token = inbox.fsync_entries(BETH, &EntryScope::Accessible).unwrap().token.encode();

    // At one instant, in this order: an assignment (a hint), a note, the customer's second
    // text; then an hour later a second note.
    let at = hours(1);
    inbox.assign(WAYNE, at, thread, Some(BETH)).unwrap();
    let note = inbox.add_note(BETH, at, thread, "Calling back").unwrap().id();
    let second = texts(&mut inbox, at, customer(1), FINANCIAL_QUEUE_NUMBER, "Still there?");
    let later = inbox.add_note(BETH, hours(2), thread, "Done").unwrap().id();
    assert_eq!(thread_of(&inbox, second), thread);

    let sync = inbox.isync_entries(BETH, &token).unwrap();
    let assigned = match sync.entries.last() {
        Some(Entry::Hint(h)) => {
            assert!(matches!(h.kind, HintKind::Assigned(_)), "{h:?}");
            h.id
        }
        other => panic!("the assignment is the last entry: {other:?}"),
    };
    let order: Vec<_> = sync.entries.iter().map(entry_key).collect();
    assert_eq!(
        order,
        [("note", later.get()), ("message", second.get()), ("note", note.get()), ("hint", assigned),],
        "newest first; at one instant messages, then notes, then hints, whatever order they came in"
    );
}

#[test]
fn an_explicit_entries_fsync_lists_a_thread_named_twice_once() {
    use rcthreads_domain::EntryScope;
    let mut inbox = inbox();
    let text = texts(&mut inbox, T0, customer(1), FINANCIAL_QUEUE_NUMBER, "Hello?");
    let thread = thread_of(&inbox, text);
    inbox.add_note(BETH, hours(1), thread, "Called back").unwrap();
    let once = inbox.fsync_entries(BETH, &EntryScope::Explicit(vec![thread])).unwrap();
    let once: Vec<_> = once.entries.iter().map(entry_key).collect();
    assert_eq!(once.len(), 3, "the text, the note and the creation hint: {once:?}");
    let twice = inbox.fsync_entries(BETH, &EntryScope::Explicit(vec![thread, thread])).unwrap();
    assert_eq!(twice.entries.iter().map(entry_key).collect::<Vec<_>>(), once);
}
