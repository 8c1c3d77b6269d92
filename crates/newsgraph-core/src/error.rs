//! Errors shared by the library crates.

/// What can go wrong while reading or processing one document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path that failed.
        path: String,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The input is not something newsgraph can process (binary, empty, undecodable, ...).
    #[error("{0}")]
    BadInput(String),
    /// The input was read, but no article text could be found in it.
    #[error("no article text found")]
    NoText,
}

/// Result with the core [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
