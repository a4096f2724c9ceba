//! Absolute links of records: the base address they are written under, the phone-number
//! fields of seed 000 (`uri`, `country`, `callerIdName`, `extension.uri`) and attachments'
//! `contentUri`.

use rcthreads_domain as d;
use rcthreads_domain::sample::{self, ACCOUNT, FINANCIAL_QUEUE, MAIN_NUMBER, MAIN_SITE, WAYNE, WAYNE_NUMBER};
use rcthreads_wire::convert;
use rcthreads_wire::link::{BaseUrl, Links};
use rcthreads_wire::query::ListExtensionPhoneNumbersParameters;
use serde_json::{Value, json};

fn links() -> Links {
    Links::new("https://media.example.test".parse().unwrap(), ACCOUNT)
}

fn js(v: impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap()
}

#[test]
fn a_base_is_a_scheme_and_an_authority_only() {
    for good in ["http://127.0.0.1:8080", "https://localhost", "http://[::1]:9000/", "HTTPS://Media.Example.TEST"] {
        let base: BaseUrl = good.parse().unwrap_or_else(|e| panic!("{good}: {e}"));
        assert!(!base.as_str().ends_with('/'), "{base}");
    }
    assert_eq!("HTTPS://Media.Example.TEST".parse::<BaseUrl>().unwrap().as_str(), "https://media.example.test");
    for bad in [
        "",
        "127.0.0.1:8080",
        "ftp://host",
        "http://",
        "http://host/path",
        "http://user@host",
        "http://host:port",
        "http://host:123456",
        "http://ho st",
        "http://[::1",
        "http://host?x=1",
    ] {
        assert!(bad.parse::<BaseUrl>().is_err(), "{bad:?} was taken as a base");
    }
    // A Host header as a client sends it, over TLS or not.
    assert_eq!(BaseUrl::new(true, "127.0.0.1:443").unwrap().as_str(), "https://127.0.0.1:443");
    assert_eq!(BaseUrl::new(false, "[::1]:80").unwrap().as_str(), "http://[::1]:80");
    assert!(BaseUrl::new(false, "evil.test/other").is_err());
    assert_eq!(
        BaseUrl::of_socket(false, "[::1]:9000".parse().unwrap()).as_str(),
        "http://[::1]:9000",
        "an IPv6 socket is written in brackets"
    );
}

#[test]
fn a_base_tells_its_own_links_from_others() {
    let base: BaseUrl = "http://127.0.0.1:8080".parse().unwrap();
    assert_eq!(base.path_of("http://127.0.0.1:8080/restapi/v1.0/x?y=1"), Some("/restapi/v1.0/x?y=1"));
    assert_eq!(base.path_of("HTTP://127.0.0.1:8080/a"), Some("/a"));
    for other in [
        "http://127.0.0.1:80800/a",
        "http://127.0.0.1:8080.evil.test/a",
        "https://127.0.0.1:8080/a",
        "http://127.0.0.1:8081/a",
        "/restapi/v1.0/x",
        "http://127.0.0.1:8080",
    ] {
        assert_eq!(base.path_of(other), None, "{other}");
    }
}

#[test]
fn a_direct_number_links_itself_its_country_and_its_resource() {
    let dir = sample::directory();
    let queue = js(convert::user_phone_number(dir.number(sample::FINANCIAL_QUEUE_NUMBER).unwrap(), &dir, &links()));
    assert_eq!(
        queue["uri"],
        json!("https://media.example.test/restapi/v1.0/account/37439510/phone-number/121366771234")
    );
    assert_eq!(
        queue["country"],
        json!({"id": "1", "uri": "https://media.example.test/restapi/v1.0/dictionary/country/1", "name": "United States"})
    );
    assert_eq!(
        queue["extension"]["uri"],
        json!(format!("https://media.example.test/restapi/v1.0/account/37439510/extension/{FINANCIAL_QUEUE}"))
    );
    // Seed 000 shows callerIdName on company numbers only.
    assert!(queue.get("callerIdName").is_none());
}

#[test]
fn company_numbers_carry_the_caller_id_name_of_the_main_site() {
    let dir = sample::directory();
    let main = js(convert::user_phone_number(dir.number(MAIN_NUMBER).unwrap(), &dir, &links()));
    assert_eq!(main["callerIdName"], json!(dir.extension_name(MAIN_SITE).unwrap()));
    assert_eq!(main["country"]["name"], json!("United States"));
    assert!(main["uri"].as_str().unwrap().ends_with("/phone-number/656379052"));
}

#[test]
fn a_number_outside_the_north_american_plan_has_no_country() {
    let dir = sample::directory();
    let mut record = dir.number(WAYNE_NUMBER).unwrap().clone();
    record.number = "+442071234567".parse().unwrap();
    let rendered = js(convert::user_phone_number(&record, &dir, &links()));
    assert!(rendered.get("country").is_none(), "{rendered}");
    assert!(rendered.get("uri").is_some());
}

#[test]
fn a_list_of_numbers_links_its_page() {
    let dir = sample::directory();
    let q = ListExtensionPhoneNumbersParameters { page: Some(2), per_page: Some(3), ..Default::default() };
    let list = js(convert::extension_phone_numbers(&dir, WAYNE, &q, &links()));
    assert_eq!(
        list["uri"],
        json!(format!(
            "https://media.example.test/restapi/v1.0/account/37439510/extension/{WAYNE}/phone-number?page=2&perPage=3"
        ))
    );
    // Every record of the page links itself.
    for r in list["records"].as_array().unwrap() {
        assert!(
            r["uri"]
                .as_str()
                .unwrap()
                .starts_with("https://media.example.test/restapi/v1.0/account/37439510/phone-number/")
        );
    }
}

#[test]
fn attachments_link_their_bytes_absolutely() {
    let dir = sample::directory();
    let mut inbox = d::Inbox::new(ACCOUNT, dir.clone(), d::SequentialIds::default());
    let mms = d::OutboundMessage {
        attachments: vec![d::NewAttachment {
            content_type: "image/png".into(),
            file_name: Some("a.png".into()),
            data: vec![1, 2, 3],
        }],
        ..d::OutboundMessage::sms(sample::FINANCIAL_QUEUE_NUMBER, "+16502240001".parse().unwrap(), "")
    };
    let sent = inbox.send(WAYNE, d::Timestamp::from_millis(0), mms).unwrap().clone();
    let expected = format!(
        "https://media.example.test/restapi/v1.0/account/37439510/message-threads/messages/{}/content/{}",
        sent.id(),
        sent.attachments()[0].id
    );
    let record = js(convert::message_record(&sent, &dir, &links()));
    assert_eq!(record["attachments"][0]["contentUri"], json!(expected));
    let entry = js(convert::entry_record(&d::Entry::Message(&sent), &dir, &links()));
    assert_eq!(entry["attachments"][0]["contentUri"], json!(expected));
}

#[test]
fn extensions_link_themselves() {
    let dir = sample::directory();
    let queue = js(convert::extension_info(&dir, FINANCIAL_QUEUE, &links()).unwrap());
    assert_eq!(
        queue["uri"],
        json!(format!("https://media.example.test/restapi/v1.0/account/37439510/extension/{FINANCIAL_QUEUE}"))
    );
    let list = js(convert::extensions(&dir, &Default::default(), &links()));
    for r in list["records"].as_array().unwrap() {
        assert_eq!(
            r["uri"],
            json!(format!("https://media.example.test/restapi/v1.0/account/37439510/extension/{}", r["id"]))
        );
    }
}
