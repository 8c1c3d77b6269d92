//! Embeds every file under `data/lang/<iso>/` so the binary carries its language packs.

use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn sorted_entries(dir: &Path, want_dirs: bool) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() == want_dirs)
        .collect();
    v.sort();
    Ok(v)
}

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("../../data/lang");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut out = String::from(
        "/// (iso, file name, contents) of every embedded pack file.\nstatic EMBEDDED: &[(&str, &str, &str)] = &[\n",
    );
    for lang in sorted_entries(&root, true)? {
        println!("cargo:rerun-if-changed={}", lang.display());
        let iso = lang
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        for file in sorted_entries(&lang, false)? {
            let name = file
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            if name.ends_with(".md") || name.starts_with('.') {
                continue;
            }
            println!("cargo:rerun-if-changed={}", file.display());
            let path = file.canonicalize()?;
            writeln!(
                out,
                "    ({iso:?}, {name:?}, include_str!({:?})),",
                path.display().to_string()
            )?;
        }
    }
    out.push_str("];\n");
    std::fs::write(
        PathBuf::from(std::env::var("OUT_DIR")?).join("embedded.rs"),
        out,
    )?;
    Ok(())
}
