//! The wire's small parts as a client or the mock relies on them: base addresses of links,
//! paging blocks, a number's features and the message store's filters.

use rcthreads_wire::EnumeratedPagingModel;
use rcthreads_wire::classic::{GetMessageInfoResponse, MessageAvailability, MessageType, ReadStatus};
use rcthreads_wire::link::BaseUrl;
use rcthreads_wire::message::Direction;
use rcthreads_wire::phone_number::{PhoneNumberFeature, UserPhoneNumberInfo};
use rcthreads_wire::query::ListMessagesParameters;
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
