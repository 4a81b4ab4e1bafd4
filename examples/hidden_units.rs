//! What each hidden unit computes over the input plane, after training on XOR: with random
//! initialisation the units differ; with constant initialisation they are all the same.
//! Writes `target/figures/hidden_units_random.png` and `hidden_units_constant.png`.
use mlp_companion::prelude::*;

fn main() -> Result<()> {
    let data = datasets::xor(750, 123)?;
    for (name, init) in [
        ("random", Init::PyTorchDefault),
        ("constant", Init::Constant { value: 0.1 }),
    ] {
        let mut model = Mlp::builder(2)
            .hidden(8, Activation::Relu)
            .hidden(4, Activation::Tanh)
            .output(2)
            .init(init)
            .seed(1)
            .build()?;
        Trainer::new(Sgd::new(0.1))
            .epochs(20)
            .fit(&mut model, &data)?;
        let path = format!(
            "{}/target/figures/hidden_units_{name}.png",
            env!("CARGO_MANIFEST_DIR")
        );
        plot::hidden_unit_maps(&model, &data)?.save(path)?;
    }
    Ok(())
}

#[test]
fn entry_point() {
    main().unwrap();
}
