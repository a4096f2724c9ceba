//! `POST /restapi/oauth/token` and `POST /restapi/oauth/revoke`, as the official SDKs call them:
//! form-encoded, with the app's credentials in HTTP Basic.

use crate::durable::Record;
use std::sync::Arc;

use crate::json::JsonResponse;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use rcthreads_domain::ExtensionStatus;
use rcthreads_wire::auth::{GetTokenRequest, GrantType, RevokeTokenRequest, TokenInfo, TokenType};
use rcthreads_wire::error::{ApiError, ErrorResponse};

use crate::auth::{ACCESS_TTL, REFRESH_TTL, Session, basic};
use crate::error::{ApiResult, Failure};
use crate::extract::read_body;
use crate::state::{AppState, lock};

/// The app's client id, when the Basic credentials (or, for public apps, the `client_id` form
/// field is not enough: RingCentral requires the secret) are right.
fn check_app(state: &AppState, authorization: Option<&str>) -> Result<String, Failure> {
    match basic(authorization) {
        Some((id, secret)) if id == state.app.client_id && secret == state.app.client_secret => Ok(id),
        _ => Err(ErrorResponse::wrong_application().into()),
    }
}

async fn form(req: Request) -> Result<(Option<String>, String), Failure> {
    let auth = req.headers().get(header::AUTHORIZATION).and_then(|h| h.to_str().ok()).map(str::to_owned);
    let ct = req.headers().get(header::CONTENT_TYPE).and_then(|h| h.to_str().ok()).unwrap_or_default().to_owned();
    if !ct.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded") {
        return Err(Failure::unsupported_media_type("application/x-www-form-urlencoded"));
    }
    let body = read_body(req).await?;
    let text = String::from_utf8(body.to_vec()).map_err(Failure::bad_body)?;
    Ok((auth, text))
}

/// Seconds asked for in `access_token_ttl` / `refresh_token_ttl`, within sane bounds.
fn ttl(asked: Option<u32>, default: i64) -> i64 {
    asked.map_or(default, |s| i64::from(s).clamp(60, default.max(60)))
}

fn token_info(s: &Session, now: rcthreads_domain::Timestamp) -> TokenInfo {
    TokenInfo {
        access_token: s.access_token.clone(),
        token_type: TokenType::Bearer,
        expires_in: u32::try_from((s.access_expires - now).0 / 1000).unwrap_or(0),
        refresh_token: Some(s.refresh_token.clone()),
        refresh_token_expires_in: Some(u32::try_from((s.refresh_expires - now).0 / 1000).unwrap_or(0)),
        scope: "ReadAccounts ReadMessages SMS EditMessages SubscriptionWebhook".into(),
        owner_id: Some(s.extension.to_string()),
        endpoint_id: Some(format!("mock-endpoint-{}", s.extension)),
        session_id: None,
        id_token: None,
    }
}

/// CMN-101 `grant_type` with the OAuth 2.0 `unsupported_grant_type` error beside it.
fn unsupported_grant(grant: &GrantType) -> Failure {
    let generic = ErrorResponse::invalid_parameter("grant_type", Some(grant.as_str()));
    let body = ApiError {
        error: Some("unsupported_grant_type".into()),
        error_description: Some(format!("The mock supports the JWT bearer and refresh_token grants, not {grant}")),
        ..*generic.body
    };
    ErrorResponse::new(generic.status, body).into()
}

/// `POST /restapi/oauth/token`: JWT bearer and refresh-token grants.
pub async fn token(State(state): State<Arc<AppState>>, req: Request) -> ApiResult<JsonResponse<TokenInfo>> {
    let (auth, body) = form(req).await?;
    let client_id = check_app(&state, auth.as_deref())?;
    let request = GetTokenRequest::from_form(&body)?;
    let access_ttl = ttl(request.access_token_ttl, ACCESS_TTL);
    let refused = || Failure::from(ErrorResponse::invalid_credentials());
    // Lifetimes run on the clock of the user's account (a tenant may have moved its own).
    let place = state.log.place().await;
    let (session, now, ticket) = match request.grant_type {
        GrantType::JwtBearer => {
            let assertion = request.assertion.unwrap_or_default();
            let (key, extension) = state.accounts.by_jwt(&assertion).ok_or_else(refused)?;
            let account = state.accounts.get(key).ok_or_else(refused)?;
            if !account.loaded.directory.user(extension).is_some_and(|u| u.status == ExtensionStatus::Enabled) {
                return Err(refused());
            }
            let refresh_ttl = ttl(request.refresh_token_ttl, REFRESH_TTL);
            let now = account.now();
            let mut sessions = lock(&state.sessions);
            let session = sessions.open(key, extension, &client_id, now, access_ttl, refresh_ttl);
            let logged = (&session).into();
            let ticket = state.log.append(&Record::SessionOpened { at: now.as_millis(), session: logged });
            (session, now, ticket)
        }
        GrantType::RefreshToken => {
            let token = request.refresh_token.unwrap_or_default();
            let mut sessions = lock(&state.sessions);
            let key = sessions.account_of_refresh(&token).ok_or_else(refused)?;
            let now = state.accounts.get(key).ok_or_else(refused)?.now();
            let session = sessions.refresh(&token, &client_id, now, access_ttl).ok_or_else(refused)?;
            let record = Record::SessionRefreshed { at: now.as_millis(), ended: token, session: (&session).into() };
            (session, now, state.log.append(&record))
        }
        other => {
            return Err(unsupported_grant(&other));
        }
    };
    state.log.synced(ticket).await?;
    drop(place);
    Ok(JsonResponse(token_info(&session, now)))
}

/// `POST /restapi/oauth/revoke` with `token=...` (access or refresh): ends the session.
pub async fn revoke(State(state): State<Arc<AppState>>, req: Request) -> ApiResult<StatusCode> {
    let (auth, body) = form(req).await?;
    check_app(&state, auth.as_deref())?;
    let request = RevokeTokenRequest::from_form(&body)?;
    state
        .logged(|log| {
            lock(&state.sessions).revoke(&request.token);
            Ok::<_, Failure>(((), log.append(&Record::SessionRevoked { token: request.token })))
        })
        .await?;
    Ok(StatusCode::OK)
}
