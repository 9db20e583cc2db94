//! `tactful lsp`, driven like an editor drives it: framed JSON-RPC messages on
//! the server's standard input, its answers read from standard output with a
//! time limit, so a server that hangs fails the test instead of blocking it.
//! Where the CLI gives the same answer (spans, `--fix`), the server is checked
//! against it.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

// Not every helper of the shared runner is needed here.
#[allow(dead_code)]
mod support;

use support::run_in as tactful;

/// Long enough for a debug build on a busy machine; a hang still ends the test.
const PATIENCE: Duration = Duration::from_secs(30);

/// A running `tactful lsp` and the messages it has sent.
struct Server {
    child: Child,
    input: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Server {
    fn start() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tactful"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("run tactful lsp");
        let input = child.stdin.take().unwrap();
        let mut output = BufReader::new(child.stdout.take().unwrap());
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(message) = read_frame(&mut output) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            input,
            messages,
            next_id: 0,
        }
    }

    /// A server after `initialize` (with the client's `capabilities`) and
    /// `initialized`, with the capabilities it answered.
    fn initialized(capabilities: Value) -> (Self, Value) {
        let mut server = Self::start();
        let answer = server.request("initialize", json!({ "capabilities": capabilities }));
        server.notify("initialized", json!({}));
        (server, answer["result"]["capabilities"].clone())
    }

    fn send_raw(&mut self, body: &[u8]) {
        write!(self.input, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.input.write_all(body).unwrap();
        self.input.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        self.send_raw(message.to_string().as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The next message that `wanted` accepts; earlier ones are passed over.
    fn wait_for(&self, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .messages
                .recv_timeout(left)
                .expect("the server answered in time and did not stop");
            if wanted(&message) {
                return message;
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        let published =
            self.wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
        published["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// The next `n` publications, by document, whatever their order.
    fn published(&self, n: usize) -> std::collections::HashMap<String, Vec<Value>> {
        (0..n)
            .map(|_| {
                let m = self.wait_for(|m| m["method"] == "textDocument/publishDiagnostics");
                let params = &m["params"];
                let uri = params["uri"].as_str().unwrap().to_string();
                (uri, params["diagnostics"].as_array().unwrap().clone())
            })
            .collect()
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> Vec<Value> {
        let document = json!({ "uri": uri, "languageId": language, "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": document }));
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i32, changes: Value) -> Vec<Value> {
        let document = json!({ "uri": uri, "version": version });
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": document, "contentChanges": changes }),
        );
        self.diagnostics(uri)
    }

    /// The server's exit status after `exit`, sent after `shutdown` or not.
    fn exit(mut self, shut_down_first: bool) -> ExitStatus {
        if shut_down_first {
            let answer = self.request("shutdown", Value::Null);
            assert_eq!(answer["result"], Value::Null, "{answer}");
        }
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                self.child.kill().unwrap();
                panic!("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// One message as the protocol frames it; `None` at the end of the output.
fn read_frame(output: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if output.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = Some(n.parse().unwrap());
        }
    }
    let mut body = vec![0; length.expect("a Content-Length header")];
    output.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).unwrap())
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The byte offset of an LSP position in `text`, counting `character` in
/// UTF-16 units or UTF-8 bytes.
fn offset(text: &str, position: &Value, utf16: bool) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut counted = 0;
    for (i, c) in text[start..].char_indices() {
        if counted == character {
            return start + i;
        }
        counted += if utf16 { c.len_utf16() } else { c.len_utf8() };
    }
    text.len()
}

fn span(text: &str, range: &Value, utf16: bool) -> std::ops::Range<usize> {
    offset(text, &range["start"], utf16)..offset(text, &range["end"], utf16)
}

/// Applies LSP text edits (UTF-16 positions) to `text`, last first.
fn apply(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<_> = edits
        .iter()
        .map(|e| (span(text, &e["range"], true), e["newText"].as_str().unwrap()))
        .collect();
    spans.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
    let mut result = text.to_string();
    for (s, new) in spans {
        result.replace_range(s, new);
    }
    result
}

/// `(rule, byte span)` of each finding the CLI reports for `file`.
fn cli_findings(dir: &Path, file: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let out = tactful(dir, &["check", "--format", "json", file], None);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let span = &d["span"];
            (
                d["rule"].as_str().unwrap().to_string(),
                span["start"].as_u64().unwrap() as usize..span["end"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

/// A finding after an emoji, where UTF-16 and UTF-8 columns differ.
const AFTER_EMOJI: &str = "Sorry for the wait 🙏 – please calm down.\n";

#[test]
fn positions_count_utf16_units_unless_the_client_offers_utf8() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("reply.md"), AFTER_EMOJI).unwrap();
    let uri = file_uri(&dir.path().join("reply.md"));
    let cli = cli_findings(dir.path(), "reply.md");
    assert_eq!(cli.len(), 1, "{cli:?}");
    let (rule, bytes) = &cli[0];
    let utf8 = json!({ "general": { "positionEncodings": ["utf-8"] } });
    for (offered, name, utf16) in [(json!({}), "utf-16", true), (utf8, "utf-8", false)] {
        let (mut server, capabilities) = Server::initialized(offered);
        assert_eq!(capabilities["positionEncoding"], name);
        let diagnostics = server.open(&uri, "markdown", AFTER_EMOJI);
        assert_eq!(codes(&diagnostics), [rule.as_str()]);
        let range = &diagnostics[0]["range"];
        assert_eq!(span(AFTER_EMOJI, range, utf16), *bytes, "{name}: {range}");
        let character = range["start"]["character"].as_u64().unwrap() as usize;
        let columns = &AFTER_EMOJI[..bytes.start];
        let expected = if utf16 {
            columns.encode_utf16().count()
        } else {
            columns.len()
        };
        assert_eq!((range["start"]["line"].as_u64(), character), (Some(0), expected));
        assert_eq!(diagnostics[0]["source"], "tactful");
        assert_eq!(diagnostics[0]["severity"], 1, "calm-down is an error");
        assert!(server.exit(true).success());
    }
    // The emoji is what makes the two answers differ.
    assert_ne!(
        AFTER_EMOJI[..bytes.start].len(),
        AFTER_EMOJI[..bytes.start].encode_utf16().count()
    );
}

#[test]
fn changes_are_checked_and_a_clean_text_clears_the_diagnostics() {
    let (mut server, capabilities) = Server::initialized(json!({}));
    assert_eq!(capabilities["textDocumentSync"]["change"], 2, "incremental");
    let uri = "untitled:Untitled-1";
    let found = server.open(uri, "plaintext", AFTER_EMOJI);
    assert_eq!(codes(&found), ["dismissive/calm-down"]);
    // An incremental change over the finding's own range (UTF-16 positions).
    let change = json!([{ "range": found[0]["range"], "text": "I hear you" }]);
    assert_eq!(server.change(uri, 2, change), Vec::<Value>::new());
    // A whole new text, about 1 KB, brings findings back.
    let long = "Thanks for your patience while we looked into your order. ".repeat(16) + "That's our policy.";
    let started = Instant::now();
    let found = server.change(uri, 3, json!([{ "text": long }]));
    eprintln!(
        "didChange to publishDiagnostics, {} bytes: {:?}",
        long.len(),
        started.elapsed()
    );
    assert_eq!(codes(&found), ["policy-hiding/thats-our-policy"]);
    let document = json!({ "uri": uri });
    server.notify("textDocument/didClose", json!({ "textDocument": document }));
    assert_eq!(server.diagnostics(uri), Vec::<Value>::new());
    assert!(server.exit(true).success());
}

#[test]
fn code_actions_write_what_the_cli_fix_writes() {
    let text = "Hi Sam 👋 no problem. Please simply click the link and reply at your earliest convenience.\n";
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("reply.txt"));
    let cli = tactful(dir.path(), &["check", "--fix", "-"], Some(text));
    let cli_fixed = String::from_utf8(cli.stdout).unwrap();
    assert_ne!(cli_fixed, text, "the text has fixes");

    let (mut server, _) = Server::initialized(json!({}));
    server.open(&uri, "plaintext", text);
    let whole = json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 1, "character": 0 } });
    let params = json!({ "textDocument": { "uri": uri }, "range": whole, "context": { "diagnostics": [] } });
    let actions = server.request("textDocument/codeAction", params.clone())["result"].clone();
    let edits_of = |kind: &str| -> Vec<Value> {
        let actions = actions.as_array().unwrap().iter().filter(|a| a["kind"] == kind);
        actions
            .flat_map(|a| a["edit"]["changes"][&uri].as_array().unwrap().clone())
            .collect()
    };
    let quick = edits_of("quickfix");
    assert_eq!(quick.len(), 2, "{actions}");
    assert!(
        actions
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["kind"] == "quickfix")
            .all(|a| a["isPreferred"] == true)
    );
    assert_eq!(apply(text, &quick), cli_fixed);
    assert_eq!(apply(text, &edits_of("source.fixAll.tactful")), cli_fixed);

    // A range around one finding offers its fix alone; `only` filters by kind.
    let click = text.find("simply").unwrap();
    let character = text[..click].encode_utf16().count();
    let mut narrow = params.clone();
    narrow["range"] = json!({ "start": { "line": 0, "character": character }, "end": { "line": 0, "character": character } });
    narrow["context"]["only"] = json!(["quickfix"]);
    let actions = server.request("textDocument/codeAction", narrow)["result"].clone();
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 1, "{actions}");
    assert!(titles[0].contains("simply click"), "{titles:?}");
    let mut fix_all = params;
    fix_all["context"]["only"] = json!(["source.fixAll"]);
    let actions = server.request("textDocument/codeAction", fix_all)["result"].clone();
    let kinds: Vec<&Value> = actions.as_array().unwrap().iter().map(|a| &a["kind"]).collect();
    assert_eq!(kinds, [&json!("source.fixAll.tactful")]);
    assert!(server.exit(true).success());
}

#[test]
fn findings_in_an_export_point_inside_its_json_strings() {
    let export = r#"{
  "macros": [
    {
      "id": 360001234,
      "title": "Refunds",
      "actions": [
        { "field": "comment_value", "value": "Caf\u00e9 \"Beans\" here.\nSorry, but that\u2019s our policy." }
      ]
    }
  ]
}
"#;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("macros.json"), export).unwrap();
    let uri = file_uri(&dir.path().join("macros.json"));
    let cli = cli_findings(dir.path(), "macros.json");
    assert!(!cli.is_empty());

    let (mut server, _) = Server::initialized(json!({}));
    let diagnostics = server.open(&uri, "json", export);
    let found: Vec<(String, std::ops::Range<usize>)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                span(export, &d["range"], true),
            )
        })
        .collect();
    assert_eq!(found, cli);
    for d in &diagnostics {
        assert_eq!(d["range"]["start"]["line"], 6, "{d}");
        assert!(
            d["message"]
                .as_str()
                .unwrap()
                .contains("(in \u{201c}Refunds\u{201d})"),
            "{d}"
        );
    }
    assert!(
        cli.iter().any(|(_, s)| export[s.clone()].contains("\\u2019")),
        "a span covers an escape: {cli:?}"
    );

    // Half-typed JSON is one diagnostic at the start, and the server goes on.
    let broken = server.change(&uri, 2, json!([{ "text": "{\"macros\": [" }]));
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!(broken[0]["range"]["start"], json!({ "line": 0, "character": 0 }));
    assert!(
        broken[0]["message"].as_str().unwrap().contains("json"),
        "{broken:?}"
    );
    let back = server.change(&uri, 3, json!([{ "text": export }]));
    assert_eq!(back.len(), cli.len());
    assert!(server.exit(true).success());
}

#[test]
fn the_nearest_config_applies_and_a_saved_config_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir_all(team.join("macros")).unwrap();
    let config = team.join("tactful.toml");
    std::fs::write(&config, "[severity]\ndismissive = \"info\"\n").unwrap();
    let inside = file_uri(&team.join("macros/reply.md"));
    let outside = file_uri(&dir.path().join("reply.md"));

    let watching = json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    let (mut server, _) = Server::initialized(watching);
    let register = server.wait_for(|m| m["method"] == "client/registerCapability");
    let watcher = &register["params"]["registrations"][0]["registerOptions"]["watchers"][0];
    assert_eq!(
        watcher["globPattern"], "**/{tactful.toml,.tactful.toml}",
        "{register}"
    );
    server.send(json!({ "jsonrpc": "2.0", "id": register["id"], "result": null }));
    let severities = |d: &[Value]| d.iter().map(|d| d["severity"].clone()).collect::<Vec<_>>();
    assert_eq!(
        severities(&server.open(&outside, "markdown", AFTER_EMOJI)),
        [json!(1)]
    );
    assert_eq!(
        severities(&server.open(&inside, "markdown", AFTER_EMOJI)),
        [json!(3)]
    );

    // Saving the config (open in the editor, say) rechecks every document.
    std::fs::write(&config, "[severity]\ndismissive = \"off\"\n").unwrap();
    let saved = json!({ "textDocument": { "uri": file_uri(&config) } });
    server.notify("textDocument/didSave", saved);
    let republished = server.published(2);
    assert_eq!(severities(&republished[&outside]), [json!(1)]);
    assert_eq!(severities(&republished[&inside]), Vec::<Value>::new());

    // A broken config, as the file watcher reports it, is a diagnostic on
    // the document, not a crash.
    std::fs::write(&config, "[severity]\ndismissive = \"loud\"\n").unwrap();
    let changed = json!([{ "uri": file_uri(&config), "type": 2 }]);
    server.notify("workspace/didChangeWatchedFiles", json!({ "changes": changed }));
    let reports = server.published(2);
    assert_eq!(severities(&reports[&outside]), [json!(1)]);
    let broken = &reports[&inside];
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(broken[0]["code"].is_null(), "{broken:?}");
    assert!(
        broken[0]["message"].as_str().unwrap().contains("tactful.toml"),
        "{broken:?}"
    );
    assert!(server.exit(true).success());
}

#[test]
fn bad_messages_are_answered_and_the_server_goes_on() {
    let mut server = Server::start();
    let early = server.request("textDocument/codeAction", json!({}));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    server.request("initialize", json!({ "capabilities": {} }));
    server.notify("initialized", json!({}));
    server.send_raw(b"{not json");
    let logged = server.wait_for(|m| m["method"] == "window/logMessage");
    assert!(
        logged["params"]["message"]
            .as_str()
            .unwrap()
            .contains("malformed"),
        "{logged}"
    );
    let unknown = server.request("textDocument/hover", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let invalid = server.request("textDocument/codeAction", json!({ "range": 3 }));
    assert_eq!(invalid["error"]["code"], -32602, "{invalid}");
    // Still checking documents after all that.
    assert_eq!(
        codes(&server.open("untitled:a", "plaintext", AFTER_EMOJI)),
        ["dismissive/calm-down"]
    );
    assert_eq!(server.exit(true).code(), Some(0));
}

#[test]
fn exit_without_shutdown_is_an_error() {
    let (server, _) = Server::initialized(json!({}));
    assert_eq!(server.exit(false).code(), Some(1));
}
