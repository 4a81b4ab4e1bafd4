//! Activation functions: the nonlinearity between two linear layers.
//!
//! Without one, a stack of linear layers collapses into a single linear map and can only
//! draw straight decision boundaries (Part 3 of the lecture shows this numerically).
//! The list follows the families compared by Dubey, Singh and Chaudhuri, "Activation
//! Functions in Deep Learning: A Comprehensive Survey and Benchmark" (2022): logistic
//! sigmoid/tanh based, ReLU based, ELU based and learning/smooth (GELU, SiLU, Mish).
//!
//! ```
//! use mlp_companion::prelude::*;
//! assert_eq!(Activation::Relu.forward(-2.0), 0.0);
//! assert_eq!(Activation::Relu.derivative(3.0), 1.0);
//! assert_eq!(Activation::Tanh.to_string(), "Tanh");
//! ```

use crate::error::{Result, check_finite};
use crate::init::Nonlinearity;
use ndarray::{Array2, ArrayView1, ArrayView2, ArrayViewMut2, Zip};
use std::f32::consts::{FRAC_1_SQRT_2, PI};
use std::fmt;

/// An elementwise activation function `a = f(z)`, with its derivative `f'(z)`.
///
/// The names and constants follow PyTorch's `torch.nn` modules of the same name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Activation {
    /// No activation: `f(z) = z`.
    Identity,
    /// `max(0, z)`; PyTorch's derivative at 0 is 0.
    Relu,
    /// `z` for `z > 0`, `slope · z` otherwise (PyTorch's default slope is 0.01).
    LeakyRelu(f32),
    /// `z` for `z > 0`, `α (eᶻ − 1)` otherwise (PyTorch's default α is 1).
    Elu(f32),
    /// `scale · elu(z, α)` with PyTorch's fixed `α ≈ 1.6733`, `scale ≈ 1.0507`.
    Selu,
    /// `z Φ(z)`, with Φ the standard normal CDF (exact erf form).
    Gelu,
    /// GELU's tanh approximation `½ z (1 + tanh(√(2/π) (z + 0.044715 z³)))`.
    GeluTanh,
    /// SiLU, also called Swish: `z σ(z)`.
    Silu,
    /// `z tanh(softplus(z))`.
    Mish,
    /// `ln(1 + eᶻ)` (PyTorch's β = 1, and `z` itself above the threshold 20).
    Softplus,
    /// The logistic sigmoid `σ(z) = 1 / (1 + e⁻ᶻ)`.
    Sigmoid,
    /// `tanh(z)`.
    Tanh,
    /// `z` clipped to `[-1, 1]`.
    Hardtanh,
    /// `z / (1 + |z|)`.
    Softsign,
}

const SELU_ALPHA: f32 = 1.673_263_2;
const SELU_SCALE: f32 = 1.050_701;
const SOFTPLUS_THRESHOLD: f32 = 20.0;

impl Activation {
    /// Every activation, with PyTorch's default parameters, in the order of the gallery.
    pub const ALL: [Activation; 14] = [
        Activation::Identity,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Hardtanh,
        Activation::Softsign,
        Activation::Relu,
        Activation::LeakyRelu(0.01),
        Activation::Elu(1.0),
        Activation::Selu,
        Activation::Softplus,
        Activation::Gelu,
        Activation::GeluTanh,
        Activation::Silu,
        Activation::Mish,
    ];

    /// `f(z)`.
    pub fn forward(self, z: f32) -> f32 {
        match self {
            Activation::Identity => z,
            Activation::Relu => z.max(0.0),
            Activation::LeakyRelu(slope) => {
                if z > 0.0 {
                    z
                } else {
                    slope * z
                }
            }
            Activation::Elu(alpha) => elu(z, alpha),
            Activation::Selu => SELU_SCALE * elu(z, SELU_ALPHA),
            Activation::Gelu => z * normal_cdf(z),
            Activation::GeluTanh => 0.5 * z * (1.0 + gelu_tanh_inner(z).tanh()),
            Activation::Silu => z * sigmoid(z),
            Activation::Mish => z * softplus(z).tanh(),
            Activation::Softplus => softplus(z),
            Activation::Sigmoid => sigmoid(z),
            Activation::Tanh => z.tanh(),
            Activation::Hardtanh => z.clamp(-1.0, 1.0),
            Activation::Softsign => z / (1.0 + z.abs()),
        }
    }

    /// `f'(z)`, the derivative used by backpropagation.
    pub fn derivative(self, z: f32) -> f32 {
        match self {
            Activation::Identity => 1.0,
            Activation::Relu => step(z, 1.0, 0.0),
            Activation::LeakyRelu(slope) => step(z, 1.0, slope),
            Activation::Elu(alpha) => step(z, 1.0, alpha * z.exp()),
            Activation::Selu => SELU_SCALE * step(z, 1.0, SELU_ALPHA * z.exp()),
            // d/dz [z Φ(z)] = Φ(z) + z φ(z)
            Activation::Gelu => normal_cdf(z) + z * normal_pdf(z),
            Activation::GeluTanh => {
                let t = gelu_tanh_inner(z).tanh();
                let inner_grad = (2.0 / PI).sqrt() * (1.0 + 3.0 * 0.044_715 * z * z);
                0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * inner_grad
            }
            // d/dz [z σ(z)] = σ(z) (1 + z (1 − σ(z)))
            Activation::Silu => {
                let s = sigmoid(z);
                s * (1.0 + z * (1.0 - s))
            }
            // d/dz [z tanh(sp(z))] = tanh(sp) + z (1 − tanh²(sp)) σ(z)
            Activation::Mish => {
                let t = softplus(z).tanh();
                t + z * (1.0 - t * t) * sigmoid(z)
            }
            Activation::Softplus => {
                if z > SOFTPLUS_THRESHOLD {
                    1.0
                } else {
                    sigmoid(z)
                }
            }
            Activation::Sigmoid => {
                let s = sigmoid(z);
                s * (1.0 - s)
            }
            Activation::Tanh => {
                let t = z.tanh();
                1.0 - t * t
            }
            Activation::Hardtanh => {
                if z > -1.0 && z < 1.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Softsign => {
                let d = 1.0 + z.abs();
                1.0 / (d * d)
            }
        }
    }

    /// Applies `f` to every element.
    pub fn apply(self, z: ArrayView2<f32>) -> Array2<f32> {
        let mut a = z.to_owned();
        self.apply_in_place(a.view_mut());
        a
    }

    /// Replaces every element `z` by `f(z)`. The common cases get their own loop, so the
    /// compiler can vectorise them instead of matching on the variant per element.
    pub fn apply_in_place(self, mut z: ArrayViewMut2<f32>) {
        match self {
            Activation::Identity => {}
            Activation::Relu => z.mapv_inplace(|v| v.max(0.0)),
            Activation::Tanh => z.mapv_inplace(f32::tanh),
            Activation::Sigmoid => z.mapv_inplace(sigmoid),
            _ => z.mapv_inplace(|v| self.forward(v)),
        }
    }

    /// The end of a layer's forward pass, fused into one pass over the batch: adds the bias
    /// to every row of `z = x·Wᵀ` and writes `a = f(z)`, keeping `z` for the backward pass.
    /// The common activations get their own loop (no match on the variant per element).
    pub(crate) fn add_bias_apply_into(
        self,
        mut z: ArrayViewMut2<f32>,
        bias: ArrayView1<f32>,
        a: ArrayViewMut2<f32>,
    ) {
        let zip = Zip::from(&mut z).and(a).and_broadcast(&bias);
        match self {
            Activation::Identity => zip.for_each(|z, a, &b| {
                *z += b;
                *a = *z
            }),
            Activation::Relu => zip.for_each(|z, a, &b| {
                *z += b;
                *a = z.max(0.0)
            }),
            Activation::Tanh => zip.for_each(|z, a, &b| {
                *z += b;
                *a = z.tanh()
            }),
            Activation::Sigmoid => zip.for_each(|z, a, &b| {
                *z += b;
                *a = sigmoid(*z)
            }),
            _ => zip.for_each(|z, a, &b| {
                *z += b;
                *a = self.forward(*z)
            }),
        }
    }

    /// The same in place, when `z` is not needed later (inference): `z ← f(z + b)`.
    pub(crate) fn add_bias_apply_in_place(self, z: ArrayViewMut2<f32>, bias: ArrayView1<f32>) {
        let zip = Zip::from(z).and_broadcast(&bias);
        match self {
            Activation::Identity => zip.for_each(|z, &b| *z += b),
            Activation::Relu => zip.for_each(|z, &b| *z = (*z + b).max(0.0)),
            Activation::Tanh => zip.for_each(|z, &b| *z = (*z + b).tanh()),
            Activation::Sigmoid => zip.for_each(|z, &b| *z = sigmoid(*z + b)),
            _ => zip.for_each(|z, &b| *z = self.forward(*z + b)),
        }
    }

    /// Multiplies `grad` in place by `f'(z)`: the step `∂L/∂z = ∂L/∂a · f'(z)` of backprop.
    pub(crate) fn backprop_in_place(self, grad: ArrayViewMut2<f32>, z: ArrayView2<f32>) {
        match self {
            Activation::Identity => {}
            Activation::Relu => Zip::from(grad)
                .and(z)
                .for_each(|g, &z| *g = if z > 0.0 { *g } else { 0.0 }),
            _ => Zip::from(grad)
                .and(z)
                .for_each(|g, &z| *g *= self.derivative(z)),
        }
    }

    /// Checks the parameters (slope, α) are finite; used by the model builder.
    pub fn validate(self) -> Result<()> {
        match self {
            Activation::LeakyRelu(slope) => check_finite("LeakyRelu's slope", slope),
            Activation::Elu(alpha) => check_finite("Elu's alpha", alpha),
            _ => Ok(()),
        }
    }

    /// The nonlinearity whose gain [`crate::init::calculate_gain`] should use for weights that
    /// feed into this activation, with its parameter (the leaky slope), as in PyTorch.
    pub fn nonlinearity(self) -> (Nonlinearity, Option<f32>) {
        match self {
            Activation::Relu => (Nonlinearity::Relu, None),
            Activation::LeakyRelu(slope) => (Nonlinearity::LeakyRelu, Some(slope)),
            Activation::Selu => (Nonlinearity::Selu, None),
            Activation::Sigmoid => (Nonlinearity::Sigmoid, None),
            Activation::Tanh => (Nonlinearity::Tanh, None),
            _ => (Nonlinearity::Linear, None),
        }
    }

    /// True for functions with a kink (derivative jumps), where finite differences fail.
    pub fn kinks(self) -> &'static [f32] {
        match self {
            Activation::Relu | Activation::LeakyRelu(_) | Activation::Elu(_) | Activation::Selu => {
                &[0.0]
            }
            Activation::Hardtanh => &[-1.0, 1.0],
            _ => &[],
        }
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Activation::Identity => write!(f, "Identity"),
            Activation::Relu => write!(f, "ReLU"),
            Activation::LeakyRelu(s) => write!(f, "LeakyReLU({s})"),
            Activation::Elu(a) => write!(f, "ELU(α={a})"),
            Activation::Selu => write!(f, "SELU"),
            Activation::Gelu => write!(f, "GELU"),
            Activation::GeluTanh => write!(f, "GELU (tanh)"),
            Activation::Silu => write!(f, "SiLU / Swish"),
            Activation::Mish => write!(f, "Mish"),
            Activation::Softplus => write!(f, "Softplus"),
            Activation::Sigmoid => write!(f, "Sigmoid"),
            Activation::Tanh => write!(f, "Tanh"),
            Activation::Hardtanh => write!(f, "Hardtanh"),
            Activation::Softsign => write!(f, "Softsign"),
        }
    }
}

fn step(z: f32, above: f32, below: f32) -> f32 {
    if z > 0.0 { above } else { below }
}

fn elu(z: f32, alpha: f32) -> f32 {
    if z > 0.0 { z } else { alpha * z.exp_m1() }
}

/// σ(z), computed without overflow for large |z|.
pub(crate) fn sigmoid(z: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// ln(1 + eᶻ) = max(z, 0) + ln(1 + e^−|z|), exact above PyTorch's threshold.
pub(crate) fn softplus(z: f32) -> f32 {
    if z > SOFTPLUS_THRESHOLD {
        z
    } else {
        z.max(0.0) + (-z.abs()).exp().ln_1p()
    }
}

/// Φ(z) = ½ (1 + erf(z / √2)).
fn normal_cdf(z: f32) -> f32 {
    0.5 * (1.0 + libm::erff(z * FRAC_1_SQRT_2))
}

/// φ(z) = e^(−z²/2) / √(2π).
fn normal_pdf(z: f32) -> f32 {
    (-0.5 * z * z).exp() / (2.0 * PI).sqrt()
}

fn gelu_tanh_inner(z: f32) -> f32 {
    (2.0 / PI).sqrt() * (z + 0.044_715 * z * z * z)
}
