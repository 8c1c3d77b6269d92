//! The knowledge base: countries, places, organizations and people with their names in many
//! languages, compiled by `cargo xtask kb` into `data/kb/` and embedded in the binary.

use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::LazyLock;

use newsgraph_core::EntityType;

const KB_TSV: &str = include_str!("../../../../data/kb/kb.tsv");
const DEMONYMS_TSV: &str = include_str!("../../../../data/kb/curated/demonyms.tsv");
const FIRST_NAMES: &str = include_str!("../../../../data/kb/first_names.txt");
const SURNAMES: &str = include_str!("../../../../data/kb/surnames.txt");
const BODIES_TSV: &str = include_str!("../../../../data/kb/curated/bodies.tsv");

/// FNV-1a, byte by byte: the tagger's feature keys are FNV hashes of words, so its trained
/// weights depend on this exact function.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

pub(crate) use crate::lexicon::{FastMap, FastSet};

/// One knowledge-base entry.
#[derive(Debug, Clone)]
pub struct KbEntity {
    /// Stable id ("iso:DEU", "gn:524901", "org:UN", "per:PUTIN").
    pub id: &'static str,
    /// person, organization or location.
    pub entity_type: EntityType,
    /// Finer kind (country, city, region, party, ...).
    pub subtype: &'static str,
    /// Canonical English name.
    pub name: &'static str,
    /// ISO 3166-1 alpha-3 code of a country.
    pub code: &'static str,
    /// Country the entry belongs to.
    pub country: &'static str,
    /// Surface names in any language.
    pub aliases: Vec<&'static str>,
}

/// Adjectives and inhabitant nouns of a country or region in one language.
#[derive(Debug, Clone)]
pub struct Demonym {
    /// Index of the entity in [`Kb::entities`].
    pub entity: usize,
    /// ISO 639-1 code.
    pub lang: &'static str,
    /// Adjective stems ("nordkoreanisch", "North Korean").
    pub adjectives: Vec<&'static str>,
    /// Inhabitant nouns ("Nordkoreaner", "Russen").
    pub nouns: Vec<&'static str>,
}

/// A government body template ("{adj} intelligence").
#[derive(Debug, Clone, Copy)]
pub struct BodyTemplate {
    /// Subtype of the resulting organization.
    pub subtype: &'static str,
    /// English name with `{adj}` / `{name}` placeholders.
    pub template: &'static str,
}

/// The whole knowledge base, parsed once.
#[derive(Debug)]
pub struct Kb {
    /// All entries; indices are stable within one binary.
    pub entities: Vec<KbEntity>,
    /// Index by KB id.
    pub by_id: HashMap<&'static str, usize>,
    /// Country and region adjectives and nouns.
    pub demonyms: Vec<Demonym>,
    /// Given names that mark the next capitalized word as a surname.
    pub first_names: FastSet<&'static str>,
    /// Family names: a single one next to a speech verb, or after an initial, is a person.
    pub surnames: FastSet<&'static str>,
    /// Government body templates by key.
    pub bodies: HashMap<&'static str, BodyTemplate>,
    /// National organizations by (subtype, country): a country's central bank.
    national: FastMap<(&'static str, &'static str), usize>,
}

fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

fn split_list(s: &'static str) -> Vec<&'static str> {
    s.split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect()
}

fn entity_type(s: &str) -> Option<EntityType> {
    match s {
        "person" => Some(EntityType::Person),
        "organization" => Some(EntityType::Organization),
        "location" => Some(EntityType::Location),
        _ => None,
    }
}

impl Kb {
    /// Parses the embedded files. Malformed lines are skipped (the build step writes them).
    pub fn parse() -> Kb {
        let mut entities = Vec::new();
        let mut by_id = HashMap::new();
        for line in data_lines(KB_TSV) {
            let f: Vec<&'static str> = line.split('\t').collect();
            if f.len() < 7 {
                continue;
            }
            let Some(entity_type) = entity_type(f[1]) else {
                continue;
            };
            by_id.insert(f[0], entities.len());
            entities.push(KbEntity {
                id: f[0],
                entity_type,
                subtype: f[2],
                name: f[3],
                code: f[4],
                country: f[5],
                aliases: split_list(f[6]),
            });
        }
        let demonyms = data_lines(DEMONYMS_TSV)
            .filter_map(|line| {
                let f: Vec<&'static str> = line.split('\t').collect();
                let entity = *by_id.get(f.first()?)?;
                Some(Demonym {
                    entity,
                    lang: f.get(1)?,
                    adjectives: f.get(2).map_or_else(Vec::new, |s| split_list(s)),
                    nouns: f.get(3).map_or_else(Vec::new, |s| split_list(s)),
                })
            })
            .collect();
        let first_names = data_lines(FIRST_NAMES).map(str::trim).collect();
        let surnames = data_lines(SURNAMES).map(str::trim).collect();
        let bodies = data_lines(BODIES_TSV)
            .filter_map(|line| {
                let mut f = line.split('\t');
                let key = f.next()?;
                let subtype = f.next()?;
                let template = f.next()?;
                Some((key, BodyTemplate { subtype, template }))
            })
            .collect();
        let mut national = FastMap::default();
        for (i, e) in entities.iter().enumerate() {
            if e.entity_type == EntityType::Organization && !e.country.is_empty() {
                national.entry((e.subtype, e.country)).or_insert(i);
            }
        }
        Kb {
            national,
            entities,
            by_id,
            demonyms,
            first_names,
            surnames,
            bodies,
        }
    }

    /// The process-wide knowledge base, parsed on first use.
    pub fn get() -> &'static Kb {
        static KB: LazyLock<Kb> = LazyLock::new(Kb::parse);
        &KB
    }

    /// The English adjective of an entity (from the English demonyms), if any.
    pub fn english_adjective(&self, entity: usize) -> Option<&'static str> {
        self.demonyms
            .iter()
            .find(|d| d.entity == entity && d.lang == "en")
            .and_then(|d| d.adjectives.first().copied())
    }

    /// The organization of `subtype` that belongs to `country` (a country's central bank).
    pub fn national_body(&self, subtype: &str, country: &str) -> Option<usize> {
        self.national.get(&(subtype, country)).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn germany_is_in_the_kb_with_german_name_and_code() {
        let kb = Kb::get();
        let de = &kb.entities[kb.by_id["iso:DEU"]];
        assert_eq!(de.name, "Germany");
        assert_eq!(de.code, "DEU");
        assert!(de.aliases.contains(&"Deutschland"));
    }

    #[test]
    fn kb_has_cities_historical_states_and_demonyms() {
        let kb = Kb::get();
        assert!(kb.entities.len() > 5000);
        let moscow = kb
            .entities
            .iter()
            .find(|e| e.aliases.contains(&"Moskau"))
            .map(|e| (e.name, e.country));
        assert_eq!(moscow, Some(("Moscow", "RUS")));
        assert_eq!(kb.entities[kb.by_id["hist:SUN"]].code, "SUN");
        assert_eq!(
            kb.english_adjective(kb.by_id["iso:PRK"]),
            Some("North Korean")
        );
        assert!(kb.first_names.contains("Jürgen"));
    }
}
