//! newsgraph: raw news articles in, sourced and normalized documents out.
//!
//! This facade wires the stages — ingest → clean → language → sentences → entities,
//! quantities, dates → quotes, attributions — and re-exports the crates, so users depend on
//! one crate:
//!
//! ```
//! use newsgraph::{ingest::{Payload, RawDoc}, process, Options};
//! let raw = RawDoc {
//!     id: "x".into(), source: "-".into(),
//!     payload: Payload::CleanText("Der Minister sagte am Montag, alles sei gut.".into()),
//!     url: None, title: None, lang: Some("de".into()), published: None, crawled: None,
//! };
//! let doc = process(&raw, &Options::default()).unwrap();
//! assert_eq!(doc.lang, "de");
//! assert_eq!(doc.sentences.len(), 1);
//! ```

pub use newsgraph_clean as clean;
pub use newsgraph_core as core;
pub use newsgraph_extract as extract;
pub use newsgraph_ingest as ingest;
pub use newsgraph_lang as lang;
pub use newsgraph_segment as segment;

mod annotate;
pub use annotate::{Annotate, UnknownAnnotation};
mod quote_scope;
pub use quote_scope::{QuoteScope, UnknownQuoteScope};

use newsgraph_core::{Document, Span, Text, SCHEMA_VERSION};
use newsgraph_ingest::{Payload, RawDoc};
use newsgraph_lang::{detect_language, LangPack};

/// How to process documents.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Force this language (ISO 639-1) instead of detecting it.
    pub lang: Option<String>,
    /// The annotation stages to run (default: all), plus the ones they read.
    pub annotate: Annotate,
    /// Which statements count as quotes (default: strict).
    pub quotes: QuoteScope,
}

/// Why a document produced no output.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// Cleaning left no article text.
    #[error("no article text found")]
    NoText,
}

/// A step of [`process`], as reported to a [`StageRunner`] (the stage benchmark times each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// Boilerplate removal (HTML or copied page text), title, dateline, date.
    Clean,
    /// Language detection (skipped when the input or the options name the language).
    Language,
    /// Sentence segmentation and the analysed [`Text`].
    Segment,
    /// Entity recognition and resolution.
    Entities,
    /// Quantities (figures).
    Quantities,
    /// Dates.
    Dates,
    /// Quotes with speakers.
    Quotes,
    /// Attributed claims with their hedging.
    Attributions,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 8] = [
        Stage::Clean,
        Stage::Language,
        Stage::Segment,
        Stage::Entities,
        Stage::Quantities,
        Stage::Dates,
        Stage::Quotes,
        Stage::Attributions,
    ];

    /// Lower-case name, as benchmarks print it.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Clean => "clean",
            Stage::Language => "language",
            Stage::Segment => "segment",
            Stage::Entities => "entities",
            Stage::Quantities => "quantities",
            Stage::Dates => "dates",
            Stage::Quotes => "quotes",
            Stage::Attributions => "attributions",
        }
    }
}

/// Runs each stage's work for [`process_with`]: a benchmark wraps it in a clock; [`process`]
/// just runs it, so timing costs nothing outside benchmarks and the pipeline exists once.
pub trait StageRunner {
    /// Runs `work`, the whole of `stage` for one document, and returns its result.
    fn run<T>(&mut self, stage: Stage, work: impl FnOnce() -> T) -> T;
}

/// The runner of [`process`]: runs every stage as it is.
struct Untimed;

impl StageRunner for Untimed {
    #[inline(always)]
    fn run<T>(&mut self, _stage: Stage, work: impl FnOnce() -> T) -> T {
        work()
    }
}

/// Runs the whole pipeline on one raw document.
pub fn process(raw: &RawDoc, opts: &Options) -> Result<Document, ProcessError> {
    process_with(raw, opts, &mut Untimed)
}

/// [`process`], handing each stage to `runner` (for the per-stage benchmark).
pub fn process_with<R: StageRunner>(
    raw: &RawDoc,
    opts: &Options,
    runner: &mut R,
) -> Result<Document, ProcessError> {
    let cleaned = runner.run(Stage::Clean, || match &raw.payload {
        Payload::Html(html) => newsgraph_clean::clean_html(html, raw.url.as_deref()),
        Payload::PageText(text) => newsgraph_clean::clean_text(text),
        Payload::CleanText(text) => newsgraph_clean::CleanDoc {
            body: text.clone(),
            ..Default::default()
        },
    });
    if cleaned.body.trim().is_empty() {
        return Err(ProcessError::NoText);
    }
    let lang = opts
        .lang
        .clone()
        .or_else(|| raw.lang.clone())
        .or_else(|| {
            runner.run(Stage::Language, || {
                detect_language(&cleaned.body).map(str::to_string)
            })
        })
        .unwrap_or_else(|| "und".to_string());
    // The input's own date, then the page's, then the crawl date (a WARC fetch time).
    let published = raw
        .published
        .clone()
        .or(cleaned.published)
        .or_else(|| raw.crawled.clone());
    let pack = LangPack::get_or_neutral(&lang);
    let body = cleaned.body;
    let (text, sentences) = runner.run(Stage::Segment, || {
        let sentence_bytes = newsgraph_segment::sentences(&body, pack);
        let text = Text::new(&body, &lang, published.as_deref(), sentence_bytes);
        let sentences: Vec<Span> = text
            .sentences
            .iter()
            .map(|r| text.span(r.clone()))
            .collect();
        (text, sentences)
    });

    let want = opts.annotate.with_inputs();
    // the inclusive scope reads the attributions for the claims it counts as quotes
    let inclusive = want.quotes && opts.quotes == QuoteScope::Inclusive;
    let mut entities = if want.entities {
        runner.run(Stage::Entities, || {
            newsgraph_extract::entities::extract(&text, pack)
        })
    } else {
        Vec::new()
    };
    // One tokenization of the body for both figure stages (timed with the first that runs).
    let mut tokens = None;
    let quantities = if want.quantities {
        runner.run(Stage::Quantities, || {
            let tokens = tokens.insert(newsgraph_extract::Tokens::new(&body));
            newsgraph_extract::quantities::extract_with(&text, pack, tokens)
        })
    } else {
        Vec::new()
    };
    let dates = if want.dates {
        runner.run(Stage::Dates, || {
            let tokens = tokens.get_or_insert_with(|| newsgraph_extract::Tokens::new(&body));
            newsgraph_extract::dates::extract_with(&text, pack, tokens)
        })
    } else {
        Vec::new()
    };
    // One reading of the body for both speech stages (timed with the first that runs).
    let mut speech = None;
    let mut quotes = if want.quotes {
        runner.run(Stage::Quotes, || {
            let speech = speech.insert(newsgraph_extract::SpeechTokens::new(&body, pack));
            newsgraph_extract::quotes::extract_with(&text, &entities, speech)
        })
    } else {
        Vec::new()
    };
    let mut attributions = if want.attributions || inclusive {
        runner.run(Stage::Attributions, || {
            let speech =
                speech.get_or_insert_with(|| newsgraph_extract::SpeechTokens::new(&body, pack));
            newsgraph_extract::attributions::extract_with(
                &text,
                pack,
                &entities,
                &quantities,
                speech,
            )
        })
    } else {
        Vec::new()
    };

    if inclusive {
        let speech =
            speech.get_or_insert_with(|| newsgraph_extract::SpeechTokens::new(&body, pack));
        quote_scope::widen(&mut quotes, &text, pack, &entities, &attributions, speech);
        if !want.attributions {
            attributions.clear();
        }
    }
    newsgraph_extract::quotes::link_speaker_mentions(&mut entities, &quotes);

    Ok(Document {
        schema: SCHEMA_VERSION,
        id: raw.id.clone(),
        source: raw
            .url
            .clone()
            .or(cleaned.url)
            .unwrap_or_else(|| raw.source.clone()),
        title: raw.title.clone().or(cleaned.title),
        dateline: cleaned.dateline,
        published,
        removed: cleaned.removed,
        sentences,
        entities,
        quotes,
        quantities,
        attributions,
        dates,
        lang,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warc_page(html: &str) -> RawDoc {
        RawDoc {
            id: "w".into(),
            source: "crawl.warc#1".into(),
            payload: Payload::Html(html.into()),
            url: Some("https://news.example/a".into()),
            title: None,
            lang: None,
            published: None,
            crawled: Some("2025-07-20".into()),
        }
    }

    const BODY: &str = "<article><h1>Haushalt vorgelegt</h1><p>Die Bundesregierung hat am Montag den Entwurf \
        für den Haushalt des kommenden Jahres vorgelegt, der deutlich höhere Ausgaben für Verteidigung und \
        Infrastruktur vorsieht.</p><p>Der Finanzminister sagte, die Schuldenbremse werde eingehalten, \
        obwohl die Steuereinnahmen hinter den Erwartungen zurückblieben.</p></article>";

    #[test]
    fn the_pages_own_date_wins_over_the_crawl_date() {
        let html = format!(
            "<html><head><meta property=\"article:published_time\" content=\"2025-07-14T08:00:00Z\"></head><body>{BODY}</body></html>"
        );
        let doc = process(&warc_page(&html), &Options::default()).unwrap();
        assert_eq!(doc.published.as_deref(), Some("2025-07-14"));
    }

    #[test]
    fn the_crawl_date_stands_in_when_the_page_has_none() {
        let html = format!("<html><body>{BODY}</body></html>");
        let doc = process(&warc_page(&html), &Options::default()).unwrap();
        assert_eq!(doc.published.as_deref(), Some("2025-07-20"));
    }

    #[test]
    fn a_saved_page_is_sourced_by_its_canonical_url_unless_the_input_names_one() {
        let html = format!(
            "<html><head><link rel=\"canonical\" href=\"https://news.example/haushalt\"></head><body>{BODY}</body></html>"
        );
        let mut saved = warc_page(&html);
        saved.url = None;
        let doc = process(&saved, &Options::default()).unwrap();
        assert_eq!(doc.source, "https://news.example/haushalt");
        let doc = process(&warc_page(&html), &Options::default()).unwrap();
        assert_eq!(doc.source, "https://news.example/a");
    }

    fn article(text: &str) -> RawDoc {
        RawDoc {
            id: "a".into(),
            source: "-".into(),
            payload: Payload::CleanText(text.into()),
            url: None,
            title: None,
            lang: None,
            published: None,
            crawled: None,
        }
    }

    const SAID: &str = "Bundeskanzler Olaf Scholz sagte am 3. Oktober 2024 in Berlin: „Wir investieren 100 Milliarden Euro.“ Laut dem Finanzministerium dürfte die Summe auf 120 Milliarden Euro steigen.";

    #[test]
    fn the_inclusive_quote_scope_adds_claims_of_attribution_phrases_as_quotes() {
        let raw = article(
            "Laut der Polizei wurden bei dem Unfall drei Menschen verletzt. Der Fahrer sei nach \
             Angaben von Zeugen zu schnell gefahren.",
        );
        let strict = process(&raw, &Options::default()).unwrap();
        assert!(strict.quotes.is_empty(), "{:#?}", strict.quotes);
        assert_eq!(strict.attributions.len(), 2, "{:#?}", strict.attributions);
        let opts = Options {
            quotes: QuoteScope::Inclusive,
            annotate: "quotes".parse().unwrap(),
            ..Options::default()
        };
        let inclusive = process(&raw, &opts).unwrap();
        assert_eq!(inclusive.quotes.len(), 2, "{:#?}", inclusive.quotes);
        assert!(inclusive
            .quotes
            .iter()
            .all(|q| q.kind == newsgraph_core::QuoteKind::Indirect));
        assert_eq!(inclusive.quotes[0].speaker.as_deref(), Some("Polizei"));
        assert!(
            inclusive.attributions.is_empty(),
            "only the quotes were asked for"
        );
        for q in &inclusive.quotes {
            let span = Span {
                start: q.start,
                end: q.end,
            };
            assert_eq!(newsgraph_core::slice_chars(&inclusive.body, span), q.text);
        }
    }

    #[test]
    fn annotate_none_gives_the_clean_text_and_sentences_only() {
        let opts = Options {
            annotate: Annotate::NONE,
            ..Options::default()
        };
        let doc = process(&article(SAID), &opts).unwrap();
        assert_eq!(doc.lang, "de");
        assert_eq!(doc.sentences.len(), 2);
        assert!(doc.entities.is_empty() && doc.quantities.is_empty() && doc.dates.is_empty());
        assert!(doc.quotes.is_empty() && doc.attributions.is_empty());
    }

    #[test]
    fn each_annotation_runs_alone_or_with_what_it_reads() {
        let all = process(&article(SAID), &Options::default()).unwrap();
        assert!(!all.entities.is_empty() && !all.quantities.is_empty() && !all.dates.is_empty());
        assert!(!all.quotes.is_empty() && !all.attributions.is_empty());
        let only = |list: &str| {
            let opts = Options {
                annotate: list.parse().unwrap(),
                ..Options::default()
            };
            process(&article(SAID), &opts).unwrap()
        };
        let dates = only("dates");
        assert_eq!(dates.dates, all.dates);
        assert!(dates.entities.is_empty() && dates.quantities.is_empty());
        let quotes = only("quotes");
        assert_eq!(quotes.quotes, all.quotes);
        assert_eq!(quotes.entities, all.entities);
        assert!(quotes.attributions.is_empty() && quotes.quantities.is_empty());
        let claims = only("attributions");
        assert_eq!(claims.attributions, all.attributions);
        assert_eq!(claims.quantities, all.quantities);
        assert!(claims.quotes.is_empty() && claims.dates.is_empty());
    }
}
