//! RSS and Atom feeds (`.rss`, `.atom`, `.xml`): each item with text becomes one document with
//! the item's link, title, date and content (full content, else the summary).

use crate::{InputError, Payload, RawDoc};

/// Reads every item of a feed; an item without text is an error naming it, a file that is not
/// a feed is one error.
pub(crate) fn read_feed(bytes: &[u8], source: &str, stem: &str) -> Vec<Result<RawDoc, InputError>> {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            return vec![Err(InputError::new(
                source,
                format!("not an RSS/Atom feed: {e}"),
            ))]
        }
    };
    let mut out = Vec::new();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let at = format!("{source}#{}", i + 1);
        let text = entry
            .content
            .and_then(|c| c.body)
            .filter(|b| !b.trim().is_empty())
            .or_else(|| entry.summary.map(|s| s.content))
            .filter(|b| !b.trim().is_empty());
        let Some(text) = text else {
            out.push(Err(InputError::new(
                at,
                "feed item has no content or summary",
            )));
            continue;
        };
        // Feed content is usually escaped HTML; a plain summary needs no page cleaning.
        let payload = if text.contains('<') {
            Payload::Html(text)
        } else {
            Payload::CleanText(text)
        };
        let id = if entry.id.trim().is_empty() {
            format!("{stem}-{}", i + 1)
        } else {
            entry.id
        };
        out.push(Ok(RawDoc {
            id,
            source: at,
            payload,
            url: entry.links.into_iter().next().map(|l| l.href),
            title: entry.title.map(|t| t.content.trim().to_string()),
            lang: None,
            published: entry
                .published
                .or(entry.updated)
                .map(|d| d.date_naive().to_string()),
            crawled: None,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Nachrichten</title><link>https://n.example/</link>
<description>x</description>
<item><title>Kim empfängt Lawrow</title><link>https://n.example/a</link><guid>a-1</guid>
<pubDate>Sat, 12 Jul 2025 09:30:00 +0200</pubDate>
<description>&lt;p&gt;Nordkoreas Machthaber Kim Jong-un hat Lawrow empfangen.&lt;/p&gt;</description></item>
<item><title>Leer</title><link>https://n.example/b</link><guid>b-2</guid></item>
<item><title>Ohne Markup</title><link>https://n.example/c</link>
<pubDate>Sun, 13 Jul 2025 06:00:00 GMT</pubDate><description>Ein kurzer Text.</description></item>
</channel></rss>"#;

    #[test]
    fn rss_items_become_documents() {
        let docs = read_feed(RSS.as_bytes(), "n.rss", "n");
        assert_eq!(docs.len(), 3);
        let a = docs[0].as_ref().unwrap();
        assert_eq!(a.id, "a-1");
        assert_eq!(a.url.as_deref(), Some("https://n.example/a"));
        assert_eq!(a.title.as_deref(), Some("Kim empfängt Lawrow"));
        assert_eq!(a.published.as_deref(), Some("2025-07-12"));
        assert!(matches!(&a.payload, Payload::Html(h) if h.contains("Kim Jong-un")));
        assert!(docs[1].as_ref().unwrap_err().reason.contains("no content"));
        let c = docs[2].as_ref().unwrap();
        assert_eq!(c.payload, Payload::CleanText("Ein kurzer Text.".into()));
        assert_eq!(c.published.as_deref(), Some("2025-07-13"));
    }

    #[test]
    fn atom_entries_and_non_feeds() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title><id>urn:w</id>
<updated>2025-07-12T10:00:00Z</updated>
<entry><title>Pact</title><id>urn:w:1</id><link href="https://w.example/1"/>
<updated>2025-07-11T10:00:00Z</updated>
<content type="html">&lt;p&gt;The pact was signed.&lt;/p&gt;</content></entry></feed>"#;
        let docs = read_feed(atom.as_bytes(), "w.atom", "w");
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.id, "urn:w:1");
        assert_eq!(d.url.as_deref(), Some("https://w.example/1"));
        assert_eq!(d.published.as_deref(), Some("2025-07-11"));
        let bad = read_feed(b"<html><body>no feed</body></html>", "x.xml", "x");
        assert!(bad[0]
            .as_ref()
            .unwrap_err()
            .reason
            .contains("not an RSS/Atom feed"));
    }
}
