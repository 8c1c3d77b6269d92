//! The story fixture (`tests/fixtures/story/`, real pages about WeWork in November 2019, see
//! its README) ingested as a user does, then checked through the store: the wire copy's
//! cluster, the measures with their values, sources and hedges, the conflicts, and the
//! profiles of the main actors.

#![allow(clippy::unwrap_used)] // a test that cannot read its own fixtures should fail loudly

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use newsgraph_store::{FigureFilter, Measure, Store};

fn ingest() -> (PathBuf, Store) {
    let dir = std::env::temp_dir().join(format!("newsgraph-story-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("story.db");
    let story = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/story");
    let out = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg(&story)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = Store::open(&db).unwrap();
    (dir, store)
}

/// `doc_id` → (cluster, published).
fn documents(store: &Store) -> Vec<(String, i64, Option<String>)> {
    let mut stmt = store
        .connection()
        .prepare("SELECT doc_id, cluster, published FROM documents ORDER BY doc_id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn cluster_of(docs: &[(String, i64, Option<String>)], id: &str) -> i64 {
    docs.iter().find(|d| d.0 == id).unwrap().1
}

/// The measure holding a value written as `text`.
fn measure_with<'a>(measures: &'a [Measure], text: &str) -> &'a Measure {
    measures
        .iter()
        .find(|m| m.values.iter().any(|v| v.text == text))
        .unwrap_or_else(|| panic!("no measure holds {text:?}"))
}

#[test]
fn story_fixture_clusters_measures_and_profiles() {
    let (dir, store) = ingest();

    // The Reuters wire text and VentureBeat's print of it are one independent source; the
    // other outlets are sources of their own.
    let docs = documents(&store);
    let ids: Vec<&str> = docs.iter().map(|d| d.0.as_str()).collect();
    assert_eq!(
        ids,
        [
            "reuters-wire-text",
            "techcrunch",
            "therealdeal",
            "venturebeat-reuters"
        ]
    );
    let wire = cluster_of(&docs, "venturebeat-reuters");
    assert_eq!(cluster_of(&docs, "reuters-wire-text"), wire);
    let techcrunch = cluster_of(&docs, "techcrunch");
    let therealdeal = cluster_of(&docs, "therealdeal");
    assert!(techcrunch != wire && therealdeal != wire && techcrunch != therealdeal);
    assert_eq!(store.stats().unwrap().clusters, 3);
    // Publication dates from the pages' metadata (VentureBeat's is 07:03 UTC the next day).
    let published = |id: &str| docs.iter().find(|d| d.0 == id).unwrap().2.clone().unwrap();
    assert!(published("venturebeat-reuters").starts_with("2019-11-19"));
    assert!(published("techcrunch").starts_with("2019-11-18"));
    assert!(published("therealdeal").starts_with("2019-11-18"));

    // Ingest grouped the measures; the stored ones are what grouping every figure now gives.
    assert_eq!(store.stale_measure_families().unwrap(), 0);
    let measures = store.measures(1).unwrap();
    assert_eq!(measures, store.computed_measures(1).unwrap());

    // The "We" trademark fee: Reuters (twice, one source) "almost $6 million", TechCrunch
    // "$5.9 million". Two independent sources that agree within the stated approximation.
    let fee = measure_with(&measures, "$5.9 million");
    assert_eq!(fee.unit, "USD");
    assert_eq!(fee.subjects, ["Adam Neumann", "WeWork"]);
    assert_eq!(fee.sources, 2);
    let values: Vec<(&str, &str, f64, bool)> = fee
        .values
        .iter()
        .map(|v| (v.doc_id.as_str(), v.text.as_str(), v.value, v.approximate))
        .collect();
    assert_eq!(
        values,
        [
            ("reuters-wire-text", "almost $6 million", 6e6, true),
            ("techcrunch", "$5.9 million", 5.9e6, false),
            ("venturebeat-reuters", "almost $6 million", 6e6, true),
        ]
    );
    assert!(fee.values.iter().all(|v| v.hedge.is_none()));
    assert!(fee.conflicts.is_empty(), "{:?}", fee.conflicts);

    // SoftBank's rescue: billions, kept apart from the millions above. Reuters (two prints,
    // one source) "$6.5 billion" in a sentence stating no year, so it refers to its
    // publication year, 2019; The Real Deal "a $9.5 billion lifeline" "in October" (2019).
    // One measure, and the story's real conflict between independent sources.
    let rescue = measure_with(&measures, "$6.5 billion");
    assert_eq!(rescue.unit, "USD");
    assert_eq!(rescue.year.as_deref(), Some("2019"));
    assert_eq!(rescue.sources, 2);
    assert!(rescue.values.iter().all(|v| v.value >= 1e9));
    assert_eq!(
        rescue
            .values
            .iter()
            .filter(|v| v.text == "$6.5 billion")
            .count(),
        2
    );
    let pairs: Vec<[(&str, &str); 2]> = rescue
        .conflicts
        .iter()
        .map(|c| {
            let (a, b) = (&rescue.values[c.a], &rescue.values[c.b]);
            [
                (a.doc_id.as_str(), a.text.as_str()),
                (b.doc_id.as_str(), b.text.as_str()),
            ]
        })
        .collect();
    assert!(
        pairs.contains(&[
            ("reuters-wire-text", "$6.5 billion"),
            ("therealdeal", "$9.5 billion")
        ]),
        "{pairs:?}"
    );
    assert_eq!(rescue.conflict_count, 2, "{pairs:?}");
    assert_eq!(rescue.conflict_count, rescue.conflicts.len());

    // The job cuts The New York Times reported, as carried by the wire: the Times is the
    // figure's claimant (the quote's speaker), not what it is about.
    let jobs: Vec<_> = store
        .figures(&FigureFilter::default())
        .unwrap()
        .rows
        .into_iter()
        .filter(|f| f.text == "4,000 jobs")
        .collect();
    assert_eq!(jobs.len(), 2);
    for f in &jobs {
        assert_eq!((f.unit.as_str(), f.of.as_deref()), ("count", Some("job")));
        assert_eq!(f.claimed_by.as_deref(), Some("The New York Times"));
        assert!(!f.subjects.iter().any(|s| s == "The New York Times"));
    }

    // No conflict is flagged between values that agree or come from one source: the rescue
    // is the only measure with conflicts.
    let conflicts = store.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(&conflicts[0], rescue);
    for c in &rescue.conflicts {
        assert_ne!(rescue.values[c.a].cluster, rescue.values[c.b].cluster);
    }

    // Hedges and sources of attributed figures.
    let figures = store.figures(&FigureFilter::default()).unwrap().rows;
    let figure = |doc: &str, text: &str| {
        figures
            .iter()
            .find(|f| f.doc_id == doc && f.text == text)
            .unwrap_or_else(|| panic!("no figure {text:?} in {doc}"))
    };
    for doc in ["reuters-wire-text", "venturebeat-reuters"] {
        let bond = figure(doc, "16.057%");
        assert_eq!(bond.unit, "percent");
        assert_eq!(bond.hedge.as_deref(), Some("asserted"));
        assert_eq!(bond.claimed_by.as_deref(), Some("MarketAxess"));
        let layoffs = figure(doc, "thousands of employees");
        assert_eq!(layoffs.hedge.as_deref(), Some("estimate"));
        let staff = figure(doc, "12,500 employees");
        assert_eq!(
            (staff.value, staff.of.as_deref()),
            (12500.0, Some("employee"))
        );
    }
    let staff = figure("therealdeal", "12,000 employees");
    assert_eq!(
        (staff.value, staff.of.as_deref()),
        (12000.0, Some("employee"))
    );
    assert_eq!(
        figure("therealdeal", "more than 4,000 people").value,
        4000.0
    );

    // The main actor: Adam Neumann, founder and former CEO, whom the inquiry is about.
    let found = store.find_entities("Neumann").unwrap();
    assert_eq!(found[0].name, "Adam Neumann");
    let neumann = store.entity_profile(found[0].clone(), 1000).unwrap();
    assert_eq!(neumann.entity.entity_type, "person");
    let aliases: Vec<&str> = neumann.aliases.iter().map(|a| a.0.as_str()).collect();
    assert!(aliases.contains(&"Neumann") && aliases.contains(&"Adam Neumann"));
    let mut in_docs: Vec<&str> = neumann
        .documents
        .iter()
        .map(|d| d.doc_id.as_str())
        .collect();
    in_docs.sort_unstable();
    assert_eq!(in_docs, ids);
    let clusters: std::collections::BTreeSet<i64> =
        neumann.documents.iter().map(|d| d.cluster).collect();
    assert_eq!(clusters.len(), 3);
    // He is written about, not quoted ("A spokeswoman for Neumann declined to comment").
    assert!(neumann.quotes.is_empty());
    assert!(neumann.claims.is_empty());
    let about: Vec<(&str, &str)> = neumann
        .figures
        .iter()
        .map(|f| (f.doc_id.as_str(), f.text.as_str()))
        .collect();
    for want in [
        ("techcrunch", "$5.9 million"),
        ("reuters-wire-text", "almost $6 million"),
        ("venturebeat-reuters", "$6.5 billion"),
    ] {
        assert!(about.contains(&want), "{want:?} not in {about:?}");
    }
    assert!(neumann
        .co_occurring
        .iter()
        .any(|c| c.name == "Marcelo Claure" && c.documents == 3));

    // The one who speaks: Marcelo Claure's email, quoted by the wire and by The Real Deal.
    let claure = store.quotes(Some("Claure"), 1000).unwrap().rows;
    let said = "We are going to eliminate and scale back certain functions and responsibilities";
    let mut quoting: Vec<&str> = claure
        .iter()
        .filter(|q| q.text.starts_with(said))
        .map(|q| q.doc_id.as_str())
        .collect();
    quoting.sort_unstable();
    assert_eq!(
        quoting,
        ["reuters-wire-text", "therealdeal", "venturebeat-reuters"]
    );
    assert!(claure
        .iter()
        .all(|q| q.speaker_entity.as_deref() == Some("Marcelo Claure")));

    drop(store);
    let _ = std::fs::remove_dir_all(dir);
}
