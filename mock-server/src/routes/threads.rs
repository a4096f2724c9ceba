//! `/message-threads` and `/message-threads/{threadId}`: list, read, assign, resolve, delete.

use std::sync::Arc;

use crate::json::JsonResponse;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use rcthreads_domain::ThreadId;
use rcthreads_wire::convert;
use rcthreads_wire::error::ErrorResponse;
use rcthreads_wire::query::MthListThreadsParameters;
use rcthreads_wire::thread::{MessageThread, MessageThreadList};
use serde_json::Value;

use super::query;
use crate::durable::record;
use crate::error::{ApiResult, Failure};
use crate::extract::{ApiJson, OptionalJson};
use crate::scope::Scoped;
use crate::state::AppState;

/// A thread id given in a body.
pub(crate) fn thread_id(segment: &str) -> Result<ThreadId, Failure> {
    segment.parse().map_err(|_| Failure::from(ErrorResponse::not_found("threadId", Some(segment))))
}

/// `GET /message-threads`.
pub async fn list(
    State(state): State<Arc<AppState>>,
    Scoped { caller, .. }: Scoped,
    RawQuery(raw): RawQuery,
) -> ApiResult<JsonResponse<MessageThreadList>> {
    let q = convert::thread_query(&query::<MthListThreadsParameters>(raw.as_deref())?)?;
    let list = caller.run(&state, |inbox, _| {
        inbox.list_threads(caller.extension, &q).map(|p| convert::thread_list(&p, inbox.directory()))
    })?;
    Ok(JsonResponse(list))
}

/// `GET /message-threads/{threadId}`.
pub async fn read(
    State(state): State<Arc<AppState>>,
    Scoped { caller, ids: id }: Scoped<ThreadId>,
) -> ApiResult<JsonResponse<MessageThread>> {
    let t = caller.run(&state, |inbox, _| {
        inbox.thread(caller.extension, id).map(|t| convert::thread_record(t, inbox.directory()))
    })?;
    Ok(JsonResponse(t))
}

/// `POST /message-threads/{threadId}/assign` with `{"assignee": {"extensionId": "..."}}`, or
/// `{"assignee": null}` to unassign.
pub async fn assign(
    State(state): State<Arc<AppState>>,
    Scoped { caller, ids: id }: Scoped<ThreadId>,
    ApiJson(body): ApiJson<Value>,
) -> ApiResult<JsonResponse<MessageThread>> {
    // `assignee` must be there: null unassigns, a missing key is a mistake.
    if body.get("assignee").is_none() {
        return Err(ErrorResponse::missing_parameter("assignee").into());
    }
    let request = serde_json::from_value(body).map_err(Failure::bad_json)?;
    let assignee = convert::assignee(&request)?;
    let command = record::Assign {
        by: caller.extension.get(),
        thread: id.to_string(),
        assignee: assignee.map(rcthreads_domain::ExtensionId::get),
    };
    let t = caller.command(&state, command, |inbox, t| convert::thread_record(&t, inbox.directory())).await?;
    Ok(JsonResponse(t))
}

/// `POST /message-threads/{threadId}/resolve` (the body, if any, is ignored).
pub async fn resolve(
    State(state): State<Arc<AppState>>,
    Scoped { caller, ids: id }: Scoped<ThreadId>,
    OptionalJson(_body): OptionalJson<Value>,
) -> ApiResult<JsonResponse<MessageThread>> {
    let command = record::Resolve { by: caller.extension.get(), thread: id.to_string() };
    let t = caller.command(&state, command, |inbox, t| convert::thread_record(&t, inbox.directory())).await?;
    Ok(JsonResponse(t))
}

/// `DELETE /message-threads/{threadId}`: 204.
pub async fn delete(
    State(state): State<Arc<AppState>>,
    Scoped { caller, ids: id }: Scoped<ThreadId>,
) -> ApiResult<StatusCode> {
    let command = record::DeleteThread { by: caller.extension.get(), thread: id.to_string() };
    caller.command(&state, command, |_, ()| ()).await?;
    Ok(StatusCode::NO_CONTENT)
}
