//! Finding the replies in a JSON or YAML tree: helpdesk exports, saved-reply lists,
//! fixtures and conversation logs.
//!
//! A *record* is a mapping that holds a reply body under one of the keys in
//! [`BODIES`]; its name and id come from sibling keys. Mappings that hold no body
//! (wrappers such as `{"macros": […]}`, `{"canned_responses": […]}`, a Django
//! fixture's `{"model", "fields"}`) are searched further down, so single objects,
//! arrays and wrapped lists are all found without knowing the wrapper's key.

use std::borrow::Cow;

use tactful::Format;

use crate::tree::{Node, Scalar};
use crate::{ReadError, Reply};

/// How a body field is written.
#[derive(Debug, Clone, Copy)]
enum Written {
    Html,
    Plain,
    /// HTML, Markdown or plain, depending on the export: decided from a `format` key
    /// beside it, else by a look at the text.
    Mixed,
}

/// The keys that hold a reply's body, in order of preference; a record is read
/// from the first one it has, and only that one.
///
/// Exports often hold the same reply twice, as HTML and as plain text. Linting both
/// would report every finding twice, so one is chosen:
/// - the HTML version where the plain one is derived from it or is a parallel copy
///   of it: Zendesk `comment_value_html`, Freshdesk `content_html`, Gorgias
///   `body_html`, django-helpdesk `html`. It is what e-mail customers read and what
///   the author edits in a rich editor, so a fix belongs there;
/// - Intercom's `body_text` over its `body`, because `body` rewrites placeholders
///   into `<attribute …/>` tags, which would read as missing words;
/// - Help Scout's `text` (the e-mail version, HTML) over `chatText`: chat replies are
///   usually the same words without markup, and the e-mail is the longer, more
///   formal text; `chatText` is read when a reply has no `text`.
const BODIES: &[(&str, Written)] = &[
    ("comment_value_html", Written::Html),
    ("comment_value", Written::Plain),
    ("content_html", Written::Html),
    ("content", Written::Mixed),
    ("body_html", Written::Html),
    ("body_text", Written::Plain),
    ("body", Written::Mixed),
    ("html", Written::Html),
    ("plain_text", Written::Plain),
    ("text", Written::Mixed),
    ("chatText", Written::Plain),
    ("response", Written::Mixed),
    ("message", Written::Mixed),
    ("reply", Written::Mixed),
];

/// Keys that name a record, in order of preference.
const NAMES: &[&str] = &["title", "name", "template_name", "short_code"];

/// Keys that hold a record's id.
const IDS: &[&str] = &["id", "pk"];

/// Collects the replies under `root`, in file order.
pub(crate) fn replies<'a>(file: &'a str, root: &Node<'a>) -> Result<Vec<Reply<'a>>, ReadError> {
    let mut out = Vec::new();
    walk(file, root, &mut out)?;
    Ok(out)
}

fn walk<'a>(file: &'a str, node: &Node<'a>, out: &mut Vec<Reply<'a>>) -> Result<(), ReadError> {
    match &*node.open(file)? {
        Node::Map(entries) => {
            let record = Record::new(file, entries)?;
            if !record.read(file, out)? {
                for (_, child) in &record.fields[..entries.len()] {
                    walk(file, child, out)?;
                }
            }
        }
        Node::List(items) => {
            for item in items {
                walk(file, item, out)?;
            }
        }
        Node::Text(_) | Node::Other(_) | Node::Json(_) => {}
    }
    Ok(())
}

/// A mapping's fields, opened, with the fields its `actions` set added after them:
/// a Zendesk action `{"field": F, "value": V}` counts as the field `F` (a
/// `["channel:all", text]` value as its text), a Gorgias action's `arguments` as
/// fields of their own.
struct Record<'n, 'a> {
    fields: Vec<(Cow<'n, str>, Cow<'n, Node<'a>>)>,
}

impl<'n, 'a> Record<'n, 'a> {
    fn new(file: &'a str, entries: &'n [(String, Node<'a>)]) -> Result<Self, ReadError> {
        let mut fields = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            fields.push((Cow::Borrowed(key.as_str()), value.open(file)?));
        }
        let mut record = Self { fields };
        if let Some(Node::List(actions)) = record.get("actions") {
            let actions = actions.clone();
            for action in &actions {
                let Node::Map(action) = action.open(file)?.into_owned() else {
                    continue;
                };
                record.add_action(file, &action)?;
            }
        }
        Ok(record)
    }

    fn add_action(&mut self, file: &'a str, action: &[(String, Node<'a>)]) -> Result<(), ReadError> {
        let opened = |key: &str| {
            lookup(action, key)
                .map(|node| node.open(file).map(Cow::into_owned))
                .transpose()
        };
        if let (Some(field), Some(value)) = (opened("field")?, opened("value")?) {
            let value = match value {
                Node::List(channel_and_text) => match channel_and_text.last() {
                    Some(text) => text.open(file)?.into_owned(),
                    None => Node::List(Vec::new()),
                },
                value => value,
            };
            if let Some(field) = field.as_text() {
                self.fields
                    .push((Cow::Owned(field.into_owned()), Cow::Owned(value)));
            }
        }
        if let Some(Node::Map(arguments)) = opened("arguments")? {
            for (key, value) in arguments {
                self.fields
                    .push((Cow::Owned(key), Cow::Owned(value.open(file)?.into_owned())));
            }
        }
        Ok(())
    }

    fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_ref())
    }

    fn text(&self, keys: &[&str]) -> Option<String> {
        keys.iter()
            .find_map(|key| self.get(key)?.as_text())
            .map(Cow::into_owned)
    }

    /// Adds this record's replies to `out`; false when it is no record.
    fn read(&self, file: &'a str, out: &mut Vec<Reply<'a>>) -> Result<bool, ReadError> {
        if let Some(Node::List(turns)) = self.get("original") {
            self.conversation(file, turns, out)?;
            return Ok(true);
        }
        let body = BODIES.iter().find_map(|&(key, written)| match self.get(key)? {
            Node::Text(scalar) => Some((key, scalar, written)),
            _ => None,
        });
        let Some((key, scalar, written)) = body else {
            return Ok(false);
        };
        let id = self.text(IDS);
        let name = self.text(NAMES).or_else(|| id.clone());
        let format = match written {
            Written::Html => Some(Format::Html),
            Written::Plain => Some(Format::Plain),
            Written::Mixed => self.declared_format(),
        };
        let reply = |scalar: &Scalar<'a>, key: &str, format: Option<Format>| {
            Reply::decoded(file, scalar, name.clone(), id.clone(), key, format)
        };
        out.push(reply(scalar, key, format)?);
        // A subject line is read as well: customers read it first.
        if let Some(Node::Text(subject)) = self.get("subject") {
            out.push(reply(subject, "subject", Some(Format::Plain))?);
        }
        Ok(true)
    }

    /// The format a JSON Lines record states for its text (`markdown|html|plain`).
    fn declared_format(&self) -> Option<Format> {
        match self.text(&["format"])?.as_str() {
            "html" => Some(Format::Html),
            "markdown" => Some(Format::Markdown),
            "plain" => Some(Format::Plain),
            _ => None,
        }
    }

    /// The agent turns of a chat log whose `original` holds `[speaker, text]` pairs
    /// (the ABCD data set); customer turns and system actions are not replies.
    fn conversation(
        &self,
        file: &'a str,
        turns: &[Node<'a>],
        out: &mut Vec<Reply<'a>>,
    ) -> Result<(), ReadError> {
        let conversation = self.text(&["convo_id", "id"]);
        for (index, turn) in turns.iter().enumerate() {
            let Node::List(pair) = &*turn.open(file)? else {
                continue;
            };
            let [speaker, text] = pair.as_slice() else {
                continue;
            };
            let Node::Text(text) = &*text.open(file)? else {
                continue;
            };
            if speaker.open(file)?.as_text().as_deref() == Some("agent") {
                let id = conversation.as_ref().map(|c| format!("{c}/{index}"));
                let name = id.as_ref().map(|id| format!("turn {id}"));
                out.push(Reply::decoded(
                    file,
                    text,
                    name,
                    id,
                    "original",
                    Some(Format::Plain),
                )?);
            }
        }
        Ok(())
    }
}

fn lookup<'n, 'a>(entries: &'n [(String, Node<'a>)], key: &str) -> Option<&'n Node<'a>> {
    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}
