//! The web console: a page served at `/` that shows the shared inbox live and drives the mock
//! (play the customer, act as a handler, move the clock, faults, the request journal).
//!
//! The page's files are built into the binary (`mock-server/console/`); it reads the views
//! under `/mock/v1/console/`, listens to `/mock/v1/events`, and acts through the control API
//! and, as a handler, through the REST API itself, so a refused action shows the real error.
//! Everything sits behind the control token when one is set; a browser may give it once as
//! `/?token=...`, after which a cookie carries it.

pub mod events;
pub mod views;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Request};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::state::AppState;

pub use events::Events;

/// The cookie that carries the control token for a browser.
pub const TOKEN_COOKIE: &str = "rcthreads_mock_token";

const INDEX: &str = include_str!("../../console/index.html");
const APP_JS: &str = include_str!("../../console/app.js");
const APP_CSS: &str = include_str!("../../console/app.css");

/// Only the mock's own origin: the page loads and calls nothing else.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The routes of the console (to be put behind the control guard); their paths are added to
/// `served`.
pub(crate) fn routes(served: &mut Vec<String>) -> Router<Arc<AppState>> {
    crate::app::Routes::new(served)
        .route("/", get(index))
        .route("/mock/console/{file}", get(asset))
        .route("/mock/v1/events", get(events::stream))
        .route("/mock/v1/console/accounts", get(views::accounts))
        .route("/mock/v1/console/accounts/{accountId}/threads", get(views::threads))
        .route("/mock/v1/console/accounts/{accountId}/threads/{threadId}", get(views::thread))
        .into_router()
}

/// The control token as a browser gives it: `?token=` on the URL, or the cookie.
pub(crate) fn browser_token(req: &Request) -> Option<String> {
    let from_query = req
        .uri()
        .query()
        .and_then(|q| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "token").map(|(_, v)| v.into_owned()));
    from_query.or_else(|| {
        req.headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|h| h.to_str().ok())
            .flat_map(|h| h.split(';'))
            .find_map(|c| {
                let (name, value) = c.trim().split_once('=')?;
                (name == TOKEN_COOKIE)
                    .then(|| form_urlencoded::parse(value.as_bytes()).map(|(k, v)| format!("{k}{v}")).collect())
            })
    })
}

fn page(content_type: &'static str, body: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    r
}

/// `GET /`: the page. A token given on the URL is kept in a cookie for the page's requests.
async fn index(req: Request) -> Response {
    let mut r = page("text/html; charset=utf-8", INDEX);
    let on_url = req.uri().query().is_some_and(|q| form_urlencoded::parse(q.as_bytes()).any(|(k, _)| k == "token"));
    if let (true, Some(token)) = (on_url, browser_token(&req)) {
        let value: String = form_urlencoded::byte_serialize(token.as_bytes()).collect();
        let cookie = format!("{TOKEN_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict");
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            r.headers_mut().insert(header::SET_COOKIE, v);
        }
    }
    r
}

/// `GET /mock/console/{file}`: the page's script and style sheet.
async fn asset(Path(file): Path<String>) -> Response {
    match file.as_str() {
        "app.js" => page("text/javascript; charset=utf-8", APP_JS),
        "app.css" => page("text/css; charset=utf-8", APP_CSS),
        // An envelope, like every other error of the mock.
        _ => crate::error::Failure::unknown_path("GET", &format!("/mock/console/{file}")).into_response(),
    }
}
