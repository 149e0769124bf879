//! One call from its first request to its end, as a pure state machine: the client (the
//! wasm layer) sends `Exchange::request()`, reports what happened with `answered` or
//! `unanswered`, and does what the returned `Step` says. The clock, the random number
//! for the back-off's jitter and the JSON reader come in as arguments; nothing here
//! waits, sends or reads a clock.

use crate::call::Call;
use crate::config::Config;
use crate::error::{Error, ErrorKind};
use crate::http::{Request, Response};
use crate::json::{Codec, Value};
use crate::retry::{self, Decision, Ending, Policy};

/// What to do after an attempt.
#[derive(Debug)]
pub enum Step {
    /// The call succeeded: the contract's result object.
    Done(Value),
    /// The call failed for good.
    Failed(Error),
    /// Send this request now: the same call in the form the provider asked for (Z-API's
    /// invitation link moved from POST to GET).
    Resend,
    /// Send the same request again after `after_ms`; `error` is what to report if the
    /// caller stops first.
    Again { after_ms: u64, error: Error },
}

/// How an attempt that got no answer ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lost {
    Network,
    Timeout,
    Aborted,
    /// An answer that could not be read (too large, not an HTTP response).
    Decode,
}

impl Lost {
    /// The error kind such an ending gets.
    pub fn kind(self) -> ErrorKind {
        match self {
            Lost::Network => ErrorKind::Network,
            Lost::Timeout => ErrorKind::Timeout,
            Lost::Aborted => ErrorKind::Aborted,
            Lost::Decode => ErrorKind::Decode,
        }
    }
}

/// A call on its way: what was asked, the request last sent for it, and how many times it
/// has been sent.
#[derive(Debug)]
pub struct Exchange {
    call: Call,
    sent: Request,
    attempt: u32,
    /// Whether an attempt that got no answer may have reached the provider.
    reached: bool,
}

impl Exchange {
    pub fn new(config: &Config, call: Call) -> Exchange {
        let sent = crate::build_request(config, &call);
        Exchange { call, sent, attempt: 1, reached: false }
    }

    /// Which attempt this is: 1 for the first sending, 2 after one retry, …
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    pub fn call(&self) -> &Call {
        &self.call
    }

    /// The request to send now (secrets included: never show it).
    pub fn request(&self) -> &Request {
        &self.sent
    }

    /// Reads the answer to the last request. `now_ms` dates an HTTP-date `Retry-After`;
    /// `random` is uniform in [0, 1), for the back-off's jitter.
    pub fn answered(&mut self, config: &Config, policy: &Policy, response: &Response, now_ms: Option<u64>, random: f64, codec: &dyn Codec) -> Step {
        if let Some(next) = crate::follow_up(config, &self.call, &self.sent, response) {
            self.sent = next;
            return Step::Resend;
        }
        match crate::parse_response_with(config, &self.call, response, now_ms, codec) {
            Ok(mut outcome) => {
                if self.attempt > 1 {
                    outcome.converge_after_retry();
                }
                Step::Done(outcome.to_value())
            }
            Err(e) => {
                let retry_after_ms = match e.kind {
                    ErrorKind::RateLimited { retry_after_ms } => retry_after_ms,
                    _ => None,
                };
                // Only refusals get another try; a 2xx that could not be read is final.
                if response.is_success() {
                    return Step::Failed(e);
                }
                let ending = Ending::Answer { status: response.status, retry_after_ms };
                self.again_or_fail(policy, ending, random, e)
            }
        }
    }

    /// Ends, or retries, an attempt that got no answer: `detail` says what happened (it
    /// is redacted here), `reached` whether the request may have arrived.
    pub fn unanswered(&mut self, config: &Config, policy: &Policy, lost: Lost, detail: &str, reached: bool, random: f64) -> Step {
        let kind = lost.kind();
        self.reached |= reached;
        let error =
            crate::transport_error(config, Some(self.call.operation()), kind, &[config.provider.display(), ": ", detail].concat()).with_arrival(self.reached).redact(&config.redactor_for(&self.call));
        if matches!(lost, Lost::Network | Lost::Timeout) {
            self.again_or_fail(policy, Ending::NoAnswer { reached }, random, error)
        } else {
            Step::Failed(error)
        }
    }

    fn again_or_fail(&mut self, policy: &Policy, ending: Ending, random: f64, error: Error) -> Step {
        match retry::decide(&self.call, policy, self.attempt, ending, random) {
            Decision::After(after_ms) => {
                self.attempt += 1;
                Step::Again { after_ms, error }
            }
            Decision::Stop => Step::Failed(error),
        }
    }
}

/// How long the client waits for a call's answer: the caller's `timeoutMs`, or the default
/// stretched to what the call is expected to take.
pub fn timeout_ms(config: &Config, chosen: Option<u32>, call: &Call) -> u32 {
    chosen.unwrap_or_else(|| crate::expected_duration_ms(config, call).map_or(crate::config::DEFAULT_TIMEOUT_MS, |ms| ms.max(crate::config::DEFAULT_TIMEOUT_MS)))
}
