//! libFuzzer target: see `jig::fuzzing::render_path` for the input and the invariant.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jig::fuzzing::render_path(data));
