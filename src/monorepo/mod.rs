//! A whole repository at once: find its apps ([`discover`]), build them in parallel sharing parsed
//! files and charts ([`cache`], [`pool`], [`render_all`]), and report ([`summary`]). `diff` builds
//! on the same pieces, with each app's reads tracked.

pub mod cache;
pub mod chart;
pub mod discover;
pub mod pool;
pub mod render;
pub mod render_all;
pub mod summary;
