//! The newsgraph document model.
//!
//! [`Document`] is output contract schema 1 (`shared/design/output-contract.md`) as Rust types:
//! every stage produces parts of it, and the CLI, store and server read it. Offsets in the
//! output count Unicode code points into `body`; [`CharMap`] converts the byte offsets that Rust
//! string code works with, and [`Text`] carries a body with its sentences to the stages.

mod document;
mod error;
mod span;
mod text;

pub use document::*;
pub use error::{Error, Result};
pub use span::{slice_chars, CharMap, Span};
pub use text::Text;

/// The output contract version written into every document.
pub const SCHEMA_VERSION: u32 = 1;
