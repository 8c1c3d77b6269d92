//! Fixture tests per cue kind and language, id linking, offsets, and a snapshot.

use newsgraph_core::{
    slice_chars, Attribution, Entity, EntityType, Hedge, Mention, Quantity, Span, Text,
};
use newsgraph_lang::LangPack;

use super::extract;

fn run_with(
    lang: &str,
    body: &str,
    entities: &[Entity],
    quantities: &[Quantity],
) -> Vec<Attribution> {
    let pack = LangPack::get_or_neutral(lang);
    let text = Text::new(body, lang, None, newsgraph_segment::sentences(body, pack));
    let out = extract(&text, pack, entities, quantities);
    for a in &out {
        let span = Span {
            start: a.start,
            end: a.end,
        };
        assert_eq!(slice_chars(body, span), a.claim, "offsets of {a:?}");
    }
    out
}

fn run(lang: &str, body: &str) -> Vec<Attribution> {
    run_with(lang, body, &[], &[])
}

fn one(v: &[Attribution]) -> &Attribution {
    assert_eq!(v.len(), 1, "{v:#?}");
    &v[0]
}

#[test]
fn de_laut_names_the_source() {
    let a = run("de", "Laut Schätzungen von Südkoreas Zentralbank betrug das Bruttoinlandsprodukt rund 23 Milliarden Dollar.");
    let a = one(&a);
    assert_eq!(a.hedge, Hedge::Estimate);
    assert_eq!(a.source.as_deref(), Some("Südkoreas Zentralbank"));
    assert!(a.claim.contains("betrug das Bruttoinlandsprodukt"));
}

#[test]
fn de_nach_angaben_and_zufolge() {
    let a = run(
        "de",
        "Bei den Kämpfen ist nach Angaben der Vereinten Nationen Senfgas eingesetzt worden.",
    );
    let a = one(&a);
    assert_eq!(a.hedge, Hedge::Asserted);
    assert!(
        a.source
            .as_deref()
            .is_some_and(|s| s.starts_with("Vereinten Nationen")),
        "{a:?}"
    );
    let a = run("de", "Berichten zufolge wurden mehrere Häuser zerstört.");
    let a = one(&a);
    assert_eq!(a.hedge, Hedge::Reported);
    assert_eq!(a.source.as_deref(), Some("reports"));
}

#[test]
fn de_views_and_assessments_of_a_source() {
    let a = run(
        "de",
        "Nach Ansicht von Experten ist die Zahl der Opfer deutlich höher als bisher angenommen.",
    );
    let a = one(&a);
    assert_eq!(a.hedge, Hedge::Asserted);
    assert_eq!(a.source.as_deref(), Some("Experten"));
    let a = run(
        "de",
        "Nach Einschätzung der Bundesbank wird die Wirtschaft im kommenden Jahr wachsen.",
    );
    let a = one(&a);
    assert_eq!(a.hedge, Hedge::Estimate);
    assert_eq!(a.source.as_deref(), Some("Bundesbank"));
    let a = run(
        "de",
        "Nach Auskunft der Polizei wurden drei Menschen verletzt.",
    );
    assert_eq!(one(&a).source.as_deref(), Some("Polizei"));
}

#[test]
fn de_evidential_adverbs_take_their_clause() {
    let a = run("de", "Nordkorea hat wohl 15.000 Soldaten entsandt, wo offenbar auch schon Hunderte gefallen sind.");
    assert_eq!(a.len(), 2, "{a:#?}");
    assert_eq!(a[0].hedge, Hedge::Speculative);
    assert_eq!(a[1].hedge, Hedge::Reported);
    assert_eq!(a[1].claim, "wo offenbar auch schon Hunderte gefallen sind");
    assert!(a.iter().all(|a| a.source.is_none()));
}

#[test]
fn de_reportative_sollen_needs_a_perfect_infinitive() {
    let a = run("de", "Er soll zwei Menschen illegal eingeschleust haben.");
    assert_eq!(one(&a).hedge, Hedge::Reported);
    assert!(run(
        "de",
        "Schon am 27. Juli sollen zweimal pro Woche Flugzeuge abheben."
    )
    .is_empty());
    assert!(run("de", "Ab Juni soll das Gerät dort erhältlich sein.").is_empty());
}

#[test]
fn de_conditional_on_its_source() {
    let a = run("de", "Sofern die Schätzungen des ukrainischen Geheimdienstes korrekt sind, stammen demnach 40 Prozent der Munition aus Nordkorea.");
    let a = one(&a);
    assert_eq!(a.hedge, Hedge::Conditional);
    assert_eq!(
        a.claim,
        "stammen demnach 40 Prozent der Munition aus Nordkorea"
    );
    assert_eq!(a.source.as_deref(), Some("ukrainischen Geheimdienstes"));
}

#[test]
fn de_report_and_its_denial() {
    let a = run("de", "Berichte, dass Nordkorea seine Truppen auf 30.000 Männer erhöhe, sind vom ukrainischen Geheimdienst aber revidiert worden.");
    assert_eq!(a.len(), 2, "{a:#?}");
    assert_eq!(a[0].hedge, Hedge::Reported);
    assert_eq!(a[0].source.as_deref(), Some("reports"));
    assert_eq!(a[1].hedge, Hedge::Denied);
    assert_eq!(a[1].source.as_deref(), Some("ukrainischen Geheimdienst"));
}

#[test]
fn de_denial_refers_back_to_the_accusation() {
    let body = "Die Opposition wirft den Truppen vor, Chlorgas einzusetzen. Die Regierung weist den Vorwurf zurück.";
    let a = run("de", body);
    assert_eq!(a.len(), 2, "{a:#?}");
    assert_eq!(a[0].hedge, Hedge::Reported);
    assert_eq!(a[0].source.as_deref(), Some("Die Opposition"));
    assert_eq!(a[1].hedge, Hedge::Denied);
    assert_eq!(a[1].source.as_deref(), Some("Die Regierung"));
    assert_eq!(a[1].claim, a[0].claim);
}

#[test]
fn de_non_attributions() {
    assert!(run(
        "de",
        "Schwere Vorwürfe waren schon kurz nach der Katastrophe laut geworden."
    )
    .is_empty());
    assert!(run("de", "Die Politiker schätzen, was sie aneinander haben.").is_empty());
    assert!(run("de", "Bis Ende des Jahres dürfte der Bericht vorliegen.").is_empty());
}

#[test]
fn en_according_to_reportedly_and_denial() {
    let a = run(
        "en",
        "According to the report, more than half the qualifications went to teenagers.",
    );
    let a = one(&a);
    assert_eq!(a.hedge, Hedge::Asserted);
    assert_eq!(a.source.as_deref(), Some("the report"));
    let a = run("en", "The vase is said to be an 18th-century piece.");
    assert_eq!(one(&a).hedge, Hedge::Reported);
    let a = run(
        "en",
        "The companies deny that they conspired to promote smoking.",
    );
    let a = one(&a);
    assert_eq!(a.hedge, Hedge::Denied);
    assert_eq!(a.source.as_deref(), Some("The companies"));
    let a = run("en", "An estimated 5.2 million adults have poor literacy.");
    assert_eq!(one(&a).hedge, Hedge::Estimate);
}

#[test]
fn a_comma_inside_a_number_does_not_cut_the_claim() {
    let a = run(
        "en",
        "In sum, more than 4,000 people are expected to receive notice, according to people familiar with the matter.",
    );
    assert!(one(&a).claim.starts_with("more than 4,000 people"), "{a:?}");
}

#[test]
fn links_entities_and_quantities_inside_the_claim() {
    let body = "Laut Polizei wurden in Berlin 300 Menschen festgenommen.";
    let at = |s: &str| {
        let b = body.find(s).unwrap_or(0);
        (
            body[..b].chars().count(),
            body[..b].chars().count() + s.chars().count(),
        )
    };
    let (s, e) = at("Berlin");
    let ent = Entity {
        id: "e1".into(),
        name: "Berlin".into(),
        entity_type: EntityType::Location,
        subtype: None,
        code: None,
        country: None,
        kb_id: None,
        mentions: vec![Mention {
            start: s,
            end: e,
            text: "Berlin".into(),
            refers: None,
        }],
    };
    let (qs, qe) = at("300 Menschen");
    let q = Quantity {
        id: "q1".into(),
        text: "300 Menschen".into(),
        value: 300.0,
        value_max: None,
        unit: "count".into(),
        approximate: false,
        bound: None,
        vague: false,
        of: Some("person".into()),
        per: None,
        start: qs,
        end: qe,
    };
    let a = run_with("de", body, &[ent], &[q]);
    let a = one(&a);
    assert_eq!(a.entity_ids, ["e1"]);
    assert_eq!(a.quantity_ids, ["q1"]);
}

#[test]
fn snapshot_small_paragraphs() {
    let body = "Vermutlich kamen die Viren 2007 nach Georgien. Offenbar sind Wildschweine ein Reservoir.\n\n\
Unterdessen schätzt das Korea Institute for Defence Analyses, dass Russland rund 20 Milliarden Dollar bereitstellen dürfte.\n\n\
Auf die Ausschreibung habe es 24 Bewerbungen gegeben, heißt es.";
    insta::assert_json_snapshot!(run("de", body));
}

#[test]
fn de_demnach_takes_the_organization_of_the_sentence_before() {
    let body = "Das Gas sei verwendet worden, verlautete aus Kreisen der OPCW. \
                Es handelt sich demnach um den ersten bestätigten Einsatz.";
    let b = body.find("OPCW").unwrap();
    let text = Text::new(
        body,
        "de",
        None,
        newsgraph_segment::sentences(body, LangPack::get_or_neutral("de")),
    );
    let sp = text.span(b..b + 4);
    let opcw = Entity {
        id: "o1".into(),
        name: "OPCW".into(),
        entity_type: EntityType::Organization,
        subtype: None,
        code: None,
        country: None,
        kb_id: None,
        mentions: vec![Mention {
            start: sp.start,
            end: sp.end,
            text: "OPCW".into(),
            refers: None,
        }],
    };
    let a = run_with("de", body, &[opcw], &[]);
    let a = one(&a);
    assert_eq!(a.hedge, Hedge::Reported);
    assert_eq!(a.source.as_deref(), Some("OPCW"));
    assert_eq!(a.source_id.as_deref(), Some("o1"));
}

#[test]
fn de_report_continuation_only_where_no_one_answers() {
    let a = run(
        "de",
        "Schwere Vorwürfe wurden am Montag laut. Der Landrat habe Geld genommen.",
    );
    assert_eq!(one(&a).claim, "Der Landrat habe Geld genommen");
    // a speaker answering the report (a denial) goes on in the subjunctive: a quote, not the
    // report's claim
    let a = run(
        "de",
        "Der frühere Bürgermeister wies die Vorwürfe am Montag zurück. Es seien keine Fehler gemacht worden.",
    );
    assert!(a.iter().all(|a| !a.claim.starts_with("Es seien")), "{a:#?}");
}

#[test]
fn reported_speech_takes_the_claims_of_source_phrases_only() {
    let pack = LangPack::get_or_neutral("de");
    let at = run(
        "de",
        "Laut der Polizei wurden drei Menschen verletzt. Der Täter ist offenbar geflohen.",
    );
    assert_eq!(at.len(), 2, "{at:#?}");
    let quotes = super::reported_speech(pack, &at);
    assert_eq!(quotes.len(), 1, "{quotes:#?}");
    let q = &quotes[0];
    assert_eq!(q.kind, newsgraph_core::QuoteKind::Indirect);
    assert_eq!(q.speaker.as_deref(), Some("Polizei"));
    assert_eq!(q.cue.as_deref(), Some("Laut"));
    let laut = at
        .iter()
        .find(|a| a.cue.as_deref() == Some("Laut"))
        .unwrap();
    assert_eq!(
        (q.start, q.end, q.text.as_str()),
        (laut.start, laut.end, laut.claim.as_str())
    );
}

#[test]
fn en_according_to_is_reported_speech() {
    let pack = LangPack::get_or_neutral("en");
    let at = run("en", "According to the police, three people were injured.");
    let quotes = super::reported_speech(pack, &at);
    assert_eq!(quotes.len(), 1, "{at:#?}");
}

#[test]
fn de_nach_with_any_source_noun() {
    let a = run(
        "de",
        "Bei dem Brand wurden nach ersten Polizeiangaben zwei Menschen verletzt.",
    );
    let a = one(&a);
    assert_eq!(a.hedge, Hedge::Asserted);
    assert_eq!(a.source.as_deref(), Some("Polizeiangaben"));
    assert_eq!(a.cue.as_deref(), Some("nach ersten Polizeiangaben"));
    let a = run(
        "de",
        "Der Minister ist nach einem Bericht der Zeitung zurückgetreten.",
    );
    let a = one(&a);
    assert!(
        a.source.as_deref().is_some_and(|s| s.contains("Zeitung")),
        "{a:?}"
    );
    for body in [
        "Nach dem Spiel feierten die Fans bis in die Nacht.",
        "Nach langen Verhandlungen einigten sich die Parteien auf einen Kompromiss.",
        "Die Polizei sucht nach Zeugen des Unfalls.",
    ] {
        assert!(run("de", body).is_empty(), "{body}");
    }
}

#[test]
fn de_heisst_es_names_the_source_after_a_preposition_and_reports_what_follows_a_fronted_cue() {
    let a = run(
        "de",
        "Die Lage sei unter Kontrolle, heißt es in einer Mitteilung der Polizei.",
    );
    let a = one(&a);
    assert!(a.claim.starts_with("Die Lage sei unter Kontrolle"), "{a:?}");
    assert!(
        a.source.as_deref().is_some_and(|s| s.contains("Polizei")),
        "{a:?}"
    );
    let a = run(
        "de",
        "Im Abschlussbericht heißt es, bei der Wahl seien Probleme festgestellt worden.",
    );
    let a = one(&a);
    assert_eq!(a.claim, "bei der Wahl seien Probleme festgestellt worden");
    let a = run("de", "Es habe 24 Bewerbungen gegeben, heißt es.");
    let a = one(&a);
    assert_eq!(a.source, None);
    assert_eq!(a.claim, "Es habe 24 Bewerbungen gegeben");
}

#[test]
fn de_a_recap_sentence_attributes_the_sentence_before() {
    let a = run(
        "de",
        "Die Preise steigen weiter. Das teilte das Statistische Bundesamt am Montag mit.",
    );
    let a = one(&a);
    assert_eq!(a.claim, "Die Preise steigen weiter");
    assert_eq!(a.hedge, Hedge::Asserted);
    assert!(
        a.source.as_deref().is_some_and(|s| s.contains("Bundesamt")),
        "{a:?}"
    );
    assert_eq!(a.cue.as_deref(), Some("Das teilte"));
    for body in [
        "Der Zug kam zu spät. Das gab es noch nie.",
        "Die Preise steigen. Das erklärt die hohe Inflation.",
        "Die Preise steigen. Das teilte die Familie untereinander.",
        "„Wir sind bereit.“ Das sagte der Minister.",
        "Die Preise steigen. Das",
    ] {
        assert!(run("de", body).is_empty(), "{body}: {:?}", run("de", body));
    }
}

#[test]
fn de_a_source_phrase_ends_where_the_next_phrase_begins() {
    let a = run(
        "de",
        "Nach Angaben der Fluggesellschaft die Genehmigung zu spät beantragt worden.",
    );
    let a = one(&a);
    assert_eq!(a.source.as_deref(), Some("Fluggesellschaft"), "{a:?}");
    let a = run(
        "de",
        "Laut Angaben des Instituts der deutschen Wirtschaft sinken die Preise.",
    );
    let a = one(&a);
    assert!(
        a.source
            .as_deref()
            .is_some_and(|s| s.contains("Instituts der deutschen Wirtschaft")),
        "{a:?}"
    );
}

#[test]
fn a_denial_verb_in_another_sense_is_no_denial() {
    for body in [
        "Bayern München bestreitet am Samstag das Finale gegen Dortmund.",
        "Die Mannschaft bestritt im letzten Jahr 40 Länderspiele.",
        "Die Stadt bestreitet die Kosten aus Steuern.",
    ] {
        assert!(run("de", body).is_empty(), "{body}: {:#?}", run("de", body));
    }
    for body in [
        "He was denied bail by the judge on Monday.",
        "Protesters were denied entry to the building.",
    ] {
        assert!(run("en", body).is_empty(), "{body}: {:#?}", run("en", body));
    }
    let a = run("de", "Die Firma bestreitet die Vorwürfe.");
    assert_eq!(one(&a).hedge, Hedge::Denied);
    let a = run(
        "de",
        "Die Regierung bestritt den Einsatz von Waffen gegen Demonstranten.",
    );
    assert_eq!(one(&a).hedge, Hedge::Denied);
    let a = run(
        "de",
        "Der Spieler bestritt, dass er von den Zahlungen gewusst habe.",
    );
    assert_eq!(one(&a).hedge, Hedge::Denied);
    let a = run("en", "The company denied the allegations.");
    assert_eq!(one(&a).hedge, Hedge::Denied);
}

#[test]
fn de_heisst_es_names_the_source_opening_the_clause_before_it() {
    let a = run(
        "de",
        "In einer Pressemitteilung des Gerichts heißt es, dass der Haftbefehl aufgehoben sei.",
    );
    assert!(
        one(&a)
            .source
            .as_deref()
            .is_some_and(|s| s.contains("Gerichts")),
        "{a:?}"
    );
    let a = run("de", "Aus Paris hieß es, das Vorgehen sei eine Verletzung.");
    assert_eq!(one(&a).source.as_deref(), Some("Paris"));
    // an adverbial opening the clause names no source
    let a = run("de", "Am Montag hieß es, das Vorgehen sei eine Verletzung.");
    assert_eq!(one(&a).source, None);
}

#[test]
fn demnach_speaks_for_the_source_of_the_sentence_before() {
    let pack = LangPack::get_or_neutral("de");
    let at = run(
        "de",
        "Die Wahlkommission gab ein vorläufiges Ergebnis bekannt. Demnach hat sich die Koalition durchgesetzt.",
    );
    let quotes = super::reported_speech(pack, &at);
    assert_eq!(one_quote(&quotes).speaker, one(&at).source);
    assert_ne!(one_quote(&quotes).speaker.as_deref(), Some("Demnach"));
    // a source phrase names its source, not the cue
    let at = run(
        "de",
        "Laut der Wahlkommission hat sich die Koalition durchgesetzt.",
    );
    let quotes = super::reported_speech(pack, &at);
    assert_eq!(
        one_quote(&quotes).speaker.as_deref(),
        Some("Wahlkommission")
    );
}

fn one_quote(v: &[newsgraph_core::Quote]) -> &newsgraph_core::Quote {
    assert_eq!(v.len(), 1, "{v:#?}");
    &v[0]
}

#[test]
fn de_the_verb_after_a_source_noun_ends_the_source() {
    let a = run(
        "de",
        "Nach Angaben der Hacker wurden Zugangsdaten für 90.000 Kreditkarten entwendet.",
    );
    assert_eq!(one(&a).source.as_deref(), Some("Hacker"));
    // an adjective before its noun stays in the source
    let a = run(
        "de",
        "Nach Angaben der örtlichen Polizei wurden zwanzig Menschen verletzt.",
    );
    assert_eq!(one(&a).source.as_deref(), Some("örtlichen Polizei"));
}

#[test]
fn de_a_date_after_the_source_is_no_part_of_it() {
    let a = run(
        "de",
        "Nach Angaben der Polizei vom Dienstag wurden 46 Beamte leicht verletzt.",
    );
    assert_eq!(one(&a).source.as_deref(), Some("Polizei"));
    // a date before any name keeps the attribution
    let a = run(
        "de",
        "Nach Informationen vom späten Abend wurden 31 Personen verletzt.",
    );
    assert_eq!(
        one(&a).claim,
        "Nach Informationen vom späten Abend wurden 31 Personen verletzt"
    );
}
