//! Rosenblatt's perceptron (1958): a single threshold unit trained by error correction.
//!
//! For each sample in turn: predict `ŷ = 1 if w·x + b > 0 else 0`; if wrong, move the
//! boundary toward the sample: `w ← w + (y − ŷ) x`, `b ← b + (y − ŷ)`. The perceptron
//! convergence theorem says this stops making mistakes after finitely many updates if and
//! only if a straight line separates the classes, which is why it never settles on XOR.
//!
//! ```
//! use mlp_companion::prelude::*;
//! let mut p = Perceptron::new(2)?;
//! let run = p.fit(&datasets::linearly_separable(100, 1)?, 50)?;
//! assert!(run.converged);
//! let run = Perceptron::new(2)?.fit(&datasets::xor(100, 1)?, 50)?;
//! assert!(!run.converged);
//! # Ok::<(), mlp_companion::Error>(())
//! ```

use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::model::{Classifier, check_features};
use ndarray::{Array1, Array2, ArrayView2};

/// A perceptron for two classes, starting from zero weights.
#[derive(Clone, Debug, PartialEq)]
pub struct Perceptron {
    /// One weight per feature.
    pub weights: Array1<f32>,
    /// The bias (minus the threshold).
    pub bias: f32,
}

/// The errors made in each epoch of [`Perceptron::fit`].
#[derive(Clone, Debug, PartialEq)]
pub struct PerceptronHistory {
    /// Number of misclassified samples (= updates) in each epoch.
    pub errors: Vec<usize>,
    /// True if an epoch finished with no error: every sample is classified correctly.
    pub converged: bool,
}

impl Perceptron {
    /// A perceptron for `n_features` inputs with all weights and the bias at zero.
    pub fn new(n_features: usize) -> Result<Self> {
        if n_features == 0 {
            return Err(Error::InvalidArgument(
                "a perceptron needs at least 1 input feature, got 0".into(),
            ));
        }
        Ok(Perceptron {
            weights: Array1::zeros(n_features),
            bias: 0.0,
        })
    }

    /// The weighted sum `w·x + b` of each row.
    pub fn net_input(&self, x: ArrayView2<f32>) -> Result<Array1<f32>> {
        check_features(self.weights.len(), x.ncols())?;
        Ok(x.dot(&self.weights) + self.bias)
    }

    /// Runs up to `epochs` passes over `data` in order, stopping after the first pass with no
    /// error. Labels must be 0 and 1.
    pub fn fit(&mut self, data: &Dataset, epochs: usize) -> Result<PerceptronHistory> {
        data.validate()?;
        check_features(self.weights.len(), data.n_features())?;
        if data.n_classes > 2 {
            return Err(Error::Data(format!(
                "the perceptron separates 2 classes but the data has {}; use softmax \
                 regression for more",
                data.n_classes
            )));
        }
        if epochs == 0 {
            return Err(Error::InvalidArgument(
                "epochs must be at least 1, got 0".into(),
            ));
        }
        let mut errors = Vec::with_capacity(epochs);
        for _ in 0..epochs {
            let mut wrong = 0;
            for (x, &y) in data.x.rows().into_iter().zip(&data.y) {
                let predicted = usize::from(x.dot(&self.weights) + self.bias > 0.0);
                let delta = y as f32 - predicted as f32;
                if delta != 0.0 {
                    self.weights.scaled_add(delta, &x);
                    self.bias += delta;
                    wrong += 1;
                }
            }
            errors.push(wrong);
            if wrong == 0 {
                break;
            }
        }
        let converged = errors.last() == Some(&0);
        Ok(PerceptronHistory { errors, converged })
    }
}

impl Classifier for Perceptron {
    fn n_features(&self) -> usize {
        self.weights.len()
    }

    fn n_classes(&self) -> usize {
        2
    }

    fn name(&self) -> String {
        "Perceptron".to_string()
    }

    fn predict_proba(&self, x: ArrayView2<f32>) -> Result<Array2<f32>> {
        let net = self.net_input(x)?;
        let mut proba = Array2::zeros((net.len(), 2));
        for (mut row, &v) in proba.rows_mut().into_iter().zip(&net) {
            row[usize::from(v > 0.0)] = 1.0;
        }
        Ok(proba)
    }
}
