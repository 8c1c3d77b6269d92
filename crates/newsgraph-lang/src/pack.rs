//! The pack registry: raw files per language, with helpers to read lists and TOML tables.

use std::collections::HashMap;
use std::sync::LazyLock;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// A pack file that could not be parsed.
#[derive(Debug, thiserror::Error)]
#[error("language pack {iso}/{file}: {message}")]
pub struct PackError {
    /// Language of the pack.
    pub iso: String,
    /// File inside the pack.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

/// The data files of one language, by file name.
#[derive(Debug)]
pub struct LangPack {
    iso: &'static str,
    files: HashMap<&'static str, &'static str>,
}

static PACKS: LazyLock<HashMap<&'static str, LangPack>> = LazyLock::new(|| {
    let mut packs: HashMap<&'static str, LangPack> = HashMap::new();
    for &(iso, name, text) in EMBEDDED {
        packs
            .entry(iso)
            .or_insert_with(|| LangPack {
                iso,
                files: HashMap::new(),
            })
            .files
            .insert(name, text);
    }
    packs
});

static NEUTRAL: LazyLock<LangPack> = LazyLock::new(|| LangPack {
    iso: "und",
    files: HashMap::new(),
});

impl LangPack {
    /// The pack for an ISO 639-1 code, if one is embedded.
    pub fn get(iso: &str) -> Option<&'static LangPack> {
        PACKS.get(iso)
    }

    /// The pack for `iso`, or an empty pack that drives only language-neutral rules.
    pub fn get_or_neutral(iso: &str) -> &'static LangPack {
        Self::get(iso).unwrap_or(&NEUTRAL)
    }

    /// The empty pack that drives only language-neutral rules (`und`).
    pub fn neutral() -> &'static LangPack {
        &NEUTRAL
    }

    /// Codes of all embedded packs.
    pub fn available() -> Vec<&'static str> {
        let mut v: Vec<_> = PACKS.keys().copied().collect();
        v.sort_unstable();
        v
    }

    /// ISO 639-1 code of this pack (`und` for the neutral pack).
    pub fn iso(&self) -> &'static str {
        self.iso
    }

    /// Raw contents of a pack file.
    pub fn file(&self, name: &str) -> Option<&'static str> {
        self.files.get(name).copied()
    }

    /// Non-empty lines of a list file, with `#` comments and surrounding blanks removed.
    pub fn lines(&self, name: &str) -> impl Iterator<Item = &'static str> {
        self.file(name)
            .unwrap_or("")
            .lines()
            .map(|l| l.split_once(" #").map_or(l, |(a, _)| a).trim())
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
    }

    /// A TOML file deserialized into `T` (`T::default()` when the pack lacks the file).
    pub fn toml<T: serde::de::DeserializeOwned + Default>(
        &self,
        name: &str,
    ) -> Result<T, PackError> {
        match self.file(name) {
            None => Ok(T::default()),
            Some(text) => toml::from_str(text).map_err(|e| PackError {
                iso: self.iso.to_string(),
                file: name.to_string(),
                message: e.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_and_english_are_embedded() {
        assert!(LangPack::get("de").is_some());
        assert!(LangPack::get("en").is_some());
        assert_eq!(LangPack::get_or_neutral("xx").iso(), "und");
        assert!(std::ptr::eq(
            LangPack::neutral(),
            LangPack::get_or_neutral("xx")
        ));
    }

    #[test]
    fn every_toml_file_parses() {
        for iso in LangPack::available() {
            let pack = LangPack::get_or_neutral(iso);
            for name in pack.files.keys().filter(|n| n.ends_with(".toml")) {
                pack.toml::<toml::Table>(name).unwrap();
            }
        }
    }
}
