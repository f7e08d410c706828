//! Fuzz target: arbitrary bytes as an entry file, through load and compile
//! (as `check` runs them) and build. See `common.rs` for what is asserted.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::run(data);
});
