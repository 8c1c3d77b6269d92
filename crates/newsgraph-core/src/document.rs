//! Output contract schema 1 as Rust types.

use serde::{Deserialize, Serialize};

use crate::Span;

/// One processed article: what `newsgraph extract` writes as one JSON object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Output contract version ([`crate::SCHEMA_VERSION`]).
    pub schema: u32,
    /// Input file stem, or the record's id for JSONL/WARC input.
    pub id: String,
    /// Path or URL the document came from.
    pub source: String,
    /// ISO 639-1 code of the body language (`und` when unknown).
    pub lang: String,
    /// Headline, if found.
    pub title: Option<String>,
    /// Place line that opens the story ("Tokio", "WASHINGTON"), if any.
    pub dateline: Option<String>,
    /// Publication date (ISO `YYYY-MM-DD`) if the input states one.
    pub published: Option<String>,
    /// Clean article text; paragraphs separated by a blank line.
    pub body: String,
    /// What cleaning dropped, with the reason.
    #[serde(default)]
    pub removed: Vec<Removed>,
    /// Sentence spans in `body`.
    #[serde(default)]
    pub sentences: Vec<Span>,
    /// Persons, organizations and locations with their mentions.
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Direct and indirect speech.
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Numbers, amounts, rates.
    #[serde(default)]
    pub quantities: Vec<Quantity>,
    /// Claims the article presents as someone's.
    #[serde(default)]
    pub attributions: Vec<Attribution>,
    /// Temporal expressions, normalized.
    #[serde(default)]
    pub dates: Vec<DateExpr>,
}

/// Why cleaning dropped a block of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RemovedReason {
    /// Related-article teasers, "Lesen Sie auch", "Read more".
    Teaser,
    /// Image captions and picture titles.
    Caption,
    /// Photo/agency credits, image file names.
    Credit,
    /// Newsletter sign-up boxes.
    Newsletter,
    /// Cookie and consent banners.
    Consent,
    /// Advertising.
    Ad,
    /// Share and social buttons.
    Share,
    /// Subscription and paywall prompts.
    Subscription,
    /// Menus, breadcrumbs, link lists.
    Navigation,
    /// Site footer, legal links.
    Footer,
    /// Reader comments.
    Comments,
    /// Title, dateline or byline moved into their own fields.
    Metadata,
    /// Anything else that is not article text.
    Boilerplate,
}

/// A dropped block with the reason it was dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removed {
    /// The dropped text.
    pub text: String,
    /// Why it was dropped.
    pub reason: RemovedReason,
}

/// Coarse entity type of the output contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// A person.
    Person,
    /// An organization, agency, company, party, ...
    Organization,
    /// A country, city, region, ...
    Location,
}

/// A surface form of an entity in the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// First code point in `body`.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// `body[start..end]`.
    pub text: String,
    /// How it refers: absent for a name; `pronoun` or `nominal` ("der Minister") where a later
    /// stage resolved the words to the entity (a quote's speaker).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refers: Option<Reference>,
}

/// How a mention that is not a name refers to its entity (coreference).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reference {
    /// A personal pronoun ("er", "she") whose antecedent is the entity.
    Pronoun,
    /// A description ("der Minister", "the court") resolved to the entity.
    Nominal,
}

/// One real-world thing the article mentions, resolved to a canonical name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Document-local id ("e1", ...), referenced by quotes and attributions.
    pub id: String,
    /// Canonical (common English) name.
    pub name: String,
    /// person, organization or location.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Finer kind: country, city, region, agency, company, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// ISO 3166-1 alpha-3 code of a country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// ISO 3166-1 alpha-3 code of the country a person, place or body belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Stable knowledge-base id, the same across documents and runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kb_id: Option<String>,
    /// Every mention in the body.
    pub mentions: Vec<Mention>,
}

/// Direct (in quotation marks) or indirect (reported) speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Words inside quotation marks.
    Direct,
    /// Reported speech, or a clause mixing both.
    Indirect,
}

/// Speech the article reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without marks and reporting verb.
    pub text: String,
    /// direct or indirect.
    pub kind: QuoteKind,
    /// Canonical name of the speaker, or a short description, or null.
    pub speaker: Option<String>,
    /// Entity id of the speaker where resolved.
    pub speaker_id: Option<String>,
    /// The reporting verb or phrase.
    pub cue: Option<String>,
    /// The words naming the speaker for this quote (a name, a description or a pronoun), where
    /// the article names one near it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_mention: Option<Mention>,
    /// First code point of `text` in `body`.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// Which side a bound limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Bound {
    /// "mehr als", "at least": the value is a lower bound.
    Lower,
    /// "bis zu", "up to": the value is an upper bound.
    Upper,
}

/// A normalized figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// Document-local id ("q1", ...), referenced by attributions.
    pub id: String,
    /// The figure as written, with its approximation word and unit.
    pub text: String,
    /// The value in base units (20 Milliarden → 2e10); the lower end of a range.
    pub value: f64,
    /// Upper end of a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_max: Option<f64>,
    /// percent, pp, count, an ISO 4217 code, an SI symbol, or other.
    pub unit: String,
    /// "rund", "about": the figure is approximate.
    pub approximate: bool,
    /// A bound word limits the value on one side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<Bound>,
    /// An order of magnitude only ("Hunderte", "dozens").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub vague: bool,
    /// What a count counts, as an English singular noun.
    pub of: Option<String>,
    /// The period or unit of a rate.
    pub per: Option<String>,
    /// First code point in `body`.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// How the article hedges an attributed claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Hedge {
    /// A source states it plainly.
    Asserted,
    /// An estimate (schätzen, dürfte, estimated).
    Estimate,
    /// Hearsay (offenbar, soll, reportedly).
    Reported,
    /// Conditional on its source being right.
    Conditional,
    /// Denied or doubted by the source.
    Denied,
    /// Speculation (wohl, vermutlich, possibly).
    Speculative,
}

/// A claim the article presents as someone's rather than its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// The claim, verbatim from the body.
    pub claim: String,
    /// Canonical name of the source, a short description, or null.
    pub source: Option<String>,
    /// Entity id of the source where resolved.
    pub source_id: Option<String>,
    /// How the claim is hedged.
    pub hedge: Hedge,
    /// The attribution phrase.
    pub cue: Option<String>,
    /// First code point of `claim` in `body`.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Ids of the quantities inside the claim.
    #[serde(default)]
    pub quantity_ids: Vec<String>,
    /// Ids of the entities mentioned inside the claim.
    #[serde(default)]
    pub entity_ids: Vec<String>,
}

/// Modifier of a date expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum DateMod {
    /// Anfang, early.
    Start,
    /// Mitte, mid.
    Mid,
    /// Ende, late.
    End,
    /// rund um, around.
    Approx,
}

/// A temporal expression with a calendar meaning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateExpr {
    /// The expression as written.
    pub text: String,
    /// TIMEX3-style value: `2022`, `2022-02`, `2022-02-24`, `XXXX-07-27`, `2024-Q3`, ...
    pub value: String,
    /// START, MID, END, APPROX or null.
    #[serde(rename = "mod")]
    pub modifier: Option<DateMod>,
    /// First code point in `body`.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}
