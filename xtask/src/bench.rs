//! `cargo xtask bench`: runs `scripts/bench.py` (Python, standard library) with the given
//! arguments; `cargo xtask bench --store [ARGS]` runs the knowledge-base scale benchmark
//! `scripts/bench_store.py` instead.

/// Runs the script and fails when it fails.
pub(crate) fn run(args: &[String]) -> anyhow::Result<()> {
    match args.split_first() {
        Some((first, rest)) if first == "--store" => {
            crate::python_script("scripts/bench_store.py", rest)
        }
        _ => crate::python_script("scripts/bench.py", args),
    }
}
