//! Z-API's answer to every operation: byte 0 picks the operation, bytes 1-2 the HTTP
//! status, byte 3 the call variant, clock, config and headers; the rest is the body
//! (layout: `wa_groups_fuzz::ResponseInput`). Checks: results only from 2xx, of the kind
//! the operation promises, about the requested group/community; link/unlink/create-
//! community results partition the requested groups and participants results the
//! requested phones, in request order; every id rendered is a canonical, URL-safe JID;
//! errors have a response kind, status, context, a body cut to 2 KiB; no text shows
//! the token or Client-Token in any form; every output is JSON; the 405 follow-up rule.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    wa_groups_fuzz::response_target(wa_groups::Provider::Zapi, data);
});
