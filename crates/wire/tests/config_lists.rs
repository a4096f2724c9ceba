//! The configuration lists rendered from the directory as a client reads them: whole records,
//! the filters a client asks for, pages of them, toll types and message store listings.

use rcthreads_domain::sample::{
    self, BETH, DAVE, DAVE_NUMBER, FINANCIAL_QUEUE, NORA, NORA_NUMBER, WAYNE, WAYNE_NUMBER,
};
use rcthreads_domain::{self as d, Inbox, SequentialIds, SmsRequest, Timestamp};
use rcthreads_wire::convert;
use rcthreads_wire::extension::{ExtensionStatus, ExtensionType};
use rcthreads_wire::phone_number::{PhoneNumberStatus, PhoneNumberType, TollType};
use rcthreads_wire::query::{
    ListAccountPhoneNumbersV2Parameters, ListExtensionPhoneNumbersParameters, ListExtensionsParameters,
};
use serde::Serialize;
use serde_json::{Value, json};

fn js(v: impl Serialize) -> Value {
    serde_json::to_value(v).unwrap()
}

/// Fay F, ext. 107: Frozen, holding a toll-free number.
const FAY: d::ExtensionId = d::ExtensionId::new(710_407_052);

fn toll_free() -> d::PhoneNumber {
    "+18005550117".parse().unwrap()
}

/// The sample directory and Fay with her toll-free number.
fn directory() -> d::Directory {
    let dir = sample::directory();
    let mut builder = d::Directory::builder().settings(dir.settings());
    for u in dir.users() {
        builder = builder.user(u.clone());
    }
    for r in dir.resources() {
        builder = builder.resource(r.clone());
    }
    for n in dir.numbers() {
        builder = builder.number(n.clone());
    }
    builder
        .user(d::User {
            id: FAY,
            extension_number: "107".into(),
            name: "Fay F".into(),
            status: d::ExtensionStatus::Frozen,
            super_admin: false,
        })
        .number(d::NumberRecord {
            id: d::PhoneNumberId::new(658_107_052),
            number: toll_free(),
            usage: d::NumberUsage::DirectNumber,
            holder: FAY,
            features: d::NumberFeatures::SMS,
        })
        .build()
        .unwrap()
}

fn names(list: &Value) -> Vec<&str> {
    list["records"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect()
}

fn numbers(list: &Value) -> Vec<&str> {
    list["records"].as_array().unwrap().iter().map(|r| r["phoneNumber"].as_str().unwrap()).collect()
}

#[test]
fn a_user_is_listed_with_id_number_name_status_and_type() {
    let dir = sample::directory();
    let wayne = json!({ "id": 696658052u64, "extensionNumber": "101", "name": "Wayne T", "status": "Enabled", "type": "User",
                "uri": "http://127.0.0.1:8080/restapi/v1.0/account/37439510/extension/696658052" });
    assert_eq!(js(convert::extension_info(&dir, WAYNE, &links()).unwrap()), wayne);
    let users = js(convert::extensions(
        &dir,
        &ListExtensionsParameters { types: vec![ExtensionType::User], ..Default::default() },
        &links(),
    ));
    assert_eq!(users["records"][0], wayne);
}

#[test]
fn the_extension_number_filter_finds_that_extension_only() {
    let dir = sample::directory();
    let by_number = |n: &str| {
        js(convert::extensions(
            &dir,
            &ListExtensionsParameters { extension_number: Some(n.into()), ..Default::default() },
            &links(),
        ))
    };
    assert_eq!(names(&by_number("102")), ["Beth S"]);
    assert_eq!(by_number("102")["records"][0]["id"], json!(BETH.get()));
    assert_eq!(names(&by_number("11601")), ["Financial Advising Queue"]);
    assert_eq!(names(&by_number("999")), Vec::<&str>::new());
}

#[test]
fn extension_lists_come_in_the_pages_asked_for() {
    let dir = sample::directory();
    let users = |page, per_page| {
        js(convert::extensions(
            &dir,
            &ListExtensionsParameters { types: vec![ExtensionType::User], page, per_page, ..Default::default() },
            &links(),
        ))
    };
    // Six users, two a page: the second page holds the third and fourth.
    let second = users(Some(2), Some(2));
    assert_eq!(names(&second), ["Federick J", "Sam R"]);
    assert_eq!(
        second["paging"],
        json!({ "page": 2, "perPage": 2, "pageStart": 2, "pageEnd": 3, "totalPages": 3, "totalElements": 6 })
    );
    // These lists answer out-of-range values rather than refuse them: page 0 is the first page,
    // perPage 0 one record, and a perPage above the maximum the maximum.
    assert_eq!(names(&users(Some(0), Some(0))), ["Wayne T"]);
    assert_eq!(users(None, Some(5000))["paging"]["perPage"], json!(d::MAX_PER_PAGE));
    assert_eq!(users(None, None)["paging"]["perPage"], json!(d::DEFAULT_PER_PAGE));

    // The phone number lists page the same way.
    let q = ListAccountPhoneNumbersV2Parameters { page: Some(3), per_page: Some(4), ..Default::default() };
    let third = js(convert::account_phone_numbers(&dir, &q));
    assert_eq!(third["records"].as_array().unwrap().len(), 2, "ten numbers, four a page");
    assert_eq!((&third["paging"]["page"], &third["paging"]["totalPages"]), (&json!(3), &json!(3)));
    let q = ListExtensionPhoneNumbersParameters { page: Some(2), per_page: Some(1), ..Default::default() };
    let wayne = js(convert::extension_phone_numbers(&dir, WAYNE, &q, &links()));
    let all =
        js(convert::extension_phone_numbers(&dir, WAYNE, &ListExtensionPhoneNumbersParameters::default(), &links()));
    assert_eq!(wayne["records"].as_array().unwrap(), &[all["records"][1].clone()]);
}

#[test]
fn a_call_queue_is_listed_with_id_number_name_and_status() {
    let queues = js(convert::call_queues(&sample::directory()));
    assert_eq!(
        queues["records"][0],
        json!({ "id": FINANCIAL_QUEUE.to_string(), "extensionNumber": "11601", "name": "Financial Advising Queue", "status": "Enabled" })
    );
    assert_eq!(names(&queues), ["Financial Advising Queue", "Billing Queue"]);
}

#[test]
fn toll_free_numbers_are_told_from_toll_ones() {
    let dir = directory();
    let listed = |toll_type| {
        js(convert::account_phone_numbers(
            &dir,
            &ListAccountPhoneNumbersV2Parameters { toll_type, ..Default::default() },
        ))
    };
    let all = listed(None);
    let fay = all["records"].as_array().unwrap().iter().find(|r| r["phoneNumber"] == "+18005550117").unwrap();
    assert_eq!(fay["tollType"], json!("TollFree"));
    assert_eq!(numbers(&listed(Some(TollType::TollFree))), ["+18005550117"]);
    let toll = listed(Some(TollType::Toll));
    assert_eq!(toll["records"].as_array().unwrap().len(), all["records"].as_array().unwrap().len() - 1);
    assert!(numbers(&toll).contains(&WAYNE_NUMBER.to_string().as_str()));
    // The other toll-free prefixes; an 800 elsewhere in a number is no prefix.
    for (number, expected) in
        [("+18885550100", "TollFree"), ("+18335550100", "TollFree"), ("+16508005550", "Toll"), ("+16505550800", "Toll")]
    {
        let record = d::NumberRecord { number: number.parse().unwrap(), ..dir.number(toll_free()).unwrap().clone() };
        assert_eq!(js(convert::account_phone_number(&record, &dir))["tollType"], json!(expected), "{number}");
    }
}

#[test]
fn the_extension_status_filter_follows_the_holder() {
    let dir = directory();
    let held_by = |status| {
        let q = ListAccountPhoneNumbersV2Parameters { extension_status: Some(status), ..Default::default() };
        js(convert::account_phone_numbers(&dir, &q))
    };
    assert_eq!(numbers(&held_by(ExtensionStatus::Disabled)), [DAVE_NUMBER.to_string()]);
    assert_eq!(numbers(&held_by(ExtensionStatus::Frozen)), ["+18005550117"]);
    let enabled = held_by(ExtensionStatus::Enabled);
    assert!(numbers(&enabled).contains(&WAYNE_NUMBER.to_string().as_str()));
    assert!(!numbers(&enabled).contains(&DAVE_NUMBER.to_string().as_str()));
    assert!(!numbers(&enabled).contains(&"+18005550117"));
    let dave = js(convert::account_phone_number(dir.number(DAVE_NUMBER).unwrap(), &dir));
    assert_eq!(dave["extension"]["id"], json!(DAVE.to_string()));
}

#[test]
fn every_number_of_the_directory_has_the_normal_status() {
    let dir = sample::directory();
    let listed = |status| {
        let q = ListExtensionPhoneNumbersParameters { status, ..Default::default() };
        js(convert::extension_phone_numbers(&dir, WAYNE, &q, &links()))["records"].as_array().unwrap().len()
    };
    assert!(listed(None) > 0);
    assert_eq!(listed(Some(PhoneNumberStatus::Normal)), listed(None));
    assert_eq!(listed(Some(PhoneNumberStatus::Pending)), 0);
}

#[test]
fn the_sender_has_read_a_classic_sms_and_the_recipient_has_not() {
    let dir = sample::directory();
    let mut inbox = Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default());
    let req = SmsRequest { from: WAYNE_NUMBER, to: vec![NORA_NUMBER], text: "Lunch?".into() };
    let sent = js(convert::stored_sms(
        inbox.send_sms(WAYNE, WAYNE, Timestamp::from_millis(1_773_349_593_706), req).unwrap(),
        &dir,
    ));
    assert_eq!((&sent["direction"], &sent["readStatus"]), (&json!("Outbound"), &json!("Read")));
    let received: Vec<Value> =
        inbox.message_store(NORA, NORA).unwrap().map(|s| js(convert::stored_sms(s, &dir))).collect();
    assert_eq!(received.len(), 1);
    assert_eq!(
        (&received[0]["direction"], &received[0]["readStatus"], &received[0]["subject"]),
        (&json!("Inbound"), &json!("Unread"), &json!("Lunch?"))
    );
}

#[test]
fn a_message_store_listing_pages_its_records() {
    let empty = js(convert::message_store_list(Vec::new()));
    assert_eq!(empty["paging"], json!({ "page": 1, "perPage": 1, "totalPages": 0, "totalElements": 0 }));
    assert_eq!(empty["records"], json!([]));

    let dir = sample::directory();
    let mut inbox = Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default());
    let mut records = Vec::new();
    for text in ["one", "two"] {
        let req = SmsRequest { from: WAYNE_NUMBER, to: vec![NORA_NUMBER], text: text.into() };
        let sent = inbox.send_sms(WAYNE, WAYNE, Timestamp::from_millis(1_773_349_593_706), req).unwrap();
        records.push(convert::stored_sms(sent, &dir));
    }
    let two = js(convert::message_store_list(records));
    assert_eq!(
        two["paging"],
        json!({ "page": 1, "perPage": 2, "pageStart": 0, "pageEnd": 1, "totalPages": 1, "totalElements": 2 })
    );
    assert_eq!(
        two["records"].as_array().unwrap().iter().map(|r| r["subject"].clone()).collect::<Vec<_>>(),
        [json!("one"), json!("two")]
    );
}

/// The links of the sample account on a local server.
fn links() -> rcthreads_wire::link::Links {
    rcthreads_wire::link::Links::new("http://127.0.0.1:8080".parse().unwrap(), rcthreads_domain::sample::ACCOUNT)
}

#[test]
fn the_v2_number_search_matches_digit_for_digit_with_stars_for_any() {
    let dir = sample::directory();
    let search = |q: ListAccountPhoneNumbersV2Parameters| numbers(&js(convert::account_phone_numbers(&dir, &q))).len();
    let by_pattern = |p: &str| {
        let q = ListAccountPhoneNumbersV2Parameters { phone_number: Some(p.into()), ..Default::default() };
        numbers(&js(convert::account_phone_numbers(&dir, &q))).into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    assert_eq!(by_pattern("+15559870001"), ["+15559870001"]);
    assert_eq!(by_pattern("+1555987000*"), ["+15559870001"]);
    assert_eq!(by_pattern("+1650555010*"), ["+16505550100", "+16505550101"]);
    // Same digits, another length: no match; one digit off: no match.
    assert!(by_pattern("+155598700011").is_empty());
    assert!(by_pattern("+155598700").is_empty());
    assert!(by_pattern("+15559870002").is_empty());

    let all = search(ListAccountPhoneNumbersV2Parameters::default());
    assert!(all > 0);
    // Every number is VoiceFax, neither BYOC nor mobile.
    let voice_fax =
        ListAccountPhoneNumbersV2Parameters { types: vec![PhoneNumberType::VoiceFax], ..Default::default() };
    assert_eq!(search(voice_fax), all);
    let fax_only = ListAccountPhoneNumbersV2Parameters { types: vec![PhoneNumberType::FaxOnly], ..Default::default() };
    assert_eq!(search(fax_only), 0);
    for (status, expected) in [(PhoneNumberStatus::Normal, all), (PhoneNumberStatus::Pending, 0)] {
        let q = ListAccountPhoneNumbersV2Parameters { status: Some(status.clone()), ..Default::default() };
        assert_eq!(search(q), expected, "status {status:?}");
    }
    for (byoc, mobile, expected) in [(Some(true), None, 0), (None, Some(true), 0), (Some(false), Some(false), all)] {
        let q = ListAccountPhoneNumbersV2Parameters { byoc_number: byoc, mobile_number: mobile, ..Default::default() };
        assert_eq!(search(q), expected, "byocNumber {byoc:?}, mobileNumber {mobile:?}");
    }
}
