//! Domain errors as the API answers them: HTTP status by error code, and the envelope.

use rcthreads_domain as d;

use crate::error::{ApiError, ErrorDetail, ErrorResponse};

/// The HTTP status each of the domain's error codes is sent with.
pub fn status_of(code: d::ErrorCode) -> u16 {
    match code {
        d::ErrorCode::Cmn100 | d::ErrorCode::Cmn101 => 400,
        d::ErrorCode::Cmn102 => 404,
        d::ErrorCode::Msg427 | d::ErrorCode::Cmn408 => 403,
    }
}

/// The value at fault, echoed as `parameterValue` where one input is to blame.
fn parameter_value(e: &d::DomainError) -> Option<String> {
    use d::DomainError::*;
    match e {
        ThreadNotOpen(id) | ThreadPairMismatch(id) => Some(id.to_string()),
        AssigneeNotAssignable(id) | NotACommonResource(id) => Some(id.to_string()),
        NotAUser { extension_id, .. } | AddedAndRemoved(extension_id) => Some(extension_id.to_string()),
        NotASharedNumber { number, .. }
        | InternalNumber { number, .. }
        | MissingFeature { number, .. }
        | NumberNotOwned { number, .. } => Some(number.to_string()),
        InvalidPaging { value, .. } => Some(value.to_string()),
        _ => None,
    }
}

impl From<&d::DomainError> for ErrorResponse {
    fn from(e: &d::DomainError) -> Self {
        let code = e.code();
        if let Some(extension_id) = e.extension_id() {
            return ErrorResponse::thread_not_assigned(&extension_id.to_string());
        }
        let mut detail = ErrorDetail::new(code.as_str(), e.to_string());
        if let Some(name) = e.parameter() {
            detail = detail.with_parameter(name, parameter_value(e));
        }
        ErrorResponse::new(status_of(code), ApiError::single(detail))
    }
}

impl From<d::DomainError> for ErrorResponse {
    fn from(e: d::DomainError) -> Self {
        ErrorResponse::from(&e)
    }
}
