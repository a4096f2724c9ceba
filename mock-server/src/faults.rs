//! Fault injection: make the next requests (or those whose path matches a pattern) slow, rate
//! limited, unavailable, or cut off, to test a client's retries and error handling.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// What goes wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum FaultKind {
    /// Answer normally, after a delay.
    #[serde(rename_all = "camelCase")]
    Delay {
        /// Milliseconds to wait.
        ms: u64,
    },
    /// 429 `CMN-301`, with `Retry-After` unless `retryAfter` is `null`.
    #[serde(rename_all = "camelCase")]
    RateLimit {
        /// Seconds in `Retry-After`: 1 when the field is absent, no header when it is `null`
        /// (to test a client's wait without one).
        #[serde(default = "one")]
        retry_after: Option<u64>,
    },
    /// 503 with an error envelope (and `Retry-After` when given).
    #[serde(rename_all = "camelCase")]
    Unavailable {
        /// Seconds in `Retry-After`, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after: Option<u64>,
    },
    /// The connection is closed without a complete response.
    Drop,
}

fn one() -> Option<u64> {
    Some(1)
}

/// A fault as posted to `POST /mock/v1/faults`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultSpec {
    /// A regular expression the request path must match (anywhere; anchor it with `^...$`).
    /// Without it the fault hits any API request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_pattern: Option<String>,
    /// Only this HTTP method (any when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// How many matching requests it hits. Default: 1 without a pattern ("the next request"),
    /// every matching request with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// What happens.
    pub fault: FaultKind,
}

/// An active fault.
#[derive(Debug, Clone)]
struct Active {
    id: u64,
    spec: FaultSpec,
    pattern: Option<regex_lite::Regex>,
    remaining: Option<u32>,
}

/// An active fault as listed by `GET /mock/v1/faults`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultView {
    /// Id, for reference.
    pub id: u64,
    /// The fault as posted.
    #[serde(flatten)]
    pub spec: FaultSpec,
    /// Hits left (absent: unlimited).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining: Option<u32>,
}

/// The faults in force.
#[derive(Debug, Default)]
pub struct Faults {
    active: Vec<Active>,
    next_id: u64,
}

/// Why a fault cannot be installed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaultError {
    /// The pattern is not a regular expression.
    #[error("pathPattern is not a valid regular expression: {0}")]
    Pattern(String),
    /// `times` of 0 would never fire.
    #[error("times must be at least 1")]
    ZeroTimes,
    /// A delay longer than [`MAX_DELAY_MS`].
    #[error("fault.ms may be at most {MAX_DELAY_MS} (a minute)")]
    DelayTooLong,
    /// [`MAX_FAULTS`] are in force already.
    #[error("at most {MAX_FAULTS} faults may be in force; delete some first")]
    TooMany,
}

/// The longest `delay` fault, in milliseconds: longer would hold requests past any client's
/// timeout and the server's shutdown.
pub const MAX_DELAY_MS: u64 = 60_000;

/// The most faults in force at once.
pub const MAX_FAULTS: usize = 100;

impl FaultError {
    /// The parameter at fault, as the error envelope names it.
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::Pattern(_) => "pathPattern",
            Self::ZeroTimes => "times",
            Self::DelayTooLong => "fault.ms",
            Self::TooMany => "fault",
        }
    }
}

impl Faults {
    /// Installs a fault; returns its id.
    pub fn add(&mut self, spec: FaultSpec) -> Result<u64, FaultError> {
        let pattern = match &spec.path_pattern {
            Some(p) => Some(regex_lite::Regex::new(p).map_err(|e| FaultError::Pattern(e.to_string()))?),
            None => None,
        };
        if spec.times == Some(0) {
            return Err(FaultError::ZeroTimes);
        }
        if matches!(spec.fault, FaultKind::Delay { ms } if ms > MAX_DELAY_MS) {
            return Err(FaultError::DelayTooLong);
        }
        if self.active.len() >= MAX_FAULTS {
            return Err(FaultError::TooMany);
        }
        let remaining = spec.times.or(if pattern.is_none() { Some(1) } else { None });
        self.next_id += 1;
        self.active.push(Active { id: self.next_id, spec, pattern, remaining });
        Ok(self.next_id)
    }

    /// The fault hitting this request, if any (using up one of its hits).
    pub fn take(&mut self, method: &str, path: &str) -> Option<FaultKind> {
        let i = self.active.iter().position(|f| {
            f.spec.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
                && f.pattern.as_ref().is_none_or(|p| p.is_match(path))
        })?;
        let f = &mut self.active[i];
        let kind = f.spec.fault.clone();
        if let Some(n) = &mut f.remaining {
            *n -= 1;
            if *n == 0 {
                self.active.remove(i);
            }
        }
        Some(kind)
    }

    /// The faults in force.
    pub fn list(&self) -> Vec<FaultView> {
        self.active.iter().map(|f| FaultView { id: f.id, spec: f.spec.clone(), remaining: f.remaining }).collect()
    }

    /// Removes one fault; false when there is none with that id.
    pub fn remove(&mut self, id: u64) -> bool {
        let before = self.active.len();
        self.active.retain(|f| f.id != id);
        self.active.len() != before
    }

    /// Removes every fault.
    pub fn clear(&mut self) {
        self.active.clear();
    }
}

impl FaultKind {
    /// The delay of a `Delay` fault.
    pub fn delay(&self) -> Option<Duration> {
        match self {
            FaultKind::Delay { ms } => Some(Duration::from_millis(*ms)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_request_fault_fires_once() {
        let mut f = Faults::default();
        f.add(FaultSpec { path_pattern: None, method: None, times: None, fault: FaultKind::Drop }).unwrap();
        assert_eq!(f.take("GET", "/restapi/v1.0/account/~"), Some(FaultKind::Drop));
        assert_eq!(f.take("GET", "/restapi/v1.0/account/~"), None);
    }

    #[test]
    fn pattern_fault_fires_until_cleared_or_used_up() {
        let mut f = Faults::default();
        let spec = FaultSpec {
            path_pattern: Some("/message-threads$".into()),
            method: Some("get".into()),
            times: Some(2),
            fault: FaultKind::RateLimit { retry_after: Some(3) },
        };
        f.add(spec).unwrap();
        assert_eq!(f.take("POST", "/restapi/v1.0/account/~/message-threads"), None);
        assert_eq!(f.take("GET", "/restapi/v1.0/account/~/extension"), None);
        assert!(f.take("GET", "/restapi/v1.0/account/~/message-threads").is_some());
        assert!(f.take("GET", "/restapi/v1.0/account/~/message-threads").is_some());
        assert_eq!(f.take("GET", "/restapi/v1.0/account/~/message-threads"), None);
        assert!(matches!(
            f.add(FaultSpec { path_pattern: Some("(".into()), method: None, times: None, fault: FaultKind::Drop }),
            Err(FaultError::Pattern(_))
        ));
    }
}
