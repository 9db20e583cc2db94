//! Fixes on any text in any format: see `tactful_fuzz::check_fixes`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tactful_fuzz::check_fixes(data));
