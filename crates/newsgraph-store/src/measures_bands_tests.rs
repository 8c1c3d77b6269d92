//! Magnitude bands: figures of one group that differ tenfold become separate measures.

use std::collections::BTreeSet;

use super::{group_family, Family, MeasureValue, Row};

fn row(doc: i64, cluster: i64, text: &str, value: f64, approximate: bool) -> Row {
    Row {
        value: MeasureValue {
            doc,
            local_id: format!("q{doc}"),
            doc_id: format!("d{doc}"),
            source: format!("d{doc}.html"),
            cluster,
            published: Some("2019-11-18".into()),
            text: text.into(),
            value,
            value_max: None,
            approximate,
            bound: None,
            hedge: None,
            claimed_by: None,
            sentence: None,
        },
        subjects: BTreeSet::from(["Adam Neumann".to_string()]),
    }
}

#[test]
fn millions_and_billions_about_the_same_person_are_different_measures() {
    let family = Family::of_figure("USD", None, None, false, true, Some("2019".into())).unwrap();
    let measures = group_family(
        &family,
        vec![
            row(1, 1, "almost $6 million", 6e6, true),
            row(2, 2, "$5.9 million", 5.9e6, false),
            row(3, 1, "$6.5 billion", 6.5e9, false),
            row(4, 3, "$9.5 billion", 9.5e9, false),
        ],
    );
    let texts: Vec<Vec<&str>> = measures
        .iter()
        .map(|m| m.values.iter().map(|v| v.text.as_str()).collect())
        .collect();
    assert_eq!(
        texts,
        vec![
            vec!["almost $6 million", "$5.9 million"],
            vec!["$6.5 billion", "$9.5 billion"]
        ]
    );
    // Within reach of each other: "almost $6 million" (±10 %) covers $5.9 million.
    assert!(measures[0].conflicts.is_empty());
    // Independent sources, 6.5 vs 9.5 billion: a conflict.
    assert_eq!(measures[1].conflicts.len(), 1);
}
