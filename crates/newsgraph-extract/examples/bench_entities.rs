//! Times entity recognition alone over a folder of clean bodies named `<lang>-*.txt`, repeated,
//! to see what the stage costs apart from the rest of `extract`.
//!
//! ```text
//! cargo run --release -p newsgraph-extract --example bench_entities -- DIR [--repeat N]
//! ```
//! Prints the first call (which loads the knowledge base, lexicon and tagger) apart from the
//! timed loop.

use std::time::Instant;

use newsgraph_core::Text;
use newsgraph_extract::entities;
use newsgraph_lang::LangPack;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        return Err("usage: bench_entities DIR [--repeat N]".into());
    };
    let repeat: usize = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .map_or(Ok(100), |s| s.parse())?;
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(lang) = name.split('-').next().filter(|_| name.ends_with(".txt")) else {
            continue;
        };
        if let Some(pack) = LangPack::get(lang) {
            docs.push((std::fs::read_to_string(&path)?, pack));
        }
    }
    let t = Instant::now();
    if let Some((body, pack)) = docs.first() {
        let text = Text::new(
            body,
            pack.iso(),
            None,
            std::iter::once(0..body.len()).collect(),
        );
        entities::extract(&text, pack);
    }
    let first = t.elapsed();
    let t = Instant::now();
    let mut found = 0;
    for _ in 0..repeat {
        for (body, pack) in &docs {
            let text = Text::new(
                body,
                pack.iso(),
                None,
                std::iter::once(0..body.len()).collect(),
            );
            found += entities::extract(&text, pack).len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let n = docs.len() * repeat;
    println!(
        "first call {first:?}; {n} documents in {secs:.3} s = {:.0} documents/s ({found} entities)",
        n as f64 / secs
    );
    Ok(())
}
