//! Batched, idempotent writes: one transaction per batch, one document keyed by its hash.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use newsgraph_core::{Document, Entity, Quantity};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use crate::measures::Family;
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
    // The id SQLite would give (max + 1), chosen here so that the cluster (the document's own
    // id when it has no near-duplicate) goes in with the row instead of a second write of
    // the wide row.
    let id: i64 = tx
        .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM documents")?
        .query_row([], |r| r.get(0))?;
    let signature = minhash::signature(&doc.body);
    let cluster = match &signature {
        Some(sig) => nearest_cluster(tx, id, sig)?.unwrap_or(id),
        None => id,
    };
    tx.prepare_cached(
        "INSERT INTO documents(id, hash, doc_id, origin, source, url, lang, title, dateline,
             published, body, json, cluster)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        id,
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
        cluster,
    ])?;
    if let Some(sig) = &signature {
        store_signature(tx, id, cluster, sig)?;
    }
    insert_children(tx, id, doc)
}

fn replace_document(tx: &Transaction, id: i64, d: &NewDocument) -> Result<()> {
    let doc = &d.doc;
    // The measures its old figures are in change.
    tx.prepare_cached(
        "UPDATE measure_families SET dirty = 1 WHERE dirty = 0 AND id IN
             (SELECT family FROM quantities WHERE doc = ?1 AND family IS NOT NULL)",
    )?
    .execute([id])?;
    // Take the document's old mentions out of the name and day counts before its rows go.
    tx.prepare_cached(
        "UPDATE entity_days SET documents = documents - 1, mentions = mentions - (SELECT
             x.mentions FROM entity_docs x WHERE x.doc = ?1 AND x.entity = entity_days.entity)
         WHERE (entity, day) IN
             (SELECT entity, substr(published, 1, 10) FROM entity_docs WHERE doc = ?1)",
    )?
    .execute([id])?;
    tx.prepare_cached(
        "DELETE FROM entity_days WHERE documents <= 0 AND (entity, day) IN
             (SELECT entity, substr(published, 1, 10) FROM entity_docs WHERE doc = ?1)",
    )?
    .execute([id])?;
    tx.prepare_cached(
        "UPDATE entity_names SET mentions = mentions - (SELECT count(*) FROM mentions m
             WHERE m.doc = ?1 AND m.entity = entity_names.entity AND m.text = entity_names.text)
         WHERE (entity, text) IN (SELECT entity, text FROM mentions WHERE doc = ?1)",
    )?
    .execute([id])?;
    for table in [
        "sentences",
        "mentions",
        "quotes",
        "quantities",
        "attributions",
        "dates",
        "lsh",
        "entity_docs",
        "figure_entities",
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
    reassign_cluster(tx, id, &doc.body)?;
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

    let published = doc.published.as_deref().unwrap_or("");
    let mut entity_rows: HashMap<&str, i64> = HashMap::new();
    // Stored mentions per entity row (two local entities can share a row).
    let mut per_row: BTreeMap<i64, i64> = BTreeMap::new();
    for e in &doc.entities {
        let row = entity_row(tx, e)?;
        entity_rows.insert(e.id.as_str(), row);
        let mut forms: HashMap<&str, i64> = HashMap::new();
        let mut stored = 0i64;
        // names only: a pronoun or description a quote resolved is no name of the entity
        for m in e.mentions.iter().filter(|m| m.refers.is_none()) {
            let n = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO mentions(doc, entity, local_id, start, \"end\", text)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![id, row, e.id, m.start as i64, m.end as i64, m.text])?;
            if n > 0 {
                *forms.entry(m.text.as_str()).or_default() += 1;
                stored += 1;
            }
        }
        for (text, n) in forms {
            add_name(tx, row, text, n)?;
        }
        if stored > 0 {
            *per_row.entry(row).or_default() += stored;
        }
    }
    let day: String = published.chars().take(10).collect();
    for (row, n) in per_row {
        tx.prepare_cached(
            "INSERT INTO entity_docs(entity, published, doc, mentions) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![row, published, id, n])?;
        tx.prepare_cached(
            "INSERT INTO entity_days(entity, day, documents, mentions) VALUES (?1, ?2, 1, ?3)
             ON CONFLICT DO UPDATE SET documents = documents + 1,
                 mentions = mentions + excluded.mentions",
        )?
        .execute(params![row, day, n])?;
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
        let family = match figure_family(q, &ctx) {
            Some(f) => Some(f.mark_dirty(tx)?),
            None => None,
        };
        tx.prepare_cached(
            "INSERT OR IGNORE INTO quantities(doc, local_id, text, value, value_max, unit,
                 approximate, bound, vague, of, per, start, \"end\", sentence, hedge, claimed_by,
                 subjects, year, published, family)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18, ?19, ?20)",
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
            doc.published,
            family,
        ])?;
        for e in &ctx.mentioned {
            if let Some(row) = entity_rows.get(e) {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO figure_entities(entity, published, doc, start, local_id)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![row, published, id, q.start as i64, q.id])?;
            }
        }
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

    Ok(())
}

/// The row id of an entity, inserted (with its canonical name as a lookup name) when new.
fn entity_row(tx: &Transaction, e: &Entity) -> Result<i64> {
    let key = entity_key(e);
    let found: Option<i64> = tx
        .prepare_cached("SELECT id FROM entities WHERE key = ?1")?
        .query_row([&key], |r| r.get(0))
        .optional()?;
    if let Some(row) = found {
        return Ok(row);
    }
    tx.prepare_cached(
        "INSERT INTO entities(key, kb_id, name, type, subtype, code, country)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
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
    let row = tx.last_insert_rowid();
    add_name(tx, row, &e.name, 0)?;
    Ok(row)
}

/// Adds `n` mentions to the lookup name `text` of entity `row` (creating it at `n`).
pub(crate) fn add_name(tx: &Transaction, row: i64, text: &str, n: i64) -> Result<()> {
    let folded = fold(text);
    let last = folded.rsplit(char::is_whitespace).next().unwrap_or("");
    tx.prepare_cached(
        "INSERT INTO entity_names(entity, text, folded, last, mentions) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT DO UPDATE SET mentions = mentions + excluded.mentions",
    )?
    .execute(params![row, text, folded, last, n])?;
    Ok(())
}

/// Trimmed and lowercased (full Unicode): the comparison key of names and aliases.
pub(crate) fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Where a figure stands: its sentence, the claim around it, what it is about and when.
pub(crate) struct QuantityContext<'a> {
    sentence: Option<usize>,
    /// Local ids of every entity mentioned in the figure's sentence (the source included).
    mentioned: Vec<&'a str>,
    hedge: Option<String>,
    claimed_by: Option<String>,
    subjects: Vec<String>,
    /// The year stated in the sentence, when it states exactly one.
    year: Option<String>,
    /// The year the figure refers to: the one stated, else (none stated) the document's
    /// publication year; `None` when the sentence states several or the document is undated.
    refers_to: Option<String>,
}

/// The measure family of a figure in its context, `None` where grouping abstains.
pub(crate) fn figure_family(q: &Quantity, ctx: &QuantityContext) -> Option<Family> {
    Family::of_figure(
        &q.unit,
        q.of.as_deref(),
        q.per.as_deref(),
        q.vague,
        !ctx.subjects.is_empty(),
        ctx.refers_to.clone(),
    )
}

/// The sentence of a figure, the attribution that carries it (by id, else by span) or else
/// the quote of a resolved speaker around it ("The Times reported that … 4,000 jobs": the
/// Times claims it), the canonical names of the entities mentioned in that sentence other
/// than the claim's source, and the year of the date expression in the sentence when there
/// is exactly one (else the publication year when the sentence states none).
pub(crate) fn quantity_context<'a>(doc: &'a Document, q: &Quantity) -> QuantityContext<'a> {
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
    // As the figure queries read it: a mention starting inside the sentence.
    let mentioned = match sentence.and_then(|i| doc.sentences.get(i)) {
        Some(s) => doc
            .entities
            .iter()
            .filter(|e| {
                e.mentions
                    .iter()
                    .any(|m| s.start <= m.start && m.start < s.end)
            })
            .map(|e| e.id.as_str())
            .collect(),
        None => Vec::new(),
    };
    let years: BTreeSet<&str> = doc
        .dates
        .iter()
        .filter(|d| lo <= d.start && d.end <= hi)
        .filter_map(|d| d.value.get(..4))
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    QuantityContext {
        sentence,
        mentioned,
        hedge: attribution.map(|a| enum_str(&a.hedge)),
        claimed_by: attribution
            .and_then(|a| a.source.clone())
            .or(quote.and_then(|x| x.speaker.clone())),
        subjects: subjects.into_iter().collect(),
        year: (years.len() == 1)
            .then(|| years.first().map(|y| y.to_string()))
            .flatten(),
        refers_to: match years.len() {
            0 => doc
                .published
                .as_deref()
                .and_then(|p| p.get(..4))
                .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
                .map(str::to_string),
            1 => years.first().map(|y| y.to_string()),
            _ => None,
        },
    }
}

/// The cluster of the most similar earlier document (estimated Jaccard of body shingles at
/// least [`DUPLICATE_THRESHOLD`], ties to the earliest), if any.
fn nearest_cluster(tx: &Transaction, id: i64, sig: &minhash::Signature) -> Result<Option<i64>> {
    let mut candidates = BTreeSet::new();
    for (band, bucket) in minhash::bands(sig) {
        let mut stmt =
            tx.prepare_cached("SELECT doc FROM lsh WHERE band = ?1 AND bucket = ?2 AND doc < ?3")?;
        let rows = stmt.query_map(params![band, bucket, id], |r| r.get::<_, i64>(0))?;
        for row in rows {
            candidates.insert(row?);
        }
    }
    let mut best: Option<(f64, i64)> = None;
    let mut stmt =
        tx.prepare_cached("SELECT minhash, cluster FROM doc_signatures WHERE doc = ?1")?;
    for cand in candidates {
        let Some((blob, cluster)) = stmt
            .query_row([cand], |r| {
                Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?))
            })
            .optional()?
        else {
            continue;
        };
        let Some(other) = minhash::from_blob(&blob) else {
            continue;
        };
        let sim = minhash::similarity(sig, &other);
        if sim >= DUPLICATE_THRESHOLD && best.is_none_or(|(s, _)| sim > s) {
            best = Some((sim, cluster));
        }
    }
    Ok(best.map(|(_, c)| c))
}

/// Records a document's signature, cluster and LSH buckets.
fn store_signature(
    tx: &Transaction,
    id: i64,
    cluster: i64,
    sig: &minhash::Signature,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO doc_signatures(doc, cluster, minhash) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![id, cluster, minhash::to_blob(sig)])?;
    for (band, bucket) in minhash::bands(sig) {
        tx.prepare_cached("INSERT OR IGNORE INTO lsh(band, bucket, doc) VALUES (?1, ?2, ?3)")?
            .execute(params![band, bucket, id])?;
    }
    Ok(())
}

/// Clusters a re-extracted document again by the same rule as a new one (its row id stays).
fn reassign_cluster(tx: &Transaction, id: i64, body: &str) -> Result<()> {
    let Some(sig) = minhash::signature(body) else {
        tx.prepare_cached("DELETE FROM doc_signatures WHERE doc = ?1")?
            .execute([id])?;
        tx.prepare_cached("UPDATE documents SET cluster = ?1, minhash = NULL WHERE id = ?1")?
            .execute([id])?;
        return Ok(());
    };
    let cluster = nearest_cluster(tx, id, &sig)?.unwrap_or(id);
    tx.prepare_cached("UPDATE documents SET cluster = ?2, minhash = NULL WHERE id = ?1")?
        .execute(params![id, cluster])?;
    store_signature(tx, id, cluster, &sig)
}
