//! Sprig's encoding and digest functions: `b64enc`/`b64dec`, `b32enc`/`b32dec` (a failed decode
//! returns Go's error text as the *result*, not an error), `sha1sum`, `sha256sum`, `sha512sum`,
//! `adler32sum`. (Sprig v3.3.0 has no md5 function.)

pub mod funcs;

use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use crate::golang::encoding::{adler32, base32_decode, base32_encode, base64_decode, base64_encode, hex_encode};

/// `b64enc s`.
pub fn b64enc(s: impl AsRef<[u8]>) -> String {
    base64_encode(s.as_ref())
}

/// `b64dec s`: the decoded bytes, or Go's error message ("illegal base64 data at input byte 4").
pub fn b64dec_bytes(s: &str) -> Vec<u8> {
    base64_decode(s).unwrap_or_else(String::into_bytes)
}

/// [`b64dec_bytes`] as text (bytes that are not UTF-8 shown as U+FFFD).
pub fn b64dec(s: &str) -> String {
    String::from_utf8_lossy(&b64dec_bytes(s)).into_owned()
}

/// `b32enc s`.
pub fn b32enc(s: impl AsRef<[u8]>) -> String {
    base32_encode(s.as_ref())
}

/// `b32dec s` (errors as text, like `b64dec`).
pub fn b32dec_bytes(s: &str) -> Vec<u8> {
    base32_decode(s).unwrap_or_else(String::into_bytes)
}

/// [`b32dec_bytes`] as text.
pub fn b32dec(s: &str) -> String {
    String::from_utf8_lossy(&b32dec_bytes(s)).into_owned()
}

/// `sha1sum s` (lower-case hex).
pub fn sha1sum(s: impl AsRef<[u8]>) -> String {
    hex_encode(&Sha1::digest(s.as_ref()))
}

/// `sha256sum s`.
pub fn sha256sum(s: impl AsRef<[u8]>) -> String {
    hex_encode(&Sha256::digest(s.as_ref()))
}

/// `sha512sum s`.
pub fn sha512sum(s: impl AsRef<[u8]>) -> String {
    hex_encode(&Sha512::digest(s.as_ref()))
}

/// `adler32sum s` (decimal).
pub fn adler32sum(s: impl AsRef<[u8]>) -> String {
    adler32(s.as_ref()).to_string()
}

#[cfg(test)]
mod tests;
