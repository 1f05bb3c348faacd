//! TOML for `toToml`/`fromToml` (BurntSushi/toml v1.6's encoder and decoder behaviour).

use crate::gotmpl::Value;

/// `toToml`: the encoded document, or the encoder's error text.
pub fn to_toml(_v: &Value) -> Result<String, String> {
    Err("krender: toToml is not implemented yet".into())
}

/// `fromToml`: the decoded table, or the decoder's error text.
pub fn from_toml(_text: &str) -> Result<Value, String> {
    Err("krender: fromToml is not implemented yet".into())
}
