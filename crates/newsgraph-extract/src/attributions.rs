//! Attributions: claims the article presents as someone's, with their hedging.

use newsgraph_core::{Attribution, Entity, Quantity, Text};
use newsgraph_lang::LangPack;

/// Finds attributed claims, linking sources among `entities` and figures among `quantities`.
/// (Not implemented yet.)
pub fn extract(
    _text: &Text<'_>,
    _pack: &LangPack,
    _entities: &[Entity],
    _quantities: &[Quantity],
) -> Vec<Attribution> {
    Vec::new()
}
