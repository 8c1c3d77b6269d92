//! Quotes: direct and indirect speech with speakers.

use newsgraph_core::{Entity, Quote, Text};
use newsgraph_lang::LangPack;

/// Finds the quotes of `text`, resolving speakers among `entities`. (Not implemented yet.)
pub fn extract(_text: &Text<'_>, _pack: &LangPack, _entities: &[Entity]) -> Vec<Quote> {
    Vec::new()
}
