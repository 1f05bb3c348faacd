//! Unified diffs (`diff -u` layout, 3 lines of context) of two texts, and the whole report in
//! that form, coloured for a terminal when asked.

use super::resource::{Change, ResourceDiff};
use super::{AppDiff, AppStatus, Report};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Same,
    Del,
    Add,
}

/// The line edit script from `a` to `b` (Myers' O(ND) algorithm after the common prefix and
/// suffix are set aside; past `MAX_D` edits the middle is shown as replaced whole).
fn edits<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<(Op, &'a str)> {
    const MAX_D: usize = 4000;
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..].iter().rev().zip(b[pre..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (am, bm) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut out: Vec<(Op, &str)> = a[..pre].iter().map(|l| (Op::Same, *l)).collect();
    let (n, m) = (am.len() as isize, bm.len() as isize);
    let max = (n + m) as usize;
    let off = max as isize + 1;
    let mut v = vec![0isize; 2 * max + 3];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let mut found = max == 0;
    'outer: for d in 0..=max.min(MAX_D) as isize {
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let mut x = if k == -d || (k != d && v[(off + k - 1) as usize] < v[(off + k + 1) as usize]) {
                v[(off + k + 1) as usize]
            } else {
                v[(off + k - 1) as usize] + 1
            };
            let mut y = x - k;
            while x < n && y < m && am[x as usize] == bm[y as usize] {
                x += 1;
                y += 1;
            }
            v[(off + k) as usize] = x;
            if x >= n && y >= m {
                found = true;
                break 'outer;
            }
            k += 2;
        }
    }
    let mut middle: Vec<(Op, &str)> = Vec::new();
    if found && max > 0 {
        // Walk back through the trace.
        let (mut x, mut y) = (n, m);
        for d in (0..trace.len() as isize).rev() {
            let v = &trace[d as usize];
            let k = x - y;
            let prev_k = if k == -d || (k != d && v[(off + k - 1) as usize] < v[(off + k + 1) as usize]) { k + 1 } else { k - 1 };
            let prev_x = if d == 0 { 0 } else { v[(off + prev_k) as usize] };
            let prev_y = prev_x - prev_k;
            while x > prev_x.max(0) && y > prev_y.max(0) && (d > 0 || (x > 0 && y > 0)) {
                x -= 1;
                y -= 1;
                middle.push((Op::Same, am[x as usize]));
            }
            if d > 0 {
                if x == prev_x {
                    y -= 1;
                    middle.push((Op::Add, bm[y as usize]));
                } else {
                    x -= 1;
                    middle.push((Op::Del, am[x as usize]));
                }
            }
        }
        middle.reverse();
    } else if !found {
        middle.extend(am.iter().map(|l| (Op::Del, *l)));
        middle.extend(bm.iter().map(|l| (Op::Add, *l)));
    }
    out.extend(middle);
    out.extend(a[a.len() - suf..].iter().map(|l| (Op::Same, *l)));
    out
}

/// The hunks of a unified diff from `a` to `b` (no file header).
pub fn hunks(a: &str, b: &str, context: usize) -> String {
    let al: Vec<&str> = a.lines().collect();
    let bl: Vec<&str> = b.lines().collect();
    let ops = edits(&al, &bl);
    let changed: Vec<usize> = ops.iter().enumerate().filter(|(_, (op, _))| *op != Op::Same).map(|(i, _)| i).collect();
    let mut out = String::new();
    let mut i = 0;
    while i < changed.len() {
        let start = changed[i].saturating_sub(context);
        let mut end = changed[i];
        let mut j = i;
        while j + 1 < changed.len() && changed[j + 1] <= end + 2 * context + 1 {
            j += 1;
            end = changed[j];
        }
        let end = (end + context + 1).min(ops.len());
        // Line numbers where the hunk starts on each side.
        let a_start = ops[..start].iter().filter(|(op, _)| *op != Op::Add).count();
        let b_start = ops[..start].iter().filter(|(op, _)| *op != Op::Del).count();
        let a_len = ops[start..end].iter().filter(|(op, _)| *op != Op::Add).count();
        let b_len = ops[start..end].iter().filter(|(op, _)| *op != Op::Del).count();
        let range = |s: usize, l: usize| if l == 0 { format!("{s},0") } else if l == 1 { format!("{}", s + 1) } else { format!("{},{l}", s + 1) };
        out.push_str(&format!("@@ -{} +{} @@\n", range(a_start, a_len), range(b_start, b_len)));
        for (op, line) in &ops[start..end] {
            out.push(match op {
                Op::Same => ' ',
                Op::Del => '-',
                Op::Add => '+',
            });
            out.push_str(line);
            out.push('\n');
        }
        i = j + 1;
    }
    out
}

/// One resource's diff with `---`/`+++` headers naming app and resource on each side.
pub fn resource(app: &str, r: &ResourceDiff) -> String {
    let name = format!("{app}/{}", r.key);
    let (from, to) = match r.change {
        Change::Added => ("/dev/null".to_string(), format!("b/{name}")),
        Change::Removed => (format!("a/{name}"), "/dev/null".to_string()),
        Change::Changed => (format!("a/{name}"), format!("b/{name}")),
    };
    format!("--- {from}\n+++ {to}\n{}", hunks(&r.base, &r.head, 3))
}

fn status_line(a: &AppDiff) -> String {
    match a.status {
        AppStatus::Failed => format!("# app {}: error: {}\n", a.id, a.error.as_deref().unwrap_or("")),
        AppStatus::Added => format!("# app {}: added\n", a.id),
        AppStatus::Removed => format!("# app {}: removed\n", a.id),
        AppStatus::Changed => format!("# app {}: changed\n", a.id),
        AppStatus::BaseFailed => format!("# app {}: failed at base, renders at head ({})\n", a.id, a.error.as_deref().unwrap_or("")),
    }
}

/// The whole report; with `color`, ANSI colours as `git diff` uses them.
pub fn report(r: &Report, color: bool) -> String {
    let mut out = String::new();
    for a in &r.apps {
        out.push_str(&paint(&status_line(a), "1", color));
        for res in &a.resources {
            let text = resource(&a.id, res);
            if !color {
                out.push_str(&text);
                continue;
            }
            for line in text.split_inclusive('\n') {
                let code = if line.starts_with("---") || line.starts_with("+++") {
                    "1"
                } else if line.starts_with("@@") {
                    "36"
                } else if line.starts_with('-') {
                    "31"
                } else if line.starts_with('+') {
                    "32"
                } else {
                    ""
                };
                out.push_str(&paint(line, code, true));
            }
        }
    }
    out
}

fn paint(line: &str, code: &str, color: bool) -> String {
    if !color || code.is_empty() {
        return line.to_string();
    }
    let body = line.strip_suffix('\n').unwrap_or(line);
    let nl = if line.ends_with('\n') { "\n" } else { "" };
    format!("\x1b[{code}m{body}\x1b[m{nl}")
}

#[cfg(test)]
mod tests {
    use super::hunks;

    // Expected outputs are `diff -u` hunks (GNU diffutils) for the same inputs.
    #[test]
    fn like_diff_u() {
        let a = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
        let b = "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\n";
        assert_eq!(hunks(a, b, 3), "@@ -1,10 +1,11 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n h\n i\n j\n+k\n");
        assert_eq!(hunks("", "x\ny\n", 3), "@@ -0,0 +1,2 @@\n+x\n+y\n");
        assert_eq!(hunks("x\n", "", 3), "@@ -1 +0,0 @@\n-x\n");
        let long_a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
        let long_b = "1\nX\n3\n4\n5\n6\n7\n8\n9\n10\nY\n12\n";
        assert_eq!(hunks(long_a, long_b, 3), "@@ -1,5 +1,5 @@\n 1\n-2\n+X\n 3\n 4\n 5\n@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+Y\n 12\n");
        assert_eq!(hunks("same\n", "same\n", 3), "");
        assert_eq!(hunks("a\nb\nc\n", "a\nc\nb\n", 3), "@@ -1,3 +1,3 @@\n a\n-b\n c\n+b\n");
    }
}
