//! The `ThreadMessaging` port over the in-memory inbox, used as an application would: through
//! the trait, from async code, as two handlers sharing one inbox and clock.

use rcthreads_domain::sample::{self, BETH, FINANCIAL_QUEUE_NUMBER, WAYNE};
use rcthreads_domain::{
    DomainError, EntryScope, InMemoryThreadMessaging, InboundMessage, Inbox, Message, Millis, OutboundMessage,
    OwnedEntry, PhoneNumber, SequentialIds, SyncType, THREAD_TTL, ThreadMessaging, ThreadQuery, ThreadState, Timestamp,
};

const T0: Timestamp = Timestamp::from_millis(1_773_349_593_706);
const TOM: PhoneNumber = PhoneNumber::from_digits_unchecked(16_502_240_001);

/// Application code knows only the trait.
async fn greet<M: ThreadMessaging>(m: &M, text: &str) -> Result<Message, M::Error> {
    m.send_message(OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, TOM, text)).await
}

fn port() -> InMemoryThreadMessaging {
    let inbox = Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default());
    InMemoryThreadMessaging::new(inbox, WAYNE, T0)
}

#[test]
fn send_refuse_expire_and_sync_through_the_port() {
    pollster::block_on(async {
        let wayne = port();
        let beth = wayne.as_extension(BETH);
        assert_eq!((wayne.actor(), beth.actor()), (WAYNE, BETH));

        // Wayne starts the thread and holds it.
        let sent = greet(&wayne, "Hi Tom, your statement is ready").await.unwrap();
        let thread = sent.thread_id();
        assert_eq!(wayne.read_thread(thread).await.unwrap().assignee(), Some(WAYNE));

        let fsync = wayne.sync_threads(None).await.unwrap();
        assert_eq!(fsync.sync_type, SyncType::FSync);
        assert_eq!(fsync.threads.iter().map(|t| t.id()).collect::<Vec<_>>(), [thread]);

        // Beth, another handler of the queue, may not reply into Wayne's thread.
        let err = greet(&beth, "Hello from Beth").await.unwrap_err();
        assert_eq!(err, DomainError::ThreadNotAssigned { extension_id: BETH });
        assert_eq!((err.code().as_str(), err.extension_id()), ("MSG-427", Some(BETH)));

        // Tom answers; the same clock runs for everyone.
        wayne.advance(Millis::hours(1));
        wayne.receive(InboundMessage { from: TOM, to: FINANCIAL_QUEUE_NUMBER, text: "Thanks".into() }).unwrap();

        // 72 hours after the last message the thread is resolved as expired.
        wayne.advance(Millis(THREAD_TTL.0 - 1));
        assert!(wayne.read_thread(thread).await.unwrap().is_open_alive());
        wayne.advance(Millis(1));
        let expired = beth.read_thread(thread).await.unwrap();
        assert_eq!((expired.state(), expired.assignee()), (ThreadState::Expired, None));
        assert_eq!(expired.last_modified(), T0 + Millis::hours(1) + THREAD_TTL);

        // Wayne's ISync brings the thread in its final state; a fresh FSync no longer has it.
        let isync = wayne.sync_threads(Some(fsync.token)).await.unwrap();
        assert_eq!(isync.sync_type, SyncType::ISync);
        assert_eq!(isync.threads.len(), 1);
        assert_eq!((isync.threads[0].id(), isync.threads[0].state()), (thread, ThreadState::Expired));
        assert!(wayne.sync_threads(None).await.unwrap().threads.is_empty());

        // With the old thread closed, Beth's message starts a new one, assigned to her.
        let new = greet(&beth, "Hello from Beth").await.unwrap();
        assert_ne!(new.thread_id(), thread);
        assert_eq!(beth.read_thread(new.thread_id()).await.unwrap().assignee(), Some(BETH));
        let listed = beth.list_threads(ThreadQuery::default()).await.unwrap();
        assert_eq!(listed.records.iter().map(|t| t.id()).collect::<Vec<_>>(), [thread, new.thread_id()]);
    });
}

#[test]
fn entries_and_notes_through_the_port() {
    pollster::block_on(async {
        let wayne = port();
        let beth = wayne.as_extension(BETH);
        let thread = greet(&wayne, "Hi Tom").await.unwrap().thread_id();
        let fsync = beth.sync_entries(EntryScope::Accessible, None).await.unwrap();
        assert_eq!(fsync.sync_type, SyncType::FSync);

        let note = beth.create_note(thread, "Tom called the front desk".into()).await.unwrap();
        assert_eq!(note.author(), BETH);
        let err = wayne.update_note(note.id(), "Edited by Wayne".into()).await.unwrap_err();
        assert_eq!(err, DomainError::NotNoteAuthor { extension_id: WAYNE, note: note.id() });
        wayne.assign_thread(thread, Some(BETH)).await.unwrap();

        let isync = beth.sync_entries(EntryScope::Accessible, Some(fsync.token)).await.unwrap();
        assert_eq!(isync.sync_type, SyncType::ISync);
        assert!(isync.entries.iter().any(|e| matches!(e, OwnedEntry::Note(n) if n.id() == note.id())));
        assert!(isync.entries.iter().any(|e| matches!(e, OwnedEntry::Hint(h) if h.thread == thread)));

        // Beth now holds the thread and may reply; Wayne may not.
        assert!(greet(&beth, "Beth here").await.is_ok());
        assert_eq!(
            greet(&wayne, "Wayne here").await.unwrap_err(),
            DomainError::ThreadNotAssigned { extension_id: WAYNE }
        );
        wayne.resolve_thread(thread).await.unwrap();
        let err = beth.delete_notes(vec![note.id()]).await.unwrap_err();
        assert_eq!(err, DomainError::ThreadNotOpen(thread));
    });
}

#[test]
fn the_clock_and_deletions_through_the_port() {
    use rcthreads_domain::{Availability, MessageQuery};
    pollster::block_on(async {
        let wayne = port();
        let beth = wayne.as_extension(BETH);
        assert_eq!((wayne.now(), beth.now()), (T0, T0));
        assert_eq!(wayne.advance(Millis(90)), T0 + Millis(90));
        assert_eq!(beth.now(), T0 + Millis(90), "one clock for everyone");

        let first = greet(&wayne, "Hi Tom").await.unwrap();
        let second = greet(&wayne, "Are you there?").await.unwrap();
        let thread = first.thread_id();
        let in_thread = || MessageQuery { thread_ids: vec![thread], ..MessageQuery::default() };
        wayne.delete_messages(vec![first.id()]).await.unwrap();
        let left = wayne.list_messages(in_thread()).await.unwrap();
        assert_eq!(left.records.iter().map(Message::id).collect::<Vec<_>>(), [second.id()]);

        wayne.delete_thread(thread).await.unwrap();
        let alive = wayne.list_threads(ThreadQuery::default()).await.unwrap();
        assert!(alive.records.is_empty(), "{:?}", alive.records);
        let deleted = ThreadQuery { availability: vec![Availability::Deleted], ..ThreadQuery::default() };
        assert_eq!(wayne.list_threads(deleted).await.unwrap().records.len(), 1);
    });
}
