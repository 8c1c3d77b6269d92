//! Embeds every file under `data/lang/<iso>/` so the binary carries its language packs.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../data/lang");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut out = String::from("/// (iso, file name, contents) of every embedded pack file.\npub(crate) static EMBEDDED: &[(&str, &str, &str)] = &[\n");
    let mut langs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .collect();
    langs.sort_by_key(|e| e.file_name());
    for lang in langs {
        println!("cargo:rerun-if-changed={}", lang.path().display());
        let iso = lang.file_name().to_string_lossy().to_string();
        let mut files: Vec<_> = std::fs::read_dir(lang.path())
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_file())
            .collect();
        files.sort_by_key(|e| e.file_name());
        for f in files {
            let name = f.file_name().to_string_lossy().to_string();
            if name.ends_with(".md") {
                continue;
            }
            println!("cargo:rerun-if-changed={}", f.path().display());
            let path = f.path().canonicalize().unwrap();
            writeln!(
                out,
                "    ({iso:?}, {name:?}, include_str!({:?})),",
                path.display().to_string()
            )
            .unwrap();
        }
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(dest, out).unwrap();
}
