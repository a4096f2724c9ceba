//! Notes: internal remarks handlers leave on an open thread; never sent to the customer.

use crate::error::DomainError;
use crate::id::{ExtensionId, NoteId, ThreadId};
use crate::inbox::{Inbox, slot};
use crate::journal::Rec;
use crate::recipients::Action;
use crate::send::check_text;
use crate::thread::{Availability, Thread};
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
        if !self.threads[t as usize].is_open_alive() {
            return Err(DomainError::ThreadNotOpen(thread));
        }
        check_note_text(&text)?;
        let id = self.ids.note_id();
        let s = slot(self.notes.len());
        self.notes.push(Note {
            id,
            thread,
            author: actor,
            text,
            availability: Availability::Alive,
            created: now,
            last_modified: now,
        });
        self.note_slots.insert(id, s);
        self.threads[t as usize].notes.push(s);
        self.journal.push(now, Rec::NoteAdded(s));
        self.notify(Action::NoteChanged, t);
        Ok(&self.notes[s as usize])
    }

    /// The slot of a note the actor may change: alive, theirs, on an open thread they handle.
    fn own_note(&self, actor: ExtensionId, id: NoteId) -> Result<u32, DomainError> {
        let &s = self.note_slots.get(&id).ok_or(DomainError::NoteNotFound(id))?;
        let note = &self.notes[s as usize];
        if note.availability == Availability::Deleted {
            return Err(DomainError::NoteNotFound(id));
        }
        let t = self.visible_slot(actor, note.thread)?;
        if note.author != actor {
            return Err(DomainError::NotNoteAuthor { extension_id: actor, note: id });
        }
        if !self.threads[t as usize].is_open_alive() {
            return Err(DomainError::ThreadNotOpen(note.thread));
        }
        Ok(s)
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
        let s = self.own_note(actor, id)?;
        let text = text.into();
        check_note_text(&text)?;
        let note = &mut self.notes[s as usize];
        note.text = text;
        note.last_modified = now;
        let thread = note.thread;
        self.journal.push(now, Rec::NoteEdited(s));
        self.notify(Action::NoteChanged, self.thread_slots[&thread]);
        Ok(&self.notes[s as usize])
    }

    /// Deletes notes by id: all of them, or none when one may not be deleted. Only their author,
    /// and only while the thread is open.
    pub fn delete_notes(&mut self, actor: ExtensionId, now: Timestamp, ids: &[NoteId]) -> Result<(), DomainError> {
        let now = self.advance(now);
        self.require_actor(actor)?;
        let slots = ids.iter().map(|&id| self.own_note(actor, id)).collect::<Result<Vec<_>, _>>()?;
        for s in slots {
            let note = &mut self.notes[s as usize];
            if note.availability == Availability::Alive {
                note.availability = Availability::Deleted;
                note.last_modified = now;
                let thread = note.thread;
                self.journal.push(now, Rec::NoteDeleted(s));
                self.notify(Action::NoteChanged, self.thread_slots[&thread]);
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
        self.note_slots.get(&id).map(|&s| &self.notes[s as usize])
    }

    /// A thread's notes, oldest first (deleted ones included).
    pub fn notes_of<'a>(&'a self, thread: &'a Thread) -> impl Iterator<Item = &'a Note> + 'a {
        thread.notes.iter().map(|&s| &self.notes[s as usize])
    }
}
