//! Small parts of the domain a caller relies on besides the rules: records rebuilt from another
//! source, accessors, what an inbox's debug output shows, how pending notifications are dropped,
//! how ids and attachments are numbered.

use rcthreads_domain::sample::{self, FINANCIAL_QUEUE, FINANCIAL_QUEUE_NUMBER, WAYNE};
use rcthreads_domain::{
    Availability, Direction, ImpossibleRecord, InboundMessage, Inbox, Message, MessageId, MessageParts, MessageStatus,
    Millis, NewAttachment, OutboundMessage, PhoneNumber, SequentialIds, Thread, ThreadId, ThreadParts, ThreadState,
    Timestamp,
};

const T0: Timestamp = Timestamp::from_millis(1_773_349_593_706);

fn inbox() -> Inbox {
    Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default())
}

fn customer(n: u64) -> PhoneNumber {
    PhoneNumber::from_digits_unchecked(16_503_000_000 + n)
}

fn text_from(n: u64) -> InboundMessage {
    InboundMessage { from: customer(n), to: FINANCIAL_QUEUE_NUMBER, text: "Hi".into() }
}

#[test]
fn an_inbox_debugs_as_its_account_and_sizes() {
    let mut inbox = inbox();
    inbox.receive(T0, text_from(1)).unwrap();
    inbox.receive(T0, text_from(2)).unwrap();
    inbox.receive(T0, text_from(2)).unwrap();
    let shown = format!("{inbox:?}");
    assert!(shown.starts_with("Inbox {"), "{shown}");
    for field in ["account", "clock", "threads: 2", "messages: 3", "journal"] {
        assert!(shown.contains(field), "{field} in {shown}");
    }
}

#[test]
fn cleared_notifications_are_never_taken() {
    let mut inbox = inbox();
    inbox.receive(T0, text_from(1)).unwrap();
    inbox.clear_notifications();
    assert!(inbox.take_notifications().is_empty());
    // Later ones are still delivered.
    inbox.receive(T0, text_from(1)).unwrap();
    assert!(!inbox.take_notifications().is_empty());
}

#[test]
fn a_page_and_a_time_range_give_back_what_they_were_made_with() {
    use rcthreads_domain::{MAX_PER_PAGE, Page, TimeRange};
    let page = Page::new(3, 25).unwrap();
    assert_eq!((page.page(), page.per_page()), (3, 25));
    assert_eq!(Page::new(2, MAX_PER_PAGE + 5).unwrap().per_page(), MAX_PER_PAGE);
    assert_eq!(Page::default().page(), 1);
    let end = T0 + Millis::hours(1);
    let range = TimeRange::new(T0, end).unwrap();
    assert_eq!((range.start(), range.end()), (T0, end));
}

#[test]
fn an_id_one_past_the_last_message_finds_nothing() {
    let mut inbox = inbox();
    let first = inbox.receive(T0, text_from(1)).unwrap().id();
    let last = inbox.receive(T0, text_from(1)).unwrap().id();
    assert_eq!(last.get(), first.get() + 1, "ids are handed out in order");
    assert!(inbox.message_by_id(last).is_some());
    assert!(inbox.message_by_id(MessageId::new(last.get() + 1)).is_none());
    assert!(inbox.message_by_id(MessageId::new(first.get() - 1)).is_none());
}

#[test]
fn a_note_keeps_its_creation_time_through_edits() {
    let mut inbox = inbox();
    let thread = inbox.receive(T0, text_from(1)).unwrap().thread_id();
    let id = inbox.add_note(WAYNE, T0 + Millis(5), thread, "Called").unwrap().id();
    let edited = inbox.edit_note(WAYNE, T0 + Millis::hours(1), id, "Called twice").unwrap();
    assert_eq!((edited.created(), edited.last_modified()), (T0 + Millis(5), T0 + Millis::hours(1)));
}

#[test]
fn attachments_are_numbered_from_one_in_the_order_given() {
    let mut inbox = inbox();
    let picture = |name: &str| NewAttachment {
        content_type: "image/png".into(),
        file_name: Some(name.into()),
        data: vec![0x89, b'P', b'N', b'G'],
    };
    let mms = OutboundMessage {
        attachments: vec![picture("a.png"), picture("b.png")],
        ..OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, customer(1), "Two pictures")
    };
    let sent = inbox.send(WAYNE, T0, mms).unwrap();
    let numbered: Vec<(u64, Option<&str>)> =
        sent.attachments().iter().map(|a| (a.id, a.file_name.as_deref())).collect();
    assert_eq!(numbered, [(1, Some("a.png")), (2, Some("b.png"))]);
}

#[test]
fn a_phone_number_has_seven_to_fifteen_digits() {
    assert_eq!("+1234567".parse::<PhoneNumber>().unwrap().to_string(), "+1234567");
    assert!("+123456".parse::<PhoneNumber>().is_err());
    assert_eq!("+123456789012345".parse::<PhoneNumber>().unwrap().to_string(), "+123456789012345");
    assert!("+1234567890123456".parse::<PhoneNumber>().is_err());
}

fn thread_parts() -> ThreadParts {
    ThreadParts {
        id: ThreadId::from_u128(0x4000_8000_0000_0000_0001),
        owner: FINANCIAL_QUEUE,
        owner_number: FINANCIAL_QUEUE_NUMBER,
        guest_number: customer(1),
        state: ThreadState::Assigned(WAYNE),
        availability: Availability::Alive,
        label: None,
        created: T0,
        last_modified: T0,
    }
}

#[test]
fn a_thread_is_rebuilt_only_in_a_state_it_can_be_in() {
    let rebuilt = |p: ThreadParts| Thread::from_parts(p).map(|t| (t.state(), t.availability()));
    // Assigned and alive; deleted without an assignee; modified when it was created.
    assert_eq!(rebuilt(thread_parts()), Ok((ThreadState::Assigned(WAYNE), Availability::Alive)));
    let deleted = ThreadParts { state: ThreadState::Open, availability: Availability::Deleted, ..thread_parts() };
    assert_eq!(rebuilt(deleted), Ok((ThreadState::Open, Availability::Deleted)));
    let later = ThreadParts { last_modified: T0 + Millis(1), ..thread_parts() };
    assert_eq!(Thread::from_parts(later).unwrap().last_modified(), T0 + Millis(1));

    let deleted_assigned = ThreadParts { availability: Availability::Deleted, ..thread_parts() };
    assert_eq!(rebuilt(deleted_assigned), Err(ImpossibleRecord("a deleted thread has no assignee")));
    let earlier = ThreadParts { created: T0 + Millis(1), ..thread_parts() };
    assert_eq!(rebuilt(earlier), Err(ImpossibleRecord("lastModifiedTime is before creationTime")));
}

fn message_parts(direction: Direction, status: MessageStatus) -> MessageParts {
    MessageParts {
        id: MessageId::new(7),
        thread: thread_parts().id,
        direction,
        status,
        availability: Availability::Alive,
        delivery_error: None,
        text: "Hi".into(),
        author: (direction == Direction::Outbound).then_some(WAYNE),
        created: T0,
        last_modified: T0,
        attachments: Vec::new(),
    }
}

#[test]
fn a_message_is_received_if_and_only_if_it_is_inbound() {
    use Direction::{Inbound, Outbound};
    use MessageStatus::{Delivered, Queued, Received};
    let rebuilt = |d, s| Message::from_parts(message_parts(d, s)).map(|m| (m.direction(), m.status()));
    assert_eq!(rebuilt(Inbound, Received), Ok((Inbound, Received)));
    assert_eq!(rebuilt(Outbound, Queued), Ok((Outbound, Queued)));
    assert_eq!(rebuilt(Outbound, Delivered), Ok((Outbound, Delivered)));
    assert_eq!(rebuilt(Inbound, Delivered), Err(ImpossibleRecord("an inbound message is Received")));
    assert_eq!(rebuilt(Outbound, Received), Err(ImpossibleRecord("an outbound message is never Received")));
}

#[test]
fn a_text_of_the_most_characters_is_accepted_whatever_its_bytes() {
    use rcthreads_domain::MAX_TEXT_CHARS;
    let mut inbox = inbox();
    // Two bytes a character: counted in characters.
    let longest = "é".repeat(MAX_TEXT_CHARS);
    let sent = inbox.send(WAYNE, T0, OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, customer(1), &longest)).unwrap();
    assert_eq!(sent.text().chars().count(), MAX_TEXT_CHARS);
    let thread = sent.thread_id();
    let note = inbox.add_note(WAYNE, T0, thread, &longest).unwrap();
    assert_eq!(note.text().len(), 2 * MAX_TEXT_CHARS);
}

#[test]
fn a_timestamp_is_milliseconds_since_the_epoch_whichever_way_it_is_made() {
    use chrono::{TimeZone, Utc};
    assert_eq!(T0.as_millis(), 1_773_349_593_706);
    let chrono = Utc.timestamp_millis_opt(1_773_349_593_706).unwrap();
    assert_eq!(Timestamp::from(chrono), T0);
    assert_eq!(Timestamp::from_datetime(chrono), T0);
    assert_eq!(T0.to_datetime(), chrono);
}
