//! The configuration parser on any text: see `tactful_fuzz::check_config`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tactful_fuzz::check_config(data));
