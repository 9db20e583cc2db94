//! The readers on real exports and on fixtures written to be awkward: every reply's
//! text must map back to exactly the bytes it was decoded from, findings included,
//! and a rewrite encoded for the file must read back as written.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use saphyr_parser::{Event, Parser};
use tactful::Linter;
use tactful_formats::{Format, Kind, Options, Reply, detect, read};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/formats")
}

/// Each fixture's name and text, README aside.
fn fixture_files() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e != "md"))
        .map(|path| {
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

fn read_as_detected<'a>(name: &str, text: &'a str) -> Vec<Reply<'a>> {
    read(text, detect(name, text), &Options::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Whether the file bytes `source` decode to `expected` under the file's own
/// escaping: the inside of a JSON string; a YAML scalar piece (doubled single
/// quotes, double-quoted escapes, line folding, so white space is compared as
/// single spaces); a CSV field piece with doubled quotes; or the bytes themselves.
fn decodes_to(kind: Kind, source: &str, expected: &str) -> bool {
    match kind {
        Kind::Json | Kind::JsonLines => {
            serde_json::from_str::<String>(&format!("\"{source}\"")).is_ok_and(|s| s == expected)
        }
        Kind::Yaml => {
            let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            [
                Some(source.to_owned()),
                Some(source.replace("''", "'")),
                yaml_double_quoted(source),
            ]
            .into_iter()
            .flatten()
            .any(|decoded| words(&decoded) == words(expected))
        }
        Kind::Csv => source == expected || source.replace("\"\"", "\"") == expected,
        Kind::Plain | Kind::Markdown | Kind::Html => source == expected,
    }
}

fn yaml_double_quoted(source: &str) -> Option<String> {
    let document = format!("\"{source}\"");
    // The parser goes on reporting an error once it has met one, so stop there.
    Parser::new_from_str(&document)
        .map_while(Result::ok)
        .find_map(|(event, _)| match event {
            Event::Scalar(value, ..) => Some(value.into_owned()),
            _ => None,
        })
}

/// The byte ranges of the words (runs of non-white-space) of a text.
fn words(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(at),
            (true, Some(from)) => {
                spans.push(from..at);
                start = None;
            }
            _ => {}
        }
    }
    spans
}

/// Every word maps to bytes that decode to it; in JSON and CSV every single
/// character and the whole text too.
fn assert_exact(name: &str, kind: Kind, file: &str, reply: &Reply) {
    let mut spans = words(&reply.text);
    if matches!(kind, Kind::Json | Kind::JsonLines | Kind::Csv) {
        spans.extend(reply.text.char_indices().map(|(at, c)| at..at + c.len_utf8()));
        spans.push(0..reply.text.len());
    }
    for span in spans {
        let source = &file[reply.file_span(span.clone())];
        let expected = &reply.text[span];
        assert!(
            decodes_to(kind, source, expected),
            "{name} {:?}: {expected:?} read from {source:?}",
            reply.name
        );
    }
}

#[test]
fn every_fixture_maps_every_word_back_to_its_bytes() {
    let mut total = 0;
    for (name, file) in fixture_files() {
        let kind = detect(&name, &file);
        for reply in read_as_detected(&name, &file) {
            assert_exact(&name, kind, &file, &reply);
            total += 1;
        }
    }
    assert!(total > 400, "only {total} replies in the fixtures");
}

#[test]
fn findings_map_to_the_matched_text_in_the_file() {
    let linter = Linter::default_pack();
    let mut checked = 0;
    for (name, file) in fixture_files() {
        let kind = detect(&name, &file);
        for reply in read_as_detected(&name, &file) {
            for diagnostic in linter.check(&reply.text, reply.format) {
                let source = &file[reply.file_span(diagnostic.span.clone())];
                assert!(
                    decodes_to(kind, source, &diagnostic.matched),
                    "{name} {:?} {}: {:?} read from {source:?}",
                    reply.name,
                    diagnostic.rule,
                    diagnostic.matched
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 30, "only {checked} findings to check");
}

#[test]
fn rewrites_encoded_for_the_file_read_back_as_written() {
    let rewrites = ["it's \"quite\" fine", "C:\\new", "café 😀", "one\ntwo", "a, b"];
    let mut spliced = 0;
    for (name, file) in fixture_files() {
        let kind = detect(&name, &file);
        let replies = read_as_detected(&name, &file);
        for (index, reply) in replies.iter().enumerate().take(4) {
            let Some(word) = words(&reply.text).into_iter().nth(1) else {
                continue;
            };
            for rewrite in rewrites {
                let Some(encoded) = reply.encode(rewrite) else {
                    continue;
                };
                let at = reply.file_span(word.clone());
                let edited = format!("{}{encoded}{}", &file[..at.start], &file[at.end..]);
                let again =
                    read(&edited, kind, &Options::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
                let expected = format!(
                    "{}{rewrite}{}",
                    &reply.text[..word.start],
                    &reply.text[word.end..]
                );
                assert_eq!(
                    again[index].text, expected,
                    "{name}: {rewrite:?} written as {encoded:?}"
                );
                spliced += 1;
            }
        }
    }
    assert!(spliced > 100, "only {spliced} rewrites could be written");
}

#[test]
fn rewrites_that_would_change_the_structure_are_refused() {
    let file = fixture("templates.yaml");
    let replies = read_as_detected("templates.yaml", &file);
    let literal = replies
        .iter()
        .find(|r| r.name.as_deref() == Some("Literal"))
        .unwrap();
    assert_eq!(literal.encode("one\ntwo"), None);
    let csv = fixture("replies.csv");
    let rows = read_as_detected("replies.csv", &csv);
    assert_eq!(rows[1].encode("a, b"), None, "the field is unquoted");
    assert_eq!(rows[0].encode("a \"b\"").as_deref(), Some("a \"\"b\"\""));
}

/// `(name, id, field, format)` of each reply.
type Row<'r> = (Option<&'r str>, Option<&'r str>, Option<&'r str>, Format);

fn summary<'r>(replies: &'r [Reply]) -> Vec<Row<'r>> {
    replies
        .iter()
        .map(|r| (r.name.as_deref(), r.id.as_deref(), r.field.as_deref(), r.format))
        .collect()
}

#[test]
fn helpdesk_exports_read_one_version_of_each_reply() {
    let cases: [(&str, &[Row]); 7] = [
        (
            "freshdesk-canned-responses.json",
            &[
                (
                    Some("We’ve received your request"),
                    Some("82000005490"),
                    Some("content_html"),
                    Format::Html,
                ),
                (
                    Some("Plain only"),
                    Some("82000005491"),
                    Some("content"),
                    Format::Plain,
                ),
            ],
        ),
        (
            "helpscout-saved-replies.json",
            &[
                (Some("Refund delay"), Some("14"), Some("text"), Format::Html),
                (Some("Chat only"), Some("15"), Some("chatText"), Format::Plain),
            ],
        ),
        (
            "intercom-macros.json",
            &[(Some("Order ready"), Some("123"), Some("body_text"), Format::Plain)],
        ),
        (
            "front-message-templates.json",
            &[
                (Some("Dogs policy"), Some("rsp_42"), Some("body"), Format::Html),
                (
                    Some("Dogs policy"),
                    Some("rsp_42"),
                    Some("subject"),
                    Format::Plain,
                ),
            ],
        ),
        (
            "gorgias-macros.json",
            &[(
                Some("Where is my order"),
                Some("7"),
                Some("body_html"),
                Format::Html,
            )],
        ),
        (
            "zammad-text-modules.json",
            &[(Some("Closing"), Some("3"), Some("content"), Format::Html)],
        ),
        (
            "zendesk-single-macro.json",
            &[
                (
                    Some("Escapes::Everything at once"),
                    Some("360001"),
                    Some("comment_value"),
                    Format::Plain,
                ),
                (
                    Some("Escapes::Everything at once"),
                    Some("360001"),
                    Some("subject"),
                    Format::Plain,
                ),
            ],
        ),
    ];
    for (name, expected) in cases {
        let file = fixture(name);
        assert_eq!(summary(&read_as_detected(name, &file)), expected, "{name}");
    }
}

#[test]
fn json_escapes_decode_to_the_text_the_customer_sees() {
    let file = fixture("zendesk-single-macro.json");
    let replies = read_as_detected("zendesk-single-macro.json", &file);
    assert!(
        replies[0]
            .text
            .contains("Café orders 😀 are \"final\": that’s our policy.\nA path: C:\\new\\table / done.\t")
    );
    assert_eq!(replies[1].text, "Your \"refund\" — update");
    let emoji = replies[0].text.find('😀').unwrap();
    assert_eq!(&file[replies[0].file_span(emoji..emoji + 4)], r"\ud83d\ude00");
}

#[test]
fn json_lines_read_each_line_in_its_stated_format() {
    let file = fixture("replies.jsonl");
    let replies = read_as_detected("replies.jsonl", &file);
    assert_eq!(
        summary(&replies),
        [
            (Some("Policy"), Some("r1"), Some("text"), Format::Plain),
            (Some("Markdown"), Some("r2"), Some("text"), Format::Markdown),
            (Some("r3"), Some("r3"), Some("text"), Format::Html),
        ]
    );
}

#[test]
fn yaml_scalars_of_every_style_are_read() {
    let file = fixture("templates.yaml");
    let replies = read_as_detected("templates.yaml", &file);
    let texts: Vec<(&str, &str)> = replies
        .iter()
        .map(|r| (r.name.as_deref().unwrap(), r.text.as_ref()))
        .collect();
    assert_eq!(
        texts,
        [
            (
                "Literal",
                "Hi %{ticket.name.first},\n\nUnfortunately that's our policy. Café 😀\n  (indented more)\n"
            ),
            (
                "Folded",
                "As I already said, you need to read the FAQ before\nwriting to us."
            ),
            (
                "Double quoted",
                "Café \"orders\" Are final, that's our policy.\n\tCalm down."
            ),
            ("Single 'quoted'", "It's not my problem, obviously."),
            ("Plain", "Calm down, you should have read the terms."),
            ("kept", "Nothing we can do.\n\n"),
        ]
    );
    assert_eq!(replies[4].field.as_deref(), Some("message"));
}

#[test]
fn osticket_layout_reads_body_and_subject() {
    let file = fixture("ticket-notice.yaml");
    let replies = read_as_detected("ticket-notice.yaml", &file);
    assert_eq!(
        summary(&replies),
        [
            (None, None, Some("body"), Format::Html),
            (None, None, Some("subject"), Format::Plain)
        ]
    );
    assert_eq!(replies[1].text, "Closed: %{ticket.subject} [#%{ticket.number}]\n");
}

#[test]
fn csv_rows_read_the_body_column_with_quotes_undone() {
    let file = fixture("replies.csv");
    let replies = read_as_detected("replies.csv", &file);
    let rows: Vec<_> = replies
        .iter()
        .map(|r| (r.name.as_deref().unwrap(), r.text.as_ref()))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Refund",
                "Unfortunately, that's our \"policy\".\r\nNothing we can do."
            ),
            ("Short", "Calm down please"),
            ("Name, with comma", "Line one\nAs I already said, \"read it\""),
        ]
    );
    let notes = Options {
        csv_column: Some("notes".into()),
    };
    let notes: Vec<_> = read(&file, Kind::Csv, &notes)
        .unwrap()
        .into_iter()
        .map(|r| r.text)
        .collect();
    assert_eq!(notes, ["x", "y", "z"]);
}

#[test]
fn a_file_with_no_reply_field_has_no_replies() {
    let file = fixture("no-replies.json");
    assert!(read_as_detected("no-replies.json", &file).is_empty());
    assert!(
        read("a: 1\nb: [x, y]\n", Kind::Yaml, &Options::default())
            .unwrap()
            .is_empty()
    );
    assert!(
        read("id,title\n1,x\n", Kind::Csv, &Options::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_first_key() {
    for (kind, file) in [
        (Kind::Json, "\u{feff}{\"body\": \"That's it.\"}"),
        (Kind::JsonLines, "\u{feff}{\"body\": \"That's it.\"}\n"),
        (Kind::Yaml, "\u{feff}body: 'That''s it.'\n"),
        (Kind::Csv, "\u{feff}body\n\"That's it.\"\n"),
    ] {
        let replies = read(file, kind, &Options::default()).unwrap();
        assert_eq!(replies.len(), 1, "{kind}");
        let span = replies[0].file_span(7..10);
        assert_eq!(&replies[0].text[7..10], &file[span], "{kind}");
    }
}

#[test]
fn whole_files_are_one_borrowed_reply() {
    let text = "# Hi\n\nThat's our policy.\n";
    let replies = read(text, Kind::Markdown, &Options::default()).unwrap();
    assert_eq!(replies.len(), 1);
    assert!(matches!(replies[0].text, std::borrow::Cow::Borrowed(_)));
    assert_eq!(replies[0].format, Format::Markdown);
    assert_eq!(replies[0].file_span(7..25), 7..25);
    assert_eq!(replies[0].encode("a \"b\"").as_deref(), Some("a \"b\""));
}

#[test]
fn real_zendesk_export_names_every_macro() {
    let file = fixture("gitlab-zendesk-macros.json");
    let export: serde_json::Value = serde_json::from_str(&file).unwrap();
    let titles: Vec<&str> = export["macros"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| {
            m["actions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["field"] == "comment_value")
        })
        .map(|m| m["title"].as_str().unwrap())
        .collect();
    let replies = read_as_detected("gitlab-zendesk-macros.json", &file);
    let names: Vec<&str> = replies.iter().map(|r| r.name.as_deref().unwrap()).collect();
    assert_eq!(names, titles);
    assert!(
        replies
            .iter()
            .all(|r| r.field.as_deref() == Some("comment_value"))
    );
}

#[test]
fn django_fixture_reads_the_html_template_and_the_subject() {
    let file = fixture("django-helpdesk-emailtemplate.json");
    let records = serde_json::from_str::<serde_json::Value>(&file)
        .unwrap()
        .as_array()
        .unwrap()
        .len();
    let replies = read_as_detected("django-helpdesk-emailtemplate.json", &file);
    assert_eq!(replies.len(), 2 * records);
    for pair in replies.chunks(2) {
        assert_eq!(
            (pair[0].field.as_deref(), pair[1].field.as_deref()),
            (Some("html"), Some("subject"))
        );
        assert_eq!(pair[0].format, Format::Html);
        assert_eq!(pair[0].name, pair[1].name);
    }
}

#[test]
fn abcd_conversations_give_agent_turns_only() {
    let file = fixture("abcd_sample.json");
    let conversations: serde_json::Value = serde_json::from_str(&file).unwrap();
    let agent_turns: Vec<&str> = conversations
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["original"].as_array().unwrap())
        .filter(|turn| turn[0] == "agent")
        .map(|turn| turn[1].as_str().unwrap())
        .collect();
    let replies = read_as_detected("abcd_sample.json", &file);
    let texts: Vec<&str> = replies.iter().map(|r| r.text.as_ref()).collect();
    assert_eq!(texts, agent_turns);
    assert_eq!(replies[0].id.as_deref(), Some("3592/0"));
}

#[test]
fn saved_reply_yaml_names_every_reply() {
    let file = fixture("typescript-eslint-replies.yml");
    let names: Vec<&str> = file
        .lines()
        .filter_map(|line| line.strip_prefix("    name: "))
        .collect();
    let replies = read_as_detected("typescript-eslint-replies.yml", &file);
    assert_eq!(
        replies
            .iter()
            .map(|r| r.name.as_deref().unwrap())
            .collect::<Vec<_>>(),
        names
    );
    assert!(replies.iter().all(|r| r.field.as_deref() == Some("body")));
    let format_of = |name: &str| {
        replies
            .iter()
            .find(|r| r.name.as_deref() == Some(name))
            .unwrap()
            .format
    };
    assert_eq!(
        format_of("Clearly Duplicate Issue"),
        Format::Markdown,
        "it holds a link"
    );
    assert_eq!(format_of("Checking In"), Format::Plain);
}

/// The osTicket templates are GPL-licensed, so they are read from the shared
/// corpora beside the repository rather than copied into it.
#[test]
fn osticket_templates_map_exactly_where_the_shared_corpora_are() {
    let directory =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/raw/osticket-templates");
    let Ok(entries) = std::fs::read_dir(&directory) else {
        eprintln!("skipped: no shared corpora beside the repository");
        return;
    };
    let mut files = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let file = std::fs::read_to_string(&path).unwrap();
        let replies = read_as_detected(&name, &file);
        let expected_fields: &[&str] = if name == "premade.yaml" {
            &["response", "response"]
        } else {
            &["body", "subject"]
        };
        let fields: Vec<_> = replies.iter().map(|r| r.field.as_deref().unwrap()).collect();
        assert_eq!(fields, expected_fields, "{name}");
        for reply in &replies {
            assert_exact(&name, Kind::Yaml, &file, reply);
        }
        files += 1;
    }
    assert_eq!(files, 20);
}

#[test]
fn detect_goes_by_extension_then_content() {
    for (path, kind) in [
        ("a.md", Kind::Markdown),
        ("a.html.md", Kind::Markdown),
        ("A.MARKDOWN", Kind::Markdown),
        ("a.mdx", Kind::Markdown),
        ("a.mkd", Kind::Markdown),
        ("a.txt", Kind::Plain),
        ("a.text", Kind::Plain),
        ("a.htm", Kind::Html),
        ("a.html", Kind::Html),
        ("a.JSON", Kind::Json),
        ("a.jsonl", Kind::JsonLines),
        ("a.ndjson", Kind::JsonLines),
        ("a.yml", Kind::Yaml),
        ("a.yaml", Kind::Yaml),
        ("a.csv", Kind::Csv),
    ] {
        assert_eq!(detect(path, "{\"text\": \"x\"}"), kind, "{path}");
    }
    for (text, kind) in [
        ("{\"macros\": []}", Kind::Json),
        ("\u{feff}\n  [{\"id\": 1}]", Kind::Json),
        ("{\"text\": \"a\"}\n{\"text\": \"b\"}\n", Kind::JsonLines),
        ("{\n  \"text\": \"a\"\n}\n", Kind::Json),
        ("%YAML 1.2\n---\nbody: x\n", Kind::Yaml),
        ("<p>Hi there,</p><p>Thanks.</p>", Kind::Html),
        ("# Refunds\n\nWe're on it.", Kind::Markdown),
        ("See [the FAQ](https://example.invalid).", Kind::Markdown),
        ("Hi there,\n\nThanks for waiting.", Kind::Plain),
    ] {
        assert_eq!(detect("-", text), kind, "{text:?}");
        assert_eq!(detect("reply.tpl", text), kind, "{text:?}");
    }
}

#[test]
fn kinds_parse_from_their_names() {
    for kind in Kind::ALL {
        assert_eq!(kind.name().parse::<Kind>(), Ok(kind));
    }
    assert!("xml".parse::<Kind>().unwrap_err().contains("jsonl"));
}

#[test]
fn malformed_input_reports_line_and_column() {
    let cases = [
        (
            Kind::Json,
            "{\n  \"macros\": [\n    {\"id\": 1 \"title\": \"x\"}\n  ]\n}",
            "3:14: expected `,` or `}`",
        ),
        (Kind::Json, "\u{feff}{\"é\": tru}", "1:10: expected ident"),
        (
            Kind::JsonLines,
            "{\"text\": \"a\"}\n\n{\"text\": \"é\" x}\n",
            "3:14: expected `,` or `}`",
        ),
        (
            Kind::Json,
            "{\"text\": \"ab\\ud83dx\"}",
            "1:13: invalid escape: a lone UTF-16 surrogate",
        ),
        (
            Kind::Csv,
            "id,body\n1,\"a\nb\"\n2\n",
            "4:1: this row has 1 field where the header has 2 fields",
        ),
    ];
    for (kind, text, expected) in cases {
        let error = read(text, kind, &Options::default()).unwrap_err();
        assert_eq!(error.to_string(), expected, "{text:?}");
    }
    let yaml = read(
        "replies:\n  - body: \"open\n    name: x\n",
        Kind::Yaml,
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(yaml.to_string(), "2:11: invalid indentation in quoted scalar");
    let missing = Options {
        csv_column: Some("answer".into()),
    };
    let error = read("id,body\n1,x\n", Kind::Csv, &missing).unwrap_err();
    assert_eq!(
        error.to_string(),
        "1:1: no column named `answer` (the columns are `id`, `body`)"
    );
}

/// A string as JSON with every character outside printable ASCII written as
/// `\uXXXX` (astral characters as surrogate pairs), as some exporters write it.
fn ascii_json(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            ' '..='~' if c != '"' && c != '\\' => out.push(c),
            _ => c
                .encode_utf16(&mut [0; 2])
                .iter()
                .for_each(|unit| out.push_str(&format!("\\u{unit:04x}"))),
        }
    }
    out.push('"');
    out
}

proptest! {
    #[test]
    fn any_json_string_maps_every_character_exactly(text in any::<String>(), ascii in any::<bool>()) {
        let token = if ascii { ascii_json(&text) } else { serde_json::to_string(&text).unwrap() };
        let file = format!("{{\"id\": 1, \"text\": {token}}}");
        let replies = read(&file, Kind::Json, &Options::default()).unwrap();
        prop_assert_eq!(&replies[0].text, &text);
        for (at, c) in text.char_indices() {
            let source = &file[replies[0].file_span(at..at + c.len_utf8())];
            prop_assert_eq!(serde_json::from_str::<String>(&format!("\"{source}\"")).unwrap(), c.to_string());
        }
        let whole = replies[0].file_span(0..text.len());
        prop_assert_eq!(&file[whole], &token[1..token.len() - 1]);
        let encoded = replies[0].encode(&text).unwrap();
        prop_assert_eq!(serde_json::from_str::<String>(&format!("\"{encoded}\"")).unwrap(), text);
    }
}

/// Every character that is not white space maps to source bytes that decode to it.
fn assert_visible_characters_exact(kind: Kind, file: &str, reply: &Reply) -> Result<(), TestCaseError> {
    for (at, c) in reply.text.char_indices().filter(|(_, c)| !c.is_whitespace()) {
        let source = &file[reply.file_span(at..at + c.len_utf8())];
        prop_assert!(
            decodes_to(kind, source, &c.to_string()),
            "{c:?} read from {source:?} in {file:?}"
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn yaml_quoted_scalars_map_every_visible_character(text in "[a-z0-9 ,.:#'\"\\\\é😀\t\n-]{0,40}") {
        let double = format!("- name: x\n  body: {}\n", serde_json::to_string(&text).unwrap());
        let mut files = vec![double];
        if !text.contains('\n') {
            files.push(format!("body: '{}'\n", text.replace('\'', "''")));
        }
        for file in files {
            let replies = read(&file, Kind::Yaml, &Options::default()).unwrap();
            prop_assert_eq!(&replies[0].text, &text);
            assert_visible_characters_exact(Kind::Yaml, &file, &replies[0])?;
        }
    }

    #[test]
    fn yaml_block_scalars_map_every_visible_character(
        lines in proptest::collection::vec("|[a-zé😀#:][a-z é😀#:'\",.]{0,12}", 1..6),
        last in "[a-zé😀][a-z é😀.]{0,12}",
    ) {
        let mut text = lines.join("\n");
        text.push('\n');
        text.push_str(&last);
        let indented: Vec<String> =
            text.lines().map(|line| if line.is_empty() { String::new() } else { format!("      {line}") }).collect();
        let block = indented.join("\n");
        let literal = format!("replies:\n  - body: |\n{block}\n    name: x\n");
        let replies = read(&literal, Kind::Yaml, &Options::default()).unwrap();
        prop_assert_eq!(&replies[0].text, &format!("{text}\n"));
        assert_visible_characters_exact(Kind::Yaml, &literal, &replies[0])?;
        // Folding joins the lines; the parser's value is trusted, its map is checked.
        let folded = literal.replacen('|', ">", 1);
        let replies = read(&folded, Kind::Yaml, &Options::default()).unwrap();
        assert_visible_characters_exact(Kind::Yaml, &folded, &replies[0])?;
    }
}
