//! `Inbox::next_deadline` is what a timer sleeps on: it must never be late (nothing changes
//! before it) and advancing to it must leave a later deadline or none.

mod commands;

use commands::{T0, at, cmd, resolve, run};
use proptest::collection::vec;
use proptest::prelude::*;
use rcthreads_domain::{Inbox, Millis, SequentialIds, sample};

fn inbox() -> Inbox {
    Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// After any command sequence, advancing to 1 ms before the next deadline changes nothing,
    /// and a timer that keeps advancing to each next deadline drains the schedule with every
    /// step moving forward.
    #[test]
    fn the_next_deadline_is_never_late(cmds in vec(cmd(), 1..60)) {
        let mut inbox = commands::inbox();
        inbox.advance(T0);
        for cmd in &cmds {
            let t = at(&inbox, cmd.when);
            if cmd.pre_advance {
                inbox.advance(t);
            }
            let step = resolve(&inbox, &cmd.op);
            let _ = run(&mut inbox, &step, t);
        }
        let start = inbox.now();
        let mut steps = 0;
        while let Some(due) = inbox.next_deadline() {
            let before = inbox.journal_seq();
            if due > inbox.now() {
                inbox.advance(due + Millis(-1));
                prop_assert_eq!(inbox.journal_seq(), before, "nothing falls due before the deadline");
            }
            inbox.advance(due);
            if let Some(next) = inbox.next_deadline() {
                prop_assert!(next > inbox.now() && inbox.now() >= start, "advancing to a deadline consumes it");
            }
            steps += 1;
            prop_assert!(steps < 10_000, "the schedule drains");
        }
        // Nothing is scheduled: no amount of time changes the inbox.
        let before = inbox.journal_seq();
        inbox.advance(inbox.now() + Millis::hours(1_000));
        prop_assert_eq!(inbox.journal_seq(), before);
    }
}

/// A sent message schedules its `Sent` change one second later; that is the next deadline.
#[test]
fn a_sent_message_is_due_one_second_later() {
    use rcthreads_domain::OutboundMessage;
    use rcthreads_domain::sample::{FINANCIAL_QUEUE_NUMBER, WAYNE};
    let mut inbox = inbox();
    assert_eq!(inbox.next_deadline(), None);
    let guest = "+16502240001".parse().unwrap();
    inbox.send(WAYNE, T0, OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, guest, "Hi")).unwrap();
    assert_eq!(inbox.next_deadline(), Some(T0 + Millis::seconds(1)));
    inbox.advance(T0 + Millis::seconds(1));
    assert_eq!(inbox.next_deadline(), Some(T0 + Millis::seconds(2)));
    inbox.advance(T0 + Millis::seconds(2));
    assert_eq!(inbox.next_deadline(), Some(T0 + Millis::hours(72)));
}
