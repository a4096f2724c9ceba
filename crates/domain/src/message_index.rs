//! Finding a message's slot from its id without hashing in the common case.
//!
//! Id sources usually hand out message ids in sequence, so a message's id is the first id plus
//! its slot. Those need no index entry; only ids off that line are kept in a hash map. This
//! saves a hash insert per message on the hottest path and about a tenth of a message's memory.

use foldhash::HashMap;

use crate::id::MessageId;
use crate::slot::{MessageSlot, Slot};

#[derive(Debug, Clone, Default)]
pub(crate) struct MessageIndex {
    /// The id of the message in slot 0.
    base: Option<u64>,
    /// Ids that are not `base + slot`.
    others: HashMap<MessageId, MessageSlot>,
}

impl MessageIndex {
    /// Records that the message `id` is in `slot` (slots are handed out in order).
    pub(crate) fn insert(&mut self, id: MessageId, slot: MessageSlot) {
        let n = u64::from(slot.get());
        let base = *self.base.get_or_insert(id.get().wrapping_sub(n));
        if base.wrapping_add(n) != id.get() {
            self.others.insert(id, slot);
        }
    }

    /// The slot of `id`, given the id held by a candidate slot.
    pub(crate) fn get(
        &self,
        id: MessageId,
        len: usize,
        id_at: impl Fn(MessageSlot) -> MessageId,
    ) -> Option<MessageSlot> {
        if let Some(base) = self.base {
            let candidate = id.get().wrapping_sub(base);
            if candidate < len as u64 {
                let slot = MessageSlot::at(candidate as usize);
                if id_at(slot) == id {
                    return Some(slot);
                }
            }
        }
        self.others.get(&id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequential_and_scattered_ids_are_both_found() {
        let ids = [100u64, 101, 102, 7, 104, 5];
        let mut slots = MessageIndex::default();
        for (i, &id) in ids.iter().enumerate() {
            slots.insert(MessageId::new(id), MessageSlot::at(i));
        }
        assert_eq!(slots.others.len(), 2, "only the two off-sequence ids are hashed");
        let at = |s: MessageSlot| MessageId::new(ids[s.index()]);
        for (i, &id) in ids.iter().enumerate() {
            assert_eq!(slots.get(MessageId::new(id), ids.len(), at), Some(MessageSlot::at(i)));
        }
        assert_eq!(slots.get(MessageId::new(103), ids.len(), at), None);
        assert_eq!(slots.get(MessageId::new(99), ids.len(), at), None);
        assert_eq!(slots.get(MessageId::new(1_000), ids.len(), at), None);
    }
}
