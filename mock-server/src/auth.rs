//! OAuth as the official SDKs use it: JWT bearer and refresh-token grants with HTTP Basic app
//! credentials, revocation, and bearer tokens on every API call (scheme case-insensitive).
//! Lifetimes run on the mock clock, so a test can expire a token by advancing it.

use std::collections::HashMap;

use rcthreads_domain::{ExtensionId, Millis, Timestamp};

/// Access token lifetime when the request names none (seconds).
pub const ACCESS_TTL: i64 = 3600;
/// Refresh token lifetime when the request names none (seconds).
pub const REFRESH_TTL: i64 = 604_800;

/// A logged-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Index of the account in the state.
    pub account: usize,
    /// The user.
    pub extension: ExtensionId,
    /// The app that logged in.
    pub client_id: String,
    /// The access token.
    pub access_token: String,
    /// When the access token expires.
    pub access_expires: Timestamp,
    /// The refresh token.
    pub refresh_token: String,
    /// When the refresh token expires.
    pub refresh_expires: Timestamp,
}

/// Why a bearer token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRefusal {
    /// No `Authorization` header, or not a bearer one.
    Missing,
    /// Unknown or revoked.
    Invalid,
    /// Past its lifetime (`OAU-128`): the SDKs refresh on this.
    Expired,
}

/// The most sessions the mock keeps: beyond it the oldest end, as if revoked.
pub const MAX_SESSIONS: usize = 10_000;

/// The sessions, by access and by refresh token, bounded: sessions whose refresh token has
/// expired are dropped as new ones open, and past [`MAX_SESSIONS`] the oldest goes.
#[derive(Debug, Default)]
pub struct Sessions {
    by_access: HashMap<String, Session>,
    by_refresh: HashMap<String, String>,
    /// Access tokens in the order their sessions opened (ended ones are skipped when reached).
    order: std::collections::VecDeque<String>,
}

fn new_token(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4().simple())
}

impl Sessions {
    /// Opens a session for a user; lifetimes in seconds.
    pub fn open(
        &mut self,
        account: usize,
        extension: ExtensionId,
        client_id: &str,
        now: Timestamp,
        access_ttl: i64,
        refresh_ttl: i64,
    ) -> Session {
        let s = Session {
            account,
            extension,
            client_id: client_id.to_owned(),
            access_token: new_token("mock-at"),
            access_expires: now + Millis::seconds(access_ttl),
            refresh_token: new_token("mock-rt"),
            refresh_expires: now + Millis::seconds(refresh_ttl),
        };
        self.insert(s.clone(), now);
        s
    }

    /// Puts a session in at `now` (a new one, or one read back from the data directory).
    pub fn insert(&mut self, s: Session, now: Timestamp) {
        self.make_room(now);
        self.by_refresh.insert(s.refresh_token.clone(), s.access_token.clone());
        self.by_access.insert(s.access_token.clone(), s.clone());
        self.order.push_back(s.access_token);
    }

    /// Drops lapsed sessions from the front of the opening order, and the oldest beyond the
    /// bound. Amortised O(1) per session opened.
    fn make_room(&mut self, now: Timestamp) {
        while let Some(oldest) = self.order.front() {
            let lapsed = self.by_access.get(oldest).is_none_or(|s| now >= s.refresh_expires);
            if !lapsed && self.by_access.len() < MAX_SESSIONS {
                break;
            }
            if let Some(token) = self.order.pop_front() {
                self.end(&token);
            }
        }
        // Refreshed and revoked sessions leave their token behind in the order; keep it small.
        if self.order.len() > 2 * self.by_access.len() + 1024 {
            let live = &self.by_access;
            self.order.retain(|t| live.contains_key(t));
        }
    }

    /// How many sessions are open.
    pub fn len(&self) -> usize {
        self.by_access.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.by_access.is_empty()
    }

    /// Trades a refresh token for a new session (the old one ends). `None` when the token is
    /// unknown, expired, or belongs to another app.
    pub fn refresh(
        &mut self,
        refresh_token: &str,
        client_id: &str,
        now: Timestamp,
        access_ttl: i64,
    ) -> Option<Session> {
        let access = self.by_refresh.get(refresh_token)?.clone();
        let old = self.by_access.get(&access)?.clone();
        if old.client_id != client_id || now >= old.refresh_expires {
            return None;
        }
        self.end(&access);
        let remaining = (old.refresh_expires - now).0 / 1000;
        Some(self.open(old.account, old.extension, client_id, now, access_ttl, remaining.max(1)))
    }

    /// The account key of an access token's session, whatever its lifetime.
    pub fn account_of(&self, access_token: &str) -> Option<usize> {
        self.by_access.get(access_token).map(|s| s.account)
    }

    /// The account key of a refresh token's session.
    pub fn account_of_refresh(&self, refresh_token: &str) -> Option<usize> {
        self.by_refresh.get(refresh_token).and_then(|a| self.account_of(a))
    }

    /// Ends every session of an account (a deleted tenant).
    pub fn forget_account(&mut self, account: usize) {
        let ended: Vec<String> =
            self.by_access.values().filter(|s| s.account == account).map(|s| s.access_token.clone()).collect();
        for token in ended {
            self.end(&token);
        }
    }

    /// The session of a bearer token at `now`.
    pub fn check(&self, access_token: &str, now: Timestamp) -> Result<&Session, TokenRefusal> {
        let s = self.by_access.get(access_token).ok_or(TokenRefusal::Invalid)?;
        if now >= s.access_expires { Err(TokenRefusal::Expired) } else { Ok(s) }
    }

    /// Revokes the session holding `token` (access or refresh). Unknown tokens are ignored, as
    /// revocation is idempotent.
    pub fn revoke(&mut self, token: &str) {
        let access = self.by_refresh.get(token).cloned().unwrap_or_else(|| token.to_owned());
        self.end(&access);
    }

    fn end(&mut self, access: &str) {
        if let Some(s) = self.by_access.remove(access) {
            self.by_refresh.remove(&s.refresh_token);
        }
    }
}

/// The token of an `Authorization: Bearer <token>` header; the scheme is case-insensitive.
pub fn bearer(header: Option<&str>) -> Result<&str, TokenRefusal> {
    let h = header.ok_or(TokenRefusal::Missing)?.trim();
    let (scheme, token) = h.split_once(' ').ok_or(TokenRefusal::Missing)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(TokenRefusal::Missing);
    }
    Ok(token.trim())
}

/// The (client id, secret) of an `Authorization: Basic <base64>` header.
pub fn basic(header: Option<&str>) -> Option<(String, String)> {
    use base64::Engine;
    let (scheme, b64) = header?.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64::engine::general_purpose::STANDARD.decode(b64.trim()).ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_scheme_is_case_insensitive() {
        assert_eq!(bearer(Some("Bearer abc")), Ok("abc"));
        assert_eq!(bearer(Some("bearer abc")), Ok("abc"));
        assert_eq!(bearer(Some("BEARER  abc ")), Ok("abc"));
        assert_eq!(bearer(Some("Basic abc")), Err(TokenRefusal::Missing));
        assert_eq!(bearer(Some("Bearer ")), Err(TokenRefusal::Missing));
        assert_eq!(bearer(None), Err(TokenRefusal::Missing));
    }

    #[test]
    fn basic_credentials() {
        // base64("mock-client-id:mock-client-secret")
        let h = "Basic bW9jay1jbGllbnQtaWQ6bW9jay1jbGllbnQtc2VjcmV0";
        assert_eq!(basic(Some(h)), Some(("mock-client-id".into(), "mock-client-secret".into())));
        assert_eq!(basic(Some("Basic !!!")), None);
    }

    #[test]
    fn tokens_expire_refresh_and_revoke() {
        let mut s = Sessions::default();
        let t0 = Timestamp::from_millis(0);
        let a = s.open(0, ExtensionId::new(1), "app", t0, 3600, 604_800);
        assert!(s.check(&a.access_token, t0).is_ok());
        let later = t0 + Millis::seconds(3600);
        assert_eq!(s.check(&a.access_token, later), Err(TokenRefusal::Expired));
        assert!(s.refresh(&a.refresh_token, "other-app", later, 3600).is_none());
        let b = s.refresh(&a.refresh_token, "app", later, 3600).unwrap();
        assert_eq!(s.check(&a.access_token, later), Err(TokenRefusal::Invalid));
        assert!(s.check(&b.access_token, later).is_ok());
        // A refresh token works once.
        assert!(s.refresh(&a.refresh_token, "app", later, 3600).is_none());
        s.revoke(&b.refresh_token);
        assert_eq!(s.check(&b.access_token, later), Err(TokenRefusal::Invalid));
    }

    #[test]
    fn sessions_are_bounded_and_lapsed_ones_go() {
        let mut s = Sessions::default();
        let t0 = Timestamp::from_millis(0);
        let first = s.open(0, ExtensionId::new(1), "app", t0, 3600, 60);
        for _ in 0..MAX_SESSIONS + 500 {
            s.open(0, ExtensionId::new(1), "app", t0, 3600, REFRESH_TTL);
        }
        assert_eq!(s.len(), MAX_SESSIONS);
        assert_eq!(s.check(&first.access_token, t0), Err(TokenRefusal::Invalid), "the oldest went");
        assert!(s.order.len() <= 2 * s.len() + 1024);
        // A session whose refresh token has lapsed is dropped when the next one opens.
        let mut s = Sessions::default();
        let short = s.open(0, ExtensionId::new(1), "app", t0, 30, 60);
        let later = t0 + Millis::seconds(61);
        let fresh = s.open(0, ExtensionId::new(1), "app", later, 3600, REFRESH_TTL);
        assert_eq!(s.len(), 1);
        assert_eq!(s.check(&short.access_token, later), Err(TokenRefusal::Invalid));
        assert!(s.check(&fresh.access_token, later).is_ok());
        // Refreshing many times leaves no trail.
        let mut token = fresh.refresh_token;
        for _ in 0..5_000 {
            token = s.refresh(&token, "app", later, 3600).expect("refreshed").refresh_token;
        }
        assert_eq!(s.len(), 1);
        assert!(s.order.len() <= 2 + 1024, "{}", s.order.len());
    }
}
