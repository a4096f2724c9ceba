//! Full syncs answer at most the newest 1000 records and say when older ones exist.

mod common;

use common::*;
use rcthreads_mock::MockServer;

const MAX: usize = 1000;

#[tokio::test]
async fn a_full_sync_answers_the_newest_thousand_and_says_older_ones_exist() {
    let mock = MockServer::start().await.unwrap();
    let wayne = Api::login(&mock, "jwt-101").await;
    let threads = format!("{MT}/sync?syncType=FSync");
    let entries = format!("{MT}/entries/sync?syncType=FSync&scope=Accessible");

    mock.inbound(CUSTOMER, QUEUE, "one").await.unwrap();
    let small = wayne.get(&threads).await.json();
    assert_eq!(small["records"].as_array().unwrap().len(), 1);
    assert!(small["syncInfo"].get("olderRecords").is_none(), "{}", small["syncInfo"]);

    // 1,100 threads, one text each: 1,100 threads and 2,200 entries (the text and the hint).
    let mut last = String::new();
    for i in 1..1100u32 {
        mock.advance_clock(1);
        let m = mock.inbound(&format!("+1650{:07}", 3_000_000 + i), QUEUE, "hi").await.unwrap();
        last = m.thread_id;
    }
    let full = wayne.get(&threads).await.json();
    let records = full["records"].as_array().unwrap();
    assert_eq!(records.len(), MAX);
    assert_eq!(records[0]["id"], last.as_str(), "the newest first");
    assert_eq!(full["syncInfo"]["olderRecords"], true);

    let full = wayne.get(&entries).await.json();
    assert_eq!(full["records"].as_array().unwrap().len(), MAX);
    assert_eq!(full["syncInfo"]["olderRecords"], true);

    // The token still leads to what changes next.
    let token = full["syncInfo"]["syncToken"].as_str().unwrap().to_owned();
    mock.advance_clock(1);
    mock.inbound(CUSTOMER_2, QUEUE, "after").await.unwrap();
    let next = wayne.get(&format!("{MT}/entries/sync?syncType=ISync&syncToken={token}")).await.json();
    assert_eq!(next["records"].as_array().unwrap().len(), 2, "{next}");
}
