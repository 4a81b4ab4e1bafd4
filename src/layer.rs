//! The fully connected layer `z = x · Wᵀ + b`, PyTorch's `nn.Linear`.

use crate::error::{Error, Result};
use crate::init::{self, FanMode, Init, Nonlinearity};
use crate::matmul::mat_mul;
use ndarray::linalg::general_mat_mul;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2};
use ndarray_rand::rand::Rng;
use std::fmt;

/// A fully connected layer with `in_features` inputs and `out_features` outputs.
///
/// The weight is stored `[out, in]` as in PyTorch, so row `j` holds the incoming weights of
/// unit `j`. Gradients live beside the parameters and are *added to* by [`Linear::backward`],
/// as PyTorch's `.grad` is: call [`Linear::zero_grad`] before each new backward pass.
///
/// ```
/// use mlp_companion::prelude::*;
/// let mut rng = seeded_rng(0);
/// let layer = Linear::new(2, 3, &mut rng)?;
/// let z = layer.forward(ndarray::array![[1.0, 2.0]].view())?;
/// assert_eq!(z.dim(), (1, 3));
/// assert_eq!(layer.num_params(), 2 * 3 + 3);
/// # Ok::<(), mlp_companion::Error>(())
/// ```
#[derive(Clone, PartialEq)]
pub struct Linear {
    /// Weights `W`, shaped `[out_features, in_features]`.
    pub weight: Array2<f32>,
    /// Bias `b`, shaped `[out_features]`.
    pub bias: Array1<f32>,
    /// `∂L/∂W`, same shape as `weight`.
    pub weight_grad: Array2<f32>,
    /// `∂L/∂b`, same shape as `bias`.
    pub bias_grad: Array1<f32>,
}

impl Linear {
    /// A layer with PyTorch's default initialisation ([`Init::PyTorchDefault`]).
    pub fn new<R: Rng + ?Sized>(
        in_features: usize,
        out_features: usize,
        rng: &mut R,
    ) -> Result<Self> {
        Self::with_init(in_features, out_features, Init::PyTorchDefault, rng)
    }

    /// A layer initialised with the given scheme.
    pub fn with_init<R: Rng + ?Sized>(
        in_features: usize,
        out_features: usize,
        scheme: Init,
        rng: &mut R,
    ) -> Result<Self> {
        if in_features == 0 || out_features == 0 {
            return Err(Error::InvalidArgument(format!(
                "a Linear layer needs at least one input and one output, got \
                 in_features = {in_features}, out_features = {out_features}"
            )));
        }
        check_param_count(
            in_features
                .checked_add(1)
                .and_then(|i| i.checked_mul(out_features)),
            &format!("a Linear layer of {in_features} inputs and {out_features} outputs"),
        )?;
        let mut layer = Linear {
            weight: Array2::zeros((out_features, in_features)),
            bias: Array1::zeros(out_features),
            weight_grad: Array2::zeros((out_features, in_features)),
            bias_grad: Array1::zeros(out_features),
        };
        layer.reset_parameters(scheme, rng)?;
        Ok(layer)
    }

    /// Re-initialises weight and bias with `scheme` (biases are zero except for the default).
    pub fn reset_parameters<R: Rng + ?Sized>(&mut self, scheme: Init, rng: &mut R) -> Result<()> {
        self.check_shapes()?;
        let w = &mut self.weight;
        let relu = Nonlinearity::Relu;
        match scheme {
            Init::PyTorchDefault => {
                // PyTorch's nn.Linear.reset_parameters: kaiming_uniform_ with a = √5 gives
                // gain √(2 / (1 + 5)) and so bound √3 · gain / √fan_in = 1 / √fan_in.
                init::kaiming_uniform_(
                    &mut *w,
                    5f32.sqrt(),
                    FanMode::FanIn,
                    Nonlinearity::LeakyRelu,
                    rng,
                )?;
                let bound = 1.0 / (self.in_features() as f32).sqrt();
                return init::uniform_(&mut self.bias, -bound, bound, rng);
            }
            Init::KaimingNormal => init::kaiming_normal_(w, 0.0, FanMode::FanIn, relu, rng)?,
            Init::KaimingUniform => init::kaiming_uniform_(w, 0.0, FanMode::FanIn, relu, rng)?,
            Init::XavierNormal => init::xavier_normal_(w, 1.0, rng)?,
            Init::XavierUniform => init::xavier_uniform_(w, 1.0, rng)?,
            Init::Normal { std } => init::normal_(w, 0.0, std, rng)?,
            Init::Uniform { low, high } => init::uniform_(w, low, high, rng)?,
            Init::Constant { value } => {
                crate::error::check_finite("the constant init value", value)?;
                init::constant_(w, value)
            }
            Init::Zeros => init::zeros_(w),
        }
        init::zeros_(&mut self.bias);
        Ok(())
    }

    /// Number of inputs (columns of the weight).
    pub fn in_features(&self) -> usize {
        self.weight.ncols()
    }

    /// Number of outputs, i.e. units (rows of the weight).
    pub fn out_features(&self) -> usize {
        self.weight.nrows()
    }

    /// Number of trainable numbers: `in · out + out`.
    pub fn num_params(&self) -> usize {
        self.weight.len() + self.bias.len()
    }

    /// `z = x · Wᵀ + b` for a batch `x` shaped `[batch, in_features]`.
    pub fn forward(&self, x: ArrayView2<f32>) -> Result<Array2<f32>> {
        self.check_shapes()?;
        self.check_input(x)?;
        Ok(self.forward_unchecked(x))
    }

    pub(crate) fn forward_unchecked(&self, x: ArrayView2<f32>) -> Array2<f32> {
        let mut z = Array2::zeros((x.nrows(), self.out_features()));
        self.forward_into(x, z.view_mut());
        z
    }

    /// `z = x · Wᵀ + b` written into `z` (shape `[batch, out]`, checked by the caller).
    pub(crate) fn forward_into(&self, x: ArrayView2<f32>, z: ArrayViewMut2<f32>) {
        forward_into(self.weight.view(), self.bias.view(), x, z);
    }

    /// The parameters `(W, b)` to read and the gradients `(∂L/∂W, ∂L/∂b)` to write, borrowed
    /// apart so that a backward pass can read one while it writes the other.
    pub(crate) fn split_mut(&mut self) -> (ParamsView<'_>, GradsViewMut<'_>) {
        (
            (self.weight.view(), self.bias.view()),
            (self.weight_grad.view_mut(), self.bias_grad.view_mut()),
        )
    }

    /// Backpropagates `grad_z = ∂L/∂z` through the layer for the input `x` of the forward
    /// pass: adds `∂L/∂W = grad_zᵀ · x` and `∂L/∂b = Σ_rows grad_z` to the gradients and
    /// returns `∂L/∂x = grad_z · W`.
    pub fn backward(&mut self, x: ArrayView2<f32>, grad_z: ArrayView2<f32>) -> Result<Array2<f32>> {
        self.check_shapes()?;
        self.check_input(x)?;
        if grad_z.dim() != (x.nrows(), self.out_features()) {
            return Err(Error::Shape(format!(
                "grad_z is {:?} but the layer's output for this input is [{}, {}]",
                grad_z.shape(),
                x.nrows(),
                self.out_features()
            )));
        }
        self.accumulate_grads(x, grad_z);
        Ok(grad_z.dot(&self.weight))
    }

    pub(crate) fn accumulate_grads(&mut self, x: ArrayView2<f32>, grad_z: ArrayView2<f32>) {
        add_grads(
            self.weight_grad.view_mut(),
            self.bias_grad.view_mut(),
            x,
            grad_z,
        );
    }

    /// Sets both gradients to zero.
    pub fn zero_grad(&mut self) {
        self.weight_grad.fill(0.0);
        self.bias_grad.fill(0.0);
    }

    fn check_input(&self, x: ArrayView2<f32>) -> Result<()> {
        if x.ncols() != self.in_features() {
            return Err(Error::Shape(format!(
                "the input has {} features (shape {:?}) but the layer expects {} \
                 (weight shape [{}, {}])",
                x.ncols(),
                x.shape(),
                self.in_features(),
                self.out_features(),
                self.in_features()
            )));
        }
        Ok(())
    }

    /// Checks that weight, bias and gradients still fit together (their fields are public).
    pub fn check_shapes(&self) -> Result<()> {
        let (out, inp) = self.weight.dim();
        if out == 0 || inp == 0 {
            return Err(Error::Shape(format!(
                "the weight is [{out}, {inp}]; a layer needs at least one input and one output"
            )));
        }
        let ok = self.bias.len() == out
            && self.weight_grad.dim() == (out, inp)
            && self.bias_grad.len() == out;
        if ok {
            Ok(())
        } else {
            Err(Error::Shape(format!(
                "the layer's arrays do not fit: weight {:?}, bias {:?}, weight_grad {:?}, \
                 bias_grad {:?}; bias and bias_grad need [{out}] and weight_grad [{out}, {inp}]",
                self.weight.shape(),
                self.bias.shape(),
                self.weight_grad.shape(),
                self.bias_grad.shape()
            )))
        }
    }
}

/// `(W, b)` of a layer, to read.
pub(crate) type ParamsView<'a> = (ArrayView2<'a, f32>, ArrayView1<'a, f32>);

/// `(∂L/∂W, ∂L/∂b)` of a layer, to add to.
pub(crate) type GradsViewMut<'a> = (ArrayViewMut2<'a, f32>, ArrayViewMut1<'a, f32>);

/// `z = x · Wᵀ + b` written into `z` (shape `[batch, out]`, checked by the caller).
pub(crate) fn forward_into(
    weight: ArrayView2<f32>,
    bias: ArrayView1<f32>,
    x: ArrayView2<f32>,
    mut z: ArrayViewMut2<f32>,
) {
    product_into(weight, x, z.view_mut());
    z += &bias; // broadcast to every row
}

/// `z = x · Wᵀ` without the bias: the matrix product of a layer's forward pass, whose bias
/// the caller adds in the same pass as the activation.
pub(crate) fn product_into(weight: ArrayView2<f32>, x: ArrayView2<f32>, z: ArrayViewMut2<f32>) {
    mat_mul(x, weight.t(), 0.0, z);
}

/// Adds `∂L/∂W = grad_zᵀ · x` to `weight_grad` and `∂L/∂b = Σ_rows grad_z` to `bias_grad`.
/// Works on any block of units: rows of `weight_grad` and entries of `bias_grad` that
/// match the columns of `grad_z`.
pub(crate) fn add_grads(
    mut weight_grad: ArrayViewMut2<f32>,
    mut bias_grad: ArrayViewMut1<f32>,
    x: ArrayView2<f32>,
    grad_z: ArrayView2<f32>,
) {
    general_mat_mul(1.0, &grad_z.t(), &x, 1.0, &mut weight_grad);
    // row by row, with no temporary array; on plain slices when contiguous, which
    // vectorises without ndarray's per-row set-up
    for row in grad_z.rows() {
        match (row.as_slice(), bias_grad.as_slice_mut()) {
            (Some(row), Some(sum)) => sum.iter_mut().zip(row).for_each(|(s, &g)| *s += g),
            _ => bias_grad += &row,
        }
    }
}

/// The most parameters a model may have: 200 million `f32` take 0.8 GB, and gradients and
/// optimiser state as much again. Larger requests are almost always a typo.
pub const MAX_PARAMS: usize = 200_000_000;

/// Error unless `count` (None = overflowed) is at most [`MAX_PARAMS`].
pub(crate) fn check_param_count(count: Option<usize>, what: &str) -> Result<()> {
    match count {
        Some(n) if n <= MAX_PARAMS => Ok(()),
        Some(n) => Err(Error::InvalidArgument(format!(
            "{what} would have {n} parameters ({:.1} GB of memory for the weights alone); \
             the limit is {MAX_PARAMS}: use fewer units",
            n as f64 * 4e-9
        ))),
        None => Err(Error::InvalidArgument(format!(
            "{what} would have more parameters than a computer can count; use fewer units"
        ))),
    }
}

impl fmt::Debug for Linear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Linear {{ in_features: {}, out_features: {}, params: {} }}",
            self.in_features(),
            self.out_features(),
            self.num_params()
        )
    }
}
