//! JSON read the way Kubernetes' `unstructured` decoding reads it (`k8s.io/apimachinery/pkg/util/json`
//! over Go's `encoding/json`): objects keep the last of duplicate keys, an integer literal that fits
//! an `int64` stays an integer, every other number is a `float64`. Values are read one at a time
//! from a stream, as `json.Decoder.Decode` does, so callers can ask whether more follow (`More`).

use crate::yaml::Value;

/// A JSON syntax error, with Go's wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError(pub String);

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A stream of JSON values (`json.Decoder`).
pub struct Decoder<'a> {
    b: &'a [u8],
    pub pos: usize,
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

/// Go's `quoteChar` for error messages.
fn quote_char(c: char) -> String {
    match c {
        '\'' => "'\\''".into(),
        '"' => "'\"'".into(),
        c if c.is_control() => format!("'{}'", c.escape_default()),
        c => format!("'{c}'"),
    }
}

impl<'a> Decoder<'a> {
    pub fn new(b: &'a [u8]) -> Decoder<'a> {
        Decoder { b, pos: 0 }
    }

    fn skip_ws(&mut self) {
        while self.pos < self.b.len() && is_space(self.b[self.pos]) {
            self.pos += 1;
        }
    }

    /// `Decoder.More`: another value follows (anything but `]`, `}` or the end).
    pub fn more(&mut self) -> bool {
        self.skip_ws();
        self.pos < self.b.len() && !matches!(self.b[self.pos], b']' | b'}')
    }

    /// The next value, `None` at the end of the input (`io.EOF`), with the byte range it spans.
    pub fn decode(&mut self) -> Option<Result<(Value, std::ops::Range<usize>), SyntaxError>> {
        self.skip_ws();
        if self.pos >= self.b.len() {
            return None;
        }
        let start = self.pos;
        Some(self.value(0).map(|v| (v, start..self.pos)))
    }

    fn err(&self, context: &str) -> SyntaxError {
        match std::str::from_utf8(&self.b[self.pos..]).ok().and_then(|s| s.chars().next()) {
            None if self.pos >= self.b.len() => SyntaxError("unexpected EOF".into()),
            None => SyntaxError(format!("invalid character {} {context}", quote_char(char::from(self.b[self.pos])))),
            Some(c) => SyntaxError(format!("invalid character {} {context}", quote_char(c))),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        if depth > 10000 {
            return Err(SyntaxError("exceeded max depth".into()));
        }
        self.skip_ws();
        let Some(&c) = self.b.get(self.pos) else { return Err(SyntaxError("unexpected EOF".into())) };
        match c {
            b'{' => {
                self.pos += 1;
                let mut entries: Vec<(String, Value)> = Vec::new();
                self.skip_ws();
                if self.b.get(self.pos) == Some(&b'}') {
                    self.pos += 1;
                    return Ok(Value::Map(entries));
                }
                loop {
                    self.skip_ws();
                    if self.b.get(self.pos) != Some(&b'"') {
                        return Err(self.err("looking for beginning of object key string"));
                    }
                    let key = self.string()?;
                    self.skip_ws();
                    if self.b.get(self.pos) != Some(&b':') {
                        return Err(self.err("after object key"));
                    }
                    self.pos += 1;
                    let v = self.value(depth + 1)?;
                    match entries.iter_mut().find(|(k, _)| *k == key) {
                        Some(slot) => slot.1 = v,
                        None => entries.push((key, v)),
                    }
                    self.skip_ws();
                    match self.b.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return Ok(Value::Map(entries));
                        }
                        _ => return Err(self.err("after object key:value pair")),
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                self.skip_ws();
                if self.b.get(self.pos) == Some(&b']') {
                    self.pos += 1;
                    return Ok(Value::Seq(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.skip_ws();
                    match self.b.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Value::Seq(items));
                        }
                        _ => return Err(self.err("after array element")),
                    }
                }
            }
            b'"' => self.string().map(Value::Str),
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'n' => self.literal("null", Value::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(self.err("looking for beginning of value")),
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, SyntaxError> {
        for (i, expected) in word.bytes().enumerate() {
            match self.b.get(self.pos) {
                Some(&c) if c == expected => self.pos += 1,
                Some(_) => {
                    let context = format!("in literal {word} (expecting {})", quote_char(char::from(expected)));
                    let _ = i;
                    return Err(self.err(&context));
                }
                None => return Err(SyntaxError("unexpected EOF".into())),
            }
        }
        Ok(v)
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.pos;
        let digit = |d: &Decoder| d.b.get(d.pos).is_some_and(u8::is_ascii_digit);
        if self.b[self.pos] == b'-' {
            self.pos += 1;
            if !digit(self) {
                return Err(self.err("in numeric literal"));
            }
        }
        if self.b[self.pos] == b'0' {
            self.pos += 1;
        } else {
            while digit(self) {
                self.pos += 1;
            }
        }
        if self.b.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !digit(self) {
                return Err(self.err("after decimal point in numeric literal"));
            }
            while digit(self) {
                self.pos += 1;
            }
        }
        if matches!(self.b.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.b.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digit(self) {
                return Err(self.err("in exponent of numeric literal"));
            }
            while digit(self) {
                self.pos += 1;
            }
        }
        let text = std::str::from_utf8(&self.b[start..self.pos]).expect("ascii");
        Ok(number_value(text))
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1; // opening quote
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(&c) = self.b.get(self.pos) else { return Err(SyntaxError("unexpected EOF".into())) };
            match c {
                b'"' => {
                    self.pos += 1;
                    // Invalid UTF-8 becomes U+FFFD, as Go does.
                    return Ok(String::from_utf8_lossy(&out).into_owned());
                }
                b'\\' => {
                    self.pos += 1;
                    let Some(&e) = self.b.get(self.pos) else { return Err(SyntaxError("unexpected EOF".into())) };
                    self.pos += 1;
                    let simple = match e {
                        b'"' => Some('"'),
                        b'\\' => Some('\\'),
                        b'/' => Some('/'),
                        b'b' => Some('\u{8}'),
                        b'f' => Some('\u{c}'),
                        b'n' => Some('\n'),
                        b'r' => Some('\r'),
                        b't' => Some('\t'),
                        b'u' => None,
                        _ => {
                            self.pos -= 1;
                            return Err(self.err("in string escape code"));
                        }
                    };
                    let ch = match simple {
                        Some(ch) => ch,
                        None => {
                            let hi = self.hex4()?;
                            if (0xD800..0xDC00).contains(&hi) {
                                let save = self.pos;
                                if self.b.get(self.pos) == Some(&b'\\') && self.b.get(self.pos + 1) == Some(&b'u') {
                                    self.pos += 2;
                                    let lo = self.hex4()?;
                                    if (0xDC00..0xE000).contains(&lo) {
                                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)).unwrap_or('\u{FFFD}')
                                    } else {
                                        self.pos = save;
                                        '\u{FFFD}'
                                    }
                                } else {
                                    '\u{FFFD}'
                                }
                            } else {
                                char::from_u32(hi).unwrap_or('\u{FFFD}')
                            }
                        }
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                c if c < 0x20 => return Err(self.err("in string literal")),
                c => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let Some(&c) = self.b.get(self.pos) else { return Err(SyntaxError("unexpected EOF".into())) };
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return Err(self.err("in \\u hexadecimal character escape")),
            };
            v = v * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }
}

/// A JSON number as `unstructured` keeps it: `int64` when the literal parses as one, else `float64`.
pub fn number_value(text: &str) -> Value {
    match text.parse::<i64>() {
        Ok(i) => Value::Int(i),
        Err(_) => Value::Float(text.parse::<f64>().unwrap_or(f64::INFINITY)),
    }
}

/// Parses a whole document holding one value (`json.Unmarshal`).
pub fn parse(text: &[u8]) -> Result<Value, SyntaxError> {
    let mut d = Decoder::new(text);
    let v = match d.decode() {
        None => return Err(SyntaxError("unexpected end of JSON input".into())),
        Some(r) => r?.0,
    };
    d.skip_ws();
    if d.pos < text.len() {
        return Err(d.err("after top-level value"));
    }
    Ok(v)
}

/// A value as it is after a trip through JSON into `unstructured`: a float whose Go JSON spelling
/// is an integer literal (`1`, `1000`) becomes an `int64`, as Kubernetes' decoder makes it.
pub fn normalize_numbers(v: &mut Value) {
    match v {
        Value::Float(f) => {
            if let Some(text) = crate::golang::strconv::format_float_json(*f) {
                if let Value::Int(i) = number_value(&text) {
                    *v = Value::Int(i);
                }
            }
        }
        Value::Uint(u) => {
            if let Ok(i) = i64::try_from(*u) {
                *v = Value::Int(i);
            } else {
                *v = Value::Float(*u as f64);
            }
        }
        Value::Seq(items) => items.iter_mut().for_each(normalize_numbers),
        Value::Map(entries) => entries.iter_mut().for_each(|(_, v)| normalize_numbers(v)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_unstructured_keeps_them() {
        assert_eq!(parse(b"1").unwrap(), Value::Int(1));
        assert_eq!(parse(b"-9223372036854775808").unwrap(), Value::Int(i64::MIN));
        assert_eq!(parse(b"9223372036854775808").unwrap(), Value::Float(9223372036854775808.0));
        assert_eq!(parse(b"1.0").unwrap(), Value::Float(1.0));
        assert_eq!(parse(b"1e3").unwrap(), Value::Float(1000.0));
    }

    #[test]
    fn objects_strings_and_duplicates() {
        let v = parse(br#"{"a":1,"b":"x\u00e9\ud83d\ude00","a":[true,null]}"#).unwrap();
        assert_eq!(
            v,
            Value::Map(vec![
                ("a".into(), Value::Seq(vec![Value::Bool(true), Value::Null])),
                ("b".into(), Value::Str("xé😀".into())),
            ])
        );
    }

    #[test]
    fn go_error_texts() {
        assert_eq!(parse(b"{\"a\" 1}").unwrap_err().0, "invalid character '1' after object key");
        assert_eq!(parse(b"[1,]").unwrap_err().0, "invalid character ']' looking for beginning of value");
        assert_eq!(parse(b"{} x").unwrap_err().0, "invalid character 'x' after top-level value");
        assert_eq!(parse(b"").unwrap_err().0, "unexpected end of JSON input");
    }

    #[test]
    fn stream_and_more() {
        let mut d = Decoder::new(b" {\"a\":1}\n {\"b\":2} ");
        assert!(d.decode().unwrap().is_ok());
        assert!(d.more());
        assert!(d.decode().unwrap().is_ok());
        assert!(!d.more());
        assert!(d.decode().is_none());
    }

    #[test]
    fn normalized_floats() {
        let mut v = Value::Seq(vec![Value::Float(1.0), Value::Float(0.5), Value::Float(1e21), Value::Uint(3)]);
        normalize_numbers(&mut v);
        assert_eq!(v, Value::Seq(vec![Value::Int(1), Value::Float(0.5), Value::Float(1e21), Value::Int(3)]));
    }
}
