//! Extraction stages. Each is a plain function from an analysed body ([`Text`]) and its
//! language pack to one kind of annotation; stages never import each other — what one needs
//! from another (entities for speakers, quantities for claims) is passed in by the caller.
//!
//! [`Text`]: newsgraph_core::Text

pub mod attributions;
pub mod dates;
pub mod entities;
mod lexicon;
pub mod quantities;
pub mod quotes;
mod speech;

pub use lexicon::Tokens;
pub use speech::SpeechTokens;
