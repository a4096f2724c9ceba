//! Configuration endpoints (seed 002): features, phone numbers, extensions, call queues, sites,
//! SMS recipients and their bulk change.

use std::sync::Arc;

use crate::base_url::RequestBase;
use crate::json::JsonResponse;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use rcthreads_domain::{Directory, ExtensionId};
use rcthreads_wire::convert;
use rcthreads_wire::error::ErrorResponse;
use rcthreads_wire::extension::{CallQueueList, GetExtensionListInfoResponse, GetExtensionListResponse, SitesList};
use rcthreads_wire::feature::FeatureList;
use rcthreads_wire::phone_number::{AccountPhoneNumberList, GetExtensionPhoneNumbersResponse};
use rcthreads_wire::query::{
    ListAccountPhoneNumbersV2Parameters, ListExtensionPhoneNumbersParameters, ListExtensionsParameters,
    ReadExtensionFeaturesParameters,
};
use rcthreads_wire::recipient::{BulkAssignSmsRecipientsRequest, SmsRecipientsResource};

use super::query;
use crate::error::{ApiResult, Failure};
use crate::extract::{ApiJson, Caller};
use crate::scope::{ExtensionPath, Scoped};
use crate::state::AppState;

/// An `{extensionId}` that may name any extension of the caller's account. Unknown ids are 404
/// CMN-102.
fn any_extension(dir: &Directory, ext: &ExtensionPath) -> Result<ExtensionId, Failure> {
    if dir.user(ext.id).is_none() && dir.resource(ext.id).is_none() {
        return Err(ext.not_found());
    }
    Ok(ext.id)
}

fn directory(state: &AppState, caller: &Caller) -> Directory {
    caller.run(state, |inbox, _| inbox.directory().clone())
}

/// `GET /extension/{extensionId}`.
pub async fn extension(
    State(state): State<Arc<AppState>>,
    Scoped { caller, ids: ext }: Scoped<ExtensionPath>,
    base: RequestBase,
) -> ApiResult<JsonResponse<GetExtensionListInfoResponse>> {
    let dir = directory(&state, &caller);
    let id = any_extension(&dir, &ext)?;
    convert::extension_info(&dir, id, &base.links(caller.home.id())).map(JsonResponse).ok_or_else(|| ext.not_found())
}

/// `GET /extension/~/features?featureId=MessageThreads`.
pub async fn features(
    State(state): State<Arc<AppState>>,
    Scoped { caller, ids: ext }: Scoped<ExtensionPath>,
    RawQuery(raw): RawQuery,
) -> ApiResult<JsonResponse<FeatureList>> {
    let dir = directory(&state, &caller);
    let id = any_extension(&dir, &ext)?;
    let q: ReadExtensionFeaturesParameters = query(raw.as_deref())?;
    Ok(JsonResponse(convert::features(&dir, id, &q)))
}

/// `GET /extension/{extensionId}/phone-number`: a user's own numbers and the shared numbers of
/// the resources they handle; a resource's numbers. Another user's numbers need a super admin.
pub async fn extension_numbers(
    State(state): State<Arc<AppState>>,
    Scoped { caller, ids: ext }: Scoped<ExtensionPath>,
    base: RequestBase,
    RawQuery(raw): RawQuery,
) -> ApiResult<JsonResponse<GetExtensionPhoneNumbersResponse>> {
    let dir = directory(&state, &caller);
    let id = any_extension(&dir, &ext)?;
    let admin = dir.user(caller.extension).is_some_and(|u| u.super_admin);
    if id != caller.extension && dir.user(id).is_some() && !admin {
        return Err(ErrorResponse::insufficient_permissions("ReadUserPhoneNumbers").into());
    }
    let q: ListExtensionPhoneNumbersParameters = query(raw.as_deref())?;
    Ok(JsonResponse(convert::extension_phone_numbers(&dir, id, &q, &base.links(caller.home.id()))))
}

/// `GET /restapi/v2/accounts/~/phone-numbers`.
pub async fn account_numbers(
    State(state): State<Arc<AppState>>,
    Scoped { caller, .. }: Scoped,
    RawQuery(raw): RawQuery,
) -> ApiResult<JsonResponse<AccountPhoneNumberList>> {
    let q: ListAccountPhoneNumbersV2Parameters = query(raw.as_deref())?;
    Ok(JsonResponse(convert::account_phone_numbers(&directory(&state, &caller), &q)))
}

/// `GET /extension?type=...`.
pub async fn extensions(
    State(state): State<Arc<AppState>>,
    Scoped { caller, .. }: Scoped,
    base: RequestBase,
    RawQuery(raw): RawQuery,
) -> ApiResult<JsonResponse<GetExtensionListResponse>> {
    let q: ListExtensionsParameters = query(raw.as_deref())?;
    Ok(JsonResponse(convert::extensions(&directory(&state, &caller), &q, &base.links(caller.home.id()))))
}

/// `GET /call-queues`.
pub async fn call_queues(
    State(state): State<Arc<AppState>>,
    Scoped { caller, .. }: Scoped,
) -> ApiResult<JsonResponse<CallQueueList>> {
    Ok(JsonResponse(convert::call_queues(&directory(&state, &caller))))
}

/// `GET /sites`: sub-sites (the main site is the `CompanyExtension`).
pub async fn sites(
    State(state): State<Arc<AppState>>,
    Scoped { caller, .. }: Scoped,
) -> ApiResult<JsonResponse<SitesList>> {
    Ok(JsonResponse(convert::sites(&directory(&state, &caller))))
}

/// The resource whose SMS recipients a path names: a call queue or site; an IVR menu answers
/// with its site's, which it inherits.
fn recipients_of(dir: &Directory, ext: &ExtensionPath) -> Result<ExtensionId, Failure> {
    let id = any_extension(dir, ext)?;
    match dir.handling_resource(id) {
        Some(r) => Ok(r.id),
        None => Err(ErrorResponse::invalid_parameter("extensionId", Some(&ext.segment)).into()),
    }
}

/// `GET /extension/{resourceId}/sms-recipients`.
pub async fn sms_recipients(
    State(state): State<Arc<AppState>>,
    Scoped { caller, ids: ext }: Scoped<ExtensionPath>,
) -> ApiResult<JsonResponse<SmsRecipientsResource>> {
    let dir = directory(&state, &caller);
    let id = recipients_of(&dir, &ext)?;
    let r = dir.resource(id).ok_or_else(|| ext.not_found())?;
    Ok(JsonResponse(convert::sms_recipients(r, &dir)))
}

/// `POST /extension/{resourceId}/sms-recipients/bulk-assign`: returns the new recipients.
pub async fn bulk_assign(
    State(state): State<Arc<AppState>>,
    Scoped { caller, ids: ext }: Scoped<ExtensionPath>,
    ApiJson(body): ApiJson<BulkAssignSmsRecipientsRequest>,
) -> ApiResult<StatusCode> {
    // Which extensions may have their handlers changed is the domain's rule.
    let command =
        crate::durable::record::ChangeHandlers { by: caller.extension.get(), resource: ext.id.get(), request: body };
    caller.command(&state, command, |_, ()| ()).await?;
    // The API definitions give the answer no body.
    Ok(StatusCode::NO_CONTENT)
}
