//! Seek: places in the long sorted lists of a text (its tokens, its sentence
//! ends), found near the place found last.
//!
//! The judge reads candidates in order of position, so each search lands
//! close to the one before. A binary search over the whole list would start
//! from its middle each time and touch a cold cache line at nearly every
//! halving of a large text's tokens; a search that gallops out from the last
//! place reads a few neighbouring items instead.

use std::cell::Cell;

/// The index last found in one list, where the next search starts.
#[derive(Debug, Default)]
pub(crate) struct Cursor(Cell<usize>);

impl Cursor {
    /// The number of leading items of a list of `len` for which `before`
    /// holds, as [`slice::partition_point`] tells it: `before` must hold for
    /// a prefix of the list and for nothing after it.
    pub fn partition_point(&self, len: usize, before: impl Fn(usize) -> bool) -> usize {
        let hint = self.0.get().min(len);
        // The answer lies in `low..=high`: found by steps of 1, 2, 4… away
        // from the hint, then by halving what the last two steps leave.
        let (mut low, mut high) = if hint < len && before(hint) {
            let (mut low, mut step) = (hint + 1, 1);
            loop {
                let i = hint + step;
                if i >= len {
                    break (low, len);
                }
                if !before(i) {
                    break (low, i);
                }
                (low, step) = (i + 1, step * 2);
            }
        } else {
            let (mut high, mut step) = (hint, 1);
            loop {
                let Some(i) = hint.checked_sub(step) else {
                    break (0, high);
                };
                if before(i) {
                    break (i + 1, high);
                }
                (high, step) = (i, step * 2);
            }
        };
        while low < high {
            let middle = low + (high - low) / 2;
            match before(middle) {
                true => low = middle + 1,
                false => high = middle,
            }
        }
        self.0.set(low);
        low
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any run of searches, from wherever the last one ended, finds what
        /// a binary search over the whole list finds.
        #[test]
        fn finds_what_a_binary_search_finds(
            mut list in prop::collection::vec(0usize..200, 0..300),
            wanted in prop::collection::vec(0usize..210, 1..40),
        ) {
            list.sort_unstable();
            let cursor = Cursor::default();
            for at in wanted {
                let expected = list.partition_point(|&x| x < at);
                prop_assert_eq!(cursor.partition_point(list.len(), |i| list[i] < at), expected);
            }
        }
    }

    #[test]
    fn empty_and_edge_lists() {
        let cursor = Cursor::default();
        assert_eq!(cursor.partition_point(0, |_| unreachable!()), 0);
        let list = [1, 2, 3];
        assert_eq!(cursor.partition_point(3, |i| list[i] < 9), 3);
        assert_eq!(cursor.partition_point(3, |i| list[i] < 0), 0);
        assert_eq!(cursor.partition_point(3, |i| list[i] < 3), 2);
    }
}
