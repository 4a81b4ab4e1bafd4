//! Initialisation against torch.nn.init's formulas.
//!
//! The `[16, 2]` golden values were computed with PyTorch's formulas for a weight with
//! fan_in = 2 and fan_out = 16 (`torch.nn.init._calculate_fan_in_and_fan_out`).
// The golden values are written as PyTorch prints them (0.70711 = 1/√2 to 5 digits).
#![allow(clippy::approx_constant)]

use mlp_companion::prelude::*;
use ndarray::Array2;

fn close(a: f32, b: f32, tol: f32) -> bool {
    (a - b).abs() <= tol
}

fn mean_std(w: &Array2<f32>) -> (f32, f32) {
    let n = w.len() as f64;
    let mean = w.iter().map(|&v| v as f64).sum::<f64>() / n;
    let var = w.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / n;
    (mean as f32, var.sqrt() as f32)
}

#[test]
fn calculate_gain_matches_pytorch_table() {
    use Nonlinearity::*;
    assert_eq!(init::calculate_gain(Linear, None).unwrap(), 1.0);
    assert_eq!(init::calculate_gain(Sigmoid, None).unwrap(), 1.0);
    assert!(close(
        init::calculate_gain(Tanh, None).unwrap(),
        5.0 / 3.0,
        1e-7
    ));
    assert!(close(
        init::calculate_gain(Relu, None).unwrap(),
        2f32.sqrt(),
        1e-7
    ));
    assert!(close(
        init::calculate_gain(LeakyRelu, None).unwrap(),
        (2.0f32 / 1.0001).sqrt(),
        1e-6
    ));
    assert!(close(
        init::calculate_gain(LeakyRelu, Some(0.2)).unwrap(),
        (2.0f32 / 1.04).sqrt(),
        1e-6
    ));
    assert_eq!(init::calculate_gain(Selu, None).unwrap(), 0.75);
    assert!(init::calculate_gain(LeakyRelu, Some(f32::NAN)).is_err());
}

#[test]
fn golden_values_for_a_16_by_2_weight() {
    let shape = (16, 2);
    assert_eq!(init::fan_in_and_fan_out(shape).unwrap(), (2, 16));
    let relu = Nonlinearity::Relu;
    let kn_in = init::kaiming_std(shape, 0.0, FanMode::FanIn, relu).unwrap();
    let kn_out = init::kaiming_std(shape, 0.0, FanMode::FanOut, relu).unwrap();
    assert!(close(kn_in, 1.0, 1e-6), "{kn_in}");
    assert!(close(kn_out, 0.35355, 1e-5), "{kn_out}");
    assert!(close(3f32.sqrt() * kn_in, 1.73205, 1e-5));
    let xavier = init::xavier_std(shape, 1.0).unwrap();
    assert!(close(3f32.sqrt() * xavier, 0.57735, 1e-5));
    assert!(close(xavier, 0.33333, 1e-5));
    let linear = 3f32.sqrt()
        * init::kaiming_std(shape, 5f32.sqrt(), FanMode::FanIn, Nonlinearity::LeakyRelu).unwrap();
    assert!(close(linear, 0.70711, 1e-5), "{linear}");
}

/// Fills many [16, 2] weights and pools their values: the sample statistics must match the
/// formulas, and uniform values must stay inside (and reach close to) the bound.
#[test]
fn sampled_16_by_2_weights_follow_the_formulas() {
    let mut rng = seeded_rng(0);
    let mut pooled = Vec::new();
    let mut uniform_max = 0f32;
    let mut linear_max = 0f32;
    for _ in 0..5000 {
        let mut w = Array2::zeros((16, 2));
        init::kaiming_normal_(&mut w, 0.0, FanMode::FanOut, Nonlinearity::Relu, &mut rng).unwrap();
        pooled.extend(w.iter().copied());
        init::kaiming_uniform_(&mut w, 0.0, FanMode::FanIn, Nonlinearity::Relu, &mut rng).unwrap();
        uniform_max = uniform_max.max(w.iter().fold(0f32, |m, v| m.max(v.abs())));
        let layer = Linear::new(2, 16, &mut rng).unwrap();
        linear_max = linear_max.max(
            layer
                .weight
                .iter()
                .chain(&layer.bias)
                .fold(0f32, |m, v| m.max(v.abs())),
        );
    }
    let pooled = Array2::from_shape_vec((pooled.len(), 1), pooled).unwrap();
    let (mean, std) = mean_std(&pooled);
    assert!(
        mean.abs() < 0.01 && close(std, 0.35355, 0.005),
        "mean {mean}, std {std}"
    );
    assert!(
        uniform_max <= 1.73205 && uniform_max > 1.72,
        "{uniform_max}"
    );
    assert!(linear_max <= 0.70711 && linear_max > 0.70, "{linear_max}");
}

type Fill = Box<dyn Fn(&mut Array2<f32>, &mut mlp_companion::Rng)>;

#[test]
fn large_tensors_have_the_formula_statistics() {
    let mut rng = seeded_rng(42);
    let shape = (400, 600); // fan_in 600, fan_out 400
    let cases: Vec<(&str, f32, Fill)> = vec![
        (
            "kaiming_normal fan_in",
            (2.0f32 / 600.0).sqrt(),
            Box::new(|w, r| {
                init::kaiming_normal_(w, 0.0, FanMode::FanIn, Nonlinearity::Relu, r).unwrap()
            }),
        ),
        (
            "kaiming_uniform fan_out tanh",
            5.0 / 3.0 / 400f32.sqrt(),
            Box::new(|w, r| {
                init::kaiming_uniform_(w, 0.0, FanMode::FanOut, Nonlinearity::Tanh, r).unwrap()
            }),
        ),
        (
            "xavier_normal gain 2",
            2.0 * (2.0f32 / 1000.0).sqrt(),
            Box::new(|w, r| init::xavier_normal_(w, 2.0, r).unwrap()),
        ),
        (
            "xavier_uniform",
            (2.0f32 / 1000.0).sqrt(),
            Box::new(|w, r| init::xavier_uniform_(w, 1.0, r).unwrap()),
        ),
        (
            "normal std 0.01",
            0.01,
            Box::new(|w, r| init::normal_(w, 0.0, 0.01, r).unwrap()),
        ),
        // U(a, b) has std (b − a) / √12
        (
            "uniform(-1, 1)",
            2.0 / 12f32.sqrt(),
            Box::new(|w, r| init::uniform_(w, -1.0, 1.0, r).unwrap()),
        ),
    ];
    for (name, expected_std, fill) in cases {
        let mut w = Array2::zeros(shape);
        fill(&mut w, &mut rng);
        let (mean, std) = mean_std(&w);
        assert!(
            mean.abs() < 0.01 * expected_std.max(0.1),
            "{name}: mean {mean}"
        );
        assert!(
            close(std, expected_std, 0.01 * expected_std),
            "{name}: std {std}, expected {expected_std}"
        );
    }
}

#[test]
fn deterministic_fills_and_builder_schemes() {
    let mut w = Array2::zeros((3, 4));
    init::constant_(&mut w, 0.5);
    assert!(w.iter().all(|&v| v == 0.5));
    init::ones_(w.view_mut());
    assert!(w.iter().all(|&v| v == 1.0));
    init::zeros_(&mut w);
    assert!(w.iter().all(|&v| v == 0.0));

    let model = Mlp::builder(2)
        .hidden(6, Activation::Relu)
        .output(2)
        .init(Init::Constant { value: 0.3 })
        .build()
        .unwrap();
    for layer in model.layers() {
        assert!(layer.weight.iter().all(|&v| v == 0.3));
        assert!(layer.bias.iter().all(|&v| v == 0.0));
    }
    let model = Mlp::builder(2)
        .hidden(6, Activation::Relu)
        .output(2)
        .build()
        .unwrap();
    let bound = 1.0 / 2f32.sqrt();
    assert!(model.layers()[0].bias.iter().all(|&b| b.abs() <= bound));
    assert!(
        model.layers()[0].bias.iter().any(|&b| b != 0.0),
        "default bias is random"
    );
}

#[test]
fn init_errors_name_the_problem() {
    let mut rng = seeded_rng(0);
    let mut empty = Array2::<f32>::zeros((0, 3));
    let err = init::kaiming_normal_(
        &mut empty,
        0.0,
        FanMode::FanIn,
        Nonlinearity::Relu,
        &mut rng,
    )
    .unwrap_err();
    assert!(err.to_string().contains("[0, 3]"), "{err}");
    let mut w = Array2::<f32>::zeros((2, 2));
    let err = init::normal_(&mut w, 0.0, -1.0, &mut rng).unwrap_err();
    assert!(err.to_string().contains("-1"), "{err}");
    let err = init::normal_(&mut w, 0.0, f32::MAX, &mut rng).unwrap_err();
    assert!(err.to_string().contains("beyond the largest f32"), "{err}");
    let err = Mlp::builder(2)
        .output(2)
        .init(Init::Normal { std: 1e38 })
        .build()
        .unwrap_err();
    assert!(
        err.to_string().contains("1e38") || err.to_string().contains("100000"),
        "{err}"
    );
    let err = init::uniform_(&mut w, 2.0, 1.0, &mut rng).unwrap_err();
    assert!(err.to_string().contains("low = 2"), "{err}");
    let err = Mlp::builder(2)
        .output(2)
        .init(Init::Normal { std: f32::NAN })
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("NaN"), "{err}");
}
