//! Stored measures: equal to grouping every figure from scratch however the figures arrived,
//! regrouped only where figures changed, built by migration 3, cut by the query filters;
//! and the year a figure refers to.

use newsgraph_core::DateExpr;

use crate::tests::{doc, find, new_doc, story_with_speaker, table_rows, temp_db};
use crate::{MeasureFilter, NewDocument, Store};

/// Deterministic pseudo-random numbers (a linear congruential generator).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

const PLACES: [&str; 6] = [
    "North Korea",
    "Kursk",
    "Russia",
    "Ukraine",
    "Seoul",
    "Donetsk",
];
const NOUNS: [&str; 4] = ["soldier", "tank", "drone", ""];

/// `n` reports about a few places: counts of three nouns and dollar sums, near a typical
/// value per noun with some far off (conflicts) and some a hundredfold (other magnitude
/// bands); some sentences state a year or a month, some documents are undated, and every
/// seventh is a wire copy of an earlier one (same cluster).
fn generated(n: usize) -> Vec<NewDocument> {
    let mut rnd = Lcg(7);
    let mut out: Vec<NewDocument> = Vec::new();
    for i in 0..n {
        let published = format!(
            "{}-{:02}-{:02}",
            2024 + rnd.next(2),
            1 + rnd.next(12),
            1 + i % 28
        );
        if i % 7 == 6 {
            let mut copy = out[rnd.next(out.len())].doc.clone();
            copy.id = format!("g{i}");
            copy.published = Some(published);
            out.push(new_doc(copy));
            continue;
        }
        let a = PLACES[rnd.next(PLACES.len())];
        let b = PLACES[rnd.next(PLACES.len())];
        let noun = NOUNS[rnd.next(NOUNS.len())];
        let base =
            [15000.0, 400.0, 2500.0, 3e9][NOUNS.iter().position(|x| *x == noun).unwrap_or(0)];
        let value = match rnd.next(10) {
            0 => base * 100.0,
            1 | 2 => base * 2.5,
            _ => base * (1.0 + rnd.next(5) as f64 / 100.0),
        };
        let figure = format!("{}", value.round());
        let when = [" in 2023", " in October", "", "", " from 2022 to 2023"][rnd.next(5)];
        let what = if noun.is_empty() {
            "dollars".to_string()
        } else {
            format!("{noun}s")
        };
        let body = format!(
            "Officials in {a} counted {figure} {what} near {b}{when}. The ministry published \
             report number {i} after a long review of the situation in the region."
        );
        let mut entities = vec![(a, a)];
        if b != a {
            entities.push((b, b));
        }
        let mut d = doc(
            &format!("g{i}"),
            &published,
            &body,
            &entities,
            &[(&figure, value.round(), rnd.next(2) == 0, noun)],
        );
        for part in when.split(" to ").filter(|p| !p.is_empty()) {
            let text = part
                .trim_start()
                .trim_start_matches("in ")
                .trim_start_matches("from ");
            let (start, end) = find(&body, text);
            let value = match text {
                "October" => format!("{}-10", &published[..4]),
                year => year.to_string(),
            };
            d.dates.push(DateExpr {
                text: text.into(),
                value,
                modifier: None,
                start,
                end,
            });
        }
        if i % 11 == 0 {
            d.published = None;
        }
        out.push(new_doc(d));
    }
    out
}

/// The stored measures are up to date and equal to grouping every figure now.
fn assert_stored_equal_computed(store: &Store) {
    let stored = store.measures(1).unwrap();
    assert_eq!(store.stale_measure_families().unwrap(), 0);
    assert_eq!(stored, store.computed_measures(1).unwrap());
    let conflicts: Vec<_> = store
        .computed_measures(2)
        .unwrap()
        .into_iter()
        .filter(|m| m.conflict_count > 0)
        .collect();
    assert_eq!(store.conflicts().unwrap(), conflicts);
}

#[test]
fn stored_measures_equal_grouping_from_scratch_as_batches_come() {
    let mut store = Store::open_in_memory().unwrap();
    let docs = generated(500);
    for (n, batch) in docs.chunks(97).enumerate() {
        store.write_batch(batch, &[], false).unwrap();
        // Sometimes grouped after each batch, sometimes after several.
        if n % 2 == 1 {
            assert_stored_equal_computed(&store);
        }
    }
    assert_stored_equal_computed(&store);
    let measures = store.measures(2).unwrap();
    assert!(measures.len() > 10, "{}", measures.len());
    assert!(measures.iter().any(|m| m.year.is_none()));
    assert!(measures.iter().any(|m| m.sources < m.value_count));
    assert!(!store.conflicts().unwrap().is_empty());

    // Re-extraction with other values: the measures of those figures change.
    let mut changed: Vec<NewDocument> = docs[..60].to_vec();
    for d in &mut changed {
        for q in &mut d.doc.quantities {
            q.value *= 3.0;
        }
    }
    store.write_batch(&changed, &[], true).unwrap();
    assert!(store.stale_measure_families().unwrap() > 0);
    assert_stored_equal_computed(&store);

    // One new figure: only its family is regrouped.
    let families: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM measure_families", [], |r| r.get(0))
        .unwrap();
    store
        .write_batch(&story_with_speaker()[..1], &[], false)
        .unwrap();
    assert_eq!(store.refresh_measures().unwrap(), 1);
    assert!(families > 1);
    assert_stored_equal_computed(&store);
}

#[test]
fn a_figure_without_a_stated_year_refers_to_its_publication_year() {
    let mut store = Store::open_in_memory().unwrap();
    let body = "SoftBank gave WeWork a lifeline worth 9.5 billion dollars in October.";
    let mut october = doc(
        "deal",
        "2019-11-18",
        body,
        &[("SoftBank", "SoftBank"), ("WeWork", "WeWork")],
        &[("9.5 billion dollars", 9.5e9, false, "")],
    );
    let (start, end) = find(body, "October");
    october.dates.push(DateExpr {
        text: "October".into(),
        value: "2019-10".into(),
        modifier: None,
        start,
        end,
    });
    let undated_sentence = doc(
        "wire",
        "2019-11-19T07:03:00Z",
        "SoftBank injected 6.5 billion dollars into WeWork.",
        &[("SoftBank", "SoftBank"), ("WeWork", "WeWork")],
        &[("6.5 billion dollars", 6.5e9, false, "")],
    );
    let body = "From 2017 to 2018 SoftBank put 4 billion dollars into WeWork.";
    let mut two_years = doc(
        "history",
        "2019-11-20",
        body,
        &[("SoftBank", "SoftBank"), ("WeWork", "WeWork")],
        &[("4 billion dollars", 4e9, false, "")],
    );
    for year in ["2017", "2018"] {
        let (start, end) = find(body, year);
        two_years.dates.push(DateExpr {
            text: year.into(),
            value: year.into(),
            modifier: None,
            start,
            end,
        });
    }
    let mut undated_doc = doc(
        "undated",
        "",
        "SoftBank owns 80 billion dollars of WeWork.",
        &[("SoftBank", "SoftBank"), ("WeWork", "WeWork")],
        &[("80 billion dollars", 8e10, false, "")],
    );
    undated_doc.published = None;
    let docs: Vec<NewDocument> = [october, undated_sentence, two_years, undated_doc]
        .into_iter()
        .map(new_doc)
        .collect();
    store.write_batch(&docs, &[], false).unwrap();
    let measures = store.measures(1).unwrap();
    let labels: Vec<(&str, Vec<&str>)> = measures
        .iter()
        .map(|m| {
            (
                m.label.as_str(),
                m.values.iter().map(|v| v.doc_id.as_str()).collect(),
            )
        })
        .collect();
    // "in October" (2019) and no date in a 2019 article: one measure, and a conflict.
    // Two years stated, or no date in an undated article: the year is unknown.
    assert_eq!(
        labels,
        [
            ("USD — SoftBank, WeWork [2019]", vec!["deal", "wire"]),
            ("USD — SoftBank, WeWork", vec!["history"]),
            ("USD — SoftBank, WeWork", vec!["undated"]),
        ]
    );
    assert_eq!(measures[0].conflict_count, 1);
}

/// The rows of the measure tables by family key (row ids of families may differ).
fn measure_rows(store: &Store) -> Vec<String> {
    table_rows(
        store,
        &[
            "SELECT f.key, f.dirty FROM measure_families f",
            "SELECT f.key, q.doc, q.local_id FROM quantities q JOIN measure_families f ON f.id = q.family",
            "SELECT f.key, m.idx, m.subjects, m.sources, m.value_count, m.conflict_count
             FROM measures m JOIN measure_families f ON f.id = m.family",
            "SELECT f.key, v.measure, v.idx, v.doc, v.local_id
             FROM measure_values v JOIN measure_families f ON f.id = v.family",
            "SELECT f.key, c.measure, c.idx, c.a, c.b
             FROM measure_conflicts c JOIN measure_families f ON f.id = c.family",
        ],
    )
}

#[test]
fn migration_3_files_and_groups_figures_as_the_writer_does() {
    let path = temp_db("migrate3");
    let mut store = Store::open(&path).unwrap();
    let mut docs = generated(200);
    docs.extend(story_with_speaker());
    store.write_batch(&docs, &[], false).unwrap();
    let measures = store.measures(1).unwrap();
    let written = measure_rows(&store);
    assert!(written.iter().any(|r| r.contains("measure_conflicts")));
    store
        .connection()
        .execute_batch(
            "DROP TABLE measure_values; DROP TABLE measure_conflicts; DROP TABLE measures;
             DROP TABLE measure_families; DROP INDEX quantities_family;
             ALTER TABLE quantities DROP COLUMN family;
             PRAGMA user_version = 2;",
        )
        .unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 3);
    assert_eq!(store.stale_measure_families().unwrap(), 0);
    assert_eq!(measure_rows(&store), written);
    assert_eq!(store.measures(1).unwrap(), measures);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn a_page_of_measures_cuts_values_and_conflicts_and_counts_all() {
    let mut store = Store::open_in_memory().unwrap();
    store.write_batch(&generated(400), &[], false).unwrap();
    let all = store.conflicts().unwrap();
    assert!(all.len() > 2, "{}", all.len());
    let page = store
        .measures_page(&MeasureFilter {
            min_values: 2,
            conflicts_only: true,
            limit: Some(2),
            values: Some(3),
            pairs: Some(3),
            ..MeasureFilter::default()
        })
        .unwrap();
    assert_eq!(page.total, all.len() as i64);
    assert_eq!(page.rows.len(), 2);
    for (cut, full) in page.rows.iter().zip(&all) {
        assert_eq!(cut.label, full.label);
        assert_eq!(
            (cut.value_count, cut.conflict_count),
            (full.value_count, full.conflict_count)
        );
        assert_eq!(cut.conflicts.len(), full.conflicts.len().min(3));
        // The pairs shown are the first of the full list, pointing at the same values.
        for (c, f) in cut.conflicts.iter().zip(&full.conflicts) {
            assert_eq!(cut.values[c.a], full.values[f.a]);
            assert_eq!(cut.values[c.b], full.values[f.b]);
        }
        // The most recent values are shown, in timeline order.
        let recent = &full.values[full.values.len().saturating_sub(3)..];
        assert!(cut.values.ends_with(recent));
        assert!(cut.values.len() <= 3 + 2 * 3);
    }
    // Pairs only: the values they pair and no others.
    let pairs = store
        .measures_page(&MeasureFilter {
            conflicts_only: true,
            values: Some(0),
            pairs: Some(1),
            ..MeasureFilter::default()
        })
        .unwrap();
    for (cut, full) in pairs.rows.iter().zip(&all) {
        let first = full.conflicts[0];
        assert_eq!(
            cut.values,
            [full.values[first.a].clone(), full.values[first.b].clone()]
        );
        assert_eq!(cut.conflicts, [crate::Conflict { a: 0, b: 1 }]);
    }

    let about = store
        .measures_page(&MeasureFilter {
            subjects: Some(vec!["Kursk".into()]),
            of: Some("SOLDIER".into()),
            ..MeasureFilter::default()
        })
        .unwrap();
    let want: Vec<_> = store
        .measures(1)
        .unwrap()
        .into_iter()
        .filter(|m| m.of.as_deref() == Some("soldier") && m.subjects.iter().any(|s| s == "Kursk"))
        .collect();
    assert!(!want.is_empty());
    assert_eq!(about.rows, want);
}
