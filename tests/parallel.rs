//! Large batches and chart grids are split over two cores. The split must not change what
//! the model computes: the same gradients, loss and predictions as small batches give, and
//! the same bits on one core as on two (so a seed reproduces a run on any machine).

use mlp_companion::prelude::*;
use mlp_companion::rand::Rng;

/// A batch large enough to be split (600 rows through 2-64-64-3).
fn large_batch() -> Result<(Mlp, Array2<f32>, Array1<usize>)> {
    let model = Mlp::builder(2)
        .hidden(64, Activation::Tanh)
        .hidden(64, Activation::Relu)
        .output(3)
        .seed(5)
        .build()?;
    let mut rng = seeded_rng(6);
    let x = Array2::from_shape_fn((600, 2), |_| rng.random_range(-2.0..2.0f32));
    let y = (0..600).map(|_| rng.random_range(0..3)).collect();
    Ok((model, x, y))
}

/// All gradients of a model, flattened.
fn grads(model: &Mlp) -> Vec<f32> {
    model
        .layers()
        .iter()
        .flat_map(|l| l.weight_grad.iter().chain(&l.bias_grad).copied())
        .collect()
}

fn one_thread() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool")
}

#[test]
fn a_split_batch_has_the_gradient_of_its_blocks() -> Result<()> {
    let (mut model, x, y) = large_batch()?;
    model.zero_grad();
    let loss = model.backward(&x, &y)?;
    let whole = grads(&model);
    // The same mean over blocks of 50 rows, each far too small to be split: the mean over
    // 600 rows is the sum over blocks of (50 / 600) × the block's mean.
    let mut by_blocks = vec![0.0f64; whole.len()];
    let mut loss_by_blocks = 0.0f64;
    for start in (0..600).step_by(50) {
        let rows = ndarray::s![start..start + 50, ..];
        model.zero_grad();
        let block_loss = model.backward(x.slice(rows), y.slice(ndarray::s![start..start + 50]))?;
        loss_by_blocks += block_loss as f64 / 12.0;
        for (sum, g) in by_blocks.iter_mut().zip(grads(&model)) {
            *sum += g as f64 / 12.0;
        }
    }
    assert!(
        (loss as f64 - loss_by_blocks).abs() < 1e-5,
        "loss {loss} vs {loss_by_blocks}"
    );
    let scale = whole.iter().fold(0.0f32, |m, g| m.max(g.abs())) as f64;
    for (i, (&a, &b)) in whole.iter().zip(&by_blocks).enumerate() {
        assert!(
            (a as f64 - b).abs() <= 1e-5 * scale,
            "gradient {i}: whole batch {a}, by blocks {b}"
        );
    }
    Ok(())
}

#[test]
fn one_core_and_two_cores_give_the_same_bits() -> Result<()> {
    let (model, x, y) = large_batch()?;
    let pool = one_thread();
    let run = |mut m: Mlp| -> Result<(f32, Vec<f32>, Array2<f32>)> {
        m.zero_grad();
        let loss = m.backward(&x, &y)?;
        Ok((loss, grads(&m), m.forward(&x)?))
    };
    let on_one = pool.install(|| run(model.clone()))?;
    let on_all = run(model.clone())?;
    assert_eq!(on_one.0.to_bits(), on_all.0.to_bits(), "loss");
    assert_eq!(on_one.1, on_all.1, "gradients");
    assert_eq!(on_one.2, on_all.2, "logits");
    Ok(())
}

#[test]
fn a_split_grid_predicts_like_row_by_row() -> Result<()> {
    let (model, _, _) = large_batch()?;
    let mut rng = seeded_rng(7);
    let grid = Array2::from_shape_fn((20_011, 2), |_| rng.random_range(-3.0..3.0f32));
    let logits = model.forward(&grid)?;
    let classes = model.predict(&grid)?;
    for i in (0..grid.nrows()).step_by(997) {
        let one = model.forward(grid.slice(ndarray::s![i..i + 1, ..]))?;
        for c in 0..3 {
            assert!((one[[0, c]] - logits[[i, c]]).abs() < 1e-5, "row {i}");
        }
        let best = (0..3).max_by(|&a, &b| one[[0, a]].total_cmp(&one[[0, b]]));
        assert_eq!(Some(classes[i]), best, "row {i}");
    }
    Ok(())
}
