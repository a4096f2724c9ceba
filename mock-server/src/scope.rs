//! The account scope of a request: an account path (`/restapi/v1.0/account/{accountId}/...`,
//! `/restapi/v2/accounts/{accountId}/...`) names `~` or the caller's own account, and the ids it
//! names after that are read into their types before the handler runs.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use rcthreads_domain::{ExtensionId, MessageId, NoteId, ThreadId};
use rcthreads_wire::error::ErrorResponse;

use crate::error::Failure;
use crate::extract::Caller;
use crate::state::AppState;

/// The authenticated caller of an account path whose `{accountId}` is theirs, and the ids the
/// path names. Another account is answered 404 `accountId`, so one account cannot even learn of
/// another; an id that cannot be one is 404 naming its parameter.
#[derive(Debug, Clone)]
pub struct Scoped<Ids = ()> {
    /// The caller.
    pub caller: Caller,
    /// The ids of the path.
    pub ids: Ids,
}

/// The segments of a matched path, by parameter name.
#[derive(Debug)]
pub struct Segments(Vec<(String, String)>);

impl Segments {
    /// The segment of a parameter; the routes guarantee it, a missing one reads as empty.
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
    }
}

/// Ids read from the segments of a path.
pub trait PathIds: Sized {
    /// Reads them, or the error that names the segment at fault.
    fn from_segments(caller: &Caller, segments: &Segments) -> Result<Self, Failure>;
}

/// An id segment, 404 naming `name` when it is not one.
fn id<T: std::str::FromStr>(segments: &Segments, name: &str) -> Result<T, Failure> {
    let s = segments.get(name);
    s.parse().map_err(|_| ErrorResponse::not_found(name, Some(s)).into())
}

impl PathIds for () {
    fn from_segments(_: &Caller, _: &Segments) -> Result<Self, Failure> {
        Ok(())
    }
}

impl PathIds for ThreadId {
    fn from_segments(_: &Caller, segments: &Segments) -> Result<Self, Failure> {
        id(segments, "threadId")
    }
}

impl PathIds for NoteId {
    fn from_segments(_: &Caller, segments: &Segments) -> Result<Self, Failure> {
        id(segments, "noteId")
    }
}

/// `{messageId}/content/{attachmentId}`.
#[derive(Debug, Clone)]
pub struct AttachmentPath {
    /// The message.
    pub message: MessageId,
    /// The attachment's id within it.
    pub attachment: u64,
    /// The attachment segment as sent, echoed when it is not found.
    pub attachment_segment: String,
}

impl PathIds for AttachmentPath {
    fn from_segments(_: &Caller, segments: &Segments) -> Result<Self, Failure> {
        Ok(Self {
            message: id(segments, "messageId")?,
            attachment: id(segments, "attachmentId")?,
            attachment_segment: segments.get("attachmentId").to_owned(),
        })
    }
}

/// `{extensionId}`: `~` is the caller. Whether the extension exists, and may be used so, is
/// each endpoint's question.
#[derive(Debug, Clone)]
pub struct ExtensionPath {
    /// The extension named.
    pub id: ExtensionId,
    /// The segment as sent, echoed when the extension is not found.
    pub segment: String,
}

impl ExtensionPath {
    /// 404 `extensionId` naming the segment as sent.
    pub fn not_found(&self) -> Failure {
        ErrorResponse::not_found("extensionId", Some(&self.segment)).into()
    }
}

impl PathIds for ExtensionPath {
    fn from_segments(caller: &Caller, segments: &Segments) -> Result<Self, Failure> {
        let segment = segments.get("extensionId");
        let id = if segment == "~" { caller.extension } else { id(segments, "extensionId")? };
        Ok(Self { id, segment: segment.to_owned() })
    }
}

impl<Ids: PathIds> FromRequestParts<Arc<AppState>> for Scoped<Ids> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Response> {
        let caller = Caller::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        let Path(segments) = Path::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let segments = Segments(segments);
        let account = segments.get("accountId");
        if account != "~" && account != caller.home.id().to_string() {
            return Err(Failure::from(ErrorResponse::not_found("accountId", Some(account))).into_response());
        }
        let ids = Ids::from_segments(&caller, &segments).map_err(IntoResponse::into_response)?;
        Ok(Self { caller, ids })
    }
}
