//! Expected columns from the helm v4.2.3 oracle (Sprig urlParse/urlJoin over Go 1.26 net/url).

use super::*;

/// (input, `urlParse X | toJson␟urlParse X | urlJoin`, or the urlParse error)
const PARSE: &[(&str, Result<&str, &str>)] = &[
    ("https://user:pass@example.com:8443/a/b?x=1&y=2#frag", Ok("{\"fragment\":\"frag\",\"host\":\"example.com:8443\",\"hostname\":\"example.com\",\"opaque\":\"\",\"path\":\"/a/b\",\"query\":\"x=1\\u0026y=2\",\"scheme\":\"https\",\"userinfo\":\"user:pass\"}␟https://user:pass@example.com:8443/a/b?x=1&y=2#frag")),
    ("mailto:someone@example.com", Ok("{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"someone@example.com\",\"path\":\"\",\"query\":\"\",\"scheme\":\"mailto\",\"userinfo\":\"\"}␟mailto:someone@example.com")),
    ("http://u:p%40ss@h/", Ok("{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"u:p%40ss\"}␟http://u:p%40ss@h/")),
    ("http://[::1", Err("unable to parse url: parse \"http://[::1\": missing ']' in host")),
    ("http://[notipv6]/", Err("unable to parse url: parse \"http://[notipv6]/\": invalid host: ParseAddr(\"notipv6\"): unable to parse IP")),
    ("http://[::1]:80/x", Ok("{\"fragment\":\"\",\"host\":\"[::1]:80\",\"hostname\":\"::1\",\"opaque\":\"\",\"path\":\"/x\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://[::1]:80/x")),
    ("http://[fe80::1%25en0]/", Ok("{\"fragment\":\"\",\"host\":\"[fe80::1%en0]\",\"hostname\":\"fe80::1%en0\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://[fe80::1%25en0]/")),
    ("http://a[b]/", Err("unable to parse url: parse \"http://a[b]/\": invalid IP-literal")),
    ("http://h:p/", Err("unable to parse url: parse \"http://h:p/\": invalid port \":p\" after host")),
    ("http://h:80x", Err("unable to parse url: parse \"http://h:80x\": invalid port \":80x\" after host")),
    ("http://[::1]x/", Err("unable to parse url: parse \"http://[::1]x/\": invalid port \"x\" after host")),
    ("http://user@h@x/", Ok("{\"fragment\":\"\",\"host\":\"x\",\"hostname\":\"x\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"user%40h\"}␟http://user%40h@x/")),
    ("http://us er@h/", Err("unable to parse url: parse \"http://us er@h/\": net/url: invalid userinfo")),
    ("http://h/%zz", Err("unable to parse url: parse \"http://h/%zz\": invalid URL escape \"%zz\"")),
    ("http://h/a b", Ok("{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/a b\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://h/a%20b")),
    ("://x", Err("unable to parse url: parse \"://x\": missing protocol scheme")),
    ("cache_object:foo/bar", Err("unable to parse url: parse \"cache_object:foo/bar\": first path segment in URL cannot contain colon")),
    ("a:b/c", Ok("{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"b/c\",\"path\":\"\",\"query\":\"\",\"scheme\":\"a\",\"userinfo\":\"\"}␟a:b/c")),
    ("/a:b/c", Ok("{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"/a:b/c\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}␟/a:b/c")),
    ("x/y:z", Ok("{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"x/y:z\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}␟x/y:z")),
    ("http://%41/", Err("unable to parse url: parse \"http://%41/\": invalid URL escape \"%41\"")),
    ("http://h%C3%A9/", Ok("{\"fragment\":\"\",\"host\":\"hé\",\"hostname\":\"hé\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://h%C3%A9/")),
    ("http://[1.2.3.4]/", Err("unable to parse url: parse \"http://[1.2.3.4]/\": invalid IP-literal")),
    ("http://[::ffff:1.2.3.4]/", Ok("{\"fragment\":\"\",\"host\":\"[::ffff:1.2.3.4]\",\"hostname\":\"::ffff:1.2.3.4\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://[::ffff:1.2.3.4]/")),
    ("http://a:b:c/", Err("unable to parse url: parse \"http://a:b:c/\": invalid port \":b:c\" after host")),
    ("http://[::1]]/", Err("unable to parse url: parse \"http://[::1]]/\": invalid host: ParseAddr(\"::1]\"): unexpected character, want colon (at \"]\")")),
    ("http://::1/", Err("unable to parse url: parse \"http://::1/\": invalid port \"::1\" after host")),
    ("http://h/?a#b#c", Ok("{\"fragment\":\"b#c\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"a\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://h/?a#b%23c")),
    ("mailto:a@b?x=1", Ok("{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"a@b\",\"path\":\"\",\"query\":\"x=1\",\"scheme\":\"mailto\",\"userinfo\":\"\"}␟mailto:a@b?x=1")),
    ("?", Ok("{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}␟")),
    ("http://h?", Ok("{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://h")),
    ("http://h/p?q?", Ok("{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/p\",\"query\":\"q?\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://h/p?q?")),
    ("*", Ok("{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"*\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}␟*")),
    ("http://h/\u{1}", Err("unable to parse url: parse \"http://h/\\x01\": net/url: invalid control character in URL")),
    ("HTTP://H/P", Ok("{\"fragment\":\"\",\"host\":\"H\",\"hostname\":\"H\",\"opaque\":\"\",\"path\":\"/P\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://H/P")),
    ("http://h#%zz", Err("unable to parse url: parse \"http://h#%zz\": invalid URL escape \"%zz\"")),
    ("http://h#a%20b", Ok("{\"fragment\":\"a b\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://h#a%20b")),
    ("http://[v1.fe]/", Err("unable to parse url: parse \"http://[v1.fe]/\": invalid host: ParseAddr(\"v1.fe\"): unexpected character (at \"v1.fe\")")),
    ("http://[::1%25zone]/", Ok("{\"fragment\":\"\",\"host\":\"[::1%zone]\",\"hostname\":\"::1%zone\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://[::1%25zone]/")),
    ("http://[::1%zone]/", Err("unable to parse url: parse \"http://[::1%zone]/\": invalid URL escape \"%zo\"")),
    ("", Ok("{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}␟")),
    ("relative/path", Ok("{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"relative/path\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}␟relative/path")),
    ("//host/p", Ok("{\"fragment\":\"\",\"host\":\"host\",\"hostname\":\"host\",\"opaque\":\"\",\"path\":\"/p\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}␟//host/p")),
    ("///x", Ok("{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"///x\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}␟///x")),
    ("http://h/a%2Fb", Ok("{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/a/b\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://h/a/b")),
    ("http://h/a%20b#x%2Fy", Ok("{\"fragment\":\"x/y\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/a b\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://h/a%20b#x/y")),
    ("file:///etc/passwd", Ok("{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"/etc/passwd\",\"query\":\"\",\"scheme\":\"file\",\"userinfo\":\"\"}␟file:///etc/passwd")),
    ("http://héllo/", Ok("{\"fragment\":\"\",\"host\":\"héllo\",\"hostname\":\"héllo\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://h%C3%A9llo/")),
    ("http://h/ü?ä=ö#ß", Ok("{\"fragment\":\"ß\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/ü\",\"query\":\"ä=ö\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://h/%C3%BC?ä=ö#%C3%9F")),
    ("http://[::1%25en0]:8080", Ok("{\"fragment\":\"\",\"host\":\"[::1%en0]:8080\",\"hostname\":\"::1%en0\",\"opaque\":\"\",\"path\":\"\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://[::1%25en0]:8080")),
    ("http://u:@h", Ok("{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"u:\"}␟http://u:@h")),
    ("http://:p@h", Ok("{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\":p\"}␟http://:p@h")),
    ("http://h:/", Ok("{\"fragment\":\"\",\"host\":\"h:\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://h:/")),
    ("http://h:8080:90/", Err("unable to parse url: parse \"http://h:8080:90/\": invalid port \":8080:90\" after host")),
    ("https://ex.com/p?q=a+b&r=%2B", Ok("{\"fragment\":\"\",\"host\":\"ex.com\",\"hostname\":\"ex.com\",\"opaque\":\"\",\"path\":\"/p\",\"query\":\"q=a+b\\u0026r=%2B\",\"scheme\":\"https\",\"userinfo\":\"\"}␟https://ex.com/p?q=a+b&r=%2B")),
    ("http://[]/", Err("unable to parse url: parse \"http://[]/\": invalid host: ParseAddr(\"\"): unable to parse IP")),
    ("http://[:]/", Err("unable to parse url: parse \"http://[:]/\": invalid host: ParseAddr(\":\"): each colon-separated field must have at least one digit (at \":\")")),
    ("http://h%20x/", Err("unable to parse url: parse \"http://h%20x/\": invalid URL escape \"%20\"")),
    ("http://h%zz/", Err("unable to parse url: parse \"http://h%zz/\": invalid URL escape \"%zz\"")),
    ("http://1.2.3.4:80/", Ok("{\"fragment\":\"\",\"host\":\"1.2.3.4:80\",\"hostname\":\"1.2.3.4\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://1.2.3.4:80/")),
    ("http://01.2.3.4/", Ok("{\"fragment\":\"\",\"host\":\"01.2.3.4\",\"hostname\":\"01.2.3.4\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://01.2.3.4/")),
    ("s3://bucket/key", Ok("{\"fragment\":\"\",\"host\":\"bucket\",\"hostname\":\"bucket\",\"opaque\":\"\",\"path\":\"/key\",\"query\":\"\",\"scheme\":\"s3\",\"userinfo\":\"\"}␟s3://bucket/key")),
    ("git+ssh://git@github.com/o/r.git", Ok("{\"fragment\":\"\",\"host\":\"github.com\",\"hostname\":\"github.com\",\"opaque\":\"\",\"path\":\"/o/r.git\",\"query\":\"\",\"scheme\":\"git+ssh\",\"userinfo\":\"git\"}␟git+ssh://git@github.com/o/r.git")),
    ("x:", Ok("{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"\",\"query\":\"\",\"scheme\":\"x\",\"userinfo\":\"\"}␟x:")),
    ("http://h/#", Ok("{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://h/")),
    ("http://h/?#", Ok("{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}␟http://h/")),
];
/// (scheme, host, path, query, opaque, fragment, userinfo) → urlJoin
const JOIN: &[([&str; 7], Result<&str, &str>)] = &[
    (["https", "example.com:8080", "/a b", "x=1", "", "f", ""], Ok("https://example.com:8080/a%20b?x=1#f")),
    (["http", "h", "", "", "", "", "user:pass"], Ok("http://user:pass@h")),
    (["", "h", "p", "", "", "", ""], Ok("//h/p")),
    (["", "", "a:b", "", "", "", ""], Ok("./a:b")),
    (["s", "", "", "q", "o/p", "", ""], Ok("s:o/p?q")),
    (
        ["http", "h", "", "", "", "", "us er"],
        Err("unable to parse userinfo in dict: parse \"proto://us er@host\": net/url: invalid userinfo"),
    ),
    (["http", "h", "", "", "", "", "a@b"], Ok("http://a%40b@h")),
    (["http", "hé", "/ü", "", "", "a b#c", ""], Ok("http://h%C3%A9/%C3%BC#a%20b%23c")),
    (["", "", "/x", "", "", "", ""], Ok("/x")),
    (["", "", "", "", "", "", ""], Ok("")),
    (["http", "[::1]:80", "x", "", "", "", ""], Ok("http://[::1]:80/x")),
    (["http", "", "", "", "", "", "u"], Ok("http://u@")),
];

fn json(p: &UrlParts) -> String {
    let items: Vec<String> = p
        .entries()
        .iter()
        .map(|(k, v)| {
            let mut s = String::new();
            crate::yaml::json::write_json_string(&mut s, v);
            format!("\"{k}\":{s}")
        })
        .collect();
    format!("{{{}}}", items.join(","))
}

#[test]
fn url_parse_matches_go() {
    let mut failures = Vec::new();
    for &(input, want) in PARSE {
        let got = url_parse(input).and_then(|p| Ok(format!("{}␟{}", json(&p), url_join(&p)?)));
        let want = want.map(str::to_string).map_err(str::to_string);
        if got != want {
            failures.push(format!("{input:?}:\n  got  {got:?}\n  want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn url_join_matches_go() {
    for &(f, want) in JOIN {
        let parts = UrlParts {
            scheme: f[0].into(),
            host: f[1].into(),
            path: f[2].into(),
            query: f[3].into(),
            opaque: f[4].into(),
            fragment: f[5].into(),
            userinfo: f[6].into(),
            hostname: String::new(),
        };
        assert_eq!(url_join(&parts), want.map(str::to_string).map_err(str::to_string), "{f:?}");
    }
    assert_eq!(non_string_key_error("host", "int"), "unable to parse host key, must be of type string, but int found");
}
