//! Absolute links, as RingCentral writes them: a phone number's `uri`, `country` and
//! `extension.uri` (seed 000), a list's `uri`, and an attachment's `contentUri` on the media
//! entry point, which is the mock itself; the content's `Content-Disposition` parameters.

mod common;

use common::ws::Ws;
use common::*;
use serde_json::{Value, json};

/// Wayne's numbers.
async fn numbers(api: &Api) -> Value {
    let r = api.get(&format!("{EXT}/~/phone-number")).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    r.json()
}

fn record<'a>(list: &'a Value, number: &str) -> &'a Value {
    list["records"].as_array().unwrap().iter().find(|r| r["phoneNumber"] == number).expect("the number is listed")
}

#[tokio::test]
async fn phone_numbers_carry_the_links_and_country_of_seed_000() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let base = mock.url();
    let list = numbers(&wayne).await;
    assert_eq!(
        list["uri"],
        json!(format!("{base}/restapi/v1.0/account/{ACCOUNT_ID}/extension/{WAYNE}/phone-number?page=1&perPage=100"))
    );
    let queue = record(&list, QUEUE);
    let id = queue["id"].as_u64().unwrap();
    assert_eq!(queue["uri"], json!(format!("{base}/restapi/v1.0/account/{ACCOUNT_ID}/phone-number/{id}")));
    assert_eq!(
        queue["country"],
        json!({"id": "1", "uri": format!("{base}/restapi/v1.0/dictionary/country/1"), "name": "United States"})
    );
    let extension_uri = queue["extension"]["uri"].as_str().unwrap();
    assert_eq!(extension_uri, format!("{base}/restapi/v1.0/account/{ACCOUNT_ID}/extension/{QUEUE_ID}"));
    // The link leads back to the mock's record of the call queue.
    let followed = wayne.get(&extension_uri[base.len()..]).await;
    assert_eq!((followed.status, followed.json()["id"].to_string()), (200, QUEUE_ID.to_owned()));
    // The extension record links itself the same way, and so does every one of the list.
    assert_eq!(followed.json()["uri"], json!(extension_uri));
    let extensions = wayne.get(&format!("{EXT}?type=Department")).await.json();
    assert!(extensions["records"].as_array().unwrap().iter().any(|r| r["uri"] == json!(extension_uri)), "{extensions}");
    // Company numbers carry the caller id name (seed 000), direct numbers do not.
    let main = record(&list, MAIN_NUMBER);
    assert!(main["callerIdName"].as_str().is_some_and(|n| !n.is_empty()), "{main}");
    assert!(queue.get("callerIdName").is_none());
}

#[tokio::test]
async fn links_name_the_host_the_client_reached() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let path = format!("{EXT}/~/phone-number");
    let r = wayne.send("GET", &path, None, Vec::new(), &[("Host", "rc.example.test:8443")]).await;
    assert_eq!(r.status, 200);
    let list = r.json();
    assert!(list["uri"].as_str().unwrap().starts_with("http://rc.example.test:8443/restapi/"), "{list}");
    assert!(record(&list, QUEUE)["uri"].as_str().unwrap().starts_with("http://rc.example.test:8443/restapi/"));
    // A host that is not one is refused as RingCentral refuses a bad parameter.
    let bad = wayne.send("GET", &path, None, Vec::new(), &[("Host", "bad host/x")]).await;
    assert_eq!((bad.status, bad.code(), bad.parameter()), (400, "CMN-101".into(), "Host".into()));
}

#[tokio::test]
async fn requests_over_the_gateway_link_to_the_address_it_was_opened_at() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let (mut ws, _) = Ws::connect(&wayne, None).await;
    let answer = ws.request("GET", &format!("{EXT}/~/phone-number"), None, None).await;
    assert_eq!(answer[0]["status"], 200, "{answer}");
    let uri = answer[1]["uri"].as_str().unwrap();
    assert!(uri.starts_with(&format!("{}/restapi/", mock.url())), "{uri}");
}

/// Sends an MMS from the queue with one PNG named `chart.png`; returns the message.
async fn send_mms(api: &Api, image: &[u8]) -> Value {
    let metadata = json!({"from": {"phoneNumber": QUEUE}, "to": [{"phoneNumber": CUSTOMER}], "text": "A picture"});
    let (ct, body) = multipart(&[
        ("metadata", None, "application/json", metadata.to_string().as_bytes()),
        ("attachments", Some("chart.png"), "image/png", image),
    ]);
    let r = api.send("POST", &format!("{MT}/messages"), Some(&ct), body, &[]).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    r.json()
}

#[tokio::test]
async fn an_attachment_links_its_bytes_absolutely_on_the_mock() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let m = send_mms(&wayne, b"\x89PNG").await;
    let (id, att) = (m["id"].as_str().unwrap(), &m["attachments"][0]);
    let expected = format!(
        "{}/restapi/v1.0/account/{ACCOUNT_ID}/message-threads/messages/{id}/content/{}",
        mock.url(),
        att["id"].as_str().unwrap()
    );
    assert_eq!(att["contentUri"], json!(expected));
    // The same link in the message list and the entries feed.
    let listed = wayne.get(&format!("{MT}/messages?threadIds={}", m["threadId"].as_str().unwrap())).await.json();
    assert_eq!(listed["records"][0]["attachments"][0]["contentUri"], json!(expected));
    let entries = wayne.get(&format!("{MT}/entries/sync?scope=Accessible")).await.json();
    let entry = entries["records"].as_array().unwrap().iter().find(|e| e["id"] == id).expect("the message's entry");
    assert_eq!(entry["attachments"][0]["contentUri"], json!(expected));
    // Followed as it is, it answers the bytes.
    let content = wayne.get(&expected[mock.url().len()..]).await;
    assert_eq!((content.status, content.bytes.as_ref()), (200, b"\x89PNG".as_slice()));
}

#[tokio::test]
async fn content_disposition_is_answered_as_asked() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let m = send_mms(&wayne, b"png").await;
    let uri = m["attachments"][0]["contentUri"].as_str().unwrap();
    let path = &uri[mock.url().len()..];
    let disposition = |r: &Reply| r.header("content-disposition");

    let plain = wayne.get(path).await;
    assert_eq!((plain.status, disposition(&plain)), (200, None));
    let cases = [
        ("contentDisposition=Inline", "inline"),
        ("contentDisposition=Attachment", "attachment"),
        (
            "contentDisposition=Attachment&contentDispositionFilename=q3%20chart.png",
            "attachment; filename=\"q3 chart.png\"",
        ),
        ("contentDispositionFilename=a%22b.png", "inline; filename=\"a\\\"b.png\""),
        (
            "contentDisposition=Attachment&contentDispositionFilename=%C3%A9t%C3%A9.png",
            "attachment; filename*=UTF-8''%C3%A9t%C3%A9.png",
        ),
    ];
    for (query, expected) in cases {
        let r = wayne.get(&format!("{path}?{query}")).await;
        assert_eq!((r.status, disposition(&r).as_deref()), (200, Some(expected)), "{query}");
        assert_eq!(r.bytes.as_ref(), b"png");
    }

    let bad = wayne.get(&format!("{path}?contentDisposition=Download")).await;
    assert_eq!((bad.status, bad.code(), bad.parameter()), (400, "CMN-101".into(), "contentDisposition".into()));
    let bad = wayne.get(&format!("{path}?contentDispositionFilename=a%0Ab.png")).await;
    assert_eq!((bad.status, bad.code(), bad.parameter()), (400, "CMN-101".into(), "contentDispositionFilename".into()));
    let longest = "a".repeat(255);
    let r = wayne.get(&format!("{path}?contentDispositionFilename={longest}")).await;
    assert_eq!((r.status, disposition(&r)), (200, Some(format!("inline; filename=\"{longest}\""))));
    let long = "a".repeat(256);
    let bad = wayne.get(&format!("{path}?contentDispositionFilename={long}")).await;
    assert_eq!(bad.parameter(), "contentDispositionFilename");
}
