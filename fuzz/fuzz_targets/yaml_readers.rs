//! libFuzzer target: see `jig::fuzzing::yaml_readers` for the input and the invariant.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jig::fuzzing::yaml_readers(data));
