//! The client reads the absolute links of records (a phone number's `uri` and `country`, an
//! attachment's `contentUri`) and follows a content link only on its own server.

mod common;

use common::*;
use rcthreads_domain::NewAttachment;
use rcthreads_transport::Error;
use rcthreads_wire::query::ListExtensionPhoneNumbersParameters;

#[tokio::test]
async fn phone_numbers_read_with_their_links_and_country() {
    let (mock, wayne) = wayne().await;
    let list = wayne.extension_phone_numbers("~", &ListExtensionPhoneNumbersParameters::default()).await.unwrap();
    assert!(list.uri.as_deref().is_some_and(|u| u.starts_with(&mock.url())), "{:?}", list.uri);
    let queue = list.records.iter().find(|r| r.phone_number.as_deref() == Some(QUEUE)).unwrap();
    assert!(queue.uri.as_deref().is_some_and(|u| u.starts_with(&format!("{}/restapi/v1.0/account/", mock.url()))));
    let country = queue.country.as_ref().expect("country");
    assert_eq!((country.id.as_deref(), country.name.as_deref()), (Some("1"), Some("United States")));
    assert!(queue.extension.as_ref().and_then(|e| e.uri.as_deref()).is_some_and(|u| u.starts_with(&mock.url())));
}

#[tokio::test]
async fn an_attachment_is_fetched_from_its_content_uri_on_the_own_server_only() {
    let (mock, wayne) = wayne().await;
    let png = vec![0x89, b'P', b'N', b'G'];
    let attachment =
        NewAttachment { content_type: "image/png".into(), file_name: Some("chart.png".into()), data: png.clone() };
    let sent = wayne.send_mms(&text(QUEUE, CUSTOMER, "The chart"), &[attachment]).await.unwrap();
    let att = &sent.attachments.as_ref().expect("attachments")[0];
    let uri = att.content_uri.clone();
    assert!(uri.starts_with(&mock.url()), "{uri}");

    let content = wayne.attachment_content_at(&uri).await.unwrap();
    assert_eq!((content.data.as_ref(), content.content_type.as_deref()), (png.as_slice(), Some("image/png")));
    // The path alone is on the client's server too.
    let path = &uri[mock.url().len()..];
    assert_eq!(wayne.attachment_content_at(path).await.unwrap().data.as_ref(), png.as_slice());

    // Another host, another port, another scheme, or a look-alike: refused, never requested.
    let port = mock.addr().port();
    for foreign in [
        format!("https://media.invalid{path}"),
        format!("http://127.0.0.1:{}{path}", port.wrapping_add(1)),
        format!("https://127.0.0.1:{port}{path}"),
        format!("http://127.0.0.1:{port}.invalid{path}"),
        "ftp://files.invalid/a.png".to_owned(),
    ] {
        let e = wayne.attachment_content_at(&foreign).await.unwrap_err();
        assert!(matches!(&e, Error::ForeignLink(u) if *u == foreign), "{foreign}: {e:?}");
    }
    assert_eq!(
        count(&mock, "GET", &format!("/content/{}", att.id)).await,
        2,
        "only the two links on the mock were requested"
    );
}
