//! Batched, idempotent writes: one transaction per batch, one document keyed by its hash.

use std::collections::{BTreeSet, HashMap};

use newsgraph_core::{Document, Entity, Quantity};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use crate::minhash::{self, DUPLICATE_THRESHOLD};
use crate::{Result, Store};

/// A processed document ready to be stored.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// [`crate::content_hash`] of the raw input: the identity of the document in the store.
    pub hash: String,
    /// File (and line or record) it was read from.
    pub origin: String,
    /// URL the input gave, if any.
    pub url: Option<String>,
    /// The pipeline's output.
    pub doc: Document,
}

/// What a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// New documents stored.
    pub inserted: usize,
    /// Stored documents re-extracted (`replace`).
    pub replaced: usize,
    /// Documents already stored and left alone.
    pub skipped: usize,
    /// Ingest errors recorded.
    pub errors: usize,
}

impl Store {
    /// Whether a document with this content hash is stored.
    pub fn contains(&self, hash: &str) -> Result<bool> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE hash = ?1")?;
        Ok(stmt.exists([hash])?)
    }

    /// Stores a batch in one transaction: documents not yet stored are inserted, stored ones
    /// are skipped (or re-extracted in place when `replace`), and each `(origin, reason)` in
    /// `errors` is recorded. Killed midway, the database holds the whole batch or none of it.
    pub fn write_batch(
        &mut self,
        docs: &[NewDocument],
        errors: &[(String, String)],
        replace: bool,
    ) -> Result<WriteStats> {
        let mut stats = WriteStats::default();
        let tx = self.conn.transaction()?;
        for d in docs {
            let existing: Option<i64> = tx
                .prepare_cached("SELECT id FROM documents WHERE hash = ?1")?
                .query_row([&d.hash], |r| r.get(0))
                .optional()?;
            match existing {
                Some(_) if !replace => stats.skipped += 1,
                Some(id) => {
                    replace_document(&tx, id, d)?;
                    stats.replaced += 1;
                }
                None => {
                    insert_document(&tx, d)?;
                    stats.inserted += 1;
                }
            }
            // A document that is stored now is no longer an error.
            tx.prepare_cached("DELETE FROM ingest_errors WHERE origin = ?1")?
                .execute([&d.origin])?;
        }
        for (origin, reason) in errors {
            tx.prepare_cached(
                "INSERT INTO ingest_errors(origin, reason) VALUES (?1, ?2)
                 ON CONFLICT(origin) DO UPDATE SET reason = excluded.reason
                 WHERE reason <> excluded.reason",
            )?
            .execute([origin, reason])?;
            stats.errors += 1;
        }
        tx.commit()?;
        Ok(stats)
    }
}

/// The document as JSON without its body and sentences, which have their own column and
/// table (no need to store them twice; [`Store::document_by_hash`] puts them back).
fn doc_json(doc: &Document) -> Result<String> {
    let slim = Document {
        body: String::new(),
        sentences: Vec::new(),
        ..doc.clone()
    };
    Ok(serde_json::to_string(&slim)?)
}

fn insert_document(tx: &Transaction, d: &NewDocument) -> Result<()> {
    let doc = &d.doc;
    tx.prepare_cached(
        "INSERT INTO documents(hash, doc_id, origin, source, url, lang, title, dateline,
             published, body, json, cluster)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0)",
    )?
    .execute(params![
        d.hash,
        doc.id,
        d.origin,
        doc.source,
        d.url,
        doc.lang,
        doc.title,
        doc.dateline,
        doc.published,
        doc.body,
        doc_json(doc)?,
    ])?;
    let id = tx.last_insert_rowid();
    insert_children(tx, id, doc)
}

fn replace_document(tx: &Transaction, id: i64, d: &NewDocument) -> Result<()> {
    let doc = &d.doc;
    for table in [
        "sentences",
        "mentions",
        "quotes",
        "quantities",
        "attributions",
        "dates",
        "lsh",
    ] {
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE doc = ?1"))?
            .execute([id])?;
    }
    tx.prepare_cached(
        "UPDATE documents SET doc_id = ?2, origin = ?3, source = ?4, url = ?5, lang = ?6,
             title = ?7, dateline = ?8, published = ?9, body = ?10, json = ?11
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        doc.id,
        d.origin,
        doc.source,
        d.url,
        doc.lang,
        doc.title,
        doc.dateline,
        doc.published,
        doc.body,
        doc_json(doc)?,
    ])?;
    insert_children(tx, id, doc)
}

/// Lowercase name of a serde unit enum value ("direct", "estimate", ...).
fn enum_str<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The stable key of an entity across documents: its KB id, else type and canonical name.
fn entity_key(e: &Entity) -> String {
    match &e.kb_id {
        Some(k) if !k.is_empty() => k.clone(),
        _ => format!("{}:{}", enum_str(&e.entity_type), e.name),
    }
}

fn insert_children(tx: &Transaction, id: i64, doc: &Document) -> Result<()> {
    for (i, s) in doc.sentences.iter().enumerate() {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO sentences(doc, idx, start, \"end\") VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, i as i64, s.start as i64, s.end as i64])?;
    }

    let mut entity_rows: HashMap<&str, i64> = HashMap::new();
    for e in &doc.entities {
        let key = entity_key(e);
        tx.prepare_cached(
            "INSERT INTO entities(key, kb_id, name, type, subtype, code, country)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(key) DO NOTHING",
        )?
        .execute(params![
            key,
            e.kb_id,
            e.name,
            enum_str(&e.entity_type),
            e.subtype,
            e.code,
            e.country
        ])?;
        let row: i64 = tx
            .prepare_cached("SELECT id FROM entities WHERE key = ?1")?
            .query_row([&key], |r| r.get(0))?;
        entity_rows.insert(e.id.as_str(), row);
        for m in &e.mentions {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO mentions(doc, entity, local_id, start, \"end\", text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![id, row, e.id, m.start as i64, m.end as i64, m.text])?;
        }
    }

    for (i, q) in doc.quotes.iter().enumerate() {
        let speaker = q
            .speaker_id
            .as_deref()
            .and_then(|s| entity_rows.get(s).copied());
        tx.prepare_cached(
            "INSERT INTO quotes(doc, idx, text, kind, speaker, speaker_entity, cue, start, \"end\")
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            id,
            i as i64,
            q.text,
            enum_str(&q.kind),
            q.speaker,
            speaker,
            q.cue,
            q.start as i64,
            q.end as i64
        ])?;
    }

    for (i, a) in doc.attributions.iter().enumerate() {
        let source = a
            .source_id
            .as_deref()
            .and_then(|s| entity_rows.get(s).copied());
        tx.prepare_cached(
            "INSERT INTO attributions(doc, idx, claim, source, source_entity, hedge, cue, start,
                 \"end\", quantity_ids, entity_ids)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            id,
            i as i64,
            a.claim,
            a.source,
            source,
            enum_str(&a.hedge),
            a.cue,
            a.start as i64,
            a.end as i64,
            serde_json::to_string(&a.quantity_ids)?,
            serde_json::to_string(&a.entity_ids)?
        ])?;
    }

    for q in &doc.quantities {
        let ctx = quantity_context(doc, q);
        tx.prepare_cached(
            "INSERT OR IGNORE INTO quantities(doc, local_id, text, value, value_max, unit,
                 approximate, bound, vague, of, per, start, \"end\", sentence, hedge, claimed_by,
                 subjects, year)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18)",
        )?
        .execute(params![
            id,
            q.id,
            q.text,
            q.value,
            q.value_max,
            q.unit,
            q.approximate,
            q.bound.as_ref().map(enum_str),
            q.vague,
            q.of,
            q.per,
            q.start as i64,
            q.end as i64,
            ctx.sentence.map(|s| s as i64),
            ctx.hedge,
            ctx.claimed_by,
            serde_json::to_string(&ctx.subjects)?,
            ctx.year,
        ])?;
    }

    for (i, d) in doc.dates.iter().enumerate() {
        tx.prepare_cached(
            "INSERT INTO dates(doc, idx, text, value, \"mod\", start, \"end\")
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            id,
            i as i64,
            d.text,
            d.value,
            d.modifier.as_ref().map(enum_str),
            d.start as i64,
            d.end as i64
        ])?;
    }

    assign_cluster(tx, id, &doc.body)
}

/// Where a figure stands: its sentence, the claim around it, what it is about and when.
struct QuantityContext {
    sentence: Option<usize>,
    hedge: Option<String>,
    claimed_by: Option<String>,
    subjects: Vec<String>,
    year: Option<String>,
}

/// The sentence of a figure, the attribution that carries it (by id, else by span) or else
/// the quote of a resolved speaker around it ("The Times reported that … 4,000 jobs": the
/// Times claims it), the canonical names of the entities mentioned in that sentence other
/// than the claim's source, and the year of the date expression in the sentence when there
/// is exactly one.
fn quantity_context(doc: &Document, q: &Quantity) -> QuantityContext {
    let sentence = doc
        .sentences
        .iter()
        .position(|s| s.start <= q.start && q.start < s.end);
    let attribution = doc
        .attributions
        .iter()
        .find(|a| a.quantity_ids.iter().any(|id| id == &q.id))
        .or_else(|| {
            doc.attributions
                .iter()
                .find(|a| a.start <= q.start && q.end <= a.end)
        });
    let (lo, hi) = match sentence.and_then(|i| doc.sentences.get(i)) {
        Some(s) => (s.start, s.end),
        None => attribution.map_or((q.start, q.end), |a| (a.start, a.end)),
    };
    let quote = doc
        .quotes
        .iter()
        .filter(|_| attribution.is_none())
        .find(|x| x.speaker_id.is_some() && x.start <= q.start && q.end <= x.end);
    let source_id = attribution
        .and_then(|a| a.source_id.as_deref())
        .or(quote.and_then(|x| x.speaker_id.as_deref()));
    let subjects: BTreeSet<String> = doc
        .entities
        .iter()
        .filter(|e| Some(e.id.as_str()) != source_id)
        .filter(|e| e.mentions.iter().any(|m| lo <= m.start && m.end <= hi))
        .map(|e| e.name.clone())
        .collect();
    let years: BTreeSet<&str> = doc
        .dates
        .iter()
        .filter(|d| lo <= d.start && d.end <= hi)
        .filter_map(|d| d.value.get(..4))
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    QuantityContext {
        sentence,
        hedge: attribution.map(|a| enum_str(&a.hedge)),
        claimed_by: attribution
            .and_then(|a| a.source.clone())
            .or(quote.and_then(|x| x.speaker.clone())),
        subjects: subjects.into_iter().collect(),
        year: (years.len() == 1)
            .then(|| years.into_iter().next().map(str::to_string))
            .flatten(),
    }
}

/// Puts a document into the cluster of its most similar earlier document (estimated Jaccard
/// of body shingles at least [`DUPLICATE_THRESHOLD`], ties to the earliest), else its own.
fn assign_cluster(tx: &Transaction, id: i64, body: &str) -> Result<()> {
    let Some(sig) = minhash::signature(body) else {
        tx.prepare_cached("UPDATE documents SET cluster = ?1, minhash = NULL WHERE id = ?1")?
            .execute([id])?;
        return Ok(());
    };
    let bands = minhash::bands(&sig);
    let mut candidates = BTreeSet::new();
    for (band, bucket) in &bands {
        let mut stmt =
            tx.prepare_cached("SELECT doc FROM lsh WHERE band = ?1 AND bucket = ?2 AND doc < ?3")?;
        let rows = stmt.query_map(params![band, bucket, id], |r| r.get::<_, i64>(0))?;
        for row in rows {
            candidates.insert(row?);
        }
    }
    let mut best: Option<(f64, i64)> = None;
    for cand in candidates {
        let (blob, cluster): (Option<Vec<u8>>, i64) = tx
            .prepare_cached("SELECT minhash, cluster FROM documents WHERE id = ?1")?
            .query_row([cand], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let Some(other) = blob.as_deref().and_then(minhash::from_blob) else {
            continue;
        };
        let sim = minhash::similarity(&sig, &other);
        if sim >= DUPLICATE_THRESHOLD && best.is_none_or(|(s, _)| sim > s) {
            best = Some((sim, cluster));
        }
    }
    let cluster = best.map_or(id, |(_, c)| c);
    tx.prepare_cached("UPDATE documents SET cluster = ?2, minhash = ?3 WHERE id = ?1")?
        .execute(params![id, cluster, minhash::to_blob(&sig)])?;
    for (band, bucket) in bands {
        tx.prepare_cached("INSERT OR IGNORE INTO lsh(band, bucket, doc) VALUES (?1, ?2, ?3)")?
            .execute(params![band, bucket, id])?;
    }
    Ok(())
}
