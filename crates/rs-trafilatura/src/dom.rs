//! DOM Operations Adapter
//!
//! Provides go-shiori/dom-style operations using the `dom_query` crate.
//! This adapter layer offers familiar function names that map to dom_query,
//! establishing a consistent DOM manipulation API matching go-trafilatura's expectations.

// Re-export core types for external use
pub use dom_query::{Document, Selection};

// Re-export StrTendril for external use (EPIC-04)
pub use tendril::StrTendril;

// === Attribute Operations ===

/// Get element ID attribute
///
/// Go equivalent: `dom.ID(n)`
#[inline]
#[must_use]
pub fn id(sel: &Selection) -> Option<String> {
    sel.attr("id").map(|s| String::from(&*s))
}

/// Get element class attribute
///
/// Go equivalent: `dom.ClassName(n)`
#[inline]
#[must_use]
pub fn class_name(sel: &Selection) -> Option<String> {
    sel.attr("class").map(|s| String::from(&*s))
}

/// Get any attribute value
///
/// Go equivalent: `dom.GetAttribute(n, "name")`
#[inline]
#[must_use]
pub fn get_attribute(sel: &Selection, name: &str) -> Option<String> {
    sel.attr(name).map(|s| String::from(&*s))
}

/// Set an attribute value
///
/// Go equivalent: `dom.SetAttribute(n, "name", "value")`
#[inline]
pub fn set_attribute(sel: &Selection, name: &str, value: &str) {
    sel.set_attr(name, value);
}

/// Check if attribute exists
///
/// Go equivalent: `dom.HasAttribute(n, "name")`
#[inline]
#[must_use]
pub fn has_attribute(sel: &Selection, name: &str) -> bool {
    sel.has_attr(name)
}

/// Remove an attribute
///
/// Go equivalent: `dom.RemoveAttribute(n, "name")`
#[inline]
pub fn remove_attribute(sel: &Selection, name: &str) {
    sel.remove_attr(name);
}

// === Tag/Node Information ===

/// Get tag name (lowercase)
///
/// Go equivalent: `dom.TagName(n)`
///
/// newsgraph fork: here and in the attribute getters above, the tendril is copied with
/// `String::from` instead of `to_string`, which formats it through `Display`.
#[must_use]
pub fn tag_name(sel: &Selection) -> Option<String> {
    sel.nodes()
        .first()
        .and_then(dom_query::NodeRef::node_name)
        .map(|t| String::from(&*t))
}

// === Text Content ===

// EPIC-04: Using StrTendril for zero-copy text operations
// StrTendril is reference-counted, so cloning is O(1)
// It implements Deref<Target=str>, so most operations work without conversion

/// Get all text content of node and descendants
///
/// Returns `StrTendril` for zero-copy passing. Use `.to_string()` only when
/// you need owned storage.
///
/// Go equivalent: `dom.TextContent(n)`
#[inline]
#[must_use]
pub fn text_content(sel: &Selection) -> StrTendril {
    sel.text()
}

/// Get inner HTML content
///
/// Returns `StrTendril` for zero-copy passing. Use `.to_string()` only when
/// you need owned storage.
///
/// Go equivalent: `dom.InnerHTML(n)`
#[inline]
#[must_use]
pub fn inner_html(sel: &Selection) -> StrTendril {
    sel.inner_html()
}

/// Get outer HTML content
///
/// Returns `StrTendril` for zero-copy passing. Use `.to_string()` only when
/// you need owned storage.
///
/// Go equivalent: `dom.OuterHTML(n)`
#[inline]
#[must_use]
pub fn outer_html(sel: &Selection) -> StrTendril {
    sel.html()
}

// === Tree Navigation ===

/// Get parent element
///
/// Go equivalent: `n.Parent`
#[inline]
#[must_use]
pub fn parent<'a>(sel: &Selection<'a>) -> Selection<'a> {
    sel.parent()
}

/// Get direct element children
///
/// Go equivalent: `dom.Children(n)`
#[inline]
#[must_use]
pub fn children<'a>(sel: &Selection<'a>) -> Selection<'a> {
    sel.children()
}

/// Get next sibling
///
/// Go equivalent: `n.NextSibling`
#[inline]
#[must_use]
pub fn next_sibling<'a>(sel: &Selection<'a>) -> Selection<'a> {
    sel.next_sibling()
}

/// Get previous sibling
///
/// Go equivalent: `n.PrevSibling`
#[inline]
#[must_use]
pub fn prev_sibling<'a>(sel: &Selection<'a>) -> Selection<'a> {
    sel.prev_sibling()
}

/// Get next element sibling (skipping text nodes)
///
/// Go equivalent: `dom.NextElementSibling(node)`
#[must_use]
pub fn next_element_sibling<'a>(sel: &Selection<'a>) -> Option<Selection<'a>> {
    sel.nodes().first().and_then(|node| {
        let mut sibling = node.next_sibling();
        while let Some(s) = sibling {
            if s.is_element() {
                return Some(Selection::from(s));
            }
            sibling = s.next_sibling();
        }
        None
    })
}

/// Get previous element sibling (skipping text nodes)
///
/// Go equivalent: `dom.PreviousElementSibling(node)`
#[must_use]
pub fn previous_element_sibling<'a>(sel: &Selection<'a>) -> Option<Selection<'a>> {
    sel.nodes().first().and_then(|node| {
        let mut sibling = node.prev_sibling();
        while let Some(s) = sibling {
            if s.is_element() {
                return Some(Selection::from(s));
            }
            sibling = s.prev_sibling();
        }
        None
    })
}

// === Querying ===

/// Query single element by CSS selector
///
/// Go equivalent: `dom.QuerySelector(n, selector)`
#[inline]
#[must_use]
pub fn query_selector<'a>(sel: &Selection<'a>, selector: &str) -> Selection<'a> {
    sel.select_single(selector)
}

/// Query all elements by CSS selector
///
/// Go equivalent: `dom.QuerySelectorAll(n, selector)`
#[inline]
#[must_use]
pub fn query_selector_all<'a>(sel: &Selection<'a>, selector: &str) -> Selection<'a> {
    sel.select(selector)
}

/// Get elements by tag name
///
/// Go equivalent: `dom.GetElementsByTagName(n, tag)`
#[inline]
#[must_use]
pub fn get_elements_by_tag_name<'a>(sel: &Selection<'a>, tag: &str) -> Selection<'a> {
    sel.select(tag)
}

// === Tree Manipulation ===

/// Remove elements from tree
///
/// Go equivalent: `parent.RemoveChild(child)` / `etree.Remove(element)`
#[inline]
pub fn remove(sel: &Selection) {
    sel.remove();
}

/// Remove elements but keep their children (unwrap)
///
/// Go equivalent: `etree.StripTags(tree, tags...)`
#[inline]
pub fn strip_tags(sel: &Selection, tags: &[&str]) {
    sel.strip_elements(tags);
}

/// The elements of `doc` whose tag name is `name` (lower case), in document order: what
/// `doc.select(name)` gives for a plain tag name, by a walk without selector matching
/// (newsgraph fork).
pub fn elements_named<'a>(doc: &'a Document, name: &str) -> Vec<dom_query::NodeRef<'a>> {
    named_below(doc.root(), name).collect()
}

/// [`elements_named`] as a selection: what `doc.select(name)` gives for a plain tag name
/// (newsgraph fork).
pub fn select_named<'a>(doc: &'a Document, name: &str) -> Selection<'a> {
    Selection::from(elements_named(doc, name))
}

/// The elements below `sel` named `name` (lower case): what `sel.select(name)` gives for a
/// plain tag name, by a walk without selector matching when `sel` holds one node (newsgraph
/// fork; the selector's own one-node path walks the same descendants in the same order).
pub fn descendants_named<'a>(sel: &Selection<'a>, name: &str) -> Selection<'a> {
    match sel.nodes() {
        [node] => Selection::from(named_below(*node, name).collect::<Vec<_>>()),
        _ => sel.select(name),
    }
}

/// The descendant elements of `node` named `name`, in document order.
fn named_below<'a, 'n>(
    node: dom_query::NodeRef<'a>,
    name: &'n str,
) -> impl Iterator<Item = dom_query::NodeRef<'a>> + use<'a, 'n> {
    node.descendants_it().filter(move |n| n.has_name(name))
}

/// Every element of `doc` in document order: what `doc.select("*")` gives, by a plain walk
/// (newsgraph fork).
pub fn all_elements(doc: &Document) -> Vec<dom_query::NodeRef<'_>> {
    doc.root()
        .descendants_it()
        .filter(dom_query::NodeRef::is_element)
        .collect()
}

/// Clone document
///
/// Go equivalent: `dom.Clone(n, true)`
///
/// newsgraph fork: copies the node arena instead of serialising the page and parsing it again.
pub fn clone_document(doc: &Document) -> Document {
    doc.clone()
}

/// `f` applied to a text node's contents, borrowed from the tree; nothing for other nodes.
///
/// newsgraph fork: what `f(&node.text())` gives for a text node, without copying the text
/// into a new tendril.
pub fn with_own_text<B>(node: &dom_query::NodeRef, f: impl FnOnce(&str) -> B) -> Option<B> {
    node.query(|n| match &n.data {
        dom_query::NodeData::Text { contents } => Some(f(contents)),
        _ => None,
    })
    .flatten()
}

/// Byte length of a node's text (its own and its descendants' text nodes).
///
/// newsgraph fork: what `node.text().len()` gives, without joining the text into a tendril.
pub fn text_len(node: &dom_query::NodeRef) -> usize {
    std::iter::once(*node)
        .chain(node.descendants_it())
        .filter_map(|n| with_own_text(&n, str::len))
        .sum()
}

/// Append HTML content
///
/// Go equivalent: `dom.AppendChild` equivalent
#[inline]
pub fn append_html(sel: &Selection, html: &str) {
    sel.append_html(html);
}

/// Set HTML content
///
/// Go equivalent: `dom.SetInnerHTML(n, html)`
#[inline]
pub fn set_inner_html(sel: &Selection, html: &str) {
    sel.set_html(html);
}

/// Replace element with HTML
///
/// Go equivalent: `dom.ReplaceChild` equivalent
#[inline]
pub fn replace_with_html(sel: &Selection, html: &str) {
    sel.replace_with_html(html);
}

/// Replace element with another element
///
/// The old element is removed and replaced with the new element's content.
///
/// Go equivalent: `dom.ReplaceChild` with element
#[inline]
pub fn replace_element(old: &Selection, new: &Document) {
    let new_sel = new.select("*");
    old.replace_with_selection(&new_sel);
}

/// Rename element tag
///
/// Go equivalent: `element.Data = "newTag"`
#[inline]
pub fn rename(sel: &Selection, new_tag: &str) {
    sel.rename(new_tag);
}

// === Element Utilities ===

/// Check if element is a void element (self-closing)
///
/// Void elements cannot have children and don't need closing tags.
#[must_use]
pub fn is_void_element(sel: &Selection) -> bool {
    const VOID_ELEMENTS: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];

    tag_name(sel).is_some_and(|t| VOID_ELEMENTS.contains(&t.as_str()))
}

/// Get all attributes as key-value pairs
///
/// Returns empty vector if node has no attributes or if selection is empty.
#[must_use]
pub fn get_all_attributes(sel: &Selection) -> Vec<(String, String)> {
    sel.nodes()
        .first()
        .map(|node| {
            node.attrs()
                .iter()
                .map(|attr| (attr.name.local.to_string(), attr.value.to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// Remove all HTML comment nodes from document
///
/// Note: `dom_query` doesn't directly expose comment nodes, so we can't easily remove them.
/// This is a no-op for now, but included for API compatibility.
pub fn remove_comments(_doc: &Document) {
    // TODO: `dom_query` doesn't provide direct comment node access
    // This would require iterating through all nodes and checking node type
    // For now, this is a no-op
}

// === Additional Utilities ===

/// Clone an element, optionally with all descendants.
///
/// Returns a new Document containing the cloned element.
/// Caller can then select from the returned document.
///
/// # Arguments
///
/// * `sel` - The selection to clone
/// * `deep` - If true, clone with all descendants; if false, clone just the element
#[must_use]
pub fn clone_element(sel: &Selection, deep: bool) -> Document {
    if deep {
        // Clone with all descendants - use outer_html to preserve everything
        let html = outer_html(sel);
        Document::from(html)
    } else {
        // Clone just the element (no children) - create new element with same tag and attributes
        let tag = tag_name(sel).unwrap_or_else(|| "div".to_string());
        let doc = Document::from(format!("<{tag}></{tag}>"));
        let new_el = doc.select(&tag);

        // Copy attributes
        for (k, v) in get_all_attributes(sel) {
            set_attribute(&new_el, &k, &v);
        }

        doc
    }
}

/// Append a child selection to a parent selection.
///
/// Note: This appends the HTML content of the child into the parent.
pub fn append_child(parent: &Selection, child: &Selection) {
    let child_html = outer_html(child);
    append_html(parent, &child_html);
}

/// Get all child nodes (including text nodes) of a selection.
///
/// This is equivalent to `children()` in the current implementation.
#[inline]
#[must_use]
pub fn child_nodes<'a>(sel: &Selection<'a>) -> Selection<'a> {
    children(sel)
}

/// Clear all attributes from a selection.
///
/// Go equivalent: `elem.Attr = nil` in html-processing.go
pub fn clear_all_attributes(sel: &Selection) {
    let attrs = get_all_attributes(sel);
    for (key, _) in attrs {
        remove_attribute(sel, &key);
    }
}

// === Parsing ===

/// Parse HTML string into document
///
/// Go equivalent: `dom.Parse(reader)`
#[inline]
#[must_use]
pub fn parse(html: &str) -> Document {
    Document::from(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_parse_and_select() {
        let doc = parse(r#"<div id="main" class="container">content</div>"#);
        let div = doc.select("div");

        assert_eq!(id(&div), Some("main".to_string()));
        assert_eq!(class_name(&div), Some("container".to_string()));
    }

    #[test]
    fn test_remove_elements() {
        let doc = parse(r#"<div><span class="ad">ad</span><p>content</p></div>"#);

        // Remove ads
        doc.select(".ad").remove();

        // Verify removed
        assert!(doc.select(".ad").is_empty());
        assert!(!doc.select("p").is_empty());
    }

    #[test]
    fn test_strip_tags_keep_content() {
        let doc = parse(r#"<div>before <b>bold</b> after</div>"#);
        let div = doc.select("div");

        // Strip <b> but keep "bold" text
        div.strip_elements(&["b"]);

        assert_eq!(text_content(&div), "before bold after".into());
        assert!(doc.select("b").is_empty());
    }

    #[test]
    fn test_iteration_and_removal() {
        let doc = parse(
            r#"
            <div>
                <p class="remove">1</p>
                <p class="keep">2</p>
                <p class="remove">3</p>
            </div>
        "#,
        );

        // Collect and remove
        doc.select("p.remove").remove();

        // Only "keep" remains
        assert_eq!(doc.select("p").length(), 1);
        assert!(doc.select("p.keep").exists());
    }

    #[test]
    fn test_attribute_modification() {
        let doc = parse(r#"<a href="/old" class="link">text</a>"#);
        let link = doc.select("a");

        set_attribute(&link, "href", "/new");
        remove_attribute(&link, "class");

        assert_eq!(get_attribute(&link, "href"), Some("/new".to_string()));
        assert!(!has_attribute(&link, "class"));
    }

    #[test]
    fn test_navigation() {
        let doc = parse(r#"<div><p>1</p><p>2</p><p>3</p></div>"#);
        let second_p = doc.select("p:nth-child(2)");

        assert!(prev_sibling(&second_p).exists());
        assert!(next_sibling(&second_p).exists());
        assert!(parent(&second_p).exists());
    }

    #[test]
    fn test_next_element_sibling() {
        let doc = parse(r#"<div><p id="first">First</p>  <span id="second">Second</span></div>"#);
        let p = doc.select("#first");

        let next = next_element_sibling(&p);
        assert!(next.is_some());
        assert_eq!(tag_name(&next.unwrap()), Some("span".to_string()));
    }

    #[test]
    fn test_next_element_sibling_none() {
        let doc = parse(r#"<div><p id="last">Last</p></div>"#);
        let p = doc.select("#last");

        let next = next_element_sibling(&p);
        assert!(next.is_none());
    }

    #[test]
    fn test_previous_element_sibling() {
        let doc = parse(r#"<div><span id="first">First</span>  <p id="second">Second</p></div>"#);
        let p = doc.select("#second");

        let prev = previous_element_sibling(&p);
        assert!(prev.is_some());
        assert_eq!(tag_name(&prev.unwrap()), Some("span".to_string()));
    }

    #[test]
    fn test_previous_element_sibling_none() {
        let doc = parse(r#"<div><p id="first">First</p></div>"#);
        let p = doc.select("#first");

        let prev = previous_element_sibling(&p);
        assert!(prev.is_none());
    }

    #[test]
    fn test_is_void_element() {
        let doc = parse(r#"<div><br><img src="x.jpg"><p>text</p></div>"#);

        assert!(is_void_element(&doc.select("br")));
        assert!(is_void_element(&doc.select("img")));
        assert!(!is_void_element(&doc.select("p")));
        assert!(!is_void_element(&doc.select("div")));
    }

    #[test]
    fn test_get_all_attributes() {
        let doc = parse(r##"<a href="http://example.com" class="link" title="Example">Link</a>"##);
        let a = doc.select("a");

        let attrs = get_all_attributes(&a);
        assert_eq!(attrs.len(), 3);

        // Check that all expected attributes are present
        assert!(attrs
            .iter()
            .any(|(k, v)| k == "href" && v == "http://example.com"));
        assert!(attrs.iter().any(|(k, v)| k == "class" && v == "link"));
        assert!(attrs.iter().any(|(k, v)| k == "title" && v == "Example"));
    }

    #[test]
    fn test_get_all_attributes_empty() {
        let doc = parse("<div>No attributes</div>");
        let div = doc.select("div");

        let attrs = get_all_attributes(&div);
        assert_eq!(attrs.len(), 0);
    }

    #[test]
    fn test_missing_attributes_return_none() {
        let doc = parse(r#"<div>no attributes</div>"#);
        let div = doc.select("div");

        assert_eq!(id(&div), None);
        assert_eq!(class_name(&div), None);
        assert_eq!(get_attribute(&div, "data-test"), None);
    }

    #[test]
    fn test_operations_on_empty_selection() {
        let doc = parse(r#"<div>content</div>"#);
        let empty = doc.select("span"); // No span elements

        // Operations on empty selections should be no-ops
        remove(&empty);
        set_attribute(&empty, "class", "test");
        remove_attribute(&empty, "id");

        // Should not panic or cause errors
        assert_eq!(text_content(&empty), "".into());
        assert!(inner_html(&empty).is_empty());
    }

    #[test]
    fn test_tag_name() {
        let doc = parse(r#"<article><section>content</section></article>"#);
        let article = doc.select("article");
        let section = doc.select("section");

        assert_eq!(tag_name(&article), Some("article".to_string()));
        assert_eq!(tag_name(&section), Some("section".to_string()));
    }

    #[test]
    fn test_text_and_html_content() {
        let doc = parse(r#"<div>text <span>nested</span> more</div>"#);
        let div = doc.select("div");

        assert_eq!(text_content(&div), "text nested more".into());
        assert!(inner_html(&div).contains("<span>"));
        assert!(outer_html(&div).contains("<div>"));
    }

    #[test]
    fn test_querying() {
        let doc = parse(
            r#"
            <div id="container">
                <p class="text">First</p>
                <p class="text">Second</p>
                <span>Third</span>
            </div>
        "#,
        );

        let container = doc.select("#container");

        // Query single
        let first_p = query_selector(&container, "p");
        assert_eq!(text_content(&first_p), "First".into());

        // Query all
        let all_p = query_selector_all(&container, "p");
        assert_eq!(all_p.length(), 2);

        // By tag name
        let spans = get_elements_by_tag_name(&container, "span");
        assert_eq!(spans.length(), 1);
    }

    #[test]
    fn test_children_navigation() {
        let doc = parse(r#"<ul><li>1</li><li>2</li><li>3</li></ul>"#);
        let ul = doc.select("ul");

        let child_list = children(&ul);
        assert_eq!(child_list.length(), 3);
    }

    #[test]
    fn test_append_and_set_html() {
        let doc = parse(r#"<div>original</div>"#);
        let div = doc.select("div");

        // Append
        append_html(&div, "<span>appended</span>");
        assert!(inner_html(&div).contains("appended"));

        // Set (replace)
        set_inner_html(&div, "<p>replaced</p>");
        assert!(inner_html(&div).contains("replaced"));
        assert!(!inner_html(&div).contains("original"));
    }

    #[test]
    fn test_replace_with_html() {
        let doc = parse(r#"<div><span id="old">old</span></div>"#);
        let span = doc.select("#old");

        replace_with_html(&span, r#"<strong id="new">new</strong>"#);

        assert!(doc.select("#old").is_empty());
        assert!(doc.select("#new").exists());
    }

    #[test]
    fn test_rename_element() {
        let doc = parse(r#"<div id="test">content</div>"#);
        let div = doc.select("#test");

        rename(&div, "section");

        // Check that it's now a section
        let section = doc.select("section#test");
        assert!(section.exists());
        assert!(doc.select("div#test").is_empty());
    }

    #[test]
    fn test_clone_document() {
        let doc = parse(r#"<div id="original">content</div>"#);
        let cloned = clone_document(&doc);

        // Both should have the same content
        assert_eq!(
            doc.select("#original").text(),
            cloned.select("#original").text()
        );

        // Modifying clone shouldn't affect original
        cloned.select("#original").set_attr("id", "cloned");
        assert_eq!(doc.select("#original").attr("id"), Some("original".into()));
        assert_eq!(cloned.select("#cloned").attr("id"), Some("cloned".into()));
    }
}

// === EPIC-04: StrTendril Verification Tests ===

#[cfg(test)]
mod strtendril_verification {
    use super::*;

    /// Story 0.5: Verify StrTendril uses Rc (not Arc) internally.
    ///
    /// Rc provides non-atomic reference counting which is faster than Arc
    /// but is not thread-safe. Since dom_query is used single-threaded,
    /// Rc is the correct choice for performance.
    #[test]
    fn test_strtendril_uses_rc_internally() {
        // StrTendril from dom_query uses tendril crate internally
        // The tendril crate defaults to Rc<str> for non-thread-safe use
        // This is verified by checking the behavior matches Rc semantics

        let doc = parse("<p>test content</p>");
        let p = doc.select("p");
        let text1 = p.text();
        let text2 = p.text();

        // Cloning should be cheap (O(1) with Rc)
        // Both texts should point to the same underlying data
        assert_eq!(text1.as_ref(), text2.as_ref());

        // Modifying through one shouldn't affect the other (separate Rc instances)
        // Note: StrTendril immutable, so this is about clone behavior
        let _clone1 = text1.clone();
        let _clone2 = text2.clone();
        // If this compiles and runs without issues, Rc semantics are working
    }

    /// Story 0.5: Verify StrTendril size is 16 bytes.
    ///
    /// StrTendril is 16 bytes on 64-bit systems (even better than the expected 24):
    /// - 8 bytes for pointer to shared data
    /// - 8 bytes for length/capacity packed together
    ///
    /// This is smaller than expected, which is good for cache locality.
    #[test]
    fn test_strtendril_size() {
        use tendril::StrTendril;

        // StrTendril is 16 bytes on 64-bit systems (pointer + len/cap)
        let size = std::mem::size_of::<StrTendril>();
        assert_eq!(size, 16, "StrTendril should be 16 bytes on 64-bit systems");
    }

    /// Story 0.5: Verify StrTendril implements Deref to str.
    ///
    /// This allows StrTendril to be used as &str without conversion.
    #[test]
    fn test_strtendril_deref_to_str() {
        let doc = parse("<p>hello world</p>");
        let p = doc.select("p");
        let text = p.text();

        // Should be able to use str methods directly
        assert!(text.contains("hello"));
        assert!(text.starts_with("hello"));
        assert!(text.ends_with("world"));
        assert_eq!(text.len(), 11);

        // Should be able to get &str via deref
        let _: &str = &text;
    }

    /// Story 0.5: Verify StrTendril cloning is cheap (O(1)).
    ///
    /// Cloning StrTendril should not allocate or copy the underlying data.
    #[test]
    fn test_strtendril_clone_is_cheap() {
        let doc = parse("<p>some long content here</p>");
        let p = doc.select("p");
        let original = p.text();

        // Clone should be O(1) - just increments ref count
        let cloned = original.clone();

        // Both should have the same content
        assert_eq!(original.as_ref(), cloned.as_ref());

        // They should be separate Rc instances
        // (modifying one wouldn't affect the other if mutable, but StrTendril is immutable)
    }

    #[test]
    fn descendants_named_gives_what_select_gives() {
        let doc = Document::from(
            "<div id='x'><a>1</a><p><a>2<a>3</a></a></p><svg><a>4</a></svg></div><div><a>5</a></div>",
        );
        let ids = |sel: &Selection| sel.nodes().iter().map(|n| n.id).collect::<Vec<_>>();
        for roots in [doc.select("#x"), doc.select("div"), doc.select("p")] {
            for name in ["a", "p", "svg"] {
                assert_eq!(
                    ids(&descendants_named(&roots, name)),
                    ids(&roots.select(name))
                );
            }
        }
        assert_eq!(descendants_named(&doc.select("#x"), "a").length(), 4);
    }
}
