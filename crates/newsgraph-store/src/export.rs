//! Table exports: one file per table, JSON Lines or CSV.

use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::types::ValueRef;

use crate::{Result, Store, StoreError};

/// The tables an export writes (the FTS index, LSH buckets and signatures are derived data).
const TABLES: &[(&str, &str)] = &[
    (
        "documents",
        "SELECT id, hash, doc_id, origin, source, url, lang, title, dateline, published, cluster, body FROM documents ORDER BY id",
    ),
    ("sentences", "SELECT * FROM sentences ORDER BY doc, idx"),
    ("entities", "SELECT * FROM entities ORDER BY id"),
    ("mentions", "SELECT * FROM mentions ORDER BY doc, start"),
    ("quotes", "SELECT * FROM quotes ORDER BY doc, idx"),
    ("quantities", "SELECT * FROM quantities ORDER BY doc, start"),
    ("attributions", "SELECT * FROM attributions ORDER BY doc, idx"),
    ("dates", "SELECT * FROM dates ORDER BY doc, idx"),
    ("ingest_errors", "SELECT * FROM ingest_errors ORDER BY origin"),
];

/// File format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON object per row.
    Jsonl,
    /// RFC 4180 CSV with a header row.
    Csv,
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Csv => "csv",
        }
    }
}

impl Store {
    /// Writes `dir/<table>.<ext>` for every table (or only those named in `only`) and returns
    /// the files written.
    pub fn export(
        &self,
        format: ExportFormat,
        dir: &Path,
        only: &[String],
    ) -> Result<Vec<PathBuf>> {
        let io = |path: &Path, source: std::io::Error| StoreError::Io {
            path: path.display().to_string(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        let mut written = Vec::new();
        for (table, sql) in TABLES {
            if !only.is_empty() && !only.iter().any(|t| t == table) {
                continue;
            }
            let path = dir.join(format!("{table}.{}", format.extension()));
            let file = std::fs::File::create(&path).map_err(|e| io(&path, e))?;
            let mut out = std::io::BufWriter::new(file);
            self.export_table(sql, format, &mut out)
                .and_then(|()| out.flush().map_err(Into::into))
                .map_err(|e| match e {
                    ExportError::Io(e) => io(&path, e),
                    ExportError::Store(e) => e,
                })?;
            written.push(path);
        }
        Ok(written)
    }

    fn export_table(
        &self,
        sql: &str,
        format: ExportFormat,
        out: &mut impl Write,
    ) -> std::result::Result<(), ExportError> {
        let mut stmt = self.conn.prepare(sql).map_err(StoreError::from)?;
        let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
        if format == ExportFormat::Csv {
            let header: Vec<String> = columns.iter().map(|c| csv_field(c)).collect();
            writeln!(out, "{}", header.join(","))?;
        }
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let mut values = Vec::with_capacity(columns.len());
            for i in 0..columns.len() {
                values.push(json_value(row.get_ref(i).map_err(StoreError::from)?));
            }
            match format {
                ExportFormat::Jsonl => {
                    let obj: serde_json::Map<String, serde_json::Value> =
                        columns.iter().cloned().zip(values).collect();
                    serde_json::to_writer(&mut *out, &obj).map_err(StoreError::from)?;
                    out.write_all(b"\n")?;
                }
                ExportFormat::Csv => {
                    let fields: Vec<String> = values
                        .iter()
                        .map(|v| match v {
                            serde_json::Value::Null => String::new(),
                            serde_json::Value::String(s) => csv_field(s),
                            other => csv_field(&other.to_string()),
                        })
                        .collect();
                    writeln!(out, "{}", fields.join(","))?;
                }
            }
        }
        Ok(())
    }
}

enum ExportError {
    Io(std::io::Error),
    Store(StoreError),
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Io(e)
    }
}

impl From<StoreError> for ExportError {
    fn from(e: StoreError) -> Self {
        ExportError::Store(e)
    }
}

fn json_value(v: ValueRef<'_>) -> serde_json::Value {
    match v {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => {
            serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, Into::into)
        }
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        ValueRef::Blob(b) => b
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect::<String>()
            .into(),
    }
}

/// A CSV field, quoted when it holds a comma, quote or line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
