//! The document tree shared by the JSON and YAML readers: enough to find the replies,
//! with each string kept as a pointer into the file until it is decoded.

use std::borrow::Cow;

use saphyr_parser::ScalarStyle;
use serde_json::value::RawValue;

use crate::map::OffsetMap;
use crate::{Encoding, ReadError, json, yaml};

/// How deep collections may nest: serde_json's recursion limit, far beyond any
/// export, and shallow enough that building, walking and dropping a tree by
/// recursion is safe on any thread's stack.
pub(crate) const MAX_DEPTH: usize = 128;

/// The error message for a value nested deeper than [`MAX_DEPTH`].
pub(crate) fn too_deep() -> String {
    format!("nested more than {MAX_DEPTH} levels deep")
}

/// A JSON or YAML value.
#[derive(Debug, Clone)]
pub(crate) enum Node<'a> {
    Map(Vec<(String, Node<'a>)>),
    List(Vec<Node<'a>>),
    Text(Scalar<'a>),
    /// A number, boolean or null, as written (ids are often numbers).
    Other(String),
    /// A JSON value not parsed yet: [`Node::open`] parses it one level deep.
    Json(&'a RawValue),
}

/// A string value and where it sits in the file.
#[derive(Debug, Clone)]
pub(crate) enum Scalar<'a> {
    /// The inside of a JSON string token, starting at file offset `at`.
    Json { inner: &'a str, at: usize },
    /// A YAML scalar as the parser decoded it; `from` is where its content begins.
    Yaml {
        value: Cow<'a, str>,
        style: ScalarStyle,
        from: usize,
    },
}

/// A decoded string with its map back to the file.
pub(crate) struct Decoded<'a> {
    pub(crate) text: Cow<'a, str>,
    pub(crate) map: OffsetMap,
    pub(crate) encoding: Encoding,
}

impl<'a> Scalar<'a> {
    /// The string's value, for names, ids and the keys that pick a reply.
    pub(crate) fn value(&self) -> Cow<'a, str> {
        match self {
            // A lone surrogate (the only undecodable string that passes the syntax
            // check) leaves the raw text, which is good enough for a name.
            Self::Json { inner, at } => {
                json::decode(inner, *at).map_or(Cow::Borrowed(*inner), |(text, _)| text)
            }
            Self::Yaml { value, .. } => value.clone(),
        }
    }

    /// The decoded text with its map, for a reply.
    pub(crate) fn decode(&self, file: &'a str) -> Result<Decoded<'a>, ReadError> {
        Ok(match self {
            &Self::Json { inner, at } => {
                let (text, map) = json::decode(inner, at)
                    .map_err(|bad| ReadError::at(file, bad, "invalid escape: a lone UTF-16 surrogate"))?;
                Decoded {
                    text,
                    map,
                    encoding: Encoding::Json,
                }
            }
            Self::Yaml { value, style, from } => {
                let map = yaml::align(file, *from, *style, value);
                Decoded {
                    text: value.clone(),
                    map,
                    encoding: Encoding::Yaml(*style),
                }
            }
        })
    }
}

impl<'a> Node<'a> {
    /// This value with its own members parsed: a JSON value is parsed as it is
    /// walked; the others are so already.
    pub(crate) fn open(&self, file: &'a str) -> Result<Cow<'_, Node<'a>>, ReadError> {
        match self {
            Self::Json(raw) => json::open(file, raw).map(Cow::Owned),
            node => Ok(Cow::Borrowed(node)),
        }
    }

    /// The text of a string, number or boolean (ids and names) of an opened value.
    pub(crate) fn as_text(&self) -> Option<Cow<'a, str>> {
        match self {
            Self::Text(scalar) => Some(scalar.value()),
            Self::Other(raw) if raw != "null" => Some(Cow::Owned(raw.clone())),
            _ => None,
        }
    }
}
