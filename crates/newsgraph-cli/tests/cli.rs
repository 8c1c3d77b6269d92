//! End-to-end tests: the `newsgraph` binary run as a user runs it.

#![allow(clippy::unwrap_used)] // a test that cannot read its own fixtures should fail loudly

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newsgraph-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null()).output().unwrap()
}

fn stdout_docs(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn extracts_the_seed_article_as_json_lines() {
    let out = run(bin().args(["extract"]).arg(examples().join("de-0001.txt")));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = stdout_docs(&out);
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["id"], "de-0001");
    assert_eq!(doc["lang"], "de");
    let body = doc["body"].as_str().unwrap();
    assert!(body.contains("Längst sprechen sie"));
    let chars: Vec<char> = body.chars().collect();
    for s in doc["sentences"].as_array().unwrap() {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert!(a < b && b <= chars.len());
    }
}

#[test]
fn out_dir_gets_one_file_per_document_and_jsonl_ids() {
    let dir = scratch("out");
    let out = run(bin().args(["extract", "--out"]).arg(&dir).arg(examples()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for id in [
        "de-0001", "de-0002", "en-0001", "en-0002", "rec-de-1", "rec-en-1",
    ] {
        let path = dir.join(format!("{id}.json"));
        let doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(doc["id"], id);
    }
    let rec: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("rec-de-1.json")).unwrap()).unwrap();
    assert_eq!(rec["published"], "2025-04-22");
    assert!(rec["body"]
        .as_str()
        .unwrap()
        .starts_with("Berlin. Die Bundesregierung"));
}

#[test]
fn reads_standard_input() {
    let mut child = bin()
        .args(["extract", "--lang", "en", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(b"The minister said on Monday that talks would resume.")
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let docs = stdout_docs(&out);
    assert_eq!(docs[0]["lang"], "en");
    assert_eq!(docs[0]["id"], "stdin");
}

#[test]
fn bad_inputs_are_named_and_the_run_goes_on() {
    let dir = scratch("bad");
    std::fs::write(dir.join("good.txt"), "Die Regierung hat am Montag einen neuen Haushalt vorgelegt. Er soll im Herbst beschlossen werden.").unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.join("image.html"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    )
    .unwrap();
    std::fs::write(dir.join("undecodable.txt"), b"\xff\xfe\xfd\x00\x81\x00").unwrap();
    std::fs::write(
        dir.join("nothing.html"),
        "<html><head><title>x</title></head><body><nav>Home</nav></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.join("records.jsonl"),
        "{\"id\":\"ok\",\"text\":\"Ein kurzer Satz über die Wahl.\",\"lang\":\"de\"}\n{not json\n",
    )
    .unwrap();
    let missing = dir.join("missing.txt");
    let out = run(bin().args(["extract"]).arg(&dir).arg(&missing));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "empty.txt: empty file",
        "image.html: binary file",
        "undecodable.txt:",
        "nothing.html: no article text found",
        "records.jsonl:2: malformed JSON",
        "missing.txt: no such file or directory",
    ] {
        assert!(
            stderr.contains(needle),
            "stderr lacks {needle:?}:\n{stderr}"
        );
    }
    let ids: Vec<String> = stdout_docs(&out)
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, vec!["good", "ok"]);
}

#[test]
fn usage_errors_exit_with_1() {
    assert_eq!(run(bin().args(["extract"])).status.code(), Some(1));
    assert_eq!(run(bin().args(["frobnicate"])).status.code(), Some(1));
    assert_eq!(
        run(bin().args(["extract", "--lang", "German", "x.txt"]))
            .status
            .code(),
        Some(1)
    );
    let typo = run(bin().args(["extract", "--annotate", "entities,qoutes", "x.txt"]));
    assert_eq!(typo.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("qoutes"));
    let help = run(bin().args(["extract", "--help"]));
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("Examples:"));
}

#[test]
fn annotate_chooses_which_lists_are_filled() {
    let seed = examples().join("de-0001.txt");
    let all = stdout_docs(&run(bin().arg("extract").arg(&seed)));
    let bare = stdout_docs(&run(bin()
        .args(["extract", "--annotate", "none"])
        .arg(&seed)));
    let dates = stdout_docs(&run(bin()
        .args(["extract", "--annotate", "dates"])
        .arg(&seed)));
    let (all, bare, dates) = (&all[0], &bare[0], &dates[0]);
    for key in ["body", "title", "lang", "sentences", "removed"] {
        assert_eq!(bare[key], all[key], "{key}");
    }
    for key in ["entities", "quantities", "dates", "quotes", "attributions"] {
        assert!(!all[key].as_array().unwrap().is_empty(), "{key}");
        assert!(bare[key].as_array().unwrap().is_empty(), "{key}");
    }
    assert_eq!(dates["dates"], all["dates"]);
    assert!(dates["entities"].as_array().unwrap().is_empty());
}

#[test]
fn the_quote_scope_comes_from_the_flag_or_the_environment() {
    let seed = examples().join("de-0001.txt");
    let quotes = |cmd: &mut Command| {
        let docs = stdout_docs(&run(cmd.arg(&seed)));
        docs[0]["quotes"].as_array().unwrap().len()
    };
    let strict = quotes(bin().env_remove("NEWSGRAPH_QUOTES").arg("extract"));
    let flag =
        quotes(
            bin()
                .env_remove("NEWSGRAPH_QUOTES")
                .args(["extract", "--quotes", "inclusive"]),
        );
    let env = quotes(bin().env("NEWSGRAPH_QUOTES", "inclusive").arg("extract"));
    assert!(flag > strict, "{flag} inclusive quotes, {strict} strict");
    assert_eq!(env, flag);
    let typo = run(bin().args(["extract", "--quotes", "wide", "x.txt"]));
    assert_eq!(typo.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("strict or inclusive"));
}

#[test]
fn a_big_json_lines_file_comes_out_whole_and_in_order() {
    let dir = scratch("order");
    let input = dir.join("dump.jsonl");
    let records: Vec<String> = (0..600)
        .map(|i| {
            format!(r#"{{"id": "r{i}", "text": "Meldung Nummer {i}. Der Rat tagte am Montag.", "lang": "de"}}"#)
        })
        .collect();
    std::fs::write(&input, records.join("\n")).unwrap();
    let out = run(bin()
        .args(["extract", "-j", "2", "--annotate", "none"])
        .arg(&input));
    assert!(out.status.success());
    let ids: Vec<String> = stdout_docs(&out)
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    let want: Vec<String> = (0..600).map(|i| format!("r{i}")).collect();
    assert_eq!(ids, want);
}
