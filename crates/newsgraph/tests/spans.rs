//! Every span in the output slices `body` to its text: over the bundled examples and, where
//! `../shared` is beside the checkout (as in CI), over the whole dev corpus.

#![allow(clippy::unwrap_used)] // a test that cannot read its own fixtures should fail loudly

use std::path::Path;

use newsgraph::core::{slice_chars, Document, Span};
use newsgraph::ingest::{collect_inputs, read_input};
use newsgraph::{process, Options};

fn check(doc: &Document) -> usize {
    let n_chars = doc.body.chars().count();
    let mut checked = 0;
    let mut expect = |what: &str, start: usize, end: usize, text: Option<&str>| {
        assert!(
            start <= end && end <= n_chars,
            "{}: {what} span {start}..{end} outside body",
            doc.id
        );
        if let Some(text) = text {
            assert_eq!(
                slice_chars(&doc.body, Span { start, end }),
                text,
                "{}: {what} text differs from body[{start}:{end}]",
                doc.id
            );
        }
        checked += 1;
    };
    for s in &doc.sentences {
        expect("sentence", s.start, s.end, None);
    }
    for e in &doc.entities {
        for m in &e.mentions {
            expect("mention", m.start, m.end, Some(&m.text));
        }
    }
    for q in &doc.quotes {
        expect("quote", q.start, q.end, Some(&q.text));
    }
    for q in &doc.quantities {
        expect("quantity", q.start, q.end, Some(&q.text));
    }
    for a in &doc.attributions {
        expect("attribution", a.start, a.end, Some(&a.claim));
    }
    for d in &doc.dates {
        expect("date", d.start, d.end, Some(&d.text));
    }
    checked
}

fn check_folder(folder: &Path) -> (usize, usize) {
    let (inputs, errors) = collect_inputs(&[folder.display().to_string()]);
    assert!(errors.is_empty(), "{errors:?}");
    let (mut docs, mut spans) = (0, 0);
    for input in &inputs {
        for raw in read_input(input) {
            let raw = raw.unwrap();
            let doc = process(&raw, &Options::default()).unwrap();
            spans += check(&doc);
            docs += 1;
        }
    }
    (docs, spans)
}

#[test]
fn spans_slice_the_body_in_the_examples() {
    let (docs, spans) = check_folder(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples"));
    assert!(docs >= 6 && spans > 0);
}

#[test]
fn spans_slice_the_body_in_the_dev_corpus() {
    let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dev");
    if !dev.is_dir() {
        eprintln!("skipped: {} not present", dev.display());
        return;
    }
    let (docs, spans) = check_folder(&dev);
    assert!(docs >= 11 && spans > 0);
}
