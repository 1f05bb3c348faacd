//! Argo CD's side of rendering: resource tracking ([`tracking`]), the repo-server's output
//! encodings ([`response`]) and the Config Management Plugin protocol ([`cmp`]).

pub mod cmp;
pub mod response;
pub mod tracking;
