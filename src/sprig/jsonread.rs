//! A JSON reader with Go's `encoding/json` behaviour: the whole input is checked first, with
//! Go's syntax error texts (`invalid character 'x' after top-level value`, `unexpected end of
//! JSON input`); duplicate object keys keep the last value; numbers are `float64`; invalid
//! escapes of surrogates decode to U+FFFD.

/// A decoded JSON value; objects keep their keys in input order (last duplicate wins).
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Go's `quoteChar`.
fn quote_char(c: char) -> String {
    match c {
        '\'' => "'\\''".into(),
        '"' => "'\"'".into(),
        c => {
            let q = crate::gotmpl::quote::quote(&c.to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

struct Reader<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

type R<T> = Result<T, String>;

const EOF: &str = "unexpected end of JSON input";

impl Reader<'_> {
    fn peek_char(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }

    fn err_at(&self, context: &str) -> String {
        match self.peek_char() {
            None => EOF.into(),
            Some(c) => format!("invalid character {} {context}", quote_char(c)),
        }
    }

    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> R<Json> {
        crate::gotmpl::deep(|| self.value_inner(depth))
    }

    fn value_inner(&mut self, depth: usize) -> R<Json> {
        if depth > 10_000 {
            return Err("exceeded max depth".into());
        }
        self.ws();
        match self.b.get(self.i) {
            None => Err(EOF.into()),
            Some(b'{') => {
                self.i += 1;
                let mut entries: Vec<(String, Json)> = Vec::new();
                self.ws();
                if self.b.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Json::Object(entries));
                }
                loop {
                    self.ws();
                    if self.b.get(self.i) != Some(&b'"') {
                        return Err(self.err_at("looking for beginning of object key string"));
                    }
                    let k = self.string()?;
                    self.ws();
                    if self.b.get(self.i) != Some(&b':') {
                        return Err(self.err_at("after object key"));
                    }
                    self.i += 1;
                    let v = self.value(depth + 1)?;
                    match entries.iter_mut().find(|(ek, _)| *ek == k) {
                        Some(slot) => slot.1 = v,
                        None => entries.push((k, v)),
                    }
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Object(entries));
                        }
                        _ => return Err(self.err_at("after object key:value pair")),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.b.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Array(items));
                        }
                        _ => return Err(self.err_at("after array element")),
                    }
                }
            }
            Some(b'"') => Ok(Json::String(self.string()?)),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err_at("looking for beginning of value")),
        }
    }

    fn literal(&mut self, word: &str, v: Json) -> R<Json> {
        for (k, expect) in word.bytes().enumerate() {
            match self.b.get(self.i) {
                None => return Err(EOF.into()),
                Some(&c) if c == expect => self.i += 1,
                Some(_) => return Err(self.err_at(&format!("in literal {word} (expecting {})", quote_char(word.as_bytes()[k] as char)))),
            }
        }
        Ok(v)
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> R<Json> {
        let start = self.i;
        if self.b[self.i] == b'-' {
            self.i += 1;
            match self.b.get(self.i) {
                None => return Err(EOF.into()),
                Some(b'0'..=b'9') => {}
                Some(_) => return Err(self.err_at("in numeric literal")),
            }
        }
        if self.b[self.i] == b'0' {
            self.i += 1;
        } else {
            self.digits();
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(if self.i >= self.b.len() { EOF.into() } else { self.err_at("after decimal point in numeric literal") });
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(if self.i >= self.b.len() { EOF.into() } else { self.err_at("in exponent of numeric literal") });
            }
        }
        let text = &self.s[start..self.i];
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Json::Number(f)),
            _ => Err(format!("json: cannot unmarshal number {text} into Go value of type float64")),
        }
    }

    fn hex4(&mut self) -> R<u32> {
        let mut v = 0u32;
        for _ in 0..4 {
            match self.b.get(self.i) {
                None => return Err(EOF.into()),
                Some(c) if c.is_ascii_hexdigit() => {
                    v = v * 16 + (*c as char).to_digit(16).unwrap_or(0);
                    self.i += 1;
                }
                Some(_) => return Err(self.err_at("in \\u hexadecimal character escape")),
            }
        }
        Ok(v)
    }

    fn string(&mut self) -> R<String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek_char() else { return Err(EOF.into()) };
            match c {
                '"' => {
                    self.i += 1;
                    return Ok(out);
                }
                '\\' => {
                    self.i += 1;
                    let Some(e) = self.peek_char() else { return Err(EOF.into()) };
                    self.i += 1;
                    match e {
                        '"' | '\\' | '/' => out.push(e),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => {
                            let u = self.hex4()?;
                            if (0xD800..0xDC00).contains(&u) && self.b.get(self.i) == Some(&b'\\') && self.b.get(self.i + 1) == Some(&b'u') {
                                let save = self.i;
                                self.i += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    let c = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                                    out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                                    continue;
                                }
                                self.i = save;
                            }
                            out.push(char::from_u32(u).unwrap_or('\u{FFFD}'));
                        }
                        _ => {
                            self.i -= e.len_utf8();
                            return Err(self.err_at("in string escape code"));
                        }
                    }
                }
                c if (c as u32) < 0x20 => return Err(self.err_at("in string literal")),
                c => {
                    out.push(c);
                    self.i += c.len_utf8();
                }
            }
        }
    }
}

/// `json.Unmarshal` into `interface{}`: the value or Go's error text.
pub fn parse(text: &str) -> Result<Json, String> {
    let mut r = Reader { s: text, b: text.as_bytes(), i: 0 };
    let v = r.value(0)?;
    r.ws();
    if r.i < r.b.len() {
        return Err(r.err_at("after top-level value"));
    }
    Ok(v)
}

/// `json.NewDecoder(text).Decode(&v)`: the first value of `text` (leading whitespace skipped) and
/// the byte offset just after it (`InputOffset`); what follows the value is not looked at.
pub fn parse_prefix(text: &str) -> Result<(Json, usize), String> {
    let mut r = Reader { s: text, b: text.as_bytes(), i: 0 };
    let v = r.value(0)?;
    Ok((v, r.i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_errors() {
        assert_eq!(parse("{bad").unwrap_err(), "invalid character 'b' looking for beginning of object key string");
        assert_eq!(parse("").unwrap_err(), "unexpected end of JSON input");
        assert_eq!(parse("{} x").unwrap_err(), "invalid character 'x' after top-level value");
        assert_eq!(parse("[1,").unwrap_err(), "unexpected end of JSON input");
        assert_eq!(parse("tru").unwrap_err(), "unexpected end of JSON input");
        assert_eq!(parse("trx").unwrap_err(), "invalid character 'x' in literal true (expecting 'u')");
        assert_eq!(parse(r#"{"a": 1, "a": 2}"#).unwrap(), Json::Object(vec![("a".into(), Json::Number(2.0))]));
        assert_eq!(parse(r#""\ud83d\ude00""#).unwrap(), Json::String("😀".into()));
    }
}
