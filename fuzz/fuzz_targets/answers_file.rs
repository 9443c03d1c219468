//! libFuzzer target: see `jig::fuzzing::answers_file` for the input and the invariant.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jig::fuzzing::answers_file(data));
