//! `[]byte` values. The contents may be produced on first use: a host can hand templates a
//! large file (Helm's `.Files`) that is only read if a template looks at it.

use std::cell::{Cell, OnceCell};
use std::fmt;
use std::ops::Deref;

/// Produces the contents of a deferred byte slice.
pub type Loader = Box<dyn FnOnce() -> Vec<u8>>;

/// A byte slice, held or deferred.
#[derive(Default)]
pub struct Bytes {
    data: OnceCell<Vec<u8>>,
    load: Cell<Option<Loader>>,
}

impl Bytes {
    /// Contents that `load` produces when they are first needed.
    pub fn deferred(load: Loader) -> Bytes {
        Bytes { data: OnceCell::new(), load: Cell::new(Some(load)) }
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Bytes {
        Bytes { data: OnceCell::from(v), load: Cell::new(None) }
    }
}

impl Deref for Bytes {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        self.data.get_or_init(|| self.load.take().map(|f| f()).unwrap_or_default())
    }
}

impl Clone for Bytes {
    /// A copy of the contents.
    fn clone(&self) -> Bytes {
        Bytes::from(self.to_vec())
    }
}

impl PartialEq for Bytes {
    fn eq(&self, other: &Bytes) -> bool {
        **self == **other
    }
}

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn deferred_contents_are_made_once() {
        let calls = Rc::new(Cell::new(0));
        let c = calls.clone();
        let b = Bytes::deferred(Box::new(move || {
            c.set(c.get() + 1);
            b"abc".to_vec()
        }));
        assert_eq!(calls.get(), 0);
        assert_eq!(b.len(), 3);
        assert_eq!(&b[..], b"abc");
        assert_eq!(calls.get(), 1);
        assert_eq!(b, Bytes::from(b"abc".to_vec()));
    }
}
