//! Page furniture left inside extracted text: teaser and comment headings, button labels,
//! photo credits. Phrases come from `data/lang/<iso>/clean_boilerplate.toml` of every pack.

use std::sync::OnceLock;

use newsgraph_core::RemovedReason;
use newsgraph_lang::LangPack;

/// Contents of one `clean_boilerplate.toml`.
#[derive(Debug, Default, serde::Deserialize)]
struct Phrases {
    #[serde(default)]
    teaser_heads: Vec<String>,
    #[serde(default)]
    furniture: Vec<String>,
    #[serde(default)]
    credit_prefixes: Vec<String>,
}

fn phrases() -> &'static Phrases {
    static P: OnceLock<Phrases> = OnceLock::new();
    P.get_or_init(|| {
        let mut all = Phrases::default();
        for pack in LangPack::available().into_iter().filter_map(LangPack::get) {
            let p: Phrases = pack.toml("clean_boilerplate.toml").unwrap_or_default();
            all.teaser_heads
                .extend(p.teaser_heads.iter().map(|s| s.to_lowercase()));
            all.furniture
                .extend(p.furniture.iter().map(|s| s.to_lowercase()));
            all.credit_prefixes
                .extend(p.credit_prefixes.iter().map(|s| s.to_lowercase()));
        }
        all
    })
}

/// Longest line (in words) that can be a heading, label or credit.
const MAX_WORDS: usize = 8;

/// What a short line is, when it is furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A heading that opens teasers or comments ("Mehr zum Thema", "Related stories").
    TeaserHead,
    /// A line dropped on its own, with the reason.
    Line(RemovedReason),
}

/// Classifies `line` as furniture, if it is.
pub fn classify(line: &str) -> Option<Kind> {
    if line.split_whitespace().count() > MAX_WORDS {
        return None;
    }
    let norm = line.to_lowercase();
    let norm = norm.trim_end_matches([':', '.', '»', '›', '>', ' ']);
    let p = phrases();
    let heads = |h: &String| {
        norm == h
            || norm
                .strip_prefix(h.as_str())
                .is_some_and(|r| r.starts_with(':'))
    };
    if p.teaser_heads.iter().any(heads) {
        return Some(Kind::TeaserHead);
    }
    if p.furniture.iter().any(|f| norm == f) {
        return Some(Kind::Line(RemovedReason::Navigation));
    }
    if p.credit_prefixes
        .iter()
        .any(|c| norm.starts_with(c.as_str()))
    {
        return Some(Kind::Line(RemovedReason::Credit));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_furniture() {
        assert_eq!(classify("Mehr zum Thema"), Some(Kind::TeaserHead));
        assert_eq!(classify("Related stories:"), Some(Kind::TeaserHead));
        assert_eq!(classify("Kommentare: 12 Beiträge"), Some(Kind::TeaserHead));
        assert_eq!(
            classify("Weiterlesen »"),
            Some(Kind::Line(RemovedReason::Navigation))
        );
        assert_eq!(
            classify("Foto: Christof Stache"),
            Some(Kind::Line(RemovedReason::Credit))
        );
    }

    #[test]
    fn text_is_not_furniture() {
        assert_eq!(classify("Mehr als 100 Menschen wurden verletzt."), None);
        assert_eq!(classify("Related to this, the minister said"), None);
        assert_eq!(
            classify(
                "Kommentare in sozialen Netzwerken hatten den Streit zuvor angeheizt, hieß es."
            ),
            None
        );
    }
}
