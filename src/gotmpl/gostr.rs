//! Go's `string`: a sequence of bytes that is usually, but not always, UTF-8. A [`Str`] reads as
//! its text (`&str`, invalid sequences shown as U+FFFD, which is also how `encoding/json` writes
//! them); a string made from bytes that are not UTF-8 (`.Files.Get` of a binary file, `b64dec`
//! of binary data) keeps those bytes, so byte-level functions (`len`, `b64enc`, `sha256sum`…)
//! see what Go sees.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// A shared immutable Go string. Equality, order and hashing follow its text. Atomically
/// counted so parse trees (which hold names and constants as `Str`) can be built on other threads.
/// Two words, like `Arc<str>`: strings that are not UTF-8 are rare and kept behind one more
/// pointer, so that names, map keys and values (`Value` holds a `Str`) stay small.
#[derive(Clone)]
pub struct Str(Repr);

#[derive(Clone)]
enum Repr {
    Text(Arc<str>),
    /// Bytes that are not valid UTF-8, and their text.
    Raw(Arc<Raw>),
}

struct Raw {
    text: Box<str>,
    bytes: Box<[u8]>,
}

impl Str {
    /// `string(b)`.
    pub fn from_bytes(b: &[u8]) -> Str {
        match std::str::from_utf8(b) {
            Ok(s) => Str::from(s),
            Err(_) => Str(Repr::Raw(Arc::new(Raw { text: String::from_utf8_lossy(b).into(), bytes: b.into() }))),
        }
    }

    /// The string's bytes, as Go holds them.
    pub fn bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Text(t) => t.as_bytes(),
            Repr::Raw(r) => &r.bytes,
        }
    }

    fn text(&self) -> &str {
        match &self.0 {
            Repr::Text(t) => t,
            Repr::Raw(r) => &r.text,
        }
    }
}

impl Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        self.text()
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        self.text()
    }
}

impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        self.text()
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Str {
        Str(Repr::Text(Arc::from(s)))
    }
}

impl From<String> for Str {
    fn from(s: String) -> Str {
        Str(Repr::Text(Arc::from(s)))
    }
}

impl From<&String> for Str {
    fn from(s: &String) -> Str {
        Str::from(s.as_str())
    }
}

impl From<Arc<str>> for Str {
    fn from(text: Arc<str>) -> Str {
        Str(Repr::Text(text))
    }
}

impl PartialEq for Str {
    fn eq(&self, other: &Str) -> bool {
        self.text() == other.text()
    }
}

impl Eq for Str {}

impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Str) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    fn cmp(&self, other: &Str) -> std::cmp::Ordering {
        self.text().cmp(other.text())
    }
}

/// A string as a map key, ordered as [`Str`] is (by its text) but with the first bytes compared
/// inline: keys mostly differ there, and a `memcmp` call at each step of a map search is most
/// of a field lookup's cost.
#[repr(transparent)]
#[derive(PartialEq, Eq)]
pub struct Key(str);

impl Key {
    pub fn new(s: &str) -> &Key {
        // SAFETY: `Key` is a transparent wrapper of `str`, so the pointer cast keeps layout and
        // lifetime.
        unsafe { &*(s as *const str as *const Key) }
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> std::cmp::Ordering {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        match (a.first(), b.first()) {
            (Some(x), Some(y)) if x != y => x.cmp(y),
            _ => a.cmp(b),
        }
    }
}

impl Borrow<Key> for Str {
    fn borrow(&self) -> &Key {
        Key::new(self.text())
    }
}

impl std::hash::Hash for Str {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.text().hash(h)
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text())
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.text(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::Str;

    #[test]
    fn keeps_bytes_that_are_not_utf8() {
        let s = Str::from_bytes(b"\x00\xffa");
        assert_eq!(s.bytes(), b"\x00\xffa");
        assert_eq!(&*s, "\0\u{fffd}a");
        assert_eq!(Str::from_bytes("é".as_bytes()).bytes(), "é".as_bytes());
        assert_eq!(Str::from("x"), Str::from_bytes(b"x"));
        assert_eq!(Str::from_bytes(b"\xff"), Str::from("\u{fffd}"));
        assert_eq!(std::mem::size_of::<Str>(), 16);
    }

    #[test]
    fn keys_order_as_strings() {
        use super::Key;
        let words = ["", "a", "ab", "b", "ba", "\u{e9}", "Z", "aa"];
        for x in words {
            for y in words {
                assert_eq!(Key::new(x).cmp(Key::new(y)), x.cmp(y), "{x:?} {y:?}");
            }
        }
    }
}
