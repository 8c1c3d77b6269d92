//! Dates: temporal expressions normalized TIMEX3-style against the publication date.

use newsgraph_core::{DateExpr, Text};
use newsgraph_lang::LangPack;

/// Finds the dates of `text`. (Not implemented yet: finds none.)
pub fn extract(_text: &Text<'_>, _pack: &LangPack) -> Vec<DateExpr> {
    Vec::new()
}
