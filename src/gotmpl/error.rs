//! Errors with Go's texts and Go's wrapping: each error has its full message (what Go's
//! `Error()` returns) and, when it wraps another (`fmt.Errorf("...: %w", err)`), that cause.
//! Callers such as Helm walk the chain (`errors.Unwrap`) to reformat messages.
//!
//! - parse errors: `template: NAME:LINE: message`
//! - execution errors: `template: NAME:LINE:COL: executing "NAME" at <NODE>: message`

/// Which layer produced an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A template failed to parse.
    Parse,
    /// Go's `template.ExecError`: execution failed at a node.
    Exec,
    /// Any other error (from a function, a method, a host).
    Other,
}

/// A Go error: its message and the error it wraps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// The whole message (including the wrapped error's message, as Go prints it).
    pub text: String,
    /// The wrapped error (`errors.Unwrap`).
    pub cause: Option<Box<Error>>,
}

impl Error {
    /// A plain error (`errors.New`).
    pub fn msg(text: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Other, text: text.into(), cause: None }
    }

    /// `fmt.Errorf(prefix + "%w", cause)`.
    pub fn wrap(prefix: &str, cause: Error) -> Error {
        Error { kind: ErrorKind::Other, text: format!("{prefix}{}", cause.text), cause: Some(Box::new(cause)) }
    }

    /// This error, then each error it wraps.
    pub fn chain(&self) -> impl Iterator<Item = &Error> {
        std::iter::successors(Some(self), |e| e.cause.as_deref())
    }

    /// Whether any error in the chain is an execution error (`errors.As(err, &ExecError{})`).
    pub fn has_exec_error(&self) -> bool {
        self.chain().any(|e| e.kind == ErrorKind::Exec)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for Error {}

impl From<String> for Error {
    fn from(s: String) -> Error {
        Error::msg(s)
    }
}

impl From<&str> for Error {
    fn from(s: &str) -> Error {
        Error::msg(s)
    }
}
