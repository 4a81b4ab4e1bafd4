//! Matrix products `C ← A·B + β·C`, the inner loop of every layer.
//!
//! Products go to [faer](https://docs.rs/faer)'s `matmul`, which picks AVX-512 or AVX2/FMA
//! kernels at run time and has special kernels for small matrices. On an AMD EPYC with
//! AVX-512, alone in a loop, it was 1.2–2.8× faster than ndarray's [`general_mat_mul`] (the
//! `matrixmultiply` crate, AVX2 only) on every product of the benchmark workloads. Inside a
//! training step the tiniest products (under [`TINY`] multiply-adds) were faster with
//! `general_mat_mul`, so they stay there, as do operands faer can't take without copying
//! (rows and columns both strided) and β other than 0 and 1.
//!
//! When `C` has at most 4 columns, as a classifier's logits do (2 classes, or 3, or 4), one
//! dot product per entry is faster still:
//!
//! ```text
//! C[i, j] = β·C[i, j] + A[i, :] · B[:, j]      (B[:, j] is row j of the weight W when B = Wᵀ)
//! ```

use faer::linalg::matmul::matmul;
use faer::{Accum, MatMut, MatRef, Par};
use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2};

/// Multiply-adds below which matrixmultiply is faster than faer: the products of a 2-input
/// layer (32 × 2 × 50) or a 2-class output (2 × 32 × 25) in a minibatch step. On XOR
/// (2-50-25-2, batch 32) this threshold made training 12 % faster than faer for every product.
const TINY: usize = 8192;

/// Columns of `C` up to which dot products beat matrixmultiply.
const THIN: usize = 4;

/// `C ← A·B + β·C` for `A` `[m, k]`, `B` `[k, n]` and `C` `[m, n]` (shapes checked by the
/// caller). With `β = 0` the old contents of `C` are ignored, even NaN.
pub(crate) fn mat_mul(
    a: ArrayView2<f32>,
    b: ArrayView2<f32>,
    beta: f32,
    mut c: ArrayViewMut2<f32>,
) {
    if b.ncols() <= THIN && dot_products(a, b, beta, c.view_mut()) {
        return;
    }
    let accum = match beta {
        0.0 => Some(Accum::Replace),
        1.0 => Some(Accum::Add),
        _ => None,
    };
    let tiny = a.nrows() * a.ncols() * b.ncols() < TINY;
    match (accum, as_faer(a), as_faer(b), as_faer_mut(c.view_mut())) {
        (Some(accum), Some(a), Some(b), Some(c)) if !tiny => matmul(c, accum, a, b, 1.0, Par::Seq),
        _ => general_mat_mul(1.0, &a, &b, beta, &mut c),
    }
}

/// `a` as a faer matrix, if its elements are one contiguous block in row- or column-major
/// order (a layer's weights, its transpose, a batch, or a block of whole rows of one).
fn as_faer(a: ArrayView2<'_, f32>) -> Option<MatRef<'_, f32>> {
    let (rows, cols) = a.dim();
    if a.is_standard_layout() {
        Some(MatRef::from_row_major_slice(a.to_slice()?, rows, cols))
    } else if a.t().is_standard_layout() {
        Some(MatRef::from_column_major_slice(
            a.to_slice_memory_order()?,
            rows,
            cols,
        ))
    } else {
        None
    }
}

/// [`as_faer`] for the output.
fn as_faer_mut(c: ArrayViewMut2<'_, f32>) -> Option<MatMut<'_, f32>> {
    let (rows, cols) = c.dim();
    if c.is_standard_layout() {
        Some(MatMut::from_row_major_slice_mut(
            c.into_slice()?,
            rows,
            cols,
        ))
    } else if c.t().is_standard_layout() {
        Some(MatMut::from_column_major_slice_mut(
            c.into_slice_memory_order()?,
            rows,
            cols,
        ))
    } else {
        None
    }
}

/// `C[i, j] = β·C[i, j] + A[i, :] · B[:, j]`. Returns false (and does nothing) unless the rows
/// of `A`, the columns of `B` and `C` are contiguous in memory.
fn dot_products(
    a: ArrayView2<f32>,
    b: ArrayView2<f32>,
    beta: f32,
    mut c: ArrayViewMut2<f32>,
) -> bool {
    let (k, n) = b.dim();
    let (Some(a), Some(b_cols), Some(c)) =
        (a.to_slice(), b.reversed_axes().to_slice(), c.as_slice_mut())
    else {
        return false;
    };
    if k == 0 || n == 0 {
        return false;
    }
    for (c_row, a_row) in c.chunks_exact_mut(n).zip(a.chunks_exact(k)) {
        for (c_ij, b_col) in c_row.iter_mut().zip(b_cols.chunks_exact(k)) {
            let d = dot(a_row, b_col);
            *c_ij = if beta == 0.0 { d } else { beta * *c_ij + d };
        }
    }
    true
}

/// `Σ x[i]·y[i]` with eight partial sums: float addition is not associative, so a single
/// running sum would keep the compiler from using SIMD lanes.
fn dot(x: &[f32], y: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let (x8, y8) = (x.chunks_exact(8), y.chunks_exact(8));
    let tail: f32 = x8
        .remainder()
        .iter()
        .zip(y8.remainder())
        .map(|(a, b)| a * b)
        .sum();
    for (xs, ys) in x8.zip(y8) {
        for lane in 0..8 {
            acc[lane] += xs[lane] * ys[lane];
        }
    }
    acc.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, Axis, ShapeBuilder, Slice};

    /// Every path (dot products, matrixmultiply for tiny products, faer) against a plain
    /// triple loop, for row-major, column-major and transposed operands, with and without β.
    #[test]
    fn every_path_matches_the_definition() {
        let value = |i: usize, j: usize, s: usize| ((i * 7 + j * 3 + s) % 11) as f32 * 0.25 - 1.2;
        for &(m, k, n) in &[
            (5, 2, 7),
            (6, 9, 2),
            (6, 17, 4),
            (2, 33, 17),
            (9, 8, 1),
            (1, 1, 1),
            (40, 30, 20), // ≥ TINY multiply-adds: faer
            (70, 12, 13),
            (300, 2, 4),
        ] {
            for beta in [0.0, 1.0, 0.5] {
                let a = Array2::from_shape_fn((m, k), |(i, j)| value(i, j, 1));
                let a_f = Array2::from_shape_fn((m, k).f(), |(i, j)| value(i, j, 1));
                let w = Array2::from_shape_fn((n, k), |(i, j)| value(j, i, 2)); // B = Wᵀ
                let b = w.t().to_owned();
                let c0 = Array2::from_shape_fn((m, n), |(i, j)| value(i, j, 3));
                let mut expected = c0.clone() * beta;
                for i in 0..m {
                    for j in 0..n {
                        expected[[i, j]] += (0..k).map(|p| a[[i, p]] * b[[p, j]]).sum::<f32>();
                    }
                }
                for (a, b) in [(a.view(), b.view()), (a.view(), w.t()), (a_f.view(), w.t())] {
                    let mut c = c0.clone();
                    mat_mul(a, b, beta, c.view_mut());
                    for (got, want) in c.iter().zip(&expected) {
                        assert!((got - want).abs() < 1e-4, "{m}×{k}×{n}, β = {beta}");
                    }
                }
            }
        }
    }

    #[test]
    fn beta_zero_ignores_nan_in_the_output() {
        // dot products, matrixmultiply, faer
        for (m, n) in [(3, 2), (3, 9), (90, 20)] {
            let a = Array2::from_elem((m, 9), 1.0f32);
            let w = Array2::from_elem((n, 9), 2.0f32);
            let mut c = Array2::from_elem((m, n), f32::NAN);
            mat_mul(a.view(), w.t(), 0.0, c.view_mut());
            assert!(c.iter().all(|&v| v == 18.0), "{c}");
        }
    }

    /// A product of ≥ TINY multiply-adds whose output is a block of columns (strided rows
    /// *and* columns, which faer can't take) falls back to matrixmultiply, correctly.
    #[test]
    fn strided_output_falls_back() {
        let a = Array2::from_elem((64, 16), 1.0f32);
        let b = Array2::from_elem((16, 16), 0.5f32);
        let mut c = Array2::from_elem((64, 32), -1.0f32);
        let cols = |range: std::ops::Range<usize>| Slice::from(range);
        assert!(as_faer_mut(c.slice_axis_mut(Axis(1), cols(8..24))).is_none());
        mat_mul(
            a.view(),
            b.view(),
            1.0,
            c.slice_axis_mut(Axis(1), cols(8..24)),
        );
        assert!(c.slice_axis(Axis(1), cols(8..24)).iter().all(|&v| v == 7.0));
        assert!(c.slice_axis(Axis(1), cols(0..8)).iter().all(|&v| v == -1.0));
    }
}
