//! Where records go: to memory (no data directory: only `POST /mock/v1/snapshot` reads them), or
//! to the log file through one writer thread that commits in groups.
//!
//! A handler appends its record under the lock of what it changed, so the file's order is the
//! order the changes were applied in, and gets a ticket; the writer takes everything appended
//! so far, writes it, `fdatasync`s once, and publishes the last ticket written. Every handler
//! waiting on a ticket up to it is then released: one sync per batch, however many requests
//! share it. The records appended but not yet synced are bounded ([`MAX_PENDING`]): a handler
//! takes a place before it changes anything, and gives it back once its record is on disk.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

use super::log::{self, DataDirError};
use super::record::Record;
use crate::state::lock;

/// The most records waiting for their sync at once; more handlers wait before changing anything.
pub const MAX_PENDING: usize = 8_192;

/// The most bytes of records kept in memory without a data directory (for snapshots of states
/// built by hand); past it they are dropped and a snapshot needs `--data-dir`.
pub const MAX_MEMORY_LOG: usize = 16 << 20;

/// The records kept in memory.
#[derive(Debug, Default)]
struct MemoryLog {
    lines: Vec<u8>,
    /// Past [`MAX_MEMORY_LOG`]: the lines were dropped.
    overflowed: bool,
}

/// Which records a waiting handler needs on disk: those up to its ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ticket(u64);

impl Ticket {
    /// Nothing to wait for.
    pub const NONE: Ticket = Ticket(0);
}

#[derive(Debug, Default)]
struct Pending {
    /// Lines appended since the writer last took them.
    lines: Vec<u8>,
    /// A whole new log (a restore), written before `lines`.
    replace: Option<Vec<u8>>,
    /// The ticket of the last line appended.
    appended: u64,
    /// Set when the log is dropped: the writer ends.
    closed: bool,
}

#[derive(Debug, Default)]
struct Shared {
    pending: Mutex<Pending>,
    wake: Condvar,
}

/// How far the writer got.
#[derive(Debug, Clone, Default)]
struct Progress {
    synced: u64,
    failed: Option<Arc<str>>,
}

#[derive(Debug)]
enum Sink {
    /// The lines, in memory, up to [`MAX_MEMORY_LOG`].
    Memory(Mutex<MemoryLog>),
    /// The file, through the writer thread.
    File { shared: Arc<Shared>, progress: watch::Receiver<Progress>, room: Arc<Semaphore>, path: PathBuf },
}

/// The log of acknowledged changes.
#[derive(Debug)]
pub struct Log {
    sink: Sink,
}

/// Why a change could not be made durable.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the data directory could not be written: {0}")]
pub struct WriteFailed(Arc<str>);

/// Why the log cannot be read whole.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Unreadable {
    /// The data directory's log could not be written or read.
    #[error(transparent)]
    Failed(#[from] WriteFailed),
    /// Without a data directory, the records passed [`MAX_MEMORY_LOG`] and were dropped.
    #[error(
        "The state has grown past the 16 MiB of changes the mock keeps in memory for snapshots: start it with \
         --data-dir to snapshot states this large"
    )]
    TooLarge,
}

impl Log {
    /// A log kept in memory.
    pub fn memory() -> Self {
        Self { sink: Sink::Memory(Mutex::default()) }
    }

    /// A log appended to `file` (open for appending) by a writer thread.
    pub fn file(file: File, path: PathBuf) -> Result<Self, DataDirError> {
        let shared = Arc::new(Shared::default());
        let (tx, rx) = watch::channel(Progress::default());
        let writer = Writer { file, path: path.clone(), shared: Arc::clone(&shared), progress: tx };
        std::thread::Builder::new()
            .name("rcthreads-mock-log".into())
            .spawn(move || writer.run())
            .map_err(|source| DataDirError::Io { path: path.clone(), source })?;
        Ok(Self { sink: Sink::File { shared, progress: rx, room: Arc::new(Semaphore::new(MAX_PENDING)), path } })
    }

    /// Whether records go to a data directory.
    pub fn is_durable(&self) -> bool {
        matches!(self.sink, Sink::File { .. })
    }

    /// Waits for a place among the records not yet synced (none needed in memory).
    pub async fn place(&self) -> Option<OwnedSemaphorePermit> {
        match &self.sink {
            Sink::Memory(_) => None,
            Sink::File { room, .. } => Arc::clone(room).acquire_owned().await.ok(),
        }
    }

    /// Appends a record; call it under the lock of what the record changed.
    pub fn append(&self, record: &Record) -> Ticket {
        match &self.sink {
            Sink::Memory(m) => {
                // Past the bound nothing is kept: skip the encoding, the in-memory hot path.
                if lock(m).overflowed {
                    return Ticket(0);
                }
                let line = log::encode(record);
                let mut m = lock(m);
                if m.lines.len() + line.len() > MAX_MEMORY_LOG {
                    *m = MemoryLog { lines: Vec::new(), overflowed: true };
                } else if !m.overflowed {
                    m.lines.extend_from_slice(&line);
                }
                Ticket(0)
            }
            Sink::File { shared, .. } => {
                let line = log::encode(record);
                let mut p = lock(&shared.pending);
                p.lines.extend_from_slice(&line);
                p.appended += 1;
                let ticket = Ticket(p.appended);
                drop(p);
                shared.wake.notify_one();
                ticket
            }
        }
    }

    /// Resolves once the records up to `ticket` are on disk.
    pub async fn synced(&self, ticket: Ticket) -> Result<(), WriteFailed> {
        let Sink::File { progress, .. } = &self.sink else { return Ok(()) };
        let mut rx = progress.clone();
        let p = rx
            .wait_for(|p| p.synced >= ticket.0 || p.failed.is_some())
            .await
            .map_err(|_| WriteFailed("the writer stopped".into()))?;
        match &p.failed {
            Some(why) if p.synced < ticket.0 => Err(WriteFailed(Arc::clone(why))),
            _ => Ok(()),
        }
    }

    /// Every line so far (once on disk, for a data directory).
    pub async fn contents(&self) -> Result<Vec<u8>, Unreadable> {
        match &self.sink {
            Sink::Memory(m) => {
                let m = lock(m);
                if m.overflowed { Err(Unreadable::TooLarge) } else { Ok(m.lines.clone()) }
            }
            Sink::File { shared, path, .. } => {
                let last = Ticket(lock(&shared.pending).appended);
                self.synced(last).await?;
                Ok(std::fs::read(path).map_err(|e| WriteFailed(e.to_string().into()))?)
            }
        }
    }

    /// Replaces every line with `lines` (a restore); the ticket is that of the replacement.
    pub fn replace(&self, lines: Vec<u8>) -> Ticket {
        match &self.sink {
            Sink::Memory(m) => {
                let overflowed = lines.len() > MAX_MEMORY_LOG;
                *lock(m) = MemoryLog { lines: if overflowed { Vec::new() } else { lines }, overflowed };
                Ticket(0)
            }
            Sink::File { shared, .. } => {
                let mut p = lock(&shared.pending);
                p.lines.clear();
                p.replace = Some(lines);
                p.appended += 1;
                let ticket = Ticket(p.appended);
                drop(p);
                shared.wake.notify_one();
                ticket
            }
        }
    }
}

impl Drop for Log {
    fn drop(&mut self) {
        if let Sink::File { shared, .. } = &self.sink {
            lock(&shared.pending).closed = true;
            shared.wake.notify_one();
        }
    }
}

struct Writer {
    file: File,
    path: PathBuf,
    shared: Arc<Shared>,
    progress: watch::Sender<Progress>,
}

impl Writer {
    fn run(mut self) {
        loop {
            let (replace, lines, upto) = {
                let mut p = lock(&self.shared.pending);
                while p.lines.is_empty() && p.replace.is_none() && !p.closed {
                    p = self.shared.wake.wait(p).unwrap_or_else(|e| e.into_inner());
                }
                if p.lines.is_empty() && p.replace.is_none() {
                    return;
                }
                (p.replace.take(), std::mem::take(&mut p.lines), p.appended)
            };
            match self.write(replace, &lines) {
                Ok(()) => self.progress.send_modify(|p| p.synced = upto),
                Err(e) => {
                    tracing::error!(path = %self.path.display(), error = %e, "the data directory could not be written");
                    self.progress.send_modify(|p| p.failed = Some(e.to_string().into()));
                    return;
                }
            }
        }
    }

    fn write(&mut self, replace: Option<Vec<u8>>, lines: &[u8]) -> std::io::Result<()> {
        if let Some(all) = replace {
            self.file = replace_file(&self.path, &all)?;
        }
        if !lines.is_empty() {
            self.file.write_all(lines)?;
            self.file.sync_data()?;
        }
        Ok(())
    }
}

/// Writes `bytes` to a temporary file beside `path`, syncs it and renames it over `path`, so a
/// crash leaves either the old log or the new one; returns the new one open for appending.
fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<File> {
    let tmp = path.with_extension("jsonl.tmp");
    let mut f = File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent() {
        File::open(dir)?.sync_all()?;
    }
    std::fs::OpenOptions::new().append(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_memory_log_is_bounded() {
        let log = Log::memory();
        let record = Record::SessionRevoked { token: "x".repeat(1000) };
        log.append(&record);
        assert_eq!(super::super::snapshot::records(&log.contents().await.unwrap()).unwrap().len(), 1);
        for _ in 0..MAX_MEMORY_LOG / 1000 {
            log.append(&record);
        }
        assert!(matches!(log.contents().await, Err(Unreadable::TooLarge)));
        log.replace(log::encode(&record));
        assert_eq!(log.contents().await.unwrap(), log::encode(&record));
    }
}
