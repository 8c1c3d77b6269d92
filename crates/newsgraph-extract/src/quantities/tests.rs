//! Tests of the quantities stage: one per construction, negatives, offsets, snapshots, properties.

use newsgraph_core::{slice_chars, Bound, Quantity, Span, Text};
use newsgraph_lang::LangPack;
use proptest::prelude::*;

use super::{extract, parse_digits};

fn run(lang: &str, body: &str) -> Vec<Quantity> {
    let text = Text::new(body, lang, None, std::iter::once(0..body.len()).collect());
    extract(&text, LangPack::get_or_neutral(lang))
}

fn one(lang: &str, body: &str) -> Quantity {
    let qs = run(lang, body);
    assert_eq!(qs.len(), 1, "{body}: {qs:?}");
    qs.into_iter().next().unwrap_or_else(|| unreachable!())
}

#[test]
fn german_counts_with_approximation_and_noun() {
    let q = one("de", "Nordkorea hat wohl um die 15.000 Soldaten entsandt.");
    assert_eq!((q.value, q.unit.as_str()), (15000.0, "count"));
    assert_eq!(q.of.as_deref(), Some("soldier"));
    assert!(q.approximate);
    assert_eq!(q.text, "um die 15.000 Soldaten");
    assert_eq!(q.id, "q1");
}

#[test]
fn german_currency_with_scale_word() {
    let q = one("de", "Es geht um rund 20 Milliarden US-Dollar.");
    assert_eq!((q.value, q.unit.as_str()), (2e10, "USD"));
    assert!(q.approximate);
    let q = one("de", "Das Handy kostet 449,- Euro.");
    assert_eq!((q.value, q.unit.as_str()), (449.0, "EUR"));
    let q = one("de", "Ein Schaden von 1,5 Mio. € entstand.");
    assert_eq!((q.value, q.unit.as_str()), (1.5e6, "EUR"));
    // German "Billion" is 10^12.
    let q = one("de", "Die Schulden liegen bei zwei Billionen Euro.");
    assert_eq!(q.value, 2e12);
}

#[test]
fn german_number_words_and_fractions() {
    assert_eq!(
        one("de", "Es waren dreihunderteinunddreißig Gäste.").value,
        331.0
    );
    let q = one("de", "Das dauerte anderthalb Jahren.");
    assert_eq!((q.value, q.unit.as_str()), (1.5, "year"));
    let q = one("de", "Er blieb ein halbes Jahr.");
    assert_eq!((q.value, q.unit.as_str()), (0.5, "year"));
    let q = one("de", "Nach zweieinhalb Jahre kam er.");
    assert_eq!((q.value, q.unit.as_str()), (2.5, "year"));
    let q = one("de", "Nach der vierwöchigen Pause.");
    assert_eq!((q.value, q.unit.as_str()), (4.0, "week"));
}

#[test]
fn german_ranges_bounds_rates_and_vague() {
    let q = one("de", "Das dauert sieben bis zehn Tagen.");
    assert_eq!(
        (q.value, q.value_max, q.unit.as_str()),
        (7.0, Some(10.0), "day")
    );
    let q = one("de", "Das Display zeigt bis zu 65.536 Farben.");
    assert_eq!(q.bound, Some(Bound::Upper));
    assert!(!q.approximate);
    let q = one("de", "Es gibt mindestens fünf Jahre Haft.");
    assert_eq!(q.bound, Some(Bound::Lower));
    let q = one("de", "Die Maschine fliegt zweimal pro Woche.");
    assert_eq!((q.value, q.per.as_deref()), (2.0, Some("week")));
    let q = one("de", "Hunderte Soldaten starben.");
    assert!(q.vague && q.approximate);
    assert_eq!(q.value, 100.0);
    let qs = run("de", "Ein Bild mit 240 x 320 Pixel.");
    assert_eq!(
        qs.iter().map(|q| q.value).collect::<Vec<_>>(),
        [240.0, 320.0]
    );
    let q = one("de", "Es fehlte lediglich einen DNA-Baustein.");
    assert_eq!(q.value, 1.0);
    assert_eq!(one("de", "Der Wert stieg um 40 Prozent.").unit, "percent");
    assert_eq!(one("de", "Es waren 2,8 Zoll.").unit, "in");
    assert_eq!(
        one("de", "Die Strecke misst rund 200 Kilometer.").unit,
        "km"
    );
}

#[test]
fn german_non_quantities() {
    for body in [
        "Das war im Jahr 1999 so.",
        "Am 27. Juli kam er zurück.",
        "Die Sitzung endete um 23 Uhr.",
        "Der 37-jährige Fahrer wurde verletzt.",
        "Er starb im Alter von 85 Jahren.",
        "Rufen Sie 030/1234567 an.",
        "Siehe Artikel 5 des Vertrags.",
        "Das Bild heißt IMG_2024.jpg im Ordner.",
        "Der Airbus A380 landete.",
        "Der Kunde war einer von vielen.",
        "Er wurde 3. im Rennen.",
        "Die Daten stammen vom 27.12.2017 abends.",
    ] {
        assert!(run("de", body).is_empty(), "{body}: {:?}", run("de", body));
    }
}

#[test]
fn english_figures() {
    let q = one("en", "The vase sold for 51.6 million pounds.");
    assert_eq!((q.value, q.unit.as_str()), (51.6e6, "GBP"));
    let q = one("en", "It cost $2.5bn last year.");
    assert_eq!((q.value, q.unit.as_str()), (2.5e9, "USD"));
    let q = one("en", "About 15,000 people died.");
    assert_eq!((q.value, q.of.as_deref()), (15000.0, Some("person")));
    assert!(q.approximate);
    let q = one("en", "Prices rose up to 30 percent.");
    assert_eq!((q.unit.as_str(), q.bound), ("percent", Some(Bound::Upper)));
    let q = one("en", "There are twenty-one trillion stars.");
    assert_eq!(q.value, 21e12);
    let q = one("en", "the 16-inch vase");
    assert_eq!(q.unit, "in");
    let q = one("en", "It costs $80 a barrel.");
    assert_eq!(q.per.as_deref(), Some("bbl"));
    let q = one("en", "He served two and a half years.");
    assert_eq!((q.value, q.unit.as_str()), (2.5, "year"));
    assert_eq!(
        one("en", "The population is 3 million and a half").value,
        3.5e6
    );
    let q = one("en", "It fell 0.5 percentage points.");
    assert_eq!(q.unit, "pp");
    let q = one("en", "Hundreds of millions of pounds were lost.");
    assert!(q.vague);
    assert_eq!((q.value, q.unit.as_str()), (1e8, "GBP"));
}

fn value(lang: &str, body: &str) -> f64 {
    one(lang, body).value
}

#[test]
fn written_fractions_decimals_and_signs() {
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9 * b.abs().max(1.0);
    for (body, want) in [
        ("two thirds", 2.0 / 3.0),
        ("a hundred thousand trillionths", 1e-7),
        ("three twenty-firsts", 3.0 / 21.0),
        ("one hundred and three and two thirds", 103.0 + 2.0 / 3.0),
        ("two hundred and fifty-four hundredths", 200.54),
        ("one billion and a half million", 1.0005e9),
        ("five billion and three quarters", 5.75e9),
        ("It costs three quarters billion dollars.", 7.5e8),
        ("one over twenty", 0.05),
        ("one out of three", 1.0 / 3.0),
        ("two hundred point seventy-one", 200.71),
        ("nine point nought four", 9.04),
        ("The answer is minus five point five", -5.5),
        ("The answer is negative one", -1.0),
        ("1.1^23", 1.1f64.powi(23)),
        ("6.23x10^-4", 6.23e-4),
        ("12.32e+14", 1.232e15),
        (".23456000", 0.23456),
        ("The total is three lakh crore", 3e12),
        ("4 thousand 3 hundred and 21 is a valid number.", 4321.0),
        ("3 hundred and one", 301.0),
        ("half a dozen", 6.0),
        ("one and a half dozen", 18.0),
        ("The number is 10.5 M.", 10.5e6),
        ("one one hundred fifth", 1.0 / 105.0),
        ("one hundred fifth", 1.0 / 105.0),
        ("one hundred fifths", 20.0),
        ("one hundred thirty fifths", 100.0 / 35.0),
        ("one hundred one thousand fifths", 100.0 / 1005.0),
        ("twenty and three and three fifths", 23.6),
        ("twenty one", 21.0),
        ("The number is 1,3.", 1.3),
        ("It is 1'000'000.", 1e6),
    ] {
        let v = value("en", body);
        assert!(close(v, want), "{body}: {v} != {want}");
    }
    let v = value("de", "Ich habe sechs und zwei Drittel Millionen gezählt");
    assert!(close(v, 6e6 + 2e6 / 3.0), "{v}");
    assert_eq!(value("de", "Es waren minus 5 Grad."), -5.0);
    assert_eq!(value("de", "Es kostet zweieinhalb Millionen Euro."), 2.5e6);
    assert_eq!(
        value("de", "Der Wert lag bei zwei Komma fünf Prozent."),
        2.5
    );
}

#[test]
fn prime_marks_are_feet_and_inches() {
    let q = one("en", "He is 6′2″ tall.");
    assert_eq!(q.unit, "ft");
    assert!((q.value - (6.0 + 2.0 / 12.0)).abs() < 1e-6, "{q:?}");
    let q = one("en", "a pen 10″ long");
    assert_eq!((q.value, q.unit.as_str()), (10.0, "in"));
}

#[test]
fn a_multiplier_after_a_range_scales_both_ends() {
    let q = one("en", "It costs 10-12 million dollars.");
    assert_eq!((q.value, q.value_max), (1e7, Some(1.2e7)));
    let q = one("de", "Es kostet 100 bis 300 Milliarden Euro.");
    assert_eq!((q.value, q.value_max), (1e11, Some(3e11)));
    // The first end is larger than the count of the second: it stands as written.
    let q = one("en", "between 500 and 2 million people");
    assert_eq!((q.value, q.value_max), (500.0, Some(2e6)));
    // "twenty and three hundred" is no "twenty-three hundred".
    let vs: Vec<f64> = run("en", "twenty and three hundred")
        .iter()
        .map(|q| q.value)
        .collect();
    assert_eq!(vs, [20.0, 300.0]);
    // A list of numbers keeps its commas as separators.
    assert!(run("en", "Exercises nrs. 22,24,26,31.").is_empty());
}

#[test]
fn shares_and_idioms_are_not_numbers() {
    for (lang, body) in [
        ("en", "Two thirds of the members voted for it."),
        ("en", "It needs a two-thirds majority."),
        ("en", "He won a third term."),
        ("en", "At one point it rained."),
        ("de", "Zwei Drittel der Befragten sagten ja."),
    ] {
        assert!(run(lang, body).is_empty(), "{body}: {:?}", run(lang, body));
    }
    // "three-nought-four" is a sequence of numbers, not a range.
    let qs = run("en", "they were playing three-nought-four");
    let values: Vec<f64> = qs.iter().map(|q| q.value).collect();
    assert_eq!(values, [3.0, 0.0, 4.0]);
    assert!(qs.iter().all(|q| q.value_max.is_none()));
    // A ratio word between numbers that measure something is no ratio.
    let qs = run("en", "He scored 12 over 3 games.");
    assert_eq!(qs.len(), 2, "{qs:?}");
}

#[test]
fn measures_with_a_smaller_unit_or_a_second_measure() {
    let q = one("en", "he is 5 ft 2 in");
    assert!((q.value - (5.0 + 2.0 / 12.0)).abs() < 1e-9);
    assert_eq!(q.unit, "ft");
    let q = one("en", "he is 5 feet and 2 inches.");
    assert_eq!(q.text, "5 feet and 2 inches");
    // "pounds" without a scale word is a weight; with one, money.
    let q = one("en", "The baby is over two pounds.");
    assert_eq!((q.value, q.unit.as_str()), (2.0, "lb"));
    let q = one("en", "It was expected to fetch around 1 million pounds.");
    assert_eq!((q.value, q.unit.as_str()), (1e6, "GBP"));
    let qs = run("en", "1 m x 1 m");
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert!(qs.iter().all(|q| q.unit == "m" && q.text == "1 m x 1 m"));
}

#[test]
fn english_non_quantities() {
    for body in [
        "In 1999 the company was founded.",
        "He finished 1st and she was 2nd.",
        "Call (555) 123-4567 now.",
        "See https://example.com/page/42 for more.",
        "The meeting starts at 6 pm sharp.",
        "A 37-year-old man was arrested.",
        "He was aged 37 when he died.",
        "The Apollo 11 mission landed.",
        "One of them left.",
        "He arrived on March 11 with friends.",
    ] {
        assert!(run("en", body).is_empty(), "{body}: {:?}", run("en", body));
    }
}

#[test]
fn repeated_figure_is_listed_once() {
    let qs = run(
        "de",
        "Es kamen 300 Soldaten. Später waren es wieder 300 Soldaten.",
    );
    assert_eq!(qs.len(), 1);
    // Bare numbers do not say what they count: each mention is its own figure.
    let qs = run("en", "40 000 is the same as 40\u{202f}000");
    assert_eq!(qs.len(), 2, "{qs:?}");
}

#[test]
fn offsets_are_code_points_into_the_body() {
    let body = "Größere Häuser: „rund 20 Milliarden Euro“ für 15.000 Soldaten, über 3 Jahre.";
    let qs = run("de", body);
    assert_eq!(qs.len(), 3);
    for q in qs {
        let span = Span {
            start: q.start,
            end: q.end,
        };
        assert_eq!(slice_chars(body, span), q.text);
    }
}

#[test]
fn snapshot_of_fixture_paragraphs() {
    let de = "Nordkorea hat wohl um die 15.000 Soldaten in die Region Kursk entsandt. Um die 40 Prozent \
              der Munition stammen demnach aus Nordkorea; Russland dürfte rund 20 Milliarden US-Dollar \
              bereitstellen. Die Maschinen fliegen zweimal pro Woche rund 200 Kilometer weit.";
    let en =
        "Some 26 million adults took part, and an estimated 5.2 million adults had no access. \
              Some £3.7bn was spent over the past 50 years in 46 states, a rise of 4.5%.";
    insta::assert_json_snapshot!("quantities_de", run("de", de));
    insta::assert_json_snapshot!("quantities_en", run("en", en));
}

fn group(int: u64, sep: char) -> String {
    let s = int.to_string();
    let mut out = String::new();
    for (k, c) in s.chars().enumerate() {
        if k > 0 && (s.len() - k).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

proptest! {
    #[test]
    fn number_parser_never_panics(s in "\\PC{0,40}") {
        let _ = parse_digits(&s, LangPack::get_or_neutral("de"));
        let _ = parse_digits(&s, LangPack::get_or_neutral("en"));
        let _ = run("de", &s);
        let _ = run("en", &s);
    }

    #[test]
    fn formatted_numbers_round_trip(int in 0u64..10_000_000_000, frac in 0u32..100) {
        let de = format!("{},{:02}", group(int, '.'), frac);
        let en = format!("{}.{:02}", group(int, ','), frac);
        let want = int as f64 + f64::from(frac) / 100.0;
        let got_de = parse_digits(&de, LangPack::get_or_neutral("de"));
        let got_en = parse_digits(&en, LangPack::get_or_neutral("en"));
        prop_assert!(got_de.is_some_and(|v| (v - want).abs() < 1e-6 * want.max(1.0)), "{de} {got_de:?}");
        prop_assert!(got_en.is_some_and(|v| (v - want).abs() < 1e-6 * want.max(1.0)), "{en} {got_en:?}");
    }

    #[test]
    fn spaced_and_signed_numbers_round_trip(
        int in 0u64..10_000_000_000,
        sep in prop::sample::select(vec![' ', '\u{a0}', '\u{202f}', '\'', '’']),
        negative in any::<bool>(),
    ) {
        let sign = if negative { "-" } else { "" };
        let text = format!("{sign}{}", group(int, sep));
        let want = if negative { -(int as f64) } else { int as f64 };
        for lang in ["de", "en"] {
            let got = parse_digits(&text, LangPack::get_or_neutral(lang));
            prop_assert_eq!(got, Some(want), "{} {}", lang, text);
        }
    }

    #[test]
    fn english_spans_match_text(a in 1u32..100_000, w in "[a-z ,.;]{0,20}") {
        let body = format!("About {a} people {w} paid $ {a} million,{w} up {a}% or two thirds.");
        for q in run("en", &body) {
            prop_assert_eq!(slice_chars(&body, Span { start: q.start, end: q.end }), q.text.as_str());
        }
    }

    #[test]
    fn spans_match_text(a in 1u32..100_000, w in "[a-zäöü ]{0,20}") {
        let body = format!("Es kamen {a} Soldaten {w} und rund {a} Euro, {w} etwa 3,5 Prozent.");
        for q in run("de", &body) {
            prop_assert_eq!(slice_chars(&body, Span { start: q.start, end: q.end }), q.text.as_str());
        }
    }
}

/// Measures both figure stages on the bodies of engine output files in `$FIGURES_BENCH_DIR`
/// (run with `cargo test --release -- --ignored --nocapture stage_speed`). Prints, asserts nothing.
#[test]
#[ignore]
fn stage_speed() {
    let Ok(dir) = std::env::var("FIGURES_BENCH_DIR") else {
        return;
    };
    let mut docs: Vec<(String, String, Option<String>)> = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(raw) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&raw) else {
            continue;
        };
        let body = v["body"].as_str().unwrap_or_default().to_string();
        let lang = v["lang"].as_str().unwrap_or("und").to_string();
        let published = v["published"].as_str().map(str::to_string);
        docs.push((body, lang, published));
    }
    let texts: Vec<Text<'_>> = docs
        .iter()
        .map(|(b, l, p)| Text::new(b, l, p.as_deref(), std::iter::once(0..b.len()).collect()))
        .collect();
    let rounds = 200;
    let start = std::time::Instant::now();
    let mut n = 0usize;
    for _ in 0..rounds {
        for t in &texts {
            let pack = LangPack::get_or_neutral(t.lang);
            n += extract(t, pack).len() + crate::dates::extract(t, pack).len();
        }
    }
    let per_doc = start.elapsed().as_secs_f64() / (rounds * texts.len().max(1)) as f64;
    let bytes: usize = docs.iter().map(|d| d.0.len()).sum::<usize>() / docs.len().max(1);
    println!(
        "{} docs (mean body {bytes} bytes) x {rounds}: {:.1} µs per doc for both stages ({n} figures)",
        texts.len(),
        per_doc * 1e6
    );
}
