//! Optimisers with PyTorch's update rules: [`Sgd`] (momentum, weight decay) and [`Adam`].
//!
//! An optimiser changes every parameter `θ` using its gradient `g = ∂L/∂θ`. Each step is
//! checked before it is applied: if it would make any parameter NaN or infinite, nothing is
//! changed and `step` returns `Ok(false)`, so a diverging run keeps its last finite weights.
//!
//! ```
//! use mlp_companion::prelude::*;
//! let data = datasets::xor(200, 1)?;
//! let mut model = Mlp::builder(2).hidden(8, Activation::Relu).output(2).build()?;
//! let mut opt = Sgd::new(0.1);
//! model.zero_grad();
//! let loss_before = model.backward(&data.x, &data.y)?;
//! assert!(opt.step(&mut model.parameters_mut())?);
//! assert!(model.loss(&data)? < loss_before);
//! # Ok::<(), mlp_companion::Error>(())
//! ```

use crate::error::{Error, Result, check_positive, invalid};
use crate::model::Param;
use ndarray::{ArrayD, Zip};

/// Updates parameters from their gradients.
pub trait Optimizer {
    /// The learning rate `η`.
    fn learning_rate(&self) -> f32;

    /// Checks the settings (learning rate > 0 and finite, and so on).
    fn validate(&self) -> Result<()>;

    /// One update of every parameter. Returns `Ok(false)` and changes nothing when the
    /// update would make a parameter non-finite.
    fn step(&mut self, params: &mut [Param<'_>]) -> Result<bool>;
}

/// Stochastic gradient descent, as `torch.optim.SGD`:
///
/// ```text
/// g ← g + λ θ                      (weight decay λ)
/// v ← μ v + g   (v = g at step 1)  (momentum μ)
/// θ ← θ − η v
/// ```
#[derive(Clone, Debug)]
pub struct Sgd {
    lr: f32,
    momentum: f32,
    weight_decay: f32,
    velocity: Vec<ArrayD<f32>>,
}

impl Sgd {
    /// Plain SGD with learning rate `lr` (no momentum, no weight decay).
    pub fn new(lr: f32) -> Self {
        Sgd {
            lr,
            momentum: 0.0,
            weight_decay: 0.0,
            velocity: Vec::new(),
        }
    }

    /// Momentum `μ` in `[0, 1)` (default 0).
    pub fn momentum(mut self, momentum: f32) -> Self {
        self.momentum = momentum;
        self
    }

    /// L2 weight decay `λ ≥ 0` (default 0).
    pub fn weight_decay(mut self, weight_decay: f32) -> Self {
        self.weight_decay = weight_decay;
        self
    }
}

impl Optimizer for Sgd {
    fn learning_rate(&self) -> f32 {
        self.lr
    }

    fn validate(&self) -> Result<()> {
        check_positive("the learning rate", self.lr)?;
        check_unit_interval("momentum", self.momentum)?;
        check_non_negative("weight_decay", self.weight_decay)
    }

    fn step(&mut self, params: &mut [Param<'_>]) -> Result<bool> {
        self.validate()?;
        check_grads(params)?;
        let (lr, mu, wd) = (self.lr, self.momentum, self.weight_decay);
        if mu == 0.0 {
            // plain SGD needs no velocity: θ ← θ − η (g + λθ)
            let update = |theta: f32, g: f32| theta - lr * (g + wd * theta);
            // `fold` without early exit lets the compiler vectorise the check
            let finite = params.iter().all(|p| {
                Zip::from(&p.value)
                    .and(&p.grad)
                    .fold(true, |ok, &t, &g| ok & update(t, g).is_finite())
            });
            if finite {
                for p in params.iter_mut() {
                    Zip::from(&mut p.value)
                        .and(&p.grad)
                        .for_each(|t, &g| *t = update(*t, g));
                }
            }
            return Ok(finite);
        }
        let first = self.velocity.is_empty();
        if first {
            self.velocity = params
                .iter()
                .map(|p| ArrayD::zeros(p.value.raw_dim()))
                .collect();
        }
        check_state("SGD momentum", &self.velocity, params)?;
        // PyTorch starts the momentum buffer at the first gradient.
        let mu_now = if first { 0.0 } else { mu };
        let update = |theta: f32, g: f32, v: f32| {
            let v = mu_now * v + g + wd * theta;
            (theta - lr * v, v)
        };
        // Pass 1: would every new value be finite?
        let finite = params.iter().zip(&self.velocity).all(|(p, vel)| {
            Zip::from(&p.value)
                .and(&p.grad)
                .and(vel)
                .fold(true, |ok, &t, &g, &v| ok & update(t, g, v).0.is_finite())
        });
        if !finite {
            return Ok(false);
        }
        // Pass 2: apply.
        for (p, vel) in params.iter_mut().zip(&mut self.velocity) {
            Zip::from(&mut p.value)
                .and(&p.grad)
                .and(vel)
                .for_each(|t, &g, v| (*t, *v) = update(*t, g, *v));
        }
        Ok(true)
    }
}

/// Adam, as `torch.optim.Adam` (Kingma and Ba, 2015):
///
/// ```text
/// g ← g + λ θ
/// m ← β₁ m + (1 − β₁) g          v ← β₂ v + (1 − β₂) g²
/// m̂ = m / (1 − β₁ᵗ)              v̂ = v / (1 − β₂ᵗ)
/// θ ← θ − η m̂ / (√v̂ + ε)
/// ```
#[derive(Clone, Debug)]
pub struct Adam {
    lr: f32,
    beta1: f32,
    beta2: f32,
    eps: f32,
    weight_decay: f32,
    t: i32,
    m: Vec<ArrayD<f32>>,
    v: Vec<ArrayD<f32>>,
}

impl Adam {
    /// Adam with learning rate `lr` and PyTorch's defaults β = (0.9, 0.999), ε = 1e-8.
    pub fn new(lr: f32) -> Self {
        Adam {
            lr,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
            t: 0,
            m: Vec::new(),
            v: Vec::new(),
        }
    }

    /// The decay rates `(β₁, β₂)` of the moment estimates, each in `[0, 1)`.
    pub fn betas(mut self, beta1: f32, beta2: f32) -> Self {
        self.beta1 = beta1;
        self.beta2 = beta2;
        self
    }

    /// `ε > 0`, added to the denominator for numerical stability (default 1e-8).
    pub fn eps(mut self, eps: f32) -> Self {
        self.eps = eps;
        self
    }

    /// L2 weight decay `λ ≥ 0` (default 0).
    pub fn weight_decay(mut self, weight_decay: f32) -> Self {
        self.weight_decay = weight_decay;
        self
    }
}

impl Optimizer for Adam {
    fn learning_rate(&self) -> f32 {
        self.lr
    }

    fn validate(&self) -> Result<()> {
        check_positive("the learning rate", self.lr)?;
        check_unit_interval("beta1", self.beta1)?;
        check_unit_interval("beta2", self.beta2)?;
        check_positive("eps", self.eps)?;
        check_non_negative("weight_decay", self.weight_decay)
    }

    fn step(&mut self, params: &mut [Param<'_>]) -> Result<bool> {
        self.validate()?;
        if self.m.is_empty() {
            self.m = params
                .iter()
                .map(|p| ArrayD::zeros(p.value.raw_dim()))
                .collect();
            self.v = self.m.clone();
        }
        check_state("Adam", &self.m, params)?;
        let t = self.t.saturating_add(1);
        let (b1, b2, eps, wd) = (self.beta1, self.beta2, self.eps, self.weight_decay);
        let bias1 = 1.0 - b1.powi(t);
        let bias2_sqrt = (1.0 - b2.powi(t)).sqrt();
        let step_size = self.lr / bias1;
        let update = |theta: f32, g: f32, m: f32, v: f32| {
            let g = g + wd * theta;
            let m = b1 * m + (1.0 - b1) * g;
            let v = b2 * v + (1.0 - b2) * g * g;
            let theta = theta - step_size * m / (v.sqrt() / bias2_sqrt + eps);
            (theta, m, v)
        };
        let finite = params
            .iter()
            .zip(self.m.iter().zip(&self.v))
            .all(|(p, (m, v))| {
                Zip::from(&p.value)
                    .and(&p.grad)
                    .and(m)
                    .and(v)
                    .fold(true, |ok, &th, &g, &m, &v| {
                        ok & update(th, g, m, v).0.is_finite()
                    })
            });
        if !finite {
            return Ok(false);
        }
        for (p, (m, v)) in params.iter_mut().zip(self.m.iter_mut().zip(&mut self.v)) {
            Zip::from(&mut p.value)
                .and(&p.grad)
                .and(m)
                .and(v)
                .for_each(|th, &g, m, v| (*th, *m, *v) = update(*th, g, *m, *v));
        }
        self.t = t;
        Ok(true)
    }
}

/// The optimiser's state must match the parameters it was created for.
fn check_state(name: &str, state: &[ArrayD<f32>], params: &[Param<'_>]) -> Result<()> {
    check_grads(params)?;
    let same = state.len() == params.len()
        && state
            .iter()
            .zip(params)
            .all(|(s, p)| s.shape() == p.value.shape());
    if same {
        Ok(())
    } else {
        Err(Error::Shape(format!(
            "this {name} optimiser was used with {} parameter arrays and now gets {} (or other \
             shapes); create a new optimiser for each model",
            state.len(),
            params.len()
        )))
    }
}

/// Every gradient must have its parameter's shape.
fn check_grads(params: &[Param<'_>]) -> Result<()> {
    match params
        .iter()
        .position(|p| p.grad.shape() != p.value.shape())
    {
        None => Ok(()),
        Some(i) => Err(Error::Shape(format!(
            "parameter {i} has shape {:?} but its gradient {:?}; they must match",
            params[i].value.shape(),
            params[i].grad.shape()
        ))),
    }
}

fn check_unit_interval(name: &str, value: f32) -> Result<()> {
    if (0.0..1.0).contains(&value) {
        Ok(())
    } else {
        invalid(format!("{name} must be in [0, 1), got {value}"))
    }
}

fn check_non_negative(name: &str, value: f32) -> Result<()> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        invalid(format!("{name} must be a finite number >= 0, got {value}"))
    }
}
