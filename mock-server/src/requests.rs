//! The journal of received requests (`GET /mock/v1/requests`): what the mock saw and answered,
//! bounded so that a long test run cannot grow it without limit.

use std::collections::VecDeque;

use rcthreads_domain::Timestamp;
use serde::Serialize;

/// How many requests the journal keeps (the oldest go first).
pub const JOURNAL_CAPACITY: usize = 1000;

/// One received request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRecord {
    /// Position since the start (or the last reset), from 1.
    pub seq: u64,
    /// HTTP method.
    pub method: String,
    /// Path, without the query.
    pub path: String,
    /// The raw query string, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Status answered.
    pub status: u16,
    /// When it arrived, by the mock clock (RFC 3339 in JSON; formatted only when read).
    #[serde(serialize_with = "rfc3339")]
    pub time: Timestamp,
}

fn rfc3339<S: serde::Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rcthreads_wire::time::format(&t.to_datetime()))
}

/// The bounded journal.
#[derive(Debug, Default)]
pub struct RequestJournal {
    records: VecDeque<RequestRecord>,
    next: u64,
}

impl RequestJournal {
    /// Appends a record, dropping the oldest beyond [`JOURNAL_CAPACITY`].
    pub fn push(&mut self, mut record: RequestRecord) {
        self.next += 1;
        record.seq = self.next;
        if self.records.len() == JOURNAL_CAPACITY {
            self.records.pop_front();
        }
        self.records.push_back(record);
    }

    /// The records, oldest first.
    pub fn records(&self) -> impl Iterator<Item = &RequestRecord> {
        self.records.iter()
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.records.clear();
        self.next = 0;
    }
}
