//! The account's configuration: users, common resources, shared numbers and their SMS handlers,
//! and who may send classic SMS from which number. Built once (and validated) by
//! [`DirectoryBuilder`]; only the SMS handler lists change afterwards, through the inbox.

use foldhash::HashMap;

use crate::error::DomainError;
use crate::id::{ExtensionId, PhoneNumberId};
use crate::phone::PhoneNumber;

/// Whether an extension can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ExtensionStatus {
    /// In service.
    Enabled,
    /// Switched off by an administrator; SMS to it is dropped.
    Disabled,
    /// Frozen; SMS to it is dropped.
    Frozen,
}

/// A user extension.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct User {
    /// Extension id.
    pub id: ExtensionId,
    /// Short extension number, e.g. `101`.
    pub extension_number: String,
    /// Display name.
    pub name: String,
    /// Enabled, Disabled or Frozen.
    pub status: ExtensionStatus,
    /// Super administrators may read call-queue message stores; they still cannot send SMS on
    /// behalf of anyone else.
    pub super_admin: bool,
}

/// What kind of common resource an extension is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ResourceKind {
    /// A call queue (extension type `Department`).
    CallQueue,
    /// The main site (extension type `Site`, listed as the `CompanyExtension`).
    MainSite,
    /// A sub-site (extension type `Site`).
    SubSite,
    /// An IVR menu; it has no SMS handlers of its own: those of `site` answer its numbers.
    IvrMenu {
        /// The main site or sub-site the menu belongs to.
        site: ExtensionId,
    },
}

impl ResourceKind {
    /// Sites (main or sub) and IVR menus are governed by the "sites" switch of thread messaging;
    /// call queues by the "call queues" one.
    pub fn is_site_like(self) -> bool {
        !matches!(self, ResourceKind::CallQueue)
    }
}

/// A user configured to send and receive SMS for a common resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SmsHandler {
    /// The user.
    pub extension: ExtensionId,
    /// Whether the user may become a thread's assignee.
    pub assignable: bool,
    /// Whether the user holds the SMS licence needed to send.
    pub has_license: bool,
}

impl SmsHandler {
    /// An assignable handler with a licence: the usual case.
    pub fn new(extension: ExtensionId) -> Self {
        Self { extension, assignable: true, has_license: true }
    }
}

/// A common resource: a call queue, a site or an IVR menu.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Resource {
    /// Extension id.
    pub id: ExtensionId,
    /// Short extension number (the main site may have none).
    pub extension_number: Option<String>,
    /// Display name, e.g. `Financial Advising Queue`.
    pub name: String,
    /// Call queue, main site, sub-site or IVR menu.
    pub kind: ResourceKind,
    /// SMS handlers (thread messaging). Empty for IVR menus, which use their site's.
    pub handlers: Vec<SmsHandler>,
    /// Classic SMS: the single user allowed to send from this resource's numbers (a call queue's
    /// direct numbers, a site's numbers, the main site's company numbers).
    pub sms_user: Option<ExtensionId>,
    /// Classic SMS: users who may read this call queue's message store (queue managers with the
    /// Messages permission), besides super admins.
    pub message_managers: Vec<ExtensionId>,
}

/// What a phone number is used as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum NumberUsage {
    /// The account's main company number.
    MainCompanyNumber,
    /// An additional company number (main site's auto-receptionist).
    CompanyNumber,
    /// A direct number of a user, call queue, site or IVR menu.
    DirectNumber,
}

/// Capabilities of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NumberFeatures {
    /// May send SMS.
    pub sms_sender: bool,
    /// May send MMS.
    pub mms_sender: bool,
}

impl NumberFeatures {
    /// SMS only.
    pub const SMS: Self = Self { sms_sender: true, mms_sender: false };
    /// SMS and MMS.
    pub const SMS_MMS: Self = Self { sms_sender: true, mms_sender: true };
}

/// A phone number of the account and whom it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NumberRecord {
    /// Record id.
    pub id: PhoneNumberId,
    /// The number.
    pub number: PhoneNumber,
    /// Main company, company or direct number.
    pub usage: NumberUsage,
    /// The extension the number is assigned to: a user, or a common resource (company numbers
    /// belong to the main site).
    pub holder: ExtensionId,
    /// SMS / MMS capabilities.
    pub features: NumberFeatures,
}

/// The thread messaging switches of the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ThreadMessagingSettings {
    /// The feature as a whole (service plan).
    pub enabled: bool,
    /// Call queues may be common resources.
    pub call_queues: bool,
    /// Sites (and their IVR menus) may be common resources.
    pub sites: bool,
}

impl Default for ThreadMessagingSettings {
    fn default() -> Self {
        Self { enabled: true, call_queues: true, sites: true }
    }
}

/// A directory that cannot be built: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct DirectoryError {
    /// The offending field, as a path such as `resources[2].handlers[0]`.
    pub field: String,
    /// What is wrong.
    pub reason: String,
}

/// The account's configuration, indexed for constant-time lookups.
#[derive(Debug, Clone)]
pub struct Directory {
    users: Vec<User>,
    resources: Vec<Resource>,
    numbers: Vec<NumberRecord>,
    settings: ThreadMessagingSettings,
    user_index: HashMap<ExtensionId, usize>,
    resource_index: HashMap<ExtensionId, usize>,
    number_index: HashMap<PhoneNumber, usize>,
}

/// Builds a [`Directory`], checking that every reference points somewhere sensible.
#[derive(Debug, Clone, Default)]
pub struct DirectoryBuilder {
    users: Vec<User>,
    resources: Vec<Resource>,
    numbers: Vec<NumberRecord>,
    settings: ThreadMessagingSettings,
}

impl DirectoryBuilder {
    /// An empty directory with thread messaging fully on.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a user.
    pub fn user(mut self, user: User) -> Self {
        self.users.push(user);
        self
    }

    /// Adds a common resource.
    pub fn resource(mut self, resource: Resource) -> Self {
        self.resources.push(resource);
        self
    }

    /// Adds a phone number.
    pub fn number(mut self, number: NumberRecord) -> Self {
        self.numbers.push(number);
        self
    }

    /// Sets the thread messaging switches.
    pub fn settings(mut self, settings: ThreadMessagingSettings) -> Self {
        self.settings = settings;
        self
    }

    /// Validates and indexes. Errors name the field and the reason.
    pub fn build(self) -> Result<Directory, DirectoryError> {
        let err = |field: String, reason: String| Err(DirectoryError { field, reason });
        let mut user_index = HashMap::default();
        let mut resource_index = HashMap::default();
        for (i, u) in self.users.iter().enumerate() {
            if u.name.trim().is_empty() {
                return err(format!("users[{i}].name"), "must not be empty".into());
            }
            if user_index.insert(u.id, i).is_some() {
                return err(format!("users[{i}].id"), format!("extension id {} is used twice", u.id));
            }
        }
        for (i, r) in self.resources.iter().enumerate() {
            if r.name.trim().is_empty() {
                return err(format!("resources[{i}].name"), "must not be empty".into());
            }
            if user_index.contains_key(&r.id) || resource_index.insert(r.id, i).is_some() {
                return err(format!("resources[{i}].id"), format!("extension id {} is used twice", r.id));
            }
        }
        let main_sites = self.resources.iter().filter(|r| r.kind == ResourceKind::MainSite).count();
        if main_sites > 1 {
            return err("resources".into(), "there can be only one main site".into());
        }
        for (i, r) in self.resources.iter().enumerate() {
            if let ResourceKind::IvrMenu { site } = r.kind {
                let is_site = resource_index
                    .get(&site)
                    .is_some_and(|&j| matches!(self.resources[j].kind, ResourceKind::MainSite | ResourceKind::SubSite));
                if !is_site {
                    return err(format!("resources[{i}].kind.site"), format!("{site} is not a site of this account"));
                }
                if !r.handlers.is_empty() {
                    return err(
                        format!("resources[{i}].handlers"),
                        "an IVR menu has no SMS handlers of its own; configure its site's".into(),
                    );
                }
            }
            let mut seen = Vec::new();
            for (j, h) in r.handlers.iter().enumerate() {
                if !user_index.contains_key(&h.extension) {
                    return err(
                        format!("resources[{i}].handlers[{j}]"),
                        format!("{} is not a user of this account", h.extension),
                    );
                }
                if seen.contains(&h.extension) {
                    return err(format!("resources[{i}].handlers[{j}]"), format!("{} is listed twice", h.extension));
                }
                seen.push(h.extension);
            }
            if let Some(u) = r.sms_user {
                if !user_index.contains_key(&u) {
                    return err(format!("resources[{i}].smsUser"), format!("{u} is not a user of this account"));
                }
            }
            for (j, m) in r.message_managers.iter().enumerate() {
                if !user_index.contains_key(m) {
                    return err(
                        format!("resources[{i}].messageManagers[{j}]"),
                        format!("{m} is not a user of this account"),
                    );
                }
            }
        }
        let mut number_index = HashMap::default();
        for (i, n) in self.numbers.iter().enumerate() {
            if number_index.insert(n.number, i).is_some() {
                return err(format!("numbers[{i}].number"), format!("{} is listed twice", n.number));
            }
            let holder_ok = user_index.contains_key(&n.holder) || resource_index.contains_key(&n.holder);
            if !holder_ok {
                return err(
                    format!("numbers[{i}].holder"),
                    format!("{} is not an extension of this account", n.holder),
                );
            }
            let company = matches!(n.usage, NumberUsage::MainCompanyNumber | NumberUsage::CompanyNumber);
            let on_main_site =
                resource_index.get(&n.holder).is_some_and(|&j| self.resources[j].kind == ResourceKind::MainSite);
            if company && !on_main_site {
                return err(format!("numbers[{i}].holder"), "company numbers belong to the main site".into());
            }
        }
        Ok(Directory {
            users: self.users,
            resources: self.resources,
            numbers: self.numbers,
            settings: self.settings,
            user_index,
            resource_index,
            number_index,
        })
    }
}

impl Directory {
    /// Starts a builder.
    pub fn builder() -> DirectoryBuilder {
        DirectoryBuilder::new()
    }

    /// All users, in the order given.
    pub fn users(&self) -> &[User] {
        &self.users
    }

    /// All common resources, in the order given.
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    /// All phone numbers, in the order given.
    pub fn numbers(&self) -> &[NumberRecord] {
        &self.numbers
    }

    /// The thread messaging switches.
    pub fn settings(&self) -> ThreadMessagingSettings {
        self.settings
    }

    /// A user by id.
    pub fn user(&self, id: ExtensionId) -> Option<&User> {
        self.user_index.get(&id).map(|&i| &self.users[i])
    }

    /// A common resource by id.
    pub fn resource(&self, id: ExtensionId) -> Option<&Resource> {
        self.resource_index.get(&id).map(|&i| &self.resources[i])
    }

    /// The main site, if the account has one.
    pub fn main_site(&self) -> Option<&Resource> {
        self.resources.iter().find(|r| r.kind == ResourceKind::MainSite)
    }

    /// A number's record.
    pub fn number(&self, number: PhoneNumber) -> Option<&NumberRecord> {
        self.number_index.get(&number).map(|&i| &self.numbers[i])
    }

    /// The numbers held by one extension.
    pub fn numbers_of(&self, holder: ExtensionId) -> impl Iterator<Item = &NumberRecord> {
        self.numbers.iter().filter(move |n| n.holder == holder)
    }

    /// The resource whose SMS handlers answer a resource's numbers: itself, or for an IVR menu
    /// its site.
    pub fn handling_resource(&self, id: ExtensionId) -> Option<&Resource> {
        let r = self.resource(id)?;
        match r.kind {
            ResourceKind::IvrMenu { site } => self.resource(site),
            _ => Some(r),
        }
    }

    /// The common resource that owns threads on `number`: the handling resource of the number's
    /// holder. `None` for user numbers and numbers outside the account.
    pub fn thread_owner(&self, number: PhoneNumber) -> Option<&Resource> {
        self.handling_resource(self.number(number)?.holder)
    }

    /// Whether thread messaging is on for a resource (the feature, and its kind's switch).
    pub fn thread_messaging_on(&self, resource: &Resource) -> bool {
        let s = self.settings;
        s.enabled && if resource.kind.is_site_like() { s.sites } else { s.call_queues }
    }

    /// The handler entry of `user` on `resource`, if the user is one of its handlers.
    pub fn handler(&self, resource: ExtensionId, user: ExtensionId) -> Option<&SmsHandler> {
        self.handling_resource(resource)?.handlers.iter().find(|h| h.extension == user)
    }

    /// Whether `user` handles SMS for `resource` (IVR menus: for its site).
    pub fn is_handler(&self, resource: ExtensionId, user: ExtensionId) -> bool {
        self.handler(resource, user).is_some()
    }

    /// The resources (never IVR menus) that `user` handles.
    pub fn resources_handled_by(&self, user: ExtensionId) -> impl Iterator<Item = &Resource> {
        self.resources.iter().filter(move |r| r.handlers.iter().any(|h| h.extension == user))
    }

    /// The numbers listed for an extension (`GET /extension/{id}/phone-number`): for a user,
    /// their own numbers and the shared numbers of every resource they handle (IVR menus'
    /// numbers through their site); for a site, its numbers and its IVR menus'; for any other
    /// resource, its own numbers. In the directory's order.
    pub fn numbers_listed_for(&self, id: ExtensionId) -> Vec<&NumberRecord> {
        if self.user(id).is_some() {
            return self
                .numbers
                .iter()
                .filter(|n| {
                    n.holder == id || self.handling_resource(n.holder).is_some_and(|r| self.is_handler(r.id, id))
                })
                .collect();
        }
        self.numbers
            .iter()
            .filter(|n| n.holder == id || self.handling_resource(n.holder).is_some_and(|r| r.id == id))
            .collect()
    }

    /// Whose store keeps classic SMS sent by `actor` from `from`, if `actor` may send from it:
    /// their own numbers go to their store; company and site numbers only by the site's
    /// designated SMS user, into that user's store; a call queue's numbers only by its designated
    /// user, into the queue's store.
    pub fn sms_store_for(&self, actor: ExtensionId, from: PhoneNumber) -> Result<ExtensionId, DomainError> {
        let not_owned = DomainError::NumberNotOwned { number: from, extension_id: actor };
        let record = self.number(from).ok_or(not_owned.clone())?;
        if record.holder == actor {
            return Ok(actor);
        }
        let resource = self.resource(record.holder).ok_or(not_owned.clone())?;
        // An IVR menu's numbers are its site's.
        let resource = match resource.kind {
            ResourceKind::IvrMenu { site } => self.resource(site).ok_or(not_owned.clone())?,
            _ => resource,
        };
        if resource.sms_user != Some(actor) {
            return Err(not_owned);
        }
        Ok(match resource.kind {
            ResourceKind::CallQueue => resource.id,
            _ => actor,
        })
    }

    /// Whether `extension` may send classic SMS at all: some number it may send from has the
    /// `SmsSender` feature (the `SMS` feature of `GET /extension/{id}/features`).
    pub fn can_send_sms(&self, extension: ExtensionId) -> bool {
        self.numbers.iter().any(|n| n.features.sms_sender && self.sms_store_for(extension, n.number).is_ok())
    }

    /// Name of any extension (user or resource).
    pub fn extension_name(&self, id: ExtensionId) -> Option<&str> {
        self.user(id).map(|u| u.name.as_str()).or_else(|| self.resource(id).map(|r| r.name.as_str()))
    }

    pub(crate) fn resource_mut(&mut self, id: ExtensionId) -> Option<&mut Resource> {
        self.resource_index.get(&id).map(|&i| &mut self.resources[i])
    }
}
