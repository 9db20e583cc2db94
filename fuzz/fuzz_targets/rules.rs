//! The rule-file parser on any text: see `tactful_fuzz::check_rule_file`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tactful_fuzz::check_rule_file(data));
