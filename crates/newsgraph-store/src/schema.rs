//! The schema as numbered migrations; `PRAGMA user_version` records how many have run.

/// Migration `i` takes a database from version `i` to `i + 1`. Append only: never edit a
/// released migration, add a new one.
pub(crate) const MIGRATIONS: &[&str] = &[r#"
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
"#];
