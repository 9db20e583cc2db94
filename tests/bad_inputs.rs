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

/// Writes `files` (name, contents) into a new temporary folder.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, contents) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }
    dir
}

/// Asserts that `out` failed with exit 2 and every line of `expected` on
/// standard error.
fn assert_errors(out: &Output, expected: &[&str]) {
    let err = stderr(out);
    assert_eq!(code(out), 2, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for line in expected {
        assert!(err.contains(line), "expected {line:?} in:\n{err}");
    }
}

#[test]
fn a_folder_where_a_file_must_be_is_an_error_naming_it() {
    let dir = folder(&[("ok.md", BAD.as_bytes()), ("d/x.txt", b"")]);
    let cases: [(&[&str], &str); 4] = [
        (&["--config", "d"], "d: cannot read the config:"),
        (&["--rules", "ok.md"], "ok.md: cannot read the rules folder:"),
        (&["--baseline", "d"], "d: cannot read the baseline:"),
        (&["--write-baseline", "d"], "d: cannot write the baseline:"),
    ];
    for (flags, message) in cases {
        let args: Vec<&str> = ["check"].iter().chain(flags).chain(&["ok.md"]).copied().collect();
        let out = tactful(dir.path(), &args);
        assert_errors(&out, &[message]);
    }
}

#[cfg(unix)]
#[test]
fn named_broken_links_link_loops_and_devices_are_errors_and_the_others_are_checked() {
    use std::os::unix::fs::symlink;
    let dir = folder(&[("ok.md", BAD.as_bytes())]);
    symlink("missing.md", dir.path().join("gone.md")).unwrap();
    symlink("loop-b.md", dir.path().join("loop-a.md")).unwrap();
    symlink("loop-a.md", dir.path().join("loop-b.md")).unwrap();
    let out = tactful(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "gone.md",
            "loop-a.md",
            "/dev/zero",
            "ok.md",
        ],
    );
    assert_errors(
        &out,
        &[
            "gone.md: cannot read: a symbolic link to missing.md, which does not exist",
            "loop-a.md: cannot read:",
            "/dev/zero: cannot read: not a regular file but a character device",
        ],
    );
    assert_eq!(paths(&out), ["ok.md"]);
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_read_to_its_end() {
    let dir = folder(&[]);
    let fifo = dir.path().join("draft.md");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: no mkfifo here");
        return;
    }
    let writer = std::thread::spawn(move || fs::write(fifo, BAD).unwrap());
    let out = tactful(dir.path(), &["check", "--format", "json", "draft.md"]);
    writer.join().unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(paths(&out), ["draft.md"]);
}

/// `open` repeated `n` times, `middle`, then `close` repeated `n` times.
fn nested(open: &str, middle: &str, close: &str, n: usize) -> Vec<u8> {
    [open.repeat(n), middle.to_string(), close.repeat(n)]
        .concat()
        .into_bytes()
}

#[test]
fn deep_json_and_yaml_stop_at_128_levels_with_their_place() {
    let n = 100_000;
    let dir = folder(&[
        ("array.json", &nested("[", "", "]", n)),
        ("object.json", &nested("{\"a\": ", "1", "}", n)),
        (
            "lines.jsonl",
            &[b"{\"text\": \"fine\"}\n".as_slice(), &nested("[", "", "]", n)].concat(),
        ),
        ("flow.yaml", &nested("[", "", "]", n)),
        ("block.yaml", &nested("- ", "x", "", n)),
        ("ok.md", BAD.as_bytes()),
    ]);
    let out = tactful(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "array.json",
            "object.json",
            "lines.jsonl",
            "flow.yaml",
            "block.yaml",
            "ok.md",
        ],
    );
    assert_errors(
        &out,
        &[
            "array.json:1:128: nested more than 128 levels deep (reading it as json); file skipped",
            // `{"a": ` is six characters: the 128th brace.
            "object.json:1:763: nested more than 128 levels deep",
            "lines.jsonl:2:128: nested more than 128 levels deep",
            "flow.yaml:1:",
            "block.yaml:1:257: nested more than 128 levels deep",
        ],
    );
    assert_eq!(paths(&out), ["ok.md"]);
}

#[test]
fn deep_markdown_and_html_are_read_without_overflowing() {
    let n = 100_000;
    let dir = folder(&[
        ("quotes.md", &nested(">", " Hi.\n\nPlease calm down.\n", "", n)),
        ("lists.md", &nested("- ", "Please calm down.\n", "", n)),
        ("tags.html", &nested("<div>", "Please calm down.", "</div>", n)),
        ("open.html", &nested("<b>", "Please calm down.", "", n)),
    ]);
    let out = tactful(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "quotes.md",
            "lists.md",
            "tags.html",
            "open.html",
        ],
    );
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    assert_eq!(paths(&out), ["quotes.md", "lists.md", "tags.html", "open.html"]);
    let found = files(&out);
    assert!(!found[2].1.is_empty() && !found[3].1.is_empty(), "{found:?}");
}

/// One line of about `bytes`, a finding every 1,200 bytes or so.
fn one_line(bytes: usize) -> String {
    let clean =
        "Thanks for waiting, Sam: I have looked at your order and the parcel is on its way to you today. ";
    let block = clean.repeat(12) + "Please calm down. ";
    block.repeat(bytes / block.len())
}

/// The findings in a JSON report of one file.
fn finding_count(out: &Output) -> usize {
    files(out).iter().map(|(_, d)| d.len()).sum()
}

#[test]
fn a_long_single_line_is_read_whole_and_twice_the_size_is_twice_the_work() {
    // The shape of a 200 MB line (see docs/reliability.md), small enough for
    // the suite; the work done is counted in findings and in bytes of human
    // output (each finding shows the words around it, not the whole line),
    // never timed.
    let mut counts = Vec::new();
    let mut shown = Vec::new();
    for bytes in [2 << 20, 4 << 20] {
        let line = one_line(bytes);
        let json = serde_json::to_string(&serde_json::json!({ "body": line })).unwrap();
        let dir = folder(&[("line.txt", line.as_bytes()), ("line.json", json.as_bytes())]);
        for name in ["line.txt", "line.json"] {
            let out = tactful(dir.path(), &["check", "--format", "json", name]);
            assert_eq!(code(&out), 1, "{name}: {}", stderr(&out));
            counts.push(finding_count(&out));
        }
        let human = tactful(dir.path(), &["check", "line.txt"]);
        assert_eq!(code(&human), 1, "{}", stderr(&human));
        shown.push(human.stdout.len());
    }
    let [txt, json, txt2, json2] = counts[..] else {
        unreachable!()
    };
    assert_eq!(txt, json, "the JSON string holds the same text");
    assert!(txt > 0 && (2 * txt).abs_diff(txt2) <= 4, "{txt} then {txt2}");
    assert_eq!(txt2, json2);
    assert!(shown[1] < 2 * shown[0] + 1_000, "{shown:?}");
}

/// A reply with safe fixes, and the same reply fixed.
const FIXABLE: &str = "Hi Sam,\n\nNo problem! Simply click the link.\n";

/// The names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn a_fix_that_cannot_be_written_leaves_the_file_and_the_others_are_fixed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder(&[
        ("locked/reply.txt", FIXABLE.as_bytes()),
        ("open/reply.txt", FIXABLE.as_bytes()),
    ]);
    let locked = dir.path().join("locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(locked.join("probe"), "").is_ok() {
        eprintln!("skipped: permissions do not bite here (running as root)");
        return;
    }
    let out = tactful(
        dir.path(),
        &["check", "--fix", "locked/reply.txt", "open/reply.txt"],
    );
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    assert_errors(&out, &["locked/reply.txt: cannot create a temporary file"]);
    assert_eq!(fs::read_to_string(locked.join("reply.txt")).unwrap(), FIXABLE);
    assert_eq!(listing(&locked), ["reply.txt"]);
    assert_ne!(
        fs::read_to_string(dir.path().join("open/reply.txt")).unwrap(),
        FIXABLE
    );
}

#[cfg(unix)]
#[test]
fn a_full_disk_while_fixing_leaves_the_file_whole_and_no_temporary_file() {
    // A file-size limit makes writes past it fail as on a full disk (EFBIG;
    // the signal that would kill the process is ignored). `ulimit -f` counts
    // blocks of 512 or 1024 bytes, depending on the shell: both far below the
    // large file and above the small one.
    let large = FIXABLE.repeat(2_000);
    let dir = folder(&[("large.txt", large.as_bytes()), ("small.txt", FIXABLE.as_bytes())]);
    let script = format!(
        "trap '' XFSZ; ulimit -f 4; exec '{}' check --fix large.txt small.txt",
        env!("CARGO_BIN_EXE_tactful")
    );
    let out = Command::new("sh")
        .args(["-c", &script])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_errors(&out, &["large.txt: cannot write"]);
    assert_eq!(fs::read_to_string(dir.path().join("large.txt")).unwrap(), large);
    assert_eq!(listing(dir.path()), ["large.txt", "small.txt"]);
    assert_ne!(fs::read_to_string(dir.path().join("small.txt")).unwrap(), FIXABLE);
}

#[test]
fn malformed_files_in_every_format_give_their_line_and_column_and_the_others_are_checked() {
    let dir = folder(&[
        (
            "export.json",
            b"{\"macros\": [\n  {\"title\": \"x\" \"body\": \"y\"}\n]}",
        ),
        ("lines.jsonl", b"{\"text\": \"fine\"}\n{\"text\": \"cut"),
        ("tpl.yaml", b"replies:\n  - body: \"open\n    name: x\n"),
        ("ragged.csv", b"id,body\n1,fine\n2,a,b\n"),
        ("open.csv", b"id,body\n1,\"never closed\n2,x\n"),
        ("after.csv", b"id,body\n1,\"quoted\"then text\n"),
        ("ok.md", BAD.as_bytes()),
    ]);
    let names = [
        "export.json",
        "lines.jsonl",
        "tpl.yaml",
        "ragged.csv",
        "open.csv",
        "after.csv",
        "ok.md",
    ];
    let args: Vec<&str> = ["check", "--format", "json"].into_iter().chain(names).collect();
    let out = tactful(dir.path(), &args);
    assert_errors(
        &out,
        &[
            "export.json:2:17: expected `,` or `}` (reading it as json); file skipped",
            "lines.jsonl:2:13: EOF while parsing a string",
            "tpl.yaml:2:11: invalid indentation in quoted scalar",
            "ragged.csv:3:1: this row has 3 fields where the header has 2 fields",
            "open.csv:2:3: this quoted field is never closed",
            "after.csv:2:11: text after the closing quote of a quoted field",
        ],
    );
    assert_eq!(paths(&out), ["ok.md"]);
}

/// A rule file for `--rules`: one rule whose trigger is `phrase`, or `extra`
/// lines added to the rule.
fn rule_file(phrase: &str, extra: &str) -> String {
    format!(
        "[[rule]]\nid = \"dismissive/x\"\nseverity = \"error\"\nmessage = \"m\"\nrationale = \"r\"\n\
         suggestions = [\"s\"]\n{extra}[[rule.trigger]]\nphrases = [\"{phrase}\"]\n"
    )
}

#[test]
fn a_broken_rule_file_stops_the_run_with_its_line_and_column() {
    let cases = [
        (
            rule_file("calm down", "").replace("\"m\"", "\"m"),
            "rules/x.toml:4:13: rule \"dismissive/x\": invalid basic string",
        ),
        (
            rule_file("calm down", "colour = 1\n"),
            "rules/x.toml:7:1: rule \"dismissive/x\": unknown field `colour`",
        ),
        (
            rule_file("(calm down", ""),
            "rules/x.toml:1:1: rule \"dismissive/x\": field \"phrases\": phrase \"(calm down\": unbalanced `(`",
        ),
        (
            rule_file(&"(a|b|c|d|e|f|g|h|i|j) ".repeat(4), ""),
            "rules/x.toml:1:1: rule \"dismissive/x\": field \"phrases\": phrase \"(a|b|c|d|e|f|g|h|i|j) (a",
        ),
        (
            rule_file(&format!("{}calm{}", "(".repeat(40), ")".repeat(40)), ""),
            "nests groups more than 16 deep",
        ),
        (
            rule_file(&"calm ".repeat(1_000), ""),
            "is longer than 4000 characters",
        ),
    ];
    for (text, expected) in cases {
        let dir = folder(&[("rules/x.toml", text.as_bytes()), ("ok.md", BAD.as_bytes())]);
        let out = tactful(dir.path(), &["check", "--rules", "rules", "ok.md"]);
        assert_errors(&out, &[expected]);
    }
}

#[test]
fn a_broken_config_stops_the_run_with_its_line_and_column() {
    let cases: [(&[u8], &str); 3] = [
        (b"select = [\"dismissive\"\n", "tactful.toml:1:23: unclosed array"),
        (
            b"selekt = [\"dismissive\"]\n",
            "tactful.toml:1:1: unknown field `selekt`",
        ),
        (b"[severity]\ndismissive = \"loud\"\n", "tactful.toml:2:14:"),
    ];
    for (text, expected) in cases {
        let dir = folder(&[("tactful.toml", text), ("ok.md", BAD.as_bytes())]);
        let out = tactful(dir.path(), &["check", "ok.md"]);
        assert_errors(&out, &[expected]);
    }
}

#[test]
fn a_rules_folder_without_rule_files_is_an_error() {
    let dir = folder(&[("rules/readme.txt", b"no rules here"), ("ok.md", BAD.as_bytes())]);
    let out = tactful(dir.path(), &["check", "--rules", "rules", "ok.md"]);
    assert_errors(&out, &["rules: no rule files"]);
}
