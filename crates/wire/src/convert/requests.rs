//! Request bodies read into the domain's commands (what a server does), and the domain's
//! commands written as request bodies (what a client does). Only shapes and values are checked
//! here (E.164 numbers, UUIDs, numeric ids); the rules are the domain's.

use rcthreads_domain as d;

use super::queries::{parse_ids, parse_one};
use crate::classic::CreateSmsMessage;
use crate::error::ErrorResponse;
use crate::message::NewThreadMessageRequest;
use crate::recipient::BulkAssignSmsRecipientsRequest;
use crate::thread::{AssignMessageThreadRequest, MessagePhoneParty};

/// A handler's message (`POST /message-threads/messages`) with the attachments of its multipart
/// form: `threadId` must be a UUID, `from.phoneNumber` and every `to[i].phoneNumber` E.164
/// (`CMN-101` naming `threadId`, `from.phoneNumber` or `to`).
pub fn outbound_message(
    r: NewThreadMessageRequest,
    attachments: Vec<d::NewAttachment>,
) -> Result<d::OutboundMessage, ErrorResponse> {
    Ok(d::OutboundMessage {
        thread_id: r.thread_id.as_deref().map(|t| parse_one("threadId", t)).transpose()?,
        from: parse_one("from.phoneNumber", &r.from.phone_number)?,
        to: r.to.iter().map(|p| parse_one("to", &p.phone_number)).collect::<Result<_, _>>()?,
        text: r.text,
        attachments,
    })
}

/// The JSON body (or multipart `metadata` part) of an outbound message; its attachments go as
/// multipart parts beside it.
pub fn message_request(m: &d::OutboundMessage) -> NewThreadMessageRequest {
    NewThreadMessageRequest {
        thread_id: m.thread_id.map(|t| t.to_string()),
        from: MessagePhoneParty::new(m.from.to_string()),
        to: m.to.iter().map(|n| MessagePhoneParty::new(n.to_string())).collect(),
        text: m.text.clone(),
    }
}

/// A classic SMS (`POST /extension/~/sms`): numbers must be E.164 (`CMN-101` naming
/// `from.phoneNumber` or `to`).
pub fn sms_request(r: CreateSmsMessage) -> Result<d::SmsRequest, ErrorResponse> {
    Ok(d::SmsRequest {
        from: parse_one("from.phoneNumber", &r.from.phone_number)?,
        to: r.to.iter().map(|p| parse_one("to", &p.phone_number)).collect::<Result<_, _>>()?,
        text: r.text,
    })
}

/// The new assignee of an assign request; `None` unassigns. A non-numeric id is `CMN-101`
/// naming `assignee.extensionId`.
pub fn assignee(r: &AssignMessageThreadRequest) -> Result<Option<d::ExtensionId>, ErrorResponse> {
    r.assignee.as_ref().map(|a| parse_one("assignee.extensionId", &a.extension_id)).transpose()
}

/// A change of SMS handlers (`bulk-assign`); absent lists are empty. Whether the change is
/// allowed (non-empty, at most 50 ids, enabled users) is the domain's call.
pub fn handler_change(r: &BulkAssignSmsRecipientsRequest) -> Result<d::HandlerChange, ErrorResponse> {
    let ids = |parameter, list: &Option<Vec<String>>| parse_ids(parameter, list.as_deref().unwrap_or_default());
    Ok(d::HandlerChange {
        added: ids("addedExtensionIds", &r.added_extension_ids)?,
        removed: ids("removedExtensionIds", &r.removed_extension_ids)?,
    })
}
