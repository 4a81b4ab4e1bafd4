//! What every model here shares: predicting classes ([`Classifier`]) and, for models trained
//! by gradient descent, a backward pass and parameters to update ([`Trainable`]).

use crate::data::Dataset;
use crate::error::{Error, Result};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, ArrayViewD, ArrayViewMutD, Axis};

/// A model that assigns one of `n_classes()` classes to each row of an input batch.
pub trait Classifier {
    /// Number of input features per sample.
    fn n_features(&self) -> usize;

    /// Number of classes the model predicts.
    fn n_classes(&self) -> usize;

    /// A short description for chart titles, e.g. "MLP 2-25-15-2 (ReLU)".
    fn name(&self) -> String {
        "Classifier".to_string()
    }

    /// Class probabilities, shaped `[batch, n_classes]`. Models without probabilities
    /// (the perceptron) return 1 for the predicted class and 0 for the others.
    fn predict_proba(&self, x: ArrayView2<f32>) -> Result<Array2<f32>>;

    /// The most likely class of each row.
    fn predict(&self, x: ArrayView2<f32>) -> Result<Array1<usize>> {
        Ok(argmax_rows(self.predict_proba(x)?.view()))
    }

    /// Fraction of samples of `data` whose class is predicted correctly, in `[0, 1]`.
    fn accuracy(&self, data: &Dataset) -> Result<f32> {
        check_features(self.n_features(), data.n_features())?;
        let pred = self.predict(data.x.view())?;
        Ok(accuracy(pred.view(), data.y.view()))
    }
}

/// One trainable array and its gradient, as an optimiser sees them.
pub struct Param<'a> {
    /// The values to update.
    pub value: ArrayViewMutD<'a, f32>,
    /// `∂L/∂value`, same shape.
    pub grad: ArrayViewD<'a, f32>,
}

/// A classifier trained by gradient descent with a [`crate::train::Trainer`].
pub trait Trainable: Classifier {
    /// Sets every gradient to zero.
    fn zero_grad(&mut self);

    /// Forward pass, loss and backward pass on one batch: adds `∂L/∂θ` to every gradient
    /// (call [`Trainable::zero_grad`] first) and returns the mean loss.
    fn backward(&mut self, x: ArrayView2<f32>, y: ArrayView1<usize>) -> Result<f32>;

    /// Mean loss on a whole data set, without touching gradients.
    fn loss(&self, data: &Dataset) -> Result<f32>;

    /// Mean loss and accuracy on a whole data set. Models override this to get both from one
    /// forward pass.
    fn evaluate(&self, data: &Dataset) -> Result<(f32, f32)> {
        Ok((self.loss(data)?, self.accuracy(data)?))
    }

    /// Every parameter with its gradient, in a fixed order.
    fn parameters_mut(&mut self) -> Vec<Param<'_>>;

    /// Checks that the model can learn data with `n_classes` classes, with a message that
    /// says how to fix a mismatch (`what` names the data set).
    fn check_classes(&self, n_classes: usize, what: &str) -> Result<()> {
        if n_classes > self.n_classes() {
            return Err(Error::Data(format!(
                "the {what} data has {n_classes} classes but the model predicts {}; build the \
                 model with {n_classes} outputs",
                self.n_classes()
            )));
        }
        Ok(())
    }
}

/// Index of the largest value of each row (the first one on ties; 0 for an empty row).
pub fn argmax_rows(scores: ArrayView2<f32>) -> Array1<usize> {
    scores.map_axis(Axis(1), |row| {
        let mut best = (0, f32::NEG_INFINITY);
        for (j, &v) in row.iter().enumerate() {
            if v > best.1 {
                best = (j, v);
            }
        }
        best.0
    })
}

/// Fraction of equal entries; 0 for empty input.
pub fn accuracy(pred: ArrayView1<usize>, truth: ArrayView1<usize>) -> f32 {
    if truth.is_empty() {
        return 0.0;
    }
    let correct = pred.iter().zip(truth).filter(|(p, t)| p == t).count();
    correct as f32 / truth.len() as f32
}

/// Error unless a batch's feature count matches the model's.
pub(crate) fn check_features(expected: usize, got: usize) -> Result<()> {
    if expected != got {
        return Err(Error::Shape(format!(
            "the data has {got} features per sample but the model expects {expected}; \
             build the model with {got} inputs or select {expected} columns"
        )));
    }
    Ok(())
}

/// Error unless the labels fit the model's classes and the batch's rows.
pub(crate) fn check_batch(
    n_features: usize,
    n_classes: usize,
    x: ArrayView2<f32>,
    y: ArrayView1<usize>,
) -> Result<()> {
    check_features(n_features, x.ncols())?;
    if x.nrows() != y.len() {
        return Err(Error::Shape(format!(
            "x has {} rows but y has {} labels; they must match",
            x.nrows(),
            y.len()
        )));
    }
    if x.nrows() == 0 {
        return Err(Error::Data("the batch is empty (0 rows)".into()));
    }
    if let Some((i, &label)) = y.iter().enumerate().find(|&(_, &l)| l >= n_classes) {
        return Err(Error::Data(format!(
            "label {label} at row {i} is out of range for a model with {n_classes} classes \
             (labels 0..={}); build the model with {} outputs",
            n_classes - 1,
            label + 1
        )));
    }
    // a fold without early exit vectorises; the slow search runs only to name the culprit
    if x.fold(true, |ok, v| ok & v.is_finite()) {
        return Ok(());
    }
    if let Some((i, v)) = x.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(Error::Data(format!(
            "x[{}, {}] is {v}; the data must be finite numbers",
            i / x.ncols(),
            i % x.ncols()
        )));
    }
    Ok(())
}
