//! Table exports: one file per table, as JSON Lines, CSV or Parquet.
//!
//! Every table has a declared column list (name, type, nullable), so the Parquet files carry
//! real column types (integers, floats, booleans, nullable UTF-8 strings) and the JSON and CSV
//! files the same columns. Besides the stored tables, an export writes the query-time views a
//! user wants as tables: duplicate `clusters`, `measures`, their `measure_values` and
//! `conflicts`; `quantities` gains the `measure` each figure was grouped into.

mod parquet;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::types::ValueRef;

use crate::{Measure, Result, Store, StoreError};

/// Type of an exported column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// 64-bit integer (row ids, offsets, counts).
    Int,
    /// 64-bit float (figure values).
    Real,
    /// Boolean (flags stored as 0/1).
    Bool,
    /// UTF-8 text; dates are ISO 8601 strings as stored.
    Text,
}

/// One column of an exported table.
#[derive(Debug, Clone, Copy)]
struct Column {
    name: &'static str,
    kind: Kind,
    nullable: bool,
}

/// A value of one exported cell.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Bool(bool),
    Text(String),
}

const fn col(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        nullable: false,
    }
}

const fn opt(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        nullable: true,
    }
}

use Kind::{Bool, Int, Real, Text};

/// Where a table's rows come from.
enum Rows {
    /// A query whose result columns are the table's columns, in order.
    Sql(&'static str),
    /// The figures grouped into measures (computed at query time).
    Measures,
    /// Every value of every measure.
    MeasureValues,
    /// Contradicting value pairs of the measures.
    Conflicts,
}

/// An exported table.
struct Table {
    name: &'static str,
    columns: &'static [Column],
    rows: Rows,
}

/// The tables an export writes (the FTS index, LSH buckets and signatures are derived data).
const TABLES: &[Table] = &[
    Table {
        name: "documents",
        columns: &[
            col("id", Int),
            col("hash", Text),
            col("doc_id", Text),
            col("origin", Text),
            col("source", Text),
            opt("url", Text),
            col("lang", Text),
            opt("title", Text),
            opt("dateline", Text),
            opt("published", Text),
            col("cluster", Int),
            col("body", Text),
        ],
        rows: Rows::Sql(
            "SELECT id, hash, doc_id, origin, source, url, lang, title, dateline, published, cluster, body FROM documents ORDER BY id",
        ),
    },
    Table {
        name: "clusters",
        columns: &[
            col("cluster", Int),
            col("documents", Int),
            col("first_doc_id", Text),
            opt("first_published", Text),
            opt("last_published", Text),
        ],
        rows: Rows::Sql(
            "SELECT cluster, count(*), (SELECT doc_id FROM documents f WHERE f.id = d.cluster),
                    min(published), max(published)
             FROM documents d GROUP BY cluster ORDER BY cluster",
        ),
    },
    Table {
        name: "sentences",
        columns: &[
            col("doc", Int),
            col("idx", Int),
            col("start", Int),
            col("end", Int),
        ],
        rows: Rows::Sql("SELECT doc, idx, start, \"end\" FROM sentences ORDER BY doc, idx"),
    },
    Table {
        name: "entities",
        columns: &[
            col("id", Int),
            col("key", Text),
            opt("kb_id", Text),
            col("name", Text),
            col("type", Text),
            opt("subtype", Text),
            opt("code", Text),
            opt("country", Text),
        ],
        rows: Rows::Sql(
            "SELECT id, key, kb_id, name, type, subtype, code, country FROM entities ORDER BY id",
        ),
    },
    Table {
        name: "mentions",
        columns: &[
            col("doc", Int),
            col("entity", Int),
            col("local_id", Text),
            col("start", Int),
            col("end", Int),
            col("text", Text),
        ],
        rows: Rows::Sql(
            "SELECT doc, entity, local_id, start, \"end\", text FROM mentions ORDER BY doc, start",
        ),
    },
    Table {
        name: "quotes",
        columns: &[
            col("doc", Int),
            col("idx", Int),
            col("text", Text),
            col("kind", Text),
            opt("speaker", Text),
            opt("speaker_entity", Int),
            opt("cue", Text),
            col("start", Int),
            col("end", Int),
        ],
        rows: Rows::Sql(
            "SELECT doc, idx, text, kind, speaker, speaker_entity, cue, start, \"end\"
             FROM quotes ORDER BY doc, idx",
        ),
    },
    Table {
        name: "quantities",
        columns: &[
            col("doc", Int),
            col("local_id", Text),
            col("text", Text),
            col("value", Real),
            opt("value_max", Real),
            col("unit", Text),
            col("approximate", Bool),
            opt("bound", Text),
            col("vague", Bool),
            opt("of", Text),
            opt("per", Text),
            col("start", Int),
            col("end", Int),
            opt("sentence", Int),
            opt("hedge", Text),
            opt("claimed_by", Text),
            col("subjects", Text),
            opt("year", Text),
            opt("measure", Int),
        ],
        rows: Rows::Sql(
            "SELECT doc, local_id, text, value, value_max, unit, approximate, bound, vague, of,
                    per, start, \"end\", sentence, hedge, claimed_by, subjects, year, NULL
             FROM quantities ORDER BY doc, start",
        ),
    },
    Table {
        name: "attributions",
        columns: &[
            col("doc", Int),
            col("idx", Int),
            col("claim", Text),
            opt("source", Text),
            opt("source_entity", Int),
            col("hedge", Text),
            opt("cue", Text),
            col("start", Int),
            col("end", Int),
            col("quantity_ids", Text),
            col("entity_ids", Text),
        ],
        rows: Rows::Sql(
            "SELECT doc, idx, claim, source, source_entity, hedge, cue, start, \"end\",
                    quantity_ids, entity_ids
             FROM attributions ORDER BY doc, idx",
        ),
    },
    Table {
        name: "dates",
        columns: &[
            col("doc", Int),
            col("idx", Int),
            col("text", Text),
            col("value", Text),
            opt("mod", Text),
            col("start", Int),
            col("end", Int),
        ],
        rows: Rows::Sql(
            "SELECT doc, idx, text, value, \"mod\", start, \"end\" FROM dates ORDER BY doc, idx",
        ),
    },
    Table {
        name: "measures",
        columns: &[
            col("id", Int),
            col("label", Text),
            col("unit", Text),
            opt("of", Text),
            col("subjects", Text),
            opt("year", Text),
            col("sources", Int),
            col("values", Int),
            col("conflicts", Int),
        ],
        rows: Rows::Measures,
    },
    Table {
        name: "measure_values",
        columns: &[
            col("measure", Int),
            col("idx", Int),
            col("doc", Int),
            col("local_id", Text),
            col("doc_id", Text),
            col("source", Text),
            col("cluster", Int),
            opt("published", Text),
            col("text", Text),
            col("value", Real),
            opt("value_max", Real),
            col("approximate", Bool),
            opt("bound", Text),
            opt("hedge", Text),
            opt("claimed_by", Text),
        ],
        rows: Rows::MeasureValues,
    },
    Table {
        name: "conflicts",
        columns: &[
            col("measure", Int),
            col("a", Int),
            col("b", Int),
            col("a_doc", Int),
            col("b_doc", Int),
            col("a_text", Text),
            col("b_text", Text),
        ],
        rows: Rows::Conflicts,
    },
    Table {
        name: "ingest_errors",
        columns: &[col("origin", Text), col("reason", Text)],
        rows: Rows::Sql("SELECT origin, reason FROM ingest_errors ORDER BY origin"),
    },
];

/// File format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON object per row.
    Jsonl,
    /// RFC 4180 CSV with a header row.
    Csv,
    /// Apache Parquet with typed columns (readable by pandas, DuckDB, Spark).
    Parquet,
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Csv => "csv",
            ExportFormat::Parquet => "parquet",
        }
    }
}

/// Names of the tables an export writes, in order.
pub fn export_tables() -> Vec<&'static str> {
    TABLES.iter().map(|t| t.name).collect()
}

/// Receives the rows of one table and writes them in one format.
trait Sink {
    fn row(&mut self, cells: &[Cell]) -> std::result::Result<(), ExportError>;
    fn finish(self: Box<Self>) -> std::result::Result<(), ExportError>;
}

/// The measures as an export numbers them: `id` = position + 1, and the measure of each
/// figure, keyed by (document row id, figure id).
struct MeasureIndex {
    measures: Vec<Measure>,
    of_figure: HashMap<(i64, String), i64>,
}

impl Store {
    /// Writes `dir/<table>.<ext>` for every table (or only those named in `only`) and returns
    /// the files written. A name in `only` that is no table is an error.
    pub fn export(
        &self,
        format: ExportFormat,
        dir: &Path,
        only: &[String],
    ) -> Result<Vec<PathBuf>> {
        if let Some(unknown) = only.iter().find(|t| !TABLES.iter().any(|x| x.name == *t)) {
            return Err(StoreError::UnknownTable(unknown.clone()));
        }
        let io = |path: &Path, source: std::io::Error| StoreError::Io {
            path: path.display().to_string(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        let mut index: Option<MeasureIndex> = None;
        let mut written = Vec::new();
        for table in TABLES {
            if !only.is_empty() && !only.iter().any(|t| t == table.name) {
                continue;
            }
            let path = dir.join(format!("{}.{}", table.name, format.extension()));
            let file = std::fs::File::create(&path).map_err(|e| io(&path, e))?;
            if index.is_none() {
                index = Some(self.measure_index()?);
            }
            let Some(index) = index.as_ref() else {
                continue;
            };
            let result = match format {
                ExportFormat::Jsonl => {
                    self.export_table(table, index, Box::new(JsonlSink::new(table.columns, file)))
                }
                ExportFormat::Csv => {
                    self.export_table(table, index, Box::new(CsvSink::new(table.columns, file)))
                }
                ExportFormat::Parquet => parquet::ParquetSink::new(table.name, table.columns, file)
                    .and_then(|sink| self.export_table(table, index, Box::new(sink))),
            };
            result.map_err(|e| match e {
                ExportError::Io(e) => io(&path, e),
                ExportError::Parquet(e) => StoreError::Parquet {
                    path: path.display().to_string(),
                    source: e,
                },
                ExportError::Store(e) => e,
            })?;
            written.push(path);
        }
        Ok(written)
    }

    fn measure_index(&self) -> Result<MeasureIndex> {
        let measures = self.measures(1)?;
        let mut of_figure = HashMap::new();
        for (i, m) in measures.iter().enumerate() {
            for v in &m.values {
                of_figure.insert((v.doc, v.local_id.clone()), i as i64 + 1);
            }
        }
        Ok(MeasureIndex {
            measures,
            of_figure,
        })
    }

    fn export_table(
        &self,
        table: &Table,
        index: &MeasureIndex,
        mut sink: Box<dyn Sink + '_>,
    ) -> std::result::Result<(), ExportError> {
        match table.rows {
            Rows::Sql(sql) => {
                let mut stmt = self.conn.prepare(sql).map_err(StoreError::from)?;
                let mut rows = stmt.query([]).map_err(StoreError::from)?;
                let mut cells = Vec::with_capacity(table.columns.len());
                while let Some(row) = rows.next().map_err(StoreError::from)? {
                    cells.clear();
                    for (i, c) in table.columns.iter().enumerate() {
                        let v = row.get_ref(i).map_err(StoreError::from)?;
                        cells.push(cell(table.name, c, v)?);
                    }
                    if table.name == "quantities" {
                        if let (Some(Cell::Int(doc)), Some(Cell::Text(id))) =
                            (cells.first(), cells.get(1))
                        {
                            if let Some(&m) = index.of_figure.get(&(*doc, id.clone())) {
                                if let Some(last) = cells.last_mut() {
                                    *last = Cell::Int(m);
                                }
                            }
                        }
                    }
                    sink.row(&cells)?;
                }
            }
            Rows::Measures => {
                for (i, m) in index.measures.iter().enumerate() {
                    sink.row(&[
                        Cell::Int(i as i64 + 1),
                        Cell::Text(m.label.clone()),
                        Cell::Text(m.unit.clone()),
                        text(&m.of),
                        Cell::Text(serde_json::to_string(&m.subjects).map_err(StoreError::from)?),
                        text(&m.year),
                        Cell::Int(m.sources as i64),
                        Cell::Int(m.values.len() as i64),
                        Cell::Int(m.conflicts.len() as i64),
                    ])?;
                }
            }
            Rows::MeasureValues => {
                for (i, m) in index.measures.iter().enumerate() {
                    for (j, v) in m.values.iter().enumerate() {
                        sink.row(&[
                            Cell::Int(i as i64 + 1),
                            Cell::Int(j as i64),
                            Cell::Int(v.doc),
                            Cell::Text(v.local_id.clone()),
                            Cell::Text(v.doc_id.clone()),
                            Cell::Text(v.source.clone()),
                            Cell::Int(v.cluster),
                            text(&v.published),
                            Cell::Text(v.text.clone()),
                            Cell::Real(v.value),
                            v.value_max.map_or(Cell::Null, Cell::Real),
                            Cell::Bool(v.approximate),
                            text(&v.bound),
                            text(&v.hedge),
                            text(&v.claimed_by),
                        ])?;
                    }
                }
            }
            Rows::Conflicts => {
                for (i, m) in index.measures.iter().enumerate() {
                    for c in &m.conflicts {
                        let (Some(a), Some(b)) = (m.values.get(c.a), m.values.get(c.b)) else {
                            continue;
                        };
                        sink.row(&[
                            Cell::Int(i as i64 + 1),
                            Cell::Int(c.a as i64),
                            Cell::Int(c.b as i64),
                            Cell::Int(a.doc),
                            Cell::Int(b.doc),
                            Cell::Text(a.text.clone()),
                            Cell::Text(b.text.clone()),
                        ])?;
                    }
                }
            }
        }
        sink.finish()
    }
}

fn text(v: &Option<String>) -> Cell {
    v.as_ref().map_or(Cell::Null, |s| Cell::Text(s.clone()))
}

/// Converts a SQLite value to the column's declared type.
fn cell(table: &str, c: &Column, v: ValueRef<'_>) -> std::result::Result<Cell, ExportError> {
    let bad = || {
        ExportError::Store(StoreError::BadValue {
            table: table.to_string(),
            column: c.name.to_string(),
        })
    };
    Ok(match (c.kind, v) {
        (_, ValueRef::Null) if c.nullable => Cell::Null,
        (Int, ValueRef::Integer(i)) => Cell::Int(i),
        (Real, ValueRef::Real(f)) => Cell::Real(f),
        (Real, ValueRef::Integer(i)) => Cell::Real(i as f64),
        (Bool, ValueRef::Integer(i)) => Cell::Bool(i != 0),
        (Text, ValueRef::Text(t)) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
        _ => return Err(bad()),
    })
}

enum ExportError {
    Io(std::io::Error),
    Parquet(::parquet::errors::ParquetError),
    Store(StoreError),
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Io(e)
    }
}

impl From<::parquet::errors::ParquetError> for ExportError {
    fn from(e: ::parquet::errors::ParquetError) -> Self {
        ExportError::Parquet(e)
    }
}

impl From<StoreError> for ExportError {
    fn from(e: StoreError) -> Self {
        ExportError::Store(e)
    }
}

fn json_value(v: &Cell) -> serde_json::Value {
    match v {
        Cell::Null => serde_json::Value::Null,
        Cell::Int(i) => (*i).into(),
        Cell::Real(f) => {
            serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into)
        }
        Cell::Bool(b) => (*b).into(),
        Cell::Text(t) => t.clone().into(),
    }
}

/// JSON Lines: one object per row, keys in column order.
struct JsonlSink {
    columns: &'static [Column],
    out: std::io::BufWriter<std::fs::File>,
}

impl JsonlSink {
    fn new(columns: &'static [Column], file: std::fs::File) -> Self {
        JsonlSink {
            columns,
            out: std::io::BufWriter::new(file),
        }
    }
}

impl Sink for JsonlSink {
    fn row(&mut self, cells: &[Cell]) -> std::result::Result<(), ExportError> {
        let obj: serde_json::Map<String, serde_json::Value> = self
            .columns
            .iter()
            .zip(cells)
            .map(|(c, v)| (c.name.to_string(), json_value(v)))
            .collect();
        serde_json::to_writer(&mut self.out, &obj).map_err(StoreError::from)?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> std::result::Result<(), ExportError> {
        Ok(self.out.flush()?)
    }
}

/// CSV with a header row; booleans as `true`/`false`, nulls as empty fields.
struct CsvSink {
    header: Option<Vec<String>>,
    out: std::io::BufWriter<std::fs::File>,
}

impl CsvSink {
    fn new(columns: &'static [Column], file: std::fs::File) -> Self {
        CsvSink {
            header: Some(columns.iter().map(|c| csv_field(c.name)).collect()),
            out: std::io::BufWriter::new(file),
        }
    }

    fn write_header(&mut self) -> std::io::Result<()> {
        match self.header.take() {
            Some(h) => writeln!(self.out, "{}", h.join(",")),
            None => Ok(()),
        }
    }
}

impl Sink for CsvSink {
    fn row(&mut self, cells: &[Cell]) -> std::result::Result<(), ExportError> {
        self.write_header()?;
        let fields: Vec<String> = cells
            .iter()
            .map(|v| match v {
                Cell::Null => String::new(),
                Cell::Text(s) => csv_field(s),
                other => json_value(other).to_string(),
            })
            .collect();
        writeln!(self.out, "{}", fields.join(","))?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> std::result::Result<(), ExportError> {
        self.write_header()?;
        Ok(self.out.flush()?)
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
