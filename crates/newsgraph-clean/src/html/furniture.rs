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
    #[serde(default)]
    byline_prefixes: Vec<String>,
    #[serde(default)]
    inline_heads: Vec<String>,
    #[serde(default)]
    box_heads: Vec<String>,
    #[serde(default)]
    appeal_words: Vec<String>,
    #[serde(default)]
    social_networks: Vec<String>,
    #[serde(default)]
    caption_labels: Vec<String>,
    #[serde(default)]
    teaser_openers: Vec<String>,
}

fn phrases() -> &'static Phrases {
    static P: OnceLock<Phrases> = OnceLock::new();
    P.get_or_init(|| {
        let mut all = Phrases::default();
        for pack in LangPack::available().into_iter().filter_map(LangPack::get) {
            let p: Phrases = pack.toml("clean_boilerplate.toml").unwrap_or_default();
            let lists = [
                (&mut all.teaser_heads, p.teaser_heads),
                (&mut all.furniture, p.furniture),
                (&mut all.credit_prefixes, p.credit_prefixes),
                (&mut all.byline_prefixes, p.byline_prefixes),
                (&mut all.inline_heads, p.inline_heads),
                (&mut all.box_heads, p.box_heads),
                (&mut all.appeal_words, p.appeal_words),
                (&mut all.social_networks, p.social_networks),
                (&mut all.caption_labels, p.caption_labels),
                (&mut all.teaser_openers, p.teaser_openers),
            ];
            for (into, from) in lists {
                into.extend(from.iter().map(|s| s.to_lowercase()));
            }
        }
        all
    })
}

/// Longest teaser or comment heading phrase, in words ("You must be logged in to post a comment").
const MAX_HEAD_WORDS: usize = 12;

/// Longest line (in words) that can be a heading, label or credit.
const MAX_WORDS: usize = 8;

/// Longest line (in words) that can be an inline teaser ("ALSO ON DRIVE ON: <linked title>").
const MAX_INLINE_TEASER_WORDS: usize = 25;

/// Fewest words after a teaser heading's colon that make the line a linked title (an inline
/// teaser) rather than a topic label opening a list ("Mehr zum Thema: Ukraine").
const MIN_INLINE_TITLE_WORDS: usize = 4;

/// Most words before the colon of an inline teaser.
const MAX_INLINE_HEAD_WORDS: usize = 5;

/// Most words in an image caption that ends in a credit.
const MAX_CAPTION_WORDS: usize = 40;

/// A credit at the end of a caption, in the forms that no sentence of running text ends in:
/// a credit phrase or an agency's photo tag in brackets ("(Foto: Anna Muster)",
/// "(REUTERS/Denis Balibouse)"), a short tail after the copyright sign ("… © AFP / X"), and a
/// credit phrase after the caption's last sentence or a separator ("…. Foto: X", "… | © X");
/// or a caption that opens with a credit phrase other than the copyright sign (a copyright
/// line can be the article's own notice) or with a label and a colon ("Abbildung 4: …").
/// The forms are one set, so a line is read once for all of them.
fn caption_credit() -> &'static regex::RegexSet {
    static R: OnceLock<regex::RegexSet> = OnceLock::new();
    R.get_or_init(|| {
        let alternatives = |list: &[String]| {
            list.iter()
                .filter(|c| c.as_str() != "©")
                .map(|c| regex::escape(c))
                .collect::<Vec<_>>()
                .join("|")
        };
        let p = phrases();
        let prefixes = alternatives(&p.credit_prefixes);
        let labels = alternatives(&p.caption_labels);
        let forms = [
            format!(r"(?i)^(?:{prefixes})"),
            format!(r"(?i)^(?:{labels})(?:\s*\d+)?\s*:"),
            format!(r"(?i)[(\[]\s*(?:{prefixes}|©)[^()\[\]]*[)\]]\.?$"),
            r"\(\s*[A-Z]{2,}(?: [A-Z][a-z]+)?\s*/[^():]*\)\.?$".to_string(),
            r"(?:^|\s)©[^.©]{0,60}$".to_string(),
            format!(r"(?i)(?:[.!?|]|\s[-–])\s+(?:{prefixes}|©)\s*\S[^.]{{0,60}}$"),
        ];
        regex::RegexSet::new(forms).unwrap_or_else(|_| regex::RegexSet::empty())
    })
}

/// Whether `line` is an image caption that ends in a photo credit ("Marco Odermatt, Ski-Star
/// aus der Schweiz. © AFP / MARCO BERTORELLO").
pub fn is_credited_caption(line: &str) -> bool {
    let line = line.trim_end();
    line.split_whitespace().count() <= MAX_CAPTION_WORDS && caption_credit().is_match(line)
}

/// Most words in a line that asks the reader to subscribe or follow.
const MAX_APPEAL_WORDS: usize = 40;

/// Fewest names of social networks that make a line a "follow us" line.
const MIN_NETWORKS: usize = 2;

/// Whether `line` asks the reader to subscribe, sign up, support the site or follow it
/// ("Zum Newsletter anmelden", "Follow us on Twitter and Instagram"): a word of the packs'
/// `appeal_words` opens one of its words, or it names two social networks.
pub fn is_appeal(line: &str) -> bool {
    if line.split_whitespace().count() > MAX_APPEAL_WORDS {
        return false;
    }
    let lower = line.to_lowercase();
    let p = phrases();
    p.appeal_words.iter().any(|w| opens_word(&lower, w))
        || p.social_networks
            .iter()
            .filter(|n| lower.contains(n.as_str()))
            .count()
            >= MIN_NETWORKS
}

/// Whether `phrase` occurs in `text` at the start of a word.
fn opens_word(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// What a short line is, when it is furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A heading that opens teasers or comments ("Mehr zum Thema", "Related stories").
    TeaserHead,
    /// The heading of a box of linked headlines inside the article ("DON'T MISS").
    BoxHead,
    /// A line dropped on its own, with the reason.
    Line(RemovedReason),
}

/// Classifies `line` as furniture, if it is.
pub fn classify(line: &str) -> Option<Kind> {
    let words = line.split_whitespace().count();
    if words > MAX_WORDS && words <= MAX_HEAD_WORDS {
        let lower = line.to_lowercase();
        let norm = lower.trim_end_matches([':', '.', '!', '?', '*', ' ']);
        if phrases().teaser_heads.iter().any(|h| norm == h) {
            return Some(Kind::TeaserHead);
        }
    }
    if words > MAX_WORDS
        || line
            .split_once(':')
            .is_some_and(|(_, title)| title.split_whitespace().count() >= MIN_INLINE_TITLE_WORDS)
    {
        return inline_teaser(line, words);
    }
    let lower = line.to_lowercase();
    // Trailing punctuation, arrows and the star of a required form field ("Votre nom : *").
    let norm = lower.trim_end_matches([':', '.', '!', '?', '»', '›', '>', '*', ' ']);
    let p = phrases();
    // The heading itself, "Heading: …", or a longer heading line ending in a colon.
    let heads = |h: &String| {
        norm == h
            || norm.strip_prefix(h.as_str()).is_some_and(|r| {
                r.starts_with(':') || (r.starts_with(' ') && lower.trim_end().ends_with(':'))
            })
    };
    if p.teaser_heads.iter().any(heads) {
        return Some(Kind::TeaserHead);
    }
    if p.box_heads.iter().any(|h| norm == h) {
        return Some(Kind::BoxHead);
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

/// Most words in a heading that opens with a teaser word ("Weitere Tourentipps in Schweden").
const MAX_OPENER_WORDS: usize = 7;

/// Whether `line` is a short heading that opens with one of the packs' `teaser_openers`
/// ("Weitere Videos", "More from our network"); whether it opens a teaser block depends on
/// where it stands and what follows it.
pub fn opens_teaser_head(line: &str) -> bool {
    if line.split_whitespace().count() > MAX_OPENER_WORDS {
        return false;
    }
    let lower = line.to_lowercase();
    phrases().teaser_openers.iter().any(|o| {
        lower
            .strip_prefix(o.as_str())
            .is_some_and(|r| r.starts_with(' '))
    })
}

/// Whether `line` opens like a byline ("By REUTERS", "Von Anna Muster").
pub fn is_byline(line: &str) -> bool {
    let lower = line.to_lowercase();
    phrases()
        .byline_prefixes
        .iter()
        .any(|b| lower.starts_with(b.as_str()))
}

/// A teaser heading and the linked title on one line ("Lesen Sie auch: …", "ALSO ON X: …"):
/// the line alone is a teaser; what follows it is not cut. A head longer than the phrase
/// ("ALSO ON DRIVE ON") must be an all-caps kicker, so "Related to the dispute: …" stays text.
fn inline_teaser(line: &str, words: usize) -> Option<Kind> {
    if words > MAX_INLINE_TEASER_WORDS {
        return None;
    }
    let (head, _) = line.split_once(':')?;
    if head.split_whitespace().count() > MAX_INLINE_HEAD_WORDS {
        return None;
    }
    let kicker = !head.chars().any(char::is_lowercase);
    let head = head.trim().to_lowercase();
    let p = phrases();
    p.teaser_heads
        .iter()
        .chain(&p.inline_heads)
        .any(|h| {
            head == *h
                || kicker
                    && head
                        .strip_prefix(h.as_str())
                        .is_some_and(|r| r.starts_with(' '))
        })
        .then_some(Kind::Line(RemovedReason::Teaser))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_furniture() {
        assert_eq!(classify("Mehr zum Thema"), Some(Kind::TeaserHead));
        assert_eq!(
            classify("Your email address will not be published. Required fields are marked *"),
            Some(Kind::TeaserHead)
        );
        assert_eq!(
            classify("Votre nom : *"),
            Some(Kind::Line(RemovedReason::Navigation))
        );
        assert_eq!(classify("Unser Name ist Programm"), None);
        assert_eq!(
            classify("Das könnte Sie auch interessieren!"),
            Some(Kind::TeaserHead)
        );
        assert_eq!(classify("Related stories:"), Some(Kind::TeaserHead));
        assert_eq!(classify("Kommentare: 12 Beiträge"), Some(Kind::TeaserHead));
        assert_eq!(
            classify("You must be logged in to post a comment."),
            Some(Kind::TeaserHead)
        );
        assert_eq!(
            classify("Related: The 15 Weirdest Galaxies in Our Universe"),
            Some(Kind::Line(RemovedReason::Teaser))
        );
        assert_eq!(
            classify("Lesen Sie auch die folgenden Beiträge:"),
            Some(Kind::TeaserHead)
        );
        assert_eq!(
            classify("War der Artikel hilfreich?"),
            Some(Kind::TeaserHead)
        );
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
    fn inline_teasers_are_single_lines() {
        assert_eq!(
            classify("READ MORE: China plague outbreak confirmed: Two diagnosed with disease"),
            Some(Kind::Line(RemovedReason::Teaser))
        );
        assert_eq!(
            classify("ALSO ON DRIVE ON: Your questions answered about the carmaker's share sale."),
            Some(Kind::Line(RemovedReason::Teaser))
        );
        assert_eq!(
            classify("Lesen Sie auch: Warum die Bahn im Winter so oft zu spät kommt und was hilft"),
            Some(Kind::Line(RemovedReason::Teaser))
        );
        assert_eq!(
            classify("Related to the dispute: the minister said talks would resume next week."),
            None
        );
    }

    #[test]
    fn captions_ending_in_a_credit() {
        for caption in [
            "Dmitry Muratov, periodista ruso y Premio Nobel de la Paz (REUTERS/Denis Balibouse)",
            "Zur Einweihung wurde ein kleiner Wald gepflanzt (Foto: Stadt Nordhausen).",
            "Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO",
            "Lee Elder sprach Tiger Woods 1997 Mut zu. | © Augusta National/Getty Images",
            "Einen Studienplatz, aber keine Wohnung? So geht es vielen. Foto: Ingo Schneider",
            "Photograph by Jeremy Holden, Fauna & Flora International",
            "Abbildung 4: klassische Schwachschicht in der Schneedecke.",
            "Beitragsbild: Titelseite der Zeitung vom 2.4.2019, Ausriss.",
        ] {
            assert!(is_credited_caption(caption), "{caption}");
        }
        for text in [
            "Die Bank ist die Kasseler Sparkasse (BIC/SWIFT: HELADEF1KAS)",
            "Der Stoff ist eine Mischung (Polyester/Spandex)",
            "Er zeigte ein Foto: Darauf war das Haus zu sehen, das später abbrannte.",
            "© 2019 Associated Press. All Rights Reserved. This material may not be published.",
            "Abbildungen zeigen: Der Hang war steil.",
            "Die Bilanz (Quelle: Statistisches Bundesamt) zeigt, dass die Preise im Jahr 2023 stiegen, und zwar deutlich stärker als erwartet.",
        ] {
            assert!(!is_credited_caption(text), "{text}");
        }
    }

    #[test]
    fn appeals_to_the_reader() {
        assert!(is_appeal("Zum Newsletter anmelden"));
        assert!(is_appeal(
            "Subscribe now to our print edition for the full story."
        ));
        assert!(is_appeal("Folge uns auf Facebook | Instagram"));
        assert!(is_appeal(
            "For the latest stories download the Example News apps for iOS and Android."
        ));
        assert!(is_appeal(
            "Would you consider supporting our work? Just click here. Thanks!"
        ));
        assert!(is_appeal("Das Heft gibt es digital: einfach hier klicken!"));
        assert!(!is_appeal(
            "If at any time you would like to unsubscribe, you can email us."
        ));
        assert!(!is_appeal(
            "Sie hat ihren Instagram-Account auf privat gestellt."
        ));
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
