//! Lists the files of the default rule pack (`rules/*.toml`) for `pack.rs` to
//! embed, so that adding a rule file needs no code change; and hashes them,
//! with the code that compiles them, for `precompiled.rs` to tell whether the
//! precompiled pack is still theirs.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::Xxh3;

/// The modules whose code decides what a compiled pack holds: a change to any
/// of them may change the precompiled pack.
const COMPILERS: &[&str] = &[
    "matcher.rs",
    "normalise.rs",
    "pattern.rs",
    "phrase.rs",
    "pod.rs",
    "precompiled.rs",
    "rule.rs",
    "walk.rs",
];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let dir = manifest.join("../../rules");
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
    let mut hash = Sources::default();
    let mut list = String::from("&[\n");
    for name in names {
        let path = dir.join(&name).canonicalize().expect("a rule file path");
        hash.file(&name, &path);
        writeln!(
            list,
            "    (\"rules/{name}\", include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    list.push_str("]\n");
    for name in COMPILERS {
        hash.file(name, &manifest.join("src").join(name));
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("default_files.rs"), list).expect("OUT_DIR is writable");
    std::fs::write(out.join("sources.rs"), format!("{:#x}\n", hash.0.digest())).expect("OUT_DIR is writable");
}

/// A hash of the files read, the same on every host.
#[derive(Default)]
struct Sources(Xxh3);

impl Sources {
    /// Hashes a file's name and contents, and has Cargo watch it.
    fn file(&mut self, name: &str, path: &Path) {
        println!("cargo::rerun-if-changed={}", path.display());
        let contents = std::fs::read(path).expect("a source file is readable");
        for bytes in [name.as_bytes(), &[0], &contents, &[0]] {
            self.0.update(bytes);
        }
    }
}
