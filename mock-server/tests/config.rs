//! Seeds 001 and 002: the feature check and the discovery of resources, numbers and handlers.

mod common;
use common::*;
use serde_json::Value;

fn names(v: &Value, key: &str) -> Vec<String> {
    v[key].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap_or_default().to_owned()).collect()
}

#[tokio::test]
async fn seed_001_feature_check() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let r = wayne.get(&format!("{EXT}/~/features?featureId=MessageThreads")).await;
    assert_eq!(r.status, 200);
    let f = &r.json()["records"][0];
    assert_eq!(f["id"], "MessageThreads");
    assert_eq!(f["available"], true);
    let params: Vec<(String, String)> = f["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap().to_owned(), p["value"].as_str().unwrap().to_owned()))
        .collect();
    assert!(params.contains(&("callQueueSupported".into(), "true".into())), "{params:?}");
    assert!(params.contains(&("siteSupported".into(), "true".into())), "{params:?}");
}

#[tokio::test]
async fn the_sms_feature_follows_the_numbers_a_user_may_send_from() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let federick = Api::login(&mock, "jwt-103").await;
    // Wayne holds a direct number with SmsSender.
    let f = wayne.get(&format!("{EXT}/~/features?featureId=SMS")).await.json();
    assert_eq!((&f["records"][0]["id"], &f["records"][0]["available"]), (&"SMS".into(), &true.into()));
    // Federick holds none and sends for no resource: unavailable, and the reason says so.
    let f = federick.get(&format!("{EXT}/~/features?featureId=SMS&featureId=MessageThreads")).await.json();
    assert_eq!(f["records"][0]["available"], false);
    assert_eq!(f["records"][0]["reason"]["code"], "ExtensionLimitation");
    let f = federick
        .get(&format!("{EXT}/~/features?featureId=SMS&featureId=MessageThreads&availableOnly=true"))
        .await
        .json();
    let ids: Vec<&str> = f["records"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["MessageThreads"]);
}

#[tokio::test]
async fn seed_001_feature_off() {
    let mut fixture = serde_json::to_value(rcthreads_mock::Fixture::default_accounts()).unwrap();
    fixture["accounts"][0]["threadMessaging"]["enabled"] = false.into();
    let fixture = serde_json::from_value(fixture).unwrap();
    let mock = rcthreads_mock::MockServer::start_with(fixture, Default::default()).await.unwrap();
    let wayne = Api::login(&mock, "jwt-101").await;
    let f = wayne.get(&format!("{EXT}/~/features?featureId=MessageThreads")).await.json();
    assert_eq!(f["records"][0]["available"], false);
    assert_eq!(f["records"][0]["reason"]["code"], "ServicePlanLimitation");
    let f = wayne.get(&format!("{EXT}/~/features?featureId=MessageThreads&availableOnly=true")).await.json();
    assert_eq!(f["records"], serde_json::json!([]), "availableOnly leaves it out");
    let r = wayne.send_message(QUEUE, CUSTOMER, "x").await;
    assert_eq!((r.status, r.code()), (403, "CMN-408".into()));
}

#[tokio::test]
async fn seed_002_discovery() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;

    let r = wayne.get(&format!("{EXT}?type=Department&type=CompanyExtension&type=Site&type=IvrMenu")).await;
    assert_eq!(r.status, 200);
    let exts = r.json();
    let records = exts["records"].as_array().unwrap();
    let by_name = |n: &str| records.iter().find(|r| r["name"] == n).unwrap_or_else(|| panic!("{n} in {exts}")).clone();
    assert_eq!(by_name("Financial Advising Queue")["type"], "Department");
    assert_eq!(by_name("Main Site")["type"], "Site");
    assert_eq!(by_name("Site 01")["type"], "Site");
    let ivr = by_name("IVR Menu 3002");
    assert_eq!(ivr["type"], "IvrMenu");
    assert_eq!(id_of(&ivr["site"]["id"]), SITE_01_ID);
    assert_eq!(ivr["site"]["name"], "Site 01");
    assert!(!records.iter().any(|r| r["type"] == "User"), "users were not asked for");
    let users = wayne.get(&format!("{EXT}?type=User")).await.json();
    assert!(names(&users, "records").contains(&"Dave D".to_owned()));
    assert!(!names(&users, "records").contains(&"Olga O".to_owned()));
    // The main site answers to CompanyExtension alone.
    let main = wayne.get(&format!("{EXT}?type=CompanyExtension")).await.json();
    assert_eq!(names(&main, "records"), ["Main Site"]);

    let queues = wayne.get("/restapi/v1.0/account/~/call-queues").await.json();
    assert_eq!(names(&queues, "records"), ["Financial Advising Queue", "Billing Queue"]);
    let sites = wayne.get("/restapi/v1.0/account/~/sites").await.json();
    assert_eq!(names(&sites, "records"), ["Site 01"]);

    let v2 =
        wayne.get("/restapi/v2/accounts/~/phone-numbers?usageType=MainCompanyNumber&usageType=CompanyNumber").await;
    assert_eq!(v2.status, 200);
    let mut company: Vec<String> = v2.json()["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["phoneNumber"].as_str().unwrap().to_owned())
        .collect();
    company.sort();
    assert_eq!(company, [MAIN_NUMBER, COMPANY_NUMBER]);
    let direct = wayne.get("/restapi/v2/accounts/~/phone-numbers?usageType=DirectNumber").await.json();
    let queue = direct["records"].as_array().unwrap().iter().find(|n| n["phoneNumber"] == QUEUE).unwrap().clone();
    assert_eq!(id_of(&queue["extension"]["id"]), QUEUE_ID);

    let recipients = wayne.get(&format!("{EXT}/{QUEUE_ID}/sms-recipients")).await.json();
    assert_eq!(names(&recipients, "smsRecipients"), ["Wayne T", "Beth S", "Federick J", "Sam R"]);
    let first = &recipients["smsRecipients"][0];
    assert_eq!((first["assignable"].as_bool(), first["hasLicense"].as_bool()), (Some(true), Some(true)));
    assert_eq!(first["extensionType"], "User", "SmsRecipient.extensionType");
    assert_eq!(first["extensionNumber"], "101");
    let site = wayne.get(&format!("{EXT}/{SITE_01_ID}/sms-recipients")).await.json();
    assert_eq!(names(&site, "smsRecipients"), ["Beth S"]);
    // An IVR menu has its site's handlers, and its number belongs to that site.
    let ivr_recipients = wayne.get(&format!("{EXT}/{IVR_3002_ID}/sms-recipients")).await.json();
    assert_eq!(names(&ivr_recipients, "smsRecipients"), ["Beth S"]);
    let ivr_numbers = wayne.get(&format!("{EXT}/{IVR_3002_ID}/phone-number")).await.json();
    assert_eq!(ivr_numbers["records"][0]["phoneNumber"], IVR_3002);
    let site_numbers = wayne.get(&format!("{EXT}/{SITE_01_ID}/phone-number")).await.json();
    let site_list: Vec<&str> =
        site_numbers["records"].as_array().unwrap().iter().map(|n| n["phoneNumber"].as_str().unwrap()).collect();
    assert!(site_list.contains(&SITE_01), "{site_list:?}");
    // So Beth, Site 01's handler, texts from the IVR menu's number into a Site 01 thread.
    let beth = Api::login(&mock, "jwt-102").await;
    let id = start_thread(&beth, IVR_3002, CUSTOMER, "From the IVR number").await;
    assert_eq!(beth.thread(&id).await.json()["owner"]["extensionId"], SITE_01_ID);

    // A user's numbers, filtered by usage type.
    let mine = wayne.get(&format!("{EXT}/~/phone-number?usageType=DirectNumber")).await.json();
    let list: Vec<&str> =
        mine["records"].as_array().unwrap().iter().map(|n| n["phoneNumber"].as_str().unwrap()).collect();
    assert!(list.contains(&WAYNE_DIRECT) && list.contains(&QUEUE) && !list.contains(&MAIN_NUMBER), "{list:?}");
    // Another user's numbers need a super admin.
    let nora = Api::login(&mock, "jwt-105").await;
    assert_eq!(nora.get(&format!("{EXT}/{WAYNE}/phone-number")).await.status, 403);
    assert_eq!(wayne.get(&format!("{EXT}/{NORA}/phone-number")).await.json()["records"][0]["phoneNumber"], NORA_DIRECT);
    assert_eq!(wayne.get(&format!("{EXT}/424242/sms-recipients")).await.status, 404);
    assert_eq!(wayne.get(&format!("{EXT}/{NORA}/sms-recipients")).await.status, 400);
}

#[tokio::test]
async fn bulk_assign_limits() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let path = format!("{EXT}/{BILLING_ID}/sms-recipients/bulk-assign");
    let r = wayne.post(&path, serde_json::json!({})).await;
    assert_eq!((r.status, r.code()), (400, "CMN-100".into()));
    let r = wayne.post(&path, serde_json::json!({"addedExtensionIds": [BETH], "removedExtensionIds": [BETH]})).await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".into(), "addedExtensionIds".into()));
    assert!(r.json()["message"].as_str().unwrap().contains("both"), "not 'not an enabled user': {}", r.json());
    // Accepted: no body, as the API definitions say; the list shows the change.
    let r = wayne.post(&path, serde_json::json!({"addedExtensionIds": [BETH]})).await;
    assert_eq!((r.status, r.bytes.len()), (204, 0));
    let recipients = wayne.get(&format!("{EXT}/{BILLING_ID}/sms-recipients")).await.json();
    assert_eq!(names(&recipients, "smsRecipients"), ["Sam R", "Beth S"]);
    let r = wayne.post(&path, serde_json::json!({"removedExtensionIds": [BETH]})).await;
    assert_eq!(r.status, 204);
    let r = wayne.post(&path, serde_json::json!({"addedExtensionIds": [DAVE]})).await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".into(), "addedExtensionIds".into()));
    let many: Vec<String> = (0..51).map(|i| format!("{}", 900_000 + i)).collect();
    let r = wayne.post(&path, serde_json::json!({"addedExtensionIds": many})).await;
    assert_eq!((r.status, r.parameter()), (400, "addedExtensionIds".into()));
    let recipients = wayne.get(&format!("{EXT}/{BILLING_ID}/sms-recipients")).await.json();
    assert_eq!(names(&recipients, "smsRecipients"), ["Sam R"], "nothing changed");
}

#[tokio::test]
async fn bulk_assign_only_on_call_queues_and_sites() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let body = serde_json::json!({"addedExtensionIds": [NORA]});
    // IVR menus use their site's handlers; users have none: the domain refuses both.
    for not_a_resource in [IVR_1002_ID, NORA] {
        let r = wayne.post(&format!("{EXT}/{not_a_resource}/sms-recipients/bulk-assign"), body.clone()).await;
        assert_eq!(
            (r.status, r.code(), r.parameter()),
            (400, "CMN-101".into(), "resourceId".into()),
            "{not_a_resource}"
        );
    }
    let r = wayne.post(&format!("{EXT}/424242/sms-recipients/bulk-assign"), body.clone()).await;
    assert_eq!((r.status, r.code()), (404, "CMN-102".into()));
    // Nothing changed: the site still has only Wayne.
    let site = wayne.get(&format!("{EXT}/{MAIN_SITE_ID}/sms-recipients")).await.json();
    assert_eq!(site["smsRecipients"].as_array().map(Vec::len), Some(1));
}
