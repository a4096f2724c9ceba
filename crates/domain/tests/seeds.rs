//! The use cases of the seed documents, as a user of the shared inbox would check them: the
//! financial advising team sharing a call queue number (seeds 000 and 001), the thread lifecycle
//! (seed 004), sites and IVR menus and handler changes (seed 002), classic SMS ownership
//! (seed 003), opt-out, delivery progress, and the error codes.

use rcthreads_domain::sample::{
    self, BETH, BILLING_QUEUE, BILLING_QUEUE_NUMBER, COMPANY_NUMBER, DAVE, DAVE_NUMBER, FEDERICK, FINANCIAL_QUEUE,
    FINANCIAL_QUEUE_NUMBER, IVR_MAIN, IVR_MAIN_NUMBER, IVR_SITE_01, IVR_SITE_01_NUMBER, MAIN_NUMBER, MAIN_SITE, NORA,
    NORA_NUMBER, OLGA, SAM, SITE_01, SITE_01_NUMBER, SUPPORT_QUEUE, SUPPORT_QUEUE_NUMBER, WAYNE, WAYNE_NUMBER,
};
use rcthreads_domain::{
    Assignment, Availability, Change, DeliveryError, Direction, Directory, DomainError, ErrorCode, ExtensionId,
    HandlerChange, InboundMessage, Inbox, MAX_HANDLER_CHANGES, MAX_SMS_RECIPIENTS, MAX_TEXT_CHARS, MessageId,
    MessageStatus, Millis, NewAttachment, NoteId, OutboundMessage, PhoneNumber, SequentialIds, SmsRequest, THREAD_TTL,
    ThreadId, ThreadMessagingSettings, ThreadState, Timestamp, TokenProblem,
};

const T0: Timestamp = Timestamp::from_millis(1_773_349_593_706);

fn customer(n: u64) -> PhoneNumber {
    format!("+1650224{n:04}").parse().expect("a valid E.164 number")
}

fn inbox() -> Inbox {
    Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default())
}

fn at(ms: i64) -> Timestamp {
    T0 + Millis(ms)
}

fn sms(from: PhoneNumber, to: PhoneNumber, text: &str) -> OutboundMessage {
    OutboundMessage::sms(from, to, text)
}

fn inbound(from: PhoneNumber, to: PhoneNumber, text: &str) -> InboundMessage {
    InboundMessage { from, to, text: text.into() }
}

/// Sends and returns (thread id, message id).
fn send(inbox: &mut Inbox, actor: ExtensionId, now: Timestamp, msg: OutboundMessage) -> (ThreadId, MessageId) {
    let m = inbox.send(actor, now, msg).expect("the message is accepted");
    (m.thread_id(), m.id())
}

/// Receives and returns (thread id, message id).
fn receive(inbox: &mut Inbox, now: Timestamp, from: PhoneNumber, to: PhoneNumber, text: &str) -> (ThreadId, MessageId) {
    let m = inbox.receive(now, inbound(from, to, text)).expect("the text is received");
    (m.thread_id(), m.id())
}

fn state(inbox: &Inbox, thread: ThreadId) -> ThreadState {
    inbox.thread_by_id(thread).expect("the thread exists").state()
}

fn not_assigned(extension_id: ExtensionId) -> DomainError {
    DomainError::ThreadNotAssigned { extension_id }
}

// ----------------------------------------------------------------------------------------------
// Seeds 000 and 001: a financial advising team shares the Financial Advising Queue's number.

#[test]
fn the_queue_has_four_advisors_sharing_its_number() {
    let dir = sample::directory();
    let queue = dir.resource(FINANCIAL_QUEUE).expect("the queue exists");
    assert_eq!(queue.name, "Financial Advising Queue");
    let mut handlers: Vec<_> = queue.handlers.iter().map(|h| h.extension).collect();
    handlers.sort();
    let mut advisors = vec![WAYNE, BETH, FEDERICK, SAM];
    advisors.sort();
    assert_eq!(handlers, advisors);
    assert!(queue.handlers.iter().all(|h| h.assignable && h.has_license));
    assert_eq!(dir.thread_owner(FINANCIAL_QUEUE_NUMBER).map(|r| r.id), Some(FINANCIAL_QUEUE));
    assert!(!dir.is_handler(FINANCIAL_QUEUE, NORA));
}

#[test]
fn wayne_starts_a_thread_and_becomes_its_assignee() {
    let mut inbox = inbox();
    let tom = customer(1);
    let m = inbox.send(WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, tom, "Hi Tom ...")).expect("Wayne may start a thread");
    assert_eq!(m.direction(), Direction::Outbound);
    assert_eq!(m.status(), MessageStatus::Queued);
    assert_eq!(m.author(), Some(WAYNE));
    assert_eq!(m.text(), "Hi Tom ...");
    assert_eq!(m.availability(), Availability::Alive);
    let thread = m.thread_id();

    let t = inbox.thread(WAYNE, thread).expect("Wayne sees his thread");
    assert_eq!(t.state(), ThreadState::Assigned(WAYNE));
    assert_eq!(t.assignee(), Some(WAYNE));
    assert_eq!(t.owner(), FINANCIAL_QUEUE);
    assert_eq!(t.owner_number(), FINANCIAL_QUEUE_NUMBER);
    assert_eq!(t.guest_number(), tom);
    assert_eq!(t.label(), Some("Hi Tom ..."));
    assert_eq!(t.availability(), Availability::Alive);
    assert_eq!((t.created(), t.last_modified()), (T0, T0));

    // Wayne keeps the conversation: his reply joins the same thread.
    let (again, _) = send(&mut inbox, WAYNE, at(60_000), sms(FINANCIAL_QUEUE_NUMBER, tom, "Are you free at 10?"));
    assert_eq!(again, thread);
    assert_eq!(inbox.thread_by_id(thread).map(|t| t.message_count()), Some(2));
    assert_eq!(inbox.assigned_threads(WAYNE).map(|t| t.id()).collect::<Vec<_>>(), [thread]);
}

#[test]
fn beth_gets_msg_427_carrying_her_extension_id() {
    let mut inbox = inbox();
    let tom = customer(1);
    let (thread, _) = send(&mut inbox, WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, tom, "Hi Tom ..."));
    let journal = inbox.journal_seq();

    let err = inbox.send(BETH, at(1), sms(FINANCIAL_QUEUE_NUMBER, tom, "Hello")).unwrap_err();
    assert_eq!(err, not_assigned(BETH));
    assert_eq!(err.code(), ErrorCode::Msg427);
    assert_eq!(err.code().as_str(), "MSG-427");
    assert_eq!(err.extension_id(), Some(BETH));
    assert_eq!(err.to_string(), "The thread is not assigned to extension [696667052] at the moment.");

    // The same when she names the thread.
    let mut by_id = sms(FINANCIAL_QUEUE_NUMBER, tom, "Hello");
    by_id.thread_id = Some(thread);
    assert_eq!(inbox.send(BETH, at(2), by_id).unwrap_err(), not_assigned(BETH));

    // Nothing changed: still Wayne's, one message, no journal entry for the refusals.
    let t = inbox.thread_by_id(thread).unwrap();
    assert_eq!(t.assignee(), Some(WAYNE));
    assert_eq!(t.message_count(), 1);
    assert_eq!(inbox.journal_seq(), journal);
}

#[test]
fn a_customers_text_creates_an_unassigned_thread_that_rejects_every_sender_until_assigned() {
    let mut inbox = inbox();
    let ann = customer(2);
    let m = inbox.receive(T0, inbound(ann, FINANCIAL_QUEUE_NUMBER, "Can we talk about my plan?")).unwrap();
    assert_eq!(m.direction(), Direction::Inbound);
    assert_eq!(m.status(), MessageStatus::Received);
    assert_eq!(m.author(), None);
    let thread = m.thread_id();
    let t = inbox.thread_by_id(thread).unwrap();
    assert_eq!(t.state(), ThreadState::Open);
    assert_eq!(t.assignee(), None);
    assert_eq!((t.owner(), t.owner_number(), t.guest_number()), (FINANCIAL_QUEUE, FINANCIAL_QUEUE_NUMBER, ann));

    for advisor in [WAYNE, BETH, FEDERICK, SAM] {
        let err = inbox.send(advisor, at(10), sms(FINANCIAL_QUEUE_NUMBER, ann, "Sure")).unwrap_err();
        assert_eq!(err, not_assigned(advisor), "{advisor} may not reply to an unassigned thread");
    }
    // More texts from the customer join the same thread, still unassigned.
    let (same, _) = receive(&mut inbox, at(20), ann, FINANCIAL_QUEUE_NUMBER, "Hello?");
    assert_eq!(same, thread);
    assert_eq!(state(&inbox, thread), ThreadState::Open);

    inbox.assign(BETH, at(30), thread, Some(BETH)).expect("Beth takes it");
    let (joined, _) = send(&mut inbox, BETH, at(40), sms(FINANCIAL_QUEUE_NUMBER, ann, "Sure"));
    assert_eq!(joined, thread);
    assert_eq!(inbox.send(WAYNE, at(50), sms(FINANCIAL_QUEUE_NUMBER, ann, "Hi")).unwrap_err(), not_assigned(WAYNE));
}

#[test]
fn any_handler_assigns_to_themselves_or_others_and_reassigns() {
    let mut inbox = inbox();
    let ann = customer(2);
    let (thread, _) = receive(&mut inbox, T0, ann, FINANCIAL_QUEUE_NUMBER, "Hi");

    // Federick assigns it to Sam; only Sam may reply.
    let t = inbox.assign(FEDERICK, at(1), thread, Some(SAM)).expect("any handler may assign to another");
    assert_eq!(t.assignee(), Some(SAM));
    assert_eq!(t.last_modified(), at(1));
    send(&mut inbox, SAM, at(2), sms(FINANCIAL_QUEUE_NUMBER, ann, "Sam here"));
    assert_eq!(inbox.send(FEDERICK, at(3), sms(FINANCIAL_QUEUE_NUMBER, ann, "x")).unwrap_err(), not_assigned(FEDERICK));

    // Beth takes it over; Sam is now refused.
    inbox.assign(BETH, at(4), thread, Some(BETH)).expect("a handler may reassign to themselves");
    assert_eq!(inbox.send(SAM, at(5), sms(FINANCIAL_QUEUE_NUMBER, ann, "x")).unwrap_err(), not_assigned(SAM));
    send(&mut inbox, BETH, at(6), sms(FINANCIAL_QUEUE_NUMBER, ann, "Beth here"));
    assert_eq!(inbox.assigned_threads(SAM).count(), 0);
    assert_eq!(inbox.assigned_threads(BETH).map(|t| t.id()).collect::<Vec<_>>(), [thread]);

    // The assignee hands it to Wayne, then Wayne unassigns: nobody may send.
    inbox.assign(BETH, at(7), thread, Some(WAYNE)).expect("the assignee may reassign");
    let t = inbox.assign(WAYNE, at(8), thread, None).expect("assignee: null unassigns");
    assert_eq!(t.state(), ThreadState::Open);
    assert_eq!(inbox.send(WAYNE, at(9), sms(FINANCIAL_QUEUE_NUMBER, ann, "x")).unwrap_err(), not_assigned(WAYNE));

    // The journal tells who assigned whom.
    let assignments: Vec<Assignment> = inbox
        .changes_since(0)
        .filter_map(|e| match e.change {
            Change::ThreadAssigned(id, a) if id == thread => Some(a),
            _ => None,
        })
        .collect();
    let expected = [
        Assignment { assignee: Some(SAM), previous: None, initiator: Some(FEDERICK) },
        Assignment { assignee: Some(BETH), previous: Some(SAM), initiator: Some(BETH) },
        Assignment { assignee: Some(WAYNE), previous: Some(BETH), initiator: Some(BETH) },
        Assignment { assignee: None, previous: Some(WAYNE), initiator: Some(WAYNE) },
    ];
    assert_eq!(assignments, expected);
}

#[test]
fn only_the_assignee_gives_an_assigned_thread_away_others_may_only_take_it() {
    let mut inbox = inbox();
    let ann = customer(2);
    let (thread, _) = receive(&mut inbox, T0, ann, FINANCIAL_QUEUE_NUMBER, "Hi");
    inbox.assign(FEDERICK, at(1), thread, Some(SAM)).expect("an unassigned thread goes to anyone");
    let before = inbox.changes_since(0).count();

    // Seed 004: another handler may reassign an assigned thread only to themselves.
    for (who, to) in [(BETH, Some(WAYNE)), (BETH, None), (WAYNE, Some(SAM)), (FEDERICK, Some(BETH))] {
        let err = inbox.assign(who, at(2), thread, to).unwrap_err();
        assert_eq!(err, not_assigned(who), "{who} moving Sam's thread to {to:?}");
        assert_eq!(err.code().as_str(), "MSG-427");
    }
    let t = inbox.thread_by_id(thread).unwrap();
    assert_eq!((t.assignee(), t.last_modified()), (Some(SAM), at(1)), "refusals change nothing");
    assert_eq!(inbox.changes_since(0).count(), before, "refusals journal nothing");

    // Taking it is allowed; then only the new assignee may hand it on or drop it.
    inbox.assign(WAYNE, at(3), thread, Some(WAYNE)).expect("a handler takes an assigned thread");
    assert_eq!(inbox.assign(SAM, at(4), thread, Some(SAM)).map(|t| t.assignee()), Ok(Some(SAM)));
    assert_eq!(inbox.assign(WAYNE, at(5), thread, None).unwrap_err(), not_assigned(WAYNE));
    assert_eq!(inbox.assign(SAM, at(6), thread, None).map(|t| t.assignee()), Ok(None));
    assert_eq!(inbox.assign(BETH, at(7), thread, Some(FEDERICK)).map(|t| t.assignee()), Ok(Some(FEDERICK)));
}

#[test]
fn the_assignee_must_be_an_assignable_handler_and_the_caller_a_handler() {
    let mut inbox = inbox();
    let (thread, _) = receive(&mut inbox, T0, customer(2), FINANCIAL_QUEUE_NUMBER, "Hi");
    for nobody in [NORA, DAVE, OLGA, FINANCIAL_QUEUE] {
        let err = inbox.assign(WAYNE, at(1), thread, Some(nobody)).unwrap_err();
        assert_eq!(err, DomainError::AssigneeNotAssignable(nobody));
        assert_eq!(err.code(), ErrorCode::Cmn101);
        assert_eq!(err.parameter(), Some("assignee.extensionId"));
    }
    let err = inbox.assign(NORA, at(1), thread, Some(BETH)).unwrap_err();
    assert_eq!(err, DomainError::NotAHandler { extension_id: NORA, resource: FINANCIAL_QUEUE });
    assert_eq!(err.code(), ErrorCode::Cmn408);
    assert_eq!(state(&inbox, thread), ThreadState::Open);
}

#[test]
fn handlers_see_their_teammates_threads() {
    let mut inbox = inbox();
    let (waynes, _) = send(&mut inbox, WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, customer(1), "Hi Tom ..."));
    let (sams, _) = send(&mut inbox, SAM, at(1), sms(FINANCIAL_QUEUE_NUMBER, customer(2), "Hi Ann"));
    for advisor in [WAYNE, BETH, FEDERICK, SAM] {
        assert_eq!(inbox.thread(advisor, waynes).unwrap().assignee(), Some(WAYNE));
        assert_eq!(inbox.thread(advisor, sams).unwrap().assignee(), Some(SAM));
        let t = inbox.thread_by_id(waynes).unwrap();
        assert!(inbox.can_access(advisor, t));
        let texts: Vec<_> = inbox.messages_of(t).map(|m| m.text().to_owned()).collect();
        assert_eq!(texts, ["Hi Tom ..."]);
    }
    let listed: Vec<_> = inbox.threads_of(FINANCIAL_QUEUE).map(|t| t.id()).collect();
    assert_eq!(listed, [waynes, sams]);
}

#[test]
fn nora_is_not_a_handler_and_gets_cmn_408() {
    let mut inbox = inbox();
    let (thread, message) = send(&mut inbox, WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, customer(1), "Hi Tom ..."));
    let forbidden = DomainError::NotAHandler { extension_id: NORA, resource: FINANCIAL_QUEUE };

    let err = inbox.thread(NORA, thread).unwrap_err();
    assert_eq!(err, forbidden);
    assert_eq!(err.code(), ErrorCode::Cmn408);
    assert_eq!(err.code().as_str(), "CMN-408");
    assert!(!inbox.can_access(NORA, inbox.thread_by_id(thread).unwrap()));
    assert_eq!(inbox.message(NORA, message).unwrap_err(), forbidden);
    assert_eq!(inbox.assign(NORA, at(1), thread, Some(NORA)).unwrap_err(), forbidden);
    assert_eq!(inbox.resolve(NORA, at(1), thread).unwrap_err(), forbidden);
    assert_eq!(inbox.delete_thread(NORA, at(1), thread).unwrap_err(), forbidden);
    assert_eq!(inbox.add_note(NORA, at(1), thread, "hm").unwrap_err(), forbidden);
    assert_eq!(inbox.send(NORA, at(1), sms(FINANCIAL_QUEUE_NUMBER, customer(3), "Hi")).unwrap_err(), forbidden);

    // Another resource's thread is just as closed to an advisor who does not handle it.
    let (billing, _) = send(&mut inbox, SAM, at(2), sms(BILLING_QUEUE_NUMBER, customer(1), "Your invoice"));
    let err = inbox.thread(BETH, billing).unwrap_err();
    assert_eq!(err, DomainError::NotAHandler { extension_id: BETH, resource: BILLING_QUEUE });

    // An unknown id is 404, not 403.
    let unknown = ThreadId::from_u128(7);
    let err = inbox.thread(WAYNE, unknown).unwrap_err();
    assert_eq!(err, DomainError::ThreadNotFound(unknown));
    assert_eq!(err.code(), ErrorCode::Cmn102);
}

#[test]
fn other_corp_never_sees_mock_advisory_data() {
    let mut mock = inbox();
    let mut other = Inbox::new(sample::OTHER_ACCOUNT, sample::other_directory(), SequentialIds::new(5_000_000_000));
    let (advisory, _) = send(&mut mock, WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, customer(1), "Hi Tom ..."));
    let (support, _) = send(&mut other, OLGA, T0, sms(SUPPORT_QUEUE_NUMBER, customer(1), "Ticket 42"));
    assert_ne!(advisory, support);

    // Each account only knows its own thread, its own users and its own numbers.
    assert_eq!(other.thread(OLGA, advisory).unwrap_err(), DomainError::ThreadNotFound(advisory));
    assert!(other.thread_by_id(advisory).is_none());
    assert_eq!(other.all_threads().map(|t| t.id()).collect::<Vec<_>>(), [support]);
    assert_eq!(mock.thread(OLGA, advisory).unwrap_err(), DomainError::ExtensionNotFound(OLGA));
    assert_eq!(mock.thread(WAYNE, support).unwrap_err(), DomainError::ThreadNotFound(support));
    assert_eq!(other.thread(WAYNE, support).unwrap_err(), DomainError::ExtensionNotFound(WAYNE));
    let err = other.send(OLGA, at(1), sms(FINANCIAL_QUEUE_NUMBER, customer(2), "Hi")).unwrap_err();
    assert_eq!(err, DomainError::NotASharedNumber { number: FINANCIAL_QUEUE_NUMBER, parameter: "from.phoneNumber" });
    // The same customer texting both accounts' numbers makes one thread in each.
    let (in_other, _) = receive(&mut other, at(2), customer(1), SUPPORT_QUEUE_NUMBER, "Thanks");
    assert_eq!(in_other, support);
    assert_eq!(mock.all_threads().count(), 1);
    assert_eq!(other.threads_of(SUPPORT_QUEUE).count(), 1);
}

// ----------------------------------------------------------------------------------------------
// Seed 004: the thread lifecycle.

#[test]
fn threads_are_created_by_outbound_and_by_inbound_messages_one_per_open_pair() {
    let mut inbox = inbox();
    let (out, _) = send(&mut inbox, WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, customer(1), "Hi Tom ..."));
    let (inb, _) = receive(&mut inbox, at(1), customer(2), FINANCIAL_QUEUE_NUMBER, "Hi");
    let (reply, _) = receive(&mut inbox, at(2), customer(1), FINANCIAL_QUEUE_NUMBER, "Thanks Wayne");
    // Another shared number with the same customer is another pair.
    let (billing, _) = receive(&mut inbox, at(3), customer(1), BILLING_QUEUE_NUMBER, "About my bill");
    assert_eq!(reply, out, "the customer's answer joins the open thread of the pair");
    assert_ne!(out, inb);
    assert_ne!(billing, out);
    assert_eq!(state(&inbox, out), ThreadState::Assigned(WAYNE));
    assert_eq!(state(&inbox, inb), ThreadState::Open);
    assert_eq!(inbox.open_thread_count(), 3);
    assert_eq!(inbox.open_thread(FINANCIAL_QUEUE_NUMBER, customer(1)).map(|t| t.id()), Some(out));
    assert_eq!(inbox.thread_by_id(out).unwrap().label(), Some("Thanks Wayne"));
    let created: Vec<_> =
        inbox.changes_since(0).filter_map(|e| matches!(e.change, Change::ThreadCreated(_)).then_some(e.time)).collect();
    assert_eq!(created, [T0, at(1), at(3)]);
}

#[test]
fn any_handler_resolves_an_open_thread_and_the_assignee_is_removed() {
    let mut inbox = inbox();
    let (thread, _) = send(&mut inbox, WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, customer(1), "Hi Tom ..."));
    let t = inbox.resolve(FEDERICK, at(5), thread).expect("Federick may resolve Wayne's thread");
    assert_eq!(t.state(), ThreadState::Resolved);
    assert_eq!(t.assignee(), None);
    assert_eq!(t.last_modified(), at(5));
    assert_eq!(t.availability(), Availability::Alive);
    assert_eq!(inbox.assigned_threads(WAYNE).count(), 0);
    assert!(inbox.changes_since(0).any(|e| e.change == Change::ThreadResolved(thread) && e.time == at(5)));

    // An unassigned thread can be resolved too.
    let (open, _) = receive(&mut inbox, at(6), customer(2), FINANCIAL_QUEUE_NUMBER, "Hi");
    assert_eq!(inbox.resolve(SAM, at(7), open).unwrap().state(), ThreadState::Resolved);
}

#[test]
fn after_a_resolve_the_next_message_between_the_pair_creates_a_new_thread() {
    let mut inbox = inbox();
    let tom = customer(1);
    let (first, _) = send(&mut inbox, WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, tom, "Hi Tom ..."));
    inbox.resolve(WAYNE, at(1), first).unwrap();
    let (second, _) = receive(&mut inbox, at(2), tom, FINANCIAL_QUEUE_NUMBER, "One more question");
    assert_ne!(second, first);
    assert_eq!(state(&inbox, first), ThreadState::Resolved, "a resolved thread never reopens");
    assert_eq!(state(&inbox, second), ThreadState::Open, "a customer's new thread has no assignee");
    assert_eq!(inbox.thread_by_id(first).unwrap().message_count(), 1);

    inbox.resolve(BETH, at(3), second).unwrap();
    let (third, _) = send(&mut inbox, BETH, at(4), sms(FINANCIAL_QUEUE_NUMBER, tom, "Following up"));
    assert!(third != first && third != second);
    assert_eq!(state(&inbox, third), ThreadState::Assigned(BETH));
    assert_eq!(inbox.open_thread(FINANCIAL_QUEUE_NUMBER, tom).map(|t| t.id()), Some(third));
}

#[test]
fn a_thread_expires_exactly_72_hours_after_its_last_message_and_assigning_is_not_activity() {
    let mut inbox = inbox();
    let tom = customer(1);
    let ttl = THREAD_TTL.0;
    assert_eq!(ttl, 72 * 3_600_000);
    let (thread, _) = receive(&mut inbox, T0, tom, FINANCIAL_QUEUE_NUMBER, "Hi");
    let (_, _) = receive(&mut inbox, at(1_000), tom, FINANCIAL_QUEUE_NUMBER, "Anyone?");
    let last = at(1_000);
    // Assignments later on do not restart the 72 hours.
    inbox.assign(BETH, at(3_600_000), thread, Some(BETH)).unwrap();
    inbox.assign(SAM, last + Millis(ttl - 1), thread, Some(SAM)).expect("still open 1 ms before the deadline");
    let t = inbox.thread_by_id(thread).unwrap();
    assert_eq!(t.expires_at(), last + THREAD_TTL);
    assert_eq!(t.state(), ThreadState::Assigned(SAM));

    inbox.advance(last + THREAD_TTL);
    let t = inbox.thread_by_id(thread).unwrap();
    assert_eq!(t.state(), ThreadState::Expired);
    assert_eq!(t.assignee(), None);
    assert_eq!(t.last_modified(), last + THREAD_TTL);
    assert!(inbox.changes_since(0).any(|e| e.change == Change::ThreadExpired(thread) && e.time == last + THREAD_TTL));
    assert_eq!(inbox.assigned_threads(SAM).count(), 0);

    // Sam can no longer reply into it: his message starts a new thread.
    let (next, _) =
        send(&mut inbox, SAM, last + Millis(ttl + 1), sms(FINANCIAL_QUEUE_NUMBER, tom, "Sorry for the delay"));
    assert_ne!(next, thread);
    assert_eq!(state(&inbox, thread), ThreadState::Expired);
}

#[test]
fn expiry_is_applied_at_the_deadline_even_when_the_next_command_comes_later() {
    let mut inbox = inbox();
    let tom = customer(1);
    let (thread, _) = send(&mut inbox, WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, tom, "Hi Tom ..."));
    // A message arriving at exactly the deadline finds the thread expired.
    let (next, _) = receive(&mut inbox, T0 + THREAD_TTL, tom, FINANCIAL_QUEUE_NUMBER, "Hi");
    assert_ne!(next, thread);
    let t = inbox.thread_by_id(thread).unwrap();
    assert_eq!((t.state(), t.last_modified()), (ThreadState::Expired, T0 + THREAD_TTL));

    // A command long after the deadline still records the expiry at the deadline itself.
    let last = T0 + THREAD_TTL + Millis(10);
    let (other, _) = receive(&mut inbox, last, customer(2), FINANCIAL_QUEUE_NUMBER, "Hi");
    inbox.advance(last + THREAD_TTL + Millis::hours(100));
    let t = inbox.thread_by_id(other).unwrap();
    assert_eq!(t.state(), ThreadState::Expired);
    assert_eq!(t.last_modified(), last + THREAD_TTL);
}

#[test]
fn the_clock_never_goes_back() {
    let mut inbox = inbox();
    let tom = customer(1);
    let (thread, _) = send(&mut inbox, WAYNE, at(5_000), sms(FINANCIAL_QUEUE_NUMBER, tom, "Hi Tom ..."));
    // A command stamped earlier runs at the inbox's time.
    let m = inbox.receive(T0, inbound(tom, FINANCIAL_QUEUE_NUMBER, "Hello")).unwrap();
    assert_eq!(m.created(), at(5_000));
    assert_eq!(inbox.now(), at(5_000));
    assert_eq!(inbox.advance(T0), at(5_000));
    let t = inbox.thread_by_id(thread).unwrap();
    assert_eq!(t.last_modified(), at(5_000));
    assert_eq!(t.expires_at(), at(5_000) + THREAD_TTL);
}

#[test]
fn deleting_removes_the_assignee_and_deletes_every_message_whatever_the_status() {
    let mut inbox = inbox();
    let (c1, c2, c3) = (customer(1), customer(2), customer(3));
    let (expired, m4) = receive(&mut inbox, T0, c3, BILLING_QUEUE_NUMBER, "Hi");
    inbox.advance(T0 + THREAD_TTL);
    assert_eq!(state(&inbox, expired), ThreadState::Expired);
    let later = T0 + THREAD_TTL;
    let (assigned, m1) = send(&mut inbox, WAYNE, later, sms(FINANCIAL_QUEUE_NUMBER, c1, "Hi"));
    let (_, m2) = receive(&mut inbox, later + Millis(1), c1, FINANCIAL_QUEUE_NUMBER, "Hello");
    let (resolved, m3) = receive(&mut inbox, later + Millis(2), c2, FINANCIAL_QUEUE_NUMBER, "Hi");
    inbox.resolve(BETH, later + Millis(3), resolved).unwrap();
    assert_eq!(state(&inbox, assigned), ThreadState::Assigned(WAYNE));

    let when = later + Millis(4);
    // Any handler may delete, not only the assignee.
    inbox.delete_thread(FEDERICK, when, assigned).expect("Federick deletes Wayne's thread");
    inbox.delete_thread(SAM, when, resolved).expect("a resolved thread can be deleted");
    inbox.delete_thread(SAM, when, expired).expect("an expired thread can be deleted");

    for (thread, status) in
        [(assigned, ThreadState::Open), (resolved, ThreadState::Resolved), (expired, ThreadState::Expired)]
    {
        let t = inbox.thread_by_id(thread).unwrap();
        assert_eq!(t.availability(), Availability::Deleted);
        assert_eq!(t.assignee(), None);
        assert_eq!(t.state(), status, "deleting keeps the status, without assignee");
        assert_eq!(t.last_modified(), when);
        assert!(inbox.messages_of(t).all(|m| m.availability() == Availability::Deleted));
    }
    for m in [m1, m2, m3, m4] {
        let m = inbox.message_by_id(m).unwrap();
        assert_eq!(m.availability(), Availability::Deleted);
        assert_eq!(m.last_modified(), when);
    }
    assert_eq!(inbox.assigned_threads(WAYNE).count(), 0);
    assert_eq!(inbox.open_thread_count(), 0);

    // A deleted thread takes no more messages: the pair starts a new thread.
    let (fresh, _) = receive(&mut inbox, when, c1, FINANCIAL_QUEUE_NUMBER, "Hello again");
    assert_ne!(fresh, assigned);
    let mut into_deleted = sms(FINANCIAL_QUEUE_NUMBER, c1, "Hi");
    into_deleted.thread_id = Some(assigned);
    assert_eq!(inbox.send(WAYNE, when, into_deleted).unwrap_err(), DomainError::ThreadNotOpen(assigned));

    // Deleting again changes nothing.
    let seq = inbox.journal_seq();
    inbox.delete_thread(WAYNE, when, assigned).unwrap();
    assert_eq!(inbox.journal_seq(), seq);
}

#[test]
fn deleting_messages_is_all_or_nothing() {
    let mut inbox = inbox();
    let (_, m1) = send(&mut inbox, WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, customer(1), "Hi"));
    let (_, billing) = send(&mut inbox, SAM, T0, sms(BILLING_QUEUE_NUMBER, customer(1), "Invoice"));
    let err = inbox.delete_messages(BETH, at(1), &[m1, billing]).unwrap_err();
    assert_eq!(err, DomainError::NotAHandler { extension_id: BETH, resource: BILLING_QUEUE });
    let unknown = MessageId::new(42);
    assert_eq!(inbox.delete_messages(BETH, at(1), &[m1, unknown]).unwrap_err(), DomainError::MessageNotFound(unknown));
    assert_eq!(inbox.message_by_id(m1).unwrap().availability(), Availability::Alive);
    inbox.delete_messages(BETH, at(2), &[m1]).unwrap();
    assert_eq!(inbox.message(BETH, m1).unwrap().availability(), Availability::Deleted);
}

#[test]
fn only_open_threads_can_be_resolved_assigned_noted_or_named_in_a_send() {
    let mut inbox = inbox();
    let tom = customer(1);
    let (resolved, _) = send(&mut inbox, WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, tom, "Hi"));
    inbox.resolve(WAYNE, at(1), resolved).unwrap();
    let (expired, _) = receive(&mut inbox, at(2), customer(2), FINANCIAL_QUEUE_NUMBER, "Hi");
    inbox.advance(at(2) + THREAD_TTL);
    let (deleted, _) = receive(&mut inbox, at(2) + THREAD_TTL, customer(3), FINANCIAL_QUEUE_NUMBER, "Hi");
    inbox.delete_thread(BETH, at(2) + THREAD_TTL, deleted).unwrap();
    let now = at(3) + THREAD_TTL;

    for thread in [resolved, expired, deleted] {
        let err = inbox.resolve(BETH, now, thread).unwrap_err();
        assert_eq!(err, DomainError::ThreadNotOpen(thread));
        assert_eq!(err.code(), ErrorCode::Cmn101);
        assert_eq!(err.parameter(), Some("threadId"));
        assert_eq!(inbox.assign(BETH, now, thread, Some(BETH)).unwrap_err(), DomainError::ThreadNotOpen(thread));
        assert_eq!(inbox.add_note(BETH, now, thread, "note").unwrap_err(), DomainError::ThreadNotOpen(thread));
    }
    let mut named = sms(FINANCIAL_QUEUE_NUMBER, tom, "Hi");
    named.thread_id = Some(resolved);
    let err = inbox.send(WAYNE, now, named).unwrap_err();
    assert_eq!(err, DomainError::ThreadNotOpen(resolved));
    assert_eq!(err.parameter(), Some("threadId"));
    assert_eq!(state(&inbox, resolved), ThreadState::Resolved);
    assert_eq!(state(&inbox, expired), ThreadState::Expired);
}

#[test]
fn a_thread_id_in_a_send_must_match_the_numbers() {
    let mut inbox = inbox();
    let (thread, _) = send(&mut inbox, WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, customer(1), "Hi"));
    let mut other_guest = sms(FINANCIAL_QUEUE_NUMBER, customer(2), "Hi");
    other_guest.thread_id = Some(thread);
    let err = inbox.send(WAYNE, at(1), other_guest).unwrap_err();
    assert_eq!(err, DomainError::ThreadPairMismatch(thread));
    assert_eq!((err.code(), err.parameter()), (ErrorCode::Cmn101, Some("threadId")));
    assert_eq!(inbox.all_threads().count(), 1);
}

#[test]
fn notes_are_written_by_handlers_and_changed_only_by_their_author_while_open() {
    let mut inbox = inbox();
    let (thread, _) = receive(&mut inbox, T0, customer(1), FINANCIAL_QUEUE_NUMBER, "Hi");
    let note = inbox.add_note(BETH, at(1), thread, "Wants to rebalance").unwrap().id();
    assert_eq!(inbox.note(SAM, note).unwrap().text(), "Wants to rebalance", "teammates read notes");
    let err = inbox.edit_note(SAM, at(2), note, "mine now").unwrap_err();
    assert_eq!(err, DomainError::NotNoteAuthor { extension_id: SAM, note });
    assert_eq!(err.code(), ErrorCode::Cmn408);
    assert_eq!(inbox.edit_note(BETH, at(3), note, "Wants to rebalance, call Monday").unwrap().last_modified(), at(3));
    assert_eq!(
        inbox.note(NORA, note).unwrap_err(),
        DomainError::NotAHandler { extension_id: NORA, resource: FINANCIAL_QUEUE }
    );
    assert_eq!(inbox.add_note(BETH, at(3), thread, "  ").unwrap_err(), DomainError::EmptyText);

    inbox.resolve(WAYNE, at(4), thread).unwrap();
    assert_eq!(inbox.delete_notes(BETH, at(5), &[note]).unwrap_err(), DomainError::ThreadNotOpen(thread));
    let unknown = NoteId::new(3);
    assert_eq!(inbox.delete_notes(BETH, at(5), &[unknown]).unwrap_err(), DomainError::NoteNotFound(unknown));
    let t = inbox.thread_by_id(thread).unwrap();
    assert_eq!(inbox.notes_of(t).map(|n| n.text()).collect::<Vec<_>>(), ["Wants to rebalance, call Monday"]);
}

// ----------------------------------------------------------------------------------------------
// Seed 002: sites, IVR menus and SMS handler changes.

#[test]
fn an_ivr_menus_number_belongs_to_its_site_and_is_handled_by_the_sites_handlers() {
    let mut inbox = inbox();
    let c = customer(5);
    let (thread, _) = receive(&mut inbox, T0, c, IVR_SITE_01_NUMBER, "Hello Site 01");
    let t = inbox.thread_by_id(thread).unwrap();
    assert_eq!(t.owner(), SITE_01, "IVR Menu 3002's threads belong to Site 01");
    assert_eq!(t.owner_number(), IVR_SITE_01_NUMBER);
    assert_eq!(inbox.directory().thread_owner(IVR_SITE_01_NUMBER).map(|r| r.id), Some(SITE_01));

    inbox.assign(BETH, at(1), thread, Some(BETH)).expect("Beth handles Site 01");
    send(&mut inbox, BETH, at(2), sms(IVR_SITE_01_NUMBER, c, "Hi from Site 01"));
    let site_only = DomainError::NotAHandler { extension_id: WAYNE, resource: SITE_01 };
    assert_eq!(inbox.thread(WAYNE, thread).unwrap_err(), site_only);
    assert_eq!(inbox.send(WAYNE, at(3), sms(IVR_SITE_01_NUMBER, customer(6), "Hi")).unwrap_err(), site_only);
    assert_eq!(inbox.send(WAYNE, at(3), sms(SITE_01_NUMBER, customer(6), "Hi")).unwrap_err(), site_only);

    // The site's own number and the IVR's are different pairs with the same customer.
    let (site, _) = send(&mut inbox, BETH, at(4), sms(SITE_01_NUMBER, c, "Hi again"));
    assert_ne!(site, thread);
    assert_eq!(inbox.thread_by_id(site).unwrap().owner(), SITE_01);
    assert_eq!(inbox.threads_of(SITE_01).count(), 2);
    assert_eq!(inbox.threads_of(IVR_SITE_01).count(), 0);

    // The main site's IVR menu and company numbers belong to the main site, handled by Wayne.
    for number in [IVR_MAIN_NUMBER, MAIN_NUMBER, COMPANY_NUMBER] {
        let (t, _) = send(&mut inbox, WAYNE, at(5), sms(number, c, "Hello from the company"));
        assert_eq!(inbox.thread_by_id(t).unwrap().owner(), MAIN_SITE);
        let err = inbox.send(BETH, at(5), sms(number, customer(7), "Hi")).unwrap_err();
        assert_eq!(err, DomainError::NotAHandler { extension_id: BETH, resource: MAIN_SITE });
    }
    assert_eq!(inbox.directory().handling_resource(IVR_MAIN).map(|r| r.id), Some(MAIN_SITE));
}

#[test]
fn removing_a_handler_unassigns_their_open_threads_and_removes_access_at_once() {
    let mut inbox = inbox();
    let (queue_thread, _) = send(&mut inbox, BETH, T0, sms(FINANCIAL_QUEUE_NUMBER, customer(1), "Hi"));
    let (site_thread, _) = send(&mut inbox, BETH, T0, sms(SITE_01_NUMBER, customer(1), "Hi"));
    let (sams, _) = send(&mut inbox, SAM, T0, sms(FINANCIAL_QUEUE_NUMBER, customer(2), "Hi"));
    let seq = inbox.journal_seq();

    let change = HandlerChange { added: vec![], removed: vec![BETH] };
    inbox.change_handlers(WAYNE, at(10), FINANCIAL_QUEUE, &change).expect("the super admin removes Beth");

    let t = inbox.thread_by_id(queue_thread).unwrap();
    assert_eq!(t.state(), ThreadState::Open, "Beth's open queue thread becomes unassigned");
    assert_eq!(t.last_modified(), at(10));
    assert_eq!(state(&inbox, sams), ThreadState::Assigned(SAM), "other handlers keep their threads");
    assert_eq!(state(&inbox, site_thread), ThreadState::Assigned(BETH), "Beth still handles Site 01");
    let forbidden = DomainError::NotAHandler { extension_id: BETH, resource: FINANCIAL_QUEUE };
    assert_eq!(inbox.thread(BETH, queue_thread).unwrap_err(), forbidden);
    assert_eq!(inbox.send(BETH, at(11), sms(FINANCIAL_QUEUE_NUMBER, customer(1), "Hi")).unwrap_err(), forbidden);
    assert_eq!(
        inbox.assign(WAYNE, at(11), queue_thread, Some(BETH)).unwrap_err(),
        DomainError::AssigneeNotAssignable(BETH)
    );
    let unassigned = Assignment { assignee: None, previous: Some(BETH), initiator: None };
    let changes: Vec<_> = inbox.changes_since(seq).map(|e| e.change).collect();
    assert_eq!(changes, [Change::ThreadAssigned(queue_thread, unassigned), Change::HandlersChanged(FINANCIAL_QUEUE)]);

    // A new advisor joins: Nora can now read, be assigned and reply.
    let change = HandlerChange { added: vec![NORA], removed: vec![] };
    inbox.change_handlers(WAYNE, at(12), FINANCIAL_QUEUE, &change).unwrap();
    assert!(inbox.thread(NORA, queue_thread).is_ok());
    inbox.assign(NORA, at(13), queue_thread, Some(NORA)).unwrap();
    send(&mut inbox, NORA, at(14), sms(FINANCIAL_QUEUE_NUMBER, customer(1), "Nora here, I took over"));
    assert!(inbox.directory().handler(FINANCIAL_QUEUE, NORA).is_some_and(|h| h.assignable && h.has_license));
}

#[test]
fn only_a_super_admin_changes_handlers_and_the_change_is_checked() {
    let mut inbox = inbox();
    let add_nora = HandlerChange { added: vec![NORA], removed: vec![] };
    let err = inbox.change_handlers(BETH, T0, FINANCIAL_QUEUE, &add_nora).unwrap_err();
    assert_eq!(err, DomainError::NotAnAdmin(BETH));
    assert_eq!(err.code(), ErrorCode::Cmn408);
    let err = inbox.change_handlers(WAYNE, T0, IVR_SITE_01, &add_nora).unwrap_err();
    assert_eq!(err, DomainError::NotACommonResource(IVR_SITE_01));
    assert_eq!(err.parameter(), Some("resourceId"));
    // A user is an extension, but not one with SMS handlers.
    assert_eq!(inbox.change_handlers(WAYNE, T0, NORA, &add_nora).unwrap_err(), DomainError::NotACommonResource(NORA));
    let err = inbox.change_handlers(WAYNE, T0, FINANCIAL_QUEUE, &HandlerChange::default()).unwrap_err();
    assert_eq!((err.clone(), err.code()), (DomainError::EmptyHandlerChange, ErrorCode::Cmn100));
    let many = HandlerChange { added: vec![NORA; MAX_HANDLER_CHANGES + 1], removed: vec![] };
    let err = inbox.change_handlers(WAYNE, T0, FINANCIAL_QUEUE, &many).unwrap_err();
    assert_eq!(err, DomainError::TooManyHandlerChanges { parameter: "addedExtensionIds", max: MAX_HANDLER_CHANGES });
    let disabled = HandlerChange { added: vec![DAVE], removed: vec![] };
    let err = inbox.change_handlers(WAYNE, T0, FINANCIAL_QUEUE, &disabled).unwrap_err();
    assert_eq!(err, DomainError::NotAUser { extension_id: DAVE, parameter: "addedExtensionIds" });
    assert!(!inbox.directory().is_handler(FINANCIAL_QUEUE, NORA));
    assert_eq!(inbox.journal_seq(), 0);
    // The limit itself is allowed.
    let most = HandlerChange { added: vec![NORA; MAX_HANDLER_CHANGES], removed: vec![] };
    inbox.change_handlers(WAYNE, T0, FINANCIAL_QUEUE, &most).unwrap();
    assert!(inbox.directory().is_handler(FINANCIAL_QUEUE, NORA));
}

#[test]
fn thread_messaging_switched_off_for_call_queues_refuses_their_numbers() {
    let base = sample::directory();
    let mut b = Directory::builder().settings(ThreadMessagingSettings { call_queues: false, ..base.settings() });
    for u in base.users() {
        b = b.user(u.clone());
    }
    for r in base.resources() {
        b = b.resource(r.clone());
    }
    for n in base.numbers() {
        b = b.number(n.clone());
    }
    let mut inbox = Inbox::new(sample::ACCOUNT, b.build().unwrap(), SequentialIds::default());
    let err = inbox.send(WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, customer(1), "Hi")).unwrap_err();
    assert_eq!((err.clone(), err.code()), (DomainError::ThreadMessagingOff(FINANCIAL_QUEUE), ErrorCode::Cmn408));
    let err = inbox.receive(T0, inbound(customer(1), FINANCIAL_QUEUE_NUMBER, "Hi")).unwrap_err();
    assert_eq!(err, DomainError::ThreadMessagingOff(FINANCIAL_QUEUE));
    // Sites are still on.
    send(&mut inbox, WAYNE, T0, sms(MAIN_NUMBER, customer(1), "Hi"));
}

// ----------------------------------------------------------------------------------------------
// Seed 003: classic SMS from numbers a user owns or is designated for.

fn classic(from: PhoneNumber, to: PhoneNumber, text: &str) -> SmsRequest {
    SmsRequest { from, to: vec![to], text: text.into() }
}

#[test]
fn a_user_sends_classic_sms_only_from_their_own_numbers() {
    let mut inbox = inbox();
    let sent = inbox.send_sms(NORA, NORA, T0, classic(NORA_NUMBER, customer(1), "Hi, it's Nora")).unwrap();
    assert_eq!(sent.store, NORA);
    assert_eq!(sent.direction, Direction::Outbound);
    assert_eq!(sent.status, MessageStatus::Sent);
    let err = inbox.send_sms(NORA, NORA, T0, classic(WAYNE_NUMBER, customer(1), "Hi")).unwrap_err();
    assert_eq!(err, DomainError::NumberNotOwned { number: WAYNE_NUMBER, extension_id: NORA });
    assert_eq!((err.code(), err.parameter()), (ErrorCode::Cmn101, Some("from.phoneNumber")));
    let outside = customer(9);
    let err = inbox.send_sms(NORA, NORA, T0, classic(outside, customer(1), "Hi")).unwrap_err();
    assert_eq!(err, DomainError::NumberNotOwned { number: outside, extension_id: NORA });
    let texts: Vec<_> = inbox.message_store(NORA, NORA).unwrap().map(|m| m.text.clone()).collect();
    assert_eq!(texts, ["Hi, it's Nora"]);
}

#[test]
fn company_numbers_only_by_the_designated_user_and_kept_in_that_users_store() {
    let mut inbox = inbox();
    for number in [MAIN_NUMBER, COMPANY_NUMBER, IVR_MAIN_NUMBER] {
        let sent = inbox.send_sms(WAYNE, WAYNE, T0, classic(number, customer(1), "From the company")).unwrap();
        assert_eq!(sent.store, WAYNE, "Wayne is the designated SMS user of the company numbers");
        let err = inbox.send_sms(BETH, BETH, T0, classic(number, customer(1), "Hi")).unwrap_err();
        assert_eq!(err, DomainError::NumberNotOwned { number, extension_id: BETH });
    }
    assert_eq!(inbox.message_store(WAYNE, WAYNE).unwrap().count(), 3);
    // Site numbers likewise: Beth is Site 01's designated user.
    let sent = inbox.send_sms(BETH, BETH, T0, classic(SITE_01_NUMBER, customer(1), "From Site 01")).unwrap();
    assert_eq!(sent.store, BETH);
    let sent = inbox.send_sms(BETH, BETH, T0, classic(IVR_SITE_01_NUMBER, customer(1), "From IVR 3002")).unwrap();
    assert_eq!(sent.store, BETH);
    assert_eq!(
        inbox.send_sms(WAYNE, WAYNE, T0, classic(SITE_01_NUMBER, customer(1), "Hi")).unwrap_err(),
        DomainError::NumberNotOwned { number: SITE_01_NUMBER, extension_id: WAYNE }
    );
}

#[test]
fn a_call_queue_number_only_by_its_designated_user_stored_in_the_queues_store() {
    let mut inbox = inbox();
    let sent = inbox.send_sms(SAM, SAM, T0, classic(BILLING_QUEUE_NUMBER, customer(1), "Your invoice")).unwrap();
    assert_eq!(sent.store, BILLING_QUEUE, "the queue owns the message, not Sam");
    let id = sent.id;
    assert_eq!(inbox.sms_store_for(SAM, BILLING_QUEUE_NUMBER), Ok(BILLING_QUEUE));
    assert_eq!(inbox.message_store(SAM, SAM).unwrap().count(), 0);

    // Sam, an ordinary user, cannot read the queue's store; Wayne, a super admin, can.
    let err = inbox.message_store(SAM, BILLING_QUEUE).err().unwrap();
    assert_eq!(err, DomainError::MessageStoreForbidden { actor: SAM, store: BILLING_QUEUE });
    assert_eq!(err.code(), ErrorCode::Cmn408);
    let ids: Vec<_> = inbox.message_store(WAYNE, BILLING_QUEUE).unwrap().map(|m| m.id).collect();
    assert_eq!(ids, [id]);

    // Other handlers of the queue are not its designated SMS user.
    let err = inbox.send_sms(BETH, BETH, T0, classic(FINANCIAL_QUEUE_NUMBER, customer(1), "Hi")).unwrap_err();
    assert_eq!(err, DomainError::NumberNotOwned { number: FINANCIAL_QUEUE_NUMBER, extension_id: BETH });
    assert_eq!(
        inbox.send_sms(WAYNE, WAYNE, T0, classic(FINANCIAL_QUEUE_NUMBER, customer(1), "Hi")).unwrap().store,
        FINANCIAL_QUEUE
    );
}

#[test]
fn even_a_super_admin_cannot_send_on_behalf_of_another_user() {
    let mut inbox = inbox();
    let err = inbox.send_sms(WAYNE, NORA, T0, classic(NORA_NUMBER, customer(1), "Hi")).unwrap_err();
    assert_eq!(err, DomainError::OnBehalfOfOther { actor: WAYNE, on_behalf_of: NORA });
    assert_eq!(err.code(), ErrorCode::Cmn408);
    assert_eq!(inbox.message_store(NORA, NORA).unwrap().count(), 0);
}

#[test]
fn sms_to_a_disabled_user_is_dropped_and_kept_only_in_the_senders_store() {
    let mut inbox = inbox();
    let sent = inbox.send_sms(NORA, NORA, T0, classic(NORA_NUMBER, DAVE_NUMBER, "Hi Dave")).unwrap().clone();
    assert_eq!(sent.store, NORA);
    assert_eq!(sent.to, [DAVE_NUMBER]);
    assert_eq!(inbox.message_store(NORA, NORA).unwrap().collect::<Vec<_>>(), [&sent]);
    // Nobody reads Dave's store: he is disabled, and it is not anyone else's.
    assert_eq!(inbox.message_store(DAVE, DAVE).err(), Some(DomainError::ExtensionNotEnabled(DAVE)));
    assert_eq!(
        inbox.message_store(WAYNE, DAVE).err(),
        Some(DomainError::MessageStoreForbidden { actor: WAYNE, store: DAVE })
    );
    // A disabled user cannot send either.
    let err = inbox.send_sms(DAVE, DAVE, T0, classic(DAVE_NUMBER, customer(1), "Hi")).unwrap_err();
    assert_eq!(err, DomainError::ExtensionNotEnabled(DAVE));

    // By contrast, an enabled user of the account receives a copy in their own store.
    let next = inbox.send_sms(NORA, NORA, at(1), classic(NORA_NUMBER, WAYNE_NUMBER, "Hi Wayne")).unwrap().id;
    // Every stored copy takes the next message id: none was stored for Dave in between.
    assert_eq!(next.get(), sent.id.get() + 1, "a copy for Dave took an id");
    let received: Vec<_> = inbox.message_store(WAYNE, WAYNE).unwrap().collect();
    assert_eq!(received.len(), 1);
    assert_eq!((received[0].direction, received[0].status), (Direction::Inbound, MessageStatus::Received));
    assert_eq!(received[0].from, NORA_NUMBER);
    assert_eq!(inbox.message_store(NORA, NORA).unwrap().count(), 2);
}

#[test]
fn a_classic_sms_goes_to_at_most_ten_different_numbers() {
    let mut inbox = inbox();
    let numbers: Vec<PhoneNumber> = (1..=11).map(customer).collect();
    let mut eleven = classic(NORA_NUMBER, numbers[0], "Hi all");
    eleven.to = numbers.clone();
    let err = inbox.send_sms(NORA, NORA, T0, eleven).unwrap_err();
    assert_eq!(err, DomainError::TooManySmsRecipients { given: 11, max: MAX_SMS_RECIPIENTS });
    assert_eq!(inbox.message_store(NORA, NORA).unwrap().count(), 0, "nothing stored");
    // Ten is the limit, and a number given twice counts once.
    let mut ten = classic(NORA_NUMBER, numbers[0], "Hi all");
    ten.to = numbers[..10].iter().chain(&numbers[..3]).copied().collect();
    let sent = inbox.send_sms(NORA, NORA, T0, ten).unwrap();
    assert_eq!(sent.to, numbers[..10]);
}

#[test]
fn a_classic_sms_to_a_call_queue_is_kept_in_the_queues_store() {
    let mut inbox = inbox();
    let sent = inbox.send_sms(NORA, NORA, T0, classic(NORA_NUMBER, BILLING_QUEUE_NUMBER, "Invoice?")).unwrap().id;
    // The queue's store has it, readable by a super admin; its designated user's own does not.
    let queue: Vec<_> = inbox.message_store(WAYNE, BILLING_QUEUE).unwrap().collect();
    assert_eq!(queue.len(), 1);
    assert_eq!(
        (queue[0].store, queue[0].direction, queue[0].text.as_str()),
        (BILLING_QUEUE, Direction::Inbound, "Invoice?")
    );
    assert_eq!(inbox.message_store(SAM, SAM).unwrap().count(), 0);
    assert_ne!(queue[0].id, sent, "each copy is a message of its own");
}

// ----------------------------------------------------------------------------------------------
// Opt-out and delivery.

#[test]
fn stop_opts_a_customer_out_and_start_opts_them_back_in() {
    let mut inbox = inbox();
    let c = customer(1);
    let (thread, _) = receive(&mut inbox, T0, c, FINANCIAL_QUEUE_NUMBER, "STOP");
    assert!(inbox.is_opted_out(FINANCIAL_QUEUE_NUMBER, c));
    assert!(!inbox.is_opted_out(BILLING_QUEUE_NUMBER, c), "opt-out is per pair");
    assert_eq!(inbox.thread_by_id(thread).unwrap().label(), Some("STOP"), "the keyword is stored like any text");

    inbox.assign(WAYNE, at(1), thread, Some(WAYNE)).unwrap();
    let m = inbox.send(WAYNE, at(2), sms(FINANCIAL_QUEUE_NUMBER, c, "Are you sure?")).unwrap();
    assert_eq!(m.status(), MessageStatus::SendingFailed);
    assert_eq!(m.delivery_error(), Some(DeliveryError::RecipientOptedOut));
    assert_eq!(m.delivery_error().map(DeliveryError::code), Some("SMS-RC-410"));
    assert!(m.delivery_error().unwrap().code().starts_with("SMS-RC-"));
    let failed = m.id();
    inbox.advance(at(60_000));
    assert_eq!(inbox.message_by_id(failed).unwrap().status(), MessageStatus::SendingFailed, "never sent later");
    // Other pairs are unaffected.
    let other = inbox.send(SAM, at(60_000), sms(BILLING_QUEUE_NUMBER, c, "Your invoice")).unwrap();
    assert_eq!((other.status(), other.delivery_error()), (MessageStatus::Queued, None));

    // Not a keyword: a sentence with "stop" in it.
    receive(&mut inbox, at(60_001), customer(2), FINANCIAL_QUEUE_NUMBER, "Please stop by tomorrow");
    assert!(!inbox.is_opted_out(FINANCIAL_QUEUE_NUMBER, customer(2)));

    receive(&mut inbox, at(60_002), c, FINANCIAL_QUEUE_NUMBER, "start");
    assert!(!inbox.is_opted_out(FINANCIAL_QUEUE_NUMBER, c));
    let m = inbox.send(WAYNE, at(60_003), sms(FINANCIAL_QUEUE_NUMBER, c, "Welcome back")).unwrap();
    assert_eq!((m.status(), m.delivery_error()), (MessageStatus::Queued, None));

    for (word, out) in [("unsubscribe", true), ("Resume", false), ("QUIT", true), ("unstop", false), ("End", true)] {
        receive(&mut inbox, at(60_004), c, FINANCIAL_QUEUE_NUMBER, word);
        assert_eq!(inbox.is_opted_out(FINANCIAL_QUEUE_NUMBER, c), out, "after {word}");
    }
}

#[test]
fn an_outbound_message_goes_queued_then_sent_then_delivered_as_time_passes() {
    let mut inbox = inbox();
    let (_, id) = send(&mut inbox, WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, customer(1), "Hi Tom ..."));
    let status = |inbox: &Inbox| inbox.message_by_id(id).unwrap().status();
    assert_eq!(status(&inbox), MessageStatus::Queued);
    inbox.advance(at(999));
    assert_eq!(status(&inbox), MessageStatus::Queued);
    inbox.advance(at(1_000));
    assert_eq!(status(&inbox), MessageStatus::Sent);
    assert_eq!(inbox.message_by_id(id).unwrap().last_modified(), at(1_000));
    inbox.advance(at(1_999));
    assert_eq!(status(&inbox), MessageStatus::Sent);
    inbox.advance(at(2_000));
    assert_eq!(status(&inbox), MessageStatus::Delivered);
    assert_eq!(inbox.message_by_id(id).unwrap().last_modified(), at(2_000));
    let progress: Vec<_> =
        inbox.changes_since(0).filter(|e| e.change == Change::MessageStatusChanged(id)).map(|e| e.time).collect();
    assert_eq!(progress, [at(1_000), at(2_000)]);

    // A jump far ahead still passes through both steps; inbound messages are Received.
    let (_, late) = send(&mut inbox, WAYNE, at(10_000), sms(FINANCIAL_QUEUE_NUMBER, customer(1), "And?"));
    let (_, reply) = receive(&mut inbox, at(10_001), customer(1), FINANCIAL_QUEUE_NUMBER, "Yes");
    inbox.advance(at(3_600_000));
    assert_eq!(inbox.message_by_id(late).unwrap().status(), MessageStatus::Delivered);
    assert_eq!(inbox.message_by_id(reply).unwrap().status(), MessageStatus::Received);
}

#[test]
fn messages_are_checked_before_anything_changes() {
    let mut inbox = inbox();
    let c = customer(1);
    let empty = inbox.send(WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, c, "")).unwrap_err();
    assert_eq!(
        (empty.clone(), empty.code(), empty.parameter()),
        (DomainError::EmptyText, ErrorCode::Cmn100, Some("text"))
    );
    let long = "x".repeat(MAX_TEXT_CHARS + 1);
    assert_eq!(
        inbox.send(WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, c, &long)).unwrap_err(),
        DomainError::TextTooLong { length: MAX_TEXT_CHARS + 1, max: MAX_TEXT_CHARS }
    );
    let mut two = sms(FINANCIAL_QUEUE_NUMBER, c, "Hi");
    two.to.push(customer(2));
    assert_eq!(inbox.send(WAYNE, T0, two).unwrap_err(), DomainError::RecipientCount(2));
    assert_eq!(
        inbox.send(WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, FINANCIAL_QUEUE_NUMBER, "Hi")).unwrap_err(),
        DomainError::SameNumber
    );
    assert_eq!(
        inbox.send(WAYNE, T0, sms(FINANCIAL_QUEUE_NUMBER, NORA_NUMBER, "Hi")).unwrap_err(),
        DomainError::InternalNumber { number: NORA_NUMBER, parameter: "to" }
    );
    assert_eq!(
        inbox.send(WAYNE, T0, sms(WAYNE_NUMBER, c, "Hi")).unwrap_err(),
        DomainError::NotASharedNumber { number: WAYNE_NUMBER, parameter: "from.phoneNumber" }
    );
    let mut mms = sms(COMPANY_NUMBER, c, "");
    mms.attachments.push(NewAttachment { content_type: "image/png".into(), file_name: None, data: vec![1, 2, 3] });
    assert_eq!(
        inbox.send(WAYNE, T0, mms.clone()).unwrap_err(),
        DomainError::MissingFeature { number: COMPANY_NUMBER, feature: "MmsSender" }
    );
    // The main number has MMS: an attachment without text is fine there.
    mms.from = MAIN_NUMBER;
    let m = inbox.send(WAYNE, T0, mms).unwrap();
    assert_eq!(m.attachments().len(), 1);
    assert_eq!(inbox.all_threads().count(), 1);
    assert_eq!(
        inbox.receive(T0, inbound(NORA_NUMBER, FINANCIAL_QUEUE_NUMBER, "Hi")).unwrap_err(),
        DomainError::InternalNumber { number: NORA_NUMBER, parameter: "from" }
    );
    assert_eq!(
        inbox.receive(T0, inbound(c, WAYNE_NUMBER, "Hi")).unwrap_err(),
        DomainError::NotASharedNumber { number: WAYNE_NUMBER, parameter: "to" }
    );
}

// ----------------------------------------------------------------------------------------------
// Error codes.

#[test]
fn every_error_maps_to_its_code_and_parameter() {
    use DomainError::*;
    use ErrorCode::*;
    let (e, t, m, n, p) = (BETH, ThreadId::from_u128(9), MessageId::new(9), NoteId::new(9), customer(1));
    let cases: Vec<(DomainError, ErrorCode, Option<&str>)> = vec![
        (ThreadNotAssigned { extension_id: e }, Msg427, None),
        (ThreadNotFound(t), Cmn102, None),
        (MessageNotFound(m), Cmn102, None),
        (NoteNotFound(n), Cmn102, None),
        (ExtensionNotFound(e), Cmn102, None),
        (NotAHandler { extension_id: e, resource: FINANCIAL_QUEUE }, Cmn408, None),
        (NoLicense(e), Cmn408, None),
        (SenderNotAssignable(e), Cmn408, None),
        (ThreadMessagingOff(FINANCIAL_QUEUE), Cmn408, None),
        (NotAnAdmin(e), Cmn408, None),
        (OnBehalfOfOther { actor: WAYNE, on_behalf_of: e }, Cmn408, None),
        (MessageStoreForbidden { actor: e, store: BILLING_QUEUE }, Cmn408, None),
        (NotNoteAuthor { extension_id: e, note: n }, Cmn408, None),
        (ExtensionNotEnabled(DAVE), Cmn408, None),
        (ThreadNotOpen(t), Cmn101, Some("threadId")),
        (ThreadPairMismatch(t), Cmn101, Some("threadId")),
        (AssigneeNotAssignable(e), Cmn101, Some("assignee.extensionId")),
        (NotASharedNumber { number: p, parameter: "from.phoneNumber" }, Cmn101, Some("from.phoneNumber")),
        (NotASharedNumber { number: p, parameter: "to" }, Cmn101, Some("to")),
        (MissingFeature { number: p, feature: "SmsSender" }, Cmn101, Some("from.phoneNumber")),
        (NumberNotOwned { number: p, extension_id: e }, Cmn101, Some("from.phoneNumber")),
        (RecipientCount(0), Cmn101, Some("to")),
        (InternalNumber { number: p, parameter: "to" }, Cmn101, Some("to")),
        (InternalNumber { number: p, parameter: "from" }, Cmn101, Some("from")),
        (SameNumber, Cmn101, Some("to")),
        (EmptyText, Cmn100, Some("text")),
        (TextTooLong { length: 1001, max: 1000 }, Cmn101, Some("text")),
        (NotACommonResource(IVR_SITE_01), Cmn101, Some("resourceId")),
        (EmptyHandlerChange, Cmn100, Some("addedExtensionIds")),
        (TooManyHandlerChanges { parameter: "removedExtensionIds", max: 50 }, Cmn101, Some("removedExtensionIds")),
        (NotAUser { extension_id: DAVE, parameter: "addedExtensionIds" }, Cmn101, Some("addedExtensionIds")),
        (AddedAndRemoved(DAVE), Cmn101, Some("addedExtensionIds")),
        (InvalidSyncToken(TokenProblem::Malformed), Cmn101, Some("syncToken")),
    ];
    for (err, code, parameter) in cases {
        assert_eq!(err.code(), code, "code of {err:?}");
        assert_eq!(err.parameter(), parameter, "parameter of {err:?}");
        assert_eq!(err.extension_id(), matches!(err, ThreadNotAssigned { .. }).then_some(e), "extensionId of {err:?}");
        assert!(!err.to_string().is_empty());
    }
    let codes =
        [(Msg427, "MSG-427"), (Cmn100, "CMN-100"), (Cmn101, "CMN-101"), (Cmn102, "CMN-102"), (Cmn408, "CMN-408")];
    for (code, text) in codes {
        assert_eq!(code.as_str(), text);
    }
}
