//! `/message-threads/messages`: send (JSON or multipart with attachments), list, delete, and
//! attachment content.

use std::sync::Arc;

use crate::json::JsonResponse;
use axum::extract::{FromRequest, Multipart, Path, RawQuery, Request, State};
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
use crate::error::{ApiResult, Failure};
use crate::extract::{ApiJson, Caller, is_json, is_json_part, read_body};
use crate::state::AppState;

/// Reads the multipart form of an MMS: the request's JSON part (`metadata`, `json` or
/// `request.json`, see [`is_json_part`]), and one part per attachment.
async fn multipart(
    req: Request,
    state: &Arc<AppState>,
) -> Result<(NewThreadMessageRequest, Vec<NewAttachment>), Failure> {
    let mut form = Multipart::from_request(req, state).await.map_err(Failure::bad_body)?;
    let mut metadata = None;
    let mut attachments = Vec::new();
    while let Some(field) = form.next_field().await.map_err(Failure::bad_body)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let data = field.bytes().await.map_err(Failure::bad_body)?;
        if is_json_part(&name) && metadata.is_none() {
            let request = serde_json::from_slice(&data).map_err(Failure::bad_json)?;
            metadata = Some(request);
        } else {
            attachments.push(NewAttachment {
                content_type: content_type.unwrap_or_else(|| "application/octet-stream".into()),
                file_name,
                data: data.to_vec(),
            });
        }
    }
    let metadata = metadata.ok_or_else(|| Failure::from(ErrorResponse::missing_parameter("metadata")))?;
    Ok((metadata, attachments))
}

/// `POST /message-threads/messages`: JSON `{threadId?, from, to, text}`, or `multipart/form-data`
/// with that JSON as the `metadata` part and `attachments` parts for MMS.
pub async fn send(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(account): Path<String>,
    req: Request,
) -> ApiResult<JsonResponse<ThreadMessageModel>> {
    caller.check_account(&state, &account)?;
    let ct = req.headers().get(header::CONTENT_TYPE).and_then(|h| h.to_str().ok()).unwrap_or_default().to_owned();
    let (request, attachments) = if ct.to_ascii_lowercase().starts_with("multipart/form-data") {
        multipart(req, &state).await?
    } else if is_json(Some(&ct)) {
        let bytes = read_body(req).await?;
        (serde_json::from_slice(&bytes).map_err(Failure::bad_json)?, Vec::new())
    } else {
        return Err(Failure::unsupported_media_type("application/json or multipart/form-data"));
    };
    let msg = convert::outbound_message(request, attachments)?;
    let m = caller.run(&state, |inbox, now| {
        inbox.send(caller.extension, now, msg).cloned().map(|m| convert::message_record(&m, inbox.directory()))
    })?;
    Ok(JsonResponse(m))
}

/// `GET /message-threads/messages`.
pub async fn list(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(account): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<JsonResponse<ThreadMessageList>> {
    caller.check_account(&state, &account)?;
    let q = convert::message_query(&query::<MthListMessagesParameters>(raw.as_deref())?)?;
    let list = caller.run(&state, |inbox, _| {
        inbox.list_messages(caller.extension, &q).map(|p| convert::message_list(&p, inbox.directory()))
    })?;
    Ok(JsonResponse(list))
}

/// `DELETE /message-threads/messages` with `{"ids": [...]}`: all or none; 204.
pub async fn delete(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(account): Path<String>,
    ApiJson(body): ApiJson<ThreadMessagesDeleteRequest>,
) -> ApiResult<StatusCode> {
    caller.check_account(&state, &account)?;
    if body.ids.is_empty() {
        return Err(ErrorResponse::missing_parameter("ids").into());
    }
    let ids: Vec<MessageId> = convert::parse_ids("ids", &body.ids)?;
    caller.run(&state, |inbox, now| inbox.delete_messages(caller.extension, now, &ids))?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /message-threads/messages/{messageId}/content/{attachmentId}`: the media bytes.
pub async fn content(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path((account, message, attachment)): Path<(String, String, String)>,
) -> ApiResult<Response> {
    caller.check_account(&state, &account)?;
    let not_found = || Failure::from(ErrorResponse::not_found("attachmentId", Some(&attachment)));
    let id: MessageId =
        message.parse().map_err(|_| Failure::from(ErrorResponse::not_found("messageId", Some(&message))))?;
    let att: u64 = attachment.parse().map_err(|_| not_found())?;
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
