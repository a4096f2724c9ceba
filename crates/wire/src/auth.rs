//! OAuth: the token request (a form), the token answer (snake_case JSON) and revocation.

use serde::{Deserialize, Serialize};

use crate::error::ErrorResponse;
use crate::query::{Params, Writer};
use crate::string_enum::{StringEnum, string_enum};

string_enum! {
    /// The `grant_type` of a token request.
    pub enum GrantType {
        /// Log a user in with a JWT assertion (`assertion=<JWT>`).
        JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer",
        /// Exchange a refresh token (`refresh_token=...`).
        RefreshToken = "refresh_token",
        /// Exchange an authorization code (`code=...`).
        AuthorizationCode = "authorization_code",
        /// Username and password (legacy).
        Password = "password",
        /// Partner JWT.
        PartnerJwt = "partner_jwt",
    }
}

string_enum! {
    /// Type of an access token; only `bearer` exists.
    pub enum TokenType {
        /// Sent as `Authorization: Bearer <token>`.
        Bearer = "bearer",
    }
}

/// Form body of `POST /restapi/oauth/token` (`GetTokenRequest`); the client authenticates with
/// HTTP Basic `client_id:client_secret` beside it. `Debug` leaves the secrets out.
#[derive(Clone, PartialEq, Eq)]
pub struct GetTokenRequest {
    /// Which grant.
    pub grant_type: GrantType,
    /// The JWT (JWT bearer and partner grants).
    pub assertion: Option<String>,
    /// The refresh token (refresh grant).
    pub refresh_token: Option<String>,
    /// The authorization code (code grant).
    pub code: Option<String>,
    /// The redirect URI (code grant).
    pub redirect_uri: Option<String>,
    /// PKCE verifier (code grant).
    pub code_verifier: Option<String>,
    /// Username (password grant).
    pub username: Option<String>,
    /// Password (password grant).
    pub password: Option<String>,
    /// Extension number (password grant).
    pub extension: Option<String>,
    /// Client id, when not sent through HTTP Basic.
    pub client_id: Option<String>,
    /// Scopes asked for (space-separated).
    pub scope: Option<String>,
    /// Client instance id.
    pub endpoint_id: Option<String>,
    /// Access token lifetime in seconds (600 to 3600, default 3600).
    pub access_token_ttl: Option<u32>,
    /// Refresh token lifetime in seconds (default 604800).
    pub refresh_token_ttl: Option<u32>,
}

impl GetTokenRequest {
    fn with_grant(grant_type: GrantType) -> Self {
        Self {
            grant_type,
            assertion: None,
            refresh_token: None,
            code: None,
            redirect_uri: None,
            code_verifier: None,
            username: None,
            password: None,
            extension: None,
            client_id: None,
            scope: None,
            endpoint_id: None,
            access_token_ttl: None,
            refresh_token_ttl: None,
        }
    }

    /// A JWT login.
    pub fn jwt(assertion: impl Into<String>) -> Self {
        Self { assertion: Some(assertion.into()), ..Self::with_grant(GrantType::JwtBearer) }
    }

    /// A refresh.
    pub fn refresh(refresh_token: impl Into<String>) -> Self {
        Self { refresh_token: Some(refresh_token.into()), ..Self::with_grant(GrantType::RefreshToken) }
    }

    /// Reads the form body. A missing `grant_type` or the field its grant needs is CMN-100, an
    /// unknown grant or a bad number CMN-101; both carry OAuth `error=invalid_request`.
    pub fn from_form(body: &str) -> Result<Self, ErrorResponse> {
        let p = Params::parse(body);
        let text = |k: &str| p.last(k).map(str::to_owned);
        // A zero or negative lifetime means "no preference": the JavaScript SDK refreshes with
        // `access_token_ttl=-1` after a 401, as its own token cancelling leaves `expires_in` at -1.
        let ttl = |k: &str| -> Result<Option<u32>, ErrorResponse> {
            p.last(k)
                .map(|v| {
                    v.trim().parse::<i64>().map_err(|_| invalid_request(ErrorResponse::invalid_parameter(k, Some(v))))
                })
                .transpose()
                .map(|n| n.and_then(|n| u32::try_from(n).ok().filter(|&n| n > 0)))
        };
        let grant =
            p.last("grant_type").ok_or_else(|| invalid_request(ErrorResponse::missing_parameter("grant_type")))?;
        let grant_type = GrantType::from_known(grant)
            .ok_or_else(|| invalid_request(ErrorResponse::invalid_parameter("grant_type", Some(grant))))?;
        let request = Self {
            grant_type,
            assertion: text("assertion"),
            refresh_token: text("refresh_token"),
            code: text("code"),
            redirect_uri: text("redirect_uri"),
            code_verifier: text("code_verifier"),
            username: text("username"),
            password: text("password"),
            extension: text("extension"),
            client_id: text("client_id"),
            scope: text("scope"),
            endpoint_id: text("endpoint_id"),
            access_token_ttl: ttl("access_token_ttl")?,
            refresh_token_ttl: ttl("refresh_token_ttl")?,
        };
        let needed = match request.grant_type {
            GrantType::JwtBearer | GrantType::PartnerJwt => ("assertion", request.assertion.is_some()),
            GrantType::RefreshToken => ("refresh_token", request.refresh_token.is_some()),
            GrantType::AuthorizationCode => ("code", request.code.is_some()),
            GrantType::Password => ("password", request.password.is_some() && request.username.is_some()),
            GrantType::Other(_) => ("grant_type", true),
        };
        match needed {
            (name, false) => Err(invalid_request(ErrorResponse::missing_parameter(name))),
            _ => Ok(request),
        }
    }

    /// Renders the form body (`application/x-www-form-urlencoded`).
    pub fn to_form(&self) -> String {
        let mut w = Writer::new();
        w.one("grant_type", Some(&self.grant_type));
        w.one("assertion", self.assertion.as_ref());
        w.one("refresh_token", self.refresh_token.as_ref());
        w.one("code", self.code.as_ref());
        w.one("redirect_uri", self.redirect_uri.as_ref());
        w.one("code_verifier", self.code_verifier.as_ref());
        w.one("username", self.username.as_ref());
        w.one("password", self.password.as_ref());
        w.one("extension", self.extension.as_ref());
        w.one("client_id", self.client_id.as_ref());
        w.one("scope", self.scope.as_ref());
        w.one("endpoint_id", self.endpoint_id.as_ref());
        w.one("access_token_ttl", self.access_token_ttl.as_ref());
        w.one("refresh_token_ttl", self.refresh_token_ttl.as_ref());
        w.finish()
    }
}

fn invalid_request(mut e: ErrorResponse) -> ErrorResponse {
    e.body.error = Some("invalid_request".to_owned());
    e.body.error_description = e.body.message.clone();
    e
}

/// Answer of the token endpoint (`TokenInfo`), snake_case as on the wire.
///
/// `session_id` is optional here although the official definition requires it: the API map's
/// answer does not list it and older servers omit it.
/// `Debug` leaves the tokens out.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenInfo {
    /// The access token for `Authorization: Bearer`.
    pub access_token: String,
    /// `bearer`.
    pub token_type: TokenType,
    /// Seconds until the access token expires (3600 by default).
    pub expires_in: u32,
    /// The refresh token, if issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Seconds until the refresh token expires (604800 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_expires_in: Option<u32>,
    /// Granted scopes, space-separated.
    pub scope: String,
    /// Extension id of the user.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::id::string_or_number::option")]
    pub owner_id: Option<String>,
    /// Client instance id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_id: Option<String>,
    /// OAuth session id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// OpenID Connect id token, if asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}

/// Form body of `POST /restapi/oauth/revoke` (`RevokeTokenRequest`). `Debug` leaves the token
/// out.
#[derive(Clone, PartialEq, Eq)]
pub struct RevokeTokenRequest {
    /// The access or refresh token to revoke, with its whole session.
    pub token: String,
}

impl RevokeTokenRequest {
    /// Reads the form body (or a query string: the API accepts `token` in either).
    /// A missing `token` is CMN-100.
    pub fn from_form(body: &str) -> Result<Self, ErrorResponse> {
        let p = Params::parse(body);
        let token = p.last("token").ok_or_else(|| invalid_request(ErrorResponse::missing_parameter("token")))?;
        Ok(Self { token: token.to_owned() })
    }

    /// Renders the form body.
    pub fn to_form(&self) -> String {
        let mut w = Writer::new();
        w.one("token", Some(&self.token));
        w.finish()
    }
}

/// How a secret shows in `Debug`: whether there is one, never what it is.
fn redacted(secret: Option<&str>) -> &'static str {
    if secret.is_some() { "<redacted>" } else { "None" }
}

impl std::fmt::Debug for GetTokenRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GetTokenRequest")
            .field("grant_type", &self.grant_type)
            .field("assertion", &redacted(self.assertion.as_deref()))
            .field("refresh_token", &redacted(self.refresh_token.as_deref()))
            .field("code", &redacted(self.code.as_deref()))
            .field("redirect_uri", &self.redirect_uri)
            .field("code_verifier", &redacted(self.code_verifier.as_deref()))
            .field("username", &self.username)
            .field("password", &redacted(self.password.as_deref()))
            .field("extension", &self.extension)
            .field("client_id", &self.client_id)
            .field("scope", &self.scope)
            .field("endpoint_id", &self.endpoint_id)
            .field("access_token_ttl", &self.access_token_ttl)
            .field("refresh_token_ttl", &self.refresh_token_ttl)
            .finish()
    }
}

impl std::fmt::Debug for TokenInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenInfo")
            .field("access_token", &redacted(Some(&self.access_token)))
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("refresh_token", &redacted(self.refresh_token.as_deref()))
            .field("refresh_token_expires_in", &self.refresh_token_expires_in)
            .field("scope", &self.scope)
            .field("owner_id", &self.owner_id)
            .field("endpoint_id", &self.endpoint_id)
            .field("session_id", &self.session_id)
            .field("id_token", &redacted(self.id_token.as_deref()))
            .finish()
    }
}

impl std::fmt::Debug for RevokeTokenRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RevokeTokenRequest").field("token", &redacted(Some(&self.token))).finish()
    }
}
