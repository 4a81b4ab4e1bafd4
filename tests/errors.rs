//! Bad input gives an `Err` that names the numbers involved, never a panic.

use mlp_companion::prelude::*;

fn model() -> Mlp {
    Mlp::builder(2)
        .hidden(4, Activation::Relu)
        .output(2)
        .build()
        .unwrap()
}

fn assert_err_contains<T: std::fmt::Debug>(result: Result<T>, parts: &[&str]) {
    let msg = result.expect_err("expected an error").to_string();
    for part in parts {
        assert!(msg.contains(part), "message {msg:?} lacks {part:?}");
    }
}

#[test]
fn feature_count_mismatch() {
    let m = model();
    assert_err_contains(
        m.forward(&array![[1.0f32, 2.0, 3.0]]),
        &["3 features", "expects 2"],
    );
    let three = Dataset::new(array![[1.0, 2.0, 3.0], [0.0, 1.0, 0.0]], array![0, 1]).unwrap();
    assert_err_contains(m.accuracy(&three), &["3 features", "expects 2"]);
    let mut m = model();
    assert_err_contains(
        Trainer::new(Sgd::new(0.1)).fit(&mut m, &three),
        &["3 features", "expects 2"],
    );
    assert_err_contains(Perceptron::new(2).unwrap().fit(&three, 3), &["3 features"]);
}

#[test]
fn empty_dataset() {
    let x = ndarray::Array2::<f32>::zeros((0, 2));
    assert_err_contains(
        Dataset::new(x, ndarray::Array1::zeros(0)),
        &["empty", "0 samples"],
    );
    let mut m = model();
    assert_err_contains(
        m.backward(
            &ndarray::Array2::<f32>::zeros((0, 2)),
            &ndarray::Array1::<usize>::zeros(0),
        ),
        &["empty"],
    );
}

#[test]
fn label_out_of_range() {
    let data = Dataset::new(array![[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], array![0, 1, 2]).unwrap();
    let mut m = model();
    assert_err_contains(
        Trainer::new(Sgd::new(0.1)).fit(&mut m, &data),
        &["3 classes", "predicts 2"],
    );
    assert_err_contains(m.backward(&data.x, &data.y), &["label 2", "2 classes"]);
    assert_err_contains(
        Dataset::with_classes(data.x.clone(), data.y.clone(), 2),
        &["label 2", "n_classes = 2"],
    );
    let mut logistic = LogisticRegression::new(2, 0).unwrap();
    assert_err_contains(
        Trainer::new(Sgd::new(0.1)).fit(&mut logistic, &data),
        &["has 3", "softmax regression"],
    );
    assert_err_contains(
        Perceptron::new(2).unwrap().fit(&data, 3),
        &["2 classes", "has 3"],
    );
}

#[test]
fn nan_in_data() {
    assert_err_contains(
        Dataset::new(array![[0.0, f32::NAN]], array![0]),
        &["x[0, 1] is NaN"],
    );
    let mut data = datasets::xor(20, 1).unwrap();
    data.x[[3, 0]] = f32::INFINITY;
    let mut m = model();
    assert_err_contains(
        Trainer::new(Sgd::new(0.1)).fit(&mut m, &data),
        &["x[3, 0] is inf"],
    );
    assert_err_contains(m.backward(&data.x, &data.y), &["x[3, 0] is inf"]);
}

#[test]
fn bad_learning_rate() {
    let data = datasets::xor(20, 1).unwrap();
    for lr in [0.0, -0.1, f32::NAN, f32::INFINITY] {
        let mut m = model();
        let before = m.clone();
        assert_err_contains(
            Trainer::new(Sgd::new(lr)).fit(&mut m, &data),
            &["learning rate", &lr.to_string()],
        );
        assert_err_contains(
            Trainer::new(Adam::new(lr)).fit(&mut m, &data),
            &["learning rate"],
        );
        assert_eq!(m, before, "a rejected run must not touch the model");
    }
    assert_err_contains(
        Trainer::new(Sgd::new(0.1).momentum(1.5)).fit(&mut model(), &data),
        &["momentum", "1.5"],
    );
}

#[test]
fn zero_unit_layers_and_missing_output() {
    assert_err_contains(
        Mlp::builder(2)
            .hidden(0, Activation::Relu)
            .output(2)
            .build(),
        &["hidden layer 1 has 0 units"],
    );
    assert_err_contains(
        Mlp::builder(2)
            .hidden(3, Activation::Relu)
            .hidden(0, Activation::Relu)
            .output(2)
            .build(),
        &["hidden layer 2 has 0 units"],
    );
    assert_err_contains(Mlp::builder(0).output(2).build(), &["got 0"]);
    assert_err_contains(Mlp::builder(2).output(1).build(), &[".output(1)"]);
    assert_err_contains(
        Mlp::builder(2).hidden(3, Activation::Relu).build(),
        &[".output(n_classes)"],
    );
    assert_err_contains(
        Mlp::builder(2)
            .hidden(3, Activation::LeakyRelu(f32::NAN))
            .output(2)
            .build(),
        &["slope", "NaN"],
    );
    assert_err_contains(Linear::new(0, 3, &mut seeded_rng(0)), &["in_features = 0"]);
}

#[test]
fn batch_size_and_epochs_zero() {
    let data = datasets::xor(20, 1).unwrap();
    let mut m = model();
    assert_err_contains(
        Trainer::new(Sgd::new(0.1)).batch_size(0).fit(&mut m, &data),
        &["batch_size", "got 0"],
    );
    assert_err_contains(
        Trainer::new(Sgd::new(0.1)).epochs(0).fit(&mut m, &data),
        &["epochs", "got 0"],
    );
    // a batch larger than the data set is simply one batch
    let h = Trainer::new(Sgd::new(0.1))
        .batch_size(1000)
        .epochs(2)
        .fit(&mut m, &data)
        .unwrap();
    assert_eq!(h.batches_per_epoch, 1);
}

#[test]
fn broken_layers_after_manual_edits() {
    let mut m = model();
    m.layers_mut()[0].bias = ndarray::Array1::zeros(7);
    assert_err_contains(m.forward(&array![[1.0f32, 2.0]]), &["bias [7]", "need [4]"]);
    let mut m = model();
    m.layers_mut()[1].weight = ndarray::Array2::zeros((2, 5));
    m.layers_mut()[1].weight_grad = ndarray::Array2::zeros((2, 5));
    assert_err_contains(
        m.forward(&array![[1.0f32, 2.0]]),
        &["layer 1 has 4 outputs", "layer 2 expects 5"],
    );
}

#[test]
fn optimiser_reused_on_another_model() {
    let data = datasets::xor(20, 1).unwrap();
    let mut trainer = Trainer::new(Adam::new(0.01)).epochs(1);
    trainer.fit(&mut model(), &data).unwrap();
    let mut bigger = Mlp::builder(2)
        .hidden(4, Activation::Relu)
        .hidden(3, Activation::Relu)
        .output(2)
        .build()
        .unwrap();
    assert_err_contains(
        trainer.fit(&mut bigger, &data),
        &["4 parameter arrays", "now gets 6"],
    );
}

#[test]
fn edited_public_fields_are_checked_before_use() {
    let mut data = datasets::xor(40, 1).unwrap();
    data.y[3] = 7; // a label beyond n_classes = 2, set by hand
    assert_err_contains(data.split(0.5, 1), &["label 7", "sample 3"]);
    let mut m = model();
    assert_err_contains(Trainer::new(Sgd::new(0.1)).fit(&mut m, &data), &["label 7"]);
}

#[test]
fn helpers_accept_degenerate_shapes() {
    use mlp_companion::model::argmax_rows;
    assert_eq!(
        argmax_rows(ndarray::Array2::<f32>::zeros((3, 0)).view()),
        array![0, 0, 0]
    );
    assert_eq!(argmax_rows(array![[f32::NAN, 1.0, 1.0]].view()), array![1]);
    let uneven = History {
        train_loss: vec![0.5, 0.4],
        train_acc: vec![0.9],
        ..History::default()
    };
    assert!(uneven.to_string().contains("NaN"));
}

#[test]
fn optimisers_check_gradient_shapes() {
    use mlp_companion::Param;
    let mut value = ndarray::ArrayD::<f32>::zeros(ndarray::IxDyn(&[2, 3]));
    let grad = ndarray::ArrayD::<f32>::zeros(ndarray::IxDyn(&[3, 2]));
    for opt in [
        &mut Sgd::new(0.1) as &mut dyn Optimizer,
        &mut Sgd::new(0.1).momentum(0.5),
        &mut Adam::new(0.1),
    ] {
        let mut params = [Param {
            value: value.view_mut(),
            grad: grad.view(),
        }];
        assert_err_contains(opt.step(&mut params), &["[2, 3]", "[3, 2]"]);
    }
}
