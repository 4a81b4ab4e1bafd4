//! The multilayer perceptron: softmax regression with hidden layers in front.
//!
//! An `Mlp` is a chain of [`Linear`] layers. Every layer but the last is followed by its
//! activation; the last layer produces the logits, and the softmax turns them into class
//! probabilities. With no hidden layers the model *is* softmax regression:
//!
//! ```text
//! softmax regression:  x → Linear(in, classes) → softmax
//! MLP:                 x → Linear(in, h) → ReLU → Linear(h, classes) → softmax
//! ```
//!
//! Large batches and grids (at least 256 rows and 2²⁰ multiply-adds, e.g. a full-batch step
//! on 1,000 points or a 500 × 500 chart grid) are split over two cores; small minibatches stay
//! on one. The split depends only on the sizes, so the numbers are the same on any machine,
//! and `RAYON_NUM_THREADS=1` keeps everything on one core.
//!
//! ```
//! use mlp_companion::prelude::*;
//! let model = Mlp::builder(2)
//!     .hidden(25, Activation::Relu)
//!     .hidden(15, Activation::Relu)
//!     .output(2)
//!     .seed(1)
//!     .build()?;
//! // (2·25 + 25) + (25·15 + 15) + (15·2 + 2) parameters
//! assert_eq!(model.num_params(), 75 + 390 + 32);
//! # Ok::<(), mlp_companion::Error>(())
//! ```

use crate::activation::Activation;
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::init::Init;
use crate::layer::{GradsViewMut, Linear, ParamsView};
use crate::loss;
use crate::model::{Classifier, Param, Trainable, check_batch, check_features};
use crate::seeded_rng;
use ndarray::linalg::general_mat_mul;
use ndarray::{
    Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut2, AsArray, Axis, Ix1, Ix2, Slice,
};
use smallvec::SmallVec;
use std::fmt;

/// A multilayer perceptron classifier. Build one with [`Mlp::builder`].
#[derive(Clone)]
pub struct Mlp {
    layers: Vec<Linear>,
    activations: Vec<Activation>,
    /// Buffers of the training step, kept so that training does not allocate.
    workspace: Workspace,
}

/// Rows per block when evaluating many points (e.g. a 500 × 500 chart grid): small blocks
/// keep every intermediate array in the CPU cache instead of streaming it through memory.
const INFERENCE_CHUNK: usize = 256;

/// Multiply-adds of a forward pass from which a batch is split over two cores: below it,
/// waking a second thread costs more than it saves (measured in `benches/workloads.rs`).
const PARALLEL_WORK: usize = 1 << 20;

/// Rows each core needs before a split pays: each half multiplies by all the weights and
/// the halves' gradients are added up, which costs as much as it saves when the weights
/// are large next to the batch (64 rows through 784 × 128 weights ran 1.6× slower).
const MIN_ROWS_PER_CORE: usize = 128;

/// Where to split a batch of `rows` rows between two cores, or `None` when it is too small
/// to gain. Depends only on the sizes, never on the machine, so every machine computes the
/// same numbers (on one core, [`both`] simply runs the halves in turn).
fn split_point(rows: usize, layers: &[Linear]) -> Option<usize> {
    let work: usize = layers.iter().map(|l| l.weight.len()).sum::<usize>() * rows;
    (work >= PARALLEL_WORK && rows >= 2 * MIN_ROWS_PER_CORE).then_some(rows / 2)
}

/// Runs `a` and `b` on two cores when there are two, else one after the other on this
/// thread (handing work to a lone worker thread and back would only add waiting).
fn both<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    if rayon::current_num_threads() > 1 {
        rayon::join(a, b)
    } else {
        (a(), b())
    }
}

/// The arrays one training step needs, sized for the last batch and reused while the batch
/// size stays the same.
#[derive(Clone, Default)]
struct Workspace {
    /// `z = a·Wᵀ + b` of every layer (the last one holds the logits), `[batch, out]`.
    z: Vec<Array2<f32>>,
    /// `a = f(z)` of every hidden layer, `[batch, units]`.
    a: Vec<Array2<f32>>,
    /// `∂L/∂z` of every layer, `[batch, out]`.
    delta: Vec<Array2<f32>>,
    /// `(∂L/∂W, ∂L/∂b)` of every layer for the second half of a batch split over two cores.
    spare_grads: Vec<(Array2<f32>, Array1<f32>)>,
}

/// One item per layer. Up to 4 layers the items stay on the stack, so the lists of views a
/// training step makes need no heap allocation.
type PerLayer<T> = SmallVec<[T; 4]>;

/// A mutable view of each buffer.
fn views(bufs: &mut [Array2<f32>]) -> PerLayer<ArrayViewMut2<'_, f32>> {
    bufs.iter_mut().map(|b| b.view_mut()).collect()
}

/// Views of the workspace for a block of the batch's rows.
struct Rows<'w> {
    z: PerLayer<ArrayViewMut2<'w, f32>>,
    a: PerLayer<ArrayViewMut2<'w, f32>>,
    delta: PerLayer<ArrayViewMut2<'w, f32>>,
}

impl<'w> Rows<'w> {
    /// Views of the whole of every buffer.
    fn of(
        z: &'w mut [Array2<f32>],
        a: &'w mut [Array2<f32>],
        delta: &'w mut [Array2<f32>],
    ) -> Self {
        Rows {
            z: views(z),
            a: views(a),
            delta: views(delta),
        }
    }

    /// Splits every buffer into rows `..row` and `row..`.
    fn split_at(self, row: usize) -> (Rows<'w>, Rows<'w>) {
        let split = |bufs: PerLayer<ArrayViewMut2<'w, f32>>| -> (PerLayer<_>, PerLayer<_>) {
            bufs.into_iter().map(|b| b.split_at(Axis(0), row)).unzip()
        };
        let ((z1, z2), (a1, a2), (d1, d2)) = (split(self.z), split(self.a), split(self.delta));
        (
            Rows {
                z: z1,
                a: a1,
                delta: d1,
            },
            Rows {
                z: z2,
                a: a2,
                delta: d2,
            },
        )
    }
}

impl Workspace {
    /// Makes every buffer fit a batch of `rows` through `layers` (allocates only on change).
    fn prepare(&mut self, rows: usize, layers: &[Linear]) {
        let fits = |bufs: &[Array2<f32>], n: usize| {
            bufs.len() == n
                && bufs
                    .iter()
                    .zip(layers)
                    .all(|(b, l)| b.dim() == (rows, l.out_features()))
        };
        let n = layers.len();
        if !(fits(&self.z, n) && fits(&self.delta, n) && fits(&self.a, n - 1)) {
            let bufs = |k: usize| {
                layers[..k]
                    .iter()
                    .map(|l| Array2::zeros((rows, l.out_features())))
                    .collect::<Vec<_>>()
            };
            self.z = bufs(n);
            self.delta = bufs(n);
            self.a = bufs(n - 1);
        }
    }
}

impl PartialEq for Mlp {
    /// Two models are equal when their layers (weights, biases, gradients) and activations are.
    fn eq(&self, other: &Self) -> bool {
        self.layers == other.layers && self.activations == other.activations
    }
}

impl fmt::Debug for Mlp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mlp")
            .field("layers", &self.layers)
            .field("activations", &self.activations)
            .finish()
    }
}

/// Settings for an [`Mlp`]; see [`Mlp::builder`].
#[derive(Clone, Debug)]
pub struct MlpBuilder {
    n_inputs: usize,
    hidden: Vec<(usize, Activation)>,
    n_outputs: Option<usize>,
    seed: u64,
    init: Init,
}

impl MlpBuilder {
    /// Adds a hidden layer of `units` units followed by `activation`.
    pub fn hidden(mut self, units: usize, activation: Activation) -> Self {
        self.hidden.push((units, activation));
        self
    }

    /// Sets the number of output units, one per class (required).
    pub fn output(mut self, n_classes: usize) -> Self {
        self.n_outputs = Some(n_classes);
        self
    }

    /// Seed of the weight initialisation (default 0): the same seed gives the same weights.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Initialisation of every layer (default [`Init::PyTorchDefault`]).
    pub fn init(mut self, init: Init) -> Self {
        self.init = init;
        self
    }

    /// Creates the model, checking every setting.
    pub fn build(self) -> Result<Mlp> {
        let n_outputs = self.n_outputs.ok_or_else(|| {
            Error::InvalidArgument(
                "the model has no output layer: add `.output(n_classes)` before `.build()`".into(),
            )
        })?;
        if self.n_inputs == 0 {
            return Err(Error::InvalidArgument(
                "the model needs at least 1 input feature, got 0".into(),
            ));
        }
        if n_outputs < 2 {
            return Err(Error::InvalidArgument(format!(
                "a softmax output needs at least 2 classes, got .output({n_outputs})"
            )));
        }
        for (i, &(units, activation)) in self.hidden.iter().enumerate() {
            if units == 0 {
                return Err(Error::InvalidArgument(format!(
                    "hidden layer {} has 0 units; every layer needs at least 1",
                    i + 1
                )));
            }
            activation.validate()?;
        }
        let mut sizes = vec![self.n_inputs];
        sizes.extend(self.hidden.iter().map(|&(units, _)| units));
        sizes.push(n_outputs);
        let total = sizes.windows(2).try_fold(0usize, |sum, w| {
            w[0].checked_add(1)?.checked_mul(w[1])?.checked_add(sum)
        });
        let shape: Vec<String> = sizes.iter().map(|n| n.to_string()).collect();
        crate::layer::check_param_count(total, &format!("the model {}", shape.join("-")))?;
        let mut rng = seeded_rng(self.seed);
        let layers = sizes
            .windows(2)
            .map(|w| Linear::with_init(w[0], w[1], self.init, &mut rng))
            .collect::<Result<Vec<_>>>()?;
        let activations = self.hidden.iter().map(|&(_, a)| a).collect();
        Ok(Mlp {
            layers,
            activations,
            workspace: Workspace::default(),
        })
    }
}

impl Mlp {
    /// Starts building a model with `n_inputs` input features.
    pub fn builder(n_inputs: usize) -> MlpBuilder {
        MlpBuilder {
            n_inputs,
            hidden: Vec::new(),
            n_outputs: None,
            seed: 0,
            init: Init::PyTorchDefault,
        }
    }

    /// Softmax regression: an MLP with no hidden layer.
    pub fn softmax_regression(n_features: usize, n_classes: usize, seed: u64) -> Result<Mlp> {
        Mlp::builder(n_features)
            .output(n_classes)
            .seed(seed)
            .build()
    }

    /// The linear layers, first to last.
    pub fn layers(&self) -> &[Linear] {
        &self.layers
    }

    /// The linear layers, to change weights by hand.
    pub fn layers_mut(&mut self) -> &mut [Linear] {
        &mut self.layers
    }

    /// The activation after each hidden layer (one fewer than the layers).
    pub fn activations(&self) -> &[Activation] {
        &self.activations
    }

    /// Number of hidden layers (0 for softmax regression).
    pub fn n_hidden_layers(&self) -> usize {
        self.activations.len()
    }

    /// Total number of trainable numbers: Σ (in · out + out) over the layers.
    pub fn num_params(&self) -> usize {
        self.layers.iter().map(Linear::num_params).sum()
    }

    /// Calls `f` on every layer, first to last, like PyTorch's `model.apply(weights_init)`.
    ///
    /// ```
    /// use mlp_companion::prelude::*;
    /// let mut model = Mlp::builder(2).hidden(8, Activation::Relu).output(2).build()?;
    /// let mut rng = seeded_rng(1);
    /// model.apply(|layer: &mut Linear| {
    ///     init::kaiming_normal_(&mut layer.weight, 0.0, FanMode::FanIn, Nonlinearity::Relu, &mut rng)?;
    ///     init::constant_(&mut layer.bias, 0.0);
    ///     Ok(())
    /// })?;
    /// assert!(model.layers()[0].bias.iter().all(|&b| b == 0.0));
    /// # Ok::<(), mlp_companion::Error>(())
    /// ```
    pub fn apply<F>(&mut self, mut f: F) -> Result<()>
    where
        F: FnMut(&mut Linear) -> Result<()>,
    {
        for layer in &mut self.layers {
            f(layer)?;
        }
        self.check_layers()
    }

    /// Sets every gradient to zero.
    pub fn zero_grad(&mut self) {
        self.layers.iter_mut().for_each(Linear::zero_grad);
    }

    /// The logits `[batch, n_classes]` of a batch `[batch, n_features]`.
    pub fn forward<'a>(&self, x: impl AsArray<'a, f32, Ix2>) -> Result<Array2<f32>> {
        let x = x.into();
        self.check_input(x)?;
        let mut logits = Array2::zeros((x.nrows(), self.n_classes()));
        self.forward_rows(x, logits.view_mut(), |block, mut out| out.assign(&block));
        Ok(logits)
    }

    /// Runs checked input `x` through the network, handing each block of logits to `write`
    /// with the matching rows of `out`. Large inputs are split over two cores (every row is
    /// independent).
    fn forward_rows<T: Send>(
        &self,
        x: ArrayView2<f32>,
        out: ArrayViewMut2<T>,
        write: fn(ArrayView2<f32>, ArrayViewMut2<T>),
    ) {
        match split_point(x.nrows(), &self.layers) {
            None => self.forward_chunks(x, out, write),
            Some(h) => {
                let (x1, x2) = x.split_at(Axis(0), h);
                let (out1, out2) = out.split_at(Axis(0), h);
                both(
                    || self.forward_chunks(x1, out1, write),
                    || self.forward_chunks(x2, out2, write),
                );
            }
        }
    }

    /// Softmax class probabilities `[batch, n_classes]`; each row sums to 1.
    pub fn predict_proba<'a>(&self, x: impl AsArray<'a, f32, Ix2>) -> Result<Array2<f32>> {
        Ok(loss::softmax(self.forward(x)?.view()))
    }

    /// The most likely class of each row.
    pub fn predict<'a>(&self, x: impl AsArray<'a, f32, Ix2>) -> Result<Array1<usize>> {
        let x = x.into();
        self.check_input(x)?;
        let mut classes = Array1::zeros(x.nrows());
        // the class of each block's rows as soon as the block is done: no logits array
        let column = classes.view_mut().insert_axis(Axis(1));
        self.forward_rows(x, column, |block, mut out| {
            out.column_mut(0).assign(&crate::model::argmax_rows(block))
        });
        Ok(classes)
    }

    /// Runs the layers on blocks of at most `INFERENCE_CHUNK` rows of checked input `x`;
    /// see [`Mlp::forward_rows`].
    fn forward_chunks<T>(
        &self,
        x: ArrayView2<f32>,
        mut out: ArrayViewMut2<T>,
        write: fn(ArrayView2<f32>, ArrayViewMut2<T>),
    ) {
        let chunk = INFERENCE_CHUNK.min(x.nrows()).max(1);
        let mut bufs: Vec<Array2<f32>> = self
            .layers
            .iter()
            .map(|l| Array2::zeros((chunk, l.out_features())))
            .collect();
        let out_blocks = out.axis_chunks_iter_mut(Axis(0), chunk);
        for (block, out_block) in x.axis_chunks_iter(Axis(0), chunk).zip(out_blocks) {
            let rows = block.nrows();
            for (i, layer) in self.layers.iter().enumerate() {
                let (done, rest) = bufs.split_at_mut(i);
                let input = match done.last() {
                    Some(prev) => prev.slice_axis(Axis(0), Slice::from(..rows)),
                    None => block,
                };
                let mut out = rest[0].slice_axis_mut(Axis(0), Slice::from(..rows));
                crate::layer::product_into(layer.weight.view(), input, out.view_mut());
                // the bias, and the activation of hidden layers, in one pass
                let act = self.activations.get(i).copied();
                act.unwrap_or(Activation::Identity)
                    .add_bias_apply_in_place(out, layer.bias.view());
            }
            let logits = &bufs[bufs.len() - 1];
            write(logits.slice_axis(Axis(0), Slice::from(..rows)), out_block);
        }
    }

    /// Fraction of `data` classified correctly, in `[0, 1]`.
    pub fn accuracy(&self, data: &Dataset) -> Result<f32> {
        Classifier::accuracy(self, data)
    }

    /// Mean cross-entropy on `data`, without touching the gradients.
    pub fn loss(&self, data: &Dataset) -> Result<f32> {
        Trainable::loss(self, data)
    }

    /// Forward pass, mean cross-entropy and backpropagation on one batch. Adds the gradients
    /// to every layer's `weight_grad` and `bias_grad` (call [`Mlp::zero_grad`] first, as with
    /// PyTorch's `.grad`) and returns the loss.
    pub fn backward<'a, 'b>(
        &mut self,
        x: impl AsArray<'a, f32, Ix2>,
        y: impl AsArray<'b, usize, Ix1>,
    ) -> Result<f32> {
        let (x, y) = (x.into(), y.into());
        self.check_layers()?;
        check_batch(self.n_features(), self.n_classes(), x, y)?;
        let Mlp {
            layers,
            activations,
            workspace: ws,
        } = self;
        let batch = x.nrows();
        ws.prepare(batch, layers);
        let split = split_point(batch, layers);
        // What every row reads (W, b) apart from what the backward pass writes (gradients).
        let (params, grads): (PerLayer<_>, PerLayer<_>) =
            layers.iter_mut().map(Linear::split_mut).unzip();
        let Some(h) = split else {
            let rows = Rows::of(&mut ws.z, &mut ws.a, &mut ws.delta);
            return Ok(backprop(&params, activations, x, y, batch, rows, grads));
        };
        // A large batch: rows are independent, so each core takes half of them. The second
        // half adds its gradients to spare buffers, which are added to the layers' at the end.
        let (top, bottom) = Rows::of(&mut ws.z, &mut ws.a, &mut ws.delta).split_at(h);
        let spare = spare_grads(&mut ws.spare_grads, &params);
        let (x1, x2) = x.split_at(Axis(0), h);
        let (y1, y2) = y.split_at(Axis(0), h);
        let (loss1, loss2) = both(
            || backprop(&params, activations, x1, y1, batch, top, grads),
            || backprop(&params, activations, x2, y2, batch, bottom, spare),
        );
        drop(params); // the views borrow the layers
        for (layer, (w, b)) in layers.iter_mut().zip(&ws.spare_grads) {
            layer.weight_grad += w;
            layer.bias_grad += b;
        }
        Ok(loss1 + loss2)
    }

    /// The output of every layer for a batch: the activations `a = f(z)` of each hidden
    /// layer, then the logits. Used to look inside the network (hidden-unit maps).
    pub fn layer_outputs<'a>(&self, x: impl AsArray<'a, f32, Ix2>) -> Result<Vec<Array2<f32>>> {
        let x = x.into();
        self.check_input(x)?;
        let mut outs: Vec<Array2<f32>> = Vec::with_capacity(self.layers.len());
        for (i, layer) in self.layers.iter().enumerate() {
            let input = outs.last().map_or(x, |prev| prev.view());
            let mut out = layer.forward_unchecked(input);
            if let Some(act) = self.activations.get(i) {
                act.apply_in_place(out.view_mut());
            }
            outs.push(out);
        }
        Ok(outs)
    }

    /// For a network without activations (all [`Activation::Identity`]): the single linear
    /// map `(W, b)` it computes, `W = W_L ⋯ W_2 W_1` and `b` the bias pushed through the same
    /// chain. Shows that stacked linear layers are one linear layer.
    pub fn as_linear_map(&self) -> Result<(Array2<f32>, Array1<f32>)> {
        self.check_layers()?;
        if let Some((i, a)) = self
            .activations
            .iter()
            .enumerate()
            .find(|(_, a)| **a != Activation::Identity)
        {
            return Err(Error::InvalidArgument(format!(
                "hidden layer {} uses {a}; only a network with no activation (Identity) is \
                 one linear map",
                i + 1
            )));
        }
        let first = &self.layers[0];
        let (mut w, mut b) = (first.weight.clone(), first.bias.clone());
        for layer in &self.layers[1..] {
            // W·(w x + b) + c = (W w) x + (W b + c)
            b = layer.weight.dot(&b) + &layer.bias;
            w = layer.weight.dot(&w);
        }
        Ok((w, b))
    }

    fn check_input(&self, x: ArrayView2<f32>) -> Result<()> {
        self.check_layers()?;
        check_features(self.n_features(), x.ncols())
    }

    /// Checks that the (public, editable) layers still chain: each layer's inputs equal the
    /// previous layer's outputs.
    fn check_layers(&self) -> Result<()> {
        for layer in &self.layers {
            layer.check_shapes()?;
        }
        for (i, pair) in self.layers.windows(2).enumerate() {
            if pair[0].out_features() != pair[1].in_features() {
                return Err(Error::Shape(format!(
                    "layer {} has {} outputs but layer {} expects {} inputs",
                    i + 1,
                    pair[0].out_features(),
                    i + 2,
                    pair[1].in_features()
                )));
            }
        }
        Ok(())
    }
}

/// Forward pass, loss and backward pass for the rows `x` (all or part of a batch of `batch`
/// rows): adds every layer's `∂L/∂W` and `∂L/∂b` for these rows to `grads` and returns their
/// share of the mean loss. z, a = f(z) and δ = ∂L/∂z of every layer are kept in `buf`.
fn backprop(
    params: &[ParamsView<'_>],
    activations: &[Activation],
    x: ArrayView2<f32>,
    y: ArrayView1<usize>,
    batch: usize,
    mut buf: Rows<'_>,
    grads: PerLayer<GradsViewMut<'_>>,
) -> f32 {
    let last = params.len() - 1;
    for (i, (w, b)) in params.iter().enumerate() {
        let input = if i == 0 { x } else { buf.a[i - 1].view() };
        if i < last {
            // z = input·Wᵀ, then b added and a = f(z) written in one pass
            crate::layer::product_into(*w, input, buf.z[i].view_mut());
            activations[i].add_bias_apply_into(buf.z[i].view_mut(), *b, buf.a[i].view_mut());
        } else {
            crate::layer::forward_into(*w, *b, input, buf.z[i].view_mut());
        }
    }
    let loss =
        loss::cross_entropy_grad_into(buf.z[last].view(), y, buf.delta[last].view_mut(), batch);
    // Walk back from the logits: at each layer add ∂L/∂W = δᵀ·input and ∂L/∂b = Σ δ, then
    // pass δ down through the weights and the previous activation:
    // δ_below = (δ · W) ⊙ f'(z_below).
    for (i, (dw, db)) in grads.into_iter().enumerate().rev() {
        let input = if i == 0 { x } else { buf.a[i - 1].view() };
        crate::layer::add_grads(dw, db, input, buf.delta[i].view());
        if i > 0 {
            let (below, this) = buf.delta.split_at_mut(i);
            let below = &mut below[i - 1];
            general_mat_mul(1.0, &this[0], &params[i].0, 0.0, below);
            activations[i - 1].backprop_in_place(below.view_mut(), buf.z[i - 1].view());
        }
    }
    loss
}

/// Zeroed gradient buffers shaped like `params` (reused from `spare` when they fit), as
/// views to add to.
fn spare_grads<'s>(
    spare: &'s mut Vec<(Array2<f32>, Array1<f32>)>,
    params: &[ParamsView<'_>],
) -> PerLayer<GradsViewMut<'s>> {
    let fits = spare.len() == params.len()
        && spare
            .iter()
            .zip(params)
            .all(|(s, p)| s.0.dim() == p.0.dim());
    if !fits {
        *spare = params
            .iter()
            .map(|(w, b)| (Array2::zeros(w.raw_dim()), Array1::zeros(b.raw_dim())))
            .collect();
    }
    spare
        .iter_mut()
        .map(|(w, b)| {
            w.fill(0.0);
            b.fill(0.0);
            (w.view_mut(), b.view_mut())
        })
        .collect()
}

// `layers` is never empty: the builder makes at least the output layer, and `layers_mut`
// hands out a slice, which cannot change the number of layers.
impl Classifier for Mlp {
    fn n_features(&self) -> usize {
        self.layers[0].in_features()
    }

    fn n_classes(&self) -> usize {
        self.layers[self.layers.len() - 1].out_features()
    }

    fn name(&self) -> String {
        if self.activations.is_empty() {
            return "Softmax regression".to_string();
        }
        let sizes: Vec<String> = std::iter::once(self.n_features())
            .chain(self.layers.iter().map(Linear::out_features))
            .map(|n| n.to_string())
            .collect();
        let mut acts: Vec<String> = self.activations.iter().map(|a| a.to_string()).collect();
        acts.dedup();
        format!("MLP {} ({})", sizes.join("-"), acts.join(", "))
    }

    fn predict_proba(&self, x: ArrayView2<f32>) -> Result<Array2<f32>> {
        Mlp::predict_proba(self, x)
    }

    fn predict(&self, x: ArrayView2<f32>) -> Result<Array1<usize>> {
        Mlp::predict(self, x)
    }
}

impl Trainable for Mlp {
    fn zero_grad(&mut self) {
        Mlp::zero_grad(self)
    }

    fn backward(&mut self, x: ArrayView2<f32>, y: ArrayView1<usize>) -> Result<f32> {
        Mlp::backward(self, x, y)
    }

    fn loss(&self, data: &Dataset) -> Result<f32> {
        Ok(Trainable::evaluate(self, data)?.0)
    }

    fn evaluate(&self, data: &Dataset) -> Result<(f32, f32)> {
        let logits = self.forward(&data.x)?;
        let loss = loss::cross_entropy(logits.view(), data.y.view())?;
        let predicted = crate::model::argmax_rows(logits.view());
        Ok((
            loss,
            crate::model::accuracy(predicted.view(), data.y.view()),
        ))
    }

    fn parameters_mut(&mut self) -> Vec<Param<'_>> {
        let mut params = Vec::with_capacity(2 * self.layers.len());
        for layer in &mut self.layers {
            let Linear {
                weight,
                bias,
                weight_grad,
                bias_grad,
            } = layer;
            params.push(Param {
                value: weight.view_mut().into_dyn(),
                grad: weight_grad.view().into_dyn(),
            });
            params.push(Param {
                value: bias.view_mut().into_dyn(),
                grad: bias_grad.view().into_dyn(),
            });
        }
        params
    }
}

/// A summary table like torchinfo's: one row per layer with its output shape, activation
/// and parameter count.
impl fmt::Display for Mlp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.n_hidden_layers() {
            0 => "softmax regression (no hidden layer)".to_string(),
            1 => "MLP with 1 hidden layer".to_string(),
            n => format!("MLP with {n} hidden layers"),
        };
        let rule = "=".repeat(66);
        writeln!(f, "{kind}")?;
        writeln!(f, "{rule}")?;
        writeln!(
            f,
            "{:<18}{:<16}{:<20}{:>12}",
            "Layer (type)", "Output Shape", "Activation", "Param #"
        )?;
        writeln!(f, "{rule}")?;
        for (i, layer) in self.layers.iter().enumerate() {
            let act = match self.activations.get(i) {
                Some(a) => a.to_string(),
                None => "softmax (in loss)".to_string(),
            };
            writeln!(
                f,
                "{:<18}{:<16}{:<20}{:>12}",
                format!("Linear-{}", i + 1),
                format!("[-1, {}]", layer.out_features()),
                act,
                layer.num_params()
            )?;
        }
        writeln!(f, "{rule}")?;
        writeln!(f, "Input features: {}", self.n_features())?;
        writeln!(f, "Total params: {}", self.num_params())?;
        write!(f, "Trainable params: {}", self.num_params())
    }
}
