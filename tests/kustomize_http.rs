//! http(s) files named in a kustomization are fetched (resources, patches, generator files), and
//! failures read as kustomize's. The server is a local thread; expected outputs and messages are
//! the reference kustomize's for the same kustomizations against a local server.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: remote\ndata:\n  a: \"1\"\n";
const PATCH: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: remote\ndata:\n  b: \"2\"\n";

/// Serves /cm.yaml and /patch.yaml; everything else is 404. Returns `http://127.0.0.1:PORT`.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap() == 0 || h == "\r\n" {
                    break;
                }
            }
            let (status, body) = match line.split(' ').nth(1).unwrap_or("") {
                "/cm.yaml" => ("200 OK", CM),
                "/patch.yaml" => ("200 OK", PATCH),
                _ => ("404 Not Found", "404 page not found\n"),
            };
            let _ = write!(stream, "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
        }
    });
    format!("http://{addr}")
}

fn kustomization(name: &str, text: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("krender-http-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join("kustomization.yaml"), text).unwrap();
    d
}

fn build(dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_krender")).arg("build").arg(dir).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn remote_resource_patch_and_generator_file() {
    let base = serve();
    let d = kustomization("ok", &format!("resources:\n- {base}/cm.yaml\n"));
    assert_eq!(build(&d), (0, "apiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  name: remote\n".into(), String::new()));
    let d = kustomization(
        "patch",
        &format!("resources:\n- {base}/cm.yaml\npatches:\n- path: {base}/patch.yaml\nconfigMapGenerator:\n- name: g\n  files:\n  - {base}/patch.yaml\n"),
    );
    let want = "apiVersion: v1\ndata:\n  patch.yaml: |\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: remote\n    data:\n      b: \"2\"\nkind: ConfigMap\nmetadata:\n  name: g-d7hf646kgk\n---\napiVersion: v1\ndata:\n  a: \"1\"\n  b: \"2\"\nkind: ConfigMap\nmetadata:\n  name: remote\n";
    assert_eq!(build(&d), (0, want.into(), String::new()));
}

#[test]
fn not_found_ends_the_build() {
    let base = serve();
    let d = kustomization("nf", &format!("resources:\n- {base}/missing.yaml\n"));
    let (code, stdout, stderr) = build(&d);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert_eq!(
        stderr,
        format!("Error: accumulating resources: accumulating resources from '{base}/missing.yaml': HTTP Error: status code 404 (Not Found)\n")
    );
}

#[test]
fn unreachable_server_is_named() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/cm.yaml");
    let d = kustomization("unreachable", &format!("resources:\n- {url}\n"));
    let (code, stdout, stderr) = build(&d);
    assert_eq!((code, stdout.as_str()), (1, ""));
    // kustomize then tries the path as a kustomization directory, and reports both failures.
    let head = format!(
        "Error: accumulating resources: accumulation err='accumulating resources from '{url}': Get \"{url}\": dial tcp 127.0.0.1:{port}: connect: connection refused': must build at directory: "
    );
    assert!(stderr.starts_with(&head), "{stderr}");
}
