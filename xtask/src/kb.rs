//! `cargo xtask kb`: not written yet.

/// Runs the task.
pub(crate) fn run(_args: &[String]) -> anyhow::Result<()> {
    anyhow::bail!("cargo xtask kb is not written yet")
}
