//! The newsgraph knowledge base: one SQLite file (WAL mode, FTS5) that remembers every
//! document with its sentences, entities, quotes, figures, attributions and dates, groups
//! near-duplicates into clusters and figures into measures.
//!
//! Writes come in batches, one transaction each, from one writer; documents are keyed by a
//! content hash, so re-ingesting the same input changes nothing and a run killed at any
//! moment leaves whole batches or nothing. The CLI, the HTTP API and the Python bindings all
//! read this schema (`docs/store.md`).

mod export;
mod hash;
mod measures;
mod minhash;
mod profile;
mod query;
mod schema;
mod write;

use std::path::Path;

use rusqlite::Connection;

pub use export::{export_tables, ExportFormat};
pub use hash::content_hash;
pub use measures::{Conflict, Measure, MeasureFilter, MeasureValue, LISTED_CONFLICTS};
pub use minhash::DUPLICATE_THRESHOLD;
pub use profile::{
    ClaimRow, CoEntity, EntityInfo, EntityProfile, FigureFilter, FigureRow, NameMatches, Page,
    ProfileDocument, QuoteRow, TimelinePoint, DEFAULT_LIMIT,
};
pub use query::{SearchHit, Stats, SEARCH_WINDOW};
pub use write::{NewDocument, WriteStats};

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A document could not be encoded or decoded as JSON.
    #[error("document JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The file was written by a newer newsgraph.
    #[error("database schema version {found} is newer than this newsgraph supports ({supported})")]
    TooNew {
        /// Version found in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// An export file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A Parquet export file could not be written.
    #[error("cannot write {path}: {source}")]
    Parquet {
        /// The file.
        path: String,
        /// The underlying error.
        source: parquet::errors::ParquetError,
    },
    /// An export asked for a table that does not exist.
    #[error("no table {0:?} to export (tables: {tables})", tables = export::export_tables().join(", "))]
    UnknownTable(String),
    /// A stored value does not have the type its export column declares.
    #[error("unexpected value in {table}.{column}")]
    BadValue {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
}

/// Result with [`StoreError`].
pub type Result<T> = std::result::Result<T, StoreError>;

/// An open knowledge base.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        Self::init(conn)
    }

    /// An in-memory database (tests, scratch work).
    pub fn open_in_memory() -> Result<Store> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Store> {
        // NORMAL is durable across process kills in WAL mode (only power loss can lose the
        // last commits, never corrupt the file).
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // 64 MiB of page cache (taken as used): the indexes a batch touches stay in memory
        // instead of being read back from the OS for every row.
        conn.pragma_update(None, "cache_size", -65536)?;
        // The writer alone uses about 30 statements: the default cache of 16 would parse
        // them again for every row.
        conn.set_prepared_statement_cache_capacity(128);
        let mut store = Store { conn };
        store.migrate()?;
        Ok(store)
    }

    /// Runs the migrations the file has not seen yet, each in its own transaction.
    fn migrate(&mut self) -> Result<()> {
        let supported = schema::MIGRATIONS.len() as i64;
        let found: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > supported {
            return Err(StoreError::TooNew { found, supported });
        }
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            schema::after(&tx, i + 1)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check`: `"ok"` for a sound file, else SQLite's findings.
    pub fn integrity_check(&self) -> Result<String> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let found: Vec<String> = rows.collect::<std::result::Result<_, _>>()?;
        Ok(found.join("\n"))
    }

    /// The underlying connection, for read queries the typed API does not cover.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

#[cfg(test)]
mod measures_tests;
#[cfg(test)]
mod tests;
