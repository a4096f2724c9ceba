//! Typed slots: a record's position in its table inside the inbox.
//!
//! Records refer to each other by slot rather than by id (a hash lookup) or by reference (a
//! borrow). Each kind of record has its own slot type, so a message slot cannot index the
//! threads. A slot is a `u32`, so records stay as small as with bare integers.

use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// A position in a [`Table`].
pub(crate) trait Slot: Copy {
    /// The slot of the record at `index`.
    fn at(index: usize) -> Self;
    /// The record's index in its table.
    fn index(self) -> usize;
}

macro_rules! slot {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(crate) struct $name(u32);

        impl Slot for $name {
            fn at(index: usize) -> Self {
                Self(u32::try_from(index).expect("fewer than 2^32 records of a kind in one inbox"))
            }

            fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

slot!(
    /// A thread's slot.
    ThreadSlot
);
slot!(
    /// A thread message's slot.
    MessageSlot
);
slot!(
    /// A note's slot.
    NoteSlot
);
slot!(
    /// A classic SMS's slot in the message stores.
    SmsSlot
);
slot!(
    /// A journal entry's index (its sequence number minus one).
    EntrySlot
);

impl ThreadSlot {
    /// Stands for "not held by an inbox" (a record rebuilt from the wire).
    pub(crate) const DETACHED: ThreadSlot = ThreadSlot(u32::MAX);
}

impl MessageSlot {
    /// The slot as a number, for the id arithmetic of the message index.
    pub(crate) fn get(self) -> u32 {
        self.0
    }
}

impl EntrySlot {
    /// The sequence number of the entry (positions start at 1).
    pub(crate) fn seq(self) -> u64 {
        u64::from(self.0) + 1
    }
}

/// Records in the order they were made, indexed only by their own kind of slot. Records are
/// never removed (a deleted record is marked), so a slot stays valid for the inbox's life.
#[derive(Debug, Clone)]
pub(crate) struct Table<S, T> {
    items: Vec<T>,
    slot: PhantomData<S>,
}

impl<S, T> Default for Table<S, T> {
    fn default() -> Self {
        Self { items: Vec::new(), slot: PhantomData }
    }
}

impl<S: Slot, T> Table<S, T> {
    /// Appends a record and returns its slot.
    pub(crate) fn push(&mut self, item: T) -> S {
        let s = S::at(self.items.len());
        self.items.push(item);
        s
    }

    /// The slot the next record will get.
    pub(crate) fn next_slot(&self) -> S {
        S::at(self.items.len())
    }

    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    pub(crate) fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }
}

impl<S: Slot, T> Index<S> for Table<S, T> {
    type Output = T;

    fn index(&self, s: S) -> &T {
        &self.items[s.index()]
    }
}

impl<S: Slot, T> IndexMut<S> for Table<S, T> {
    fn index_mut(&mut self, s: S) -> &mut T {
        &mut self.items[s.index()]
    }
}
