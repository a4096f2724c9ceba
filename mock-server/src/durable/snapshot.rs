//! `POST /mock/v1/snapshot` and `POST /mock/v1/restore`: the log as one JSON document,
//! `{"format": 1, "records": [...]}`, and that document replayed into a state reset to the
//! fixture. A document is replayed into a scratch state first: one that does not replay is
//! refused naming the record, and nothing changes.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::log::{self, FORMAT};
use super::record::Record;
use crate::error::{ApiResult, Failure, mock_codes};
use crate::extract::ApiJson;
use crate::json::JsonResponse;
use crate::state::{AppState, lock};

/// The document.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Snapshot {
    /// The log format of the records.
    pub format: u32,
    /// Every acknowledged change, oldest first.
    pub records: Vec<Record>,
}

/// The records of a log's lines.
pub fn records(lines: &[u8]) -> Result<Vec<Record>, String> {
    lines.split(|&b| b == b'\n').filter(|l| !l.is_empty()).map(log::decode).collect()
}

/// `POST /mock/v1/snapshot`: the whole state as one document.
pub async fn snapshot(State(state): State<Arc<AppState>>) -> ApiResult<JsonResponse<Snapshot>> {
    let lines = state.log.contents().await?;
    let records = records(&lines).map_err(|e| Failure::new(500, mock_codes::INTERNAL_ERROR, e))?;
    Ok(JsonResponse(Snapshot { format: FORMAT, records }))
}

/// Reads a document, naming the field at fault.
fn parse(body: Value) -> Result<Snapshot, Failure> {
    match body.get("format").and_then(Value::as_u64) {
        Some(n) if n == u64::from(FORMAT) => {}
        _ => {
            let found = body.get("format").map(Value::to_string);
            let why = format!("This mock reads snapshots of format {FORMAT}");
            return Err(Failure::invalid_parameter(400, "format", found.as_deref(), why));
        }
    }
    serde_path_to_error::deserialize(body).map_err(|e| {
        let path = e.path().to_string();
        Failure::invalid_parameter(400, &path, None, e.into_inner().to_string())
    })
}

/// `POST /mock/v1/restore`: replaces the whole state (tenants, inboxes, clocks, sessions,
/// subscriptions) with a document's; 204.
pub async fn restore(State(state): State<Arc<AppState>>, ApiJson(body): ApiJson<Value>) -> ApiResult<StatusCode> {
    let doc = parse(body)?;
    // Replayed on a scratch state of the same fixture first: a bad record changes nothing.
    let scratch = AppState::new(state.fixture.clone(), crate::state::Settings::default())
        .map_err(|e| Failure::new(500, mock_codes::INTERNAL_ERROR, e.to_string()))?;
    for (i, r) in doc.records.iter().enumerate() {
        super::replay(&scratch, r.clone()).map_err(|why| {
            Failure::invalid_parameter(
                400,
                &format!("records[{i}]"),
                None,
                format!("This record does not replay: {why}"),
            )
        })?;
    }
    drop(scratch);
    let _place = state.log.place().await;
    state.reset();
    state.accounts.restart_keys();
    *lock(&state.sessions) = crate::auth::Sessions::default();
    let mut lines = Vec::new();
    for r in doc.records {
        lines.extend_from_slice(&log::encode(&r));
        super::replay(&state, r).map_err(|why| Failure::new(500, mock_codes::INTERNAL_ERROR, why))?;
    }
    for t in state.accounts.tenants() {
        crate::timer::start(&state, &t);
    }
    for a in state.accounts.all() {
        crate::control::catch_up_account(&state, &a);
    }
    let ticket = state.log.replace(lines);
    state.log.synced(ticket).await?;
    Ok(StatusCode::NO_CONTENT)
}
