//! What the official SDKs send, byte for byte where it matters, and the mock once refused. Each
//! test names the SDK and the call; `cargo xtask conformance` runs the SDKs themselves.

mod common;
use common::*;
use rcthreads_mock::MockServer;
use serde_json::json;

async fn start() -> MockServer {
    MockServer::start().await.expect("mock starts")
}

/// `@ringcentral/sdk` 5.x: on a 401 it cancels its access token (`expires_in: '-1'`) and refreshes
/// with `access_token_ttl=-1`; a non-positive lifetime means the default.
#[tokio::test]
async fn js_sdk_refresh_after_401_sends_a_negative_access_token_ttl() {
    let mock = start().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    mock.advance_clock(3601);
    let expired = wayne.get("/restapi/v1.0/account/~/extension/~/phone-number").await;
    assert_eq!((expired.status, expired.code()), (401, "OAU-128".to_owned()));
    let rt = wayne.refresh_token.clone().unwrap();
    let r = wayne
        .token_form(&format!(
            "grant_type=refresh_token&refresh_token={rt}&access_token_ttl=-1&refresh_token_ttl=604800"
        ))
        .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    assert_eq!(r.json()["expires_in"], 3600);
    // A value that is not a number at all is still refused.
    let r = wayne.token_form(&format!("grant_type=refresh_token&refresh_token={rt}&access_token_ttl=soon")).await;
    assert_eq!((r.status, r.code()), (400, "CMN-101".to_owned()));
}

/// The multipart body `@rc-ex/core` 1.8 builds for any request body: one part named
/// `request.json` (its `Utils.getFormData`), then attachments if any.
fn rc_ex_form(json: &serde_json::Value, attachment: Option<&[u8]>) -> (String, Vec<u8>) {
    let boundary = "ad05fc42-a66d-4a94-b807-f1c91136c17b";
    let mut body = format!(
        "--{boundary}\r\nContent-Type: application/json\r\nContent-Disposition: form-data; name=\"request.json\"; \
         filename=\"request.json\"\r\n\r\n{json}\r\n"
    )
    .into_bytes();
    if let Some(bytes) = attachment {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Type: image/png\r\nContent-Disposition: form-data; name=\"attachments\"; \
                 filename=\"a.png\"\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// `@rc-ex/core`: `messageThreads().messages().post({from, to, text})` is multipart with the
/// request in `request.json`, also with attachments.
#[tokio::test]
async fn rc_ex_thread_message_is_multipart_with_a_request_json_part() {
    let mock = start().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let request = json!({"from": {"phoneNumber": QUEUE}, "to": [{"phoneNumber": "+16502240001"}], "text": "Hi Tom"});
    let (ct, body) = rc_ex_form(&request, None);
    let r = wayne.send("POST", &format!("{MT}/messages"), Some(&ct), body, &[]).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    assert_eq!(r.json()["text"], "Hi Tom");

    let request = json!({"from": {"phoneNumber": QUEUE}, "to": [{"phoneNumber": "+16502240002"}], "text": "A chart"});
    let (ct, body) = rc_ex_form(&request, Some(b"\x89PNG fake"));
    let r = wayne.send("POST", &format!("{MT}/messages"), Some(&ct), body, &[]).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    assert_eq!(r.json()["attachments"].as_array().map(Vec::len), Some(1));
}

/// `@rc-ex/core`: `extension().sms().post({from, to, text})` is multipart too.
#[tokio::test]
async fn rc_ex_classic_sms_is_multipart_with_a_request_json_part() {
    let mock = start().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let request =
        json!({"from": {"phoneNumber": "+16505550111"}, "to": [{"phoneNumber": "+16502240051"}], "text": "Confirmed"});
    let (ct, body) = rc_ex_form(&request, None);
    let r = wayne.send("POST", "/restapi/v1.0/account/~/extension/~/sms", Some(&ct), body, &[]).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    assert_eq!(r.json()["from"]["phoneNumber"], "+16505550111");
    // JSON still works, and a multipart SMS without its JSON part is a 400.
    let r = wayne.post("/restapi/v1.0/account/~/extension/~/sms", request).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    let (ct, body) = rc_ex_form(&json!({}), None);
    let body = String::from_utf8(body).unwrap().replace("request.json", "file.bin").into_bytes();
    let r = wayne.send("POST", "/restapi/v1.0/account/~/extension/~/sms", Some(&ct), body, &[]).await;
    assert_eq!(r.status, 400);
}

/// `ringcentral` 0.9 (Python) writes query values without percent-encoding, so the `+` of a
/// phone number filter arrives as a space.
#[tokio::test]
async fn python_sdk_phone_number_filters_are_not_percent_encoded() {
    let mock = start().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    for to in ["+16502240011", "+16502240012"] {
        assert_eq!(wayne.send_message(QUEUE, to, "Hello").await.status, 200);
    }
    let r = wayne.get(&format!("{MT}?guestPhoneNumber=+16502240012&ownerPhoneNumber=+15559870001")).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    let records = r.json()["records"].as_array().cloned().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["guestParty"]["phoneNumber"], "+16502240012");
    // Anything else that is not a phone number is still refused.
    let r = wayne.get(&format!("{MT}?guestPhoneNumber=+1650abc")).await;
    assert_eq!((r.status, r.code()), (400, "CMN-101".to_owned()));
}
