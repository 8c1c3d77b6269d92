//! Language packs and language detection.
//!
//! A language pack is the folder `data/lang/<iso>/`: plain-text lists and TOML tables (speech
//! verbs, hedges, number words, units, months, abbreviations, boilerplate phrases). Every pack in
//! that folder is embedded at build time, so adding a language means adding data, not code.
//! Each concern has a typed view in its own module ([`abbreviations`], …) parsed once on first
//! use.

mod detect;
mod pack;

pub use detect::detect_language;
pub use pack::{LangPack, PackError};
