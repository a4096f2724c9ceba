//! `/message-threads/sync` and `/message-threads/entries/sync`: FSync and ISync.

use std::sync::Arc;

use crate::json::JsonResponse;
use axum::extract::{RawQuery, State};
use rcthreads_wire::convert;
use rcthreads_wire::entry::ThreadEntriesSyncList;
use rcthreads_wire::query::{MthSyncEntriesParameters, MthSyncThreadsParameters};
use rcthreads_wire::sync::ThreadSyncList;

use super::query;
use crate::base_url::RequestBase;
use crate::error::ApiResult;
use crate::scope::Scoped;
use crate::state::AppState;

/// `GET /message-threads/sync`: FSync by default, ISync with `syncType=ISync&syncToken=...`.
pub async fn threads(
    State(state): State<Arc<AppState>>,
    Scoped { caller, .. }: Scoped,
    RawQuery(raw): RawQuery,
) -> ApiResult<JsonResponse<ThreadSyncList>> {
    let q: MthSyncThreadsParameters = query(raw.as_deref())?;
    let list = caller.run(&state, |inbox, _| {
        let sync = match convert::thread_sync_token(&q) {
            Some(token) => inbox.isync_threads(caller.extension, token),
            None => inbox.fsync_threads(caller.extension),
        };
        sync.map(|s| convert::thread_sync_list(&s, inbox.directory()))
    })?;
    Ok(JsonResponse(list))
}

/// `GET /message-threads/entries/sync`: FSync in a `scope`, or ISync.
pub async fn entries(
    State(state): State<Arc<AppState>>,
    Scoped { caller, .. }: Scoped,
    base: RequestBase,
    RawQuery(raw): RawQuery,
) -> ApiResult<JsonResponse<ThreadEntriesSyncList>> {
    let links = base.links(caller.home.id());
    let q: MthSyncEntriesParameters = query(raw.as_deref())?;
    let scope = convert::entry_scope(&q)?;
    let list = caller.run(&state, |inbox, _| {
        let sync = match convert::entry_sync_token(&q) {
            Some(token) => inbox.isync_entries(caller.extension, token),
            None => inbox.fsync_entries(caller.extension, &scope),
        };
        sync.map(|s| convert::entries_sync_list(&s, inbox.directory(), &links))
    })?;
    Ok(JsonResponse(list))
}
