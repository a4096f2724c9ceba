//! `/message-threads/messages`: send (JSON or multipart with attachments), list, delete, and
//! attachment content.

use std::sync::Arc;

use crate::json::JsonResponse;
use axum::extract::{FromRequest, RawQuery, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rcthreads_domain::{MessageId, NewAttachment};
use rcthreads_wire::convert;
use rcthreads_wire::error::ErrorResponse;
use rcthreads_wire::message::{
    NewThreadMessageRequest, ThreadMessageList, ThreadMessageModel, ThreadMessagesDeleteRequest,
};
use rcthreads_wire::query::MthListMessagesParameters;

use super::query;
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
    SendBody { request, attachments }: SendBody,
) -> ApiResult<JsonResponse<ThreadMessageModel>> {
    let command = record::SendMessage::new(caller.extension, request, &attachments);
    let m = caller.command(&state, command, |inbox, m| convert::message_record(&m, inbox.directory())).await?;
    Ok(JsonResponse(m))
}

/// `GET /message-threads/messages`.
pub async fn list(
    State(state): State<Arc<AppState>>,
    Scoped { caller, .. }: Scoped,
    RawQuery(raw): RawQuery,
) -> ApiResult<JsonResponse<ThreadMessageList>> {
    let q = convert::message_query(&query::<MthListMessagesParameters>(raw.as_deref())?)?;
    let list = caller.run(&state, |inbox, _| {
        inbox.list_messages(caller.extension, &q).map(|p| convert::message_list(&p, inbox.directory()))
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

/// `GET /message-threads/messages/{messageId}/content/{attachmentId}`: the media bytes.
pub async fn content(
    State(state): State<Arc<AppState>>,
    Scoped { caller, ids: path }: Scoped<AttachmentPath>,
) -> ApiResult<Response> {
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
    Ok(r)
}
