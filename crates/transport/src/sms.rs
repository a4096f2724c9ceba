//! Classic SMS from numbers the caller owns, and the message store (seed 003).

use http::Method;
use rcthreads_wire::classic::{CreateSmsMessage, GetMessageInfoResponse, GetMessageList};

use crate::client::{Client, seg};
use crate::error::Error;

impl Client {
    /// `POST /extension/~/sms`: from a number assigned to the caller (or one they are the
    /// designated sender of) with `SmsSender`.
    pub async fn send_sms(&self, request: &CreateSmsMessage) -> Result<GetMessageInfoResponse, Error> {
        self.send_json(Method::POST, "/restapi/v1.0/account/~/extension/~/sms", request).await
    }

    /// `GET /extension/{extensionId}/message-store`: the caller's (`~`) or a call queue's.
    pub async fn message_store(&self, extension_id: &str) -> Result<GetMessageList, Error> {
        self.get(&format!("/restapi/v1.0/account/~/extension/{}/message-store", seg(extension_id)), "").await
    }
}
