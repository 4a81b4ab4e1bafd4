//! Every activation function with its derivative on [−5, 5].
//! Writes `target/figures/activation_gallery.png`.
use mlp_companion::prelude::*;

fn main() -> Result<()> {
    let figure = plot::activation_gallery(&Activation::ALL)?;
    figure.save(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/figures/activation_gallery.png"
    ))
}

#[test]
fn entry_point() {
    main().unwrap();
}
