//! FSync then ISync for threads and for entries (scopes, hints, notes), and refused tokens.

mod common;
use common::*;
use serde_json::{Value, json};

fn token(v: &Value) -> String {
    v["syncInfo"]["syncToken"].as_str().unwrap().to_owned()
}

fn kinds(v: &Value) -> Vec<(String, String)> {
    v["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["recordType"].as_str().unwrap_or("?").to_owned(), r["threadId"].as_str().unwrap_or("?").to_owned()))
        .collect()
}

#[tokio::test]
async fn thread_fsync_then_isync() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let beth = Api::login(&mock, "jwt-102").await;
    wayne.advance(0).await;
    let a = start_thread(&wayne, QUEUE, CUSTOMER, "a").await;
    wayne.advance(1).await;
    let b = wayne.inbound_thread(CUSTOMER_2, QUEUE, "b").await;
    wayne.advance(1).await;
    let resolved = start_thread(&wayne, QUEUE, CUSTOMER_3, "c").await;
    wayne.resolve(&resolved).await;

    let f = wayne.get(&format!("{MT}/sync?syncType=FSync")).await;
    assert_eq!(f.status, 200);
    let f = f.json();
    assert_eq!(f["syncInfo"]["syncType"], "FSync");
    assert!(f["syncInfo"]["syncTime"].as_str().is_some());
    // Open, alive, visible threads; newest change first.
    assert_eq!(ids(&f), [b.clone(), a.clone()]);
    // FSync is the default.
    assert_eq!(ids(&wayne.get(&format!("{MT}/sync")).await.json()), [b.clone(), a.clone()]);

    let i = wayne.get(&format!("{MT}/sync?syncType=ISync&syncToken={}", token(&f))).await.json();
    assert_eq!(i["syncInfo"]["syncType"], "ISync");
    assert_eq!(ids(&i), Vec::<String>::new());

    wayne.advance(1).await;
    beth.assign(&b, Some(BETH)).await;
    wayne.advance(1).await;
    beth.delete(&format!("{MT}/{a}")).await;
    let i2 = wayne.get(&format!("{MT}/sync?syncType=ISync&syncToken={}", token(&i))).await.json();
    assert_eq!(ids(&i2), [a.clone(), b.clone()]);
    assert_eq!(i2["records"][0]["availability"], "Deleted");
    assert_eq!(i2["records"][1]["assignee"]["extensionId"], BETH);
    // Expiry shows up in ISync too.
    mock.advance_clock(72 * 3600);
    let wayne = Api::login(&mock, "jwt-101").await;
    let i3 = wayne.get(&format!("{MT}/sync?syncType=ISync&syncToken={}", token(&i2))).await.json();
    assert_eq!(ids(&i3), [b.as_str()]);
    assert_eq!(i3["records"][0]["statusReason"], "ThreadExpired");
    // An old token still works: it reports everything since it was issued, once per thread.
    let again = wayne.get(&format!("{MT}/sync?syncType=ISync&syncToken={}", token(&f))).await.json();
    assert_eq!(ids(&again), [b.clone(), a.clone()]);
}

#[tokio::test]
async fn refused_sync_tokens() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let beth = Api::login(&mock, "jwt-102").await;
    let olga = Api::login(&mock, "jwt-201").await;
    let threads = token(&wayne.get(&format!("{MT}/sync")).await.json());
    let entries = token(&wayne.get(&format!("{MT}/entries/sync")).await.json());
    let refused = |r: Reply| {
        assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".into(), "syncToken".into()), "{:?}", r.json());
    };
    refused(wayne.get(&format!("{MT}/sync?syncType=ISync&syncToken=garbage")).await);
    refused(wayne.get(&format!("{MT}/entries/sync?syncType=ISync&syncToken=garbage")).await);
    refused(wayne.get(&format!("{MT}/sync?syncType=ISync&syncToken={}x", &threads[..threads.len() - 1])).await);
    // The right token for the wrong sync, user or account.
    refused(wayne.get(&format!("{MT}/sync?syncType=ISync&syncToken={entries}")).await);
    refused(wayne.get(&format!("{MT}/entries/sync?syncType=ISync&syncToken={threads}")).await);
    refused(beth.get(&format!("{MT}/sync?syncType=ISync&syncToken={threads}")).await);
    refused(olga.get(&format!("{MT}/sync?syncType=ISync&syncToken={threads}")).await);
    // After a reset the journal is behind the token.
    start_thread(&wayne, QUEUE, CUSTOMER, "a").await;
    let ahead = token(&wayne.get(&format!("{MT}/sync")).await.json());
    wayne.post("/mock/v1/reset", json!({})).await;
    refused(wayne.get(&format!("{MT}/sync?syncType=ISync&syncToken={ahead}")).await);
    // A handler change outdates the user's tokens.
    let t = token(&beth.get(&format!("{MT}/sync")).await.json());
    wayne.post(&format!("{EXT}/{BILLING_ID}/sms-recipients/bulk-assign"), json!({"addedExtensionIds": [BETH]})).await;
    refused(beth.get(&format!("{MT}/sync?syncType=ISync&syncToken={t}")).await);
    let r = wayne.get(&format!("{MT}/sync?syncType=Sometimes")).await;
    assert_eq!((r.status, r.parameter()), (400, "syncType".into()));
}

#[tokio::test]
async fn entries_fsync_scopes() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let beth = Api::login(&mock, "jwt-102").await;
    wayne.advance(0).await;
    let mine = start_thread(&wayne, QUEUE, CUSTOMER, "mine").await;
    let unassigned = wayne.inbound_thread(CUSTOMER_2, QUEUE, "nobody's").await;
    let hers = start_thread(&beth, QUEUE, CUSTOMER_3, "hers").await;
    let scope = |s: &str| {
        let (api, path) = (wayne.clone(), format!("{MT}/entries/sync?syncType=FSync&scope={s}"));
        async move { api.get(&path).await }
    };
    let threads_of = |v: &Value| {
        let mut t: Vec<String> = kinds(v).into_iter().map(|(_, t)| t).collect();
        t.sort();
        t.dedup();
        t
    };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(threads_of(&scope("AssignedToMe").await.json()), [mine.as_str()]);
    assert_eq!(threads_of(&wayne.get(&format!("{MT}/entries/sync")).await.json()), [mine.as_str()], "the default");
    assert_eq!(threads_of(&scope("Unassigned").await.json()), [unassigned.as_str()]);
    assert_eq!(
        threads_of(&scope("AssignedToMeAndUnassigned").await.json()),
        sorted(vec![mine.clone(), unassigned.clone()])
    );
    assert_eq!(
        threads_of(&scope("Accessible").await.json()),
        sorted(vec![mine.clone(), unassigned.clone(), hers.clone()])
    );
    let explicit = wayne.get(&format!("{MT}/entries/sync?scope=Explicit&threadIds={hers}")).await.json();
    assert_eq!(threads_of(&explicit), [hers.as_str()]);
    let r = scope("Everything").await;
    assert_eq!((r.status, r.parameter()), (400, "scope".into()));

    // A thread's entries: its hint and message, newest first.
    let k = kinds(&scope("AssignedToMe").await.json());
    let types: Vec<&str> = k.iter().map(|(t, _)| t.as_str()).collect();
    assert!(types.contains(&"ThreadCreatedHint") && types.contains(&"AliveMessage"), "{types:?}");
}

#[tokio::test]
async fn entries_isync_reports_messages_notes_hints_and_deletions() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let beth = Api::login(&mock, "jwt-102").await;
    wayne.advance(0).await;
    let id = start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;
    let f = wayne.get(&format!("{MT}/entries/sync?scope=Accessible")).await.json();
    assert_eq!(f["syncInfo"]["syncType"], "FSync");

    wayne.advance(1).await;
    let inbound = wayne.inbound(CUSTOMER, QUEUE, "Hello back").await.json();
    let note = beth.post(&format!("{MT}/notes"), json!({"threadId": id, "text": "VIP customer"})).await;
    assert_eq!(note.status, 200, "{}", String::from_utf8_lossy(&note.bytes));
    let note = note.json();
    assert_eq!(note["author"]["extensionId"], BETH);
    beth.assign(&id, Some(BETH)).await;
    let i = wayne.get(&format!("{MT}/entries/sync?syncType=ISync&syncToken={}", token(&f))).await.json();
    let types: Vec<String> = kinds(&i).into_iter().map(|(t, _)| t).collect();
    for t in ["AliveMessage", "AliveNote", "ThreadAssignedHint"] {
        assert!(types.contains(&t.to_owned()), "{t} in {types:?}");
    }
    let hint = i["records"].as_array().unwrap().iter().find(|r| r["recordType"] == "ThreadAssignedHint").unwrap();
    assert_eq!(hint["assignee"]["extensionId"], BETH);
    assert_eq!(hint["previousAssignee"]["extensionId"], WAYNE);
    assert_eq!(hint["initiator"]["extensionId"], BETH);
    assert!(i["records"].as_array().unwrap().iter().any(|r| r["id"] == inbound["id"]));

    // Notes: only the author edits or deletes them.
    let note_id = note["id"].as_str().unwrap();
    let r = wayne.json("PATCH", &format!("{MT}/notes/{note_id}"), json!({"text": "mine now"})).await;
    assert_eq!((r.status, r.code()), (403, "CMN-408".into()));
    let r = beth.json("PATCH", &format!("{MT}/notes/{note_id}"), json!({"text": "VIP, call back"})).await;
    assert_eq!(r.json()["text"], "VIP, call back");
    assert_eq!(wayne.get(&format!("{MT}/notes?threadIds={id}")).await.json()["records"][0]["text"], "VIP, call back");
    assert_eq!(wayne.delete(&format!("{MT}/notes/{note_id}")).await.status, 403);
    let i2 = wayne.get(&format!("{MT}/entries/sync?syncType=ISync&syncToken={}", token(&i))).await.json();
    assert_eq!(kinds(&i2), [("AliveNote".to_owned(), id.clone())]);
    assert_eq!(beth.delete(&format!("{MT}/notes/{note_id}")).await.status, 204);
    wayne.resolve(&id).await;
    let i3 = wayne.get(&format!("{MT}/entries/sync?syncType=ISync&syncToken={}", token(&i2))).await.json();
    let types: Vec<String> = kinds(&i3).into_iter().map(|(t, _)| t).collect();
    assert!(types.contains(&"DeletedNote".to_owned()) && types.contains(&"ThreadResolvedHint".to_owned()), "{types:?}");
    // Notes need an open thread.
    let r = beth.post(&format!("{MT}/notes"), json!({"threadId": id, "text": "too late"})).await;
    assert_eq!((r.status, r.parameter()), (400, "threadId".into()));
    let nora = Api::login(&mock, "jwt-105").await;
    let open = wayne.inbound_thread(CUSTOMER_2, QUEUE, "x").await;
    assert_eq!(nora.post(&format!("{MT}/notes"), json!({"threadId": open, "text": "x"})).await.status, 403);

    wayne.delete(&format!("{MT}/{id}")).await;
    let i4 = wayne.get(&format!("{MT}/entries/sync?syncType=ISync&syncToken={}", token(&i3))).await.json();
    let types: Vec<String> = kinds(&i4).into_iter().filter(|(_, t)| *t == id).map(|(t, _)| t).collect();
    assert!(
        types.contains(&"ThreadDeletedHint".to_owned()) && types.contains(&"DeletedMessage".to_owned()),
        "{types:?}"
    );
}

#[tokio::test]
async fn hints_name_the_user_who_acted_and_only_the_system_acts_unnamed() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let beth = Api::login(&mock, "jwt-102").await;
    wayne.advance(0).await;
    let f = wayne.get(&format!("{MT}/entries/sync?scope=Accessible")).await.json();
    let resolved = start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;
    assert_eq!(wayne.resolve(&resolved).await.status, 200);
    let deleted = wayne.inbound_thread(CUSTOMER_2, QUEUE, "Hello").await;
    assert_eq!(beth.delete(&format!("{MT}/{deleted}")).await.status, 204);
    let expired = wayne.inbound_thread(CUSTOMER_3, QUEUE, "Anyone?").await;
    wayne.advance(72 * 3600).await;
    // Three days on, the access token has expired.
    let wayne = Api::login(&mock, "jwt-101").await;
    let i = wayne.get(&format!("{MT}/entries/sync?syncType=ISync&syncToken={}", token(&f))).await.json();
    assert!(i["records"].is_array(), "{i}");
    let hint = |kind: &str, thread: &str| {
        let found =
            i["records"].as_array().unwrap().iter().find(|r| r["recordType"] == kind && r["threadId"] == thread);
        found.unwrap_or_else(|| panic!("{kind} of {thread} in {i}")).clone()
    };
    // A user's action names them, as `MthSyncBaseHint.initiator` says.
    assert_eq!(hint("ThreadCreatedHint", &resolved)["initiator"]["extensionId"], WAYNE);
    assert_eq!(hint("ThreadResolvedHint", &resolved)["initiator"]["extensionId"], WAYNE);
    assert_eq!(hint("ThreadResolvedHint", &resolved)["initiator"]["name"], "Wayne T");
    assert_eq!(hint("ThreadDeletedHint", &deleted)["initiator"]["extensionId"], BETH);
    // A customer's text and the 72-hour rule are the system's: no initiator.
    for (kind, thread) in
        [("ThreadCreatedHint", &deleted), ("ThreadCreatedHint", &expired), ("ThreadResolvedHint", &expired)]
    {
        assert!(hint(kind, thread).get("initiator").is_none(), "{kind} of {thread}");
    }
}
