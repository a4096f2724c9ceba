//! Round-trip properties: whatever a server writes, a client reads back unchanged, and whatever
//! a client sends as a query, a server parses back to the same request.

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use rcthreads_wire::entry::{
    SyncAliveMessage, SyncAliveNote, SyncAssignedHint, SyncBaseHint, SyncDeletedEntry, ThreadEntrySyncItem,
};
use rcthreads_wire::error::{ApiError, ErrorDetail};
use rcthreads_wire::extension::ExtensionType;
use rcthreads_wire::message::{Direction, MessageRecordType, MessageStatus};
use rcthreads_wire::query::{
    ListAccountPhoneNumbersV2Parameters, ListExtensionsParameters, MthListMessagesParameters, MthListNotesParameters,
    MthListThreadsParameters, MthSyncEntriesParameters, MthSyncThreadsParameters,
};
use rcthreads_wire::string_enum::StringEnum;
use rcthreads_wire::thread::{
    Availability, MessagePhoneParty, OwnerResource, ThreadStatus, ThreadStatusReason, ThreadUserModel,
};
use rcthreads_wire::{MessageThread, QueryString, ThreadMessageModel, ThreadNoteModel};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A known value or, now and then, one the crate has never seen.
fn string_enum<T: StringEnum + std::str::FromStr + std::fmt::Debug + 'static>() -> impl Strategy<Value = T> {
    prop_oneof![
        4 => proptest::sample::select(T::KNOWN).prop_map(|s| s.parse().ok().unwrap()),
        1 => "New[A-Za-z]{1,8}".prop_map(|s| s.parse().ok().unwrap()),
    ]
}

/// Only known values (for queries, where the server refuses the rest).
fn known<T: StringEnum + std::str::FromStr + std::fmt::Debug + 'static>() -> impl Strategy<Value = T> {
    proptest::sample::select(T::KNOWN).prop_map(|s| s.parse().ok().unwrap())
}

/// Times with millisecond precision, as the wire carries them.
fn time() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..4_102_444_800_000).prop_map(|ms| DateTime::from_timestamp_millis(ms).unwrap())
}

fn id() -> impl Strategy<Value = String> {
    "[0-9a-f-]{1,36}"
}

fn e164() -> impl Strategy<Value = String> {
    "\\+[1-9][0-9]{6,13}"
}

fn text() -> impl Strategy<Value = String> {
    // Any Unicode, including quotes and newlines.
    ".{0,40}"
}

fn user() -> impl Strategy<Value = ThreadUserModel> {
    (id(), proptest::option::of(text()), proptest::option::of(string_enum::<ExtensionType>()))
        .prop_map(|(extension_id, name, extension_type)| ThreadUserModel { extension_id, name, extension_type })
}

fn thread() -> impl Strategy<Value = MessageThread> {
    (
        (id(), proptest::option::of(text()), string_enum::<ThreadStatus>()),
        (proptest::option::of(string_enum::<ThreadStatusReason>()), string_enum::<Availability>()),
        (
            proptest::option::of(id()),
            proptest::option::of(text()),
            proptest::option::of(string_enum::<ExtensionType>()),
        ),
        (proptest::option::of(e164()), proptest::option::of(e164()), proptest::option::of(user())),
        (time(), time()),
    )
        .prop_map(|((id, label, status), (status_reason, availability), owner, parties, (created, modified))| {
            MessageThread {
                id,
                label,
                status,
                status_reason,
                availability,
                owner: OwnerResource { extension_id: owner.0, name: owner.1, extension_type: owner.2 },
                owner_party: parties.0.map(MessagePhoneParty::new),
                guest_party: parties.1.map(MessagePhoneParty::new),
                assignee: parties.2,
                creation_time: created,
                last_modified_time: modified,
            }
        })
}

fn message() -> impl Strategy<Value = ThreadMessageModel> {
    (
        (id(), id(), proptest::option::of(string_enum::<MessageRecordType>()), string_enum::<Availability>()),
        (time(), string_enum::<Direction>(), time(), proptest::option::of(string_enum::<MessageStatus>())),
        (proptest::option::of("SMS-(RC|UP|CAR)-[0-9]{3}"), proptest::option::of(text()), proptest::option::of(user())),
    )
        .prop_map(|((id, thread_id, record_type, availability), (created, direction, modified, status), rest)| {
            ThreadMessageModel {
                id,
                thread_id,
                record_type,
                availability,
                creation_time: created,
                direction,
                last_modified_time: modified,
                message_status: status,
                delivery_error_code: rest.0,
                text: rest.1,
                attachments: None,
                author: rest.2,
            }
        })
}

fn note() -> impl Strategy<Value = ThreadNoteModel> {
    (
        id(),
        id(),
        string_enum::<Availability>(),
        time(),
        time(),
        proptest::option::of(text()),
        proptest::option::of(user()),
    )
        .prop_map(|(id, thread_id, availability, creation_time, last_modified_time, text, author)| {
            ThreadNoteModel { id, thread_id, availability, creation_time, last_modified_time, text, author }
        })
}

fn base_hint() -> impl Strategy<Value = SyncBaseHint> {
    (id(), id(), time(), proptest::option::of(user())).prop_map(|(id, thread_id, last_modified_time, initiator)| {
        SyncBaseHint { id, thread_id, last_modified_time, initiator }
    })
}

fn deleted() -> impl Strategy<Value = SyncDeletedEntry> {
    (id(), id(), time()).prop_map(|(id, thread_id, last_modified_time)| SyncDeletedEntry {
        id,
        thread_id,
        availability: Availability::Deleted,
        last_modified_time,
    })
}

fn entry() -> impl Strategy<Value = ThreadEntrySyncItem> {
    let alive_message = message().prop_map(|m| SyncAliveMessage {
        id: m.id,
        thread_id: m.thread_id,
        availability: m.availability,
        creation_time: m.creation_time,
        direction: m.direction,
        last_modified_time: m.last_modified_time,
        message_status: m.message_status,
        delivery_error_code: m.delivery_error_code,
        text: m.text,
        attachments: None,
        author: m.author,
    });
    let alive_note = note().prop_map(|n| SyncAliveNote {
        id: n.id,
        thread_id: n.thread_id,
        availability: n.availability,
        creation_time: n.creation_time,
        last_modified_time: n.last_modified_time,
        text: n.text,
        author: n.author,
    });
    let assigned = (base_hint(), proptest::option::of(user()), proptest::option::of(user())).prop_map(
        |(h, assignee, previous_assignee)| SyncAssignedHint {
            id: h.id,
            thread_id: h.thread_id,
            last_modified_time: h.last_modified_time,
            initiator: h.initiator,
            assignee,
            previous_assignee,
        },
    );
    let other = ("Future[A-Z][a-z]{1,8}", proptest::collection::btree_map("[a-z]{1,8}", text(), 0..4)).prop_map(
        |(record_type, fields)| ThreadEntrySyncItem::Other {
            record_type,
            fields: fields.into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect(),
        },
    );
    prop_oneof![
        alive_message.prop_map(ThreadEntrySyncItem::AliveMessage),
        deleted().prop_map(ThreadEntrySyncItem::DeletedMessage),
        alive_note.prop_map(ThreadEntrySyncItem::AliveNote),
        deleted().prop_map(ThreadEntrySyncItem::DeletedNote),
        base_hint().prop_map(ThreadEntrySyncItem::ThreadCreatedHint),
        assigned.prop_map(ThreadEntrySyncItem::ThreadAssignedHint),
        base_hint().prop_map(ThreadEntrySyncItem::ThreadResolvedHint),
        base_hint().prop_map(ThreadEntrySyncItem::ThreadDeletedHint),
        other,
    ]
}

fn api_error() -> impl Strategy<Value = ApiError> {
    let detail = (
        "[A-Z]{3}-[0-9]{3}",
        proptest::option::of(text()),
        proptest::option::of("[a-zA-Z.]{1,20}"),
        proptest::option::of(text()),
        proptest::option::of(id()),
    )
        .prop_map(|(code, message, name, value, extension_id)| {
            let mut d = ErrorDetail {
                error_code: code,
                message,
                parameter_name: name,
                parameter_value: value,
                ..Default::default()
            };
            if let Some(ext) = extension_id {
                d.extra.insert("extensionId".into(), serde_json::Value::String(ext));
            }
            d
        });
    (
        proptest::option::of("[A-Z]{3}-[0-9]{3}"),
        proptest::option::of(text()),
        proptest::collection::vec(detail, 0..3),
        proptest::option::of("[a-z_]{3,20}"),
        proptest::option::of(text()),
    )
        .prop_map(|(error_code, message, errors, error, error_description)| ApiError {
            error_code,
            message,
            errors,
            error,
            error_description,
        })
}

/// Writes `value` as JSON text, reads it back, and checks nothing changed.
fn json_round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    value: &T,
) -> Result<(), TestCaseError> {
    let text = serde_json::to_string(value).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    prop_assert!(!has_null(&json), "absent fields must be omitted: {}", text);
    let back: T = serde_json::from_str(&text).unwrap();
    prop_assert_eq!(&back, value);
    Ok(())
}

fn has_null(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Null => true,
        serde_json::Value::Array(a) => a.iter().any(has_null),
        serde_json::Value::Object(o) => o.values().any(has_null),
        _ => false,
    }
}

fn query_round_trip<Q: QueryString + PartialEq + std::fmt::Debug>(q: &Q) -> Result<(), TestCaseError> {
    let raw = q.to_query();
    let back = Q::parse_query(&raw).map_err(|e| TestCaseError::fail(format!("{raw}: {e}")))?;
    prop_assert_eq!(&back, q, "{}", raw);
    Ok(())
}

fn ids() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec("[0-9A-Za-z-]{1,12}", 0..4)
}

fn page() -> impl Strategy<Value = Option<u32>> {
    proptest::option::of(1u32..=u32::MAX)
}

fn per_page() -> impl Strategy<Value = Option<u32>> {
    proptest::option::of(1u32..=1000)
}

/// Both times or neither, `from` not after `to`.
fn time_range() -> impl Strategy<Value = (Option<DateTime<Utc>>, Option<DateTime<Utc>>)> {
    proptest::option::of((time(), time())).prop_map(|r| match r {
        Some((a, b)) => (Some(a.min(b)), Some(a.max(b))),
        None => (None, None),
    })
}

proptest! {
    #[test]
    fn threads_round_trip(t in thread()) { json_round_trip(&t)?; }

    #[test]
    fn messages_round_trip(m in message()) { json_round_trip(&m)?; }

    #[test]
    fn notes_round_trip(n in note()) { json_round_trip(&n)?; }

    #[test]
    fn entries_round_trip(e in entry()) {
        json_round_trip(&e)?;
        let json = serde_json::to_value(&e).unwrap();
        let record_type = e.record_type();
        prop_assert_eq!(json["recordType"].as_str(), Some(record_type.as_str()));
    }

    #[test]
    fn error_envelopes_round_trip(e in api_error()) { json_round_trip(&e)?; }

    #[test]
    fn list_threads_queries_round_trip(
        thread_status in proptest::option::of(known::<ThreadStatus>()),
        owner_extension_ids in ids(),
        (creation_time_from, creation_time_to) in time_range(),
        owner_phone_number in proptest::option::of(e164()),
        guest_phone_number in proptest::option::of(e164()),
        availability in proptest::collection::vec(known::<Availability>(), 0..3),
        per_page in per_page(),
        page in page(),
    ) {
        query_round_trip(&MthListThreadsParameters {
            thread_status, owner_extension_ids, creation_time_from, creation_time_to,
            owner_phone_number, guest_phone_number, availability, per_page, page,
        })?;
    }

    #[test]
    fn list_messages_and_notes_queries_round_trip(
        thread_status in proptest::option::of(known::<ThreadStatus>()),
        owner_extension_ids in ids(),
        availability in proptest::collection::vec(known::<Availability>(), 0..3),
        message_ids in ids(),
        thread_ids in ids(),
        (creation_time_from, creation_time_to) in time_range(),
        per_page in per_page(),
        page in page(),
    ) {
        query_round_trip(&MthListMessagesParameters {
            thread_status, owner_extension_ids: owner_extension_ids.clone(), availability: availability.clone(),
            message_ids: message_ids.clone(), thread_ids: thread_ids.clone(), creation_time_from, creation_time_to,
            per_page, page,
        })?;
        query_round_trip(&MthListNotesParameters {
            owner_extension_ids, availability, thread_ids, note_ids: message_ids, per_page, page,
        })?;
    }

    #[test]
    fn sync_queries_round_trip(
        sync_token in proptest::option::of("[A-Za-z0-9+/=._-]{1,40}"),
        fsync in any::<bool>(),
        scope in proptest::option::of(known::<rcthreads_wire::entry::SyncEntriesScope>()),
        thread_ids in proptest::collection::vec("[0-9a-f-]{1,36}", 1..4),
    ) {
        // ISync always carries a token; FSync may or may not.
        let sync_type = match (&sync_token, fsync) {
            (Some(_), false) => Some(rcthreads_wire::SyncType::ISync),
            (_, true) => Some(rcthreads_wire::SyncType::FSync),
            (None, false) => None,
        };
        query_round_trip(&MthSyncThreadsParameters { sync_type: sync_type.clone(), sync_token: sync_token.clone() })?;
        query_round_trip(&MthSyncEntriesParameters { scope, thread_ids, sync_type, sync_token })?;
    }

    #[test]
    fn configuration_queries_round_trip(
        types in proptest::collection::vec(known::<ExtensionType>(), 0..4),
        usage_type in proptest::collection::vec(known::<rcthreads_wire::phone_number::PhoneNumberUsageType>(), 0..4),
        page in page(),
        per_page in per_page(),
        phone_number in proptest::option::of("\\+[0-9*]{1,15}"),
    ) {
        query_round_trip(&ListExtensionsParameters { types, page, per_page, ..Default::default() })?;
        query_round_trip(&ListAccountPhoneNumbersV2Parameters { usage_type, page, per_page, phone_number, ..Default::default() })?;
    }
}
