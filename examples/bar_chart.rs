//! Parameter count and accuracy per architecture on spirals, as bar charts.
//! Writes `target/figures/bar_chart.png`.
use mlp_companion::prelude::*;

fn main() -> Result<()> {
    let (train, test) = datasets::spirals(600, 3, 1)?.split(0.8, 1)?;
    let mut params = Vec::new();
    let mut accuracy = Vec::new();
    for (name, hidden) in [
        ("softmax", vec![]),
        ("2-8-3", vec![8]),
        ("2-64-3", vec![64]),
        ("2-24-24-3", vec![24, 24]),
    ] {
        let mut builder = Mlp::builder(2).seed(1);
        for units in hidden {
            builder = builder.hidden(units, Activation::Relu);
        }
        let mut model = builder.output(3).build()?;
        Trainer::new(Adam::new(0.01))
            .epochs(60)
            .seed(1)
            .fit(&mut model, &train)?;
        params.push((name, model.num_params() as f32));
        accuracy.push((name, 100.0 * model.accuracy(&test)?));
    }
    let figure = Figure::grid(
        vec![
            plot::bar_chart("Parameters", "trainable parameters", &params)?,
            plot::bar_chart("Test accuracy on spirals", "accuracy (%)", &accuracy)?,
        ],
        2,
    )?;
    figure.save(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/figures/bar_chart.png"
    ))
}

#[test]
fn entry_point() {
    main().unwrap();
}
