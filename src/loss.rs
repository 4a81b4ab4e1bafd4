//! Loss functions, each with its gradient, averaged over the batch like PyTorch's defaults.
//!
//! ```
//! use mlp_companion::prelude::*;
//! use ndarray::array;
//! // Equal logits: each of 2 classes gets probability ½, so the loss is ln 2.
//! let loss = loss::cross_entropy(array![[0.0, 0.0]].view(), array![1].view())?;
//! assert!((loss - 2f32.ln()).abs() < 1e-6);
//! # Ok::<(), mlp_companion::Error>(())
//! ```

use crate::activation::{sigmoid, softplus};
use crate::error::{Error, Result};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut2, Axis, Zip};

/// `log softmax(z)` row by row, computed stably as `z − max − ln Σ e^(z − max)`.
pub fn log_softmax(logits: ArrayView2<f32>) -> Array2<f32> {
    let mut out = logits.to_owned();
    for mut row in out.rows_mut() {
        let max = row.fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        let log_sum = row.fold(0.0, |s, &v| s + (v - max).exp()).ln();
        row.mapv_inplace(|v| v - max - log_sum);
    }
    out
}

/// `softmax(z)` row by row: class probabilities that sum to 1.
pub fn softmax(logits: ArrayView2<f32>) -> Array2<f32> {
    log_softmax(logits).mapv_into(f32::exp)
}

/// Mean cross-entropy of integer labels under the softmax of `logits` (PyTorch's
/// `F.cross_entropy`): `L = −(1/B) Σᵢ log softmax(zᵢ)[yᵢ]`.
pub fn cross_entropy(logits: ArrayView2<f32>, labels: ArrayView1<usize>) -> Result<f32> {
    check_labels(logits, labels)?;
    let logp = log_softmax(logits);
    let total: f32 = labels
        .iter()
        .zip(logp.rows())
        .map(|(&y, row)| -row[y])
        .sum();
    Ok(total / labels.len() as f32)
}

/// Cross-entropy and its gradient `∂L/∂z = (softmax(z) − onehot(y)) / B`.
pub fn cross_entropy_with_grad(
    logits: ArrayView2<f32>,
    labels: ArrayView1<usize>,
) -> Result<(f32, Array2<f32>)> {
    check_labels(logits, labels)?;
    let mut grad = Array2::zeros(logits.raw_dim());
    let loss = cross_entropy_grad_into(logits, labels, grad.view_mut(), labels.len());
    Ok((loss, grad))
}

/// Writes `∂L/∂z` of the mean cross-entropy over a batch of `batch` rows into `grad` and
/// returns the loss. `logits` may be a block of the batch's rows; its share of the mean is
/// returned. Needs checked labels and `grad` shaped like `logits`.
pub(crate) fn cross_entropy_grad_into(
    logits: ArrayView2<f32>,
    labels: ArrayView1<usize>,
    mut grad: ArrayViewMut2<f32>,
    batch: usize,
) -> f32 {
    let batch = batch as f32;
    let mut total = 0.0;
    for ((mut g, z), &y) in grad.rows_mut().into_iter().zip(logits.rows()).zip(labels) {
        // log softmax(z) = z − max − ln Σ e^(z − max); its exp is softmax(z)
        let max = z.fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        // g ← e^(z − max); then softmax = g / Σ g and ∂L/∂z = (softmax − onehot) / batch
        Zip::from(&mut g)
            .and(&z)
            .for_each(|g, &v| *g = (v - max).exp());
        let sum = g.sum();
        total -= z[y] - max - sum.ln();
        g *= 1.0 / (sum * batch);
        g[y] -= 1.0 / batch;
    }
    total / batch
}

/// Mean binary cross-entropy of targets in `[0, 1]` given logits (PyTorch's
/// `F.binary_cross_entropy_with_logits`): per sample `max(z, 0) − z·t + ln(1 + e^−|z|)`,
/// which equals `−t ln σ(z) − (1 − t) ln(1 − σ(z))` without overflow.
pub fn binary_cross_entropy_with_logits(
    logits: ArrayView1<f32>,
    targets: ArrayView1<f32>,
) -> Result<f32> {
    Ok(binary_cross_entropy_with_logits_and_grad(logits, targets)?.0)
}

/// Binary cross-entropy and its gradient `∂L/∂z = (σ(z) − t) / N`.
pub fn binary_cross_entropy_with_logits_and_grad(
    logits: ArrayView1<f32>,
    targets: ArrayView1<f32>,
) -> Result<(f32, Array1<f32>)> {
    check_same_len("logits", logits.len(), "targets", targets.len())?;
    if let Some((i, t)) = targets
        .iter()
        .enumerate()
        .find(|(_, t)| !(0.0..=1.0).contains(*t))
    {
        return Err(Error::Data(format!(
            "binary cross-entropy needs targets in [0, 1]; target {i} is {t}"
        )));
    }
    let n = logits.len() as f32;
    // softplus(z) − z·t = max(z, 0) − z·t + ln(1 + e^−|z|)
    let total: f32 = Zip::from(logits)
        .and(targets)
        .fold(0.0, |s, &z, &t| s + softplus(z) - z * t);
    let grad = Zip::from(logits)
        .and(targets)
        .map_collect(|&z, &t| (sigmoid(z) - t) / n);
    Ok((total / n, grad))
}

/// Mean squared error `(1/N) Σ (pred − target)²` over all elements (PyTorch's `F.mse_loss`).
pub fn mse(pred: ArrayView2<f32>, target: ArrayView2<f32>) -> Result<f32> {
    Ok(mse_with_grad(pred, target)?.0)
}

/// Mean squared error and its gradient `2 (pred − target) / N`.
pub fn mse_with_grad(pred: ArrayView2<f32>, target: ArrayView2<f32>) -> Result<(f32, Array2<f32>)> {
    if pred.dim() != target.dim() {
        return Err(Error::Shape(format!(
            "mse needs pred and target of the same shape, got {:?} and {:?}",
            pred.shape(),
            target.shape()
        )));
    }
    empty_check(pred.len())?;
    let n = pred.len() as f32;
    let diff = &pred - &target;
    let loss = diff.fold(0.0, |s, &d| s + d * d) / n;
    Ok((loss, diff * (2.0 / n)))
}

fn check_labels(logits: ArrayView2<f32>, labels: ArrayView1<usize>) -> Result<()> {
    check_same_len("logits rows", logits.nrows(), "labels", labels.len())?;
    empty_check(labels.len())?;
    let classes = logits.len_of(Axis(1));
    if let Some((i, &y)) = labels.iter().enumerate().find(|&(_, &y)| y >= classes) {
        return Err(Error::Data(format!(
            "label {y} at position {i} is out of range: the logits have {classes} classes \
             (labels 0..={}); give the model {} outputs",
            classes.saturating_sub(1),
            y + 1
        )));
    }
    Ok(())
}

fn check_same_len(a: &str, na: usize, b: &str, nb: usize) -> Result<()> {
    if na != nb {
        return Err(Error::Shape(format!(
            "{a} ({na}) must equal the number of {b} ({nb})"
        )));
    }
    Ok(())
}

fn empty_check(n: usize) -> Result<()> {
    if n == 0 {
        return Err(Error::Data(
            "the loss of an empty batch is undefined".into(),
        ));
    }
    Ok(())
}
