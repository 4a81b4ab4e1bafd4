//! Weight initialisation, following `torch.nn.init` name for name and formula for formula.
//!
//! A trailing `_` means "fills the tensor in place", as in PyTorch. Weights are shaped
//! `[fan_out, fan_in]` (`[out, in]`) and used as `x · Wᵀ`, so `fan_in` is the number of
//! columns. Every random function takes the random number generator explicitly: the same
//! seed gives the same weights.
//!
//! ```
//! use mlp_companion::prelude::*;
//! let mut rng = seeded_rng(1);
//! let mut w = ndarray::Array2::<f32>::zeros((25, 2));
//! init::kaiming_normal_(&mut w, 0.0, FanMode::FanIn, Nonlinearity::Relu, &mut rng)?;
//! // std = gain / √fan_in = √2 / √2 = 1
//! assert_eq!(init::kaiming_std(w.dim(), 0.0, FanMode::FanIn, Nonlinearity::Relu)?, 1.0);
//! # Ok::<(), mlp_companion::Error>(())
//! ```

use crate::error::{Error, Result, check_finite, invalid};
use ndarray::{ArrayViewMut, Dimension};
use ndarray_rand::rand::Rng;
use ndarray_rand::rand_distr::{Distribution, Normal, Uniform};

/// The nonlinearity that follows a layer, for [`calculate_gain`] (PyTorch's `nonlinearity`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nonlinearity {
    /// No nonlinearity (also PyTorch's `identity` and the convolutions).
    Linear,
    /// Logistic sigmoid.
    Sigmoid,
    /// Hyperbolic tangent.
    Tanh,
    /// ReLU.
    Relu,
    /// Leaky ReLU; its negative slope is the `param` of [`calculate_gain`].
    LeakyRelu,
    /// SELU.
    Selu,
}

/// Which fan Kaiming initialisation preserves (PyTorch's `mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FanMode {
    /// Preserve the variance of the activations in the forward pass (the default).
    FanIn,
    /// Preserve the variance of the gradients in the backward pass.
    FanOut,
}

/// How the model builder initialises every layer: one line per Part 3 experiment.
///
/// Biases are zero for every scheme except [`Init::PyTorchDefault`], so that
/// [`Init::Constant`] leaves all hidden units of a layer exactly alike.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Init {
    /// PyTorch's `nn.Linear` reset: `kaiming_uniform_(a = √5)`, i.e. weights
    /// U(±1/√fan_in), and bias U(±1/√fan_in).
    PyTorchDefault,
    /// `kaiming_normal_(mode = fan_in, nonlinearity = relu)`: N(0, 2/fan_in).
    KaimingNormal,
    /// `kaiming_uniform_(mode = fan_in, nonlinearity = relu)`: U(±√(6/fan_in)).
    KaimingUniform,
    /// `xavier_normal_(gain = 1)`: N(0, 2/(fan_in + fan_out)).
    XavierNormal,
    /// `xavier_uniform_(gain = 1)`: U(±√(6/(fan_in + fan_out))).
    XavierUniform,
    /// `normal_(mean = 0, std)`.
    Normal {
        /// Standard deviation, ≥ 0.
        std: f32,
    },
    /// `uniform_(low, high)`.
    Uniform {
        /// Lower bound.
        low: f32,
        /// Upper bound, > `low`.
        high: f32,
    },
    /// `constant_(value)`: every weight the same, which leaves all units of a layer alike.
    Constant {
        /// The value of every weight.
        value: f32,
    },
    /// `zeros_`.
    Zeros,
}

/// The recommended gain for a nonlinearity, as `torch.nn.init.calculate_gain`:
///
/// | nonlinearity | gain |
/// |---|---|
/// | Linear, Sigmoid | 1 |
/// | Tanh | 5/3 |
/// | Relu | √2 |
/// | LeakyRelu | √(2 / (1 + slope²)), slope = `param` or 0.01 |
/// | Selu | 3/4 |
///
/// ```
/// use mlp_companion::prelude::*;
/// assert_eq!(init::calculate_gain(Nonlinearity::Relu, None)?, 2f32.sqrt());
/// # Ok::<(), mlp_companion::Error>(())
/// ```
pub fn calculate_gain(nonlinearity: Nonlinearity, param: Option<f32>) -> Result<f32> {
    Ok(match nonlinearity {
        Nonlinearity::Linear | Nonlinearity::Sigmoid => 1.0,
        Nonlinearity::Tanh => 5.0 / 3.0,
        Nonlinearity::Relu => 2f32.sqrt(),
        Nonlinearity::LeakyRelu => {
            let slope = param.unwrap_or(0.01);
            check_finite("the leaky_relu slope", slope)?;
            (2.0 / (1.0 + slope * slope)).sqrt()
        }
        Nonlinearity::Selu => 0.75,
    })
}

/// `(fan_in, fan_out)` of a weight shaped `[out, in]`: `(in, out)`.
///
/// Fails for a weight with no elements, where no variance can be preserved.
pub fn fan_in_and_fan_out(shape: (usize, usize)) -> Result<(usize, usize)> {
    let (out, inp) = shape;
    if out == 0 || inp == 0 {
        return Err(Error::Shape(format!(
            "cannot compute fan-in/fan-out of a weight shaped [{out}, {inp}]: \
             both dimensions must be at least 1"
        )));
    }
    Ok((inp, out))
}

/// The standard deviation `gain / √fan` that Kaiming (He) initialisation uses.
pub fn kaiming_std(
    shape: (usize, usize),
    a: f32,
    mode: FanMode,
    nonlinearity: Nonlinearity,
) -> Result<f32> {
    let (fan_in, fan_out) = fan_in_and_fan_out(shape)?;
    let fan = match mode {
        FanMode::FanIn => fan_in,
        FanMode::FanOut => fan_out,
    };
    let gain = calculate_gain(nonlinearity, Some(a))?;
    let std = gain / (fan as f32).sqrt();
    // the uniform variant draws from a range 2 · √3 · std wide, which must stay finite
    if !(2.0 * 3f32.sqrt() * std).is_finite() {
        return invalid(format!(
            "the slope a = {a} makes the standard deviation {std}"
        ));
    }
    Ok(std)
}

/// The standard deviation `gain · √(2 / (fan_in + fan_out))` that Xavier (Glorot) uses.
pub fn xavier_std(shape: (usize, usize), gain: f32) -> Result<f32> {
    if !(gain.is_finite() && gain >= 0.0) {
        return invalid(format!("gain must be a finite number >= 0, got {gain}"));
    }
    let (fan_in, fan_out) = fan_in_and_fan_out(shape)?;
    let std = gain * (2.0 / (fan_in + fan_out) as f32).sqrt();
    // the uniform variant draws from a range 2 · √3 · std wide, which must stay finite
    if !(2.0 * 3f32.sqrt() * std).is_finite() {
        return invalid(format!(
            "the gain {gain} is too large: the standard deviation would be {std}"
        ));
    }
    Ok(std)
}

/// Fills a weight with N(0, std²), `std = gain / √fan` (He et al., 2015).
///
/// `a` is the negative slope of a leaky ReLU (used only with [`Nonlinearity::LeakyRelu`]).
pub fn kaiming_normal_<'a, R: Rng + ?Sized>(
    weight: impl Into<ArrayViewMut<'a, f32, ndarray::Ix2>>,
    a: f32,
    mode: FanMode,
    nonlinearity: Nonlinearity,
    rng: &mut R,
) -> Result<()> {
    let weight = weight.into();
    let std = kaiming_std(weight.dim(), a, mode, nonlinearity)?;
    normal_(weight, 0.0, std, rng)
}

/// Fills a weight with U(−bound, bound), `bound = √3 · gain / √fan` (He et al., 2015).
///
/// `kaiming_uniform_(w, √5, FanIn, LeakyRelu)` is PyTorch's `nn.Linear` default, whose
/// bound simplifies to `1 / √fan_in`.
pub fn kaiming_uniform_<'a, R: Rng + ?Sized>(
    weight: impl Into<ArrayViewMut<'a, f32, ndarray::Ix2>>,
    a: f32,
    mode: FanMode,
    nonlinearity: Nonlinearity,
    rng: &mut R,
) -> Result<()> {
    let weight = weight.into();
    let bound = 3f32.sqrt() * kaiming_std(weight.dim(), a, mode, nonlinearity)?;
    uniform_(weight, -bound, bound, rng)
}

/// Fills a weight with N(0, std²), `std = gain · √(2 / (fan_in + fan_out))` (Glorot, 2010).
pub fn xavier_normal_<'a, R: Rng + ?Sized>(
    weight: impl Into<ArrayViewMut<'a, f32, ndarray::Ix2>>,
    gain: f32,
    rng: &mut R,
) -> Result<()> {
    let weight = weight.into();
    let std = xavier_std(weight.dim(), gain)?;
    normal_(weight, 0.0, std, rng)
}

/// Fills a weight with U(−a, a), `a = gain · √(6 / (fan_in + fan_out))` (Glorot, 2010).
pub fn xavier_uniform_<'a, R: Rng + ?Sized>(
    weight: impl Into<ArrayViewMut<'a, f32, ndarray::Ix2>>,
    gain: f32,
    rng: &mut R,
) -> Result<()> {
    let weight = weight.into();
    let bound = 3f32.sqrt() * xavier_std(weight.dim(), gain)?;
    uniform_(weight, -bound, bound, rng)
}

/// Fills a tensor with N(mean, std²).
pub fn normal_<'a, D: Dimension, R: Rng + ?Sized>(
    tensor: impl Into<ArrayViewMut<'a, f32, D>>,
    mean: f32,
    std: f32,
    rng: &mut R,
) -> Result<()> {
    check_finite("mean", mean)?;
    if !(std.is_finite() && std >= 0.0) {
        return invalid(format!("std must be a finite number >= 0, got {std}"));
    }
    // samples reach about 6 std from the mean: keep 10 std inside f32's range
    if !(mean.abs() + 10.0 * std).is_finite() {
        return invalid(format!(
            "normal_ with mean {mean} and std {std} would draw values beyond the largest f32"
        ));
    }
    // Normal::new fails only for a negative or non-finite std, excluded above.
    let dist = Normal::new(mean, std).map_err(|e| Error::InvalidArgument(e.to_string()))?;
    tensor.into().iter_mut().for_each(|w| *w = dist.sample(rng));
    Ok(())
}

/// Fills a tensor with U(low, high).
pub fn uniform_<'a, D: Dimension, R: Rng + ?Sized>(
    tensor: impl Into<ArrayViewMut<'a, f32, D>>,
    low: f32,
    high: f32,
    rng: &mut R,
) -> Result<()> {
    check_finite("low", low)?;
    check_finite("high", high)?;
    if low > high {
        return invalid(format!(
            "uniform_ needs low <= high, got low = {low}, high = {high}"
        ));
    }
    if !(high - low).is_finite() {
        return invalid(format!(
            "uniform_'s range from low = {low} to high = {high} is too wide to sample"
        ));
    }
    let mut tensor = tensor.into();
    if low == high {
        tensor.fill(low);
        return Ok(());
    }
    let dist = Uniform::new(low, high).map_err(|e| Error::InvalidArgument(e.to_string()))?;
    tensor.iter_mut().for_each(|w| *w = dist.sample(rng));
    Ok(())
}

/// Fills a tensor with `value`.
pub fn constant_<'a, D: Dimension>(tensor: impl Into<ArrayViewMut<'a, f32, D>>, value: f32) {
    tensor.into().fill(value);
}

/// Fills a tensor with zeros.
pub fn zeros_<'a, D: Dimension>(tensor: impl Into<ArrayViewMut<'a, f32, D>>) {
    constant_(tensor, 0.0);
}

/// Fills a tensor with ones.
pub fn ones_<'a, D: Dimension>(tensor: impl Into<ArrayViewMut<'a, f32, D>>) {
    constant_(tensor, 1.0);
}
