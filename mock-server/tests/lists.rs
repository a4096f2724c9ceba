//! Seed 004: listing threads with filters and paging.

mod common;
use common::*;

#[tokio::test]
async fn filters() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    wayne.post("/mock/v1/clock", serde_json::json!({"set": "2026-02-17T17:00:00Z"})).await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let a = start_thread(&wayne, QUEUE, CUSTOMER, "a").await; // 17:00
    wayne.advance(3600).await;
    // Each hour outlives the access token: log in again.
    let wayne = Api::login(&mock, "jwt-101").await;
    let b = wayne.inbound_thread(CUSTOMER_2, QUEUE, "b").await; // 18:00
    wayne.advance(3600).await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let sam = Api::login(&mock, "jwt-104").await;
    let c = start_thread(&sam, BILLING, CUSTOMER, "c").await; // 19:00
    let d = start_thread(&sam, QUEUE, CUSTOMER_3, "d").await; // 19:00
    assert_eq!(sam.resolve(&d).await.status, 200);

    assert_eq!(ids(&wayne.threads("").await), [a.clone(), b.clone(), d.clone()]);
    assert_eq!(ids(&sam.threads("").await), [a.clone(), b.clone(), c.clone(), d.clone()]);
    assert_eq!(ids(&sam.threads("threadStatus=Open").await), [a.clone(), b.clone(), c.clone()]);
    assert_eq!(ids(&sam.threads("threadStatus=Resolved").await), [d.as_str()]);
    assert_eq!(ids(&sam.threads(&format!("ownerExtensionIds={BILLING_ID}")).await), [c.as_str()]);
    assert_eq!(
        ids(&sam.threads(&format!("ownerExtensionIds={BILLING_ID}&ownerExtensionIds={QUEUE_ID}")).await).len(),
        4
    );
    // Ids the caller cannot see match nothing.
    assert_eq!(ids(&wayne.threads(&format!("ownerExtensionIds={BILLING_ID}")).await), Vec::<String>::new());
    assert_eq!(ids(&sam.threads("ownerPhoneNumber=%2B12092480001").await), [c.as_str()]);
    assert_eq!(ids(&sam.threads("guestPhoneNumber=%2B16502240001").await), [a.clone(), c.clone()]);
    let window = "creationTimeFrom=2026-02-17T17:30:00.000Z&creationTimeTo=2026-02-17T19:00:00.000Z";
    assert_eq!(ids(&sam.threads(window).await), [b.as_str()]);
    // The seed's sample sends times without a zone: UTC.
    let window = "creationTimeFrom=2026-02-17T17:00:00.000&creationTimeTo=2026-02-17T18:00:00.000";
    assert_eq!(ids(&sam.threads(window).await), [a.as_str()]);
    let r = sam.get(&format!("{MT}?creationTimeFrom=2026-02-17T17:00:00Z")).await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-100".into(), "creationTimeTo".into()));
    let r = sam.get(&format!("{MT}?threadStatus=Sleeping")).await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".into(), "threadStatus".into()));
}

#[tokio::test]
async fn paging() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    for i in 0..5 {
        wayne.inbound(&format!("+1650224100{i}"), QUEUE, "hi").await;
    }
    let all = ids(&wayne.threads("").await);
    assert_eq!(all.len(), 5);
    let p = wayne.threads("perPage=2").await;
    assert_eq!(ids(&p), all[0..2]);
    assert_eq!(p["paging"]["page"], 1);
    assert_eq!(p["paging"]["perPage"], 2);
    assert_eq!(p["paging"]["totalPages"], 3);
    assert_eq!(p["paging"]["totalElements"], 5);
    assert_eq!(ids(&wayne.threads("perPage=2&page=3").await), all[4..5]);
    assert_eq!(ids(&wayne.threads("perPage=2&page=4").await), Vec::<String>::new());
    assert_eq!(wayne.threads("").await["paging"]["perPage"], 100);
    for bad in ["perPage=0", "page=0", "perPage=abc"] {
        let r = wayne.get(&format!("{MT}?{bad}")).await;
        let name = bad.split('=').next().unwrap();
        assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".into(), name.into()), "{bad}");
    }
    assert_eq!(ids(&wayne.threads("perPage=1000").await).len(), 5);
    // Above the maximum, the maximum applies (`MthListThreadsParameters.perPage`).
    let p = wayne.threads("perPage=1001").await;
    assert_eq!((ids(&p).len(), p["paging"]["perPage"].as_u64()), (5, Some(1000)));
    for list in [format!("{MT}/messages?perPage=5000"), format!("{MT}/notes?perPage=5000")] {
        let r = wayne.get(&list).await;
        assert_eq!((r.status, r.json()["paging"]["perPage"].as_u64()), (200, Some(1000)), "{list}");
    }
}

#[tokio::test]
async fn an_ivr_menus_threads_are_those_on_its_own_numbers() {
    let mock = mock().await;
    let beth = Api::login(&mock, "jwt-102").await;
    let site = beth.inbound_thread(CUSTOMER, SITE_01, "to the site").await;
    let ivr = beth.inbound_thread(CUSTOMER_2, IVR_3002, "pressed 2").await;
    // Both belong to Site 01; only the second came in on the IVR menu's number.
    assert_eq!(ids(&beth.threads(&format!("ownerExtensionIds={SITE_01_ID}")).await), [site.clone(), ivr.clone()]);
    assert_eq!(ids(&beth.threads(&format!("ownerExtensionIds={IVR_3002_ID}")).await), std::slice::from_ref(&ivr));
    let messages = beth.get(&format!("{MT}/messages?ownerExtensionIds={IVR_3002_ID}")).await.json();
    assert_eq!(messages["records"].as_array().unwrap().len(), 1);
    assert_eq!(messages["records"][0]["threadId"], ivr.as_str());
}
