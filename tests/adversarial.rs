//! Thousands of malformed inputs in every format, made from the fixtures by a
//! seeded generator, thrown at `tactful check`: it must never panic or hang,
//! every problem it reports names its file, and the exit code is 0, 1 or 2.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

// Not every helper of the shared runner is needed here.
#[allow(dead_code)]
mod support;

/// Inputs generated in all, and how many each run of the binary checks.
const INPUTS: usize = 3_000;
const PER_RUN: usize = 750;

/// A hang guard, not a speed test: a run that takes this long is stuck.
const HANG: Duration = Duration::from_secs(120);

/// Fixtures larger than this are left out, to keep the sweep quick.
const MAX_SEED: usize = 100 * 1024;

/// The fixture files to mutate, as (extension, bytes).
fn seeds() -> Vec<(String, Vec<u8>)> {
    let root = support::workspace().join("tests");
    let mut seeds = Vec::new();
    for folder in ["fixtures/formats", "agreement"] {
        let mut paths: Vec<PathBuf> = fs::read_dir(root.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default()
                .to_string();
            let bytes = fs::read(&path).unwrap();
            if ext != "toml" && bytes.len() <= MAX_SEED {
                seeds.push((ext, bytes));
            }
        }
    }
    seeds
}

/// Bytes that break one format or another when dropped in anywhere.
const INSERTS: &[&[u8]] = &[
    b"\"",
    b"'",
    b"\\",
    b"\\u",
    b"\\ud800",
    b"\0",
    b"\xff\xfe",
    b"\xc3",
    b"\r",
    b"\r\n",
    b"\xef\xbb\xbf",
    b"1e999999",
    b"-123456789012345678901234567890123456789",
    b"{{",
    b"}}",
    b"<!--",
    b"```",
    b"&#x110000;",
    b": ",
    b"- ",
    b"*a",
    b"&a",
    b"!!binary",
    b"\t",
    b",",
    b"<div>",
];

/// `seed` damaged one to three ways.
fn mutate(rng: &mut fastrand::Rng, seed: &[u8]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..rng.usize(1..=3) {
        let at = rng.usize(..=bytes.len());
        match rng.u8(..7) {
            0 => bytes.truncate(at),
            1 if !bytes.is_empty() => {
                for _ in 0..rng.usize(1..8) {
                    let i = rng.usize(..bytes.len());
                    bytes[i] = rng.u8(..);
                }
            }
            2 => {
                let insert = INSERTS[rng.usize(..INSERTS.len())];
                bytes.splice(at..at, insert.iter().copied());
            }
            3 => {
                // Nesting around the limit of 128 levels, and past it.
                let depth = rng.usize(1..400);
                let (open, close) = [
                    ("[", "]"),
                    ("{\"a\":", "}"),
                    ("- ", ""),
                    (">", ""),
                    ("<b>", "</b>"),
                ][rng.usize(..5)];
                let deep = [open.repeat(depth), close.repeat(depth)].concat();
                bytes.splice(at..at, deep.into_bytes());
            }
            4 => {
                bytes.splice(0..0, b"\xef\xbb\xbf".iter().copied());
            }
            5 => {
                let end = rng.usize(at..=bytes.len());
                let chunk = bytes[at..end].to_vec();
                bytes.splice(end..end, chunk);
            }
            _ => {
                let end = rng.usize(at..=bytes.len());
                bytes.drain(at..end);
            }
        }
    }
    bytes
}

/// Runs `tactful ARGS` in `dir`, killing it (and failing) if it hangs.
fn run_guarded(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tactful"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read both pipes while waiting, so a full pipe cannot stall the child.
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap());
    let err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > HANG {
            child.kill().unwrap();
            panic!(
                "tactful {args:?} still running after {HANG:?} in {}",
                dir.display()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: out.join().unwrap().into_bytes(),
        stderr: err.join().unwrap().into_bytes(),
    }
}

#[test]
fn malformed_inputs_in_every_format_never_panic_or_hang_and_errors_name_their_file() {
    let seeds = seeds();
    assert!(seeds.len() >= 10, "{} fixtures found", seeds.len());
    let mut rng = fastrand::Rng::with_seed(0x7AC7_F011);
    let dir = tempfile::tempdir().unwrap();
    let mut skipped = 0;
    for run in 0..INPUTS / PER_RUN {
        let folder = dir.path().join(format!("run{run}"));
        fs::create_dir(&folder).unwrap();
        let mut names = Vec::new();
        for i in 0..PER_RUN {
            let (ext, seed) = &seeds[rng.usize(..seeds.len())];
            let name = format!("{i:04}.{ext}");
            fs::write(folder.join(&name), mutate(&mut rng, seed)).unwrap();
            names.push(name);
        }
        let out = run_guarded(&folder, &["check", "--format", "json", "."]);
        let err = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code();
        assert!(matches!(code, Some(0..=2)), "run {run}: exit {code:?}\n{err}");
        assert!(!err.contains("panicked"), "run {run}:\n{err}");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("run {run}: the JSON report does not parse: {e}\n{err}"));
        assert!(report["files"].is_array(), "run {run}");
        for line in err.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                names.iter().any(|name| line.contains(name.as_str())),
                "run {run}: a message that names no file: {line}"
            );
        }
        skipped += err.matches("file skipped").count();
        // Every error is one of the failures the exit code reports.
        assert_eq!(
            code == Some(2),
            err.contains(": cannot") || err.contains("file skipped"),
            "run {run}:\n{err}"
        );
    }
    assert!(
        skipped > INPUTS / 10,
        "only {skipped} inputs were malformed enough to skip"
    );
}
