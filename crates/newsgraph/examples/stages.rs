//! Stage benchmark: what each step of `newsgraph extract` costs, in process, on one thread.
//!
//! ```sh
//! cargo run --release -p newsgraph --example stages -- [--docs 1000] [--rounds 5] [INPUT...]
//! cargo xtask bench --stages [ARGS...]        # the same
//! ```
//!
//! Loads the inputs once (default: the dev corpus as issues 3, 4 and 5 name it, every article
//! input of `../shared/corpus/dev`: copied page text `*.txt` and pages `*.html`; files or
//! folders otherwise, e.g. `../shared/corpus/dev/*.txt` for the copied text alone), repeats them
//! to at least `--docs` documents, runs one warm-up round (the knowledge base and the language
//! packs load lazily), then `--rounds` rounds of what `extract --out` does per document: read
//! the bytes (decode), [`newsgraph::process_with`] timing every stage, and the pretty JSON of the
//! output. Every time is CPU time of the thread (`CLOCK_THREAD_CPUTIME_ID`: steadier than wall
//! time on a busy machine); per stage it prints the median round. docs/s/core is documents per
//! CPU-second of the summed median stage times, and the whole rounds' figure beside it.
//! "adds X %" is the time of a stage group divided by the pipeline's time without that group,
//! as issues 3 (quantities + dates), 4 (entities) and 5 (quotes + attributions) define it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use newsgraph::{process_with, Options, Stage, StageRunner};
use rustix::time::{clock_gettime, ClockId};

/// Report rows: decode, the pipeline's stages, serialization.
const ROWS: usize = Stage::ALL.len() + 2;
const DECODE: usize = 0;
const SERIALIZE: usize = ROWS - 1;

fn row_name(row: usize) -> &'static str {
    match row {
        DECODE => "decode",
        SERIALIZE => "serialize",
        r => Stage::ALL[r - 1].name(),
    }
}

fn stage_row(stage: Stage) -> usize {
    1 + Stage::ALL.iter().position(|&s| s == stage).unwrap_or(0)
}

/// CPU time this thread has used.
fn thread_cpu() -> Duration {
    let t = clock_gettime(ClockId::ThreadCPUTime);
    Duration::new(
        u64::try_from(t.tv_sec).unwrap_or(0),
        u32::try_from(t.tv_nsec).unwrap_or(0),
    )
}

/// Sums the CPU time of each row over one round.
#[derive(Default)]
struct Clock {
    rows: [Duration; ROWS],
}

impl Clock {
    fn time<T>(&mut self, row: usize, work: impl FnOnce() -> T) -> T {
        let start = thread_cpu();
        let out = work();
        self.rows[row] += thread_cpu().saturating_sub(start);
        out
    }
}

impl StageRunner for Clock {
    fn run<T>(&mut self, stage: Stage, work: impl FnOnce() -> T) -> T {
        self.time(stage_row(stage), work)
    }
}

struct Args {
    docs: usize,
    rounds: usize,
    inputs: Vec<PathBuf>,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        docs: 1000,
        rounds: 5,
        inputs: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--docs" => args.docs = it.next().context("--docs N")?.parse()?,
            "--rounds" => args.rounds = it.next().context("--rounds N")?.parse()?,
            "-h" | "--help" => {
                println!("usage: stages [--docs 1000] [--rounds 5] [INPUT...]  (default: ../shared/corpus/dev/*.txt and *.html)");
                std::process::exit(0);
            }
            _ => args.inputs.push(PathBuf::from(a)),
        }
    }
    if args.rounds == 0 {
        bail!("--rounds must be at least 1");
    }
    Ok(args)
}

/// The files to read: each input file, and the files of each input folder (not recursive);
/// by default the article inputs of the dev corpus (`.txt` and `.html`, not the gold files).
fn input_files(inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dev");
    let mut files = Vec::new();
    if inputs.is_empty() {
        for e in std::fs::read_dir(&default).with_context(|| format!("{}", default.display()))? {
            let p = e?.path();
            if p.extension().is_some_and(|x| x == "txt" || x == "html") {
                files.push(p);
            }
        }
    }
    for input in inputs {
        if input.is_dir() {
            for e in std::fs::read_dir(input)? {
                let p = e?.path();
                if p.is_file() {
                    files.push(p);
                }
            }
        } else {
            files.push(input.clone());
        }
    }
    files.sort();
    if files.is_empty() {
        bail!("no input files");
    }
    Ok(files)
}

/// One round over every document; returns how many produced a document.
fn round(docs: &[(String, Vec<u8>)], clock: &mut Clock) -> anyhow::Result<usize> {
    let opts = Options::default();
    let mut ok = 0;
    for (name, bytes) in docs {
        let raws = clock.time(DECODE, || newsgraph::ingest::read_bytes(name, name, bytes));
        for raw in raws.into_iter().flatten() {
            let Ok(doc) = process_with(&raw, &opts, clock) else {
                continue;
            };
            let json = clock.time(SERIALIZE, || serde_json::to_vec_pretty(&doc))?;
            ok += usize::from(!json.is_empty());
        }
    }
    Ok(ok)
}

fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let files = input_files(&args.inputs)?;
    let mut loaded = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).with_context(|| format!("{}", f.display()))?;
        loaded.push((f.display().to_string(), bytes));
    }
    let copies = args.docs.div_ceil(loaded.len()).max(1);
    let docs: Vec<(String, Vec<u8>)> = (0..copies).flat_map(|_| loaded.clone()).collect();

    let done = round(&docs, &mut Clock::default())?;
    let mut rounds: Vec<[Duration; ROWS]> = Vec::new();
    let cpu_start = thread_cpu();
    let wall_start = Instant::now();
    for _ in 0..args.rounds {
        let mut clock = Clock::default();
        round(&docs, &mut clock)?;
        rounds.push(clock.rows);
    }
    let wall = wall_start.elapsed();
    let cpu = thread_cpu().saturating_sub(cpu_start);
    let mut median = [Duration::ZERO; ROWS];
    for (row, m) in median.iter_mut().enumerate() {
        let mut times: Vec<Duration> = rounds.iter().map(|r| r[row]).collect();
        times.sort_unstable();
        *m = times[times.len() / 2];
    }

    let n = done as f64;
    let total: Duration = median.iter().sum();
    println!(
        "{} input files x {copies} = {} documents ({done} with a document), {} rounds after one warm-up, one thread, CPU time",
        loaded.len(),
        docs.len(),
        args.rounds
    );
    println!(
        "{:14} {:>10} {:>9} {:>7}",
        "stage", "ms/round", "µs/doc", "share"
    );
    let line = |name: &str, t: Duration| {
        println!(
            "{:14} {:>10.1} {:>9.1} {:>6.1}%",
            name,
            t.as_secs_f64() * 1e3,
            t.as_secs_f64() * 1e6 / n,
            100.0 * t.as_secs_f64() / total.as_secs_f64()
        );
    };
    for (row, &t) in median.iter().enumerate() {
        line(row_name(row), t);
    }
    line("pipeline", total);
    let rounds = args.rounds as f64;
    println!(
        "docs/s/core: {:.0} (median stage CPU times); whole rounds: {:.0} docs per CPU-second, {:.0} per wall second",
        n / total.as_secs_f64(),
        n * rounds / cpu.as_secs_f64(),
        n * rounds / wall.as_secs_f64()
    );
    let adds = |group: &[Stage]| {
        let t: f64 = group
            .iter()
            .map(|&s| median[stage_row(s)].as_secs_f64())
            .sum();
        100.0 * t / (total.as_secs_f64() - t)
    };
    println!(
        "issue 3: quantities + dates add {:.1} % (bar 20 %)",
        adds(&[Stage::Quantities, Stage::Dates])
    );
    println!(
        "issue 4: entities add {:.1} % (bar 30 %)",
        adds(&[Stage::Entities])
    );
    println!(
        "issue 5: quotes + attributions add {:.1} % (bar 30 %)",
        adds(&[Stage::Quotes, Stage::Attributions])
    );
    Ok(())
}
