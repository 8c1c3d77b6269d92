//! Read queries: counts, full-text search, documents.

use newsgraph_core::{Document, Span};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::{Result, Store};

/// Full-text search ranks the best matches among this many most recently stored ones.
pub const SEARCH_WINDOW: usize = 2000;

/// How much the store holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Stored documents.
    pub documents: i64,
    /// Duplicate clusters (independent sources).
    pub clusters: i64,
    /// Distinct entities.
    pub entities: i64,
    /// Entity mentions.
    pub mentions: i64,
    /// Quotes.
    pub quotes: i64,
    /// Figures.
    pub quantities: i64,
    /// Attributed claims.
    pub attributions: i64,
    /// Date expressions.
    pub dates: i64,
    /// Inputs that failed, with their reason.
    pub errors: i64,
}

/// A document that matches a full-text query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// Document id.
    pub doc_id: String,
    /// Path or URL.
    pub source: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Body excerpt with the matches in `[` `]`.
    pub snippet: String,
}

impl Store {
    /// Row counts of the main tables.
    pub fn stats(&self) -> Result<Stats> {
        let count = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        Ok(Stats {
            documents: count("SELECT count(*) FROM documents")?,
            clusters: count("SELECT count(DISTINCT cluster) FROM documents")?,
            entities: count("SELECT count(*) FROM entities")?,
            mentions: count("SELECT count(*) FROM mentions")?,
            quotes: count("SELECT count(*) FROM quotes")?,
            quantities: count("SELECT count(*) FROM quantities")?,
            attributions: count("SELECT count(*) FROM attributions")?,
            dates: count("SELECT count(*) FROM dates")?,
            errors: count("SELECT count(*) FROM ingest_errors")?,
        })
    }

    /// Full-text search over titles and bodies, best matches first (among the
    /// [`SEARCH_WINDOW`] most recently stored matches). `query` may use FTS5
    /// syntax (`"exact phrase"`, `OR`, `NOT`, `prefix*`); text that is not valid FTS5 is
    /// searched as plain words.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        match self.search_fts(query, limit) {
            Ok(hits) => Ok(hits),
            Err(_) => {
                let words: Vec<String> = query
                    .split_whitespace()
                    .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                    .collect();
                if words.is_empty() {
                    return Ok(Vec::new());
                }
                self.search_fts(&words.join(" "), limit)
            }
        }
    }

    /// Ranks (bm25) only the [`SEARCH_WINDOW`] most recently stored matches: ranking costs
    /// a few microseconds per match, and a common word matches a third of a large store.
    fn search_fts(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let floor: i64 = self
            .conn
            .prepare_cached(
                "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?1
                 ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
            )?
            .query_row(params![query, SEARCH_WINDOW as i64 - 1], |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.doc_id, d.source, d.title, d.published,
                    snippet(documents_fts, 1, '[', ']', '…', 16)
             FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
             WHERE documents_fts MATCH ?1 AND documents_fts.rowid >= ?3
             ORDER BY rank LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![query, limit as i64, floor], |r| {
            Ok(SearchHit {
                doc_id: r.get(0)?,
                source: r.get(1)?,
                title: r.get(2)?,
                published: r.get(3)?,
                snippet: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// The stored document with this content hash, as the pipeline produced it.
    pub fn document_by_hash(&self, hash: &str) -> Result<Option<Document>> {
        let id: Option<i64> = self
            .conn
            .query_row("SELECT id FROM documents WHERE hash = ?1", [hash], |r| {
                r.get(0)
            })
            .optional()?;
        match id {
            Some(id) => stored_document(&self.conn, id),
            None => Ok(None),
        }
    }

    /// Recorded ingest errors as `(origin, reason)`, by origin.
    pub fn errors(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT origin, reason FROM ingest_errors ORDER BY origin")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}

/// The stored document with row id `id`: its JSON with the body and sentences put back.
pub(crate) fn stored_document(conn: &Connection, id: i64) -> Result<Option<Document>> {
    let row: Option<(String, String)> = conn
        .prepare_cached("SELECT json, body FROM documents WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((json, body)) = row else {
        return Ok(None);
    };
    let mut doc: Document = serde_json::from_str(&json)?;
    doc.body = body;
    let mut stmt =
        conn.prepare_cached("SELECT start, \"end\" FROM sentences WHERE doc = ?1 ORDER BY idx")?;
    let spans = stmt.query_map([id], |r| {
        Ok(Span {
            start: r.get::<_, i64>(0)? as usize,
            end: r.get::<_, i64>(1)? as usize,
        })
    })?;
    doc.sentences = spans.collect::<std::result::Result<_, _>>()?;
    Ok(Some(doc))
}
