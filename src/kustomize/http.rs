//! Remote files: kustomize reads an `http://` or `https://` path (a `resources:` entry, a patch
//! or generator file) with a plain GET (`FileLoader.httpClientGetContent`), only because the
//! kustomization names it. A status outside 2xx is an "HTTP Error", which ends the build — unless
//! the URL also reads as a git repository, which is then cloned instead. Messages follow Go's
//! `net/http` (`Get "URL": dial tcp HOST: connect: connection refused`).

use super::loader::LoadError;
use std::io::Read;

/// The start of kustomize's `ErrHTTP` messages; the resource accumulator stops on them.
pub const HTTP_ERROR: &str = "HTTP Error: ";

/// The body of a successful GET of `url`.
pub fn get(url: &str) -> Result<Vec<u8>, LoadError> {
    let agent = ureq::AgentBuilder::new().redirects(10).build();
    let response = match agent.get(url).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(code, _)) => return Err(status_error(url, code)),
        Err(ureq::Error::Transport(t)) => return Err(LoadError(format!("Get {}: {}", go_quote(url), transport_reason(url, &t)))),
    };
    let code = response.status();
    if !(200..=299).contains(&code) {
        return Err(status_error(url, code));
    }
    let mut body = Vec::new();
    response
        .into_reader()
        .read_to_end(&mut body)
        .map_err(|e| LoadError(format!("Get {}: {e}", go_quote(url))))?;
    Ok(body)
}

fn status_error(url: &str, code: u16) -> LoadError {
    if super::remote::RepoSpec::parse(url).is_ok() {
        return LoadError("URL is a git repository".into());
    }
    LoadError(format!("{HTTP_ERROR}status code {code} ({})", status_text(code)))
}

/// Go's `net.OpError` wording for the usual connection failures; ureq's own text otherwise.
fn transport_reason(url: &str, t: &ureq::Transport) -> String {
    use std::error::Error as _;
    let host_port = || {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if authority.contains(':') && !authority.ends_with(']') {
            authority.to_string()
        } else {
            format!("{authority}:{}", if url.to_ascii_lowercase().starts_with("https") { 443 } else { 80 })
        }
    };
    let io_kind = t.source().and_then(|e| e.downcast_ref::<std::io::Error>()).map(|e| e.kind());
    match (t.kind(), io_kind) {
        (ureq::ErrorKind::ConnectionFailed, Some(std::io::ErrorKind::ConnectionRefused)) => {
            format!("dial tcp {}: connect: connection refused", host_port())
        }
        (ureq::ErrorKind::Dns, _) => {
            let hp = host_port();
            let host = hp.rsplit_once(':').map_or(hp.as_str(), |(h, _)| h);
            format!("dial tcp: lookup {host}: no such host")
        }
        _ => t.to_string(),
    }
}

/// Go's `strconv.Quote` for a URL (printable ASCII; `"` and `\` escaped).
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (' '..='~').contains(&c) => out.push(c),
            c => out.extend(c.escape_default()),
        }
    }
    out.push('"');
    out
}

/// Go's `http.StatusText`.
pub fn status_text(code: u16) -> &'static str {
    match code {
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        208 => "Already Reported",
        226 => "IM Used",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Request Entity Too Large",
        414 => "Request URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Requested Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    /// A one-connection-per-request HTTP/1.1 server on a free local port answering each path
    /// from `routes` (status, body); others get 404.
    fn serve(routes: Vec<(&'static str, u16, &'static str)>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                reader.read_line(&mut line).unwrap();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap() == 0 || h == "\r\n" {
                        break;
                    }
                }
                let path = line.split(' ').nth(1).unwrap_or("/").to_string();
                let (code, body) = routes.iter().find(|r| r.0 == path).map_or((404, "404 page not found\n"), |r| (r.1, r.2));
                let extra = if code == 302 { format!("Location: {body}\r\n") } else { String::new() };
                let _ = write!(stream, "HTTP/1.1 {code} {}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}", status_text(code), body.len());
            }
        });
        format!("http://{addr}")
    }

    #[test]
    fn gets_bodies_and_follows_redirects() {
        let base = serve(vec![("/cm.yaml", 200, "kind: ConfigMap\n"), ("/moved", 302, "/cm.yaml")]);
        assert_eq!(get(&format!("{base}/cm.yaml")).unwrap(), b"kind: ConfigMap\n");
        assert_eq!(get(&format!("{base}/moved")).unwrap(), b"kind: ConfigMap\n");
    }

    #[test]
    fn statuses_outside_2xx_are_http_errors() {
        let base = serve(vec![("/teapot", 418, "no"), ("/down", 503, "")]);
        // As kustomize words them: "HTTP Error: status code 404 (Not Found)".
        assert_eq!(get(&format!("{base}/missing.yaml")).unwrap_err().0, "HTTP Error: status code 404 (Not Found)");
        assert_eq!(get(&format!("{base}/teapot")).unwrap_err().0, "HTTP Error: status code 418 (I'm a teapot)");
        assert_eq!(get(&format!("{base}/down")).unwrap_err().0, "HTTP Error: status code 503 (Service Unavailable)");
    }

    #[test]
    fn unreachable_servers_are_named() {
        // A port nobody listens on: bind one, then free it.
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let url = format!("http://127.0.0.1:{port}/cm.yaml");
        assert_eq!(get(&url).unwrap_err().0, format!("Get \"{url}\": dial tcp 127.0.0.1:{port}: connect: connection refused"));
    }
}
