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

/// Text after a quoted field's closing quote (`"a"b`) was cut at the last quote,
/// so the reply's text was not the csv crate's (a debug assertion), and a
/// rewrite of its first word wrote over the closing quote. It is an error now.
#[test]
fn text_after_the_closing_quote_of_a_field_is_an_error() {
    let found: [&[u8]; 2] = [
        b"id,title,body,\xde\xdetes3\r\n1,Refun/\x96,\"Unfort,Calm down please,y\r\n3,\"Nmaeith\"\"\",ne\nAs I already sz\r\n",
        b"id,ti\xb1\x00e,body,notes\r\n1,Reg\xae\xae\xae\xae\xaeund,\"Unfortundo\".x,\r\n2,\x00\x00Short,Calm down pleread it\"\",\"z\r\n",
    ];
    for (input, line, column) in [(found[0], 3, 4), (found[1], 2, 27)] {
        let file = String::from_utf8_lossy(input);
        let error = read(&file, Kind::Csv, &Options::default()).unwrap_err();
        assert_eq!((error.line, error.column), (line, column), "{error}");
        assert!(error.message.contains("after the closing quote"), "{error}");
    }
    assert_eq!(assert_reads(b"body,x\n\"a\"\"b\",1\n", Kind::Csv), ["a\"b"]);
}

/// A `\r` alone ends a line for the YAML parser but did not for the reader, so a
/// block scalar after one was looked for a line too late.
#[test]
fn a_carriage_return_alone_ends_a_line() {
    let found = b"# Saved\rreplies in eviiiy YAML scalar style.\x01\x08\xef\xfflies:\n  - name: Lite\x89type=\"cite\"ral\n    body: |\n      Hi %{ticket.naUnfortunately tagt's our policessage: Calm down, you should hathing we can do.\n\n";
    let texts = assert_reads(found, Kind::Yaml);
    assert!(texts[0].starts_with("Hi %{ticket"), "{texts:?}");
    assert_eq!(
        assert_reads(b"# a\rbody: |\r  Hi there\r", Kind::Yaml),
        ["Hi there\n"]
    );
}
