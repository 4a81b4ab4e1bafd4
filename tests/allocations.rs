//! A training step allocates no arrays of its own: z, f(z) and δ of every layer live in
//! buffers that the model sizes once per batch size and reuses. What remains is outside the
//! crate's control: ndarray's matrix product (matrixmultiply) allocates one packing buffer per
//! product. Counted with `allocation-counter`, whose global allocator is in this test only.

use allocation_counter::measure;
use mlp_companion::Trainable;
use mlp_companion::prelude::*;
use ndarray::s;

/// W1's network, 2-50-25-2 ReLU.
fn w1_net() -> Mlp {
    Mlp::builder(2)
        .hidden(50, Activation::Relu)
        .hidden(25, Activation::Relu)
        .output(2)
        .seed(1)
        .build()
        .unwrap()
}

/// Allocations of one product of `m × k` and `k × n` matrices.
fn product_allocations(m: usize, k: usize, n: usize) -> u64 {
    let (a, b) = (Array2::<f32>::ones((m, k)), Array2::<f32>::ones((k, n)));
    let mut c = Array2::<f32>::zeros((m, n));
    measure(|| ndarray::linalg::general_mat_mul(1.0, &a, &b, 0.0, &mut c)).count_total
}

#[test]
fn backward_allocates_only_the_matrix_products_packing_buffers() {
    let data = datasets::xor(400, 1).unwrap();
    let mut model = w1_net();
    // 7 products go to matrixmultiply: two forward (the 2 logits are dot products), and
    // ∂L/∂W of 3 layers and ∂L/∂a of 2
    let packing = 7 * product_allocations(32, 50, 25);
    for rows in [32, 200] {
        let (x, y) = (data.x.slice(s![..rows, ..]), data.y.slice(s![..rows]));
        let first = measure(|| {
            model.backward(x, y).unwrap();
        });
        let again = measure(|| {
            model.zero_grad();
            model.backward(x, y).unwrap();
        });
        assert_eq!(again.count_total, packing, "batch of {rows}");
        // the first step at a new batch size sizes the buffers: z, f(z), δ of 3 layers
        assert!(first.count_total >= packing + 8, "{first:?}");
        assert!(
            first.bytes_total >= again.bytes_total + (4 * rows * (50 + 25) * 3) as u64,
            "batch {rows}: first {} bytes, then {} bytes",
            first.bytes_total,
            again.bytes_total
        );
    }
}

#[test]
fn an_sgd_step_allocates_only_the_list_of_parameters() {
    let data = datasets::xor(64, 1).unwrap();
    let mut model = w1_net();
    let mut opt = Sgd::new(0.05);
    model.backward(&data.x, &data.y).unwrap();
    let step = measure(|| {
        assert!(opt.step(&mut model.parameters_mut()).unwrap());
    });
    assert_eq!(step.count_total, 1, "{step:?}");
}

#[test]
fn a_minibatch_allocates_its_two_arrays() {
    let data = datasets::xor(320, 1).unwrap();
    let mut rng = seeded_rng(1);
    let epoch = measure(|| {
        for batch in data.batches(32, &mut rng).unwrap() {
            std::hint::black_box(batch);
        }
    });
    // the shuffled order once per epoch, then x and y of each of the 10 batches
    assert_eq!(epoch.count_total, 1 + 2 * 10, "{epoch:?}");
}
