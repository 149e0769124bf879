//! RyzeAPI's answer to every operation (those it lacks included: they must fail cleanly).
//! Same layout and checks as `response_zapi`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    wa_groups_fuzz::response_target(wa_groups::Provider::Ryze, data);
});
