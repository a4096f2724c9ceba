//! The sample accounts of the seed documents' use cases: "Mock Advisory LLC", whose financial
//! advising team shares a call queue number, and "Other Corp", which exists to show that one
//! account never sees another's data. The mock server serves them by default; tests and
//! examples use them too.
//!
//! | what | name | ext. no. | numbers | SMS handlers |
//! |---|---|---|---|---|
//! | main site | Main Site | | main company +16505550100 (SMS, MMS), company +16505550101 | Wayne T |
//! | IVR menu on main site | IVR Menu 1002 | 1002 | +16572760001 | (main site's) |
//! | sub-site | Site 01 | 30001 | +16575050001 | Beth S |
//! | IVR menu on Site 01 | IVR Menu 3002 | 3002 | +16575050002 | (Site 01's) |
//! | call queue | Financial Advising Queue | 11601 | +15559870001 (SMS, MMS) | Wayne T, Beth S, Federick J, Sam R |
//! | call queue | Billing Queue | 11602 | +12092480001 | Sam R |
//! | user, super admin | Wayne T | 101 | direct +16505550111 | |
//! | user | Beth S, Federick J, Sam R | 102, 103, 104 | | |
//! | user, handles nothing | Nora N | 105 | direct +16505550115 | |
//! | user, Disabled | Dave D | 106 | direct +16505550116 | |
//!
//! Classic SMS: Wayne T is the designated SMS user of the company numbers and of the Financial
//! Advising Queue, Sam R of the Billing Queue, Beth S of Site 01.

use crate::directory::{
    Directory, ExtensionStatus, NumberFeatures, NumberRecord, NumberUsage, Resource, ResourceKind, SmsHandler,
    ThreadMessagingSettings, User,
};
use crate::id::{AccountId, ExtensionId, PhoneNumberId};
use crate::phone::PhoneNumber;

/// Mock Advisory LLC.
pub const ACCOUNT: AccountId = AccountId::new(37_439_510);
/// Other Corp.
pub const OTHER_ACCOUNT: AccountId = AccountId::new(48_550_620);

/// Wayne T, ext. 101, super admin.
pub const WAYNE: ExtensionId = ExtensionId::new(696_658_052);
/// Beth S, ext. 102.
pub const BETH: ExtensionId = ExtensionId::new(696_667_052);
/// Federick J, ext. 103.
pub const FEDERICK: ExtensionId = ExtensionId::new(696_676_052);
/// Sam R, ext. 104.
pub const SAM: ExtensionId = ExtensionId::new(710_403_052);
/// Nora N, ext. 105: handles nothing.
pub const NORA: ExtensionId = ExtensionId::new(710_405_052);
/// Dave D, ext. 106: Disabled.
pub const DAVE: ExtensionId = ExtensionId::new(710_406_052);
/// Olga O, ext. 201, of Other Corp.
pub const OLGA: ExtensionId = ExtensionId::new(810_201_052);

/// The main site.
pub const MAIN_SITE: ExtensionId = ExtensionId::new(497_120_052);
/// IVR Menu 1002, on the main site.
pub const IVR_MAIN: ExtensionId = ExtensionId::new(497_134_052);
/// Site 01, ext. 30001.
pub const SITE_01: ExtensionId = ExtensionId::new(497_128_052);
/// IVR Menu 3002, on Site 01.
pub const IVR_SITE_01: ExtensionId = ExtensionId::new(497_136_052);
/// Financial Advising Queue, ext. 11601.
pub const FINANCIAL_QUEUE: ExtensionId = ExtensionId::new(62_284_871_234);
/// Billing Queue, ext. 11602.
pub const BILLING_QUEUE: ExtensionId = ExtensionId::new(62_498_880_001);
/// Support Queue of Other Corp, ext. 21601.
pub const SUPPORT_QUEUE: ExtensionId = ExtensionId::new(82_160_100_001);

const fn number(digits: u64) -> PhoneNumber {
    PhoneNumber::from_digits_unchecked(digits)
}

/// The main company number.
pub const MAIN_NUMBER: PhoneNumber = number(16_505_550_100);
/// The additional company number.
pub const COMPANY_NUMBER: PhoneNumber = number(16_505_550_101);
/// IVR Menu 1002's direct number.
pub const IVR_MAIN_NUMBER: PhoneNumber = number(16_572_760_001);
/// Site 01's direct number.
pub const SITE_01_NUMBER: PhoneNumber = number(16_575_050_001);
/// IVR Menu 3002's direct number.
pub const IVR_SITE_01_NUMBER: PhoneNumber = number(16_575_050_002);
/// The Financial Advising Queue's direct number.
pub const FINANCIAL_QUEUE_NUMBER: PhoneNumber = number(15_559_870_001);
/// The Billing Queue's direct number.
pub const BILLING_QUEUE_NUMBER: PhoneNumber = number(12_092_480_001);
/// Wayne T's direct number.
pub const WAYNE_NUMBER: PhoneNumber = number(16_505_550_111);
/// Nora N's direct number.
pub const NORA_NUMBER: PhoneNumber = number(16_505_550_115);
/// Dave D's direct number.
pub const DAVE_NUMBER: PhoneNumber = number(16_505_550_116);
/// The Support Queue's direct number (Other Corp).
pub const SUPPORT_QUEUE_NUMBER: PhoneNumber = number(13_125_550_001);

fn user(id: ExtensionId, ext: &str, name: &str, status: ExtensionStatus, super_admin: bool) -> User {
    User { id, extension_number: ext.into(), name: name.into(), status, super_admin }
}

fn resource(id: ExtensionId, ext: Option<&str>, name: &str, kind: ResourceKind, handlers: &[ExtensionId]) -> Resource {
    Resource {
        id,
        extension_number: ext.map(Into::into),
        name: name.into(),
        kind,
        handlers: handlers.iter().map(|&e| SmsHandler::new(e)).collect(),
        sms_user: None,
        message_managers: Vec::new(),
    }
}

fn num(id: u64, n: PhoneNumber, usage: NumberUsage, holder: ExtensionId, features: NumberFeatures) -> NumberRecord {
    NumberRecord { id: PhoneNumberId::new(id), number: n, usage, holder, features }
}

/// Mock Advisory LLC's directory.
pub fn directory() -> Directory {
    use ExtensionStatus::*;
    use NumberUsage::*;
    let sms = NumberFeatures::SMS;
    let mms = NumberFeatures::SMS_MMS;
    let with_sms_user = |mut r: Resource, u: ExtensionId| {
        r.sms_user = Some(u);
        r
    };
    Directory::builder()
        .user(user(WAYNE, "101", "Wayne T", Enabled, true))
        .user(user(BETH, "102", "Beth S", Enabled, false))
        .user(user(FEDERICK, "103", "Federick J", Enabled, false))
        .user(user(SAM, "104", "Sam R", Enabled, false))
        .user(user(NORA, "105", "Nora N", Enabled, false))
        .user(user(DAVE, "106", "Dave D", Disabled, false))
        .resource(with_sms_user(resource(MAIN_SITE, None, "Main Site", ResourceKind::MainSite, &[WAYNE]), WAYNE))
        .resource(resource(IVR_MAIN, Some("1002"), "IVR Menu 1002", ResourceKind::IvrMenu { site: MAIN_SITE }, &[]))
        .resource(with_sms_user(resource(SITE_01, Some("30001"), "Site 01", ResourceKind::SubSite, &[BETH]), BETH))
        .resource(resource(IVR_SITE_01, Some("3002"), "IVR Menu 3002", ResourceKind::IvrMenu { site: SITE_01 }, &[]))
        .resource(with_sms_user(
            resource(
                FINANCIAL_QUEUE,
                Some("11601"),
                "Financial Advising Queue",
                ResourceKind::CallQueue,
                &[WAYNE, BETH, FEDERICK, SAM],
            ),
            WAYNE,
        ))
        .resource(with_sms_user(
            resource(BILLING_QUEUE, Some("11602"), "Billing Queue", ResourceKind::CallQueue, &[SAM]),
            SAM,
        ))
        .number(num(656_379_052, MAIN_NUMBER, MainCompanyNumber, MAIN_SITE, mms))
        .number(num(656_614_052, COMPANY_NUMBER, CompanyNumber, MAIN_SITE, sms))
        .number(num(657_014_052, IVR_MAIN_NUMBER, DirectNumber, IVR_MAIN, sms))
        .number(num(657_031_052, SITE_01_NUMBER, DirectNumber, SITE_01, sms))
        .number(num(657_032_052, IVR_SITE_01_NUMBER, DirectNumber, IVR_SITE_01, sms))
        .number(num(121_366_771_234, FINANCIAL_QUEUE_NUMBER, DirectNumber, FINANCIAL_QUEUE, mms))
        .number(num(121_366_772_234, BILLING_QUEUE_NUMBER, DirectNumber, BILLING_QUEUE, sms))
        .number(num(658_101_052, WAYNE_NUMBER, DirectNumber, WAYNE, sms))
        .number(num(658_105_052, NORA_NUMBER, DirectNumber, NORA, sms))
        .number(num(658_106_052, DAVE_NUMBER, DirectNumber, DAVE, sms))
        .settings(ThreadMessagingSettings::default())
        .build()
        .expect("the sample directory is valid")
}

/// Other Corp's directory: one user and one call queue.
pub fn other_directory() -> Directory {
    Directory::builder()
        .user(user(OLGA, "201", "Olga O", ExtensionStatus::Enabled, true))
        .resource(resource(SUPPORT_QUEUE, Some("21601"), "Support Queue", ResourceKind::CallQueue, &[OLGA]))
        .number(num(
            131_255_500_001,
            SUPPORT_QUEUE_NUMBER,
            NumberUsage::DirectNumber,
            SUPPORT_QUEUE,
            NumberFeatures::SMS,
        ))
        .build()
        .expect("the sample directory is valid")
}
