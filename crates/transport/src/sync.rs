//! Thread and entries sync, and helpers that keep the token between calls.
//!
//! A helper starts with FSync, then asks ISync with the token of the previous answer. When the
//! server refuses the token (400 `CMN-101` naming `syncToken`: too old, another user's, or the
//! caller's handler roles changed) it runs FSync again; the answer's `syncInfo.syncType` tells
//! the caller whether it holds a fresh snapshot (replace local state) or changes (apply them).

use rcthreads_wire::entry::SyncEntriesScope;
use rcthreads_wire::error::codes;
use rcthreads_wire::query::{MthSyncEntriesParameters, MthSyncThreadsParameters};
use rcthreads_wire::sync::SyncType;
use rcthreads_wire::{QueryString, ThreadEntriesSyncList, ThreadSyncList};

use crate::client::{Client, THREADS};
use crate::error::Error;

impl Client {
    /// `GET /message-threads/sync`: FSync (open, alive, visible threads) or ISync (every thread
    /// changed since the token).
    pub async fn sync_threads(&self, query: &MthSyncThreadsParameters) -> Result<ThreadSyncList, Error> {
        self.get(&format!("{THREADS}/sync"), &query.to_query()).await
    }

    /// `GET /message-threads/entries/sync`: messages, notes, deletions and thread hints.
    pub async fn sync_entries(&self, query: &MthSyncEntriesParameters) -> Result<ThreadEntriesSyncList, Error> {
        self.get(&format!("{THREADS}/entries/sync"), &query.to_query()).await
    }

    /// A helper that keeps the thread sync token.
    pub fn thread_syncer(&self) -> ThreadSyncer {
        ThreadSyncer { client: self.clone(), token: None }
    }

    /// A helper that keeps the entries sync token; FSync covers `scope`.
    pub fn entry_syncer(&self, scope: SyncEntriesScope) -> EntrySyncer {
        EntrySyncer { client: self.clone(), scope, thread_ids: Vec::new(), token: None }
    }
}

/// Whether the server refused a sync token (400 `CMN-101` naming `syncToken`).
pub fn is_token_refused(e: &Error) -> bool {
    e.status() == Some(400) && e.has_code(codes::INVALID_PARAMETER) && e.parameter_name() == Some("syncToken")
}

/// Keeps the thread sync token: FSync first and after a refused token, ISync otherwise.
///
/// ```no_run
/// # async fn demo(client: rcthreads_transport::Client) -> Result<(), rcthreads_transport::Error> {
/// let mut threads = client.thread_syncer();
/// let snapshot = threads.sync().await?; // FSync
/// let changes = threads.sync().await?; // ISync with the token of the answer before
/// println!("{} thread(s), then {} changed", snapshot.records.len(), changes.records.len());
/// let resume_with = threads.token().map(str::to_owned); // keep it to resume: .with_token(..)
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ThreadSyncer {
    client: Client,
    token: Option<String>,
}

impl ThreadSyncer {
    /// Starts from a token kept earlier (ISync first).
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The token of the last answer.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// Syncs once; see the module's description for FSync and ISync.
    pub async fn sync(&mut self) -> Result<ThreadSyncList, Error> {
        let answer = match self.token.clone() {
            None => self.full().await?,
            Some(token) => {
                let q = MthSyncThreadsParameters { sync_type: Some(SyncType::ISync), sync_token: Some(token) };
                match self.client.sync_threads(&q).await {
                    Err(e) if is_token_refused(&e) => self.full().await?,
                    other => other?,
                }
            }
        };
        self.token = Some(answer.sync_info.sync_token.clone());
        Ok(answer)
    }

    async fn full(&self) -> Result<ThreadSyncList, Error> {
        self.client.sync_threads(&MthSyncThreadsParameters { sync_type: Some(SyncType::FSync), sync_token: None }).await
    }
}

/// Keeps the entries sync token: FSync in its scope first and after a refused token, ISync
/// otherwise.
///
/// ```no_run
/// # async fn demo(client: rcthreads_transport::Client) -> Result<(), rcthreads_transport::Error> {
/// use rcthreads_wire::SyncEntriesScope;
///
/// let mut entries = client.entry_syncer(SyncEntriesScope::AssignedToMe);
/// for entry in entries.sync().await?.records {
///     println!("{entry:?}");
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct EntrySyncer {
    client: Client,
    scope: SyncEntriesScope,
    thread_ids: Vec<String>,
    token: Option<String>,
}

impl EntrySyncer {
    /// The threads of the `Explicit` scope.
    pub fn thread_ids(mut self, ids: Vec<String>) -> Self {
        self.thread_ids = ids;
        self
    }

    /// Starts from a token kept earlier (ISync first).
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The token of the last answer.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// Syncs once; see the module's description for FSync and ISync.
    pub async fn sync(&mut self) -> Result<ThreadEntriesSyncList, Error> {
        let answer = match self.token.clone() {
            None => self.full().await?,
            Some(token) => {
                let q = MthSyncEntriesParameters {
                    sync_type: Some(SyncType::ISync),
                    sync_token: Some(token),
                    ..Default::default()
                };
                match self.client.sync_entries(&q).await {
                    Err(e) if is_token_refused(&e) => self.full().await?,
                    other => other?,
                }
            }
        };
        self.token = Some(answer.sync_info.sync_token.clone());
        Ok(answer)
    }

    async fn full(&self) -> Result<ThreadEntriesSyncList, Error> {
        let q = MthSyncEntriesParameters {
            scope: Some(self.scope.clone()),
            thread_ids: self.thread_ids.clone(),
            sync_type: Some(SyncType::FSync),
            sync_token: None,
        };
        self.client.sync_entries(&q).await
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;
    use rcthreads_wire::error::ErrorResponse;

    use super::*;
    use crate::error::ApiFailure;

    fn answer(e: ErrorResponse) -> Error {
        let body = serde_json::to_vec(&e.body).unwrap();
        Error::from_failure(ApiFailure::new(e.status, Bytes::from(body), None))
    }

    #[test]
    fn only_a_400_cmn_101_naming_the_sync_token_is_a_refused_token() {
        assert!(is_token_refused(&answer(ErrorResponse::invalid_parameter("syncToken", Some("x")))));
        assert!(!is_token_refused(&answer(ErrorResponse::invalid_parameter("perPage", Some("0")))));
        assert!(!is_token_refused(&answer(ErrorResponse::missing_parameter("syncToken"))));
        let as_500 = ErrorResponse { status: 500, ..ErrorResponse::invalid_parameter("syncToken", None) };
        assert!(!is_token_refused(&answer(as_500)));
        assert!(!is_token_refused(&Error::NotLoggedIn));
    }
}
