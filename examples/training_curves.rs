//! Training curves: the course's XOR run (loss per minibatch, accuracy per epoch), and a
//! wide and a deep network on spirals overlaid. Writes `target/figures/training_curves.png`.
use mlp_companion::prelude::*;

fn main() -> Result<()> {
    let (train, val, _) = datasets::xor(750, 123)?.split3(0.765, 0.085, 1)?;
    let mut model = Mlp::builder(2)
        .hidden(25, Activation::Relu)
        .hidden(15, Activation::Relu)
        .output(2)
        .seed(2)
        .build()?;
    let history = Trainer::new(Sgd::new(0.05))
        .epochs(10)
        .seed(2)
        .validation(&val)
        .fit(&mut model, &train)?;

    let (s_train, s_val) = datasets::spirals(600, 3, 1)?.split(0.8, 1)?;
    let mut runs = Vec::new();
    for (name, hidden) in [
        ("wide 2-128-3", vec![128]),
        ("deep 2-16-16-16-3", vec![16, 16, 16]),
    ] {
        let mut builder = Mlp::builder(2).seed(1);
        for units in hidden {
            builder = builder.hidden(units, Activation::Relu);
        }
        let mut net = builder.output(3).build()?;
        let h = Trainer::new(Adam::new(0.01))
            .epochs(60)
            .seed(1)
            .validation(&s_val)
            .fit(&mut net, &s_train)?;
        runs.push((format!("{name} ({} params)", net.num_params()), h));
    }
    let figure = Figure::grid(
        vec![
            plot::loss_curve(&history)?,
            plot::accuracy_curves(&history)?,
            plot::compare_runs(&runs, plot::Run::ValAcc)?,
        ],
        3,
    )?;
    figure.save(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/figures/training_curves.png"
    ))
}

#[test]
fn entry_point() {
    main().unwrap();
}
