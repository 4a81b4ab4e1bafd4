//! The benchmark's runner for the reference scripts (`benches/support/reference.rs`): it must
//! read each script's own timing from its JSON line, and say clearly when the Python it was
//! given cannot run them.

#[path = "../benches/support/reference.rs"]
mod reference;

use reference::{Python, json_number};

/// Lines as the reference scripts print them.
const W1_LINE: &str = r#"{"foreign_cpu": 0.012, "own_cpu_s": 0.197, "workload": "w1_xor", "impl": "numpy", "threads": 1, "train_s": 0.1961, "us_per_step": 81.7, "final_train_loss": 0.0312, "train_acc": 0.9973}"#;
const W4_LINE: &str =
    r#"{"workload": "w4_mnist_shaped", "train_s": 0.4311, "samples_per_s": 69600}"#;

#[test]
fn reads_the_number_of_a_key() {
    assert_eq!(json_number(W1_LINE, "train_s"), Some(0.1961));
    assert_eq!(json_number(W1_LINE, "train_acc"), Some(0.9973));
    assert_eq!(json_number(W4_LINE, "samples_per_s"), Some(69600.0));
    assert_eq!(json_number(r#"{"a": -1.5e-3 }"#, "a"), Some(-0.0015));
}

#[test]
fn a_key_must_match_whole() {
    // "train_s" is the end of no other key, and "s" alone is no key
    assert_eq!(json_number(W1_LINE, "s"), None);
    assert_eq!(json_number(W1_LINE, "loss"), None);
}

#[test]
fn missing_keys_and_text_values_are_none() {
    assert_eq!(json_number(W1_LINE, "grid_pass_median_s"), None);
    assert_eq!(json_number(W1_LINE, "workload"), None);
    assert_eq!(json_number(r#"{"foreign_cpu": null}"#, "foreign_cpu"), None);
    assert_eq!(
        json_number("Traceback (most recent call last):", "train_s"),
        None
    );
}

/// Held by every test that writes a stand-in script or starts a process. Tests run on
/// parallel threads: a process forked by one thread while another thread still has its new
/// script open for writing inherits that descriptor until it execs, and running the script
/// meanwhile fails with "text file busy" (ETXTBSY), which the runner would report as a
/// Python without numpy.
static PROCESSES: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn processes() -> std::sync::MutexGuard<'static, ()> {
    PROCESSES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A stand-in for Python: answers `-c 'import numpy; …'` with a version (or fails for the
/// modules named in `missing`) and prints `line` for a script.
#[cfg(unix)]
fn fake_python(name: &str, missing: &[&str], line: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::temp_dir().join(format!(
        "mlp_companion-fake-python-{}-{name}",
        std::process::id()
    ));
    let fails: String = missing
        .iter()
        .map(|m| format!("  *'import {m};'*) exit 1 ;;\n"))
        .collect();
    let script = format!(
        "#!/bin/sh\nif [ \"$1\" = -c ]; then\n  case \"$2\" in\n{fails}  esac\n  echo 9.9.9\n  exit 0\nfi\necho 'starting'\necho '{line}'\n"
    );
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn runs_a_script_and_reads_its_timing() {
    let _one_at_a_time = processes();
    let py = Python::new(fake_python("ok", &[], W4_LINE)).unwrap();
    assert!(py.has_torch);
    assert_eq!(py.versions, "numpy 9.9.9, torch 9.9.9");
    assert_eq!(
        py.run("w4_mnist_shaped.py", "torch", "samples_per_s"),
        Ok(69600.0)
    );
    let err = py
        .run("w4_mnist_shaped.py", "torch", "grid_pass_median_s")
        .unwrap_err();
    assert!(err.contains("printed no \"grid_pass_median_s\""), "{err}");
}

#[cfg(unix)]
#[test]
fn torch_is_optional_numpy_is_not() {
    let _one_at_a_time = processes();
    let py = Python::new(fake_python("no-torch", &["torch"], W1_LINE)).unwrap();
    assert!(!py.has_torch);
    assert_eq!(py.versions, "numpy 9.9.9, no torch");
    let err = Python::new(fake_python("no-numpy", &["numpy"], W1_LINE))
        .err()
        .unwrap();
    assert!(err.contains("cannot import numpy"), "{err}");
    assert!(
        err.contains("no-numpy"),
        "the message names the interpreter: {err}"
    );
}

#[test]
fn a_missing_interpreter_is_an_error() {
    let _one_at_a_time = processes();
    let err = Python::new("/nonexistent/python".into()).err().unwrap();
    assert!(err.contains("/nonexistent/python"), "{err}");
}

#[test]
fn without_the_variable_the_quoted_figures_are_used() {
    // (`make test` runs with MLP_BENCH_PYTHON unset; `make bench-reference` sets it)
    if std::env::var_os("MLP_BENCH_PYTHON").is_none() {
        assert!(matches!(Python::from_env(), Ok(None)));
    }
}
