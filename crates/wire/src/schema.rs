//! JSON schemas of the types whose serde is written by hand (the derived ones cover the rest).

use utoipa::openapi::schema::{AllOfBuilder, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::ThreadEntrySyncItem;
use crate::entry::{SyncAliveMessage, SyncAliveNote, SyncAssignedHint, SyncBaseHint, SyncDeletedEntry};
use crate::id::NumericId;

impl PartialSchema for NumericId {
    fn schema() -> RefOr<Schema> {
        // A canonical unsigned decimal is written as a number, any other id as a string.
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64)))
                    .minimum(Some(0)),
            )
            .item(ObjectBuilder::new().schema_type(Type::String))
            .description(Some("An id: a number when it is a plain decimal, else a string"))
            .into()
    }
}

impl ToSchema for NumericId {}

/// The payload types of the entries feed, by `recordType`.
fn variants() -> [(&'static str, String); 8] {
    [
        ("AliveMessage", SyncAliveMessage::name().into_owned()),
        ("DeletedMessage", SyncDeletedEntry::name().into_owned()),
        ("AliveNote", SyncAliveNote::name().into_owned()),
        ("DeletedNote", SyncDeletedEntry::name().into_owned()),
        ("ThreadCreatedHint", SyncBaseHint::name().into_owned()),
        ("ThreadAssignedHint", SyncAssignedHint::name().into_owned()),
        ("ThreadResolvedHint", SyncBaseHint::name().into_owned()),
        ("ThreadDeletedHint", SyncBaseHint::name().into_owned()),
    ]
}

impl PartialSchema for ThreadEntrySyncItem {
    fn schema() -> RefOr<Schema> {
        // The payload's fields with `recordType` beside them, one alternative per record type.
        let mut one_of = OneOfBuilder::new();
        for (tag, payload) in variants() {
            let tag = ObjectBuilder::new()
                .property("recordType", ObjectBuilder::new().schema_type(Type::String).enum_values(Some([tag])))
                .required("recordType");
            one_of = one_of.item(AllOfBuilder::new().item(Ref::from_schema_name(payload)).item(tag));
        }
        one_of.description(Some("One record of the entries feed, told apart by `recordType`")).into()
    }
}

impl ToSchema for ThreadEntrySyncItem {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        fn add<T: ToSchema>(schemas: &mut Vec<(String, RefOr<Schema>)>) {
            schemas.push((T::name().into_owned(), T::schema()));
            T::schemas(schemas);
        }
        add::<SyncAliveMessage>(schemas);
        add::<SyncDeletedEntry>(schemas);
        add::<SyncAliveNote>(schemas);
        add::<SyncBaseHint>(schemas);
        add::<SyncAssignedHint>(schemas);
    }
}
