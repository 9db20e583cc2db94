//! The default pack, compiled ahead of time.
//!
//! Compiling the default pack from its TOML (parsing, working out anchor words,
//! putting patterns in normal form) costs about a hundred times what checking
//! one reply does, and a CLI run or an editor check pays it each time. So the
//! compiled pack is kept in `default-pack.bin`, serialised: the rules, their
//! anchors, and each trigger's compiled form, which is read back only the
//! first time a text hits the trigger.
//!
//! The file carries a hash of the rule files and of the code that compiles them
//! (made by `build.rs`). When it does not match, the pack is stale and the
//! default pack is compiled from the TOML as before: a stale file costs time,
//! never findings. A test fails on a stale file and rewrites it when run with
//! `TACTFUL_BLESS=1`.

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::matcher::{Matcher, Precompiled};
use crate::pattern::Sets;
use crate::rule::Rule;

/// The precompiled default pack: the length of its head (4 bytes, little
/// endian), the head, a [`Pack`], then the heap, the bytes of every
/// [`Deferred`] value and of every vector of plain numbers (`pod.rs`),
/// from the next multiple of 8. Loading reads the head only, so the pages of
/// the heap are touched only for the values a run needs.
static PRECOMPILED: &Aligned<[u8]> = &Aligned(*include_bytes!("../default-pack.bin"));

/// Bytes aligned for any plain number, so that vectors of them are read in
/// place from the heap.
#[repr(C, align(8))]
struct Aligned<Bytes: ?Sized>(Bytes);

/// Where the heap starts, after the head's length and the head.
fn heap_start(head: usize) -> usize {
    (4 + head).next_multiple_of(8)
}

/// The hash of the files the default pack is compiled from.
const SOURCES: u64 = include!(concat!(env!("OUT_DIR"), "/sources.rs"));

/// What `default-pack.bin` holds.
#[derive(Serialize, Deserialize)]
struct Pack {
    sources: u64,
    /// Shared by every pattern, so stored once.
    sets: Deferred<Sets>,
    rules: Vec<Rule>,
    matcher: Precompiled,
}

/// The default pack's rules and matcher, if the precompiled pack is fresh.
pub(crate) fn load() -> Option<(Vec<Rule>, Matcher)> {
    // Plain numbers are stored in the byte order of the machine that wrote
    // the pack (`pod.rs`), a little-endian one.
    if cfg!(target_endian = "big") {
        return None;
    }
    let pack: Pack = postcard::from_bytes(parts()?.0).ok()?;
    if pack.sources != SOURCES {
        return None;
    }
    let sets = Arc::new(pack.sets);
    let mut rules = pack.rules;
    for rule in &mut rules {
        rule.link_sets(&sets);
    }
    let matcher = Matcher::precompiled(pack.matcher);
    Some((rules, matcher))
}

/// The precompiled form of the rules of `files`: what `default-pack.bin` holds.
#[cfg(test)]
fn compile<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<u8> {
    let mut rules = crate::pack::load(files).expect("the default rule pack is valid");
    for rule in &mut rules {
        rule.build_phrase_sets();
    }
    let matcher = Matcher::new(&rules).precompile(&rules);
    let pack = Pack {
        sources: SOURCES,
        sets: rules[0].sets().as_ref().clone(),
        rules,
        matcher,
    };
    HEAP.with_borrow_mut(|heap| *heap = Some(Vec::new()));
    let head = postcard::to_stdvec(&pack).expect("a compiled pack serialises");
    let heap = HEAP
        .with_borrow_mut(Option::take)
        .expect("the heap is being written");
    let length = u32::try_from(head.len()).expect("a pack's head fits in 4 GB");
    let padding = vec![0; heap_start(head.len()) - 4 - head.len()];
    [&length.to_le_bytes()[..], &head, &padding, &heap].concat()
}

/// The head and the heap of [`PRECOMPILED`].
fn parts() -> Option<(&'static [u8], &'static [u8])> {
    let pack = &PRECOMPILED.0;
    let (length, rest) = pack.split_first_chunk::<4>()?;
    let length = usize::try_from(u32::from_le_bytes(*length)).ok()?;
    let heap = pack.get(heap_start(length)..)?;
    Some((rest.get(..length)?, heap))
}

thread_local! {
    /// The heap of the pack being serialised, which [`Deferred`] values and
    /// vectors of plain numbers are written to.
    static HEAP: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

/// Puts `bytes` in the heap of the pack being written, at a multiple of
/// `align`, and returns their place; `None` when no pack is being written.
pub(crate) fn place(bytes: &[u8], align: usize) -> Option<(u32, u32)> {
    HEAP.with_borrow_mut(|heap| {
        let heap = heap.as_mut()?;
        heap.resize(heap.len().next_multiple_of(align), 0);
        let place = (u32::try_from(heap.len()).ok()?, u32::try_from(bytes.len()).ok()?);
        heap.extend_from_slice(bytes);
        Some(place)
    })
}

/// The bytes at `place` in the heap of the precompiled pack.
pub(crate) fn stored((start, length): (u32, u32)) -> Option<&'static [u8]> {
    let (start, length) = (start as usize, length as usize);
    parts()?.1.get(start..start + length)
}

/// A value that a precompiled pack stores serialised and reads back the first
/// time it is needed (most of a pack is never looked at by one run), or that
/// is worked out the first time it is needed.
#[derive(Debug, Clone)]
pub(crate) struct Deferred<T> {
    /// Boxed, so that the thousands of values a run never needs take little
    /// memory to set up.
    value: OnceLock<Box<T>>,
    /// Where the serialised value lies in the heap of the precompiled pack
    /// until it is read back, `(start, length)`; of length 0 if there is none.
    /// A place, not a slice: half the size, as a pack has thousands.
    place: (u32, u32),
}

impl<T> Default for Deferred<T> {
    fn default() -> Self {
        Self {
            value: OnceLock::new(),
            place: (0, 0),
        }
    }
}

impl<T: DeserializeOwned> Deferred<T> {
    /// A value known from the start.
    pub fn new(value: T) -> Self {
        Self {
            value: OnceLock::from(Box::new(value)),
            ..Self::default()
        }
    }

    /// The value: known, read back, or else worked out by `compute`.
    pub fn get_or_init(&self, compute: impl FnOnce() -> T) -> &T {
        self.value.get_or_init(|| match self.bytes() {
            None => Box::new(compute()),
            Some(bytes) => read_back(bytes),
        })
    }

    /// A value that is known or stored.
    pub fn get(&self) -> &T {
        self.get_or_init(|| unreachable!("a deferred value is known or stored"))
    }

    /// A value that is known, or stored and made ready by `prepare` as it is
    /// read back.
    pub fn get_prepared(&self, prepare: impl FnOnce(&mut T)) -> &T {
        self.value.get_or_init(|| {
            let bytes = self.bytes().expect("a deferred value is known or stored");
            let mut value = read_back(bytes);
            prepare(&mut value);
            value
        })
    }

    /// The value, if it is known.
    pub fn get_mut(&mut self) -> Option<&mut T> {
        self.value.get_mut().map(|value| &mut **value)
    }
}

fn read_back<T: DeserializeOwned>(bytes: &[u8]) -> Box<T> {
    postcard::from_bytes(bytes).expect("a precompiled pack reads back what it wrote")
}

impl<T> Deferred<T> {
    /// The serialised value, if the pack stores one.
    fn bytes(&self) -> Option<&'static [u8]> {
        stored(self.place).filter(|bytes| !bytes.is_empty())
    }
}

/// A value goes to the heap of the pack being written, and is serialised as
/// its place there. One not yet worked out goes as it is: serialised if it was
/// read back, nothing if it was never known (worked out again after loading).
impl<T: Serialize> Serialize for Deferred<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let bytes = match self.value.get() {
            Some(value) => postcard::to_stdvec(value).map_err(serde::ser::Error::custom)?,
            None => self.bytes().unwrap_or_default().to_vec(),
        };
        place(&bytes, 1)
            .ok_or_else(|| {
                serde::ser::Error::custom("a deferred value is written only in a precompiled pack")
            })?
            .serialize(serializer)
    }
}

/// A deferred value is read from the heap of the precompiled pack.
impl<'de, T> Deserialize<'de> for Deferred<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self {
            value: OnceLock::new(),
            place: <(u32, u32)>::deserialize(deserializer)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, Linter};

    /// `default-pack.bin` is the default pack compiled by this code; with
    /// `TACTFUL_BLESS=1` the test writes it instead.
    #[test]
    fn the_precompiled_pack_is_fresh() {
        let fresh = compile(crate::pack::DEFAULT_FILES.iter().copied());
        if std::env::var_os("TACTFUL_BLESS").is_some() {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("default-pack.bin");
            std::fs::write(&path, &fresh).expect("the precompiled pack is writable");
        } else {
            assert!(
                fresh == PRECOMPILED.0,
                "default-pack.bin is stale: run `TACTFUL_BLESS=1 cargo test -p tactful precompiled`"
            );
            assert!(load().is_some());
        }
    }

    /// Triggers read back from the precompiled pack, one rule at a time as
    /// they are needed, are linked to the pack's sets: their patterns expand
    /// to the phrases the TOML gives.
    #[test]
    fn triggers_read_back_expand_as_compiled() {
        let (precompiled, _) = load().expect("the precompiled pack is fresh");
        let compiled = crate::pack::load(crate::pack::DEFAULT_FILES.iter().copied()).unwrap();
        for (read, made) in precompiled.iter().zip(&compiled) {
            let phrases = |rule: &Rule| -> Vec<Vec<String>> {
                rule.triggers().iter().map(|t| t.phrases.literals()).collect()
            };
            assert_eq!(phrases(read), phrases(made), "{}", made.id);
        }
    }

    /// The precompiled pack finds what the pack compiled from TOML finds, on
    /// every example of every rule.
    #[test]
    fn precompiled_and_compiled_packs_agree() {
        let (rules, matcher) = load().expect("the precompiled pack is fresh");
        let precompiled = Linter::from_parts(rules, matcher);
        let compiled = Linter::new(crate::pack::load(crate::pack::DEFAULT_FILES.iter().copied()).unwrap());
        let examples = compiled
            .rules()
            .iter()
            .flat_map(|r| r.examples().bad.iter().chain(&r.examples().good));
        for text in examples {
            let found = |linter: &Linter| linter.check(text, Format::Plain);
            assert_eq!(found(&precompiled), found(&compiled), "{text}");
        }
    }
}
