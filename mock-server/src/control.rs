//! The control API under `/mock/v1/`: what a test does to the world around the API (a customer
//! texting in, time passing, faults) and what it inspects (requests, fixture).

use std::sync::Arc;

use crate::json::JsonResponse;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rcthreads_domain::{Millis, PhoneNumber, Timestamp};
use rcthreads_wire::convert;
use rcthreads_wire::error::{ErrorResponse, codes};
use rcthreads_wire::link::{BaseUrl, Links};
use rcthreads_wire::message::ThreadMessageModel;
use rcthreads_wire::time::{format, parse};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::base_url::RequestBase;
use crate::error::{ApiResult, Failure};
use crate::extract::ApiJson;
use crate::faults::FaultSpec;
use crate::fixture::{AccountFixture, Fixture};
use crate::state::{AppState, lock};

/// Requires the control token, when one is configured.
pub async fn guard(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if let Some(expected) = &state.settings.control_token {
        let given = req.headers().get("X-Mock-Control-Token").and_then(|h| h.to_str().ok()).or_else(|| {
            req.headers()
                .get(header::AUTHORIZATION)
                .and_then(|h| h.to_str().ok())
                .and_then(|h| h.strip_prefix("Bearer "))
        });
        let browser = given.is_none().then(|| crate::console::browser_token(&req)).flatten();
        // As RingCentral answers a missing or a wrong bearer token: 401 AGW-401 / 401 OAU-149.
        match given.or(browser.as_deref()) {
            Some(token) if token == expected.as_str() => {}
            Some(_) => {
                let why = "The control token is not the one the mock was started with";
                return Failure::new(401, codes::TOKEN_INVALID, why).into_response();
            }
            None => {
                let why = "The control API needs the control token (X-Mock-Control-Token or Authorization: Bearer)";
                return Failure::new(401, codes::AUTHORIZATION_MISSING, why).into_response();
            }
        }
    }
    next.run(req).await
}

/// `GET /mock/v1/health`.
pub async fn health(State(state): State<Arc<AppState>>) -> JsonResponse<Value> {
    JsonResponse(json!({
        "status": "ok",
        "accounts": state.accounts.len(),
        "time": format(&state.now().to_datetime()),
    }))
}

/// A customer's text (`POST /mock/v1/inbound`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InboundBody {
    /// The outside number.
    pub from: String,
    /// The shared number.
    pub to: String,
    /// The text.
    pub text: String,
}

fn phone(name: &str, s: &str) -> Result<PhoneNumber, Failure> {
    s.parse()
        .map_err(|e: rcthreads_domain::PhoneNumberError| Failure::invalid_parameter(400, name, Some(s), e.to_string()))
}

/// A customer texts a shared number of a built-in account: the message joins the pair's open
/// thread or creates an unassigned one. Returns the stored message with its `threadId`.
/// (A tenant's numbers may repeat another account's: its customers text through
/// `/mock/v1/accounts/{id}/inbound`.)
pub(crate) async fn receive(
    state: &AppState,
    base: &BaseUrl,
    from: &str,
    to: &str,
    text: String,
) -> Result<ThreadMessageModel, Failure> {
    let to_n = phone("to", to)?;
    let account = state
        .accounts
        .built_in()
        .iter()
        .find(|a| a.loaded.directory.number(to_n).is_some())
        .ok_or_else(|| Failure::from(ErrorResponse::invalid_parameter("to", Some(to))))?;
    receive_in(state, account, base, from, to, text).await
}

/// A customer texts a shared number of `account`; answers once the change is on disk, with
/// its links under `base`.
pub(crate) async fn receive_in(
    state: &AppState,
    account: &crate::state::Account,
    base: &BaseUrl,
    from: &str,
    to: &str,
    text: String,
) -> Result<ThreadMessageModel, Failure> {
    state.logged(|log| receive_now(state, log, account, base, from, to, text)).await
}

/// The same without waiting for the sync (the in-process API's synchronous call).
pub(crate) fn receive_now(
    state: &AppState,
    log: &crate::durable::Log,
    account: &crate::state::Account,
    base: &BaseUrl,
    from: &str,
    to: &str,
    text: String,
) -> Result<(ThreadMessageModel, crate::durable::Ticket), Failure> {
    phone("from", from)?;
    let to_n = phone("to", to)?;
    if account.loaded.directory.number(to_n).is_none() {
        return Err(ErrorResponse::invalid_parameter("to", Some(to)).into());
    }
    let command = crate::durable::record::Receive { from: from.to_owned(), to: to.to_owned(), text };
    let links = Links::new(base.clone(), account.id());
    state.command_now(log, account, account.now(), command, |inbox, m| {
        convert::message_record(&m, inbox.directory(), &links)
    })
}

/// `POST /mock/v1/inbound`.
pub async fn inbound(
    State(state): State<Arc<AppState>>,
    RequestBase(base): RequestBase,
    ApiJson(body): ApiJson<InboundBody>,
) -> ApiResult<JsonResponse<ThreadMessageModel>> {
    receive(&state, &base, &body.from, &body.to, body.text).await.map(JsonResponse)
}

/// Applies what fell due by the (moved) mock-wide clock in every built-in account, and
/// notifies, before the answer; then wakes the timers, whose next deadline is now nearer or
/// farther in real time.
pub(crate) fn catch_up(state: &AppState) {
    for a in state.accounts.built_in() {
        catch_up_account(state, a);
    }
    state.events.publish(crate::console::events::Kind::ClockMoved, state.now());
}

/// The same for one account.
pub(crate) fn catch_up_account(state: &AppState, a: &crate::state::Account) {
    crate::timer::apply_due(state, a);
    a.alarm.ring();
}

/// The clock as `GET /mock/v1/clock` shows it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClockView {
    /// The mock time.
    pub now: String,
    /// Whether it follows real time.
    pub follows_real_time: bool,
}

fn clock_view(state: &AppState) -> ClockView {
    ClockView { now: format(&state.now().to_datetime()), follows_real_time: state.clock.follows_real_time() }
}

/// `GET /mock/v1/clock`.
pub async fn clock(State(state): State<Arc<AppState>>) -> JsonResponse<ClockView> {
    JsonResponse(clock_view(&state))
}

/// The longest single move of the clock: 100 years, so that the clock stays within the
/// times the API can write.
const MAX_ADVANCE_SECONDS: i64 = 100 * 365 * 86_400;

/// `POST /mock/v1/clock`: exactly one change of the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockBody {
    /// `{"advanceSeconds": n}`: move forward this long (and stop the clock there).
    Advance(Millis),
    /// `{"set": "<RFC 3339>"}`: stop the clock at this time.
    Set(Timestamp),
    /// `{"realTime": true}`: follow real time again from the current mock time.
    RealTime,
}

/// The clock body as sent: each field optional, so that a wrong combination gets its own answer
/// rather than serde's. Named `ClockBody` for serde, whose messages name the type.
#[derive(Debug, Deserialize)]
#[serde(rename = "ClockBody", rename_all = "camelCase", deny_unknown_fields)]
struct ClockFields {
    advance_seconds: Option<i64>,
    set: Option<String>,
    real_time: Option<bool>,
}

impl TryFrom<ClockFields> for ClockBody {
    type Error = Failure;

    fn try_from(f: ClockFields) -> Result<Self, Failure> {
        match (f.advance_seconds, f.set, f.real_time) {
            (Some(n), None, None) if (0..=MAX_ADVANCE_SECONDS).contains(&n) => Ok(Self::Advance(Millis::seconds(n))),
            (Some(n), None, None) => {
                Err(ErrorResponse::invalid_parameter("advanceSeconds", Some(&n.to_string())).into())
            }
            (None, Some(t), None) => match parse(&t) {
                Ok(t) => Ok(Self::Set(Timestamp::from_datetime(t))),
                Err(_) => Err(ErrorResponse::invalid_parameter("set", Some(&t)).into()),
            },
            (None, None, Some(true)) => Ok(Self::RealTime),
            _ => Err(Failure::new(
                400,
                codes::MISSING_PARAMETER,
                "Give exactly one of advanceSeconds, set (RFC 3339) or realTime: true",
            )),
        }
    }
}

impl<S: Send + Sync> FromRequest<S> for ClockBody {
    type Rejection = Failure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Failure> {
        let ApiJson(fields) = ApiJson::<ClockFields>::from_request(req, state).await?;
        fields.try_into()
    }
}

/// `POST /mock/v1/clock`: advance, set, or release the clock; what fell due (expiry, delivery)
/// is applied at once and notified.
///
/// One rule for both ways of moving it: the clock never goes back past a time the accounts have
/// seen. A negative `advanceSeconds`, or a `set` earlier than the latest time any account's
/// inbox was given, is refused (400 CMN-101 naming the parameter); before the first command
/// (after a start or a reset) any time may be set, so a test can pin its dates.
pub async fn set_clock(State(state): State<Arc<AppState>>, body: ClockBody) -> ApiResult<JsonResponse<ClockView>> {
    match body {
        ClockBody::Advance(by) => {
            state.clock.advance(by);
        }
        ClockBody::Set(t) => {
            refuse_going_back(t, state.accounts.built_in())?;
            state.clock.set(t);
        }
        ClockBody::RealTime => {
            state.clock.resume();
        }
    }
    state.logged(|log| Ok::<_, Failure>(((), log_clock(log, &state, None)))).await?;
    catch_up(&state);
    Ok(JsonResponse(clock_view(&state)))
}

/// Logs a clock's setting after a move: the mock-wide one, or a tenant's.
pub(crate) fn log_clock(
    log: &crate::durable::Log,
    state: &AppState,
    tenant: Option<&crate::state::Account>,
) -> crate::durable::Ticket {
    let clock = tenant.map_or_else(|| state.clock.state(), |a| a.clock().state());
    log.append(&crate::durable::Record::Clock { account: tenant.map(|a| a.index), clock })
}

/// The clock rule shared by the mock-wide clock and a tenant's: a `set` earlier than the latest
/// time these accounts' inboxes were given is refused (400 CMN-101 naming `set`).
pub(crate) fn refuse_going_back(t: Timestamp, accounts: &[Arc<crate::state::Account>]) -> ApiResult<()> {
    let reached = accounts.iter().map(|a| a.reached()).max().unwrap_or(t);
    if t < reached {
        let value = format(&t.to_datetime());
        return Err(Failure::invalid_parameter(
            400,
            "set",
            Some(&value),
            format!(
                "The clock cannot go back: the accounts have seen {}; set a later time, or reset first",
                format(&reached.to_datetime())
            ),
        ));
    }
    Ok(())
}

/// `POST /mock/v1/load`: bulk test data.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoadBody {
    /// Threads to create, one per synthetic customer.
    pub threads: u32,
    /// Inbound messages per thread (at least 1).
    pub messages_per_thread: u32,
    /// Characters per message text (default 20).
    #[serde(default = "twenty")]
    pub text_length: usize,
    /// The shared number the customers text (default: the first account's first shared number).
    #[serde(default)]
    pub to: Option<String>,
}

fn twenty() -> usize {
    20
}

/// The most messages one load may create.
const MAX_LOAD: u64 = 20_000_000;

/// `POST /mock/v1/load`: customers `+19000000000`, `+19000000001`, ... each text a shared number
/// `messagesPerThread` times, through the same domain command as `inbound`, so loads and
/// benchmarks see real threads. No notifications are sent for them.
pub async fn load(
    State(state): State<Arc<AppState>>,
    ApiJson(body): ApiJson<LoadBody>,
) -> ApiResult<JsonResponse<Value>> {
    let total = u64::from(body.threads) * u64::from(body.messages_per_thread);
    if body.threads == 0 || body.messages_per_thread == 0 || total > MAX_LOAD {
        return Err(ErrorResponse::invalid_parameter("threads", Some(&format!("{total} messages"))).into());
    }
    if body.text_length == 0 || body.text_length > rcthreads_domain::MAX_TEXT_CHARS {
        return Err(ErrorResponse::invalid_parameter("textLength", Some(&body.text_length.to_string())).into());
    }
    let to = match &body.to {
        Some(t) => phone("to", t)?,
        None => {
            let dir = &state.accounts.built_in()[0].loaded.directory;
            dir.numbers()
                .iter()
                .map(|n| n.number)
                .find(|&n| dir.thread_owner(n).is_some())
                .ok_or_else(|| Failure::from(ErrorResponse::missing_parameter("to")))?
        }
    };
    let account = state
        .accounts
        .built_in()
        .iter()
        .find(|a| a.loaded.directory.number(to).is_some())
        .cloned()
        .ok_or_else(|| Failure::from(ErrorResponse::invalid_parameter("to", Some(&to.to_string()))))?;
    let text: String = "Thanks for the update, see you soon. ".chars().cycle().take(body.text_length).collect();
    let load = crate::durable::record::Load {
        threads: body.threads,
        messages_per_thread: body.messages_per_thread,
        text,
        to: to.to_string(),
    };
    // Millions of commands under the account's lock: on a blocking thread, so that the async
    // workers go on serving every other request meanwhile.
    let logging = Arc::clone(&state);
    let work = move || {
        account.with_inbox(account.now(), |inbox, now| {
            let open = load.apply(inbox, now)?;
            let record = crate::durable::Record::Load { account: account.index, at: now.as_millis(), load };
            Ok::<_, Failure>((open, logging.log.append(&record)))
        })
    };
    let place = state.log.place().await;
    let (result, _) = tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Failure::new(500, crate::error::mock_codes::INTERNAL_ERROR, format!("the load stopped: {e}")))?;
    let (open, ticket) = result?;
    state.log.synced(ticket).await?;
    drop(place);
    Ok(JsonResponse(json!({ "messages": total, "openThreads": open })))
}

/// `POST /mock/v1/reset`: back to the fixture.
pub async fn reset(State(state): State<Arc<AppState>>) -> ApiResult<StatusCode> {
    state
        .logged(|log| {
            state.reset();
            Ok::<_, Failure>(((), log.append(&crate::durable::Record::Reset {})))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /mock/v1/requests`.
pub async fn requests(State(state): State<Arc<AppState>>) -> JsonResponse<Value> {
    let records: Vec<_> = lock(&state.requests).records().cloned().collect();
    JsonResponse(json!({ "records": records }))
}

/// `DELETE /mock/v1/requests`.
pub async fn clear_requests(State(state): State<Arc<AppState>>) -> StatusCode {
    lock(&state.requests).clear();
    StatusCode::NO_CONTENT
}

/// `GET /mock/v1/fixture`: the accounts, users with their JWT assertions, and app credentials.
pub async fn fixture(State(state): State<Arc<AppState>>) -> JsonResponse<Fixture> {
    let accounts = state
        .accounts
        .built_in()
        .iter()
        .map(|a| {
            let mut f = AccountFixture::from_directory(a.id(), &a.loaded.name, &a.loaded.directory);
            for (u, (jwt, _)) in f.users.iter_mut().zip(&a.loaded.jwts) {
                u.jwt = Some(jwt.clone());
            }
            f
        })
        .collect();
    JsonResponse(Fixture { app: state.app.clone(), accounts })
}

/// `GET /mock/v1/faults`.
pub async fn faults(State(state): State<Arc<AppState>>) -> JsonResponse<Value> {
    JsonResponse(json!({ "records": lock(&state.faults).list() }))
}

/// `POST /mock/v1/faults`.
pub async fn add_fault(State(state): State<Arc<AppState>>, ApiJson(spec): ApiJson<FaultSpec>) -> ApiResult<Response> {
    let id = lock(&state.faults)
        .add(spec)
        .map_err(|e| Failure::invalid_parameter_because(e.parameter(), None, e.to_string()))?;
    Ok((StatusCode::CREATED, JsonResponse(json!({ "id": id }))).into_response())
}

/// `DELETE /mock/v1/faults`.
pub async fn clear_faults(State(state): State<Arc<AppState>>) -> StatusCode {
    lock(&state.faults).clear();
    StatusCode::NO_CONTENT
}

/// `DELETE /mock/v1/faults/{id}`.
pub async fn remove_fault(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult<StatusCode> {
    let id: u64 = id.parse().map_err(|_| Failure::from(ErrorResponse::not_found("faultId", Some(&id))))?;
    if lock(&state.faults).remove(id) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ErrorResponse::not_found("faultId", Some(&id.to_string())).into())
    }
}

/// `GET /mock/v1/websockets`: the gateway's sessions, connected or waiting for a recovery, with
/// their subscriptions.
pub async fn websockets(State(state): State<Arc<AppState>>) -> JsonResponse<Value> {
    JsonResponse(json!({ "records": state.gateway.sessions() }))
}

/// `POST /mock/v1/websockets/drop`: cuts every open WebSocket connection, as a network failure
/// would; sessions stay recoverable for the recovery timeout.
pub async fn drop_websockets(State(state): State<Arc<AppState>>) -> JsonResponse<Value> {
    JsonResponse(json!({ "dropped": state.gateway.drop_connections() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(json: Value) -> Result<ClockBody, Failure> {
        serde_json::from_value::<ClockFields>(json).map_err(Failure::bad_json)?.try_into()
    }

    #[test]
    fn a_clock_body_is_exactly_one_change() {
        assert_eq!(body(json!({"advanceSeconds": 90})), Ok(ClockBody::Advance(Millis::seconds(90))));
        let t = Timestamp::from_datetime(parse("2030-01-01T00:00:00Z").unwrap());
        assert_eq!(body(json!({"set": "2030-01-01T00:00:00Z"})), Ok(ClockBody::Set(t)));
        assert_eq!(body(json!({"realTime": true})), Ok(ClockBody::RealTime));

        let exactly_one = "Give exactly one of advanceSeconds, set (RFC 3339) or realTime: true";
        for bad in [json!({}), json!({"realTime": false}), json!({"advanceSeconds": 1, "realTime": true})] {
            let e = body(bad).unwrap_err().response;
            assert_eq!((e.status, e.code(), e.body.message.as_deref()), (400, Some("CMN-100"), Some(exactly_one)));
        }
        let e = body(json!({"advanceSeconds": -5})).unwrap_err().response;
        assert_eq!(e, ErrorResponse::invalid_parameter("advanceSeconds", Some("-5")));
        // Near i64::MAX / 1000 the span once overflowed: a panic, or a clock moved backwards.
        let huge = i64::MAX / 1000;
        let e = body(json!({"advanceSeconds": huge})).unwrap_err().response;
        assert_eq!(e, ErrorResponse::invalid_parameter("advanceSeconds", Some(&huge.to_string())));
        assert_eq!(
            body(json!({"advanceSeconds": MAX_ADVANCE_SECONDS})),
            Ok(ClockBody::Advance(Millis::seconds(MAX_ADVANCE_SECONDS)))
        );
        let e = body(json!({"set": "yesterday"})).unwrap_err().response;
        assert_eq!(e, ErrorResponse::invalid_parameter("set", Some("yesterday")));
        let e = body(json!({"advance": 5})).unwrap_err().response;
        assert_eq!((e.status, e.code(), e.body.parameter_name()), (400, Some("CMN-101"), Some("body")));
    }
}
