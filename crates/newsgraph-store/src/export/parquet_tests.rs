//! The Parquet sink on its own: row groups, nulls and types, read back with the crate's reader.

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::RowAccessor;

use super::{Cell, Column, Kind, ParquetSink, Sink, GROUP_ROWS};

const COLUMNS: &[Column] = &[
    Column {
        name: "n",
        kind: Kind::Int,
        nullable: false,
    },
    Column {
        name: "half",
        kind: Kind::Real,
        nullable: true,
    },
    Column {
        name: "even",
        kind: Kind::Bool,
        nullable: false,
    },
    Column {
        name: "label",
        kind: Kind::Text,
        nullable: true,
    },
];

#[test]
fn rows_span_row_groups_and_keep_nulls() {
    let path =
        std::env::temp_dir().join(format!("newsgraph-pq-sink-{}.parquet", std::process::id()));
    let file = std::fs::File::create(&path).unwrap();
    let mut sink: Box<dyn Sink> = Box::new(ParquetSink::new("t", COLUMNS, file).ok().unwrap());
    let total = 2 * GROUP_ROWS + 7;
    for i in 0..total {
        let n = i as i64;
        sink.row(&[
            Cell::Int(n),
            if i.is_multiple_of(3) {
                Cell::Null
            } else {
                Cell::Real(n as f64 / 2.0)
            },
            Cell::Bool(i.is_multiple_of(2)),
            if i.is_multiple_of(5) {
                Cell::Null
            } else {
                Cell::Text(format!("r{i}"))
            },
        ])
        .ok()
        .unwrap();
    }
    sink.finish().ok().unwrap();

    let reader = SerializedFileReader::try_from(std::fs::File::open(&path).unwrap()).unwrap();
    let meta = reader.metadata();
    assert_eq!(meta.file_metadata().num_rows(), total as i64);
    assert_eq!(meta.num_row_groups(), 3);
    let rows: Vec<_> = reader
        .get_row_iter(None)
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(rows.len(), total);
    let last = &rows[total - 1];
    let i = total - 1;
    assert_eq!(last.get_long(0).unwrap(), i as i64);
    assert_eq!(last.get_bool(2).unwrap(), i.is_multiple_of(2));
    let row = &rows[GROUP_ROWS + 2]; // second group: not a multiple of 3 or 5
    assert_eq!(row.get_double(1).unwrap(), (GROUP_ROWS + 2) as f64 / 2.0);
    assert_eq!(row.get_string(3).unwrap(), &format!("r{}", GROUP_ROWS + 2));
    assert!(rows[0].get_double(1).is_err()); // 0 % 3 == 0: null
    assert!(rows[5].get_string(3).is_err()); // 5 % 5 == 0: null
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_value_of_the_wrong_type_is_an_error_not_a_panic() {
    let path =
        std::env::temp_dir().join(format!("newsgraph-pq-bad-{}.parquet", std::process::id()));
    let file = std::fs::File::create(&path).unwrap();
    let mut sink = ParquetSink::new("t", COLUMNS, file).ok().unwrap();
    let bad = [
        Cell::Text("x".into()),
        Cell::Null,
        Cell::Bool(true),
        Cell::Null,
    ];
    assert!(sink.row(&bad).is_err());
    let null_in_required = [Cell::Null, Cell::Null, Cell::Bool(true), Cell::Null];
    assert!(sink.row(&null_in_required).is_err());
    assert!(sink.row(&[Cell::Int(1)]).is_err());
    // The rejected rows left nothing behind: a good row still writes a readable file.
    let good = [Cell::Int(1), Cell::Null, Cell::Bool(true), Cell::Null];
    assert!(sink.row(&good).is_ok());
    assert!(Box::new(sink).finish().is_ok());
    let reader = SerializedFileReader::try_from(std::fs::File::open(&path).unwrap()).unwrap();
    assert_eq!(reader.metadata().file_metadata().num_rows(), 1);
    let _ = std::fs::remove_file(&path);
}
