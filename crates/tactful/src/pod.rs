//! Plain numbers stored as their bytes in a precompiled pack.
//!
//! Serde stores a vector element by element, and postcard each number as a
//! varint: reading back the tries and walkers one reply needs then costs
//! millions of instructions and an allocation per small vector. Stored as
//! bytes, a vector of plain numbers reads back with one copy. The bytes are
//! in the writer's byte order, so a precompiled pack is read only on a
//! little-endian machine, as it is written on one (see `precompiled::load`).
//!
//! Use with `#[serde(with = "crate::pod")]` on a `Vec` of a [`Pod`] type, and
//! `#[serde(with = "crate::pod::one")]` on one value of such a type.

use std::fmt;
use std::marker::PhantomData;

use bytemuck::{AnyBitPattern, NoUninit, Pod, Zeroable};
use serde::{Deserializer, Serializer, de};

pub(crate) fn serialize<T: NoUninit, S: Serializer>(values: &[T], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_bytes(bytemuck::cast_slice(values))
}

pub(crate) fn deserialize<'de, T, D>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    T: NoUninit + AnyBitPattern,
    D: Deserializer<'de>,
{
    deserializer.deserialize_bytes(Values(PhantomData))
}

/// Reads back the bytes of a vector of `T`.
struct Values<T>(PhantomData<T>);

impl<T: NoUninit + AnyBitPattern> de::Visitor<'_> for Values<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "the bytes of values of {} bytes", size_of::<T>())
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Vec<T>, E> {
        // Read one by one, as the bytes of a pack are not aligned.
        let values = bytes.chunks_exact(size_of::<T>());
        match values.remainder() {
            [] => Ok(values.map(bytemuck::pod_read_unaligned).collect()),
            _ => Err(E::invalid_length(bytes.len(), &self)),
        }
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
    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Stored {
        #[serde(with = "crate::pod")]
        numbers: Vec<u32>,
        #[serde(with = "crate::pod")]
        pairs: Vec<ByteTo>,
    }

    #[test]
    fn values_read_back_as_written() {
        let stored = Stored {
            numbers: vec![0, 1, u32::MAX, 70_000],
            pairs: vec![ByteTo::new(b'a', 3), ByteTo::new(255, u32::MAX)],
        };
        let bytes = postcard::to_stdvec(&stored).unwrap();
        assert_eq!(postcard::from_bytes::<Stored>(&bytes).unwrap(), stored);
    }

    #[test]
    fn a_cut_value_is_an_error_not_a_guess() {
        // Five bytes where values of four are expected.
        let bytes = postcard::to_stdvec(&(&[1u8, 2, 3, 4, 5][..], &[][..] as &[u8])).unwrap();
        assert!(postcard::from_bytes::<Stored>(&bytes).is_err());
    }

    #[test]
    fn pairs_sort_by_byte_then_index() {
        let mut pairs = [ByteTo::new(b'b', 0), ByteTo::new(b'a', 9), ByteTo::new(b'a', 2)];
        pairs.sort_unstable();
        let sorted: Vec<(u8, u32)> = pairs.iter().map(|p| (p.byte, p.to)).collect();
        assert_eq!(sorted, [(b'a', 2), (b'a', 9), (b'b', 0)]);
    }
}
