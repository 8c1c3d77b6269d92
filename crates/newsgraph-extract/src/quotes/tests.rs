//! Fixture tests per construction and language, offsets, and a snapshot.

use newsgraph_core::{
    slice_chars, Entity, EntityType, Mention, Quote, QuoteKind, Reference, Span, Text,
};
use newsgraph_lang::LangPack;

use super::extract;

fn sentences(body: &str) -> Vec<std::ops::Range<usize>> {
    newsgraph_segment::sentences(body, LangPack::get_or_neutral("de"))
}

fn run(lang: &str, body: &str, entities: &[Entity]) -> Vec<Quote> {
    let pack = LangPack::get_or_neutral(lang);
    let sents = newsgraph_segment::sentences(body, pack);
    let text = Text::new(body, lang, None, sents);
    checked(body, extract(&text, pack, entities))
}

/// `quotes`, after checking that each one's offsets give its text in `body`.
fn checked(body: &str, quotes: Vec<Quote>) -> Vec<Quote> {
    for q in &quotes {
        let span = Span {
            start: q.start,
            end: q.end,
        };
        assert_eq!(slice_chars(body, span), q.text, "offsets of {q:?}");
    }
    quotes
}

fn person(id: &str, name: &str, body: &str, surface: &str) -> Entity {
    let text = Text::new(body, "de", None, sentences(body));
    let mentions = body
        .match_indices(surface)
        .map(|(b, s)| {
            let sp = text.span(b..b + s.len());
            Mention {
                start: sp.start,
                end: sp.end,
                text: s.to_string(),
                refers: None,
            }
        })
        .collect();
    Entity {
        id: id.into(),
        name: name.into(),
        entity_type: EntityType::Person,
        subtype: None,
        code: None,
        country: None,
        kb_id: None,
        mentions,
    }
}

/// Whether no quote has a speaker.
fn no_speaker(qs: &[Quote]) -> bool {
    qs.iter().all(|q| q.speaker.is_none())
}

/// Whether the quote's speaker holds `part`.
fn speaker_has(q: &Quote, part: &str) -> bool {
    q.speaker.as_deref().is_some_and(|s| s.contains(part))
}

fn one(qs: &[Quote]) -> &Quote {
    assert_eq!(qs.len(), 1, "{qs:#?}");
    &qs[0]
}

#[test]
fn de_direct_after_reporting_clause_in_each_mark_style() {
    for (o, c) in [("„", "“"), ("»", "«"), ("«", "»"), ("\"", "\""), ("‚", "‘")] {
        let body =
            format!("{o}Wir werden das schaffen, ganz sicher.{c}, sagte die Ministerin am Montag.");
        let q = run("de", &body, &[]);
        let q = one(&q);
        assert_eq!(q.text, "Wir werden das schaffen, ganz sicher", "{o}{c}");
        assert_eq!(q.kind, QuoteKind::Direct);
        assert_eq!(q.speaker.as_deref(), Some("die Ministerin"));
        assert_eq!(q.cue.as_deref(), Some("sagte"));
    }
}

#[test]
fn de_direct_after_colon_resolves_entity() {
    let body = "Der Kanzler Olaf Scholz sagte: „Das ist ein guter Tag für Europa.“";
    let ents = [person("e1", "Olaf Scholz", body, "Olaf Scholz")];
    let q = run("de", body, &ents);
    let q = one(&q);
    assert_eq!(q.text, "Das ist ein guter Tag für Europa");
    assert_eq!(q.speaker.as_deref(), Some("Olaf Scholz"));
    assert_eq!(q.speaker_id.as_deref(), Some("e1"));
}

#[test]
fn de_interrupted_quote_has_two_parts_with_one_speaker() {
    let body = "„Wir sind bereit“, sagte Müller, „aber nicht um jeden Preis.“";
    let q = run("de", body, &[]);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(q[0].text, "Wir sind bereit");
    assert_eq!(q[1].text, "aber nicht um jeden Preis");
    assert!(q.iter().all(|q| q.speaker.as_deref() == Some("Müller")));
}

#[test]
fn de_konjunktiv_indirect_and_continuation() {
    let body = "Kim Jong-un, Diktator Nordkoreas, erklärte dieser Tage, sein Land sei zu „bedingungsloser Unterstützung“ Russlands bereit. Man werde die Partner nicht im Stich lassen.";
    let q = run("de", body, &[]);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(
        q[0].text,
        "sein Land sei zu „bedingungsloser Unterstützung“ Russlands bereit"
    );
    assert_eq!(q[0].kind, QuoteKind::Indirect);
    assert_eq!(q[0].speaker.as_deref(), Some("Kim Jong-un"));
    assert_eq!(q[1].text, "Man werde die Partner nicht im Stich lassen");
    assert_eq!(q[1].speaker.as_deref(), Some("Kim Jong-un"));
}

#[test]
fn de_dass_clause_drops_complementizer() {
    let body = "Der Sprecher betonte am Dienstag, dass die Gespräche fortgesetzt werden.";
    let q = run("de", body, &[]);
    let q = one(&q);
    assert_eq!(q.text, "die Gespräche fortgesetzt werden");
    assert_eq!(q.speaker.as_deref(), Some("Der Sprecher"));
}

#[test]
fn de_bezeichnete_als_makes_short_span_a_quote() {
    let body = "Sergej Lawrow wiederum, Russlands Außenminister, bezeichnete die Beziehung als „unbesiegbare Bruderschaft.“";
    let q = run("de", body, &[]);
    let q = one(&q);
    assert_eq!(q.text, "unbesiegbare Bruderschaft");
    assert_eq!(q.speaker.as_deref(), Some("Sergej Lawrow"));
    assert_eq!(q.cue.as_deref(), Some("bezeichnete die Beziehung als"));
}

#[test]
fn de_scare_quotes_and_titles_are_not_quotes() {
    let body = "Forscher haben das Gen „hineingeschrieben“. Das Gerät kommt als „Xda Nova“ in den Handel. Die „Süddeutsche Zeitung“ berichtete darüber.";
    assert!(run("de", body, &[]).is_empty());
}

#[test]
fn de_reporting_clause_after_indirect_speech() {
    let body =
        "Es sei erschreckend, wie ahnungslos die Regierung war, sagt Korrespondent Matthias Zahn.";
    let q = run("de", body, &[]);
    let q = one(&q);
    assert_eq!(
        q.text,
        "Es sei erschreckend, wie ahnungslos die Regierung war"
    );
    assert_eq!(q.speaker.as_deref(), Some("Korrespondent Matthias Zahn"));
}

#[test]
fn de_attribution_phrases_are_not_quotes() {
    let body = "Auf die Ausschreibung habe es 24 Bewerbungen gegeben, heißt es. Laut Polizei sei niemand verletzt worden.";
    assert!(run("de", body, &[]).is_empty());
}

#[test]
fn en_direct_quote_styles_and_speaker_after() {
    for (o, c) in [("“", "”"), ("\"", "\"")] {
        let body = format!("{o}I’ve seen the vase itself. I went out to look at it,{c} gallery owner James Lally told CNBC.");
        let q = run("en", &body, &[]);
        let q = one(&q);
        assert_eq!(
            q.text,
            "I’ve seen the vase itself. I went out to look at it"
        );
        assert!(
            q.speaker
                .as_deref()
                .is_some_and(|s| s.ends_with("James Lally")),
            "{q:?}"
        );
    }
}

#[test]
fn en_continued_quote_inherits_speaker() {
    let body = "Tim Collins said: \"This is the third report in two days. \"Employers have voiced concern over the skills.\"";
    let q = run("en", body, &[]);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert!(q
        .iter()
        .all(|q| q.speaker.as_deref() == Some("Tim Collins")));
}

#[test]
fn en_indirect_said_that_and_bare() {
    let q = run(
        "en",
        "The company said that it regretted the decision.",
        &[],
    );
    assert_eq!(one(&q).text, "it regretted the decision");
    let q = run(
        "en",
        "Francis Gaskins, an IPO analyst, says it's likely that taxpayers will lose.",
        &[],
    );
    let q = one(&q);
    assert_eq!(q.text, "it's likely that taxpayers will lose");
    assert_eq!(q.speaker.as_deref(), Some("Francis Gaskins"));
    let q = run(
        "en",
        "About 15,000 people took to the streets in Tokyo, the Kyodo agency said on Sunday.",
        &[],
    );
    let q = one(&q);
    assert_eq!(q.text, "About 15,000 people took to the streets in Tokyo");
    assert_eq!(q.speaker.as_deref(), Some("the Kyodo agency"));
}

#[test]
fn en_pronoun_speaker_resolves_to_previous_speaker() {
    let body = "\"We will win,\" Smith said. He said the team was ready.";
    let q = run("en", body, &[]);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(q[1].speaker.as_deref(), Some("Smith"));
}

#[test]
fn pronoun_speaker_becomes_a_mention_of_the_person() {
    let body = "„Wir gewinnen“, sagte Jürgen Groß. Später erklärte er, die Mannschaft sei bereit.";
    let mut ents = vec![person("e1", "Jürgen Groß", body, "Jürgen Groß")];
    let q = run("de", body, &ents);
    assert_eq!(q.len(), 2, "{q:#?}");
    let m = q[1].speaker_mention.clone().expect("speaker words");
    assert_eq!(m.refers, Some(Reference::Pronoun));
    assert_eq!(
        slice_chars(
            body,
            Span {
                start: m.start,
                end: m.end
            }
        ),
        "er"
    );
    super::link_speaker_mentions(&mut ents, &q);
    let texts: Vec<_> = ents[0].mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["Jürgen Groß", "er"]);
    // linking twice adds nothing: the pronoun is already a mention
    super::link_speaker_mentions(&mut ents, &q);
    assert_eq!(ents[0].mentions.len(), 2);
}

#[test]
fn personal_pronoun_prefers_a_person_to_an_organization_speaker() {
    let body = "Das Ministerium teilte mit, die Lage sei ernst. Danach sprach Jürgen Groß. \
                Er sagte, man müsse handeln.";
    let mut ministry = person("e1", "Ministry", body, "Das Ministerium");
    ministry.entity_type = EntityType::Organization;
    let ents = [ministry, person("e2", "Jürgen Groß", body, "Jürgen Groß")];
    let q = run("de", body, &ents);
    let last = q.last().expect("quotes");
    assert_eq!(last.text, "man müsse handeln");
    assert_eq!(last.speaker_id.as_deref(), Some("e2"), "{q:#?}");
}

#[test]
fn en_according_to_and_titles_are_not_quotes() {
    let body = "According to the report, more than half were young. The film \"Gone With The Wind\" was shown.";
    assert!(run("en", body, &[]).is_empty());
}

#[test]
fn offsets_count_code_points() {
    let body = "Größe zählt: „Übermäßig viel Ärger – das sagen alle“, erklärte Jürgen Groß.";
    let q = run("de", body, &[]);
    let q = one(&q);
    assert_eq!(q.text, "Übermäßig viel Ärger – das sagen alle");
    assert_eq!(q.start, body[..body.find("Über").unwrap()].chars().count());
}

#[test]
fn snapshot_small_paragraphs() {
    let body = "Lewentz sagte im Ausschuss, er könne auf diesen Bildern keine Katastrophe erkennen.\n\n\
„Im Moment steht kein Staat Russland so nah wie Nordkorea“, hat Vladimir Tikhonov, Professor in Oslo, wiederholt erklärt.\n\n\
Diese Woche wurde erklärt, dass es erstmals Direktflüge geben wird.";
    insta::assert_json_snapshot!(run("de", body, &[]));
}

#[test]
fn en_definite_description_resolves_to_earlier_entity() {
    let body = "TEPCO began dumping water. The company said it regretted the decision.";
    let text = Text::new(body, "en", None, sentences(body));
    let sp = text.span(0..5);
    let tepco = Entity {
        id: "e1".into(),
        name: "Tokyo Electric Power Company".into(),
        entity_type: EntityType::Organization,
        subtype: None,
        code: None,
        country: None,
        kb_id: None,
        mentions: vec![Mention {
            start: sp.start,
            end: sp.end,
            text: "TEPCO".into(),
            refers: None,
        }],
    };
    let q = run("en", body, &[tepco]);
    let q = one(&q);
    assert_eq!(q.speaker.as_deref(), Some("Tokyo Electric Power Company"));
    assert_eq!(q.speaker_id.as_deref(), Some("e1"));
}

fn org(id: &str, name: &str, body: &str, surface: &str) -> Entity {
    Entity {
        entity_type: EntityType::Organization,
        ..person(id, name, body, surface)
    }
}

#[test]
fn en_report_speaks_for_the_organization_that_published_it() {
    let body = "Courses must improve, a report says. The National Audit Office praised ministers. \
                The report recommends gathering more details.";
    let nao = org("o1", "National Audit Office", body, "National Audit Office");
    let q = run("en", body, &[nao]);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert!(q
        .iter()
        .all(|q| q.speaker.as_deref() == Some("National Audit Office")));
}

#[test]
fn en_they_refers_to_the_previous_subject() {
    let body = "The tobacco companies deny any wrongdoing. They also say they met the demands.";
    let q = run("en", body, &[]);
    // the subject phrase runs on to the next stop word: no part-of-speech tags here
    let who = one(&q).speaker.as_deref().unwrap_or_default();
    assert!(who.starts_with("The tobacco companies"), "{who}");
}

#[test]
fn en_description_with_place_resolves_to_named_court() {
    let body = "The court in Washington found that the case failed. \
                But the Court of Appeals ruled that the firms could not be sued.";
    let ents = [
        Entity {
            entity_type: EntityType::Location,
            ..person("l1", "Washington, D.C.", body, "Washington")
        },
        org("o1", "Court of Appeals", body, "Court of Appeals"),
    ];
    let q = run("en", body, &ents);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Court of Appeals"));
}

#[test]
fn en_post_frame_runs_over_initials_and_abbreviations() {
    let body = "\u{201c}I went out to look at it,\u{201d} gallery owner James Lally of J.J. Lally & Co. told CNBC.";
    let lally = person("p1", "James Lally", body, "James Lally");
    let q = run("en", body, &[lally]);
    assert_eq!(one(&q).speaker.as_deref(), Some("James Lally"));
}

#[test]
fn de_lone_determiner_is_no_speaker() {
    let body = "Der grüne Staatssekretär sagte der „Berliner Zeitung“, dass mehr Biodiesel verkauft werden solle.";
    let q = run("de", body, &[]);
    assert!(!q.is_empty());
    assert!(
        q.iter().all(|q| q.speaker.as_deref() != Some("der")),
        "{q:#?}"
    );
}

#[test]
fn de_verb_without_reachable_subject_takes_the_sentence_subject() {
    let body = "Finanzminister Peer Steinbrück (SPD) erklärte im Bundestag, das Grundgesetz lasse Ausnahmen zu.";
    let p = person("p1", "Peer Steinbrück", body, "Peer Steinbrück");
    let q = run("de", body, &[p]);
    assert_eq!(one(&q).speaker.as_deref(), Some("Peer Steinbrück"));
}

#[test]
fn de_regular_konjunktiv_after_speech_verb() {
    let body =
        "Die Nachrichtenagentur AP berichtete, der Hubschrauber gehöre einem Waffenfabrikanten.";
    let q = run("de", body, &[]);
    let q = one(&q);
    assert_eq!(q.text, "der Hubschrauber gehöre einem Waffenfabrikanten");
    assert_eq!(q.speaker.as_deref(), Some("Die Nachrichtenagentur AP"));
}

#[test]
fn de_adjective_or_first_person_is_no_konjunktiv() {
    // "-e" before a noun is an adjective; "ich denke" is indicative
    let body = "Der Sprecher erklärte, die große Brücke steht seit Jahren. Ich denke oft daran.";
    assert!(
        run("de", body, &[]).is_empty(),
        "{:#?}",
        run("de", body, &[])
    );
}

#[test]
fn de_regular_konjunktiv_continues_a_quote_but_a_later_konjunktiv_ii_does_not() {
    let body = "Der Minister sagte, die Lage sei ernst. Der Zugriff funktioniere aber weiterhin. \
                Schon im Verdachtsfall werden alle Tiere getötet. \
                Der Export würde dann nahezu vollständig einbrechen.";
    let q = run("de", body, &[]);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(q[1].text, "Der Zugriff funktioniere aber weiterhin");
    assert_eq!(q[1].speaker.as_deref(), Some("Der Minister"));
}

#[test]
fn de_zu_infinitive_with_infix_after_announcing_verb() {
    let body = "Mubarak kündigte am Donnerstag an, bei der Wahl im September erneut anzutreten.";
    let q = run("de", body, &[]);
    let q = one(&q);
    assert_eq!(q.text, "bei der Wahl im September erneut anzutreten");
    assert_eq!(q.speaker.as_deref(), Some("Mubarak"));
    // a verb that does not take what was said as its infinitive ("schreibt … vor")
    let body = "Die Verordnung schreibt vor, große Sperrbezirke sofort einzurichten.";
    assert!(run("de", body, &[]).is_empty());
}

#[test]
fn de_verb_first_reporting_clause_frames_indicative_report() {
    let body = "Kämpfer töteten mehrere hundert Zivilisten, teilten die Vereinten Nationen mit.";
    let q = run("de", body, &[]);
    let q = one(&q);
    assert_eq!(q.text, "Kämpfer töteten mehrere hundert Zivilisten");
    assert_eq!(q.speaker.as_deref(), Some("die Vereinten Nationen"));
    // "so dass" is a consequence, not a frame
    let body = "Die Forscher veränderten einen Baustein, so dass die Tiere kleiner sind.";
    assert!(run("de", body, &[]).is_empty());
}

#[test]
fn de_subject_opening_the_clause_speaks_not_the_object() {
    let body = "Der Minister begründete die Entscheidung damit, dass die Kosten gestiegen seien.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("Der Minister"));
    let body = "So sagte der Sprecher, die Lage sei ernst.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("der Sprecher"));
}

#[test]
fn de_dass_clause_after_apposition_of_the_speaker() {
    let body =
        "Am Montag meldete der Radiosender, Radio Vatikan, dass die Enzyklika gut verkauft wird.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).text, "die Enzyklika gut verkauft wird");
}

#[test]
fn de_speaker_phrase_may_hold_a_name_in_marks() {
    let body = "Die Organisation „Reporter ohne Grenzen“ kritisierte, dass die Berichterstattung gefährlich sei.";
    let q = run("de", body, &[]);
    assert_eq!(
        one(&q).speaker.as_deref(),
        Some("Die Organisation „Reporter ohne Grenzen“")
    );
    let body = "„BBC News“ berichtete, die Gefangenen hätten die Türen aufgebrochen.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("„BBC News“"));
}

#[test]
fn de_colon_after_speech_verb_opens_indirect_report() {
    let body = "Der Senatssprecher Richard Meng kritisierte den harten Kurs: Es sei bedauerlich, dass die Gewerkschaft nur auf Streik setze.";
    let q = run("de", body, &[]);
    let q = one(&q);
    assert_eq!(
        q.text,
        "Es sei bedauerlich, dass die Gewerkschaft nur auf Streik setze"
    );
    assert_eq!(
        q.speaker.as_deref(),
        Some("Der Senatssprecher Richard Meng")
    );
}

#[test]
fn de_reported_speech_act_introduces_the_next_sentences_speaker() {
    let body = "Der Staatssekretär sagte, größere Tankstellen seien zum Angebot verpflichtet. \
                Der Verkehrsminister Manfred Stolpe kritisierte die Forderungen scharf. \
                Heutige Fahrzeuge seien oft gar nicht in der Lage, damit zu fahren.";
    let q = run("de", body, &[]);
    assert_eq!(q.len(), 3, "{q:#?}");
    assert_eq!(
        q[1].text,
        "Der Verkehrsminister Manfred Stolpe kritisierte die Forderungen scharf"
    );
    for q in &q[1..] {
        assert_eq!(
            q.speaker.as_deref(),
            Some("Der Verkehrsminister Manfred Stolpe")
        );
    }
}

#[test]
fn de_reported_speech_act_is_a_quote_of_its_subject() {
    let body = "Die Gewerkschaft forderte am Montag den Rücktritt des Ministers. \
                Als Grund gab die Behörde die mangelnde Sicherheit der Maschinen an.";
    let q = run("de", body, &[]);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(
        q[0].text,
        "Die Gewerkschaft forderte am Montag den Rücktritt des Ministers"
    );
    assert_eq!(q[0].kind, QuoteKind::Indirect);
    assert_eq!(q[0].speaker.as_deref(), Some("Die Gewerkschaft"));
    assert_eq!(q[0].cue.as_deref(), Some("forderte"));
    assert_eq!(q[1].speaker.as_deref(), Some("die Behörde"));
}

#[test]
fn de_negated_passive_denied_or_attributive_acts_are_not_quotes() {
    let body = "Zu den Vorwürfen äußerte sich der Minister nicht. \
                Die Entscheidung wurde vom Gericht bestätigt. \
                Syriens Führung weist den Vorwurf entschieden zurück. \
                Die Beamten meldeten den ersten bestätigten Fall in der Stadt. \
                Der Minister kritisierte den Beschluss nicht. \
                Das Erdbeben forderte mindestens 65 Menschenleben.";
    assert!(
        run("de", body, &[]).is_empty(),
        "{:#?}",
        run("de", body, &[])
    );
}

#[test]
fn de_passive_speech_acts_are_quotes_of_their_agent() {
    let body = "Die Regierung wurde von der Opposition scharf kritisiert. \
                Als Ursache des Unfalls wurde ein technischer Defekt genannt.";
    let q = run("de", body, &[]);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(
        q[0].text,
        "Die Regierung wurde von der Opposition scharf kritisiert"
    );
    assert_eq!(q[0].kind, QuoteKind::Indirect);
    assert_eq!(q[0].speaker.as_deref(), Some("der Opposition"));
    assert_eq!(q[0].cue.as_deref(), Some("kritisiert"));
    assert_eq!(q[1].speaker, None);
    assert_eq!(q[1].cue.as_deref(), Some("genannt"));
    let body = "Die Wahlen werden von vielen Beobachtern als unfair bezeichnet. \
                Einerseits wird der Aufwand bemängelt, andererseits die Kontrolle beklagt - so \
                etwa von der Umwelthilfe.";
    let q = run("de", body, &[]);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(q[0].speaker.as_deref(), Some("vielen Beobachtern"));
    assert_eq!(q[1].speaker.as_deref(), Some("der Umwelthilfe"));
}

#[test]
fn de_final_so_frame_reports_an_indicative_clause() {
    let body = "Der Täter war bereits über die Grenze geflohen, so die Polizei. \
                Es regnete stark, so dass das Spiel ausfiel.";
    let q = run("de", body, &[]);
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].text, "Der Täter war bereits über die Grenze geflohen");
    assert_eq!(q[0].speaker.as_deref(), Some("die Polizei"));
    assert_eq!(q[0].cue.as_deref(), Some("so"));
}

#[test]
fn de_free_indirect_run_in_one_paragraph_is_one_quote() {
    let body = "Der Minister sagte am Montag, er sei zufrieden. Der Plan sei gut. \
                Die Kosten seien gering.\n\nDas Wetter bleibt kalt.";
    let q = run("de", body, &[]);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(q[1].text, "Der Plan sei gut. Die Kosten seien gering");
    assert_eq!(q[1].speaker.as_deref(), Some("Der Minister"));
}

#[test]
fn de_inverted_frame_after_a_fronted_phrase_names_the_speaker_after_the_verb() {
    let body = "Als Antwort auf den Brief sagte ein Sprecher der Regierung: \
                „Wir prüfen das Schreiben sorgfältig.“";
    let q = run("de", body, &[]);
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].kind, QuoteKind::Direct);
    assert_eq!(q[0].speaker.as_deref(), Some("ein Sprecher der Regierung"));
}

#[test]
fn de_indicative_main_clause_after_a_speech_verb_is_reported() {
    let body = "Die Ministerin sagte, die USA hielten sich an die Konvention. \
                Der Sprecher erklärte den Plan, das Experten seit Jahren kritisieren.";
    let q = run("de", body, &[]);
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].text, "die USA hielten sich an die Konvention");
    assert_eq!(q[0].speaker.as_deref(), Some("Die Ministerin"));
}

#[test]
fn de_stances_frame_reports_and_decisions_do_not() {
    let body = "Die Ministerin vertritt die Ansicht, dass die Reform zu spät kommt. \
                Beobachter schließen daraus, dass die Regierung geschwächt ist. \
                Der Rat hatte beschlossen, dass ein Team die Fälle prüfen soll.";
    let q = run("de", body, &[]);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(q[0].text, "die Reform zu spät kommt");
    assert_eq!(q[0].speaker.as_deref(), Some("Die Ministerin"));
    assert_eq!(q[1].text, "die Regierung geschwächt ist");
    assert_eq!(q[1].speaker.as_deref(), Some("Beobachter"));
}

#[test]
fn de_subject_with_apposition_before_its_verb_is_no_report() {
    let body = "Der Vorsitzende des Betriebsrats, Stefan Sporn, zeigte sich gelassen.";
    assert!(
        run("de", body, &[]).is_empty(),
        "{:#?}",
        run("de", body, &[])
    );
}

#[test]
fn de_konjunktiv_ii_of_modals_continues_a_quote_only_right_after_it() {
    let body = "Die Regierung warnte, die Lage sei ernst. Die Dämme könnten bald brechen.\n\n\
                Das Wetter bleibt kalt. Morgen könnten die Temperaturen fallen.";
    let q = run("de", body, &[]);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(q[1].text, "Die Dämme könnten bald brechen");
    assert_eq!(q[1].speaker.as_deref(), Some("Die Regierung"));
}

#[test]
fn de_single_name_opening_a_speech_act_speaks_when_capitalized_elsewhere() {
    let body = "Die Polizei befragte Li am Montag. Li nannte die Vorwürfe völlig absurd. \
                Derzeit nennt die Behörde keine weiteren Einzelheiten zum Fall.";
    let q = run("de", body, &[]);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Li"));
    assert_eq!(q[1].speaker.as_deref(), Some("die Behörde"));
}

#[test]
fn de_conditional_so_is_no_frame() {
    let body = "Hätte er nur Bier getrunken, so müsste er sehr viel davon getrunken haben.";
    assert!(
        run("de", body, &[]).is_empty(),
        "{:#?}",
        run("de", body, &[])
    );
}

#[test]
fn de_strong_konjunktiv_ii_and_klarstellen_frame_reports() {
    let body = "Der Sprecher erklärte, für die Opfer stünden Notunterkünfte bereit. \
                Die Ministerin stellte klar, dass es keine Verletzten gegeben habe.";
    let q = run("de", body, &[]);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(q[0].text, "für die Opfer stünden Notunterkünfte bereit");
    assert_eq!(q[0].speaker.as_deref(), Some("Der Sprecher"));
    assert_eq!(q[1].text, "es keine Verletzten gegeben habe");
    assert_eq!(q[1].speaker.as_deref(), Some("Die Ministerin"));
}

#[test]
fn de_konjunktiv_ii_of_haben_continues_a_quote_unless_conditional() {
    let body = "Der Minister sagte, die Lage sei ernst. Die Behörden hätten zu spät reagiert.";
    let q = run("de", body, &[]);
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(q[1].text, "Die Behörden hätten zu spät reagiert");
    assert_eq!(q[1].speaker.as_deref(), Some("Der Minister"));
    let body = "Der Minister sagte, die Lage sei ernst. Wenn es mehr regnete, hätten die Bauern \
                einen besseren Ertrag.";
    assert_eq!(run("de", body, &[]).len(), 1);
}

#[test]
fn de_subjunctive_report_after_a_long_frame() {
    let body = "Jody Hey berichtete im Fachmagazin „Public Library of Science“ („PLoS Biology“), es sei nur Genmaterial von etwa 70 Menschen gefunden worden.";
    let indirect = |body: &str| {
        run("de", body, &[])
            .into_iter()
            .filter(|q| q.kind == QuoteKind::Indirect)
            .collect::<Vec<_>>()
    };
    let qs = indirect(body);
    let q = one(&qs);
    assert_eq!(
        q.text,
        "es sei nur Genmaterial von etwa 70 Menschen gefunden worden"
    );
    assert_eq!(q.speaker.as_deref(), Some("Jody Hey"));
    // without a subjunctive the far comma opens no report
    let body = "Jody Hey berichtete im Fachmagazin „Public Library of Science“ („PLoS Biology“), das seit 2003 erscheint.";
    assert!(indirect(body).is_empty());
}

#[test]
fn de_report_ends_before_the_speakers_next_clause() {
    let body = "Saddam Hussein hatte vor Gericht erklärt, er sei unschuldig, erkannte die Autorität des Gerichtes nicht an und schwieg.";
    let qs = run("de", body, &[]);
    let q = one(&qs);
    assert_eq!(q.text, "er sei unschuldig");
}

#[test]
fn de_final_frame_with_an_apposition_after_the_speaker() {
    let body = "Die politischen Kosten steigen weiter an, sagte Matthew Waxman, ein ehemaliger Mitarbeiter des Pentagons.";
    let qs = run("de", body, &[]);
    let q = one(&qs);
    assert_eq!(q.text, "Die politischen Kosten steigen weiter an");
    assert_eq!(q.speaker.as_deref(), Some("Matthew Waxman"));
    // a parenthetical frame inside the report keeps the whole sentence
    let body = "Es sei möglich, so Rodrigo Rato, Generaldirektor des IWF, dass weiteren Ländern die Schulden erlassen werden.";
    assert!(one(&run("de", body, &[]))
        .text
        .starts_with("Es sei möglich, so"));
}

#[test]
fn de_object_after_the_speaker_is_not_part_of_the_speaker() {
    let body = "So berichtete der Journalist Dirk Lorenzen dem Deutschlandfunk, dass die ESA das Projekt nicht angehen werde.";
    let qs = run("de", body, &[]);
    let q = one(&qs);
    assert_eq!(q.speaker.as_deref(), Some("der Journalist Dirk Lorenzen"));
}

#[test]
fn de_speech_act_with_a_passive_relative_clause_and_recap_sentences() {
    let body = "Nicolas Sarkozy verlangte die Freilassung einer Lehrerin, die am 1. Juli festgenommen wurde. Der Airbus startet am Mittwoch zum Testflug. Das teilte Airbus mit.";
    let qs = run("de", body, &[]);
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert!(qs[0].text.starts_with("Nicolas Sarkozy verlangte"));
    assert_eq!(qs[0].speaker.as_deref(), Some("Nicolas Sarkozy"));
}

#[test]
fn de_speaker_opened_by_an_adjective_or_before_an_auxiliary() {
    let body = "Wie kenianische Behörden mitteilten, handelt es sich um das Rift-Valley-Fieber.";
    let qs = run("de", body, &[]);
    assert_eq!(one(&qs).speaker.as_deref(), Some("kenianische Behörden"));
    let body = "Die Universität hatte anlässlich des Entzugs des Titels erklärt, sie wolle dem Vorwurf nachgehen.";
    let qs = run("de", body, &[]);
    assert_eq!(one(&qs).speaker.as_deref(), Some("Die Universität"));
    // a passive auxiliary leaves the report without speaker
    let body = "Diese Woche wurde angekündigt, dass es erstmals Direktflüge geben wird.";
    let qs = run("de", body, &[]);
    assert_eq!(one(&qs).speaker, None);
}

#[test]
fn de_speech_acts_of_groups_of_people_and_of_names_with_a_parenthesis() {
    let body =
        "Die Lage ist ernst. Augenzeugen berichteten von Panzerbewegungen im Norden des Landes.";
    let qs = run("de", body, &[]);
    assert_eq!(one(&qs).speaker.as_deref(), Some("Augenzeugen"));
    let body = "Die Lage ist ernst. Der Internationale Währungsfonds (IWF) gab gestern einen Schuldenerlass für arme Länder bekannt.";
    let qs = run("de", body, &[]);
    assert_eq!(
        one(&qs).speaker.as_deref(),
        Some("Der Internationale Währungsfonds")
    );
    let body = "Die Lage ist ernst. Der Außenminister Massimo D'Alema hat heute in Bagdad den Abzug der Truppen angekündigt.";
    let qs = run("de", body, &[]);
    assert_eq!(
        one(&qs).speaker.as_deref(),
        Some("Der Außenminister Massimo D'Alema")
    );
    // a sentence adverb opening the clause is no speaker
    let body = "Die Lage ist ernst. Inzwischen kündigte sich ein Wetterumschwung an.";
    assert!(run("de", body, &[]).is_empty());
}

#[test]
fn de_short_capitalized_names_in_marks_are_titles_unless_framed_as_speech() {
    let body = "Am Montag forderte das Parlament die Aushändigung der „Krone Montezumas“.";
    assert!(run("de", body, &[])
        .iter()
        .all(|q| q.text != "Krone Montezumas"));
    let body = "Der Minister sagte: „Gute Reise“.";
    let qs = run("de", body, &[]);
    assert_eq!(one(&qs).text, "Gute Reise");
}

#[test]
fn de_report_before_a_final_as_clause() {
    let body = "Die Vergabe wird auch die letzte nach dem Rotationsprinzip sein, wie der Verband am Montag bekannt gab.";
    let qs = run("de", body, &[]);
    let q = one(&qs);
    assert_eq!(
        q.text,
        "Die Vergabe wird auch die letzte nach dem Rotationsprinzip sein"
    );
    assert_eq!(q.speaker.as_deref(), Some("der Verband"));
    // a comparison is no reporting clause
    let body = "Die Vergabe wird auch die letzte nach dem Rotationsprinzip sein, wie es der Verband plante.";
    assert!(run("de", body, &[]).is_empty());
}

#[test]
fn de_subject_of_a_passive_speech_verb_is_no_speaker() {
    let body = "Christian Klien wurde vorgeworfen, an der Schlägerei beteiligt gewesen zu sein.";
    let klien = person("e1", "Christian Klien", body, "Christian Klien");
    let qs = run("de", body, &[klien]);
    assert_eq!(one(&qs).speaker, None);
}

#[test]
fn de_indicative_report_opened_by_a_subject_pronoun() {
    let body = "Der Minister warnte am Montag, es gibt keine einfache Lösung für die Krise.";
    let qs = run("de", body, &[]);
    assert_eq!(one(&qs).text, "es gibt keine einfache Lösung für die Krise");
    // a relative clause after the comma is no report
    let body = "Der Minister warnte die Firma, die seit Jahren Verluste macht.";
    assert!(run("de", body, &[])
        .iter()
        .all(|q| !q.text.starts_with("die seit")));
}

#[test]
fn de_inverted_clause_named_subject_after_verb_speaks() {
    // an adverbial front field: the named person after the verb is the subject
    let body =
        "Während seiner Amtszeit warnte Kluncker, der Lohnverzicht bringe den Arbeitslosen nichts.";
    let ents = [person("e1", "Heinz Kluncker", body, "Kluncker")];
    let q = run("de", body, &ents);
    let q = one(&q);
    assert_eq!(q.text, "der Lohnverzicht bringe den Arbeitslosen nichts");
    assert_eq!(q.speaker.as_deref(), Some("Heinz Kluncker"));
    // negative: a subject opened by a nominative determiner keeps the speech; the named
    // person after the verb is its object
    let body = "Der Sprecher warnte Kluncker, der Lohnverzicht bringe den Arbeitslosen nichts.";
    let ents = [person("e1", "Heinz Kluncker", body, "Kluncker")];
    let q = run("de", body, &ents);
    assert_eq!(one(&q).speaker.as_deref(), Some("Der Sprecher"));
}

#[test]
fn de_reflexive_between_verb_and_subject_is_skipped() {
    let body = "In einem Interview äußerte sich der Außenbeauftragte Javier Solana zuversichtlich: „Ich gehe davon aus, dass eine Einigung gelingen wird.“";
    let ents = [person("e1", "Javier Solana", body, "Javier Solana")];
    let q = run("de", body, &ents);
    let q = one(&q);
    assert_eq!(q.speaker.as_deref(), Some("Javier Solana"));
    // negative: a relative "die sich … geäußert hat" names no speaker "die"
    let body = "Die Isolierung, die sich in der Weigerung der EU geäußert hat, die Behörde weiterhin zu unterstützen, bleibt.";
    let q = run("de", body, &[]);
    assert!(
        q.iter().all(|q| q.speaker.as_deref() != Some("die")),
        "{q:#?}"
    );
}

#[test]
fn de_the_one_quoted_speaks_not_the_medium_quoting() {
    let body = "Ein Fernsehsender zitierte Papandreou mit den Worten: „Wenn ich das Problem bin, klebe ich nicht an meinem Stuhl.“";
    let ents = [person("e1", "Giorgos Papandreou", body, "Papandreou")];
    let q = run("de", body, &ents);
    assert_eq!(one(&q).speaker.as_deref(), Some("Giorgos Papandreou"));
    // passive: its subject is the one quoted
    let body = "Günther Platter wird von der Nachrichtenagentur Reuters mit den Worten zitiert, es habe eine positive Resonanz gegeben.";
    let ents = [person("e1", "Günther Platter", body, "Günther Platter")];
    let q = run("de", body, &ents);
    let q = one(&q);
    assert_eq!(q.text, "es habe eine positive Resonanz gegeben");
    assert_eq!(q.speaker.as_deref(), Some("Günther Platter"));
    // negative: in a relative clause the quoting verb has no object after it; the subject of
    // the main clause's speech verb speaks
    let body = "Ein hoher Beamter, den die Zeitung zitiert, kommentierte, die Erklärungen sollten dem Kongress nur zeigen, dass man handle.";
    let q = run("de", body, &[]);
    assert!(
        q.iter()
            .any(|q| q.speaker.as_deref() == Some("Ein hoher Beamter")),
        "{q:#?}"
    );
}

#[test]
fn de_final_reporting_clause_variants() {
    // the verb's particle closing the sentence closes the frame, an apposition inside it too
    let body = "Vor dem Absturz wurde kein Notsignal gesendet, teilte später der Direktor der Behörde, Bagus Puruhito, mit.";
    let q = run("de", body, &[]);
    let q = one(&q);
    assert_eq!(q.text, "Vor dem Absturz wurde kein Notsignal gesendet");
    assert_eq!(q.speaker.as_deref(), Some("der Direktor der Behörde"));
    // "so" before a speech verb opens its clause
    let body = "Der Flug käme für ihn einer Folter gleich, so bestätigt das Gericht.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).text, "Der Flug käme für ihn einer Folter gleich");
    assert_eq!(one(&q).speaker.as_deref(), Some("das Gericht"));
    // a name in marks inside the report does not make the report a direct quote
    let body = "Der neu entdeckte Riesenplanet begleitet den Stern „HD 13189“, teilte die Universität Jena mit.";
    let q = run("de", body, &[]);
    let q = one(&q);
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(
        q.text,
        "Der neu entdeckte Riesenplanet begleitet den Stern „HD 13189“"
    );
}

#[test]
fn de_subject_apposition_or_subordinate_clause_before_the_verb_is_no_report() {
    for body in [
        "Der Sprecher der Bundesregierung, Steffen Seibert, kündigte eine Prüfung an.",
        "Der frühere Bürgermeister und Justizsenator, Henning Scherf (SPD), warnte die Partei vor einem Wahlkampf.",
        "Während sich die Opposition bisher zurückgehalten hat, fordert die Partei seit gestern Neuwahlen.",
    ] {
        let q = run("de", body, &[]);
        assert!(
            q.iter().all(|q| !body.starts_with(&q.text) || q.text.len() > body.len() / 2 + 10),
            "{body}: {q:#?}"
        );
    }
    // a colon-introduced quote before the comma stays direct
    let body = "Der Trainer war zufrieden: „Ein guter Start“, sagte er.";
    let q = run("de", body, &[]);
    assert!(
        q.iter()
            .any(|q| q.kind == QuoteKind::Direct && q.text == "Ein guter Start"),
        "{q:#?}"
    );
}

#[test]
fn de_konjunktiv_after_a_speaker_answering_a_report_goes_on_with_the_speaker() {
    let body = "Der frühere Bürgermeister wies die Vorwürfe am Montag zurück. Es seien keine Fehler gemacht worden.";
    let q = run("de", body, &[]);
    assert!(
        q.iter()
            .any(|q| q.text == "Es seien keine Fehler gemacht worden"),
        "{q:#?}"
    );
    // negative: after a report that no one in the sentence speaks, the subjunctive sentence is
    // the report's claim (an attribution), no quote
    let body = "Schwere Vorwürfe wurden am Montag laut. Der Landrat habe Geld genommen.";
    let q = run("de", body, &[]);
    assert!(q.is_empty(), "{q:#?}");
}

#[test]
fn de_free_indirect_speaker_from_the_sentence_before_only_when_it_names_someone() {
    let body = "Anna Schmidt stand am Montag vor dem Ausschuss. Die Reform sei ein schwerer Fehler gewesen.";
    let ents = [person("e1", "Anna Schmidt", body, "Anna Schmidt")];
    let q = run("de", body, &ents);
    assert_eq!(one(&q).speaker.as_deref(), Some("Anna Schmidt"));
    // negative: capitals mark every German noun, not a name
    let body = "Die Mitbestimmung der Gewerkschaften stand am Montag zur Debatte. Die Reform sei ein schwerer Fehler gewesen.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker, None, "{q:#?}");
}

#[test]
fn de_genitive_front_field_is_no_speaker() {
    let body = "Des Weiteren verwies Steinbrück darauf, dass der Haushalt ausgeglichen sei.";
    let ents = [person("e1", "Peer Steinbrück", body, "Steinbrück")];
    let q = run("de", body, &ents);
    let q = one(&q);
    assert_eq!(q.text, "der Haushalt ausgeglichen sei");
    assert_eq!(q.speaker.as_deref(), Some("Peer Steinbrück"), "{q:#?}");
}

#[test]
fn de_frame_word_opening_the_clause_is_no_speaker() {
    let body = "So sagte der zuständige Koordinator, dass nur 14 Motorboote im Einsatz seien.";
    let q = run("de", body, &[]);
    let q = one(&q);
    assert_eq!(q.text, "nur 14 Motorboote im Einsatz seien");
    assert_ne!(q.speaker.as_deref(), Some("So"), "{q:#?}");
}

#[test]
fn de_subject_with_apposition_speaks_not_the_object_after_the_verb() {
    let body = "Der Sprecher von Bündnis 90/Die Grünen, Max Muster, kritisierte die Pläne der Regierung. Die vorgesehenen Mittel seien viel zu knapp bemessen.";
    let ents = [person("e1", "Max Muster", body, "Max Muster")];
    let q = run("de", body, &ents);
    assert!(!q.is_empty(), "{q:#?}");
    assert!(
        q.iter().all(|q| q.speaker.as_deref() == Some("Max Muster")),
        "{q:#?}"
    );
}

#[test]
fn de_report_without_speaker_speaks_for_the_one_person_its_sentence_names() {
    let body = "Im Gespräch mit Anna Berg ging es um „die schlimmste Flut seit Jahrzehnten“.";
    let ents = [person("e1", "Anna Berg", body, "Anna Berg")];
    let q = run("de", body, &ents);
    assert_eq!(one(&q).speaker.as_deref(), Some("Anna Berg"), "{q:#?}");
    // negative: with two persons named, none is picked
    let body =
        "Im Gespräch mit Anna Berg und Paul Klee ging es um „die schlimmste Flut seit Jahrzehnten“.";
    let ents = [
        person("e1", "Anna Berg", body, "Anna Berg"),
        person("e2", "Paul Klee", body, "Paul Klee"),
    ];
    let q = run("de", body, &ents);
    assert_eq!(one(&q).speaker, None, "{q:#?}");
}

#[test]
fn de_more_speech_verbs_frame_reports() {
    let body = "Der Minister erwiderte, die Vorwürfe seien haltlos.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).text, "die Vorwürfe seien haltlos");
    assert_eq!(one(&q).cue.as_deref(), Some("erwiderte"));
    let body = "Die Regierung ließ am Montag verlauten, man werde die Steuern senken.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).text, "man werde die Steuern senken");
    assert_eq!(one(&q).speaker.as_deref(), Some("Die Regierung"));
    // negative: "ließ" without its frame word reports nothing
    let body = "Der Minister ließ sich am Montag beurlauben, wie bekannt ist.";
    assert!(run("de", body, &[]).is_empty());
}

#[test]
fn marks_after_a_naming_noun_hold_a_title_not_a_quote() {
    let body = "Tausende demonstrierten am Samstag unter dem Motto „Bildung ist keine Ware für alle“ in der Innenstadt.";
    assert!(run("de", body, &[]).is_empty());
    let body = "Die Studie mit dem Titel „Gewalt in der Stadt von 2009 bis 2013“ wurde am Montag vorgestellt.";
    assert!(run("de", body, &[]).is_empty());
    let body = "The group released the album \"Songs for the long way home\" last week.";
    assert!(run("en", body, &[]).is_empty());
    // negative: a reporting frame makes the marked words speech
    let body = "Der Sprecher nannte das Motto „Wir schaffen das gemeinsam mit allen“, sagte er.";
    assert!(!run("de", body, &[]).is_empty());
}

#[test]
fn de_speech_act_in_the_present_tense() {
    let body = "Die Gewerkschaften fordern seit Wochen höhere Löhne für alle Beschäftigten.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).kind, QuoteKind::Indirect);
    assert_eq!(one(&q).speaker.as_deref(), Some("Die Gewerkschaften"));
    // negative: a negated act reports nothing
    let body = "Die Gewerkschaften fordern diesmal nicht die Erhöhung der Löhne.";
    assert!(run("de", body, &[]).is_empty());
}

#[test]
fn de_time_phrase_before_the_verb_is_no_speaker() {
    let body = "Auch die Wochenzeitung „Die Welt“ hatte Anfang Juli berichtet, dass die Verhandlungen gescheitert seien.";
    let q = run("de", body, &[]);
    let q = one(&q);
    assert_eq!(q.text, "die Verhandlungen gescheitert seien");
    assert_ne!(q.speaker.as_deref(), Some("Anfang Juli"), "{q:#?}");
}

#[test]
fn de_subject_before_a_finite_auxiliary_speaks_not_the_object_before_the_verb() {
    let cases = [
        (
            "Staatspräsident Mattarella hatte Conte gebeten, vorübergehend im Amt zu bleiben.",
            "Staatspräsident Mattarella",
        ),
        (
            "Der amerikanische Präsident hat bereits sein Veto gegen den Gesetzentwurf angekündigt, falls dieser nicht abgeschwächt werde.",
            "Der amerikanische Präsident",
        ),
        (
            "Die Regierung Guatemalas hat am 25. November 2005 angekündigt, eine Nationale Kommission zu gründen.",
            "Die Regierung Guatemalas",
        ),
        (
            "Der Fraktionsvorsitzende im Landtag, Wolfgang Jüttner, hatte Lenz gestern aufgefordert, sein Mandat niederzulegen.",
            "Der Fraktionsvorsitzende",
        ),
        (
            "Am Montag hat der Minister erklärt, die Steuern würden sinken.",
            "der Minister",
        ),
    ];
    for (body, speaker) in cases {
        let qs = run("de", body, &[]);
        assert_eq!(qs.len(), 1, "{body}: {qs:#?}");
        assert_eq!(qs[0].speaker.as_deref(), Some(speaker), "{body}: {qs:#?}");
    }
}

#[test]
fn de_nominative_pronoun_after_the_verb_speaks_not_the_fronted_object() {
    let body = "Die Entscheidung des Gerichts kritisierte er scharf, sie sei ein Fehler gewesen.";
    let qs = run("de", body, &[]);
    assert!(!qs.is_empty());
    for q in &qs {
        assert_eq!(q.speaker.as_deref(), Some("er"), "{qs:#?}");
    }
}

#[test]
fn de_pronoun_keeps_a_named_antecedent_but_not_a_group_or_description() {
    let body = "Augenzeugen berichteten, es habe mehrere Explosionen gegeben. Sie sagte, die Lage sei inzwischen ruhig.";
    let qs = run("de", body, &[]);
    let last = qs.last().expect("quotes");
    assert_eq!(last.speaker.as_deref(), Some("Sie"), "{qs:#?}");
    let body = "Wang Shuai sagte, die Margen seien gering. Er sagte, die Steuern seien zu hoch.";
    let qs = run("de", body, &[]);
    assert_eq!(qs.len(), 2, "{qs:#?}");
    assert_eq!(qs[1].speaker.as_deref(), Some("Wang Shuai"), "{qs:#?}");
}

#[test]
fn de_speech_verb_after_und_shares_the_subject_of_the_first_verb_phrase() {
    let body = "Die Regierung protestierte gegen die neuen Zölle und erklärte, damit würden die Exporte leiden.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("Die Regierung"));
    let body =
        "Im Januar legte er sein Amt nieder und verkündete, er werde künftig als Berater arbeiten.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("er"));
}

#[test]
fn de_relative_pronoun_speaks_for_the_phrase_before_the_comma() {
    let body = "Skeptisch blieb der Grünen-Vorsitzende Reinhard Bütikofer, der sagte, man dürfe nicht so tun, als sei alles möglich.";
    let ents = [person(
        "e1",
        "Reinhard Bütikofer",
        body,
        "Reinhard Bütikofer",
    )];
    let qs = run("de", body, &ents);
    assert!(!qs.is_empty(), "{qs:#?}");
    assert_eq!(
        qs[0].speaker.as_deref(),
        Some("Reinhard Bütikofer"),
        "{qs:#?}"
    );
    // a phrase before the comma that names no one leaves the pronoun
    let qs = run("de", body, &[]);
    assert_eq!(qs[0].speaker.as_deref(), Some("der"), "{qs:#?}");
}

#[test]
fn de_capitalized_noun_inside_a_sentence_is_no_speech_verb() {
    let body = "Höhepunkte sind die Schließung der Grenze und Schreiben, in denen die Führung den Diplomaten rät, das Land zu verlassen, da ihre Sicherheit nicht garantiert werden könne.";
    let qs = run("de", body, &[]);
    assert!(
        qs.iter().all(|q| q.cue.as_deref() != Some("Schreiben")),
        "{qs:#?}"
    );
}

#[test]
fn de_source_after_laut_speaks_for_the_next_subjunctive_sentence() {
    let body = "Laut Aussage des Ministeriums lebte der Mann seit Jahren illegal im Land. Über Monate sei er beobachtet worden.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).text, "Über Monate sei er beobachtet worden");
    assert_eq!(one(&q).speaker.as_deref(), Some("des Ministeriums"));
}

#[test]
fn de_marked_fragment_after_nach_angaben_is_a_direct_quote_of_the_source() {
    let body = "Die Schwerpunkte der Ausstellung sind nach Angaben des Leiters „die Moderne, die menschliche Existenz und die Frage der Bildung“. Das Museum öffnet am Montag.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).kind, QuoteKind::Direct);
    assert_eq!(one(&q).speaker.as_deref(), Some("des Leiters"));
    assert_eq!(one(&q).cue, None);
}

#[test]
fn de_long_as_clause_whose_verb_closes_the_sentence_frames_the_report() {
    let body = "Der Minister sah keinen Grund, an seiner Regierung zu zweifeln, wie er in einem Schreiben an das Parlament nach der Abstimmung über den Antrag bekundete.";
    let q = run("de", body, &[]);
    assert_eq!(
        one(&q).text,
        "Der Minister sah keinen Grund, an seiner Regierung zu zweifeln"
    );
    assert_eq!(one(&q).cue.as_deref(), Some("bekundete"));
}

fn run_inclusive(body: &str) -> Vec<Quote> {
    let pack = LangPack::get_or_neutral("de");
    let text = Text::new(body, "de", None, newsgraph_segment::sentences(body, pack));
    let speech = crate::SpeechTokens::new(body, pack);
    let mut quotes = super::extract_with(&text, &[], &speech);
    super::add_fragments(&text, &[], &speech, &mut quotes);
    checked(body, quotes)
}

#[test]
fn add_fragments_lists_a_fragment_in_marks_inside_indirect_speech_as_well() {
    let body = "Der Minister sagte, die Reform sei „ein historischer Fehler“ gewesen.";
    let strict = run("de", body, &[]);
    let q = one(&strict);
    assert_eq!(q.kind, QuoteKind::Indirect);
    let inclusive = run_inclusive(body);
    assert_eq!(inclusive.len(), 2, "{inclusive:#?}");
    let fragment = inclusive
        .iter()
        .find(|q| q.kind == QuoteKind::Direct)
        .expect("the fragment as a direct quote");
    assert_eq!(fragment.text, "ein historischer Fehler");
    assert_eq!(fragment.speaker, q.speaker);
    assert_eq!(fragment.cue, q.cue);
}

#[test]
fn add_fragments_adds_no_name_and_nothing_without_indirect_speech() {
    for body in [
        "Die Partei nennt sich „Neue Mitte“ und tritt zur Wahl an.",
        "Der Minister sagte, die Reform sei gescheitert.",
        "Der Minister sagte, die Zeitung „Neue Presse“ habe gelogen.",
    ] {
        assert_eq!(run("de", body, &[]), run_inclusive(body), "{body}");
    }
}

#[test]
fn de_lone_adverb_names_no_speaker() {
    let body = "Derzeit: „Wir prüfen alle Optionen sehr genau und entscheiden bald.“";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker, None);
    // negative: a noun phrase before the colon still speaks
    let body = "Der Sprecher: „Wir prüfen alle Optionen sehr genau und entscheiden bald.“";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("Der Sprecher"));
}

#[test]
fn de_fronted_time_phrase_with_a_year_is_no_subject() {
    let body = "Ende Januar 2006 verkündete der Verband offiziell, dass man sich bewerben werde.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("der Verband"));
    // negative: a lone demonstrative opening the clause stays its subject
    let body = "Diese glaubten, er sei inzwischen verstorben.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("Diese"));
}

#[test]
fn de_nominative_pronoun_after_verb_speaks_despite_a_prepositional_front_field() {
    let body = "Guttenberg sprach am Montag im Bundestag. Die Regierung in Berlin bezeichnete er \
                als „zutiefst verlogen und heuchlerisch“.";
    let ents = [person(
        "e1",
        "Karl-Theodor zu Guttenberg",
        body,
        "Guttenberg",
    )];
    let q = run("de", body, &ents);
    assert_eq!(
        one(&q).speaker.as_deref(),
        Some("Karl-Theodor zu Guttenberg")
    );
    // negative: "sie" may be the object, so the front field stays the subject
    let body = "Die Regierung in Berlin bezeichnete sie als „zutiefst verlogen und heuchlerisch“.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("Die Regierung"));
}

#[test]
fn de_indefinite_object_before_the_verb_leaves_the_named_person_after_it_speaking() {
    let body =
        "Eine Verschiebung des Wahltermins bezeichnete Conze als fatal, weil die Kongolesen \
                seit drei Jahren auf die Wahl warteten.";
    let ents = [person("e1", "Albrecht Conze", body, "Conze")];
    let q = run("de", body, &ents);
    assert_eq!(one(&q).speaker.as_deref(), Some("Albrecht Conze"));
    // negative: a definite front field is the subject, the person after the verb its object
    let body = "Die Opposition warf Chávez vor, das Land in eine Diktatur zu verwandeln.";
    let ents = [person("e1", "Hugo Chávez", body, "Chávez")];
    let q = run("de", body, &ents);
    assert_eq!(one(&q).speaker.as_deref(), Some("Die Opposition"));
}

#[test]
fn de_reporting_clause_closing_the_sentence_frames_marked_words_before_it() {
    let body = "Das Kühlsystem war wegen „Problemen mit der Elektrizität“ ausgefallen, so ein \
                Sprecher des Zentrums.";
    let q = run("de", body, &[]);
    let q = one(&q);
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(q.text, "Problemen mit der Elektrizität");
    assert_eq!(q.speaker.as_deref(), Some("ein Sprecher des Zentrums"));
    // negative: a name in marks stays no quote of its own
    let body = "Der Film „Neue Welt“ lief am Wochenende gut, so ein Sprecher des Studios.";
    let q = run("de", body, &[]);
    assert!(q.iter().all(|q| q.text != "Neue Welt"), "{q:#?}");
}

#[test]
fn de_organization_opening_the_previous_sentence_speaks_for_a_report() {
    let body = "Das Oberverwaltungsgericht beurteilte die Lage anders. Von einem Notstand könne \
                nicht ausgegangen werden.";
    let court = org(
        "o1",
        "Higher Administrative Court",
        body,
        "Oberverwaltungsgericht",
    );
    let q = run("de", body, &[court]);
    assert_eq!(
        one(&q).speaker.as_deref(),
        Some("Higher Administrative Court")
    );
    // negative: a phrase that names no one does not
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker, None);
}

#[test]
fn de_source_after_nach_meinung_in_its_own_sentence_speaks() {
    let body = "Der Pilot wurde festgenommen. Gleiches gelte nach Ansicht von Senator Dodd auch \
                für das Flugzeug.";
    let dodd = person("e1", "Christopher Dodd", body, "Senator Dodd");
    let q = run("de", body, &[dodd]);
    assert_eq!(one(&q).speaker.as_deref(), Some("Christopher Dodd"));
    // negative: "nach" before another noun opens no source
    let body =
        "Der Pilot wurde festgenommen. Gleiches gelte nach dem Urteil auch für das Flugzeug.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker, None);
}

#[test]
fn de_agent_of_a_passive_reporting_clause_speaks() {
    let body = "Die Miliz wurde von der Regierung beschuldigt, die Anschläge verübt zu haben.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("der Regierung"));
    let body = "Von Seiten der Delegation wurde gefordert, alle Beiträge sollten geprüft werden.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("der Delegation"));
    // negative: the passive of a verb of quoting speaks for the one quoted, not the medium
    let body = "Günther Platter wird von der Agentur Reuters mit den Worten zitiert, es habe eine \
                positive Resonanz gegeben.";
    let ents = [person("e1", "Günther Platter", body, "Günther Platter")];
    let q = run("de", body, &ents);
    assert_eq!(one(&q).speaker.as_deref(), Some("Günther Platter"));
}

#[test]
fn de_frame_only_word_before_a_speech_verb_after_marks_opens_the_frame() {
    let body = "Ein „außerordentlicher Sieg“, so urteilte Romney selbst über seinen Erfolg.";
    let ents = [person("e1", "Mitt Romney", body, "Romney")];
    let q = run("de", body, &ents);
    assert_eq!(one(&q).speaker.as_deref(), Some("Mitt Romney"));
    // negative: "so" with its phrase stays the frame
    let body = "Ein „außerordentlicher Sieg für uns alle“, so der Kandidat.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("der Kandidat"));
}

#[test]
fn de_run_of_lowercase_modifiers_before_a_noun_names_a_speaker() {
    let body = "Auch einige kleinere Parteien haben angekündigt, vor das Gericht zu ziehen.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("einige kleinere Parteien"));
    // negative: a demonstrative does not open such a run ("diese mögliche Uninformiertheit")
    let body = "Auch diese mögliche Uninformiertheit habe Methode: „Das ist in anderen Firmen \
                ebenfalls üblich.“";
    let q = run("de", body, &[]);
    assert!(
        q.iter()
            .all(|q| q.speaker.as_deref() != Some("diese mögliche Uninformiertheit")),
        "{q:#?}"
    );
}

#[test]
fn de_subject_follows_the_verb_after_a_fronted_subordinate_clause() {
    let body = "Nachdem dieser von Moderator Matthias Keller gefragt wurde, entgegnete Suttner \
                empört: „Wollen Sie das nun einfach so stehen lassen?“";
    let ents = [
        person("e1", "Matthias Keller", body, "Matthias Keller"),
        person("e2", "Bernhard Suttner", body, "Suttner"),
    ];
    let q = run("de", body, &ents);
    assert_eq!(one(&q).speaker.as_deref(), Some("Bernhard Suttner"));
    // negative: an apposition before the comma keeps the subject before the verb
    let body = "Bernhard Suttner, der Vorsitzende, entgegnete empört: „Wollen Sie das nun einfach \
                so stehen lassen?“";
    let ents = [person("e2", "Bernhard Suttner", body, "Bernhard Suttner")];
    let q = run("de", body, &ents);
    assert_eq!(one(&q).speaker.as_deref(), Some("Bernhard Suttner"));
}

#[test]
fn de_a_document_speaks_for_its_owner_when_no_one_else_does() {
    let body =
        "In einer Pressemitteilung der Polizei wurde mitgeteilt, dass der Täter gefasst sei.";
    let q = run("de", body, &[]);
    let q = one(&q);
    assert!(speaker_has(q, "Polizei"), "{q:?}");
    let body = "Im Bericht wurde festgestellt, dass die Mängel behoben seien.";
    let q = run("de", body, &[]);
    assert!(speaker_has(one(&q), "Bericht"), "{q:?}");
    let body = "In der Stadt wurde gefordert, dass die Mängel behoben würden.";
    let q = run("de", body, &[]);
    assert!(no_speaker(&q), "{q:?}");
}

#[test]
fn de_a_named_person_after_the_first_verb_speaks_for_a_coordinated_speech_verb() {
    let body = "Kurz vor der Wahl war Mierscheid optimistisch und sagte zu Angela Merkel: „Wir gewinnen die Wahl sicher.“";
    let ents = [
        person("e1", "Jakob M. Mierscheid", body, "Jakob M. Mierscheid"),
        person("e2", "Angela Merkel", body, "Angela Merkel"),
    ];
    let q = run("de", body, &ents);
    assert_eq!(one(&q).speaker.as_deref(), Some("Mierscheid"));
    // a name after a preposition is no subject ("mit Mierscheid")
    let body = "Kurz vor der Wahl traf man sich mit Mierscheid und sagte zu Angela Merkel: „Wir gewinnen die Wahl sicher.“";
    let ents = [
        person("e1", "Jakob M. Mierscheid", body, "Mierscheid"),
        person("e2", "Angela Merkel", body, "Angela Merkel"),
    ];
    let q = run("de", body, &ents);
    assert!(no_speaker(&q), "{q:?}");
}

#[test]
fn de_a_letter_or_motion_speaks_when_no_one_else_does() {
    let body = "So heißt es in dem Schreiben wörtlich: „Die Kinder werden sichergestellt.“";
    let q = run("de", body, &[]);
    assert!(speaker_has(one(&q), "Schreiben"), "{q:?}");
    let body = "In dem Saal heißt es wörtlich: „Die Kinder werden sichergestellt.“";
    let q = run("de", body, &[]);
    assert!(no_speaker(&q), "{q:?}");
}

#[test]
fn de_a_fronted_reporting_clause_names_its_source_after_aus() {
    let body = "Wie aus Kreisen des Gerichts verlautete, wurde er auf serbischem Boden gefasst.";
    let q = run("de", body, &[]);
    assert!(speaker_has(one(&q), "Gerichts"), "{q:?}");
    // a name written in lowercase
    let body = "Wie t-online.de berichtet, ist der erste Trailer zum Spiel erschienen.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("t-online.de"));
    // an adverbial after "wie" is no source
    let body = "Wie am Montag verlautete, wurde er auf serbischem Boden gefasst.";
    let q = run("de", body, &[]);
    assert!(no_speaker(&q), "{q:?}");
}

#[test]
fn de_a_subject_after_the_first_verb_speaks_for_a_coordinated_speech_verb() {
    let body = "Zudem bemerkte der Pilot Probleme an einem der Triebwerke und kündigte dem Kontrollturm an, es werde eine Notlandung erfolgen.";
    let q = run("de", body, &[]);
    assert!(
        one(&q)
            .speaker
            .as_deref()
            .is_some_and(|s| s.starts_with("der Pilot")),
        "{q:?}"
    );
    // an object after the first verb is no subject
    let body = "Zudem bemerkte man Probleme an einem der Triebwerke und kündigte dem Kontrollturm an, es werde eine Notlandung erfolgen.";
    let q = run("de", body, &[]);
    assert!(no_speaker(&q), "{q:?}");
}

#[test]
fn de_a_front_field_opened_by_a_preposition_is_no_speaker() {
    let body = "Die Funde sind alt. Aus der Tatsache, dass keine jüngeren Funde vorliegen, \
                schlossen sie, dass die Art ausgestorben sei.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("sie"));
    // a preposition inside the subject phrase keeps it
    let body = "Die Lage ist ernst. Die Experten vom Institut für Wirtschaft erklärten, dass \
                die Lage ernst sei.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("Die Experten"));
}

#[test]
fn de_the_subject_of_coordinated_verbs_speaks_not_the_object() {
    let body = "Die Lage ist ernst. Die CCE bestätigte die Aussage der Gewerkschaft nicht und \
                nannte sie „reine Spekulation“.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("Die CCE"));
    // without a coordinated verb the phrase after the verb is its subject
    let body = "Die Lage ist ernst. Am Montag nannte der Minister den Plan „reine Spekulation“.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("der Minister"));
}

#[test]
fn de_an_auxiliary_after_the_source_ends_it() {
    let body = "Der Prozess geht weiter. Nach Angaben der Verteidigung habe Müller ein Alibi für \
                die Tatzeit. Ein Essen habe zu dieser Zeit stattgefunden.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("der Verteidigung"));
    let body = "Der Prozess geht weiter. Laut Aussage des Ministeriums lebte Müller seit Jahren \
                im Land. Er habe keine Papiere gehabt.";
    let q = run("de", body, &[]);
    assert_eq!(
        one(&q).speaker.as_deref(),
        Some("des Ministeriums"),
        "{q:?}"
    );
}

#[test]
fn de_the_subject_after_a_subordinator_speaks() {
    let body = "Sarkozy besuchte London. Sarkozy bestritt das jedoch, indem er sagte, eine \
                engere Zusammenarbeit würde nichts ersetzen.";
    let q = run("de", body, &[]);
    let m = one(&q).speaker_mention.as_ref().map(|m| m.text.as_str());
    assert_eq!(m, Some("er"), "{q:?}");
    // without a subordinator the subject opening the clause speaks
    let body = "Sarkozy besuchte London. Sarkozy sagte, eine engere Zusammenarbeit würde nichts \
                ersetzen.";
    let q = run("de", body, &[]);
    assert_eq!(one(&q).speaker.as_deref(), Some("Sarkozy"));
}

#[test]
fn de_speech_act_closing_a_relative_clause_is_no_report() {
    let body = "Es gab Proteste gegen China, das für sein Vorgehen in Tibet kritisiert wird. \
                Die Firma, die ihre Verluste noch beziffert, spricht von 3.000 gestohlenen Stücken.";
    let qs = run("de", body, &[]);
    // the act of the relative clause is skipped; the main clause's own act still counts
    let q = one(&qs);
    assert_eq!(q.cue.as_deref(), Some("spricht von"));
    assert_eq!(q.speaker.as_deref(), Some("Die Firma"));
    // negative: a main clause after a comma is no relative clause
    let body = "Die Sitzung war kurz, die Opposition kritisierte den Beschluss scharf.";
    let qs = run("de", body, &[]);
    assert_eq!(one(&qs).cue.as_deref(), Some("kritisierte"));
}

#[test]
fn de_pluperfect_or_naming_passive_is_no_report() {
    let body = "Die Siedlungspläne waren international mehrfach kritisiert worden. \
                Der Teilchenstrom wird in der Fachsprache als „Sonnenwind“ bezeichnet. \
                Der Spieler erreichte Kultstatus, wie er weithin genannt wird.";
    let qs = run("de", body, &[]);
    assert!(qs.is_empty(), "{qs:#?}");
    // negative: the simple past of the passive and a naming verb without a term still report
    let body = "Die Siedlungspläne wurden international mehrfach kritisiert. \
                Als Grund wurde die mangelnde Sicherheit genannt.";
    let qs = run("de", body, &[]);
    assert_eq!(qs.len(), 2, "{qs:#?}");
    assert_eq!(qs[1].cue.as_deref(), Some("genannt"));
    // an evaluation in marks is words the article quotes, no term
    let body = "Die Lage wurde von Beobachtern als „extrem“ bezeichnet.";
    let qs = run("de", body, &[]);
    assert_eq!(one(&qs).cue.as_deref(), Some("bezeichnet"));
}

#[test]
fn de_decision_reports_its_zu_infinitive_only() {
    let body = "Der Sicherheitsrat beschloss am Donnerstag, eine Flugverbotszone einzurichten.";
    let qs = run("de", body, &[]);
    let q = one(&qs);
    assert_eq!(q.text, "eine Flugverbotszone einzurichten");
    assert_eq!(q.speaker.as_deref(), Some("Der Sicherheitsrat"));
    // negative: a resolution's "dass" clause is no reported speech
    let body = "Der Sicherheitsrat hatte beschlossen, dass ein Team die Täter ermitteln soll.";
    let qs = run("de", body, &[]);
    assert!(qs.is_empty(), "{qs:#?}");
}
