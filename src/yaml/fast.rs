//! A fast scanner for the YAML most files are written in: block mappings and sequences of
//! single-line plain and quoted scalars, `|` and `>` block scalars, empty flow collections and
//! comments. It yields the same events libyaml yields for such input, a whole document at a
//! time, at a fraction of the cost; at the first thing outside that subset (anchors, tags, flow
//! collections with content, multi-line flow scalars, tabs in structure, document markers, odd
//! characters, anything libyaml would reject) it gives up and the caller reads the input with
//! libyaml from the start, so errors and rare constructs are always libyaml's.

use super::read::Event;
use libyaml_safer::{Encoding, EventData, MappingStyle, ScalarStyle, SequenceStyle};

/// The events of `data` (a whole stream holding one non-empty document), or `None` when the
/// input is not in the subset. `data` ends with a line break (the reader pads it).
pub(super) fn events(data: &[u8]) -> Option<Vec<Event>> {
    if !plain_text(data) {
        return None;
    }
    let mut s = Scan { s: data, pos: 0, line: 0, ev: Vec::with_capacity(data.len() / 16), stack: Vec::new() };
    s.push(EventData::StreamStart { encoding: Encoding::Utf8 });
    s.push(EventData::DocumentStart { version_directive: None, tag_directives: Vec::new(), implicit: true });
    s.document()?;
    s.push(EventData::DocumentEnd { implicit: true });
    s.push(EventData::StreamEnd);
    Some(s.ev)
}

/// No carriage returns, control characters, byte order marks or characters libyaml treats as
/// line breaks (NEL, LS, PS) or refuses (C1 controls, U+FFFE, U+FFFF); valid UTF-8.
fn plain_text(data: &[u8]) -> bool {
    if data.iter().any(|&b| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f) {
        return false;
    }
    if data.is_ascii() {
        return true;
    }
    match std::str::from_utf8(data) {
        Ok(s) => !s.chars().any(|c| matches!(c, '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')),
        Err(_) => false,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Map,
    Seq,
    /// A sequence at its mapping's own indentation (`key:` then `- item` lines).
    IndentlessSeq,
}

struct Scan<'a> {
    s: &'a [u8],
    pos: usize,
    /// 0-based line of `pos`.
    line: u64,
    ev: Vec<Event>,
    stack: Vec<(Kind, usize)>,
}

/// What the last line left open.
enum After {
    /// A value that may continue on more indented lines (`key:` or `-` with nothing after it);
    /// the indentation of its collection.
    Pending(usize),
    /// A complete value; the next line may not be indented deeper than this.
    Done(usize),
}

fn is_blankz(b: Option<&u8>) -> bool {
    matches!(b, None | Some(b' ' | b'\n'))
}

impl<'a> Scan<'a> {
    fn push(&mut self, data: EventData) {
        self.ev.push(Event { data, line: self.line as usize + 1, end_index: self.pos as u64 });
    }

    fn scalar(&mut self, value: String, style: ScalarStyle) {
        let plain = style == ScalarStyle::Plain;
        self.push(EventData::Scalar { anchor: None, tag: None, value, plain_implicit: plain, quoted_implicit: !plain, style });
    }

    fn open(&mut self, kind: Kind, indent: usize) {
        self.stack.push((kind, indent));
        self.push(match kind {
            Kind::Map => EventData::MappingStart { anchor: None, tag: None, implicit: true, style: MappingStyle::Block },
            _ => EventData::SequenceStart { anchor: None, tag: None, implicit: true, style: SequenceStyle::Block },
        });
    }

    fn close(&mut self) {
        if let Some((kind, _)) = self.stack.pop() {
            self.push(if kind == Kind::Map { EventData::MappingEnd } else { EventData::SequenceEnd });
        }
    }

    /// The end of the line starting at `from` (the index of its `\n`).
    fn eol(&self, from: usize) -> usize {
        memchr::memchr(b'\n', &self.s[from..]).map_or(self.s.len(), |i| from + i)
    }

    fn next_line(&mut self, eol: usize) {
        self.pos = (eol + 1).min(self.s.len());
        self.line += 1;
    }

    /// Skips blank and comment-only lines; returns the indentation of the next content line
    /// (`pos` at its start), `Some(None)` at the end of the input, `None` for a tab before
    /// content.
    fn skip_blank(&mut self) -> Option<Option<usize>> {
        loop {
            if self.pos >= self.s.len() {
                return Some(None);
            }
            let indent = self.s[self.pos..].iter().take_while(|&&b| b == b' ').count();
            match self.s.get(self.pos + indent) {
                None => {
                    self.pos = self.s.len();
                    return Some(None);
                }
                Some(b'\n') => {}
                Some(b'#') => {}
                Some(b'\t') => return None,
                Some(_) => return Some(Some(indent)),
            }
            let eol = self.eol(self.pos + indent);
            self.next_line(eol);
        }
    }

    fn document(&mut self) -> Option<()> {
        let mut after = After::Pending(usize::MAX);
        let mut started = false;
        loop {
            let Some(indent) = self.skip_blank()? else { break };
            let c = self.pos + indent;
            let rest = &self.s[c..];
            if indent == 0 && (rest.starts_with(b"---") || rest.starts_with(b"...")) && is_blankz(rest.get(3)) {
                return None;
            }
            let dash = rest[0] == b'-' && is_blankz(rest.get(1));
            match after {
                After::Pending(p) if p == usize::MAX || indent > p => {
                    if started && p == usize::MAX {
                        return None;
                    }
                    started = true;
                    after = self.node(p, indent, c)?;
                    continue;
                }
                After::Pending(p) => {
                    let indentless = dash && indent == p && matches!(self.stack.last(), Some((Kind::Map, i)) if *i == p);
                    if indentless {
                        self.open(Kind::IndentlessSeq, indent);
                        after = self.item(indent, c)?;
                        continue;
                    }
                    self.scalar(String::new(), ScalarStyle::Plain);
                }
                After::Done(p) if p != usize::MAX && indent > p => return None,
                After::Done(_) => {}
            }
            while matches!(self.stack.last(), Some((_, i)) if *i > indent) {
                self.close();
            }
            if matches!(self.stack.last(), Some((Kind::IndentlessSeq, _))) && !dash {
                self.close();
            }
            after = match self.stack.last() {
                Some((Kind::Map, i)) if *i == indent => self.entry(indent, c)?,
                Some((Kind::Seq | Kind::IndentlessSeq, i)) if *i == indent && dash => self.item(indent, c)?,
                _ => return None,
            };
        }
        if !started {
            return None;
        }
        if let After::Pending(_) = after {
            self.scalar(String::new(), ScalarStyle::Plain);
        }
        while !self.stack.is_empty() {
            self.close();
        }
        Some(())
    }

    /// A node on a line of its own at column `col` (byte `c`), in a collection at column
    /// `parent` (`usize::MAX` for the document's root): a block collection, or a value.
    fn node(&mut self, parent: usize, col: usize, c: usize) -> Option<After> {
        if self.s[c] == b'-' && is_blankz(self.s.get(c + 1)) {
            self.open(Kind::Seq, col);
            return self.item(col, c);
        }
        if self.key_end(c).is_some() {
            self.open(Kind::Map, col);
            return self.entry(col, c);
        }
        match parent {
            usize::MAX => None,
            p => self.value(p, c),
        }
    }

    /// A sequence item: `-` at column `col` (byte `c`).
    fn item(&mut self, col: usize, c: usize) -> Option<After> {
        let start = c + 1;
        let spaces = self.s[start..].iter().take_while(|&&b| b == b' ').count();
        let v = start + spaces;
        match self.s.get(v) {
            None | Some(b'\n') => {
                self.next_line(v);
                return Some(After::Pending(col));
            }
            Some(b'#') if spaces > 0 => {
                let eol = self.eol(v);
                self.next_line(eol);
                return Some(After::Pending(col));
            }
            _ => {}
        }
        let vcol = col + 1 + spaces;
        if self.s[v] == b'-' && is_blankz(self.s.get(v + 1)) {
            self.open(Kind::Seq, vcol);
            return self.item(vcol, v);
        }
        if self.key_end(v).is_some() {
            self.open(Kind::Map, vcol);
            return self.entry(vcol, v);
        }
        self.value(col, v)
    }

    /// Where a mapping key starting at `c` ends and its `:` is, if the line is `KEY: ...`.
    fn key_end(&self, c: usize) -> Option<(usize, usize)> {
        let s = self.s;
        match s[c] {
            q @ (b'"' | b'\'') => {
                let close = self.quoted_end(c, q)?;
                let mut i = close + 1;
                while s.get(i) == Some(&b' ') {
                    i += 1;
                }
                (i - c < 1000 && s.get(i) == Some(&b':') && is_blankz(s.get(i + 1))).then_some((close + 1, i))
            }
            _ => {
                if !plain_start(s, c) {
                    return None;
                }
                let eol = self.eol(c);
                let mut i = c;
                while i < eol {
                    match s[i] {
                        b':' if is_blankz(s.get(i + 1)) => {
                            let mut end = i;
                            while s[end - 1] == b' ' {
                                end -= 1;
                            }
                            return (i - c < 1000).then_some((end, i));
                        }
                        b'#' if s[i - 1] == b' ' => return None,
                        b'\t' => return None,
                        _ => {}
                    }
                    i += 1;
                }
                None
            }
        }
    }

    /// A mapping entry at column `col` (byte `c`): `KEY:` and its value.
    fn entry(&mut self, col: usize, c: usize) -> Option<After> {
        let (kend, colon) = self.key_end(c)?;
        let key = match self.s[c] {
            q @ (b'"' | b'\'') => self.quoted(c, kend - 1, q)?,
            _ => std::str::from_utf8(&self.s[c..kend]).ok()?.to_string(),
        };
        let style = match self.s[c] {
            b'"' => ScalarStyle::DoubleQuoted,
            b'\'' => ScalarStyle::SingleQuoted,
            _ => ScalarStyle::Plain,
        };
        self.scalar(key, style);
        let start = colon + 1;
        let spaces = self.s[start..].iter().take_while(|&&b| b == b' ').count();
        let v = start + spaces;
        match self.s.get(v) {
            None | Some(b'\n') => {
                self.next_line(v);
                Some(After::Pending(col))
            }
            Some(b'#') if spaces > 0 => {
                let eol = self.eol(v);
                self.next_line(eol);
                Some(After::Pending(col))
            }
            _ => self.value(col, v),
        }
    }

    /// A value on the line after `key: ` or `- ` (byte `v`), or on a line of its own after
    /// `key:`, in a collection at column `col`.
    fn value(&mut self, col: usize, v: usize) -> Option<After> {
        let s = self.s;
        let end = match s[v] {
            q @ (b'"' | b'\'') => {
                let close = self.quoted_end(v, q)?;
                let text = self.quoted(v, close, q)?;
                self.scalar(text, if q == b'"' { ScalarStyle::DoubleQuoted } else { ScalarStyle::SingleQuoted });
                close + 1
            }
            b'|' | b'>' => return self.block_scalar(col, v),
            b'[' => self.flow_seq(v)?,
            b'{' => {
                let i = v + 1 + s[v + 1..].iter().take_while(|&&b| b == b' ').count();
                if s.get(i) != Some(&b'}') {
                    return None;
                }
                self.push(EventData::MappingStart { anchor: None, tag: None, implicit: true, style: MappingStyle::Flow });
                self.push(EventData::MappingEnd);
                i + 1
            }
            _ => return self.plain(col, v),
        };
        self.rest_of_line(end)?;
        Some(After::Done(col))
    }

    /// A flow sequence of scalars on one line, `[a, 'b', "c"]`, opening at `v`; returns the
    /// byte after its `]`.
    fn flow_seq(&mut self, v: usize) -> Option<usize> {
        let s = self.s;
        self.push(EventData::SequenceStart { anchor: None, tag: None, implicit: true, style: SequenceStyle::Flow });
        let skip = |i: usize| i + s[i..].iter().take_while(|&&b| b == b' ').count();
        let mut i = skip(v + 1);
        if s.get(i) != Some(&b']') {
            loop {
                match *s.get(i)? {
                    q @ (b'"' | b'\'') => {
                        let close = self.quoted_end(i, q)?;
                        let text = self.quoted(i, close, q)?;
                        self.scalar(text, if q == b'"' { ScalarStyle::DoubleQuoted } else { ScalarStyle::SingleQuoted });
                        i = skip(close + 1);
                    }
                    _ => {
                        if !plain_start(s, i) {
                            return None;
                        }
                        let mut j = i;
                        while !matches!(s[j], b',' | b']') {
                            if matches!(s[j], b':' | b'#' | b'[' | b'{' | b'}' | b'\t' | b'\n') {
                                return None;
                            }
                            j += 1;
                        }
                        let mut t = j;
                        while s[t - 1] == b' ' {
                            t -= 1;
                        }
                        self.scalar(std::str::from_utf8(&s[i..t]).ok()?.to_string(), ScalarStyle::Plain);
                        i = j;
                    }
                }
                match s.get(i) {
                    Some(b']') => break,
                    Some(b',') => {
                        i = skip(i + 1);
                        if matches!(s.get(i), Some(b']' | b',')) {
                            return None;
                        }
                    }
                    _ => return None,
                }
            }
        }
        self.push(EventData::SequenceEnd);
        Some(i + 1)
    }

    /// A plain scalar starting at `v` in a collection at column `col`, with its continuation
    /// lines (indented deeper than `col`), folded as libyaml folds them.
    fn plain(&mut self, col: usize, v: usize) -> Option<After> {
        let s = self.s;
        if !plain_start(s, v) {
            return None;
        }
        let (t, comment) = plain_line(s, v, self.eol(v))?;
        let mut text = std::str::from_utf8(&s[v..t]).ok()?.to_string();
        if comment {
            self.scalar(text, ScalarStyle::Plain);
            self.rest_of_line(t)?;
            return Some(After::Done(col));
        }
        let mut eol = self.eol(t);
        self.next_line(eol);
        // Continuation lines: blank lines fold to line breaks, other breaks to a space.
        loop {
            let (save_pos, save_line) = (self.pos, self.line);
            let mut breaks = 0usize;
            let indent = loop {
                if self.pos >= s.len() {
                    break None;
                }
                let n = s[self.pos..].iter().take_while(|&&b| b == b' ').count();
                match s.get(self.pos + n) {
                    Some(b'\n') => {
                        breaks += 1;
                        self.next_line(self.pos + n);
                    }
                    Some(b'\t') => return None,
                    None => break None,
                    Some(_) => break Some(n),
                }
            };
            let c = match indent {
                Some(n) if n > col => self.pos + n,
                _ => {
                    (self.pos, self.line) = (save_pos, save_line);
                    break;
                }
            };
            if s[c] == b'#' {
                (self.pos, self.line) = (save_pos, save_line);
                break;
            }
            if !plain_start(s, c) {
                return None;
            }
            eol = self.eol(c);
            let (t, comment) = plain_line(s, c, eol)?;
            if comment {
                return None;
            }
            if breaks == 0 {
                text.push(' ');
            } else {
                text.extend(std::iter::repeat_n('\n', breaks));
            }
            text.push_str(std::str::from_utf8(&s[c..t]).ok()?);
            self.next_line(eol);
        }
        self.scalar(text, ScalarStyle::Plain);
        Some(After::Done(col))
    }

    /// After a value: only spaces and a comment may follow on its line.
    fn rest_of_line(&mut self, from: usize) -> Option<()> {
        let s = self.s;
        let spaces = s[from..].iter().take_while(|&&b| b == b' ').count();
        let i = from + spaces;
        match s.get(i) {
            None | Some(b'\n') => {}
            Some(b'#') if spaces > 0 => {}
            _ => return None,
        }
        let eol = self.eol(i);
        self.next_line(eol);
        Some(())
    }

    /// The closing quote of a quoted scalar opening at `c`, on the same line.
    fn quoted_end(&self, c: usize, q: u8) -> Option<usize> {
        let s = self.s;
        let mut i = c + 1;
        loop {
            match *s.get(i)? {
                b'\n' => return None,
                b'\\' if q == b'"' => i += 2,
                b if b == q => {
                    if q == b'\'' && s.get(i + 1) == Some(&b'\'') {
                        i += 2;
                    } else {
                        return Some(i);
                    }
                }
                _ => i += 1,
            }
        }
    }

    /// The value of the quoted scalar between `c` and its closing quote `close`.
    fn quoted(&self, c: usize, close: usize, q: u8) -> Option<String> {
        let body = std::str::from_utf8(&self.s[c + 1..close]).ok()?;
        if q == b'\'' {
            return Some(body.replace("''", "'"));
        }
        if !body.contains('\\') {
            return Some(body.to_string());
        }
        let mut out = String::with_capacity(body.len());
        let mut chars = body.chars();
        while let Some(ch) = chars.next() {
            if ch != '\\' {
                out.push(ch);
                continue;
            }
            let e = chars.next()?;
            let width = match e {
                'x' => 2,
                'u' => 4,
                'U' => 8,
                _ => {
                    out.push(match e {
                        '0' => '\0',
                        'a' => '\x07',
                        'b' => '\x08',
                        't' | '\t' => '\t',
                        'n' => '\n',
                        'v' => '\x0b',
                        'f' => '\x0c',
                        'r' => '\r',
                        'e' => '\x1b',
                        ' ' => ' ',
                        '"' => '"',
                        '/' => '/',
                        '\\' => '\\',
                        'N' => '\u{85}',
                        '_' => '\u{a0}',
                        'L' => '\u{2028}',
                        'P' => '\u{2029}',
                        _ => return None,
                    });
                    continue;
                }
            };
            let mut code = 0u32;
            for _ in 0..width {
                code = code * 16 + chars.next()?.to_digit(16)?;
            }
            out.push(char::from_u32(code)?);
        }
        Some(out)
    }

    /// A `|` or `>` block scalar whose header is at byte `v`, in a collection at column `col`.
    fn block_scalar(&mut self, col: usize, v: usize) -> Option<After> {
        let s = self.s;
        let folded = s[v] == b'>';
        let mut i = v + 1;
        let chomp = match s.get(i) {
            Some(b'-') => {
                i += 1;
                b'-'
            }
            Some(b'+') => {
                i += 1;
                b'+'
            }
            _ => b' ',
        };
        if s.get(i).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let spaces = s[i..].iter().take_while(|&&b| b == b' ').count();
        match s.get(i + spaces) {
            Some(b'\n') => {}
            Some(b'#') if spaces > 0 => {}
            _ => return None,
        }
        let eol = self.eol(i);
        self.next_line(eol);
        // Leading empty lines, then the first content line fixes the indentation.
        let mut leading = 0usize;
        let mut max_blank = 0usize;
        let indent = loop {
            if self.pos >= s.len() {
                break 0;
            }
            let n = s[self.pos..].iter().take_while(|&&b| b == b' ').count();
            match s.get(self.pos + n) {
                Some(b'\n') => {
                    max_blank = max_blank.max(n);
                    leading += 1;
                    self.next_line(self.pos + n);
                }
                Some(b'\t') => return None,
                Some(_) => break n,
                None => return None,
            }
        };
        if col == usize::MAX {
            return None;
        }
        if indent <= col {
            // No content line: the scalar is empty (what follows belongs to the collections
            // around it); only `+` keeps the empty lines' breaks.
            let out = if chomp == b'+' { "\n".repeat(leading) } else { String::new() };
            return Some(self.block_done(out, folded, col));
        }
        if max_blank > indent {
            return None;
        }
        let mut out = String::new();
        out.extend(std::iter::repeat_n('\n', leading));
        let mut breaks = 0usize;
        let mut first = true;
        loop {
            // `pos` is at a content line indented by at least `indent`.
            let c = self.pos + indent;
            let eol = self.eol(c);
            let text = std::str::from_utf8(&s[c..eol]).ok()?;
            if folded && matches!(s[c], b' ' | b'\t') {
                return None;
            }
            if !first {
                if folded && breaks == 0 {
                    out.push(' ');
                } else {
                    out.extend(std::iter::repeat_n('\n', breaks + usize::from(!folded)));
                }
            }
            first = false;
            out.push_str(text);
            self.next_line(eol);
            // Empty lines, then either more content or the end of the scalar.
            breaks = 0;
            let more = loop {
                if self.pos >= s.len() {
                    break false;
                }
                let n = s[self.pos..].iter().take_while(|&&b| b == b' ').count();
                match s.get(self.pos + n) {
                    Some(b'\n') if n <= indent => {
                        breaks += 1;
                        self.next_line(self.pos + n);
                    }
                    Some(b'\n') => return None,
                    Some(b'\t') if n < indent => return None,
                    _ if n >= indent => break true,
                    _ => break false,
                }
            };
            if !more {
                break;
            }
        }
        match chomp {
            b'-' => {}
            b'+' => out.extend(std::iter::repeat_n('\n', 1 + breaks)),
            _ => out.push('\n'),
        }
        Some(self.block_done(out, folded, col))
    }

    /// Emits a block scalar whose lines have been read.
    fn block_done(&mut self, out: String, folded: bool, col: usize) -> After {
        let s = self.s;
        let at_end = self.pos >= s.len();
        let style = if folded { ScalarStyle::Folded } else { ScalarStyle::Literal };
        self.scalar(out, style);
        if at_end {
            // The reader takes back a line break it appended when a block scalar runs to the
            // end of the input; libyaml's end mark there counts characters.
            let chars = s.iter().filter(|&&b| (b & 0xc0) != 0x80).count() as u64;
            if let Some(e) = self.ev.last_mut() {
                e.end_index = chars;
            }
        }
        After::Done(col)
    }
}

/// One line of a plain scalar from `v` to `eol`: where its text ends (trailing spaces dropped)
/// and whether a comment follows; `None` at a `: ` (a key: not a value) or a tab.
fn plain_line(s: &[u8], v: usize, eol: usize) -> Option<(usize, bool)> {
    let mut end = eol;
    let mut comment = false;
    for i in v..eol {
        match s[i] {
            b':' if is_blankz(s.get(i + 1)) => return None,
            b'#' if s[i - 1] == b' ' => {
                end = i;
                comment = true;
                break;
            }
            b'\t' => return None,
            _ => {}
        }
    }
    while s[end - 1] == b' ' {
        end -= 1;
    }
    Some((end, comment))
}

/// Whether a plain scalar may start at `c` in block context.
fn plain_start(s: &[u8], c: usize) -> bool {
    match s[c] {
        b'-' | b'?' | b':' => !is_blankz(s.get(c + 1)),
        b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' | b'\t' | b' ' | b'\n' => false,
        _ => true,
    }
}

#[cfg(test)]
#[path = "fast_tests.rs"]
mod tests;
