//! Content selector rules
//!
//! Port of `internal/selector/content.go`.
//! These rules identify the main content container on a web page.

use crate::page_type::ml::ClassParts;
use crate::selector::utils::{attr, class, contains, id, lower, starts_with, tag};
use crate::selector::Rule;
use dom_query::{NodeId, Selection};
use std::collections::HashSet;
use std::sync::LazyLock;

/// Content selector rules in priority order
/// First match wins - check in order
pub static CONTENT_RULES: &[Rule] = &[
    content_rule_1,
    content_rule_2,
    content_rule_3,
    content_rule_4,
    content_rule_5,
    content_rule_6,
];

/// Rule 1: Most specific article body markers
///
/// Matches: `itemprop="articleBody"`, `class*="post-content"`, `class*="article-body"`, etc.
/// Tags: article, div, main, section (and td for storybody class)
///
/// Go: contentRule1 (lines 55-109)
#[must_use]
pub fn content_rule_1(sel: &Selection) -> bool {
    // newsgraph fork (here and in rules 3 to 6): the tag filter runs before the attributes
    // are read, so the elements it turns away cost no attribute copies.
    let tag = tag(sel);

    // Special case: td elements with storybody class (common in BBC and other news sites)
    // These are table-based layouts where the main content is in a td.storybody element.
    if tag == "td" {
        return contains(&lower(&id(sel)), "storybody")
            || contains(&lower(&class(sel)), "storybody");
    }

    // Tag filter for non-td elements
    if !matches!(tag.as_str(), "article" | "div" | "main" | "section") {
        return false;
    }
    let id = id(sel);
    let class = class(sel);
    let item_prop = attr(sel, "itemprop");
    // newsgraph fork: class and id are lower-cased once, not once per pattern.
    let class_lower = lower(&class);
    let id_lower = lower(&id);

    // newsgraph fork: the upstream chain of one `contains` per pattern is one automaton pass
    // per attribute form (class, lower-cased class, id, lower-cased id); same patterns.
    class == "post"
        || class == "entry"
        || class == "only-content"
        || item_prop == "articleBody"
        || id == "articleContent"
        || id_lower == "contentbody"
        || RULE_1_CLASS.found_in(&class)
        || RULE_1_CLASS_LOWER.found_in(&class_lower)
        || RULE_1_ID.found_in(&id)
        || RULE_1_ID_LOWER.found_in(&id_lower)
}

/// Rule 1's parts of the class attribute as written (post, article, blog, CMS bodies).
static RULE_1_CLASS: ClassParts = ClassParts::new(&[
    "snippet-body",
    "post-text",
    "post_text",
    "post-body",
    "post-entry",
    "postentry",
    "post-content",
    "post_content",
    "post_inner_wrapper",
    "article-text",
    "entry-content",
    "article-content",
    "article__content",
    "article-body",
    "article__body",
    "ArticleContent",
    "page-content",
    "text-content",
    "body-text",
    "article__container",
    "art-content",
    "article_body",
    "va-bodytext",
    "blog-content",
    "blog_content",
    "blogInner__content",
    "blog-article-content",
    "blog-post-content",
    "blog_post_content",
    "blog-main-content",
    "wysiwyg",
    "blogPostBody",
    "blogPostContent",
    "postBody",
    "postContent",
    "mw-parser-output",
    "mw-content-text",
]);

/// Rule 1's parts of the lower-cased class attribute.
static RULE_1_CLASS_LOWER: ClassParts = ClassParts::new(&[
    "postcontent",
    "articletext",
    "articlebody",
    "storybody",
    "contentbody",
    "blogcontent",
]);

/// Rule 1's parts of the id attribute as written.
static RULE_1_ID: ClassParts = ClassParts::new(&[
    "entry-content",
    "article-content",
    "article__content",
    "article-body",
    "article__body",
    "body-text",
    "art-content",
    "article_body",
    "va-bodytext",
    "mw-content-text",
    "bodyContent",
]);

/// Rule 1's parts of the lower-cased id attribute.
static RULE_1_ID_LOWER: ClassParts = ClassParts::new(&["articlebody", "storybody"]);

/// Rule 2: Article/Story tag
///
/// Matches `<article>` and `<story>` elements (story is used by some news sites)
///
/// Go: contentRule2 (lines 111-114) - extended to include story tag
#[must_use]
pub fn content_rule_2(sel: &Selection) -> bool {
    let t = tag(sel);
    t == "article" || t == "story"
}

/// Rule 3: Story content markers
///
/// Matches: `class*="story-content"`, `role="article"`, `class="story"`, etc.
/// Tags: article, div, main, section
///
/// Go: contentRule3 (lines 116-171)
#[must_use]
pub fn content_rule_3(sel: &Selection) -> bool {
    let tag = tag(sel);

    // Tag filter
    if !matches!(tag.as_str(), "article" | "div" | "main" | "section") {
        return false;
    }
    let id = id(sel);
    let class = class(sel);
    let role = attr(sel, "role");

    // Pattern matching
    contains(&class, "post-bodycopy")
        || contains(&class, "storycontent")
        || contains(&class, "story-content")
        || class == "postarea"
        || class == "art-postcontent"
        || contains(&class, "theme-content")
        || contains(&class, "blog-content")
        || contains(&class, "section-content")
        || contains(&class, "single-content")
        || contains(&class, "single-post")
        || contains(&class, "main-column")
        || contains(&class, "wpb_text_column")
        || starts_with(&id, "primary")
        || starts_with(&class, "article")
        || class == "text"
        || id == "article"
        || class == "cell"
        || id == "story"
        || class == "story"
        || contains(&class, "story-body")
        || contains(&id, "story-body")
        || contains(&class, "field-body")
        || contains(&lower(&class), "fulltext")
        || role == "article"
}

/// Rule 4: Generic content markers
///
/// Matches: `id="content"`, `class="content"`, `class*="main-content"`, etc.
/// Tags: article, div, main, section
///
/// Go: contentRule4 (lines 173-208)
#[must_use]
pub fn content_rule_4(sel: &Selection) -> bool {
    let tag = tag(sel);

    // Tag filter
    if !matches!(tag.as_str(), "article" | "div" | "main" | "section") {
        return false;
    }
    let id = id(sel);
    let class = class(sel);

    // Pattern matching
    contains(&id, "content-main")
        || contains(&class, "content-main")
        || contains(&class, "content_main")
        || contains(&id, "content-body")
        || contains(&class, "content-body")
        || contains(&id, "contentBody")
        || contains(&class, "content__body")
        || contains(&lower(&id), "main-content")
        || contains(&lower(&class), "main-content")
        || contains(&lower(&class), "page-content")
        || lower(&id) == "content"
        || lower(&class) == "content"
}

/// Rule 5: Main element and main markers
///
/// Matches: `<main>`, `class^="main"`, `id^="main"`, `role^="main"`
/// Tags: article, div, section, main
///
/// Go: contentRule5 (lines 210-234)
#[must_use]
pub fn content_rule_5(sel: &Selection) -> bool {
    let tag = tag(sel);

    // <main> always matches
    if tag == "main" {
        return true;
    }

    // Tag filter for other elements
    if !matches!(tag.as_str(), "article" | "div" | "section") {
        return false;
    }
    let id = id(sel);
    let class = class(sel);
    let role = attr(sel, "role");

    // Pattern matching
    starts_with(&class, "main") || starts_with(&id, "main") || starts_with(&role, "main")
}

/// Rule 6: Generic IDs/classes containing "content" (low priority fallback)
///
/// Matches: IDs or classes that contain "content" as a substring, excluding
/// obvious boilerplate patterns. Used for legacy table-based layouts that
/// have IDs like `centercontentnarrow`, `rightcontent`, etc.
///
/// This is a low-priority fallback to catch content containers that don't
/// match the more specific patterns in rules 1-5.
#[must_use]
pub fn content_rule_6(sel: &Selection) -> bool {
    let tag_name = tag(sel);

    // Tag filter - only divs and sections
    if !matches!(tag_name.as_str(), "div" | "section" | "td") {
        return false;
    }
    let id_val = id(sel);
    let class_val = class(sel);
    let id_lower = lower(&id_val);
    let class_lower = lower(&class_val);

    // Must contain "content" in ID or class
    if !id_lower.contains("content") && !class_lower.contains("content") {
        return false;
    }

    // Exclude obvious boilerplate patterns
    // Extended for modern web (2025+) with complex navigation structures
    let boilerplate_patterns = [
        "footer",
        "header",
        "sidebar",
        "comment",
        "share",
        "social",
        "related",
        "nav",
        "menu",
        "ad",
        "promo",
        "widget",
        "meta",
        // Note: Removed "right" and "left" - too broad, catches legitimate
        // column layouts like "col-9-left", "col_left", "content-left"
        // Modern web patterns (added for 2025+ sites)
        "dropdown",
        "popup",
        "modal",
        "banner",
        "cookie",
        "newsletter",
        "subscribe",
        "signup",
        "login",
        "signin",
        "cta", // Call-to-action
        "ddcards",
        "cards", // Navigation card patterns (like ct-ddCards)
        "featured",
        "trending",
        "popular",
        "recommended",
        "toolbar",
        "topbar",
        "bottombar",
    ];

    for pattern in boilerplate_patterns {
        if id_lower.contains(pattern) || class_lower.contains(pattern) {
            return false;
        }
    }

    true
}

/// Minimum text length for a content container to be considered valid.
/// If a matched element has less text than this, we try its parent.
/// Set to 1000 to better distinguish navigation menus from actual article content.
/// (Tested with 500/750 but 1000 gave best overall F1)
const MIN_CONTENT_TEXT_LEN: usize = 1000;

/// Class patterns that indicate boilerplate containers.
/// These are used with word-boundary matching to avoid false positives
/// (e.g., "js-modal-gallery" should NOT match as a modal popup).
const BOILERPLATE_CLASS_PATTERNS: &[&str] = &[
    "mega-menu",
    "navigation",
    "navbar",
    "toolbar",
    "accordion",
    "popup",
    "overlay",
    // Listing/related patterns - indicate related/recent article lists, not main content
    "listing",
    "latest",
    "recent",
    "related",
    // Hero section patterns - intro/header sections, not main content
    "hero",
];

/// Sidebar patterns that need position-aware matching.
/// "sidebar" should only match when it's at the START or immediately after a position word
/// (like "left-sidebar", "right-sidebar"), NOT when it's at the end of a long namespace
/// prefix (like "newspaper-x-sidebar" which is a theme class, not an actual sidebar).
const SIDEBAR_POSITION_WORDS: &[&str] =
    &["left", "right", "primary", "secondary", "main", "widget"];

/// Check if a class string contains a boilerplate pattern with word boundaries.
/// Uses simple heuristic: pattern must be at start/end or surrounded by non-alphanumeric chars.
/// Optimized to avoid string allocations in hot path.
fn class_contains_boilerplate(class_str: &str) -> bool {
    // The class is lower-cased once here for all the checks below (upstream lower-cased it
    // again in each check, for every pattern).
    let class_str = &class_str.to_lowercase();
    // Simple word-boundary patterns (pattern at word boundary). newsgraph fork: every
    // occurrence of every pattern comes from one Aho-Corasick pass (upstream searched the
    // class once per pattern); the boundary check is `has_word_boundary_match`'s.
    match boilerplate_class_matcher() {
        Some(matcher) => {
            let bytes = class_str.as_bytes();
            let bounded = |start: usize, end: usize| {
                (start == 0 || is_separator(bytes[start - 1]))
                    && (end >= bytes.len() || is_separator(bytes[end]))
            };
            if matcher
                .find_overlapping_iter(class_str)
                .any(|m| bounded(m.start(), m.end()))
            {
                return true;
            }
        }
        None => {
            for pattern in BOILERPLATE_CLASS_PATTERNS {
                if has_word_boundary_match(class_str, pattern) {
                    return true;
                }
            }
        }
    }

    // Special handling for patterns that need exact word matching
    // to avoid matching "js-modal-gallery" for "modal"
    static EXACT_WORD_PATTERNS: &[&str] = &["menu", "nav", "modal", "footer", "header", "banner"];
    for pattern in EXACT_WORD_PATTERNS {
        if has_exact_word_match(class_str, pattern) {
            return true;
        }
    }

    // Sidebar-specific matching: avoid false positives like "newspaper-x-sidebar"
    has_sidebar_match(class_str)
}

/// [`BOILERPLATE_CLASS_PATTERNS`] as one automaton reporting every occurrence.
fn boilerplate_class_matcher() -> Option<&'static aho_corasick::AhoCorasick> {
    static MATCHER: LazyLock<Option<aho_corasick::AhoCorasick>> =
        LazyLock::new(|| aho_corasick::AhoCorasick::new(BOILERPLATE_CLASS_PATTERNS).ok());
    MATCHER.as_ref()
}

/// Check if class contains pattern with word boundaries.
/// `class_lower` is the lower-cased class attribute.
#[inline]
fn has_word_boundary_match(class_lower: &str, pattern: &str) -> bool {
    let class_bytes = class_lower.as_bytes();
    let pattern_len = pattern.len();

    // Exact match
    if class_lower == pattern {
        return true;
    }

    // Find all occurrences and check boundaries
    let mut start = 0;
    while let Some(pos) = class_lower[start..].find(pattern) {
        let abs_pos = start + pos;
        let end_pos = abs_pos + pattern_len;

        // Check left boundary (start of string or separator)
        let left_ok = abs_pos == 0 || is_separator(class_bytes[abs_pos - 1]);

        // Check right boundary (end of string or separator)
        let right_ok = end_pos >= class_bytes.len() || is_separator(class_bytes[end_pos]);

        if left_ok && right_ok {
            return true;
        }

        start = abs_pos + 1;
        if start >= class_lower.len() {
            break;
        }
    }
    false
}

/// Check if byte is a word separator.
#[inline]
fn is_separator(b: u8) -> bool {
    matches!(b, b' ' | b'-' | b'_' | b'.')
}

/// Check for exact word match, excluding js- prefixed patterns.
/// `class_lower` is the lower-cased class attribute.
#[inline]
fn has_exact_word_match(class_lower: &str, pattern: &str) -> bool {
    // Split into words and check each
    for word in class_lower.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '_') {
        if word.is_empty() {
            continue;
        }

        // Match if word equals pattern or starts with pattern- or pattern_
        let matches = word == pattern
            || (word.len() > pattern.len()
                && word.starts_with(pattern)
                && matches!(word.as_bytes().get(pattern.len()), Some(b'-') | Some(b'_')));

        if matches {
            // Skip js- prefixed classes (check without allocation)
            if !has_js_prefix(&class_lower, pattern) {
                return true;
            }
        }
    }
    false
}

/// Check if pattern is js-prefixed in the class string.
/// Checks for js-{pattern} or js_{pattern} anywhere in the string.
#[inline]
fn has_js_prefix(class_lower: &str, pattern: &str) -> bool {
    // Check all occurrences of js- and js_ prefixes
    for prefix in ["js-", "js_"] {
        let mut search_start = 0;
        while let Some(pos) = class_lower[search_start..].find(prefix) {
            let abs_pos = search_start + pos;
            let after_prefix = &class_lower[abs_pos + 3..];
            if after_prefix.starts_with(pattern) {
                // Verify pattern is followed by word boundary or end
                let pattern_end = pattern.len();
                if pattern_end >= after_prefix.len()
                    || !after_prefix.as_bytes()[pattern_end].is_ascii_alphanumeric()
                {
                    return true;
                }
            }
            search_start = abs_pos + 1;
            if search_start >= class_lower.len() {
                break;
            }
        }
    }
    false
}

/// Check for sidebar with position-aware matching.
/// `class_lower` is the lower-cased class attribute.
#[inline]
fn has_sidebar_match(class_lower: &str) -> bool {
    for class_part in class_lower.split_whitespace() {
        let tokens: Vec<&str> = class_part.split(['-', '_']).collect();

        for (i, token) in tokens.iter().enumerate() {
            if *token == "sidebar" {
                // Match if first token or preceded by position word
                if tokens.len() == 1 || i == 0 {
                    return true;
                }
                if i > 0 && SIDEBAR_POSITION_WORDS.contains(&tokens[i - 1]) {
                    return true;
                }
            }
        }
    }

    false
}

/// Cache of boilerplate element NodeIds for O(1) ancestor lookup.
/// Precomputed once per document to avoid repeated DOM traversals.
struct BoilerplateCache {
    /// NodeIds of all boilerplate elements (header, nav, aside, footer, boilerplate-classed)
    boilerplate_ids: HashSet<NodeId>,
}

impl BoilerplateCache {
    /// Build the boilerplate cache by scanning the document once.
    /// EPIC-05: Combined selectors - 4 tree scans → 1 tree scan
    ///
    /// newsgraph fork: reads the subtree's element list (`root.select("*")`, which
    /// [`find_content`] reads anyway) instead of two more selector walks
    /// (`header, nav, aside, footer` and `[class]`).
    fn new(elements: &Selection) -> Self {
        let mut boilerplate_ids = HashSet::new();
        for node in elements.nodes() {
            let structural = node
                .node_name()
                .is_some_and(|name| matches!(&*name, "header" | "nav" | "aside" | "footer"));
            if structural
                || node
                    .attr("class")
                    .is_some_and(|class| class_contains_boilerplate(&class))
            {
                boilerplate_ids.insert(node.id);
            }
        }
        Self { boilerplate_ids }
    }

    /// Check if an element has a boilerplate ancestor.
    /// O(depth) with O(1) lookups instead of O(depth × patterns).
    fn is_inside_boilerplate(&self, element: &Selection) -> bool {
        use crate::dom;

        let mut current = element.parent();
        while current.length() > 0 {
            // O(1) HashSet lookup instead of pattern matching
            if let Some(node) = current.nodes().first() {
                if self.boilerplate_ids.contains(&node.id) {
                    return true;
                }
            }

            // Stop at body/html
            if let Some(tag) = dom::tag_name(&current) {
                if tag == "body" || tag == "html" {
                    break;
                }
            }

            current = current.parent();
        }
        false
    }
}

/// `[class*=…]` parts that mark a sidebar, sharing, author, TOC or related box below a
/// candidate (see [`contains_boilerplate_child`]).
const BOILERPLATE_CHILD_CLASS_PARTS: &[&str] = &[
    "sidebar", "social", "share-", "-share", "author-", "sticky-", "toc-", "-toc", "related-",
    "widget",
];

/// `[class*=…]` parts that mark a more specific content element below a candidate (with
/// `[itemprop='articleBody']`; see [`has_nested_content_element`]).
const NESTED_CONTENT_CLASS_PARTS: &[&str] = &[
    "content_main",
    "content-main",
    "article-content",
    "article_content",
    "post-content",
    "post_content",
    "story-content",
    "blogInner__content",
    "blog-content",
    "blog_content",
    "blogContent",
    "entry-content",
];

/// What [`find_content`] asks about a candidate's subtree: its `<article>` elements, its
/// elements marked as content, and whether it holds a boilerplate box.
///
/// newsgraph fork: read in one walk over the subtree instead of up to four selector walks
/// (`article`; the nested-content selector list; `aside, nav`; the boilerplate-class list),
/// each list in document order as the selectors give it.
struct Subtree<'a> {
    articles: Vec<dom_query::NodeRef<'a>>,
    content_marked: Vec<dom_query::NodeRef<'a>>,
    boilerplate_child: bool,
}

impl<'a> Subtree<'a> {
    fn of(element: &Selection<'a>) -> Self {
        let nodes = element.nodes();
        let [root] = nodes else {
            return Self::by_selectors(element);
        };
        let mut subtree = Self {
            articles: Vec::new(),
            content_marked: Vec::new(),
            boilerplate_child: false,
        };
        for node in root.descendants() {
            if !node.is_element() {
                continue;
            }
            match node.node_name().as_deref() {
                Some("article") => subtree.articles.push(node),
                Some("aside" | "nav") => subtree.boilerplate_child = true,
                _ => {}
            }
            let class = node.attr("class");
            let class = class.as_deref().unwrap_or("");
            if BOILERPLATE_CHILD_CLASS_PARTS
                .iter()
                .any(|p| class.contains(p))
            {
                subtree.boilerplate_child = true;
            }
            if NESTED_CONTENT_CLASS_PARTS.iter().any(|p| class.contains(p))
                || node.attr("itemprop").is_some_and(|v| &*v == "articleBody")
            {
                subtree.content_marked.push(node);
            }
        }
        subtree
    }

    /// The same facts by the selectors, for a selection of several elements.
    fn by_selectors(element: &Selection<'a>) -> Self {
        let class_list = |parts: &[&str]| {
            parts
                .iter()
                .map(|p| format!("[class*='{p}']"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let content = format!(
            "{}, [itemprop='articleBody']",
            class_list(NESTED_CONTENT_CLASS_PARTS)
        );
        Self {
            articles: element.select("article").nodes().to_vec(),
            content_marked: element.select(&content).nodes().to_vec(),
            boilerplate_child: element.select("aside, nav").length() > 0
                || element
                    .select(&class_list(BOILERPLATE_CHILD_CLASS_PARTS))
                    .length()
                    > 0,
        }
    }
}

/// Check if an element contains sidebar/navigation children that suggest it's a wrapper.
/// Elements that wrap both content and sidebar should be skipped in favor of inner content:
/// an `<aside>` or `<nav>`, or a class holding one of [`BOILERPLATE_CHILD_CLASS_PARTS`].
fn contains_boilerplate_child(subtree: &Subtree) -> bool {
    subtree.boilerplate_child
}

/// Minimum text length for a nested content element to be considered substantial.
/// Prevents false positives from image captions, metadata blocks, etc.
/// This MUST match MIN_CONTENT_TEXT_LEN to avoid situations where we skip a wrapper
/// in favor of nested elements that ultimately don't pass the content threshold.
const MIN_NESTED_CONTENT_LEN: usize = MIN_CONTENT_TEXT_LEN;

/// Check if an element has nested content elements that might be more specific.
/// Used to determine if we should skip a wrapper in favor of inner content.
/// Only returns true if nested elements have substantial content (>=MIN_NESTED_CONTENT_LEN chars).
fn has_nested_content_element(subtree: &Subtree) -> bool {
    use crate::dom;

    // Look for nested article, main, or elements with content-indicating classes
    let nested_articles = &subtree.articles;
    if nested_articles.len() > 1 {
        // Check if any nested article has substantial content
        // (Skip wrapper only if there's meaningful content to fall back to)
        for node in nested_articles {
            let nested = dom_query::Selection::from(*node);
            let text = dom::text_content(&nested);
            if text.trim().len() >= MIN_NESTED_CONTENT_LEN {
                return true;
            }
        }
        // No nested article has substantial content, don't skip wrapper
        return false;
    }

    // Check for content-indicating class patterns in descendants
    // ([`NESTED_CONTENT_CLASS_PARTS`] and `[itemprop='articleBody']`); verify at least one
    // match has substantial content
    for node in &subtree.content_marked {
        let matched = dom_query::Selection::from(*node);
        let text = dom::text_content(&matched);
        if text.trim().len() >= MIN_NESTED_CONTENT_LEN {
            return true;
        }
    }

    false
}

/// Find content element using prioritized rules
///
/// Returns the first element matching any rule, checked in priority order.
/// This is the main entry point for content finding.
///
/// If a matched element has very little text content (e.g., a metadata-only
/// `itemprop="articleBody"` div), we check if its parent has more content
/// and use that instead.
///
/// Elements inside `<header>`, `<nav>`, or `<aside>` are skipped as they
/// typically contain navigation/boilerplate content.
///
/// Wrapper elements that contain both sidebar AND nested content are skipped
/// in favor of the more specific inner content element.
pub fn find_content<'a>(root: &Selection<'a>) -> Option<Selection<'a>> {
    use crate::dom;

    // The subtree's elements, read once for all rules; each rule filters them lazily in
    // document order (nothing here changes the tree, and the first usable match returns).
    let elements = root.select("*");

    // Precompute boilerplate element IDs once for O(1) ancestor lookups
    let boilerplate_cache = BoilerplateCache::new(&elements);
    // One selection per element for all rules (newsgraph fork: built once, not once per rule).
    let element_sels: Vec<Selection<'a>> = elements
        .nodes()
        .iter()
        .map(|n| Selection::from(*n))
        .collect();
    for rule in CONTENT_RULES {
        for element in &element_sels {
            if !rule(element) {
                continue;
            }
            // Skip elements inside header/nav/aside (O(1) lookup per ancestor)
            if boilerplate_cache.is_inside_boilerplate(element) {
                continue;
            }

            // Skip wrapper elements that contain more specific nested content elements.
            // These are layout wrappers (e.g., outer <div> wrapping sidebar + inner
            // <article class="content_main">).
            //
            // IMPORTANT: We are MORE CONSERVATIVE with <article> tags because they are
            // strong semantic signals. Many valid articles contain sidebars as children
            // but the article itself IS the content container.
            let element_tag = tag(element);
            let subtree = Subtree::of(element);
            let has_nested = has_nested_content_element(&subtree);

            // Only skip generic wrapper tags (div, section) that have boilerplate + nested content.
            // Don't skip <article> or <main> tags - they are semantic content containers.
            if matches!(element_tag.as_str(), "div" | "section") {
                let has_boilerplate = contains_boilerplate_child(&subtree);
                if has_boilerplate && has_nested {
                    continue;
                }
            }

            // Only skip an <article> if there's a MORE SPECIFIC nested <article> with
            // content-indicating classes (e.g., article.content_main inside plain article)
            if element_tag == "article" && class(element).is_empty() && has_nested {
                let nested_specific = element.select("article[class*='content_main'], article[class*='content-main'], article[class*='article-body'], article[class*='article-content'], article[class*='entry-content'], article[class*='post-content']");
                if nested_specific.length() > 0 {
                    continue;
                }
            }

            // Check if this element has enough content
            let text = dom::text_content(element);
            let text_len = text.trim().len();

            // If the matched element has minimal content, it might be a metadata
            // container (e.g., itemprop="articleBody" with just meta tags).
            // In this case, try the parent element which may contain the actual content.
            if text_len < MIN_CONTENT_TEXT_LEN {
                let parent = element.parent();
                if parent.length() > 0 {
                    // Skip if parent is also in boilerplate
                    if boilerplate_cache.is_inside_boilerplate(&parent) {
                        continue;
                    }

                    let parent_text = dom::text_content(&parent);
                    let parent_text_len = parent_text.trim().len();

                    // Use parent if it has significantly more content
                    if parent_text_len > text_len * 2 && parent_text_len >= MIN_CONTENT_TEXT_LEN {
                        return Some(parent);
                    }
                }
                // Continue searching if not enough content
                continue;
            }

            return Some(element.clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom;

    #[test]
    fn test_content_rule_1_article_body() {
        let doc = dom::parse(r#"<div itemprop="articleBody">content</div>"#);
        let div = doc.select("div");
        assert!(content_rule_1(&div));
    }

    #[test]
    fn test_content_rule_1_post_content() {
        let doc = dom::parse(r#"<section class="post-content">content</section>"#);
        let section = doc.select("section");
        assert!(content_rule_1(&section));
    }

    #[test]
    fn test_content_rule_1_wrong_tag() {
        let doc = dom::parse(r#"<span class="post-content">content</span>"#);
        let span = doc.select("span");
        assert!(!content_rule_1(&span)); // span not in allowed tags
    }

    #[test]
    fn test_content_rule_2_article() {
        let doc = dom::parse("<article>content</article>");
        let article = doc.select("article");
        assert!(content_rule_2(&article));
    }

    #[test]
    fn test_content_rule_3_story_content() {
        let doc = dom::parse(r#"<div class="story-content">content</div>"#);
        let div = doc.select("div");
        assert!(content_rule_3(&div));
    }

    #[test]
    fn test_content_rule_3_role_article() {
        let doc = dom::parse(r#"<section role="article">content</section>"#);
        let section = doc.select("section");
        assert!(content_rule_3(&section));
    }

    #[test]
    fn test_content_rule_4_id_content() {
        let doc = dom::parse(r#"<div id="content">content</div>"#);
        let div = doc.select("div");
        assert!(content_rule_4(&div));
    }

    #[test]
    fn test_content_rule_4_main_content() {
        let doc = dom::parse(r#"<div class="main-content">content</div>"#);
        let div = doc.select("div");
        assert!(content_rule_4(&div));
    }

    #[test]
    fn test_content_rule_5_main_tag() {
        let doc = dom::parse("<main>content</main>");
        let main = doc.select("main");
        assert!(content_rule_5(&main));
    }

    #[test]
    fn test_content_rule_5_main_class() {
        let doc = dom::parse(r#"<div class="main-wrapper">content</div>"#);
        let div = doc.select("div");
        assert!(content_rule_5(&div));
    }

    #[test]
    fn test_find_content_priority_order() {
        // Rule 1 should match before Rule 2
        // Generate enough content to pass MIN_CONTENT_TEXT_LEN (1000 chars)
        let long_content = "This is substantial article content. ".repeat(50);
        let doc = dom::parse(&format!(
            r#"
            <div>
                <article>generic article with short text</article>
                <div class="post-content">{long_content}</div>
            </div>
        "#
        ));
        let root = doc.select("div").first();

        let content = find_content(&root).unwrap();
        // Should find post-content (Rule 1) not article (Rule 2)
        assert!(class(&content).contains("post-content"));
    }

    #[test]
    fn test_find_content_fallback() {
        // Only Rule 5 should match
        // Generate enough content to pass MIN_CONTENT_TEXT_LEN (1000 chars)
        let long_content =
            "This is the main content of the page with substantial text. ".repeat(30);
        let doc = dom::parse(&format!(
            r#"
            <div>
                <main>{long_content}</main>
            </div>
        "#
        ));
        let root = doc.select("div").first();

        let content = find_content(&root).unwrap();
        assert_eq!(tag(&content), "main");
    }

    #[test]
    fn test_find_content_skips_header() {
        // Content inside header should be skipped
        let long_content = "This is substantial article content that should be found. ".repeat(30);
        let doc = dom::parse(&format!(
            r#"
            <div>
                <header>
                    <div class="post-content">Navigation content in header</div>
                </header>
                <article class="post-content">{long_content}</article>
            </div>
        "#
        ));
        let root = doc.select("div").first();

        let content = find_content(&root);
        assert!(content.is_some());
        // Should find the article, not the header content
        let found = content.unwrap();
        assert_eq!(tag(&found), "article");
    }

    #[test]
    fn test_find_content_skips_nav() {
        // Content inside nav should be skipped
        let long_content =
            "This is the main article content with substantial text to extract. ".repeat(25);
        let doc = dom::parse(&format!(
            r#"
            <div>
                <nav>
                    <div class="content">Navigation links</div>
                </nav>
                <main>{long_content}</main>
            </div>
        "#
        ));
        let root = doc.select("div").first();

        let content = find_content(&root);
        assert!(content.is_some());
        // Should find main, not nav content
        let found = content.unwrap();
        assert_eq!(tag(&found), "main");
    }

    #[test]
    fn test_find_content_skips_wrapper_with_sidebar() {
        // Outer article wrapping sidebar + inner article should prefer inner article
        // This is the NIH pattern: outer <article> contains sidebar, inner <article class="content_main"> has content
        let long_content =
            "This is the main article content from the inner content container. ".repeat(25);
        let sidebar_content = "Sidebar navigation links and menu items. ".repeat(10);
        let doc = dom::parse(&format!(
            r#"
            <body>
                <article>
                    <div class="sidebar">{sidebar_content}</div>
                    <article class="content_main">{long_content}</article>
                </article>
            </body>
        "#
        ));
        let root = doc.select("body");

        let content = find_content(&root);
        assert!(content.is_some());
        // Should find the inner article with content_main class, not the outer wrapper
        let found = content.unwrap();
        assert!(
            class(&found).contains("content_main"),
            "Should find inner article with content_main class"
        );
    }
}
