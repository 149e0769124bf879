//! The requests one token may send, as pure bookkeeping: at most `limit` per rolling
//! window, none while the provider says the window is used up (`X-RateLimit-Remaining: 0`
//! until `X-RateLimit-Reset`), and none while it asked us to wait (a 429's `Retry-After`).
//! The client (the wasm layer) owns the clock and the timers: it asks `wait_ms(now)`,
//! sleeps that long, and records each send with `sent(now)`.

use std::collections::VecDeque;

use crate::config::RateLimit;
use crate::http::Response;

#[derive(Clone, Debug)]
pub struct Limiter {
    limit: usize,
    window_ms: u64,
    /// Send times within the last window, oldest first.
    sends: VecDeque<u64>,
    paused_until: u64,
    /// The provider's own count, until its reset time.
    remaining: Option<u64>,
    reset_at: u64,
}

impl Limiter {
    pub fn new(rate: RateLimit) -> Limiter {
        Limiter { limit: usize::try_from(rate.requests).unwrap_or(usize::MAX), window_ms: u64::from(rate.interval_ms), sends: VecDeque::new(), paused_until: 0, remaining: None, reset_at: 0 }
    }

    /// Another client on the same token may have chosen other numbers: the last wins.
    pub fn set_rate(&mut self, rate: RateLimit) {
        self.limit = usize::try_from(rate.requests).unwrap_or(usize::MAX);
        self.window_ms = u64::from(rate.interval_ms);
    }

    /// How long to wait before the next send may go; 0 for now.
    pub fn wait_ms(&mut self, now: u64) -> u64 {
        if now < self.paused_until {
            return self.paused_until - now;
        }
        while self.sends.front().is_some_and(|&t| t.saturating_add(self.window_ms) <= now) {
            self.sends.pop_front();
        }
        if self.remaining.is_some() {
            if now >= self.reset_at {
                self.remaining = None;
            } else if self.remaining == Some(0) {
                return self.reset_at - now;
            }
        }
        match self.sends.front() {
            Some(&oldest) if self.sends.len() >= self.limit => oldest.saturating_add(self.window_ms).saturating_sub(now).max(1),
            _ => 0,
        }
    }

    /// A send at `now` (after `wait_ms(now)` said 0).
    pub fn sent(&mut self, now: u64) {
        self.sends.push_back(now);
        if let Some(r) = &mut self.remaining {
            *r = r.saturating_sub(1);
        }
    }

    /// Reads the provider's `X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds from
    /// now, or a Unix time in seconds).
    pub fn observe(&mut self, response: &Response, now: u64) {
        if let Some(reset_at) = reset_at_ms(response, now) {
            self.reset_at = reset_at;
        }
        if let Some(remaining) = header_number(response, "x-ratelimit-remaining") {
            if self.reset_at > now {
                self.remaining = Some(remaining);
            }
        }
    }

    /// Holds every send until `now + ms` (a 429 said to come back then).
    pub fn pause(&mut self, now: u64, ms: u64) {
        self.paused_until = self.paused_until.max(now.saturating_add(ms));
    }
}

/// A rate-limit header's whole number (`X-RateLimit-Remaining`, `X-RateLimit-Limit`).
pub fn header_number(response: &Response, name: &str) -> Option<u64> {
    response.header(name).and_then(crate::json::parse_u64)
}

/// When the provider's window resets, in milliseconds since the Unix epoch, from
/// `X-RateLimit-Reset`: a Unix time in seconds, or (small values) seconds from `now`.
pub fn reset_at_ms(response: &Response, now: u64) -> Option<u64> {
    let reset = header_number(response, "x-ratelimit-reset").filter(|&r| r > 0)?;
    Some(if reset > 1_000_000_000 { reset.saturating_mul(1000) } else { now.saturating_add(reset.saturating_mul(1000)) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(requests: u32, interval_ms: u32) -> Limiter {
        Limiter::new(RateLimit { requests, interval_ms })
    }

    #[test]
    fn a_full_window_waits_for_its_oldest_send() {
        let mut l = limiter(2, 1000);
        assert_eq!(l.wait_ms(0), 0);
        l.sent(0);
        l.sent(100);
        assert_eq!(l.wait_ms(200), 800);
        assert_eq!(l.wait_ms(1000), 0);
    }

    #[test]
    fn the_providers_count_and_pauses_hold_sends() {
        let mut l = limiter(100, 60_000);
        let r = Response::new(200, "").with_header("X-RateLimit-Remaining", "0").with_header("X-RateLimit-Reset", "5");
        l.observe(&r, 1000);
        assert_eq!(l.wait_ms(1000), 5000);
        assert_eq!(l.wait_ms(6000), 0);
        l.pause(6000, 2500);
        assert_eq!(l.wait_ms(7000), 1500);
    }
}
