//! The test account and the one generator of command sequences over it, shared by the domain's
//! property tests. Commands are generated as picks ([`Op`]: "a handler of the thread", "an open
//! thread", "an unknown id", ...) and turned into concrete ids by [`resolve`] against a [`View`]
//! of the state as it is when they run: `properties.rs` gives its reference model's view, the
//! other properties give the inbox's.

#![allow(dead_code, unused_imports)] // each test crate uses a different part

mod ops;
mod resolve;

pub use ops::{Actor, Cmd, Op, Pick, Route, When, cmd};
pub use resolve::{
    MessageView, NoteView, Step, ThreadView, UNKNOWN_MESSAGE, UNKNOWN_NOTE, UNKNOWN_THREAD, View, at, resolve, run,
};

use rcthreads_domain::sample::{
    self, BETH, BILLING_QUEUE, BILLING_QUEUE_NUMBER, COMPANY_NUMBER, DAVE, FEDERICK, FINANCIAL_QUEUE,
    FINANCIAL_QUEUE_NUMBER, IVR_MAIN_NUMBER, IVR_SITE_01_NUMBER, MAIN_NUMBER, MAIN_SITE, NORA, SAM, SITE_01,
    SITE_01_NUMBER, WAYNE,
};
use rcthreads_domain::{
    Directory, ExtensionId, ExtensionStatus, Inbox, PhoneNumber, SequentialIds, SmsHandler, Timestamp, User,
};

/// A handler of the Financial Advising Queue who may not become an assignee (only in
/// [`directory`]).
pub const NINA: ExtensionId = ExtensionId::new(710_407_052);
/// An assignable handler of the Financial Advising Queue without an SMS licence (only in
/// [`directory`]).
pub const LEO: ExtensionId = ExtensionId::new(710_408_052);
/// Not an extension of the account.
pub const GHOST: ExtensionId = ExtensionId::new(999);

/// Everyone who may try to act in [`directory`]: its users (Dave is disabled) and a stranger.
pub const ACTORS: [ExtensionId; 9] = [WAYNE, BETH, FEDERICK, SAM, NORA, DAVE, NINA, LEO, GHOST];
/// The enabled users of [`directory`].
pub const ENABLED: [ExtensionId; 7] = [WAYNE, BETH, FEDERICK, SAM, NORA, NINA, LEO];

/// The sample account plus two handlers the sample lacks: a non-assignable one and one without a
/// licence, so that every refusal of the rules can happen.
pub fn directory() -> Directory {
    let base = sample::directory();
    let mut b = Directory::builder().settings(base.settings());
    for u in base.users() {
        b = b.user(u.clone());
    }
    for (id, ext, name) in [(NINA, "107", "Nina P"), (LEO, "108", "Leo K")] {
        b = b.user(User {
            id,
            extension_number: ext.into(),
            name: name.into(),
            status: ExtensionStatus::Enabled,
            super_admin: false,
        });
    }
    for r in base.resources() {
        let mut r = r.clone();
        if r.id == FINANCIAL_QUEUE {
            r.handlers.push(SmsHandler { extension: NINA, assignable: false, has_license: true });
            r.handlers.push(SmsHandler { extension: LEO, assignable: true, has_license: false });
        }
        b = b.resource(r);
    }
    for n in base.numbers() {
        b = b.number(n.clone());
    }
    b.build().expect("the test directory is valid")
}

/// Enabled users of the sample account (Nora handles nothing until she is added).
pub const USERS: [ExtensionId; 5] = [WAYNE, BETH, FEDERICK, SAM, NORA];

/// The shared numbers and the resource whose handlers answer them (IVR menus: their site's).
pub const SHARED: [(PhoneNumber, ExtensionId); 7] = [
    (MAIN_NUMBER, MAIN_SITE),
    (COMPANY_NUMBER, MAIN_SITE),
    (IVR_MAIN_NUMBER, MAIN_SITE),
    (SITE_01_NUMBER, SITE_01),
    (IVR_SITE_01_NUMBER, SITE_01),
    (FINANCIAL_QUEUE_NUMBER, FINANCIAL_QUEUE),
    (BILLING_QUEUE_NUMBER, BILLING_QUEUE),
];

/// The resources whose handlers can change, with their handlers in [`directory`].
pub fn initial_handlers() -> Vec<(ExtensionId, Vec<ExtensionId>)> {
    vec![
        (MAIN_SITE, vec![WAYNE]),
        (SITE_01, vec![BETH]),
        (FINANCIAL_QUEUE, vec![WAYNE, BETH, FEDERICK, SAM, NINA, LEO]),
        (BILLING_QUEUE, vec![SAM]),
    ]
}

/// Outside numbers: few, so that pairs collide often and threads get reused and replaced.
pub const GUESTS: [PhoneNumber; 3] = [
    PhoneNumber::from_digits_unchecked(16_502_240_001),
    PhoneNumber::from_digits_unchecked(16_502_240_002),
    PhoneNumber::from_digits_unchecked(14_083_210_003),
];

/// 2026-03-12T21:06:33.706Z, the time of the seed's example.
pub const T0: Timestamp = Timestamp::from_millis(1_773_349_593_706);

/// A fresh inbox on [`directory`], its clock at the epoch.
pub fn inbox() -> Inbox {
    Inbox::new(sample::ACCOUNT, directory(), SequentialIds::default())
}
