//! The store commands: `ingest`, `entity`, `quotes`, `figures`, `measures`, `conflicts`,
//! `search`, `export`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph::ingest::{collect_inputs, stream_input, Payload, RawDoc};
use newsgraph::Annotate;
use newsgraph_store::{
    content_hash, EntityProfile, ExportFormat, FigureFilter, FigureRow, Measure, MeasureFilter,
    NameMatches, NewDocument, Page, Store, WriteStats, DEFAULT_LIMIT, LISTED_CONFLICTS,
};
use rayon::prelude::*;

/// Commands that build and query the knowledge base (a SQLite file).
#[derive(Subcommand)]
pub enum StoreCommand {
    /// Process inputs and store the results in the knowledge base.
    #[command(after_help = "Examples:
  newsgraph ingest examples/                      into newsgraph.db in the current folder
  newsgraph ingest --db news.db crawl.warc.gz feeds/
  newsgraph ingest --reprocess --db news.db in/   re-extract stored documents (engine upgrade)

Inputs: everything extract reads, plus WARC (.warc, .warc.gz) and RSS/Atom feeds (.rss, .atom, .xml).
Documents are keyed by a hash of their content: ingesting the same input again changes nothing.
Exit code: 0 all documents stored, 2 some failed (recorded in the database with their reason), 1 usage error.")]
    Ingest(IngestArgs),
    /// Everything about an entity: documents, mentions over time, quotes, claims, figures.
    #[command(after_help = "Examples:
  newsgraph entity \"North Korea\"       canonical name
  newsgraph entity Nordkorea           any surface form in any language finds the same entity
  newsgraph entity --json Kursk        one JSON object per matching entity")]
    Entity(EntityArgs),
    /// Quotes, optionally of one speaker.
    Quotes(QuotesArgs),
    /// Stored figures, filtered by entity, counted noun or unit; --conflicts shows the
    /// measures whose independent sources disagree.
    Figures(FiguresArgs),
    /// Figures grouped into measures, with every value, its source, hedge and date.
    Measures(MeasuresArgs),
    /// Measures whose independent sources state contradicting values.
    Conflicts(ConflictsArgs),
    /// Full-text search over titles and bodies.
    Search(SearchArgs),
    /// Times query commands in-process (for scripts/bench_store.py): one JSON line per query.
    #[command(hide = true)]
    BenchQueries(BenchArgs),
    /// Write the tables as files, one per table.
    #[command(after_help = "Examples:
  newsgraph export --format parquet --out tables/      every table as tables/<table>.parquet
  newsgraph export --format csv --table quantities --table measures out/

Besides the stored tables: clusters (duplicate clusters), measures, measure_values and conflicts
(figures grouped into measures, as `newsgraph measures` shows them); quantities.measure links
each figure to its measure.")]
    Export(ExportArgs),
}

/// Options of `ingest`.
#[derive(Args)]
pub struct IngestArgs {
    /// Database file (created if missing).
    #[arg(long, default_value = "newsgraph.db", value_name = "FILE")]
    db: PathBuf,
    /// Re-extract documents that are already stored.
    #[arg(long)]
    reprocess: bool,
    #[command(flatten)]
    read: crate::ReadArgs,
    /// Files, folders, or - for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
}

/// Options every query takes.
#[derive(Args)]
pub struct QueryArgs {
    /// Database file.
    #[arg(long, default_value = "newsgraph.db", value_name = "FILE")]
    db: PathBuf,
    /// JSON Lines instead of a table.
    #[arg(long)]
    json: bool,
}

/// Options of `measures`.
#[derive(Args)]
pub struct MeasuresArgs {
    #[command(flatten)]
    query: QueryArgs,
    /// Only measures with at least this many values.
    #[arg(long, default_value_t = 2)]
    min_values: usize,
    /// Only measures counting this noun (English singular: soldier).
    #[arg(long, value_name = "NOUN")]
    of: Option<String>,
    /// Only measures in this unit (count, percent, USD, ...).
    #[arg(long)]
    unit: Option<String>,
    /// At most this many measures, most independent sources first (the total goes to
    /// standard error).
    #[arg(long, default_value_t = DEFAULT_LIMIT)]
    limit: usize,
    /// Of each measure, at most this many of its most recent values and of its conflicting
    /// pairs (with the values they pair); the counts cover all.
    #[arg(long, default_value_t = DEFAULT_SHOWN)]
    values: usize,
}

/// Options of `conflicts`.
#[derive(Args)]
pub struct ConflictsArgs {
    #[command(flatten)]
    query: QueryArgs,
    /// At most this many measures, most independent sources first (the total goes to
    /// standard error).
    #[arg(long, default_value_t = DEFAULT_LIMIT)]
    limit: usize,
    /// Of each measure, at most this many conflicting pairs with their values (up to the
    /// first 100 are stored; the count covers all).
    #[arg(long, default_value_t = DEFAULT_SHOWN)]
    pairs: usize,
}

/// Values and conflicting pairs shown per measure by default (`--values`, `--pairs`).
const DEFAULT_SHOWN: usize = 10;

/// Options of `entity`.
#[derive(Args)]
pub struct EntityArgs {
    #[command(flatten)]
    query: QueryArgs,
    /// At most this many documents, quotes, claims and figures per list (the most recent;
    /// the profile counts them all).
    #[arg(long, default_value_t = DEFAULT_LIMIT)]
    limit: usize,
    /// When several entities share the name ("Miller"), profile this many (most mentioned
    /// first) and list the others by name.
    #[arg(long, default_value_t = 5)]
    matches: usize,
    /// Canonical name, knowledge-base id, or a surface form from the texts ("Nordkorea").
    #[arg(required = true, value_name = "NAME")]
    name: Vec<String>,
}

/// Options of `quotes`.
#[derive(Args)]
pub struct QuotesArgs {
    #[command(flatten)]
    query: QueryArgs,
    /// Only quotes of this speaker (entity name or alias, or the speaker as written).
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// At most this many quotes, the most recent (the total goes to standard error).
    #[arg(long, default_value_t = DEFAULT_LIMIT)]
    limit: usize,
}

/// Options of `figures`.
#[derive(Args)]
pub struct FiguresArgs {
    #[command(flatten)]
    query: QueryArgs,
    /// Only figures in sentences naming this entity (name or alias).
    #[arg(long, value_name = "NAME")]
    entity: Option<String>,
    /// Only figures counting this noun (English singular: soldier).
    #[arg(long, value_name = "NOUN")]
    of: Option<String>,
    /// Only figures in this unit (count, percent, USD, ...).
    #[arg(long)]
    unit: Option<String>,
    /// Show measures with contradicting values from independent sources instead.
    #[arg(long)]
    conflicts: bool,
    /// At most this many figures, the most recent (with --conflicts: measures, most
    /// independent sources first); the total goes to standard error.
    #[arg(long, default_value_t = DEFAULT_LIMIT)]
    limit: usize,
    /// With --conflicts: of each measure, at most this many conflicting pairs with their
    /// values.
    #[arg(long, default_value_t = DEFAULT_SHOWN)]
    pairs: usize,
}

/// Options of `search`.
#[derive(Args)]
pub struct SearchArgs {
    #[command(flatten)]
    query: QueryArgs,
    /// At most this many documents.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Words, "a phrase", or FTS5 syntax (OR, NOT, prefix*).
    #[arg(required = true, value_name = "QUERY")]
    text: Vec<String>,
}

/// Options of `bench-queries`.
#[derive(Args)]
pub struct BenchArgs {
    /// Database file.
    #[arg(long, default_value = "newsgraph.db", value_name = "FILE")]
    db: PathBuf,
    /// JSON Lines, one query each: {"command": label, "args": ["entity", "Kursk"]}.
    #[arg(value_name = "PLAN")]
    plan: PathBuf,
}

/// One query command of a benchmark plan, parsed like the command line.
#[derive(Parser)]
#[command(no_binary_name = true)]
struct PlannedQuery {
    #[command(subcommand)]
    cmd: StoreCommand,
}

/// Options of `export`.
#[derive(Args)]
pub struct ExportArgs {
    /// Database file.
    #[arg(long, default_value = "newsgraph.db", value_name = "FILE")]
    db: PathBuf,
    /// File format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Only this table (repeatable): documents, clusters, sentences, entities, mentions,
    /// quotes, quantities, attributions, dates, measures, measure_values, conflicts,
    /// ingest_errors.
    #[arg(long)]
    table: Vec<String>,
    /// Folder for the files (one per table).
    #[arg(long = "out", value_name = "DIR", conflicts_with = "out")]
    out_dir: Option<PathBuf>,
    /// Folder for the files (one per table), as an alternative to --out.
    #[arg(value_name = "OUTDIR", required_unless_present = "out_dir")]
    out: Option<PathBuf>,
}

/// Export file formats.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Jsonl,
    Csv,
    Parquet,
}

/// Runs a store command.
pub fn run(cmd: StoreCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        StoreCommand::Ingest(a) => ingest(a),
        StoreCommand::Entity(a) => {
            let store = open_existing(&a.query.db)?;
            let name = a.name.join(" ");
            let NameMatches { profiles, others } =
                store.entity_profiles(&name, a.limit, a.matches)?;
            if profiles.is_empty() {
                eprintln!("newsgraph: no entity named {name:?}");
                return Ok(ExitCode::FAILURE);
            }
            if !others.is_empty() {
                let names: Vec<String> = others
                    .iter()
                    .map(|e| format!("{} ({})", e.name, e.mentions))
                    .collect();
                eprintln!(
                    "newsgraph: {} more entities named {name:?} (--matches to see them): {}",
                    others.len(),
                    names.join(", ")
                );
            }
            for p in &profiles {
                if a.query.json {
                    println!("{}", serde_json::to_string(p)?);
                } else {
                    print_profile(p);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        StoreCommand::Quotes(a) => {
            let store = open_existing(&a.query.db)?;
            let page = store.quotes(a.speaker.as_deref(), a.limit)?;
            shown(page.rows.len(), page.total, "quotes");
            for q in page.rows {
                if a.query.json {
                    println!("{}", serde_json::to_string(&q)?);
                } else {
                    println!(
                        "{:10}  {}  {}: “{}”",
                        date(&q.published),
                        q.doc_id,
                        q.speaker_entity
                            .as_deref()
                            .or(q.speaker.as_deref())
                            .unwrap_or("(unknown)"),
                        one_line(&q.text)
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        StoreCommand::Figures(a) => figures(a),
        StoreCommand::Measures(a) => {
            let store = open_existing(&a.query.db)?;
            let page = store.measures_page(&measures_filter(&a))?;
            print_measures(page, a.query.json, false)
        }
        StoreCommand::Conflicts(a) => {
            let store = open_existing(&a.query.db)?;
            let page = store.measures_page(&conflicts_filter(&a))?;
            print_measures(page, a.query.json, true)
        }
        StoreCommand::Search(a) => {
            let store = open_existing(&a.query.db)?;
            let hits = store.search(&a.text.join(" "), a.limit)?;
            for h in &hits {
                if a.query.json {
                    println!("{}", serde_json::to_string(h)?);
                } else {
                    println!(
                        "{}  {}  {}\n    {}",
                        h.published.as_deref().unwrap_or("----------"),
                        h.doc_id,
                        h.title.as_deref().unwrap_or(&h.source),
                        h.snippet.replace('\n', " ")
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        StoreCommand::BenchQueries(a) => bench_queries(a),
        StoreCommand::Export(a) => {
            let store = open_existing(&a.db)?;
            let format = match a.format {
                Format::Jsonl => ExportFormat::Jsonl,
                Format::Csv => ExportFormat::Csv,
                Format::Parquet => ExportFormat::Parquet,
            };
            let Some(out) = a.out_dir.or(a.out) else {
                anyhow::bail!("export needs a folder: --out DIR");
            };
            for path in store.export(format, &out, &a.table)? {
                println!("{}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Opens a database a query reads; a missing file is an error, not a new empty store.
fn open_existing(db: &std::path::Path) -> anyhow::Result<Store> {
    anyhow::ensure!(
        db.exists(),
        "no database at {} (run newsgraph ingest first, or pass --db FILE)",
        db.display()
    );
    Store::open(db).with_context(|| format!("cannot open {}", db.display()))
}

/// Prints a page of measures (a table, or JSON Lines), saying on standard error when it was
/// cut at `--limit`; `conflicts_only` lists only the values in conflicting pairs.
fn print_measures(
    page: Page<Measure>,
    json: bool,
    conflicts_only: bool,
) -> anyhow::Result<ExitCode> {
    if (page.rows.len() as i64) < page.total {
        eprintln!(
            "newsgraph: the first {} of {} measures, most independent sources first (--limit N for more)",
            page.rows.len(),
            page.total
        );
    }
    for m in &page.rows {
        if json {
            println!("{}", serde_json::to_string(m)?);
            continue;
        }
        println!(
            "{}  ({} values, {} independent sources, {} conflicts)",
            m.label, m.value_count, m.sources, m.conflict_count
        );
        for (i, v) in m.values.iter().enumerate() {
            if conflicts_only && !m.conflicts.iter().any(|c| c.a == i || c.b == i) {
                continue;
            }
            let claim = match (&v.hedge, &v.claimed_by) {
                (Some(h), Some(by)) => format!("{h}, {by}"),
                (Some(h), None) => h.clone(),
                (None, Some(by)) => by.clone(),
                (None, None) => "stated".into(),
            };
            println!(
                "  {:10}  {:>14}  {:24}  [{}]  {} (cluster {})",
                v.published.as_deref().unwrap_or("----------"),
                format_value(v.value, v.value_max),
                v.text,
                claim,
                v.doc_id,
                v.cluster
            );
        }
        if !conflicts_only && m.values.len() < m.value_count {
            println!(
                "  … {} older values not shown (--values N for more)",
                m.value_count - m.values.len()
            );
        }
        for c in &m.conflicts {
            println!(
                "  conflict: {} ({}) vs {} ({})",
                m.values[c.a].text, m.values[c.a].doc_id, m.values[c.b].text, m.values[c.b].doc_id
            );
        }
        if m.conflict_count > m.conflicts.len() {
            println!(
                "  … {} more conflicting pairs (up to the first {LISTED_CONFLICTS} can be listed)",
                m.conflict_count - m.conflicts.len(),
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn figures(a: FiguresArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&a.query.db)?;
    if a.conflicts {
        let page = conflicts_about(&store, &a)?;
        return print_measures(page, a.query.json, true);
    }
    let page = store.figures(&figure_filter(&a))?;
    shown(page.rows.len(), page.total, "figures");
    for f in page.rows {
        if a.query.json {
            println!("{}", serde_json::to_string(&f)?);
        } else {
            println!("{}", figure_line(&f));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The store filter of the `figures` options.
fn figure_filter(a: &FiguresArgs) -> FigureFilter {
    FigureFilter {
        limit: Some(a.limit),
        entity: a.entity.clone(),
        of: a.of.clone(),
        unit: a.unit.clone(),
    }
}

/// Tells on standard error when a list was cut at `--limit`.
fn shown(rows: usize, total: i64, what: &str) {
    if (rows as i64) < total {
        eprintln!("newsgraph: the {rows} most recent of {total} {what} (--limit N for more)");
    }
}

/// Measures with conflicts narrowed by the `figures` filters (`--entity`: measures whose
/// subjects include a matching entity).
fn conflicts_about(store: &Store, a: &FiguresArgs) -> anyhow::Result<Page<Measure>> {
    let subjects: Option<Vec<String>> = match &a.entity {
        Some(n) => Some(
            store
                .find_entities(n)?
                .into_iter()
                .map(|e| e.name)
                .collect(),
        ),
        None => None,
    };
    Ok(store.measures_page(&MeasureFilter {
        min_values: 2,
        of: a.of.clone(),
        unit: a.unit.clone(),
        subjects,
        conflicts_only: true,
        limit: Some(a.limit),
        values: Some(0),
        pairs: Some(a.pairs),
    })?)
}

/// The store filter of the `measures` options.
fn measures_filter(a: &MeasuresArgs) -> MeasureFilter {
    MeasureFilter {
        min_values: a.min_values,
        of: a.of.clone(),
        unit: a.unit.clone(),
        limit: Some(a.limit),
        values: Some(a.values),
        pairs: Some(a.values),
        ..MeasureFilter::default()
    }
}

/// The store filter of the `conflicts` options.
fn conflicts_filter(a: &ConflictsArgs) -> MeasureFilter {
    MeasureFilter {
        min_values: 2,
        conflicts_only: true,
        limit: Some(a.limit),
        values: Some(0),
        pairs: Some(a.pairs),
        ..MeasureFilter::default()
    }
}

/// Runs each query of the plan through the store API on one open database and prints its
/// time and result count, so that query cost is measured apart from process start-up.
fn bench_queries(a: BenchArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&a.db)?;
    let plan = std::fs::read_to_string(&a.plan)
        .with_context(|| format!("cannot read {}", a.plan.display()))?;
    for line in plan.lines().filter(|l| !l.trim().is_empty()) {
        let item: serde_json::Value = serde_json::from_str(line)?;
        let args: Vec<String> = serde_json::from_value(item["args"].clone())?;
        let query = PlannedQuery::try_parse_from(&args)?;
        let started = Instant::now();
        let results = query_only(&store, query.cmd)?;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        println!(
            "{}",
            serde_json::json!({"command": item["command"], "args": args, "ms": ms, "results": results})
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The store work of a query command (its results serialized, not printed); the number of
/// results.
fn query_only(store: &Store, cmd: StoreCommand) -> anyhow::Result<usize> {
    /// Serializes the rows as `--json` would and counts them.
    macro_rules! size {
        ($rows:expr $(,)?) => {{
            let rows = $rows;
            serde_json::to_string(&rows)?;
            Ok(rows.len())
        }};
    }
    match cmd {
        StoreCommand::Entity(a) => size!(
            store
                .entity_profiles(&a.name.join(" "), a.limit, a.matches)?
                .profiles
        ),
        StoreCommand::Quotes(a) => size!(store.quotes(a.speaker.as_deref(), a.limit)?.rows),
        StoreCommand::Figures(a) if a.conflicts => size!(conflicts_about(store, &a)?.rows),
        StoreCommand::Figures(a) => size!(&store.figures(&figure_filter(&a))?.rows),
        StoreCommand::Measures(a) => size!(store.measures_page(&measures_filter(&a))?.rows),
        StoreCommand::Conflicts(a) => size!(store.measures_page(&conflicts_filter(&a))?.rows),
        StoreCommand::Search(a) => size!(store.search(&a.text.join(" "), a.limit)?),
        _ => anyhow::bail!("bench-queries times the query commands only"),
    }
}

/// A publication date for a table column.
fn date(d: &Option<String>) -> &str {
    d.as_deref()
        .map_or("----------", |d| d.get(..10).unwrap_or(d))
}

/// Text on one line, shortened to about 160 characters.
fn one_line(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 160 {
        format!("{}…", flat.chars().take(160).collect::<String>())
    } else {
        flat
    }
}

fn figure_line(f: &FigureRow) -> String {
    let what = match (&f.of, &f.per) {
        (Some(of), Some(per)) => format!("{} {of}/{per}", f.unit),
        (Some(of), None) => format!("{} {of}", f.unit),
        (None, Some(per)) => format!("{}/{per}", f.unit),
        (None, None) => f.unit.clone(),
    };
    let claim = match (&f.hedge, &f.claimed_by) {
        (Some(h), Some(by)) => format!("  [{h}, {by}]"),
        (Some(h), None) => format!("  [{h}]"),
        (None, Some(by)) => format!("  [{by}]"),
        (None, None) => String::new(),
    };
    format!(
        "{:10}  {:>14}  {:20}  {:24}  {}{}",
        date(&f.published),
        format_value(f.value, f.value_max),
        what,
        f.text,
        f.doc_id,
        claim
    )
}

fn print_profile(p: &EntityProfile) {
    let e = &p.entity;
    let mut about = vec![e.entity_type.clone()];
    about.extend(e.kb_id.clone());
    about.extend(e.country.clone());
    println!(
        "{} ({}): {} mentions in {} documents",
        e.name,
        about.join(", "),
        e.mentions,
        p.document_count
    );
    let aliases: Vec<String> = p.aliases.iter().map(|(a, n)| format!("{a} ×{n}")).collect();
    println!("  aliases: {}", aliases.join(", "));
    println!("  mentions over time:");
    for t in &p.timeline {
        println!(
            "    {:10}  {:>4} mentions in {} documents",
            date(&t.date),
            t.mentions,
            t.documents
        );
    }
    println!(
        "  documents ({}{}):",
        p.document_count,
        latest(p.documents.len(), p.document_count)
    );
    for d in &p.documents {
        println!(
            "    {:10}  {}  {}  ({} mentions, cluster {})",
            date(&d.published),
            d.doc_id,
            d.title.as_deref().unwrap_or(""),
            d.mentions,
            d.cluster
        );
    }
    println!(
        "  quotes ({}{}):",
        p.quote_count,
        latest(p.quotes.len(), p.quote_count)
    );
    for q in &p.quotes {
        println!(
            "    {:10}  {}  “{}”",
            date(&q.published),
            q.doc_id,
            one_line(&q.text)
        );
    }
    println!(
        "  claims sourced ({}{}):",
        p.claim_count,
        latest(p.claims.len(), p.claim_count)
    );
    for c in &p.claims {
        println!(
            "    {:10}  {}  [{}]  {}",
            date(&c.published),
            c.doc_id,
            c.hedge,
            one_line(&c.claim)
        );
    }
    println!(
        "  figures ({}{}):",
        p.figure_count,
        latest(p.figures.len(), p.figure_count)
    );
    for f in &p.figures {
        println!("    {}", figure_line(f));
    }
    let co: Vec<String> = p
        .co_occurring
        .iter()
        .map(|c| format!("{} ({})", c.name, c.documents))
        .collect();
    println!("  co-occurring: {}", co.join(", "));
}

/// ", the latest N" when a profile list was cut at `--limit`.
fn latest(shown: usize, total: i64) -> String {
    if (shown as i64) < total {
        format!(", the latest {shown}")
    } else {
        String::new()
    }
}

fn format_value(v: f64, max: Option<f64>) -> String {
    match max {
        Some(m) => format!("{v}–{m}"),
        None => format!("{v}"),
    }
}

/// Documents processed and written together (one write transaction); read in the batches of
/// `next_batch`.
const BATCH: usize = 256;

/// One batch for the writer thread.
struct Batch {
    docs: Vec<NewDocument>,
    errors: Vec<(String, String)>,
}

/// The identity of a raw document: its content and metadata, not where it was found.
fn raw_hash(raw: &RawDoc) -> String {
    let (kind, text) = match &raw.payload {
        Payload::Html(t) => ("html", t),
        Payload::PageText(t) => ("page", t),
        Payload::CleanText(t) => ("text", t),
    };
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    content_hash(&[
        kind,
        text,
        &opt(&raw.url),
        &opt(&raw.title),
        &opt(&raw.lang),
        &opt(&raw.published),
    ])
}

fn ingest(a: IngestArgs) -> anyhow::Result<ExitCode> {
    let opts = a.read.options(Annotate::ALL)?;
    if let Some(n) = a.read.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("cannot start worker threads")?;
    }
    let open = || Store::open(&a.db).with_context(|| format!("cannot open {}", a.db.display()));
    let writer_store = open()?;
    let reader = open()?;
    let (inputs, input_errors) = collect_inputs(&a.paths);
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos} documents, {per_sec}, {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar
    });

    let (tx, rx) = mpsc::sync_channel::<Batch>(2);
    let reprocess = a.reprocess;
    let writer = std::thread::spawn(move || -> anyhow::Result<WriteStats> {
        let mut store = writer_store;
        let mut total = WriteStats::default();
        for batch in rx {
            let s = store.write_batch(&batch.docs, &batch.errors, reprocess)?;
            total.inserted += s.inserted;
            total.replaced += s.replaced;
            total.skipped += s.skipped;
            total.errors += s.errors;
        }
        Ok(total)
    });

    let started = Instant::now();
    let mut already = 0usize;
    let mut processed = 0usize;
    let mut pending = Batch {
        docs: Vec::new(),
        errors: input_errors
            .iter()
            .map(|e| (e.origin.clone(), e.reason.clone()))
            .collect(),
    };
    // A failed send means the writer stopped on an error; joining it below reports that error.
    let send = |batch: Batch| tx.send(batch).is_ok();
    // Documents are read a batch at a time (a JSON Lines dump record by record), batched as
    // `extract` batches them.
    let mut documents = inputs.iter().flat_map(stream_input);
    'read: loop {
        let raws = crate::next_batch(&mut documents);
        if raws.is_empty() {
            break;
        }
        let mut todo = Vec::new();
        for raw in raws {
            match raw {
                Ok(raw) => {
                    let hash = raw_hash(&raw);
                    if !reprocess && reader.contains(&hash)? {
                        already += 1;
                    } else {
                        todo.push((hash, raw));
                    }
                }
                Err(e) => pending.errors.push((e.origin, e.reason)),
            }
        }
        for chunk in todo.chunks(BATCH) {
            let results: Vec<Result<NewDocument, (String, String)>> = chunk
                .par_iter()
                .map(|(hash, raw)| {
                    let r = crate::process_isolated(raw, &opts)
                        .map(|doc| NewDocument {
                            hash: hash.clone(),
                            origin: raw.source.clone(),
                            // The input's URL, else the page's canonical one (now the source).
                            url: raw
                                .url
                                .clone()
                                .or_else(|| (doc.source != raw.source).then(|| doc.source.clone())),
                            doc,
                        })
                        .map_err(|e| (raw.source.clone(), e));
                    if let Some(bar) = &progress {
                        bar.inc(1);
                    }
                    r
                })
                .collect();
            processed += results.len();
            for r in results {
                match r {
                    Ok(d) => pending.docs.push(d),
                    Err(e) => pending.errors.push(e),
                }
            }
            if pending.docs.len() >= BATCH {
                let full = std::mem::replace(
                    &mut pending,
                    Batch {
                        docs: Vec::new(),
                        errors: Vec::new(),
                    },
                );
                if !send(full) {
                    break 'read;
                }
            }
        }
    }
    send(pending);
    drop(tx);
    let written = match writer.join() {
        Ok(r) => r?,
        Err(_) => anyhow::bail!("the database writer crashed"),
    };
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let secs = started.elapsed().as_secs_f64();
    // Regroup the measures the new figures are in (and any a killed run left).
    let grouping = Instant::now();
    let families = reader.refresh_measures()?;
    let grouping = grouping.elapsed().as_secs_f64();
    let stats = reader.stats()?;
    let failed = written.errors;
    eprintln!(
        "newsgraph: {} new, {} re-extracted, {} already stored, {} failed; {} documents processed in {:.1} s ({:.0} docs/s)",
        written.inserted,
        written.replaced,
        already + written.skipped,
        failed,
        processed,
        secs,
        processed as f64 / secs.max(1e-9)
    );
    eprintln!("newsgraph: measures of {families} figure families regrouped in {grouping:.1} s");
    let (measures, conflicting) = reader.measure_counts()?;
    println!("{}", a.db.display());
    println!(
        "  documents   {} in {} independent clusters ({} ingest errors)",
        stats.documents, stats.clusters, stats.errors
    );
    println!(
        "  entities    {} ({} mentions)",
        stats.entities, stats.mentions
    );
    println!(
        "  quotes      {}, attributed claims {}",
        stats.quotes, stats.attributions
    );
    println!(
        "  figures     {} in {} measures, {} with conflicts",
        stats.quantities, measures, conflicting
    );
    Ok(ExitCode::from(if failed > 0 { 2 } else { 0 }))
}
