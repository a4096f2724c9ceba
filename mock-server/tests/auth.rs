//! OAuth as the SDKs use it, and bearer tokens on API calls.

mod common;
use common::*;

const JWT_GRANT: &str = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=";

#[tokio::test]
async fn jwt_login_gives_a_working_token() {
    let mock = mock().await;
    let anon = Api::anonymous(&mock);
    let r = anon.token_form(&format!("{JWT_GRANT}jwt-101")).await;
    assert_eq!(r.status, 200);
    let t = r.json();
    assert_eq!(t["token_type"], "bearer");
    assert_eq!(t["expires_in"], 3600);
    assert_eq!(t["refresh_token_expires_in"], 604_800);
    assert_eq!(id_of(&t["owner_id"]), WAYNE);
    assert!(t["refresh_token"].as_str().is_some() && t["scope"].as_str().is_some());
    let token = t["access_token"].as_str().unwrap();
    let r = anon.send("GET", MT, None, Vec::new(), &[("Authorization", &format!("Bearer {token}"))]).await;
    assert_eq!(r.status, 200);
    // The scheme is case-insensitive.
    let r = anon.send("GET", MT, None, Vec::new(), &[("Authorization", &format!("bearer {token}"))]).await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn refused_logins() {
    let mock = mock().await;
    let anon = Api::anonymous(&mock);
    let wrong_app = base64_basic("mock-client-id:wrong");
    let r = anon
        .send(
            "POST",
            "/restapi/oauth/token",
            Some("application/x-www-form-urlencoded"),
            format!("{JWT_GRANT}jwt-101").into_bytes(),
            &[("Authorization", &wrong_app)],
        )
        .await;
    assert_eq!((r.status, r.code()), (400, "OAU-120".into()));
    let r = anon
        .send(
            "POST",
            "/restapi/oauth/token",
            Some("application/x-www-form-urlencoded"),
            format!("{JWT_GRANT}jwt-101").into_bytes(),
            &[],
        )
        .await;
    assert_eq!((r.status, r.code()), (400, "OAU-120".into()), "no app credentials at all");
    let r = anon.token_form(&format!("{JWT_GRANT}jwt-999")).await;
    assert_eq!((r.status, r.code()), (400, "OAU-140".into()));
    assert_eq!(r.json()["error"], "invalid_grant");
    // Dave is Disabled.
    let r = anon.token_form(&format!("{JWT_GRANT}jwt-106")).await;
    assert_eq!((r.status, r.code()), (400, "OAU-140".into()));
    let r = anon.token_form("grant_type=password&username=101&password=x").await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".into(), "grant_type".into()));
    // The OAuth 2.0 fields beside RingCentral's, as an OAuth library reads them.
    assert_eq!(r.json()["error"], "unsupported_grant_type");
    let why = r.json()["error_description"].as_str().unwrap_or_default().to_owned();
    assert!(why.contains("password"), "{why}");
    let r = anon.token_form("grant_type=refresh_token&refresh_token=nope").await;
    assert_eq!((r.status, r.code()), (400, "OAU-140".into()));
}

fn base64_basic(s: &str) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for c in b.chunks(3) {
        let n =
            (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    format!("Basic {out}")
}

#[test]
fn the_test_encoder_matches_the_known_header() {
    assert_eq!(base64_basic("mock-client-id:mock-client-secret"), BASIC);
}

#[tokio::test]
async fn missing_unknown_and_expired_tokens() {
    let mock = mock().await;
    let anon = Api::anonymous(&mock);
    let r = anon.get(MT).await;
    assert_eq!((r.status, r.code()), (401, "AGW-401".into()));
    let r = anon.send("GET", MT, None, Vec::new(), &[("Authorization", "Bearer mock-at-unknown")]).await;
    assert_eq!((r.status, r.code()), (401, "OAU-149".into()));
    // The clock stands still from before the login, so "a second before expiry" is exact
    // however long the machine takes between the requests.
    anon.advance(0).await;
    let wayne = Api::login(&mock, "jwt-101").await;
    wayne.advance(3599).await;
    assert_eq!(wayne.get(MT).await.status, 200, "a second before expiry");
    wayne.advance(1).await;
    let r = wayne.get(MT).await;
    assert_eq!((r.status, r.code()), (401, "OAU-128".into()));
    // The SDKs refresh on OAU-128.
    let r = wayne
        .token_form(&format!("grant_type=refresh_token&refresh_token={}", wayne.refresh_token.as_deref().unwrap()))
        .await;
    assert_eq!(r.status, 200);
    let fresh = Api { token: r.json()["access_token"].as_str().map(str::to_owned), ..wayne.clone() };
    assert_eq!(fresh.get(MT).await.status, 200);
}

#[tokio::test]
async fn refresh_rotates_and_revoke_ends_the_session() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let old_refresh = wayne.refresh_token.clone().unwrap();
    let r = wayne.token_form(&format!("grant_type=refresh_token&refresh_token={old_refresh}")).await;
    assert_eq!(r.status, 200);
    let t = r.json();
    let fresh = Api {
        token: t["access_token"].as_str().map(str::to_owned),
        refresh_token: t["refresh_token"].as_str().map(str::to_owned),
        ..wayne.clone()
    };
    assert_ne!(fresh.token, wayne.token);
    assert_eq!(fresh.get(MT).await.status, 200);
    assert_eq!(wayne.get(MT).await.code(), "OAU-149", "the old access token ended with its session");
    let r = wayne.token_form(&format!("grant_type=refresh_token&refresh_token={old_refresh}")).await;
    assert_eq!((r.status, r.code()), (400, "OAU-140".into()), "a refresh token works once");

    let r = fresh
        .send(
            "POST",
            "/restapi/oauth/revoke",
            Some("application/x-www-form-urlencoded"),
            format!("token={}", fresh.token.as_deref().unwrap()).into_bytes(),
            &[("Authorization", BASIC)],
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(fresh.get(MT).await.code(), "OAU-149");
    let r = fresh
        .token_form(&format!("grant_type=refresh_token&refresh_token={}", fresh.refresh_token.as_deref().unwrap()))
        .await;
    assert_eq!(r.code(), "OAU-140");
}
