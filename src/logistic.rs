//! Logistic regression: one linear unit, a sigmoid, and binary cross-entropy.
//!
//! `P(y = 1 | x) = σ(w·x + b)`. Its decision boundary `w·x + b = 0` is a straight line, so
//! like the perceptron it cannot solve XOR; unlike the perceptron, gradient descent on its
//! convex loss always converges — to the best straight line.
//!
//! ```
//! use mlp_companion::prelude::*;
//! let data = datasets::linearly_separable(200, 1)?;
//! let mut model = LogisticRegression::new(2, 1)?;
//! Trainer::new(Sgd::new(0.5)).epochs(20).fit(&mut model, &data)?;
//! assert!(model.accuracy(&data)? > 0.95);
//! # Ok::<(), mlp_companion::Error>(())
//! ```

use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::layer::Linear;
use crate::loss;
use crate::model::{Classifier, Param, Trainable, check_batch, check_features};
use crate::seeded_rng;
use ndarray::{Array2, ArrayView1, ArrayView2, Axis};

/// Binary logistic regression, initialised like PyTorch's `nn.Linear(n_features, 1)`.
#[derive(Clone, Debug, PartialEq)]
pub struct LogisticRegression {
    /// The single linear unit: weight `[1, n_features]`, bias `[1]`.
    pub linear: Linear,
}

impl LogisticRegression {
    /// A model for `n_features` inputs; `seed` fixes the initial weights.
    pub fn new(n_features: usize, seed: u64) -> Result<Self> {
        Ok(LogisticRegression {
            linear: Linear::new(n_features, 1, &mut seeded_rng(seed))?,
        })
    }

    /// `P(y = 1 | x)` for each row.
    pub fn probability(&self, x: ArrayView2<f32>) -> Result<ndarray::Array1<f32>> {
        Ok(self.logits(x)?.mapv(crate::activation::sigmoid))
    }

    fn logits(&self, x: ArrayView2<f32>) -> Result<ndarray::Array1<f32>> {
        Ok(self.linear.forward(x)?.index_axis_move(Axis(1), 0))
    }

    fn check_binary(&self, n_classes: usize) -> Result<()> {
        if n_classes > 2 {
            return Err(Error::Data(format!(
                "logistic regression separates 2 classes but the data has {n_classes}; use \
                 softmax regression (Mlp::softmax_regression) for more"
            )));
        }
        Ok(())
    }
}

impl Classifier for LogisticRegression {
    fn n_features(&self) -> usize {
        self.linear.in_features()
    }

    fn n_classes(&self) -> usize {
        2
    }

    fn name(&self) -> String {
        "Logistic regression".to_string()
    }

    fn predict_proba(&self, x: ArrayView2<f32>) -> Result<Array2<f32>> {
        let p = self.probability(x)?;
        let mut out = Array2::zeros((p.len(), 2));
        for (mut row, &p1) in out.rows_mut().into_iter().zip(&p) {
            row[0] = 1.0 - p1;
            row[1] = p1;
        }
        Ok(out)
    }
}

impl Trainable for LogisticRegression {
    fn zero_grad(&mut self) {
        self.linear.zero_grad();
    }

    fn backward(&mut self, x: ArrayView2<f32>, y: ArrayView1<usize>) -> Result<f32> {
        check_batch(self.n_features(), 2, x, y)?;
        let targets = y.mapv(|v| v as f32);
        let logits = self.logits(x)?;
        let (loss, grad) =
            loss::binary_cross_entropy_with_logits_and_grad(logits.view(), targets.view())?;
        let grad = grad.insert_axis(Axis(1));
        self.linear.accumulate_grads(x, grad.view());
        Ok(loss)
    }

    fn check_classes(&self, n_classes: usize, _what: &str) -> Result<()> {
        self.check_binary(n_classes)
    }

    fn loss(&self, data: &Dataset) -> Result<f32> {
        check_features(self.n_features(), data.n_features())?;
        self.check_binary(data.n_classes)?;
        let targets = data.y.mapv(|v| v as f32);
        loss::binary_cross_entropy_with_logits(self.logits(data.x.view())?.view(), targets.view())
    }

    fn parameters_mut(&mut self) -> Vec<Param<'_>> {
        let Linear {
            weight,
            bias,
            weight_grad,
            bias_grad,
        } = &mut self.linear;
        vec![
            Param {
                value: weight.view_mut().into_dyn(),
                grad: weight_grad.view().into_dyn(),
            },
            Param {
                value: bias.view_mut().into_dyn(),
                grad: bias_grad.view().into_dyn(),
            },
        ]
    }
}
