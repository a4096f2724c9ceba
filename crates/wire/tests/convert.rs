//! The seeds' use case run on the domain and rendered through `convert`: every record has the
//! fields and values the seed documents show, and every domain error the status of its code.

use rcthreads_domain::sample::{
    self, BETH, FEDERICK, FINANCIAL_QUEUE, FINANCIAL_QUEUE_NUMBER, IVR_MAIN, MAIN_NUMBER, SITE_01, WAYNE, WAYNE_NUMBER,
};
use rcthreads_domain::{
    self as d, DomainError, EntryScope, InboundMessage, Inbox, OutboundMessage, SequentialIds, SmsRequest, Timestamp,
};
use rcthreads_wire::StringEnum;
use rcthreads_wire::classic::{CreateSmsMessage, MessageStoreCallerInfoRequest};
use rcthreads_wire::convert;
use rcthreads_wire::entry::SyncEntriesScope;
use rcthreads_wire::error::ErrorResponse;
use rcthreads_wire::extension::ExtensionType;
use rcthreads_wire::message::NewThreadMessageRequest;
use rcthreads_wire::phone_number::PhoneNumberUsageType;
use rcthreads_wire::query::{
    ListAccountPhoneNumbersV2Parameters, ListExtensionPhoneNumbersParameters, ListExtensionsParameters,
    MthListMessagesParameters, MthListNotesParameters, MthListThreadsParameters, MthSyncEntriesParameters,
    ReadExtensionFeaturesParameters,
};
use rcthreads_wire::recipient::BulkAssignSmsRecipientsRequest;
use rcthreads_wire::thread::{AssignMessageThreadRequest, Availability, MessagePhoneParty};
use serde::Serialize;
use serde_json::{Value, json};

const T0: i64 = 1_773_349_593_706; // 2026-03-12T21:06:33.706Z, the seed's send time

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_millis(T0 + seconds * 1000)
}

fn js(v: impl Serialize) -> Value {
    serde_json::to_value(v).unwrap()
}

fn customer() -> d::PhoneNumber {
    "+16502240001".parse().unwrap()
}

fn inbox() -> Inbox {
    Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default())
}

/// Checks status, code, and parameter name of an error answer; returns its body as JSON.
fn check_error(e: &ErrorResponse, status: u16, code: &str, parameter: Option<&str>) -> Value {
    assert_eq!((e.status, e.code()), (status, Some(code)), "{e}");
    assert_eq!(e.body.parameter_name(), parameter, "{e}");
    js(&*e.body)
}

#[test]
fn the_seed_use_case_renders_as_the_seeds_show() {
    let dir = sample::directory();
    let mut inbox = inbox();

    // Wayne starts a thread from the Financial Advising Queue's number (seed 000's response).
    let sent =
        inbox.send(WAYNE, at(0), OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, customer(), "Hi Tom ...")).unwrap();
    let thread_id = sent.thread_id();
    let message = js(convert::message_record(sent, &dir, &links()));
    assert_eq!(
        message,
        json!({
            "id": sent.id().to_string(),
            "threadId": thread_id.to_string(),
            "recordType": "AliveMessage",
            "lastModifiedTime": "2026-03-12T21:06:33.706Z",
            "availability": "Alive",
            "creationTime": "2026-03-12T21:06:33.706Z",
            "direction": "Outbound",
            "messageStatus": "Queued",
            "text": "Hi Tom ...",
            "author": { "extensionId": WAYNE.to_string(), "name": "Wayne T", "extensionType": "User" }
        })
    );

    let thread = js(convert::thread_record(inbox.thread(WAYNE, thread_id).unwrap(), &dir));
    assert_eq!(
        thread,
        json!({
            "id": thread_id.to_string(),
            "label": "Hi Tom ...",
            "status": "Open",
            "availability": "Alive",
            "owner": { "extensionId": "62284871234", "name": "Financial Advising Queue", "extensionType": "Department" },
            "ownerParty": { "phoneNumber": "+15559870001" },
            "guestParty": { "phoneNumber": "+16502240001" },
            "assignee": { "extensionId": WAYNE.to_string(), "name": "Wayne T", "extensionType": "User" },
            "creationTime": "2026-03-12T21:06:33.706Z",
            "lastModifiedTime": "2026-03-12T21:06:33.706Z"
        })
    );

    // Beth may not reply while Wayne holds it: MSG-427 with her id (seed 000's error).
    let refused =
        inbox.send(BETH, at(5), OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, customer(), "Hello")).unwrap_err();
    let body = check_error(&ErrorResponse::from(&refused), 403, "MSG-427", None);
    assert_eq!(body["errors"][0]["extensionId"], json!(BETH.to_string()));
    assert_eq!(
        body["errors"][0]["message"],
        json!(format!("The thread is not assigned to extension [{BETH}] at the moment."))
    );

    // The customer answers; another customer texts in and gets an unassigned thread.
    let inbound = InboundMessage { from: customer(), to: FINANCIAL_QUEUE_NUMBER, text: "Thanks".into() };
    let reply = inbox.receive(at(60), inbound).unwrap();
    let reply = js(convert::message_record(reply, &dir, &links()));
    assert_eq!((&reply["direction"], &reply["messageStatus"]), (&json!("Inbound"), &json!("Received")));
    assert!(reply.get("author").is_none());
    let other: d::PhoneNumber = "+16502240002".parse().unwrap();
    let inbound = InboundMessage { from: other, to: FINANCIAL_QUEUE_NUMBER, text: "Question".into() };
    let second = inbox.receive(at(120), inbound).unwrap().thread_id();
    let unassigned = js(convert::thread_record(inbox.thread(BETH, second).unwrap(), &dir));
    assert_eq!(unassigned["status"], json!("Open"));
    assert!(unassigned.get("assignee").is_none() && unassigned.get("statusReason").is_none());

    // Wayne assigns it to Beth through the wire request.
    let assignee = convert::assignee(&AssignMessageThreadRequest::to(BETH.to_string())).unwrap();
    let assigned = js(convert::thread_record(inbox.assign(WAYNE, at(130), second, assignee).unwrap(), &dir));
    assert_eq!(assigned["assignee"]["extensionId"], json!(BETH.to_string()));
    assert_eq!(assigned["assignee"]["name"], json!("Beth S"));

    // Beth leaves a note.
    let note = inbox.add_note(BETH, at(140), second, "Called back").unwrap();
    let note = js(convert::note_record(note, &dir));
    assert_eq!(note["text"], json!("Called back"));
    assert_eq!(note["threadId"], json!(second.to_string()));
    assert_eq!(note["author"], json!({ "extensionId": BETH.to_string(), "name": "Beth S", "extensionType": "User" }));

    // Beth's entries: her note, the messages, and the hints, newest first.
    let entries =
        js(convert::entries_sync_list(&inbox.fsync_entries(BETH, &EntryScope::AssignedToMe).unwrap(), &dir, &links()));
    let types: Vec<&str> =
        entries["records"].as_array().unwrap().iter().map(|r| r["recordType"].as_str().unwrap()).collect();
    assert_eq!(types, ["AliveNote", "ThreadAssignedHint", "AliveMessage", "ThreadCreatedHint"]);
    let hint = &entries["records"][1];
    assert!(hint["id"].is_string());
    assert_eq!(hint["assignee"]["extensionId"], json!(BETH.to_string()));
    assert_eq!(hint["initiator"]["extensionId"], json!(WAYNE.to_string()));
    assert!(hint.get("previousAssignee").is_none());
    assert_eq!(entries["syncInfo"]["syncType"], json!("FSync"));
    let entries_token = entries["syncInfo"]["syncToken"].as_str().unwrap().to_owned();

    // Beth resolves it: Resolved, Manual, no assignee.
    let resolved = js(convert::thread_record(inbox.resolve(BETH, at(200), second).unwrap(), &dir));
    assert_eq!((&resolved["status"], &resolved["statusReason"]), (&json!("Resolved"), &json!("Manual")));
    assert!(resolved.get("assignee").is_none());
    // Resolving it again names the thread.
    let again = inbox.resolve(BETH, at(201), second).unwrap_err();
    let body = check_error(&ErrorResponse::from(&again), 400, "CMN-101", Some("threadId"));
    assert_eq!(body["errors"][0]["parameterValue"], json!(second.to_string()));

    // Wayne deletes his thread: its messages are deleted with it.
    inbox.delete_thread(WAYNE, at(300), thread_id).unwrap();
    let q = convert::message_query(&MthListMessagesParameters {
        thread_ids: vec![thread_id.to_string()],
        availability: vec![Availability::Deleted],
        ..Default::default()
    })
    .unwrap();
    let deleted = js(convert::message_list(&inbox.list_messages(WAYNE, &q).unwrap(), &dir, &links()));
    assert_eq!(deleted["records"].as_array().unwrap().len(), 2);
    assert!(deleted["records"].as_array().unwrap().iter().all(|r| r["recordType"] == "DeletedMessage"));
    assert_eq!(
        deleted["paging"],
        json!({ "page": 1, "perPage": 100, "pageStart": 0, "pageEnd": 1, "totalPages": 1, "totalElements": 2 })
    );

    let q = convert::thread_query(&MthListThreadsParameters {
        availability: vec![Availability::Alive, Availability::Deleted],
        ..Default::default()
    })
    .unwrap();
    let threads = js(convert::thread_list(&inbox.list_threads(WAYNE, &q).unwrap(), &dir));
    let first = &threads["records"][0];
    assert_eq!((&first["availability"], &first["status"]), (&json!("Deleted"), &json!("Open")));
    assert!(first.get("assignee").is_none());

    // Entries ISync shows the deletion: deleted messages and a ThreadDeletedHint.
    let isync = js(convert::entries_sync_list(&inbox.isync_entries(BETH, &entries_token).unwrap(), &dir, &links()));
    let types: Vec<&str> =
        isync["records"].as_array().unwrap().iter().map(|r| r["recordType"].as_str().unwrap()).collect();
    assert_eq!(types, ["DeletedMessage", "DeletedMessage", "ThreadDeletedHint", "ThreadResolvedHint"]);
    assert_eq!(isync["records"][0]["availability"], json!("Deleted"));
    assert_eq!(isync["records"][2]["threadId"], json!(thread_id.to_string()));
    assert_eq!(isync["syncInfo"]["syncType"], json!("ISync"));

    // A thread that does not exist is 404 CMN-102.
    let unknown: d::ThreadId = "805808d1-31d2-4f01-867b-a5cff52d00ea".parse().unwrap();
    check_error(&ErrorResponse::from(inbox.thread(WAYNE, unknown).unwrap_err()), 404, "CMN-102", None);

    // Notes list and thread sync render their lists.
    let q = convert::note_query(&MthListNotesParameters::default()).unwrap();
    let notes = js(convert::note_list(&inbox.list_notes(BETH, &q).unwrap(), &dir));
    assert_eq!(notes["records"][0]["text"], json!("Called back"));
    let sync = inbox.fsync_threads(WAYNE).unwrap();
    let rendered = js(convert::thread_sync_list(&sync, &dir));
    assert_eq!(rendered["records"], json!([]));
    assert_eq!(
        rendered["syncInfo"],
        json!({ "syncType": "FSync", "syncToken": sync.token.encode(), "syncTime": "2026-03-12T21:11:33.706Z" })
    );
}

#[test]
fn sms_recipients_have_the_shape_of_seed_002() {
    let dir = sample::directory();
    let queue = dir.resource(FINANCIAL_QUEUE).unwrap();
    let rendered = js(convert::sms_recipients(queue, &dir));
    assert_eq!(
        rendered["smsRecipients"][1],
        json!({ "id": "696667052", "extensionNumber": "102", "extensionType": "User", "name": "Beth S", "assignable": true, "hasLicense": true })
    );
    assert_eq!(rendered["smsRecipients"].as_array().unwrap().len(), 4);
    // An IVR menu answers with its site's handlers.
    let ivr = js(convert::sms_recipients(dir.resource(IVR_MAIN).unwrap(), &dir));
    assert_eq!(ivr["smsRecipients"][0]["name"], json!("Wayne T"));
}

#[test]
fn phone_numbers_have_the_shape_of_seed_000() {
    let dir = sample::directory();
    let queue_number = dir.number(FINANCIAL_QUEUE_NUMBER).unwrap();
    assert_eq!(
        js(convert::user_phone_number(queue_number, &dir, &links())),
        json!({
            "features": ["CallerId", "SmsSender", "MmsSender"],
            "id": 121366771234u64,
            "phoneNumber": "+15559870001",
            "usageType": "DirectNumber",
            "status": "Normal",
            "type": "VoiceFax",
            "primary": false,
            "uri": "http://127.0.0.1:8080/restapi/v1.0/account/37439510/phone-number/121366771234",
            "country": { "id": "1", "uri": "http://127.0.0.1:8080/restapi/v1.0/dictionary/country/1", "name": "United States" },
            "extension": {
                "uri": "http://127.0.0.1:8080/restapi/v1.0/account/37439510/extension/62284871234",
                "id": 62284871234u64, "extensionNumber": "11601", "name": "Financial Advising Queue", "type": "Department"
            }
        })
    );
    let main = js(convert::user_phone_number(dir.number(MAIN_NUMBER).unwrap(), &dir, &links()));
    assert_eq!((&main["id"], &main["usageType"]), (&json!(656379052), &json!("MainCompanyNumber")));
    assert!(main.get("extension").is_none());

    // Wayne's list: his own number without `extension`, shared ones with it.
    let wayne =
        js(convert::extension_phone_numbers(&dir, WAYNE, &ListExtensionPhoneNumbersParameters::default(), &links()));
    let records = wayne["records"].as_array().unwrap();
    let own = records.iter().find(|r| r["phoneNumber"] == WAYNE_NUMBER.to_string()).unwrap();
    assert!(own.get("extension").is_none());
    let queue = records.iter().find(|r| r["phoneNumber"] == "+15559870001").unwrap();
    assert_eq!(queue["extension"]["type"], json!("Department"));

    // A site's list (seed 002): its own number bare, its IVR menu's named.
    let q = ListExtensionPhoneNumbersParameters {
        usage_type: vec![PhoneNumberUsageType::DirectNumber],
        ..Default::default()
    };
    let site = js(convert::extension_phone_numbers(&dir, SITE_01, &q, &links()));
    let site_types: Vec<&Value> = site["records"].as_array().unwrap().iter().map(|r| &r["extension"]["type"]).collect();
    assert_eq!(site_types, [&Value::Null, &json!("IvrMenu")]);

    // v2: company numbers without extension, direct numbers with it.
    let q = ListAccountPhoneNumbersV2Parameters {
        usage_type: vec![PhoneNumberUsageType::MainCompanyNumber, PhoneNumberUsageType::CompanyNumber],
        ..Default::default()
    };
    let company = js(convert::account_phone_numbers(&dir, &q));
    assert_eq!(company["records"].as_array().unwrap().len(), 2);
    assert_eq!(company["records"][0]["id"], json!("656379052"));
    assert_eq!(company["records"][0]["tollType"], json!("Toll"));
    assert!(company["records"][0].get("extension").is_none());
    let q = ListAccountPhoneNumbersV2Parameters {
        usage_type: vec![PhoneNumberUsageType::DirectNumber],
        ..Default::default()
    };
    let direct = js(convert::account_phone_numbers(&dir, &q));
    assert!(direct["records"].as_array().unwrap().iter().all(|r| r["extension"]["id"].is_string()));
}

#[test]
fn extensions_sites_queues_and_features() {
    let dir = sample::directory();
    let list = |types: Vec<ExtensionType>| {
        js(convert::extensions(&dir, &ListExtensionsParameters { types, ..Default::default() }, &links()))["records"]
            .clone()
    };
    let company = list(vec![ExtensionType::CompanyExtension]);
    assert_eq!(company.as_array().unwrap().len(), 1);
    assert_eq!((&company[0]["name"], &company[0]["type"]), (&json!("Main Site"), &json!("Site")));
    assert_eq!(list(vec![ExtensionType::Site]).as_array().unwrap().len(), 2);
    assert_eq!(list(vec![ExtensionType::User]).as_array().unwrap().len(), 6);
    let ivr = list(vec![ExtensionType::IvrMenu]);
    assert_eq!(ivr[0]["site"], json!({ "name": "Main Site" }));
    assert_eq!(ivr[1]["site"], json!({ "id": SITE_01.to_string(), "name": "Site 01" }));
    let queues = list(vec![ExtensionType::Department]);
    assert_eq!(
        queues[0],
        json!({
            "uri": "http://127.0.0.1:8080/restapi/v1.0/account/37439510/extension/62284871234",
            "id": 62284871234u64, "extensionNumber": "11601", "name": "Financial Advising Queue", "status": "Enabled", "type": "Department"
        })
    );

    let info = js(convert::extension_info(&dir, sample::DAVE, &links()).unwrap());
    assert_eq!((&info["type"], &info["status"]), (&json!("User"), &json!("Disabled")));
    assert!(convert::extension_info(&dir, d::ExtensionId::new(1), &links()).is_none());

    let sites = js(convert::sites(&dir));
    assert_eq!(sites["records"], json!([{ "id": SITE_01.to_string(), "name": "Site 01", "extensionNumber": "30001" }]));
    let queues = js(convert::call_queues(&dir));
    assert_eq!(queues["records"].as_array().unwrap().len(), 2);

    let asked = |ids: &[&str], available_only| ReadExtensionFeaturesParameters {
        available_only,
        feature_id: ids.iter().map(|s| (*s).to_owned()).collect(),
    };
    let on = js(convert::features(&dir, WAYNE, &asked(&["MessageThreads", "Nope"], None)));
    assert_eq!(
        on["records"],
        json!([
            { "id": "MessageThreads", "available": true, "params": [
                { "name": "callQueueSupported", "value": "true" }, { "name": "siteSupported", "value": "true" } ] },
            { "id": "Nope", "available": false,
              "reason": { "code": "ServicePlanLimitation", "message": "The feature is not provided" } }
        ])
    );
    // `SMS`: Wayne holds a direct number with SmsSender; Federick holds none and is no
    // resource's SMS user.
    let sms = |who| js(convert::features(&dir, who, &asked(&["SMS"], None)))["records"][0].clone();
    assert_eq!(sms(WAYNE), json!({ "id": "SMS", "available": true }));
    assert_eq!(
        (&sms(FEDERICK)["available"], &sms(FEDERICK)["reason"]["code"]),
        (&json!(false), &json!("ExtensionLimitation"))
    );
    // `availableOnly=true` leaves out what is unavailable.
    let only = js(convert::features(&dir, FEDERICK, &asked(&[], Some(true))));
    assert_eq!(
        only["records"].as_array().unwrap().iter().map(|f| f["id"].clone()).collect::<Vec<_>>(),
        [json!("MessageThreads")]
    );
    let all = js(convert::features(&dir, FEDERICK, &asked(&[], Some(false))));
    assert_eq!(all["records"].as_array().unwrap().len(), 2);
    let off = sample::directory().settings();
    let mut builder = d::Directory::builder().settings(d::ThreadMessagingSettings { enabled: false, ..off });
    for u in dir.users() {
        builder = builder.user(u.clone());
    }
    let off_dir = builder.build().unwrap();
    let off = js(convert::features(&off_dir, WAYNE, &asked(&[], None)));
    assert_eq!(off["records"][0]["available"], json!(false));
    assert_eq!(off["records"][0]["reason"]["code"], json!("ServicePlanLimitation"));
    let off = js(convert::features(&off_dir, WAYNE, &asked(&["MessageThreads"], Some(true))));
    assert_eq!(off["records"], json!([]), "thread messaging off is not an available feature");
}

#[test]
fn classic_sms_renders_as_a_message_store_record() {
    let dir = sample::directory();
    let mut inbox = inbox();
    let req = convert::sms_request(CreateSmsMessage {
        from: MessageStoreCallerInfoRequest { phone_number: WAYNE_NUMBER.to_string() },
        to: vec![MessageStoreCallerInfoRequest { phone_number: "+16502240001".into() }],
        text: "Hello".into(),
    })
    .unwrap();
    assert_eq!(req, SmsRequest { from: WAYNE_NUMBER, to: vec![customer()], text: "Hello".into() });
    let stored = js(convert::stored_sms(inbox.send_sms(WAYNE, WAYNE, at(0), req).unwrap(), &dir));
    assert_eq!((&stored["type"], &stored["subject"]), (&json!("SMS"), &json!("Hello")));
    assert_eq!((&stored["direction"], &stored["messageStatus"]), (&json!("Outbound"), &json!("Sent")));
    assert_eq!(
        stored["from"],
        json!({ "phoneNumber": WAYNE_NUMBER.to_string(), "name": "Wayne T", "extensionNumber": "101" })
    );
    assert_eq!(stored["to"], json!([{ "phoneNumber": "+16502240001" }]));
    assert_eq!(stored["creationTime"], json!("2026-03-12T21:06:33.706Z"));
    assert!(stored["id"].is_u64());
}

#[test]
fn bad_ids_and_values_name_their_parameter() {
    let bad = vec!["12x".to_owned()];
    let threads = |q: MthListThreadsParameters| convert::thread_query(&q).unwrap_err();
    let e = threads(MthListThreadsParameters { owner_extension_ids: bad.clone(), ..Default::default() });
    let body = check_error(&e, 400, "CMN-101", Some("ownerExtensionIds"));
    assert_eq!(body["errors"][0]["parameterValue"], json!("12x"));
    let e = threads(MthListThreadsParameters { per_page: Some(0), ..Default::default() });
    check_error(&e, 400, "CMN-101", Some("perPage"));
    let e = threads(MthListThreadsParameters { guest_phone_number: Some("+1".into()), ..Default::default() });
    check_error(&e, 400, "CMN-101", Some("guestPhoneNumber"));
    let e = threads(MthListThreadsParameters { creation_time_from: Some(at(0).to_datetime()), ..Default::default() });
    check_error(&e, 400, "CMN-100", Some("creationTimeTo"));

    let messages = |q: MthListMessagesParameters| convert::message_query(&q).unwrap_err();
    let e = messages(MthListMessagesParameters { message_ids: bad.clone(), ..Default::default() });
    check_error(&e, 400, "CMN-101", Some("messageIds"));
    let e = messages(MthListMessagesParameters { thread_ids: bad.clone(), ..Default::default() });
    check_error(&e, 400, "CMN-101", Some("threadIds"));
    let e = messages(MthListMessagesParameters { page: Some(0), ..Default::default() });
    check_error(&e, 400, "CMN-101", Some("page"));

    let e = convert::note_query(&MthListNotesParameters { note_ids: bad.clone(), ..Default::default() }).unwrap_err();
    check_error(&e, 400, "CMN-101", Some("noteIds"));

    let scope = |scope, thread_ids: Vec<String>| {
        convert::entry_scope(&MthSyncEntriesParameters { scope, thread_ids, ..Default::default() })
    };
    assert_eq!(scope(None, vec![]).unwrap(), EntryScope::AssignedToMe);
    check_error(&scope(Some(SyncEntriesScope::Explicit), vec![]).unwrap_err(), 400, "CMN-100", Some("threadIds"));
    check_error(&scope(Some(SyncEntriesScope::Explicit), bad.clone()).unwrap_err(), 400, "CMN-101", Some("threadIds"));
    let id = "805808d1-31d2-4f01-867b-a5cff52d00ea";
    let explicit = scope(Some(SyncEntriesScope::Explicit), vec![id.to_owned()]).unwrap();
    assert_eq!(explicit, EntryScope::Explicit(vec![id.parse().unwrap()]));

    let request = |thread: Option<&str>, from: &str, to: &str| NewThreadMessageRequest {
        thread_id: thread.map(str::to_owned),
        from: MessagePhoneParty::new(from),
        to: vec![MessagePhoneParty::new(to)],
        text: "Hi".into(),
    };
    let send = |r| convert::outbound_message(r, Vec::new());
    check_error(
        &send(request(None, "15559870001", "+16502240001")).unwrap_err(),
        400,
        "CMN-101",
        Some("from.phoneNumber"),
    );
    check_error(&send(request(None, "+15559870001", "650")).unwrap_err(), 400, "CMN-101", Some("to"));
    check_error(
        &send(request(Some("t-1"), "+15559870001", "+16502240001")).unwrap_err(),
        400,
        "CMN-101",
        Some("threadId"),
    );
    let ok = send(request(Some(id), "+15559870001", "+16502240001")).unwrap();
    assert_eq!((ok.thread_id, ok.from, ok.to), (Some(id.parse().unwrap()), FINANCIAL_QUEUE_NUMBER, vec![customer()]));

    let e = convert::assignee(&AssignMessageThreadRequest::to("Wayne")).unwrap_err();
    check_error(&e, 400, "CMN-101", Some("assignee.extensionId"));
    assert_eq!(convert::assignee(&AssignMessageThreadRequest::unassign()).unwrap(), None);

    let change = BulkAssignSmsRecipientsRequest {
        added_extension_ids: Some(vec![BETH.to_string()]),
        removed_extension_ids: Some(bad),
    };
    check_error(&convert::handler_change(&change).unwrap_err(), 400, "CMN-101", Some("removedExtensionIds"));
    let change = BulkAssignSmsRecipientsRequest {
        added_extension_ids: Some(vec![BETH.to_string()]),
        removed_extension_ids: None,
    };
    assert_eq!(convert::handler_change(&change).unwrap(), d::HandlerChange { added: vec![BETH], removed: vec![] });
}

/// One example of every variant, and the status its code is sent with. The match has no
/// wildcard, so a new variant fails to compile here until it is listed.
fn every_error() -> Vec<(DomainError, u16)> {
    use DomainError::*;
    let e = WAYNE;
    let t: d::ThreadId = "805808d1-31d2-4f01-867b-a5cff52d00ea".parse().unwrap();
    let n = FINANCIAL_QUEUE_NUMBER;
    let all = vec![
        ThreadNotAssigned { extension_id: e },
        ThreadNotFound(t),
        MessageNotFound(d::MessageId::new(1)),
        NoteNotFound(d::NoteId::new(1)),
        ExtensionNotFound(e),
        NotAHandler { extension_id: e, resource: FINANCIAL_QUEUE },
        NoLicense(e),
        SenderNotAssignable(e),
        ThreadMessagingOff(FINANCIAL_QUEUE),
        NotAnAdmin(e),
        OnBehalfOfOther { actor: e, on_behalf_of: BETH },
        MessageStoreForbidden { actor: e, store: BETH },
        NotNoteAuthor { extension_id: e, note: d::NoteId::new(1) },
        ExtensionNotEnabled(e),
        ThreadNotOpen(t),
        ThreadPairMismatch(t),
        AssigneeNotAssignable(e),
        NotASharedNumber { number: n, parameter: "from.phoneNumber" },
        MissingFeature { number: n, feature: "MmsSender" },
        NumberNotOwned { number: n, extension_id: e },
        RecipientCount(2),
        TooManySmsRecipients { given: 11, max: 10 },
        InternalNumber { number: n, parameter: "to" },
        SameNumber,
        EmptyText,
        TextTooLong { length: 1001, max: 1000 },
        InvalidPaging { parameter: "perPage", value: 1001 },
        InvalidTimeRange,
        InvalidSyncToken(d::TokenProblem::Malformed),
        NotACommonResource(e),
        EmptyHandlerChange,
        TooManyHandlerChanges { parameter: "addedExtensionIds", max: 50 },
        NotAUser { extension_id: e, parameter: "removedExtensionIds" },
        AddedAndRemoved(e),
    ];
    all.into_iter()
        .map(|err| {
            let status = match &err {
                ThreadNotAssigned { .. } => 403,
                ThreadNotFound(_) | MessageNotFound(_) | NoteNotFound(_) | ExtensionNotFound(_) => 404,
                NotAHandler { .. }
                | NoLicense(_)
                | SenderNotAssignable(_)
                | ThreadMessagingOff(_)
                | NotAnAdmin(_)
                | OnBehalfOfOther { .. }
                | MessageStoreForbidden { .. }
                | NotNoteAuthor { .. }
                | ExtensionNotEnabled(_) => 403,
                ThreadNotOpen(_)
                | ThreadPairMismatch(_)
                | AssigneeNotAssignable(_)
                | NotASharedNumber { .. }
                | MissingFeature { .. }
                | NumberNotOwned { .. }
                | RecipientCount(_)
                | TooManySmsRecipients { .. }
                | InternalNumber { .. }
                | SameNumber
                | EmptyText
                | TextTooLong { .. }
                | InvalidPaging { .. }
                | InvalidTimeRange
                | InvalidSyncToken(_)
                | NotACommonResource(_)
                | EmptyHandlerChange
                | TooManyHandlerChanges { .. }
                | AddedAndRemoved(_)
                | NotAUser { .. } => 400,
            };
            (err, status)
        })
        .collect()
}

/// The parameter each example of [`every_error`] names and the value it echoes, written out
/// from the examples' inputs (not computed by the code under test).
fn documented_parameter(err: &DomainError) -> (Option<&'static str>, Option<&'static str>) {
    use DomainError::*;
    const THREAD: &str = "805808d1-31d2-4f01-867b-a5cff52d00ea";
    const NUMBER: &str = "+15559870001";
    const WAYNE_ID: &str = "696658052";
    match err {
        ThreadNotOpen(_) | ThreadPairMismatch(_) => (Some("threadId"), Some(THREAD)),
        AssigneeNotAssignable(_) => (Some("assignee.extensionId"), Some(WAYNE_ID)),
        NotASharedNumber { .. } | MissingFeature { .. } | NumberNotOwned { .. } => {
            (Some("from.phoneNumber"), Some(NUMBER))
        }
        InternalNumber { .. } => (Some("to"), Some(NUMBER)),
        RecipientCount(_) | TooManySmsRecipients { .. } | SameNumber => (Some("to"), None),
        EmptyText | TextTooLong { .. } => (Some("text"), None),
        InvalidPaging { .. } => (Some("perPage"), Some("1001")),
        InvalidTimeRange => (Some("creationTimeTo"), None),
        InvalidSyncToken(_) => (Some("syncToken"), None),
        NotACommonResource(_) => (Some("resourceId"), Some(WAYNE_ID)),
        EmptyHandlerChange => (Some("addedExtensionIds"), None),
        TooManyHandlerChanges { .. } => (Some("addedExtensionIds"), None),
        NotAUser { .. } => (Some("removedExtensionIds"), Some(WAYNE_ID)),
        AddedAndRemoved(_) => (Some("addedExtensionIds"), Some(WAYNE_ID)),
        _ => (None, None),
    }
}

#[test]
fn every_domain_error_maps_to_the_status_of_its_code() {
    let errors = every_error();
    assert!(errors.len() > 30, "every variant has an example");
    for (err, status) in errors {
        let answer = ErrorResponse::from(&err);
        assert_eq!(answer.status, status, "{err:?}");
        assert_eq!(answer.code(), Some(err.code().as_str()), "{err:?}");
        let (name, value) = documented_parameter(&err);
        assert_eq!(answer.body.parameter_name(), name, "{err:?}");
        assert_eq!(answer.body.errors[0].parameter_value.as_deref(), value, "{err:?}");
        assert_eq!(answer.body.errors[0].message.as_deref(), Some(err.to_string().as_str()), "{err:?}");
        assert_eq!(answer.body.message, answer.body.errors[0].message, "{err:?}");
        assert_eq!(ErrorResponse::from(err.clone()), answer);
        let extension_id = answer.body.not_assigned_extension_id().map(str::to_owned);
        assert_eq!(extension_id, err.extension_id().map(|e| e.to_string()), "{err:?}");
    }
    // The seed's codes, by status.
    let codes: Vec<&str> = every_error().iter().map(|(e, _)| e.code().as_str()).collect();
    for code in ["MSG-427", "CMN-100", "CMN-101", "CMN-102", "CMN-408"] {
        assert!(codes.contains(&code), "{code} has an example");
    }
}

#[test]
fn records_keep_unknown_enum_values_out() {
    // What convert writes is always a known value: readers of the mock never see `Other`.
    let dir = sample::directory();
    let mut inbox = inbox();
    let sent = inbox.send(WAYNE, at(0), OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, customer(), "Hi")).unwrap();
    let m = convert::message_record(sent, &dir, &links());
    assert!(m.direction.is_known() && m.availability.is_known());
    assert!(m.message_status.as_ref().is_some_and(StringEnum::is_known));
}

#[test]
fn a_thread_message_without_text_reads_as_empty_text() {
    // An MMS may carry only attachments; a text-only message without text is the domain's
    // CMN-100 `text`, not a malformed body.
    let r: NewThreadMessageRequest = serde_json::from_value(
        json!({"from": {"phoneNumber": "+15559870001"}, "to": [{"phoneNumber": "+16502240001"}]}),
    )
    .unwrap();
    assert_eq!(r.text, "");
    let m = convert::outbound_message(r, Vec::new()).unwrap();
    assert_eq!(m.text, "");
}

#[test]
fn an_attachment_is_fetched_from_its_content_path() {
    // The absolute link the mock serves an attachment's bytes on (and the client fetches), as documented.
    assert_eq!(
        convert::content_uri(&links(), d::MessageId::new(4_200), 7),
        "http://127.0.0.1:8080/restapi/v1.0/account/37439510/message-threads/messages/4200/content/7"
    );
}

#[test]
fn a_sync_answer_keeps_its_sync_type_and_refuses_an_unknown_one() {
    let answer = |sync_type: &str| -> rcthreads_wire::sync::ThreadSyncList {
        serde_json::from_value(json!({
            "records": [],
            "syncInfo": { "syncType": sync_type, "syncToken": "t", "syncTime": "2026-03-12T21:11:33.706Z" }
        }))
        .unwrap()
    };
    assert_eq!(convert::thread_sync(&answer("FSync")).unwrap().sync_type, d::SyncType::FSync);
    assert_eq!(convert::thread_sync(&answer("ISync")).unwrap().sync_type, d::SyncType::ISync);
    let refused = convert::thread_sync(&answer("Bogus")).unwrap_err();
    assert!(refused.to_string().contains("syncType"), "{refused}");
}

/// The links of the sample account on a local server.
fn links() -> rcthreads_wire::link::Links {
    rcthreads_wire::link::Links::new("http://127.0.0.1:8080".parse().unwrap(), rcthreads_domain::sample::ACCOUNT)
}
