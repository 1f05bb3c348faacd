//! Config Management Plugin v2 (filled below).
