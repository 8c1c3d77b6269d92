//! Tests of the dates stage.

use newsgraph_core::{slice_chars, DateExpr, DateMod, Span, Text};
use newsgraph_lang::LangPack;

use super::extract;

fn run(lang: &str, body: &str, published: Option<&str>) -> Vec<(String, Option<DateMod>)> {
    full(lang, body, published)
        .into_iter()
        .map(|d| (d.value, d.modifier))
        .collect()
}

fn full(lang: &str, body: &str, published: Option<&str>) -> Vec<DateExpr> {
    let text = Text::new(
        body,
        lang,
        published,
        std::iter::once(0..body.len()).collect(),
    );
    extract(&text, LangPack::get_or_neutral(lang))
}

fn v(s: &str) -> (String, Option<DateMod>) {
    (s.to_string(), None)
}

#[test]
fn german_absolute_dates() {
    assert_eq!(run("de", "Das war im Februar 2022.", None), [v("2022-02")]);
    assert_eq!(
        run("de", "Er kam am 27. Juli zurück.", None),
        [v("XXXX-07-27")]
    );
    assert_eq!(
        run("de", "Ende Juni geht er.", None),
        [("XXXX-06".to_string(), Some(DateMod::End))]
    );
    assert_eq!(
        run("de", "Bis 27.12.2017 galt das.", None),
        [v("2017-12-27")]
    );
    assert_eq!(
        run(
            "de",
            "Die Sitzung am 14. und 15. Juli 2021 dauerte bis um 23 Uhr.",
            None
        ),
        [v("2021-07-14"), v("2021-07-15"), v("2021-07-14T23:00")]
    );
    assert_eq!(
        run("de", "Von 2007 bis 2016 war er dort.", None),
        [v("2007"), v("2016")]
    );
    assert_eq!(
        run("de", "Die Saison 2023/24 begann.", None),
        [v("2023"), v("2024")]
    );
    assert_eq!(
        run("de", "im Sommer oder Herbst", None),
        [v("XXXX-SU"), v("XXXX-FA")]
    );
}

#[test]
fn german_relative_dates_need_publication() {
    let p = Some("2019-06-07");
    assert_eq!(
        run("de", "Das teilte die Stadt am Freitag mit.", p),
        [v("2019-06-07")]
    );
    assert_eq!(run("de", "Gestern regnete es.", p), [v("2019-06-06")]);
    assert_eq!(run("de", "Das teilte die Stadt am Freitag mit.", None), []);
    assert_eq!(
        run("de", "Vor knapp zwei Wochen kam es.", Some("2007-06-19")),
        [("2007-W23".to_string(), Some(DateMod::Approx))]
    );
    assert_eq!(
        run("de", "Es geschah im Juli.", Some("2007-06-19")),
        [v("2007-07")]
    );
}

#[test]
fn english_dates() {
    let p = Some("2010-08-18");
    assert_eq!(run("en", "It happened last week.", p), [v("2010-W32")]);
    assert_eq!(run("en", "It starts Sept. 1.", p), [v("2010-09-01")]);
    assert_eq!(run("en", "Sales fell last year.", p), [v("2009")]);
    assert_eq!(run("en", "It was founded in 1999.", None), [v("1999")]);
    assert_eq!(
        run("en", "on March 11, 2011 it hit", None),
        [v("2011-03-11")]
    );
    assert_eq!(run("en", "two days ago", p), [v("2010-08-16")]);
    assert_eq!(
        run("en", "Early this week", Some("2011-04-10")),
        [("2011-W14".to_string(), Some(DateMod::Start))]
    );
}

#[test]
fn non_dates() {
    assert_eq!(run("de", "Es kamen 2000 Soldaten.", None), []);
    assert_eq!(run("de", "Die Euro 2004 war ein Fest.", None), []);
    assert_eq!(run("en", "In the 1990s it grew.", None), []);
    assert_eq!(run("en", "You may go.", None), []);
    assert_eq!(run("de", "Das kostet 1.999 Euro.", None), []);
}

#[test]
fn offsets_are_code_points_into_the_body() {
    let body = "Größte Schäden „am 27. Juli 2021“ und Anfang März, dann im Frühjahr 2022.";
    let ds = full("de", body, None);
    assert_eq!(ds.len(), 3);
    for d in ds {
        let span = Span {
            start: d.start,
            end: d.end,
        };
        assert_eq!(slice_chars(body, span), d.text);
    }
}

#[test]
fn days_without_year_ordinal_words_and_day_ranges() {
    let p = Some("2019-01-30");
    assert_eq!(
        run("de", "Er kommt am 22.04. zurück.", None),
        [v("XXXX-04-22")]
    );
    assert!(run("de", "Kapitel 1.2. beschreibt das.", None).is_empty());
    assert_eq!(run("de", "Am zweiten Mai kam er.", p), [v("2019-05-02")]);
    assert_eq!(
        run("de", "zwischen dem 3. und dem 12. September", None),
        [v("XXXX-09-03"), v("XXXX-09-12")]
    );
    assert_eq!(
        run("en", "It was the Fourth of July.", None),
        [v("XXXX-07-04")]
    );
    assert_eq!(
        run("en", "It happened on July 4th of 1995.", None),
        [v("1995-07-04")]
    );
    assert_eq!(
        run("en", "Talks run November 19-20 in Geneva.", None),
        [v("XXXX-11-19"), v("XXXX-11-20")]
    );
}

#[test]
fn english_names_in_lower_case_unless_ambiguous() {
    assert_eq!(
        run("en", "schedule it on 14 nov 2023", None),
        [v("2023-11-14")]
    );
    assert_eq!(
        run("en", "from 2 july to 10 july", None),
        [v("XXXX-07-02"), v("XXXX-07-10")]
    );
    assert!(run("en", "we may 3 times march 5 miles", None).is_empty());
    // German names are capitalised nouns.
    assert!(run("de", "am 3. mai", None).is_empty());
}

#[test]
fn weekdays_with_an_offset_and_relative_words() {
    // 2019-01-30 is a Wednesday.
    let p = Some("2019-01-30");
    assert_eq!(
        run("en", "We met last Friday and meet next Friday.", p),
        [v("2019-01-25"), v("2019-02-01")]
    );
    assert_eq!(
        run("en", "Where were you on previous Wednesday?", p),
        [v("2019-01-23")]
    );
    assert_eq!(
        run("de", "Am kommenden Freitag und am vergangenen Montag.", p),
        [v("2019-02-01"), v("2019-01-28")]
    );
    // Capitalised inside a sentence: the morning, a newspaper.
    assert_eq!(
        run("de", "Am Morgen kam er, morgen geht er.", p),
        [v("2019-01-31")]
    );
    assert_eq!(
        run("en", "Today, USA Today reported it.", p),
        [v("2019-01-30")]
    );
    assert_eq!(
        run("de", "Im vorletzten Jahr und übernächste Woche.", p),
        [v("2017"), v("2019-W07")]
    );
}

#[test]
fn quarters_relative_and_as_codes() {
    let p = Some("2019-08-14");
    assert_eq!(run("en", "Sales for last quarter fell.", p), [v("2019-Q2")]);
    assert_eq!(run("en", "Next quarter looks better.", p), [v("2019-Q4")]);
    assert_eq!(
        run("en", "How about 2019-Q1 and q2-2018?", p),
        [v("2019-Q1"), v("2018-Q2")]
    );
    assert_eq!(run("en", "Sales rose in Q3 2024.", None), [v("2024-Q3")]);
    assert_eq!(
        run("de", "Im letzten Quartal 2023 stieg er.", None),
        [v("2023-Q4")]
    );
    assert_eq!(
        run("de", "Im vergangenen Quartal stieg er.", p),
        [v("2019-Q2")]
    );
}

proptest::proptest! {
    #[test]
    fn spans_match_text(
        day in 1u32..29,
        month in 1u32..13,
        year in 1990u32..2040,
        w in "[a-zäöü ,.]{0,16}",
    ) {
        let de = format!("Am {day}. März {year} {w} und am {day}.{month}.{year}{w} vergangene Woche.");
        let en = format!("On March {day}, {year} {w} and {month}/{day}/{year}{w} last week, early {year}.");
        for (lang, body) in [("de", de), ("en", en)] {
            for d in full(lang, &body, Some("2024-05-15")) {
                proptest::prop_assert_eq!(
                    slice_chars(&body, Span { start: d.start, end: d.end }),
                    d.text.as_str()
                );
            }
        }
    }
}
