//! When to send a call again: a pure function of the operation, the attempt, what
//! happened, the time and a random number. The runtime owns the clock, the dice and the
//! timers; this decides.
//!
//! The rule, per operation:
//! - nothing came back, or a 429 or 5xx did, and the request cannot have done anything
//!   (refused before sending, or rate-limited: the provider did nothing): every operation
//!   may be sent again;
//! - otherwise (a timeout, a reset connection, a 5xx: the provider may have done it)
//!   only operations whose repetition converges are sent again: reads, link/unlink (a
//!   group already in this community counts as linked), name/description/photo/settings
//!   updates and joining by link;
//! - creating a group or a community, participants changes, leaving, resetting a link and
//!   deactivating are never repeated once they may have reached the provider, unless the
//!   caller opted in (`retryUnsafe`): a second create makes a second group.

use crate::call::Call;
use crate::issues::Issues;
use crate::json::Value;

pub use crate::operation::Repeat;

/// Whether sending `call` twice leaves the same state as sending it once: its
/// operation's class, declared in the operations table (src/operation.rs).
pub fn repeat_class(call: &Call) -> Repeat {
    call.operation().repeat()
}

/// What the last attempt ended in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// An answer arrived with this status; `retry_after_ms` when it said when to come back.
    Answer { status: u16, retry_after_ms: Option<u64> },
    /// No answer. `reached`: whether the request may have arrived (false for a refused
    /// connection or an unknown host, true for resets and time-outs).
    NoAnswer { reached: bool },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Send again after this many milliseconds.
    After(u64),
    /// Report the failure.
    Stop,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Attempts after the first; the contract's default is 2.
    pub max_retries: u32,
    /// First back-off; doubles each attempt.
    pub base_ms: u64,
    /// No back-off is longer than this (a provider's own `Retry-After` may be).
    pub cap_ms: u64,
    /// The caller accepts repeating unsafe operations.
    pub retry_unsafe: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { max_retries: 2, base_ms: 500, cap_ms: 30_000, retry_unsafe: false }
    }
}

/// The longest wait a provider's `Retry-After` may ask for before the call gives up on it.
pub const MAX_PROVIDER_WAIT_MS: u64 = 10 * 60 * 1000;

/// Decides what to do after attempt number `attempt` (1 for the first) ended in `ending`.
/// `random` is uniform in [0, 1): it spreads the back-off ("full jitter") so that many
/// clients failing together do not come back together.
pub fn decide(call: &Call, policy: &Policy, attempt: u32, ending: Ending, random: f64) -> Decision {
    if attempt > policy.max_retries {
        return Decision::Stop;
    }
    let safe = policy.retry_unsafe || repeat_class(call) == Repeat::Safe;
    let (retryable, provider_wait) = match ending {
        // The provider did nothing: it refused on rate (429).
        Ending::Answer { status: 429, retry_after_ms } => (true, retry_after_ms),
        // A 5xx may come after the provider did part of the work.
        Ending::Answer { status: 500..=599, retry_after_ms } => (safe, retry_after_ms),
        Ending::Answer { .. } => (false, None),
        Ending::NoAnswer { reached: false } => (true, None),
        Ending::NoAnswer { reached: true } => (safe, None),
    };
    if !retryable {
        return Decision::Stop;
    }
    match provider_wait {
        Some(ms) if ms > MAX_PROVIDER_WAIT_MS => Decision::Stop,
        // Come back when told, spread over a tenth of a second more.
        Some(ms) => Decision::After(ms + jitter(100, random)),
        None => {
            let exp = policy.base_ms.saturating_mul(1u64 << attempt.saturating_sub(1).min(20));
            Decision::After(jitter(exp.min(policy.cap_ms), random))
        }
    }
}

/// A uniformly random share of `max_ms` (full jitter); `random` outside [0, 1) is clamped.
fn jitter(max_ms: u64, random: f64) -> u64 {
    let r = if random.is_finite() { random.clamp(0.0, 1.0) } else { 0.5 };
    // Above 2^53 the float product can round up past `max_ms`.
    (((max_ms as f64) * r) as u64).min(max_ms)
}

/// Reads `maxRetries` (0 to 10; default 2) and `retryUnsafe` (default false).
pub fn read_policy(v: &Value, issues: &mut Issues) -> Policy {
    let mut policy = Policy::default();
    if let Some(r) = read_max_retries(v, issues) {
        policy.max_retries = r;
    }
    if let Some(b) = issues.opt_bool(v, "retryUnsafe") {
        policy.retry_unsafe = b;
    }
    policy
}

/// Reads `maxRetries` (0 to 10); None when it is not given or not valid (an issue then).
pub fn read_max_retries(v: &Value, issues: &mut Issues) -> Option<u32> {
    match v.get("maxRetries") {
        None | Some(Value::Null) => None,
        Some(n) => match n.as_u64() {
            Some(r @ 0..=10) => u32::try_from(r).ok(),
            _ => {
                issues.add("maxRetries", "must be a whole number from 0 to 10");
                None
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{CommunityId, GroupId, Phone};

    fn create() -> Call {
        Call::CreateGroup { name: "x".into(), participants: vec![Phone::parse("5511999999999", None).unwrap()], auto_invite: None, description: None, photo: None, community: None, settings: None }
    }

    fn link() -> Call {
        Call::LinkGroups { community: CommunityId::parse("120363186053925765").unwrap(), groups: vec![GroupId::parse("120363019502650977").unwrap()] }
    }

    fn read() -> Call {
        Call::GetInvitationLink { group: GroupId::parse("120363019502650977").unwrap() }
    }

    const P: Policy = Policy { max_retries: 2, base_ms: 500, cap_ms: 30_000, retry_unsafe: false };

    #[test]
    fn creates_are_never_repeated_once_they_may_have_arrived() {
        for ending in [Ending::NoAnswer { reached: true }, Ending::Answer { status: 500, retry_after_ms: None }, Ending::Answer { status: 503, retry_after_ms: Some(1000) }] {
            assert_eq!(decide(&create(), &P, 1, ending, 0.5), Decision::Stop, "{ending:?}");
            assert!(matches!(decide(&link(), &P, 1, ending, 0.5), Decision::After(_)), "{ending:?}");
            assert!(matches!(decide(&read(), &P, 1, ending, 0.5), Decision::After(_)), "{ending:?}");
        }
        let opted_in = Policy { retry_unsafe: true, ..P };
        assert!(matches!(decide(&create(), &opted_in, 1, Ending::NoAnswer { reached: true }, 0.5), Decision::After(_)));
    }

    #[test]
    fn what_cannot_have_arrived_is_repeated_for_every_operation() {
        assert_eq!(decide(&create(), &P, 1, Ending::NoAnswer { reached: false }, 0.0), Decision::After(0));
        assert_eq!(decide(&create(), &P, 1, Ending::Answer { status: 429, retry_after_ms: Some(2000) }, 0.0), Decision::After(2000));
    }

    #[test]
    fn refusals_other_than_429_and_5xx_are_final() {
        for status in [200, 400, 401, 403, 404, 405, 409, 415] {
            assert_eq!(decide(&read(), &P, 1, Ending::Answer { status, retry_after_ms: None }, 0.5), Decision::Stop, "{status}");
        }
    }

    #[test]
    fn back_off_doubles_with_full_jitter_and_a_cap() {
        let at = |attempt, r| decide(&read(), &Policy { max_retries: 30, ..P }, attempt, Ending::NoAnswer { reached: false }, r);
        assert_eq!(at(1, 0.999_999), Decision::After(499));
        assert_eq!(at(2, 0.999_999), Decision::After(999));
        assert_eq!(at(3, 0.5), Decision::After(1000));
        assert_eq!(at(30, 0.999_999), Decision::After(29_999), "capped");
        assert_eq!(at(1, 0.0), Decision::After(0));
        assert_eq!(at(2, f64::NAN), Decision::After(500), "a bad random number is not a panic");
    }

    #[test]
    fn retries_stop_after_max_and_long_waits_give_up() {
        assert!(matches!(decide(&read(), &P, 2, Ending::NoAnswer { reached: false }, 0.5), Decision::After(_)));
        assert_eq!(decide(&read(), &P, 3, Ending::NoAnswer { reached: false }, 0.5), Decision::Stop);
        assert_eq!(decide(&read(), &Policy { max_retries: 0, ..P }, 1, Ending::NoAnswer { reached: false }, 0.5), Decision::Stop);
        let far = Ending::Answer { status: 429, retry_after_ms: Some(MAX_PROVIDER_WAIT_MS + 1) };
        assert_eq!(decide(&read(), &P, 1, far, 0.5), Decision::Stop);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_never_repeats_an_unsafe_call_that_may_have_arrived(attempt in 0u32..100, status in 100u16..600, wait: Option<u64>, reached: bool, answered: bool, r: f64, max in 0u32..10) {
            let ending = if answered { Ending::Answer { status, retry_after_ms: wait } } else { Ending::NoAnswer { reached } };
            let policy = Policy { max_retries: max, ..P };
            let d = decide(&create(), &policy, attempt, ending, r);
            let may_have_arrived = match ending {
                Ending::Answer { status, .. } => status != 429,
                Ending::NoAnswer { reached } => reached,
            };
            if may_have_arrived {
                proptest::prop_assert_eq!(d, Decision::Stop);
            }
            if attempt > max {
                proptest::prop_assert_eq!(d, Decision::Stop);
            }
        }
    }
}
