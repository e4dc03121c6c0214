//! A small, fast, deterministic 64-bit hasher for content fingerprints and cache keys.
//!
//! The standard library's `DefaultHasher` is deliberately randomisable and may change between Rust releases; cache
//! keys here must be equal for equal inputs in every build of the engine (native and wasm), and they are computed on
//! every keystroke, so this is a multiply-rotate hash in the style of FxHash with a final avalanche step. It is not
//! meant to resist adversarial collisions: a learner's project is not an attacker.

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// Feeds values into one 64-bit fingerprint.
#[derive(Debug, Clone, Copy)]
pub struct KeyHasher {
    state: u64,
}

impl Default for KeyHasher {
    fn default() -> Self {
        KeyHasher::new()
    }
}

impl KeyHasher {
    pub const fn new() -> Self {
        KeyHasher { state: 0 }
    }

    /// Starts from a tag so that keys of different kinds (a RUN, a COPY) never coincide by accident.
    pub fn tagged(tag: &str) -> Self {
        let mut hasher = KeyHasher::new();
        hasher.str(tag);
        hasher
    }

    #[inline]
    pub fn u64(&mut self, value: u64) -> &mut Self {
        self.state = (self.state.rotate_left(5) ^ value).wrapping_mul(SEED);
        self
    }

    #[inline]
    pub fn bool(&mut self, value: bool) -> &mut Self {
        self.u64(value as u64)
    }

    /// Hashes the bytes and then the length, so `("ab", "c")` and `("a", "bc")` differ.
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.u64(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.u64(u64::from_le_bytes(word));
        }
        self.u64(bytes.len() as u64)
    }

    pub fn str(&mut self, text: &str) -> &mut Self {
        self.bytes(text.as_bytes())
    }

    pub fn opt_str(&mut self, text: Option<&str>) -> &mut Self {
        match text {
            Some(text) => self.u64(1).str(text),
            None => self.u64(0),
        }
    }

    /// The fingerprint, mixed so that nearby inputs give unrelated outputs.
    pub fn finish(&self) -> u64 {
        let mut x = self.state;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }
}

/// The fingerprint of one string.
pub fn hash_str(text: &str) -> u64 {
    KeyHasher::new().str(text).finish()
}

/// Combines two fingerprints into one (order matters).
pub fn combine(first: u64, second: u64) -> u64 {
    KeyHasher::new().u64(first).u64(second).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_inputs_give_equal_keys_and_boundaries_matter() {
        assert_eq!(hash_str("pip install torch"), hash_str("pip install torch"));
        assert_ne!(hash_str("pip install torch"), hash_str("pip install torch "));
        let split = |a: &str, b: &str| KeyHasher::new().str(a).str(b).finish();
        assert_ne!(split("ab", "c"), split("a", "bc"));
        assert_ne!(combine(1, 2), combine(2, 1));
    }
}
