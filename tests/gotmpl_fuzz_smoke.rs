//! A quick deterministic fuzz run (random token soups and byte mutations of valid templates):
//! parsing and executing must never panic. `fuzz/` holds the cargo-fuzz target for long runs.

use krender::gotmpl::fuzz::parse_and_execute;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const TOKENS: &[&str] = &[
    "{{", "}}", "{{- ", " -}}", "{{/*", "*/}}", " ", "\n", "(", ")", "|", ":=", "=", "$", "$x", ".", ".Values", ".Values.a", ".Values.l",
    ".n", "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue", "\"t\"", "\"s\"", "`r`", "'c'",
    "1", "-2", "3.5", "0x1F", "1e9", "2i", "nil", "true", "and", "or", "not", "len", "index", "slice", "print", "printf", "\"%d %s %v\"",
    "eq", "lt", "include", "tpl", "toYaml", "fromYaml", "default", "list", "dict", "add", "div", "until", "required", "fail", ",",
];

#[test]
fn random_templates_never_panic() {
    let mut rng = Rng(0x2545F4914F6CDD1D);
    let seeds = [
        "{{ range $i, $v := .Values.l }}{{ $i }}{{ $v }}{{ end }}",
        "{{ define \"a\" }}{{ template \"a\" . }}{{ end }}{{ include \"a\" . }}",
        "{{ with .Values }}{{ .a | printf \"%05.1f\" }}{{ else }}x{{ end }}",
        "{{ if and (eq .n 3) (lt 1 2) }}{{ index .Values.l 0 }}{{ end }}",
    ];
    for round in 0..6000 {
        let text = if round % 2 == 0 {
            let n = 1 + (rng.next() % 24) as usize;
            (0..n).map(|_| rng.pick(TOKENS)).collect::<String>()
        } else {
            let mut b = seeds[(rng.next() % seeds.len() as u64) as usize].as_bytes().to_vec();
            for _ in 0..(1 + rng.next() % 4) {
                let i = (rng.next() % b.len() as u64) as usize;
                match rng.next() % 3 {
                    0 => {
                        b.remove(i);
                    }
                    1 => b.insert(i, b"{}()|$.\" -1"[(rng.next() % 11) as usize]),
                    _ => b[i] = b"{}()|$.\" -1x"[(rng.next() % 12) as usize],
                }
                if b.is_empty() {
                    break;
                }
            }
            String::from_utf8_lossy(&b).into_owned()
        };
        let r = std::panic::catch_unwind(|| parse_and_execute(&text));
        assert!(r.is_ok(), "panic on {text:?}");
    }
}
