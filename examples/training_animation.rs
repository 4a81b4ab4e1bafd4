//! An animated GIF of an MLP's decision regions forming on XOR, one frame every 2 epochs.
//! Writes `target/figures/training_animation.gif`.
use mlp_companion::prelude::*;

fn main() -> Result<()> {
    let data = datasets::xor(750, 123)?;
    let mut model = Mlp::builder(2)
        .hidden(25, Activation::Relu)
        .hidden(15, Activation::Relu)
        .output(2)
        .seed(2)
        .build()?;
    let mut frames = plot::TrainingAnimation::new(&data);
    Trainer::new(Sgd::new(0.05))
        .epochs(20)
        .seed(2)
        .on_epoch(2, |report, m: &Mlp| frames.capture(m, report))
        .fit(&mut model, &data)?;
    let animation = frames.finish()?;
    animation.save(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/figures/training_animation.gif"
    ))
}

#[test]
fn entry_point() {
    main().unwrap();
}
