//! Go's `fmt` printing of template values: `Sprint`, `Sprintln`, `Sprintf` with Go's verbs,
//! flags, widths and precisions, and its error forms (`%!d(float64=1)`, `%!s(MISSING)`,
//! `%!(EXTRA string=b)`, `%!(NOVERB)`). Maps print as `map[k:v ...]` in key order, slices as
//! `[a b]`, nil as `<nil>`, floats in Go's shortest form (`1e+06`).

use super::fmtnum::{fmt_float, fmt_integer, Flags};
use super::quote::{quote, quote_ascii, quote_bytes, quote_rune};
use super::types::Type;
use super::value::{int_value, Value};

/// `fmt.Sprint`.
pub fn sprint(args: &[Value]) -> String {
    let mut p = Printer::default();
    let mut prev_string = false;
    for (i, a) in args.iter().enumerate() {
        let is_string = matches!(a, Value::String(_));
        if i > 0 && !is_string && !prev_string {
            p.buf.push(' ');
        }
        p.print_arg(a, 'v');
        prev_string = is_string;
    }
    p.buf
}

/// `fmt.Sprint` of one value (what an action prints).
pub fn print_one(v: &Value) -> String {
    if let Value::String(s) = v {
        return s.to_string();
    }
    let mut p = Printer::default();
    p.print_arg(v, 'v');
    p.buf
}

/// `fmt.Sprintln`.
pub fn sprintln(args: &[Value]) -> String {
    let mut p = Printer::default();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            p.buf.push(' ');
        }
        p.print_arg(a, 'v');
    }
    p.buf.push('\n');
    p.buf
}

/// `fmt.Sprintf`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut p = Printer::default();
    p.do_printf(format, args);
    p.buf
}

/// `%v` of a value with flags (used by functions such as Sprig's `toString`).
pub fn format_value(v: &Value, verb: char) -> String {
    let mut p = Printer::default();
    p.print_arg(v, verb);
    p.buf
}

#[derive(Default)]
struct Printer {
    buf: String,
    f: Flags,
}

fn too_large(x: i128) -> bool {
    !(-1_000_000..=1_000_000).contains(&x)
}

fn parse_num(s: &[u8], start: usize, end: usize) -> (Option<usize>, usize) {
    let mut num: i128 = 0;
    let mut isnum = false;
    let mut i = start;
    while i < end && s[i].is_ascii_digit() {
        if too_large(num) {
            return (None, end);
        }
        num = num * 10 + (s[i] - b'0') as i128;
        isnum = true;
        i += 1;
    }
    (if isnum { Some(num as usize) } else { None }, i)
}

impl Printer {
    fn arg_number(&mut self, arg_num: usize, format: &[u8], i: usize, num_args: usize, good: &mut bool, reordered: &mut bool) -> (usize, usize, bool) {
        if format.len() <= i || format[i] != b'[' {
            return (arg_num, i, false);
        }
        *reordered = true;
        let rest = &format[i..];
        // parseArgNumber
        let (index, wid, ok) = 'p: {
            if rest.len() < 3 {
                break 'p (0i128, 1usize, false);
            }
            for j in 1..rest.len() {
                if rest[j] == b']' {
                    let (n, newi) = parse_num(rest, 1, j);
                    match n {
                        Some(n) if newi == j => break 'p (n as i128 - 1, j + 1, true),
                        _ => break 'p (0, j + 1, false),
                    }
                }
            }
            (0, 1, false)
        };
        if ok && index >= 0 && (index as usize) < num_args {
            return (index as usize, i + wid, true);
        }
        *good = false;
        (arg_num, i + wid, ok)
    }

    fn int_from_arg(args: &[Value], arg_num: usize) -> (Option<i128>, usize) {
        if arg_num >= args.len() {
            return (None, arg_num);
        }
        let n = match &args[arg_num] {
            Value::Int(i, t) => Some(int_value(*i, *t)),
            _ => None,
        };
        let n = n.filter(|n| !too_large(*n));
        (n, arg_num + 1)
    }

    fn do_printf(&mut self, format: &str, args: &[Value]) {
        let fb = format.as_bytes();
        let end = fb.len();
        let mut arg_num = 0usize;
        let mut after_index;
        let mut reordered = false;
        let mut i = 0usize;
        'outer: while i < end {
            let mut good = true;
            let last = i;
            while i < end && fb[i] != b'%' {
                i += 1;
            }
            if i > last {
                self.buf.push_str(&format[last..i]);
            }
            if i >= end {
                break;
            }
            i += 1;
            self.f = Flags::default();
            while i < end {
                let c = fb[i];
                match c {
                    b'#' => self.f.sharp = true,
                    b'0' => self.f.zero = true,
                    b'+' => self.f.plus = true,
                    b'-' => self.f.minus = true,
                    b' ' => self.f.space = true,
                    _ => {
                        if c.is_ascii_lowercase() && arg_num < args.len() {
                            if c == b'v' {
                                self.f.sharp_v = self.f.sharp;
                                self.f.sharp = false;
                                self.f.plus_v = self.f.plus;
                                self.f.plus = false;
                            }
                            self.print_arg(&args[arg_num], c as char);
                            arg_num += 1;
                            i += 1;
                            continue 'outer;
                        }
                        break;
                    }
                }
                i += 1;
            }
            (arg_num, i, after_index) = self.arg_number(arg_num, fb, i, args.len(), &mut good, &mut reordered);
            if i < end && fb[i] == b'*' {
                i += 1;
                let (n, a) = Self::int_from_arg(args, arg_num);
                arg_num = a;
                match n {
                    Some(n) => {
                        if n < 0 {
                            self.f.minus = true;
                            self.f.zero = false;
                        }
                        self.f.wid = Some(n.unsigned_abs() as usize);
                    }
                    None => {
                        self.f.wid = None;
                        self.buf.push_str("%!(BADWIDTH)");
                    }
                }
                after_index = false;
            } else {
                let (w, ni) = parse_num(fb, i, end);
                self.f.wid = w;
                i = ni;
                if after_index && w.is_some() {
                    good = false;
                }
            }
            if i + 1 < end && fb[i] == b'.' {
                i += 1;
                if after_index {
                    good = false;
                }
                (arg_num, i, after_index) = self.arg_number(arg_num, fb, i, args.len(), &mut good, &mut reordered);
                if i < end && fb[i] == b'*' {
                    i += 1;
                    let (n, a) = Self::int_from_arg(args, arg_num);
                    arg_num = a;
                    match n {
                        Some(n) if n >= 0 => self.f.prec = Some(n as usize),
                        Some(_) => self.f.prec = None,
                        None => {
                            self.f.prec = None;
                            self.buf.push_str("%!(BADPREC)");
                        }
                    }
                    after_index = false;
                } else {
                    let (p, ni) = parse_num(fb, i, end);
                    i = ni;
                    self.f.prec = Some(p.unwrap_or(0));
                }
            }
            if !after_index {
                (arg_num, i, _) = self.arg_number(arg_num, fb, i, args.len(), &mut good, &mut reordered);
            }
            if i >= end {
                self.buf.push_str("%!(NOVERB)");
                break;
            }
            let verb = format[i..].chars().next().unwrap_or('?');
            i += verb.len_utf8();
            if verb == '%' {
                self.buf.push('%');
            } else if !good {
                self.buf.push_str(&format!("%!{verb}(BADINDEX)"));
            } else if arg_num >= args.len() {
                self.buf.push_str(&format!("%!{verb}(MISSING)"));
            } else {
                if verb == 'v' {
                    self.f.sharp_v = self.f.sharp;
                    self.f.sharp = false;
                    self.f.plus_v = self.f.plus;
                    self.f.plus = false;
                }
                self.print_arg(&args[arg_num], verb);
                arg_num += 1;
            }
        }
        if !reordered && arg_num < args.len() {
            self.f = Flags::default();
            self.buf.push_str("%!(EXTRA ");
            for (k, a) in args[arg_num..].iter().enumerate() {
                if k > 0 {
                    self.buf.push_str(", ");
                }
                if a.is_nil() {
                    self.buf.push_str("<nil>");
                } else {
                    self.buf.push_str(a.type_name());
                    self.buf.push('=');
                    self.print_arg(a, 'v');
                }
            }
            self.buf.push(')');
        }
    }

    fn bad_verb(&mut self, v: &Value, verb: char) {
        self.buf.push_str("%!");
        self.buf.push(verb);
        self.buf.push('(');
        if v.is_nil() {
            self.buf.push_str("<nil>");
        } else {
            self.buf.push_str(v.type_name());
            self.buf.push('=');
            self.print_value(v, 'v', 0);
        }
        self.buf.push(')');
    }

    /// `printArg`: top-level value.
    fn print_arg(&mut self, v: &Value, verb: char) {
        if v.is_nil() {
            match verb {
                'T' | 'v' => {
                    let f = self.f;
                    f.pad(&mut self.buf, "<nil>");
                }
                _ => self.bad_verb(v, verb),
            }
            return;
        }
        if verb == 'T' {
            self.fmt_s(v.type_name());
            return;
        }
        self.print_value(v, verb, 0);
    }

    fn fmt_s(&mut self, s: &str) {
        let s = match self.f.prec {
            Some(p) => s.chars().take(p).collect::<String>(),
            None => s.to_string(),
        };
        let f = self.f;
        f.pad(&mut self.buf, &s);
    }

    fn fmt_string(&mut self, v: &Value, s: &str, verb: char) {
        match verb {
            'v' if self.f.sharp_v => self.fmt_q(s),
            'v' | 's' => self.fmt_s(s),
            'x' | 'X' => self.fmt_sbx(s.as_bytes(), verb == 'X'),
            'q' => self.fmt_q(s),
            _ => self.bad_verb(v, verb),
        }
    }

    fn fmt_q(&mut self, s: &str) {
        let s: String = match self.f.prec {
            Some(p) => s.chars().take(p).collect(),
            None => s.to_string(),
        };
        let q = if self.f.sharp && !s.contains('`') && s.chars().all(|c| c == '\t' || !(c.is_control() || c == '\u{feff}')) {
            format!("`{s}`")
        } else if self.f.plus {
            quote_ascii(&s)
        } else {
            quote(&s)
        };
        let f = self.f;
        f.pad(&mut self.buf, &q);
    }

    fn fmt_sbx(&mut self, b: &[u8], upper: bool) {
        let digits: &[u8; 16] = if upper { b"0123456789ABCDEF" } else { b"0123456789abcdef" };
        let len = match self.f.prec {
            Some(p) if p < b.len() => p,
            _ => b.len(),
        };
        let b = &b[..len];
        let mut s = String::new();
        if b.is_empty() {
            let f = self.f;
            f.pad(&mut self.buf, "");
            return;
        }
        for (i, c) in b.iter().enumerate() {
            if self.f.space && i > 0 {
                s.push(' ');
            }
            if self.f.sharp && (self.f.space || i == 0) {
                s.push('0');
                s.push(if upper { 'X' } else { 'x' });
            }
            s.push(digits[(c >> 4) as usize] as char);
            s.push(digits[(c & 0xF) as usize] as char);
        }
        let f = self.f;
        f.pad(&mut self.buf, &s);
    }

    fn fmt_int(&mut self, v: &Value, i: i128, verb: char) {
        let f = self.f;
        match verb {
            'v' | 'd' => fmt_integer(&mut self.buf, &f, i, 10, verb, false),
            'b' => fmt_integer(&mut self.buf, &f, i, 2, verb, false),
            'o' | 'O' => fmt_integer(&mut self.buf, &f, i, 8, verb, false),
            'x' => fmt_integer(&mut self.buf, &f, i, 16, verb, false),
            'X' => fmt_integer(&mut self.buf, &f, i, 16, verb, true),
            'c' => {
                let c = u32::try_from(i).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}');
                f.pad(&mut self.buf, &c.to_string());
            }
            'q' => {
                let q = quote_rune(i, f.plus);
                f.pad(&mut self.buf, &q);
            }
            'U' => {
                // Go formats the value's bits as a uint64, zero-padded to the precision (4+).
                let u = i as u64;
                let prec = f.prec.filter(|p| *p > 4).unwrap_or(4);
                let mut s = format!("U+{:0prec$X}", u);
                if f.sharp {
                    if let Some(c) = u32::try_from(u).ok().and_then(char::from_u32).filter(|c| super::quote::is_print(*c)) {
                        s.push_str(&format!(" '{c}'"));
                    }
                }
                let mut f2 = f;
                f2.zero = false;
                f2.pad(&mut self.buf, &s);
            }
            _ => self.bad_verb(v, verb),
        }
    }

    fn print_value(&mut self, v: &Value, verb: char, depth: usize) {
        super::deep(|| self.print_value_inner(v, verb, depth))
    }

    fn print_value_inner(&mut self, v: &Value, verb: char, depth: usize) {
        let f = self.f;
        match v {
            Value::Nil => {
                if f.sharp_v {
                    self.buf.push_str("interface {}(nil)");
                } else {
                    self.buf.push_str("<nil>");
                }
            }
            Value::Bool(b) => match verb {
                't' | 'v' => f.pad(&mut self.buf, if *b { "true" } else { "false" }),
                _ => self.bad_verb(v, verb),
            },
            Value::Int(i, t) => self.fmt_int(v, int_value(*i, *t), verb),
            Value::Float(x) => match verb {
                'v' => fmt_float(&mut self.buf, &f, *x, 'g', None),
                'b' | 'g' | 'G' | 'x' | 'X' => {
                    let vb = if f.sharp_v { 'g' } else { verb };
                    fmt_float(&mut self.buf, &f, *x, vb, None)
                }
                'f' | 'e' | 'E' | 'F' => fmt_float(&mut self.buf, &f, *x, verb, Some(6)),
                _ => self.bad_verb(v, verb),
            },
            Value::Complex(re, im) => match verb {
                'v' | 'b' | 'g' | 'G' | 'x' | 'X' | 'f' | 'F' | 'e' | 'E' => {
                    // Each part is a float printed with the flags (the width applies to each).
                    let part = |buf: &mut String, x: f64, fl: &Flags| match verb {
                        'v' => fmt_float(buf, fl, x, 'g', None),
                        'b' | 'g' | 'G' | 'x' | 'X' => fmt_float(buf, fl, x, if fl.sharp_v { 'g' } else { verb }, None),
                        _ => fmt_float(buf, fl, x, verb, Some(6)),
                    };
                    self.buf.push('(');
                    part(&mut self.buf, *re, &f);
                    let mut im_flags = f;
                    im_flags.plus = true;
                    part(&mut self.buf, *im, &im_flags);
                    self.buf.push_str("i)");
                }
                _ => self.bad_verb(v, verb),
            },
            Value::String(s) => self.fmt_string(v, s, verb),
            Value::Bytes(b) => self.fmt_bytes(b, verb),
            Value::Object(o) => {
                if f.sharp_v {
                    self.buf.push_str(&o.fmt_struct(true));
                    return;
                }
                if matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') {
                    if let Some(s) = o.string() {
                        self.fmt_string(&Value::from(s.clone()), &s, verb);
                        return;
                    }
                }
                if let Some(i) = o.as_int() {
                    // A named integer type (`time.Month`) prints as its integer.
                    self.fmt_int(v, i as i128, verb);
                    return;
                }
                if depth == 0 && o.type_name().starts_with('*') {
                    self.buf.push('&');
                }
                self.buf.push_str(&o.fmt_struct(f.plus_v));
            }
            Value::Map(m) => {
                if f.sharp_v {
                    self.buf.push_str(m.ty.name());
                    if m.nil {
                        self.buf.push_str("(nil)");
                        return;
                    }
                    self.buf.push('{');
                } else {
                    self.buf.push_str("map[");
                }
                let boxed = m.elem() == Type::Any;
                let entries = m.entries();
                for (i, (k, val)) in entries.iter().enumerate() {
                    if i > 0 {
                        if f.sharp_v {
                            self.buf.push_str(", ");
                        } else {
                            self.buf.push(' ');
                        }
                    }
                    self.fmt_string(&Value::String(k.clone()), k, verb);
                    self.buf.push(':');
                    self.print_elem(val, boxed, verb, depth);
                }
                self.buf.push(if f.sharp_v { '}' } else { ']' });
            }
            Value::List(l) => {
                if f.sharp_v {
                    self.buf.push_str(l.ty.name());
                    if l.nil {
                        self.buf.push_str("(nil)");
                        return;
                    }
                    self.buf.push('{');
                    for (i, item) in l.items.iter().enumerate() {
                        if i > 0 {
                            self.buf.push_str(", ");
                        }
                        self.print_elem(item, l.ty.elem() == Some(Type::Any), verb, depth);
                    }
                    self.buf.push('}');
                } else {
                    self.buf.push('[');
                    for (i, item) in l.items.iter().enumerate() {
                        if i > 0 {
                            self.buf.push(' ');
                        }
                        self.print_elem(item, l.ty.elem() == Some(Type::Any), verb, depth);
                    }
                    self.buf.push(']');
                }
            }
        }
    }

    /// An element of a map or slice; `boxed` when the element type is `interface {}`.
    fn print_elem(&mut self, v: &Value, boxed: bool, verb: char, depth: usize) {
        if v.is_nil() {
            if self.f.sharp_v {
                self.buf.push_str("interface {}(nil)");
            } else if boxed {
                self.buf.push_str("<nil>");
            } else {
                self.bad_verb(v, verb);
            }
            return;
        }
        self.print_value(v, verb, depth + 1);
    }

    fn fmt_bytes(&mut self, b: &[u8], verb: char) {
        let f = self.f;
        match verb {
            'v' | 'd' => {
                if f.sharp_v {
                    self.buf.push_str("[]byte{");
                    let mut hex = f;
                    hex.sharp = true;
                    for (i, c) in b.iter().enumerate() {
                        if i > 0 {
                            self.buf.push_str(", ");
                        }
                        fmt_integer(&mut self.buf, &hex, *c as i128, 16, 'v', false);
                    }
                    self.buf.push('}');
                    return;
                }
                self.buf.push('[');
                for (i, c) in b.iter().enumerate() {
                    if i > 0 {
                        self.buf.push(' ');
                    }
                    fmt_integer(&mut self.buf, &f, *c as i128, 10, verb, false);
                }
                self.buf.push(']');
            }
            's' => {
                let s = String::from_utf8_lossy(b).into_owned();
                self.fmt_s(&s);
            }
            'x' | 'X' => self.fmt_sbx(b, verb == 'X'),
            'q' => match std::str::from_utf8(b) {
                Ok(s) => self.fmt_q(s),
                Err(_) => {
                    let q = quote_bytes(b);
                    f.pad(&mut self.buf, &q);
                }
            },
            _ => {
                // Each byte printed with the verb, as for any slice.
                self.buf.push('[');
                for (i, c) in b.iter().enumerate() {
                    if i > 0 {
                        self.buf.push(' ');
                    }
                    self.fmt_int(&Value::Int(*c as i64, super::types::IntTy::Uint8), *c as i128, verb);
                }
                self.buf.push(']');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::from(x)
    }

    #[test]
    fn sprintf_like_go() {
        let i = Value::int;
        assert_eq!(sprintf("%d-%d", &[i(2), i(1)]), "2-1");
        assert_eq!(sprintf("%d", &[Value::Float(4.0)]), "%!d(float64=4)");
        assert_eq!(sprintf("%s", &[Value::Nil]), "%!s(<nil>)");
        assert_eq!(sprintf("%s %s", &[s("a")]), "a %!s(MISSING)");
        assert_eq!(sprintf("%s", &[s("a"), s("b")]), "a%!(EXTRA string=b)");
        assert_eq!(sprintf("abc%", &[]), "abc%!(NOVERB)");
        assert_eq!(sprintf("%[2]s-%[1]s", &[s("a"), s("b")]), "b-a");
        assert_eq!(sprintf("[%*d]", &[i(5), i(42)]), "[   42]");
        assert_eq!(sprintf("[%-5s]", &[s("ab")]), "[ab   ]");
        assert_eq!(sprintf("%q", &[i(65)]), "'A'");
        assert_eq!(sprintf("%+q", &[s("é")]), "\"\\u00e9\"");
        assert_eq!(sprintf("%x", &[s("hi")]), "6869");
        assert_eq!(sprintf("%05d", &[i(42)]), "00042");
        assert_eq!(sprintf("%v", &[Value::Float(1e6)]), "1e+06");
        assert_eq!(sprintf("%.1f", &[Value::Float(4.0)]), "4.0");
        assert_eq!(sprintf("%T %T", &[Value::Nil, Value::list(vec![])]), "<nil> []interface {}");
        assert_eq!(sprintf("%#v", &[Value::list(vec![i(1), s("a")])]), "[]interface {}{1, \"a\"}");
        assert_eq!(sprintf("%d", &[Value::list(vec![i(1), s("a")])]), "[1 %!d(string=a)]");
        assert_eq!(sprint(&[s("a"), i(1), i(2), s("b"), i(3)]), "a1 2b3");
        assert_eq!(sprint(&[Value::list(vec![i(1), Value::Nil])]), "[1 <nil>]");
        assert_eq!(sprint(&[Value::Complex(0.0, 1.0)]), "(0+1i)");
    }
}
