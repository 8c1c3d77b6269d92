//! `newsgraph ingest` end to end: mixed good and bad inputs, idempotent reruns, WARC and
//! feeds, and SIGKILL in the middle of a run.

#![allow(clippy::unwrap_used)] // test helpers: a failed setup step should fail the test

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use newsgraph_store::Store;

const BIN: &str = env!("CARGO_BIN_EXE_newsgraph");

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ng-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn article(i: usize) -> String {
    format!(
        "Nordkorea schickt weitere Soldaten\n\nPjöngjang. Nordkorea hat nach Angaben aus Seoul \
         rund {i}.000 weitere Soldaten nach Russland geschickt. Die Truppen sollen in der Region \
         Kursk eingesetzt werden, teilte der südkoreanische Geheimdienst am Montag mit. Moskau \
         äußerte sich zunächst nicht zu dem Bericht. Beobachter rechnen mit weiteren \
         Verlegungen im Winter, Meldung Nummer {i}.\n"
    )
}

fn page(title: &str, text: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>{title}</title>\
         <meta property=\"article:published_time\" content=\"2025-07-12T08:00:00Z\"></head>\
         <body><nav><a href=\"/\">Start</a></nav><article><h1>{title}</h1>\
         <p>{text}</p><p>Die Regierung in Pjöngjang bestätigte den Besuch des russischen \
         Außenministers, der mehrere Tage dauerte und von Gesprächen über Handel geprägt war.</p>\
         </article><footer>Impressum</footer></body></html>"
    )
}

fn ingest(db: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN)
        .arg("ingest")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Row counts and a digest of the document rows: what "unchanged in content" means here.
fn fingerprint(db: &Path) -> String {
    let store = Store::open(db).unwrap();
    let rows: String = store
        .connection()
        .query_row(
            "SELECT group_concat(hash || ':' || cluster || ':' || json, '|') FROM
             (SELECT * FROM documents ORDER BY id)",
            [],
            |r| r.get::<_, Option<String>>(0),
        )
        .unwrap()
        .unwrap_or_default();
    format!(
        "{:?} {:?} {}",
        store.stats().unwrap(),
        store.errors().unwrap(),
        newsgraph_store::content_hash(&[&rows])
    )
}

#[test]
fn bad_inputs_are_recorded_and_the_rest_is_stored_once() {
    let dir = temp_dir("mixed");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("a.txt"), article(12)).unwrap();
    std::fs::write(
        input.join("b.html"),
        page("Lawrow in Pjöngjang", &article(3)),
    )
    .unwrap();
    std::fs::write(
        input.join("binary.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    std::fs::write(input.join("empty.html"), "").unwrap();
    std::fs::write(
        input.join("records.jsonl"),
        format!(
            "{{\"id\":\"r1\",\"text\":{},\"lang\":\"de\"}}\n{{broken\n",
            serde_json::to_string(&article(7)).unwrap()
        ),
    )
    .unwrap();
    let db = dir.join("news.db");
    let (code, stderr) = ingest(&db, &[input.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.stats().unwrap().documents, 3);
    let errors = store.errors().unwrap();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors
        .iter()
        .any(|(o, r)| o.ends_with("binary.txt") && r.contains("binary")));
    assert!(errors
        .iter()
        .any(|(o, r)| o.ends_with("empty.html") && r.contains("empty")));
    assert!(errors
        .iter()
        .any(|(o, r)| o.ends_with("records.jsonl:2") && r.contains("JSON")));
    assert_eq!(store.integrity_check().unwrap(), "ok");
    drop(store);

    let before = fingerprint(&db);
    let (code, stderr) = ingest(&db, &[input.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("0 new"), "{stderr}");
    assert_eq!(fingerprint(&db), before);

    let (_, stderr) = ingest(&db, &["--reprocess", input.to_str().unwrap()]);
    assert!(stderr.contains("3 re-extracted"), "{stderr}");
    assert_eq!(fingerprint(&db), before);
}

fn warc_record(kind: &str, uri: &str, date: &str, content: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n\
         WARC-Record-ID: <urn:uuid:{date}>\r\nContent-Length: {}\r\n\r\n",
        content.len()
    )
    .into_bytes();
    r.extend_from_slice(content);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

#[test]
fn warc_and_feed_files_ingest_with_urls_and_dates() {
    let dir = temp_dir("warc");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Page 0 states its own date (2025-07-12), which wins over its crawl date; page 1 states
    // none, so its crawl date (WARC-Date) stands in.
    for (i, date) in ["2025-07-15T09:00:00Z", "2025-07-13T10:30:00Z"]
        .iter()
        .enumerate()
    {
        let mut html = page(&format!("Bericht {i}"), &article(20 + i));
        if i == 1 {
            html = html.replace(
                "<meta property=\"article:published_time\" content=\"2025-07-12T08:00:00Z\">",
                "",
            );
            assert!(!html.contains("published_time"));
        }
        let mut http =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
        http.extend_from_slice(html.as_bytes());
        // Each record its own gzip member, as crawlers write them.
        let mut member = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        member
            .write_all(&warc_record(
                "response",
                &format!("https://news.example/{i}"),
                date,
                &http,
            ))
            .unwrap();
        gz.get_mut().extend(member.finish().unwrap());
    }
    std::fs::write(dir.join("crawl.warc.gz"), gz.finish().unwrap()).unwrap();
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title><link>https://f.example/</link>\
         <description>d</description><item><title>Feed-Meldung</title><link>https://f.example/x</link>\
         <guid>x</guid><pubDate>Mon, 14 Jul 2025 06:00:00 GMT</pubDate><description>{}</description>\
         </item></channel></rss>",
        article(40).replace('\n', " ")
    );
    std::fs::write(dir.join("news.rss"), feed).unwrap();
    let db = dir.join("w.db");
    let (code, stderr) = ingest(
        &db,
        &[
            dir.join("crawl.warc.gz").to_str().unwrap(),
            dir.join("news.rss").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let store = Store::open(&db).unwrap();
    let rows: Vec<(Option<String>, Option<String>)> = store
        .connection()
        .prepare("SELECT url, published FROM documents ORDER BY url")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        vec![
            (
                Some("https://f.example/x".into()),
                Some("2025-07-14".into())
            ),
            (
                Some("https://news.example/0".into()),
                Some("2025-07-12".into())
            ),
            (
                Some("https://news.example/1".into()),
                Some("2025-07-13".into())
            ),
        ]
    );
}

#[test]
fn sigkill_during_ingest_loses_and_doubles_nothing() {
    let dir = temp_dir("kill");
    let n = 1200;
    let mut jsonl = String::new();
    for i in 0..n {
        jsonl.push_str(&format!(
            "{{\"id\":\"k{i}\",\"text\":{},\"lang\":\"de\"}}\n",
            serde_json::to_string(&article(i)).unwrap()
        ));
    }
    let input = dir.join("many.jsonl");
    std::fs::write(&input, jsonl).unwrap();
    let db = dir.join("k.db");
    // Kill after growing delays until two kills have landed mid-run (some but not all stored):
    // each run resumes where the last one stopped.
    let mut seen = Vec::new();
    let mut delay_ms = 300u64;
    for _ in 0..10 {
        let mut child = Command::new(BIN)
            .args([
                "ingest",
                "--db",
                db.to_str().unwrap(),
                input.to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        if db.exists() {
            let store = Store::open(&db).unwrap();
            assert_eq!(store.integrity_check().unwrap(), "ok");
            seen.push(store.stats().unwrap().documents);
        }
        if seen.iter().filter(|&&c| 0 < c && c < n as i64).count() >= 2 {
            break;
        }
        delay_ms = delay_ms * 3 / 2;
    }
    assert!(
        seen.iter().any(|&c| 0 < c && c < n as i64),
        "no kill landed mid-run: {seen:?}"
    );
    let (code, stderr) = ingest(&db, &[input.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let (docs, distinct): (i64, i64) = store
        .connection()
        .query_row(
            "SELECT count(*), count(DISTINCT doc_id) FROM documents",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    eprintln!("documents after each kill: {seen:?}");
    assert_eq!(
        (docs, distinct),
        (n as i64, n as i64),
        "after kills at {seen:?}"
    );
}

/// Runs a query command on `db`; returns exit code and stdout.
fn query(db: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN)
        .args(&args[..1])
        .arg("--db")
        .arg(db)
        .args(&args[1..])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn bundled_examples_answer_entity_quote_and_figure_queries() {
    let dir = temp_dir("examples");
    let db = dir.join("news.db");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let out = Command::new(BIN)
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg(&examples)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("documents   6 in "), "{summary}");
    assert!(summary.contains("figures     "), "{summary}");

    // The German surface form finds the entity, which English documents name too.
    let (code, text) = query(&db, &["entity", "--json", "Nordkorea"]);
    assert_eq!(code, 0);
    let profiles = json_lines(&text);
    assert_eq!(profiles.len(), 1);
    let p = &profiles[0];
    assert_eq!(p["entity"]["name"], "North Korea");
    let docs: Vec<&str> = p["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["doc_id"].as_str().unwrap())
        .collect();
    assert!(docs.contains(&"de-0001"), "{docs:?}");
    assert!(docs.len() >= 2, "{docs:?}");
    assert!(!p["figures"].as_array().unwrap().is_empty());
    assert!(!p["co_occurring"].as_array().unwrap().is_empty());
    let (code, table) = query(&db, &["entity", "nordkorea"]);
    assert_eq!(code, 0);
    assert!(table.starts_with("North Korea ("), "{table}");
    assert!(table.contains("mentions over time:"), "{table}");
    assert_eq!(query(&db, &["entity", "Atlantis"]).0, 1);

    // Quotes by speaker: the canonical name, the German spelling, the surname.
    for speaker in ["Sergey Lavrov", "Sergej Lawrow", "Lawrow"] {
        let (code, text) = query(&db, &["quotes", "--json", "--speaker", speaker]);
        assert_eq!(code, 0);
        let quotes = json_lines(&text);
        assert!(!quotes.is_empty(), "{speaker}");
        assert!(
            quotes
                .iter()
                .all(|q| q["speaker_entity"] == "Sergey Lavrov"),
            "{speaker}: {text}"
        );
    }
    let (_, all) = query(&db, &["quotes", "--json"]);
    assert!(json_lines(&all).len() > 3);

    let (code, text) = query(
        &db,
        &["figures", "--json", "--entity", "Kursk", "--of", "soldier"],
    );
    assert_eq!(code, 0);
    let figures = json_lines(&text);
    assert!(!figures.is_empty());
    assert!(figures.iter().all(|f| f["of"] == "soldier"));
    let (code, _) = query(&db, &["figures", "--conflicts", "--unit", "USD"]);
    assert_eq!(code, 0);
    let _ = std::fs::remove_dir_all(&dir);
}
