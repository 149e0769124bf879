//! `retry::decide` and the wait a response asks for. Input: operation, call variant,
//! policy (max retries, base, cap, retryUnsafe), attempt, what ended the attempt (a
//! status with `Retry-After`/`X-RateLimit-Reset` headers read through
//! `classify::retry_after_ms`, a raw wait, or no answer, reached or not) and the random
//! number (any f64 bit pattern: NaN, infinities, out of range). Checks: never past
//! `max_retries`; only 429, 5xx and network failures are retried; an operation that is
//! not safe to repeat is never repeated once it may have reached the provider unless
//! the caller opted in; a request that cannot have arrived is always retried while
//! attempts remain (unless the provider asks for a wait past 10 minutes); a provider's
//! wait is honoured (+ at most 100 ms of jitter); back-off never exceeds min(cap,
//! base*2^(attempt-1)); more random never waits less; pure (same input, same answer).
#![no_main]
use libfuzzer_sys::fuzz_target;
use wa_groups::http::Response;
use wa_groups::retry::{decide, repeat_class, Decision, Ending, Policy, Repeat, MAX_PROVIDER_WAIT_MS};

struct Bytes<'a>(&'a [u8]);
impl Bytes<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let n = N.min(self.0.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        out
    }
    fn u8(&mut self) -> u8 {
        self.take::<1>()[0]
    }
    fn u16(&mut self) -> u16 {
        u16::from_be_bytes(self.take())
    }
    fn u32(&mut self) -> u32 {
        u32::from_be_bytes(self.take())
    }
    fn u64(&mut self) -> u64 {
        u64::from_be_bytes(self.take())
    }
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes(data);
    let op = wa_groups::Operation::ALL[usize::from(b.u8()) % wa_groups::Operation::ALL.len()];
    let shape = b.u8();
    let call = wa_groups_fuzz::call(wa_groups::Provider::Zapi, usize::from(shape & 3), op);
    let policy = if shape & 4 != 0 {
        Policy { max_retries: b.u32() % 11, base_ms: b.u64(), cap_ms: b.u64(), retry_unsafe: shape & 8 != 0 }
    } else {
        Policy { max_retries: u32::from(b.u8() % 11), retry_unsafe: shape & 8 != 0, ..Policy::default() }
    };
    let attempt = if shape & 16 != 0 { b.u32() } else { u32::from(b.u8() % 16) };
    let random = f64::from_bits(b.u64());
    let status = b.u16();
    let ending = match (shape >> 5) & 3 {
        0 => Ending::NoAnswer { reached: status & 1 != 0 },
        1 => Ending::Answer { status, retry_after_ms: None },
        2 => Ending::Answer { status, retry_after_ms: Some(b.u64()) },
        _ => {
            // A real answer's headers, read the way the runtime does.
            let now = if shape & 0x80 != 0 { Some(wa_groups_fuzz::NOW_MS) } else { None };
            let text = String::from_utf8_lossy(b.0);
            let mut resp = Response::new(status, "");
            for line in text.lines() {
                if let Some((k, v)) = line.split_once(':') {
                    resp = resp.with_header(k, v);
                }
            }
            let wait = wa_groups::classify::retry_after_ms(&resp, now);
            if let Some(secs) = resp.header("retry-after").and_then(wa_groups::json::parse_u64) {
                assert_eq!(wait, Some(secs.saturating_mul(1000)), "Retry-After in seconds");
            }
            Ending::Answer { status, retry_after_ms: wait }
        }
    };
    let d = decide(call, &policy, attempt, ending, random);
    assert_eq!(d, decide(call, &policy, attempt, ending, random), "not pure");
    let unsafe_op = repeat_class(call) == Repeat::Unsafe && !policy.retry_unsafe;
    let (may_have_arrived, retryable_kind, wait) = match ending {
        Ending::Answer { status, retry_after_ms } => (status != 429, status == 429 || (500..=599).contains(&status), retry_after_ms),
        Ending::NoAnswer { reached } => (reached, true, None),
    };
    if attempt > policy.max_retries || !retryable_kind || (unsafe_op && may_have_arrived) {
        assert_eq!(d, Decision::Stop, "{op:?} {policy:?} attempt {attempt} {ending:?}");
        return;
    }
    if wait.is_some_and(|w| w > MAX_PROVIDER_WAIT_MS) {
        assert_eq!(d, Decision::Stop, "waits past the limit");
        return;
    }
    let Decision::After(ms) = d else { panic!("{op:?} {policy:?} attempt {attempt} {ending:?}: stopped though it may be retried") };
    match wait {
        Some(w) => assert!((w..=w + 100).contains(&ms), "asked {w}, waits {ms}"),
        None => {
            let exp = policy.base_ms.saturating_mul(1u64 << attempt.saturating_sub(1).min(20));
            assert!(ms <= exp.min(policy.cap_ms), "back-off {ms} past min(cap, base*2^n) = {}", exp.min(policy.cap_ms));
        }
    }
    // Full jitter grows with the random number (for numbers in range).
    if random.is_finite() && (0.0..1.0).contains(&random) {
        let more = (random + 0.25).min(0.999_999).max(random);
        if let Decision::After(ms2) = decide(call, &policy, attempt, ending, more) {
            assert!(ms2 >= ms, "more random waits less: {ms} then {ms2}");
        }
    }
});
