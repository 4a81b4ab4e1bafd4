//! The reference scripts (PyTorch and numpy, `benches/reference/`, copies of the benchmark
//! definition's scripts) run from the benchmark, side by side with the crate's repetitions, so
//! that the speed-ups compare runs on the same machine at the same time.
//!
//! Set `MLP_BENCH_PYTHON` to a Python with numpy (and torch for the PyTorch column);
//! `make bench-reference` makes one and runs the benchmark with it.

use std::path::PathBuf;
use std::process::Command;

/// A Python interpreter that runs the reference scripts.
pub struct Python {
    exe: PathBuf,
    /// Whether `import torch` works (else only the numpy scripts run).
    pub has_torch: bool,
    /// E.g. "numpy 2.3.5, torch 2.15.0".
    pub versions: String,
}

impl Python {
    /// The interpreter named by `MLP_BENCH_PYTHON`, or `None` when it is not set. An error
    /// when it is set but cannot import numpy.
    pub fn from_env() -> Result<Option<Python>, String> {
        match std::env::var_os("MLP_BENCH_PYTHON") {
            Some(exe) if !exe.is_empty() => Python::new(PathBuf::from(exe)).map(Some),
            _ => Ok(None),
        }
    }

    /// The interpreter `exe`; an error when it cannot import numpy.
    pub fn new(exe: PathBuf) -> Result<Python, String> {
        let probe = |module: &str| {
            Command::new(&exe)
                .args([
                    "-c",
                    &format!("import {module}; print({module}.__version__)"),
                ])
                .output()
                .ok()
                .filter(|out| out.status.success())
                .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        };
        let numpy = probe("numpy").ok_or_else(|| {
            format!(
                "MLP_BENCH_PYTHON={} cannot import numpy; install it (`{0} -m pip install numpy`) \
                 or unset MLP_BENCH_PYTHON to compare with the quoted figures",
                exe.display()
            )
        })?;
        let torch = probe("torch");
        let versions = match &torch {
            Some(t) => format!("numpy {numpy}, torch {t}"),
            None => format!("numpy {numpy}, no torch"),
        };
        Ok(Python {
            exe,
            has_torch: torch.is_some(),
            versions,
        })
    }

    /// Runs `benches/reference/<script>` with `--impl <implementation> --threads 1` and returns
    /// the number `key` of the JSON line it prints (its own timing of the timed region).
    pub fn run(&self, script: &str, implementation: &str, key: &str) -> Result<f64, String> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("benches/reference")
            .join(script);
        let out = Command::new(&self.exe)
            .arg(&path)
            .args(["--impl", implementation, "--threads", "1"])
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.exe.display()))?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            return Err(format!(
                "{script} --impl {implementation} failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        stdout
            .lines()
            .rev()
            .find_map(|line| json_number(line, key))
            .ok_or_else(|| format!("{script} printed no \"{key}\": {}", stdout.trim()))
    }
}

/// The number stored under `key` in a flat JSON object such as
/// `{"workload": "w1_xor", "train_s": 0.1961}`; `None` if the key is missing or not a number.
pub fn json_number(line: &str, key: &str) -> Option<f64> {
    let quoted = format!("\"{key}\"");
    let after_key = &line[line.find(&quoted)? + quoted.len()..];
    let value = after_key.trim_start().strip_prefix(':')?.trim_start();
    let end = value.find([',', '}']).unwrap_or(value.len());
    value[..end].trim().parse().ok()
}
