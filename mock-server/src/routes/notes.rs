//! `/message-threads/notes`: create, read, edit, delete, list.

use std::sync::Arc;

use crate::json::JsonResponse;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use rcthreads_domain::NoteId;
use rcthreads_wire::convert;
use rcthreads_wire::error::ErrorResponse;
use rcthreads_wire::note::{
    ThreadNoteCreateRequest, ThreadNoteList, ThreadNoteModel, ThreadNoteUpdateRequest, ThreadNotesDeleteRequest,
};
use rcthreads_wire::query::MthListNotesParameters;

use super::query;
use super::threads::thread_id;
use crate::durable::record;
use crate::error::ApiResult;
use crate::extract::ApiJson;
use crate::scope::Scoped;
use crate::state::AppState;

/// `GET /message-threads/notes`.
pub async fn list(
    State(state): State<Arc<AppState>>,
    Scoped { caller, .. }: Scoped,
    RawQuery(raw): RawQuery,
) -> ApiResult<JsonResponse<ThreadNoteList>> {
    let q = convert::note_query(&query::<MthListNotesParameters>(raw.as_deref())?)?;
    let list = caller.run(&state, |inbox, _| {
        inbox.list_notes(caller.extension, &q).map(|p| convert::note_list(&p, inbox.directory()))
    })?;
    Ok(JsonResponse(list))
}

/// `POST /message-threads/notes` with `{threadId, text}`.
pub async fn create(
    State(state): State<Arc<AppState>>,
    Scoped { caller, .. }: Scoped,
    ApiJson(body): ApiJson<ThreadNoteCreateRequest>,
) -> ApiResult<JsonResponse<ThreadNoteModel>> {
    let thread = thread_id(&body.thread_id)?;
    let command = record::AddNote { by: caller.extension.get(), thread: thread.to_string(), text: body.text };
    let n = caller.command(&state, command, |inbox, n| convert::note_record(&n, inbox.directory())).await?;
    Ok(JsonResponse(n))
}

/// `GET /message-threads/notes/{noteId}`.
pub async fn read(
    State(state): State<Arc<AppState>>,
    Scoped { caller, ids: id }: Scoped<NoteId>,
) -> ApiResult<JsonResponse<ThreadNoteModel>> {
    let n = caller
        .run(&state, |inbox, _| inbox.note(caller.extension, id).map(|n| convert::note_record(n, inbox.directory())))?;
    Ok(JsonResponse(n))
}

/// `PATCH /message-threads/notes/{noteId}` with `{text}`: the author only, thread open.
pub async fn update(
    State(state): State<Arc<AppState>>,
    Scoped { caller, ids: id }: Scoped<NoteId>,
    ApiJson(body): ApiJson<ThreadNoteUpdateRequest>,
) -> ApiResult<JsonResponse<ThreadNoteModel>> {
    let command = record::EditNote { by: caller.extension.get(), note: id.get(), text: body.text };
    let n = caller.command(&state, command, |inbox, n| convert::note_record(&n, inbox.directory())).await?;
    Ok(JsonResponse(n))
}

/// `DELETE /message-threads/notes/{noteId}`: 204.
pub async fn delete_one(
    State(state): State<Arc<AppState>>,
    Scoped { caller, ids: id }: Scoped<NoteId>,
) -> ApiResult<StatusCode> {
    let command = record::DeleteNotes { by: caller.extension.get(), ids: vec![id.get()] };
    caller.command(&state, command, |_, ()| ()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /message-threads/notes` with `{"ids": [...]}`: all or none; 204.
pub async fn delete_many(
    State(state): State<Arc<AppState>>,
    Scoped { caller, .. }: Scoped,
    ApiJson(body): ApiJson<ThreadNotesDeleteRequest>,
) -> ApiResult<StatusCode> {
    if body.ids.is_empty() {
        return Err(ErrorResponse::missing_parameter("ids").into());
    }
    let ids: Vec<NoteId> = convert::parse_ids("ids", &body.ids)?;
    let command = record::DeleteNotes { by: caller.extension.get(), ids: ids.iter().map(|i| i.get()).collect() };
    caller.command(&state, command, |_, ()| ()).await?;
    Ok(StatusCode::NO_CONTENT)
}
