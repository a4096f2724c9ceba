//! Webhook subscriptions to thread and entry events.

use http::Method;
use rcthreads_wire::subscription::{CreateSubscriptionRequest, SubscriptionInfo};
use serde::{Deserialize, Serialize};

use crate::client::{Call, Client, seg};
use crate::error::Error;

const SUBSCRIPTION: &str = "/restapi/v1.0/subscription";

/// Answer of `GET /restapi/v1.0/subscription` (`SubscriptionListResource`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionList {
    /// Link to the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// The caller's subscriptions.
    #[serde(default)]
    pub records: Vec<SubscriptionInfo>,
}

/// Body of a renewal (`PUT /subscription/{id}`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Renewal {
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_in: Option<u32>,
}

impl Client {
    /// `POST /restapi/v1.0/subscription`: the server first checks the webhook (it must echo the
    /// `Validation-Token` header with 200 within 3 s).
    pub async fn create_subscription(&self, request: &CreateSubscriptionRequest) -> Result<SubscriptionInfo, Error> {
        self.send_json(Method::POST, SUBSCRIPTION, request).await
    }

    /// `GET /restapi/v1.0/subscription`.
    pub async fn list_subscriptions(&self) -> Result<SubscriptionList, Error> {
        self.get(SUBSCRIPTION, "").await
    }

    /// `GET /restapi/v1.0/subscription/{id}`.
    pub async fn read_subscription(&self, id: &str) -> Result<SubscriptionInfo, Error> {
        self.get(&format!("{SUBSCRIPTION}/{}", seg(id)), "").await
    }

    /// `PUT /restapi/v1.0/subscription/{id}`: extends it by `expires_in` seconds (the server's
    /// default when `None`).
    pub async fn renew_subscription(&self, id: &str, expires_in: Option<u32>) -> Result<SubscriptionInfo, Error> {
        self.send_json(Method::PUT, &format!("{SUBSCRIPTION}/{}", seg(id)), &Renewal { expires_in }).await
    }

    /// `DELETE /restapi/v1.0/subscription/{id}`.
    pub async fn delete_subscription(&self, id: &str) -> Result<(), Error> {
        self.send_no_content(Call::new(Method::DELETE, format!("{SUBSCRIPTION}/{}", seg(id)))).await
    }
}
