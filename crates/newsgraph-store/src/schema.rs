//! The schema as numbered migrations; `PRAGMA user_version` records how many have run.

use rusqlite::Transaction;

use std::collections::HashSet;

use crate::measures::refresh;
use crate::query::stored_document;
use crate::write::{add_name, figure_family, quantity_context};
use crate::Result;

/// Migration `i` takes a database from version `i` to `i + 1`. Append only: never edit a
/// released migration, add a new one.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, V3];

/// Version 1: documents and everything extracted from them, LSH buckets, full-text index.
const V1: &str = r#"
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    hash        TEXT NOT NULL UNIQUE,
    doc_id      TEXT NOT NULL,
    origin      TEXT NOT NULL,
    source      TEXT NOT NULL,
    url         TEXT,
    lang        TEXT NOT NULL,
    title       TEXT,
    dateline    TEXT,
    published   TEXT,
    body        TEXT NOT NULL,
    json        TEXT NOT NULL,
    cluster     INTEGER NOT NULL,
    minhash     BLOB
);
CREATE INDEX documents_cluster ON documents(cluster);
CREATE INDEX documents_published ON documents(published);

CREATE TABLE lsh (
    band    INTEGER NOT NULL,
    bucket  INTEGER NOT NULL,
    doc     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (band, bucket, doc)
) WITHOUT ROWID;
CREATE INDEX lsh_doc ON lsh(doc);

CREATE TABLE sentences (
    doc     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx     INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE entities (
    id      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE,
    kb_id   TEXT,
    name    TEXT NOT NULL,
    type    TEXT NOT NULL,
    subtype TEXT,
    code    TEXT,
    country TEXT
);
CREATE INDEX entities_name ON entities(name COLLATE NOCASE);

CREATE TABLE mentions (
    doc      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity   INTEGER NOT NULL REFERENCES entities(id),
    local_id TEXT NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (doc, start, "end", entity)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(entity);
CREATE INDEX mentions_text ON mentions(text COLLATE NOCASE);

CREATE TABLE quotes (
    doc            INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,
    text           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    speaker        TEXT,
    speaker_entity INTEGER REFERENCES entities(id),
    cue            TEXT,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
CREATE INDEX quotes_speaker ON quotes(speaker_entity);

CREATE TABLE quantities (
    doc         INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    local_id    TEXT NOT NULL,
    text        TEXT NOT NULL,
    value       REAL NOT NULL,
    value_max   REAL,
    unit        TEXT NOT NULL,
    approximate INTEGER NOT NULL,
    bound       TEXT,
    vague       INTEGER NOT NULL,
    of          TEXT,
    per         TEXT,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    sentence    INTEGER,
    hedge       TEXT,
    claimed_by  TEXT,
    subjects    TEXT NOT NULL,
    year        TEXT,
    PRIMARY KEY (doc, local_id)
) WITHOUT ROWID;
CREATE INDEX quantities_unit_of ON quantities(unit, of);

CREATE TABLE attributions (
    doc           INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    claim         TEXT NOT NULL,
    source        TEXT,
    source_entity INTEGER REFERENCES entities(id),
    hedge         TEXT NOT NULL,
    cue           TEXT,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    quantity_ids  TEXT NOT NULL,
    entity_ids    TEXT NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
CREATE INDEX attributions_source ON attributions(source_entity);

CREATE TABLE dates (
    doc     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx     INTEGER NOT NULL,
    text    TEXT NOT NULL,
    value   TEXT NOT NULL,
    "mod"   TEXT,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE ingest_errors (
    origin  TEXT PRIMARY KEY,
    reason  TEXT NOT NULL
) WITHOUT ROWID;

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, body, content='documents', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER documents_au AFTER UPDATE OF title, body ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO documents_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
"#;

/// Version 2 (scale): lookup and aggregate tables kept in step by the writer, so that queries
/// read a bounded range of an index instead of scanning mentions or figures.
/// - `entity_names`: each distinct (entity, surface form) with its mention count, plus the
///   canonical name (count 0 unless written so), folded to lowercase (full Unicode, in Rust)
///   with its last word: name lookup by index.
/// - `entity_docs`: one row per entity and document, by publication date: profile document
///   lists and co-occurrence without touching `mentions`; `entity_days` sums it per day
///   (timelines and document counts).
/// - `figure_entities`: each figure with each entity its sentence mentions, by date.
/// - `doc_signatures`: MinHash signature and cluster of each document, a narrow row instead
///   of the end of the wide `documents` row (behind body and JSON); `documents.minhash` is no
///   longer written.
/// - `quantities.published` (the document's date) and an index on the counted noun by date:
///   `figures --of` reads the most recent figures of a noun from the index.
/// - indexes on the speaker as written and on knowledge-base ids.
///
/// The SQL fills the tables from stored rows; [`after`] adds the folded names.
const V2: &str = r#"
CREATE TABLE entity_names (
    entity   INTEGER NOT NULL REFERENCES entities(id),
    text     TEXT NOT NULL,
    folded   TEXT NOT NULL,
    last     TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (entity, text)
) WITHOUT ROWID;
CREATE INDEX entity_names_folded ON entity_names(folded);
CREATE INDEX entity_names_last ON entity_names(last);
CREATE INDEX entities_kb_id ON entities(kb_id);

CREATE TABLE entity_docs (
    entity    INTEGER NOT NULL REFERENCES entities(id),
    published TEXT NOT NULL,
    doc       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    mentions  INTEGER NOT NULL,
    PRIMARY KEY (entity, published, doc)
) WITHOUT ROWID;
CREATE INDEX entity_docs_doc ON entity_docs(doc);
INSERT INTO entity_docs(entity, published, doc, mentions)
    SELECT m.entity, coalesce(d.published, ''), m.doc, count(*)
    FROM mentions m JOIN documents d ON d.id = m.doc GROUP BY m.entity, m.doc;

CREATE TABLE entity_days (
    entity    INTEGER NOT NULL REFERENCES entities(id),
    day       TEXT NOT NULL,
    documents INTEGER NOT NULL,
    mentions  INTEGER NOT NULL,
    PRIMARY KEY (entity, day)
) WITHOUT ROWID;
INSERT INTO entity_days(entity, day, documents, mentions)
    SELECT entity, substr(published, 1, 10), count(*), sum(mentions)
    FROM entity_docs GROUP BY entity, substr(published, 1, 10);

CREATE TABLE figure_entities (
    entity    INTEGER NOT NULL REFERENCES entities(id),
    published TEXT NOT NULL,
    doc       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start     INTEGER NOT NULL,
    local_id  TEXT NOT NULL,
    PRIMARY KEY (entity, published, doc, start, local_id)
) WITHOUT ROWID;
CREATE INDEX figure_entities_doc ON figure_entities(doc);
INSERT OR IGNORE INTO figure_entities(entity, published, doc, start, local_id)
    SELECT m.entity, coalesce(d.published, ''), q.doc, q.start, q.local_id
    FROM quantities q JOIN documents d ON d.id = q.doc
    JOIN sentences s ON s.doc = q.doc AND s.idx = q.sentence
    JOIN mentions m ON m.doc = q.doc AND m.start >= s.start AND m.start < s."end";

CREATE TABLE doc_signatures (
    doc     INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    cluster INTEGER NOT NULL,
    minhash BLOB NOT NULL
);
INSERT INTO doc_signatures(doc, cluster, minhash)
    SELECT id, cluster, minhash FROM documents WHERE minhash IS NOT NULL;

CREATE INDEX quotes_speaker_text ON quotes(speaker COLLATE NOCASE, speaker_entity);

ALTER TABLE quantities ADD COLUMN published TEXT;
UPDATE quantities SET published = (SELECT published FROM documents WHERE id = quantities.doc);
CREATE INDEX quantities_of ON quantities(of COLLATE NOCASE, published);
"#;

/// Version 3: measures kept in tables instead of regrouped per query.
/// - `measure_families`: the partition grouping starts from (unit, counted noun, rate period,
///   the year figures refer to), with `dirty` set by the writer when a figure of the family
///   is written or re-extracted; `quantities.family` files each figure under its family
///   (NULL where grouping abstains).
/// - `measures`, `measure_values`, `measure_conflicts`: the measures of each family (its
///   `idx`-th), their values in timeline order and their listed conflicting pairs, rewritten
///   for the dirty families by `Store::refresh_measures`. A value row copies what a query
///   shows of it (document, cluster, date, text, claim, sentence), so that reading a measure
///   is one range of one table; only a re-extraction changes those, and it marks the family.
///
/// [`after`] files the stored figures and groups them.
const V3: &str = r#"
CREATE TABLE measure_families (
    id    INTEGER PRIMARY KEY,
    key   TEXT NOT NULL UNIQUE,
    unit  TEXT NOT NULL,
    of    TEXT,
    per   TEXT,
    year  TEXT,
    dirty INTEGER NOT NULL
);
CREATE INDEX measure_families_dirty ON measure_families(id) WHERE dirty = 1;
ALTER TABLE quantities ADD COLUMN family INTEGER;
CREATE INDEX quantities_family ON quantities(family) WHERE family IS NOT NULL;

CREATE TABLE measures (
    family         INTEGER NOT NULL REFERENCES measure_families(id),
    idx            INTEGER NOT NULL,
    subjects       TEXT NOT NULL,
    sources        INTEGER NOT NULL,
    value_count    INTEGER NOT NULL,
    conflict_count INTEGER NOT NULL,
    PRIMARY KEY (family, idx)
) WITHOUT ROWID;

CREATE TABLE measure_values (
    family      INTEGER NOT NULL,
    measure     INTEGER NOT NULL,
    idx         INTEGER NOT NULL,
    doc         INTEGER NOT NULL,
    local_id    TEXT NOT NULL,
    doc_id      TEXT NOT NULL,
    source      TEXT NOT NULL,
    cluster     INTEGER NOT NULL,
    published   TEXT,
    text        TEXT NOT NULL,
    value       REAL NOT NULL,
    value_max   REAL,
    approximate INTEGER NOT NULL,
    bound       TEXT,
    hedge       TEXT,
    claimed_by  TEXT,
    sentence    TEXT,
    PRIMARY KEY (family, measure, idx)
) WITHOUT ROWID;

CREATE TABLE measure_conflicts (
    family  INTEGER NOT NULL,
    measure INTEGER NOT NULL,
    idx     INTEGER NOT NULL,
    a       INTEGER NOT NULL,
    b       INTEGER NOT NULL,
    PRIMARY KEY (family, measure, idx)
) WITHOUT ROWID;
"#;

/// The part of migration `version` (1-based) that needs Rust: version 2 folds names with
/// full Unicode lowercasing, which SQLite's `lower()` does not do; version 3 files figures
/// under their families as the writer does and groups them.
pub(crate) fn after(tx: &Transaction, version: usize) -> Result<()> {
    match version {
        2 => fold_names(tx),
        3 => file_figures(tx),
        _ => Ok(()),
    }
}

fn fold_names(tx: &Transaction) -> Result<()> {
    let mut names: Vec<(i64, String, i64)> = Vec::new();
    {
        let mut stmt = tx.prepare(
            "SELECT entity, text, count(*) FROM mentions GROUP BY entity, text
             UNION ALL SELECT id, name, 0 FROM entities",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        for row in rows {
            names.push(row?);
        }
    }
    for (entity, text, n) in names {
        add_name(tx, entity, &text, n)?;
    }
    Ok(())
}

/// Sets `quantities.family` of every stored figure from its document, as the writer does
/// (the first figure of a repeated id is the stored one), then groups every family.
fn file_figures(tx: &Transaction) -> Result<()> {
    let docs: Vec<i64> = tx
        .prepare("SELECT DISTINCT doc FROM quantities ORDER BY doc")?
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    for id in docs {
        let Some(doc) = stored_document(tx, id)? else {
            continue;
        };
        let mut seen = HashSet::new();
        for q in &doc.quantities {
            if !seen.insert(q.id.as_str()) {
                continue;
            }
            let Some(family) = figure_family(q, &quantity_context(&doc, q)) else {
                continue;
            };
            let row = family.mark_dirty(tx)?;
            tx.prepare_cached(
                "UPDATE quantities SET family = ?3 WHERE doc = ?1 AND local_id = ?2",
            )?
            .execute(rusqlite::params![id, q.id, row])?;
        }
    }
    refresh(tx)?;
    Ok(())
}
