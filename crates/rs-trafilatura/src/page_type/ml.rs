//! ML-based page type classification.
//!
//! Feature extraction from HTML documents (requires DOM access) and delegation
//! to the web-page-classifier crate for model evaluation.

use dom_query::{NodeId, NodeRef, Selection};
use regex::Regex;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::{LazyLock, OnceLock};
use tendril::StrTendril;

#[allow(clippy::expect_used)]
static PRODUCT_COUNT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d+\s*(results|items|products|pieces)").expect("valid regex"));

use crate::dom::Document;
use crate::result::Metadata;

use super::PageType;

/// The page's elements in document order with their tag and class, read in one walk.
///
/// newsgraph fork: the features below used one full-tree `select` per tag or `[class*=…]`
/// selector (about fifty walks a page); they now filter this list, which gives the same
/// elements in the same order.
pub(crate) struct Census<'a> {
    /// Each element with its tag name and class attribute (newsgraph fork: kept as the
    /// tendrils the tree hands out instead of copied into two `String`s per element).
    elements: Vec<(NodeRef<'a>, StrTendril, StrTendril)>,
    /// Positions in `elements` by tag name, ascending.
    by_tag: HashMap<String, Vec<usize>>,
    /// Positions in `elements` of those with a non-empty class attribute.
    classed: Vec<usize>,
    /// The non-empty class attributes, one per line (see [`Census::has_class`]).
    joined_classes: String,
    /// Where each class ends in `joined_classes` (after its newline), in `classed` order.
    class_ends: Vec<usize>,
    /// The `<p>` statistics, read on first use (see [`Census::paragraphs`]).
    paragraphs: std::cell::OnceCell<ParagraphStats>,
}

/// What the page-type features read from the `<p>` elements' texts.
#[derive(Clone, Copy, Default)]
pub(crate) struct ParagraphStats {
    /// Paragraphs whose trimmed text is over 20 bytes long.
    pub(crate) long_count: u32,
    /// Total trimmed byte length of those paragraphs.
    pub(crate) long_len: u32,
    /// Words (whitespace-separated) of all paragraph texts joined without a separator.
    pub(crate) words: usize,
}

impl<'a> Census<'a> {
    pub(crate) fn new(doc: &'a Document) -> Self {
        // The page's elements in document order: what `doc.select("*")` gives, by a plain
        // walk (newsgraph fork: no selector matching).
        let elements: Vec<(NodeRef<'a>, StrTendril, StrTendril)> = doc
            .root()
            .descendants_it()
            .filter(NodeRef::is_element)
            .map(|n| {
                let name = n.node_name().unwrap_or_default();
                let class = n.attr("class").unwrap_or_default();
                (n, name, class)
            })
            .collect();
        let mut by_tag: HashMap<String, Vec<usize>> = HashMap::default();
        let mut classed = Vec::new();
        let mut joined_classes = String::new();
        let mut class_ends = Vec::new();
        for (i, (_, name, class)) in elements.iter().enumerate() {
            match by_tag.get_mut(&**name) {
                Some(positions) => positions.push(i),
                None => {
                    by_tag.insert(name.to_string(), vec![i]);
                }
            }
            if !class.is_empty() {
                classed.push(i);
                joined_classes.push_str(class);
                joined_classes.push('\n');
                class_ends.push(joined_classes.len());
            }
        }
        Self {
            elements,
            by_tag,
            classed,
            joined_classes,
            class_ends,
            paragraphs: std::cell::OnceCell::new(),
        }
    }

    /// The `<p>` statistics: each paragraph's text read once for the long-paragraph counts
    /// and the word count of all paragraph texts joined (newsgraph fork: the ML features and
    /// the HTML signals each joined the texts into one string, and counted long paragraphs
    /// from a third read).
    pub(crate) fn paragraphs(&self) -> ParagraphStats {
        *self.paragraphs.get_or_init(|| {
            let mut stats = ParagraphStats::default();
            let mut in_word = false;
            for node in self.tags(&["p"]) {
                let text = node.text();
                let trimmed = text.trim();
                if trimmed.len() > 20 {
                    stats.long_count += 1;
                    stats.long_len += trimmed.len() as u32;
                }
                for c in text.chars() {
                    if c.is_whitespace() {
                        in_word = false;
                    } else if !in_word {
                        in_word = true;
                        stats.words += 1;
                    }
                }
            }
            stats
        })
    }

    /// Every element of the page, in document order (`doc.select("*")`).
    pub(crate) fn elements(&self) -> impl Iterator<Item = &NodeRef<'a>> + '_ {
        self.elements.iter().map(|(node, _, _)| node)
    }

    /// Elements with one of these tag names (`doc.select("a, b")`), in document order.
    /// The first element whose `id` is exactly `id`: what `doc.select("#id").first()` finds
    /// (any attribute named `id`, compared with case, as in a no-quirks document).
    pub(crate) fn first_with_id(&self, id: &str) -> Option<&NodeRef<'a>> {
        self.elements.iter().map(|(n, _, _)| n).find(|n| {
            n.element_ref().is_some_and(|e| {
                e.attrs
                    .iter()
                    .any(|a| &*a.name.local == "id" && &*a.value == id)
            })
        })
    }

    pub(crate) fn tags<'s>(
        &'s self,
        names: &'s [&str],
    ) -> impl Iterator<Item = &'s NodeRef<'a>> + 's {
        let mut positions: Vec<usize> = names
            .iter()
            .filter_map(|name| self.by_tag.get(*name))
            .flatten()
            .copied()
            .collect();
        if names.len() > 1 {
            positions.sort_unstable();
            positions.dedup();
        }
        positions.into_iter().map(move |i| &self.elements[i].0)
    }

    /// Number of elements with one of these tag names.
    pub(crate) fn count_tags(&self, names: &[&str]) -> usize {
        self.tags(names).count()
    }

    /// Class attributes of the elements that have one, in document order.
    pub(crate) fn classes(&self) -> impl Iterator<Item = &str> + '_ {
        self.classed.iter().map(|&i| &*self.elements[i].2)
    }

    /// Number of elements whose class attribute contains one of these strings
    /// (`[class*='a'], [class*='b']`).
    ///
    /// newsgraph fork: one Aho-Corasick pass over the joined classes, counting the classes
    /// it finds a part in (by where they end), instead of one search per class and part.
    /// Every class holding a part yields a match: the parts hold no newline, so no match
    /// crosses from one class into the next, and a leftmost-first scan reaches each class.
    fn count_class(&self, parts: &ClassParts) -> usize {
        let Some(matcher) = parts.matcher() else {
            return self
                .classes()
                .filter(|class| parts.parts.iter().any(|p| class.contains(p)))
                .count();
        };
        let mut count = 0;
        let mut last = None;
        for m in matcher.find_iter(&self.joined_classes) {
            let class = self.class_ends.partition_point(|&end| end <= m.start());
            if last != Some(class) {
                count += 1;
                last = Some(class);
            }
        }
        count
    }

    /// Elements one to `levels` levels below a `<body>`, in document order: what
    /// `doc.select("body > *, body > * > *, …")` gives, by looking up each element's ancestors
    /// instead of matching the selector list.
    pub(crate) fn under_body(&self, levels: usize) -> Vec<NodeRef<'a>> {
        let bodies: Vec<NodeId> = self.tags(&["body"]).map(|n| n.id).collect();
        if bodies.is_empty() {
            return Vec::new();
        }
        self.elements
            .iter()
            .filter(|(node, _, _)| {
                std::iter::successors(node.parent(), NodeRef::parent)
                    .take(levels)
                    .any(|a| bodies.contains(&a.id))
            })
            .map(|(node, _, _)| *node)
            .collect()
    }

    /// Whether some element's class attribute contains one of these strings: one search per
    /// string over all classes (a string without newline occurs in the joined classes exactly
    /// when it occurs in one of them).
    fn has_class(&self, parts: &[&str]) -> bool {
        parts
            .iter()
            .any(|p| !p.contains('\n') && self.joined_classes.contains(p))
    }

    /// Whether an element's class contains `first` and one of `second`
    /// (`[class*='first'][class*='x'], …`).
    ///
    /// newsgraph fork: only the classes where a search of the joined classes finds `first`
    /// are checked for `second` (a `first` without newline never spans two classes).
    fn any_class_pair(&self, first: &str, second: &[&str]) -> bool {
        if first.is_empty() || first.contains('\n') {
            return self
                .classes()
                .any(|class| class.contains(first) && second.iter().any(|p| class.contains(p)));
        }
        let mut last = None;
        self.joined_classes.match_indices(first).any(|(at, _)| {
            let i = self.class_ends.partition_point(|&end| end <= at);
            if last == Some(i) {
                return false;
            }
            last = Some(i);
            let start = i
                .checked_sub(1)
                .and_then(|p| self.class_ends.get(p))
                .copied();
            let class = self
                .class_ends
                .get(i)
                .and_then(|&end| self.joined_classes.get(start.unwrap_or(0)..end - 1));
            class.is_some_and(|class| second.iter().any(|p| class.contains(p)))
        })
    }

    /// Whether a `<meta>` has attribute `key` equal to `value` and, when `content` is given,
    /// a `content` attribute containing it.
    fn has_meta(&self, key: &str, value: &str, content: Option<&str>) -> bool {
        self.tags(&["meta"]).any(|n| {
            n.attr(key).is_some_and(|v| &*v == value)
                && content.is_none_or(|c| n.attr("content").is_some_and(|v| v.contains(c)))
        })
    }
}

/// A fixed list of class parts for [`Census::count_class`], with its automaton built once.
pub(crate) struct ClassParts {
    parts: &'static [&'static str],
    matcher: OnceLock<Option<aho_corasick::AhoCorasick>>,
}

impl ClassParts {
    /// The parts; the automaton is built on first use.
    pub(crate) const fn new(parts: &'static [&'static str]) -> Self {
        Self {
            parts,
            matcher: OnceLock::new(),
        }
    }

    /// The automaton, or nothing when it cannot stand for `contains` (an empty part or one
    /// with a newline, which the joined classes use as separator).
    fn matcher(&self) -> Option<&aho_corasick::AhoCorasick> {
        self.matcher
            .get_or_init(|| {
                if self.parts.iter().any(|p| p.is_empty() || p.contains('\n')) {
                    return None;
                }
                aho_corasick::AhoCorasick::new(self.parts).ok()
            })
            .as_ref()
    }

    /// Whether `text` contains one of the parts (newsgraph fork: one automaton pass instead
    /// of one `contains` per part).
    pub(crate) fn found_in(&self, text: &str) -> bool {
        match self.matcher() {
            Some(matcher) => matcher.is_match(text),
            None => self.parts.iter().any(|p| text.contains(p)),
        }
    }
}

/// Call-to-action phrases of buttons and links (f[44]).
static CTA_PARTS: ClassParts = ClassParts::new(&[
    "get started",
    "free trial",
    "contact us",
    "sign up",
    "try free",
    "get pricing",
    "book a",
    "schedule",
]);
static PRODUCT_CARD_PARTS: ClassParts =
    ClassParts::new(&["product-card", "product-tile", "product-item"]);
static GRID_PARTS: ClassParts = ClassParts::new(&["grid", "col-", "column", "card"]);
static COMMENT_PARTS: ClassParts = ClassParts::new(&["comment"]);
static POST_PARTS: ClassParts = ClassParts::new(&["post"]);
static MESSAGE_PARTS: ClassParts = ClassParts::new(&["message"]);

/// A run of text summarised for trimming: byte length, leading and trailing whitespace bytes,
/// and whether it is all whitespace.
#[derive(Clone, Copy)]
struct TextRun {
    len: usize,
    lead: usize,
    trail: usize,
    blank: bool,
}

impl TextRun {
    const EMPTY: Self = Self {
        len: 0,
        lead: 0,
        trail: 0,
        blank: true,
    };

    fn of(text: &str) -> Self {
        let start = text.trim_start();
        Self {
            len: text.len(),
            lead: text.len() - start.len(),
            trail: text.len() - text.trim_end().len(),
            blank: start.is_empty(),
        }
    }

    /// The run of `self` followed by `next`.
    fn then(self, next: Self) -> Self {
        Self {
            len: self.len + next.len,
            lead: if self.blank {
                self.len + next.lead
            } else {
                self.lead
            },
            trail: if next.blank {
                next.len + self.trail
            } else {
                next.trail
            },
            blank: self.blank && next.blank,
        }
    }

    /// `text.trim().len()` of the whole run.
    fn trimmed_len(self) -> usize {
        if self.blank {
            0
        } else {
            self.len - self.lead - self.trail
        }
    }
}

/// Number of `$`, `€` and `£` in `text`, counted as their UTF-8 byte sequences by vectorized
/// searches (newsgraph fork: three `matches(char)` passes decoding every character). A
/// character's encoding occurs in valid UTF-8 only where that character is.
fn price_sign_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'$', bytes).count()
        + memchr::memmem::find_iter(bytes, "€").count()
        + memchr::memmem::find_iter(bytes, "£").count()
}

/// For each `<section>`, `<article>` and `<div>`: the number of `<a>` below it and the
/// trimmed byte length of its text, computed bottom-up in one walk.
///
/// newsgraph fork: the section loop used a subtree `select("a")` and a full text
/// concatenation per element, quadratic in nesting depth.
fn section_stats(doc: &Document) -> HashMap<NodeId, (u32, usize)> {
    let mut out = HashMap::default();
    let root = doc.root();
    let mut stack = vec![(root, 0u32, TextRun::EMPTY, root.first_child())];
    while let Some(top) = stack.last_mut() {
        if let Some(child) = top.3 {
            top.3 = child.next_sibling();
            if let Some(run) = crate::dom::with_own_text(&child, TextRun::of) {
                top.2 = top.2.then(run);
            } else {
                stack.push((child, 0, TextRun::EMPTY, child.first_child()));
            }
        } else if let Some((node, links, run, _)) = stack.pop() {
            let name = node.node_name();
            let name = name.as_deref().unwrap_or("");
            if matches!(name, "section" | "article" | "div") {
                out.insert(node.id, (links, run.trimmed_len()));
            }
            if let Some(parent) = stack.last_mut() {
                parent.1 += links + u32::from(name == "a");
                parent.2 = parent.2.then(run);
            }
        }
    }
    out
}

/// Number of numeric features extracted from the document.
pub const N_NUMERIC: usize = web_page_classifier::N_NUMERIC_FEATURES; // 81

/// Classify page type using the ML model.
///
/// Takes pre-extracted numeric features and title/description text.
/// Delegates to the web-page-classifier crate for model evaluation.
#[must_use]
pub fn classify_ml(numeric_features: &[f64; N_NUMERIC], title_meta: &str) -> (PageType, f64) {
    let (crate_type, confidence) = web_page_classifier::classify_ml(numeric_features, title_meta);

    // Map from crate's PageType to our internal PageType
    let page_type = match crate_type {
        web_page_classifier::PageType::Article => PageType::Article,
        web_page_classifier::PageType::Collection => PageType::Category,
        web_page_classifier::PageType::Documentation => PageType::Documentation,
        web_page_classifier::PageType::Forum => PageType::Forum,
        web_page_classifier::PageType::Listing => PageType::Listing,
        web_page_classifier::PageType::Product => PageType::Product,
        web_page_classifier::PageType::Service => PageType::Service,
    };

    (page_type, confidence)
}

/// Words of shops and checkout pages (f[75]).
const COMMERCIAL_WORDS: &[&str] = &[
    "price", "buy", "cart", "shop", "order", "shipping", "delivery", "stock", "sale", "discount",
    "offer", "deal", "checkout", "payment", "warranty", "returns", "refund",
];

/// Words of articles and blog posts (f[76]).
const CONTENT_WORDS: &[&str] = &[
    "posted",
    "author",
    "published",
    "updated",
    "comments",
    "share",
    "tweet",
    "read",
    "article",
    "blog",
    "opinion",
    "editor",
    "journalist",
    "source",
    "according",
];

/// Words of technical documentation (f[77]).
const TECH_WORDS: &[&str] = &[
    "api",
    "function",
    "parameter",
    "returns",
    "example",
    "syntax",
    "reference",
    "deprecated",
    "version",
    "module",
    "class",
    "method",
    "interface",
    "configuration",
    "install",
];

/// Words of forum threads (f[78]).
const FORUM_WORDS: &[&str] = &[
    "reply",
    "thread",
    "post",
    "member",
    "joined",
    "reputation",
    "moderator",
    "admin",
    "quote",
    "likes",
    "views",
    "topic",
    "answered",
    "solution",
    "vote",
    "upvote",
];

/// Extract numeric features from the HTML document for ML classification.
///
/// Returns 81 features:
/// - f[0..14]: URL pattern signals
/// - f[14..63]: HTML structural signals (paragraphs, headings, JSON-LD, etc.)
/// - f[63..73]: Enhanced structural features (repeated siblings, prices, etc.)
/// - f[73..81]: DOM vocabulary features (commercial/content/tech/forum density)
#[must_use]
pub fn extract_ml_features(doc: &Document, metadata: &Metadata, url: &str) -> [f64; N_NUMERIC] {
    extract_ml_features_with(doc, metadata, url, &Census::new(doc))
}

/// Calls `f` with each word of `text` as `str::split_whitespace` gives them, found by a byte
/// scan that decodes only non-ASCII characters (newsgraph fork: the page text is long and
/// mostly ASCII, and `split_whitespace` decodes every character).
fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (space, len) = if b.is_ascii() {
            // `char::is_whitespace` on ASCII: space and U+0009 to U+000D.
            (b == b' ' || (0x09..=0x0d).contains(&b), 1)
        } else {
            text[i..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8()))
        };
        match (space, start) {
            (true, Some(s)) => {
                f(&text[s..i]);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        f(&text[s..]);
    }
}

/// [`extract_ml_features`] with the page's element list already read (the HTML signals read
/// the same list).
pub(crate) fn extract_ml_features_with(
    doc: &Document,
    metadata: &Metadata,
    url: &str,
    census: &Census,
) -> [f64; N_NUMERIC] {
    let mut f = [0.0f64; N_NUMERIC];

    let url_lower = url.to_ascii_lowercase();
    let (domain, path) = super::extract_domain_path(&url_lower);

    // === f[0..14]: URL pattern features ===
    f[0] = if super::contains_any(domain, super::FORUM_DOMAINS) {
        1.0
    } else {
        0.0
    };
    f[1] = if super::contains_any(path, super::FORUM_PATHS) {
        1.0
    } else {
        0.0
    };
    f[2] = if super::contains_any(&url_lower, super::FORUM_URL_PATTERNS) {
        1.0
    } else {
        0.0
    };
    f[3] = if super::contains_any(domain, super::DOCS_DOMAINS) {
        1.0
    } else {
        0.0
    };
    f[4] = if super::contains_any(path, super::DOCS_PATHS) {
        1.0
    } else {
        0.0
    };
    f[5] = if super::contains_any(path, super::PRODUCT_PATHS) {
        1.0
    } else {
        0.0
    };
    f[6] = if super::contains_any(path, super::CATEGORY_PATHS) {
        1.0
    } else {
        0.0
    };
    f[7] = if super::contains_any(path, super::SERVICE_PATHS) {
        1.0
    } else {
        0.0
    };
    f[8] = if super::contains_any(&url_lower, super::SERVICE_SLUG_PATTERNS) {
        1.0
    } else {
        0.0
    };
    f[9] = if super::contains_any(path, super::ARTICLE_PATHS) {
        1.0
    } else {
        0.0
    };
    f[10] = if super::contains_any(&url_lower, super::BLOG_SLUG_PATTERNS) {
        1.0
    } else {
        0.0
    };
    let path_trimmed = path.trim_end_matches('/');
    f[11] = if super::LISTING_PATH_ENDINGS
        .iter()
        .any(|p| path_trimmed.ends_with(p))
    {
        1.0
    } else {
        0.0
    };
    f[12] = if super::contains_any(path, super::LISTING_PATH_CONTAINS) {
        1.0
    } else {
        0.0
    };
    f[13] = if domain.contains("shop.") || domain.contains("store.") {
        1.0
    } else {
        0.0
    };

    // === f[14..63]: HTML structural features ===

    // Paragraph stats
    let paragraphs = census.paragraphs();
    let p_count = paragraphs.long_count;
    let p_total_len = paragraphs.long_len;
    f[14] = p_count as f64;
    f[15] = if p_count > 0 {
        p_total_len as f64 / p_count as f64
    } else {
        0.0
    };
    f[16] = census.count_tags(&["h1", "h2", "h3", "h4", "h5", "h6"]) as f64;
    let h2_count = census.count_tags(&["h2"]);
    // The `<body>` elements from the census instead of a `select("body")` walk (newsgraph
    // fork; the same elements in the same order, their texts joined as `Selection::text` does).
    let mut body_text_full = String::new();
    for body in census.tags(&["body"]) {
        body_text_full.push_str(&body.text());
    }
    let body_text_len = body_text_full.len();
    f[17] = if h2_count > 0 {
        body_text_len as f64 / h2_count as f64
    } else {
        0.0
    };
    f[18] = if census.count_tags(&["article"]) > 0 {
        1.0
    } else {
        0.0
    };
    f[19] = if census.count_tags(&["time"]) > 0 {
        1.0
    } else {
        0.0
    };
    f[20] = if census.count_tags(&["main"]) > 0 {
        1.0
    } else {
        0.0
    };
    f[21] = if census.count_tags(&["aside"]) > 0 {
        1.0
    } else {
        0.0
    };
    f[22] = if census.has_meta("name", "author", None)
        || census.has_meta("property", "article:author", None)
        || census.has_class(&["author"])
    {
        1.0
    } else {
        0.0
    };

    // JSON-LD signals
    for node in census.tags(&["script"]).filter(|n| {
        n.attr("type")
            .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"))
    }) {
        let sel = Selection::from(*node);
        let text = sel.text();
        if text.contains(r#""Article""#)
            || text.contains(r#""NewsArticle""#)
            || text.contains(r#""BlogPosting""#)
        {
            f[23] = 1.0;
        }
        if text.contains(r#""Product""#) {
            f[24] = 1.0;
        }
        if text.contains(r#""FAQPage""#) {
            f[25] = 1.0;
        }
        if text.contains(r#""CollectionPage""#) || text.contains(r#""OfferCatalog""#) {
            f[26] = 1.0;
        }
        if text.contains(r#""ItemList""#) {
            f[27] = 1.0;
        }
        if text.contains(r#""LocalBusiness""#) {
            f[28] = 1.0;
        }
        if text.contains(r#""Service""#) {
            f[29] = 1.0;
        }
        if text.contains(r#""AggregateOffer""#) {
            f[30] = 1.0;
        }
    }

    let og_type = metadata
        .page_type
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase();
    f[31] = if og_type.contains("product") {
        1.0
    } else {
        0.0
    };
    f[32] = if og_type == "article" { 1.0 } else { 0.0 };
    f[33] = if og_type == "website" { 1.0 } else { 0.0 };
    f[34] = if census.has_class(&["product-grid", "product-list", "product-card"]) {
        1.0
    } else {
        0.0
    };
    f[35] = if census.has_class(&["add-to-cart", "addtocart", "buy-now"]) {
        1.0
    } else {
        0.0
    };
    f[36] = census.count_class(&PRODUCT_CARD_PARTS) as f64;
    f[37] = if census.tags(&["link"]).any(|n| {
        n.attr("rel")
            .is_some_and(|r| r.eq_ignore_ascii_case("next"))
    }) || census.has_class(&["pagination", "pager"])
    {
        1.0
    } else {
        0.0
    };
    f[38] = census.count_tags(&["code", "pre"]) as f64;
    f[39] = if census.has_class(&[
        "docs-sidebar",
        "doc-sidebar",
        "docs-nav",
        "table-of-contents",
    ]) {
        1.0
    } else {
        0.0
    };

    let link_count = census.count_tags(&["a"]);
    let p_words = paragraphs.words;
    f[40] = if p_words > 0 {
        link_count as f64 / p_words as f64
    } else {
        0.0
    };
    f[41] = p_words as f64;
    f[42] = census.count_class(&GRID_PARTS) as f64;
    f[43] = census.count_tags(&["svg"]) as f64;

    // Call-to-action buttons and links (f[44]) and the texts of links (f[69], f[79], f[80])
    // from one text read per element.
    let mut cta_count = 0u32;
    let mut link_text_counts: HashMap<String, u32> = HashMap::default();
    for node in census.tags(&["button", "a"]) {
        let text = node.text().to_ascii_lowercase();
        if CTA_PARTS.found_in(&text) {
            cta_count += 1;
        }
        let trimmed = text.trim();
        if trimmed.len() > 3 && node.node_name().is_some_and(|n| &*n == "a") {
            // newsgraph fork: a text already counted is not copied again.
            if let Some(count) = link_text_counts.get_mut(trimmed) {
                *count += 1;
            } else {
                link_text_counts.insert(trimmed.to_string(), 1);
            }
        }
    }
    f[44] = cta_count as f64;
    f[45] = if census.has_class(&["hero"]) {
        1.0
    } else {
        0.0
    };
    f[46] = if census.has_class(&["testimonial"]) {
        1.0
    } else {
        0.0
    };
    f[47] = if census.has_class(&["pricing"]) {
        1.0
    } else {
        0.0
    };
    f[48] = if census.has_class(&["feature"]) {
        1.0
    } else {
        0.0
    };
    f[49] = if census.has_class(&["breadcrumb"]) {
        1.0
    } else {
        0.0
    };
    f[50] = census.count_tags(&["form"]) as f64;
    f[51] = census.count_tags(&["img"]) as f64;
    f[52] = census.count_tags(&["ul", "ol"]) as f64;
    f[53] = census.count_tags(&["table"]) as f64;
    f[54] = census.count_tags(&["nav"]) as f64;
    f[55] = census.count_tags(&["section"]) as f64;
    f[56] = census.count_tags(&["button"]) as f64;
    f[57] = census.count_tags(&["input"]) as f64;
    f[58] = body_text_len as f64;

    // newsgraph fork: the `href` values are kept as the tendrils the tree hands out, not
    // copied into `String`s (only their number is read).
    let mut link_hrefs: HashSet<StrTendril> = HashSet::default();
    for node in census.tags(&["a"]) {
        if let Some(href) = node.attr("href") {
            link_hrefs.insert(href);
        }
    }
    f[59] = link_hrefs.len() as f64;
    f[60] = census.count_class(&COMMENT_PARTS) as f64;
    f[61] = census.count_class(&POST_PARTS) as f64;
    f[62] = census.count_class(&MESSAGE_PARTS) as f64;

    // === f[63..73]: Enhanced structural features ===
    // Skip expensive features on very large documents (>500KB text)
    if body_text_len > 500_000 {
        return f;
    }

    // Elements of the first three levels under <body>, for f[63..65] and f[73..75].
    let shallow = census.under_body(3);

    // Repeated sibling structure (listing fingerprint), and the structural signatures of
    // f[73..75] below (newsgraph fork: both from one read of each element's children).
    let mut max_repeated_class = 0u32;
    let mut parents_with_repeats = 0u32;
    let mut dom_max_sig = 0u32;
    let mut dom_parents_with_repeats = 0u32;
    for node in &shallow {
        let sel = Selection::from(*node);
        let children = sel.children();
        if children.length() < 3 {
            continue;
        }
        let mut class_counts: HashMap<String, u32> = HashMap::default();
        let mut sig_counts: HashMap<String, u32> = HashMap::default();
        for child_node in children.nodes() {
            let class = child_node.attr("class");
            if let Some(cls) = &class {
                *class_counts.entry(cls.to_string()).or_insert(0) += 1;
            }
            let tag = child_node
                .node_name()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if tag.is_empty() {
                continue;
            }
            // Build structural signature: tag + semantic keyword from class
            let cls = class.unwrap_or_default().to_ascii_lowercase();
            let keyword = [
                "item", "card", "product", "post", "entry", "result", "row", "cell",
            ]
            .iter()
            .find(|&&kw| cls.contains(kw))
            .unwrap_or(&"");
            let sig = if keyword.is_empty() {
                tag
            } else {
                format!("{tag}|{keyword}")
            };
            *sig_counts.entry(sig).or_insert(0) += 1;
        }
        if let Some(&max_count) = class_counts.values().max() {
            if max_count >= 3 {
                parents_with_repeats += 1;
                max_repeated_class = max_repeated_class.max(max_count);
            }
        }
        if let Some(&top) = sig_counts.values().max() {
            if top >= 3 {
                dom_parents_with_repeats += 1;
                dom_max_sig = dom_max_sig.max(top);
            }
        }
    }
    f[63] = max_repeated_class as f64;
    f[64] = parents_with_repeats as f64;

    // Price pattern count (reuse body_text_full from above)
    let body_text_str = &body_text_full;
    let price_count = price_sign_count(body_text_str);
    f[65] = price_count as f64;

    // Image-to-text ratio (reuse img count from f[51])
    let img_count = f[51] as usize;
    f[66] = if body_text_len > 0 {
        img_count as f64 / (body_text_len as f64 / 1000.0)
    } else {
        0.0
    };

    // Heading hierarchy breadth ratio
    let mut heading_level_counts = [0u32; 6];
    for node in census.tags(&["h1", "h2", "h3", "h4", "h5", "h6"]) {
        let sel = Selection::from(*node);
        if let Some(name) = sel.nodes().first().and_then(|n| n.node_name()) {
            if let Some(level) = name.chars().nth(1).and_then(|c| c.to_digit(10)) {
                if level >= 1 && level <= 6 {
                    heading_level_counts[(level - 1) as usize] += 1;
                }
            }
        }
    }
    let max_same_level = heading_level_counts.iter().max().copied().unwrap_or(0);
    let n_levels_used = heading_level_counts.iter().filter(|&&c| c > 0).count();
    f[67] = if n_levels_used > 0 {
        max_same_level as f64 / n_levels_used as f64
    } else {
        0.0
    };

    // BreadcrumbList schema (check lowercased body text, computed once below)
    let body_lower = body_text_str.to_ascii_lowercase();
    f[68] = if body_lower.contains("breadcrumblist") {
        1.0
    } else {
        0.0
    };

    // Repeated link texts
    let repeated_link_texts = link_text_counts.values().filter(|&&c| c >= 3).count();
    f[69] = repeated_link_texts as f64;

    // f[70]: Section link density variance
    // Track link count and text length per section/article/div boundary.
    // Listings have uniform link density; articles vary.
    {
        let mut section_ratios: Vec<f64> = Vec::new();
        let mut current_links = 0u32;
        let mut current_text_len = 0u32;

        let stats = section_stats(doc);
        for node in census.tags(&["section", "article", "div"]) {
            // Flush previous section
            if current_text_len > 50 {
                section_ratios.push(current_links as f64 / current_text_len as f64 * 1000.0);
            }
            current_links = 0;
            current_text_len = 0;

            let (links, text_len) = stats.get(&node.id).copied().unwrap_or((0, 0));
            current_links = links;
            current_text_len = text_len as u32;
        }
        if current_text_len > 50 {
            section_ratios.push(current_links as f64 / current_text_len as f64 * 1000.0);
        }

        if section_ratios.len() >= 3 {
            let mean = section_ratios.iter().sum::<f64>() / section_ratios.len() as f64;
            let var = section_ratios
                .iter()
                .map(|&r| (r - mean).powi(2))
                .sum::<f64>()
                / section_ratios.len() as f64;
            f[70] = var;
        }
    }

    // Meta robots noindex
    f[71] = if census.has_meta("name", "robots", Some("noindex")) {
        1.0
    } else {
        0.0
    };

    // URL path depth
    let path_segments = path
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .count();
    f[72] = path_segments as f64;

    // === f[73..81]: DOM vocabulary features ===

    // f[73-74]: DOM subtree structure hashing (tag + semantic class keywords), counted
    // with f[63..65] above. Different from f[63-64] which uses raw class strings: these are
    // structural signatures ("div|item", "li|product", etc.).
    f[73] = dom_max_sig as f64;
    f[74] = dom_parents_with_repeats as f64;

    // Vocabulary densities: only the listed words are counted (binary search in their sorted
    // union) instead of a hash map of every word of the page.
    // (newsgraph fork: looked up in a hash map of the listed words, one probe per word of
    // the page instead of a binary search.)
    let mut vocab: HashMap<&str, u32> = HashMap::default();
    for word in [COMMERCIAL_WORDS, CONTENT_WORDS, TECH_WORDS, FORUM_WORDS].concat() {
        vocab.insert(word, 0);
    }
    // newsgraph fork: a word longer or shorter than every listed word is not looked up.
    let listed_lens = vocab.keys().map(|w| w.len());
    let (min_len, max_len) = (
        listed_lens.clone().min().unwrap_or(0),
        listed_lens.max().unwrap_or(0),
    );
    let mut total_words = 0usize;
    for_each_word(&body_lower, |word| {
        total_words += 1;
        if (min_len..=max_len).contains(&word.len()) {
            if let Some(count) = vocab.get_mut(word) {
                *count += 1;
            }
        }
    });
    if total_words > 0 {
        let density = |words: &[&str]| -> f64 {
            let sum: u32 = words
                .iter()
                .map(|w| vocab.get(w).copied().unwrap_or(0))
                .sum();
            sum as f64 / total_words as f64
        };
        f[75] = density(COMMERCIAL_WORDS);
        f[76] = density(CONTENT_WORDS);
        f[77] = density(TECH_WORDS);
        f[78] = density(FORUM_WORDS);
    }

    // f[79]: Max frequency of any single repeated link text
    // f[80]: Count of link texts appearing ≥3 times
    // These use link texts collected from <a> elements (same as f[69] collection
    // but f[79] is max() while f[69]/f[80] are count(≥3))
    let max_link_repeat = link_text_counts.values().max().copied().unwrap_or(0);
    f[79] = max_link_repeat as f64;
    f[80] = link_text_counts.values().filter(|&&c| c >= 3).count() as f64;

    // === f[81..89]: Collection-specific features ===

    // f[81]: og:type = product.group
    f[81] = if census.has_meta("property", "og:type", Some("product.group")) {
        1.0
    } else {
        0.0
    };

    // f[82]: Has filter sidebar
    f[82] = if census.any_class_pair("filter", &["sidebar", "panel", "bar", "menu"]) {
        1.0
    } else {
        0.0
    };

    // f[83]: Has sort control
    f[83] = if census.any_class_pair("sort", &["select", "dropdown", "control", "option"]) {
        1.0
    } else {
        0.0
    };

    // f[84]: Has product count text ("showing X results", "X items")
    f[84] = if PRODUCT_COUNT_RE.is_match(&body_lower) {
        1.0
    } else {
        0.0
    };

    // f[85]: Product cards with price (cards that have both product-class and price-class)
    let mut cards_with_price = 0u32;
    let card_classes = [
        "product-card",
        "product-tile",
        "product-item",
        "product-grid-item",
        "grid-item",
        "collection-item",
    ];
    let cards: Vec<&NodeRef> = census
        .classed
        .iter()
        .map(|&i| &census.elements[i])
        .filter(|(_, _, class)| card_classes.iter().any(|p| class.contains(p)))
        .map(|(n, _, _)| n)
        .collect();
    let total_cards = cards.len();
    for node in cards {
        let sel = Selection::from(*node);
        if sel
            .select("[class*='price'], [class*='cost'], [class*='amount']")
            .length()
            > 0
        {
            cards_with_price += 1;
        }
    }
    f[85] = cards_with_price as f64;

    // f[86]: Has CollectionPage schema
    f[86] = if body_lower.contains("collectionpage") || body_lower.contains("productcollection") {
        1.0
    } else {
        0.0
    };

    // f[87]: Total card count
    f[87] = total_cards as f64;

    // f[88]: Price-to-card ratio
    f[88] = if total_cards > 0 {
        cards_with_price as f64 / total_cards as f64
    } else {
        0.0
    };

    f
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn for_each_word_splits_as_split_whitespace(s in "(a|Z|é|€| |\t|\n|\u{b}|\u{c}|\r|\u{85}|\u{a0}|\u{3000}|\u{2028}|\u{200b}){0,30}") {
            let mut words = Vec::new();
            super::for_each_word(&s, |w| words.push(w.to_string()));
            let expected: Vec<String> = s.split_whitespace().map(str::to_string).collect();
            proptest::prop_assert_eq!(words, expected);
        }

        #[test]
        fn price_signs_are_counted_as_char_matches(s in "(\\$|€|£|¢|₤|₂|a|é|\u{a3}\u{20ac}){0,40}") {
            let by_chars = s.matches('$').count() + s.matches('€').count() + s.matches('£').count();
            proptest::prop_assert_eq!(super::price_sign_count(&s), by_chars);
        }
    }

    use super::*;

    #[test]
    fn any_class_pair_needs_both_parts_in_one_class() {
        let doc = Document::from(
            "<body><div class='filter'></div><p class='x menu'></p><i class='sort\nbar'></i>\
             <b class='sortfilter'></b><em class='sort-option'></em></body>",
        );
        let census = Census::new(&doc);
        assert!(!census.any_class_pair("filter", &["menu", "bar"]));
        assert!(census.any_class_pair("sort", &["bar"]));
        assert!(census.any_class_pair("sort", &["option"]));
        assert!(!census.any_class_pair("sort", &["select"]));
        assert!(census.any_class_pair("", &["menu"]));
    }

    #[test]
    fn count_class_counts_elements_once() {
        let doc = Document::from(
            "<body><div class='card card'></div><p class='x\ncard\ngrid'></p><i class=''></i>\
             <b class='col-2'>t</b><span class='columns'></span><em class='y'></em></body>",
        );
        let census = Census::new(&doc);
        let by_search = census
            .classes()
            .filter(|class| GRID_PARTS.parts.iter().any(|p| class.contains(p)))
            .count();
        assert_eq!(census.count_class(&GRID_PARTS), 4);
        assert_eq!(by_search, 4);
        assert_eq!(census.count_class(&ClassParts::new(&["zzz"])), 0);
        assert_eq!(census.count_class(&ClassParts::new(&["a\nb"])), 0);
    }

    #[test]
    fn under_body_matches_the_selector_list() {
        let doc = Document::from(
            "<html><head><title>t</title></head><body><div><p><span><b>x</b></span></p></div>\
             <ul><li>a</li><li>b <i>c</i></li></ul>text<section><article><h2>h</h2></article></section></body></html>",
        );
        let census = Census::new(&doc);
        let by_walk: Vec<_> = census.under_body(3).iter().map(|n| n.id).collect();
        let by_selector: Vec<_> = doc
            .select("body > *, body > * > *, body > * > * > *")
            .nodes()
            .iter()
            .map(|n| n.id)
            .collect();
        assert_eq!(by_walk, by_selector);
        assert_eq!(by_walk.len(), 10);
    }
}
