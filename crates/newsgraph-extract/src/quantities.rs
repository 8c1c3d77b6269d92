//! Quantities: numbers, amounts, percentages, counts and rates, normalized.

use newsgraph_core::{Quantity, Text};
use newsgraph_lang::LangPack;

/// Finds the quantities of `text`. (Not implemented yet: finds none.)
pub fn extract(_text: &Text<'_>, _pack: &LangPack) -> Vec<Quantity> {
    Vec::new()
}
