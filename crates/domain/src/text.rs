//! The text rules shared by messages, notes and classic SMS.

use crate::error::DomainError;

/// The most characters a message text may have.
pub const MAX_TEXT_CHARS: usize = 1000;

/// The text rules of messages and notes: required unless `may_be_empty` (an MMS with
/// attachments), at most [`MAX_TEXT_CHARS`] characters.
pub(crate) fn check_text(text: &str, may_be_empty: bool) -> Result<(), DomainError> {
    if text.is_empty() && !may_be_empty {
        return Err(DomainError::EmptyText);
    }
    let length = text.chars().count();
    if length > MAX_TEXT_CHARS {
        return Err(DomainError::TextTooLong { length, max: MAX_TEXT_CHARS });
    }
    Ok(())
}
