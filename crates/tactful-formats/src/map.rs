//! The sparse map from a reply's decoded text back to the bytes of its file.
//!
//! Decoding (JSON escapes, YAML indentation and folding, CSV quote doubling) changes
//! lengths only at a few places; between those places text and file advance together.
//! So the map keeps one checkpoint where the distance between them changes, not one
//! entry per byte, which matters for files of a hundred megabytes.

/// Checkpoints `(text offset, file offset)`, sorted; from each one, text and file
/// advance byte for byte until the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OffsetMap {
    points: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// A text that is the file's own bytes from `at` on.
    pub(crate) fn identity(at: usize) -> Self {
        Self {
            points: vec![(0, at)],
        }
    }

    /// The file offset of a text offset. An offset where decoded pieces meet maps to
    /// where the later piece starts in the file, so a span's end lands after the
    /// whole escape sequence of its last character.
    pub(crate) fn to_file(&self, offset: usize) -> usize {
        let index = self.points.partition_point(|&(text, _)| text <= offset) - 1;
        let (text, file) = self.points[index];
        file + (offset - text)
    }
}

/// Builds a decoded text and its map, piece by piece, in file order.
#[derive(Debug, Default)]
pub(crate) struct MapBuilder {
    text: String,
    points: Vec<(usize, usize)>,
}

impl MapBuilder {
    /// Appends `piece` to the text, read from the file at `file_at` (the piece may be
    /// a copy of the bytes there or what an escape sequence there stands for).
    pub(crate) fn push(&mut self, piece: &str, file_at: usize) {
        self.checkpoint(file_at);
        self.text.push_str(piece);
    }

    /// Marks where the text ends in the file, so the end offset of the text maps
    /// past the last escape or quote pair.
    pub(crate) fn finish(mut self, file_end: usize) -> (String, OffsetMap) {
        self.checkpoint(file_end);
        (self.text, OffsetMap { points: self.points })
    }

    /// Records a checkpoint when the text's next byte does not sit where the current
    /// run would put it.
    fn checkpoint(&mut self, file_at: usize) {
        let here = self.text.len();
        let in_step = self
            .points
            .last()
            .is_some_and(|&(text, file)| file + (here - text) == file_at);
        if !in_step {
            if self.points.last().is_some_and(|&(text, _)| text == here) {
                self.points.pop();
            }
            self.points.push((here, file_at));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shorter_piece_shifts_what_follows() {
        // `a\"b`: the escape is two file bytes for one text byte.
        let mut builder = MapBuilder::default();
        builder.push("a", 10);
        builder.push("\"", 11);
        builder.push("b", 13);
        let (text, map) = builder.finish(14);
        assert_eq!(text, "a\"b");
        assert_eq!(map.points.len(), 2, "one checkpoint per change: {map:?}");
        assert_eq!([0, 1, 2, 3].map(|i| map.to_file(i)), [10, 11, 13, 14]);
    }

    #[test]
    fn an_escape_at_the_end_still_maps_the_end() {
        let mut builder = MapBuilder::default();
        builder.push("x", 0);
        builder.push("\n", 1);
        let (_, map) = builder.finish(3);
        assert_eq!(map.to_file(2), 3);
    }
}
