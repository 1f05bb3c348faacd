//! The fast scanner against libyaml: for every input it accepts, the same events (data, and
//! the end mark of a block scalar that runs to the end of the input).

use super::events;
use libyaml_safer::{EventData, Parser, ScalarStyle};

fn padded(input: &str) -> Vec<u8> {
    let mut v = input.as_bytes().to_vec();
    if !v.ends_with(b"\n") {
        v.push(b'\n');
    }
    v
}

/// libyaml's events, or `None` when libyaml rejects the input.
fn libyaml(data: &[u8]) -> Option<Vec<(EventData, u64)>> {
    let mut p = Parser::new();
    let mut cursor = data;
    p.set_input(&mut cursor);
    let mut out = Vec::new();
    loop {
        let e = p.parse().ok()?;
        let end = matches!(e.data, EventData::StreamEnd);
        out.push((e.data, e.end_mark.index));
        if end {
            return Some(out);
        }
    }
}

/// Asserts the fast events equal libyaml's when the fast scanner accepts `input`; returns
/// whether it did.
fn agrees(input: &str) -> bool {
    let data = padded(input);
    let Some(fast) = events(&data) else { return false };
    let slow = libyaml(&data).unwrap_or_else(|| panic!("the fast scanner accepted what libyaml rejects: {input:?}"));
    let len = slow.len();
    assert_eq!(fast.len(), len, "event count for {input:?}");
    for (f, (s, s_end)) in fast.into_iter().zip(slow) {
        assert_eq!(f.data, s, "events for {input:?}");
        let block = matches!(s, EventData::Scalar { style: ScalarStyle::Literal | ScalarStyle::Folded, .. });
        if block && s_end == data.len() as u64 {
            assert_eq!(f.end_index, s_end, "end mark for {input:?}");
        }
    }
    true
}

const ACCEPTED: &[&str] = &[
    "a: 1\n",
    "a: 1\nb: two words\nc: 'single ''q'''\nd: \"dq \\t \\\\ \\\" \\u00e9 \\x41\"\n",
    "a:\n  b:\n    c: d\n  e: f\ng: h\n",
    "list:\n- a\n- b\nnext: 1\n",
    "list:\n  - a\n  -   b\n  - c: 1\n    d: 2\n  -\n  - - x\n    - y\n",
    "- a\n- b: c\n  d: e\n-\n  f: g\n",
    "a: {}\nb: []\nc: [ ]\nd: { }  # empty\n",
    "# comment\na: 1 # trailing\n  # indented comment\nb: a#b\nc: http://x:8080/y\n",
    "a: |\n  line one\n    indented\n\n  three\nb: 1\n",
    "a: |-\n  x\n\n\nb: 1\n",
    "a: |+\n  x\n\n\nb: 1\n",
    "a: |-\n\n\nb: 1\n",
    "a: |\n\n",
    "a: |+\n\n\nb: 1\n",
    "a: |+\n\n\n",
    "a: >\nb: 1\n",
    "- |\n- x\n",
    "x:\n  a: |\n\n  c: 1\nd: |+\n",
    "x:\n- a: |+\n\n  b: 2\n",
    "a: >\n  folded one\n  folded two\n\n  para\nb: >-\n  x\n",
    "a: |\n\n  after blank\n",
    "a: |\n  at end",
    "a: >+\n  kept\n\n",
    "k: |\n  # not a comment\n  x\n",
    "key with spaces  : value\n\"quoted key\": v\n'sq': v\n",
    "a: -1\nb: -x\nc: ?x\nd: :x\ne: x:y\nf: x]\n",
    "a:\nb:\n  -\n",
    "<<: {}\nx: y\n",
    "émoji: ☃ snow\n",
    "a: \"x # not comment\"\nb: 'x: y'\n",
    "  a: 1\n  b: 2\n",
    "- - - deep\n",
    "a:\n  - b:\n    - c\n  - d\n",
    "a: 'tab\there'\n",
    "description: a long\n  description folded\n\n  over lines   \n   and more\nnext: 1\n",
    "- item text\n  continued\n- x\n",
    "a: text\n  # a comment ends it\nb: 1\n",
    "a: [x, 'y', \"z\" , w x]\nb: [ one ]\n",
    "a:\n  {}\nb:\n  plain on its own line\n  and more\nc:\n  'q'\nd:\n  []\n",
    "a:\n  |\n    block on its own line\n",
];

#[test]
fn accepted_inputs_match_libyaml() {
    for input in ACCEPTED {
        assert!(agrees(input), "the fast scanner should accept {input:?}");
    }
}

const REFUSED: &[&str] = &[
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: [1, [2]]\n",
    "a: [1, ]\n",
    "a: [1,\n  2]\n",
    "a: text\n  more # comment\n",
    "a: {b: c}\n",
    "a: \"multi\n  line\"\n",
    "a:\tb\n",
    "\ta: b\n",
    "a: b: c\n",
    "a: 1\n b: 2\n",
    "a: |2\n  x\n",
    "a: >\n  x\n    more\n",
    "a: 1\r\n",
    "just a scalar\n",
    "# only a comment\n",
    "",
    "? complex\n: key\n",
    "a: @x\n",
    "list:\n  - a\n  b: c\n",
    "a: |\n    x\n  y\n",
    "a: |\n\n     \n  x\n",
    "a: x\u{2028}y\n",
    "\u{feff}a: 1\n",
];

#[test]
fn refused_inputs() {
    for input in REFUSED {
        assert!(!agrees(input), "the fast scanner should leave {input:?} to libyaml");
    }
}

/// Every line-level variation of the accepted inputs (a line dropped, an indentation changed,
/// a character inserted) either is refused or reads as libyaml reads it.
#[test]
fn mutations_agree_or_are_refused() {
    let inserts = [" ", "  ", "-", ":", "#", "'", "\"", "|", ">", "a", "- ", ": ", "\n", "\t"];
    for input in ACCEPTED {
        let lines: Vec<&str> = input.split_inclusive('\n').collect();
        for i in 0..lines.len() {
            let dropped: String = lines.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, l)| *l).collect();
            agrees(&dropped);
            for j in 0..lines[i].len() {
                if !lines[i].is_char_boundary(j) {
                    continue;
                }
                for ins in inserts {
                    let mut changed: String = lines[..i].concat();
                    changed.push_str(&lines[i][..j]);
                    changed.push_str(ins);
                    changed.push_str(&lines[i][j..]);
                    changed.push_str(&lines[i + 1..].concat());
                    agrees(&changed);
                }
                let mut cut: String = lines[..i].concat();
                cut.push_str(&lines[i][..j]);
                let width = lines[i][j..].chars().next().map_or(1, char::len_utf8);
                cut.push_str(&lines[i][j + width..]);
                cut.push_str(&lines[i + 1..].concat());
                agrees(&cut);
            }
        }
    }
}

/// Agree-or-refuse over every YAML document under `$FAST_DIR` (run by hand:
/// `FAST_DIR=some/tree cargo test --lib agrees_over_dir -- --ignored --nocapture`);
/// prints what the fast scanner refuses, fails on any disagreement.
#[test]
#[ignore]
fn agrees_over_dir() {
    let Ok(root) = std::env::var("FAST_DIR") else { return };
    let (mut docs, mut acc, mut bytes, mut acc_bytes, mut bad) = (0, 0, 0, 0, 0);
    for e in walkdir::WalkDir::new(root).into_iter().filter_map(Result::ok) {
        let p = e.path();
        if !matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml")) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(p) else { continue };
        let mut cur = String::new();
        let mut parts = Vec::new();
        for line in text.split_inclusive('\n') {
            if line.starts_with("---") {
                parts.push(std::mem::take(&mut cur));
            } else {
                cur.push_str(line);
            }
        }
        parts.push(cur);
        for d in parts {
            if d.trim().is_empty() {
                continue;
            }
            docs += 1;
            bytes += d.len();
            match std::panic::catch_unwind(|| agrees(&d)) {
                Ok(true) => {
                    acc += 1;
                    acc_bytes += d.len();
                }
                Ok(false) => report_refusal(&d),
                Err(_) => {
                    bad += 1;
                    eprintln!("MISMATCH in {}", p.display());
                }
            }
        }
    }
    eprintln!("docs {docs} accepted {acc}; bytes {bytes} accepted {acc_bytes}");
    assert_eq!(bad, 0, "fast scanner disagreed with libyaml");
}

/// The first line the fast scanner cannot take, for a document libyaml parses.
fn report_refusal(d: &str) {
    if libyaml(&padded(d)).is_none() {
        return;
    }
    let lines: Vec<&str> = d.split_inclusive('\n').collect();
    let n = (1..=lines.len())
        .rev()
        .find(|&k| events(&padded(&lines[..k].concat())).is_some())
        .unwrap_or(0);
    if n < lines.len() {
        let l = lines[n].trim_end();
        eprintln!("REFUSED {} bytes at line: {}", d.len(), &l[..l.floor_char_boundary(80)]);
    }
}
