//! Plain numbers stored as their bytes in a precompiled pack, and read in
//! place.
//!
//! Serde stores a vector element by element, and postcard each number as a
//! varint: reading back the tries and walkers one reply needs then costs
//! millions of instructions, an allocation per small vector, and a page fault
//! per page of heap they fill. Stored as bytes in the pack's heap, aligned, a
//! vector of plain numbers is read where it lies, in the binary's own pages.
//! The bytes are in the writer's byte order, so a precompiled pack is read
//! only on a little-endian machine, as it is written on one (see
//! `precompiled::load`).
//!
//! Use with `#[serde(with = "crate::pod")]` on a [`Slice`] of a [`Pod`] type,
//! `#[serde(with = "crate::pod::text")]` on a `Cow<'static, str>`, and
//! `#[serde(with = "crate::pod::one")]` on one value of a [`Pod`] type.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use bytemuck::{AnyBitPattern, NoUninit, Pod, Zeroable};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de, ser};

use crate::precompiled;

/// Plain numbers read in place from a precompiled pack, or built.
pub(crate) type Slice<T> = Cow<'static, [T]>;

pub(crate) fn serialize<T: NoUninit, S: Serializer>(values: &[T], serializer: S) -> Result<S::Ok, S::Error> {
    precompiled::place(bytemuck::cast_slice(values), align_of::<T>())
        .ok_or_else(|| ser::Error::custom("plain numbers are written only in a precompiled pack"))?
        .serialize(serializer)
}

pub(crate) fn deserialize<'de, T, D>(deserializer: D) -> Result<Slice<T>, D::Error>
where
    T: NoUninit + AnyBitPattern,
    D: Deserializer<'de>,
{
    let place = <(u32, u32)>::deserialize(deserializer)?;
    let bytes = precompiled::stored(place)
        .ok_or_else(|| de::Error::custom("plain numbers outside the pack's heap"))?;
    read(bytes).ok_or_else(|| de::Error::custom("plain numbers cut short"))
}

/// A length or an index into a pack's lists, stored as a `u32`: no pack
/// comes near 4 G of anything.
pub(crate) fn index(i: usize) -> u32 {
    u32::try_from(i).expect("a pack's lists hold fewer than 4 G items")
}

/// `bytes` as values of `T`: in place where they are aligned (always, in a
/// pack), copied otherwise; `None` if they do not divide into values.
fn read<T: NoUninit + AnyBitPattern>(bytes: &'static [u8]) -> Option<Slice<T>> {
    if let Ok(values) = bytemuck::try_cast_slice(bytes) {
        return Some(Cow::Borrowed(values));
    }
    let values = bytes.chunks_exact(size_of::<T>());
    let whole = values.remainder().is_empty();
    whole.then(|| Cow::Owned(values.map(bytemuck::pod_read_unaligned).collect()))
}

/// Text stored as its bytes in the pack's heap, and read in place.
pub(crate) mod text {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
        super::serialize(text.as_bytes(), serializer)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Cow<'static, str>, D::Error> {
        let text = match super::deserialize::<u8, D>(deserializer)? {
            Cow::Borrowed(bytes) => std::str::from_utf8(bytes).map(Cow::Borrowed),
            Cow::Owned(bytes) => String::from_utf8(bytes)
                .map_err(|e| e.utf8_error())
                .map(Cow::Owned),
        };
        text.map_err(de::Error::custom)
    }
}

/// One plain value stored as its bytes.
pub(crate) mod one {
    use super::*;

    pub(crate) fn serialize<T: NoUninit, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytemuck::bytes_of(value))
    }

    pub(crate) fn deserialize<'de, T: AnyBitPattern, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        deserializer.deserialize_bytes(Value(PhantomData))
    }

    struct Value<T>(PhantomData<T>);

    impl<T: AnyBitPattern> de::Visitor<'_> for Value<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(f, "the {} bytes of a value", size_of::<T>())
        }

        fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<T, E> {
            bytemuck::try_pod_read_unaligned(bytes).map_err(|_| E::invalid_length(bytes.len(), &self))
        }
    }
}

/// A byte and the index it leads to, sorted by byte: how walkers and tries
/// find their next step. Stored as a [`Pod`], so three bytes pad it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Pod, Zeroable)]
#[repr(C)]
pub(crate) struct ByteTo {
    pub byte: u8,
    padding: [u8; 3],
    pub to: u32,
}

impl ByteTo {
    pub fn new(byte: u8, to: u32) -> Self {
        Self {
            byte,
            padding: [0; 3],
            to,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three `u32`s and a spare byte, aligned for them.
    static BYTES: Aligned = Aligned([1, 0, 0, 0, 2, 0, 0, 0, 255, 255, 255, 255, 7]);

    #[repr(C, align(4))]
    struct Aligned([u8; 13]);

    #[test]
    fn aligned_values_are_read_in_place() {
        let values = read::<u32>(&BYTES.0[..12]).unwrap();
        assert!(matches!(values, Cow::Borrowed(_)));
        assert_eq!(*values, [1, 2, u32::MAX]);
    }

    #[test]
    fn unaligned_values_are_copied() {
        let values = read::<u16>(&BYTES.0[1..5]).unwrap();
        assert!(matches!(values, Cow::Owned(_)));
        assert_eq!(*values, [0, 512]);
    }

    #[test]
    fn a_cut_value_is_an_error_not_a_guess() {
        assert!(read::<u32>(&BYTES.0[..13]).is_none());
        assert!(read::<u32>(&BYTES.0[1..12]).is_none());
    }

    #[test]
    fn pairs_sort_by_byte_then_index() {
        let mut pairs = [ByteTo::new(b'b', 0), ByteTo::new(b'a', 9), ByteTo::new(b'a', 2)];
        pairs.sort_unstable();
        let sorted: Vec<(u8, u32)> = pairs.iter().map(|p| (p.byte, p.to)).collect();
        assert_eq!(sorted, [(b'a', 2), (b'a', 9), (b'b', 0)]);
    }
}
