//! Times `clean_text` on the page-text files given as arguments (each cleaned `ROUNDS` times, default 200).

use std::time::Instant;

fn main() {
    let texts: Vec<String> = std::env::args()
        .skip(1)
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let start = Instant::now();
    let mut kept = 0usize;
    for _ in 0..rounds {
        for t in &texts {
            kept += newsgraph_clean::clean_text(t).body.len();
        }
    }
    let n = (rounds * texts.len()).max(1);
    let per = start.elapsed().as_secs_f64() / n as f64;
    println!(
        "{n} documents, {:.1} µs per document ({kept} bytes kept)",
        per * 1e6
    );
}
