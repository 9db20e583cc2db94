//! Working lists kept from one check to the next on the same thread.
//!
//! The normalised view, its tokens and the candidates of a large text run to
//! megabytes. Allocated anew for every check, they cost more than their
//! filling: glibc's malloc maps blocks that large afresh and unmaps them when
//! they are freed, so the kernel faults every page in again (7 to 9% of a
//! 1 MB check). Each thread keeps its last check's lists, emptied, for its
//! next one.

use std::cell::Cell;

use crate::matcher::Candidate;
use crate::normalise::Normalized;

/// The lists of a view up to this size are kept, so that a thread holds
/// about ten times this at most between checks; larger texts are rare and
/// checked in pieces of less (see `chunk.rs`), Markdown apart.
const KEEP_UP_TO: usize = 1 << 20;

/// A check's working lists, empty.
#[derive(Default)]
pub(crate) struct Lists {
    pub view: Normalized,
    pub tokens: Vec<&'static str>,
    pub candidates: Vec<Candidate>,
}

thread_local! {
    static KEPT: Cell<Lists> = Cell::new(Lists::default());
}

/// The lists the thread's last check kept, or new ones.
pub(crate) fn take() -> Lists {
    KEPT.take()
}

/// Keeps a check's lists for the thread's next check. `tokens` borrow the
/// view's text: [`unborrowed`] lets them go first.
pub(crate) fn keep(view: Normalized, tokens: Vec<&'static str>, mut candidates: Vec<Candidate>) {
    if view.text.len() > KEEP_UP_TO {
        return;
    }
    candidates.clear();
    KEPT.set(Lists {
        view: view.emptied(),
        tokens,
        candidates,
    });
}

/// `tokens`, emptied, as a list that borrows nothing. Collecting a vector's
/// iterator into a vector of the same layout reuses its allocation.
pub(crate) fn unborrowed(mut tokens: Vec<&str>) -> Vec<&'static str> {
    tokens.clear();
    tokens.into_iter().map(|_| "").collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_lists_come_back_empty_with_their_room() {
        let text = String::from("one two three");
        let mut view = Normalized::plain(text.clone());
        view.words = 3;
        let tokens = unborrowed(text.split(' ').collect());
        keep(view, tokens, Vec::with_capacity(100));
        let lists = take();
        assert!(lists.view.text.is_empty() && lists.view.text.capacity() >= text.len());
        assert_eq!(lists.view.words, 0);
        assert!(lists.tokens.is_empty() && lists.tokens.capacity() >= 3);
        assert!(lists.candidates.is_empty() && lists.candidates.capacity() >= 100);
        // Taken, they are the thread's no more.
        assert_eq!(take().candidates.capacity(), 0);
    }

    #[test]
    fn lists_of_large_texts_are_let_go() {
        let view = Normalized::plain("a".repeat(KEEP_UP_TO + 1));
        keep(view, Vec::new(), Vec::with_capacity(100));
        assert_eq!(take().candidates.capacity(), 0);
    }
}
