//! Properties of the readers on replies of any text, written the way each
//! format writes them: the text reads back exactly, every char maps to its own
//! bytes of the file, and a rewrite encoded for the file reads back as written.
//! (Single JSON strings and YAML scalars of a small alphabet are in `formats.rs`.)

mod invariants;

use invariants::{assert_maps_into, assert_rewrite_reads_back};
use proptest::prelude::*;
use tactful_formats::{Kind, Options, read};

/// Reads `file`, which holds `texts` in this order, and checks every property.
fn assert_reads_exactly(file: &str, kind: Kind, texts: &[String], rewrite: &str) {
    let replies = read(file, kind, &Options::default()).unwrap_or_else(|e| panic!("{file:?}: {e}"));
    let read: Vec<_> = replies.iter().map(|r| r.text.to_string()).collect();
    assert_eq!(read, texts, "{file:?}");
    for (i, reply) in replies.iter().enumerate() {
        assert_maps_into(file, reply);
        assert_rewrite_reads_back(file, kind, &replies, i, rewrite);
    }
}

/// `text` as a YAML double-quoted scalar, escaped here rather than by the code
/// under test: quotes, backslashes, line breaks, tabs and everything YAML does
/// not allow unescaped (controls, DEL, C1 controls, non-characters).
fn yaml_double_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'.. => {
                out.push(c)
            }
            _ => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// Texts whose every char YAML and CSV can hold (a NUL is refused by both).
fn reply_text() -> impl Strategy<Value = String> {
    any::<String>().prop_map(|text| text.replace('\0', ""))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn json_lines_of_any_text(texts in prop::collection::vec(any::<String>(), 1..4), rewrite in any::<String>()) {
        let lines: Vec<_> = texts
            .iter()
            .enumerate()
            .map(|(id, text)| format!("{{\"id\": {id}, \"text\": {}}}", serde_json::to_string(text).unwrap()))
            .collect();
        assert_reads_exactly(&lines.join("\n"), Kind::JsonLines, &texts, &rewrite);
    }

    #[test]
    fn json_exports_of_any_text(texts in prop::collection::vec(any::<String>(), 1..4), rewrite in any::<String>()) {
        let macros: Vec<_> = texts
            .iter()
            .map(|text| serde_json::json!({"title": "t", "actions": [{"field": "comment_value", "value": text}]}))
            .collect();
        let file = serde_json::to_string_pretty(&serde_json::json!({ "macros": macros })).unwrap();
        assert_reads_exactly(&file, Kind::Json, &texts, &rewrite);
    }

    #[test]
    fn yaml_double_quoted_of_any_text(texts in prop::collection::vec(reply_text(), 1..4), rewrite in reply_text()) {
        let items: Vec<_> = texts
            .iter()
            .map(|text| format!("- name: x\n  body: {}\n", yaml_double_quoted(text)))
            .collect();
        assert_reads_exactly(&items.concat(), Kind::Yaml, &texts, &rewrite);
    }

    #[test]
    fn csv_fields_of_any_text(texts in prop::collection::vec(reply_text(), 1..4), rewrite in reply_text()) {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(["id", "body"]).unwrap();
        for (id, text) in texts.iter().enumerate() {
            writer.write_record([id.to_string().as_str(), text]).unwrap();
        }
        let file = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_reads_exactly(&file, Kind::Csv, &texts, &rewrite);
    }
}
