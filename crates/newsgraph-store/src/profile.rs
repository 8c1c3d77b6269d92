//! Entity profiles, quotes by speaker and figures by entity: the per-entity views of the
//! knowledge base behind `newsgraph entity`, `quotes` and `figures`.

use std::collections::BTreeMap;

use rusqlite::params;
use serde::Serialize;

use crate::{Result, Store};

/// How many co-occurring entities a profile lists.
const CO_OCCURRING: usize = 20;

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

/// Everything the store knows about one entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityProfile {
    /// The entity.
    pub entity: EntityInfo,
    /// Surface forms in the texts, in any language, with their counts (most frequent first).
    pub aliases: Vec<(String, i64)>,
    /// Documents mentioning it, newest first.
    pub documents: Vec<ProfileDocument>,
    /// Mentions per publication day, oldest first.
    pub timeline: Vec<TimelinePoint>,
    /// Quotes it said.
    pub quotes: Vec<QuoteRow>,
    /// Claims it is the source of.
    pub claims: Vec<ClaimRow>,
    /// Figures in sentences that mention it.
    pub figures: Vec<FigureRow>,
    /// Entities named in the same documents, most shared documents first.
    pub co_occurring: Vec<CoEntity>,
}

/// Which figures `figures` returns; `None` fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct FigureFilter {
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

/// Trimmed and lowercased (full Unicode): the comparison key of names and aliases.
fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

impl Store {
    /// Entities whose canonical name, knowledge-base id or any surface form in the texts (in
    /// any language: "Nordkorea" finds North Korea) equals `name`, ignoring case; most
    /// mentioned first. When nothing equals it, a one-word `name` matches names and surface
    /// forms ending in that word ("Lawrow" finds "Sergej Lawrow").
    pub fn find_entities(&self, name: &str) -> Result<Vec<EntityInfo>> {
        let name = name.trim();
        if name.is_empty() {
            return Ok(Vec::new());
        }
        // Fast path: the indexes compare ASCII case-insensitively.
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM entities WHERE name = ?1 COLLATE NOCASE OR kb_id = ?1
             UNION SELECT entity FROM mentions WHERE text = ?1 COLLATE NOCASE",
        )?;
        let mut ids: Vec<i64> = stmt
            .query_map([name], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        if ids.is_empty() {
            // Non-ASCII case differences ("PJÖNGJANG") and last words: compare in Rust.
            let wanted = fold(name);
            let one_word = !wanted.contains(char::is_whitespace);
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, name FROM entities UNION SELECT DISTINCT entity, text FROM mentions",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, text) = row?;
                let text = fold(&text);
                let last = text.rsplit(char::is_whitespace).next().unwrap_or("");
                if (text == wanted || (one_word && last == wanted)) && !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        let mut found = Vec::new();
        for id in ids {
            found.push(self.entity_info(id)?);
        }
        found.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.name.cmp(&b.name)));
        Ok(found)
    }

    fn entity_info(&self, id: i64) -> Result<EntityInfo> {
        Ok(self.conn.query_row(
            "SELECT e.id, e.name, e.type, e.kb_id, e.country,
                    (SELECT count(*) FROM mentions m WHERE m.entity = e.id)
             FROM entities e WHERE e.id = ?1",
            [id],
            |r| {
                Ok(EntityInfo {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    entity_type: r.get(2)?,
                    kb_id: r.get(3)?,
                    country: r.get(4)?,
                    mentions: r.get(5)?,
                })
            },
        )?)
    }

    /// The profiles of every entity matching `name` (see [`Store::find_entities`]).
    pub fn entity_profiles(&self, name: &str) -> Result<Vec<EntityProfile>> {
        self.find_entities(name)?
            .into_iter()
            .map(|e| self.entity_profile(e))
            .collect()
    }

    /// Documents, timeline, quotes, claims, figures and co-occurring entities of one entity.
    pub fn entity_profile(&self, entity: EntityInfo) -> Result<EntityProfile> {
        let id = entity.id;
        let c = &self.conn;
        let aliases = c
            .prepare_cached(
                "SELECT text, count(*) FROM mentions WHERE entity = ?1
                 GROUP BY text ORDER BY count(*) DESC, text",
            )?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        let documents: Vec<ProfileDocument> = c
            .prepare_cached(
                "SELECT d.doc_id, d.title, d.published, d.cluster, count(*)
                 FROM mentions m JOIN documents d ON d.id = m.doc WHERE m.entity = ?1
                 GROUP BY d.id ORDER BY d.published DESC, d.id",
            )?
            .query_map([id], |r| {
                Ok(ProfileDocument {
                    doc_id: r.get(0)?,
                    title: r.get(1)?,
                    published: r.get(2)?,
                    cluster: r.get(3)?,
                    mentions: r.get(4)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        let mut days: BTreeMap<Option<String>, TimelinePoint> = BTreeMap::new();
        for d in &documents {
            let date = d.published.as_ref().map(|p| p.chars().take(10).collect());
            let point = days.entry(date.clone()).or_insert(TimelinePoint {
                date,
                documents: 0,
                mentions: 0,
            });
            point.documents += 1;
            point.mentions += d.mentions;
        }
        let quotes = self.quotes_where("q.speaker_entity = ?1", params![id])?;
        let claims = c
            .prepare_cached(
                "SELECT d.doc_id, d.published, a.source, a.hedge, a.cue, a.claim
                 FROM attributions a JOIN documents d ON d.id = a.doc
                 WHERE a.source_entity = ?1 ORDER BY d.published, d.id, a.idx",
            )?
            .query_map([id], |r| {
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
        let figures = self.figures_about(&[id])?;
        let co_occurring = c
            .prepare_cached(
                "WITH docs AS (SELECT DISTINCT doc FROM mentions WHERE entity = ?1)
                 SELECT e.name, e.type, count(DISTINCT o.doc) AS n
                 FROM docs JOIN mentions o ON o.doc = docs.doc AND o.entity <> ?1
                 JOIN entities e ON e.id = o.entity
                 GROUP BY o.entity ORDER BY n DESC, e.name LIMIT ?2",
            )?
            .query_map(params![id, CO_OCCURRING as i64], |r| {
                Ok(CoEntity {
                    name: r.get(0)?,
                    entity_type: r.get(1)?,
                    documents: r.get(2)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        Ok(EntityProfile {
            entity,
            aliases,
            documents,
            timeline: days.into_values().collect(),
            quotes,
            claims,
            figures,
            co_occurring,
        })
    }

    /// Quotes, oldest first; with `speaker`, only those whose speaker entity matches it (as
    /// [`Store::find_entities`] does) or whose speaker as written equals it, ignoring case.
    pub fn quotes(&self, speaker: Option<&str>) -> Result<Vec<QuoteRow>> {
        let Some(speaker) = speaker else {
            return self.quotes_where("1", params![]);
        };
        let mut found = Vec::new();
        for e in self.find_entities(speaker)? {
            found.extend(self.quotes_where("q.speaker_entity = ?1", params![e.id])?);
        }
        let by_text =
            self.quotes_where("q.speaker = ?1 COLLATE NOCASE", params![speaker.trim()])?;
        for q in by_text {
            if !found.contains(&q) {
                found.push(q);
            }
        }
        found.sort_by(|a, b| a.published.cmp(&b.published).then(a.doc_id.cmp(&b.doc_id)));
        Ok(found)
    }

    fn quotes_where(&self, cond: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<QuoteRow>> {
        let sql = format!(
            "SELECT d.doc_id, d.published, q.speaker, e.name, q.kind, q.cue, q.text
             FROM quotes q JOIN documents d ON d.id = q.doc
             LEFT JOIN entities e ON e.id = q.speaker_entity
             WHERE {cond} ORDER BY d.published, d.id, q.idx"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(args, |r| {
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
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Figures in sentences that mention any of these entities, oldest first.
    fn figures_about(&self, entities: &[i64]) -> Result<Vec<FigureRow>> {
        let sql = format!(
            "SELECT {FIGURE_COLUMNS}
             FROM quantities q JOIN documents d ON d.id = q.doc
             JOIN sentences s ON s.doc = q.doc AND s.idx = q.sentence
             WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.doc = q.doc
                           AND m.entity IN (SELECT value FROM json_each(?1))
                           AND m.start >= s.start AND m.start < s.\"end\")
             ORDER BY d.published, d.id, q.start"
        );
        let ids = serde_json::to_string(entities)?;
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([ids], figure_row)?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Stored figures matching `filter`, oldest first.
    pub fn figures(&self, filter: &FigureFilter) -> Result<Vec<FigureRow>> {
        let mut rows = match &filter.entity {
            Some(name) => {
                let ids: Vec<i64> = self.find_entities(name)?.iter().map(|e| e.id).collect();
                self.figures_about(&ids)?
            }
            None => {
                let sql = format!(
                    "SELECT {FIGURE_COLUMNS}
                     FROM quantities q JOIN documents d ON d.id = q.doc
                     LEFT JOIN sentences s ON s.doc = q.doc AND s.idx = q.sentence
                     ORDER BY d.published, d.id, q.start"
                );
                let mut stmt = self.conn.prepare_cached(&sql)?;
                let rows = stmt.query_map([], figure_row)?;
                rows.collect::<std::result::Result<_, _>>()?
            }
        };
        rows.retain(|f| {
            filter
                .of
                .as_deref()
                .is_none_or(|of| f.of.as_deref().is_some_and(|o| o.eq_ignore_ascii_case(of)))
                && filter
                    .unit
                    .as_deref()
                    .is_none_or(|u| f.unit.eq_ignore_ascii_case(u))
        });
        Ok(rows)
    }
}
