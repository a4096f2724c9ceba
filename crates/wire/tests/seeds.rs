//! Every JSON example of the seed documents parses into the wire types and renders back to the
//! same JSON.

use rcthreads_wire::error::codes;
use rcthreads_wire::extension::ExtensionType;
use rcthreads_wire::feature::{CALL_QUEUE_SUPPORTED, FeatureList, FeatureReasonCode, MESSAGE_THREADS, SITE_SUPPORTED};
use rcthreads_wire::message::{Direction, MessageRecordType, MessageStatus};
use rcthreads_wire::phone_number::{PhoneNumberFeature, PhoneNumberUsageType, UserPhoneNumberInfo};
use rcthreads_wire::recipient::SmsRecipientsResource;
use rcthreads_wire::thread::{Availability, ThreadStatus, ThreadStatusReason};
use rcthreads_wire::{ApiError, MessageThread, ThreadMessageModel};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses `json` as `T`, checks it renders back to the same JSON value, returns it.
fn round_trip<T: DeserializeOwned + Serialize>(json: &str) -> T {
    let original: Value = serde_json::from_str(json).expect("seed example is valid JSON");
    let typed: T = serde_json::from_value(original.clone()).expect("seed example parses");
    let rendered = serde_json::to_value(&typed).expect("renders");
    assert_eq!(rendered, original, "rendered JSON differs from the seed's");
    typed
}

// Seed 004: the list-threads sample response (the records array).
const THREAD_RECORDS: &str = r#"[
  {
    "id": "07d6d352-2c96-40b8-a704-2505fdbdfa0a",
    "status": "Open",
    "availability": "Alive",
    "ownerParty": { "phoneNumber": "+1209248XXXX" },
    "guestParty": { "phoneNumber": "+1650224XXXX" },
    "owner": { "extensionId": "6249888XXXX", "name": "Billing Queue", "extensionType": "Department" },
    "creationTime": "2026-02-17T17:12:39.676Z",
    "lastModifiedTime": "2026-02-17T17:12:39.676Z"
  },
  {
    "id": "805808d1-31d2-4f01-867b-a5cff52d96ea",
    "status": "Resolved",
    "availability": "Alive",
    "ownerParty": { "phoneNumber": "+1209248XXXX" },
    "guestParty": { "phoneNumber": "+1408321XXXX" },
    "owner": { "extensionId": "6249888XXXX", "name": "Billing Queue", "extensionType": "Department" },
    "label": "You can close this case.",
    "statusReason": "Manual",
    "creationTime": "2026-02-17T17:12:39.676Z",
    "lastModifiedTime": "2026-02-17T17:50:27.600Z"
  },
  {
    "id": "ebf18942-9cd4-4980-9fa3-e1ddfec7c45a",
    "status": "Resolved",
    "availability": "Alive",
    "ownerParty": { "phoneNumber": "+1209248XXXX" },
    "guestParty": { "phoneNumber": "+1650513XXXX" },
    "owner": { "extensionId": "6249888XXXX", "name": "Billing Queue", "extensionType": "Department" },
    "label": "Thank you",
    "statusReason": "ThreadExpired",
    "creationTime": "2026-02-12T17:19:56.260Z",
    "lastModifiedTime": "2026-02-16T07:29:31.319Z"
  }
]"#;

// Seed 004: the read-thread sample response.
const READ_THREAD: &str = r#"{
  "id": "07d6d352-2c96-40b8-a704-2505fdbdfa0a",
  "status": "Open",
  "availability": "Alive",
  "ownerParty": { "phoneNumber": "+1209248XXXX" },
  "guestParty": { "phoneNumber": "+1650224XXXX" },
  "owner": { "extensionId": "6249888XXXX", "name": "Billing Queue", "extensionType": "Department" },
  "creationTime": "2026-02-17T17:12:39.676Z",
  "lastModifiedTime": "2026-02-17T17:12:39.676Z"
}"#;

#[test]
fn seed_004_thread_list_records() {
    let threads: Vec<MessageThread> = round_trip(THREAD_RECORDS);
    assert_eq!(threads.len(), 3);
    let open = &threads[0];
    assert_eq!(open.status, ThreadStatus::Open);
    assert_eq!(open.status_reason, None);
    assert_eq!(open.assignee, None);
    assert_eq!(open.owner.extension_type, Some(ExtensionType::Department));
    assert_eq!(open.owner.name.as_deref(), Some("Billing Queue"));
    assert_eq!(threads[1].status_reason, Some(ThreadStatusReason::Manual));
    assert_eq!(threads[1].label.as_deref(), Some("You can close this case."));
    assert_eq!(threads[2].status_reason, Some(ThreadStatusReason::ThreadExpired));
    assert!(threads.iter().all(|t| t.availability == Availability::Alive));
}

#[test]
fn seed_004_read_thread() {
    let thread: MessageThread = round_trip(READ_THREAD);
    assert_eq!(thread.id, "07d6d352-2c96-40b8-a704-2505fdbdfa0a");
    assert_eq!(thread.guest_party.unwrap().phone_number, "+1650224XXXX");
    assert_eq!(rcthreads_wire::time::format(&thread.creation_time), "2026-02-17T17:12:39.676Z");
}

#[test]
fn seed_000_send_response() {
    let message: ThreadMessageModel = round_trip(
        r#"{
            "id": "2904652647",
            "threadId": "805808d1-31d2-4f01-867b-a5cff52d00ea",
            "recordType": "AliveMessage",
            "lastModifiedTime": "2026-03-12T21:06:33.706Z",
            "availability": "Alive",
            "creationTime": "2026-03-12T21:06:33.706Z",
            "direction": "Outbound",
            "messageStatus": "Queued",
            "text": "Hi Tom ...",
            "author": { "extensionId": "6229532XXXX", "name": "Wayne T", "extensionType": "User" }
        }"#,
    );
    assert_eq!(message.record_type, Some(MessageRecordType::AliveMessage));
    assert_eq!(message.direction, Direction::Outbound);
    assert_eq!(message.message_status, Some(MessageStatus::Queued));
    assert_eq!(message.author.as_ref().unwrap().name.as_deref(), Some("Wayne T"));
}

#[test]
fn seed_000_msg_427_error_has_only_errors_array() {
    let error: ApiError = round_trip(
        r#"{
            "errors": [
                {
                    "errorCode": "MSG-427",
                    "message": "The thread is not assigned to extension [59587XXXX] at the moment.",
                    "extensionId": "59587XXXX"
                }
            ]
        }"#,
    );
    assert_eq!(error.error_code, None);
    assert_eq!(error.code(), Some(codes::THREAD_NOT_ASSIGNED));
    assert_eq!(error.not_assigned_extension_id(), Some("59587XXXX"));
}

#[test]
fn seed_002_sms_recipients() {
    let recipients: SmsRecipientsResource = round_trip(
        r#"{
            "smsRecipients": [
                { "id": "710403052", "extensionNumber": "104", "name": "Sam R", "assignable": true, "hasLicense": true },
                { "id": "696667052", "extensionNumber": "102", "name": "Beth S", "assignable": true, "hasLicense": true },
                { "id": "696676052", "extensionNumber": "103", "name": "Federick J", "assignable": true, "hasLicense": true }
            ]
        }"#,
    );
    let names: Vec<_> = recipients.sms_recipients.iter().filter_map(|r| r.name.as_deref()).collect();
    assert_eq!(names, ["Sam R", "Beth S", "Federick J"]);
    assert!(recipients.sms_recipients.iter().all(|r| r.assignable == Some(true)));
}

// Seed 000: phone-number records, with the `// comments` removed and the `...` placeholders
// turned into valid JSON (an empty country object, "..." strings, trailing `...` dropped).
const PHONE_NUMBERS: [&str; 5] = [
    r#"{
        "features": ["CallerId", "SmsSender", "MmsSender"],
        "id": 656379052,
        "phoneNumber": "+1408412XXXX",
        "usageType": "MainCompanyNumber",
        "status": "Normal",
        "country": {},
        "primary": false,
        "callerIdName": "..."
    }"#,
    r#"{
        "features": ["CallerId", "SmsSender", "MmsSender"],
        "id": 656614052,
        "phoneNumber": "+1619837XXXX",
        "usageType": "CompanyNumber",
        "status": "Normal",
        "country": {},
        "primary": false,
        "callerIdName": "..."
    }"#,
    r#"{
        "features": ["CallerId", "SmsSender", "MmsSender"],
        "id": 121366771234,
        "phoneNumber": "+1555987XXXX",
        "usageType": "DirectNumber",
        "extension": {
            "uri": "...",
            "id": 62284871234,
            "extensionNumber": "11601",
            "name": "My Call Queue",
            "type": "Department"
        }
    }"#,
    r#"{
        "features": ["CallerId", "SmsSender", "MmsSender"],
        "id": 657014052,
        "phoneNumber": "+1657276XXXX",
        "usageType": "DirectNumber",
        "extension": {
            "uri": "...",
            "id": 497134052,
            "extensionNumber": "1002",
            "name": "IVR Menu 1002",
            "type": "IvrMenu"
        }
    }"#,
    r#"{
        "features": ["CallerId", "SmsSender", "MmsSender"],
        "id": 657031052,
        "phoneNumber": "+1657505XXXX",
        "usageType": "DirectNumber",
        "extension": {
            "uri": "...",
            "id": 497128052,
            "extensionNumber": "30001",
            "name": "Site 01",
            "type": "Site"
        }
    }"#,
];

#[test]
fn seed_000_phone_numbers() {
    let numbers: Vec<UserPhoneNumberInfo> = PHONE_NUMBERS.iter().map(|json| round_trip(json)).collect();
    assert!(numbers.iter().all(|n| n.has_feature(&PhoneNumberFeature::SmsSender)));
    assert_eq!(numbers[0].usage_type, Some(PhoneNumberUsageType::MainCompanyNumber));
    assert_eq!(numbers[0].id.as_ref().unwrap().as_u64(), Some(656379052));
    assert!(numbers[0].extension.is_none(), "the main company number belongs to no resource");
    let queue = numbers[2].extension.as_ref().unwrap();
    assert_eq!(queue.id.as_ref().unwrap().as_str(), "62284871234");
    assert_eq!(queue.extension_type, Some(ExtensionType::Department));
    let types: Vec<_> = numbers[2..].iter().map(|n| n.extension.as_ref().unwrap().extension_type.clone()).collect();
    assert_eq!(types, [Some(ExtensionType::Department), Some(ExtensionType::IvrMenu), Some(ExtensionType::Site)]);
}

#[test]
fn seed_001_feature_unavailable() {
    let features: FeatureList = round_trip(
        r#"{
            "records": [
                {
                    "id": "MessageThreads",
                    "available": false,
                    "reason": {
                        "code": "ServicePlanLimitation",
                        "message": "The feature is unavailable for the current service plan"
                    }
                }
            ]
        }"#,
    );
    let feature = &features.records[0];
    assert_eq!(feature.id, MESSAGE_THREADS);
    assert!(!feature.available);
    assert_eq!(feature.reason.as_ref().unwrap().code, Some(FeatureReasonCode::ServicePlanLimitation));
}

#[test]
fn seed_001_feature_available() {
    let features: FeatureList = round_trip(
        r#"{
            "records": [
                {
                    "id": "MessageThreads",
                    "available": true,
                    "params": [
                        { "name": "callQueueSupported", "value": "true" },
                        { "name": "siteSupported", "value": "true" }
                    ]
                }
            ]
        }"#,
    );
    let feature = &features.records[0];
    assert!(feature.available);
    assert!(feature.param_is_true(CALL_QUEUE_SUPPORTED));
    assert!(feature.param_is_true(SITE_SUPPORTED));
    assert!(feature.reason.is_none());
}
