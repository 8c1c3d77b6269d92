//! Project tasks (`cargo xtask …`): placeholder until the evaluation harness lands.

fn main() {
    eprintln!("usage: cargo xtask <eval|bench>");
}
