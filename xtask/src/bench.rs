//! `cargo xtask bench`: runs `scripts/bench.py` (Python, standard library) with the given arguments.

/// Runs the script and fails when it fails.
pub(crate) fn run(args: &[String]) -> anyhow::Result<()> {
    crate::python_script("scripts/bench.py", args)
}
