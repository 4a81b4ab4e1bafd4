//! The first layer's weight matrix after training on XOR, with constant and with random
//! initialisation: under constant init every row (unit) is the same.
//! Writes `target/figures/weight_heatmap.png`.
use mlp_companion::prelude::*;

fn main() -> Result<()> {
    let data = datasets::xor(750, 123)?;
    let mut panels = Vec::new();
    for (name, init) in [
        ("constant", Init::Constant { value: 0.1 }),
        ("random", Init::KaimingNormal),
    ] {
        let mut model = Mlp::builder(2)
            .hidden(8, Activation::Relu)
            .output(2)
            .init(init)
            .seed(1)
            .build()?;
        Trainer::new(Sgd::new(0.1))
            .epochs(20)
            .fit(&mut model, &data)?;
        panels.push(plot::weight_heatmap(
            &model.layers()[0],
            &format!("Layer 1 after training, {name} init"),
        )?);
    }
    let figure = Figure::grid(panels, 2)?;
    figure.save(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/figures/weight_heatmap.png"
    ))
}

#[test]
fn entry_point() {
    main().unwrap();
}
