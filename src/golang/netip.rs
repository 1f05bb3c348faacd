//! Go's `net/netip.ParseAddr` (with its error texts) and `net.ParseIP`.

use crate::golang::strconv::quote;

/// A parsed address: 4 bytes for IPv4, 16 for IPv6 (with an optional zone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Addr {
    V4([u8; 4]),
    V6([u8; 16], String),
}

impl Addr {
    pub fn is4(&self) -> bool {
        matches!(self, Addr::V4(_))
    }

    /// The 16-byte form (IPv4 as IPv4-mapped IPv6).
    pub fn as16(&self) -> [u8; 16] {
        match self {
            Addr::V4(b) => {
                let mut out = [0u8; 16];
                out[10] = 0xff;
                out[11] = 0xff;
                out[12..].copy_from_slice(b);
                out
            }
            Addr::V6(b, _) => *b,
        }
    }
}

/// `netip.ParseAddr`'s error: `ParseAddr("x"): msg (at "rest")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseAddrError {
    pub input: String,
    pub msg: String,
    pub at: String,
}

impl std::fmt::Display for ParseAddrError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ParseAddr({}): {}", quote(&self.input), self.msg)?;
        if !self.at.is_empty() {
            write!(f, " (at {})", quote(&self.at))?;
        }
        Ok(())
    }
}

fn perr(input: &str, msg: &str, at: &str) -> ParseAddrError {
    ParseAddrError { input: input.into(), msg: msg.into(), at: at.into() }
}

/// `netip.ParseAddr`.
pub fn parse_addr(s: &str) -> Result<Addr, ParseAddrError> {
    for b in s.bytes() {
        match b {
            b'.' => return parse_ipv4(s).map(Addr::V4),
            b':' => return parse_ipv6(s),
            b'%' => return Err(perr(s, "missing IPv6 address", "")),
            _ => {}
        }
    }
    Err(perr(s, "unable to parse IP", ""))
}

fn parse_ipv4(s: &str) -> Result<[u8; 4], ParseAddrError> {
    let b = s.as_bytes();
    let mut fields = [0u8; 4];
    let (mut val, mut pos, mut dig_len) = (0u32, 0usize, 0);
    for i in 0..b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            if dig_len == 1 && val == 0 {
                return Err(perr(s, "IPv4 field has octet with leading zero", ""));
            }
            val = val * 10 + (c - b'0') as u32;
            dig_len += 1;
            if val > 255 {
                return Err(perr(s, "IPv4 field has value >255", ""));
            }
        } else if c == b'.' {
            if i == 0 || i == b.len() - 1 || b[i - 1] == b'.' {
                return Err(perr(s, "IPv4 field must have at least one digit", &s[i..]));
            }
            if pos == 3 {
                return Err(perr(s, "IPv4 address too long", ""));
            }
            fields[pos] = val as u8;
            pos += 1;
            val = 0;
            dig_len = 0;
        } else {
            return Err(perr(s, "unexpected character", &s[i..]));
        }
    }
    if pos < 3 {
        return Err(perr(s, "IPv4 address too short", ""));
    }
    fields[3] = val as u8;
    Ok(fields)
}

fn parse_ipv6(input: &str) -> Result<Addr, ParseAddrError> {
    let mut s = input;
    let mut zone = "";
    if let Some(i) = s.find('%') {
        zone = &s[i + 1..];
        s = &s[..i];
        if zone.is_empty() {
            return Err(perr(input, "zone must be a non-empty string", ""));
        }
    }
    let mut ip = [0u8; 16];
    let mut ellipsis: i32 = -1;
    if s.len() >= 2 && s.starts_with("::") {
        ellipsis = 0;
        s = &s[2..];
        if s.is_empty() {
            return Ok(Addr::V6(ip, zone.into()));
        }
    }
    let mut i = 0usize;
    while i < 16 {
        let b = s.as_bytes();
        let mut off = 0;
        let mut acc: u32 = 0;
        while off < b.len() {
            let d = match (b[off] as char).to_digit(16) {
                Some(d) => d,
                None => break,
            };
            acc = (acc << 4) + d;
            if acc > 0xFFFF {
                return Err(perr(input, "IPv6 field has value >=2^16", s));
            }
            off += 1;
        }
        if off == 0 {
            return Err(perr(input, "each colon-separated field must have at least one digit", s));
        }
        if off < b.len() && b[off] == b'.' {
            if ellipsis < 0 && i != 12 {
                return Err(perr(input, "embedded IPv4 address must replace the final 2 fields of the address", s));
            }
            if i + 4 > 16 {
                return Err(perr(input, "too many hex fields to fit an embedded IPv4 at the end of the address", s));
            }
            let v4 = parse_ipv4(s).map_err(|e| perr(input, &e.to_string(), s))?;
            ip[i..i + 4].copy_from_slice(&v4);
            s = "";
            i += 4;
            break;
        }
        ip[i] = (acc >> 8) as u8;
        ip[i + 1] = acc as u8;
        i += 2;
        s = &s[off..];
        if s.is_empty() {
            break;
        }
        if !s.starts_with(':') {
            return Err(perr(input, "unexpected character, want colon", s));
        } else if s.len() == 1 {
            return Err(perr(input, "colon must be followed by more characters", s));
        }
        s = &s[1..];
        if s.starts_with(':') {
            if ellipsis >= 0 {
                return Err(perr(input, "multiple :: in address", s));
            }
            ellipsis = i as i32;
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return Err(perr(input, "trailing garbage after address", s));
    }
    if i < 16 {
        if ellipsis < 0 {
            return Err(perr(input, "address string too short", ""));
        }
        let e = ellipsis as usize;
        let n = 16 - i;
        for j in (e..i).rev() {
            ip[j + n] = ip[j];
        }
        for b in ip.iter_mut().skip(e).take(n) {
            *b = 0;
        }
    } else if ellipsis >= 0 {
        return Err(perr(input, "the :: must expand to at least one field of zeros", ""));
    }
    Ok(Addr::V6(ip, zone.into()))
}

/// `net.ParseIP`: the 16-byte form, or `None` (zones are not IPs).
pub fn parse_ip(s: &str) -> Option<[u8; 16]> {
    match parse_addr(s) {
        Ok(Addr::V6(_, zone)) if !zone.is_empty() => None,
        Ok(a) => Some(a.as16()),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(parse_addr("1.2.3.4"), Ok(Addr::V4([1, 2, 3, 4])));
        assert_eq!(parse_ip("::1").unwrap()[15], 1);
        assert_eq!(parse_ip("10.0.0.1").unwrap()[10..], [0xff, 0xff, 10, 0, 0, 1]);
        assert!(parse_ip("fe80::1%en0").is_none());
        // Error texts seen through helm's urlParse (see sprig::url tests).
        assert_eq!(parse_addr("notipv6").unwrap_err().to_string(), r#"ParseAddr("notipv6"): unable to parse IP"#);
        assert_eq!(
            parse_addr("::1]").unwrap_err().to_string(),
            r#"ParseAddr("::1]"): unexpected character, want colon (at "]")"#
        );
        assert_eq!(parse_addr("01.2.3.4").unwrap_err().msg, "IPv4 field has octet with leading zero");
        assert_eq!(parse_addr("1:2:3:4:5:6:7:8:9").unwrap_err().msg, "trailing garbage after address");
        let mapped = parse_addr("::ffff:1.2.3.4").unwrap();
        assert_eq!(mapped.as16()[12..], [1, 2, 3, 4]);
        assert!(!mapped.is4());
    }
}
