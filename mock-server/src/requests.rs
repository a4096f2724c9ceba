//! The journal of received requests (`GET /mock/v1/requests`): what the mock saw and answered,
//! bounded so that a long test run cannot grow it without limit.

use std::collections::VecDeque;

use rcthreads_domain::Timestamp;
use serde::Serialize;

/// How many requests the journal keeps (the oldest go first).
pub const JOURNAL_CAPACITY: usize = 1000;

/// One received request. Method and URI are kept as received (cheap, reference-counted
/// clones) and turned into text only when the journal is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    /// Position since the start (or the last reset), from 1.
    pub seq: u64,
    /// HTTP method.
    pub method: http::Method,
    /// Path and query.
    pub uri: http::Uri,
    /// Status answered.
    pub status: u16,
    /// When it arrived, by the mock clock.
    pub time: Timestamp,
}

impl Serialize for RequestRecord {
    /// `{"seq", "method", "path", "query"?, "status", "time"}` (time in RFC 3339).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let query = self.uri.query();
        let mut m = s.serialize_map(Some(5 + usize::from(query.is_some())))?;
        m.serialize_entry("seq", &self.seq)?;
        m.serialize_entry("method", self.method.as_str())?;
        m.serialize_entry("path", self.uri.path())?;
        if let Some(q) = query {
            m.serialize_entry("query", q)?;
        }
        m.serialize_entry("status", &self.status)?;
        m.serialize_entry("time", &rcthreads_wire::time::format(&self.time.to_datetime()))?;
        m.end()
    }
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
