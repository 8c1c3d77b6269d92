//! Store tests on hand-made documents (independent of the extraction stages).

use std::path::PathBuf;

use newsgraph_core::{
    Attribution, Document, Entity, EntityType, Hedge, Mention, Quantity, Quote, QuoteKind, Span,
    SCHEMA_VERSION,
};

use crate::{content_hash, ExportFormat, FigureFilter, NewDocument, Store};

/// Code-point span of the first occurrence of `needle` in `body`.
pub(crate) fn find(body: &str, needle: &str) -> (usize, usize) {
    let byte = body
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in body"));
    let start = body[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// A document whose sentences are split at ". ", with entities (name, surface) and figures
/// (surface, value, approximate, of) found in the body.
pub(crate) fn doc(
    id: &str,
    published: &str,
    body: &str,
    entities: &[(&str, &str)],
    figures: &[(&str, f64, bool, &str)],
) -> Document {
    let mut sentences = Vec::new();
    let mut start = 0;
    let chars: Vec<char> = body.chars().collect();
    for i in 0..chars.len() {
        if chars[i] == '.' && (i + 1 == chars.len() || chars[i + 1] == ' ') {
            sentences.push(Span { start, end: i + 1 });
            start = i + 2;
        }
    }
    let entities = entities
        .iter()
        .enumerate()
        .map(|(i, (name, surface))| {
            let (s, e) = find(body, surface);
            Entity {
                id: format!("e{}", i + 1),
                name: name.to_string(),
                entity_type: EntityType::Location,
                subtype: None,
                code: None,
                country: None,
                kb_id: None,
                mentions: vec![Mention {
                    start: s,
                    end: e,
                    text: surface.to_string(),
                    refers: None,
                }],
            }
        })
        .collect();
    let quantities = figures
        .iter()
        .enumerate()
        .map(|(i, (surface, value, approximate, of))| {
            let (s, e) = find(body, surface);
            Quantity {
                id: format!("q{}", i + 1),
                text: surface.to_string(),
                value: *value,
                value_max: None,
                unit: if of.is_empty() { "USD" } else { "count" }.into(),
                approximate: *approximate,
                bound: None,
                vague: false,
                of: (!of.is_empty()).then(|| of.to_string()),
                per: None,
                start: s,
                end: e,
            }
        })
        .collect();
    Document {
        schema: SCHEMA_VERSION,
        id: id.into(),
        source: format!("https://example.org/{id}"),
        lang: "en".into(),
        title: Some(format!("Story {id}")),
        published: Some(published.into()),
        body: body.into(),
        sentences,
        entities,
        quantities,
        ..Default::default()
    }
}

pub(crate) fn new_doc(d: Document) -> NewDocument {
    NewDocument {
        hash: content_hash(&[&d.id, &d.body]),
        origin: format!("{}.txt", d.id),
        url: Some(d.source.clone()),
        doc: d,
    }
}

const WIRE: &str = "About 15,000 North Korean soldiers are fighting in Kursk. The figure comes \
    from Ukrainian intelligence, which briefed reporters on Monday in Kyiv about the deployment \
    and the losses on the front. Moscow has not commented on the report.";

pub(crate) fn story() -> Vec<NewDocument> {
    let mut a = doc(
        "a",
        "2025-01-10",
        WIRE,
        &[("North Korea", "North Korean"), ("Kursk", "Kursk")],
        &[("About 15,000", 15000.0, true, "soldier")],
    );
    a.attributions.push(Attribution {
        claim: "About 15,000 North Korean soldiers are fighting in Kursk".into(),
        source: Some("Ukrainian intelligence".into()),
        source_id: None,
        hedge: Hedge::Reported,
        cue: Some("comes from".into()),
        start: 0,
        end: 56,
        quantity_ids: vec!["q1".into()],
        entity_ids: vec![],
    });
    let copy_body = format!("{WIRE} Officials in Seoul declined to comment.");
    let b = doc(
        "b",
        "2025-01-11",
        &copy_body,
        &[("North Korea", "North Korean"), ("Kursk", "Kursk")],
        &[("About 15,000", 15000.0, true, "soldier")],
    );
    let c = doc(
        "c",
        "2025-01-12",
        "South Korea's spy agency said 11,000 North Korean soldiers are in Kursk. It added that \
         Russia paid 20 billion dollars to North Korea. Analysts expect more troops by spring.",
        &[
            ("South Korea", "South Korea"),
            ("North Korea", "North Korean"),
            ("Kursk", "Kursk"),
            ("Russia", "Russia"),
        ],
        &[
            ("11,000", 11000.0, false, "soldier"),
            ("20 billion dollars", 2e10, false, ""),
        ],
    );
    let d = doc(
        "d",
        "2025-01-13",
        "Kim Jong-un opened a beach resort in Wonsan that holds 20,000 guests. Tourists from \
         Russia are expected in summer, the state news agency said.",
        &[("Wonsan", "Wonsan"), ("Russia", "Russia")],
        &[("20,000", 20000.0, false, "guest")],
    );
    [a, b, c, d].into_iter().map(new_doc).collect()
}

pub(crate) fn temp_db(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ng-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("test.db")
}

/// A fingerprint of every row of every table (what "unchanged in content" means).
pub(crate) fn fingerprint(store: &Store) -> String {
    let conn = store.connection();
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables.retain(|t| !t.starts_with("documents_fts_") && t != "sqlite_sequence");
    let mut all = String::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut s = String::new();
                for i in 0..n {
                    s.push_str(&format!("{:?}|", r.get_ref(i)?));
                }
                Ok(s)
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        all.push_str(&format!(
            "{t}:{}:{}\n",
            rows.len(),
            content_hash(&[&rows.join("\n")])
        ));
    }
    all
}

#[test]
fn schema_is_migrated_once() {
    let path = temp_db("schema");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 3);
    let mode: String = store
        .connection()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 3);
    store
        .connection()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    drop(store);
    assert!(Store::open(&path)
        .err()
        .unwrap()
        .to_string()
        .contains("newer"));
}

#[test]
fn reingest_changes_nothing_and_reprocess_replaces_in_place() {
    let mut store = Store::open(&temp_db("idem")).unwrap();
    let docs = story();
    let first = store.write_batch(&docs, &[], false).unwrap();
    assert_eq!(first.inserted, 4);
    let before = fingerprint(&store);
    let again = store.write_batch(&docs, &[], false).unwrap();
    assert_eq!((again.inserted, again.skipped), (0, 4));
    assert_eq!(fingerprint(&store), before);
    // Grouped, then re-extracted unchanged and regrouped: the same rows.
    store.refresh_measures().unwrap();
    let grouped = fingerprint(&store);
    store.write_batch(&docs, &[], true).unwrap();
    assert_eq!(store.refresh_measures().unwrap(), 3);
    assert_eq!(fingerprint(&store), grouped);

    // Re-extraction after an "engine upgrade": one figure fewer, same rows otherwise.
    let mut upgraded = docs.clone();
    upgraded[2].doc.quantities.truncate(1);
    let re = store.write_batch(&upgraded, &[], true).unwrap();
    assert_eq!(re.replaced, 4);
    let stats = store.stats().unwrap();
    assert_eq!(stats.documents, 4);
    assert_eq!(stats.quantities, 4);
    assert_eq!(stats.mentions, 10);
    assert_eq!(
        store.document_by_hash(&docs[2].hash).unwrap().unwrap(),
        upgraded[2].doc
    );
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn wire_copy_joins_the_cluster_of_its_original() {
    let mut store = Store::open_in_memory().unwrap();
    store.write_batch(&story(), &[], false).unwrap();
    let clusters: Vec<(String, i64)> = store
        .connection()
        .prepare("SELECT doc_id, cluster FROM documents ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(clusters[0], ("a".to_string(), 1));
    assert_eq!(clusters[1], ("b".to_string(), 1));
    assert_eq!(clusters[2], ("c".to_string(), 3));
    assert_eq!(clusters[3], ("d".to_string(), 4));
    assert_eq!(store.stats().unwrap().clusters, 3);
}

#[test]
fn figures_group_into_measures_and_conflicts_count_independent_sources() {
    let mut store = Store::open_in_memory().unwrap();
    store.write_batch(&story(), &[], false).unwrap();
    let measures = store.measures(1).unwrap();
    let soldiers = measures
        .iter()
        .find(|m| m.of.as_deref() == Some("soldier"))
        .unwrap();
    assert_eq!(soldiers.subjects, vec!["Kursk", "North Korea"]);
    assert_eq!(soldiers.values.len(), 3);
    assert_eq!(soldiers.sources, 2);
    let docs: Vec<&str> = soldiers.values.iter().map(|v| v.doc_id.as_str()).collect();
    assert_eq!(docs, vec!["a", "b", "c"]);
    assert_eq!(soldiers.values[0].hedge.as_deref(), Some("reported"));
    assert_eq!(
        soldiers.values[0].claimed_by.as_deref(),
        Some("Ukrainian intelligence")
    );
    assert_eq!(
        soldiers.values[2].sentence.as_deref(),
        Some("South Korea's spy agency said 11,000 North Korean soldiers are in Kursk.")
    );
    // a–c and b–c differ (11,000 is outside 15,000 ± 10 %); a–b are one source.
    let pairs: Vec<(usize, usize)> = soldiers.conflicts.iter().map(|c| (c.a, c.b)).collect();
    assert_eq!(pairs, vec![(0, 2), (1, 2)]);
    // The payment (USD, no counted noun; only the first "North Korean" is a mention here) and
    // the resort guests are measures of their own.
    assert!(measures
        .iter()
        .any(|m| m.unit == "USD" && m.subjects == vec!["Russia"]));
    assert!(measures
        .iter()
        .any(|m| m.of.as_deref() == Some("guest") && m.conflicts.is_empty()));
    let conflicts = store.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    // No sentence states a year: the figures refer to their documents' (2025).
    assert_eq!(
        conflicts[0].label,
        "soldier (count) — Kursk, North Korea [2025]"
    );
}

/// The story plus a German report in which South Korea's spy agency is quoted and sources a
/// claim, and North Korea is named "Nordkorea".
pub(crate) fn story_with_speaker() -> Vec<NewDocument> {
    let body = "Südkoreas Geheimdienst sagte, Nordkorea habe 12.000 Soldaten geschickt. \
                Die Lage sei ernst, sagte ein Sprecher.";
    let mut e = doc(
        "e",
        "2025-01-14",
        body,
        &[("South Korea", "Südkoreas"), ("North Korea", "Nordkorea")],
        &[("12.000", 12000.0, false, "soldier")],
    );
    let (qs, qe) = find(body, "Nordkorea habe 12.000 Soldaten geschickt");
    e.quotes.push(Quote {
        text: "Nordkorea habe 12.000 Soldaten geschickt".into(),
        kind: QuoteKind::Indirect,
        speaker: Some("Südkoreas Geheimdienst".into()),
        speaker_id: Some("e1".into()),
        cue: Some("sagte".into()),
        speaker_mention: None,
        start: qs,
        end: qe,
    });
    e.attributions.push(Attribution {
        claim: "Nordkorea habe 12.000 Soldaten geschickt".into(),
        source: Some("Südkoreas Geheimdienst".into()),
        source_id: Some("e1".into()),
        hedge: Hedge::Reported,
        cue: Some("sagte".into()),
        start: qs,
        end: qe,
        quantity_ids: vec!["q1".into()],
        entity_ids: vec!["e2".into()],
    });
    let mut docs = story();
    docs.push(new_doc(e));
    docs
}

#[test]
fn entity_profile_matches_aliases_in_any_language() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write_batch(&story_with_speaker(), &[], false)
        .unwrap();
    for name in ["Nordkorea", "north korea", "North Korean", "NORDKOREA"] {
        let found = store.find_entities(name).unwrap();
        assert_eq!(found.len(), 1, "{name}");
        assert_eq!(found[0].name, "North Korea", "{name}");
    }
    assert!(store.find_entities("Südkorea").unwrap().is_empty());
    // A last word alone matches every name ending in it, most mentioned first.
    let koreas: Vec<String> = store
        .find_entities("korea")
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(koreas, vec!["North Korea", "South Korea"]);
    assert_eq!(
        store.find_entities("korean").unwrap()[0].name,
        "North Korea"
    );
    assert_eq!(
        store.find_entities("SÜDKOREAS").unwrap()[0].name,
        "South Korea"
    );
    assert!(store.find_entities("  ").unwrap().is_empty());

    let profiles = store
        .entity_profiles("Nordkorea", 50, usize::MAX)
        .unwrap()
        .profiles;
    assert_eq!(profiles.len(), 1);
    let p = &profiles[0];
    assert_eq!(p.entity.mentions, 4);
    assert_eq!(
        p.aliases,
        vec![
            ("North Korean".to_string(), 3),
            ("Nordkorea".to_string(), 1)
        ]
    );
    let docs: Vec<&str> = p.documents.iter().map(|d| d.doc_id.as_str()).collect();
    assert_eq!(docs, vec!["e", "c", "b", "a"]);
    let days: Vec<(&str, i64)> = p
        .timeline
        .iter()
        .map(|t| (t.date.as_deref().unwrap_or(""), t.mentions))
        .collect();
    assert_eq!(
        days,
        vec![
            ("2025-01-10", 1),
            ("2025-01-11", 1),
            ("2025-01-12", 1),
            ("2025-01-14", 1)
        ]
    );
    // Figures in sentences naming North Korea: not the payment, whose sentence has no mention.
    let figures: Vec<&str> = p.figures.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(
        figures,
        vec!["About 15,000", "About 15,000", "11,000", "12.000"]
    );
    assert!(p.quotes.is_empty());
    assert!(p.claims.is_empty());
    assert_eq!(p.co_occurring[0].name, "Kursk");
    assert_eq!(p.co_occurring[0].documents, 3);

    let spy = &store
        .entity_profiles("Südkoreas", 50, usize::MAX)
        .unwrap()
        .profiles[0];
    assert_eq!(spy.entity.name, "South Korea");
    assert_eq!(spy.quotes.len(), 1);
    assert_eq!(
        spy.quotes[0].speaker.as_deref(),
        Some("Südkoreas Geheimdienst")
    );
    assert_eq!(spy.claims.len(), 1);
    assert_eq!(spy.claims[0].hedge, "reported");
}

#[test]
fn quotes_and_figures_filter_by_speaker_entity_noun_and_unit() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write_batch(&story_with_speaker(), &[], false)
        .unwrap();
    assert_eq!(store.quotes(None, 50).unwrap().rows.len(), 1);
    for speaker in ["South Korea", "Südkoreas", "südkoreas geheimdienst"] {
        let q = store.quotes(Some(speaker), 50).unwrap().rows;
        assert_eq!(q.len(), 1, "{speaker}");
        assert_eq!(q[0].speaker_entity.as_deref(), Some("South Korea"));
        assert_eq!(q[0].doc_id, "e");
    }
    assert!(store
        .quotes(Some("Kim Jong-un"), 50)
        .unwrap()
        .rows
        .is_empty());

    assert_eq!(
        store.figures(&FigureFilter::default()).unwrap().rows.len(),
        6
    );
    let usd = FigureFilter {
        unit: Some("usd".into()),
        ..Default::default()
    };
    assert_eq!(
        store.figures(&usd).unwrap().rows[0].text,
        "20 billion dollars"
    );
    let soldiers_in_kursk = FigureFilter {
        entity: Some("Kursk".into()),
        of: Some("Soldier".into()),
        unit: None,
        limit: None,
    };
    let texts: Vec<String> = store
        .figures(&soldiers_in_kursk)
        .unwrap()
        .rows
        .into_iter()
        .map(|f| f.text)
        .collect();
    assert_eq!(texts, vec!["About 15,000", "About 15,000", "11,000"]);
    let unknown = FigureFilter {
        entity: Some("Atlantis".into()),
        ..Default::default()
    };
    assert!(store.figures(&unknown).unwrap().rows.is_empty());
}

#[test]
fn search_finds_bodies_with_diacritics_folded() {
    let mut store = Store::open_in_memory().unwrap();
    store.write_batch(&story(), &[], false).unwrap();
    let hits = store.search("resort Wonsan", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc_id, "d");
    assert!(hits[0].snippet.contains("[Wonsan]"));
    assert_eq!(store.search("kursk", 10).unwrap().len(), 3);
    // Not valid FTS5 syntax: searched as plain words instead of failing.
    assert_eq!(store.search("\"Kursk resort", 10).unwrap().len(), 0);
    let hits = store.search("\"Kursk comment", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc_id, "b");
    assert!(store.search("(", 10).is_ok());
}

#[test]
fn errors_are_recorded_once_and_cleared_when_the_input_is_stored() {
    let mut store = Store::open_in_memory().unwrap();
    let errors = vec![
        ("bad.bin".to_string(), "binary file (not text)".to_string()),
        ("a.txt".to_string(), "no article text found".to_string()),
    ];
    store.write_batch(&[], &errors, false).unwrap();
    store.write_batch(&[], &errors, false).unwrap();
    assert_eq!(store.errors().unwrap(), {
        let mut e = errors.clone();
        e.sort();
        e
    });
    store.write_batch(&story()[..1], &[], false).unwrap();
    assert_eq!(store.errors().unwrap(), vec![errors[0].clone()]);
}

#[test]
fn export_writes_one_file_per_table() {
    let mut store = Store::open_in_memory().unwrap();
    store.write_batch(&story(), &[], false).unwrap();
    let dir = temp_db("export").with_file_name("out");
    let files = store.export(ExportFormat::Csv, &dir, &[]).unwrap();
    assert_eq!(files.len(), crate::export_tables().len());
    let csv = std::fs::read_to_string(dir.join("quantities.csv")).unwrap();
    assert!(csv.starts_with("doc,local_id,text,value,"));
    assert_eq!(csv.lines().count(), 1 + 5);
    let files = store
        .export(ExportFormat::Jsonl, &dir, &["documents".to_string()])
        .unwrap();
    assert_eq!(files.len(), 1);
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["doc_id"], "a");
    assert_eq!(first["cluster"], 1);
}

/// Environment variable that turns the kill test's child run into a writer.
const CHILD_DB: &str = "NEWSGRAPH_STORE_KILL_CHILD_DB";
/// Documents the kill test writes.
const KILL_DOCS: usize = 3000;

fn kill_corpus() -> Vec<NewDocument> {
    (0..KILL_DOCS)
        .map(|i| {
            let body = format!(
                "Report {i}: about {i} North Korean soldiers are said to be in Kursk. \
                 Day {} of the deployment brought more reports from the region {}.",
                i % 31,
                i * 7
            );
            new_doc(doc(
                &format!("k{i}"),
                "2025-01-01",
                &body,
                &[("North Korea", "North Korean"), ("Kursk", "Kursk")],
                &[(&format!("about {i}"), i as f64, true, "soldier")],
            ))
        })
        .collect()
}

/// What an ingest run does: skip what is stored, write the rest in batches.
fn ingest_all(path: &std::path::Path) {
    let mut store = Store::open(path).unwrap();
    for batch in kill_corpus().chunks(50) {
        let todo: Vec<NewDocument> = batch
            .iter()
            .filter(|d| !store.contains(&d.hash).unwrap())
            .cloned()
            .collect();
        store.write_batch(&todo, &[], false).unwrap();
    }
    store.refresh_measures().unwrap();
}

#[test]
fn killed_writer_leaves_a_clean_database_and_a_rerun_completes() {
    if let Ok(path) = std::env::var(CHILD_DB) {
        ingest_all(std::path::Path::new(&path));
        return;
    }
    let path = temp_db("kill");
    let exe = std::env::current_exe().unwrap();
    let mut partial_counts = Vec::new();
    for delay_ms in [40u64, 90, 150, 230, 330] {
        let mut child = std::process::Command::new(&exe)
            .args([
                "--exact",
                "tests::killed_writer_leaves_a_clean_database_and_a_rerun_completes",
                "--nocapture",
            ])
            .env(CHILD_DB, &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let store = Store::open(&path).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok");
        let n = store.stats().unwrap().documents;
        // Whole batches only: the transaction is all or nothing.
        assert_eq!(n % 50, 0, "partial batch after kill: {n}");
        partial_counts.push(n);
    }
    assert!(
        partial_counts.iter().any(|&n| (n as usize) < KILL_DOCS),
        "no kill landed mid-run: {partial_counts:?}"
    );
    ingest_all(&path);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let stats = store.stats().unwrap();
    assert_eq!(stats.documents as usize, KILL_DOCS);
    assert_eq!(stats.quantities as usize, KILL_DOCS);
    let distinct: i64 = store
        .connection()
        .query_row("SELECT count(DISTINCT doc_id) FROM documents", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(distinct as usize, KILL_DOCS);
    // The rerun grouped what the killed runs wrote.
    assert_eq!(store.stale_measure_families().unwrap(), 0);
    assert_eq!(
        store.measures(1).unwrap(),
        store.computed_measures(1).unwrap()
    );
}

/// Rows of the tables migration 2 adds, sorted (what the writer and the backfill must agree on).
fn v2_rows(store: &Store) -> Vec<String> {
    table_rows(
        store,
        &[
            "SELECT entity, text, folded, last, mentions FROM entity_names",
            "SELECT entity, published, doc, mentions FROM entity_docs",
            "SELECT entity, day, documents, mentions FROM entity_days",
            "SELECT entity, published, doc, start, local_id FROM figure_entities",
            "SELECT doc, cluster, hex(minhash) FROM doc_signatures",
            "SELECT doc, local_id, published FROM quantities",
        ],
    )
}

#[test]
fn migration_2_backfills_what_the_writer_keeps() {
    let path = temp_db("migrate2");
    let mut store = Store::open(&path).unwrap();
    store
        .write_batch(&story_with_speaker(), &[], false)
        .unwrap();
    let written = v2_rows(&store);
    assert!(written.iter().any(|r| r.contains("entity_docs")));
    // Back to a version-1 file: signatures in documents, no lookup tables.
    store
        .connection()
        .execute_batch(
            "UPDATE documents SET minhash = (SELECT minhash FROM doc_signatures WHERE doc = id);
             DROP TABLE entity_names; DROP TABLE entity_docs; DROP TABLE figure_entities;
             DROP TABLE entity_days;
             DROP TABLE doc_signatures; DROP INDEX entities_kb_id; DROP INDEX quotes_speaker_text;
             DROP INDEX quantities_of; ALTER TABLE quantities DROP COLUMN published;
             DROP TABLE measure_values; DROP TABLE measure_conflicts; DROP TABLE measures;
             DROP TABLE measure_families; DROP INDEX quantities_family;
             ALTER TABLE quantities DROP COLUMN family;
             PRAGMA user_version = 1;",
        )
        .unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 3);
    assert_eq!(v2_rows(&store), written);
    assert_eq!(
        store.find_entities("NORDKOREA").unwrap()[0].name,
        "North Korea"
    );
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn profile_lists_keep_the_most_recent_and_count_all() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write_batch(&story_with_speaker(), &[], false)
        .unwrap();
    let full = &store
        .entity_profiles("North Korea", 50, usize::MAX)
        .unwrap()
        .profiles[0];
    let cut = &store
        .entity_profiles("North Korea", 2, usize::MAX)
        .unwrap()
        .profiles[0];
    assert_eq!(cut.document_count, full.document_count);
    assert_eq!(cut.document_count, 4);
    assert_eq!(cut.documents, full.documents[..2]);
    assert_eq!(cut.figure_count, 4);
    assert_eq!(cut.figures, full.figures[2..]);
    assert_eq!(cut.timeline, full.timeline);
    let figures = store
        .figures(&FigureFilter {
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((figures.total, figures.rows.len()), (6, 1));
}

#[test]
fn reprocess_keeps_name_counts_in_step() {
    let mut store = Store::open_in_memory().unwrap();
    let docs = story_with_speaker();
    store.write_batch(&docs, &[], false).unwrap();
    let before = v2_rows(&store);
    store.write_batch(&docs, &[], true).unwrap();
    assert_eq!(v2_rows(&store), before);
    // One document loses its entities: its names and document rows go with them.
    let mut fewer = docs.clone();
    fewer[0].doc.entities.clear();
    fewer[0].doc.quantities.clear();
    store.write_batch(&fewer, &[], true).unwrap();
    let p = &store
        .entity_profiles("North Korea", 50, usize::MAX)
        .unwrap()
        .profiles[0];
    assert_eq!(p.entity.mentions, 3);
    assert_eq!(p.document_count, 3);
}

/// Every row of each query as one line ("`sql`: col|col|…"), sorted: table contents to compare.
pub(crate) fn table_rows(store: &Store, sqls: &[&str]) -> Vec<String> {
    let mut all = Vec::new();
    for sql in sqls {
        let mut stmt = store.connection().prepare(sql).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| Ok(format!("{:?}", r.get_ref(i)?)))
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        for row in rows {
            all.push(format!("{sql}: {}", row.unwrap().join("|")));
        }
    }
    all.sort();
    all
}

#[test]
fn pronoun_mentions_are_no_names() {
    let body = "Kim arrived in Moscow. He met the press.";
    let mut d = doc("p", "2025-02-01", body, &[("Kim Jong-un", "Kim")], &[]);
    let (s, e) = find(body, "He");
    d.entities[0].mentions.push(Mention {
        start: s,
        end: e,
        text: "He".into(),
        refers: Some(newsgraph_core::Reference::Pronoun),
    });
    let mut store = Store::open_in_memory().unwrap();
    store.write_batch(&[new_doc(d)], &[], false).unwrap();
    assert!(store.find_entities("he").unwrap().is_empty());
    let p = &store
        .entity_profiles("Kim", 50, usize::MAX)
        .unwrap()
        .profiles[0];
    assert_eq!(p.entity.mentions, 1);
    assert_eq!(p.aliases, vec![("Kim".to_string(), 1)]);
}
