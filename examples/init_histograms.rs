//! Activations through a deep ReLU network (10 hidden layers of 256 units) for four
//! initialisations: N(0, 1) explodes, N(0, 0.01²) vanishes, Xavier shrinks slowly, Kaiming
//! keeps the scale. Writes `target/figures/init_histograms.png` and `init_weights.png`.
use mlp_companion::prelude::*;

fn main() -> Result<()> {
    let mut rng = seeded_rng(0);
    let mut x = Array2::zeros((500, 256));
    init::normal_(&mut x, 0.0, 1.0, &mut rng)?;
    let mut rows = Vec::new();
    let mut weights = Vec::new();
    for (name, scheme) in [
        ("N(0,1)", Init::Normal { std: 1.0 }),
        ("N(0,0.01)", Init::Normal { std: 0.01 }),
        ("Xavier", Init::XavierNormal),
        ("Kaiming", Init::KaimingNormal),
    ] {
        let mut builder = Mlp::builder(256).init(scheme).seed(1);
        for _ in 0..10 {
            builder = builder.hidden(256, Activation::Relu);
        }
        let model = builder.output(10).build()?;
        rows.push(plot::activation_histograms(&model, x.view(), name)?);
        weights.push(plot::weight_histograms(&model, name)?);
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/figures");
    Figure::grid(rows, 5)?.save(format!("{dir}/init_histograms.png"))?;
    Figure::grid(weights, 11)?.save(format!("{dir}/init_weights.png"))
}

#[test]
fn entry_point() {
    main().unwrap();
}
