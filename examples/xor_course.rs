//! The course's XOR experiment: a 2-25-15-2 ReLU MLP trained with SGD (lr 0.05, batch 32,
//! 10 epochs) on 573 / 64 / 113 samples, printing the course's progress lines.
//!
//! Run with `cargo run --release --example xor_course [path/to/xor.csv]`; without a path it
//! generates the data with `datasets::xor`.
use mlp_companion::prelude::*;

fn main() -> Result<()> {
    run(std::env::args().nth(1))
}

fn run(csv_path: Option<String>) -> Result<()> {
    let data = match csv_path {
        Some(path) => Dataset::from_csv(path)?,
        None => datasets::xor(750, 123)?,
    };
    let (train, val, test) = data.split3(0.765, 0.085, 1)?;
    println!(
        "train {} / val {} / test {}",
        train.len(),
        val.len(),
        test.len()
    );
    let mut model = Mlp::builder(2)
        .hidden(25, Activation::Relu)
        .hidden(15, Activation::Relu)
        .output(2)
        .seed(1)
        .build()?;
    println!("{model}");
    Trainer::new(Sgd::new(0.05))
        .batch_size(32)
        .epochs(10)
        .seed(1)
        .validation(&val)
        .log_every(20)
        .fit(&mut model, &train)?;
    println!(
        "Train Acc {:.2}% | Val Acc {:.2}% | Test Acc {:.2}%",
        100.0 * model.accuracy(&train)?,
        100.0 * model.accuracy(&val)?,
        100.0 * model.accuracy(&test)?
    );
    Ok(())
}

#[test]
fn entry_point() {
    run(None).unwrap();
}
