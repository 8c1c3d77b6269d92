//! Figures across documents: quantities that measure the same thing form a *measure*, and
//! values of one measure from independent sources (different duplicate clusters) that differ
//! beyond their stated approximation are *conflicts*. How grouping works and where it
//! abstains: `docs/store.md`.
//!
//! Measures are kept in tables. The writer files each figure under its *family* (unit,
//! counted noun, rate period, year: the partition grouping starts from) and marks the family
//! dirty; [`Store::refresh_measures`] regroups the figures of the dirty families only, so the
//! queries read stored rows instead of regrouping every figure.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, Connection, OptionalExtension, Row as SqlRow, Transaction};
use serde::Serialize;

use crate::{Page, Result, Store};

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
    /// The year the figures refer to (stated in their sentences, else their documents'
    /// publication year); `None` when unknown.
    pub year: Option<String>,
    /// Independent sources (duplicate clusters) stating a value.
    pub sources: usize,
    /// Values of the measure, all of them (`values` may hold fewer, see [`MeasureFilter`]).
    pub value_count: usize,
    /// Values in timeline order (publication date, then document).
    pub values: Vec<MeasureValue>,
    /// Contradicting pairs from different independent sources.
    pub conflict_count: usize,
    /// The first [`LISTED_CONFLICTS`] of them, in timeline order (fewer when a
    /// [`MeasureFilter`] cuts them).
    pub conflicts: Vec<Conflict>,
}

/// Which measures [`Store::measures_page`] returns, and how much of each; `None` fields do
/// not filter or cut.
#[derive(Debug, Clone, Default)]
pub struct MeasureFilter {
    /// Only measures with at least this many values (0 and 1: all).
    pub min_values: usize,
    /// Only measures counting this noun (case-insensitive).
    pub of: Option<String>,
    /// Only measures in this unit (ASCII case-insensitive).
    pub unit: Option<String>,
    /// Only measures about one of these entities (canonical names among their subjects).
    pub subjects: Option<Vec<String>>,
    /// Only measures with at least one conflict.
    pub conflicts_only: bool,
    /// At most this many measures, the first in rank order (most independent sources,
    /// then most values, then label).
    pub limit: Option<usize>,
    /// Of each measure at most this many of its most recent values (the values of the
    /// conflicting pairs returned come besides); the counts still cover all.
    pub values: Option<usize>,
    /// Of each measure at most this many of its listed conflicting pairs, with their values.
    pub pairs: Option<usize>,
}

/// What figures must share to measure the same thing: the partition grouping starts from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(crate) struct Family {
    unit: String,
    of: Option<String>,
    per: Option<String>,
    year: Option<String>,
}

impl Family {
    /// The family of a figure, or `None` where grouping abstains: a vague figure, unit
    /// `other`, no subjects, or neither a counted noun nor a currency. `year` is the year it
    /// refers to ([`crate::write`] decides).
    pub(crate) fn of_figure(
        unit: &str,
        of: Option<&str>,
        per: Option<&str>,
        vague: bool,
        has_subjects: bool,
        year: Option<String>,
    ) -> Option<Family> {
        if vague || unit == "other" || !has_subjects || (of.is_none() && !is_currency(unit)) {
            return None;
        }
        Some(Family {
            unit: unit.to_string(),
            of: of.map(str::to_lowercase),
            per: per.map(str::to_string),
            year,
        })
    }

    /// The row id of the family, created when new, and marked dirty: its measures are
    /// regrouped by the next [`Store::refresh_measures`].
    pub(crate) fn mark_dirty(&self, conn: &Connection) -> Result<i64> {
        let key = serde_json::to_string(self)?;
        let found: Option<(i64, bool)> = conn
            .prepare_cached("SELECT id, dirty FROM measure_families WHERE key = ?1")?
            .query_row([&key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match found {
            Some((id, true)) => Ok(id),
            Some((id, false)) => {
                conn.prepare_cached("UPDATE measure_families SET dirty = 1 WHERE id = ?1")?
                    .execute([id])?;
                Ok(id)
            }
            None => {
                conn.prepare_cached(
                    "INSERT INTO measure_families(key, unit, of, per, year, dirty)
                     VALUES (?1, ?2, ?3, ?4, ?5, 1)",
                )?
                .execute(params![key, self.unit, self.of, self.per, self.year])?;
                Ok(conn.last_insert_rowid())
            }
        }
    }
}

/// A figure as loaded for grouping.
struct Row {
    value: MeasureValue,
    subjects: BTreeSet<String>,
}

/// A measure with its place: the family it belongs to and its index there (the stored key,
/// and the last tie-breakers of the rank order).
struct Placed {
    family: Family,
    idx: usize,
    measure: Measure,
}

/// The columns of a [`MeasureValue`] but the sentence (from `q` quantities, `d` documents,
/// `g` doc_signatures), in [`value_from`]'s order. The cluster comes from the narrow
/// signature row: `documents.cluster` sits behind the body and the JSON.
const VALUE_COLUMNS: &str = "q.doc, q.local_id, d.doc_id, d.source, coalesce(g.cluster, d.cluster),
    d.published, q.text, q.value, q.value_max, q.approximate, q.bound, q.hedge, q.claimed_by";
/// The sentence of a figure (`s` sentences), the column after [`VALUE_COLUMNS`].
const SENTENCE_COLUMN: &str = "substr(d.body, s.start + 1, s.\"end\" - s.start)";
/// The order figures are grouped in (ties of value and date keep it).
const FIGURE_ORDER: &str = "d.published, d.id, q.start, q.local_id";

/// A [`MeasureValue`] from [`VALUE_COLUMNS`] and the sentence, starting at column `at`.
fn value_from(r: &SqlRow, at: usize) -> rusqlite::Result<MeasureValue> {
    Ok(MeasureValue {
        doc: r.get(at)?,
        local_id: r.get(at + 1)?,
        doc_id: r.get(at + 2)?,
        source: r.get(at + 3)?,
        cluster: r.get(at + 4)?,
        published: r.get(at + 5)?,
        text: r.get(at + 6)?,
        value: r.get(at + 7)?,
        value_max: r.get(at + 8)?,
        approximate: r.get(at + 9)?,
        bound: r.get(at + 10)?,
        hedge: r.get(at + 11)?,
        claimed_by: r.get(at + 12)?,
        sentence: r.get(at + 13)?,
    })
}

/// The subjects of a figure, stored as a JSON list (a malformed list names none).
fn subjects_from(json: &str) -> BTreeSet<String> {
    serde_json::from_str(json).unwrap_or_default()
}

impl Store {
    /// Every measure with at least `min_values` values, most independent sources first.
    pub fn measures(&self, min_values: usize) -> Result<Vec<Measure>> {
        Ok(self
            .measures_page(&MeasureFilter {
                min_values,
                ..MeasureFilter::default()
            })?
            .rows)
    }

    /// Measures with at least one conflict.
    pub fn conflicts(&self) -> Result<Vec<Measure>> {
        Ok(self
            .measures_page(&MeasureFilter {
                min_values: 2,
                conflicts_only: true,
                ..MeasureFilter::default()
            })?
            .rows)
    }

    /// The measures a filter selects, in rank order, read from the stored measures (regrouped
    /// first where figures changed since the last [`Store::refresh_measures`]).
    pub fn measures_page(&self, filter: &MeasureFilter) -> Result<Page<Measure>> {
        if self.stale_measure_families()? > 0 {
            self.refresh_measures()?;
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.family, m.idx, f.unit, f.of, f.per, f.year, m.subjects, m.sources,
                    m.value_count, m.conflict_count
             FROM measures m JOIN measure_families f ON f.id = m.family
             WHERE m.value_count >= ?1 AND (?2 IS NULL OR f.of = ?2)
               AND (?3 IS NULL OR f.unit = ?3 COLLATE NOCASE) AND (?4 = 0 OR m.conflict_count > 0)",
        )?;
        let of = filter.of.as_deref().map(str::to_lowercase);
        let rows = stmt.query_map(
            params![
                filter.min_values.max(1) as i64,
                of,
                filter.unit,
                filter.conflicts_only
            ],
            |r| {
                let family = Family {
                    unit: r.get(2)?,
                    of: r.get(3)?,
                    per: r.get(4)?,
                    year: r.get(5)?,
                };
                let subjects: Vec<String> =
                    serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default();
                let row_id = (r.get::<_, i64>(0)?, r.get::<_, i64>(1)?);
                let measure = Measure {
                    label: label(&family, &subjects),
                    unit: family.unit.clone(),
                    of: family.of.clone(),
                    subjects,
                    year: family.year.clone(),
                    sources: r.get::<_, i64>(7)? as usize,
                    value_count: r.get::<_, i64>(8)? as usize,
                    values: Vec::new(),
                    conflict_count: r.get::<_, i64>(9)? as usize,
                    conflicts: Vec::new(),
                };
                Ok((
                    row_id,
                    Placed {
                        family,
                        idx: row_id.1 as usize,
                        measure,
                    },
                ))
            },
        )?;
        let mut found = Vec::new();
        for row in rows {
            let (row_id, placed) = row?;
            let about = filter
                .subjects
                .as_ref()
                .is_none_or(|names| placed.measure.subjects.iter().any(|s| names.contains(s)));
            if about {
                found.push((row_id, placed));
            }
        }
        found.sort_by(|a, b| rank(&a.1, &b.1));
        let total = found.len() as i64;
        found.truncate(filter.limit.unwrap_or(usize::MAX));
        let mut out = Vec::with_capacity(found.len());
        for ((family, idx), placed) in found {
            let mut m = placed.measure;
            (m.values, m.conflicts) = self.stored_values(family, idx, m.value_count, filter)?;
            out.push(m);
        }
        Ok(Page { total, rows: out })
    }

    /// The values of stored measure `(family, idx)` and its listed conflicts, as many as the
    /// filter asks for: the most recent values and the first pairs with the values they pair.
    fn stored_values(
        &self,
        family: i64,
        idx: i64,
        count: usize,
        filter: &MeasureFilter,
    ) -> Result<(Vec<MeasureValue>, Vec<Conflict>)> {
        let pairs: Vec<(usize, usize)> = self
            .conn
            .prepare_cached(
                "SELECT a, b FROM measure_conflicts WHERE family = ?1 AND measure = ?2
                 ORDER BY idx LIMIT ?3",
            )?
            .query_map(
                params![family, idx, filter.pairs.map_or(-1, |c| c as i64)],
                |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize)),
            )?
            .collect::<std::result::Result<_, _>>()?;
        let shown: Vec<usize> = match filter.values {
            None => (0..count).collect(),
            Some(c) => {
                let mut shown: BTreeSet<usize> = (count.saturating_sub(c)..count).collect();
                shown.extend(pairs.iter().flat_map(|&(a, b)| [a, b]));
                shown.into_iter().collect()
            }
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT doc, local_id, doc_id, source, cluster, published, text, value, value_max,
                    approximate, bound, hedge, claimed_by, sentence
             FROM measure_values
             WHERE family = ?1 AND measure = ?2 AND idx BETWEEN ?3 AND ?4
             ORDER BY idx",
        )?;
        let mut values = Vec::with_capacity(shown.len());
        // One range query per run of consecutive indexes.
        let mut i = 0;
        while i < shown.len() {
            let mut j = i;
            while j + 1 < shown.len() && shown[j + 1] == shown[j] + 1 {
                j += 1;
            }
            let rows = stmt.query_map(
                params![family, idx, shown[i] as i64, shown[j] as i64],
                |r| value_from(r, 0),
            )?;
            for row in rows {
                values.push(row?);
            }
            i = j + 1;
        }
        let at = |v: usize| shown.binary_search(&v).ok();
        let conflicts = pairs
            .into_iter()
            .filter_map(|(a, b)| {
                Some(Conflict {
                    a: at(a)?,
                    b: at(b)?,
                })
            })
            .collect();
        Ok((values, conflicts))
    }

    /// Measures with at least two values, and how many of them have conflicts.
    pub fn measure_counts(&self) -> Result<(i64, i64)> {
        if self.stale_measure_families()? > 0 {
            self.refresh_measures()?;
        }
        Ok(self.conn.query_row(
            "SELECT count(*), coalesce(sum(conflict_count > 0), 0) FROM measures
             WHERE value_count >= 2",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Families of figures whose measures are out of date (figures written since the last
    /// [`Store::refresh_measures`], or a refresh that was interrupted).
    pub fn stale_measure_families(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM measure_families WHERE dirty = 1")?
            .query_row([], |r| r.get(0))?)
    }

    /// Regroups the figures of every dirty family into its stored measures, in one
    /// transaction (killed midway, nothing changes and the next call does it all); returns
    /// the number of families regrouped. `ingest` calls it at the end of each run.
    pub fn refresh_measures(&self) -> Result<usize> {
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        let n = refresh(&tx)?;
        tx.commit()?;
        Ok(n)
    }

    /// Every measure with at least `min_values` values, grouped now from the stored figures
    /// without the stored measures: what [`Store::measures`] must equal (a reference for
    /// tests and checks; it regroups every figure, seconds on a large store).
    pub fn computed_measures(&self, min_values: usize) -> Result<Vec<Measure>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT f.unit, f.of, f.per, f.year, q.subjects, {VALUE_COLUMNS}, {SENTENCE_COLUMN}
             FROM quantities q
             JOIN measure_families f ON f.id = q.family
             JOIN documents d ON d.id = q.doc
             LEFT JOIN doc_signatures g ON g.doc = q.doc
             LEFT JOIN sentences s ON s.doc = q.doc AND s.idx = q.sentence
             ORDER BY {FIGURE_ORDER}"
        ))?;
        let rows = stmt.query_map([], |r| {
            let family = Family {
                unit: r.get(0)?,
                of: r.get(1)?,
                per: r.get(2)?,
                year: r.get(3)?,
            };
            let row = Row {
                subjects: subjects_from(&r.get::<_, String>(4)?),
                value: value_from(r, 5)?,
            };
            Ok((family, row))
        })?;
        let mut families: BTreeMap<Family, Vec<Row>> = BTreeMap::new();
        for row in rows {
            let (family, row) = row?;
            families.entry(family).or_default().push(row);
        }
        let mut all = Vec::new();
        for (family, rows) in families {
            for (idx, measure) in group_family(&family, rows).into_iter().enumerate() {
                if measure.value_count >= min_values.max(1) {
                    all.push(Placed {
                        family: family.clone(),
                        idx,
                        measure,
                    });
                }
            }
        }
        all.sort_by(rank);
        Ok(all.into_iter().map(|p| p.measure).collect())
    }
}

/// Rank order of measures: most independent sources, most values, label; then family and
/// index within it, so that the order is total and the same however the measures were made.
fn rank(a: &Placed, b: &Placed) -> Ordering {
    b.measure
        .sources
        .cmp(&a.measure.sources)
        .then(b.measure.value_count.cmp(&a.measure.value_count))
        .then_with(|| a.measure.label.cmp(&b.measure.label))
        .then_with(|| a.family.cmp(&b.family))
        .then(a.idx.cmp(&b.idx))
}

/// Regroups every dirty family in the caller's transaction; returns how many.
pub(crate) fn refresh(conn: &Connection) -> Result<usize> {
    let dirty: Vec<(i64, Family)> = conn
        .prepare_cached(
            "SELECT id, unit, of, per, year FROM measure_families WHERE dirty = 1 ORDER BY id",
        )?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                Family {
                    unit: r.get(1)?,
                    of: r.get(2)?,
                    per: r.get(3)?,
                    year: r.get(4)?,
                },
            ))
        })?
        .collect::<std::result::Result<_, _>>()?;
    for (id, family) in &dirty {
        for table in ["measure_values", "measure_conflicts", "measures"] {
            conn.prepare_cached(&format!("DELETE FROM {table} WHERE family = ?1"))?
                .execute([id])?;
        }
        let rows: Vec<Row> = conn
            .prepare_cached(&format!(
                "SELECT q.subjects, {VALUE_COLUMNS}, {SENTENCE_COLUMN}
                 FROM quantities q
                 JOIN documents d ON d.id = q.doc
                 LEFT JOIN doc_signatures g ON g.doc = q.doc
                 LEFT JOIN sentences s ON s.doc = q.doc AND s.idx = q.sentence
                 WHERE q.family = ?1
                 ORDER BY {FIGURE_ORDER}"
            ))?
            .query_map([id], |r| {
                Ok(Row {
                    subjects: subjects_from(&r.get::<_, String>(0)?),
                    value: value_from(r, 1)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        for (idx, m) in group_family(family, rows).iter().enumerate() {
            conn.prepare_cached(
                "INSERT INTO measures(family, idx, subjects, sources, value_count, conflict_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                id,
                idx as i64,
                serde_json::to_string(&m.subjects)?,
                m.sources as i64,
                m.value_count as i64,
                m.conflict_count as i64
            ])?;
            let mut value = conn.prepare_cached(
                "INSERT INTO measure_values(family, measure, idx, doc, local_id, doc_id, source,
                     cluster, published, text, value, value_max, approximate, bound, hedge,
                     claimed_by, sentence)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17)",
            )?;
            for (i, v) in m.values.iter().enumerate() {
                value.execute(params![
                    id,
                    idx as i64,
                    i as i64,
                    v.doc,
                    v.local_id,
                    v.doc_id,
                    v.source,
                    v.cluster,
                    v.published,
                    v.text,
                    v.value,
                    v.value_max,
                    v.approximate,
                    v.bound,
                    v.hedge,
                    v.claimed_by,
                    v.sentence
                ])?;
            }
            let mut conflict = conn.prepare_cached(
                "INSERT INTO measure_conflicts(family, measure, idx, a, b)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (i, c) in m.conflicts.iter().enumerate() {
                conflict.execute(params![id, idx as i64, i as i64, c.a as i64, c.b as i64])?;
            }
        }
        conn.prepare_cached("UPDATE measure_families SET dirty = 0 WHERE id = ?1")?
            .execute([id])?;
    }
    Ok(dirty.len())
}

/// Whether a unit is a currency code (no exchange rates: currencies never mix).
fn is_currency(unit: &str) -> bool {
    unit.len() == 3 && unit.bytes().all(|b| b.is_ascii_uppercase())
}

/// Groups the figures of one family into measures: the family is cut into runs of similar
/// size, and within a run, figures whose subject sets overlap enough with every group member
/// (no chaining through a figure that names a little of everything) form a measure. Subject
/// names are compared with their short forms ("SoftBank Group Corp" counts as "SoftBank" when
/// another figure names "SoftBank").
fn group_family(family: &Family, rows: Vec<Row>) -> Vec<Measure> {
    magnitude_bands(rows)
        .into_iter()
        .flat_map(|mut band| {
            short_forms(&mut band);
            subject_groups(band)
        })
        .map(|rows| measure_of(family, rows))
        .collect()
}

/// The rows of one run, grouped: a set of subjects joins the first group whose every set it
/// overlaps (Jaccard ≥ [`SUBJECT_OVERLAP`]), else starts one; the sets with most figures first.
fn subject_groups(rows: Vec<Row>) -> Vec<Vec<Row>> {
    let mut buckets: BTreeMap<BTreeSet<String>, Vec<Row>> = BTreeMap::new();
    for row in rows {
        buckets.entry(row.subjects.clone()).or_default().push(row);
    }
    let mut buckets: Vec<(BTreeSet<String>, Vec<Row>)> = buckets.into_iter().collect();
    // Most figures first, so a story's main figures seed the groups.
    buckets.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    let mut groups: Vec<(Vec<BTreeSet<String>>, Vec<Row>)> = Vec::new();
    // Groups by the subjects of their first set: a newcomer must overlap it, so only groups
    // sharing a subject with the newcomer are candidates (tried in the order they began).
    let mut by_seed: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (key, rows) in buckets {
        let candidates: BTreeSet<usize> = key
            .iter()
            .filter_map(|s| by_seed.get(s))
            .flatten()
            .copied()
            .collect();
        let home = candidates.into_iter().find(|&g| {
            groups[g]
                .0
                .iter()
                .all(|k| jaccard(k, &key) >= SUBJECT_OVERLAP)
        });
        match home {
            Some(g) => {
                groups[g].0.push(key);
                groups[g].1.extend(rows);
            }
            None => {
                for s in &key {
                    by_seed.entry(s.clone()).or_default().push(groups.len());
                }
                groups.push((vec![key], rows));
            }
        }
    }
    groups.into_iter().map(|(_, rows)| rows).collect()
}

/// The measure of one group of figures: about what most of them name, values in timeline order.
fn measure_of(family: &Family, rows: Vec<Row>) -> Measure {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut values = Vec::with_capacity(rows.len());
    for r in rows {
        for s in r.subjects {
            *seen.entry(s).or_default() += 1;
        }
        values.push(r.value);
    }
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
    measure(family, subjects, values)
}

/// Replaces each subject name by the shortest other name of the rows that it continues word
/// for word ("SoftBank Group Corp" → "SoftBank").
fn short_forms(rows: &mut [Row]) {
    let names: BTreeSet<String> = rows
        .iter()
        .flat_map(|r| r.subjects.iter().cloned())
        .collect();
    let short = |name: &String| -> String {
        name.match_indices(' ')
            .map(|(i, _)| &name[..i])
            .find(|prefix| names.contains(*prefix))
            .unwrap_or(name)
            .to_string()
    };
    for r in rows {
        r.subjects = r.subjects.iter().map(short).collect();
    }
}

/// The label of a measure: counted noun and unit, subjects, year.
fn label(family: &Family, subjects: &[String]) -> String {
    let mut label = match &family.of {
        Some(of) => format!("{of} ({})", family.unit),
        None => family.unit.clone(),
    };
    label.push_str(" — ");
    label.push_str(&subjects.join(", "));
    if let Some(y) = &family.year {
        label.push_str(&format!(" [{y}]"));
    }
    label
}

fn measure(family: &Family, subjects: BTreeSet<String>, values: Vec<MeasureValue>) -> Measure {
    let subjects: Vec<String> = subjects.into_iter().collect();
    let sources = values
        .iter()
        .map(|v| v.cluster)
        .collect::<BTreeSet<_>>()
        .len();
    let mut conflicts = Vec::new();
    let mut conflict_count = 0;
    let intervals: Vec<Option<(f64, f64)>> = values.iter().map(interval).collect();
    let by_source = values_by_source(&values);
    for i in 0..values.len() {
        let Some((alo, ahi)) = intervals[i] else {
            continue;
        };
        for j in i + 1..values.len() {
            let Some((blo, bhi)) = intervals[j] else {
                continue;
            };
            let (a, b) = (&values[i], &values[j]);
            if (ahi < blo || bhi < alo)
                && a.cluster != b.cluster
                && nearest_of(&by_source, a, b.cluster) >= distance(a.value, b.value)
                && nearest_of(&by_source, b, a.cluster) >= distance(a.value, b.value)
            {
                conflict_count += 1;
                if conflicts.len() < LISTED_CONFLICTS {
                    conflicts.push(Conflict { a: i, b: j });
                }
            }
        }
    }
    Measure {
        label: label(family, &subjects),
        unit: family.unit.clone(),
        of: family.of.clone(),
        subjects,
        year: family.year.clone(),
        sources,
        value_count: values.len(),
        values,
        conflict_count,
        conflicts,
    }
}

/// The values each independent source states, sorted.
fn values_by_source(values: &[MeasureValue]) -> BTreeMap<i64, Vec<f64>> {
    let mut by: BTreeMap<i64, Vec<f64>> = BTreeMap::new();
    for v in values {
        by.entry(v.cluster).or_default().push(v.value);
    }
    for list in by.values_mut() {
        list.sort_by(f64::total_cmp);
    }
    by
}

/// Relative distance of two values (0 when equal, towards 1 as they part).
fn distance(a: f64, b: f64) -> f64 {
    let scale = a.abs().max(b.abs());
    if scale == 0.0 {
        0.0
    } else {
        (a - b).abs() / scale
    }
}

/// How close the nearest value of `source` comes to `v`: a pair of values is compared only
/// when each is the other source's closest to it, so a source that states several sums in
/// one measure (a rescue, a buyout, a stake) is held to the one that matches, not to all.
fn nearest_of(by_source: &BTreeMap<i64, Vec<f64>>, v: &MeasureValue, source: i64) -> f64 {
    let Some(list) = by_source.get(&source) else {
        return f64::INFINITY;
    };
    let at = list.partition_point(|x| *x < v.value);
    [at.checked_sub(1), Some(at)]
        .into_iter()
        .flatten()
        .filter_map(|k| list.get(k))
        .map(|x| distance(v.value, *x))
        .fold(f64::INFINITY, f64::min)
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

#[cfg(test)]
#[path = "measures_bands_tests.rs"]
mod bands_tests;
