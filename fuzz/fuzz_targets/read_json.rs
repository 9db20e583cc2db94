//! The json reader on any file: see `tactful_fuzz::check_reader`.
#![no_main]

use tactful_formats::Kind;

libfuzzer_sys::fuzz_target!(|data: &[u8]| tactful_fuzz::check_reader(data, Kind::Json));
