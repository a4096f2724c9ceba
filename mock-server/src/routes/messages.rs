//! `/message-threads/messages`: send (JSON or multipart with attachments), list, delete, and
//! attachment content.

use std::sync::Arc;

use crate::json::JsonResponse;
use axum::extract::{FromRequest, RawQuery, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use rcthreads_domain::{MessageId, NewAttachment};
use rcthreads_wire::convert;
use rcthreads_wire::error::ErrorResponse;
use rcthreads_wire::message::{
    NewThreadMessageRequest, ThreadMessageList, ThreadMessageModel, ThreadMessagesDeleteRequest,
};
use rcthreads_wire::query::{ContentDisposition, MthListMessagesParameters, MthReadMessageContentParameters};

use super::query;
use crate::base_url::RequestBase;
use crate::durable::record;
use crate::error::{ApiResult, Failure};
use crate::extract::{ApiJson, Form, OtherParts, is_json, is_multipart, read_body};
use crate::scope::{AttachmentPath, Scoped};
use crate::state::AppState;

/// The body of a send: JSON `{threadId?, from, to, text}`, or `multipart/form-data` with that
/// JSON as one part (`metadata`, `json` or `request.json`) and one part per attachment, for MMS.
#[derive(Debug)]
pub struct SendBody {
    request: NewThreadMessageRequest,
    attachments: Vec<NewAttachment>,
}

impl<S: Send + Sync> FromRequest<S> for SendBody {
    type Rejection = Failure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Failure> {
        let ct = req.headers().get(header::CONTENT_TYPE).and_then(|h| h.to_str().ok()).unwrap_or_default();
        if is_multipart(ct) {
            let form = Form::read(req, state, OtherParts::Attachments).await?;
            let request = form.request.ok_or_else(|| Failure::from(ErrorResponse::missing_parameter("metadata")))?;
            Ok(SendBody { request, attachments: form.attachments })
        } else if is_json(Some(ct)) {
            let bytes = read_body(req).await?;
            Ok(SendBody {
                request: serde_json::from_slice(&bytes).map_err(Failure::bad_json)?,
                attachments: Vec::new(),
            })
        } else {
            Err(Failure::unsupported_media_type("application/json or multipart/form-data"))
        }
    }
}

/// `POST /message-threads/messages`: JSON `{threadId?, from, to, text}`, or `multipart/form-data`
/// with that JSON as the `metadata` part and `attachments` parts for MMS.
pub async fn send(
    State(state): State<Arc<AppState>>,
    Scoped { caller, .. }: Scoped,
    base: RequestBase,
    SendBody { request, attachments }: SendBody,
) -> ApiResult<JsonResponse<ThreadMessageModel>> {
    let command = record::SendMessage::new(caller.extension, request, &attachments);
    let links = base.links(caller.home.id());
    let m = caller.command(&state, command, |inbox, m| convert::message_record(&m, inbox.directory(), &links)).await?;
    Ok(JsonResponse(m))
}

/// `GET /message-threads/messages`.
pub async fn list(
    State(state): State<Arc<AppState>>,
    Scoped { caller, .. }: Scoped,
    base: RequestBase,
    RawQuery(raw): RawQuery,
) -> ApiResult<JsonResponse<ThreadMessageList>> {
    let q = convert::message_query(&query::<MthListMessagesParameters>(raw.as_deref())?)?;
    let links = base.links(caller.home.id());
    let list = caller.run(&state, |inbox, _| {
        inbox.list_messages(caller.extension, &q).map(|p| convert::message_list(&p, inbox.directory(), &links))
    })?;
    Ok(JsonResponse(list))
}

/// `DELETE /message-threads/messages` with `{"ids": [...]}`: all or none; 204.
pub async fn delete(
    State(state): State<Arc<AppState>>,
    Scoped { caller, .. }: Scoped,
    ApiJson(body): ApiJson<ThreadMessagesDeleteRequest>,
) -> ApiResult<StatusCode> {
    if body.ids.is_empty() {
        return Err(ErrorResponse::missing_parameter("ids").into());
    }
    let ids: Vec<MessageId> = convert::parse_ids("ids", &body.ids)?;
    let ids = ids.iter().map(|i| i.get()).collect();
    caller.command(&state, record::DeleteMessages { by: caller.extension.get(), ids }, |_, ()| ()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Bytes that may stand in a quoted file name as they are; the rest is percent-encoded in
/// `filename*` (RFC 5987's `attr-char`).
const ATTR_CHARS: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// The longest `contentDispositionFilename` accepted, in characters.
const MAX_FILENAME: usize = 255;

/// The `Content-Disposition` asked for by `contentDisposition` and `contentDispositionFilename`,
/// if either was given. A name alone is offered inline (the disposition's default). A name with
/// a control character, or longer than [`MAX_FILENAME`], is 400 naming the parameter.
fn disposition(q: &MthReadMessageContentParameters) -> Result<Option<HeaderValue>, Failure> {
    let kind = match (&q.content_disposition, &q.content_disposition_filename) {
        (None, None) => return Ok(None),
        (Some(ContentDisposition::Attachment), _) => "attachment",
        _ => "inline",
    };
    let Some(name) = &q.content_disposition_filename else {
        return Ok(Some(HeaderValue::from_static(kind)));
    };
    if name.chars().any(char::is_control) || name.chars().count() > MAX_FILENAME {
        let why =
            format!("contentDispositionFilename must be a file name of at most {MAX_FILENAME} printable characters");
        return Err(Failure::invalid_parameter(400, "contentDispositionFilename", Some(name), why));
    }
    let value = if name.is_ascii() {
        format!("{kind}; filename=\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        format!("{kind}; filename*=UTF-8''{}", utf8_percent_encode(name, ATTR_CHARS))
    };
    HeaderValue::from_str(&value)
        .map(Some)
        .map_err(|_| Failure::invalid_parameter(400, "contentDispositionFilename", Some(name), "not a file name"))
}

/// `GET /message-threads/messages/{messageId}/content/{attachmentId}`: the media bytes, with
/// `Content-Disposition` when `contentDisposition` or `contentDispositionFilename` asks for it.
pub async fn content(
    State(state): State<Arc<AppState>>,
    Scoped { caller, ids: path }: Scoped<AttachmentPath>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let disposition = disposition(&query::<MthReadMessageContentParameters>(raw.as_deref())?)?;
    let not_found = || Failure::from(ErrorResponse::not_found("attachmentId", Some(&path.attachment_segment)));
    let (id, att) = (path.message, path.attachment);
    let found = caller.run(&state, |inbox, _| {
        inbox
            .message(caller.extension, id)
            .map(|m| m.attachments().iter().find(|a| a.id == att).map(|a| (a.content_type.clone(), a.data.clone())))
    })?;
    let (content_type, data) = found.ok_or_else(not_found)?;
    let mut r = bytes::Bytes::copy_from_slice(&data).into_response();
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    if let Some(v) = disposition {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}
