//! `newsgraph`: the command-line tool.

mod ingest_cmd;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph::core::Document;
use newsgraph::ingest::{collect_inputs, stream_input, InputError, RawDoc};
use newsgraph::{process, Annotate, Options, QuoteScope};
use rayon::prelude::*;

/// Turns raw news articles into clean, sourced, normalized documents.
#[derive(Parser)]
#[command(name = "newsgraph", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract clean documents (body, title, entities, quotes, figures, dates) as JSON.
    #[command(after_help = "Examples:
  newsgraph extract examples/de-0001.txt                  one document, JSON Lines on stdout
  newsgraph extract --out out/ examples/                  a folder, one out/<id>.json per document
  newsgraph extract --lang de dump.jsonl.gz               JSON Lines records (id, html|text, url, title, lang, published)
  newsgraph extract --annotate none --out text/ pages/    clean text, title, date and sentences only (fastest)
  curl -s https://example.org/a.html | newsgraph extract -   read standard input

Inputs: .html/.htm, .txt (copied page text), .jsonl/.ndjson, each optionally .gz; folders (recursive); - for stdin.
Exit code: 0 all documents processed, 2 some failed (each named on stderr), 1 usage error.")]
    Extract {
        /// Write DIR/<id>.json per document instead of JSON Lines on stdout.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Annotations to produce: all, none (clean text, title, date, language and sentences), or a
        /// comma-separated list of entities, quantities, dates, quotes, attributions. Quotes also
        /// produce the entities they name; attributions the entities and quantities they link.
        #[arg(long, default_value = "all", value_name = "LIST")]
        annotate: Annotate,
        #[command(flatten)]
        read: ReadArgs,
        /// Files, folders, or - for standard input.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<String>,
    },
    #[command(flatten)]
    Store(ingest_cmd::StoreCommand),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("newsgraph: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Extract {
            out,
            annotate,
            read,
            inputs,
        } => extract(out, &read.options(annotate)?, read.jobs, &inputs),
        Command::Store(cmd) => ingest_cmd::run(cmd),
    }
}

/// At most this many documents are processed and written together...
const CHUNK: usize = 256;
/// ...or as many as hold this many bytes of input: one batch is read while another is
/// processed, so this bounds the memory of a run over large pages.
const CHUNK_BYTES: usize = 8 << 20;

/// The options `extract` and `ingest` share: how to read the documents and what counts as a
/// quote.
#[derive(clap::Args)]
struct ReadArgs {
    /// Language of the inputs: auto (detect), or an ISO 639-1 code such as de or en.
    #[arg(long, default_value = "auto")]
    lang: String,
    /// Which statements count as quotes: strict (speech in marks or with a speech verb; "laut X"
    /// claims are attributions only) or inclusive (also those claims, as indirect quotes of their
    /// source, and fragments in marks inside indirect speech as direct quotes).
    #[arg(
        long,
        env = "NEWSGRAPH_QUOTES",
        default_value = "strict",
        value_name = "SCOPE"
    )]
    quotes: QuoteScope,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
}

impl ReadArgs {
    /// The processing options these arguments and `annotate` ask for.
    fn options(&self, annotate: Annotate) -> anyhow::Result<Options> {
        Ok(Options {
            lang: lang_option(&self.lang)?,
            annotate,
            quotes: self.quotes,
        })
    }
}

/// The language of `--lang`: `None` for auto (detect), else the ISO 639-1 code.
fn lang_option(lang: &str) -> anyhow::Result<Option<String>> {
    match lang {
        "auto" => Ok(None),
        l if l.len() == 2 && l.chars().all(|c| c.is_ascii_lowercase()) => Ok(Some(l.to_string())),
        l => anyhow::bail!("--lang must be auto or an ISO 639-1 code such as de or en, not {l:?}"),
    }
}

fn extract(
    out: Option<PathBuf>,
    opts: &Options,
    jobs: Option<usize>,
    args: &[String],
) -> anyhow::Result<ExitCode> {
    if let Some(n) = jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("cannot start worker threads")?;
    }
    if let Some(dir) = &out {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create output folder {}", dir.display()))?;
    }
    let (inputs, errors) = collect_inputs(args);
    let mut failed = errors.len();
    for e in &errors {
        eprintln!("newsgraph: {e}");
    }
    let progress = (std::io::stderr().is_terminal() && inputs.len() > 8).then(|| {
        let bar = ProgressBar::new(inputs.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} documents, {per_sec}, eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let stdout = std::io::stdout();
    let mut stdout = std::io::BufWriter::new(stdout.lock());
    // Documents, not inputs, are the unit of work (a JSON Lines or WARC file holds many): the
    // next batch is read while this one is processed, and outputs are written in input order.
    let mut docs = inputs.iter().flat_map(|input| {
        stream_input(input).enumerate().map(|(k, doc)| {
            if let (Some(bar), true) = (&progress, k > 0) {
                bar.inc_length(1);
            }
            doc
        })
    });
    // One buffer for every document's JSON: it grows to the largest once instead of per file.
    let mut json = Vec::new();
    let mut batch = next_batch(&mut docs);
    while !batch.is_empty() {
        let (results, next) = rayon::join(
            || process_batch(batch, opts, progress.as_ref()),
            || next_batch(&mut docs),
        );
        batch = next;
        for result in results {
            match result {
                Ok(doc) => {
                    if let Err(e) = write_doc(&doc, out.as_deref(), &mut stdout, &mut json) {
                        if is_broken_pipe(&e) {
                            return Ok(ExitCode::from(if failed > 0 { 2 } else { 0 }));
                        }
                        eprintln!("newsgraph: {}: cannot write output: {e:#}", doc.source);
                        failed += 1;
                    }
                }
                Err(e) => {
                    if let Some(bar) = &progress {
                        bar.suspend(|| eprintln!("newsgraph: {e}"));
                    } else {
                        eprintln!("newsgraph: {e}");
                    }
                    failed += 1;
                }
            }
        }
    }
    if let Err(e) = stdout.flush() {
        if !is_broken_pipe(&anyhow::Error::from(e)) {
            failed += 1;
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    Ok(ExitCode::from(if failed > 0 { 2 } else { 0 }))
}

/// The next documents to process: up to [`CHUNK`] of them, or fewer holding [`CHUNK_BYTES`].
fn next_batch(
    docs: &mut impl Iterator<Item = Result<RawDoc, InputError>>,
) -> Vec<Result<RawDoc, InputError>> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while batch.len() < CHUNK && bytes < CHUNK_BYTES {
        let Some(doc) = docs.next() else {
            break;
        };
        bytes += doc.as_ref().map_or(0, |d| d.payload.text().len());
        batch.push(doc);
    }
    batch
}

/// [`process`], with a panic (a bug) turned into this document's error, so that the run goes
/// on with the next document and the exit code says something failed.
fn process_isolated(raw: &RawDoc, opts: &Options) -> Result<Document, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| process(raw, opts))) {
        Ok(doc) => doc.map_err(|e| e.to_string()),
        Err(_) => {
            Err("internal error (a bug in newsgraph; please report it with this document)".into())
        }
    }
}

/// Processes a batch of documents in parallel; results in input order.
fn process_batch(
    batch: Vec<Result<RawDoc, InputError>>,
    opts: &Options,
    progress: Option<&ProgressBar>,
) -> Vec<Result<Document, InputError>> {
    batch
        .into_par_iter()
        .map(|raw| {
            let doc = raw.and_then(|raw| {
                process_isolated(&raw, opts).map_err(|reason| InputError {
                    origin: raw.source.clone(),
                    reason,
                })
            });
            if let Some(bar) = progress {
                bar.inc(1);
            }
            doc
        })
        .collect()
}

/// Writes `doc` to `DIR/<id>.json` (pretty, through the reused buffer `json`) or as one line
/// on `stdout`.
fn write_doc(
    doc: &Document,
    out: Option<&std::path::Path>,
    stdout: &mut impl Write,
    json: &mut Vec<u8>,
) -> anyhow::Result<()> {
    match out {
        Some(dir) => {
            let path = dir.join(format!("{}.json", safe_file_name(&doc.id)));
            json.clear();
            serde_json::to_writer_pretty(&mut *json, doc)?;
            std::fs::write(&path, json.as_slice())
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            serde_json::to_writer(&mut *stdout, doc)?;
            stdout.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// A document id as a file name: path separators and control characters replaced.
fn safe_file_name(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() || c == ':' {
                '_'
            } else {
                c
            }
        })
        .collect();
    if s.is_empty() || s == "." || s == ".." {
        format!("_{s}")
    } else {
        s
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}
