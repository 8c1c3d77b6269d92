//! Trains the entity tagger on a GermEval 2014 NER file (CC BY 4.0) and writes its model.
//!
//! ```text
//! cargo run --release -p newsgraph-extract --example train_tagger -- \
//!     TRAIN.tsv OUT.bin [--epochs N] [--threshold T] [--prune W] [--folds K]
//!     [--bags B] [--min-count C] [--cost X]
//! ```
//! `--bags B` averages B models trained in different shuffled orders (1: one model, the
//! default), `--min-count C` leaves out features seen fewer than C times (default 1: none),
//! `--cost X` trains cost-augmented with X on the words of names (default 0: plain); see
//! `TrainOptions`. `--prune W` drops the feature rows whose weights all stay below W in magnitude. With
//! `--folds K` it first cross-validates on the file (train on K-1 parts, score the held-out
//! part) and prints strict PER/LOC/ORG figures for the rules alone, for several thresholds and
//! for several pruning levels at the chosen threshold;
//! predictions overlapping a name of another kind (OTH, *deriv, *part) are ignored as in
//! `score_ner_germeval.py`. `--errors FILE` writes the cross-validated misses and false finds at
//! the model's threshold there, one per line (kind, type, text, sentence), for error analysis.

use std::ops::Range;

use newsgraph_core::EntityType;
use newsgraph_extract::entities::{Tagger, TrainOptions, TrainSentence};
use newsgraph_lang::LangPack;

/// Sentences of a GermEval TSV: tokens joined by single spaces, outer chunks as byte ranges.
fn read_germeval(text: &str) -> Vec<TrainSentence> {
    let mut out = Vec::new();
    let mut cur = TrainSentence {
        text: String::new(),
        chunks: Vec::new(),
    };
    let mut open: Option<(usize, String)> = None;
    let mut last_end = 0;
    let close = |cur: &mut TrainSentence, open: &mut Option<(usize, String)>, end: usize| {
        if let Some((s, l)) = open.take() {
            cur.chunks.push((s..end, l));
        }
    };
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            close(&mut cur, &mut open, last_end);
            if !cur.text.is_empty() {
                out.push(std::mem::replace(
                    &mut cur,
                    TrainSentence {
                        text: String::new(),
                        chunks: Vec::new(),
                    },
                ));
            }
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            continue;
        }
        if !cur.text.is_empty() {
            cur.text.push(' ');
        }
        let start = cur.text.len();
        cur.text.push_str(f[1]);
        let label = f[2];
        if let Some(kind) = label.strip_prefix("B-") {
            close(&mut cur, &mut open, last_end);
            open = Some((start, kind.to_string()));
        } else if label == "O" {
            close(&mut cur, &mut open, last_end);
        }
        last_end = cur.text.len();
    }
    close(&mut cur, &mut open, last_end);
    if !cur.text.is_empty() {
        out.push(cur);
    }
    out
}

/// Pruning levels the cross-validation reports at the chosen threshold.
const PRUNE: [f32; 3] = [0.5, 1.0, 1.5];

fn code(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "PER",
        EntityType::Location => "LOC",
        EntityType::Organization => "ORG",
    }
}

/// Strict counts per type: [tp, fp, fn] for PER, LOC, ORG.
fn score(gold: &[(Range<usize>, String)], pred: &[(Range<usize>, EntityType)]) -> [[u32; 3]; 3] {
    let types = ["PER", "LOC", "ORG"];
    let mut c = [[0u32; 3]; 3];
    for (t, ty) in types.iter().enumerate() {
        let g: Vec<&Range<usize>> = gold.iter().filter(|x| x.1 == *ty).map(|x| &x.0).collect();
        let mut p: Vec<&Range<usize>> = pred
            .iter()
            .filter(|x| code(x.1) == *ty)
            .filter(|x| {
                !gold.iter().any(|(r, l)| {
                    !types.contains(&l.as_str()) && r.start < x.0.end && x.0.start < r.end
                })
            })
            .map(|x| &x.0)
            .collect();
        p.sort_by_key(|r| (r.start, r.end));
        p.dedup();
        let tp = p.iter().filter(|r| g.contains(r)).count() as u32;
        c[t][0] += tp;
        c[t][1] += p.len() as u32 - tp;
        c[t][2] += g.len() as u32 - tp;
    }
    c
}

fn report(name: &str, c: &[[u32; 3]; 3]) {
    let f = |tp: u32, fp: u32, fnn: u32| {
        let p = f64::from(tp) / f64::from((tp + fp).max(1));
        let r = f64::from(tp) / f64::from((tp + fnn).max(1));
        (
            p,
            r,
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
        )
    };
    let all = (0..3).fold([0; 3], |a, t| {
        [a[0] + c[t][0], a[1] + c[t][1], a[2] + c[t][2]]
    });
    let (p, r, f1) = f(all[0], all[1], all[2]);
    let per: Vec<String> = (0..3)
        .map(|t| format!("{:.3}", f(c[t][0], c[t][1], c[t][2]).2))
        .collect();
    println!(
        "{name:>12}  P {p:.3} R {r:.3} F1 {f1:.3}   PER {} LOC {} ORG {}",
        per[0], per[1], per[2]
    );
}

/// Appends the strict misses ("FN") and false finds ("FP", "FP-type" where the span is a gold
/// name of another type) of one sentence, as `score` counts them.
fn log_errors(log: &mut String, s: &TrainSentence, pred: &[(Range<usize>, EntityType)]) {
    let types = ["PER", "LOC", "ORG"];
    let other = |r: &Range<usize>| {
        s.chunks
            .iter()
            .any(|(g, l)| !types.contains(&l.as_str()) && g.start < r.end && r.start < g.end)
    };
    for (r, l) in s.chunks.iter().filter(|(_, l)| types.contains(&l.as_str())) {
        if !pred.iter().any(|(p, t)| p == r && code(*t) == l) {
            log.push_str(&format!("FN\t{l}\t{}\t{}\n", &s.text[r.clone()], s.text));
        }
    }
    for (r, t) in pred.iter().filter(|(r, _)| !other(r)) {
        if !s.chunks.iter().any(|(g, l)| g == r && l == code(*t)) {
            let kind = if s.chunks.iter().any(|(g, _)| g == r) {
                "FP-type"
            } else {
                "FP"
            };
            log.push_str(&format!(
                "{kind}\t{}\t{}\t{}\n",
                code(*t),
                &s.text[r.clone()],
                s.text
            ));
        }
    }
}

fn add(a: &mut [[u32; 3]; 3], b: &[[u32; 3]; 3]) {
    for t in 0..3 {
        for k in 0..3 {
            a[t][k] += b[t][k];
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let (Some(train), Some(out)) = (args.first(), args.get(1)) else {
        return Err(
            "usage: train_tagger TRAIN.tsv OUT.bin [--epochs N] [--threshold T] [--prune W] [--folds K] [--bags B] [--min-count C] [--cost X]".into(),
        );
    };
    let epochs: usize = opt("--epochs").map_or(Ok(8), |s| s.parse())?;
    let threshold: f32 = opt("--threshold").map_or(Ok(0.0), |s| s.parse())?;
    let folds: usize = opt("--folds").map_or(Ok(0), |s| s.parse())?;
    let prune: f32 = opt("--prune").map_or(Ok(0.0), |s| s.parse())?;
    let options = TrainOptions {
        epochs,
        threshold,
        bags: opt("--bags").map_or(Ok(1), |s| s.parse())?,
        min_count: opt("--min-count").map_or(Ok(1), |s| s.parse())?,
        name_cost: opt("--cost").map_or(Ok(0.0), |s| s.parse())?,
    };
    let mut errors: Option<String> = opt("--errors").map(|_| String::new());
    let pack = LangPack::get("de").ok_or("no German language pack")?;
    let sentences = read_germeval(&std::fs::read_to_string(train)?);
    eprintln!("{} sentences", sentences.len());
    if folds > 1 {
        let thresholds = [f32::NEG_INFINITY, 0.0, 2.0, 5.0, 10.0, 20.0, 40.0];
        let mut rules = [[0u32; 3]; 3];
        let mut by_t = vec![[[0u32; 3]; 3]; thresholds.len()];
        let mut by_prune = vec![[[0u32; 3]; 3]; PRUNE.len()];
        for k in 0..folds {
            let held: Vec<&TrainSentence> = sentences.iter().skip(k).step_by(folds).collect();
            let rest: Vec<TrainSentence> = sentences
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != k)
                .map(|(_, s)| s.clone())
                .collect();
            let model = Tagger::train(
                &rest,
                pack,
                &TrainOptions {
                    threshold: 0.0,
                    ..options
                },
            );
            for (q, &min) in PRUNE.iter().enumerate() {
                let m = model.pruned(min);
                for s in &held {
                    add(
                        &mut by_prune[q],
                        &score(&s.chunks, &m.predict(&s.text, pack, threshold)),
                    );
                }
            }
            for s in &held {
                add(
                    &mut rules,
                    &score(&s.chunks, &model.predict(&s.text, pack, f32::INFINITY)),
                );
                for (t, &th) in thresholds.iter().enumerate() {
                    add(
                        &mut by_t[t],
                        &score(&s.chunks, &model.predict(&s.text, pack, th)),
                    );
                }
                if let Some(log) = errors.as_mut() {
                    log_errors(log, s, &model.predict(&s.text, pack, threshold));
                }
            }
            eprintln!("fold {} done", k + 1);
        }
        report("rules", &rules);
        for (t, th) in thresholds.iter().enumerate() {
            report(&format!("t={th}"), &by_t[t]);
        }
        for (q, min) in PRUNE.iter().enumerate() {
            report(&format!("prune {min}"), &by_prune[q]);
        }
    }
    if let (Some(path), Some(log)) = (opt("--errors"), errors) {
        std::fs::write(path, log)?;
    }
    let model = Tagger::train(&sentences, pack, &options).pruned(prune);
    std::fs::write(out, model.to_bytes())?;
    eprintln!("wrote {out}");
    Ok(())
}
