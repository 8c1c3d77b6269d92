//! `cargo xtask eval`: not written yet.

/// Runs the task.
pub(crate) fn run(_args: &[String]) -> anyhow::Result<()> {
    anyhow::bail!("cargo xtask eval is not written yet")
}
