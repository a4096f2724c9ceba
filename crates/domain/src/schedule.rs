//! Deadlines: thread expiry and delivery progression, kept in time order so that applying what
//! fell due costs only the work that is due, never a scan over all threads.
//!
//! The inbox's clock never goes back and every deadline is "now + a fixed span", so each queue
//! receives its deadlines in non-decreasing order: a FIFO queue is an ordered index here, with
//! O(1) insertion. Expiry entries go stale when a thread gets a newer message; a stale entry is
//! recognised when it reaches the front (the thread's deadline no longer matches) and skipped.

use std::collections::VecDeque;

use crate::slot::{MessageSlot, ThreadSlot};
use crate::time::Timestamp;

/// What falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Due {
    /// The thread in this slot may expire (if the deadline still matches).
    Expire(ThreadSlot),
    /// The message in this slot becomes `Sent`.
    Sent(MessageSlot),
    /// The message in this slot becomes `Delivered`.
    Delivered(MessageSlot),
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Schedule {
    expiry: VecDeque<(Timestamp, ThreadSlot)>,
    sent: VecDeque<(Timestamp, MessageSlot)>,
    delivered: VecDeque<(Timestamp, MessageSlot)>,
}

fn push<S>(queue: &mut VecDeque<(Timestamp, S)>, at: Timestamp, slot: S) {
    debug_assert!(queue.back().is_none_or(|&(t, _)| t <= at), "deadlines arrive in order");
    queue.push_back((at, slot));
}

impl Schedule {
    pub(crate) fn expire_at(&mut self, at: Timestamp, thread: ThreadSlot) {
        push(&mut self.expiry, at, thread);
    }

    pub(crate) fn sent_at(&mut self, at: Timestamp, message: MessageSlot) {
        push(&mut self.sent, at, message);
    }

    pub(crate) fn delivered_at(&mut self, at: Timestamp, message: MessageSlot) {
        push(&mut self.delivered, at, message);
    }

    /// The earliest entry due at or before `now`, removed from its queue. Ties go to delivery
    /// first, so a message sent just before a thread's deadline is delivered before it expires.
    pub(crate) fn pop_due(&mut self, now: Timestamp) -> Option<(Timestamp, Due)> {
        let candidates = [
            self.sent.front().map(|&(t, _)| (t, 0)),
            self.delivered.front().map(|&(t, _)| (t, 1)),
            self.expiry.front().map(|&(t, _)| (t, 2)),
        ];
        let (t, which) = candidates.into_iter().flatten().filter(|&(t, _)| t <= now).min()?;
        let due = match which {
            0 => Due::Sent(self.sent.pop_front()?.1),
            1 => Due::Delivered(self.delivered.pop_front()?.1),
            _ => Due::Expire(self.expiry.pop_front()?.1),
        };
        Some((t, due))
    }

    /// The earliest deadline waiting, if any. An expiry entry may have gone stale (the thread got
    /// a newer message); reaching it then applies nothing, and the next call says what follows.
    pub(crate) fn next(&self) -> Option<Timestamp> {
        let first = |q: Option<Timestamp>, r: Option<Timestamp>| q.into_iter().chain(r).min();
        let delivery = first(self.sent.front().map(|&(t, _)| t), self.delivered.front().map(|&(t, _)| t));
        first(delivery, self.expiry.front().map(|&(t, _)| t))
    }

    /// Drops stale expiry entries once they outnumber live threads, keeping memory proportional
    /// to open threads. Amortised O(1) per message.
    pub(crate) fn compact_expiry(&mut self, live: usize, is_current: impl Fn(Timestamp, ThreadSlot) -> bool) {
        if self.expiry.len() > 2 * live + 1024 {
            self.expiry.retain(|&(t, slot)| is_current(t, slot));
        }
    }

    /// Entries waiting, for tests and benchmarks.
    pub(crate) fn pending(&self) -> usize {
        self.expiry.len() + self.sent.len() + self.delivered.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slot::Slot;

    fn m(i: usize) -> MessageSlot {
        MessageSlot::at(i)
    }

    fn th(i: usize) -> ThreadSlot {
        ThreadSlot::at(i)
    }

    fn t(ms: i64) -> Timestamp {
        Timestamp::from_millis(ms)
    }

    #[test]
    fn pops_in_time_order_across_queues() {
        let mut s = Schedule::default();
        s.sent_at(t(10), m(1));
        s.expire_at(t(5), th(7));
        s.delivered_at(t(10), m(2));
        s.expire_at(t(10), th(8));
        assert_eq!(s.next(), Some(t(5)));
        assert_eq!(s.pop_due(t(4)), None);
        assert_eq!(s.pop_due(t(100)), Some((t(5), Due::Expire(th(7)))));
        assert_eq!(s.pop_due(t(100)), Some((t(10), Due::Sent(m(1)))));
        assert_eq!(s.pop_due(t(100)), Some((t(10), Due::Delivered(m(2)))));
        assert_eq!(s.pop_due(t(9)), None);
        assert_eq!(s.pop_due(t(10)), Some((t(10), Due::Expire(th(8)))));
        assert_eq!(s.pending(), 0);
        assert_eq!(s.next(), None);
    }

    #[test]
    fn pending_counts_every_queue() {
        let mut s = Schedule::default();
        s.expire_at(t(1), th(1));
        s.sent_at(t(1), m(1));
        s.sent_at(t(2), m(2));
        s.delivered_at(t(1), m(3));
        s.delivered_at(t(2), m(4));
        s.delivered_at(t(3), m(5));
        assert_eq!(s.pending(), 6);
    }

    #[test]
    fn stale_expiry_entries_go_once_they_outnumber_twice_the_live_threads_plus_1024() {
        for live in [0usize, 3, 10] {
            let limit = 2 * live + 1024;
            let mut s = Schedule::default();
            // Entries alternate between thread 0 (current) and thread 1 (stale).
            let current = |_: Timestamp, slot: ThreadSlot| slot == th(0);
            for i in 0..limit {
                s.expire_at(t(i as i64), th(i % 2));
            }
            s.compact_expiry(live, current);
            assert_eq!(s.pending(), limit, "{live} live threads: at the limit, all kept");
            s.expire_at(t(limit as i64), th(1));
            s.compact_expiry(live, current);
            assert_eq!(s.pending(), limit / 2, "{live} live threads: past the limit, the current ones kept");
        }
    }
}
