//! `/restapi/v1.0/subscription`: WebHook subscriptions to thread and message events.

use crate::durable::record::LoggedSubscription;
use crate::durable::{Record, Ticket};
use std::sync::Arc;
use std::time::Duration;

use crate::json::JsonResponse;
use axum::Extension;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use rcthreads_domain::Millis;
use rcthreads_wire::error::ErrorResponse;
use rcthreads_wire::subscription::{
    CreateSubscriptionRequest, NotificationDeliveryMode, SubscriptionInfo, SubscriptionStatus, TransportType,
    VALIDATION_TOKEN_HEADER,
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{ApiResult, Failure};
use crate::extract::{ApiJson, Caller, OptionalJson};
use crate::gateway::{Origin, SUBSCRIPTION_HEADER};
use crate::state::{AppState, lock};
use crate::subscriptions::{Delivery, Subscription, filter_kind, post};

/// Subscription lifetime when none is asked for (seconds).
const DEFAULT_EXPIRES_IN: u32 = 604_800;

/// Subscriptions one WebSocket session may hold.
const MAX_PER_SESSION: usize = 20;

/// Webhook subscriptions one user may hold.
const MAX_PER_USER: usize = 20;

fn info(s: &Subscription) -> SubscriptionInfo {
    let (transport_type, address) = match &s.delivery {
        Delivery::WebHook { address, .. } => (TransportType::WebHook, Some(address.clone())),
        Delivery::WebSocket { .. } => (TransportType::WebSocket, None),
    };
    SubscriptionInfo {
        uri: Some(format!("/restapi/v1.0/subscription/{}", s.id)),
        id: s.id.clone(),
        event_filters: s.event_filters.clone(),
        disabled_filters: None,
        expiration_time: s.expires.to_datetime(),
        expires_in: u32::try_from((s.expires - s.created).0 / 1000).ok(),
        status: SubscriptionStatus::Active,
        creation_time: s.created.to_datetime(),
        delivery_mode: NotificationDeliveryMode { transport_type, address, encryption: Some(false) },
    }
}

/// One of the caller's own subscriptions, as it was when the request arrived, named by the
/// path's `{subscriptionId}`; any other id is 404 `subscriptionId`.
#[derive(Debug)]
pub struct OwnSubscription(pub Subscription);

impl FromRequestParts<Arc<AppState>> for OwnSubscription {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Response> {
        let caller = Caller::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        let Path(id) = Path::<String>::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        let found = lock(&state.subscriptions)
            .get(&id)
            .filter(|s| s.account == caller.account && s.owner == caller.extension)
            .cloned();
        match found {
            Some(subscription) => Ok(Self(subscription)),
            None => Err(Failure::from(ErrorResponse::not_found("subscriptionId", Some(&id))).into_response()),
        }
    }
}

/// `POST /restapi/v1.0/subscription`: a `WebHook` subscription validates the address first (it
/// must echo the `Validation-Token` header with 200 within 3 s); a `WebSocket` one is made over
/// the gateway connection that will carry its events, and answers with `WSG-SubscriptionId`.
pub async fn create(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    origin: Option<Extension<Origin>>,
    ApiJson(body): ApiJson<CreateSubscriptionRequest>,
) -> ApiResult<Response> {
    if body.event_filters.is_empty() {
        return Err(ErrorResponse::missing_parameter("eventFilters").into());
    }
    let account_id = caller.home.id().to_string();
    let (mut threads, mut entries) = (false, false);
    for f in &body.event_filters {
        match filter_kind(f, &account_id) {
            Some(true) => threads = true,
            Some(false) => entries = true,
            None => return Err(ErrorResponse::invalid_parameter("eventFilters", Some(f)).into()),
        }
    }
    match (&body.delivery_mode.transport_type, origin) {
        (TransportType::WebHook, _) => {}
        (TransportType::WebSocket, Some(Extension(origin))) => {
            return websocket(&state, &caller, &origin, body, (threads, entries));
        }
        (TransportType::WebSocket, None) => {
            let why = "WebSocket subscriptions are made over the gateway connection that carries them: POST \
                       /restapi/oauth/wstoken, connect, then send this request as a ClientRequest";
            return Err(Failure::invalid_parameter_because("deliveryMode.transportType", Some("WebSocket"), why));
        }
        (other, _) => {
            return Err(ErrorResponse::invalid_parameter("deliveryMode.transportType", Some(other.as_str())).into());
        }
    }
    {
        let mut subs = lock(&state.subscriptions);
        subs.drop_lapsed(caller.account, caller.extension, caller.now);
        if subs.live_count(caller.account, caller.extension, caller.now) >= MAX_PER_USER {
            let why = format!("A user may hold at most {MAX_PER_USER} webhook subscriptions; delete one first");
            return Err(Failure::invalid_parameter_because("eventFilters", None, why));
        }
    }
    let address = body.delivery_mode.address.clone();
    if !address.starts_with("http://") {
        // The mock has no TLS client: webhooks in tests listen on plain HTTP.
        return Err(ErrorResponse::invalid_parameter("deliveryMode.address", Some(&address)).into());
    }
    // Checked before any connection: the mock must not be made to reach arbitrary hosts.
    if !state.settings.allow_remote_webhooks && !is_loopback(&address) {
        let why = "Webhook addresses must be on this machine (localhost, 127.0.0.0/8 or [::1]); start the mock \
                   with --allow-remote-webhooks to allow other hosts";
        return Err(Failure::invalid_parameter_because("deliveryMode.address", Some(&address), why));
    }
    let validation = uuid::Uuid::new_v4().to_string();
    let answer = post(&address, &[(VALIDATION_TOKEN_HEADER, &validation)], Vec::new(), Duration::from_secs(3)).await;
    let echoed = answer.as_ref().is_ok_and(|r| {
        r.status() == 200
            && r.headers().get(VALIDATION_TOKEN_HEADER).and_then(|h| h.to_str().ok()) == Some(validation.as_str())
    });
    if !echoed {
        // One answer whatever went wrong, so that validation cannot be used to tell closed ports
        // from open ones; the reason goes to the mock's log.
        let reason = match answer {
            Ok(r) => format!("answered {} without echoing the Validation-Token header", r.status()),
            Err(e) => e,
        };
        tracing::info!(%address, %reason, "webhook validation failed");
        let why = "Webhook validation failed: the address did not answer 200 echoing the Validation-Token header \
                   within 3 s";
        return Err(Failure::invalid_parameter_because("deliveryMode.address", Some(&address), why));
    }
    let verification_token = body.delivery_mode.verification_token.clone();
    let s =
        subscription(caller.now, &caller, body, (threads, entries), Delivery::WebHook { address, verification_token });
    state
        .logged(|log| {
            let mut subs = lock(&state.subscriptions);
            subs.insert(s.clone());
            state.subscribed.store(true, std::sync::atomic::Ordering::Relaxed);
            let ticket = LoggedSubscription::of(&s)
                .map_or(Ticket::NONE, |subscription| log.append(&Record::Subscribed { subscription }));
            Ok::<_, Failure>(((), ticket))
        })
        .await?;
    Ok(JsonResponse(info(&s)).into_response())
}

/// A new subscription of `caller` to the events asked for, delivered by `delivery`.
fn subscription(
    now: rcthreads_domain::Timestamp,
    caller: &Caller,
    body: CreateSubscriptionRequest,
    (threads, entries): (bool, bool),
    delivery: Delivery,
) -> Subscription {
    let expires_in = body.expires_in.unwrap_or(DEFAULT_EXPIRES_IN).max(1);
    Subscription {
        id: uuid::Uuid::new_v4().to_string(),
        account: caller.account,
        owner: caller.extension,
        threads,
        entries,
        event_filters: body.event_filters,
        delivery,
        created: now,
        expires: now + Millis::seconds(i64::from(expires_in)),
    }
}

/// Whether a webhook URL names this machine: `localhost`, 127.0.0.0/8 or `[::1]`.
fn is_loopback(address: &str) -> bool {
    let Ok(uri) = address.parse::<axum::http::Uri>() else { return false };
    match uri.host() {
        Some(h) if h.eq_ignore_ascii_case("localhost") => true,
        Some(h) => {
            h.trim_start_matches('[').trim_end_matches(']').parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
        None => false,
    }
}

/// A `WebSocket` subscription on the session `origin` came over.
fn websocket(
    state: &AppState,
    caller: &Caller,
    origin: &Origin,
    body: CreateSubscriptionRequest,
    (threads, entries): (bool, bool),
) -> ApiResult<Response> {
    let delivery = Delivery::WebSocket { session: origin.session.clone() };
    let s = subscription(caller.now, caller, body, (threads, entries), delivery);
    {
        let mut registry = lock(&state.gateway.registry);
        if registry.subscription_count(&origin.session) >= MAX_PER_SESSION {
            let why = format!("A WebSocket session may hold at most {MAX_PER_SESSION} subscriptions");
            return Err(Failure::invalid_parameter_because("eventFilters", None, why));
        }
        if !registry.subscribed(&origin.session, s.id.clone()) {
            return Err(ErrorResponse::not_found("wsc", Some(&origin.session)).into());
        }
    }
    lock(&state.subscriptions).insert(s.clone());
    state.subscribed.store(true, std::sync::atomic::Ordering::Relaxed);
    Ok(([(SUBSCRIPTION_HEADER, s.id.clone())], JsonResponse(info(&s))).into_response())
}

/// `GET /restapi/v1.0/subscription`: the caller's subscriptions.
pub async fn list(State(state): State<Arc<AppState>>, caller: Caller) -> JsonResponse<Value> {
    let records: Vec<_> = lock(&state.subscriptions).of(caller.account, caller.extension).iter().map(info).collect();
    JsonResponse(json!({ "records": records }))
}

/// `GET /restapi/v1.0/subscription/{id}`.
pub async fn read(OwnSubscription(subscription): OwnSubscription) -> JsonResponse<SubscriptionInfo> {
    JsonResponse(info(&subscription))
}

/// Body of a renewal.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RenewBody {
    /// New lifetime in seconds.
    pub expires_in: Option<u32>,
}

/// `PUT /restapi/v1.0/subscription/{id}`: extends it.
pub async fn renew(
    State(state): State<Arc<AppState>>,
    OwnSubscription(subscription): OwnSubscription,
    OptionalJson(body): OptionalJson<RenewBody>,
) -> ApiResult<JsonResponse<SubscriptionInfo>> {
    let id = subscription.id;
    let expires_in = body.and_then(|b| b.expires_in).unwrap_or(DEFAULT_EXPIRES_IN).max(1);
    let now = state.accounts.get(subscription.account).map_or_else(|| state.now(), |a| a.now());
    let answer = state
        .logged(|log| {
            let mut subs = lock(&state.subscriptions);
            let s = subs
                .get_mut(&id)
                .ok_or_else(|| Failure::from(ErrorResponse::not_found("subscriptionId", Some(&id))))?;
            s.created = now;
            s.expires = now + Millis::seconds(i64::from(expires_in));
            let ticket = LoggedSubscription::of(s)
                .map_or(Ticket::NONE, |subscription| log.append(&Record::Renewed { subscription }));
            Ok::<_, Failure>((info(s), ticket))
        })
        .await?;
    Ok(JsonResponse(answer))
}

/// `DELETE /restapi/v1.0/subscription/{id}`: 204.
pub async fn remove(
    State(state): State<Arc<AppState>>,
    OwnSubscription(subscription): OwnSubscription,
) -> ApiResult<StatusCode> {
    if let Delivery::WebSocket { session } = &subscription.delivery {
        lock(&state.gateway.registry).unsubscribed(session, &subscription.id);
    }
    state
        .logged(|log| {
            let mut subs = lock(&state.subscriptions);
            subs.remove(&subscription.id);
            state.subscribed.store(!subs.is_empty(), std::sync::atomic::Ordering::Relaxed);
            let ticket = match subscription.delivery {
                Delivery::WebHook { .. } => log.append(&Record::Unsubscribed { id: subscription.id.clone() }),
                Delivery::WebSocket { .. } => Ticket::NONE,
            };
            Ok::<_, Failure>(((), ticket))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
