//! Classic SMS (seed 003): `POST /extension/~/sms` and the message store.

use std::sync::Arc;

use crate::json::JsonResponse;
use axum::extract::{Path, State};
use rcthreads_domain::ExtensionId;
use rcthreads_wire::classic::{CreateSmsMessage, GetMessageInfoResponse, GetMessageList};
use rcthreads_wire::convert;
use rcthreads_wire::error::ErrorResponse;

use crate::error::{ApiResult, Failure};
use crate::extract::{Caller, JsonOrMultipart};
use crate::state::AppState;

fn extension(caller: &Caller, segment: &str) -> Result<ExtensionId, Failure> {
    if segment == "~" {
        return Ok(caller.extension);
    }
    segment.parse().map_err(|_| Failure::from(ErrorResponse::not_found("extensionId", Some(segment))))
}

/// `POST /extension/{extensionId}/sms`: only from numbers the caller may use, and only as
/// themselves.
pub async fn send(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path((account, ext)): Path<(String, String)>,
    JsonOrMultipart(body): JsonOrMultipart<CreateSmsMessage>,
) -> ApiResult<JsonResponse<GetMessageInfoResponse>> {
    caller.check_account(&state, &account)?;
    let on_behalf_of = extension(&caller, &ext)?;
    let req = convert::sms_request(body)?;
    let sms = caller.run(&state, |inbox, now| {
        inbox
            .send_sms(caller.extension, on_behalf_of, now, req)
            .cloned()
            .map(|s| convert::stored_sms(&s, inbox.directory()))
    })?;
    Ok(JsonResponse(sms))
}

/// `GET /extension/{extensionId}/message-store`: the caller's own, or a call queue's for super
/// admins and the queue's message managers.
pub async fn message_store(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path((account, ext)): Path<(String, String)>,
) -> ApiResult<JsonResponse<GetMessageList>> {
    caller.check_account(&state, &account)?;
    let store = extension(&caller, &ext)?;
    let list = caller.run(&state, |inbox, _| {
        let dir = inbox.directory();
        inbox
            .message_store(caller.extension, store)
            .map(|records| convert::message_store_list(records.map(|s| convert::stored_sms(s, dir)).collect()))
    })?;
    Ok(JsonResponse(list))
}
