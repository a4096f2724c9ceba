//! Tenants: isolated accounts made while the mock runs, one per test, so that tests running in
//! parallel against one mock never see each other's threads, notifications, sync tokens or
//! clock moves.
//!
//! A tenant is made from an account in the fixture format, or as a copy of a built-in account
//! (`{"copyOf": "<id>"}`). The mock gives it an account id no other account has and, to each
//! user without one, the JWT assertion `jwt-<accountId>-<extensionNumber>`; the app credentials
//! stay the mock's. Its phone numbers and extension ids may repeat another account's: requests
//! reach it through its users' sessions, and its customers text in through
//! `POST /mock/v1/accounts/{id}/inbound`. It runs on its own clock.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rcthreads_domain::{AccountId, Timestamp};
use rcthreads_wire::error::ErrorResponse;
use rcthreads_wire::message::ThreadMessageModel;
use rcthreads_wire::time::format;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::control::{ClockBody, ClockView, InboundBody};
use crate::error::{ApiResult, Failure};
use crate::extract::ApiJson;
use crate::fixture::{AccountFixture, FixtureError};
use crate::json::JsonResponse;
use crate::state::{Account, AppState, TenantRefusal, lock};

/// `{"copyOf": "<account id>"}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CopyOf {
    copy_of: String,
}

/// What a tenant is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TenantSpec {
    /// A copy of a built-in account's configuration (not of its threads), by account id.
    CopyOf(String),
    /// An account in the fixture format; an empty `id` (or none in JSON) has the mock pick one.
    Account(Box<AccountFixture>),
}

impl TenantSpec {
    /// Reads a request body: a `copyOf` object, or an account in the fixture format.
    fn from_json(mut body: Value) -> Result<Self, Failure> {
        let Some(object) = body.as_object_mut() else {
            return Err(Failure::bad_body("expected an account in the fixture format or {\"copyOf\": \"<id>\"}"));
        };
        if object.contains_key("copyOf") {
            let CopyOf { copy_of } = serde_json::from_value(body).map_err(Failure::bad_json)?;
            return Ok(Self::CopyOf(copy_of));
        }
        object.entry("id").or_insert_with(|| Value::String(String::new()));
        let account: AccountFixture = serde_path_to_error::deserialize(body).map_err(|e| {
            let path = e.path().to_string();
            let why = e.into_inner();
            if path == "." {
                Failure::bad_json(why)
            } else {
                Failure::invalid_parameter(400, &path, None, why.to_string())
            }
        })?;
        Ok(Self::Account(Box::new(account)))
    }
}

/// The account a spec describes, with the id the mock picked when it names none, and every user
/// given a JWT assertion.
fn account_fixture(state: &AppState, spec: TenantSpec, id: AccountId) -> Result<AccountFixture, Failure> {
    let mut f = match spec {
        TenantSpec::CopyOf(source) => {
            let a =
                state.accounts.built_in().iter().find(|a| a.id().to_string() == source).ok_or_else(|| {
                    Failure::invalid_parameter(400, "copyOf", Some(&source), "Not a built-in account")
                })?;
            AccountFixture::from_directory(id, &a.loaded.name, &a.loaded.directory)
        }
        TenantSpec::Account(mut f) => {
            if f.id.is_empty() {
                f.id = id.to_string();
            }
            *f
        }
    };
    for u in &mut f.users {
        if u.jwt.is_none() {
            u.jwt = Some(format!("jwt-{}-{}", f.id, u.extension_number));
        }
    }
    Ok(f)
}

fn fixture_error(e: &FixtureError) -> Failure {
    match e {
        FixtureError::Invalid { field, reason } => {
            Failure::invalid_parameter(400, field.trim_start_matches('.'), None, format!("{field}: {reason}"))
        }
        other => Failure::bad_body(other),
    }
}

/// Makes a tenant from a spec and logs it; its timer starts when the mock is serving. Nothing
/// is changed when it is refused. Answers once it is on disk.
pub(crate) async fn create(state: &Arc<AppState>, spec: TenantSpec) -> Result<Arc<Account>, Failure> {
    state.logged(|log| create_now(state, log, spec)).await
}

/// The same without waiting for the sync (the in-process API's synchronous call).
fn create_now(
    state: &Arc<AppState>,
    log: &crate::durable::Log,
    spec: TenantSpec,
) -> Result<(Arc<Account>, crate::durable::Ticket), Failure> {
    let added = state.accounts.add_tenant(
        &state.events,
        |id| {
            let f = account_fixture(state, spec, id)?;
            let loaded = f.load("").map_err(|e| fixture_error(&e))?;
            Ok::<_, Failure>((loaded, f))
        },
        |key, f| log.append(&crate::durable::Record::TenantCreated { key, account: Box::new(f) }),
    )?;
    let (account, ticket) = added.map_err(|r| match r {
        TenantRefusal::Full => Failure::invalid_parameter(409, "body", None, r.to_string()),
        TenantRefusal::IdTaken(id) => Failure::invalid_parameter(409, "id", Some(&id.to_string()), r.to_string()),
        TenantRefusal::JwtTaken(i, ref jwt) => {
            Failure::invalid_parameter(409, &format!("users[{i}].jwt"), Some(jwt), r.to_string())
        }
    })?;
    crate::timer::start(state, &account);
    Ok((account, ticket))
}

/// Back to its configuration: no threads, messages or notes; no subscriptions; a tenant's clock
/// back to real time. Sessions stay, so logged-in clients keep working.
pub(crate) fn reset(state: &AppState, a: &Account) {
    {
        let mut subs = lock(&state.subscriptions);
        let mut registry = lock(&state.gateway.registry);
        for s in subs.of_account(a.index) {
            if let crate::subscriptions::Delivery::WebSocket { session } = &s.delivery {
                registry.unsubscribed(session, &s.id);
            }
        }
        subs.forget_account(a.index);
        state.subscribed.store(!subs.is_empty(), std::sync::atomic::Ordering::Relaxed);
    }
    if a.tenant {
        a.clock().reset();
    }
    a.reset();
}

/// Moves a tenant's clock and logs it, applies what fell due on it at once (notifying), and
/// wakes its timer.
pub(crate) fn move_clock(
    state: &AppState,
    log: &crate::durable::Log,
    a: &Account,
    body: ClockBody,
) -> (Timestamp, crate::durable::Ticket) {
    match body {
        ClockBody::Advance(by) => {
            a.clock().advance(by);
        }
        ClockBody::Set(t) => {
            a.clock().set(t);
        }
        ClockBody::RealTime => {
            a.clock().resume();
        }
    }
    let ticket = crate::control::log_clock(log, state, Some(a));
    crate::control::catch_up_account(state, a);
    (a.now(), ticket)
}

/// Resets an account and logs it.
fn reset_logged(state: &AppState, log: &crate::durable::Log, a: &Account) -> crate::durable::Ticket {
    reset(state, a);
    log.append(&crate::durable::Record::AccountReset { key: a.index })
}

/// Deletes a tenant and logs it.
fn delete_now(state: &AppState, log: &crate::durable::Log, key: usize) -> crate::durable::Ticket {
    match state.delete_tenant(key) {
        Some(_) => log.append(&crate::durable::Record::TenantDeleted { key }),
        None => crate::durable::Ticket::NONE,
    }
}

fn clock_view(a: &Account) -> ClockView {
    ClockView { now: format(&a.now().to_datetime()), follows_real_time: a.clock().follows_real_time() }
}

/// An account as `/mock/v1/accounts` shows it: the fixture format with every user's JWT
/// assertion, whether it is a tenant, and its clock.
pub fn record(a: &Account) -> Value {
    let mut f = AccountFixture::from_directory(a.id(), &a.loaded.name, &a.loaded.directory);
    for (u, (jwt, _)) in f.users.iter_mut().zip(&a.loaded.jwts) {
        u.jwt = Some(jwt.clone());
    }
    let mut v = serde_json::to_value(f).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("tenant".into(), a.tenant.into());
        o.insert("clock".into(), serde_json::to_value(clock_view(a)).unwrap_or_default());
    }
    v
}

/// The account a path names, 404 `accountId` when there is none.
fn named(state: &AppState, id: &str) -> Result<Arc<Account>, Failure> {
    state.accounts.find(id).ok_or_else(|| ErrorResponse::not_found("accountId", Some(id)).into())
}

/// The tenant a path names: a built-in account is 400 `accountId` (`what` says what it cannot).
fn tenant(state: &AppState, id: &str, what: &str) -> Result<Arc<Account>, Failure> {
    let a = named(state, id)?;
    if !a.tenant {
        let why = format!("{id} is a built-in account: {what}");
        return Err(Failure::invalid_parameter(400, "accountId", Some(id), why));
    }
    Ok(a)
}

/// The routes of `/mock/v1/accounts`.
pub(crate) fn routes(served: &mut Vec<String>) -> axum::Router<Arc<AppState>> {
    use axum::routing::{get, post};
    crate::app::Routes::new(served)
        .route("/mock/v1/accounts", get(list).post(add))
        .route("/mock/v1/accounts/{accountId}", get(read).delete(remove))
        .route("/mock/v1/accounts/{accountId}/reset", post(reset_one))
        .route("/mock/v1/accounts/{accountId}/clock", get(clock).post(set_clock))
        .route("/mock/v1/accounts/{accountId}/inbound", post(inbound))
        .into_router()
}

/// `POST /mock/v1/accounts`: 201 with the new tenant.
pub async fn add(State(state): State<Arc<AppState>>, ApiJson(body): ApiJson<Value>) -> ApiResult<Response> {
    let a = create(&state, TenantSpec::from_json(body)?).await?;
    Ok((StatusCode::CREATED, JsonResponse(record(&a))).into_response())
}

/// `GET /mock/v1/accounts`: the built-in accounts, then the tenants.
pub async fn list(State(state): State<Arc<AppState>>) -> JsonResponse<Value> {
    let records: Vec<Value> = state.accounts.all().iter().map(|a| record(a)).collect();
    JsonResponse(json!({ "records": records, "maxTenants": crate::state::MAX_TENANTS }))
}

/// `GET /mock/v1/accounts/{id}`.
pub async fn read(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult<JsonResponse<Value>> {
    let a = named(&state, &id)?;
    Ok(JsonResponse(record(&a)))
}

/// `DELETE /mock/v1/accounts/{id}`: the tenant goes with its data, sessions, subscriptions,
/// WebSocket sessions and timer. 204.
pub async fn remove(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult<StatusCode> {
    let a = tenant(&state, &id, "reset it instead")?;
    state.logged(|log| Ok::<_, Failure>(((), delete_now(&state, log, a.index)))).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /mock/v1/accounts/{id}/reset`. 204.
pub async fn reset_one(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult<StatusCode> {
    let a = named(&state, &id)?;
    state.logged(|log| Ok::<_, Failure>(((), reset_logged(&state, log, &a)))).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /mock/v1/accounts/{id}/clock`.
pub async fn clock(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult<JsonResponse<ClockView>> {
    let a = named(&state, &id)?;
    Ok(JsonResponse(clock_view(&a)))
}

/// `POST /mock/v1/accounts/{id}/clock`: a tenant's own clock, as `POST /mock/v1/clock` moves
/// the mock-wide one.
pub async fn set_clock(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    body: ClockBody,
) -> ApiResult<JsonResponse<ClockView>> {
    let a = tenant(&state, &id, "it runs on the mock-wide clock (POST /mock/v1/clock)")?;
    if let ClockBody::Set(t) = body {
        crate::control::refuse_going_back(t, std::slice::from_ref(&a))?;
    }
    state.logged(|log| Ok::<_, Failure>(((), move_clock(&state, log, &a, body).1))).await?;
    Ok(JsonResponse(clock_view(&a)))
}

/// `POST /mock/v1/accounts/{id}/inbound`: a customer texts one of this account's numbers.
pub async fn inbound(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    crate::base_url::RequestBase(base): crate::base_url::RequestBase,
    ApiJson(body): ApiJson<InboundBody>,
) -> ApiResult<JsonResponse<ThreadMessageModel>> {
    let a = named(&state, &id)?;
    crate::control::receive_in(&state, &a, &base, &body.from, &body.to, body.text).await.map(JsonResponse)
}

/// A tenant of an in-process [`crate::MockServer`], for one test: its ids, its users' JWT
/// assertions, its clock, and its customers. Dropping the handle deletes the tenant with all it
/// holds.
#[derive(Debug)]
pub struct Tenant {
    state: Arc<AppState>,
    account: Arc<Account>,
    /// The mock's own address, the base of the links in answers.
    base: rcthreads_wire::link::BaseUrl,
}

impl Tenant {
    pub(crate) async fn new(
        state: &Arc<AppState>,
        spec: TenantSpec,
        base: rcthreads_wire::link::BaseUrl,
    ) -> Result<Self, Failure> {
        Ok(Self { state: Arc::clone(state), account: create(state, spec).await?, base })
    }

    /// The account id.
    pub fn id(&self) -> AccountId {
        self.account.id()
    }

    /// The account as the mock serves it (its configuration in [`Account::loaded`]).
    pub fn account(&self) -> &Account {
        &self.account
    }

    /// The JWT assertion that logs in the user with this extension number (e.g. `101`).
    pub fn jwt(&self, extension_number: &str) -> Option<&str> {
        let dir = &self.account.loaded.directory;
        self.account
            .loaded
            .jwts
            .iter()
            .find(|(_, ext)| dir.user(*ext).is_some_and(|u| u.extension_number == extension_number))
            .map(|(jwt, _)| jwt.as_str())
    }

    /// A customer texts one of the tenant's numbers (as `POST /mock/v1/accounts/{id}/inbound`).
    pub fn inbound(&self, from: &str, to: &str, text: &str) -> Result<ThreadMessageModel, Failure> {
        crate::control::receive_now(&self.state, &self.state.log, &self.account, &self.base, from, to, text.to_owned())
            .map(|(m, _)| m)
    }

    /// The tenant's time.
    pub fn now(&self) -> Timestamp {
        self.account.now()
    }

    /// Moves the tenant's clock forward (and stops it there), applying expiry and delivery
    /// progress; the rest of the mock keeps its time.
    pub fn advance_clock(&self, seconds: i64) -> Timestamp {
        let by = ClockBody::Advance(rcthreads_domain::Millis::seconds(seconds));
        move_clock(&self.state, &self.state.log, &self.account, by).0
    }

    /// Stops the tenant's clock at `t`.
    pub fn set_clock(&self, t: Timestamp) -> Timestamp {
        move_clock(&self.state, &self.state.log, &self.account, ClockBody::Set(t)).0
    }

    /// Back to its configuration (as `POST /mock/v1/accounts/{id}/reset`).
    pub fn reset(&self) {
        reset_logged(&self.state, &self.state.log, &self.account);
    }
}

impl Drop for Tenant {
    fn drop(&mut self) {
        delete_now(&self.state, &self.state.log, self.account.index);
    }
}
