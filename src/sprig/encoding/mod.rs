//! Sprig's encoding and digest functions: `b64enc`/`b64dec`, `b32enc`/`b32dec` (a failed decode
//! returns Go's error text as the *result*, not an error), `sha1sum`, `sha256sum`, `sha512sum`,
//! `adler32sum`. (Sprig v3.3.0 has no md5 function.)

pub mod funcs;

use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use crate::golang::encoding::{adler32, base32_decode, base32_encode, base64_decode, base64_encode, hex_encode};

/// `b64enc s`.
pub fn b64enc(s: &str) -> String {
    base64_encode(s.as_bytes())
}

/// `b64dec s`: the decoded text, or Go's error message ("illegal base64 data at input byte 4").
/// Bytes that are not UTF-8 come out as U+FFFD.
pub fn b64dec(s: &str) -> String {
    match base64_decode(s) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => e,
    }
}

/// `b32enc s`.
pub fn b32enc(s: &str) -> String {
    base32_encode(s.as_bytes())
}

/// `b32dec s` (errors as text, like `b64dec`).
pub fn b32dec(s: &str) -> String {
    match base32_decode(s) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => e,
    }
}

/// `sha1sum s` (lower-case hex).
pub fn sha1sum(s: &str) -> String {
    hex_encode(&Sha1::digest(s.as_bytes()))
}

/// `sha256sum s`.
pub fn sha256sum(s: &str) -> String {
    hex_encode(&Sha256::digest(s.as_bytes()))
}

/// `sha512sum s`.
pub fn sha512sum(s: &str) -> String {
    hex_encode(&Sha512::digest(s.as_bytes()))
}

/// `adler32sum s` (decimal).
pub fn adler32sum(s: &str) -> String {
    adler32(s.as_bytes()).to_string()
}

#[cfg(test)]
mod tests;
