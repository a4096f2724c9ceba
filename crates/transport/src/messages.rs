//! Thread messages: send (JSON, or multipart with MMS attachments), list, delete, and the
//! bytes of an attachment.

use std::sync::atomic::{AtomicU64, Ordering};

use bytes::{BufMut, Bytes, BytesMut};
use futures_util::Stream;
use http::Method;
use http::header::{self, HeaderValue};
use rcthreads_domain::NewAttachment;
use rcthreads_wire::QueryString;
use rcthreads_wire::link::BaseUrl;
use rcthreads_wire::message::{
    ATTACHMENTS_PART, METADATA_PART, NewThreadMessageRequest, ThreadMessageList, ThreadMessageModel,
    ThreadMessagesDeleteRequest,
};
use rcthreads_wire::query::MthListMessagesParameters;

use crate::client::{Call, Client, THREADS, seg};
use crate::error::Error;
use crate::paging;

/// The bytes of an attachment and their type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    /// `Content-Type` of the answer, e.g. `image/png`.
    pub content_type: Option<String>,
    /// The bytes.
    pub data: Bytes,
}

impl Client {
    /// `POST /message-threads/messages` as JSON: routed by `threadId` when given, else by the
    /// (from, to) pair.
    pub async fn send_message(&self, request: &NewThreadMessageRequest) -> Result<ThreadMessageModel, Error> {
        self.send_json(Method::POST, &format!("{THREADS}/messages"), request).await
    }

    /// `POST /message-threads/messages` as `multipart/form-data`: the request as the `metadata`
    /// part, each attachment as an `attachments` part (MMS). `from` needs the `MmsSender` feature.
    pub async fn send_mms(
        &self,
        request: &NewThreadMessageRequest,
        attachments: &[NewAttachment],
    ) -> Result<ThreadMessageModel, Error> {
        let metadata = serde_json::to_vec(request).unwrap_or_default();
        let (content_type, body) = multipart(&metadata, attachments);
        self.execute(Call::new(Method::POST, format!("{THREADS}/messages")).raw(content_type, body)).await?.json()
    }

    /// `GET /message-threads/messages`: one page, ascending by `creationTime`.
    pub async fn list_messages(&self, query: &MthListMessagesParameters) -> Result<ThreadMessageList, Error> {
        self.get(&format!("{THREADS}/messages"), &query.to_query()).await
    }

    /// Every message matching `query`, page after page.
    pub fn message_stream(
        &self,
        query: &MthListMessagesParameters,
    ) -> impl Stream<Item = Result<ThreadMessageModel, Error>> + Send + 'static {
        let first = query.page_or_default();
        let query = query.clone();
        paging::records(self.clone(), first, move |client, page| {
            let q = MthListMessagesParameters { page: Some(page), ..query.clone() };
            async move { client.list_messages(&q).await.map(|l| (l.records, paging::PageInfo::from(&l.paging))) }
        })
    }

    /// `DELETE /message-threads/messages` with `{"ids": [...]}`: all or none.
    pub async fn delete_messages(&self, ids: &[String]) -> Result<(), Error> {
        let body = ThreadMessagesDeleteRequest { ids: ids.to_vec() };
        self.send_no_content(Call::new(Method::DELETE, format!("{THREADS}/messages")).json(&body)).await
    }

    /// `GET /message-threads/messages/{messageId}/content/{attachmentId}`: the media bytes.
    pub async fn attachment_content(&self, message_id: &str, attachment_id: &str) -> Result<Content, Error> {
        let path = format!("{THREADS}/messages/{}/content/{}", seg(message_id), seg(attachment_id));
        self.content(path).await
    }

    /// The media bytes at an attachment's `contentUri`, followed as the record gives it: an
    /// absolute link on this client's own server (same scheme, host and port), or a path
    /// under `/restapi/`. A link to any other host is refused with [`Error::ForeignLink`] and
    /// not requested, so the access token never leaves for it. (RingCentral writes these links
    /// on its media entry point, another host than the platform's: against it, use
    /// [`Client::attachment_content`] with the ids.)
    pub async fn attachment_content_at(&self, content_uri: &str) -> Result<Content, Error> {
        let own = self.server().parse::<BaseUrl>().ok();
        let path = match own.as_ref().and_then(|base| base.path_of(content_uri)) {
            Some(path) => path,
            None if content_uri.starts_with("/restapi/") => content_uri,
            None => return Err(Error::ForeignLink(content_uri.to_owned())),
        };
        self.content(path.to_owned()).await
    }

    async fn content(&self, path: String) -> Result<Content, Error> {
        let answer = self.execute(Call::new(Method::GET, path)).await?;
        let content_type = answer.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
        Ok(Content { content_type, data: answer.body })
    }
}

/// A boundary that appears in none of the parts.
fn boundary(parts: &[&[u8]]) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    loop {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let candidate = format!("rcthreads-{nanos:x}-{:x}", COUNTER.fetch_add(1, Ordering::Relaxed));
        if !parts.iter().any(|p| p.windows(candidate.len()).any(|w| w == candidate.as_bytes())) {
            return candidate;
        }
    }
}

/// Quotes a header parameter (file names may hold spaces; quotes and line breaks are dropped).
fn quoted(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '"' | '\r' | '\n')).collect()
}

/// The `multipart/form-data` body of an MMS, and its `Content-Type`.
fn multipart(metadata: &[u8], attachments: &[NewAttachment]) -> (HeaderValue, Bytes) {
    let mut parts: Vec<&[u8]> = vec![metadata];
    parts.extend(attachments.iter().map(|a| a.data.as_slice()));
    let boundary = boundary(&parts);
    let mut body = BytesMut::new();
    let mut part = |headers: String, data: &[u8]| {
        body.put_slice(format!("--{boundary}\r\n{headers}\r\n").as_bytes());
        body.put_slice(data);
        body.put_slice(b"\r\n");
    };
    part(
        format!("Content-Disposition: form-data; name=\"{METADATA_PART}\"\r\nContent-Type: application/json\r\n"),
        metadata,
    );
    for (i, a) in attachments.iter().enumerate() {
        let name = a.file_name.clone().unwrap_or_else(|| format!("attachment-{}", i + 1));
        let content_type = quoted(&a.content_type);
        part(
            format!(
                "Content-Disposition: form-data; name=\"{ATTACHMENTS_PART}\"; filename=\"{}\"\r\nContent-Type: {content_type}\r\n",
                quoted(&name)
            ),
            &a.data,
        );
    }
    body.put_slice(format!("--{boundary}--\r\n").as_bytes());
    let content_type = HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
        .unwrap_or_else(|_| HeaderValue::from_static("multipart/form-data"));
    (content_type, body.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_has_the_metadata_then_each_attachment() {
        let a =
            NewAttachment { content_type: "image/png".into(), file_name: Some("a b.png".into()), data: vec![1, 2, 3] };
        let (ct, body) = multipart(br#"{"text":"hi"}"#, &[a]);
        let ct = ct.to_str().unwrap();
        let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap();
        let text = String::from_utf8_lossy(&body);
        assert!(text.starts_with(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"metadata\"")));
        assert!(text.contains(
            "name=\"attachments\"; filename=\"a b.png\"\r\nContent-Type: image/png\r\n\r\n\u{1}\u{2}\u{3}\r\n"
        ));
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
    }

    #[test]
    fn a_boundary_is_in_no_part_and_new_each_time() {
        // A part that holds text like a boundary, longer than one.
        let long = b"rcthreads-xyzzy ".repeat(64);
        let parts: [&[u8]; 2] = [b"{}", &long];
        let (a, b) = (boundary(&parts), boundary(&parts));
        assert_ne!(a, b);
        for found in [&a, &b] {
            assert!(found.len() >= 16, "{found:?} is too short to be unlikely");
            assert!(!parts.iter().any(|p| p.windows(found.len()).any(|w| w == found.as_bytes())), "{found}");
        }
    }
}
