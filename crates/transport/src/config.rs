//! Configuration (seed 002): the feature check, phone numbers, extensions, call queues, sites,
//! and the SMS recipients (handlers) of common resources.
//!
//! `extension_id` arguments take an id or `~` (the caller).

use futures_util::Stream;
use http::Method;
use rcthreads_wire::QueryString;
use rcthreads_wire::extension::{CallQueueList, GetExtensionListInfoResponse, GetExtensionListResponse, SitesList};
use rcthreads_wire::feature::FeatureList;
use rcthreads_wire::phone_number::{AccountPhoneNumberInfo, AccountPhoneNumberList, GetExtensionPhoneNumbersResponse};
use rcthreads_wire::query::{
    ListAccountPhoneNumbersV2Parameters, ListExtensionPhoneNumbersParameters, ListExtensionsParameters,
    ReadExtensionFeaturesParameters,
};
use rcthreads_wire::recipient::{BulkAssignSmsRecipientsRequest, SmsRecipientsResource};

use crate::client::{Call, Client, seg};
use crate::error::Error;
use crate::paging::{self, PageInfo};

const ACCOUNT: &str = "/restapi/v1.0/account/~";

impl Client {
    /// `GET /extension/~/features`, e.g. with `featureId=MessageThreads`.
    pub async fn features(&self, query: &ReadExtensionFeaturesParameters) -> Result<FeatureList, Error> {
        self.get(&format!("{ACCOUNT}/extension/~/features"), &query.to_query()).await
    }

    /// `GET /extension/{extensionId}/phone-number`: the caller's numbers (`~`) with those of the
    /// resources they handle, or one resource's numbers.
    pub async fn extension_phone_numbers(
        &self,
        extension_id: &str,
        query: &ListExtensionPhoneNumbersParameters,
    ) -> Result<GetExtensionPhoneNumbersResponse, Error> {
        self.get(&format!("{ACCOUNT}/extension/{}/phone-number", seg(extension_id)), &query.to_query()).await
    }

    /// `GET /restapi/v2/accounts/~/phone-numbers`: one page of the account's numbers.
    pub async fn account_phone_numbers(
        &self,
        query: &ListAccountPhoneNumbersV2Parameters,
    ) -> Result<AccountPhoneNumberList, Error> {
        self.get("/restapi/v2/accounts/~/phone-numbers", &query.to_query()).await
    }

    /// Every account number matching `query`, page after page.
    pub fn account_phone_number_stream(
        &self,
        query: &ListAccountPhoneNumbersV2Parameters,
    ) -> impl Stream<Item = Result<AccountPhoneNumberInfo, Error>> + Send + 'static {
        let first = query.page_or_default();
        let query = query.clone();
        paging::records(self.clone(), first, move |client, page| {
            let q = ListAccountPhoneNumbersV2Parameters { page: Some(page), ..query.clone() };
            async move { client.account_phone_numbers(&q).await.map(|l| (l.records, PageInfo::from(&l.paging))) }
        })
    }

    /// `GET /extension`, with `type` filters (`User`, `Department`, `Site`, `CompanyExtension`,
    /// `IvrMenu`...).
    pub async fn extensions(&self, query: &ListExtensionsParameters) -> Result<GetExtensionListResponse, Error> {
        self.get(&format!("{ACCOUNT}/extension"), &query.to_query()).await
    }

    /// Every extension matching `query`, page after page.
    pub fn extension_stream(
        &self,
        query: &ListExtensionsParameters,
    ) -> impl Stream<Item = Result<GetExtensionListInfoResponse, Error>> + Send + 'static {
        let first = query.page_or_default();
        let query = query.clone();
        paging::records(self.clone(), first, move |client, page| {
            let q = ListExtensionsParameters { page: Some(page), ..query.clone() };
            async move {
                let l = client.extensions(&q).await?;
                // Without a paging block the answer is the whole list.
                let info = l.paging.as_ref().map_or(PageInfo { per_page: 0, total_pages: Some(page) }, PageInfo::from);
                Ok((l.records, info))
            }
        })
    }

    /// `GET /extension/{extensionId}`.
    pub async fn extension(&self, extension_id: &str) -> Result<GetExtensionListInfoResponse, Error> {
        self.get(&format!("{ACCOUNT}/extension/{}", seg(extension_id)), "").await
    }

    /// `GET /call-queues`.
    pub async fn call_queues(&self) -> Result<CallQueueList, Error> {
        self.get(&format!("{ACCOUNT}/call-queues"), "").await
    }

    /// `GET /sites`: the sub-sites (the main site is the `CompanyExtension`).
    pub async fn sites(&self) -> Result<SitesList, Error> {
        self.get(&format!("{ACCOUNT}/sites"), "").await
    }

    /// `GET /extension/{resourceId}/sms-recipients`: the SMS handlers of a call queue or site.
    pub async fn sms_recipients(&self, resource_id: &str) -> Result<SmsRecipientsResource, Error> {
        self.get(&format!("{ACCOUNT}/extension/{}/sms-recipients", seg(resource_id)), "").await
    }

    /// `POST /extension/{resourceId}/sms-recipients/bulk-assign`: adds and removes handlers.
    /// The answer has no body; read the new list with
    /// [`sms_recipients`](Self::sms_recipients).
    pub async fn bulk_assign_sms_recipients(
        &self,
        resource_id: &str,
        request: &BulkAssignSmsRecipientsRequest,
    ) -> Result<(), Error> {
        let path = format!("{ACCOUNT}/extension/{}/sms-recipients/bulk-assign", seg(resource_id));
        self.send_no_content(Call::new(Method::POST, path).json(request)).await
    }
}
