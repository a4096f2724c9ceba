//! What users of the wire types rely on: unknown values survive, errors carry the right code,
//! status and parameter, queries read and render as the SDKs send them.

use rcthreads_wire::auth::{GetTokenRequest, GrantType, RevokeTokenRequest, TokenInfo, TokenType};
use rcthreads_wire::entry::{EntryRecordType, SyncEntriesScope, ThreadEntrySyncItem};
use rcthreads_wire::error::{ApiError, ErrorResponse, codes};
use rcthreads_wire::extension::ExtensionType;
use rcthreads_wire::feature::FeatureInfo;
use rcthreads_wire::id::NumericId;
use rcthreads_wire::message::{Direction, MessageStatus};
use rcthreads_wire::phone_number::PhoneNumberUsageType;
use rcthreads_wire::query::{
    ListAccountPhoneNumbersV2Parameters, ListExtensionsParameters, MthListMessagesParameters, MthListThreadsParameters,
    MthSyncEntriesParameters, MthSyncThreadsParameters, ReadExtensionFeaturesParameters,
};
use rcthreads_wire::subscription::{Notification, SyncEventBody};
use rcthreads_wire::sync::SyncType;
use rcthreads_wire::thread::{AssignMessageThreadRequest, Availability, ThreadStatus, ThreadStatusReason};
use rcthreads_wire::{MessageThread, QueryString, StringEnum, ThreadEntriesSyncList};
use serde_json::json;

fn thread_json() -> serde_json::Value {
    json!({
        "id": "t-1", "status": "Open", "availability": "Alive",
        "owner": {"extensionId": "11601", "extensionType": "Department"},
        "creationTime": "2026-02-17T17:12:39.676Z", "lastModifiedTime": "2026-02-17T17:12:39.676Z"
    })
}

#[test]
fn unknown_enum_values_are_kept_and_written_back() {
    let mut value = thread_json();
    value["status"] = json!("Snoozed");
    value["owner"]["extensionType"] = json!("HoloQueue");
    let thread: MessageThread = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(thread.status, ThreadStatus::Other("Snoozed".into()));
    assert!(!thread.status.is_known());
    assert_eq!(thread.owner.extension_type, Some(ExtensionType::Other("HoloQueue".into())));
    assert_eq!(serde_json::to_value(&thread).unwrap(), value);
    // The server's own "Unknown" extension type is a known value, not a fallback.
    assert_eq!("Unknown".parse::<ExtensionType>().unwrap(), ExtensionType::Unknown);
}

#[test]
fn absent_optional_fields_are_omitted_not_null() {
    let thread: MessageThread = serde_json::from_value(thread_json()).unwrap();
    let out = serde_json::to_value(&thread).unwrap();
    for field in ["assignee", "label", "statusReason", "ownerParty", "guestParty"] {
        assert!(out.get(field).is_none(), "{field} should be omitted");
    }
}

#[test]
fn times_render_with_milliseconds_and_z_whatever_offset_was_read() {
    let mut value = thread_json();
    value["creationTime"] = json!("2026-02-17T19:12:39.6+02:00");
    let thread: MessageThread = serde_json::from_value(value).unwrap();
    assert_eq!(serde_json::to_value(&thread).unwrap()["creationTime"], json!("2026-02-17T17:12:39.600Z"));
}

#[test]
fn entries_feed_is_told_apart_by_record_type_and_keeps_unknown_ones() {
    let feed = json!({
        "records": [
            {"recordType": "ThreadAssignedHint", "id": "h-2", "threadId": "t-1",
             "lastModifiedTime": "2026-03-12T21:10:00.000Z",
             "initiator": {"extensionId": "101", "name": "Wayne T", "extensionType": "User"},
             "assignee": {"extensionId": "102", "name": "Beth S"},
             "previousAssignee": {"extensionId": "101", "name": "Wayne T"}},
            {"recordType": "AliveNote", "id": "n-1", "threadId": "t-1", "availability": "Alive",
             "creationTime": "2026-03-12T21:09:00.000Z", "lastModifiedTime": "2026-03-12T21:09:00.000Z",
             "text": "VIP", "author": {"extensionId": "101"}},
            {"recordType": "DeletedMessage", "id": "2904652647", "threadId": "t-1", "availability": "Deleted",
             "lastModifiedTime": "2026-03-12T21:08:00.000Z"},
            {"recordType": "ThreadResolvedHint", "id": "h-1", "threadId": "t-0",
             "lastModifiedTime": "2026-03-12T21:07:00.000Z"},
            {"recordType": "ThreadSnoozedHint", "id": "h-0", "threadId": "t-1",
             "lastModifiedTime": "2026-03-12T21:06:00.000Z", "until": "tomorrow"}
        ],
        "syncInfo": {"syncType": "FSync", "syncToken": "tok-1", "syncTime": "2026-03-12T21:11:00.000Z"}
    });
    let list: ThreadEntriesSyncList = serde_json::from_value(feed.clone()).unwrap();
    let types: Vec<_> = list.records.iter().map(ThreadEntrySyncItem::record_type).collect();
    assert_eq!(
        types,
        [
            EntryRecordType::ThreadAssignedHint,
            EntryRecordType::AliveNote,
            EntryRecordType::DeletedMessage,
            EntryRecordType::ThreadResolvedHint,
            EntryRecordType::Other("ThreadSnoozedHint".into()),
        ]
    );
    let ThreadEntrySyncItem::ThreadAssignedHint(hint) = &list.records[0] else { panic!("not an assigned hint") };
    assert_eq!(hint.assignee.as_ref().unwrap().extension_id, "102");
    assert_eq!(hint.previous_assignee.as_ref().unwrap().extension_id, "101");
    assert_eq!(hint.initiator.as_ref().unwrap().extension_id, "101");
    let ThreadEntrySyncItem::ThreadResolvedHint(resolved) = &list.records[3] else { panic!("not a resolved hint") };
    assert!(resolved.initiator.is_none(), "a system action has no initiator");
    assert_eq!(list.records[4].thread_id(), Some("t-1"));
    assert!(list.records[4].last_modified_time().is_some());
    let ids: Vec<_> = list.records.iter().map(ThreadEntrySyncItem::id).collect();
    assert_eq!(ids, [Some("h-2"), Some("n-1"), Some("2904652647"), Some("h-1"), Some("h-0")]);
    let threads: Vec<_> = list.records.iter().map(ThreadEntrySyncItem::thread_id).collect();
    assert_eq!(threads, [Some("t-1"), Some("t-1"), Some("t-1"), Some("t-0"), Some("t-1")]);
    assert_eq!(serde_json::to_value(&list).unwrap(), feed);
}

#[test]
fn an_entry_without_record_type_is_refused() {
    let r: Result<ThreadEntrySyncItem, _> = serde_json::from_value(json!({"id": "x", "threadId": "t"}));
    assert!(r.unwrap_err().to_string().contains("recordType"));
}

#[test]
fn unassign_is_an_explicit_null() {
    assert_eq!(serde_json::to_value(AssignMessageThreadRequest::unassign()).unwrap(), json!({"assignee": null}));
    assert_eq!(
        serde_json::to_value(AssignMessageThreadRequest::to("102")).unwrap(),
        json!({"assignee": {"extensionId": "102"}})
    );
    let read: AssignMessageThreadRequest = serde_json::from_value(json!({"assignee": null})).unwrap();
    assert_eq!(read.assignee, None);
}

#[test]
fn error_constructors_carry_code_status_and_details() {
    let cases: Vec<(ErrorResponse, u16, &str)> = vec![
        (ErrorResponse::thread_not_assigned("102"), 403, codes::THREAD_NOT_ASSIGNED),
        (ErrorResponse::missing_parameter("text"), 400, codes::MISSING_PARAMETER),
        (ErrorResponse::invalid_parameter("perPage", Some("0")), 400, codes::INVALID_PARAMETER),
        (ErrorResponse::not_found("threadId", Some("t-9")), 404, codes::NOT_FOUND),
        (ErrorResponse::rate_exceeded(), 429, codes::RATE_EXCEEDED),
        (ErrorResponse::insufficient_permissions("ReadMessages"), 403, codes::INSUFFICIENT_PERMISSIONS),
        (ErrorResponse::token_expired(), 401, codes::TOKEN_EXPIRED),
        (ErrorResponse::invalid_credentials(), 400, codes::INVALID_CREDENTIALS),
        (ErrorResponse::wrong_application(), 400, codes::WRONG_APPLICATION),
        (ErrorResponse::authorization_missing(), 401, codes::AUTHORIZATION_MISSING),
        (ErrorResponse::token_invalid(), 401, codes::TOKEN_INVALID),
    ];
    for (response, status, code) in cases {
        assert_eq!(response.status, status, "{code}");
        assert_eq!(response.code(), Some(code));
        assert_eq!(response.body.errors[0].error_code, code, "errors[0] repeats the code");
        let json = serde_json::to_value(&response.body).unwrap();
        assert_eq!(json["errorCode"], json!(code));
    }

    let msg427 = serde_json::to_value(&ErrorResponse::thread_not_assigned("102").body).unwrap();
    assert_eq!(msg427["errors"][0]["extensionId"], json!("102"));
    assert_eq!(msg427["message"], json!("The thread is not assigned to extension [102] at the moment."));

    let invalid = ErrorResponse::invalid_parameter("perPage", Some("0"));
    assert_eq!(invalid.body.parameter_name(), Some("perPage"));
    assert_eq!(invalid.body.errors[0].parameter_value.as_deref(), Some("0"));

    let oauth = serde_json::to_value(&ErrorResponse::invalid_credentials().body).unwrap();
    assert_eq!(oauth["error"], json!("invalid_grant"));
    assert!(oauth.get("error_description").is_some());
}

fn rejects<Q: QueryString + std::fmt::Debug>(raw: &str) -> (u16, String, String) {
    let e = Q::parse_query(raw).expect_err(raw);
    (e.status, e.code().unwrap().to_owned(), e.body.parameter_name().unwrap().to_owned())
}

#[test]
fn list_threads_query_reads_what_the_seed_sends() {
    let q = MthListThreadsParameters::parse_query(
        "creationTimeFrom=2026-02-01T06:00:00.000&creationTimeTo=2026-02-17T10:00:00.000&perPage=100",
    )
    .unwrap();
    assert_eq!(rcthreads_wire::time::format(&q.creation_time_from.unwrap()), "2026-02-01T06:00:00.000Z");
    assert_eq!(q.per_page, Some(100));
    assert_eq!((q.page_or_default(), q.availability_or_default()), (1, vec![Availability::Alive]));
    assert_eq!(
        q.to_query(),
        "creationTimeFrom=2026-02-01T06%3A00%3A00.000Z&creationTimeTo=2026-02-17T10%3A00%3A00.000Z&perPage=100"
    );
}

#[test]
fn repeated_keys_are_read_and_rendered_as_repeated_keys() {
    let q = MthListThreadsParameters::parse_query(
        "?ownerExtensionIds=a&ownerExtensionIds=b,c&threadStatus=Open&availability=Alive&availability=Deleted&foo=bar",
    )
    .unwrap();
    assert_eq!(q.owner_extension_ids, ["a", "b", "c"]);
    assert_eq!(q.thread_status, Some(ThreadStatus::Open));
    assert_eq!(q.availability, [Availability::Alive, Availability::Deleted]);
    assert_eq!(
        q.to_query(),
        "threadStatus=Open&ownerExtensionIds=a&ownerExtensionIds=b&ownerExtensionIds=c&availability=Alive&availability=Deleted"
    );

    let ext =
        ListExtensionsParameters::parse_query("type=Department&type=Site&type=CompanyExtension&type=IvrMenu").unwrap();
    assert_eq!(
        ext.types,
        [ExtensionType::Department, ExtensionType::Site, ExtensionType::CompanyExtension, ExtensionType::IvrMenu]
    );
    assert_eq!(ext.to_query(), "type=Department&type=Site&type=CompanyExtension&type=IvrMenu");

    let numbers =
        ListAccountPhoneNumbersV2Parameters::parse_query("usageType=MainCompanyNumber&usageType=CompanyNumber")
            .unwrap();
    assert_eq!(numbers.usage_type, [PhoneNumberUsageType::MainCompanyNumber, PhoneNumberUsageType::CompanyNumber]);

    let features = ReadExtensionFeaturesParameters::parse_query("featureId=MessageThreads").unwrap();
    assert_eq!(features.feature_id, ["MessageThreads"]);
}

#[test]
fn invalid_query_values_name_the_parameter() {
    type T = MthListThreadsParameters;
    let bad = |code: &str, name: &str| (400, code.to_owned(), name.to_owned());
    assert_eq!(rejects::<T>("threadStatus=Closed"), bad("CMN-101", "threadStatus"));
    assert_eq!(rejects::<T>("availability=Alive&availability=Gone"), bad("CMN-101", "availability"));
    assert_eq!(rejects::<T>("perPage=0"), bad("CMN-101", "perPage"));
    assert_eq!(rejects::<T>("perPage=ten"), bad("CMN-101", "perPage"));
    assert_eq!(rejects::<T>("page=0"), bad("CMN-101", "page"));
    assert_eq!(rejects::<T>("ownerPhoneNumber=6505550100"), bad("CMN-101", "ownerPhoneNumber"));
    assert_eq!(rejects::<T>("guestPhoneNumber=%2B1650abc"), bad("CMN-101", "guestPhoneNumber"));
    assert_eq!(
        rejects::<T>("creationTimeFrom=yesterday&creationTimeTo=2026-02-17T10:00:00Z"),
        bad("CMN-101", "creationTimeFrom")
    );
    assert_eq!(rejects::<T>("creationTimeFrom=2026-02-01T06:00:00Z"), bad("CMN-100", "creationTimeTo"));
    assert_eq!(
        rejects::<MthListMessagesParameters>("creationTimeTo=2026-02-01T06:00:00Z"),
        bad("CMN-100", "creationTimeFrom")
    );
    assert_eq!(rejects::<MthSyncThreadsParameters>("syncType=ISync"), bad("CMN-100", "syncToken"));
    assert_eq!(rejects::<MthSyncThreadsParameters>("syncType=Partial"), bad("CMN-101", "syncType"));
    assert_eq!(rejects::<MthSyncEntriesParameters>("scope=Explicit"), bad("CMN-100", "threadIds"));
    assert_eq!(rejects::<ListExtensionsParameters>("type=Robot"), bad("CMN-101", "type"));
    assert_eq!(rejects::<ReadExtensionFeaturesParameters>("availableOnly=yes"), bad("CMN-101", "availableOnly"));
    // Edges that are fine.
    assert!(T::parse_query("perPage=1000&page=1&ownerPhoneNumber=%2B16505550100").is_ok());
    assert!(T::parse_query("").unwrap() == T::default());
}

#[test]
fn token_request_forms() {
    let jwt = GetTokenRequest::jwt("jwt-101");
    assert_eq!(jwt.to_form(), "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=jwt-101");
    assert_eq!(GetTokenRequest::from_form(&jwt.to_form()).unwrap(), jwt);
    let refresh = GetTokenRequest::from_form("grant_type=refresh_token&refresh_token=r1").unwrap();
    assert_eq!((refresh.grant_type, refresh.refresh_token.as_deref()), (GrantType::RefreshToken, Some("r1")));

    let missing = GetTokenRequest::from_form("grant_type=refresh_token").unwrap_err();
    assert_eq!((missing.status, missing.code()), (400, Some(codes::MISSING_PARAMETER)));
    assert_eq!(missing.body.error.as_deref(), Some("invalid_request"));
    let unknown = GetTokenRequest::from_form("grant_type=magic").unwrap_err();
    assert_eq!(unknown.body.parameter_name(), Some("grant_type"));

    assert_eq!(RevokeTokenRequest::from_form("token=abc").unwrap().token, "abc");
    assert!(RevokeTokenRequest::from_form("").is_err());
}

#[test]
fn a_refresh_sends_its_token_and_a_password_login_needs_both_fields() {
    let refresh = GetTokenRequest::refresh("r1");
    assert_eq!(refresh.to_form(), "grant_type=refresh_token&refresh_token=r1");
    assert_eq!(GetTokenRequest::from_form(&refresh.to_form()).unwrap(), refresh);

    let password = GetTokenRequest::from_form("grant_type=password&username=%2B16505550100&password=pw").unwrap();
    assert_eq!((password.username.as_deref(), password.password.as_deref()), (Some("+16505550100"), Some("pw")));
    for half in ["grant_type=password&password=pw", "grant_type=password&username=%2B16505550100"] {
        let refused = GetTokenRequest::from_form(half).unwrap_err();
        assert_eq!((refused.status, refused.code()), (400, Some(codes::MISSING_PARAMETER)), "{half}");
    }
}

#[test]
fn token_lifetimes_above_zero_are_kept_and_the_others_mean_no_preference() {
    let ttl = |v: &str| {
        let form = format!("grant_type=refresh_token&refresh_token=r1&access_token_ttl={v}&refresh_token_ttl={v}");
        let request = GetTokenRequest::from_form(&form).unwrap();
        assert_eq!(request.access_token_ttl, request.refresh_token_ttl);
        request.access_token_ttl
    };
    assert_eq!(ttl("1800"), Some(1800));
    assert_eq!(ttl("1"), Some(1));
    // The JavaScript SDK refreshes with `access_token_ttl=-1` after a 401.
    assert_eq!(ttl("-1"), None);
    assert_eq!(ttl("0"), None);
    let bad =
        GetTokenRequest::from_form("grant_type=refresh_token&refresh_token=r1&access_token_ttl=soon").unwrap_err();
    assert_eq!(bad.body.parameter_name(), Some("access_token_ttl"));
}

#[test]
fn an_envelope_has_a_code_at_its_top_or_in_any_of_its_errors() {
    // As RingCentral sends them: the top-level code, or only `errors`, or several errors.
    let top: ApiError = serde_json::from_value(json!({ "errorCode": "TokenExpired" })).unwrap();
    let listed: ApiError = serde_json::from_value(json!({
        "errors": [{ "errorCode": "CMN-101", "parameterName": "syncToken" }, { "errorCode": "MSG-427", "extensionId": "102" }]
    }))
    .unwrap();
    assert!(top.has_code("TokenExpired"));
    assert!(!top.has_code("CMN-101"));
    assert!(listed.has_code("CMN-101") && listed.has_code("MSG-427"));
    assert!(!listed.has_code("TokenExpired"));
    assert!(!ApiError::default().has_code("CMN-101"));
}

#[test]
fn an_error_reads_as_its_code_and_message() {
    let listed: ApiError = serde_json::from_value(json!({
        "errors": [{ "errorCode": "CMN-101", "message": "Parameter [syncToken] value is invalid", "parameterName": "syncToken" }]
    }))
    .unwrap();
    assert_eq!(listed.to_string(), "CMN-101: Parameter [syncToken] value is invalid");
    let oauth: ApiError =
        serde_json::from_value(json!({ "error": "invalid_grant", "error_description": "Token not found" })).unwrap();
    assert_eq!(oauth.to_string(), "unknown error: Token not found");
    let bare: ApiError = serde_json::from_value(json!({ "errorCode": "TokenExpired" })).unwrap();
    assert_eq!(bare.to_string(), "TokenExpired");
    let answer = ErrorResponse::missing_parameter("to");
    assert_eq!(answer.to_string(), "HTTP 400: CMN-100: Parameter [to] is required.");
}

#[test]
fn a_feature_parameter_is_read_by_its_name() {
    let feature: FeatureInfo = serde_json::from_value(json!({
        "id": "MessageThreads", "available": true,
        "params": [{ "name": "callQueueSupported", "value": "false" }, { "name": "siteSupported", "value": "true" }]
    }))
    .unwrap();
    assert_eq!(feature.param("callQueueSupported"), Some("false"));
    assert_eq!(feature.param("siteSupported"), Some("true"));
    assert_eq!(feature.param("ivrSupported"), None);
    assert!(!feature.param_is_true("callQueueSupported"));
    assert!(feature.param_is_true("siteSupported"));
}

#[test]
fn an_id_reads_from_a_string_or_any_integer_and_shows_as_its_text() {
    let read = |v| serde_json::from_value::<NumericId>(v);
    assert_eq!(read(json!("2904652647")).unwrap().to_string(), "2904652647");
    assert_eq!(read(json!(656379052)).unwrap().to_string(), "656379052");
    assert_eq!(read(json!(-1)).unwrap().as_str(), "-1");
    let refused = read(json!(true)).unwrap_err().to_string();
    assert!(refused.contains("an id (string or integer)"), "{refused}");
}

#[test]
fn a_revoke_sends_its_token() {
    let revoke = RevokeTokenRequest { token: "abc".into() };
    assert_eq!(revoke.to_form(), "token=abc");
    assert_eq!(RevokeTokenRequest::from_form(&revoke.to_form()).unwrap(), revoke);
}

#[test]
fn debug_output_tells_whether_a_secret_is_there_never_what_it_is() {
    let login = GetTokenRequest::from_form("grant_type=password&username=%2B16505550100&password=pw-secret").unwrap();
    let shown = format!("{login:?}");
    assert!(!shown.contains("pw-secret"), "{shown}");
    assert!(shown.contains("+16505550100") && shown.contains("Password"), "{shown}");
    let without = GetTokenRequest { password: None, ..login.clone() };
    assert_ne!(format!("{without:?}"), shown, "a missing password shows differently from a present one");

    let json = json!({ "access_token": "at-secret", "token_type": "bearer", "expires_in": 3600, "refresh_token": "rt-secret", "scope": "SMS" });
    let token: TokenInfo = serde_json::from_value(json).unwrap();
    let shown = format!("{token:?}");
    assert!(!shown.contains("at-secret") && !shown.contains("rt-secret"), "{shown}");
    let revoke = format!("{:?}", RevokeTokenRequest { token: "at-secret".into() });
    assert!(revoke.contains("token") && !revoke.contains("at-secret"), "{revoke}");
    assert!(shown.contains("3600") && shown.contains("SMS"), "{shown}");
    let without = TokenInfo { refresh_token: None, ..token.clone() };
    assert_ne!(format!("{without:?}"), shown);
}

#[test]
fn token_info_is_snake_case() {
    let json = json!({
        "access_token": "a1", "token_type": "bearer", "expires_in": 3600,
        "refresh_token": "r1", "refresh_token_expires_in": 604800,
        "scope": "SMS ReadMessages", "owner_id": "101", "endpoint_id": "e1"
    });
    let token: TokenInfo = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(token.token_type, TokenType::Bearer);
    assert_eq!(token.expires_in, 3600);
    assert_eq!(serde_json::to_value(&token).unwrap(), json);
}

#[test]
fn notification_envelope() {
    let json = json!({
        "uuid": "u-1", "event": "/restapi/v1.0/account/~/message-threads/sync", "ownerId": "101",
        "subscriptionId": "s-1", "timestamp": "2026-03-12T21:06:34.000Z",
        "body": {"lastModifiedTime": "2026-03-12T21:06:33.706Z"}
    });
    let n: Notification<SyncEventBody> = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(n.owner_id.as_deref(), Some("101"));
    assert_eq!(serde_json::to_value(&n).unwrap(), json);
    let raw: Notification = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(raw.body["lastModifiedTime"], json!("2026-03-12T21:06:33.706Z"));
}

/// An enum's known values are exactly those the API documents (written out here from the API
/// reference, not taken from the enum), and each reads back as itself.
fn documented<T: StringEnum + std::fmt::Debug + PartialEq>(documented: &[&str]) {
    assert!(!documented.is_empty());
    assert_eq!(T::KNOWN, documented, "{}", std::any::type_name::<T>());
    for &s in documented {
        let known = T::from_known(s).unwrap_or_else(|| panic!("{s} is known"));
        assert_eq!(known.as_str(), s);
        assert!(known.is_known());
    }
}

#[test]
fn known_lists_match_the_enums() {
    documented::<ThreadStatus>(&["Open", "Resolved"]);
    documented::<ThreadStatusReason>(&["Manual", "ThreadExpired", "OwnerDeleted", "OwnerPhoneNumberDeleted"]);
    documented::<Availability>(&["Alive", "Deleted"]);
    documented::<Direction>(&["Inbound", "Outbound"]);
    documented::<MessageStatus>(&["Queued", "Sent", "Delivered", "DeliveryFailed", "SendingFailed", "Received"]);
    documented::<SyncEntriesScope>(&[
        "Accessible",
        "Unassigned",
        "AssignedToMe",
        "AssignedToMeAndUnassigned",
        "Explicit",
    ]);
    documented::<EntryRecordType>(&[
        "AliveMessage",
        "DeletedMessage",
        "AliveNote",
        "DeletedNote",
        "ThreadCreatedHint",
        "ThreadResolvedHint",
        "ThreadDeletedHint",
        "ThreadAssignedHint",
    ]);
    documented::<SyncType>(&["FSync", "ISync"]);
    assert_eq!(ThreadStatus::from_known("Snoozed"), None);
    assert!(!"Snoozed".parse::<ThreadStatus>().unwrap().is_known());
}
