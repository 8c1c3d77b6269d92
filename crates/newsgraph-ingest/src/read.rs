//! Files, folders, gzip and stdin.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

use crate::jsonl::{parse_jsonl, JsonlStream};
use crate::{decode, InputError, Payload, RawDoc};

/// One input named on the command line, after folders were expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

/// The kind of content, from the file name (`.gz` stripped) or by sniffing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Html,
    Text,
    Jsonl,
    Warc,
    Feed,
    Sniff,
}

const KNOWN_EXTENSIONS: &[&str] = &[
    "html", "htm", "xhtml", "txt", "text", "jsonl", "ndjson", "warc", "rss", "atom", "xml",
];

/// Expands folders recursively (files with known extensions, sorted) and keeps `-` as stdin.
///
/// A path that does not exist is an error for that path; the others are still returned.
pub fn collect_inputs(args: &[String]) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        if arg == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found, &mut errors);
            found.sort();
            inputs.extend(found.into_iter().map(Input::File));
        } else if path.exists() {
            inputs.push(Input::File(path.to_path_buf()));
        } else {
            errors.push(InputError::new(arg.clone(), "no such file or directory"));
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, errors: &mut Vec<InputError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(InputError::new(
                dir.display().to_string(),
                format!("cannot read folder: {e}"),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let p = entry.path();
        // The entry's type comes with the listing; only a link costs a look at its target.
        let is_dir = match entry.file_type() {
            Ok(t) if !t.is_symlink() => t.is_dir(),
            _ => p.is_dir(),
        };
        if is_dir {
            walk(&p, found, errors);
        } else if format_of(&p.to_string_lossy()).1 != Format::Sniff {
            found.push(p);
        }
    }
}

/// Reads one input into documents (several for JSONL); each failure names file and reason.
pub fn read_input(input: &Input) -> Vec<Result<RawDoc, InputError>> {
    match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
                return vec![Err(InputError::new(
                    "-",
                    format!("cannot read standard input: {e}"),
                ))];
            }
            read_bytes("-", "stdin", &bytes)
        }
        Input::File(path) => {
            let name = path.display().to_string();
            match std::fs::read(path) {
                Ok(bytes) => read_bytes(&name, &name, &bytes),
                Err(e) => vec![Err(InputError::new(name, format!("cannot read: {e}")))],
            }
        }
    }
}

/// The documents of one input, one at a time: JSON Lines (a file or standard input, gzip or
/// not) are read record by record, so a dump of any size needs the memory of one record; other
/// inputs are read whole, as [`read_input`] does.
pub fn stream_input(input: &Input) -> Documents {
    let (source, name) = match input {
        Input::Stdin => ("-".to_string(), "stdin".to_string()),
        Input::File(path) => (path.display().to_string(), path.display().to_string()),
    };
    let (stem, format) = format_of(&name);
    if !matches!(format, Format::Jsonl | Format::Sniff) {
        return Box::new(read_input(input).into_iter());
    }
    let reader: Box<dyn BufRead + Send> = match input {
        Input::Stdin => Box::new(BufReader::new(std::io::stdin())),
        Input::File(path) => match std::fs::File::open(path) {
            Ok(f) => Box::new(BufReader::new(f)),
            Err(e) => {
                return Box::new(std::iter::once(Err(InputError::new(
                    source,
                    format!("cannot read: {e}"),
                ))))
            }
        },
    };
    let fail = |e: std::io::Error| -> Documents {
        Box::new(std::iter::once(Err(InputError::new(
            source.clone(),
            format!("cannot read: {e}"),
        ))))
    };
    let (mut reader, jsonl) = match unzip_and_sniff(reader, format) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    if jsonl {
        return Box::new(JsonlStream::new(reader, &source, &stem));
    }
    // Not JSON Lines in UTF-8 after all: the rest, with what was peeked, is read whole.
    let mut bytes = Vec::new();
    match reader.read_to_end(&mut bytes) {
        Ok(_) => Box::new(read_bytes(&source, &name, &bytes).into_iter()),
        Err(e) => fail(e),
    }
}

/// The documents of one input, in order; see [`stream_input`].
pub type Documents = Box<dyn Iterator<Item = Result<RawDoc, InputError>> + Send>;

/// `reader`, unzipped when it is gzip, and whether it holds JSON Lines in UTF-8 (by name, or
/// by sniffing when the name says nothing).
fn unzip_and_sniff(
    mut reader: Box<dyn BufRead + Send>,
    format: Format,
) -> std::io::Result<(Box<dyn BufRead + Send>, bool)> {
    if reader.fill_buf()?.starts_with(&[0x1f, 0x8b]) {
        reader = Box::new(BufReader::new(MultiGzDecoder::new(reader)));
    }
    let head = reader.fill_buf()?;
    // UTF-16, binary and empty content are read whole, where decoding names what is wrong.
    let plain = !head.is_empty()
        && !head.contains(&0)
        && !head.starts_with(&[0xff, 0xfe])
        && !head.starts_with(&[0xfe, 0xff]);
    let jsonl = format == Format::Jsonl || sniff(head) == Format::Jsonl;
    Ok((reader, jsonl && plain))
}

/// Turns the bytes of a named input into documents. `name` decides the format and the id.
pub fn read_bytes(source: &str, name: &str, bytes: &[u8]) -> Vec<Result<RawDoc, InputError>> {
    let (stem, mut format) = format_of(name);
    let mut gunzipped = Vec::new();
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        if let Err(e) = MultiGzDecoder::new(bytes).read_to_end(&mut gunzipped) {
            return vec![Err(InputError::new(
                source,
                format!("broken gzip data: {e}"),
            ))];
        }
        &gunzipped[..]
    } else {
        bytes
    };
    if format == Format::Sniff {
        format = sniff(bytes);
    }
    match format {
        Format::Warc => return crate::warc::read_warc(bytes, source),
        Format::Feed => return crate::feed::read_feed(bytes, source, &stem),
        _ => {}
    }
    let text = match decode(bytes, format == Format::Html) {
        Ok(t) => t,
        Err(reason) => return vec![Err(InputError::new(source, reason))],
    };
    let payload = match format {
        Format::Jsonl => return parse_jsonl(&text, source, &stem),
        Format::Html => Payload::Html(text),
        Format::Text | Format::Sniff | Format::Warc | Format::Feed => Payload::PageText(text),
    };
    vec![Ok(RawDoc {
        id: stem,
        source: source.to_string(),
        payload,
        url: None,
        title: None,
        lang: None,
        published: None,
        crawled: None,
    })]
}

/// The id (file name without known extensions and `.gz`) and the format a name implies.
fn format_of(name: &str) -> (String, Format) {
    let file = Path::new(name)
        .file_name()
        .map_or_else(|| name.to_string(), |f| f.to_string_lossy().to_string());
    let base = file.strip_suffix(".gz").unwrap_or(&file);
    if let Some((stem, ext)) = base.rsplit_once('.') {
        let ext = ext.to_ascii_lowercase();
        if KNOWN_EXTENSIONS.contains(&ext.as_str()) {
            let format = match ext.as_str() {
                "html" | "htm" | "xhtml" => Format::Html,
                "jsonl" | "ndjson" => Format::Jsonl,
                "warc" => Format::Warc,
                "rss" | "atom" | "xml" => Format::Feed,
                _ => Format::Text,
            };
            return (stem.to_string(), format);
        }
    }
    (base.to_string(), Format::Sniff)
}

/// Guesses the format of unnamed content: markup, JSON records, or text.
fn sniff(bytes: &[u8]) -> Format {
    let head: Vec<u8> = bytes
        .iter()
        .copied()
        .skip_while(|b| b.is_ascii_whitespace() || *b == 0xEF || *b == 0xBB || *b == 0xBF)
        .take(512)
        .collect();
    let lower = String::from_utf8_lossy(&head).to_ascii_lowercase();
    if lower.starts_with("warc/") {
        Format::Warc
    } else if lower.contains("<rss") || lower.contains("<feed") {
        Format::Feed
    } else if lower.starts_with("<!doctype")
        || lower.starts_with("<html")
        || lower.starts_with("<?xml")
        || lower.starts_with("<head")
        || lower.starts_with("<!--")
    {
        Format::Html
    } else if lower.starts_with('{') {
        Format::Jsonl
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn ids_strip_extensions_and_gzip() {
        assert_eq!(
            format_of("a/b/de-0001.txt"),
            ("de-0001".into(), Format::Text)
        );
        assert_eq!(format_of("x.html.gz"), ("x".into(), Format::Html));
        assert_eq!(
            format_of("die-partei.net.luebeck.html"),
            ("die-partei.net.luebeck".into(), Format::Html)
        );
        assert_eq!(format_of("dump.ndjson"), ("dump".into(), Format::Jsonl));
        assert_eq!(format_of("noext").1, Format::Sniff);
        assert_eq!(
            format_of("cc-news.warc.gz"),
            ("cc-news".into(), Format::Warc)
        );
        assert_eq!(format_of("feed.xml").1, Format::Feed);
    }

    #[test]
    fn gzip_input_is_decompressed() {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all("<html><body><p>Hallo</p></body></html>".as_bytes())
            .unwrap();
        let gz = enc.finish().unwrap();
        let docs = read_bytes("p.html.gz", "p.html.gz", &gz);
        assert_eq!(docs[0].as_ref().unwrap().id, "p");
        assert!(matches!(
            docs[0].as_ref().unwrap().payload,
            Payload::Html(_)
        ));
        let bad = read_bytes("q.txt.gz", "q.txt.gz", &gz[..gz.len() / 2]);
        assert!(bad[0].as_ref().unwrap_err().reason.contains("gzip"));
    }

    #[test]
    fn stdin_content_is_sniffed() {
        assert_eq!(sniff(b"  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff(b"{\"id\":1}\n"), Format::Jsonl);
        assert_eq!(sniff(b"Tokio. Nordkorea"), Format::Text);
        assert_eq!(sniff(b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><rss>"), Format::Feed);
    }

    #[test]
    fn missing_paths_are_reported_and_others_kept() {
        let dir = std::env::temp_dir().join(format!("ng-ingest-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/a.txt"), "Text.").unwrap();
        std::fs::write(dir.join("b.html"), "<p>x</p>").unwrap();
        std::fs::write(dir.join("ignored.png"), [0u8; 4]).unwrap();
        let (inputs, errors) =
            collect_inputs(&[dir.display().to_string(), "/nonexistent/zz.txt".into()]);
        assert_eq!(inputs.len(), 2);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("/nonexistent/zz.txt"));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn streamed_inputs_give_what_whole_reads_give() {
        let dir = std::env::temp_dir().join(format!("ng-stream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let records = "{\"id\":\"a\",\"text\":\"Eins.\"}\n{bad\n{\"html\":\"<p>Zwei</p>\"}\n";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(records.as_bytes()).unwrap();
        let files = [
            ("dump.jsonl", records.as_bytes().to_vec()),
            ("dump.ndjson.gz", gz.finish().unwrap()),
            ("records", records.as_bytes().to_vec()),
            ("empty.jsonl", Vec::new()),
            ("page.html", b"<p>Hallo</p>".to_vec()),
            ("utf16.jsonl", vec![0xff, 0xfe, b'{', 0, b'}', 0]),
        ];
        for (name, bytes) in files {
            let path = dir.join(name);
            std::fs::write(&path, &bytes).unwrap();
            let input = Input::File(path);
            let streamed: Vec<_> = stream_input(&input).collect();
            assert_eq!(streamed, read_input(&input), "{name}");
            assert!(!streamed.is_empty(), "{name}");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
