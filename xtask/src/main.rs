//! Project tasks, run as `cargo xtask <task>`: gold evaluation, benchmarks, data builds.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context};

mod bench;
mod eval;
mod kb;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((task, rest)) = args.split_first() else {
        bail!("usage: cargo xtask <eval|bench|kb> [ARGS...]");
    };
    match task.as_str() {
        "eval" => eval::run(rest),
        "bench" => bench::run(rest),
        "kb" => kb::run(rest),
        other => bail!("unknown task {other:?}; tasks: eval, bench, kb"),
    }
}

/// Runs a Python script of the repository (path relative to the workspace root) with `args`.
fn python_script(script: &str, args: &[String]) -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let status = Command::new("cargo")
        .args(["build", "--release", "--quiet", "-p", "newsgraph-cli"])
        .current_dir(&root)
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("building newsgraph failed");
    }
    let status = Command::new("python3")
        .arg(root.join(script))
        .args(args)
        .current_dir(&root)
        .status()
        .with_context(|| format!("cannot run python3 {script}"))?;
    if !status.success() {
        bail!("{script} failed");
    }
    Ok(())
}
