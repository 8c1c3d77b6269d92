use super::phrases::normalize;
use super::*;
use proptest::prelude::*;

const DE_P1: &str = "Die Bundesregierung hat am Mittwoch ein neues Gesetz zum Schutz der Wälder beschlossen, das nach langen Verhandlungen mit den Ländern zustande kam.";
const DE_P2: &str = "Umweltverbände begrüßten den Schritt, forderten aber zugleich, dass die Mittel für die Aufforstung in den kommenden Jahren deutlich erhöht werden.";
const DE_P3: &str = "Die Opposition kritisierte, das Gesetz komme zu spät und greife zu kurz, weil die Waldbesitzer weiterhin kaum kontrolliert würden.";
const EN_P1: &str = "The government on Wednesday approved a new law to protect the country's forests after months of negotiations with the regional authorities.";
const EN_P2: &str = "Environmental groups welcomed the move but said that funding for reforestation would have to rise sharply over the coming years.";
const EN_P3: &str = "The opposition said the law came too late and did too little, because forest owners would still hardly be checked by anyone.";

fn removed_with(doc: &CleanDoc, text: &str) -> Option<RemovedReason> {
    doc.removed
        .iter()
        .find(|r| r.text.contains(text))
        .map(|r| r.reason)
}

#[test]
fn german_caption_and_credit_are_removed() {
    let text = format!(
        "{DE_P1}\n\nWald im Harz\n\nAbgestorbene Fichten im Nationalpark Harz.\n© Max Mustermann/dpa\n\n{DE_P2}\n\n{DE_P3}"
    );
    let doc = clean_text(&text);
    assert!(!doc.body.contains("Fichten"));
    assert!(!doc.body.contains("Wald im Harz"));
    assert!(!doc.body.contains("Mustermann"));
    assert!(doc.body.contains(DE_P2));
    assert_eq!(
        removed_with(&doc, "Mustermann/dpa"),
        Some(RemovedReason::Credit)
    );
    assert_eq!(
        removed_with(&doc, "Abgestorbene Fichten"),
        Some(RemovedReason::Caption)
    );
}

#[test]
fn english_caption_and_credit_are_removed() {
    let text = format!(
        "{EN_P1}\n\nDead spruce trees in the Harz national park.\nPhoto: Jane Doe/Reuters\n\n{EN_P2}\n\n{EN_P3}"
    );
    let doc = clean_text(&text);
    assert!(!doc.body.contains("spruce"));
    assert!(!doc.body.contains("Jane Doe"));
    assert!(doc.body.contains(EN_P3));
}

#[test]
fn image_file_names_are_credits() {
    let text = format!("{DE_P1}\n\n209062_569_209062_cover.jpg\n\nUrlaub im Harz: Die schönsten Wanderwege\n\n{DE_P2}");
    let doc = clean_text(&text);
    assert!(!doc.body.contains("cover.jpg"));
    assert!(!doc.body.contains("Wanderwege"));
    assert_eq!(
        removed_with(&doc, "Wanderwege"),
        Some(RemovedReason::Teaser)
    );
}

#[test]
fn german_teaser_block_is_removed() {
    let text = format!(
        "{DE_P1}\n\nAuch interessant\n\nAPTOPIX Germany Forest\n\nWaldsterben: Was die Dürre mit den Bäumen macht\n\n{DE_P2}\n\n{DE_P3}"
    );
    let doc = clean_text(&text);
    assert!(!doc.body.contains("Auch interessant"));
    assert!(!doc.body.contains("APTOPIX"));
    assert!(!doc.body.contains("Dürre"));
    assert!(doc.body.contains(DE_P2));
    assert_eq!(removed_with(&doc, "Dürre"), Some(RemovedReason::Teaser));
}

#[test]
fn teaser_titles_ending_in_a_question_mark_are_removed() {
    let text = format!(
        "{DE_P1}\n\nLesen Sie auch\n\nWarum sterben die Fichten im Harz?\n\n{DE_P2}\n\n{DE_P3}"
    );
    let doc = clean_text(&text);
    assert!(!doc.body.contains("Fichten im Harz?"));
    assert!(doc.body.contains(DE_P2));
}

#[test]
fn english_teaser_block_is_removed() {
    let text = format!(
        "{EN_P1}\n\nRead more\n\n  • Drought is killing Europe's trees\n  • Why forests burn\n\n{EN_P2}\n\n{EN_P3}"
    );
    let doc = clean_text(&text);
    assert!(!doc.body.contains("Read more"));
    assert!(!doc.body.contains("Drought"));
    assert!(doc.body.contains(EN_P3));
}

#[test]
fn crossheads_are_kept() {
    let text = format!("{DE_P1}\n\nKritik der Opposition\n\n{DE_P2}\n\n{DE_P3}");
    let doc = clean_text(&text);
    assert!(doc.body.contains("\n\nKritik der Opposition\n\n"));
    let text = format!("{EN_P1}\n\nWhat happens next?\n\n{EN_P2}\n\n{EN_P3}");
    assert!(clean_text(&text).body.contains("What happens next?"));
}

#[test]
fn datelines_are_detected() {
    let doc = clean_text(&format!("Tokio. Wälder in Gefahr. {DE_P1}\n\n{DE_P2}"));
    assert_eq!(doc.dateline.as_deref(), Some("Tokio"));
    assert_eq!(doc.title.as_deref(), Some("Wälder in Gefahr"));
    assert!(doc.body.starts_with("Die Bundesregierung"));
    let doc = clean_text(&format!("WASHINGTON (Reuters) - {EN_P1}\n\n{EN_P2}"));
    assert_eq!(doc.dateline.as_deref(), Some("Washington"));
    let doc = clean_text(&format!("Berlin – {DE_P1}\n\n{DE_P2}"));
    assert_eq!(doc.dateline.as_deref(), Some("Berlin"));
    assert!(doc.body.starts_with("Berlin – "));
    let doc = clean_text(&format!("{EN_P1}\n\n{EN_P2}"));
    assert_eq!(doc.dateline, None);
}

#[test]
fn date_lines_are_parsed() {
    let doc = clean_text(&format!(
        "Neues Waldgesetz beschlossen\n\n12.07.2025, 14:30 Uhr\n\n{DE_P1}\n\n{DE_P2}"
    ));
    assert_eq!(doc.published.as_deref(), Some("2025-07-12"));
    assert_eq!(doc.title.as_deref(), Some("Neues Waldgesetz beschlossen"));
    assert!(!doc.body.contains("14:30"));
    let doc = clean_text(&format!(
        "New forest law passed\n\nJuly 12, 2025\n\n{EN_P1}\n\n{EN_P2}"
    ));
    assert_eq!(doc.published.as_deref(), Some("2025-07-12"));
    let doc = clean_text(&format!("{DE_P1}\n\n{DE_P2} (APA, 5.11.2015)"));
    assert_eq!(doc.published.as_deref(), Some("2015-11-05"));
}

#[test]
fn newsletter_box_is_removed() {
    let text = format!(
        "{DE_P1}\n\nDer Wald-Newsletter\n\nMit meiner Anmeldung zum Newsletter stimme ich der\nWerbevereinbarung\nzu.\n\n{DE_P2}\n\n{DE_P3}"
    );
    let doc = clean_text(&text);
    assert!(!doc.body.contains("Werbevereinbarung"));
    assert!(doc.body.contains(DE_P3));
    assert_eq!(
        removed_with(&doc, "Werbevereinbarung"),
        Some(RemovedReason::Newsletter)
    );
}

#[test]
fn navigation_footer_and_comments_are_removed() {
    let text = format!(
        "  • Startseite\n  • Politik\n  • Wirtschaft\n\n{DE_P1}\n\n{DE_P2}\n\nKommentare (2)\n\nSehr guter Artikel, vielen Dank für die ausführliche Darstellung der Lage!\n\nImpressum\nDatenschutz"
    );
    let doc = clean_text(&text);
    assert_eq!(doc.body, format!("{DE_P1}\n\n{DE_P2}"));
    assert_eq!(
        removed_with(&doc, "Sehr guter Artikel"),
        Some(RemovedReason::Comments)
    );
    assert!(removed_with(&doc, "Startseite").is_some());
}

#[test]
fn phrase_normalization_ignores_counters_and_marks() {
    assert_eq!(phrases::normalize("  • Kommentare (12):"), "kommentare");
    assert_eq!(phrases::normalize("Read more »"), "read more");
}

proptest! {
    #[test]
    fn never_panics_and_keeps_lines_verbatim(text in "(?s)[ a-zA-ZäöüÄÖÜß0-9.,:;!?()©•\\-–/|\\[\\]\n]{0,400}") {
        let doc = clean_text(&text);
        for p in doc.body.split("\n\n").filter(|p| !p.is_empty()) {
            prop_assert!(text.lines().any(|l| l.contains(p)), "paragraph not in input: {p:?}");
        }
    }

    #[test]
    fn article_lines_survive_any_noise(noise in "[a-zA-Z ]{0,30}") {
        let text = format!("{noise}\n\n{DE_P1}\n\n{DE_P2}\n\n{DE_P3}\n\n{noise}");
        let doc = clean_text(&text);
        prop_assert!(doc.body.contains(DE_P2));
    }
}

#[test]
fn characters_a_browser_does_not_show_are_dropped() {
    let shy = DE_P1.replace("Bundesregierung", "Bun\u{AD}des\u{AD}re\u{AD}gie\u{AD}rung");
    let text = format!("{shy}\u{200B}\n\n{DE_P2}\n\n{DE_P3}");
    let doc = clean_text(&text);
    assert!(doc.body.starts_with(DE_P1), "{:?}", doc.body);
    assert!(!doc.body.contains('\u{AD}') && !doc.body.contains('\u{200B}'));
}

proptest! {
    #[test]
    fn chars_and_words_count_as_the_std_iterators_do(s in "[ a-zäö\u{a0}\t.\n]{0,40}") {
        prop_assert_eq!(
            chars_and_words(&s),
            (s.chars().count(), s.split_whitespace().count())
        );
    }
}

#[test]
fn a_lone_dateline_paragraph_is_all_body() {
    let text = "Berlin. Die Regierung hat am Montag beschlossen, dass die Steuern sinken. \
                Das sagte Kanzler Olaf Scholz.";
    let doc = clean_text(text);
    assert_eq!(doc.dateline.as_deref(), Some("Berlin"));
    assert_eq!(doc.title, None);
    assert!(doc.body.contains("Die Regierung hat am Montag beschlossen"));
}

#[test]
fn question_mark_does_not_hide_a_phrase_line() {
    assert_eq!(
        normalize("Möchten Sie den Artikel teilen?"),
        "möchten sie den artikel teilen"
    );
    let text = format!("{DE_P1}\n\n{DE_P2}\n\n{DE_P3}\n\nMöchten Sie den Artikel teilen?");
    let doc = clean_text(&text);
    assert!(!doc.body.contains("teilen?"));
    assert!(doc.body.contains(DE_P3));
    assert_eq!(removed_with(&doc, "teilen?"), Some(RemovedReason::Share));
}

#[test]
fn french_teaser_and_license_lines_are_removed() {
    let text = format!(
        "{EN_P1}\n\nÀ lire aussi » Le canton veut interdire un pesticide\n\n{EN_P2}\n\n{EN_P3}\n\nLes opinions exprimées dans ce blog n'engagent que leurs auteurs."
    );
    let doc = clean_text(&text);
    assert!(!doc.body.contains("pesticide"));
    assert!(!doc.body.contains("engagent"));
    assert!(doc.body.contains(EN_P2));
}

#[test]
fn spanish_polish_and_portuguese_teaser_heads_are_removed() {
    for head in ["Notas relacionadas", "Zobacz także", "Veja também"] {
        let text = format!("{EN_P1}\n\n{EN_P2}\n\n{head}\n\nA related headline here\n\n{EN_P3}");
        let doc = clean_text(&text);
        assert!(!doc.body.contains(head), "{head}");
        assert!(doc.body.contains(EN_P2), "{head}");
    }
}
