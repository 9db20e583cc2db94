//! Lists the files of the default rule pack (`rules/*.toml`) for `pack.rs` to
//! embed, so that adding a rule file needs no code change.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../rules");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the rules folder is readable")
        .map(|e| {
            e.expect("a rules folder entry")
                .file_name()
                .into_string()
                .expect("UTF-8 file name")
        })
        .filter(|n| n.ends_with(".toml"))
        .collect();
    // By name, for a stable rule order; sets are global, so file order does not matter.
    names.sort();
    let mut list = String::from("&[\n");
    for name in names {
        let path = dir.join(&name).canonicalize().expect("a rule file path");
        println!("cargo::rerun-if-changed={}", path.display());
        writeln!(
            list,
            "    (\"rules/{name}\", include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    list.push_str("]\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("default_files.rs");
    std::fs::write(out, list).expect("OUT_DIR is writable");
}
