//! Entity profiles, quotes by speaker and figures by entity: the per-entity views of the
//! knowledge base behind `newsgraph entity`, `quotes` and `figures`.

use rusqlite::{named_params, params};
use serde::Serialize;

use crate::write::fold;
use crate::{Result, Store};

/// How many co-occurring entities a profile lists.
const CO_OCCURRING: usize = 20;
/// Co-occurring entities are counted over the entity's most recent documents, at most this
/// many (a bounded query however often the entity is named).
const CO_OCCURRING_BASIS: usize = 500;
/// Quotes or claims of an entity up to this many are sorted by date directly; more are
/// read by walking the entity's documents newest first.
const DIRECT_SORT: i64 = 2000;
/// Default length of each list of a profile and of `quotes` / `figures` (`--limit`).
pub const DEFAULT_LIMIT: usize = 50;

/// An entity of the store, as a lookup finds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityInfo {
    /// Row id in `entities`.
    pub id: i64,
    /// Canonical name.
    pub name: String,
    /// `person`, `organization`, `location`, ...
    #[serde(rename = "type")]
    pub entity_type: String,
    /// Knowledge-base id, when linked.
    pub kb_id: Option<String>,
    /// Country code, when known.
    pub country: Option<String>,
    /// Mentions across all documents.
    pub mentions: i64,
}

/// One document that mentions an entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileDocument {
    /// Document id.
    pub doc_id: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Duplicate cluster (independent source).
    pub cluster: i64,
    /// Mentions of the entity in it.
    pub mentions: i64,
}

/// Mentions of an entity on one publication day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelinePoint {
    /// Publication date (`YYYY-MM-DD`), or `None` for undated documents.
    pub date: Option<String>,
    /// Documents of that day mentioning the entity.
    pub documents: i64,
    /// Mentions that day.
    pub mentions: i64,
}

/// A quote with its document and speaker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRow {
    /// Document id.
    pub doc_id: String,
    /// Publication date of the document.
    pub published: Option<String>,
    /// The speaker as the article names them.
    pub speaker: Option<String>,
    /// Canonical name of the speaker entity, when resolved.
    pub speaker_entity: Option<String>,
    /// `direct`, `indirect`, ...
    pub kind: String,
    /// The reporting verb.
    pub cue: Option<String>,
    /// What was said.
    pub text: String,
}

/// A claim an entity is given as the source of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRow {
    /// Document id.
    pub doc_id: String,
    /// Publication date of the document.
    pub published: Option<String>,
    /// The source as the article names it.
    pub source: Option<String>,
    /// How firmly it is stated (`reported`, `estimate`, `denied`, ...).
    pub hedge: String,
    /// The reporting verb or phrase.
    pub cue: Option<String>,
    /// The claim.
    pub claim: String,
}

/// A stored figure with its context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureRow {
    /// Document id.
    pub doc_id: String,
    /// Publication date of the document.
    pub published: Option<String>,
    /// The figure as written.
    pub text: String,
    /// Value in base units (lower end of a range).
    pub value: f64,
    /// Upper end of a range.
    pub value_max: Option<f64>,
    /// Unit (`count`, `percent`, an ISO 4217 code, ...).
    pub unit: String,
    /// What is counted.
    pub of: Option<String>,
    /// Rate period.
    pub per: Option<String>,
    /// Marked approximate.
    pub approximate: bool,
    /// Hedge of the claim carrying it.
    pub hedge: Option<String>,
    /// Who the article says claims it.
    pub claimed_by: Option<String>,
    /// Canonical names of the entities in its sentence (other than the claim's source).
    pub subjects: Vec<String>,
    /// The sentence it stands in.
    pub sentence: Option<String>,
}

/// Another entity named in the same documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoEntity {
    /// Canonical name.
    pub name: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub entity_type: String,
    /// Documents naming both.
    pub documents: i64,
}

/// Everything the store knows about one entity. Each list holds at most the `limit` most
/// recent items (oldest first unless noted); the `*_count` fields count them all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityProfile {
    /// The entity.
    pub entity: EntityInfo,
    /// Surface forms in the texts, in any language, with their counts (most frequent first).
    pub aliases: Vec<(String, i64)>,
    /// Documents mentioning it.
    pub document_count: i64,
    /// The most recent documents mentioning it, newest first.
    pub documents: Vec<ProfileDocument>,
    /// Mentions per publication day over all its documents, oldest first.
    pub timeline: Vec<TimelinePoint>,
    /// Quotes it said.
    pub quote_count: i64,
    /// The most recent quotes it said.
    pub quotes: Vec<QuoteRow>,
    /// Claims it is the source of.
    pub claim_count: i64,
    /// The most recent claims it is the source of.
    pub claims: Vec<ClaimRow>,
    /// Figures in sentences that mention it.
    pub figure_count: i64,
    /// The most recent figures in sentences that mention it.
    pub figures: Vec<FigureRow>,
    /// Entities named in the same documents (among its most recent 500), most shared
    /// documents first.
    pub co_occurring: Vec<CoEntity>,
}

/// The entities a name matches: the profiled ones, most mentioned first, and the rest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameMatches {
    /// Profiles of the most mentioned matches.
    pub profiles: Vec<EntityProfile>,
    /// The other matches, most mentioned first, without profiles.
    pub others: Vec<EntityInfo>,
}

/// Some rows of a longer list: the most recent `limit`, oldest first, and how many there are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    /// Rows matching, all of them.
    pub total: i64,
    /// The rows returned.
    pub rows: Vec<T>,
}

/// Which figures `figures` returns; `None` fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct FigureFilter {
    /// At most this many (the most recent); `None`: all.
    pub limit: Option<usize>,
    /// Only figures in sentences that mention an entity matching this name.
    pub entity: Option<String>,
    /// Only figures counting this noun (case-insensitive).
    pub of: Option<String>,
    /// Only figures in this unit (case-insensitive).
    pub unit: Option<String>,
}

/// Columns of a figure row joined with its document and sentence (see [`figure_row`]).
const FIGURE_COLUMNS: &str = "d.doc_id, d.published, q.text, q.value, q.value_max, q.unit, q.of,
    q.per, q.approximate, q.hedge, q.claimed_by, q.subjects,
    substr(d.body, s.start + 1, s.\"end\" - s.start)";

fn figure_row(r: &rusqlite::Row) -> rusqlite::Result<FigureRow> {
    let subjects: String = r.get(11)?;
    Ok(FigureRow {
        doc_id: r.get(0)?,
        published: r.get(1)?,
        text: r.get(2)?,
        value: r.get(3)?,
        value_max: r.get(4)?,
        unit: r.get(5)?,
        of: r.get(6)?,
        per: r.get(7)?,
        approximate: r.get(8)?,
        hedge: r.get(9)?,
        claimed_by: r.get(10)?,
        subjects: serde_json::from_str(&subjects).unwrap_or_default(),
        sentence: r.get(12)?,
    })
}

impl Store {
    /// Entities whose canonical name, knowledge-base id or any surface form in the texts (in
    /// any language: "Nordkorea" finds North Korea) equals `name`, ignoring case; most
    /// mentioned first. When nothing equals it, a one-word `name` matches names and surface
    /// forms ending in that word ("Lawrow" finds "Sergej Lawrow"). Reads `entity_names`, the
    /// distinct names with their folded form and last word, by index.
    pub fn find_entities(&self, name: &str) -> Result<Vec<EntityInfo>> {
        let name = name.trim();
        if name.is_empty() {
            return Ok(Vec::new());
        }
        let wanted = fold(name);
        let ids = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> Result<Vec<i64>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map(args, |r| r.get(0))?;
            Ok(rows.collect::<std::result::Result<_, _>>()?)
        };
        let mut found = ids(
            "SELECT entity FROM entity_names WHERE folded = ?1
             UNION SELECT id FROM entities WHERE kb_id = ?2",
            params![wanted, name],
        )?;
        if found.is_empty() && !wanted.contains(char::is_whitespace) {
            found = ids(
                "SELECT DISTINCT entity FROM entity_names WHERE last = ?1",
                params![wanted],
            )?;
        }
        let mut infos = found
            .into_iter()
            .map(|id| self.entity_info(id))
            .collect::<Result<Vec<_>>>()?;
        infos.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.name.cmp(&b.name)));
        Ok(infos)
    }

    fn entity_info(&self, id: i64) -> Result<EntityInfo> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT e.id, e.name, e.type, e.kb_id, e.country,
                    (SELECT coalesce(sum(n.mentions), 0) FROM entity_names n WHERE n.entity = e.id)
             FROM entities e WHERE e.id = ?1",
            )?
            .query_row([id], |r| {
                Ok(EntityInfo {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    entity_type: r.get(2)?,
                    kb_id: r.get(3)?,
                    country: r.get(4)?,
                    mentions: r.get(5)?,
                })
            })?)
    }

    /// The profiles of the `matches` most mentioned entities matching `name` (see
    /// [`Store::find_entities`]; at least one), each list holding at most `limit` items, and
    /// the other matches unprofiled, so that a surname shared by many people costs a bounded time.
    pub fn entity_profiles(&self, name: &str, limit: usize, matches: usize) -> Result<NameMatches> {
        let mut found = self.find_entities(name)?;
        let others = found.split_off(matches.max(1).min(found.len()));
        let profiles = found
            .into_iter()
            .map(|e| self.entity_profile(e, limit))
            .collect::<Result<_>>()?;
        Ok(NameMatches { profiles, others })
    }

    /// Documents, timeline, quotes, claims, figures and co-occurring entities of one entity;
    /// each list holds at most `limit` items, the most recent.
    pub fn entity_profile(&self, entity: EntityInfo, limit: usize) -> Result<EntityProfile> {
        let id = entity.id;
        let c = &self.conn;
        let limit = limit as i64;
        let aliases = c
            .prepare_cached(
                "SELECT text, mentions FROM entity_names WHERE entity = ?1 AND mentions > 0
                 ORDER BY mentions DESC, text",
            )?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        let documents: Vec<ProfileDocument> = c
            .prepare_cached(
                "SELECT d.doc_id, d.title, d.published, coalesce(g.cluster, d.cluster), x.mentions
                 FROM entity_docs x JOIN documents d ON d.id = x.doc
                 LEFT JOIN doc_signatures g ON g.doc = x.doc WHERE x.entity = ?1
                 ORDER BY x.published DESC, x.doc LIMIT ?2",
            )?
            .query_map(params![id, limit], |r| {
                Ok(ProfileDocument {
                    doc_id: r.get(0)?,
                    title: r.get(1)?,
                    published: r.get(2)?,
                    cluster: r.get(3)?,
                    mentions: r.get(4)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        let mut document_count = 0;
        let mut stmt = c.prepare_cached(
            "SELECT day, documents, mentions FROM entity_days WHERE entity = ?1 ORDER BY day",
        )?;
        let timeline = stmt
            .query_map([id], |r| {
                let day: String = r.get(0)?;
                Ok(TimelinePoint {
                    date: (!day.is_empty()).then_some(day),
                    documents: r.get(1)?,
                    mentions: r.get(2)?,
                })
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        for point in &timeline {
            document_count += point.documents;
        }
        let quotes = self.quotes_of(id, limit)?;
        let claims = self.claims_of(id, limit)?;
        let figures = self.figures_about(&[id], &FigureFilter::default(), Some(limit))?;
        let co_occurring = c
            .prepare_cached(
                "WITH docs AS (SELECT doc FROM entity_docs WHERE entity = ?1
                               ORDER BY published DESC LIMIT ?3)
                 SELECT e.name, e.type, count(*) AS n
                 FROM docs JOIN entity_docs o ON o.doc = docs.doc AND o.entity <> ?1
                 JOIN entities e ON e.id = o.entity
                 GROUP BY o.entity ORDER BY n DESC, e.name LIMIT ?2",
            )?
            .query_map(
                params![id, CO_OCCURRING as i64, CO_OCCURRING_BASIS as i64],
                |r| {
                    Ok(CoEntity {
                        name: r.get(0)?,
                        entity_type: r.get(1)?,
                        documents: r.get(2)?,
                    })
                },
            )?
            .collect::<std::result::Result<_, _>>()?;
        Ok(EntityProfile {
            entity,
            aliases,
            document_count,
            documents,
            timeline,
            quote_count: quotes.total,
            quotes: quotes.rows,
            claim_count: claims.total,
            claims: claims.rows,
            figure_count: figures.total,
            figures: figures.rows,
            co_occurring,
        })
    }

    /// Claims an entity is the source of: the most recent `limit`, oldest first (walking its
    /// documents newest first, as [`Store::quotes_of`] does).
    fn claims_of(&self, id: i64, limit: i64) -> Result<Page<ClaimRow>> {
        let c = &self.conn;
        let total: i64 = c
            .prepare_cached("SELECT count(*) FROM attributions WHERE source_entity = ?1")?
            .query_row([id], |r| r.get(0))?;
        let sql = if total <= DIRECT_SORT {
            "SELECT d.doc_id, d.published, a.source, a.hedge, a.cue, a.claim
             FROM attributions a JOIN documents d ON d.id = a.doc
             WHERE a.source_entity = ?1 ORDER BY d.published DESC, d.id DESC, a.idx DESC
             LIMIT ?2"
        } else {
            "SELECT d.doc_id, d.published, a.source, a.hedge, a.cue, a.claim
             FROM entity_docs x CROSS JOIN attributions a
                 ON a.doc = x.doc AND a.source_entity = x.entity
             JOIN documents d ON d.id = x.doc
             WHERE x.entity = ?1 ORDER BY x.published DESC, x.doc DESC, a.idx DESC
             LIMIT ?2"
        };
        let mut rows: Vec<ClaimRow> = c
            .prepare_cached(sql)?
            .query_map(params![id, limit], |r| {
                Ok(ClaimRow {
                    doc_id: r.get(0)?,
                    published: r.get(1)?,
                    source: r.get(2)?,
                    hedge: r.get(3)?,
                    cue: r.get(4)?,
                    claim: r.get(5)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        rows.reverse();
        Ok(Page { total, rows })
    }

    /// Quotes, oldest first, at most the `limit` most recent; with `speaker`, only those whose
    /// speaker entity matches it (as [`Store::find_entities`] does) or whose speaker as
    /// written equals it, ignoring case.
    pub fn quotes(&self, speaker: Option<&str>, limit: usize) -> Result<Page<QuoteRow>> {
        let limit = limit as i64;
        let Some(speaker) = speaker else {
            return self.quotes_where("?1 IS NULL", rusqlite::types::Null, limit);
        };
        let mut found = Vec::new();
        let mut total = 0;
        let mut ids = vec!["0".to_string()];
        for e in self.find_entities(speaker)? {
            let page = self.quotes_of(e.id, limit)?;
            total += page.total;
            found.extend(page.rows);
            ids.push(e.id.to_string());
        }
        // The speaker as written, for quotes not found above.
        let by_text = self.quotes_where(
            &format!(
                "q.speaker = ?1 COLLATE NOCASE AND coalesce(q.speaker_entity, 0) NOT IN ({})",
                ids.join(", ")
            ),
            speaker.trim(),
            limit,
        )?;
        total += by_text.total;
        found.extend(by_text.rows);
        found.sort_by(|a, b| a.published.cmp(&b.published).then(a.doc_id.cmp(&b.doc_id)));
        let excess = found.len().saturating_sub(limit.max(0) as usize);
        found.drain(..excess);
        Ok(Page { total, rows: found })
    }

    /// Quotes whose speaker is this entity: the most recent `limit`, oldest first. Up to
    /// [`DIRECT_SORT`] quotes are sorted by date; more are found by walking the entity's
    /// documents newest first (`entity_docs`), stopping after `limit` quotes.
    fn quotes_of(&self, entity: i64, limit: i64) -> Result<Page<QuoteRow>> {
        let total = self
            .conn
            .prepare_cached("SELECT count(*) FROM quotes WHERE speaker_entity = ?1")?
            .query_row([entity], |r| r.get(0))?;
        if total <= DIRECT_SORT {
            return self.quotes_where("q.speaker_entity = ?1", entity, limit);
        }
        self.quote_rows(
            "SELECT d.doc_id, d.published, q.speaker, e.name, q.kind, q.cue, q.text
             FROM entity_docs x CROSS JOIN quotes q ON q.doc = x.doc AND q.speaker_entity = x.entity
             JOIN documents d ON d.id = x.doc LEFT JOIN entities e ON e.id = x.entity
             WHERE x.entity = ?1 ORDER BY x.published DESC, x.doc DESC, q.idx DESC LIMIT ?2",
            entity,
            limit,
            total,
        )
    }

    /// Quotes matching `cond` (one parameter `?1`): the most recent `limit`, oldest first.
    fn quotes_where(
        &self,
        cond: &str,
        arg: impl rusqlite::ToSql,
        limit: i64,
    ) -> Result<Page<QuoteRow>> {
        let total = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM quotes q WHERE {cond}"))?
            .query_row([&arg], |r| r.get(0))?;
        if total == 0 {
            return Ok(Page {
                total,
                rows: Vec::new(),
            });
        }
        let sql = format!(
            "SELECT d.doc_id, d.published, q.speaker, e.name, q.kind, q.cue, q.text
             FROM quotes q JOIN documents d ON d.id = q.doc
             LEFT JOIN entities e ON e.id = q.speaker_entity
             WHERE {cond} ORDER BY d.published DESC, d.id DESC, q.idx DESC LIMIT ?2"
        );
        self.quote_rows(&sql, arg, limit, total)
    }

    /// Runs a quote query (`?1` the argument, `?2` the limit, newest first) into a page,
    /// oldest first.
    fn quote_rows(
        &self,
        sql: &str,
        arg: impl rusqlite::ToSql,
        limit: i64,
        total: i64,
    ) -> Result<Page<QuoteRow>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![arg, limit], |r| {
            Ok(QuoteRow {
                doc_id: r.get(0)?,
                published: r.get(1)?,
                speaker: r.get(2)?,
                speaker_entity: r.get(3)?,
                kind: r.get(4)?,
                cue: r.get(5)?,
                text: r.get(6)?,
            })
        })?;
        let mut rows: Vec<QuoteRow> = rows.collect::<std::result::Result<_, _>>()?;
        rows.reverse();
        Ok(Page { total, rows })
    }

    /// Figures in sentences that mention any of these entities (`figure_entities`), oldest
    /// first; with `limit`, the most recent that many. Each entity's figures are read newest
    /// first from the index and stop at `limit`; several entities are merged here.
    fn figures_about(
        &self,
        entities: &[i64],
        filter: &FigureFilter,
        limit: Option<i64>,
    ) -> Result<Page<FigureRow>> {
        let filtered = filter.of.is_some() || filter.unit.is_some();
        let cond = "(:of IS NULL OR q.of = :of COLLATE NOCASE)
                    AND (:unit IS NULL OR q.unit = :unit COLLATE NOCASE)";
        let mut keys: Vec<(String, i64, i64, String)> = Vec::new();
        let mut total = 0;
        for &e in entities {
            total += if filtered {
                self.conn
                    .prepare_cached(&format!(
                        "SELECT count(*) FROM figure_entities f
                         JOIN quantities q ON q.doc = f.doc AND q.local_id = f.local_id
                         WHERE f.entity = :entity AND {cond}"
                    ))?
                    .query_row(
                        named_params! {":entity": e, ":of": filter.of, ":unit": filter.unit},
                        |r| r.get::<_, i64>(0),
                    )?
            } else {
                self.conn
                    .prepare_cached("SELECT count(*) FROM figure_entities WHERE entity = ?1")?
                    .query_row([e], |r| r.get::<_, i64>(0))?
            };
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT f.published, f.doc, f.start, f.local_id FROM figure_entities f
                 JOIN quantities q ON q.doc = f.doc AND q.local_id = f.local_id
                 WHERE f.entity = :entity AND {cond}
                 ORDER BY f.published DESC, f.doc DESC, f.start DESC LIMIT :limit"
            ))?;
            let rows = stmt.query_map(
                named_params! {
                    ":entity": e,
                    ":limit": limit.unwrap_or(-1),
                    ":of": filter.of,
                    ":unit": filter.unit,
                },
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
            for row in rows {
                keys.push(row?);
            }
        }
        keys.sort();
        keys.dedup();
        if entities.len() > 1 {
            // A figure whose sentence names two of them is one figure.
            let ids = serde_json::to_string(entities)?;
            total = self
                .conn
                .prepare_cached(&format!(
                    "SELECT count(*) FROM (SELECT DISTINCT f.doc, f.local_id FROM figure_entities f
                     JOIN quantities q ON q.doc = f.doc AND q.local_id = f.local_id
                     WHERE f.entity IN (SELECT value FROM json_each(:ids)) AND {cond})"
                ))?
                .query_row(
                    named_params! {":ids": ids, ":of": filter.of, ":unit": filter.unit},
                    |r| r.get(0),
                )?;
        }
        if let Some(l) = limit {
            let excess = keys.len().saturating_sub(l.max(0) as usize);
            keys.drain(..excess);
        }
        let rows = self.figure_rows(keys.into_iter().map(|(_, doc, _, id)| (doc, id)))?;
        Ok(Page { total, rows })
    }

    /// The figures with these keys (document row, local id), in the order given.
    fn figure_rows(&self, keys: impl Iterator<Item = (i64, String)>) -> Result<Vec<FigureRow>> {
        let sql = format!(
            "SELECT {FIGURE_COLUMNS}
             FROM quantities q JOIN documents d ON d.id = q.doc
             LEFT JOIN sentences s ON s.doc = q.doc AND s.idx = q.sentence
             WHERE q.doc = ?1 AND q.local_id = ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        keys.map(|(doc, id)| Ok(stmt.query_row(params![doc, id], figure_row)?))
            .collect()
    }

    /// Stored figures matching `filter`, oldest first (the most recent `filter.limit`). Only
    /// the keys of the matches are sorted by date; the rows are read for the ones returned.
    pub fn figures(&self, filter: &FigureFilter) -> Result<Page<FigureRow>> {
        let limit = filter.limit.map(|l| l as i64);
        if let Some(name) = &filter.entity {
            let ids: Vec<i64> = self.find_entities(name)?.iter().map(|e| e.id).collect();
            return self.figures_about(&ids, filter, limit);
        }
        // Built per filter so that the index on the counted noun serves `--of`.
        let mut cond = vec!["1"];
        let mut args: Vec<&str> = Vec::new();
        if let Some(of) = &filter.of {
            cond.push("q.of = ? COLLATE NOCASE");
            args.push(of);
        }
        if let Some(unit) = &filter.unit {
            cond.push("q.unit = ? COLLATE NOCASE");
            args.push(unit);
        }
        let cond = cond.join(" AND ");
        let total = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM quantities q WHERE {cond}"))?
            .query_row(rusqlite::params_from_iter(&args), |r| r.get(0))?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT q.doc, q.local_id FROM quantities q
             WHERE {cond} ORDER BY q.published DESC, q.doc DESC, q.start DESC LIMIT {}",
            limit.unwrap_or(-1)
        ))?;
        let mut keys: Vec<(i64, String)> = stmt
            .query_map(rusqlite::params_from_iter(&args), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<std::result::Result<_, _>>()?;
        keys.reverse();
        let rows = self.figure_rows(keys.into_iter())?;
        Ok(Page { total, rows })
    }
}
