//! Randomness for Sprig's nondeterministic functions, from the operating system.

pub mod funcs;

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

/// goutils `CryptoRandom(count, start, end, letters, numbers)` for the ASCII ranges Sprig uses:
/// candidates drawn uniformly from `start..end` and kept when they pass the letter/digit filter.
/// A negative count is goutils' error, which Sprig turns into "".
fn crypto_random(count: i64, start: u32, end: u32, letters: bool, numbers: bool) -> String {
    if count <= 0 {
        return String::new();
    }
    let gap = (end - start) as u64;
    let mut out = String::with_capacity(count as usize);
    while (out.len() as i64) < count {
        let ch = char::from_u32(below(gap) as u32 + start).expect("ASCII");
        if letters && ch.is_ascii_alphabetic() || numbers && ch.is_ascii_digit() || !letters && !numbers {
            out.push(ch);
        }
    }
    out
}

/// `randAlphaNum n`: ASCII letters and digits.
pub fn rand_alpha_num(count: i64) -> String {
    crypto_random(count, ' ' as u32, 'z' as u32 + 1, true, true)
}

/// `randAlpha n`: ASCII letters.
pub fn rand_alpha(count: i64) -> String {
    crypto_random(count, ' ' as u32, 'z' as u32 + 1, true, false)
}

/// `randNumeric n`: digits.
pub fn rand_numeric(count: i64) -> String {
    crypto_random(count, ' ' as u32, 'z' as u32 + 1, false, true)
}

/// `randAscii n`: printable ASCII, ' ' to '~'.
pub fn rand_ascii(count: i64) -> String {
    crypto_random(count, 32, 127, false, false)
}

/// `uuidv4`: a random (version 4, RFC 4122 variant) UUID in lower-case hex.
pub fn uuidv4() -> String {
    let mut b = bytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// `shuffle s`: the runes of `s` in random order (xstrings `Shuffle`).
pub fn shuffle(s: &str) -> String {
    let mut runes: Vec<char> = s.chars().collect();
    for i in (1..runes.len()).rev() {
        let j = below(i as u64 + 1) as usize;
        runes.swap(i, j);
    }
    runes.into_iter().collect()
}

/// `randBytes n`: `n` random bytes, base64 (std) encoded. Go's `make([]byte, n)` panics for a
/// negative count.
pub fn rand_bytes(count: i64) -> Result<String, String> {
    if count < 0 {
        return Err("runtime error: makeslice: len out of range".into());
    }
    Ok(crate::yaml::base64::encode_std(&bytes(count as usize)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        // Shapes checked by the corpus: lengths and character sets.
        let s = rand_alpha_num(200);
        assert_eq!(s.len(), 200);
        assert!(s.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert!(rand_alpha(100).bytes().all(|b| b.is_ascii_alphabetic()));
        assert!(rand_numeric(100).bytes().all(|b| b.is_ascii_digit()));
        assert!(rand_ascii(300).bytes().all(|b| (32..127).contains(&b)));
        assert_eq!(rand_alpha(0), "");
        assert_eq!(rand_alpha_num(-5), "");
        let u = uuidv4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!("89ab".contains(&u[19..20]));
        let mut a: Vec<char> = shuffle("hello wörld").chars().collect();
        a.sort();
        let mut b: Vec<char> = "hello wörld".chars().collect();
        b.sort();
        assert_eq!(a, b);
        assert_eq!(crate::yaml::base64::decode_std(&rand_bytes(24).unwrap()).unwrap().len(), 24);
        assert!(rand_bytes(-1).is_err());
    }
}
