//! Labelled data sets: loading from CSV, stratified splits, standardisation and shuffled
//! minibatches.
//!
//! ```
//! use mlp_companion::prelude::*;
//! let data = Dataset::from_csv_str("x1,x2,class label\n0.5,1.0,0\n-1.0,2.0,1\n")?;
//! assert_eq!((data.len(), data.n_features(), data.n_classes), (2, 2, 2));
//! # Ok::<(), mlp_companion::Error>(())
//! ```

use crate::error::{Error, Result, invalid};
use ndarray::{Array1, Array2, Axis};
use ndarray_rand::rand::Rng;
use ndarray_rand::rand::seq::SliceRandom;
use std::path::Path;

/// Samples `x` (one row per sample) with integer class labels `y` in `0..n_classes`.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// Features, shaped `[n_samples, n_features]`.
    pub x: Array2<f32>,
    /// Class labels, shaped `[n_samples]`.
    pub y: Array1<usize>,
    /// Number of classes; every label is below it.
    pub n_classes: usize,
}

impl Dataset {
    /// A data set whose number of classes is the largest label + 1.
    ///
    /// Fails for an empty data set, a row/label count mismatch or non-finite features.
    pub fn new(x: Array2<f32>, y: Array1<usize>) -> Result<Self> {
        let n_classes = y.iter().max().map_or(0, |&m| m + 1);
        Self::with_classes(x, y, n_classes)
    }

    /// A data set with an explicit number of classes (some may have no samples).
    pub fn with_classes(x: Array2<f32>, y: Array1<usize>, n_classes: usize) -> Result<Self> {
        let data = Dataset { x, y, n_classes };
        data.validate()?;
        Ok(data)
    }

    /// Checks the invariants: rows match labels, at least one sample and one feature,
    /// finite features, labels below `n_classes`. (The fields are public, so they can change.)
    pub fn validate(&self) -> Result<()> {
        let (rows, cols) = self.x.dim();
        if rows != self.y.len() {
            return Err(Error::Shape(format!(
                "x has {rows} rows but y has {} labels; they must match",
                self.y.len()
            )));
        }
        if rows == 0 {
            return Err(Error::Data("the data set is empty (0 samples)".into()));
        }
        if cols == 0 {
            return Err(Error::Data(format!(
                "the data set has {rows} samples but 0 features"
            )));
        }
        if let Some(((r, c), v)) = self.x.indexed_iter().find(|(_, v)| !v.is_finite()) {
            return Err(Error::Data(format!(
                "x[{r}, {c}] is {v}; features must be finite numbers (remove or impute it)"
            )));
        }
        if let Some((i, &label)) = self
            .y
            .iter()
            .enumerate()
            .find(|&(_, &l)| l >= self.n_classes)
        {
            return Err(Error::Data(format!(
                "label {label} of sample {i} is not below n_classes = {}",
                self.n_classes
            )));
        }
        Ok(())
    }

    /// Loads a CSV file with a header row, feature columns and the integer class label in the
    /// last column (like the course's `xor.csv`).
    pub fn from_csv(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)
            .map_err(|e| Error::Io(format!("cannot read {}: {e}", path.display())))?;
        Self::from_csv_bytes(&bytes)
    }

    /// Parses CSV text; see [`Dataset::from_csv`].
    pub fn from_csv_str(text: &str) -> Result<Self> {
        Self::from_csv_bytes(text.as_bytes())
    }

    fn from_csv_bytes(bytes: &[u8]) -> Result<Self> {
        let mut lines = bytes.split(|&b| b == b'\n').enumerate();
        let header = match lines.next() {
            Some((_, h)) if !trim_line(h).is_empty() => csv_line(h, 1)?,
            _ => return Err(csv_err(1, None, "the file is empty; expected a header row")),
        };
        let n_cols = header.split(',').count();
        if n_cols < 2 {
            return Err(csv_err(
                1,
                None,
                format!("the header has {n_cols} column; need at least one feature and the label"),
            ));
        }
        let mut values = Vec::new();
        let mut labels = Vec::new();
        for (i, raw) in lines {
            let line_no = i + 1;
            let line = csv_line(raw, line_no)?;
            if line.is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            if fields.len() != n_cols {
                return Err(csv_err(
                    line_no,
                    None,
                    format!("{} fields, but the header has {n_cols}", fields.len()),
                ));
            }
            for (c, field) in fields[..n_cols - 1].iter().enumerate() {
                values.push(parse_feature(field, line_no, c + 1)?);
            }
            labels.push(parse_label(fields[n_cols - 1], line_no, n_cols)?);
        }
        if labels.is_empty() {
            return Err(csv_err(2, None, "the file has a header but no data rows"));
        }
        let x = Array2::from_shape_vec((labels.len(), n_cols - 1), values)
            .map_err(|e| Error::Shape(e.to_string()))?;
        Dataset::new(x, Array1::from(labels))
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// True when there are no samples (a valid data set always has some).
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// Number of features per sample.
    pub fn n_features(&self) -> usize {
        self.x.ncols()
    }

    /// How many samples each class has.
    pub fn class_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.n_classes];
        for &label in &self.y {
            if let Some(c) = counts.get_mut(label) {
                *c += 1;
            }
        }
        counts
    }

    /// The samples at `indices`, in that order (each index must be below `len()`).
    pub fn select(&self, indices: &[usize]) -> Result<Dataset> {
        if let Some(&bad) = indices.iter().find(|&&i| i >= self.len()) {
            return invalid(format!(
                "index {bad} is out of range for a data set of {} samples",
                self.len()
            ));
        }
        Dataset::with_classes(
            self.x.select(Axis(0), indices),
            self.y.select(Axis(0), indices),
            self.n_classes,
        )
    }

    /// A stratified, shuffled two-way split: `train_fraction` of the samples and the rest,
    /// each with the class proportions of the whole. The first part gets
    /// `⌊train_fraction · n⌋` samples, like scikit-learn's `train_size`.
    ///
    /// The course's split of 750 samples (test 15 %, then validation 10 % of the rest) is
    /// `let (rest, test) = data.split(0.85, seed)?; let (train, val) = rest.split(0.9, seed)?;`
    pub fn split(&self, train_fraction: f32, seed: u64) -> Result<(Dataset, Dataset)> {
        check_fraction("train_fraction", train_fraction)?;
        let n = self.len();
        let n_train = ((decimal(train_fraction) * n as f64) + 1e-9).floor() as usize;
        let sizes = [n_train.min(n), n - n_train.min(n)];
        let mut parts = self.stratified_parts(&sizes, seed)?.into_iter();
        match (parts.next(), parts.next()) {
            (Some(a), Some(b)) => Ok((a, b)),
            _ => invalid("internal: split made fewer than 2 parts"),
        }
    }

    /// A stratified, shuffled three-way split into train, validation and test sets. The
    /// validation set gets `round(val_fraction · n)` samples, the test set
    /// `round((1 − train_fraction − val_fraction) · n)`, the training set the rest.
    ///
    /// The course's split of 750 samples into 573 / 64 / 113 is `split3(0.765, 0.085, seed)`.
    pub fn split3(
        &self,
        train_fraction: f32,
        val_fraction: f32,
        seed: u64,
    ) -> Result<(Dataset, Dataset, Dataset)> {
        check_fraction("train_fraction", train_fraction)?;
        check_fraction("val_fraction", val_fraction)?;
        let test_fraction = 1.0 - decimal(train_fraction) - decimal(val_fraction);
        if test_fraction <= 1e-6 {
            return invalid(format!(
                "train_fraction + val_fraction = {} leaves nothing for the test set; \
                 their sum must be below 1",
                train_fraction + val_fraction
            ));
        }
        let n = self.len();
        let n_val = round_size(decimal(val_fraction) * n as f64);
        let n_test = round_size(test_fraction * n as f64);
        if n_val + n_test >= n {
            return invalid(format!(
                "{n} samples are too few for {n_val} validation and {n_test} test samples \
                 with at least one left for training"
            ));
        }
        let sizes = [n - n_val - n_test, n_val, n_test];
        let mut parts = self.stratified_parts(&sizes, seed)?.into_iter();
        match (parts.next(), parts.next(), parts.next()) {
            (Some(a), Some(b), Some(c)) => Ok((a, b, c)),
            _ => invalid("internal: split3 made fewer than 3 parts"),
        }
    }

    /// Splits into parts of the given sizes (summing to `len()`), keeping each class's share
    /// in every part as close as whole samples allow, and shuffling within each part.
    fn stratified_parts(&self, sizes: &[usize], seed: u64) -> Result<Vec<Dataset>> {
        // the fields are public: check the labels before using them as indices
        self.validate()?;
        if let Some(p) = sizes.iter().position(|&s| s == 0) {
            return invalid(format!(
                "with {} samples, part {} of the split {sizes:?} would be empty; \
                 use more data or a larger fraction",
                self.len(),
                p + 1
            ));
        }
        let mut rng = crate::seeded_rng(seed);
        let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); self.n_classes];
        for (i, &label) in self.y.iter().enumerate() {
            by_class[label].push(i);
        }
        by_class.iter_mut().for_each(|c| c.shuffle(&mut rng));
        let quotas = stratified_quotas(&by_class.iter().map(Vec::len).collect::<Vec<_>>(), sizes);
        let mut parts: Vec<Vec<usize>> = vec![Vec::new(); sizes.len()];
        for (members, class_quota) in by_class.iter().zip(&quotas) {
            let mut start = 0;
            for (part, &q) in parts.iter_mut().zip(class_quota) {
                part.extend_from_slice(&members[start..start + q]);
                start += q;
            }
        }
        parts
            .into_iter()
            .map(|mut idx| {
                idx.shuffle(&mut rng);
                self.select(&idx)
            })
            .collect()
    }

    /// Shuffled minibatches of at most `batch_size` samples covering the data once (the last
    /// one may be smaller), like a PyTorch `DataLoader(shuffle=True)`.
    pub fn batches<'a, R: Rng + ?Sized>(
        &'a self,
        batch_size: usize,
        rng: &mut R,
    ) -> Result<impl Iterator<Item = (Array2<f32>, Array1<usize>)> + 'a> {
        if batch_size == 0 {
            return invalid("batch_size must be at least 1, got 0");
        }
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.shuffle(rng);
        Ok((0..self.len()).step_by(batch_size).map(move |start| {
            let idx = &order[start..(start + batch_size).min(order.len())];
            // gather the rows with one copy each (`select` grows the array row by row), as
            // plain slices when contiguous: a third less time on 784-pixel rows (W4)
            let mut x = Array2::zeros((idx.len(), self.x.ncols()));
            for (mut row, &i) in x.rows_mut().into_iter().zip(idx) {
                let source = self.x.row(i);
                match (row.as_slice_mut(), source.as_slice()) {
                    (Some(row), Some(source)) => row.copy_from_slice(source),
                    _ => row.assign(&source),
                }
            }
            (x, idx.iter().map(|&i| self.y[i]).collect())
        }))
    }

    /// Number of minibatches of `batch_size` in one pass: ⌈len / batch_size⌉.
    pub fn n_batches(&self, batch_size: usize) -> usize {
        self.len().div_ceil(batch_size.max(1))
    }

    /// Standardises the features in place to mean 0 and standard deviation 1, and returns the
    /// fitted [`Standardizer`] to apply the same shift and scale to validation and test data.
    pub fn standardize(&mut self) -> Result<Standardizer> {
        let scaler = Standardizer::fit(self)?;
        *self = scaler.transform(self)?;
        Ok(scaler)
    }
}

/// Per-feature shift and scale `(x − mean) / std`, fitted on training data only.
#[derive(Clone, Debug, PartialEq)]
pub struct Standardizer {
    /// Mean of each feature on the data it was fitted on.
    pub mean: Array1<f32>,
    /// Standard deviation of each feature (constant features get 1, so they stay finite).
    pub std: Array1<f32>,
}

impl Standardizer {
    /// Fits mean and (population) standard deviation of each feature.
    pub fn fit(data: &Dataset) -> Result<Self> {
        data.validate()?;
        let mean = data
            .x
            .mean_axis(Axis(0))
            .unwrap_or_else(|| Array1::zeros(data.n_features()));
        let std = data
            .x
            .std_axis(Axis(0), 0.0)
            .mapv(|s| if s > 0.0 && s.is_finite() { s } else { 1.0 });
        Ok(Standardizer { mean, std })
    }

    /// `(x − mean) / std` for every sample of `data`.
    pub fn transform(&self, data: &Dataset) -> Result<Dataset> {
        if data.n_features() != self.mean.len() {
            return Err(Error::Shape(format!(
                "the standardizer was fitted on {} features but the data has {}",
                self.mean.len(),
                data.n_features()
            )));
        }
        let x = (&data.x - &self.mean) / &self.std;
        Dataset::with_classes(x, data.y.clone(), data.n_classes)
    }
}

/// How many samples of each class go to each part: for every part, each class gets its
/// proportional share rounded down, and the samples still missing go to the classes with
/// the largest remainders (that still have samples left). The last part takes the rest.
fn stratified_quotas(class_sizes: &[usize], sizes: &[usize]) -> Vec<Vec<usize>> {
    let n: usize = class_sizes.iter().sum();
    let mut left = class_sizes.to_vec();
    let mut quotas = vec![vec![0; sizes.len()]; class_sizes.len()];
    for (p, &size) in sizes.iter().enumerate() {
        if p + 1 == sizes.len() {
            for (c, l) in left.iter_mut().enumerate() {
                quotas[c][p] = *l;
                *l = 0;
            }
            break;
        }
        let exact: Vec<f64> = class_sizes
            .iter()
            .map(|&c| size as f64 * c as f64 / n as f64)
            .collect();
        let mut taken = 0;
        for c in 0..class_sizes.len() {
            let q = (exact[c].floor() as usize).min(left[c]);
            quotas[c][p] = q;
            left[c] -= q;
            taken += q;
        }
        let mut order: Vec<usize> = (0..class_sizes.len()).collect();
        order.sort_by(|&a, &b| {
            let ra = exact[a] - exact[a].floor();
            let rb = exact[b] - exact[b].floor();
            rb.total_cmp(&ra).then(a.cmp(&b))
        });
        while taken < size {
            let Some(&c) = order.iter().find(|&&c| left[c] > 0) else {
                break;
            };
            quotas[c][p] += 1;
            left[c] -= 1;
            taken += 1;
            order.retain(|&o| o != c);
            if order.is_empty() {
                order = (0..class_sizes.len()).collect();
            }
        }
    }
    quotas
}

/// Rounds half up, tolerating floating-point error (0.15 · 750 = 112.49999… → 113).
fn round_size(x: f64) -> usize {
    (x + 1e-9).round().max(0.0) as usize
}

/// The decimal number a learner typed: `0.7f32` is 0.699999988…, but prints as "0.7", and
/// 0.7 · 10 should be 7 samples, not 6.
fn decimal(f: f32) -> f64 {
    f.to_string().parse().unwrap_or(f as f64)
}

fn check_fraction(name: &str, f: f32) -> Result<()> {
    if f > 0.0 && f < 1.0 {
        Ok(())
    } else {
        invalid(format!(
            "{name} must be between 0 and 1 (exclusive), got {f}"
        ))
    }
}

fn trim_line(raw: &[u8]) -> &[u8] {
    raw.strip_suffix(b"\r").unwrap_or(raw).trim_ascii()
}

fn csv_line(raw: &[u8], line: usize) -> Result<&str> {
    std::str::from_utf8(trim_line(raw)).map_err(|e| {
        csv_err(
            line,
            None,
            format!(
                "not valid UTF-8 text (byte {}); save the file as UTF-8",
                e.valid_up_to()
            ),
        )
    })
}

fn csv_err(line: usize, column: Option<usize>, message: impl Into<String>) -> Error {
    Error::Csv {
        line,
        column,
        message: message.into(),
    }
}

fn parse_feature(field: &str, line: usize, column: usize) -> Result<f32> {
    match field.parse::<f32>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(v) => Err(csv_err(
            line,
            Some(column),
            format!("the value {v} is not finite"),
        )),
        Err(_) => Err(csv_err(
            line,
            Some(column),
            format!("'{field}' is not a number"),
        )),
    }
}

fn parse_label(field: &str, line: usize, column: usize) -> Result<usize> {
    if let Ok(label) = field.parse::<usize>() {
        return Ok(label);
    }
    match field.parse::<f64>() {
        Ok(v) if v >= 0.0 && v.fract() == 0.0 && v < 1e9 => Ok(v as usize),
        _ => Err(csv_err(
            line,
            Some(column),
            format!(
                "the class label '{field}' is not a whole number >= 0 (the last column holds the label)"
            ),
        )),
    }
}
