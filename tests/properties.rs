//! Property tests: the public API driven with generated bad and edge inputs (wrong shapes,
//! empty data, NaN and ±inf, out-of-range labels, zero and huge sizes, bad learning rates,
//! malformed and non-UTF-8 CSV, odd chart sizes). Every call must return `Ok` or an `Err`
//! whose message names the offending number — a panic fails the test. About 10,500 generated
//! cases per run.

use mlp_companion::plot;
use mlp_companion::prelude::*;
use proptest::prelude::*;

/// A fixed seed, so every run (and CI) tests the same cases; set `PROPTEST_RNG_SEED=<n>` to
/// explore others.
fn config(cases: u32) -> ProptestConfig {
    let default = ProptestConfig::default();
    let rng_seed = if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
        default.rng_seed
    } else {
        proptest::test_runner::RngSeed::Fixed(20_261_204)
    };
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_seed,
        ..default
    }
}

/// Ordinary numbers and the special values that break naive code.
fn float() -> impl Strategy<Value = f32> {
    prop_oneof![
        6 => -3.0f32..3.0,
        1 => Just(f32::NAN),
        1 => Just(f32::INFINITY),
        1 => Just(f32::NEG_INFINITY),
        1 => Just(0.0f32),
        1 => prop_oneof![Just(1e30f32), Just(-1e30f32), Just(f32::MAX), Just(f32::MIN_POSITIVE)],
    ]
}

fn matrix(rows: usize, cols: usize, values: Vec<f32>) -> Array2<f32> {
    Array2::from_shape_fn((rows, cols), |(r, c)| {
        values[(r * cols + c) % values.len().max(1)]
    })
}

/// A valid data set of 2 features with 1 to 40 samples and 1 to 4 classes.
fn small_dataset() -> impl Strategy<Value = Dataset> {
    (
        1usize..40,
        1usize..5,
        proptest::collection::vec(-4.0f32..4.0, 80),
        any::<u64>(),
    )
        .prop_map(|(n, classes, values, seed)| {
            let x = matrix(n, 2, values);
            let y = (0..n)
                .map(|i| (i + seed as usize) % classes)
                .collect::<Array1<usize>>();
            Dataset::with_classes(x, y, classes).unwrap()
        })
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn dataset_new_accepts_exactly_valid_data(
        rows in 0usize..6, cols in 0usize..4, extra_labels in 0usize..3,
        values in proptest::collection::vec(float(), 1..24),
        labels in proptest::collection::vec(0usize..5, 0..8),
    ) {
        let x = matrix(rows, cols, values);
        let n_labels = (rows + extra_labels).saturating_sub(1).min(labels.len());
        let n_labels = if extra_labels == 1 { rows.min(labels.len()) } else { n_labels };
        let y = Array1::from(labels[..n_labels].to_vec());
        let bad = x.indexed_iter().find(|(_, v)| !v.is_finite()).map(|(p, _)| p);
        let result = Dataset::new(x.clone(), y.clone());
        let valid = rows == y.len() && rows > 0 && cols > 0 && bad.is_none();
        prop_assert_eq!(result.is_ok(), valid);
        if let Err(e) = result {
            let msg = e.to_string();
            if rows != y.len() {
                prop_assert!(msg.contains(&rows.to_string()) && msg.contains(&y.len().to_string()), "{}", msg);
            } else if rows == 0 {
                prop_assert!(msg.contains("0 samples"), "{}", msg);
            } else if cols == 0 {
                prop_assert!(msg.contains("0 features"), "{}", msg);
            } else if let Some((r, c)) = bad {
                prop_assert!(msg.contains(&format!("x[{r}, {c}]")), "{}", msg);
            }
        }
    }

    #[test]
    fn csv_from_fields_never_panics_and_names_the_line(
        n_cols in 0usize..4,
        lines in proptest::collection::vec(proptest::collection::vec(
            prop_oneof![Just("1"), Just("-2.5"), Just(""), Just("abc"), Just("NaN"), Just("1e40"),
                        Just("3"), Just("0.5"), Just(" 4 "), Just("-1"), Just("1e2"), Just("\u{e9}")], 0..5), 0..6),
        crlf in any::<bool>(),
    ) {
        let header: Vec<String> = (0..n_cols).map(|i| format!("c{i}")).collect();
        let mut text = header.join(",");
        for fields in &lines {
            text.push_str(if crlf { "\r\n" } else { "\n" });
            text.push_str(&fields.join(","));
        }
        if let Err(e) = Dataset::from_csv_str(&text) {
            match e {
                Error::Csv { line, .. } => {
                    prop_assert!(line >= 1 && line <= lines.len() + 2, "line {} of {}", line, lines.len() + 1);
                    let expected = format!("line {}", line);
                    prop_assert!(e.to_string().contains(&expected));
                }
                Error::Data(_) | Error::Shape(_) => {}
                other => prop_assert!(false, "unexpected error {}", other),
            }
        }
    }

    #[test]
    fn csv_from_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let path = std::env::temp_dir().join(format!("mlp_companion_prop_{}.csv", std::process::id()));
        std::fs::write(&path, &bytes).unwrap();
        if let Err(e) = Dataset::from_csv(&path) {
            prop_assert!(!e.to_string().is_empty());
        }
    }
}

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn builder_checks_every_setting(
        n_inputs in prop_oneof![Just(0usize), 1usize..5, Just(1usize << 40)],
        hidden in proptest::collection::vec(
            (prop_oneof![Just(0usize), 1usize..9, Just(100_000usize), Just(usize::MAX / 2)],
             prop_oneof![Just(Activation::Relu), Just(Activation::Tanh), float().prop_map(Activation::LeakyRelu), float().prop_map(Activation::Elu)]),
            0..4),
        output in prop_oneof![Just(None), (0usize..5).prop_map(Some)],
        init in prop_oneof![Just(Init::PyTorchDefault), Just(Init::KaimingNormal), float().prop_map(|std| Init::Normal { std }),
                            (float(), float()).prop_map(|(low, high)| Init::Uniform { low, high }), float().prop_map(|value| Init::Constant { value })],
    ) {
        let mut builder = Mlp::builder(n_inputs).init(init).seed(3);
        for &(units, act) in &hidden {
            builder = builder.hidden(units, act);
        }
        if let Some(out) = output {
            builder = builder.output(out);
        }
        match builder.build() {
            Ok(model) => {
                prop_assert!(n_inputs > 0 && output.unwrap_or(0) >= 2);
                prop_assert!(model.layers().iter().all(|l| l.weight.iter().chain(&l.bias).all(|v| v.is_finite())));
            }
            Err(e) => {
                let msg = e.to_string();
                if output.is_none() {
                    prop_assert!(msg.contains(".output(n_classes)"), "{}", msg);
                } else if n_inputs == 0 {
                    prop_assert!(msg.contains("got 0"), "{}", msg);
                } else if output.unwrap_or(0) < 2 {
                    prop_assert!(msg.contains(&format!(".output({})", output.unwrap_or(0))), "{}", msg);
                } else if let Some(i) = hidden.iter().position(|h| h.0 == 0 || h.1.validate().is_err()) {
                    if hidden[i].0 == 0 {
                        prop_assert!(msg.contains(&format!("hidden layer {} has 0 units", i + 1)), "{}", msg);
                    } else {
                        prop_assert!(msg.contains("NaN") || msg.contains("inf"), "{}", msg);
                    }
                } else {
                    prop_assert!(msg.chars().any(|c| c.is_ascii_digit()) || msg.contains("NaN") || msg.contains("inf"), "{}", msg);
                }
            }
        }
    }

    #[test]
    fn prediction_checks_the_input_shape(
        rows in 0usize..6, cols in 0usize..5, values in proptest::collection::vec(float(), 1..30),
    ) {
        let model = Mlp::builder(2).hidden(3, Activation::Gelu).output(3).build().unwrap();
        let x = matrix(rows, cols, values);
        for result in [model.forward(&x).map(|a| a.nrows()), model.predict(&x).map(|a| a.len()), model.predict_proba(&x).map(|a| a.nrows())] {
            match result {
                Ok(n) => prop_assert!(cols == 2 && n == rows),
                Err(e) => prop_assert!(cols != 2 && e.to_string().contains(&format!("{cols} features")), "{}", e),
            }
        }
    }

    #[test]
    fn init_functions_check_their_arguments(
        rows in 0usize..5, cols in 0usize..5, a in float(), b in float(), seed in any::<u64>(),
    ) {
        let mut rng = seeded_rng(seed);
        let mut w = Array2::<f32>::zeros((rows, cols));
        let shape = format!("[{rows}, {cols}]");
        for result in [
            init::kaiming_normal_(&mut w, a, FanMode::FanIn, Nonlinearity::LeakyRelu, &mut rng),
            init::kaiming_uniform_(&mut w, 0.0, FanMode::FanOut, Nonlinearity::Relu, &mut rng),
            init::xavier_uniform_(&mut w, a, &mut rng),
        ] {
            if let Err(e) = result {
                let msg = e.to_string();
                prop_assert!(msg.contains(&shape) || msg.contains(&a.to_string()), "{}", msg);
            }
        }
        match init::normal_(&mut w, 0.0, b, &mut rng) {
            Ok(()) => prop_assert!(b.is_finite() && b >= 0.0),
            Err(e) => prop_assert!(e.to_string().contains(&b.to_string())),
        }
        match init::uniform_(&mut w, a, b, &mut rng) {
            Ok(()) => prop_assert!(a <= b && w.iter().all(|v| v.is_finite())),
            Err(e) => prop_assert!(e.to_string().contains(&a.to_string()) || e.to_string().contains(&b.to_string())),
        }
    }
}

proptest! {
    #![proptest_config(config(800))]

    #[test]
    fn training_rejects_bad_settings_and_never_leaves_non_finite_weights(
        data in small_dataset(),
        lr in prop_oneof![Just(0.0f32), Just(-1.0f32), Just(f32::NAN), Just(f32::INFINITY), Just(1e-3f32), Just(0.1f32), Just(1e30f32)],
        batch in prop_oneof![Just(0usize), 1usize..50],
        epochs in 0usize..3,
        adam in any::<bool>(),
        momentum in prop_oneof![Just(0.0f32), Just(0.9f32), Just(1.0f32), Just(f32::NAN)],
    ) {
        let mut model = Mlp::builder(2).hidden(4, Activation::Relu).output(data.n_classes.max(2)).seed(1).build().unwrap();
        let result = if adam {
            Trainer::new(Adam::new(lr)).batch_size(batch).epochs(epochs).fit(&mut model, &data)
        } else {
            Trainer::new(Sgd::new(lr).momentum(momentum)).batch_size(batch).epochs(epochs).fit(&mut model, &data)
        };
        let lr_ok = lr.is_finite() && lr > 0.0;
        match result {
            Ok(h) => {
                prop_assert!(lr_ok && batch > 0 && epochs > 0);
                prop_assert_eq!(h.epochs(), epochs);
            }
            Err(e) => {
                let msg = e.to_string();
                if !lr_ok {
                    prop_assert!(msg.contains("learning rate") && msg.contains(&lr.to_string()), "{}", msg);
                } else if !adam && !(0.0..1.0).contains(&momentum) {
                    prop_assert!(msg.contains("momentum"), "{}", msg);
                } else if batch == 0 {
                    prop_assert!(msg.contains("batch_size"), "{}", msg);
                } else if epochs == 0 {
                    prop_assert!(msg.contains("epochs"), "{}", msg);
                } else {
                    prop_assert!(matches!(e, Error::Diverged { .. }) && msg.contains("epoch"), "{}", msg);
                }
            }
        }
        for layer in model.layers() {
            prop_assert!(layer.weight.iter().chain(&layer.bias).all(|v| v.is_finite()));
        }
    }

    #[test]
    fn dataset_generators_and_splits_check_their_sizes(
        n in prop_oneof![0usize..12, Just(50usize), Just(usize::MAX)],
        classes in 0usize..13, noise in float(), frac in float(), seed in any::<u64>(),
    ) {
        for (name, result) in [
            ("xor", datasets::xor(n, seed)),
            ("moons", datasets::moons(n, noise, seed)),
            ("circles", datasets::circles(n, noise, 0.5, seed)),
            ("spirals", datasets::spirals(n, classes, seed)),
            ("blobs", datasets::blobs(n, classes, seed)),
            ("linearly_separable", datasets::linearly_separable(n, seed)),
        ] {
            match result {
                Ok(d) => {
                    prop_assert_eq!(d.len(), n);
                    if let Err(e) = d.split(frac, seed) {
                        let msg = e.to_string();
                        prop_assert!(msg.contains(&frac.to_string()) || msg.contains(&format!("{n} samples")), "{}", msg);
                    }
                }
                Err(e) => {
                    let msg = e.to_string();
                    prop_assert!(msg.contains(name), "{}", msg);
                    prop_assert!(msg.contains(&n.to_string()) || msg.contains(&classes.to_string()) || msg.contains(&noise.to_string()), "{}", msg);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn charts_render_or_explain(
        data in small_dataset(),
        scale in prop_oneof![Just(1.0f32), Just(1e3f32), Just(1e37f32)],
        resolution in prop_oneof![Just(0usize), Just(9usize), 10usize..60, Just(2001usize)],
        size in prop_oneof![Just((0u32, 0u32)), Just((90u32, 60u32)), (120u32..400, 100u32..300), Just((9000u32, 100u32))],
        probability in any::<bool>(),
    ) {
        let mut data = data;
        data.x.mapv_inplace(|v| v * scale);
        let model = Mlp::builder(2).hidden(3, Activation::Tanh).output(data.n_classes.max(2)).build().unwrap();
        let figure = plot::DecisionRegions::new(&model, &data).resolution(resolution).probability(probability).figure();
        match figure {
            Ok(f) => {
                prop_assert!((10..=2000).contains(&resolution));
                match f.size(size.0, size.1).to_png() {
                    Ok(png) => prop_assert_eq!(&png[1..4], b"PNG"),
                    Err(e) => prop_assert!(e.to_string().contains(&format!("{} × {}", size.0, size.1)), "{}", e),
                }
            }
            Err(e) => {
                let msg = e.to_string();
                prop_assert!(msg.contains(&resolution.to_string()) || msg.contains("too wide"), "{}", msg);
            }
        }
        // the other charts on the same odd data
        let _ = plot::hidden_unit_maps(&model, &data).and_then(|f| f.size(size.0.max(300), size.1.max(300)).to_png());
    }

    #[test]
    fn value_charts_handle_special_values(
        values in proptest::collection::vec(float(), 0..30),
        names in proptest::collection::vec("[a-z]{0,6}", 0..5),
    ) {
        let history = History {
            minibatch_loss: values.clone(),
            batches_per_epoch: values.len().min(3),
            train_loss: values.iter().take(4).copied().collect(),
            train_acc: values.iter().take(4).copied().collect(),
            ..History::default()
        };
        for figure in [plot::loss_curve(&history), plot::accuracy_curves(&history)].into_iter().flatten() {
            prop_assert!(figure.size(300, 200).to_png().is_ok());
        }
        let bars: Vec<(&str, f32)> = names.iter().map(String::as_str).zip(values.iter().copied()).collect();
        match plot::bar_chart("t", "v", &bars) {
            Ok(f) => { f.size(300, 200).to_png().unwrap(); }
            Err(e) => prop_assert!(bars.is_empty() || e.to_string().contains("finite") || e.to_string().contains("too far apart"), "{}", e),
        }
        let mut layer = Linear::new(1, 1, &mut seeded_rng(0)).unwrap();
        if !values.is_empty() {
            layer.weight = Array2::from_shape_vec((values.len(), 1), values.clone()).unwrap();
            layer.weight_grad = Array2::zeros((values.len(), 1));
            layer.bias = Array1::zeros(values.len());
            layer.bias_grad = Array1::zeros(values.len());
            plot::weight_heatmap(&layer, "w").unwrap().size(300, 200).to_png().unwrap();
        }
    }
}

proptest! {
    #![proptest_config(config(40))]

    #[test]
    fn same_seed_same_bytes(seed in any::<u64>()) {
        let run = || -> Result<(Dataset, Mlp, History, Vec<u8>)> {
            let data = datasets::spirals(60, 3, seed)?;
            let (train, _) = data.split(0.8, seed)?;
            let mut model = Mlp::builder(2).hidden(8, Activation::Relu).output(3).seed(seed).build()?;
            let history = Trainer::new(Adam::new(0.01)).epochs(2).seed(seed).fit(&mut model, &train)?;
            let png = plot::decision_regions(&model, &train)?.size(200, 160).to_png()?;
            Ok((train, model, history, png))
        };
        let (a, b) = (run().unwrap(), run().unwrap());
        prop_assert_eq!(&a.0, &b.0);
        prop_assert_eq!(&a.1, &b.1);
        prop_assert_eq!(&a.2, &b.2);
        prop_assert!(a.3 == b.3);
    }
}
