//! Ids the mock hands out: UUID-shaped thread ids and ten-digit message and note ids, drawn
//! from a seeded generator so that the same requests give the same ids run after run.

use rcthreads_domain::{IdSource, MessageId, NoteId, ThreadId};

/// A deterministic [`IdSource`] (splitmix64 for thread ids, counters for the rest).
#[derive(Debug, Clone)]
pub struct MockIds {
    state: u64,
    counter: u64,
}

impl MockIds {
    /// Ids for one account; `seed` separates accounts.
    pub fn new(seed: u64) -> Self {
        Self { state: seed ^ 0x9e37_79b9_7f4a_7c15, counter: 2_904_652_000 + (seed % 1000) * 1_000_000 }
    }

    fn next_random(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

impl IdSource for MockIds {
    fn thread_id(&mut self) -> ThreadId {
        let raw = (u128::from(self.next_random()) << 64) | u128::from(self.next_random());
        // Version 4, RFC 4122 variant: it looks like the service's ids.
        let raw = (raw & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
        ThreadId::from_u128(raw)
    }

    fn message_id(&mut self) -> MessageId {
        self.counter += 1;
        MessageId::new(self.counter)
    }

    fn note_id(&mut self) -> NoteId {
        self.counter += 1;
        NoteId::new(self.counter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_ids_are_v4_shaped_and_repeatable() {
        let mut a = MockIds::new(1);
        let mut b = MockIds::new(1);
        let id = a.thread_id();
        assert_eq!(id, b.thread_id());
        assert_eq!(id.uuid().get_version_num(), 4);
        assert_ne!(id, a.thread_id());
        assert_eq!(a.message_id().to_string().len(), 10);
    }
}
