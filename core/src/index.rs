//! A compact hash index from keys to arena positions, with a way to warm
//! the memory a lookup will touch before it happens.
//!
//! Each slot is one `u64`: the hash's high 32 bits (the tag) beside the
//! position + 1 (0 marks an empty slot). The keys themselves stay in the
//! arena; a lookup compares the tag first and the key only on a tag match.
//! A key's home slot is taken from its tag, so growing the table moves
//! slots without reading (or hashing) a single key. Linear probing, at most
//! half full.
//!
//! On a large fleet a lookup is two or three dependent cache misses (the
//! slot, the entity, its key). An operation resolves several independent
//! references; [`Index::prefetch`] and [`Index::candidate`] let the caller
//! start all of their misses at once instead of one chain after another.

/// See the module documentation.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    slots: Vec<u64>,
    len: usize,
}

const EMPTY: u64 = 0;

fn tag(hash: u64) -> u64 {
    hash & 0xFFFF_FFFF_0000_0000
}

/// The home slot of a hash (or of a slot: the tag is all it reads).
fn home(hash: u64, mask: usize) -> usize {
    (hash >> 32) as usize & mask
}

impl Index {
    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    /// The number of keys.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    fn resize(&mut self, capacity: usize) {
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; capacity]);
        let mask = self.mask();
        for slot in old.into_iter().filter(|s| *s != EMPTY) {
            let mut at = home(slot, mask);
            while self.slots.get(at).is_some_and(|s| *s != EMPTY) {
                at = (at + 1) & mask;
            }
            if let Some(s) = self.slots.get_mut(at) {
                *s = slot;
            }
        }
    }

    /// Adds `id` under `hash`; the caller ensures the key is not present.
    pub(crate) fn insert(&mut self, hash: u64, id: u32) {
        if (self.len + 1) * 2 > self.slots.len() {
            let capacity = (self.slots.len() * 2).max(16);
            self.resize(capacity);
        }
        let mask = self.mask();
        let mut at = home(hash, mask);
        while self.slots.get(at).is_some_and(|s| *s != EMPTY) {
            at = (at + 1) & mask;
        }
        if let Some(s) = self.slots.get_mut(at) {
            *s = tag(hash) | (u64::from(id) + 1);
            self.len += 1;
        }
    }

    /// The id under `hash` whose key `eq` accepts.
    pub(crate) fn find(&self, hash: u64, mut eq: impl FnMut(u32) -> bool) -> Option<u32> {
        let mask = self.mask();
        let mut at = home(hash, mask);
        loop {
            let slot = *self.slots.get(at)?;
            if slot == EMPTY {
                return None;
            }
            if tag(slot) == tag(hash) {
                let id = (slot as u32).wrapping_sub(1);
                if eq(id) {
                    return Some(id);
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// The first id whose tag matches, without comparing keys: where a
    /// lookup of `hash` will most likely land, to warm its entity.
    pub(crate) fn candidate(&self, hash: u64) -> Option<u32> {
        self.find(hash, |_| true)
    }

    /// Starts loading the slot a lookup of `hash` reads first.
    pub(crate) fn prefetch(&self, hash: u64) {
        if let Some(slot) = self.slots.get(home(hash, self.mask())) {
            prefetch(slot);
        }
    }
}

/// Starts loading `value`'s cache line, without waiting for it.
#[inline]
pub(crate) fn prefetch<T: ?Sized>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint; it never faults and reads nothing into
    // the program's state, and `value` is a valid reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch(
            value as *const T as *const u8 as *const i8,
            std::arch::x86_64::_MM_HINT_T0,
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(n: u32) -> u64 {
        // Colliding home slots and tags for small n, to exercise probing.
        u64::from(n) | (u64::from(n % 7) << 32)
    }

    #[test]
    fn finds_what_was_inserted_through_collisions_and_growth() {
        let mut index = Index::default();
        for n in 0..1000 {
            assert_eq!(index.find(h(n), |id| id == n), None);
            index.insert(h(n), n);
        }
        assert_eq!(index.len(), 1000);
        for n in 0..1000 {
            assert_eq!(index.find(h(n), |id| id == n), Some(n));
            assert!(index.candidate(h(n)).is_some());
            index.prefetch(h(n));
        }
        assert_eq!(index.find(h(5), |_| false), None);
        assert_eq!(Index::default().find(1, |_| true), None);
    }
}
