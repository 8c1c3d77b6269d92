//! JSON Lines records: `id`, and `html` or `text`, optional `url`, `title`, `lang`, `published`.

use serde::Deserialize;

use crate::{InputError, Payload, RawDoc};

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
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let lineno = i + 1;
        let at = format!("{source}:{lineno}");
        let rec: Record = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                out.push(Err(InputError::new(at, format!("malformed JSON: {e}"))));
                continue;
            }
        };
        let payload = match (rec.html, rec.text) {
            (Some(h), _) if !h.trim().is_empty() => Payload::Html(h),
            (_, Some(t)) if !t.trim().is_empty() => Payload::CleanText(t),
            _ => {
                out.push(Err(InputError::new(
                    at,
                    "record has neither \"html\" nor \"text\"",
                )));
                continue;
            }
        };
        let id = match rec.id {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => format!("{stem}-{lineno}"),
        };
        out.push(Ok(RawDoc {
            id,
            source: at,
            payload,
            url: rec.url,
            title: rec.title,
            lang: rec.lang.filter(|l| !l.is_empty() && l != "auto"),
            published: rec.published,
            crawled: None,
        }));
    }
    out
}

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
}
