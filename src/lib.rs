//! # mlp_companion
//!
//! A small, readable multilayer perceptron library for the lecture "Multilayer Neural
//! Networks" (Deep Learning Fundamentals, Unit 4.2), made to be used from Jupyter notebooks
//! with the Rust kernel (evcxr).
//!
//! The data flows one way: [`datasets`] → model ([`Mlp`], [`Perceptron`],
//! [`LogisticRegression`]) → [`Trainer`] → metrics.
//!
//! ```
//! use mlp_companion::prelude::*;
//!
//! let data = datasets::xor(750, 123)?;
//! let (train, val, test) = data.split3(0.765, 0.085, 1)?; // 573 / 64 / 113 like the course
//! let mut model = Mlp::builder(2)
//!     .hidden(25, Activation::Relu)
//!     .hidden(15, Activation::Relu)
//!     .output(2)
//!     .seed(1)
//!     .build()?;
//! let history = Trainer::new(Sgd::new(0.05)).batch_size(32).epochs(10).seed(1)
//!     .validation(&val)
//!     .fit(&mut model, &train)?;
//! assert!(model.accuracy(&test)? > 0.9);
//! # Ok::<(), mlp_companion::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod activation;
pub mod data;
pub mod datasets;
pub mod error;
pub mod init;
pub mod layer;
pub mod logistic;
pub mod loss;
mod matmul;
pub mod mlp;
pub mod model;
pub mod optim;
pub mod perceptron;
pub mod plot;
pub mod quiz;
pub mod train;

pub use activation::Activation;
pub use data::{Dataset, Standardizer};
pub use error::{Error, Result};
pub use init::{FanMode, Init, Nonlinearity};
pub use layer::Linear;
pub use logistic::LogisticRegression;
pub use mlp::{Mlp, MlpBuilder};
pub use model::{Classifier, Param, Trainable};
pub use optim::{Adam, Optimizer, Sgd};
pub use perceptron::{Perceptron, PerceptronHistory};
pub use plot::Figure;
pub use train::{EpochReport, History, Trainer};

/// The `ndarray` version this crate uses, so notebooks need no second `:dep`.
pub use ndarray;
/// The `rand` version this crate uses (re-exported by `ndarray-rand`).
pub use ndarray_rand::rand;

/// The random number generator used everywhere in this crate.
pub type Rng = ndarray_rand::rand::rngs::StdRng;

/// A random number generator from a seed: the same seed gives the same numbers.
pub fn seeded_rng(seed: u64) -> Rng {
    use ndarray_rand::rand::SeedableRng;
    Rng::seed_from_u64(seed)
}

/// Everything a notebook needs: `use mlp_companion::prelude::*;`.
pub mod prelude {
    pub use crate::activation::Activation;
    pub use crate::data::{Dataset, Standardizer};
    pub use crate::datasets;
    pub use crate::error::{Error, Result};
    pub use crate::init::{self, FanMode, Init, Nonlinearity};
    pub use crate::layer::Linear;
    pub use crate::logistic::LogisticRegression;
    pub use crate::loss;
    pub use crate::mlp::{Mlp, MlpBuilder};
    pub use crate::model::{Classifier, Trainable};
    pub use crate::optim::{Adam, Optimizer, Sgd};
    pub use crate::perceptron::{Perceptron, PerceptronHistory};
    pub use crate::plot::{self, Figure};
    pub use crate::quiz::{self, Answer};
    pub use crate::seeded_rng;
    pub use crate::train::{EpochReport, History, Trainer};
    pub use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, array};
}
