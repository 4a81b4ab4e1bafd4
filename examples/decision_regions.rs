//! Decision regions of the four classifiers of Part 1 on XOR: the perceptron, logistic and
//! softmax regression draw one straight line; an MLP with one hidden layer bends it.
//! Writes `target/figures/decision_regions.png`.
use mlp_companion::prelude::*;

fn main() -> Result<()> {
    let data = datasets::xor(750, 123)?;
    let (train, test) = data.split(0.8, 1)?;
    let mut perceptron = Perceptron::new(2)?;
    perceptron.fit(&train, 20)?;
    let mut logistic = LogisticRegression::new(2, 1)?;
    Trainer::new(Sgd::new(0.1))
        .epochs(20)
        .fit(&mut logistic, &train)?;
    let mut softmax = Mlp::softmax_regression(2, 2, 1)?;
    Trainer::new(Sgd::new(0.1))
        .epochs(20)
        .fit(&mut softmax, &train)?;
    let mut mlp = Mlp::builder(2)
        .hidden(16, Activation::Relu)
        .output(2)
        .seed(1)
        .build()?;
    Trainer::new(Sgd::new(0.1))
        .epochs(20)
        .fit(&mut mlp, &train)?;
    let panels = vec![
        plot::DecisionRegions::new(&perceptron, &train)
            .test(&test)
            .figure()?,
        plot::DecisionRegions::new(&logistic, &train)
            .test(&test)
            .figure()?,
        plot::DecisionRegions::new(&softmax, &train)
            .test(&test)
            .figure()?,
        plot::DecisionRegions::new(&mlp, &train)
            .test(&test)
            .probability(true)
            .figure()?,
    ];
    let figure = Figure::grid(panels, 2)?.title("Only the hidden layer bends the boundary");
    figure.save(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/figures/decision_regions.png"
    ))
}

#[test]
fn entry_point() {
    main().unwrap();
}
