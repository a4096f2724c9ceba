//! The thread lifecycle of the API reference, through HTTP.

mod common;
use common::*;
use serde_json::json;

#[tokio::test]
async fn outbound_creates_a_thread_assigned_to_the_sender() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let beth = Api::login(&mock, "jwt-102").await;
    let r = wayne.send_message(QUEUE, CUSTOMER, "Hello from the queue").await;
    assert_eq!(r.status, 200);
    let m = r.json();
    assert_eq!(m["direction"], "Outbound");
    assert_eq!(m["messageStatus"], "Queued");
    assert_eq!(m["author"]["extensionId"], WAYNE);
    let t = wayne.thread(m["threadId"].as_str().unwrap()).await.json();
    assert_eq!(t["status"], "Open");
    assert_eq!(t["availability"], "Alive");
    assert_eq!(t["assignee"]["extensionId"], WAYNE);
    assert_eq!(t["owner"]["extensionId"], QUEUE_ID);
    assert_eq!(t["owner"]["extensionType"], "Department");
    assert_eq!(t["ownerParty"]["phoneNumber"], QUEUE);
    assert_eq!(t["guestParty"]["phoneNumber"], CUSTOMER);
    assert_eq!(t["label"], "Hello from the queue");
    assert!(t.get("statusReason").is_none());

    // Another handler of the queue is refused with MSG-427 naming them.
    let r = beth.send_message(QUEUE, CUSTOMER, "Me too").await;
    assert_eq!(r.status, 403);
    assert_eq!(r.code(), "MSG-427");
    assert_eq!(r.json()["errors"][0]["extensionId"], BETH);
    assert_eq!(r.json()["errors"][0]["errorCode"], "MSG-427");
    // The assignee replies into the same thread.
    let again = wayne.send_message(QUEUE, CUSTOMER, "Still me").await.json();
    assert_eq!(again["threadId"], m["threadId"]);
    assert_eq!(wayne.thread_count().await, 1);
}

#[tokio::test]
async fn inbound_creates_an_unassigned_thread_that_refuses_every_sender_until_assigned() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let beth = Api::login(&mock, "jwt-102").await;
    let r = wayne.inbound(CUSTOMER, QUEUE, "Hi, I have a question").await;
    assert_eq!(r.status, 200);
    let m = r.json();
    assert_eq!(m["direction"], "Inbound");
    assert_eq!(m["messageStatus"], "Received");
    let id = m["threadId"].as_str().unwrap().to_owned();
    let t = wayne.thread(&id).await.json();
    assert_eq!(t["status"], "Open");
    assert!(t.get("assignee").is_none(), "{t}");

    for (api, ext) in [(&wayne, WAYNE), (&beth, BETH)] {
        let r = api.send_message(QUEUE, CUSTOMER, "Answer").await;
        assert_eq!((r.status, r.code()), (403, "MSG-427".to_owned()));
        assert_eq!(r.json()["errors"][0]["extensionId"], ext);
        let r = api.reply(&id, QUEUE, CUSTOMER, "Answer").await;
        assert_eq!((r.status, r.code()), (403, "MSG-427".to_owned()));
    }
    let r = beth.assign(&id, Some(BETH)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["assignee"]["extensionId"], BETH);
    assert_eq!(beth.send_message(QUEUE, CUSTOMER, "Answer").await.json()["threadId"], id);
    assert_eq!(wayne.send_message(QUEUE, CUSTOMER, "Answer").await.code(), "MSG-427");
}

#[tokio::test]
async fn assign_reassign_and_unassign() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let federick = Api::login(&mock, "jwt-103").await;
    let sam = Api::login(&mock, "jwt-104").await;
    let id = start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;

    let t = wayne.assign(&id, Some(FEDERICK)).await.json();
    assert_eq!(t["assignee"]["extensionId"], FEDERICK);
    assert_eq!(t["assignee"]["name"], "Federick J");
    assert_eq!(federick.reply(&id, QUEUE, CUSTOMER, "Federick here").await.status, 200);
    assert_eq!(wayne.send_message(QUEUE, CUSTOMER, "x").await.code(), "MSG-427");

    // Any handler may take it over.
    assert_eq!(sam.assign(&id, Some(SAM)).await.json()["assignee"]["extensionId"], SAM);
    assert_eq!(federick.send_message(QUEUE, CUSTOMER, "x").await.code(), "MSG-427");

    // Seed 004: someone else's thread may only be taken, not given away or dropped.
    for to in [Some(FEDERICK), None] {
        let r = wayne.assign(&id, to).await;
        assert_eq!((r.status, r.code()), (403, "MSG-427".into()), "Wayne moving Sam's thread to {to:?}");
        assert_eq!(r.json()["errors"][0]["extensionId"], WAYNE);
    }
    assert_eq!(wayne.thread(&id).await.json()["assignee"]["extensionId"], SAM);

    let r = sam.assign(&id, None).await;
    assert_eq!(r.status, 200);
    assert!(r.json().get("assignee").is_none());
    assert!(wayne.thread(&id).await.json().get("assignee").is_none());
    assert_eq!(sam.send_message(QUEUE, CUSTOMER, "x").await.code(), "MSG-427");
}

#[tokio::test]
async fn assigning_outside_the_assignable_handlers_is_refused() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let nora = Api::login(&mock, "jwt-105").await;
    let id = start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;
    // Nora is a user but not a handler; Dave is disabled; 999 is nobody.
    for who in [NORA, DAVE, "999"] {
        let r = wayne.assign(&id, Some(who)).await;
        assert_eq!(
            (r.status, r.code(), r.parameter()),
            (400, "CMN-101".into(), "assignee.extensionId".into()),
            "{who}"
        );
    }
    assert_eq!(wayne.thread(&id).await.json()["assignee"]["extensionId"], WAYNE);
    // A caller who is not a handler cannot assign at all.
    let r = nora.assign(&id, Some(NORA)).await;
    assert_eq!(r.status, 403);
}

#[tokio::test]
async fn a_non_assignable_handler_cannot_be_assigned() {
    let mut fixture = serde_json::to_value(rcthreads_mock::Fixture::default_accounts()).unwrap();
    // Make Federick a handler of the queue who may not be assigned.
    let queue =
        fixture["accounts"][0]["resources"].as_array_mut().unwrap().iter_mut().find(|r| r["id"] == QUEUE_ID).unwrap();
    for h in queue["handlers"].as_array_mut().unwrap() {
        if h["extensionId"] == FEDERICK {
            h["assignable"] = json!(false);
        }
    }
    let fixture: rcthreads_mock::Fixture = serde_json::from_value(fixture).unwrap();
    let mock = rcthreads_mock::MockServer::start_with(fixture, Default::default()).await.unwrap();
    let wayne = Api::login(&mock, "jwt-101").await;
    let recipients = wayne.get(&format!("{EXT}/{QUEUE_ID}/sms-recipients")).await.json();
    let fed = recipients["smsRecipients"].as_array().unwrap().iter().find(|r| r["id"] == FEDERICK).unwrap().clone();
    assert_eq!(fed["assignable"], false);
    let id = start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;
    let r = wayne.assign(&id, Some(FEDERICK)).await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".into(), "assignee.extensionId".into()));
}

#[tokio::test]
async fn resolve_by_any_handler_then_a_new_thread() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let beth = Api::login(&mock, "jwt-102").await;
    let id = start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;

    let r = beth.resolve(&id).await;
    assert_eq!(r.status, 200);
    let t = r.json();
    assert_eq!(t["status"], "Resolved");
    assert_eq!(t["statusReason"], "Manual");
    assert!(t.get("assignee").is_none());

    let r = wayne.resolve(&id).await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".into(), "threadId".into()));
    let r = wayne.assign(&id, Some(WAYNE)).await;
    assert_eq!(r.status, 400, "a resolved thread cannot be assigned");
    // A send naming the resolved thread is refused; by the pair it creates a new thread.
    let r = wayne.reply(&id, QUEUE, CUSTOMER, "Back again").await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".into(), "threadId".into()));
    let new_id = start_thread(&beth, QUEUE, CUSTOMER, "Beth starts a new one").await;
    assert_ne!(new_id, id);
    assert_eq!(wayne.thread(&new_id).await.json()["assignee"]["extensionId"], BETH);
    assert_eq!(wayne.thread(&id).await.json()["status"], "Resolved");
    // An inbound after resolving lands in the new open thread.
    assert_eq!(wayne.inbound_thread(CUSTOMER, QUEUE, "Thanks").await, new_id);
}

#[tokio::test]
async fn quiet_threads_expire_after_exactly_72_hours() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    wayne.advance(0).await; // stop the clock so that the 72 h are exact
    let id = start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;
    wayne.advance(259_199).await;
    // Keep the session alive across the jump.
    let wayne = Api::login(&mock, "jwt-101").await;
    let t = wayne.thread(&id).await.json();
    assert_eq!(t["status"], "Open", "a second before 72 h");
    wayne.advance(1).await;
    let t = wayne.thread(&id).await.json();
    assert_eq!(t["status"], "Resolved");
    assert_eq!(t["statusReason"], "ThreadExpired");
    assert!(t.get("assignee").is_none());
    // The next message creates a new thread.
    assert_ne!(start_thread(&wayne, QUEUE, CUSTOMER, "Hello again").await, id);
}

#[tokio::test]
async fn messages_postpone_expiry_but_assigning_does_not() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    wayne.advance(0).await;
    let id = start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;
    let other = wayne.inbound_thread(CUSTOMER_2, QUEUE, "Hi").await;
    mock.advance_clock(200_000);
    let wayne = Api::login(&mock, "jwt-101").await;
    assert_eq!(wayne.assign(&id, Some(BETH)).await.status, 200);
    wayne.inbound(CUSTOMER_2, QUEUE, "Still there?").await;
    mock.advance_clock(59_200);
    let wayne = Api::login(&mock, "jwt-101").await;
    let t = wayne.thread(&id).await.json();
    assert_eq!((t["status"].as_str(), t["statusReason"].as_str()), (Some("Resolved"), Some("ThreadExpired")));
    assert_eq!(wayne.thread(&other).await.json()["status"], "Open", "the inbound message was activity");
}

#[tokio::test]
async fn delete_hides_the_thread_and_its_messages() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let beth = Api::login(&mock, "jwt-102").await;
    let id = start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;
    let keep = start_thread(&wayne, QUEUE, CUSTOMER_2, "Hi").await;
    wayne.inbound(CUSTOMER, QUEUE, "Reply").await;

    let r = beth.delete(&format!("{MT}/{id}")).await;
    assert_eq!(r.status, 204);
    assert!(r.bytes.is_empty());
    let t = wayne.thread(&id).await.json();
    assert_eq!(t["availability"], "Deleted");
    assert!(t.get("assignee").is_none());
    assert_eq!(ids(&wayne.threads("").await), vec![keep.as_str()]);
    assert_eq!(ids(&wayne.threads("availability=Deleted").await), vec![id.as_str()]);

    let alive = wayne.get(&format!("{MT}/messages?threadIds={id}")).await.json();
    assert_eq!(alive["records"].as_array().unwrap().len(), 0, "{alive}");
    let deleted = wayne.get(&format!("{MT}/messages?threadIds={id}&availability=Deleted")).await.json();
    let records = deleted["records"].as_array().unwrap();
    assert_eq!(records.len(), 2, "{deleted}");
    assert!(records.iter().all(|m| m["availability"] == "Deleted"));
    // Deleting again changes nothing.
    assert_eq!(beth.delete(&format!("{MT}/{id}")).await.status, 204);
    // The pair is free: the next message starts a new thread.
    assert_ne!(start_thread(&wayne, QUEUE, CUSTOMER, "New").await, id);
}

#[tokio::test]
async fn threads_of_other_resources_are_forbidden_and_unknown_ones_not_found() {
    let mock = mock().await;
    let sam = Api::login(&mock, "jwt-104").await;
    let beth = Api::login(&mock, "jwt-102").await;
    let nora = Api::login(&mock, "jwt-105").await;
    let billing = start_thread(&sam, BILLING, CUSTOMER, "Your invoice").await;

    for api in [&beth, &nora] {
        let r = api.thread(&billing).await;
        assert_eq!((r.status, r.code()), (403, "CMN-408".into()));
        assert_eq!(api.assign(&billing, Some(BETH)).await.status, 403);
        assert_eq!(api.resolve(&billing).await.status, 403);
        assert_eq!(api.delete(&format!("{MT}/{billing}")).await.status, 403);
        assert_eq!(api.thread_count().await, 0);
    }
    assert_eq!(sam.thread(&billing).await.json()["status"], "Open", "nothing changed");

    let unknown = "3f0c8f1e-0000-4000-8000-000000000000";
    for path in [format!("{MT}/{unknown}"), format!("{MT}/not-a-uuid")] {
        let r = sam.get(&path).await;
        assert_eq!((r.status, r.code()), (404, "CMN-102".into()), "{path}");
    }
    assert_eq!(sam.resolve(unknown).await.status, 404);
    assert_eq!(sam.delete(&format!("{MT}/{unknown}")).await.status, 404);
}

#[tokio::test]
async fn a_removed_handler_loses_access_and_their_threads_become_unassigned() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let beth = Api::login(&mock, "jwt-102").await;
    let id = start_thread(&beth, QUEUE, CUSTOMER, "Hi").await;
    let r = wayne
        .post(&format!("{EXT}/{QUEUE_ID}/sms-recipients/bulk-assign"), json!({"removedExtensionIds": [BETH]}))
        .await;
    assert_eq!(r.status, 204, "{}", String::from_utf8_lossy(&r.bytes));
    let recipients = wayne.get(&format!("{EXT}/{QUEUE_ID}/sms-recipients")).await.json();
    assert!(!recipients["smsRecipients"].as_array().unwrap().iter().any(|h| h["id"] == BETH));

    assert_eq!(beth.thread(&id).await.status, 403);
    assert_eq!(beth.thread_count().await, 0);
    assert_eq!(beth.send_message(QUEUE, CUSTOMER_2, "x").await.status, 403);
    assert!(wayne.thread(&id).await.json().get("assignee").is_none());

    // Only super admins change handlers.
    let r =
        beth.post(&format!("{EXT}/{QUEUE_ID}/sms-recipients/bulk-assign"), json!({"addedExtensionIds": [BETH]})).await;
    assert_eq!((r.status, r.code()), (403, "CMN-408".into()));
    // Added back, she sees the thread again.
    let r =
        wayne.post(&format!("{EXT}/{QUEUE_ID}/sms-recipients/bulk-assign"), json!({"addedExtensionIds": [BETH]})).await;
    assert_eq!(r.status, 204);
    assert_eq!(beth.thread(&id).await.status, 200);
}

#[tokio::test]
async fn opted_out_customers_get_nothing_until_they_opt_back_in() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let id = start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;
    wayne.inbound(CUSTOMER, QUEUE, "stop").await;
    let m = wayne.reply(&id, QUEUE, CUSTOMER, "Are you there?").await.json();
    assert_eq!(m["messageStatus"], "SendingFailed");
    assert_eq!(m["deliveryErrorCode"], "SMS-RC-410");
    // Per pair: another customer is unaffected.
    let other = wayne.send_message(QUEUE, CUSTOMER_2, "Hi").await.json();
    assert_eq!(other["messageStatus"], "Queued");

    wayne.inbound(CUSTOMER, QUEUE, "START").await;
    let m = wayne.reply(&id, QUEUE, CUSTOMER, "Welcome back").await.json();
    assert_eq!(m["messageStatus"], "Queued");
    assert!(m.get("deliveryErrorCode").is_none());
}

#[tokio::test]
async fn outbound_messages_progress_with_the_mock_clock() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    wayne.advance(0).await;
    let m = wayne.send_message(QUEUE, CUSTOMER, "Hi").await.json();
    let id = m["id"].as_str().unwrap().to_owned();
    let status = |list: serde_json::Value| {
        list["records"].as_array().unwrap().iter().find(|r| r["id"] == id.as_str()).unwrap()["messageStatus"].clone()
    };
    let path = format!("{MT}/messages?messageIds={id}");
    let list = || wayne.get(&path);
    assert_eq!(status(list().await.json()), "Queued");
    wayne.advance(1).await;
    assert_eq!(status(list().await.json()), "Sent");
    wayne.advance(1).await;
    assert_eq!(status(list().await.json()), "Delivered");
}

#[tokio::test]
async fn own_account_id_works_in_paths_and_other_accounts_are_not_found() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let id = start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;
    let by_id = wayne.get(&format!("/restapi/v1.0/account/{ACCOUNT_ID}/message-threads/{id}")).await;
    assert_eq!(by_id.status, 200);
    assert_eq!(by_id.json()["id"], id);
    let ext = wayne.get(&format!("/restapi/v1.0/account/{ACCOUNT_ID}/extension/{WAYNE}/phone-number")).await;
    assert_eq!(ext.status, 200);
    let r = wayne.get(&format!("/restapi/v1.0/account/{OTHER_ACCOUNT_ID}/message-threads")).await;
    assert_eq!((r.status, r.code()), (404, "CMN-102".into()));
    let r = wayne.get(&format!("/restapi/v1.0/account/{OTHER_ACCOUNT_ID}/message-threads/{id}")).await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn other_corp_never_sees_mock_advisory_data() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let olga = Api::login(&mock, "jwt-201").await;
    let id = start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;
    let msg = wayne.get(&format!("{MT}/messages")).await.json()["records"][0]["id"].as_str().unwrap().to_owned();

    assert_eq!(olga.thread(&id).await.status, 404);
    assert_eq!(olga.resolve(&id).await.status, 404);
    assert_eq!(olga.assign(&id, Some(OLGA)).await.status, 404);
    assert_eq!(olga.delete(&format!("{MT}/{id}")).await.status, 404);
    assert_eq!(olga.thread_count().await, 0);
    assert_eq!(olga.get(&format!("{MT}/messages")).await.json()["records"].as_array().unwrap().len(), 0);
    assert_eq!(olga.get(&format!("{MT}/messages?messageIds={msg}")).await.json()["records"], json!([]));
    let r = olga.send_message(QUEUE, CUSTOMER, "Hijack").await;
    assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.bytes));
    let r = olga.get(&format!("/restapi/v1.0/account/{ACCOUNT_ID}/message-threads")).await;
    assert_eq!(r.status, 404);
    let r = olga.get(&format!("{EXT}/{QUEUE_ID}/sms-recipients")).await;
    assert_eq!(r.status, 404);
    let numbers = olga.get("/restapi/v2/accounts/~/phone-numbers").await.json();
    let all: Vec<_> = numbers["records"].as_array().unwrap().iter().map(|n| n["phoneNumber"].clone()).collect();
    assert_eq!(all, vec![json!(SUPPORT_QUEUE)]);
    // Olga's own queue works, and Wayne cannot see it.
    let own = start_thread(&olga, SUPPORT_QUEUE, CUSTOMER, "Support here").await;
    assert_eq!(wayne.thread(&own).await.status, 404);
    assert_eq!(wayne.thread_count().await, 1);
}
