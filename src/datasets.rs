//! Toy data sets in two dimensions, every one generated from a seed.
//!
//! ```
//! use mlp_companion::prelude::*;
//! let data = datasets::xor(750, 123)?;
//! assert_eq!((data.len(), data.n_features(), data.n_classes), (750, 2, 2));
//! assert_eq!(data, datasets::xor(750, 123)?); // same seed, same data
//! # Ok::<(), mlp_companion::Error>(())
//! ```

use crate::data::Dataset;
use crate::error::{Result, invalid};
use crate::seeded_rng;
use ndarray::{Array1, Array2};
use ndarray_rand::rand::Rng;
use ndarray_rand::rand::seq::index::sample;
use ndarray_rand::rand_distr::StandardNormal;
use std::f32::consts::PI;

/// The course's XOR data: four Gaussian clusters (std 0.4) centred at (±1, ±1), label 1
/// where the signs of x₁ and x₂ differ, then 1.2 % of labels flipped as noise (9 of 750, as
/// in the course's `xor.csv`), then standardised.
/// The clusters hold `n / 4` points each (the first `n mod 4` clusters one more).
pub fn xor(n: usize, seed: u64) -> Result<Dataset> {
    check_n("xor", n, 4)?;
    let mut rng = seeded_rng(seed);
    let centres = [(1.0, 1.0), (-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0)];
    let mut x = Array2::zeros((n, 2));
    let mut y = Array1::zeros(n);
    for i in 0..n {
        let (cx, cy) = centres[i % 4];
        let (x1, x2) = (cx + 0.4 * gauss(&mut rng), cy + 0.4 * gauss(&mut rng));
        x[[i, 0]] = x1;
        x[[i, 1]] = x2;
        y[i] = usize::from(x1 * x2 < 0.0);
    }
    let n_noise = ((n as f64) * 0.012).round() as usize;
    for i in sample(&mut rng, n, n_noise) {
        y[i] = 1 - y[i];
    }
    let mut data = Dataset::with_classes(x, y, 2)?;
    data.standardize()?;
    Ok(data)
}

/// Two interleaving half circles, built like scikit-learn's `make_moons`, with Gaussian
/// noise of standard deviation `noise` (0.2 is a good start).
pub fn moons(n: usize, noise: f32, seed: u64) -> Result<Dataset> {
    check_n("moons", n, 2)?;
    check_noise("moons", noise)?;
    let n_out = n / 2;
    let n_in = n - n_out;
    generate(n, 2, seed, |i, rng| {
        // Outer moon: angle 0..π on the unit circle; inner moon: the same, flipped
        // and shifted by (1, 0.5). Angles are evenly spaced as in numpy's linspace.
        let (px, py, label) = if i < n_out {
            let t = PI * i as f32 / (n_out.max(2) - 1) as f32;
            (t.cos(), t.sin(), 0)
        } else {
            let t = PI * (i - n_out) as f32 / (n_in.max(2) - 1) as f32;
            (1.0 - t.cos(), 0.5 - t.sin(), 1)
        };
        ([px + noise * gauss(rng), py + noise * gauss(rng)], label)
    })
}

/// A small circle (radius `factor`, class 1) inside a large one (radius 1, class 0), like
/// scikit-learn's `make_circles`; try `noise = 0.1`, `factor = 0.5`.
pub fn circles(n: usize, noise: f32, factor: f32, seed: u64) -> Result<Dataset> {
    check_n("circles", n, 2)?;
    check_noise("circles", noise)?;
    if !(factor > 0.0 && factor < 1.0) {
        return invalid(format!(
            "datasets::circles: factor is the inner radius relative to the outer one and must be in (0, 1), got {factor}"
        ));
    }
    let n_out = n / 2;
    let n_in = n - n_out;
    generate(n, 2, seed, |i, rng| {
        let (k, m, r, label) = if i < n_out {
            (i, n_out, 1.0, 0)
        } else {
            (i - n_out, n_in, factor, 1)
        };
        let t = 2.0 * PI * k as f32 / m as f32;
        (
            [
                r * t.cos() + noise * gauss(rng),
                r * t.sin() + noise * gauss(rng),
            ],
            label,
        )
    })
}

/// `arms` interleaved spiral arms, one class each (CS231n's construction): radius grows
/// from 0 to 1 while the angle turns through 4 radians, with angular noise 0.2.
pub fn spirals(n: usize, arms: usize, seed: u64) -> Result<Dataset> {
    check_classes("spirals", arms)?;
    check_n("spirals", n, arms)?;
    generate(n, arms, seed, |i, rng| {
        let arm = i % arms;
        let k = i / arms;
        let per_arm = (n - arm).div_ceil(arms);
        let r = if per_arm > 1 {
            k as f32 / (per_arm - 1) as f32
        } else {
            0.5
        };
        let t = arm as f32 * 2.0 * PI / arms as f32 + 4.0 * r + 0.2 * gauss(rng);
        ([r * t.sin(), r * t.cos()], arm)
    })
}

/// `classes` round Gaussian blobs (std 0.6) with centres evenly spaced on a circle of
/// radius 2: a data set a linear softmax model separates well for any number of classes.
pub fn blobs(n: usize, classes: usize, seed: u64) -> Result<Dataset> {
    check_classes("blobs", classes)?;
    check_n("blobs", n, classes)?;
    generate(n, classes, seed, |i, rng| {
        let c = i % classes;
        let angle = 2.0 * PI * c as f32 / classes as f32 + PI / 4.0;
        (
            [
                2.0 * angle.cos() + 0.6 * gauss(rng),
                2.0 * angle.sin() + 0.6 * gauss(rng),
            ],
            c,
        )
    })
}

/// Two classes that a straight line separates with a margin: Gaussian clusters around
/// (−1, −1) and (1, 1), keeping only points at least 0.3 away from the line x₁ + x₂ = 0.
/// The perceptron converges on it.
pub fn linearly_separable(n: usize, seed: u64) -> Result<Dataset> {
    check_n("linearly_separable", n, 2)?;
    generate(n, 2, seed, |i, rng| {
        let label = i % 2;
        let sign = if label == 1 { 1.0 } else { -1.0 };
        loop {
            let (a, b) = (sign + 0.6 * gauss(rng), sign + 0.6 * gauss(rng));
            // signed distance to the line x₁ + x₂ = 0, on the class's side
            if sign * (a + b) / 2f32.sqrt() >= 0.3 {
                return ([a, b], label);
            }
        }
    })
}

/// `n` points from `point(i, rng)`, which gives the coordinates and class of point `i`.
fn generate(
    n: usize,
    n_classes: usize,
    seed: u64,
    mut point: impl FnMut(usize, &mut crate::Rng) -> ([f32; 2], usize),
) -> Result<Dataset> {
    let mut rng = seeded_rng(seed);
    let mut x = Array2::zeros((n, 2));
    let mut y = Array1::zeros(n);
    for i in 0..n {
        let ([a, b], label) = point(i, &mut rng);
        x[[i, 0]] = a;
        x[[i, 1]] = b;
        y[i] = label;
    }
    Dataset::with_classes(x, y, n_classes)
}

fn gauss<R: Rng + ?Sized>(rng: &mut R) -> f32 {
    rng.sample(StandardNormal)
}

/// The most samples a generator makes (80 MB of features): enough for any chart or lesson.
const MAX_SAMPLES: usize = 10_000_000;

fn check_n(name: &str, n: usize, min: usize) -> Result<()> {
    if n < min {
        return invalid(format!(
            "datasets::{name} needs n >= {min} samples (at least one per group), got {n}"
        ));
    }
    if n > MAX_SAMPLES {
        return invalid(format!(
            "datasets::{name} makes at most {MAX_SAMPLES} samples, got n = {n}"
        ));
    }
    Ok(())
}

fn check_classes(name: &str, classes: usize) -> Result<()> {
    if !(2..=10).contains(&classes) {
        return invalid(format!(
            "datasets::{name} supports 2 to 10 classes, got {classes}"
        ));
    }
    Ok(())
}

fn check_noise(name: &str, noise: f32) -> Result<()> {
    if !(0.0..=1e6).contains(&noise) {
        return invalid(format!(
            "datasets::{name}: noise must be between 0 and 1e6, got {noise}"
        ));
    }
    Ok(())
}
