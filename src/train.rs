//! The training loop: shuffled minibatches, forward, backward, optimiser step, and a
//! [`History`] of losses and accuracies.
//!
//! ```
//! use mlp_companion::prelude::*;
//! let (train, val) = datasets::xor(400, 1)?.split(0.8, 1)?;
//! let mut model = Mlp::builder(2).hidden(16, Activation::Relu).output(2).seed(1).build()?;
//! let history = Trainer::new(Sgd::new(0.1))
//!     .batch_size(32)
//!     .epochs(20)
//!     .seed(1)
//!     .validation(&val)
//!     .fit(&mut model, &train)?;
//! assert_eq!(history.train_acc.len(), 20);
//! assert!(history.val_acc[19] > 0.9);
//! # Ok::<(), mlp_companion::Error>(())
//! ```

use crate::data::Dataset;
use crate::error::{Error, Result, invalid};
use crate::model::Trainable;
use crate::optim::Optimizer;
use crate::seeded_rng;
use std::fmt;

/// What was measured during [`Trainer::fit`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// Loss of every minibatch, in order (before that batch's update).
    pub minibatch_loss: Vec<f32>,
    /// Number of minibatches in one epoch.
    pub batches_per_epoch: usize,
    /// Loss on the whole training set after each epoch.
    pub train_loss: Vec<f32>,
    /// Accuracy on the whole training set after each epoch, in `[0, 1]`.
    pub train_acc: Vec<f32>,
    /// Loss on the validation set after each epoch (empty without a validation set).
    pub val_loss: Vec<f32>,
    /// Accuracy on the validation set after each epoch (empty without a validation set).
    pub val_acc: Vec<f32>,
}

impl History {
    /// Number of completed epochs.
    pub fn epochs(&self) -> usize {
        self.train_loss.len()
    }
}

impl fmt::Display for History {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "epoch  train loss  train acc  val loss  val acc")?;
        for (e, loss) in self.train_loss.iter().enumerate() {
            let acc = self.train_acc.get(e).copied().unwrap_or(f32::NAN);
            write!(f, "{:>5}  {loss:>10.4}  {:>8.2}%", e + 1, 100.0 * acc)?;
            match (self.val_loss.get(e), self.val_acc.get(e)) {
                (Some(l), Some(a)) => writeln!(f, "  {l:>8.4}  {:>6.2}%", 100.0 * a)?,
                _ => writeln!(f, "  {:>8}  {:>7}", "-", "-")?,
            }
        }
        Ok(())
    }
}

/// The state of training handed to the hook of [`Trainer::on_epoch`].
#[derive(Clone, Debug, PartialEq)]
pub struct EpochReport {
    /// Epochs completed so far (0 = before training).
    pub epoch: usize,
    /// Total epochs of this run.
    pub epochs: usize,
    /// Training loss after this epoch (before training: of the initial model).
    pub train_loss: f32,
    /// Training accuracy after this epoch.
    pub train_acc: f32,
}

type Hook<'a, M> = Box<dyn FnMut(&EpochReport, &M) + 'a>;

/// Trains a model with an optimiser; configure it with the builder methods, then call
/// [`Trainer::fit`].
pub struct Trainer<'a, M> {
    optimizer: Box<dyn Optimizer + 'a>,
    batch_size: usize,
    epochs: usize,
    seed: u64,
    validation: Option<&'a Dataset>,
    log_every: Option<usize>,
    hook: Option<(usize, Hook<'a, M>)>,
}

impl<'a, M: Trainable> Trainer<'a, M> {
    /// A trainer using `optimizer`, with batch size 32, 10 epochs and seed 0.
    pub fn new(optimizer: impl Optimizer + 'a) -> Self {
        Trainer {
            optimizer: Box::new(optimizer),
            batch_size: 32,
            epochs: 10,
            seed: 0,
            validation: None,
            log_every: None,
            hook: None,
        }
    }

    /// Samples per minibatch (default 32).
    pub fn batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size;
        self
    }

    /// Passes over the training data (default 10).
    pub fn epochs(mut self, epochs: usize) -> Self {
        self.epochs = epochs;
        self
    }

    /// Seed of the minibatch shuffling (default 0).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// A validation set, evaluated after every epoch.
    pub fn validation(mut self, data: &'a Dataset) -> Self {
        self.validation = Some(data);
        self
    }

    /// Prints the course's progress lines: the minibatch loss every `every` batches
    /// (`Epoch: 001/010 | Batch 000/018 | Train Loss: 0.7137`) and the accuracies after
    /// each epoch (`Train Acc 98.25% | Val Acc 100.00%`).
    pub fn log_every(mut self, every: usize) -> Self {
        self.log_every = Some(every);
        self
    }

    /// Calls `hook` with the model before training and after every `every` epochs (and
    /// after the last one), e.g. to draw the frames of a training animation.
    pub fn on_epoch(mut self, every: usize, hook: impl FnMut(&EpochReport, &M) + 'a) -> Self {
        self.hook = Some((every, Box::new(hook)));
        self
    }

    /// Trains `model` on `train` and returns what was measured.
    ///
    /// Stops with [`Error::Diverged`] if a minibatch loss or an update is not finite; the
    /// model then keeps its weights from before that step.
    pub fn fit(&mut self, model: &mut M, train: &Dataset) -> Result<History> {
        self.check(model, train)?;
        let mut rng = seeded_rng(self.seed);
        let mut history = History {
            batches_per_epoch: train.n_batches(self.batch_size),
            ..History::default()
        };
        self.call_hook(0, model, train, None)?;
        for epoch in 1..=self.epochs {
            for (batch, (x, y)) in train.batches(self.batch_size, &mut rng)?.enumerate() {
                model.zero_grad();
                let loss = model.backward(x.view(), y.view())?;
                let applied = loss.is_finite() && {
                    let mut params = model.parameters_mut();
                    self.optimizer.step(&mut params)?
                };
                if !applied {
                    return Err(Error::Diverged {
                        epoch,
                        batch,
                        learning_rate: self.optimizer.learning_rate(),
                        loss,
                    });
                }
                if self.log_every.is_some_and(|n| n > 0 && batch % n == 0) {
                    println!(
                        "Epoch: {epoch:03}/{:03} | Batch {batch:03}/{:03} | Train Loss: {loss:.4}",
                        self.epochs, history.batches_per_epoch
                    );
                }
                history.minibatch_loss.push(loss);
            }
            self.record_epoch(&mut history, model, train)?;
            let every = self.hook.as_ref().map_or(0, |(n, _)| *n);
            if every > 0 && (epoch % every == 0 || epoch == self.epochs) {
                let last = history.train_loss.last().zip(history.train_acc.last());
                self.call_hook(epoch, model, train, last.map(|(l, a)| (*l, *a)))?;
            }
        }
        Ok(history)
    }

    fn record_epoch(&self, history: &mut History, model: &M, train: &Dataset) -> Result<()> {
        let (loss, acc) = model.evaluate(train)?;
        history.train_loss.push(loss);
        history.train_acc.push(acc);
        if let Some(val) = self.validation {
            let (loss, acc) = model.evaluate(val)?;
            history.val_loss.push(loss);
            history.val_acc.push(acc);
        }
        if self.log_every.is_some() {
            let train_acc = 100.0 * history.train_acc.last().copied().unwrap_or(f32::NAN);
            match history.val_acc.last() {
                Some(v) => println!("Train Acc {train_acc:.2}% | Val Acc {:.2}%", 100.0 * v),
                None => println!("Train Acc {train_acc:.2}%"),
            }
        }
        Ok(())
    }

    /// Calls the hook with the training loss and accuracy just measured (`evaluated`), or
    /// measures them first (before training).
    fn call_hook(
        &mut self,
        epoch: usize,
        model: &M,
        train: &Dataset,
        evaluated: Option<(f32, f32)>,
    ) -> Result<()> {
        if let Some((_, hook)) = self.hook.as_mut() {
            let (train_loss, train_acc) = match evaluated {
                Some(e) => e,
                None => model.evaluate(train)?,
            };
            let report = EpochReport {
                epoch,
                epochs: self.epochs,
                train_loss,
                train_acc,
            };
            hook(&report, model);
        }
        Ok(())
    }

    fn check(&self, model: &M, train: &Dataset) -> Result<()> {
        self.optimizer.validate()?;
        if self.batch_size == 0 {
            return invalid("batch_size must be at least 1, got 0");
        }
        if self.epochs == 0 {
            return invalid("epochs must be at least 1, got 0");
        }
        if self.hook.as_ref().is_some_and(|(n, _)| *n == 0) {
            return invalid("on_epoch's `every` must be at least 1, got 0");
        }
        for (name, data) in
            std::iter::once(("training", train)).chain(self.validation.map(|v| ("validation", v)))
        {
            data.validate()?;
            crate::model::check_features(model.n_features(), data.n_features())?;
            model.check_classes(data.n_classes, name)?;
        }
        Ok(())
    }
}
