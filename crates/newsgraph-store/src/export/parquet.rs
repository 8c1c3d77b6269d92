//! Parquet files with typed columns, written with the `parquet` crate's low-level writer (no
//! Arrow dependency): rows are buffered column by column and written as row groups.

use std::sync::Arc;

use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use super::{Cell, Column, ExportError, Kind, Sink};

/// Rows per row group at most.
const GROUP_ROWS: usize = 50_000;
/// Buffered text bytes that close a row group early (document bodies are large).
const GROUP_BYTES: usize = 64 << 20;

/// The non-null values of one column in the current row group.
enum Values {
    Int(Vec<i64>),
    Real(Vec<f64>),
    Bool(Vec<bool>),
    Text(Vec<ByteArray>),
}

/// One column's buffer: values plus definition levels (1 = present, 0 = null) when nullable.
struct Buffer {
    column: Column,
    values: Values,
    levels: Vec<i16>,
}

/// Writes one table to one Parquet file (Snappy-compressed pages).
pub(super) struct ParquetSink {
    writer: SerializedFileWriter<std::fs::File>,
    buffers: Vec<Buffer>,
    rows: usize,
    bytes: usize,
}

impl ParquetSink {
    /// A writer for `table` with these columns, into `file`.
    pub(super) fn new(
        table: &str,
        columns: &'static [Column],
        file: std::fs::File,
    ) -> Result<Self, ExportError> {
        let fields = columns
            .iter()
            .map(|c| {
                let (physical, logical) = match c.kind {
                    Kind::Int => (Physical::INT64, None),
                    Kind::Real => (Physical::DOUBLE, None),
                    Kind::Bool => (Physical::BOOLEAN, None),
                    Kind::Text => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
                };
                let repetition = if c.nullable {
                    Repetition::OPTIONAL
                } else {
                    Repetition::REQUIRED
                };
                Type::primitive_type_builder(c.name, physical)
                    .with_repetition(repetition)
                    .with_logical_type(logical)
                    .build()
                    .map(Arc::new)
            })
            .collect::<Result<Vec<_>, ParquetError>>()?;
        let schema = Type::group_type_builder(table)
            .with_fields(fields)
            .build()?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("newsgraph {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = SerializedFileWriter::new(file, Arc::new(schema), Arc::new(props))?;
        let buffers = columns
            .iter()
            .map(|&column| Buffer {
                column,
                values: match column.kind {
                    Kind::Int => Values::Int(Vec::new()),
                    Kind::Real => Values::Real(Vec::new()),
                    Kind::Bool => Values::Bool(Vec::new()),
                    Kind::Text => Values::Text(Vec::new()),
                },
                levels: Vec::new(),
            })
            .collect();
        Ok(ParquetSink {
            writer,
            buffers,
            rows: 0,
            bytes: 0,
        })
    }

    /// Writes the buffered rows as one row group.
    fn flush(&mut self) -> Result<(), ExportError> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut group = self.writer.next_row_group()?;
        for buffer in &mut self.buffers {
            let Some(mut column) = group.next_column()? else {
                return Err(ParquetError::General("fewer columns than declared".into()).into());
            };
            let levels = buffer.column.nullable.then_some(buffer.levels.as_slice());
            match &mut buffer.values {
                Values::Int(v) => {
                    column.typed::<Int64Type>().write_batch(v, levels, None)?;
                    v.clear();
                }
                Values::Real(v) => {
                    column.typed::<DoubleType>().write_batch(v, levels, None)?;
                    v.clear();
                }
                Values::Bool(v) => {
                    column.typed::<BoolType>().write_batch(v, levels, None)?;
                    v.clear();
                }
                Values::Text(v) => {
                    column
                        .typed::<ByteArrayType>()
                        .write_batch(v, levels, None)?;
                    v.clear();
                }
            }
            buffer.levels.clear();
            column.close()?;
        }
        group.close()?;
        self.rows = 0;
        self.bytes = 0;
        Ok(())
    }
}

impl Sink for ParquetSink {
    fn row(&mut self, cells: &[Cell]) -> Result<(), ExportError> {
        // Check the whole row first, so a bad value leaves the buffers as they were.
        for (buffer, cell) in self.buffers.iter().zip(cells) {
            let fits = matches!(
                (&buffer.values, cell),
                (Values::Int(_), Cell::Int(_))
                    | (Values::Real(_), Cell::Real(_))
                    | (Values::Bool(_), Cell::Bool(_))
                    | (Values::Text(_), Cell::Text(_))
            ) || (buffer.column.nullable && *cell == Cell::Null);
            if !fits {
                return Err(ParquetError::General(format!(
                    "column {}: value of the wrong type",
                    buffer.column.name
                ))
                .into());
            }
        }
        if cells.len() != self.buffers.len() {
            return Err(ParquetError::General("row length differs from the schema".into()).into());
        }
        for (buffer, cell) in self.buffers.iter_mut().zip(cells) {
            let present = match (&mut buffer.values, cell) {
                (Values::Int(v), Cell::Int(i)) => {
                    v.push(*i);
                    true
                }
                (Values::Real(v), Cell::Real(f)) => {
                    v.push(*f);
                    true
                }
                (Values::Bool(v), Cell::Bool(b)) => {
                    v.push(*b);
                    true
                }
                (Values::Text(v), Cell::Text(s)) => {
                    self.bytes += s.len();
                    v.push(ByteArray::from(s.as_bytes().to_vec()));
                    true
                }
                _ => false,
            };
            if buffer.column.nullable {
                buffer.levels.push(i16::from(present));
            }
        }
        self.rows += 1;
        if self.rows >= GROUP_ROWS || self.bytes >= GROUP_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        self.flush()?;
        self.writer.close()?;
        Ok(())
    }
}

#[cfg(test)]
#[path = "parquet_tests.rs"]
mod tests;
