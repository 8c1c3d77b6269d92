//! WARC archives (`.warc`, `.warc.gz`, the format of web and news crawls such as CC-NEWS):
//! every `response` record with an HTML payload becomes one document, with the
//! `WARC-Target-URI` as its URL and the `WARC-Date` as its date.
//!
//! A small reader of our own (the `warc` crate is unmaintained): records are a header block,
//! `Content-Length` bytes of content, and a blank line. Gzip members are already joined by the
//! caller (`MultiGzDecoder`).

use std::io::Read;

use flate2::read::MultiGzDecoder;

use crate::{decode, InputError, Payload, RawDoc};

/// Reads every HTML response of a WARC file; other records (requests, metadata, images,
/// errors) are skipped. A malformed record ends the file with an error naming its position.
pub(crate) fn read_warc(bytes: &[u8], source: &str) -> Vec<Result<RawDoc, InputError>> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    let mut record = 0usize;
    loop {
        while pos < bytes.len() && matches!(bytes[pos], b'\r' | b'\n') {
            pos += 1;
        }
        if pos >= bytes.len() {
            break;
        }
        record += 1;
        let at = format!("{source}#{record}");
        let Some((headers, content_start)) = parse_headers(&bytes[pos..], true) else {
            out.push(Err(InputError::new(at, "malformed WARC record header")));
            break;
        };
        let Some(len) = header(&headers, "content-length").and_then(|v| v.parse::<usize>().ok())
        else {
            out.push(Err(InputError::new(
                at,
                "WARC record without Content-Length",
            )));
            break;
        };
        let start = pos + content_start;
        let Some(block) = start.checked_add(len).and_then(|end| bytes.get(start..end)) else {
            out.push(Err(InputError::new(at, "truncated WARC record")));
            break;
        };
        pos = start + len;
        let is_response = header(&headers, "warc-type").is_some_and(|t| t == "response");
        if !is_response {
            continue;
        }
        if let Some(doc) = response_doc(&headers, block, &at) {
            out.push(doc);
        }
    }
    out
}

/// One response record as a document; `None` when it is not a successful HTML page.
fn response_doc(
    warc: &[(String, String)],
    block: &[u8],
    at: &str,
) -> Option<Result<RawDoc, InputError>> {
    let (http, body_start) = parse_headers(block, false)?;
    let status_ok = http.first().is_some_and(|(k, _)| {
        k.split_whitespace()
            .nth(1)
            .is_some_and(|s| s.starts_with('2'))
    });
    let html =
        header(&http, "content-type").is_none_or(|t| t.to_ascii_lowercase().contains("html"));
    if !status_ok || !html {
        return None;
    }
    let mut body = block[body_start..].to_vec();
    if header(&http, "transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        body = dechunk(&body);
    }
    if header(&http, "content-encoding").is_some_and(|t| t.eq_ignore_ascii_case("gzip")) {
        let mut plain = Vec::new();
        if let Err(e) = MultiGzDecoder::new(&body[..]).read_to_end(&mut plain) {
            return Some(Err(InputError::new(
                at,
                format!("broken gzip payload: {e}"),
            )));
        }
        body = plain;
    }
    let text = match decode(&body, true) {
        Ok(t) => t,
        Err(reason) => return Some(Err(InputError::new(at, reason))),
    };
    let url = header(warc, "warc-target-uri").map(str::to_string);
    let id = header(warc, "warc-record-id")
        .map(|r| {
            r.trim_matches(['<', '>'])
                .trim_start_matches("urn:uuid:")
                .to_string()
        })
        .unwrap_or_else(|| at.to_string());
    let crawled = header(warc, "warc-date")
        .and_then(|d| d.get(..10))
        .filter(|d| d.as_bytes().get(4) == Some(&b'-'))
        .map(str::to_string);
    Some(Ok(RawDoc {
        id,
        source: at.to_string(),
        payload: Payload::Html(text),
        url,
        title: None,
        lang: None,
        published: None,
        crawled,
    }))
}

/// Header lines up to the first blank line: `(name lowercased, value)` pairs and the offset
/// just after the blank line. The first line (version or status line) is kept as a name with
/// an empty value. `warc` requires the `WARC/` version line.
fn parse_headers(bytes: &[u8], warc: bool) -> Option<(Vec<(String, String)>, usize)> {
    if warc && !bytes.starts_with(b"WARC/") {
        return None;
    }
    let mut headers = Vec::new();
    let mut pos = 0;
    loop {
        let nl = bytes[pos..].iter().position(|&b| b == b'\n')?;
        let line = &bytes[pos..pos + nl];
        pos += nl + 1;
        let line = String::from_utf8_lossy(line.strip_suffix(b"\r").unwrap_or(line));
        if line.is_empty() {
            return Some((headers, pos));
        }
        if headers.is_empty() {
            headers.push((line.into_owned(), String::new()));
        } else if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .skip(1)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Joins the chunks of an HTTP chunked body; stops at the last chunk or at broken framing.
fn dechunk(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(nl) = bytes[pos..].iter().position(|&b| b == b'\n') {
        let line = String::from_utf8_lossy(&bytes[pos..pos + nl]);
        let size_hex = line.trim().split(';').next().unwrap_or("");
        let Ok(size) = usize::from_str_radix(size_hex, 16) else {
            break;
        };
        pos += nl + 1;
        if size == 0 {
            break;
        }
        let Some(chunk) = pos.checked_add(size).and_then(|end| bytes.get(pos..end)) else {
            out.extend_from_slice(&bytes[pos..]);
            break;
        };
        out.extend_from_slice(chunk);
        pos += size;
        if bytes.get(pos) == Some(&b'\r') {
            pos += 1;
        }
        if bytes.get(pos) == Some(&b'\n') {
            pos += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A WARC record with the given type, headers and content.
    pub(crate) fn record(kind: &str, uri: &str, date: &str, content: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n\
             WARC-Record-ID: <urn:uuid:{kind}-{date}>\r\nContent-Length: {}\r\n\r\n",
            content.len()
        )
        .into_bytes();
        r.extend_from_slice(content);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn http(headers: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
        r.extend_from_slice(body);
        r
    }

    #[test]
    fn reads_html_responses_and_skips_the_rest() {
        let page = b"<html><body><p>Hallo Welt</p></body></html>";
        let mut warc = record("warcinfo", "", "2024-07-01T00:00:00Z", b"software: x\r\n");
        warc.extend(record(
            "request",
            "https://a.example/1",
            "2024-07-01T10:00:00Z",
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        warc.extend(record(
            "response",
            "https://a.example/1",
            "2024-07-01T10:00:01Z",
            &http("Content-Type: text/html; charset=utf-8\r\n", page),
        ));
        warc.extend(record(
            "response",
            "https://a.example/logo.png",
            "2024-07-01T10:00:02Z",
            &http("Content-Type: image/png\r\n", b"\x89PNG"),
        ));
        warc.extend(record(
            "response",
            "https://a.example/2",
            "2024-07-02T08:00:00Z",
            &http(
                "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                b"5\r\n<p>Gu\r\na\r\nten Tag</p\r\n1\r\n>\r\n0\r\n\r\n",
            ),
        ));
        let docs = read_warc(&warc, "c.warc");
        assert_eq!(docs.len(), 2);
        let a = docs[0].as_ref().unwrap();
        assert_eq!(a.url.as_deref(), Some("https://a.example/1"));
        assert_eq!(a.crawled.as_deref(), Some("2024-07-01"));
        assert_eq!(a.published, None);
        assert_eq!(a.id, "response-2024-07-01T10:00:01Z");
        assert_eq!(a.source, "c.warc#3");
        assert_eq!(
            a.payload,
            Payload::Html(String::from_utf8_lossy(page).into())
        );
        let b = docs[1].as_ref().unwrap();
        assert_eq!(b.payload, Payload::Html("<p>Guten Tag</p>".into()));
    }

    #[test]
    fn truncated_records_are_errors() {
        let mut warc = record(
            "response",
            "https://a.example/1",
            "2024-07-01T10:00:01Z",
            &http("Content-Type: text/html\r\n", b"<p>x</p>"),
        );
        warc.truncate(warc.len() - 10);
        let docs = read_warc(&warc, "t.warc");
        assert!(docs[0].as_ref().unwrap_err().reason.contains("truncated"));
        assert!(read_warc(b"garbage", "g.warc")[0].is_err());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let mut input = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200 OK\r\n".to_vec();
            input.extend_from_slice(&bytes);
            let _ = read_warc(&input, "p.warc");
            let _ = read_warc(&bytes, "p.warc");
            let _ = dechunk(&bytes);
        }
    }
}
