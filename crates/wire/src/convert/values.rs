//! The small enums both sides name: each mapping once per direction, side by side.
//!
//! Towards the domain the answer is `None` for a value the domain has no name for (a wire
//! enum's `Other`); the caller says what that means: a `CMN-101` for a query, a
//! [`RecordError`](super::RecordError) for a record.

use rcthreads_domain as d;

use crate::message::{Direction, MessageStatus};
use crate::sync::SyncType;
use crate::thread::{Availability, ThreadStatus};

pub(super) fn wire_availability(a: d::Availability) -> Availability {
    match a {
        d::Availability::Alive => Availability::Alive,
        d::Availability::Deleted => Availability::Deleted,
    }
}

pub(super) fn domain_availability(a: &Availability) -> Option<d::Availability> {
    match a {
        Availability::Alive => Some(d::Availability::Alive),
        Availability::Deleted => Some(d::Availability::Deleted),
        Availability::Other(_) => None,
    }
}

pub(super) fn wire_direction(dir: d::Direction) -> Direction {
    match dir {
        d::Direction::Inbound => Direction::Inbound,
        d::Direction::Outbound => Direction::Outbound,
    }
}

pub(super) fn domain_direction(dir: &Direction) -> Option<d::Direction> {
    match dir {
        Direction::Inbound => Some(d::Direction::Inbound),
        Direction::Outbound => Some(d::Direction::Outbound),
        Direction::Other(_) => None,
    }
}

pub(super) fn wire_message_status(s: d::MessageStatus) -> MessageStatus {
    match s {
        d::MessageStatus::Queued => MessageStatus::Queued,
        d::MessageStatus::Sent => MessageStatus::Sent,
        d::MessageStatus::Delivered => MessageStatus::Delivered,
        d::MessageStatus::DeliveryFailed => MessageStatus::DeliveryFailed,
        d::MessageStatus::SendingFailed => MessageStatus::SendingFailed,
        d::MessageStatus::Received => MessageStatus::Received,
    }
}

pub(super) fn domain_message_status(s: &MessageStatus) -> Option<d::MessageStatus> {
    match s {
        MessageStatus::Queued => Some(d::MessageStatus::Queued),
        MessageStatus::Sent => Some(d::MessageStatus::Sent),
        MessageStatus::Delivered => Some(d::MessageStatus::Delivered),
        MessageStatus::DeliveryFailed => Some(d::MessageStatus::DeliveryFailed),
        MessageStatus::SendingFailed => Some(d::MessageStatus::SendingFailed),
        MessageStatus::Received => Some(d::MessageStatus::Received),
        MessageStatus::Other(_) => None,
    }
}

/// The `threadStatus` filter of the lists.
pub(super) fn wire_status_filter(s: d::StatusFilter) -> ThreadStatus {
    match s {
        d::StatusFilter::Open => ThreadStatus::Open,
        d::StatusFilter::Resolved => ThreadStatus::Resolved,
    }
}

pub(super) fn domain_status_filter(s: &ThreadStatus) -> Option<d::StatusFilter> {
    match s {
        ThreadStatus::Open => Some(d::StatusFilter::Open),
        ThreadStatus::Resolved => Some(d::StatusFilter::Resolved),
        ThreadStatus::Other(_) => None,
    }
}

pub(super) fn wire_sync_type(s: d::SyncType) -> SyncType {
    match s {
        d::SyncType::FSync => SyncType::FSync,
        d::SyncType::ISync => SyncType::ISync,
    }
}

pub(super) fn domain_sync_type(s: &SyncType) -> Option<d::SyncType> {
    match s {
        SyncType::FSync => Some(d::SyncType::FSync),
        SyncType::ISync => Some(d::SyncType::ISync),
        SyncType::Other(_) => None,
    }
}
