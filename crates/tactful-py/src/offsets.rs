//! Offsets: the engine speaks UTF-8 byte offsets, Python indexes strings by
//! code point. Both directions are answered in one pass over the text, however
//! many offsets are asked, so a long reply with many findings stays linear.

/// The code-point index of each byte offset; `None` for an offset that is not
/// on a character boundary of `text` (or lies past its end).
pub fn to_chars(text: &str, bytes: &[usize]) -> Vec<Option<usize>> {
    lookup(boundaries(text), bytes)
}

/// The byte offset of each code-point index; `None` past the end of `text`.
pub fn to_bytes(text: &str, chars: &[usize]) -> Vec<Option<usize>> {
    lookup(boundaries(text).map(|(byte, char)| (char, byte)), chars)
}

/// Every character boundary of `text` as (byte offset, code-point index), the
/// end of the text included.
fn boundaries(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    text.char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(text.len()))
        .enumerate()
        .map(|(char, byte)| (byte, char))
}

/// The value paired with each query in `pairs`, which come in increasing key
/// order. The queries are visited sorted, so the pairs are walked once.
fn lookup(pairs: impl Iterator<Item = (usize, usize)>, queries: &[usize]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..queries.len()).collect();
    order.sort_by_key(|&i| queries[i]);
    let mut found = vec![None; queries.len()];
    let mut pairs = pairs.peekable();
    for i in order {
        while let Some(&(key, value)) = pairs.peek() {
            if key < queries[i] {
                pairs.next();
                continue;
            }
            if key == queries[i] {
                found[i] = Some(value);
            }
            break;
        }
    }
    found
}
