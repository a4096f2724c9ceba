//! The data directory's files: `format.json` (the format version) and `log.jsonl`, one JSON
//! object per acknowledged change, its CRC32 as the last field.
//!
//! A line is the record's JSON with `,"crc":N}` in place of its closing brace, `N` the CRC32
//! (IEEE) of the record's JSON as written: `{"kind":"clock",...,"crc":123}`. The CRC field comes
//! last, so a reader finds it with one search from the end (inside a JSON string a quote is
//! escaped, so `,"crc":` there never matches).

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::record::Record;

/// The format this build writes and reads.
pub const FORMAT: u32 = 1;

/// The name of the log in the directory.
pub const LOG_FILE: &str = "log.jsonl";

/// The name of the version file in the directory.
pub const FORMAT_FILE: &str = "format.json";

/// Why a data directory cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DataDirError {
    /// A file cannot be read, written or created.
    #[error("--data-dir: {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// `format.json` names a format this build does not know.
    #[error(
        "--data-dir: {path} was written in format {found}, newer than this build's format {FORMAT}: use a newer \
         rcthreads-mock, or another directory"
    )]
    Newer {
        /// `format.json`.
        path: PathBuf,
        /// The format it names.
        found: u32,
    },
    /// `format.json` is not `{"format": N}`.
    #[error("--data-dir: {path} is not a format file: {reason}")]
    BadFormatFile {
        /// `format.json`.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A line before the last is not a valid record: the file is damaged, not torn.
    #[error("--data-dir: {path} is damaged at byte {offset} (line {line}): {reason}")]
    Damaged {
        /// The log.
        path: PathBuf,
        /// Where the line starts.
        offset: u64,
        /// Its number, from 1.
        line: usize,
        /// Why.
        reason: String,
    },
    /// A record does not replay: it was refused by the state it was replayed into.
    #[error("--data-dir: {path}: the record at byte {offset} does not replay: {reason}")]
    Replay {
        /// The log.
        path: PathBuf,
        /// Where the line starts.
        offset: u64,
        /// Why.
        reason: String,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> DataDirError + '_ {
    move |source| DataDirError::Io { path: path.to_owned(), source }
}

/// One line: the record and its CRC.
pub fn encode(record: &Record) -> Vec<u8> {
    let mut body = serde_json::to_vec(record).unwrap_or_else(|_| b"{}".to_vec());
    let crc = crc32fast::hash(&body);
    body.pop(); // the closing brace
    if body.len() > 1 {
        body.push(b',');
    }
    body.extend_from_slice(format!("\"crc\":{crc}}}\n").as_bytes());
    body
}

/// A line (without its newline) back to its record, or why it is not one.
pub fn decode(line: &[u8]) -> Result<Record, String> {
    let text = std::str::from_utf8(line).map_err(|e| format!("not UTF-8: {e}"))?;
    let at = text.rfind("\"crc\":").ok_or("no CRC")?;
    let digits = text[at + 6..].strip_suffix('}').ok_or("the CRC is not the last field")?;
    let crc: u32 = digits.parse().map_err(|_| format!("bad CRC {digits:?}"))?;
    let head = text[..at].strip_suffix(',').unwrap_or(&text[..at]);
    let body = format!("{head}}}");
    if crc32fast::hash(body.as_bytes()) != crc {
        return Err("CRC mismatch".into());
    }
    serde_json::from_str(&body).map_err(|e| format!("not a record: {e}"))
}

/// A record read back, with where its line starts.
#[derive(Debug)]
pub struct Stored {
    /// Byte offset of the line.
    pub offset: u64,
    /// The record.
    pub record: Record,
}

/// What opening a directory found.
#[derive(Debug)]
pub struct Opened {
    /// The records, oldest first.
    pub records: Vec<Stored>,
    /// Where a torn last record began, if one was dropped.
    pub torn_at: Option<u64>,
    /// The log, open for appending after the last good record.
    pub file: File,
    /// The log's path.
    pub path: PathBuf,
    /// Its size after any truncation.
    pub len: u64,
}

/// Opens (creating when missing) a data directory: checks its format, reads the log, drops a
/// torn last record (truncating the file), and refuses a damaged one.
pub fn open(dir: &Path) -> Result<Opened, DataDirError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let format_path = dir.join(FORMAT_FILE);
    match std::fs::read(&format_path) {
        Ok(bytes) => check_format(&format_path, &bytes)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            write_synced(&format_path, format!("{{\"format\": {FORMAT}}}\n").as_bytes())?;
            sync_dir(dir)?;
        }
        Err(e) => return Err(io(&format_path)(e)),
    }
    let path = dir.join(LOG_FILE);
    let mut file = OpenOptions::new().read(true).append(true).create(true).open(&path).map_err(io(&path))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(io(&path))?;
    let (records, good_len, torn_at) = parse(&path, &bytes)?;
    if let Some(at) = torn_at {
        file.set_len(at).map_err(io(&path))?;
        file.sync_data().map_err(io(&path))?;
    }
    sync_dir(dir)?;
    Ok(Opened { records, torn_at, file, path, len: good_len })
}

fn check_format(path: &Path, bytes: &[u8]) -> Result<(), DataDirError> {
    #[derive(serde::Deserialize)]
    struct FormatFile {
        format: u32,
    }
    let bad = |reason: String| DataDirError::BadFormatFile { path: path.to_owned(), reason };
    let f: FormatFile = serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
    match f.format {
        FORMAT => Ok(()),
        n if n > FORMAT => Err(DataDirError::Newer { path: path.to_owned(), found: n }),
        n => Err(bad(format!("format {n} is not one this build reads"))),
    }
}

/// Splits the log into records. A bad last line (no newline, or not a valid record) is torn: its
/// offset is returned and it is left out. A bad line before it is damage: refused.
fn parse(path: &Path, bytes: &[u8]) -> Result<(Vec<Stored>, u64, Option<u64>), DataDirError> {
    let mut records = Vec::new();
    let mut offset = 0usize;
    let mut line_no = 0usize;
    while offset < bytes.len() {
        line_no += 1;
        let rest = &bytes[offset..];
        let (line, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (&rest[..i], offset + i + 1),
            None => return Ok((records, offset as u64, Some(offset as u64))),
        };
        match decode(line) {
            Ok(record) => records.push(Stored { offset: offset as u64, record }),
            Err(_) if next == bytes.len() => return Ok((records, offset as u64, Some(offset as u64))),
            Err(reason) => {
                return Err(DataDirError::Damaged {
                    path: path.to_owned(),
                    offset: offset as u64,
                    line: line_no,
                    reason,
                });
            }
        }
        offset = next;
    }
    Ok((records, offset as u64, None))
}

/// Writes a whole file and syncs it.
pub fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), DataDirError> {
    let mut f = File::create(path).map_err(io(path))?;
    f.write_all(bytes).map_err(io(path))?;
    f.sync_all().map_err(io(path))
}

/// Syncs a directory, so that a file created or renamed in it survives a crash.
pub fn sync_dir(dir: &Path) -> Result<(), DataDirError> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        serde_json::from_str(r#"{"kind":"sessionRevoked","token":"a \"crc\":1} quote"}"#).unwrap()
    }

    #[test]
    fn a_line_reads_back_and_a_changed_byte_is_caught() {
        let line = encode(&record());
        assert!(line.ends_with(b"}\n"));
        let text = std::str::from_utf8(&line).unwrap().trim_end();
        assert!(
            matches!(decode(text.as_bytes()), Ok(Record::SessionRevoked { token }) if token == "a \"crc\":1} quote")
        );
        let changed = text.replace("quote", "quota");
        assert_eq!(decode(changed.as_bytes()).unwrap_err(), "CRC mismatch");
        assert!(decode(&text.as_bytes()[..text.len() - 3]).is_err());
    }

    #[test]
    fn only_the_last_line_may_be_torn() {
        let path = Path::new("log.jsonl");
        let (a, b) = (encode(&record()), encode(&record()));
        let whole = [a.clone(), b.clone()].concat();
        let (records, len, torn) = parse(path, &whole).unwrap();
        assert_eq!((records.len(), len, torn), (2, whole.len() as u64, None));
        let cut = &whole[..whole.len() - 4];
        let (records, _, torn) = parse(path, cut).unwrap();
        assert_eq!((records.len(), torn), (1, Some(a.len() as u64)));
        let mut damaged = whole.clone();
        damaged[5] ^= 1;
        assert!(matches!(parse(path, &damaged), Err(DataDirError::Damaged { offset: 0, line: 1, .. })));
    }
}
