//! libFuzzer target: see `jig::fuzzing::cookiecutter_json` for the input and the invariant.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jig::fuzzing::cookiecutter_json(data));
