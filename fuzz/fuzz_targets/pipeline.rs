//! Fuzzes front matter, Markdown and region YAML through the whole pipeline, in memory.
//! Run: RUSTC_BOOTSTRAP=1 cargo fuzz run pipeline -- -max_total_time=600
//! Inputs that once failed are kept in tests/fuzz-corpus/ and replayed by `cargo test`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    esite::fuzz::run_input(data);
});
