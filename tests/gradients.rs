//! Every analytic derivative against central finite differences:
//! `f'(x) ≈ (f(x + h) − f(x − h)) / 2h`.

use mlp_companion::prelude::*;
use mlp_companion::rand::Rng;
use ndarray::{Array1, Array2};

/// Central difference of a scalar function of one `f64`, for smooth references.
fn central(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}

#[test]
fn every_activation_derivative_matches_finite_differences() {
    for act in Activation::ALL {
        for i in 0..=200 {
            let z = -5.0 + 0.05 * i as f64;
            // skip points within h of a kink, where the difference quotient straddles it
            if act.kinks().iter().any(|&k| (z - k as f64).abs() < 1e-2) {
                continue;
            }
            let numeric = central(|v| act.forward(v as f32) as f64, z, 1e-3);
            let analytic = act.derivative(z as f32) as f64;
            assert!(
                (numeric - analytic).abs() < 2e-3 * (1.0 + analytic.abs()),
                "{act} at z = {z}: analytic {analytic}, numeric {numeric}"
            );
        }
    }
}

#[test]
fn activation_values_match_pytorch_definitions() {
    // Golden values computed in f64 (Python's math module) from the formulas in PyTorch's
    // documentation of nn.GELU, nn.SELU, nn.Mish, nn.SiLU, nn.Softplus, nn.ELU, …
    let cases = [
        (Activation::Gelu, 1.0, 0.841_344_7),
        (Activation::GeluTanh, 1.0, 0.841_192),
        (Activation::Selu, -1.0, -1.111_330_7),
        (Activation::Mish, 1.0, 0.865_098_4),
        (Activation::Silu, 1.0, 0.731_058_6),
        (Activation::Softplus, 1.0, 1.313_261_7),
        (Activation::Elu(1.0), -1.0, -0.632_120_6),
        (Activation::Softsign, 1.0, 0.5),
        (Activation::LeakyRelu(0.01), -2.0, -0.02),
        (Activation::Hardtanh, 3.0, 1.0),
        (Activation::Sigmoid, 0.0, 0.5),
        (Activation::Relu, -1.0, 0.0),
        (Activation::Identity, -1.5, -1.5),
        (Activation::Tanh, 1.0, 0.761_594_2),
    ];
    for (act, z, expected) in cases {
        let got = act.forward(z);
        assert!(
            (got - expected).abs() < 1e-5,
            "{act}({z}) = {got}, expected {expected}"
        );
    }
    // Stable at extreme inputs: no NaN, no overflow
    for act in Activation::ALL {
        for z in [-100.0, 100.0] {
            assert!(
                act.forward(z).is_finite() && act.derivative(z).is_finite(),
                "{act} at {z}"
            );
        }
    }
}

#[test]
fn cross_entropy_gradient_matches_finite_differences() {
    let mut rng = seeded_rng(3);
    let logits = Array2::from_shape_fn((4, 3), |_| rng.random_range(-2.0..2.0f32));
    let labels = ndarray::array![0, 2, 1, 2];
    let (_, grad) = loss::cross_entropy_with_grad(logits.view(), labels.view()).unwrap();
    for idx in [(0, 0), (1, 2), (2, 1), (3, 0), (3, 2)] {
        let numeric = central(
            |v| {
                let mut z = logits.clone();
                z[idx] = v as f32;
                loss::cross_entropy(z.view(), labels.view()).unwrap() as f64
            },
            logits[idx] as f64,
            1e-2,
        );
        assert!(
            (numeric - grad[idx] as f64).abs() < 1e-4,
            "{idx:?}: {numeric} vs {}",
            grad[idx]
        );
    }
}

#[test]
fn binary_cross_entropy_and_mse_gradients_match_finite_differences() {
    let logits = ndarray::array![-1.5f32, 0.3, 2.0];
    let targets = ndarray::array![0.0f32, 1.0, 1.0];
    let (_, grad) =
        loss::binary_cross_entropy_with_logits_and_grad(logits.view(), targets.view()).unwrap();
    for i in 0..3 {
        let numeric = central(
            |v| {
                let mut z = logits.clone();
                z[i] = v as f32;
                loss::binary_cross_entropy_with_logits(z.view(), targets.view()).unwrap() as f64
            },
            logits[i] as f64,
            1e-2,
        );
        assert!((numeric - grad[i] as f64).abs() < 1e-4);
    }
    let pred = ndarray::array![[0.5f32, -1.0], [2.0, 0.0]];
    let target = ndarray::array![[0.0f32, 1.0], [1.5, 0.5]];
    let (loss, grad) = loss::mse_with_grad(pred.view(), target.view()).unwrap();
    // (0.25 + 4 + 0.25 + 0.25) / 4
    assert!((loss - 1.1875).abs() < 1e-6);
    for idx in [(0, 0), (0, 1), (1, 0), (1, 1)] {
        let numeric = central(
            |v| {
                let mut p = pred.clone();
                p[idx] = v as f32;
                loss::mse(p.view(), target.view()).unwrap() as f64
            },
            pred[idx] as f64,
            1e-2,
        );
        assert!((numeric - grad[idx] as f64).abs() < 1e-3);
    }
}

/// Loss of `model` on (x, y) with one parameter replaced.
fn loss_with(
    model: &Mlp,
    layer: usize,
    weight: Option<(usize, usize)>,
    bias: Option<usize>,
    v: f32,
    x: &Array2<f32>,
    y: &Array1<usize>,
) -> f64 {
    let mut m = model.clone();
    let l = &mut m.layers_mut()[layer];
    if let Some(idx) = weight {
        l.weight[idx] = v;
    }
    if let Some(j) = bias {
        l.bias[j] = v;
    }
    let logits = m.forward(x).unwrap();
    loss::cross_entropy(logits.view(), y.view()).unwrap() as f64
}

#[test]
fn three_layer_mlp_gradients_match_finite_differences() {
    for act in [
        Activation::Tanh,
        Activation::Gelu,
        Activation::Relu,
        Activation::Mish,
    ] {
        let mut model = Mlp::builder(3)
            .hidden(5, act)
            .hidden(4, act)
            .output(3)
            .seed(7)
            .build()
            .unwrap();
        let mut rng = seeded_rng(11);
        let x = Array2::from_shape_fn((6, 3), |_| rng.random_range(-1.5..1.5f32));
        let y = ndarray::array![0, 1, 2, 1, 0, 2];
        model.zero_grad();
        model.backward(&x, &y).unwrap();
        let mut checked = 0;
        for (li, layer) in model.layers().iter().enumerate() {
            for ((r, c), &w) in layer.weight.indexed_iter() {
                let numeric = central(
                    |v| loss_with(&model, li, Some((r, c)), None, v as f32, &x, &y),
                    w as f64,
                    1e-2,
                );
                let analytic = layer.weight_grad[[r, c]] as f64;
                assert!(
                    (numeric - analytic).abs() < 2e-3 + 2e-2 * analytic.abs(),
                    "{act} layer {li} weight ({r},{c}): analytic {analytic}, numeric {numeric}"
                );
                checked += 1;
            }
            for (j, &b) in layer.bias.iter().enumerate() {
                let numeric = central(
                    |v| loss_with(&model, li, None, Some(j), v as f32, &x, &y),
                    b as f64,
                    1e-2,
                );
                let analytic = layer.bias_grad[j] as f64;
                assert!(
                    (numeric - analytic).abs() < 2e-3 + 2e-2 * analytic.abs(),
                    "{act} layer {li} bias {j}: analytic {analytic}, numeric {numeric}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, model.num_params());
    }
}

#[test]
fn gradients_accumulate_until_zero_grad_like_pytorch() {
    let data = datasets::xor(40, 2).unwrap();
    let mut model = Mlp::builder(2)
        .hidden(4, Activation::Relu)
        .output(2)
        .build()
        .unwrap();
    model.zero_grad();
    model.backward(&data.x, &data.y).unwrap();
    let once = model.layers()[0].weight_grad.clone();
    model.backward(&data.x, &data.y).unwrap();
    let twice = model.layers()[0].weight_grad.clone();
    assert!((twice - &once * 2.0).iter().all(|d| d.abs() < 1e-6));
    model.zero_grad();
    assert!(model.layers()[0].weight_grad.iter().all(|&g| g == 0.0));
}

#[test]
fn logistic_regression_gradient_matches_finite_differences() {
    let data = datasets::moons(30, 0.2, 1).unwrap();
    let mut model = LogisticRegression::new(2, 3).unwrap();
    model.zero_grad();
    model.backward(data.x.view(), data.y.view()).unwrap();
    for c in 0..2 {
        let w = model.linear.weight[[0, c]] as f64;
        let numeric = central(
            |v| {
                let mut m = model.clone();
                m.linear.weight[[0, c]] = v as f32;
                m.loss(&data).unwrap() as f64
            },
            w,
            1e-2,
        );
        let analytic = model.linear.weight_grad[[0, c]] as f64;
        assert!(
            (numeric - analytic).abs() < 1e-3,
            "w{c}: {numeric} vs {analytic}"
        );
    }
}
