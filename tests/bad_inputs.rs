//! `tactful check` fed bad inputs: each is reported naming the file and the
//! place, the other inputs are still checked, and the exit code follows
//! DESIGN.md (2 when an input could not be read).

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

// Not every helper of the shared runner is needed here.
#[allow(dead_code)]
mod support;

const BAD: &str = "I’m sorry, but that’s our policy. Please calm down.\n";

fn tactful(dir: &Path, args: &[&str]) -> Output {
    support::run_in(dir, args, None)
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The JSON report's files, by path.
fn files(o: &Output) -> Vec<(String, Vec<Value>)> {
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap().to_string();
            (path, f["diagnostics"].as_array().unwrap().clone())
        })
        .collect()
}

fn paths(o: &Output) -> Vec<String> {
    files(o).into_iter().map(|(p, _)| p).collect()
}

/// `text` as UTF-16 with its byte-order mark, little- or big-endian.
fn utf16(text: &str, little: bool) -> Vec<u8> {
    let unit = |u: u16| if little { u.to_le_bytes() } else { u.to_be_bytes() };
    std::iter::once(0xFEFF)
        .chain(text.encode_utf16())
        .flat_map(unit)
        .collect()
}

#[test]
fn invalid_utf8_is_reported_with_line_and_column_and_the_others_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.md"), b"Hello,\nab\xffc. Please calm down.\n").unwrap();
    fs::write(dir.path().join("ok.md"), BAD).unwrap();
    let out = tactful(dir.path(), &["check", "--format", "json", "bad.md", "ok.md"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("bad.md:2:3: not valid UTF-8 (byte 9); file skipped"),
        "{}",
        stderr(&out)
    );
    assert_eq!(paths(&out), ["ok.md"]);
}

#[test]
fn utf16_files_with_a_byte_order_mark_are_linted_in_their_decoded_text() {
    let text = "Hi Sam,\r\nPlease calm down.\r\n";
    for little in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("reply.txt"), utf16(text, little)).unwrap();
        let out = tactful(dir.path(), &["check", "--format", "json", "reply.txt"]);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let found = &files(&out)[0].1;
        let calm = found
            .iter()
            .find(|d| d["rule"] == "dismissive/calm-down")
            .unwrap_or_else(|| panic!("little-endian {little}: {found:?}"));
        let span = |k: &str| calm["span"][k].as_u64().unwrap() as usize;
        assert_eq!(
            &text[span("start")..span("end")],
            calm["matched"].as_str().unwrap()
        );
        assert_eq!(calm["line"], 2);
    }
}

#[test]
fn fix_leaves_a_utf16_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reply.txt");
    let bytes = utf16("Hi Sam,\n\nNo problem! Simply click the link.\n", true);
    fs::write(&path, &bytes).unwrap();
    let out = tactful(dir.path(), &["check", "--fix", "reply.txt"]);
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert!(
        stderr(&out).contains("reply.txt: a UTF-16 file: fixes are not offered"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn broken_utf16_is_reported_with_the_place() {
    let dir = tempfile::tempdir().unwrap();
    // The emoji takes two code units: the offset counts units, not characters.
    let mut bytes = utf16("Hi 👋,\nab", true);
    bytes.extend(0xD800u16.to_le_bytes());
    fs::write(dir.path().join("lone.txt"), &bytes).unwrap();
    fs::write(dir.path().join("odd.txt"), [0xFE, 0xFF, 0x00, 0x41, 0x00]).unwrap();
    let out = tactful(dir.path(), &["check", "lone.txt", "odd.txt"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("lone.txt:2:3: not valid UTF-16 (byte 20)"), "{err}");
    assert!(
        err.contains("odd.txt:1:2: not valid UTF-16 (odd number of bytes)"),
        "{err}"
    );
}

#[test]
fn an_empty_file_and_one_of_placeholders_only_are_clean() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("empty.md"), "").unwrap();
    fs::write(
        dir.path().join("fill.txt"),
        "{{first_name}}\n\n{{ticket.latest_comment}}\n",
    )
    .unwrap();
    let out = tactful(dir.path(), &["check", "--format", "json", "empty.md", "fill.txt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let found = files(&out);
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|(_, d)| d.is_empty()), "{found:?}");
}

#[test]
fn binary_files_are_skipped_in_a_walk_and_an_error_when_named() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("replies")).unwrap();
    fs::write(dir.path().join("replies/blob.md"), b"PK\x03\x00Please calm down.").unwrap();
    fs::write(dir.path().join("replies/ok.md"), BAD).unwrap();

    let walked = tactful(dir.path(), &["check", "--format", "json", "replies"]);
    assert_eq!(code(&walked), 1, "{}", stderr(&walked));
    assert_eq!(paths(&walked), ["replies/ok.md"]);
    assert!(!stderr(&walked).contains("blob"), "{}", stderr(&walked));

    let verbose = tactful(dir.path(), &["check", "--verbose", "replies"]);
    assert!(
        stderr(&verbose).contains("skipped replies/blob.md: a binary file"),
        "{}",
        stderr(&verbose)
    );

    let named = tactful(
        dir.path(),
        &["check", "--format", "json", "replies/blob.md", "replies/ok.md"],
    );
    assert_eq!(code(&named), 2);
    assert!(
        stderr(&named).contains("replies/blob.md: a binary file (NUL at byte 3); file skipped"),
        "{}",
        stderr(&named)
    );
    assert_eq!(paths(&named), ["replies/ok.md"]);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_error_and_the_others_are_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked.md");
    fs::write(&locked, BAD).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_ok() {
        eprintln!("skipped: permissions do not bite here (running as root)");
        return;
    }
    fs::write(dir.path().join("ok.md"), BAD).unwrap();
    let out = tactful(dir.path(), &["check", "--format", "json", "locked.md", "ok.md"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("locked.md: cannot read:"),
        "{}",
        stderr(&out)
    );
    assert_eq!(paths(&out), ["ok.md"]);
}

#[test]
fn a_folder_named_where_a_file_is_expected_is_walked() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("reply.md")).unwrap();
    fs::write(dir.path().join("reply.md/inner.txt"), BAD).unwrap();
    let out = tactful(dir.path(), &["check", "--format", "json", "reply.md"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(paths(&out), ["reply.md/inner.txt"]);
}

#[cfg(unix)]
#[test]
fn broken_links_and_link_loops_in_a_walk_are_listed_not_followed() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let replies = dir.path().join("replies");
    fs::create_dir(&replies).unwrap();
    fs::write(replies.join("ok.md"), BAD).unwrap();
    symlink("missing.md", replies.join("gone.md")).unwrap();
    symlink(".", replies.join("loop")).unwrap();
    let out = tactful(dir.path(), &["check", "--verbose", "--format", "json", "replies"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(paths(&out), ["replies/ok.md"]);
    for link in ["replies/gone.md", "replies/loop"] {
        let line = format!("skipped {link}: a symbolic link, not followed");
        assert!(stderr(&out).contains(&line), "{line}: {}", stderr(&out));
    }
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_shown_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    fs::write(dir.path().join(name), BAD).unwrap();
    let out = tactful(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(paths(&out), ["./caf\u{fffd}.md"]);
}

#[test]
fn a_closed_pipe_ends_quietly_in_every_output_format() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..20 {
        fs::write(dir.path().join(format!("r{i}.md")), BAD.repeat(50)).unwrap();
    }
    let formats = [
        "human",
        "json",
        "short",
        "sarif",
        "github",
        "checkstyle",
        "junit",
        "gitlab",
        "rdjsonl",
    ];
    for format in formats {
        // The reading end is closed before the start, so the first write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_tactful"))
            .args(["check", "--format", format, "."])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(code(&out), 0, "{format}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{format}");
    }
}
