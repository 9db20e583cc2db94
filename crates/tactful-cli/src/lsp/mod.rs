//! `tactful lsp`: a language server on standard input and output, so editors
//! show findings as the draft is written and apply the safe fixes.
//!
//! One thread reads a message, answers it and reads the next: checking a reply
//! takes milliseconds, so nothing needs to run in the background.
//!
//! - Documents are checked on open, change and save, exactly as `tactful check`
//!   checks the file: the same readers (the format from the editor's language
//!   id, else from the file name and content), the nearest `tactful.toml`,
//!   suppression comments. A document that is not a file (`untitled:`) gets the
//!   defaults. Closing a document clears its diagnostics.
//! - Each finding is a diagnostic: `code` is the rule id, `source` is
//!   `tactful`, the message names the macro of an export and ends with the
//!   first rewrite. `info` findings are *Information*, not *Hint*: editors list
//!   hints nowhere but the text, and a nudge is still worth seeing.
//! - Code actions: a preferred `quickfix` per finding with a safe fix, and
//!   `source.fixAll.tactful`, which writes what `tactful check --fix` would.
//! - Positions count UTF-16 code units unless the client offers UTF-8 or UTF-32
//!   (`general.positionEncodings`), see [`position`].
//! - A config file that changes is read again when the client watches files
//!   for us (dynamic registration) or saves it as an open document.
//!
//! The server never stops on bad input: a malformed message is logged and
//! skipped, an unknown request is `MethodNotFound`, a request before
//! `initialize` is `ServerNotInitialized`, and a document that cannot be read in
//! its format or a broken config becomes one diagnostic at its start. It exits
//! with 0 on `exit` after `shutdown` and with 1 otherwise, as the protocol asks.

mod position;

use std::collections::HashMap;
use std::io::{self, BufRead, Write};
use std::path::Path;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notifications, Notification as _};
use lsp_types::request::{self as requests, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, FileSystemWatcher, GlobPattern, InitializeParams, InitializeResult,
    LogMessageParams, MessageType, NumberOrString, PublishDiagnosticsParams, Registration,
    RegistrationParams, ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit, Url, WorkspaceEdit,
};
use serde::de::DeserializeOwned;
use tactful::Severity;
use tactful_formats::Kind;

use crate::config::{self, BaseRules, Resolver};
use crate::fix;
use crate::inputs::{self, CheckedFile, Reading};
use crate::output::{self, Located};
use position::{Encoding, Lines};

/// Exit codes the protocol asks for: 0 after `shutdown`, 1 when the client
/// ends the session without it.
const EXIT_AFTER_SHUTDOWN: u8 = 0;
const EXIT_WITHOUT_SHUTDOWN: u8 = 1;

/// The id of our one request to the client: to watch config files.
const WATCH_REQUEST: &str = "tactful/watch-config";

/// Serves one editor session on standard input and output; the exit code.
pub fn run() -> anyhow::Result<u8> {
    let mut server = Server::new(io::stdout().lock())?;
    Ok(server.serve(&mut io::stdin().lock())?)
}

/// The kind of the fix-all action, under the kind editors run on save.
fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::from(format!("{}.tactful", CodeActionKind::SOURCE_FIX_ALL.as_str()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for `initialize`.
    Starting,
    Running,
    /// After `shutdown`: waiting for `exit`.
    ShutDown,
}

/// An open document.
struct Document {
    language: String,
    version: i32,
    text: String,
    /// The last check of `text`; `None` when it could not be read in its format.
    checked: Option<CheckedFile>,
}

impl Document {
    /// How to read it: by the editor's language when that names a format, else
    /// as `tactful check` decides for the file (a `plaintext` document may be
    /// HTML pasted from a helpdesk, and `.txt` files are looked at for that).
    fn reading(&self) -> Reading {
        let kind = match self.language.as_str() {
            "markdown" | "mdx" => Some(Kind::Markdown),
            "html" => Some(Kind::Html),
            "json" => Some(Kind::Json),
            "jsonl" | "jsonlines" | "ndjson" => Some(Kind::JsonLines),
            "yaml" => Some(Kind::Yaml),
            "csv" => Some(Kind::Csv),
            _ => None,
        };
        Reading {
            kind,
            options: Default::default(),
        }
    }
}

/// A failed request: the error code and message of its response.
type Failure = (ErrorCode, String);

struct Server<W: Write> {
    out: W,
    phase: Phase,
    encoding: Encoding,
    /// Whether the client watches files for servers that ask (config changes).
    can_watch: bool,
    configs: Resolver,
    documents: HashMap<Url, Document>,
}

impl<W: Write> Server<W> {
    fn new(out: W) -> anyhow::Result<Self> {
        Ok(Self {
            out,
            phase: Phase::Starting,
            encoding: Encoding::Utf16,
            can_watch: false,
            configs: Resolver::new(BaseRules::BuiltIn, None, false)?,
            documents: HashMap::new(),
        })
    }

    /// Reads and answers messages until `exit` or the end of the input.
    fn serve(&mut self, input: &mut impl BufRead) -> io::Result<u8> {
        loop {
            let message = match Message::read(input) {
                Ok(Some(message)) => message,
                Ok(None) => return Ok(self.exit_code()),
                // The bad frame has been consumed: the next one reads normally.
                Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                    self.log(MessageType::ERROR, format!("ignored a malformed message: {e}"))?;
                    continue;
                }
                Err(e) => return Err(e),
            };
            match message {
                Message::Request(request) => self.request(request)?,
                Message::Notification(n) if n.method == notifications::Exit::METHOD => {
                    return Ok(self.exit_code());
                }
                Message::Notification(n) => self.notification(n)?,
                // The client's answer to the watch registration: nothing to do.
                Message::Response(_) => {}
            }
        }
    }

    fn exit_code(&self) -> u8 {
        match self.phase {
            Phase::ShutDown => EXIT_AFTER_SHUTDOWN,
            _ => EXIT_WITHOUT_SHUTDOWN,
        }
    }

    fn request(&mut self, request: Request) -> io::Result<()> {
        let Request { id, method, params } = request;
        let result = match (self.phase, method.as_str()) {
            (Phase::Starting, requests::Initialize::METHOD) => {
                parse(params).and_then(|p| answer(self.initialize(p)))
            }
            (Phase::Starting, _) => Err((ErrorCode::ServerNotInitialized, "send `initialize` first".into())),
            (Phase::ShutDown, _) => Err((ErrorCode::InvalidRequest, "the server is shut down".into())),
            (Phase::Running, requests::Initialize::METHOD) => {
                Err((ErrorCode::InvalidRequest, "already initialized".into()))
            }
            (Phase::Running, requests::Shutdown::METHOD) => {
                self.phase = Phase::ShutDown;
                answer(())
            }
            (Phase::Running, requests::CodeActionRequest::METHOD) => {
                parse(params).and_then(|p| answer(self.code_actions(p)))
            }
            (Phase::Running, _) => Err((ErrorCode::MethodNotFound, format!("unknown method `{method}`"))),
        };
        let response = match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(response)
    }

    fn notification(&mut self, n: Notification) -> io::Result<()> {
        // Before `initialize` and after `shutdown` notifications are dropped.
        if self.phase != Phase::Running {
            return Ok(());
        }
        match n.method.as_str() {
            notifications::Initialized::METHOD => self.watch_configs(),
            notifications::DidOpenTextDocument::METHOD => self.handle(n, Self::open),
            notifications::DidChangeTextDocument::METHOD => self.handle(n, Self::change),
            notifications::DidSaveTextDocument::METHOD => self.handle(n, Self::save),
            notifications::DidCloseTextDocument::METHOD => self.handle(n, Self::close),
            notifications::DidChangeWatchedFiles::METHOD => self.reload_configs(),
            // `$/cancelRequest`, `$/setTrace`…: every answer is immediate anyway.
            _ => Ok(()),
        }
    }

    /// Passes the notification's parameters to `handler`, or logs why they
    /// are not valid.
    fn handle<P: DeserializeOwned>(
        &mut self,
        n: Notification,
        handler: fn(&mut Self, P) -> io::Result<()>,
    ) -> io::Result<()> {
        match parse(n.params) {
            Ok(params) => handler(self, params),
            Err((_, e)) => self.log(MessageType::ERROR, format!("ignored `{}`: {e}", n.method)),
        }
    }

    fn initialize(&mut self, params: InitializeParams) -> InitializeResult {
        let capabilities = params.capabilities;
        let offered = capabilities
            .general
            .and_then(|g| g.position_encodings)
            .unwrap_or_default();
        self.encoding = Encoding::negotiate(&offered);
        self.can_watch = capabilities
            .workspace
            .and_then(|w| w.did_change_watched_files)
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        self.phase = Phase::Running;
        InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(self.encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                })),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, fix_all_kind()]),
                    ..Default::default()
                })),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "tactful".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        }
    }

    /// Asks the client to tell us when a config file changes, if it can.
    fn watch_configs(&mut self) -> io::Result<()> {
        if !self.can_watch {
            return Ok(());
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{{{}}}", config::FILE_NAMES.join(","))),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: WATCH_REQUEST.into(),
                method: notifications::DidChangeWatchedFiles::METHOD.into(),
                register_options: Some(serde_json::to_value(options).expect("options serialise")),
            }],
        };
        let id = RequestId::from(WATCH_REQUEST.to_string());
        self.send(Request::new(
            id,
            requests::RegisterCapability::METHOD.into(),
            params,
        ))
    }

    fn open(&mut self, params: DidOpenTextDocumentParams) -> io::Result<()> {
        let doc = params.text_document;
        let document = Document {
            language: doc.language_id,
            version: doc.version,
            text: doc.text,
            checked: None,
        };
        self.documents.insert(doc.uri.clone(), document);
        self.publish(&doc.uri)
    }

    /// Applies the changes in order: whole texts, or ranges of the text as
    /// the previous change left it.
    fn change(&mut self, params: DidChangeTextDocumentParams) -> io::Result<()> {
        let uri = params.text_document.uri;
        let Some(document) = self.documents.get_mut(&uri) else {
            return self.log(
                MessageType::WARNING,
                format!("a change to {uri}, which is not open"),
            );
        };
        for change in params.content_changes {
            match change.range {
                Some(range) => {
                    let span = Lines::new(&document.text, self.encoding).span(range);
                    document.text.replace_range(span, &change.text);
                }
                None => document.text = change.text,
            }
        }
        document.version = params.text_document.version;
        self.publish(&uri)
    }

    /// Saving a config file reads every config again; saving a reply
    /// checks it again (a config it depends on may have changed meanwhile).
    fn save(&mut self, params: DidSaveTextDocumentParams) -> io::Result<()> {
        let uri = params.text_document.uri;
        let is_config = uri
            .to_file_path()
            .ok()
            .and_then(|p| Some(config::FILE_NAMES.contains(&p.file_name()?.to_str()?)))
            .unwrap_or(false);
        match is_config {
            true => self.reload_configs(),
            false => self.publish(&uri),
        }
    }

    fn close(&mut self, params: DidCloseTextDocumentParams) -> io::Result<()> {
        let uri = params.text_document.uri;
        self.documents.remove(&uri);
        self.notify::<notifications::PublishDiagnostics>(PublishDiagnosticsParams::new(uri, Vec::new(), None))
    }

    /// Forgets every config read so far and checks each open document again.
    fn reload_configs(&mut self) -> io::Result<()> {
        match Resolver::new(BaseRules::BuiltIn, None, false) {
            Ok(configs) => self.configs = configs,
            Err(e) => return self.log(MessageType::ERROR, format!("cannot reload the configs: {e:#}")),
        }
        let uris: Vec<Url> = self.documents.keys().cloned().collect();
        uris.iter().try_for_each(|uri| self.publish(uri))
    }

    /// Checks the document and sends its diagnostics.
    fn publish(&mut self, uri: &Url) -> io::Result<()> {
        let Some(document) = self.documents.get_mut(uri) else {
            return Ok(());
        };
        let checked = check(&mut self.configs, uri, document);
        let lines = Lines::new(&document.text, self.encoding);
        let diagnostics = match &checked {
            Ok(file) => output::located_in(file).map(|l| diagnostic(&l, &lines)).collect(),
            Err(problem) => vec![lsp_types::Diagnostic {
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("tactful".into()),
                message: problem.clone(),
                ..Default::default()
            }],
        };
        document.checked = checked.ok();
        let params = PublishDiagnosticsParams::new(uri.clone(), diagnostics, Some(document.version));
        self.notify::<notifications::PublishDiagnostics>(params)
    }

    /// The quick fixes of the findings in the range asked about, and the
    /// fix-all action when the document has anything to fix.
    fn code_actions(&self, params: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = params.text_document.uri;
        let Some((document, file)) = self
            .documents
            .get(&uri)
            .and_then(|d| Some((d, d.checked.as_ref()?)))
        else {
            return Vec::new();
        };
        let wanted = |kind: &CodeActionKind| {
            params.context.only.as_ref().is_none_or(|only| {
                only.iter().any(|o| {
                    kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str()))
                })
            })
        };
        let lines = Lines::new(&file.text, self.encoding);
        let asked = lines.span(params.range);
        let mut actions = Vec::new();
        if wanted(&CodeActionKind::QUICKFIX) {
            for located in output::located_in(file) {
                let finding = located.finding;
                let (span, Some(fix)) = (&finding.diagnostic.span, &finding.fix) else {
                    continue;
                };
                if span.start > asked.end || asked.start > span.end {
                    continue;
                }
                let diagnostic = diagnostic(&located, &lines);
                let written = finding.diagnostic.fix.as_deref().unwrap_or(fix);
                actions.push(CodeActionOrCommand::from(CodeAction {
                    title: format!(
                        "Replace \u{201c}{}\u{201d} with \u{201c}{written}\u{201d}",
                        finding.diagnostic.matched
                    ),
                    kind: Some(CodeActionKind::QUICKFIX),
                    edit: Some(edit(&uri, TextEdit::new(diagnostic.range, fix.clone()))),
                    diagnostics: Some(vec![diagnostic]),
                    is_preferred: Some(true),
                    ..Default::default()
                }));
            }
        }
        if wanted(&fix_all_kind())
            && let Some(all) = fix_all(file, &document.reading(), &lines)
        {
            actions.push(CodeActionOrCommand::from(CodeAction {
                title: "Apply every tactful fix in this document".into(),
                kind: Some(fix_all_kind()),
                edit: Some(edit(&uri, all)),
                ..Default::default()
            }));
        }
        actions
    }

    fn log(&mut self, typ: MessageType, message: String) -> io::Result<()> {
        self.notify::<notifications::LogMessage>(LogMessageParams { typ, message })
    }

    fn notify<N: notifications::Notification>(&mut self, params: N::Params) -> io::Result<()> {
        self.send(Notification::new(N::METHOD.into(), params))
    }

    fn send(&mut self, message: impl Into<Message>) -> io::Result<()> {
        message.into().write(&mut self.out)
    }
}

/// A request's or notification's parameters, or why they are not valid.
fn parse<P: DeserializeOwned>(params: serde_json::Value) -> Result<P, Failure> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn answer(result: impl serde::Serialize) -> Result<serde_json::Value, Failure> {
    serde_json::to_value(result).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

/// Checks a document as `tactful check` checks its file: with the config
/// nearest to the file, or the defaults for a document that is not a file.
/// Fails with a message naming the place when the text (or the config) cannot
/// be read.
fn check(configs: &mut Resolver, uri: &Url, document: &Document) -> Result<CheckedFile, String> {
    let (path, config) = match uri.to_file_path() {
        Ok(path) => {
            let config = configs
                .for_dir(path.parent().unwrap_or(Path::new("/")))
                .map_err(|e| format!("{e:#}"))?;
            (path.display().to_string(), config)
        }
        Err(()) => (uri.to_string(), configs.defaults()),
    };
    inputs::check_text(config, path, document.text.clone(), &document.reading(), false)
}

fn diagnostic(located: &Located<'_>, lines: &Lines<'_>) -> lsp_types::Diagnostic {
    let d = &located.finding.diagnostic;
    lsp_types::Diagnostic {
        range: lines.range(d.span.clone()),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.to_string())),
        source: Some("tactful".into()),
        message: located.message_with_help(),
        ..Default::default()
    }
}

fn edit(uri: &Url, edit: TextEdit) -> WorkspaceEdit {
    WorkspaceEdit::new(HashMap::from([(uri.clone(), vec![edit])]))
}

/// One edit that turns the document into what `tactful check --fix` writes:
/// the stretch from the first to the last changed character, so the text
/// around it (and the cursor there) stays put. `None` when nothing is fixed.
fn fix_all(file: &CheckedFile, reading: &Reading, lines: &Lines<'_>) -> Option<TextEdit> {
    let (fixed, _) = fix::fix_fully(file, reading)?;
    let (old, new) = (file.text.as_str(), fixed.text.as_str());
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((i, _), _)| i);
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    Some(TextEdit::new(
        lines.range(prefix..old.len() - suffix),
        new[prefix..new.len() - suffix].to_string(),
    ))
}
