//! Files on which a reader once broke, found by the fuzz targets
//! (`scripts/fuzz.sh`), each kept as it was found.

mod invariants;

use invariants::{assert_maps_into, assert_rewrite_reads_back};
use tactful_formats::{Kind, Options, read};

/// Reads `input` as the fuzz targets do (invalid UTF-8 replaced) and checks
/// what they check; returns the replies' texts.
fn assert_reads(input: &[u8], kind: Kind) -> Vec<String> {
    let file = String::from_utf8_lossy(input);
    let replies = read(&file, kind, &Options::default()).expect("the file reads");
    for (i, reply) in replies.iter().enumerate() {
        assert_maps_into(&file, reply);
        assert_rewrite_reads_back(&file, kind, &replies, i, "We'll do what's needed");
    }
    replies.iter().map(|r| r.text.to_string()).collect()
}

/// The parser puts the empty scalar of a tag with no value at the end of a file
/// with no final line break on the line after the last, which was looked up.
#[test]
fn a_tagged_empty_scalar_at_the_end_of_the_file() {
    assert!(assert_reads(b"#\n# An e-mail t.emted\n !", Kind::Yaml).is_empty());
    assert_eq!(assert_reads(b"body: !", Kind::Yaml), [""]);
}

/// Text after a field's closing quote (`"a"b""`) is read by the csv crate as it
/// stands; the field was cut at the last quote instead, so the reply's text was
/// not the csv crate's (a debug assertion).
#[test]
fn text_after_the_closing_quote_of_a_field() {
    let found = b"id,title,body,\xde\xdetes3\r\n1,Refun/\x96,\"Unfort,Calm down please,y\r\n3,\"Nmaeith\"\"\",ne\nAs I already sz\r\n";
    let file = String::from_utf8_lossy(found);
    // The first row now reads; the last has too few fields.
    let error = read(&file, Kind::Csv, &Options::default()).unwrap_err();
    assert_eq!(error.line, 4, "{error}");
    let first_rows = &found[..found.len() - b"As I already sz\r\n".len()];
    assert_eq!(
        assert_reads(first_rows, Kind::Csv),
        ["Unfort,Calm down please,y\r\n3,Nmaeith\"\"\""]
    );
    assert_eq!(
        assert_reads(b"body,x\n\"a\"\"b\"c\"\"d,1\n", Kind::Csv),
        ["a\"bc\"\"d"]
    );
}
