//! `format` assertions of santhosh-tekuri/jsonschema v6 (asserted for metaschemas and for
//! schemas of drafts before 2019): `regex`, `uri`, `uri-reference`, `iri`, `iri-reference`,
//! `json-pointer`, `relative-json-pointer`, `uuid`, `duration`, `ipv4`, `ipv6`, `hostname`,
//! `email`, `date`, `time`, `date-time`, with the library's reasons. Reasons that come from Go's
//! own parsers (`net/url`, `regexp`, `time`) are close to Go's texts. Unknown formats are not
//! asserted. Values that are not strings pass.

use crate::gotmpl::quote::{quote, quote_rune};

/// A format check: `Err(reason)` when the string is not of the format.
type Check = fn(&str) -> Result<(), String>;

/// A format the validator asserts.
#[derive(Debug, Clone, Copy)]
pub struct Format {
    pub name: &'static str,
    check: Check,
}

const FORMATS: &[(&str, Check)] = &[
    ("json-pointer", json_pointer),
    ("relative-json-pointer", relative_json_pointer),
    ("uuid", uuid),
    ("duration", duration),
    ("ipv4", ipv4),
    ("ipv6", ipv6),
    ("hostname", hostname),
    ("email", email),
    ("date", date),
    ("time", time),
    ("date-time", date_time),
    ("uri", uri),
    ("iri", uri),
    ("uri-reference", uri_reference),
    ("iri-reference", uri_reference),
    ("regex", regex),
];

impl Format {
    pub fn named(name: &str) -> Option<Format> {
        FORMATS.iter().find(|(n, _)| *n == name).map(|(n, f)| Format { name: n, check: *f })
    }

    /// `Err(reason)` when the string is not of the format.
    pub fn check(&self, s: &str) -> Result<(), String> {
        (self.check)(s)
    }
}

fn json_pointer(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Ok(());
    }
    if !s.starts_with('/') {
        return Err("not starting with /".into());
    }
    for tok in s.split('/').skip(1) {
        let mut escape = false;
        for ch in tok.chars() {
            if escape {
                escape = false;
                if ch != '0' && ch != '1' {
                    return Err("~ must be followed by 0 or 1".into());
                }
                continue;
            }
            if ch == '~' {
                escape = true;
                continue;
            }
            if !(ch <= '\x2E' || ('\x30'..='\x7D').contains(&ch) || ch >= '\x7F') {
                return Err(format!("invalid character {}", quote_rune(ch as i128, false)));
            }
        }
        if escape {
            return Err("~ must be followed by 0 or 1".into());
        }
    }
    Ok(())
}

fn relative_json_pointer(s: &str) -> Result<(), String> {
    let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return Err("must start with non-negative integer".into());
    }
    if digits > 1 && s.starts_with('0') {
        return Err("starts with zero".into());
    }
    let rest = &s[digits..];
    if rest == "#" {
        return Ok(());
    }
    json_pointer(rest)
}

fn uuid(s: &str) -> Result<(), String> {
    let groups: Vec<&str> = s.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    if groups.len() != lens.len() {
        return Err(format!("must have {} elements", lens.len()));
    }
    for (i, g) in groups.iter().enumerate() {
        if g.len() != lens[i] {
            return Err(format!("element {} must be {} characters long", i + 1, lens[i]));
        }
        if let Some(c) = g.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(format!("non-hex character {}", quote_rune(c as i128, false)));
        }
    }
    Ok(())
}

fn duration(s: &str) -> Result<(), String> {
    let Some(s) = s.strip_prefix('P') else { return Err("must start with P".into()) };
    if s.is_empty() {
        return Err("nothing after P".into());
    }
    if let Some(w) = s.strip_suffix('W') {
        if w.is_empty() {
            return Err("no number in week".into());
        }
        if !w.bytes().all(|b| b.is_ascii_digit()) {
            return Err("invalid week".into());
        }
        return Ok(());
    }
    let all_units = ["YMD", "HMS"];
    for (i, part) in s.split('T').enumerate() {
        if i != 0 && part.is_empty() {
            return Err("no time elements".into());
        }
        if i >= all_units.len() {
            return Err("more than one T".into());
        }
        let mut units = all_units[i];
        let mut p = part;
        while !p.is_empty() {
            let digits = p.bytes().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 {
                return Err("missing number".into());
            }
            p = &p[digits..];
            let Some(unit) = p.chars().next() else { return Err("missing unit".into()) };
            match units.find(unit) {
                Some(j) => units = &units[j + 1..],
                None => {
                    let q = quote_rune(unit as i128, false);
                    return Err(if all_units[i].contains(unit) { format!("unit {q} out of order") } else { format!("invalid unit {q}") });
                }
            }
            p = &p[unit.len_utf8()..];
        }
    }
    Ok(())
}

fn ipv4(s: &str) -> Result<(), String> {
    let groups: Vec<&str> = s.split('.').collect();
    if groups.len() != 4 {
        return Err("expected four decimals".into());
    }
    for g in groups {
        if g.len() > 1 && g.starts_with('0') {
            return Err("leading zeros".into());
        }
        let n: i64 = match g.parse() {
            Ok(n) if !g.starts_with('+') => n,
            _ => return Err(format!("strconv.Atoi: parsing {}: invalid syntax", quote(g))),
        };
        if !(0..=255).contains(&n) {
            return Err("decimal must be between 0 and 255".into());
        }
    }
    Ok(())
}

fn ipv6(s: &str) -> Result<(), String> {
    if !s.contains(':') {
        return Err("missing colon".into());
    }
    if s.contains('%') {
        let (addr, _) = s.split_once('%').unwrap_or((s, ""));
        if addr.parse::<std::net::Ipv6Addr>().is_ok() {
            return Err("zone id is not a part of ipv6 address".into());
        }
    }
    s.parse::<std::net::Ipv6Addr>().map(|_| ()).map_err(|_| format!("ParseAddr({}): invalid IPv6 address", quote(s)))
}

fn hostname(s: &str) -> Result<(), String> {
    let s = s.strip_suffix('.').unwrap_or(s);
    if s.len() > 253 {
        return Err("more than 253 characters long".into());
    }
    for label in s.split('.') {
        if label.is_empty() || label.len() > 63 {
            return Err("label must be 1 to 63 characters long".into());
        }
        if label.starts_with('-') {
            return Err("label starts with hyphen".into());
        }
        if label.ends_with('-') {
            return Err("label ends with hyphen".into());
        }
        if let Some(c) = label.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-')) {
            return Err(format!("invalid character {}", quote_rune(c as i128, false)));
        }
    }
    Ok(())
}

fn email(s: &str) -> Result<(), String> {
    if s.len() > 254 {
        return Err("more than 255 characters long".into());
    }
    let Some(at) = s.rfind('@') else { return Err("missing @".into()) };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if local.len() > 64 {
        return Err("local part more than 64 characters long".into());
    }
    if local.len() > 1 && local.starts_with('"') {
        let inner = &local[1..local.len() - 1];
        if inner.contains('\\') || inner.contains('"') {
            return Err("backslash and quote are not allowed within quoted local part".into());
        }
    } else {
        if local.starts_with('.') {
            return Err("starts with dot".into());
        }
        if local.ends_with('.') {
            return Err("ends with dot".into());
        }
        if local.contains("..") {
            return Err("consecutive dots".into());
        }
        if let Some(c) = local.chars().find(|c| !(c.is_ascii_alphanumeric() || ".!#$%&'*+-/=?^_`{|}~".contains(*c))) {
            return Err(format!("invalid character {}", quote_rune(c as i128, false)));
        }
    }
    if let Some(d) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        if let Some(rem) = d.strip_prefix("IPv6:") {
            return ipv6(rem).map_err(|e| format!("invalid ipv6 address: {e}"));
        }
        return ipv4(d).map_err(|e| format!("invalid ipv4 address: {e}"));
    }
    hostname(domain).map_err(|e| format!("invalid domain: {e}"))
}

/// `time.Parse("2006-01-02", s)`.
fn date(s: &str) -> Result<(), String> {
    let q = quote(s);
    let fail = |rest: &str, elem: &str| Err(format!("parsing time {q} as \"2006-01-02\": cannot parse {} as {}", quote(rest), quote(elem)));
    let b = s.as_bytes();
    let digits = |from: usize, n: usize| b.len() >= from + n && b[from..from + n].iter().all(|c| c.is_ascii_digit());
    if !digits(0, 4) {
        return fail(s, "2006");
    }
    if b.get(4) != Some(&b'-') {
        return fail(&s[4..], "-");
    }
    if !digits(5, 2) {
        return fail(&s[5..], "01");
    }
    if b.get(7) != Some(&b'-') {
        return fail(&s[7..], "-");
    }
    if !digits(8, 2) {
        return fail(&s[8..], "02");
    }
    if b.len() > 10 {
        return Err(format!("parsing time {q}: extra text: {}", quote(&s[10..])));
    }
    let year: i64 = s[0..4].parse().unwrap_or(0);
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    if !(1..=12).contains(&month) {
        return Err(format!("parsing time {q}: month out of range"));
    }
    if day < 1 || day > crate::golang::time::days_in_month(month, year) {
        return Err(format!("parsing time {q}: day out of range"));
    }
    Ok(())
}

fn time(s: &str) -> Result<(), String> {
    if s.len() < 9 {
        return Err("less than 9 characters long".into());
    }
    let b = s.as_bytes();
    if b[2] != b':' || b[5] != b':' {
        return Err("missing colon in correct place".into());
    }
    let mut hms = Vec::new();
    for tok in s.get(..8).unwrap_or("").splitn(3, ':') {
        match tok.parse::<i64>() {
            Ok(i) if i >= 0 => hms.push(i),
            Ok(_) => return Err("non-positive hour/min/sec".into()),
            Err(_) => return Err("invalid hour/min/sec".into()),
        }
    }
    let (mut h, mut m, sec) = (hms[0], hms[1], hms[2]);
    if h > 23 || m > 59 || sec > 60 {
        return Err("hour/min/sec out of range".into());
    }
    let mut rest = &s[8..];
    if let Some(r) = rest.strip_prefix('.') {
        let n = r.bytes().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 {
            return Err("no digits in second fraction".into());
        }
        rest = &r[n..];
    }
    if rest != "z" && rest != "Z" {
        if rest.len() != 6 {
            return Err("offset must be 6 characters long".into());
        }
        let sign = match rest.as_bytes()[0] {
            b'+' => -1,
            b'-' => 1,
            _ => return Err("offset must begin with plus/minus".into()),
        };
        let off = &rest[1..];
        if off.as_bytes()[2] != b':' {
            return Err("missing colon in offset in correct place".into());
        }
        let mut zhm = Vec::new();
        for tok in off.splitn(2, ':') {
            match tok.parse::<i64>() {
                Ok(i) if i >= 0 => zhm.push(i),
                Ok(_) => return Err("non-positive hour/min in offset".into()),
                Err(_) => return Err("invalid hour/min in offset".into()),
            }
        }
        if zhm[0] > 23 || zhm[1] > 59 {
            return Err("hour/min in offset out of range".into());
        }
        let mut hm = (h * 60 + m) + sign * (zhm[0] * 60 + zhm[1]);
        if hm < 0 {
            hm += 24 * 60;
        }
        h = hm / 60;
        m = hm % 60;
    }
    if sec >= 60 && (h != 23 || m != 59) {
        return Err("invalid leap second".into());
    }
    Ok(())
}

fn date_time(s: &str) -> Result<(), String> {
    if s.len() < 20 {
        return Err("less than 20 characters long".into());
    }
    let b = s.as_bytes();
    if b[10] != b't' && b[10] != b'T' {
        return Err("11th character must be t or T".into());
    }
    date(&s[..10]).map_err(|e| format!("invalid date element: {e}"))?;
    time(&s[11..]).map_err(|e| format!("invalid time element: {e}"))
}

/// Go's `url.Parse` for the errors schemas meet; `Ok(true)` for an absolute URL.
fn parse_url(s: &str) -> Result<bool, String> {
    let wrap = |e: String| format!("parse {}: {e}", quote(s));
    if s.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err(wrap("net/url: invalid control character in URL".into()));
    }
    let check_escapes = |part: &str| -> Result<(), String> {
        let b = part.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                let ok = b.len() >= i + 3 && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit();
                if !ok {
                    let end = (i + 3).min(b.len());
                    return Err(format!("invalid URL escape {}", quote(&part[i..end])));
                }
                i += 3;
            } else {
                i += 1;
            }
        }
        Ok(())
    };
    let (rest, frag) = s.split_once('#').unwrap_or((s, ""));
    check_escapes(frag).map_err(wrap)?;
    let mut scheme = "";
    let mut rest = rest;
    for (i, c) in rest.char_indices() {
        match c {
            'a'..='z' | 'A'..='Z' => {}
            '0'..='9' | '+' | '-' | '.' if i > 0 => {}
            ':' => {
                if i == 0 {
                    return Err(wrap("missing protocol scheme".into()));
                }
                scheme = &rest[..i];
                rest = &rest[i + 1..];
                break;
            }
            _ => break,
        }
    }
    let (path_part, query) = rest.split_once('?').unwrap_or((rest, ""));
    check_escapes(query).map_err(wrap)?;
    let mut path = path_part;
    if let Some(after) = path_part.strip_prefix("//").filter(|_| !scheme.is_empty() || path_part.starts_with("//")) {
        let (authority, p) = match after.find('/') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, ""),
        };
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if let Some(i) = host.rfind(':') {
            let port = &host[i + 1..];
            let bracketed = host.starts_with('[');
            if (!bracketed || host[..i].ends_with(']')) && !port.bytes().all(|b| b.is_ascii_digit()) {
                return Err(wrap(format!("invalid port {} after host", quote(&host[i..]))));
            }
        }
        path = p;
    } else if scheme.is_empty() {
        let first = path_part.split('/').next().unwrap_or("");
        if first.contains(':') {
            return Err(wrap("first path segment in URL cannot contain colon".into()));
        }
    }
    check_escapes(path).map_err(wrap)?;
    Ok(!scheme.is_empty())
}

fn uri(s: &str) -> Result<(), String> {
    if parse_url(s)? {
        Ok(())
    } else {
        Err("relative url".into())
    }
}

fn uri_reference(s: &str) -> Result<(), String> {
    if s.contains('\\') {
        return Err("contains \\".into());
    }
    parse_url(s).map(|_| ())
}

/// Go's `regexp.Compile` errors for the usual mistakes (the `regex` crate finds them; the texts
/// are Go's `regexp/syntax` ones).
fn regex(s: &str) -> Result<(), String> {
    super::compile::go_regex(s).map(|_| ()).map_err(|e| {
        let detail = e.lines().last().unwrap_or("").trim().trim_start_matches("error: ").to_string();
        let code = match detail.as_str() {
            "unclosed group" => format!("missing closing ): `{s}`"),
            "unopened group" => format!("unexpected ): `{s}`"),
            "unclosed character class" => format!("missing closing ]: `{}`", &s[s.rfind('[').unwrap_or(0)..]),
            "repetition operator missing expression" => "missing argument to repetition operator".to_string(),
            _ => detail,
        };
        format!("error parsing regexp: {code}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let ok = |f: &str, s: &str| Format::named(f).unwrap().check(s);
        assert_eq!(ok("uuid", "123e4567-e89b-12d3-a456-426614174000"), Ok(()));
        assert_eq!(ok("uuid", "123e4567"), Err("must have 5 elements".into()));
        assert_eq!(ok("duration", "P1Y2M"), Ok(()));
        assert_eq!(ok("duration", "P1M2Y"), Err("unit 'Y' out of order".into()));
        assert_eq!(ok("ipv4", "256.1.1.1"), Err("decimal must be between 0 and 255".into()));
        assert_eq!(ok("hostname", "-a.com"), Err("label starts with hyphen".into()));
        assert_eq!(ok("email", "a@b.com"), Ok(()));
        assert_eq!(ok("date", "2021-02-29"), Err("parsing time \"2021-02-29\": day out of range".into()));
        assert_eq!(ok("date-time", "2021-02-28T10:00:00Z"), Ok(()));
        assert_eq!(ok("uri", "x/y"), Err("relative url".into()));
        assert_eq!(ok("uri-reference", "#/definitions/a"), Ok(()));
        assert_eq!(ok("uri-reference", "%zz"), Err("parse \"%zz\": invalid URL escape \"%zz\"".into()));
        assert_eq!(ok("regex", "a(b"), Err("error parsing regexp: missing closing ): `a(b`".into()));
        assert_eq!(ok("regex", "a)"), Err("error parsing regexp: unexpected ): `a)`".into()));
        assert!(Format::named("nope").is_none());
    }
}
