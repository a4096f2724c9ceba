//! The session: JWT login, refresh before expiry and on `OAU-128`, revoke.

use std::time::{Duration, Instant};

use http::Method;
use rcthreads_wire::auth::{GetTokenRequest, RevokeTokenRequest, TokenInfo};

use crate::client::{Call, Client};
use crate::error::Error;

/// The session's tokens, as the token endpoint issued them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token endpoint's answer, as received (keep it to resume the session with
    /// [`Client::set_token`]).
    pub info: TokenInfo,
    /// When the access token expires, by this process's clock.
    pub expires_at: Instant,
    /// When the refresh token expires, if one was issued with a lifetime.
    pub refresh_expires_at: Option<Instant>,
}

impl Token {
    fn new(info: TokenInfo, now: Instant) -> Self {
        let expires_at = now + Duration::from_secs(u64::from(info.expires_in));
        let refresh_expires_at = info.refresh_token_expires_in.map(|s| now + Duration::from_secs(u64::from(s)));
        Self { info, expires_at, refresh_expires_at }
    }

    /// The access token for `Authorization: Bearer`.
    pub fn access_token(&self) -> &str {
        &self.info.access_token
    }

    /// The extension id of the logged-in user.
    pub fn owner_id(&self) -> Option<&str> {
        self.info.owner_id.as_deref()
    }

    fn can_refresh(&self, now: Instant) -> bool {
        self.info.refresh_token.is_some() && self.refresh_expires_at.is_none_or(|t| t > now)
    }
}

/// The current session (one per client and its clones).
pub(crate) type Session = Token;

impl Client {
    /// Logs a user in with a JWT assertion (`grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`).
    /// The session replaces any previous one.
    pub async fn login_jwt(&self, jwt: &str) -> Result<Token, Error> {
        let info = self.token_request(GetTokenRequest::jwt(jwt)).await?;
        Ok(self.store(info))
    }

    /// Exchanges the refresh token for a new access token now.
    pub async fn refresh(&self) -> Result<Token, Error> {
        let seen = self.token().ok_or(Error::NotLoggedIn)?;
        self.refresh_if_current(seen.access_token()).await?;
        self.token().ok_or(Error::NotLoggedIn)
    }

    /// Revokes the session on the server and forgets it; without a session it does nothing.
    pub async fn revoke(&self) -> Result<(), Error> {
        let Some(token) = self.token() else { return Ok(()) };
        let form = RevokeTokenRequest { token: token.info.access_token.clone() }.to_form();
        self.send_no_content(Call::new(Method::POST, "/restapi/oauth/revoke").form(form).basic()).await?;
        let mut session = self.lock_session();
        // Forget it only if nobody logged in again meanwhile.
        if session.as_ref().is_some_and(|s| s.info.access_token == token.info.access_token) {
            *session = None;
        }
        Ok(())
    }

    /// The current session's tokens, if logged in.
    pub fn token(&self) -> Option<Token> {
        self.lock_session().clone()
    }

    /// Resumes a session from a token answer kept earlier (its lifetimes count from now).
    pub fn set_token(&self, info: TokenInfo) -> Token {
        self.store(info)
    }

    fn store(&self, info: TokenInfo) -> Token {
        let token = Token::new(info, Instant::now());
        *self.lock_session() = Some(token.clone());
        token
    }

    fn lock_session(&self) -> std::sync::MutexGuard<'_, Option<Session>> {
        // The guarded value is replaced whole, so a panic elsewhere cannot leave it half-written.
        self.inner.session.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn token_request(&self, request: GetTokenRequest) -> Result<TokenInfo, Error> {
        let call = Call::new(Method::POST, "/restapi/oauth/token").form(request.to_form()).basic();
        self.execute_basic(call).await?.json()
    }

    /// The access token to send, refreshed first when it is about to expire.
    pub(crate) async fn access_token(&self) -> Result<String, Error> {
        let (access, due) = {
            let session = self.lock_session();
            let token = session.as_ref().ok_or(Error::NotLoggedIn)?;
            let now = Instant::now();
            let due = token.expires_at <= now + self.inner.refresh_before && token.can_refresh(now);
            (token.info.access_token.clone(), due)
        };
        if due { self.refresh_if_current(&access).await } else { Ok(access) }
    }

    /// Refreshes unless the access token is no longer `seen` (another call refreshed it, or the
    /// user logged in again); returns the access token to use.
    pub(crate) async fn refresh_if_current(&self, seen: &str) -> Result<String, Error> {
        let _gate = self.inner.refresh_gate.lock().await;
        let refresh_token = {
            let session = self.lock_session();
            let token = session.as_ref().ok_or(Error::NotLoggedIn)?;
            if token.info.access_token != seen {
                return Ok(token.info.access_token.clone());
            }
            token.info.refresh_token.clone().ok_or(Error::NotLoggedIn)?
        };
        let info = self.token_request(GetTokenRequest::refresh(refresh_token)).await?;
        Ok(self.store(info).info.access_token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcthreads_wire::auth::TokenType;

    fn info(refresh_token: Option<&str>, refresh_token_expires_in: Option<u32>) -> TokenInfo {
        TokenInfo {
            access_token: "a".into(),
            token_type: TokenType::Bearer,
            expires_in: 3600,
            refresh_token: refresh_token.map(Into::into),
            refresh_token_expires_in,
            scope: String::new(),
            owner_id: None,
            endpoint_id: None,
            session_id: None,
            id_token: None,
        }
    }

    #[test]
    fn only_a_refresh_token_that_has_not_expired_can_refresh() {
        let now = Instant::now();
        let secs = Duration::from_secs;
        let t = Token::new(info(Some("r"), Some(10)), now);
        assert!(t.can_refresh(now));
        assert!(t.can_refresh(now + secs(9)));
        assert!(!t.can_refresh(now + secs(10)), "it expires at that instant");
        assert!(!t.can_refresh(now + secs(11)));
        // Without a lifetime it does not expire; without a refresh token there is nothing to use.
        assert!(Token::new(info(Some("r"), None), now).can_refresh(now + secs(86_400 * 365)));
        assert!(!Token::new(info(None, None), now).can_refresh(now));
        assert!(!Token::new(info(None, Some(10)), now).can_refresh(now));
    }
}
