//! The wire's small parts as a client or the mock relies on them: base addresses of links,
//! paging blocks, a number's features and the message store's filters.

use rcthreads_wire::EnumeratedPagingModel;
use rcthreads_wire::QueryString;
use rcthreads_wire::classic::{GetMessageInfoResponse, MessageAvailability, MessageType, ReadStatus};
use rcthreads_wire::link::BaseUrl;
use rcthreads_wire::message::Direction;
use rcthreads_wire::phone_number::{PhoneNumberFeature, PhoneNumberStatus, PhoneNumberUsageType, UserPhoneNumberInfo};
use rcthreads_wire::query::{
    ContentDisposition, ListAccountPhoneNumbersV2Parameters, ListExtensionPhoneNumbersParameters,
    ListMessagesParameters, MthListThreadsParameters, MthReadMessageContentParameters, ReadExtensionFeaturesParameters,
};
use serde_json::json;

#[test]
fn a_base_address_is_a_scheme_and_a_host_with_an_optional_port() {
    for ok in ["http://127.0.0.1:8080", "https://media.example.invalid", "http://[::1]:8090", "http://[fe80::1.2]/"] {
        let base: BaseUrl = ok.parse().unwrap_or_else(|e| panic!("{ok}: {e}"));
        assert_eq!(base.as_str(), ok.trim_end_matches('/'));
    }
    for bad in [
        "http://[]:80",
        "http://[::1",
        "http://[g::1]:80",
        "http://[::1&]:80",
        "ftp://host",
        "http://host:",
        "http://a b",
    ] {
        let refused = bad.parse::<BaseUrl>().expect_err(bad);
        // The message says what a base address is and quotes the part refused.
        let text = refused.to_string();
        assert!(text.starts_with("not a base address (http[s]://host[:port]): \""), "{text}");
    }
}

#[test]
fn a_page_block_names_its_first_and_last_element() {
    let page = |n, per, total| serde_json::to_value(EnumeratedPagingModel::for_page(n, per, total)).unwrap();
    assert_eq!(
        page(2, 10, 25),
        json!({ "page": 2, "perPage": 10, "pageStart": 10, "pageEnd": 19, "totalPages": 3, "totalElements": 25 })
    );
    assert_eq!(page(3, 10, 25)["pageEnd"], json!(24), "the last page ends at the last element");
    assert_eq!(page(1, 10, 25)["pageEnd"], json!(9));
}

#[test]
fn a_number_has_the_features_it_lists_only() {
    let number = UserPhoneNumberInfo { features: Some(vec![PhoneNumberFeature::SmsSender]), ..Default::default() };
    assert!(number.has_feature(&PhoneNumberFeature::SmsSender));
    assert!(!number.has_feature(&PhoneNumberFeature::MmsSender));
    assert!(!UserPhoneNumberInfo::default().has_feature(&PhoneNumberFeature::SmsSender));
}

#[test]
fn the_message_store_filters_admit_what_they_name() {
    let record: GetMessageInfoResponse = serde_json::from_value(json!({
        "id": 1, "availability": "Alive", "direction": "Inbound", "type": "SMS", "readStatus": "Unread"
    }))
    .unwrap();
    assert!(ListMessagesParameters::default().admits(&record), "no filter admits everything");
    let q = ListMessagesParameters {
        availability: vec![MessageAvailability::Alive],
        direction: vec![Direction::Inbound],
        message_type: vec![MessageType::Sms],
        read_status: vec![ReadStatus::Unread, ReadStatus::Read],
    };
    assert!(q.admits(&record));
    let outbound = ListMessagesParameters { direction: vec![Direction::Outbound], ..Default::default() };
    assert!(!outbound.admits(&record));
    let read = ListMessagesParameters { read_status: vec![ReadStatus::Read], ..Default::default() };
    assert!(!read.admits(&record));
}

/// A query read back from what it renders is the same query, and renders something.
fn round_trips<Q: QueryString + PartialEq + std::fmt::Debug>(q: Q, expected: &str) {
    let text = q.to_query();
    assert_eq!(text, expected);
    assert_eq!(Q::parse_query(&text).unwrap(), q, "{text}");
}

#[test]
fn list_queries_read_back_what_they_render() {
    round_trips(
        ListMessagesParameters {
            availability: vec![MessageAvailability::Alive],
            direction: vec![Direction::Inbound, Direction::Outbound],
            message_type: vec![MessageType::Sms],
            read_status: vec![ReadStatus::Unread],
        },
        "availability=Alive&direction=Inbound&direction=Outbound&messageType=SMS&readStatus=Unread",
    );
    round_trips(
        ListExtensionPhoneNumbersParameters {
            status: Some(PhoneNumberStatus::Normal),
            usage_type: vec![PhoneNumberUsageType::DirectNumber],
            page: Some(2),
            per_page: Some(5),
        },
        "status=Normal&usageType=DirectNumber&page=2&perPage=5",
    );
    round_trips(
        ReadExtensionFeaturesParameters { available_only: Some(true), feature_id: vec!["MessageThreads".into()] },
        "availableOnly=true&featureId=MessageThreads",
    );
    round_trips(
        MthReadMessageContentParameters {
            content_disposition: Some(ContentDisposition::Attachment),
            content_disposition_filename: Some("photo.png".into()),
        },
        "contentDisposition=Attachment&contentDispositionFilename=photo.png",
    );
}

#[test]
fn a_number_search_takes_digits_and_stars_after_a_plus() {
    let search =
        |n: &str| ListAccountPhoneNumbersV2Parameters::parse_query(&format!("phoneNumber={}", n.replace('+', "%2B")));
    for ok in ["+165012345**", "+1", "+***************"] {
        assert_eq!(search(ok).unwrap().phone_number.as_deref(), Some(ok));
    }
    for bad in ["165012345", "+", "+1650a", "+1234567890123456"] {
        let refused = search(bad).expect_err(bad);
        assert_eq!((refused.status, refused.body.parameter_name()), (400, Some("phoneNumber")), "{bad}");
    }
}

#[test]
fn flags_read_true_and_false_and_refuse_the_rest() {
    let read = |v: &str| ReadExtensionFeaturesParameters::parse_query(&format!("availableOnly={v}"));
    assert_eq!(read("true").unwrap().available_only, Some(true));
    assert_eq!(read("false").unwrap().available_only, Some(false));
    let refused = read("yes").unwrap_err();
    assert_eq!((refused.status, refused.body.parameter_name()), (400, Some("availableOnly")));
}

#[test]
fn a_number_in_a_thread_filter_may_come_with_its_plus_unencoded() {
    // An SDK that does not percent-encode sends `+` as a space.
    let q =
        MthListThreadsParameters::parse_query("ownerPhoneNumber= 16505550100&guestPhoneNumber=%2B16502240001").unwrap();
    assert_eq!(q.owner_phone_number.as_deref(), Some("+16505550100"));
    assert_eq!(q.guest_phone_number.as_deref(), Some("+16502240001"));
    let refused = MthListThreadsParameters::parse_query("ownerPhoneNumber= 0123").unwrap_err();
    assert_eq!(refused.body.parameter_name(), Some("ownerPhoneNumber"));
}

#[test]
fn a_time_range_may_be_one_instant_but_not_reversed() {
    let range = |from: &str, to: &str| {
        MthListThreadsParameters::parse_query(&format!("creationTimeFrom={from}&creationTimeTo={to}"))
    };
    let same = range("2026-12-01T10:00:00Z", "2026-12-01T10:00:00Z").unwrap();
    assert_eq!(same.creation_time_from, same.creation_time_to);
    assert!(range("2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z").is_ok());
    let reversed = range("2026-12-01T11:00:00Z", "2026-12-01T10:00:00Z").unwrap_err();
    assert_eq!((reversed.status, reversed.body.parameter_name()), (400, Some("creationTimeFrom")));
}

#[test]
fn times_in_records_are_read_and_bad_ones_say_why() {
    let record: GetMessageInfoResponse =
        serde_json::from_value(json!({ "id": 1, "creationTime": "2026-12-01T10:00:00.000Z" })).unwrap();
    assert_eq!(record.creation_time, Some(rcthreads_wire::time::parse("2026-12-01T10:00:00Z").unwrap()));
    let bad = rcthreads_wire::time::parse("yesterday").unwrap_err();
    assert_eq!(bad.to_string(), "not an RFC 3339 date-time: \"yesterday\"");
}

#[test]
fn a_query_without_a_wire_form_says_which_filter_is_missing() {
    let missing = rcthreads_wire::convert::MissingFilter { list: "notes", filter: "creation time" };
    assert_eq!(missing.to_string(), "the notes list has no creation time filter");
}
