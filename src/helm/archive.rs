//! Packaged charts (`helm package` output, `charts/*.tgz`) read as Helm's
//! `pkg/chart/loader/archive` reads them: gzip + tar, the first path component (the chart's
//! directory) dropped, entries that are absolute, escape the chart (`..`) or look like Windows
//! drive paths refused, a `Chart.yaml` outside the chart directory refused, each file at most
//! 5 MiB and the whole chart at most 100 MiB once decompressed, a UTF-8 BOM stripped.

pub use crate::golang::path::clean;
use std::io::Read;

/// `MaxDecompressedChartSize`.
pub const MAX_CHART_SIZE: u64 = 100 * 1024 * 1024;
/// `MaxDecompressedFileSize`.
pub const MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

/// Why an archive could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveError {
    /// Not gzip data (`gzip.ErrHeader`).
    GzipHeader,
    /// Any other error, with Helm's text.
    Other(String),
}

impl std::fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArchiveError::GzipHeader => f.write_str("gzip: invalid header"),
            ArchiveError::Other(m) => f.write_str(m),
        }
    }
}


fn other(e: impl std::fmt::Display) -> ArchiveError {
    ArchiveError::Other(e.to_string())
}

/// `archive.LoadArchiveFiles`: the chart's files (path relative to the chart, contents).
pub fn load_archive_files(data: &[u8]) -> Result<Vec<(String, Vec<u8>)>, ArchiveError> {
    if data.len() < 10 || data[0] != 0x1f || data[1] != 0x8b {
        return Err(ArchiveError::GzipHeader);
    }
    let gz = flate2::read::MultiGzDecoder::new(data);
    let mut tr = tar::Archive::new(gz);
    let mut files = Vec::new();
    let mut remaining = MAX_CHART_SIZE;
    let entries = tr.entries().map_err(|e| gz_error(&e))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| gz_error(&e))?;
        let header = entry.header();
        let ty = header.entry_type();
        let raw_name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if ty.is_dir() || raw_name.ends_with('/') {
            continue;
        }
        if ty.is_pax_global_extensions() || ty.is_pax_local_extensions() {
            continue;
        }
        let delimiter = if raw_name.contains('\\') { '\\' } else { '/' };
        let parts: Vec<&str> = raw_name.split(delimiter).collect();
        let n = parts[1..].join(&delimiter.to_string()).replace(delimiter, "/");
        if n.starts_with('/') {
            return Err(other("chart illegally contains absolute paths"));
        }
        let n = clean(&n);
        if n == "." {
            return Err(other(format!("chart illegally contains content outside the base directory: {}", crate::gotmpl::quote::quote(&raw_name))));
        }
        if n.starts_with("..") {
            return Err(other("chart illegally references parent directory"));
        }
        let b = n.as_bytes();
        if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/' {
            return Err(other("chart contains illegally named files"));
        }
        if parts[0] == "Chart.yaml" {
            return Err(other("chart yaml not in base directory"));
        }
        let size = entry.size();
        if size > remaining {
            return Err(other(format!("decompressed chart is larger than the maximum size {MAX_CHART_SIZE}")));
        }
        if size > MAX_FILE_SIZE {
            return Err(other(format!(
                "decompressed chart file {} is larger than the maximum file size {MAX_FILE_SIZE}",
                crate::gotmpl::quote::quote(&raw_name)
            )));
        }
        let mut buf = Vec::with_capacity(size as usize);
        (&mut entry).take(remaining).read_to_end(&mut buf).map_err(|e| gz_error(&e))?;
        let written = buf.len() as u64;
        remaining -= written;
        if written < size || remaining == 0 {
            return Err(other(format!("decompressed chart is larger than the maximum size {MAX_CHART_SIZE}")));
        }
        if buf.starts_with(b"\xEF\xBB\xBF") {
            buf.drain(..3);
        }
        files.push((n, buf));
    }
    if files.is_empty() {
        return Err(other("no files in chart archive"));
    }
    Ok(files)
}

fn gz_error(e: &std::io::Error) -> ArchiveError {
    let msg = e.to_string();
    if msg.contains("invalid gzip header") {
        ArchiveError::GzipHeader
    } else if e.kind() == std::io::ErrorKind::UnexpectedEof {
        other("unexpected EOF")
    } else {
        other(msg)
    }
}

/// A reduced `http.DetectContentType` for the first 512 bytes of a file that should be a chart
/// archive: gzip, a few common binary signatures, else text or octet-stream.
fn content_type(head: &[u8]) -> &'static str {
    if head.starts_with(b"\x1f\x8b\x08") {
        return "application/x-gzip";
    }
    let sigs: &[(&[u8], &str)] = &[
        (b"%PDF-", "application/pdf"),
        (b"PK\x03\x04", "application/zip"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"BZh", "application/x-bzip2"),
        (b"\xfd7zXZ\x00", "application/x-xz"),
        (b"\x7fELF", "application/octet-stream"),
    ];
    for (sig, ty) in sigs {
        if head.starts_with(sig) {
            return ty;
        }
    }
    let binary = head.iter().any(|&b| b <= 0x08 || b == 0x0b || (0x0e..=0x1a).contains(&b) || (0x1c..=0x1f).contains(&b));
    if binary {
        "application/octet-stream"
    } else {
        "text/plain; charset=utf-8"
    }
}

/// `archive.EnsureArchive`: a clear error when `name` is not a gzipped archive.
pub fn ensure_archive(name: &str, data: &[u8]) -> Result<(), String> {
    let head = &data[..data.len().min(512)];
    let ty = content_type(head);
    if ty != "application/x-gzip" && !head.starts_with(b"\x1f\x8b\x08") {
        if name.ends_with(".yml") || name.ends_with(".yaml") {
            return Err(format!("file '{name}' seems to be a YAML file, but expected a gzipped archive"));
        }
        return Err(format!("file '{name}' does not appear to be a gzipped archive; got '{ty}'"));
    }
    Ok(())
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// Builds a .tgz from (path, contents) pairs.
    pub fn tgz(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (p, data) in files {
            // The name is written raw, so that tests can hold names Helm must refuse.
            let mut h = tar::Header::new_old();
            h.as_old_mut().name[..p.len()].copy_from_slice(p.as_bytes());
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_entry_type(tar::EntryType::Regular);
            h.set_cksum();
            b.append(&h, *data).unwrap();
        }
        let tar = b.into_inner().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, &tar).unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn reads_and_checks() {
        let a = tgz(&[("c/Chart.yaml", b"\xEF\xBB\xBFname: c\n"), ("c/templates/x.yaml", b"x"), ("c/./a/../b.txt", b"b")]);
        let files = load_archive_files(&a).unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Chart.yaml", "templates/x.yaml", "b.txt"]);
        assert_eq!(files[0].1, b"name: c\n");
        assert_eq!(
            load_archive_files(&tgz(&[("Chart.yaml", b"x")])).unwrap_err().to_string(),
            "chart illegally contains content outside the base directory: \"Chart.yaml\""
        );
        assert_eq!(load_archive_files(b"not gzip at all").unwrap_err(), ArchiveError::GzipHeader);
        assert_eq!(load_archive_files(&tgz(&[("c/../../etc/x", b"x")])).unwrap_err().to_string(), "chart illegally references parent directory");
        assert_eq!(load_archive_files(&tgz(&[("c//abs", b"x")])).unwrap_err().to_string(), "chart illegally contains absolute paths");
        assert_eq!(load_archive_files(&tgz(&[("c/c:/x", b"x")])).unwrap_err().to_string(), "chart contains illegally named files");
        let big = vec![b'a'; (MAX_FILE_SIZE + 1) as usize];
        assert_eq!(
            load_archive_files(&tgz(&[("c/big", &big)])).unwrap_err().to_string(),
            "decompressed chart file \"c/big\" is larger than the maximum file size 5242880"
        );
        assert_eq!(clean("a/../../b"), "../b");
        assert_eq!(clean("/a/../.."), "/");
        assert_eq!(ensure_archive("v.yaml", b"a: 1\n").unwrap_err(), "file 'v.yaml' seems to be a YAML file, but expected a gzipped archive");
        assert_eq!(
            ensure_archive("c.tgz", b"a: 1\n").unwrap_err(),
            "file 'c.tgz' does not appear to be a gzipped archive; got 'text/plain; charset=utf-8'"
        );
    }
}
