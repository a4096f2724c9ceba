//! Absolute links of records. RingCentral's `uri` fields are absolute: they name the server as
//! the client reached it, so the conversions that write them are given that address.

use std::fmt;
use std::str::FromStr;

/// The scheme and authority a client reached the server at, e.g. `https://media.ringcentral.com`
/// or `http://127.0.0.1:8080`: no path, no user, no trailing slash.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl(String);

/// A text that is not a base address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlError(String);

impl fmt::Display for BaseUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a base address (http[s]://host[:port]): {:?}", self.0)
    }
}

impl std::error::Error for BaseUrlError {}

/// `host[:port]`, the host a name, an IPv4 address or a bracketed IPv6 address.
fn is_authority(s: &str) -> bool {
    let (host, port) = match s.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((v6, after))
                if !v6.is_empty() && v6.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') =>
            {
                (v6, after)
            }
            _ => return false,
        },
        None => match s.find(':') {
            Some(i) => (&s[..i], &s[i..]),
            None => (s, ""),
        },
    };
    let host_ok = s.starts_with('[')
        || (!host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'));
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    host_ok && port_ok
}

impl BaseUrl {
    /// The base of a server reached at `authority` (`host[:port]`, as a `Host` header gives it),
    /// over TLS when `secure`.
    pub fn new(secure: bool, authority: &str) -> Result<Self, BaseUrlError> {
        if !is_authority(authority) {
            return Err(BaseUrlError(authority.to_owned()));
        }
        let scheme = if secure { "https" } else { "http" };
        Ok(Self(format!("{scheme}://{}", authority.to_ascii_lowercase())))
    }

    /// The base of a server at a socket address (an IPv6 address in brackets).
    pub fn of_socket(secure: bool, addr: std::net::SocketAddr) -> Self {
        let scheme = if secure { "https" } else { "http" };
        Self(format!("{scheme}://{addr}"))
    }

    /// The text, e.g. `http://127.0.0.1:8080`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `uri` is an absolute link on this server; its path (from the first `/`) if so.
    pub fn path_of<'a>(&self, uri: &'a str) -> Option<&'a str> {
        let rest =
            uri.get(..self.0.len()).filter(|head| head.eq_ignore_ascii_case(&self.0)).map(|_| &uri[self.0.len()..])?;
        rest.starts_with('/').then_some(rest)
    }
}

impl FromStr for BaseUrl {
    type Err = BaseUrlError;

    /// `http://host[:port]` or `https://host[:port]`; one trailing slash is allowed.
    fn from_str(s: &str) -> Result<Self, BaseUrlError> {
        let bad = || BaseUrlError(s.to_owned());
        let trimmed = s.strip_suffix('/').unwrap_or(s);
        let (scheme, authority) = trimmed.split_once("://").ok_or_else(bad)?;
        match scheme.to_ascii_lowercase().as_str() {
            "http" => Self::new(false, authority),
            "https" => Self::new(true, authority),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The absolute links of one account's records, on the server a client reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    base: BaseUrl,
    account: String,
}

impl Links {
    /// Links of the account `account` (its id, as RingCentral writes it in links) under `base`.
    pub fn new(base: BaseUrl, account: impl fmt::Display) -> Self {
        Self { base, account: account.to_string() }
    }

    /// The server's base.
    pub fn base(&self) -> &BaseUrl {
        &self.base
    }

    fn account_path(&self, rest: &str) -> String {
        format!("{}/restapi/v1.0/account/{}{rest}", self.base, self.account)
    }

    /// An extension: `.../restapi/v1.0/account/{accountId}/extension/{extensionId}`.
    pub fn extension(&self, id: impl fmt::Display) -> String {
        self.account_path(&format!("/extension/{id}"))
    }

    /// A phone number of the account: `.../restapi/v1.0/account/{accountId}/phone-number/{id}`.
    pub fn phone_number(&self, id: impl fmt::Display) -> String {
        self.account_path(&format!("/phone-number/{id}"))
    }

    /// A page of an extension's numbers:
    /// `.../account/{accountId}/extension/{extensionId}/phone-number?page=..&perPage=..`.
    pub fn extension_phone_numbers(&self, extension: impl fmt::Display, page: u32, per_page: u32) -> String {
        self.account_path(&format!("/extension/{extension}/phone-number?page={page}&perPage={per_page}"))
    }

    /// A country of the dictionary: `.../restapi/v1.0/dictionary/country/{id}`.
    pub fn country(&self, id: &str) -> String {
        format!("{}/restapi/v1.0/dictionary/country/{id}", self.base)
    }

    /// The bytes of a message attachment, on the media entry point (the server itself here):
    /// `.../account/{accountId}/message-threads/messages/{messageId}/content/{attachmentId}`.
    pub fn content(&self, message: impl fmt::Display, attachment: impl fmt::Display) -> String {
        self.account_path(&format!("/message-threads/messages/{message}/content/{attachment}"))
    }
}
