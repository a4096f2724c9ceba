//! `convert` both ways: a domain value written to the wire and read back is the same value
//! (`domain -> wire -> domain`), and a query a client sends reads back as the same parameters
//! (`wire -> domain -> wire`). Values are built with the domain's public constructors.
//!
//! What the wire does not carry, and so does not come back:
//! - attachment bytes (the wire lists attachments by `contentUri`): they come back empty;
//! - an empty thread label or message text: the wire leaves the field out, it comes back absent
//!   (label) or empty (text);
//! - of a deleted message or note in the entries feed, everything but id, thread and time;
//! - whether a `ThreadResolvedHint` came from expiry;
//! - the scope of an entries ISync (the token knows it), and an `Explicit` scope without threads
//!   (the wire refuses it with CMN-100);
//! - a time range on the notes list (the endpoint has none; writing one is refused).

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use rcthreads_domain::{self as d, sample};
use rcthreads_wire::convert;
use rcthreads_wire::entry::SyncEntriesScope;
use rcthreads_wire::message::MessageAttachmentResponseEntry;
use rcthreads_wire::query::{
    MAX_PER_PAGE, MthListMessagesParameters, MthListNotesParameters, MthListThreadsParameters,
    MthSyncEntriesParameters, MthSyncThreadsParameters,
};
use rcthreads_wire::sync::SyncType;
use rcthreads_wire::thread::{Availability, ThreadStatus};

// Strategies: domain values.

fn ext() -> impl Strategy<Value = d::ExtensionId> {
    any::<u64>().prop_map(d::ExtensionId::new)
}

fn thread_id() -> impl Strategy<Value = d::ThreadId> {
    any::<u128>().prop_map(d::ThreadId::from_u128)
}

fn phone() -> impl Strategy<Value = d::PhoneNumber> {
    "\\+[1-9][0-9]{6,14}".prop_map(|s| s.parse().unwrap())
}

/// Whole milliseconds from 1970 to 2100, the precision of the wire's times.
fn time() -> impl Strategy<Value = d::Timestamp> {
    (0i64..4_102_444_800_000).prop_map(d::Timestamp::from_millis)
}

/// A creation time and a last change at or after it.
fn times() -> impl Strategy<Value = (d::Timestamp, d::Timestamp)> {
    (time(), 0i64..1_000_000_000).prop_map(|(t, later)| (t, d::Timestamp::from_millis(t.as_millis() + later)))
}

fn availability() -> impl Strategy<Value = d::Availability> {
    prop_oneof![Just(d::Availability::Alive), Just(d::Availability::Deleted)]
}

fn state() -> impl Strategy<Value = d::ThreadState> {
    prop_oneof![
        Just(d::ThreadState::Open),
        ext().prop_map(d::ThreadState::Assigned),
        Just(d::ThreadState::Resolved),
        Just(d::ThreadState::Expired),
    ]
}

fn text() -> impl Strategy<Value = String> {
    ".{0,24}"
}

fn thread_parts() -> impl Strategy<Value = d::ThreadParts> {
    (thread_id(), ext(), phone(), phone(), state(), availability(), proptest::option::of(".{1,24}"), times()).prop_map(
        |(id, owner, owner_number, guest_number, state, availability, label, (created, last_modified))| {
            d::ThreadParts { id, owner, owner_number, guest_number, state, availability, label, created, last_modified }
        },
    )
}

/// Threads the domain can hold (a deleted thread has no assignee).
fn thread() -> impl Strategy<Value = d::Thread> {
    thread_parts().prop_filter_map("impossible thread", |p| d::Thread::from_parts(p).ok())
}

fn attachment() -> impl Strategy<Value = d::Attachment> {
    (any::<u64>(), "[a-z]{1,8}/[a-z0-9.+-]{1,12}", proptest::option::of("[A-Za-z0-9_.-]{1,16}"), any::<Vec<u8>>())
        .prop_map(|(id, content_type, file_name, data)| d::Attachment {
            id,
            content_type,
            file_name,
            data: data.into(),
        })
}

fn status() -> impl Strategy<Value = d::MessageStatus> {
    prop_oneof![
        Just(d::MessageStatus::Queued),
        Just(d::MessageStatus::Sent),
        Just(d::MessageStatus::Delivered),
        Just(d::MessageStatus::DeliveryFailed),
        Just(d::MessageStatus::SendingFailed),
        Just(d::MessageStatus::Received),
    ]
}

fn message_parts(availability: impl Strategy<Value = d::Availability>) -> impl Strategy<Value = d::MessageParts> {
    let direction = prop_oneof![Just(d::Direction::Inbound), Just(d::Direction::Outbound)];
    let delivery_error = proptest::option::of(Just(d::DeliveryError::RecipientOptedOut));
    (
        (any::<u64>().prop_map(d::MessageId::new), thread_id(), direction, status(), availability, delivery_error),
        (text(), proptest::option::of(ext()), times(), proptest::collection::vec(attachment(), 0..3)),
    )
        .prop_map(
            |(
                (id, thread, direction, status, availability, delivery_error),
                (text, author, (created, last_modified), attachments),
            )| d::MessageParts {
                id,
                thread,
                direction,
                status,
                availability,
                delivery_error,
                text,
                author,
                created,
                last_modified,
                attachments,
            },
        )
        .prop_filter("impossible message", |p| d::Message::from_parts(p.clone()).is_ok())
}

/// The message as it reads back: the same, without attachment bytes.
fn without_bytes(mut p: d::MessageParts) -> d::Message {
    for a in &mut p.attachments {
        a.data = Vec::new().into();
    }
    d::Message::from_parts(p).unwrap()
}

fn note_parts(availability: impl Strategy<Value = d::Availability>) -> impl Strategy<Value = d::NoteParts> {
    (any::<u64>().prop_map(d::NoteId::new), thread_id(), ext(), text(), availability, times()).prop_map(
        |(id, thread, author, text, availability, (created, last_modified))| d::NoteParts {
            id,
            thread,
            author,
            text,
            availability,
            created,
            last_modified,
        },
    )
}

fn hint_kind() -> impl Strategy<Value = d::HintKind> {
    let assignment = (proptest::option::of(ext()), proptest::option::of(ext()), proptest::option::of(ext()))
        .prop_map(|(assignee, previous, initiator)| d::Assignment { assignee, previous, initiator });
    // Every kind comes back as it was: an expiry is a resolve without initiator.
    let initiator = || proptest::option::of(ext());
    prop_oneof![
        initiator().prop_map(|initiator| d::HintKind::Created { initiator }),
        assignment.prop_map(d::HintKind::Assigned),
        initiator().prop_map(|initiator| d::HintKind::Resolved { initiator }),
        initiator().prop_map(|initiator| d::HintKind::Deleted { initiator }),
    ]
}

fn hint(kind: impl Strategy<Value = d::HintKind>) -> impl Strategy<Value = d::Hint> {
    (any::<u64>(), thread_id(), time(), kind).prop_map(|(id, thread, time, kind)| d::Hint { id, thread, time, kind })
}

fn status_filter() -> impl Strategy<Value = Option<d::StatusFilter>> {
    proptest::option::of(prop_oneof![Just(d::StatusFilter::Open), Just(d::StatusFilter::Resolved)])
}

fn time_range() -> impl Strategy<Value = Option<d::TimeRange>> {
    proptest::option::of(times().prop_map(|(from, to)| d::TimeRange::new(from, to).unwrap()))
}

fn page() -> impl Strategy<Value = d::Page> {
    (1u32..=u32::MAX, 1..=MAX_PER_PAGE).prop_map(|(page, per_page)| d::Page::new(page, per_page).unwrap())
}

fn list<T: std::fmt::Debug>(s: impl Strategy<Value = T>) -> impl Strategy<Value = Vec<T>> {
    proptest::collection::vec(s, 0..4)
}

fn thread_query() -> impl Strategy<Value = d::ThreadQuery> {
    (
        status_filter(),
        list(ext()),
        time_range(),
        proptest::option::of(phone()),
        proptest::option::of(phone()),
        list(availability()),
        page(),
    )
        .prop_map(|(status, owners, created, owner_number, guest_number, availability, page)| d::ThreadQuery {
            status,
            owners,
            created,
            owner_number,
            guest_number,
            availability,
            page,
        })
}

fn message_query() -> impl Strategy<Value = d::MessageQuery> {
    (
        list(thread_id()),
        list(any::<u64>().prop_map(d::MessageId::new)),
        status_filter(),
        list(ext()),
        list(availability()),
        time_range(),
        page(),
    )
        .prop_map(|(thread_ids, message_ids, status, owners, availability, created, page)| d::MessageQuery {
            thread_ids,
            message_ids,
            status,
            owners,
            availability,
            created,
            page,
        })
}

fn note_query() -> impl Strategy<Value = d::NoteQuery> {
    (list(thread_id()), list(any::<u64>().prop_map(d::NoteId::new)), list(ext()), list(availability()), page())
        .prop_map(|(thread_ids, note_ids, owners, availability, page)| d::NoteQuery {
            thread_ids,
            note_ids,
            owners,
            availability,
            created: None,
            page,
        })
}

/// Every scope the wire carries (an `Explicit` one names at least one thread).
fn scope() -> impl Strategy<Value = d::EntryScope> {
    prop_oneof![
        Just(d::EntryScope::Accessible),
        Just(d::EntryScope::Unassigned),
        Just(d::EntryScope::AssignedToMe),
        Just(d::EntryScope::AssignedToMeAndUnassigned),
        proptest::collection::vec(thread_id(), 1..4).prop_map(d::EntryScope::Explicit),
    ]
}

fn token() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{1,40}"
}

// Strategies: wire parameters as a client writes them (canonical ids, numbers and times).

fn wire_range() -> impl Strategy<Value = (Option<DateTime<Utc>>, Option<DateTime<Utc>>)> {
    time_range().prop_map(|r| r.map_or((None, None), |r| (Some(r.start().to_datetime()), Some(r.end().to_datetime()))))
}

fn strings<T: ToString + std::fmt::Debug>(s: impl Strategy<Value = T>) -> impl Strategy<Value = Vec<String>> {
    list(s).prop_map(|v| convert::id_strings(&v))
}

fn wire_status() -> impl Strategy<Value = Option<ThreadStatus>> {
    proptest::option::of(prop_oneof![Just(ThreadStatus::Open), Just(ThreadStatus::Resolved)])
}

fn wire_availability() -> impl Strategy<Value = Vec<Availability>> {
    list(prop_oneof![Just(Availability::Alive), Just(Availability::Deleted)])
}

fn wire_phone() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(phone().prop_map(|p| p.to_string()))
}

fn wire_page() -> impl Strategy<Value = (Option<u32>, Option<u32>)> {
    (1u32..=u32::MAX, 1..=MAX_PER_PAGE).prop_map(|(page, per_page)| (Some(page), Some(per_page)))
}

fn wire_thread_query() -> impl Strategy<Value = MthListThreadsParameters> {
    (wire_status(), strings(ext()), wire_range(), wire_phone(), wire_phone(), wire_availability(), wire_page())
        .prop_map(
            |(
                thread_status,
                owner_extension_ids,
                (creation_time_from, creation_time_to),
                owner,
                guest,
                availability,
                p,
            )| {
                MthListThreadsParameters {
                    thread_status,
                    owner_extension_ids,
                    creation_time_from,
                    creation_time_to,
                    owner_phone_number: owner,
                    guest_phone_number: guest,
                    availability,
                    page: p.0,
                    per_page: p.1,
                }
            },
        )
}

fn wire_message_query() -> impl Strategy<Value = MthListMessagesParameters> {
    (
        wire_status(),
        strings(ext()),
        wire_availability(),
        strings(any::<u64>()),
        strings(thread_id()),
        wire_range(),
        wire_page(),
    )
        .prop_map(|(thread_status, owner_extension_ids, availability, message_ids, thread_ids, (from, to), p)| {
            MthListMessagesParameters {
                thread_status,
                owner_extension_ids,
                availability,
                message_ids,
                thread_ids,
                creation_time_from: from,
                creation_time_to: to,
                page: p.0,
                per_page: p.1,
            }
        })
}

fn wire_note_query() -> impl Strategy<Value = MthListNotesParameters> {
    (strings(ext()), wire_availability(), strings(thread_id()), strings(any::<u64>()), wire_page()).prop_map(
        |(owner_extension_ids, availability, thread_ids, note_ids, p)| MthListNotesParameters {
            owner_extension_ids,
            availability,
            thread_ids,
            note_ids,
            page: p.0,
            per_page: p.1,
        },
    )
}

fn wire_entries_sync() -> impl Strategy<Value = MthSyncEntriesParameters> {
    let fsync = (
        prop_oneof![
            Just(SyncEntriesScope::Accessible),
            Just(SyncEntriesScope::Unassigned),
            Just(SyncEntriesScope::AssignedToMe),
            Just(SyncEntriesScope::AssignedToMeAndUnassigned),
        ],
        proptest::collection::vec(thread_id(), 1..4).prop_map(|t| convert::id_strings(&t)),
        any::<bool>(),
    )
        .prop_map(|(scope, threads, explicit)| {
            let (scope, thread_ids) =
                if explicit { (SyncEntriesScope::Explicit, threads) } else { (scope, Vec::new()) };
            MthSyncEntriesParameters {
                scope: Some(scope),
                thread_ids,
                sync_type: Some(SyncType::FSync),
                sync_token: None,
            }
        });
    let isync = token().prop_map(|t| MthSyncEntriesParameters {
        sync_type: Some(SyncType::ISync),
        sync_token: Some(t),
        ..Default::default()
    });
    prop_oneof![fsync, isync]
}

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

proptest! {
    #[test]
    fn threads_come_back_as_they_were(t in thread()) {
        let back = convert::thread(&convert::thread_record(&t, &sample::directory())).map_err(fail)?;
        prop_assert_eq!(back, t);
    }

    #[test]
    fn messages_come_back_without_their_attachment_bytes(p in message_parts(availability())) {
        let m = d::Message::from_parts(p.clone()).unwrap();
        let back = convert::message(&convert::message_record(&m, &sample::directory(), &links())).map_err(fail)?;
        prop_assert_eq!(back, without_bytes(p));
    }

    #[test]
    fn notes_come_back_as_they_were(p in note_parts(availability())) {
        let n = d::Note::from_parts(p);
        let back = convert::note(&convert::note_record(&n, &sample::directory())).map_err(fail)?;
        prop_assert_eq!(back, n);
    }

    #[test]
    fn alive_entries_come_back_as_they_were(
        m in message_parts(Just(d::Availability::Alive)),
        n in note_parts(Just(d::Availability::Alive)),
        h in hint(hint_kind()),
    ) {
        let dir = sample::directory();
        let message = d::Message::from_parts(m.clone()).unwrap();
        let note = d::Note::from_parts(n);
        let cases = [
            (d::Entry::Message(&message), d::OwnedEntry::Message(without_bytes(m))),
            (d::Entry::Note(&note), d::OwnedEntry::Note(note.clone())),
            (d::Entry::Hint(h), d::OwnedEntry::Hint(h)),
        ];
        for (entry, expected) in cases {
            let back = convert::entry(&convert::entry_record(&entry, &dir, &links())).map_err(fail)?;
            prop_assert_eq!(back, Some(expected));
        }
    }

    #[test]
    fn deleted_entries_keep_id_thread_and_time(
        m in message_parts(Just(d::Availability::Deleted)),
        n in note_parts(Just(d::Availability::Deleted)),
    ) {
        let dir = sample::directory();
        let message = d::Message::from_parts(m.clone()).unwrap();
        let back = convert::entry(&convert::entry_record(&d::Entry::Message(&message), &dir, &links())).map_err(fail)?;
        let expected = d::Message::from_parts(d::MessageParts {
            id: m.id,
            thread: m.thread,
            availability: d::Availability::Deleted,
            last_modified: m.last_modified,
            // Not on the wire: what a deleted message reads as.
            direction: d::Direction::Inbound,
            status: d::MessageStatus::Received,
            delivery_error: None,
            text: String::new(),
            author: None,
            created: m.last_modified,
            attachments: Vec::new(),
        })
        .unwrap();
        prop_assert_eq!(back, Some(d::OwnedEntry::Message(expected)));

        let note = d::Note::from_parts(n.clone());
        let back = convert::entry(&convert::entry_record(&d::Entry::Note(&note), &dir, &links())).map_err(fail)?;
        let expected = d::Note::from_parts(d::NoteParts {
            id: n.id,
            thread: n.thread,
            availability: d::Availability::Deleted,
            last_modified: n.last_modified,
            // Not on the wire: what a deleted note reads as.
            author: d::ExtensionId::new(0),
            text: String::new(),
            created: n.last_modified,
        });
        prop_assert_eq!(back, Some(d::OwnedEntry::Note(expected)));
    }

    #[test]
    fn paging_comes_back_as_it_was(page in page(), total in 0usize..5000) {
        let paging = page.apply(vec![(); total]).paging;
        prop_assert_eq!(convert::paging_of(&convert::paging(&paging), page), paging);
    }

    #[test]
    fn thread_queries_come_back_as_they_were(q in thread_query()) {
        let back = convert::thread_query(&convert::thread_parameters(&q)).map_err(fail)?;
        prop_assert_eq!(back, q);
    }

    #[test]
    fn message_queries_come_back_as_they_were(q in message_query()) {
        let back = convert::message_query(&convert::message_parameters(&q)).map_err(fail)?;
        prop_assert_eq!(back, q);
    }

    #[test]
    fn note_queries_come_back_as_they_were(q in note_query()) {
        let back = convert::note_query(&convert::note_parameters(&q).map_err(fail)?).map_err(fail)?;
        prop_assert_eq!(back, q);
    }

    #[test]
    fn a_note_query_with_a_time_range_has_no_wire_form(q in note_query(), range in time_range()) {
        let q = d::NoteQuery { created: range, ..q };
        prop_assert_eq!(convert::note_parameters(&q).is_err(), range.is_some());
    }

    #[test]
    fn sync_requests_come_back_as_they_were(scope in scope(), token in proptest::option::of(token())) {
        let threads = convert::thread_sync_parameters(token.clone());
        prop_assert_eq!(convert::thread_sync_token(&threads), token.as_deref());

        let entries = convert::entry_sync_parameters(scope.clone(), token.clone());
        prop_assert_eq!(convert::entry_sync_token(&entries), token.as_deref());
        if token.is_none() {
            prop_assert_eq!(convert::entry_scope(&entries).map_err(fail)?, scope);
        }
    }

    #[test]
    fn wire_thread_queries_come_back_as_they_were(p in wire_thread_query()) {
        prop_assert_eq!(convert::thread_parameters(&convert::thread_query(&p).map_err(fail)?), p);
    }

    #[test]
    fn wire_message_queries_come_back_as_they_were(p in wire_message_query()) {
        prop_assert_eq!(convert::message_parameters(&convert::message_query(&p).map_err(fail)?), p);
    }

    #[test]
    fn wire_note_queries_come_back_as_they_were(p in wire_note_query()) {
        let back = convert::note_parameters(&convert::note_query(&p).map_err(fail)?).map_err(fail)?;
        prop_assert_eq!(back, p);
    }

    #[test]
    fn wire_sync_requests_come_back_as_they_were(p in wire_entries_sync(), t in proptest::option::of(token())) {
        let threads = MthSyncThreadsParameters {
            sync_type: Some(if t.is_some() { SyncType::ISync } else { SyncType::FSync }),
            sync_token: t,
        };
        let token = convert::thread_sync_token(&threads).map(str::to_owned);
        prop_assert_eq!(convert::thread_sync_parameters(token), threads);

        let scope = convert::entry_scope(&p).map_err(fail)?;
        let token = convert::entry_sync_token(&p).map(str::to_owned);
        prop_assert_eq!(convert::entry_sync_parameters(scope, token), p);
    }
}

#[test]
fn what_the_wire_leaves_out_comes_back_empty() {
    let dir = sample::directory();
    let parts = d::ThreadParts {
        id: d::ThreadId::from_u128(1),
        owner: sample::FINANCIAL_QUEUE,
        owner_number: sample::FINANCIAL_QUEUE_NUMBER,
        guest_number: "+16502240001".parse().unwrap(),
        state: d::ThreadState::Open,
        availability: d::Availability::Alive,
        label: Some(String::new()),
        created: d::Timestamp::from_millis(0),
        last_modified: d::Timestamp::from_millis(0),
    };
    let t = d::Thread::from_parts(parts).unwrap();
    assert_eq!(convert::thread(&convert::thread_record(&t, &dir)).unwrap().label(), None);

    let explicit = convert::entry_sync_parameters(d::EntryScope::Explicit(Vec::new()), None);
    assert_eq!(convert::entry_scope(&explicit).unwrap_err().code(), Some("CMN-100"));
}

#[test]
fn records_the_domain_cannot_hold_are_refused_with_the_field() {
    let dir = sample::directory();
    let t = d::Thread::from_parts(d::ThreadParts {
        id: d::ThreadId::from_u128(1),
        owner: sample::FINANCIAL_QUEUE,
        owner_number: sample::FINANCIAL_QUEUE_NUMBER,
        guest_number: "+16502240001".parse().unwrap(),
        state: d::ThreadState::Open,
        availability: d::Availability::Alive,
        label: None,
        created: d::Timestamp::from_millis(0),
        last_modified: d::Timestamp::from_millis(0),
    })
    .unwrap();
    let record = convert::thread_record(&t, &dir);

    let mut other = record.clone();
    other.availability = Availability::Other("Archived".into());
    let e = convert::thread(&other).unwrap_err();
    assert_eq!(e, convert::RecordError::Invalid { what: "availability", value: "Archived".into() });

    let mut no_owner = record.clone();
    no_owner.owner.extension_id = None;
    assert_eq!(convert::thread(&no_owner).unwrap_err(), convert::RecordError::Missing { what: "owner.extensionId" });

    let mut backwards = record;
    backwards.last_modified_time = backwards.creation_time - chrono::Duration::milliseconds(1);
    assert!(matches!(convert::thread(&backwards).unwrap_err(), convert::RecordError::Impossible(_)));

    let m = d::Message::from_parts(d::MessageParts {
        id: d::MessageId::new(1),
        thread: d::ThreadId::from_u128(1),
        direction: d::Direction::Outbound,
        status: d::MessageStatus::Sent,
        availability: d::Availability::Alive,
        delivery_error: None,
        text: "Hi".into(),
        author: Some(sample::WAYNE),
        created: d::Timestamp::from_millis(0),
        last_modified: d::Timestamp::from_millis(0),
        attachments: Vec::new(),
    })
    .unwrap();
    let mut inbound_sent = convert::message_record(&m, &dir, &links());
    inbound_sent.direction = rcthreads_wire::message::Direction::Inbound;
    let impossible = convert::message(&inbound_sent).unwrap_err();
    assert!(matches!(impossible, convert::RecordError::Impossible(_)));
    // The domain's own reason is the error's source, for a caller that walks the chain.
    let source = std::error::Error::source(&impossible).expect("the domain's reason");
    assert_eq!(source.to_string(), impossible.to_string());
    assert!(std::error::Error::source(&convert::RecordError::Missing { what: "author" }).is_none());

    // Without a status, a message is what its direction starts as.
    let mut no_status = convert::message_record(&m, &dir, &links());
    no_status.message_status = None;
    assert_eq!(convert::message(&no_status).unwrap().status(), d::MessageStatus::Queued);
    no_status.direction = rcthreads_wire::message::Direction::Inbound;
    no_status.author = None;
    assert_eq!(convert::message(&no_status).unwrap().status(), d::MessageStatus::Received);

    let mut bad_attachment = convert::message_record(&m, &dir, &links());
    bad_attachment.attachments = Some(vec![MessageAttachmentResponseEntry {
        id: "x1".into(),
        content_type: "image/png".into(),
        filename: None,
        content_uri: convert::content_uri(&links(), m.id(), 1),
        size: 0,
    }]);
    assert_eq!(
        convert::message(&bad_attachment).unwrap_err(),
        convert::RecordError::Invalid { what: "attachment id", value: "x1".into() }
    );
}

/// The links of the sample account on a local server.
fn links() -> rcthreads_wire::link::Links {
    rcthreads_wire::link::Links::new("http://127.0.0.1:8080".parse().unwrap(), rcthreads_domain::sample::ACCOUNT)
}
