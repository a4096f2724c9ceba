//! Every enum parameter of a list query: an unknown value is a 400 CMN-101 naming the
//! parameter (RingCentral's answer), a known one is served.

mod common;

use common::*;
use rcthreads_mock::MockServer;

/// (path, parameter, a known value) of every list query enum parameter the mock serves.
const ENUM_PARAMETERS: &[(&str, &str, &str)] = &[
    (MT, "threadStatus", "Open"),
    ("/restapi/v1.0/account/~/message-threads/messages", "threadStatus", "Open"),
    ("/restapi/v1.0/account/~/message-threads/sync", "syncType", "FSync"),
    ("/restapi/v1.0/account/~/message-threads/entries/sync", "syncType", "FSync"),
    ("/restapi/v1.0/account/~/extension", "status", "Enabled"),
    ("/restapi/v1.0/account/~/extension", "type", "User"),
    ("/restapi/v1.0/account/~/extension/~/phone-number", "status", "Normal"),
    ("/restapi/v1.0/account/~/extension/~/phone-number", "usageType", "DirectNumber"),
    ("/restapi/v2/accounts/~/phone-numbers", "type", "VoiceFax"),
    ("/restapi/v2/accounts/~/phone-numbers", "usageType", "DirectNumber"),
    ("/restapi/v2/accounts/~/phone-numbers", "status", "Normal"),
    ("/restapi/v2/accounts/~/phone-numbers", "tollType", "Toll"),
    ("/restapi/v2/accounts/~/phone-numbers", "extensionStatus", "Enabled"),
    ("/restapi/v1.0/account/~/extension/~/message-store", "messageType", "SMS"),
    ("/restapi/v1.0/account/~/extension/~/message-store", "direction", "Outbound"),
    ("/restapi/v1.0/account/~/extension/~/message-store", "readStatus", "Read"),
    ("/restapi/v1.0/account/~/extension/~/message-store", "availability", "Alive"),
];

#[tokio::test]
async fn an_unknown_enum_value_is_a_400_naming_the_parameter() {
    let mock = MockServer::start().await.unwrap();
    let wayne = Api::login(&mock, "jwt-101").await;
    for (path, name, known) in ENUM_PARAMETERS {
        let r = wayne.get(&format!("{path}?{name}={known}")).await;
        assert_eq!(r.status, 200, "{path}?{name}={known}");
        for bad in ["Bogus", "open", &format!("{known},Bogus")] {
            let r = wayne.get(&format!("{path}?{name}={bad}")).await;
            assert_eq!(
                (r.status, r.code(), r.parameter()),
                (400, "CMN-101".to_owned(), (*name).to_owned()),
                "{path}?{name}={bad}"
            );
        }
    }
}

#[tokio::test]
async fn the_message_store_filters_by_its_enum_parameters() {
    let mock = MockServer::start().await.unwrap();
    let nora = Api::login(&mock, "jwt-105").await;
    let store = format!("{EXT}/~/message-store");
    let sent = nora
        .post(
            &format!("{EXT}/~/sms"),
            serde_json::json!({
                "from": {"phoneNumber": NORA_DIRECT}, "to": [{"phoneNumber": CUSTOMER}], "text": "hi"
            }),
        )
        .await;
    assert_eq!(sent.status, 200, "{:?}", sent.json());
    let count = |q: &'static str| {
        let nora = &nora;
        let store = &store;
        async move { nora.get(&format!("{store}?{q}")).await.json()["records"].as_array().unwrap().len() }
    };
    assert_eq!(count("").await, 1);
    assert_eq!(count("direction=Outbound&messageType=SMS&readStatus=Read&availability=Alive").await, 1);
    assert_eq!(count("direction=Inbound").await, 0);
    assert_eq!(count("messageType=Fax&messageType=VoiceMail").await, 0);
    assert_eq!(count("readStatus=Unread").await, 0);
    assert_eq!(count("availability=Deleted,Purged").await, 0);
}
