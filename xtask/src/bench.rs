//! `cargo xtask bench`: runs `scripts/bench.py` (Python, standard library) with the given
//! arguments; `cargo xtask bench --store [ARGS]` runs the knowledge-base scale benchmark
//! `scripts/bench_store.py` instead; `cargo xtask bench --stages [ARGS]` runs the in-process
//! stage benchmark (`crates/newsgraph/examples/stages.rs`: docs/s/core and what each
//! extraction stage adds).

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context};

/// Runs the script (or the stage benchmark) and fails when it fails.
pub(crate) fn run(args: &[String]) -> anyhow::Result<()> {
    match args.split_first() {
        Some((first, rest)) if first == "--store" => {
            crate::python_script("scripts/bench_store.py", rest)
        }
        Some((first, rest)) if first == "--stages" => stages(rest),
        _ => crate::python_script("scripts/bench.py", args),
    }
}

/// Builds and runs the stage benchmark in release mode.
fn stages(args: &[String]) -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let status = Command::new("cargo")
        .args([
            "run",
            "--release",
            "--quiet",
            "-p",
            "newsgraph",
            "--example",
            "stages",
            "--",
        ])
        .args(args)
        .current_dir(&root)
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("the stage benchmark failed");
    }
    Ok(())
}
