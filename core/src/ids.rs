//! Where new tenant and subscription ids come from.

use uuid::Uuid;

/// A source of version-4 UUIDs. Seeded, it yields the same ids on every run
/// (reproducible scenarios, tests and fleets); unseeded, it is seeded from
/// the operating system.
#[derive(Debug, Clone)]
pub struct IdSource {
    state: u64,
}

impl IdSource {
    /// A reproducible source: the same seed gives the same ids.
    pub fn seeded(seed: u64) -> Self {
        IdSource { state: seed }
    }

    /// A source seeded from the operating system's randomness, falling back
    /// to the clock and address-space layout if that is unavailable.
    pub fn random() -> Self {
        let mut bytes = [0u8; 8];
        if getrandom::fill(&mut bytes).is_err() {
            use std::hash::{BuildHasher, RandomState};
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            bytes = RandomState::new().hash_one(nanos).to_le_bytes();
        }
        IdSource {
            state: u64::from_le_bytes(bytes),
        }
    }

    /// splitmix64: a fast, well-distributed sequence from any seed.
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// The next id.
    pub fn next_uuid(&mut self) -> Uuid {
        let hi = u128::from(self.next_u64());
        let lo = u128::from(self.next_u64());
        uuid::Builder::from_random_bytes(((hi << 64) | lo).to_le_bytes()).into_uuid()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_sources_repeat_and_differ_by_seed() {
        let a: Vec<Uuid> = {
            let mut s = IdSource::seeded(7);
            (0..3).map(|_| s.next_uuid()).collect()
        };
        let b: Vec<Uuid> = {
            let mut s = IdSource::seeded(7);
            (0..3).map(|_| s.next_uuid()).collect()
        };
        let c = IdSource::seeded(8).next_uuid();
        assert_eq!(a, b);
        assert_ne!(a.first(), Some(&c));
        assert_eq!(a.first().map(|u| u.get_version_num()), Some(4));
    }
}
