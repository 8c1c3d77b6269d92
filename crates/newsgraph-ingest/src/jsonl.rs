//! JSON Lines records: `id`, and `html` or `text`, optional `url`, `title`, `lang`, `published`.

use std::borrow::Cow;
use std::io::BufRead;

use serde::Deserialize;

use crate::{decode, InputError, Payload, RawDoc};

#[derive(Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    html: Option<String>,
    text: Option<String>,
    url: Option<String>,
    title: Option<String>,
    lang: Option<String>,
    published: Option<String>,
}

/// Parses every line of a JSONL text; a bad line is an error naming `source:line`, the rest go on.
pub(crate) fn parse_jsonl(text: &str, source: &str, stem: &str) -> Vec<Result<RawDoc, InputError>> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| parse_line(line, i + 1, source, stem))
        .collect()
}

/// One line of a JSONL input as a document (`None` for a blank line); errors name `source:line`.
fn parse_line(
    line: &str,
    lineno: usize,
    source: &str,
    stem: &str,
) -> Option<Result<RawDoc, InputError>> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    let at = format!("{source}:{lineno}");
    let rec: Record = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(e) => return Some(Err(InputError::new(at, format!("malformed JSON: {e}")))),
    };
    let payload = match (rec.html, rec.text) {
        (Some(h), _) if !h.trim().is_empty() => Payload::Html(h),
        (_, Some(t)) if !t.trim().is_empty() => Payload::CleanText(t),
        _ => {
            return Some(Err(InputError::new(
                at,
                "record has neither \"html\" nor \"text\"",
            )))
        }
    };
    let id = match rec.id {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("{stem}-{lineno}"),
    };
    Some(Ok(RawDoc {
        id,
        source: at,
        payload,
        url: rec.url,
        title: rec.title,
        lang: rec.lang.filter(|l| !l.is_empty() && l != "auto"),
        published: rec.published,
        crawled: None,
    }))
}

/// JSONL records read one line at a time, so a dump of any size needs the memory of one line.
pub(crate) struct JsonlStream<R> {
    reader: R,
    source: String,
    stem: String,
    lineno: usize,
    line: Vec<u8>,
    done: bool,
    found: bool,
}

impl<R: BufRead> JsonlStream<R> {
    /// Reads records from `reader`; `source` names the input in errors, `stem` makes ids.
    pub(crate) fn new(reader: R, source: &str, stem: &str) -> Self {
        JsonlStream {
            reader,
            source: source.to_string(),
            stem: stem.to_string(),
            lineno: 0,
            line: Vec::new(),
            done: false,
            found: false,
        }
    }
}

impl<R: BufRead> Iterator for JsonlStream<R> {
    type Item = Result<RawDoc, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line.clear();
            self.lineno += 1;
            let at = || format!("{}:{}", self.source, self.lineno);
            match self.reader.read_until(b'\n', &mut self.line) {
                Ok(0) => self.done = true,
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(InputError::new(at(), format!("cannot read: {e}"))));
                }
            }
            let bytes = match self.lineno {
                1 => self.line.strip_prefix(UTF8_BOM).unwrap_or(&self.line),
                _ => &self.line,
            };
            // JSON Lines is UTF-8; a line in a legacy encoding is decoded as a file would be.
            let text = match std::str::from_utf8(bytes) {
                Ok(s) => Cow::Borrowed(s),
                Err(_) => match decode(bytes, false) {
                    Ok(s) => Cow::Owned(s),
                    Err(reason) => return Some(Err(InputError::new(at(), reason))),
                },
            };
            if let Some(doc) = parse_line(&text, self.lineno, &self.source, &self.stem) {
                self.found = true;
                return Some(doc);
            }
        }
        if !self.found {
            self.found = true;
            return Some(Err(InputError::new(
                self.source.clone(),
                "empty file (no records)",
            )));
        }
        None
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_and_reports_bad_lines() {
        let text = "{\"id\":\"a\",\"text\":\"Hallo Welt.\",\"lang\":\"de\"}\n{oops\n\n{\"html\":\"<p>x</p>\"}\n{\"id\":\"c\"}\n";
        let docs = parse_jsonl(text, "in.jsonl", "in");
        assert_eq!(docs.len(), 4);
        let a = docs[0].as_ref().unwrap();
        assert_eq!(a.id, "a");
        assert_eq!(a.payload, Payload::CleanText("Hallo Welt.".into()));
        assert_eq!(a.lang.as_deref(), Some("de"));
        assert!(docs[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("in.jsonl:2: malformed JSON"));
        assert_eq!(docs[2].as_ref().unwrap().id, "in-4");
        assert!(docs[3]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("neither"));
    }

    #[test]
    fn a_stream_reads_what_the_whole_text_reads() {
        let text = "\u{feff}{\"id\":\"a\",\"text\":\"Hallo Welt.\"}\r\n{oops\n\n{\"html\":\"<p>x</p>\"}\n{\"id\":\"c\"}";
        let whole = parse_jsonl(text.trim_start_matches('\u{feff}'), "in.jsonl", "in");
        let streamed: Vec<_> = JsonlStream::new(text.as_bytes(), "in.jsonl", "in").collect();
        assert_eq!(streamed, whole);
        assert_eq!(streamed.len(), 4);
        assert_eq!(streamed[0].as_ref().unwrap().id, "a");
    }

    #[test]
    fn a_stream_without_records_is_an_error() {
        let docs: Vec<_> = JsonlStream::new(&b"\n  \n"[..], "in.jsonl", "in").collect();
        assert_eq!(docs.len(), 1);
        assert!(docs[0].as_ref().unwrap_err().reason.contains("empty"));
    }

    #[test]
    fn a_stream_decodes_a_legacy_line_and_names_a_broken_one() {
        let mut bytes = b"{\"id\":\"a\",\"text\":\"Gr\xfc\xdfe aus M\xfcnchen.\"}\n".to_vec();
        bytes.extend_from_slice(b"{\"id\":\"b\",\"text\":\"ok\"}\n");
        let docs: Vec<_> = JsonlStream::new(&bytes[..], "in.jsonl", "in").collect();
        assert_eq!(
            docs[0].as_ref().unwrap().payload,
            Payload::CleanText("Grüße aus München.".into())
        );
        assert_eq!(docs[1].as_ref().unwrap().id, "b");
    }
}
