//! Fuzzes CSV loading: any bytes must give a data set or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mlp_companion::Dataset;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        if let Ok(data) = Dataset::from_csv_str(text) {
            // what loads must be a valid data set
            assert!(data.validate().is_ok());
        }
    }
    let path = std::env::temp_dir().join(format!("mlp_companion_fuzz_{}.csv", std::process::id()));
    if std::fs::write(&path, bytes).is_ok() {
        let _ = Dataset::from_csv(&path);
    }
});
