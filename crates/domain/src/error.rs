//! Typed errors: one variant per broken rule, each carrying what a caller needs to react.
//!
//! HTTP is not the domain's business, but every variant maps to exactly one error code of the
//! API ([`DomainError::code`]) and, where one input is at fault, to the parameter that names it
//! ([`DomainError::parameter`]). The wire crate turns these into status and envelope.

use crate::id::{ExtensionId, MessageId, NoteId, ThreadId};
use crate::phone::PhoneNumber;
use crate::token::TokenProblem;

/// The API error codes the domain's rules produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// `MSG-427`: the thread is not assigned to the caller.
    Msg427,
    /// `CMN-100`: a required parameter is missing.
    Cmn100,
    /// `CMN-101`: a parameter's value is invalid.
    Cmn101,
    /// `CMN-102`: the resource does not exist.
    Cmn102,
    /// `CMN-408`: the caller lacks the permission.
    Cmn408,
}

impl ErrorCode {
    /// The code as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Msg427 => "MSG-427",
            ErrorCode::Cmn100 => "CMN-100",
            ErrorCode::Cmn101 => "CMN-101",
            ErrorCode::Cmn102 => "CMN-102",
            ErrorCode::Cmn408 => "CMN-408",
        }
    }
}

/// A rule of thread messaging or classic SMS that a command broke. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// MSG-427: only the assignee may send into an open thread (an unassigned open thread
    /// accepts nobody until it is assigned), or hand an assigned thread to someone else.
    #[error("The thread is not assigned to extension [{extension_id}] at the moment.")]
    ThreadNotAssigned {
        /// The caller who was refused.
        extension_id: ExtensionId,
    },
    /// CMN-102: no such thread in this account.
    #[error("Thread [{0}] is not found")]
    ThreadNotFound(ThreadId),
    /// CMN-102: no such message in this account.
    #[error("Message [{0}] is not found")]
    MessageNotFound(MessageId),
    /// CMN-102: no such note in this account.
    #[error("Note [{0}] is not found")]
    NoteNotFound(NoteId),
    /// CMN-102: no such extension in this account.
    #[error("Extension [{0}] is not found")]
    ExtensionNotFound(ExtensionId),
    /// CMN-408: the caller is not an SMS handler of the resource (reading or acting on another
    /// resource's thread, or sending from its number).
    #[error("Extension [{extension_id}] is not an SMS handler of resource [{resource}]")]
    NotAHandler {
        /// The caller.
        extension_id: ExtensionId,
        /// The common resource.
        resource: ExtensionId,
    },
    /// CMN-408: the handler has no SMS licence, so cannot send.
    #[error("Extension [{0}] has no SMS license")]
    NoLicense(ExtensionId),
    /// CMN-408: a handler that is not assignable cannot start a thread (it would become its
    /// assignee).
    #[error("Extension [{0}] is not assignable, so it cannot start a thread")]
    SenderNotAssignable(ExtensionId),
    /// CMN-408: thread messaging is off for the account or for this kind of resource.
    #[error("Thread messaging is not enabled for resource [{0}]")]
    ThreadMessagingOff(ExtensionId),
    /// CMN-408: only a super admin may change SMS handlers.
    #[error("Extension [{0}] may not change SMS handlers")]
    NotAnAdmin(ExtensionId),
    /// CMN-408: nobody, not even a super admin, may send SMS on behalf of another extension.
    #[error("Extension [{actor}] cannot send SMS on behalf of extension [{on_behalf_of}]")]
    OnBehalfOfOther {
        /// The caller.
        actor: ExtensionId,
        /// Whose mailbox was named.
        on_behalf_of: ExtensionId,
    },
    /// CMN-408: the caller may not read this message store.
    #[error("Extension [{actor}] may not read the message store of extension [{store}]")]
    MessageStoreForbidden {
        /// The caller.
        actor: ExtensionId,
        /// The store's extension.
        store: ExtensionId,
    },
    /// CMN-408: only a note's author may edit or delete it.
    #[error("Extension [{extension_id}] is not the author of note [{note}]")]
    NotNoteAuthor {
        /// The caller.
        extension_id: ExtensionId,
        /// The note.
        note: NoteId,
    },
    /// CMN-408: the caller's extension is disabled or frozen.
    #[error("Extension [{0}] is not enabled")]
    ExtensionNotEnabled(ExtensionId),
    /// CMN-101 `threadId`: the thread is resolved, expired or deleted.
    #[error("Thread [{0}] is not open")]
    ThreadNotOpen(ThreadId),
    /// CMN-101 `threadId`: the thread given is between other numbers than `from` and `to`.
    #[error("Thread [{0}] is not between the given 'from' and 'to' numbers")]
    ThreadPairMismatch(ThreadId),
    /// CMN-101 `assignee.extensionId`: the new assignee is not an assignable handler.
    #[error("Extension [{0}] is not an assignable SMS handler of this thread's resource")]
    AssigneeNotAssignable(ExtensionId),
    /// CMN-101 (`from.phoneNumber` or `to`): the number is not a shared number of a common
    /// resource with thread messaging.
    #[error("Phone number [{number}] is not a shared number of this account")]
    NotASharedNumber {
        /// The number.
        number: PhoneNumber,
        /// Which input carried it.
        parameter: &'static str,
    },
    /// CMN-101 `from.phoneNumber`: the number lacks the SmsSender (or, with attachments,
    /// MmsSender) feature.
    #[error("Phone number [{number}] does not have the {feature} feature")]
    MissingFeature {
        /// The number.
        number: PhoneNumber,
        /// `SmsSender` or `MmsSender`.
        feature: &'static str,
    },
    /// CMN-101 `from.phoneNumber`: classic SMS only from numbers the caller may use (their own,
    /// or company and call-queue numbers they are the designated SMS user of).
    #[error("Phone number [{number}] does not belong to extension [{extension_id}]")]
    NumberNotOwned {
        /// The number.
        number: PhoneNumber,
        /// The caller.
        extension_id: ExtensionId,
    },
    /// CMN-101 `to`: a thread message goes to exactly one outside number.
    #[error("A thread message needs exactly one outside recipient, {0} given")]
    RecipientCount(usize),
    /// CMN-101 `to`: a classic SMS goes to at most [`MAX_SMS_RECIPIENTS`](crate::MAX_SMS_RECIPIENTS)
    /// different numbers.
    #[error("A classic SMS goes to at most {max} different numbers, {given} given")]
    TooManySmsRecipients {
        /// Different numbers given.
        given: usize,
        /// The most allowed.
        max: usize,
    },
    /// CMN-101 (`to`, or `from` of an inbound text): thread messages are exchanged with outside
    /// numbers, not with the account's own.
    #[error("Phone number [{number}] belongs to this account; thread messages go to outside numbers")]
    InternalNumber {
        /// The number.
        number: PhoneNumber,
        /// Which input carried it.
        parameter: &'static str,
    },
    /// CMN-101 `to`: sender and recipient are the same number.
    #[error("'to' must differ from 'from'")]
    SameNumber,
    /// CMN-100 `text`: neither text nor attachments.
    #[error("Message text is required")]
    EmptyText,
    /// CMN-101 `text`: longer than the service accepts.
    #[error("Message text is {length} characters long; at most {max} are allowed")]
    TextTooLong {
        /// Characters given.
        length: usize,
        /// Characters allowed.
        max: usize,
    },
    /// CMN-101 (`page` or `perPage`): `page` starts at 1; `perPage` is 1 to 1000.
    #[error("{parameter} {value} is out of range")]
    InvalidPaging {
        /// `page` or `perPage`.
        parameter: &'static str,
        /// The value given.
        value: u32,
    },
    /// CMN-101 `creationTimeTo`: the range ends before it starts.
    #[error("creationTimeTo must not be before creationTimeFrom")]
    InvalidTimeRange,
    /// CMN-101 `syncToken`: the token cannot be used; run FSync for a new one.
    #[error("Invalid syncToken: {0}")]
    InvalidSyncToken(TokenProblem),
    /// CMN-101 `resourceId`: the extension is not a common resource with its own SMS handlers.
    #[error("Extension [{0}] is not a call queue or site with SMS handlers")]
    NotACommonResource(ExtensionId),
    /// CMN-100 `addedExtensionIds`: a handler change that adds and removes nobody.
    #[error("addedExtensionIds or removedExtensionIds must not be empty")]
    EmptyHandlerChange,
    /// CMN-101 (`addedExtensionIds` or `removedExtensionIds`): more ids than allowed at once.
    #[error("At most {max} extension ids may be given in {parameter}")]
    TooManyHandlerChanges {
        /// The list.
        parameter: &'static str,
        /// The limit (50 with thread messaging, else 1).
        max: usize,
    },
    /// CMN-101 `addedExtensionIds`: the id is also in `removedExtensionIds`.
    #[error("Extension [{0}] is in both addedExtensionIds and removedExtensionIds")]
    AddedAndRemoved(ExtensionId),
    /// CMN-101 (`addedExtensionIds` or `removedExtensionIds`): the id is not an enabled user.
    #[error("Extension [{extension_id}] in {parameter} is not an enabled user")]
    NotAUser {
        /// The id.
        extension_id: ExtensionId,
        /// The list it was in.
        parameter: &'static str,
    },
}

impl DomainError {
    /// The API error code this rule maps to.
    pub fn code(&self) -> ErrorCode {
        use DomainError::*;
        match self {
            ThreadNotAssigned { .. } => ErrorCode::Msg427,
            ThreadNotFound(_) | MessageNotFound(_) | NoteNotFound(_) | ExtensionNotFound(_) => ErrorCode::Cmn102,
            NotAHandler { .. }
            | NoLicense(_)
            | SenderNotAssignable(_)
            | ThreadMessagingOff(_)
            | NotAnAdmin(_)
            | OnBehalfOfOther { .. }
            | MessageStoreForbidden { .. }
            | NotNoteAuthor { .. }
            | ExtensionNotEnabled(_) => ErrorCode::Cmn408,
            EmptyText | EmptyHandlerChange => ErrorCode::Cmn100,
            ThreadNotOpen(_)
            | ThreadPairMismatch(_)
            | AssigneeNotAssignable(_)
            | NotASharedNumber { .. }
            | InternalNumber { .. }
            | MissingFeature { .. }
            | NumberNotOwned { .. }
            | RecipientCount(_)
            | TooManySmsRecipients { .. }
            | SameNumber
            | TextTooLong { .. }
            | NotACommonResource(_)
            | InvalidSyncToken(_)
            | InvalidPaging { .. }
            | InvalidTimeRange
            | TooManyHandlerChanges { .. }
            | AddedAndRemoved(_)
            | NotAUser { .. } => ErrorCode::Cmn101,
        }
    }

    /// The request parameter at fault, named as in the API, when one is.
    pub fn parameter(&self) -> Option<&'static str> {
        use DomainError::*;
        Some(match self {
            ThreadNotOpen(_) | ThreadPairMismatch(_) => "threadId",
            AssigneeNotAssignable(_) => "assignee.extensionId",
            NotASharedNumber { parameter, .. } | InternalNumber { parameter, .. } => parameter,
            MissingFeature { .. } | NumberNotOwned { .. } => "from.phoneNumber",
            RecipientCount(_) | TooManySmsRecipients { .. } | SameNumber => "to",
            EmptyText | TextTooLong { .. } => "text",
            NotACommonResource(_) => "resourceId",
            InvalidSyncToken(_) => "syncToken",
            InvalidPaging { parameter, .. } => parameter,
            InvalidTimeRange => "creationTimeTo",
            EmptyHandlerChange | AddedAndRemoved(_) => "addedExtensionIds",
            TooManyHandlerChanges { parameter, .. } | NotAUser { parameter, .. } => parameter,
            _ => return None,
        })
    }

    /// The extension id the error object carries (`extensionId` of MSG-427).
    pub fn extension_id(&self) -> Option<ExtensionId> {
        match self {
            DomainError::ThreadNotAssigned { extension_id } => Some(*extension_id),
            _ => None,
        }
    }
}
