//! Every method of the client against the in-process mock.

mod common;

use common::*;
use futures_util::TryStreamExt;
use rcthreads_domain::NewAttachment;
use rcthreads_transport::{Client, Error};
use rcthreads_wire::classic::{CreateSmsMessage, MessageStoreCallerInfoRequest};
use rcthreads_wire::entry::{EntryRecordType, SyncEntriesScope};
use rcthreads_wire::extension::ExtensionType;
use rcthreads_wire::message::{Direction, MessageStatus};
use rcthreads_wire::phone_number::PhoneNumberFeature;
use rcthreads_wire::query::{
    ListAccountPhoneNumbersV2Parameters, ListExtensionPhoneNumbersParameters, ListExtensionsParameters,
    MthListMessagesParameters, MthListNotesParameters, MthListThreadsParameters, MthSyncEntriesParameters,
    MthSyncThreadsParameters, ReadExtensionFeaturesParameters,
};
use rcthreads_wire::recipient::BulkAssignSmsRecipientsRequest;
use rcthreads_wire::subscription::{
    CreateSubscriptionRequest, NotificationDeliveryModeRequest, THREAD_EVENT_FILTER, TransportType,
};
use rcthreads_wire::sync::SyncType;
use rcthreads_wire::thread::{Availability, ThreadStatus, ThreadStatusReason};
use serde_json::json;

/// The id of a call queue by name, and the extension ids of its SMS handlers by name.
async fn queue(c: &rcthreads_transport::Client, name: &str) -> (String, Vec<(String, String)>) {
    let queues = c.call_queues().await.unwrap();
    let q = queues.records.iter().find(|q| q.name.as_deref() == Some(name)).expect("queue");
    let id = q.id.clone().unwrap();
    let handlers = c.sms_recipients(&id).await.unwrap().sms_recipients;
    (id, handlers.into_iter().map(|h| (h.name.unwrap(), h.id.unwrap())).collect())
}

fn id_of(handlers: &[(String, String)], name: &str) -> String {
    handlers.iter().find(|(n, _)| n == name).unwrap().1.clone()
}

#[tokio::test]
async fn login_revoke_and_the_token() {
    let mock = rcthreads_mock::MockServer::start().await.unwrap();
    let c = client(&mock);
    assert!(c.token().is_none());
    assert!(matches!(c.list_threads(&Default::default()).await, Err(Error::NotLoggedIn)));

    let token = c.login_jwt("jwt-101").await.unwrap();
    assert!(!token.access_token().is_empty());
    assert!(token.owner_id().is_some());
    assert_eq!(c.token(), Some(token.clone()));

    let refreshed = c.refresh().await.unwrap();
    assert_ne!(refreshed.access_token(), token.access_token());

    c.revoke().await.unwrap();
    assert!(c.token().is_none());
    // The revoked session is refused, and not refreshed: OAU-149 is not OAU-128.
    let old = client(&mock);
    old.set_token(refreshed.info.clone());
    let e = old.list_threads(&Default::default()).await.unwrap_err();
    assert!(matches!(e, Error::Unauthorized(_)), "{e:?}");
    assert_eq!(e.code(), Some("OAU-149"));
}

#[tokio::test]
async fn wrong_credentials_are_typed_oauth_errors() {
    let mock = rcthreads_mock::MockServer::start().await.unwrap();
    let e = client(&mock).login_jwt("jwt-999").await.unwrap_err();
    assert_eq!((e.status(), e.code()), (Some(400), Some("OAU-140")));
    assert_eq!(e.api_error().unwrap().error.as_deref(), Some("invalid_grant"));
    let wrong =
        rcthreads_transport::Client::builder().server(mock.url()).credentials(CLIENT_ID, "nope").build().unwrap();
    let e = wrong.login_jwt("jwt-101").await.unwrap_err();
    assert_eq!(e.code(), Some("OAU-120"));
    assert!(matches!(e, Error::Api(_)));
}

#[tokio::test]
async fn thread_lifecycle_assign_resolve_delete() {
    let (_mock, wayne) = wayne().await;
    let (_, handlers) = queue(&wayne, "Financial Advising Queue").await;
    let beth = id_of(&handlers, "Beth S");
    let wayne_id = wayne.token().unwrap().owner_id().unwrap().to_owned();

    let sent = wayne.send_message(&text(QUEUE, CUSTOMER, "Hi Tom")).await.unwrap();
    assert_eq!(sent.direction, Direction::Outbound);
    assert_eq!(sent.message_status, Some(MessageStatus::Queued));
    let t = wayne.read_thread(&sent.thread_id).await.unwrap();
    assert_eq!(t.status, ThreadStatus::Open);
    assert_eq!(t.assignee.as_ref().map(|a| a.extension_id.as_str()), Some(wayne_id.as_str()));

    let list = wayne.list_threads(&MthListThreadsParameters::default()).await.unwrap();
    assert_eq!(list.records.len(), 1);
    assert_eq!(list.paging.total_elements, Some(1));

    let t = wayne.assign_thread(&sent.thread_id, Some(&beth)).await.unwrap();
    assert_eq!(t.assignee.unwrap().extension_id, beth);
    // Beth's thread now: Wayne may take it to himself, not unassign it (seed 004).
    let e = wayne.assign_thread(&sent.thread_id, None).await.unwrap_err();
    assert!(matches!(e, Error::ThreadNotAssigned { .. }), "{e:?}");
    let t = wayne.assign_thread(&sent.thread_id, Some(&wayne_id)).await.unwrap();
    assert_eq!(t.assignee.unwrap().extension_id, wayne_id);
    let t = wayne.assign_thread(&sent.thread_id, None).await.unwrap();
    assert!(t.assignee.is_none());

    let t = wayne.resolve_thread(&sent.thread_id).await.unwrap();
    assert_eq!((t.status, t.status_reason), (ThreadStatus::Resolved, Some(ThreadStatusReason::Manual)));
    // Resolving twice is a 400 naming threadId, and it is not retried.
    let e = wayne.resolve_thread(&sent.thread_id).await.unwrap_err();
    assert_eq!((e.status(), e.code(), e.parameter_name()), (Some(400), Some("CMN-101"), Some("threadId")));

    wayne.delete_thread(&sent.thread_id).await.unwrap();
    let alive = wayne.list_threads(&MthListThreadsParameters::default()).await.unwrap();
    assert!(alive.records.is_empty());
    let deleted = MthListThreadsParameters { availability: vec![Availability::Deleted], ..Default::default() };
    assert_eq!(wayne.list_threads(&deleted).await.unwrap().records.len(), 1);
}

#[tokio::test]
async fn msg_427_carries_the_refused_extension() {
    let (mock, wayne) = wayne().await;
    let beth = login(&mock, "jwt-102").await;
    let beth_id = beth.token().unwrap().owner_id().unwrap().to_owned();
    wayne.send_message(&text(QUEUE, CUSTOMER, "Hi Tom")).await.unwrap();

    let e = beth.send_message(&text(QUEUE, CUSTOMER, "Hello")).await.unwrap_err();
    let Error::ThreadNotAssigned { extension_id, failure } = &e else { panic!("{e:?}") };
    assert_eq!(extension_id.map(|id| id.to_string()), Some(beth_id.clone()));
    assert_eq!(failure.status, 403);
    assert_eq!(e.codes(), vec!["MSG-427"]);
    assert!(String::from_utf8_lossy(e.raw_body().unwrap()).contains("MSG-427"));
    assert!(e.to_string().contains(&beth_id));
}

#[tokio::test]
async fn two_users_share_one_client_each_with_their_own_session() {
    let (_mock, wayne) = wayne().await;
    let beth = wayne.new_session();
    assert!(beth.token().is_none(), "a new session starts logged out");
    beth.login_jwt("jwt-102").await.unwrap();
    let owner = |c: &Client| c.token().unwrap().owner_id().unwrap().to_owned();
    assert_ne!(owner(&wayne), owner(&beth));

    // Each sends as themselves: Wayne's thread refuses Beth with her own id.
    wayne.send_message(&text(QUEUE, CUSTOMER, "Hi Tom")).await.unwrap();
    let e = beth.send_message(&text(QUEUE, CUSTOMER, "Hello")).await.unwrap_err();
    let Error::ThreadNotAssigned { extension_id, .. } = e else { panic!("{e:?}") };
    assert_eq!(extension_id.map(|id| id.to_string()), Some(owner(&beth)));
    assert_eq!(beth.server(), wayne.server());
}

#[tokio::test]
async fn forbidden_and_not_found_are_their_own_variants() {
    let (mock, wayne) = wayne().await;
    let sent = wayne.send_message(&text(QUEUE, CUSTOMER, "Hi")).await.unwrap();
    let nora = login(&mock, "jwt-105").await;
    let e = nora.read_thread(&sent.thread_id).await.unwrap_err();
    assert!(matches!(e, Error::Forbidden(_)), "{e:?}");
    let e = wayne.read_thread("00000000-0000-4000-8000-000000000000").await.unwrap_err();
    assert!(matches!(e, Error::NotFound(_)), "{e:?}");
    assert_eq!(e.code(), Some("CMN-102"));
}

#[tokio::test]
async fn messages_mms_content_list_and_delete() {
    let (mock, wayne) = wayne().await;
    let png = vec![0x89, b'P', b'N', b'G', 0, 1, 2, 3];
    let attachment =
        NewAttachment { content_type: "image/png".into(), file_name: Some("chart.png".into()), data: png.clone() };
    let sent = wayne.send_mms(&text(QUEUE, CUSTOMER, "The chart"), &[attachment]).await.unwrap();
    let att = &sent.attachments.as_ref().expect("attachments")[0];
    assert_eq!(att.content_type, "image/png");
    let content = wayne.attachment_content(&sent.id, &att.id).await.unwrap();
    assert_eq!(content.data.as_ref(), png.as_slice());
    assert_eq!(content.content_type.as_deref(), Some("image/png"));

    let reply = mock.inbound(CUSTOMER, QUEUE, "Thanks").await.unwrap();
    let q = MthListMessagesParameters { thread_ids: vec![sent.thread_id.clone()], ..Default::default() };
    let list = wayne.list_messages(&q).await.unwrap();
    assert_eq!(list.records.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), [sent.id.as_str(), reply.id.as_str()]);
    let one_a_page = MthListMessagesParameters { per_page: Some(1), ..q.clone() };
    let streamed: Vec<_> = wayne.message_stream(&one_a_page).try_collect().await.unwrap();
    assert_eq!(streamed, list.records, "every page once, in order");

    wayne.delete_messages(std::slice::from_ref(&reply.id)).await.unwrap();
    assert_eq!(wayne.list_messages(&q).await.unwrap().records.len(), 1);
}

#[tokio::test]
async fn notes_crud_and_list() {
    let (_mock, wayne) = wayne().await;
    let sent = wayne.send_message(&text(QUEUE, CUSTOMER, "Hi")).await.unwrap();
    let a = wayne.create_note(&sent.thread_id, "Called him").await.unwrap();
    let b = wayne.create_note(&sent.thread_id, "Second").await.unwrap();
    assert_eq!(wayne.read_note(&a.id).await.unwrap().text.as_deref(), Some("Called him"));
    let edited = wayne.update_note(&a.id, "Called him twice").await.unwrap();
    assert_eq!(edited.text.as_deref(), Some("Called him twice"));
    let q = MthListNotesParameters { thread_ids: vec![sent.thread_id.clone()], ..Default::default() };
    let listed = wayne.list_notes(&q).await.unwrap().records;
    assert_eq!(listed.len(), 2);
    let one_a_page = MthListNotesParameters { per_page: Some(1), ..q.clone() };
    let streamed: Vec<_> = wayne.note_stream(&one_a_page).try_collect().await.unwrap();
    assert_eq!(streamed, listed, "every page once, in order");
    wayne.delete_note(&a.id).await.unwrap();
    wayne.delete_notes(std::slice::from_ref(&b.id)).await.unwrap();
    assert!(wayne.list_notes(&q).await.unwrap().records.is_empty());
}

#[tokio::test]
async fn sync_endpoints_and_syncers_keep_the_token() {
    let (mock, wayne) = wayne().await;
    wayne.send_message(&text(QUEUE, CUSTOMER, "Hi")).await.unwrap();

    let full = wayne.sync_threads(&MthSyncThreadsParameters::default()).await.unwrap();
    assert_eq!((full.sync_info.sync_type.clone(), full.records.len()), (SyncType::FSync, 1));
    let entries = wayne.sync_entries(&MthSyncEntriesParameters::default()).await.unwrap();
    assert!(entries.records.iter().any(|e| e.record_type() == EntryRecordType::AliveMessage));

    let mut threads = wayne.thread_syncer();
    let first = threads.sync().await.unwrap();
    assert_eq!(first.sync_info.sync_type, SyncType::FSync);
    assert_eq!(threads.token(), Some(first.sync_info.sync_token.as_str()));
    mock.inbound("+16502240002", QUEUE, "New customer").await.unwrap();
    let next = threads.sync().await.unwrap();
    assert_eq!((next.sync_info.sync_type, next.records.len()), (SyncType::ISync, 1));

    // A refused token means FSync again.
    let mut stale = wayne.thread_syncer().with_token("not-a-token");
    assert_eq!(stale.sync().await.unwrap().sync_info.sync_type, SyncType::FSync);

    let mut entries = wayne.entry_syncer(SyncEntriesScope::Accessible);
    let first = entries.sync().await.unwrap();
    assert_eq!(first.sync_info.sync_type, SyncType::FSync);
    assert_eq!(entries.token(), Some(first.sync_info.sync_token.as_str()));
    assert!(!first.records.is_empty());
    mock.inbound(CUSTOMER, QUEUE, "Thanks").await.unwrap();
    let next = entries.sync().await.unwrap();
    assert_eq!(next.sync_info.sync_type, SyncType::ISync);
    assert!(next.records.iter().any(|e| e.record_type() == EntryRecordType::AliveMessage));
    let mut stale = wayne.entry_syncer(SyncEntriesScope::Accessible).with_token("nope");
    assert_eq!(stale.sync().await.unwrap().sync_info.sync_type, SyncType::FSync);

    // Any other failure is the answer: the token is kept, no FSync is run in its place.
    for path in ["/message-threads/sync$", "/message-threads/entries/sync$"] {
        // One more 503 than the tests' policy retries.
        let spec = json!({"pathPattern": path, "times": 3, "fault": {"type": "unavailable", "retryAfter": 0}});
        control(&mock, "POST", "/mock/v1/faults", Some(spec)).await;
        let e = if path.contains("entries") { entries.sync().await.map(drop) } else { threads.sync().await.map(drop) };
        assert_eq!(e.unwrap_err().status(), Some(503), "{path}");
    }
    assert_eq!(entries.token(), Some(next.sync_info.sync_token.as_str()));
}

#[tokio::test]
async fn configuration_endpoints() {
    let (_mock, wayne) = wayne().await;
    let q = ReadExtensionFeaturesParameters { feature_id: vec!["MessageThreads".into()], ..Default::default() };
    let features = wayne.features(&q).await.unwrap();
    assert!(features.records[0].available);

    let mine = wayne.extension_phone_numbers("~", &ListExtensionPhoneNumbersParameters::default()).await.unwrap();
    let shared = mine
        .records
        .iter()
        .find(|n| n.phone_number.as_deref() == Some(QUEUE))
        .expect("the queue's number among Wayne's");
    assert!(shared.has_feature(&PhoneNumberFeature::SmsSender));
    assert_eq!(shared.extension.as_ref().unwrap().name.as_deref(), Some("Financial Advising Queue"));

    let all = wayne.account_phone_numbers(&Default::default()).await.unwrap();
    // More than one, so that the one-a-page stream below has to follow the pages.
    assert!(all.records.len() > 1, "{} numbers", all.records.len());
    let one_a_page = ListAccountPhoneNumbersV2Parameters { per_page: Some(1), ..Default::default() };
    let streamed: Vec<_> = wayne.account_phone_number_stream(&one_a_page).try_collect().await.unwrap();
    assert_eq!(streamed, all.records, "every page once, in order");

    let types = ListExtensionsParameters {
        types: vec![ExtensionType::Department, ExtensionType::Site, ExtensionType::CompanyExtension],
        ..Default::default()
    };
    let resources = wayne.extensions(&types).await.unwrap();
    let listed: Vec<_> = resources.records.iter().map(|e| e.extension_type.clone()).collect();
    // The seed's call queues (Department) and sites are there, and nothing else.
    for wanted in [ExtensionType::Department, ExtensionType::Site] {
        assert!(listed.contains(&Some(wanted.clone())), "{wanted:?} missing from {listed:?}");
    }
    assert!(listed.iter().all(|t| t.as_ref().is_some_and(|t| types.types.contains(t))), "{listed:?}");
    assert!(resources.records.len() > 1, "{listed:?}");
    let one_a_page = ListExtensionsParameters { per_page: Some(1), ..types.clone() };
    let streamed: Vec<_> = wayne.extension_stream(&one_a_page).try_collect().await.unwrap();
    assert_eq!(streamed, resources.records, "every page once, in order");

    let (queue_id, handlers) = queue(&wayne, "Financial Advising Queue").await;
    assert_eq!(handlers.len(), 4);
    let ext = wayne.extension(&queue_id).await.unwrap();
    assert_eq!(ext.name.as_deref(), Some("Financial Advising Queue"));
    assert!(!wayne.sites().await.unwrap().records.is_empty());

    let (billing, before) = queue(&wayne, "Billing Queue").await;
    let wayne_id = wayne.token().unwrap().owner_id().unwrap().to_owned();
    let add =
        BulkAssignSmsRecipientsRequest { added_extension_ids: Some(vec![wayne_id.clone()]), ..Default::default() };
    wayne.bulk_assign_sms_recipients(&billing, &add).await.unwrap();
    assert_eq!(wayne.sms_recipients(&billing).await.unwrap().sms_recipients.len(), before.len() + 1);
    let remove = BulkAssignSmsRecipientsRequest { removed_extension_ids: Some(vec![wayne_id]), ..Default::default() };
    wayne.bulk_assign_sms_recipients(&billing, &remove).await.unwrap();
    assert_eq!(wayne.sms_recipients(&billing).await.unwrap().sms_recipients.len(), before.len());
}

#[tokio::test]
async fn classic_sms_and_message_store() {
    let (_mock, wayne) = wayne().await;
    let sms = CreateSmsMessage {
        from: MessageStoreCallerInfoRequest { phone_number: "+16505550111".into() },
        to: vec![MessageStoreCallerInfoRequest { phone_number: CUSTOMER.into() }],
        text: "Your statement is ready".into(),
    };
    let sent = wayne.send_sms(&sms).await.unwrap();
    let store = wayne.message_store("~").await.unwrap();
    assert!(store.records.iter().any(|r| r.id == sent.id));
}

/// A webhook that echoes `Validation-Token` and answers 200 to everything.
async fn webhook() -> String {
    let app = axum::Router::new().fallback(|headers: http::HeaderMap| async move {
        let mut echo = http::HeaderMap::new();
        if let Some(token) = headers.get("validation-token") {
            echo.insert("validation-token", token.clone());
        }
        echo
    });
    format!("{}/hook", serve(app).await)
}

#[tokio::test]
async fn subscriptions_create_list_read_renew_delete() {
    let (_mock, wayne) = wayne().await;
    let request = CreateSubscriptionRequest {
        event_filters: vec![THREAD_EVENT_FILTER.into()],
        expires_in: Some(3600),
        delivery_mode: NotificationDeliveryModeRequest {
            transport_type: TransportType::WebHook,
            address: webhook().await,
            verification_token: Some("secret".into()),
        },
    };
    let s = wayne.create_subscription(&request).await.unwrap();
    assert_eq!(s.event_filters, vec![THREAD_EVENT_FILTER.to_owned()]);
    assert_eq!(wayne.list_subscriptions().await.unwrap().records.len(), 1);
    assert_eq!(wayne.read_subscription(&s.id).await.unwrap().id, s.id);
    let renewed = wayne.renew_subscription(&s.id, Some(7200)).await.unwrap();
    assert_eq!(renewed.expires_in, Some(7200));
    wayne.delete_subscription(&s.id).await.unwrap();
    assert!(matches!(wayne.read_subscription(&s.id).await, Err(Error::NotFound(_))));
}

#[tokio::test]
async fn a_page_stream_walks_250_threads_100_at_a_time() {
    let (mock, wayne) = wayne().await;
    for i in 0..250 {
        mock.inbound(&format!("+1650300{i:04}"), QUEUE, "Hello").await.unwrap();
    }
    control(&mock, "DELETE", "/mock/v1/requests", None).await;
    let q = MthListThreadsParameters { per_page: Some(100), ..Default::default() };
    let threads: Vec<_> = wayne.thread_stream(&q).try_collect().await.unwrap();
    assert_eq!(threads.len(), 250);
    let mut ids: Vec<_> = threads.iter().map(|t| t.id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 250);
    assert_eq!(count(&mock, "GET", "/message-threads").await, 3);
}
