//! The glue between the domain's values and the wire records.
//!
//! - records: threads, messages, notes, entries, lists and syncs rendered as the API sends them,
//!   with names and extension types looked up in the [`Directory`](rcthreads_domain::Directory);
//! - rebuild: records read back into domain values (the client's side), refusing what the
//!   domain cannot hold with a [`RecordError`];
//! - queries and requests, both ways: what a client sent, read into the domain's types (every bad
//!   id or value is a 400 `CMN-101` naming the parameter), and the domain's queries and commands
//!   written as the wire's parameters and bodies (the client's side);
//! - values: the enums both sides name (availability, direction, status...), once per direction;
//! - errors: every [`DomainError`](rcthreads_domain::DomainError) as HTTP status and envelope
//!   (`From` impls on [`ErrorResponse`](crate::ErrorResponse));
//! - configuration: features, phone numbers, extensions, call queues, sites, SMS recipients and
//!   message-store records, rendered from the directory.
//!
//! Nothing here applies a rule of threads: the domain decides, this module only translates.

mod config;
mod errors;
mod numbers;
mod queries;
mod rebuild;
mod records;
mod requests;
mod values;

pub use config::{
    call_queues, extension_info, extensions, features, message_store_list, sites, sms_recipients, stored_sms,
};
pub use errors::status_of;
pub use numbers::{account_phone_number, account_phone_numbers, extension_phone_numbers, user_phone_number};
pub use queries::{
    MissingFilter, entry_scope, entry_sync_parameters, entry_sync_token, id_strings, message_parameters, message_query,
    note_parameters, note_query, parse_ids, thread_parameters, thread_query, thread_sync_parameters, thread_sync_token,
};
pub use rebuild::{
    RecordError, Synced, entries_sync, entry, message, message_page, note, note_page, paging_of, thread, thread_page,
    thread_sync,
};
pub use records::{
    content_uri, entries_sync_list, entry_record, message_list, message_record, note_list, note_record, paging,
    thread_list, thread_record, thread_sync_list,
};
pub use requests::{assignee, handler_change, message_request, outbound_message, sms_request};

use rcthreads_domain as d;

use crate::extension::ExtensionType;

/// The extension type an id has in the directory: users are `User`, call queues `Department`,
/// sites (main or sub) `Site`, IVR menus `IvrMenu`.
pub fn extension_type(dir: &d::Directory, id: d::ExtensionId) -> Option<ExtensionType> {
    if dir.user(id).is_some() {
        return Some(ExtensionType::User);
    }
    dir.resource(id).map(|r| resource_type(r.kind))
}

fn resource_type(kind: d::ResourceKind) -> ExtensionType {
    match kind {
        d::ResourceKind::CallQueue => ExtensionType::Department,
        d::ResourceKind::MainSite | d::ResourceKind::SubSite => ExtensionType::Site,
        d::ResourceKind::IvrMenu { .. } => ExtensionType::IvrMenu,
    }
}

/// A page of a configuration list: `page` and `perPage` as asked, with the wire defaults, and
/// clamped into range because these lists answer rather than refuse.
fn config_page(page: Option<u32>, per_page: Option<u32>) -> d::Page {
    let per_page = per_page.unwrap_or(d::DEFAULT_PER_PAGE).clamp(1, d::MAX_PER_PAGE);
    d::Page::new(page.unwrap_or(1).max(1), per_page).unwrap_or_default()
}
