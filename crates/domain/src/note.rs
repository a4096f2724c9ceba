//! A note: an internal remark handlers leave on a thread; never sent to the customer.

use crate::id::{ExtensionId, NoteId, ThreadId};
use crate::thread::Availability;
use crate::time::Timestamp;

/// A note on a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub(crate) id: NoteId,
    pub(crate) thread: ThreadId,
    pub(crate) author: ExtensionId,
    pub(crate) text: String,
    pub(crate) availability: Availability,
    pub(crate) created: Timestamp,
    pub(crate) last_modified: Timestamp,
}

impl Note {
    /// The note's id.
    pub fn id(&self) -> NoteId {
        self.id
    }

    /// The thread it is on.
    pub fn thread_id(&self) -> ThreadId {
        self.thread
    }

    /// Who wrote it; only they may edit or delete it.
    pub fn author(&self) -> ExtensionId {
        self.author
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Alive or deleted.
    pub fn availability(&self) -> Availability {
        self.availability
    }

    /// When it was written.
    pub fn created(&self) -> Timestamp {
        self.created
    }

    /// Its last edit or deletion.
    pub fn last_modified(&self) -> Timestamp {
        self.last_modified
    }
}
