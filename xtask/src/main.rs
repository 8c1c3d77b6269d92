//! Project tasks, run as `cargo xtask <task>`: gold evaluation, benchmarks, data builds.

use anyhow::bail;

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
