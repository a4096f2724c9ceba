//! Classic SMS (seed 003): `POST /extension/~/sms` and the message store.

use std::sync::Arc;

use crate::json::JsonResponse;
use axum::extract::{RawQuery, State};
use rcthreads_wire::classic::{CreateSmsMessage, GetMessageInfoResponse, GetMessageList};
use rcthreads_wire::convert;
use rcthreads_wire::query::ListMessagesParameters;

use crate::durable::record;
use crate::error::ApiResult;
use crate::extract::JsonOrMultipart;
use crate::scope::{ExtensionPath, Scoped};
use crate::state::AppState;

/// `POST /extension/{extensionId}/sms`: only from numbers the caller may use, and only as
/// themselves.
pub async fn send(
    State(state): State<Arc<AppState>>,
    Scoped { caller, ids: ext }: Scoped<ExtensionPath>,
    JsonOrMultipart(body): JsonOrMultipart<CreateSmsMessage>,
) -> ApiResult<JsonResponse<GetMessageInfoResponse>> {
    let command = record::SendSms { by: caller.extension.get(), on_behalf_of: ext.id.get(), request: body };
    let sms = caller.command(&state, command, |inbox, s| convert::stored_sms(&s, inbox.directory())).await?;
    Ok(JsonResponse(sms))
}

/// `GET /extension/{extensionId}/message-store` (filtered by `availability`, `direction`,
/// `messageType`, `readStatus`): the caller's own, or a call queue's for super
/// admins and the queue's message managers.
pub async fn message_store(
    State(state): State<Arc<AppState>>,
    Scoped { caller, ids: ext }: Scoped<ExtensionPath>,
    RawQuery(raw): RawQuery,
) -> ApiResult<JsonResponse<GetMessageList>> {
    let q: ListMessagesParameters = super::query(raw.as_deref())?;
    let store = ext.id;
    let list = caller.run(&state, |inbox, _| {
        let dir = inbox.directory();
        inbox.message_store(caller.extension, store).map(|records| {
            convert::message_store_list(records.map(|s| convert::stored_sms(s, dir)).filter(|r| q.admits(r)).collect())
        })
    })?;
    Ok(JsonResponse(list))
}
