//! The perceptron's errors per epoch: zero after a few epochs on separable data, never on
//! XOR. Writes `target/figures/perceptron_errors.png`.
use mlp_companion::prelude::*;

fn main() -> Result<()> {
    let separable = Perceptron::new(2)?.fit(&datasets::linearly_separable(300, 1)?, 50)?;
    let xor = Perceptron::new(2)?.fit(&datasets::xor(300, 1)?, 50)?;
    let figure = Figure::grid(
        vec![
            plot::perceptron_errors(&separable)?,
            plot::perceptron_errors(&xor)?,
        ],
        2,
    )?;
    figure.save(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/figures/perceptron_errors.png"
    ))
}

#[test]
fn entry_point() {
    main().unwrap();
}
