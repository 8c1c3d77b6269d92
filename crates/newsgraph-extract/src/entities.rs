//! Entities: persons, organizations and locations, resolved to canonical names.

use newsgraph_core::{Entity, Text};
use newsgraph_lang::LangPack;

/// Finds the entities of `text`. (Not implemented yet: finds none.)
pub fn extract(_text: &Text<'_>, _pack: &LangPack) -> Vec<Entity> {
    Vec::new()
}
