//! Fuzzes the model builder and the forward pass: any layer sizes, activations and inputs
//! must give a model and outputs, or an error, never a panic.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use mlp_companion::ndarray::Array2;
use mlp_companion::prelude::*;

#[derive(Arbitrary, Debug)]
struct Case {
    n_inputs: u8,
    hidden: Vec<(u16, u8, f32)>,
    n_outputs: u8,
    init: u8,
    init_value: f32,
    seed: u64,
    rows: u8,
    cols: u8,
    values: Vec<f32>,
}

fuzz_target!(|case: Case| {
    let activation = |kind: u8, p: f32| match kind % 6 {
        0 => Activation::Relu,
        1 => Activation::LeakyRelu(p),
        2 => Activation::Elu(p),
        3 => Activation::Gelu,
        4 => Activation::Tanh,
        _ => Activation::Identity,
    };
    let init = match case.init % 5 {
        0 => Init::PyTorchDefault,
        1 => Init::KaimingNormal,
        2 => Init::Normal { std: case.init_value },
        3 => Init::Constant { value: case.init_value },
        _ => Init::Uniform { low: -case.init_value, high: case.init_value },
    };
    let mut builder = Mlp::builder(case.n_inputs as usize).init(init).seed(case.seed);
    for &(units, kind, p) in case.hidden.iter().take(4) {
        builder = builder.hidden(units as usize % 300, activation(kind, p));
    }
    let Ok(model) = builder.output(case.n_outputs as usize).build() else {
        return;
    };
    let (rows, cols) = (case.rows as usize % 40, case.cols as usize % 8);
    let x = Array2::from_shape_fn((rows, cols), |(r, c)| {
        case.values.get(r * cols + c).copied().unwrap_or(0.5)
    });
    if let Ok(logits) = model.forward(&x) {
        assert_eq!(logits.dim(), (rows, model.n_classes()));
    }
    let _ = model.predict(&x);
    let _ = model.predict_proba(&x);
});
