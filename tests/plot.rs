//! Every chart renders, and the pictures say what they should: checked on the pixels of the
//! decoded PNGs, not only on the existence of a file.

use mlp_companion::plot::{self, Run, class_color};
use mlp_companion::prelude::*;

/// A decoded RGB image.
struct Image {
    w: usize,
    h: usize,
    rgb: Vec<u8>,
}

impl Image {
    fn from_png(bytes: &[u8]) -> Image {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND); // palette → RGB
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgb);
        buf.truncate(info.buffer_size());
        Image {
            w: info.width as usize,
            h: info.height as usize,
            rgb: buf,
        }
    }

    fn of(figure: &Figure) -> Image {
        Image::from_png(&figure.to_png().unwrap())
    }

    fn px(&self, x: usize, y: usize) -> (u8, u8, u8) {
        let i = 3 * (y * self.w + x);
        (self.rgb[i], self.rgb[i + 1], self.rgb[i + 2])
    }

    fn count(
        &self,
        rect: (usize, usize, usize, usize),
        pred: impl Fn((u8, u8, u8)) -> bool,
    ) -> usize {
        let (x0, y0, x1, y1) = rect;
        (y0..y1.min(self.h))
            .flat_map(|y| (x0..x1.min(self.w)).map(move |x| (x, y)))
            .filter(|&(x, y)| pred(self.px(x, y)))
            .count()
    }

    /// Bounding box of the pixels of one exact colour.
    fn bbox(&self, color: (u8, u8, u8)) -> Option<(usize, usize, usize, usize)> {
        self.bbox_in((0, 0, self.w, self.h), color)
    }

    /// Bounding box of the pixels of one exact colour within `rect`.
    fn bbox_in(
        &self,
        rect: (usize, usize, usize, usize),
        color: (u8, u8, u8),
    ) -> Option<(usize, usize, usize, usize)> {
        let mut b: Option<(usize, usize, usize, usize)> = None;
        for y in rect.1..rect.3 {
            for x in rect.0..rect.2 {
                if self.px(x, y) == color {
                    b = Some(match b {
                        None => (x, y, x + 1, y + 1),
                        Some((a, c, d, e)) => (a.min(x), c.min(y), d.max(x + 1), e.max(y + 1)),
                    });
                }
            }
        }
        b
    }
}

fn rgb(c: plotters::style::RGBColor) -> (u8, u8, u8) {
    (c.0, c.1, c.2)
}

/// The region fill of class `c` (a 28 % tint of the class colour, as the chart draws it).
fn region(c: usize) -> (u8, u8, u8) {
    let col = class_color(c);
    let mix = |v: u8| (255.0 - (255.0 - v as f64) * 0.28).round() as u8;
    (mix(col.0), mix(col.1), mix(col.2))
}

fn dark(p: (u8, u8, u8)) -> bool {
    p.0 < 110 && p.1 < 110 && p.2 < 110
}

fn trained_xor_mlp() -> (Mlp, Dataset) {
    let data = datasets::xor(600, 3).unwrap();
    let mut model = Mlp::builder(2)
        .hidden(16, Activation::Relu)
        .hidden(8, Activation::Relu)
        .output(2)
        .seed(1)
        .build()
        .unwrap();
    Trainer::new(Adam::new(0.01))
        .epochs(30)
        .seed(1)
        .fit(&mut model, &data)
        .unwrap();
    (model, data)
}

/// Maps data coordinates to pixels inside the plotting area `bbox` of a region chart whose
/// axes span the data range ± 1.
fn to_pixel(data: &Dataset, bbox: (usize, usize, usize, usize), x: f32, y: f32) -> (usize, usize) {
    let range = |c: usize| {
        let col = data.x.column(c);
        (
            col.fold(f32::MAX, |a, &b| a.min(b)) - 1.0,
            col.fold(f32::MIN, |a, &b| a.max(b)) + 1.0,
        )
    };
    let ((x0, x1), (y0, y1)) = (range(0), range(1));
    let px = bbox.0 as f32 + (x - x0) / (x1 - x0) * (bbox.2 - bbox.0) as f32;
    let py = bbox.3 as f32 - (y - y0) / (y1 - y0) * (bbox.3 - bbox.1) as f32;
    (px as usize, py as usize)
}

/// The majority region class in a 9 × 9 neighbourhood (markers may cover single pixels).
fn region_class_near(img: &Image, (cx, cy): (usize, usize)) -> Option<usize> {
    let mut votes = [0; 2];
    for y in cy - 4..=cy + 4 {
        for x in cx - 4..=cx + 4 {
            for (c, v) in votes.iter_mut().enumerate() {
                if img.px(x, y) == region(c) {
                    *v += 1;
                }
            }
        }
    }
    (votes[0] + votes[1] > 20).then(|| if votes[0] > votes[1] { 0 } else { 1 })
}

#[test]
fn mlp_regions_on_xor_have_the_right_colours_in_each_quadrant() {
    let (model, data) = trained_xor_mlp();
    assert!(model.accuracy(&data).unwrap() > 0.95);
    let img = Image::of(&plot::decision_regions(&model, &data).unwrap());
    assert_eq!((img.w, img.h), (560, 440));
    let b0 = img.bbox(region(0)).unwrap();
    let b1 = img.bbox(region(1)).unwrap();
    let bbox = (
        b0.0.min(b1.0),
        b0.1.min(b1.1),
        b0.2.max(b1.2),
        b0.3.max(b1.3),
    );
    // the data are standardised clusters around (±0.93, ±0.93); look further out, at
    // (±2.2, ±1.6), where few markers cover the regions and the legend does not
    for (x, y, class) in [
        (2.2, 1.6, 0),
        (-2.2, -1.6, 0),
        (2.2, -1.6, 1),
        (-2.2, 1.6, 1),
    ] {
        let p = to_pixel(&data, bbox, x, y);
        assert_eq!(
            region_class_near(&img, p),
            Some(class),
            "region at ({x}, {y}) = pixel {p:?}"
        );
    }
    // title band and legend are not blank
    assert!(
        img.count((0, 0, img.w, bbox.1), dark) > 150,
        "title text missing"
    );
    let legend = (bbox.2 - 140, bbox.1, bbox.2, bbox.1 + 70);
    assert!(img.count(legend, dark) > 60, "legend text missing");
    // points of both classes in their class colours
    for c in 0..2 {
        assert!(img.count((0, 0, img.w, img.h), |p| p == rgb(class_color(c))) > 300);
    }
}

#[test]
fn a_linear_model_has_one_straight_boundary() {
    let data = datasets::xor(600, 3).unwrap();
    let mut model = Mlp::softmax_regression(2, 2, 1).unwrap();
    Trainer::new(Sgd::new(0.1))
        .epochs(10)
        .fit(&mut model, &data)
        .unwrap();
    let img = Image::of(
        &plot::DecisionRegions::new(&model, &data)
            .highlight_errors(false)
            .figure()
            .unwrap(),
    );
    // Boundary pixels: a pixel of one region with a pixel of the other region within 5 px to
    // its right or below (the boundary line itself is drawn between them).
    let mut points = Vec::new();
    for y in 0..img.h - 5 {
        for x in 0..img.w - 5 {
            let Some(c) = (0..2).find(|&c| img.px(x, y) == region(c)) else {
                continue;
            };
            let other = region(1 - c);
            if (1..=5).any(|d| img.px(x + d, y) == other || img.px(x, y + d) == other) {
                points.push((x as f64, y as f64));
            }
        }
    }
    assert!(points.len() > 100, "few boundary pixels: {}", points.len());
    // Fit a line through them by principal components; every pixel must lie near it.
    let n = points.len() as f64;
    let (mx, my) = points
        .iter()
        .fold((0.0, 0.0), |s, p| (s.0 + p.0 / n, s.1 + p.1 / n));
    let (sxx, syy, sxy) = points.iter().fold((0.0, 0.0, 0.0), |s, p| {
        let (dx, dy) = (p.0 - mx, p.1 - my);
        (s.0 + dx * dx, s.1 + dy * dy, s.2 + dx * dy)
    });
    let angle = 0.5 * (2.0 * sxy).atan2(sxx - syy); // direction of the line
    let (nx, ny) = (-angle.sin(), angle.cos()); // its normal
    let worst = points
        .iter()
        .map(|p| ((p.0 - mx) * nx + (p.1 - my) * ny).abs())
        .fold(0.0, f64::max);
    let length = (sxx.max(syy) / n).sqrt();
    assert!(length > 60.0, "the boundary is short: {length}");
    assert!(
        worst < 6.0,
        "the boundary bends: {worst} px from a straight line"
    );
}

#[test]
fn regions_support_ten_classes_probability_shading_and_test_points() {
    let data = datasets::spirals(500, 10, 1).unwrap();
    let model = Mlp::builder(2)
        .hidden(32, Activation::Relu)
        .output(10)
        .seed(1)
        .build()
        .unwrap();
    let (train, test) = data.split(0.8, 1).unwrap();
    let figure = plot::DecisionRegions::new(&model, &train)
        .test(&test)
        .probability(true)
        .figure()
        .unwrap();
    let img = Image::of(&figure);
    // every class's marker colour is drawn
    for c in 0..10 {
        assert!(
            img.count((0, 0, img.w, img.h), |p| p == rgb(class_color(c))) > 20,
            "class {c} missing"
        );
    }
    let err = plot::decision_regions(
        &model,
        &Dataset::new(array![[1.0, 2.0, 3.0]], array![0]).unwrap(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("the data has 3"), "{err}");
    let err = plot::DecisionRegions::new(&model, &train)
        .resolution(5)
        .figure()
        .unwrap_err();
    assert!(err.to_string().contains("got 5"), "{err}");
}

#[test]
fn same_seed_gives_the_same_bytes() {
    let render = || {
        let (model, data) = trained_xor_mlp();
        let fig = plot::DecisionRegions::new(&model, &data)
            .probability(true)
            .figure()
            .unwrap();
        (fig.to_png().unwrap(), fig.to_svg().unwrap())
    };
    let (png1, svg1) = render();
    assert!(
        png1.len() < 60_000,
        "a chart PNG of {} bytes: is the palette encoding used?",
        png1.len()
    );
    let (png2, svg2) = render();
    assert!(png1 == png2, "PNG bytes differ");
    assert_eq!(svg1, svg2);
    assert!(svg1.starts_with("<svg") && svg1.contains("<text") && svg1.contains("x₁"));
}

#[test]
fn training_curves_draw_their_lines() {
    let (train, val) = datasets::xor(400, 2).unwrap().split(0.8, 1).unwrap();
    let mut runs = Vec::new();
    for (name, units) in [("narrow", 2), ("wide", 32)] {
        let mut m = Mlp::builder(2)
            .hidden(units, Activation::Relu)
            .output(2)
            .seed(1)
            .build()
            .unwrap();
        let h = Trainer::new(Sgd::new(0.1))
            .epochs(8)
            .validation(&val)
            .fit(&mut m, &train)
            .unwrap();
        runs.push((name, h));
    }
    let orange = rgb(plot::Palette::LINES[1]);
    let blue = rgb(plot::Palette::LINES[0]);
    let loss = Image::of(&plot::loss_curve(&runs[1].1).unwrap());
    assert!(
        loss.count((0, 0, loss.w, loss.h), |p| p == orange) > 300,
        "running average missing"
    );
    let acc = Image::of(&plot::accuracy_curves(&runs[1].1).unwrap());
    for c in [blue, orange] {
        assert!(acc.count((0, 0, acc.w, acc.h), |p| p == c) > 300);
    }
    let cmp = Image::of(&plot::compare_runs(&runs, Run::ValAcc).unwrap());
    for c in [blue, orange] {
        assert!(cmp.count((0, 0, cmp.w, cmp.h), |p| p == c) > 200);
    }
    let no_val = Trainer::new(Sgd::new(0.1))
        .epochs(1)
        .fit(&mut Mlp::softmax_regression(2, 2, 0).unwrap(), &train)
        .unwrap();
    let err = plot::compare_runs(&[("x", no_val)], Run::ValLoss).unwrap_err();
    assert!(err.to_string().contains("validation set"), "{err}");
    assert!(plot::loss_curve(&History::default()).is_err());
}

#[test]
fn perceptron_error_chart_colours_say_converged_or_not() {
    let green = rgb(plot::Palette::LINES[2]);
    let orange = rgb(plot::Palette::LINES[1]);
    let xor = Perceptron::new(2)
        .unwrap()
        .fit(&datasets::xor(200, 1).unwrap(), 20)
        .unwrap();
    let img = Image::of(&plot::perceptron_errors(&xor).unwrap());
    assert!(img.count((0, 0, img.w, img.h), |p| p == orange) > 200);
    assert_eq!(img.count((0, 0, img.w, img.h), |p| p == green), 0);
    let sep = Perceptron::new(2)
        .unwrap()
        .fit(&datasets::linearly_separable(200, 1).unwrap(), 50)
        .unwrap();
    let img = Image::of(&plot::perceptron_errors(&sep).unwrap());
    assert!(img.count((0, 0, img.w, img.h), |p| p == green) > 50);
}

#[test]
fn activation_gallery_has_one_panel_with_curves_per_function() {
    let fig = plot::activation_gallery(&Activation::ALL).unwrap();
    let img = Image::of(&fig);
    assert_eq!((img.w, img.h), (4 * 340, 4 * 270));
    let blue = rgb(plot::Palette::LINES[0]);
    let orange = rgb(plot::Palette::LINES[1]);
    for k in 0..14 {
        let (x0, y0) = ((k % 4) * 340, (k / 4) * 270);
        let cell = (x0, y0, x0 + 340, y0 + 270);
        assert!(
            img.count(cell, |p| p == blue) > 200,
            "panel {k}: f(z) missing"
        );
        assert!(
            img.count(cell, |p| p == orange) > 100,
            "panel {k}: f'(z) missing"
        );
        assert!(
            img.count((x0, y0, x0 + 340, y0 + 24), dark) > 20,
            "panel {k}: name missing"
        );
    }
    assert!(plot::activation_gallery(&[]).is_err());
}

/// The map of unit `u` in the first block of `hidden_unit_maps` (layout: maps of 84 px in
/// slots of 94 × 104 px starting at (24, 76)).
fn unit_map(img: &Image, u: usize) -> Vec<(u8, u8, u8)> {
    let (x0, y0) = (24 + 94 * u, 76);
    (y0 + 2..y0 + 82)
        .flat_map(|y| (x0 + 2..x0 + 82).map(move |x| (x, y)))
        .map(|(x, y)| img.px(x, y))
        .collect()
}

#[test]
fn hidden_unit_maps_are_identical_only_under_constant_init() {
    let data = datasets::xor(300, 1).unwrap();
    let mut constant = Mlp::builder(2)
        .hidden(5, Activation::Tanh)
        .output(2)
        .init(Init::Constant { value: 0.3 })
        .build()
        .unwrap();
    Trainer::new(Sgd::new(0.1))
        .epochs(5)
        .fit(&mut constant, &data)
        .unwrap();
    let img = Image::of(&plot::hidden_unit_maps(&constant, &data).unwrap());
    let first = unit_map(&img, 0);
    assert!(first.iter().any(|&p| p != (255, 255, 255)), "map is blank");
    for u in 1..5 {
        assert!(
            unit_map(&img, u) == first,
            "unit {u} differs under constant init"
        );
    }
    let random = Mlp::builder(2)
        .hidden(5, Activation::Tanh)
        .output(2)
        .seed(3)
        .build()
        .unwrap();
    let img = Image::of(&plot::hidden_unit_maps(&random, &data).unwrap());
    let first = unit_map(&img, 0);
    assert!((1..5).all(|u| unit_map(&img, u) != first));
    assert!(plot::hidden_unit_maps(&Mlp::softmax_regression(2, 2, 0).unwrap(), &data).is_err());
}

#[test]
fn weight_heatmap_shows_signs_by_colour() {
    let mut layer = Linear::new(2, 3, &mut seeded_rng(0)).unwrap();
    layer.weight = array![[1.0, -1.0], [1.0, -1.0], [1.0, -1.0]];
    let img = Image::of(&plot::weight_heatmap(&layer, "rows alike").unwrap());
    let plot_area = (0, 0, img.w - 90, img.h); // without the colour bar
    let pos = img
        .bbox_in(plot_area, rgb(class_color(1)))
        .expect("positive (vermillion) cells");
    let neg = img
        .bbox_in(plot_area, rgb(class_color(0)))
        .expect("negative (blue) cells");
    // the positive column is left of the negative one, and both span all three rows
    assert!(pos.2 <= neg.0 + 2, "{pos:?} {neg:?}");
    assert!((pos.3 - pos.1) > 250 && (neg.3 - neg.1) > 250);
}

#[test]
fn histograms_one_panel_per_layer() {
    let model = Mlp::builder(16)
        .hidden(32, Activation::Relu)
        .hidden(32, Activation::Relu)
        .hidden(32, Activation::Tanh)
        .output(3)
        .init(Init::KaimingNormal)
        .build()
        .unwrap();
    let w = plot::weight_histograms(&model, "Kaiming").unwrap();
    assert_eq!(w.n_panels(), 4);
    let img = Image::of(&w);
    let blue = rgb(class_color(0));
    let bars = img.count((0, 0, img.w, img.h), |p| p.2 > p.0 + 60);
    assert!(
        bars > 2000,
        "weight histogram bars missing ({bars} bluish pixels, bar colour {blue:?})"
    );
    let x = ndarray::Array2::from_shape_fn((200, 16), |(i, j)| {
        ((i * 7 + j * 3) % 11) as f32 / 5.0 - 1.0
    });
    let a = plot::activation_histograms(&model, x.view(), "Kaiming").unwrap();
    assert_eq!(a.n_panels(), 3);
    let img = Image::of(&a);
    let green = rgb(class_color(2));
    let bars = img.count((0, 0, img.w, img.h), |p| p.1 > p.0 + 40 && p.1 > p.2);
    assert!(
        bars > 1000,
        "histogram bars missing ({bars} greenish pixels, bar colour {green:?})"
    );
    let wrong = ndarray::Array2::<f32>::zeros((5, 3));
    assert!(
        plot::activation_histograms(&model, wrong.view(), "x")
            .unwrap_err()
            .to_string()
            .contains("3 features")
    );
}

#[test]
fn bar_heights_are_proportional_to_values() {
    let img = Image::of(
        &plot::bar_chart("t", "value", &[("a", 100.0), ("b", 50.0), ("c", 25.0)]).unwrap(),
    );
    let heights: Vec<usize> = (0..3)
        .map(|i| {
            let b = img.bbox(rgb(plot::Palette::LINES[i])).unwrap();
            b.3 - b.1
        })
        .collect();
    for (h, expected) in heights.iter().zip([1.0, 0.5, 0.25]) {
        let ratio = *h as f64 / heights[0] as f64;
        assert!((ratio - expected).abs() < 0.02, "heights {heights:?}");
    }
    assert!(plot::bar_chart::<&str>("t", "v", &[]).is_err());
    assert!(
        plot::bar_chart("t", "v", &[("nan", f32::NAN)])
            .unwrap_err()
            .to_string()
            .contains("NaN")
    );
}

#[test]
fn training_animation_is_a_gif_with_many_frames() {
    let data = datasets::xor(200, 1).unwrap();
    let mut model = Mlp::builder(2)
        .hidden(8, Activation::Relu)
        .output(2)
        .build()
        .unwrap();
    let mut frames = plot::TrainingAnimation::new(&data);
    Trainer::new(Sgd::new(0.2))
        .epochs(6)
        .on_epoch(2, |r, m: &Mlp| frames.capture(m, r))
        .fit(&mut model, &data)
        .unwrap();
    let anim = frames.finish().unwrap();
    let gif = anim.to_gif();
    assert_eq!(&gif[..6], b"GIF89a");
    let mut decoder = gif::DecodeOptions::new().read_info(gif).unwrap();
    let mut n = 0;
    while decoder.read_next_frame().unwrap().is_some() {
        n += 1;
    }
    assert_eq!(n, 4, "epochs 0, 2, 4, 6");
    assert_eq!(anim.n_frames(), 4);
    assert!(plot::TrainingAnimation::new(&data).finish().is_err());
    let three = Dataset::new(array![[1.0, 2.0, 3.0]], array![0]).unwrap();
    let mut bad = plot::TrainingAnimation::new(&three);
    bad.capture(
        &model,
        &EpochReport {
            epoch: 0,
            epochs: 1,
            train_loss: 0.0,
            train_acc: 0.0,
        },
    );
    assert!(
        bad.finish()
            .unwrap_err()
            .to_string()
            .contains("2 input features")
    );
}

#[test]
fn figures_compose_save_and_reject_bad_sizes() {
    let data = datasets::xor(100, 1).unwrap();
    let a = plot::decision_regions(&Perceptron::new(2).unwrap(), &data).unwrap();
    let b = plot::decision_regions(&Mlp::softmax_regression(2, 2, 0).unwrap(), &data).unwrap();
    let grid = Figure::grid(vec![a, b], 2)
        .unwrap()
        .title("Two linear models");
    let img = Image::of(&grid);
    assert_eq!((img.w, img.h), (1120, 484));
    assert!(
        img.count((0, 0, img.w, 44), dark) > 100,
        "overall title missing"
    );
    let dir = std::env::temp_dir().join("mlp_companion_plot_test");
    grid.save(dir.join("grid.png")).unwrap();
    grid.save(dir.join("grid.svg")).unwrap();
    assert_eq!(&std::fs::read(dir.join("grid.png")).unwrap()[1..4], b"PNG");
    assert!(
        std::fs::read_to_string(dir.join("grid.svg"))
            .unwrap()
            .starts_with("<svg")
    );
    assert!(
        grid.save(dir.join("grid.jpg"))
            .unwrap_err()
            .to_string()
            .contains(".png or .svg")
    );
    let tiny = plot::decision_regions(&Perceptron::new(2).unwrap(), &data)
        .unwrap()
        .size(0, 0);
    assert!(tiny.to_png().unwrap_err().to_string().contains("0 × 0"));
    assert!(Figure::grid(vec![], 2).is_err());
    let small = plot::decision_regions(&Perceptron::new(2).unwrap(), &data)
        .unwrap()
        .size(300, 200);
    assert_eq!(Image::of(&small).w, 300);
}
