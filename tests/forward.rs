//! The forward pass computes the definition, `a = f(x·Wᵀ + b)` layer by layer, for every
//! activation: in inference (blocks of 256 rows, bias and activation fused in place) and in
//! training (the fused pass that keeps z for the backward pass).

use mlp_companion::prelude::*;
use mlp_companion::rand::Rng;
use mlp_companion::{Trainable, loss};

const ACTIVATIONS: [Activation; 14] = [
    Activation::Identity,
    Activation::Relu,
    Activation::LeakyRelu(0.1),
    Activation::Elu(1.0),
    Activation::Selu,
    Activation::Gelu,
    Activation::GeluTanh,
    Activation::Silu,
    Activation::Mish,
    Activation::Softplus,
    Activation::Sigmoid,
    Activation::Tanh,
    Activation::Hardtanh,
    Activation::Softsign,
];

/// The definition, with no buffers, blocks or fusion: each layer `x·Wᵀ + b`, then `f`.
fn by_definition(model: &Mlp, x: &Array2<f32>) -> Array2<f32> {
    let mut a = x.clone();
    for (i, layer) in model.layers().iter().enumerate() {
        let z = a.dot(&layer.weight.t()) + &layer.bias;
        a = match model.activations().get(i) {
            Some(act) => act.apply(z.view()),
            None => z,
        };
    }
    a
}

fn max_abs_diff(a: &Array2<f32>, b: &Array2<f32>) -> f32 {
    assert_eq!(a.dim(), b.dim());
    (a - b).iter().fold(0.0, |m, d| m.max(d.abs()))
}

#[test]
fn inference_matches_the_definition_for_every_activation() {
    let mut rng = seeded_rng(5);
    // 600 rows: two full blocks of 256 and a partial one
    let x = Array2::from_shape_fn((600, 3), |_| rng.random_range(-2.0..2.0f32));
    for act in ACTIVATIONS {
        let model = Mlp::builder(3)
            .hidden(7, act)
            .hidden(5, act)
            .output(3)
            .seed(9)
            .build()
            .unwrap();
        let expected = by_definition(&model, &x);
        let logits = model.forward(&x).unwrap();
        assert!(max_abs_diff(&logits, &expected) < 1e-5, "{act}");
        let outputs = model.layer_outputs(&x).unwrap();
        assert!(max_abs_diff(&outputs[2], &expected) < 1e-5, "{act}");
    }
}

#[test]
fn the_training_pass_computes_the_same_loss() {
    let mut rng = seeded_rng(6);
    let x = Array2::from_shape_fn((40, 3), |_| rng.random_range(-2.0..2.0f32));
    let y: Array1<usize> = (0..40).map(|i| i % 3).collect();
    for act in ACTIVATIONS {
        let mut model = Mlp::builder(3)
            .hidden(6, act)
            .output(3)
            .seed(4)
            .build()
            .unwrap();
        let expected = loss::cross_entropy(by_definition(&model, &x).view(), y.view()).unwrap();
        model.zero_grad();
        let trained = model.backward(&x, &y).unwrap();
        assert!(
            (trained - expected).abs() < 1e-5,
            "{act}: {trained} vs {expected}"
        );
        let data = Dataset::with_classes(x.clone(), y.clone(), 3).unwrap();
        assert!((Trainable::loss(&model, &data).unwrap() - expected).abs() < 1e-5);
    }
}
