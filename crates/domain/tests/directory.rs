//! An account's configuration with a mistake in it is refused, naming the field at fault: the
//! rules rely on every handler, SMS user, manager and number holder being of the account.

use rcthreads_domain::sample::{self, BETH, FINANCIAL_QUEUE, MAIN_SITE, WAYNE};
use rcthreads_domain::{
    Directory, DirectoryError, ExtensionId, NumberRecord, NumberUsage, PhoneNumber, Resource, ResourceKind, SmsHandler,
    User,
};

/// The sample directory's parts, to change one thing before building them again.
struct Parts {
    users: Vec<User>,
    resources: Vec<Resource>,
    numbers: Vec<NumberRecord>,
}

fn parts() -> Parts {
    let dir = sample::directory();
    Parts { users: dir.users().to_vec(), resources: dir.resources().to_vec(), numbers: dir.numbers().to_vec() }
}

fn build(p: Parts) -> Result<Directory, DirectoryError> {
    let mut builder = Directory::builder().settings(sample::directory().settings());
    for u in p.users {
        builder = builder.user(u);
    }
    for r in p.resources {
        builder = builder.resource(r);
    }
    for n in p.numbers {
        builder = builder.number(n);
    }
    builder.build()
}

/// The field a changed directory is refused for.
fn refused(change: impl FnOnce(&mut Parts)) -> String {
    let mut p = parts();
    change(&mut p);
    build(p).expect_err("the mistake is refused").field
}

fn resource_index(p: &Parts, id: ExtensionId) -> usize {
    p.resources.iter().position(|r| r.id == id).unwrap()
}

const STRANGER: ExtensionId = ExtensionId::new(999_999_052);

#[test]
fn the_sample_parts_build_again() {
    let dir = build(parts()).unwrap();
    assert_eq!(dir.users().len(), 6);
    assert_eq!(dir.resource(FINANCIAL_QUEUE).unwrap().handlers.len(), 4);
}

#[test]
fn users_need_a_name_and_an_id_of_their_own() {
    assert_eq!(refused(|p| p.users[1].name = "  ".into()), "users[1].name");
    assert_eq!(
        refused(|p| {
            let twin = User { name: "Wayne's twin".into(), ..p.users[0].clone() };
            p.users.push(twin);
        }),
        "users[6].id"
    );
}

#[test]
fn resources_need_a_name_an_id_of_their_own_and_one_main_site() {
    assert_eq!(resource_index(&parts(), FINANCIAL_QUEUE), 4);
    assert_eq!(refused(|p| p.resources[4].name = String::new()), "resources[4].name");
    // An id already a user's, or already another resource's.
    assert_eq!(refused(|p| p.resources[4].id = BETH), "resources[4].id");
    assert_eq!(refused(|p| p.resources[4].id = MAIN_SITE), "resources[4].id");
    assert_eq!(
        refused(|p| {
            let second = Resource { id: STRANGER, name: "Second Main".into(), ..p.resources[0].clone() };
            p.resources.push(second);
        }),
        "resources"
    );
}

#[test]
fn an_ivr_menu_belongs_to_a_site_and_has_no_handlers_of_its_own() {
    let ivr = |p: &Parts| p.resources.iter().position(|r| matches!(r.kind, ResourceKind::IvrMenu { .. })).unwrap();
    assert_eq!(
        refused(|p| {
            let i = ivr(p);
            p.resources[i].kind = ResourceKind::IvrMenu { site: FINANCIAL_QUEUE };
        }),
        "resources[1].kind.site"
    );
    assert_eq!(
        refused(|p| {
            let i = ivr(p);
            p.resources[i].handlers.push(SmsHandler::new(WAYNE));
        }),
        "resources[1].handlers"
    );
}

#[test]
fn handlers_sms_users_and_managers_are_users_of_the_account() {
    assert_eq!(refused(|p| p.resources[4].handlers.push(SmsHandler::new(STRANGER))), "resources[4].handlers[4]");
    assert_eq!(refused(|p| p.resources[4].handlers.push(SmsHandler::new(BETH))), "resources[4].handlers[4]");
    // A resource is no user either.
    assert_eq!(refused(|p| p.resources[4].handlers[0] = SmsHandler::new(MAIN_SITE)), "resources[4].handlers[0]");
    assert_eq!(refused(|p| p.resources[4].sms_user = Some(STRANGER)), "resources[4].smsUser");
    assert_eq!(refused(|p| p.resources[4].sms_user = Some(MAIN_SITE)), "resources[4].smsUser");
    assert_eq!(refused(|p| p.resources[4].message_managers = vec![BETH, STRANGER]), "resources[4].messageManagers[1]");
    // The valid forms of the same fields build.
    let mut p = parts();
    p.resources[4].sms_user = Some(BETH);
    p.resources[4].message_managers = vec![BETH];
    assert_eq!(build(p).unwrap().resource(FINANCIAL_QUEUE).unwrap().sms_user, Some(BETH));
}

#[test]
fn numbers_are_listed_once_held_by_an_extension_and_company_ones_by_the_main_site() {
    assert_eq!(
        refused(|p| {
            let again = NumberRecord { id: rcthreads_domain::PhoneNumberId::new(1), ..p.numbers[7].clone() };
            p.numbers.push(again);
        }),
        "numbers[10].number"
    );
    assert_eq!(refused(|p| p.numbers[7].holder = STRANGER), "numbers[7].holder");
    // A company number on a call queue; a direct number on a user stays valid.
    assert_eq!(
        refused(|p| {
            p.numbers[1].holder = FINANCIAL_QUEUE;
            assert_eq!(p.numbers[1].usage, NumberUsage::CompanyNumber);
        }),
        "numbers[1].holder"
    );
    let mut p = parts();
    let number: PhoneNumber = "+16505550199".parse().unwrap();
    p.numbers.push(NumberRecord { number, holder: BETH, ..p.numbers[7].clone() });
    assert_eq!(build(p).unwrap().number(number).unwrap().holder, BETH);
}

#[test]
fn a_directory_keeps_the_settings_it_was_built_with() {
    use rcthreads_domain::ThreadMessagingSettings;
    for settings in [
        ThreadMessagingSettings { enabled: false, call_queues: true, sites: true },
        ThreadMessagingSettings { enabled: true, call_queues: false, sites: true },
        ThreadMessagingSettings { enabled: true, call_queues: true, sites: false },
    ] {
        let dir = Directory::builder().settings(settings).build().unwrap();
        assert_eq!(dir.settings(), settings);
    }
    assert_eq!(
        Directory::builder().build().unwrap().settings(),
        ThreadMessagingSettings { enabled: true, call_queues: true, sites: true },
        "an empty directory has thread messaging fully on"
    );
}

#[test]
fn lookups_find_the_main_site_an_extensions_numbers_and_who_handles_what() {
    use rcthreads_domain::sample::{
        BILLING_QUEUE, COMPANY_NUMBER, FINANCIAL_QUEUE_NUMBER, IVR_MAIN, IVR_MAIN_NUMBER, MAIN_NUMBER, SAM, SITE_01,
        WAYNE_NUMBER,
    };
    let dir = sample::directory();
    assert_eq!(dir.main_site().map(|r| r.id), Some(MAIN_SITE));
    assert!(Directory::builder().build().unwrap().main_site().is_none());

    let numbers = |id| dir.numbers_of(id).map(|n| n.number).collect::<Vec<_>>();
    assert_eq!(numbers(MAIN_SITE), [MAIN_NUMBER, COMPANY_NUMBER]);
    assert_eq!(numbers(WAYNE), [WAYNE_NUMBER]);
    assert_eq!(numbers(BETH), []);

    // An IVR menu's threads belong to its site; a user's number owns none.
    assert_eq!(dir.thread_owner(IVR_MAIN_NUMBER).map(|r| r.id), Some(MAIN_SITE));
    assert_eq!(dir.thread_owner(FINANCIAL_QUEUE_NUMBER).map(|r| r.id), Some(FINANCIAL_QUEUE));
    assert!(dir.thread_owner(WAYNE_NUMBER).is_none());
    let handled = |u| dir.resources_handled_by(u).map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(handled(SAM), [FINANCIAL_QUEUE, BILLING_QUEUE]);
    assert_eq!(handled(BETH), [SITE_01, FINANCIAL_QUEUE]);
    assert!(dir.is_handler(IVR_MAIN, WAYNE) && !dir.is_handler(IVR_MAIN, BETH));
}

#[test]
fn the_numbers_listed_for_an_extension_are_its_own_and_those_it_handles() {
    use rcthreads_domain::sample::{
        COMPANY_NUMBER, FEDERICK, FINANCIAL_QUEUE_NUMBER, IVR_MAIN_NUMBER, IVR_SITE_01_NUMBER, MAIN_NUMBER, SAM,
        SITE_01, SITE_01_NUMBER, WAYNE_NUMBER,
    };
    let dir = sample::directory();
    let listed = |id| dir.numbers_listed_for(id).into_iter().map(|n| n.number).collect::<Vec<_>>();
    // Wayne handles the main site (with its IVR menu) and the Financial Advising Queue.
    assert_eq!(listed(WAYNE), [MAIN_NUMBER, COMPANY_NUMBER, IVR_MAIN_NUMBER, FINANCIAL_QUEUE_NUMBER, WAYNE_NUMBER]);
    assert_eq!(listed(BETH), [SITE_01_NUMBER, IVR_SITE_01_NUMBER, FINANCIAL_QUEUE_NUMBER]);
    assert_eq!(listed(FEDERICK), [FINANCIAL_QUEUE_NUMBER]);
    // A site lists its IVR menus' numbers; a queue its own.
    assert_eq!(listed(SITE_01), [SITE_01_NUMBER, IVR_SITE_01_NUMBER]);
    assert_eq!(listed(FINANCIAL_QUEUE), [FINANCIAL_QUEUE_NUMBER]);
    assert_eq!(listed(STRANGER), []);

    // Classic SMS: from a number of one's own or as a resource's designated SMS user.
    assert!(dir.can_send_sms(WAYNE));
    assert!(dir.can_send_sms(SAM), "the Billing Queue's SMS user");
    assert!(!dir.can_send_sms(FEDERICK), "a handler who is no resource's SMS user and holds no number");

    assert_eq!(dir.extension_name(BETH), Some("Beth S"));
    assert_eq!(dir.extension_name(FINANCIAL_QUEUE), Some("Financial Advising Queue"));
    assert_eq!(dir.extension_name(STRANGER), None);
}
