//! Fixtures: the accounts the mock serves, as JSON. The default fixture is the sample account of
//! the seed use cases (`rcthreads_domain::sample`); `--fixture FILE` loads others.
//!
//! A fixture that cannot be used is refused with the field at fault and the reason, e.g.
//! `accounts[0].resources[2].handlers[1]: 999 is not a user of this account`.

use std::collections::HashSet;
use std::path::Path;

use rcthreads_domain::{
    AccountId, Directory, ExtensionId, ExtensionStatus, NumberFeatures, NumberRecord, NumberUsage, PhoneNumber,
    PhoneNumberId, Resource, ResourceKind, SmsHandler, ThreadMessagingSettings, User, sample,
};
use rcthreads_wire::extension::ExtensionStatus as StatusName;
use rcthreads_wire::phone_number::{PhoneNumberFeature, PhoneNumberUsageType};
use serde::{Deserialize, Serialize};

/// App credentials accepted by the OAuth endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppCredentials {
    /// `client_id`.
    pub client_id: String,
    /// `client_secret`.
    pub client_secret: String,
}

impl Default for AppCredentials {
    fn default() -> Self {
        Self { client_id: "mock-client-id".into(), client_secret: "mock-client-secret".into() }
    }
}

/// The whole fixture file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fixture {
    /// App credentials (default: `mock-client-id` / `mock-client-secret`).
    #[serde(default)]
    pub app: AppCredentials,
    /// The accounts.
    pub accounts: Vec<AccountFixture>,
}

/// Thread messaging switches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SettingsFixture {
    /// The feature as a whole.
    pub enabled: bool,
    /// Call queues supported.
    pub call_queues: bool,
    /// Sites supported.
    pub sites: bool,
}

/// One account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountFixture {
    /// Numeric account id, as a string.
    pub id: String,
    /// Company name.
    pub name: String,
    /// Thread messaging switches (default: all on).
    #[serde(default = "all_on")]
    pub thread_messaging: SettingsFixture,
    /// Users.
    pub users: Vec<UserFixture>,
    /// Call queues, sites and IVR menus.
    #[serde(default)]
    pub resources: Vec<ResourceFixture>,
    /// Phone numbers.
    #[serde(default)]
    pub numbers: Vec<NumberFixture>,
}

fn all_on() -> SettingsFixture {
    SettingsFixture { enabled: true, call_queues: true, sites: true }
}

/// A user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserFixture {
    /// Extension id.
    pub id: String,
    /// Extension number, e.g. `101`.
    pub extension_number: String,
    /// Name.
    pub name: String,
    /// `Enabled` (default), `Disabled` or `Frozen`.
    #[serde(default = "enabled")]
    pub status: StatusName,
    /// Super admin.
    #[serde(default)]
    pub super_admin: bool,
    /// The JWT assertion that logs this user in (default `jwt-<extensionNumber>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt: Option<String>,
}

fn enabled() -> StatusName {
    StatusName::Enabled
}

/// An SMS handler of a resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HandlerFixture {
    /// The user's extension id.
    pub extension_id: String,
    /// May become an assignee (default true).
    #[serde(default = "yes")]
    pub assignable: bool,
    /// Holds the SMS licence (default true).
    #[serde(default = "yes")]
    pub has_license: bool,
}

fn yes() -> bool {
    true
}

/// A common resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResourceFixture {
    /// Extension id.
    pub id: String,
    /// Extension number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_number: Option<String>,
    /// Name.
    pub name: String,
    /// `CallQueue`, `MainSite`, `SubSite` or `IvrMenu`.
    #[serde(rename = "type")]
    pub kind: ResourceType,
    /// For an IVR menu: the id of its site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// SMS handlers (thread messaging).
    #[serde(default)]
    pub handlers: Vec<HandlerFixture>,
    /// Classic SMS: the user designated to send from this resource's numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_user: Option<String>,
    /// Classic SMS: users who may read a call queue's message store.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub message_managers: Vec<String>,
}

/// What a common resource is. The names are the fixture's own: the API tells a main site from
/// a sub-site by other fields than its extension type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub enum ResourceType {
    /// A call queue.
    CallQueue,
    /// The main site.
    MainSite,
    /// A sub-site.
    SubSite,
    /// An IVR menu (give its `site`).
    IvrMenu,
}

/// A phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NumberFixture {
    /// Record id.
    pub id: String,
    /// E.164 number.
    pub phone_number: String,
    /// `MainCompanyNumber`, `CompanyNumber` or `DirectNumber`.
    pub usage_type: PhoneNumberUsageType,
    /// Extension id of the user or resource holding it.
    pub extension_id: String,
    /// `SmsSender`, `MmsSender` (`CallerId`, which every number is, is allowed and ignored).
    #[serde(default)]
    pub features: Vec<PhoneNumberFeature>,
}

/// A fixture that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixtureError {
    /// The file could not be read.
    #[error("{path}: {reason}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// Not JSON of the fixture's shape.
    #[error("{path}: {reason}")]
    Syntax {
        /// The file.
        path: String,
        /// serde's message, with line and column.
        reason: String,
    },
    /// A field's value is wrong in a fixture file.
    #[error("{path}: {field}: {reason}")]
    InvalidInFile {
        /// The file.
        path: String,
        /// The field, as a path such as `accounts[0].users[1].status`.
        field: String,
        /// Why.
        reason: String,
    },
    /// A field's value is wrong.
    #[error("{field}: {reason}")]
    Invalid {
        /// The field, as a path such as `accounts[0].users[1].status`.
        field: String,
        /// Why.
        reason: String,
    },
}

/// serde's message prefixed with the field's path (`accounts[0].users[1].nmae: unknown field
/// ...`); serde's own gives only the line and column.
fn field_error(e: &serde_path_to_error::Error<serde_json::Error>) -> String {
    match e.path().to_string() {
        root if root == "." => e.inner().to_string(),
        path => format!("{path}: {}", e.inner()),
    }
}

fn invalid<T>(field: impl Into<String>, reason: impl Into<String>) -> Result<T, FixtureError> {
    Err(FixtureError::Invalid { field: field.into(), reason: reason.into() })
}

/// The wire's names a fixture may use: those the domain has a value for.
const USER_STATUSES: [StatusName; 3] = [StatusName::Enabled, StatusName::Disabled, StatusName::Frozen];
const USAGES: [PhoneNumberUsageType; 3] =
    [PhoneNumberUsageType::MainCompanyNumber, PhoneNumberUsageType::CompanyNumber, PhoneNumberUsageType::DirectNumber];
const FEATURES: [PhoneNumberFeature; 3] =
    [PhoneNumberFeature::SmsSender, PhoneNumberFeature::MmsSender, PhoneNumberFeature::CallerId];

/// `'X' is not A, B or C`.
fn not_one_of<T: std::fmt::Display>(value: &T, allowed: &[T]) -> String {
    let names: Vec<String> = allowed.iter().map(ToString::to_string).collect();
    match names.split_last() {
        Some((last, [])) => format!("'{value}' is not {last}"),
        Some((last, rest)) => format!("'{value}' is not {} or {last}", rest.join(", ")),
        None => format!("'{value}' is not allowed"),
    }
}

/// A validated account, ready to serve.
#[derive(Debug, Clone)]
pub struct LoadedAccount {
    /// Account id.
    pub id: AccountId,
    /// Company name.
    pub name: String,
    /// The configuration.
    pub directory: Directory,
    /// JWT assertion of each user, in the users' order.
    pub jwts: Vec<(String, ExtensionId)>,
}

fn parse_id<T: std::str::FromStr>(field: &str, s: &str) -> Result<T, FixtureError>
where
    T::Err: std::fmt::Display,
{
    s.parse().or_else(|e: T::Err| invalid(field, e.to_string()))
}

impl Fixture {
    /// Reads a fixture file.
    pub fn from_file(path: &Path) -> Result<Self, FixtureError> {
        let p = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| FixtureError::Io { path: p.clone(), reason: e.to_string() })?;
        let mut json = serde_json::Deserializer::from_str(&text);
        let read = serde_path_to_error::deserialize(&mut json).map_err(|e| field_error(&e));
        let fixture: Self = read
            .and_then(|f| json.end().map(|()| f).map_err(|e| e.to_string()))
            .map_err(|reason| FixtureError::Syntax { path: p.clone(), reason })?;
        // Check the values now, so that every error of a file names the file.
        fixture.load().map_err(|e| match e {
            FixtureError::Invalid { field, reason } => FixtureError::InvalidInFile { path: p, field, reason },
            other => other,
        })?;
        Ok(fixture)
    }

    /// The built-in fixture: Mock Advisory LLC and Other Corp.
    pub fn default_accounts() -> Self {
        Self {
            app: AppCredentials::default(),
            accounts: vec![
                AccountFixture::from_directory(sample::ACCOUNT, "Mock Advisory LLC", &sample::directory()),
                AccountFixture::from_directory(sample::OTHER_ACCOUNT, "Other Corp", &sample::other_directory()),
            ],
        }
    }

    /// Validates every account and builds its directory.
    pub fn load(&self) -> Result<Vec<LoadedAccount>, FixtureError> {
        if self.app.client_id.is_empty() {
            return invalid("app.clientId", "must not be empty");
        }
        if self.accounts.is_empty() {
            return invalid("accounts", "at least one account is needed");
        }
        let mut ids = HashSet::new();
        let mut jwts = HashSet::new();
        let mut out = Vec::new();
        for (i, a) in self.accounts.iter().enumerate() {
            let at = format!("accounts[{i}]");
            let account = a.load(&at)?;
            if !ids.insert(account.id) {
                return invalid(format!("{at}.id"), format!("account id {} is used twice", account.id));
            }
            for (j, (jwt, _)) in account.jwts.iter().enumerate() {
                if !jwts.insert(jwt.clone()) {
                    return invalid(format!("{at}.users[{j}].jwt"), format!("JWT assertion '{jwt}' is used twice"));
                }
            }
            out.push(account);
        }
        Ok(out)
    }
}

impl AccountFixture {
    pub(crate) fn load(&self, at: &str) -> Result<LoadedAccount, FixtureError> {
        let id: AccountId = parse_id(&format!("{at}.id"), &self.id)?;
        let mut b = Directory::builder().settings(ThreadMessagingSettings {
            enabled: self.thread_messaging.enabled,
            call_queues: self.thread_messaging.call_queues,
            sites: self.thread_messaging.sites,
        });
        let mut jwts = Vec::new();
        for (j, u) in self.users.iter().enumerate() {
            let f = format!("{at}.users[{j}]");
            let status = match u.status {
                StatusName::Enabled => ExtensionStatus::Enabled,
                StatusName::Disabled => ExtensionStatus::Disabled,
                StatusName::Frozen => ExtensionStatus::Frozen,
                ref other => return invalid(format!("{f}.status"), not_one_of(other, &USER_STATUSES)),
            };
            let uid = parse_id(&format!("{f}.id"), &u.id)?;
            jwts.push((u.jwt.clone().unwrap_or_else(|| format!("jwt-{}", u.extension_number)), uid));
            b = b.user(User {
                id: uid,
                extension_number: u.extension_number.clone(),
                name: u.name.clone(),
                status,
                super_admin: u.super_admin,
            });
        }
        for (j, r) in self.resources.iter().enumerate() {
            let f = format!("{at}.resources[{j}]");
            let kind = match (r.kind, &r.site) {
                (ResourceType::CallQueue, None) => ResourceKind::CallQueue,
                (ResourceType::MainSite, None) => ResourceKind::MainSite,
                (ResourceType::SubSite, None) => ResourceKind::SubSite,
                (ResourceType::IvrMenu, Some(site)) => {
                    ResourceKind::IvrMenu { site: parse_id(&format!("{f}.site"), site)? }
                }
                (ResourceType::IvrMenu, None) => {
                    return invalid(format!("{f}.site"), "an IVR menu needs the id of its site");
                }
                (ResourceType::CallQueue | ResourceType::MainSite | ResourceType::SubSite, Some(_)) => {
                    return invalid(format!("{f}.site"), "only IVR menus belong to a site");
                }
            };
            let mut handlers = Vec::new();
            for (k, h) in r.handlers.iter().enumerate() {
                handlers.push(SmsHandler {
                    extension: parse_id(&format!("{f}.handlers[{k}].extensionId"), &h.extension_id)?,
                    assignable: h.assignable,
                    has_license: h.has_license,
                });
            }
            let sms_user = match &r.sms_user {
                Some(s) => Some(parse_id(&format!("{f}.smsUser"), s)?),
                None => None,
            };
            let message_managers = r
                .message_managers
                .iter()
                .enumerate()
                .map(|(k, m)| parse_id(&format!("{f}.messageManagers[{k}]"), m))
                .collect::<Result<_, _>>()?;
            b = b.resource(Resource {
                id: parse_id(&format!("{f}.id"), &r.id)?,
                extension_number: r.extension_number.clone(),
                name: r.name.clone(),
                kind,
                handlers,
                sms_user,
                message_managers,
            });
        }
        for (j, n) in self.numbers.iter().enumerate() {
            let f = format!("{at}.numbers[{j}]");
            let usage = match n.usage_type {
                PhoneNumberUsageType::MainCompanyNumber => NumberUsage::MainCompanyNumber,
                PhoneNumberUsageType::CompanyNumber => NumberUsage::CompanyNumber,
                PhoneNumberUsageType::DirectNumber => NumberUsage::DirectNumber,
                ref other => return invalid(format!("{f}.usageType"), not_one_of(other, &USAGES)),
            };
            let mut features = NumberFeatures::default();
            for (k, feat) in n.features.iter().enumerate() {
                match feat {
                    PhoneNumberFeature::SmsSender => features.sms_sender = true,
                    PhoneNumberFeature::MmsSender => features.mms_sender = true,
                    PhoneNumberFeature::CallerId => {}
                    other => return invalid(format!("{f}.features[{k}]"), not_one_of(other, &FEATURES)),
                }
            }
            b = b.number(NumberRecord {
                id: parse_id::<PhoneNumberId>(&format!("{f}.id"), &n.id)?,
                number: parse_id::<PhoneNumber>(&format!("{f}.phoneNumber"), &n.phone_number)?,
                usage,
                holder: parse_id(&format!("{f}.extensionId"), &n.extension_id)?,
                features,
            });
        }
        let directory = b.build().or_else(|e| invalid(format!("{at}.{}", e.field), e.reason))?;
        Ok(LoadedAccount { id, name: self.name.clone(), directory, jwts })
    }

    /// The fixture form of a directory (for the built-in accounts and `GET /mock/v1/fixture`).
    pub fn from_directory(id: AccountId, name: &str, d: &Directory) -> Self {
        let s = d.settings();
        Self {
            id: id.to_string(),
            name: name.into(),
            thread_messaging: SettingsFixture { enabled: s.enabled, call_queues: s.call_queues, sites: s.sites },
            users: d
                .users()
                .iter()
                .map(|u| UserFixture {
                    id: u.id.to_string(),
                    extension_number: u.extension_number.clone(),
                    name: u.name.clone(),
                    status: match u.status {
                        ExtensionStatus::Enabled => StatusName::Enabled,
                        ExtensionStatus::Disabled => StatusName::Disabled,
                        ExtensionStatus::Frozen => StatusName::Frozen,
                    },
                    super_admin: u.super_admin,
                    jwt: None,
                })
                .collect(),
            resources: d
                .resources()
                .iter()
                .map(|r| ResourceFixture {
                    id: r.id.to_string(),
                    extension_number: r.extension_number.clone(),
                    name: r.name.clone(),
                    kind: match r.kind {
                        ResourceKind::CallQueue => ResourceType::CallQueue,
                        ResourceKind::MainSite => ResourceType::MainSite,
                        ResourceKind::SubSite => ResourceType::SubSite,
                        ResourceKind::IvrMenu { .. } => ResourceType::IvrMenu,
                    },
                    site: match r.kind {
                        ResourceKind::IvrMenu { site } => Some(site.to_string()),
                        _ => None,
                    },
                    handlers: r
                        .handlers
                        .iter()
                        .map(|h| HandlerFixture {
                            extension_id: h.extension.to_string(),
                            assignable: h.assignable,
                            has_license: h.has_license,
                        })
                        .collect(),
                    sms_user: r.sms_user.map(|u| u.to_string()),
                    message_managers: r.message_managers.iter().map(ToString::to_string).collect(),
                })
                .collect(),
            numbers: d
                .numbers()
                .iter()
                .map(|n| NumberFixture {
                    id: n.id.to_string(),
                    phone_number: n.number.to_string(),
                    usage_type: match n.usage {
                        NumberUsage::MainCompanyNumber => PhoneNumberUsageType::MainCompanyNumber,
                        NumberUsage::CompanyNumber => PhoneNumberUsageType::CompanyNumber,
                        NumberUsage::DirectNumber => PhoneNumberUsageType::DirectNumber,
                    },
                    extension_id: n.holder.to_string(),
                    features: [
                        (n.features.sms_sender, PhoneNumberFeature::SmsSender),
                        (n.features.mms_sender, PhoneNumberFeature::MmsSender),
                    ]
                    .into_iter()
                    .filter_map(|(on, f)| on.then_some(f))
                    .collect(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_fixture_round_trips_through_json() {
        let f = Fixture::default_accounts();
        let json = serde_json::to_string(&f).unwrap();
        let back: Fixture = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
        let accounts = back.load().unwrap();
        assert_eq!(accounts.len(), 2);
        assert!(accounts[0].jwts.contains(&("jwt-101".to_owned(), sample::WAYNE)));
    }

    #[test]
    fn the_format_writes_the_names_it_reads() {
        let json = serde_json::to_value(Fixture::default_accounts()).unwrap();
        let account = &json["accounts"][0];
        assert_eq!(account["users"][0]["status"], "Enabled");
        let types: HashSet<_> = account["resources"].as_array().unwrap().iter().map(|r| r["type"].clone()).collect();
        assert_eq!(types, ["CallQueue", "MainSite", "SubSite", "IvrMenu"].map(serde_json::Value::from).into());
        let usages: HashSet<_> =
            account["numbers"].as_array().unwrap().iter().map(|n| n["usageType"].clone()).collect();
        assert_eq!(usages, ["MainCompanyNumber", "CompanyNumber", "DirectNumber"].map(serde_json::Value::from).into());
        assert_eq!(account["numbers"][0]["features"], serde_json::json!(["SmsSender", "MmsSender"]));
    }

    #[test]
    fn a_file_with_an_unknown_name_is_refused_naming_the_path_and_field() {
        let mut json = serde_json::to_value(Fixture::default_accounts()).unwrap();
        json["accounts"][0]["resources"][1]["type"] = "Lobby".into();
        let path = std::env::temp_dir().join(format!("rcthreads-fixture-unknown-type-{}.json", std::process::id()));
        std::fs::write(&path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
        let e = Fixture::from_file(&path).unwrap_err().to_string();
        assert!(e.starts_with(&path.display().to_string()), "{e}");
        assert!(e.contains("accounts[0].resources[1].type: unknown variant `Lobby`"), "{e}");

        // An unknown field is named by its path; a wrong value in a file names the file too.
        let mut json = serde_json::to_value(Fixture::default_accounts()).unwrap();
        json["accounts"][0]["users"][1]["nmae"] = "Beth".into();
        std::fs::write(&path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
        let e = Fixture::from_file(&path).unwrap_err().to_string();
        assert!(e.starts_with(&format!("{}: accounts[0].users[1].nmae: unknown field `nmae`", path.display())), "{e}");
        let mut json = serde_json::to_value(Fixture::default_accounts()).unwrap();
        json["accounts"][0]["users"][1]["status"] = "Sleeping".into();
        std::fs::write(&path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
        let e = Fixture::from_file(&path).unwrap_err().to_string();
        let _ = std::fs::remove_file(&path);
        assert!(e.starts_with(&format!("{}: accounts[0].users[1].status: ", path.display())), "{e}");

        let mut f = Fixture::default_accounts();
        f.accounts[0].numbers[0].usage_type = "AdditionalCompanyNumber".into();
        let e = f.load().unwrap_err().to_string();
        assert_eq!(
            e,
            "accounts[0].numbers[0].usageType: 'AdditionalCompanyNumber' is not MainCompanyNumber, CompanyNumber or DirectNumber"
        );
        let mut f = Fixture::default_accounts();
        f.accounts[0].numbers[0].features.push("Delegated".into());
        let e = f.load().unwrap_err().to_string();
        assert_eq!(e, "accounts[0].numbers[0].features[2]: 'Delegated' is not SmsSender, MmsSender or CallerId");
    }

    #[test]
    fn errors_name_the_field() {
        let mut f = Fixture::default_accounts();
        f.accounts[0].users[1].status = "Sleeping".into();
        let e = f.load().unwrap_err().to_string();
        assert_eq!(e, "accounts[0].users[1].status: 'Sleeping' is not Enabled, Disabled or Frozen");

        let mut f = Fixture::default_accounts();
        f.accounts[0].resources[4].handlers[0].extension_id = "999".into();
        let e = f.load().unwrap_err().to_string();
        assert_eq!(e, "accounts[0].resources[4].handlers[0]: 999 is not a user of this account");

        let mut f = Fixture::default_accounts();
        f.accounts[1].numbers[0].phone_number = "5551234".into();
        let e = f.load().unwrap_err().to_string();
        assert!(e.starts_with("accounts[1].numbers[0].phoneNumber: '5551234' must start with '+'"), "{e}");

        let mut f = Fixture::default_accounts();
        f.accounts[1].users[0].jwt = Some("jwt-101".into());
        assert!(f.load().unwrap_err().to_string().contains("used twice"));
    }
}
