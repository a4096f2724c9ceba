//! Notes: internal remarks handlers leave on an open thread; never sent to the customer.

use crate::error::DomainError;
use crate::id::{ExtensionId, NoteId, ThreadId};
use crate::inbox::Inbox;
use crate::journal::Rec;
use crate::note::Note;
use crate::recipients::Action;
use crate::slot::{NoteSlot, ThreadSlot};
use crate::text::check_text;
use crate::thread::{Availability, Thread};
use crate::time::Timestamp;

/// A note must say something: blank text counts as none.
fn check_note_text(text: &str) -> Result<(), DomainError> {
    check_text(text.trim(), false).and_then(|()| check_text(text, false))
}

impl Inbox {
    /// Adds a note to an open thread. The author must handle the thread's resource.
    pub fn add_note(
        &mut self,
        actor: ExtensionId,
        now: Timestamp,
        thread: ThreadId,
        text: impl Into<String>,
    ) -> Result<&Note, DomainError> {
        let now = self.advance(now);
        self.require_actor(actor)?;
        let text = text.into();
        let t = self.visible_slot(actor, thread)?;
        if !self.records[t].is_open_alive() {
            return Err(DomainError::ThreadNotOpen(thread));
        }
        check_note_text(&text)?;
        let note = Note {
            id: self.ids.note_id(),
            thread,
            author: actor,
            text,
            availability: Availability::Alive,
            created: now,
            last_modified: now,
        };
        let s = self.records.add_note(t, note);
        self.journal.push(now, Rec::NoteAdded(s));
        self.notify(Action::NoteChanged, t);
        Ok(&self.records[s])
    }

    /// The slots of a note the actor may change (alive, theirs, on an open thread they handle)
    /// and of its thread.
    fn own_note(&self, actor: ExtensionId, id: NoteId) -> Result<(NoteSlot, ThreadSlot), DomainError> {
        let s = self.records.note_slot(id).ok_or(DomainError::NoteNotFound(id))?;
        let note = &self.records[s];
        if note.availability == Availability::Deleted {
            return Err(DomainError::NoteNotFound(id));
        }
        let t = self.visible_slot(actor, note.thread)?;
        if note.author != actor {
            return Err(DomainError::NotNoteAuthor { extension_id: actor, note: id });
        }
        if !self.records[t].is_open_alive() {
            return Err(DomainError::ThreadNotOpen(note.thread));
        }
        Ok((s, t))
    }

    /// Replaces a note's text. Only its author, and only while the thread is open.
    pub fn edit_note(
        &mut self,
        actor: ExtensionId,
        now: Timestamp,
        id: NoteId,
        text: impl Into<String>,
    ) -> Result<&Note, DomainError> {
        let now = self.advance(now);
        self.require_actor(actor)?;
        let (s, t) = self.own_note(actor, id)?;
        let text = text.into();
        check_note_text(&text)?;
        let note = &mut self.records[s];
        note.text = text;
        note.last_modified = now;
        self.journal.push(now, Rec::NoteEdited(s));
        self.notify(Action::NoteChanged, t);
        Ok(&self.records[s])
    }

    /// Deletes notes by id: all of them, or none when one may not be deleted. Only their author,
    /// and only while the thread is open.
    pub fn delete_notes(&mut self, actor: ExtensionId, now: Timestamp, ids: &[NoteId]) -> Result<(), DomainError> {
        let now = self.advance(now);
        self.require_actor(actor)?;
        let slots = ids.iter().map(|&id| self.own_note(actor, id)).collect::<Result<Vec<_>, _>>()?;
        for (s, t) in slots {
            let note = &mut self.records[s];
            if note.availability == Availability::Alive {
                note.availability = Availability::Deleted;
                note.last_modified = now;
                self.journal.push(now, Rec::NoteDeleted(s));
                self.notify(Action::NoteChanged, t);
            }
        }
        Ok(())
    }

    /// A note, as `actor` may see it.
    pub fn note(&self, actor: ExtensionId, id: NoteId) -> Result<&Note, DomainError> {
        self.require_actor(actor)?;
        let note = self.note_by_id(id).ok_or(DomainError::NoteNotFound(id))?;
        self.visible_slot(actor, note.thread)?;
        Ok(note)
    }

    /// A note, whoever asks.
    pub fn note_by_id(&self, id: NoteId) -> Option<&Note> {
        self.records.note_slot(id).map(|s| &self.records[s])
    }

    /// A thread's notes, oldest first (deleted ones included).
    pub fn notes_of<'a>(&'a self, thread: &'a Thread) -> impl Iterator<Item = &'a Note> + 'a {
        thread.note_slots().iter().map(|&s| &self.records[s])
    }
}
