//! Figures across documents: quantities that measure the same thing form a *measure*, and
//! values of one measure from independent sources (different duplicate clusters) that differ
//! beyond their stated approximation are *conflicts*. How grouping works and where it
//! abstains: `docs/store.md`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::{Result, Store};

/// Relative tolerance of a value marked approximate ("rund", "about").
const APPROX_TOLERANCE: f64 = 0.10;
/// Relative tolerance of a value written as exact (rounding in print).
const EXACT_TOLERANCE: f64 = 0.01;
/// Largest ratio between neighbouring values of one measure (see [`magnitude_bands`]).
const MAGNITUDE_SPAN: f64 = 10.0;
/// Minimum Jaccard overlap of subject entities for two figures to measure the same thing.
const SUBJECT_OVERLAP: f64 = 0.5;
/// Contradicting pairs listed per measure (all are counted): a measure with thousands of
/// values from many sources can have millions.
pub const LISTED_CONFLICTS: usize = 100;

/// One stated value of a measure, with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureValue {
    /// Row id of the document (`documents.id`).
    pub doc: i64,
    /// Id of the figure within its document (`quantities.local_id`).
    pub local_id: String,
    /// Document id (`documents.doc_id`).
    pub doc_id: String,
    /// Path or URL of the document.
    pub source: String,
    /// Duplicate cluster of the document: one independent source per cluster.
    pub cluster: i64,
    /// Publication date of the document.
    pub published: Option<String>,
    /// The figure as written.
    pub text: String,
    /// Value in base units (lower end of a range).
    pub value: f64,
    /// Upper end of a range.
    pub value_max: Option<f64>,
    /// Marked approximate.
    pub approximate: bool,
    /// `lower` or `upper` when a bound word limits it.
    pub bound: Option<String>,
    /// Hedge of the claim carrying it, if attributed.
    pub hedge: Option<String>,
    /// Who the article says claims it.
    pub claimed_by: Option<String>,
    /// The sentence it stands in.
    pub sentence: Option<String>,
}

/// Two values of one measure that contradict each other (indexes into [`Measure::values`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// First value.
    pub a: usize,
    /// Second value.
    pub b: usize,
}

/// Figures that measure the same thing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    /// Human-readable name: what is counted, of whom, when.
    pub label: String,
    /// Unit of every value (`count`, `percent`, an ISO 4217 code, ...).
    pub unit: String,
    /// What is counted, if the figures say.
    pub of: Option<String>,
    /// Canonical names of the entities the figures are about.
    pub subjects: Vec<String>,
    /// The year the sentences refer to, if they state one.
    pub year: Option<String>,
    /// Independent sources (duplicate clusters) stating a value.
    pub sources: usize,
    /// Every value, in timeline order (publication date, then document).
    pub values: Vec<MeasureValue>,
    /// Contradicting pairs from different independent sources.
    pub conflict_count: usize,
    /// The first [`LISTED_CONFLICTS`] of them, in timeline order.
    pub conflicts: Vec<Conflict>,
}

/// A figure as loaded, with what grouping needs.
struct Row {
    value: MeasureValue,
    unit: String,
    of: Option<String>,
    per: Option<String>,
    subjects: BTreeSet<String>,
    year: Option<String>,
}

impl Store {
    /// Every measure with at least `min_values` values, most independent sources first.
    pub fn measures(&self, min_values: usize) -> Result<Vec<Measure>> {
        let rows = self.load_figures()?;
        let mut measures = group(rows);
        measures.retain(|m| m.values.len() >= min_values.max(1));
        measures.sort_by(|a, b| {
            b.sources
                .cmp(&a.sources)
                .then(b.values.len().cmp(&a.values.len()))
                .then(a.label.cmp(&b.label))
        });
        Ok(measures)
    }

    /// Measures with at least one conflict.
    pub fn conflicts(&self) -> Result<Vec<Measure>> {
        let mut m = self.measures(2)?;
        m.retain(|m| !m.conflicts.is_empty());
        Ok(m)
    }

    fn load_figures(&self) -> Result<Vec<Row>> {
        // The cluster from the narrow signature row: `documents.cluster` sits behind the body
        // and the JSON, a walk over their overflow pages.
        let mut stmt = self.conn.prepare(
            "SELECT d.doc_id, d.source, coalesce(g.cluster, d.cluster), d.published, q.text,
                    q.value, q.value_max, q.approximate, q.bound, q.hedge, q.claimed_by,
                    substr(d.body, s.start + 1, s.\"end\" - s.start),
                    q.unit, q.of, q.per, q.subjects, q.year, q.doc, q.local_id
             FROM quantities q
             JOIN documents d ON d.id = q.doc
             LEFT JOIN doc_signatures g ON g.doc = q.doc
             LEFT JOIN sentences s ON s.doc = q.doc AND s.idx = q.sentence
             WHERE q.vague = 0 AND q.unit <> 'other'
             ORDER BY d.published, d.id, q.start",
        )?;
        let rows = stmt.query_map([], |r| {
            let subjects: String = r.get(15)?;
            Ok(Row {
                value: MeasureValue {
                    doc: r.get(17)?,
                    local_id: r.get(18)?,
                    doc_id: r.get(0)?,
                    source: r.get(1)?,
                    cluster: r.get(2)?,
                    published: r.get(3)?,
                    text: r.get(4)?,
                    value: r.get(5)?,
                    value_max: r.get(6)?,
                    approximate: r.get(7)?,
                    bound: r.get(8)?,
                    hedge: r.get(9)?,
                    claimed_by: r.get(10)?,
                    sentence: r.get(11)?,
                },
                unit: r.get(12)?,
                of: r.get::<_, Option<String>>(13)?.map(|s| s.to_lowercase()),
                per: r.get(14)?,
                subjects: serde_json::from_str(&subjects).unwrap_or_default(),
                year: r.get(16)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}

/// Whether a unit is a currency code (no exchange rates: currencies never mix).
fn is_currency(unit: &str) -> bool {
    unit.len() == 3 && unit.bytes().all(|b| b.is_ascii_uppercase())
}

/// Groups figures into measures. A figure takes part only if it names its subjects and
/// either what it counts (`of`) or a currency; figures join when unit, counted noun, rate
/// period and stated year are equal and their subject sets overlap enough.
fn group(rows: Vec<Row>) -> Vec<Measure> {
    type Family = (String, Option<String>, Option<String>, Option<String>);
    let mut families: BTreeMap<Family, BTreeMap<BTreeSet<String>, Vec<Row>>> = BTreeMap::new();
    for row in rows {
        if row.subjects.is_empty() || (row.of.is_none() && !is_currency(&row.unit)) {
            continue;
        }
        let family = (
            row.unit.clone(),
            row.of.clone(),
            row.per.clone(),
            row.year.clone(),
        );
        families
            .entry(family)
            .or_default()
            .entry(row.subjects.clone())
            .or_default()
            .push(row);
    }
    let mut out = Vec::new();
    for ((unit, of, _per, year), buckets) in families {
        let keys: Vec<&BTreeSet<String>> = buckets.keys().collect();
        let mut parent: Vec<usize> = (0..keys.len()).collect();
        for i in 0..keys.len() {
            for j in i + 1..keys.len() {
                if jaccard(keys[i], keys[j]) >= SUBJECT_OVERLAP {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..keys.len() {
            let root = find(&mut parent, i);
            groups.entry(root).or_default().push(i);
        }
        let mut bucket_rows: Vec<Option<Vec<Row>>> = buckets.into_values().map(Some).collect();
        for members in groups.into_values() {
            let mut rows = Vec::new();
            for i in members {
                if let Some(bucket) = bucket_rows.get_mut(i).and_then(Option::take) {
                    rows.extend(bucket);
                }
            }
            for band in magnitude_bands(rows) {
                let mut seen: BTreeMap<String, usize> = BTreeMap::new();
                let mut values = Vec::with_capacity(band.len());
                for r in band {
                    for s in r.subjects {
                        *seen.entry(s).or_default() += 1;
                    }
                    values.push(r.value);
                }
                // The measure is about what most of its figures name.
                let majority: BTreeSet<String> = seen
                    .iter()
                    .filter(|(_, &n)| 2 * n >= values.len())
                    .map(|(s, _)| s.clone())
                    .collect();
                let subjects = if majority.is_empty() {
                    seen.into_keys().collect()
                } else {
                    majority
                };
                values.sort_by(|a, b| {
                    a.published
                        .cmp(&b.published)
                        .then_with(|| a.doc_id.cmp(&b.doc_id))
                });
                out.push(measure(
                    unit.clone(),
                    of.clone(),
                    subjects,
                    year.clone(),
                    values,
                ));
            }
        }
    }
    out
}

fn measure(
    unit: String,
    of: Option<String>,
    subjects: BTreeSet<String>,
    year: Option<String>,
    values: Vec<MeasureValue>,
) -> Measure {
    let subjects: Vec<String> = subjects.into_iter().collect();
    let mut label = match &of {
        Some(of) => format!("{of} ({unit})"),
        None => unit.clone(),
    };
    label.push_str(" — ");
    label.push_str(&subjects.join(", "));
    if let Some(y) = &year {
        label.push_str(&format!(" [{y}]"));
    }
    let sources = values
        .iter()
        .map(|v| v.cluster)
        .collect::<BTreeSet<_>>()
        .len();
    let mut conflicts = Vec::new();
    let mut conflict_count = 0;
    let intervals: Vec<Option<(f64, f64)>> = values.iter().map(interval).collect();
    for i in 0..values.len() {
        let Some((alo, ahi)) = intervals[i] else {
            continue;
        };
        for j in i + 1..values.len() {
            let Some((blo, bhi)) = intervals[j] else {
                continue;
            };
            if (ahi < blo || bhi < alo) && values[i].cluster != values[j].cluster {
                conflict_count += 1;
                if conflicts.len() < LISTED_CONFLICTS {
                    conflicts.push(Conflict { a: i, b: j });
                }
            }
        }
    }
    Measure {
        label,
        unit,
        of,
        subjects,
        year,
        sources,
        values,
        conflict_count,
        conflicts,
    }
}

/// The interval a value claims, widened by its stated approximation; `None` for a denied
/// claim, which contradicts by definition and is never counted as a conflict.
fn interval(v: &MeasureValue) -> Option<(f64, f64)> {
    if v.hedge.as_deref() == Some("denied") {
        return None;
    }
    let tol = if v.approximate {
        APPROX_TOLERANCE
    } else {
        EXACT_TOLERANCE
    };
    let lo = v.value;
    let hi = v.value_max.unwrap_or(v.value).max(lo);
    let (lo, hi) = (lo - lo.abs() * tol, hi + hi.abs() * tol);
    Some(match v.bound.as_deref() {
        Some("lower") => (lo, f64::INFINITY),
        Some("upper") => (f64::NEG_INFINITY, hi),
        _ => (lo, hi),
    })
}

/// Splits figures into runs of similar size: sorted by value, a new run starts where a value
/// is more than [`MAGNITUDE_SPAN`] times the one before. Two statements of one quantity
/// rarely differ tenfold, while "$5.9 million" for a trademark and "$6.5 billion" for a
/// rescue about the same people do — without a counted noun, size is what tells them apart.
fn magnitude_bands(mut rows: Vec<Row>) -> Vec<Vec<Row>> {
    rows.sort_by(|a, b| a.value.value.total_cmp(&b.value.value));
    let mut bands: Vec<Vec<Row>> = Vec::new();
    for row in rows {
        let joins = bands
            .last()
            .and_then(|b| b.last())
            .is_some_and(|prev| row.value.value.abs() <= prev.value.value.abs() * MAGNITUDE_SPAN);
        match bands.last_mut() {
            Some(band) if joins => band.push(row),
            _ => bands.push(vec![row]),
        }
    }
    bands
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.union(b).count();
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

#[cfg(test)]
#[path = "measures_bands_tests.rs"]
mod bands_tests;
