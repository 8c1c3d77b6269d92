//! `newsgraph export --format parquet` read back by other tools: pyarrow and DuckDB, run from
//! Python (`parquet_readback.py`), must see the same rows as the store and the JSON Lines
//! export, with real column types.
//!
//! The interpreter is `$NEWSGRAPH_PYTHON` (`.ci/run` installs pyarrow and DuckDB into a venv
//! and exports it), else `python3`. Without pyarrow or DuckDB the test fails under `CI=true`
//! and is skipped, with the reason printed, elsewhere.

#![allow(clippy::unwrap_used)] // a test that cannot read its own fixtures should fail loudly

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use newsgraph_store::Store;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newsgraph-pq-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn newsgraph(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "newsgraph {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The Python interpreter with pyarrow and DuckDB, or `None` (with the reason) when it lacks them.
fn python() -> Result<String, String> {
    let python = std::env::var("NEWSGRAPH_PYTHON").unwrap_or_else(|_| "python3".to_string());
    match Command::new(&python)
        .args(["-c", "import pyarrow, duckdb"])
        .stdin(Stdio::null())
        .output()
    {
        Ok(out) if out.status.success() => Ok(python),
        Ok(out) => Err(format!(
            "{python} cannot import pyarrow and duckdb: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(e) => Err(format!("cannot run {python}: {e}")),
    }
}

#[test]
fn parquet_export_reads_back_with_pyarrow_and_duckdb() {
    let python = match python() {
        Ok(p) => p,
        Err(reason) if std::env::var("CI").is_ok_and(|v| v == "true") => panic!(
            "{reason}. CI must check the Parquet export: .ci/run installs pyarrow and duckdb \
             into target/ci-venv and exports NEWSGRAPH_PYTHON"
        ),
        Err(reason) => {
            eprintln!(
                "skipped: {reason} (set NEWSGRAPH_PYTHON to a Python with pyarrow and duckdb)"
            );
            return;
        }
    };
    let dir = scratch("export");
    let db = dir.join("news.db");
    let db_arg = db.to_str().unwrap();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let examples = manifest.join("../../examples");
    let story = manifest.join("tests/fixtures/story");
    // Two made-up records that contradict each other, so the conflicts table has rows.
    let made_up = dir.join("conflict.jsonl");
    std::fs::write(
        &made_up,
        "{\"id\": \"conflict-a\", \"lang\": \"en\", \"published\": \"2025-01-02\", \"text\": \"Officials said 11,000 soldiers from North Korea were in Kursk.\"}\n\
         {\"id\": \"conflict-b\", \"lang\": \"en\", \"published\": \"2025-01-03\", \"text\": \"Officials said 30,000 soldiers from North Korea were in Kursk.\"}\n",
    )
    .unwrap();
    newsgraph(&[
        "ingest",
        "--db",
        db_arg,
        examples.to_str().unwrap(),
        story.to_str().unwrap(),
        made_up.to_str().unwrap(),
    ]);
    let pq_dir = dir.join("parquet");
    let jsonl_dir = dir.join("jsonl");
    newsgraph(&[
        "export",
        "--format",
        "parquet",
        "--out",
        pq_dir.to_str().unwrap(),
        "--db",
        db_arg,
    ]);
    newsgraph(&["export", "--db", db_arg, jsonl_dir.to_str().unwrap()]);

    let out = Command::new(&python)
        .arg(manifest.join("tests/parquet_readback.py"))
        .args([&pq_dir, &jsonl_dir])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "read-back failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tables = &report["tables"];

    // Row counts against the store itself.
    let store = Store::open(&db).unwrap();
    let stats = store.stats().unwrap();
    let rows = |t: &str| tables[t]["rows"].as_i64().unwrap();
    assert!(stats.documents >= 8, "{stats:?}");
    assert_eq!(rows("documents"), stats.documents);
    assert_eq!(rows("clusters"), stats.clusters);
    assert_eq!(rows("entities"), stats.entities);
    assert_eq!(rows("mentions"), stats.mentions);
    assert_eq!(rows("quotes"), stats.quotes);
    assert_eq!(rows("quantities"), stats.quantities);
    assert_eq!(rows("attributions"), stats.attributions);
    assert_eq!(rows("dates"), stats.dates);
    let measures = store.measures(1).unwrap();
    assert_eq!(rows("measures"), measures.len() as i64);
    let values: usize = measures.iter().map(|m| m.values.len()).sum();
    assert_eq!(rows("measure_values"), values as i64);
    let conflicts: usize = measures.iter().map(|m| m.conflicts.len()).sum();
    assert_eq!(rows("conflicts"), conflicts as i64);
    assert!(conflicts > 0, "the made-up records contradict each other");
    assert_eq!(report["duckdb"]["figures_in_measures"], values);

    // Column types as a reader sees them.
    let ty = |t: &str, c: &str| tables[t]["types"][c].as_str().unwrap().to_string();
    let nullable = |t: &str, c: &str| tables[t]["nullable"][c].as_bool().unwrap();
    assert_eq!(ty("documents", "id"), "int64");
    assert_eq!(ty("documents", "body"), "string");
    assert!(!nullable("documents", "body"));
    assert!(nullable("documents", "url"));
    assert_eq!(ty("documents", "published"), "string");
    assert_eq!(ty("quantities", "value"), "double");
    assert_eq!(ty("quantities", "approximate"), "bool");
    assert_eq!(ty("quantities", "measure"), "int64");
    assert!(nullable("quantities", "measure"));
    assert_eq!(ty("measure_values", "cluster"), "int64");

    // A few values, as DuckDB reads them, against the store.
    let docs = report["duckdb"]["documents"].as_array().unwrap();
    let mut stmt = store
        .connection()
        .prepare("SELECT doc_id, cluster, lang FROM documents ORDER BY id")
        .unwrap();
    let want: Vec<serde_json::Value> = stmt
        .query_map([], |r| {
            Ok(serde_json::json!([
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?
            ]))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(docs, &want);
}
