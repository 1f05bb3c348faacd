//! Randomness for Sprig's nondeterministic functions, from the operating system.

use rand_core::{OsRng, RngCore};

/// Uniform in `0..n` (`n > 0`), without modulo bias.
pub fn below(n: u64) -> u64 {
    assert!(n > 0);
    let zone = u64::MAX - (u64::MAX % n) - 1;
    loop {
        let v = OsRng.next_u64();
        if v <= zone {
            return v % n;
        }
    }
}

/// `n` random bytes.
pub fn bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    OsRng.fill_bytes(&mut buf);
    buf
}
