//! `cargo xtask bench`: not written yet.

/// Runs the task.
pub(crate) fn run(_args: &[String]) -> anyhow::Result<()> {
    anyhow::bail!("cargo xtask bench is not written yet")
}
