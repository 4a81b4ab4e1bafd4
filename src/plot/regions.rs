//! Decision regions of a classifier on two-dimensional data, in the spirit of mlxtend's
//! `plot_decision_regions` and the course's plotting helper.

use super::style::{self, class_color, marker, tint};
use super::{Draw, Figure, plot_err};
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::model::Classifier;
use ndarray::Array2;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Options for a decision-region chart; [`decision_regions`] uses the defaults.
///
/// ```
/// use mlp_companion::prelude::*;
/// let data = datasets::xor(300, 1)?;
/// let (train, test) = data.split(0.8, 1)?;
/// let model = Mlp::softmax_regression(2, 2, 0)?;
/// let figure = plot::DecisionRegions::new(&model, &train)
///     .test(&test)
///     .probability(true)
///     .title("Softmax regression cannot solve XOR")
///     .figure()?;
/// # Ok::<(), mlp_companion::Error>(())
/// ```
pub struct DecisionRegions<'a> {
    model: &'a dyn Classifier,
    data: &'a Dataset,
    test: Option<&'a Dataset>,
    probability: bool,
    highlight_errors: bool,
    resolution: usize,
    title: Option<String>,
}

/// Filled class regions of `model` over the range of `data` (± 1), its decision boundary,
/// and the points of `data` with a colour and marker per class; misclassified points are
/// ringed, and the title gives the accuracy.
pub fn decision_regions(model: &dyn Classifier, data: &Dataset) -> Result<Figure> {
    DecisionRegions::new(model, data).figure()
}

impl<'a> DecisionRegions<'a> {
    /// A chart of `model` on `data` (the training points).
    pub fn new(model: &'a dyn Classifier, data: &'a Dataset) -> Self {
        DecisionRegions {
            model,
            data,
            test: None,
            probability: false,
            highlight_errors: true,
            resolution: 300,
            title: None,
        }
    }

    /// Also draws `test` points, hollow, and reports their accuracy.
    pub fn test(mut self, test: &'a Dataset) -> Self {
        self.test = Some(test);
        self
    }

    /// Shades each region by the model's confidence: pale where the predicted class has
    /// probability near chance, saturated where it is near 1 (default off).
    pub fn probability(mut self, on: bool) -> Self {
        self.probability = on;
        self
    }

    /// Rings misclassified points in black (default on).
    pub fn highlight_errors(mut self, on: bool) -> Self {
        self.highlight_errors = on;
        self
    }

    /// Grid cells per axis at which the model is evaluated (default 300, from 10 to 2000).
    pub fn resolution(mut self, cells: usize) -> Self {
        self.resolution = cells;
        self
    }

    /// Replaces the default title (the model's name and accuracy).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Evaluates the model on the grid and returns the chart.
    pub fn figure(self) -> Result<Figure> {
        Ok(Figure::single(self.panel()?))
    }

    pub(crate) fn panel(self) -> Result<RegionsPanel> {
        let model = self.model;
        let res = self.resolution;
        if !(10..=2000).contains(&res) {
            return Err(Error::InvalidArgument(format!(
                "resolution must be between 10 and 2000 grid cells per axis, got {res}"
            )));
        }
        for (name, d) in
            std::iter::once(("data", self.data)).chain(self.test.map(|t| ("test data", t)))
        {
            d.validate()?;
            if d.n_features() != 2 || model.n_features() != 2 {
                return Err(Error::Shape(format!(
                    "decision regions need 2 input features; the {name} has {} and the model \
                     expects {}. Plot two features, or use another chart for more",
                    d.n_features(),
                    model.n_features()
                )));
            }
        }
        let n_classes = model.n_classes().max(self.data.n_classes);
        if n_classes > 10 {
            return Err(Error::InvalidArgument(format!(
                "decision regions show 2 to 10 classes, the model has {n_classes}"
            )));
        }
        let all: Vec<&Dataset> = std::iter::once(self.data).chain(self.test).collect();
        let (xr, yr) = plane_ranges(&all)?;
        let grid = Array2::from_shape_fn((res * res, 2), |(k, c)| {
            let (i, j) = (k % res, k / res);
            let (lo, hi, idx) = if c == 0 {
                (xr.0, xr.1, i)
            } else {
                (yr.0, yr.1, j)
            };
            lo + (hi - lo) * (idx as f32 + 0.5) / res as f32
        });
        let (classes, confidence) = if self.probability {
            let proba = model.predict_proba(grid.view())?;
            let classes = crate::model::argmax_rows(proba.view());
            let chance = 1.0 / proba.ncols() as f32;
            let conf = classes
                .iter()
                .zip(proba.rows())
                .map(|(&c, row)| ((row[c] - chance) / (1.0 - chance)).clamp(0.0, 1.0))
                .collect();
            (classes.to_vec(), Some(conf))
        } else {
            (model.predict(grid.view())?.to_vec(), None)
        };
        let mut points = Vec::new();
        let mut accuracies = Vec::new();
        for (d, is_test) in std::iter::once((self.data, false)).chain(self.test.map(|t| (t, true)))
        {
            let pred = model.predict(d.x.view())?;
            accuracies.push(crate::model::accuracy(pred.view(), d.y.view()));
            for ((row, &y), &p) in d.x.rows().into_iter().zip(&d.y).zip(&pred) {
                points.push(Point {
                    x: row[0],
                    y: row[1],
                    class: y,
                    wrong: self.highlight_errors && p != y,
                    test: is_test,
                });
            }
        }
        let title = self.title.unwrap_or_else(|| match accuracies[..] {
            [train, test] => format!(
                "{}: train {:.1}%, test {:.1}%",
                model.name(),
                100.0 * train,
                100.0 * test
            ),
            _ => format!("{}: accuracy {:.1}%", model.name(), 100.0 * accuracies[0]),
        });
        Ok(RegionsPanel {
            xr,
            yr,
            res,
            classes,
            confidence,
            n_classes,
            points,
            title,
        })
    }
}

/// The input plane a 2-D chart shows: the range of both features over `data`, ± 1.
/// Fails when the range is too wide to draw.
pub(crate) fn plane_ranges(data: &[&Dataset]) -> Result<((f32, f32), (f32, f32))> {
    let range = |c: usize| {
        let (lo, hi) = data
            .iter()
            .flat_map(|d| d.x.column(c).to_vec())
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        (lo - 1.0, hi + 1.0)
    };
    let (xr, yr) = (range(0), range(1));
    check_span(xr, yr)?;
    Ok((xr, yr))
}

/// Error unless the axis ranges can be drawn (their widths are finite numbers).
fn check_span(xr: (f32, f32), yr: (f32, f32)) -> Result<()> {
    for (name, (lo, hi)) in [("x₁", xr), ("x₂", yr)] {
        if !(hi - lo).is_finite() {
            return Err(Error::Data(format!(
                "the {name} values span {lo} to {hi}, too wide to draw; standardize the data \
                 (Dataset::standardize) first"
            )));
        }
    }
    Ok(())
}

struct Point {
    x: f32,
    y: f32,
    class: usize,
    wrong: bool,
    test: bool,
}

/// A decision-region chart, computed and ready to draw.
pub(crate) struct RegionsPanel {
    xr: (f32, f32),
    yr: (f32, f32),
    res: usize,
    /// Predicted class of each grid cell, row by row from the bottom (`j * res + i`).
    classes: Vec<usize>,
    /// Confidence in [0, 1] of each cell's prediction, when shading by probability.
    confidence: Option<Vec<f32>>,
    n_classes: usize,
    points: Vec<Point>,
    title: String,
}

impl RegionsPanel {
    /// Fill colour of a cell: a light tint of its class colour, deeper with confidence
    /// (quantised to 6 levels so neighbouring cells merge into one rectangle).
    fn fill(&self, k: usize) -> RGBColor {
        let amount = match &self.confidence {
            Some(conf) => 0.08 + 0.42 * ((conf[k] * 6.0).round() / 6.0) as f64,
            None => 0.28,
        };
        tint(class_color(self.classes[k]), amount)
    }

    fn cell_x(&self, i: usize) -> f32 {
        self.xr.0 + (self.xr.1 - self.xr.0) * i as f32 / self.res as f32
    }

    fn cell_y(&self, j: usize) -> f32 {
        self.yr.0 + (self.yr.1 - self.yr.0) * j as f32 / self.res as f32
    }

    /// The regions as rectangles: runs of equal colour along each grid row.
    fn region_rects(&self) -> Vec<Rectangle<(f32, f32)>> {
        let mut rects = Vec::new();
        for j in 0..self.res {
            let mut start = 0;
            for i in 1..=self.res {
                let k = j * self.res + i;
                if i == self.res || self.fill(k) != self.fill(k - 1) {
                    let color = self.fill(k - 1);
                    let corners = [
                        (self.cell_x(start), self.cell_y(j)),
                        (self.cell_x(i), self.cell_y(j + 1)),
                    ];
                    rects.push(Rectangle::new(corners, color.filled()));
                    start = i;
                }
            }
        }
        rects
    }

    /// The boundary: the edges between neighbouring cells of different classes, merged into
    /// runs along each row and column.
    fn boundary_segments(&self) -> Vec<[(f32, f32); 2]> {
        let n = self.res;
        let class = |i: usize, j: usize| self.classes[j * n + i];
        let mut segs = Vec::new();
        // vertical edges at x = cell_x(k) between cells (k−1, j) and (k, j)
        for (k, start, end) in edge_runs(n, |k, j| class(k - 1, j) != class(k, j)) {
            segs.push([
                (self.cell_x(k), self.cell_y(start)),
                (self.cell_x(k), self.cell_y(end)),
            ]);
        }
        // horizontal edges at y = cell_y(k) between cells (i, k−1) and (i, k)
        for (k, start, end) in edge_runs(n, |k, i| class(i, k - 1) != class(i, k)) {
            segs.push([
                (self.cell_x(start), self.cell_y(k)),
                (self.cell_x(end), self.cell_y(k)),
            ]);
        }
        segs
    }
}

/// For each grid line `k` in `1..n`, the runs `start..end` of positions along it where the two
/// cells on either side differ (`differs(k, position)`), as `(k, start, end)`.
fn edge_runs(n: usize, differs: impl Fn(usize, usize) -> bool) -> Vec<(usize, usize, usize)> {
    let mut runs = Vec::new();
    for k in 1..n {
        let mut start: Option<usize> = None;
        for t in 0..=n {
            match (t < n && differs(k, t), start) {
                (true, None) => start = Some(t),
                (false, Some(s)) => {
                    runs.push((k, s, t));
                    start = None;
                }
                _ => {}
            }
        }
    }
    runs
}

impl Draw for RegionsPanel {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let mut chart = ChartBuilder::on(area)
            .caption(&self.title, style::title_font())
            .margin(12)
            .x_label_area_size(42)
            .y_label_area_size(52)
            .build_cartesian_2d(self.xr.0..self.xr.1, self.yr.0..self.yr.1)
            .map_err(plot_err)?;
        chart.draw_series(self.region_rects()).map_err(plot_err)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("x₁")
            .y_desc("x₂")
            .axis_desc_style(style::label_font())
            .label_style(style::tick_font())
            .x_label_formatter(&style::tick_label)
            .y_label_formatter(&style::tick_label)
            .x_labels(7)
            .y_labels(7)
            .draw()
            .map_err(plot_err)?;
        let line = RGBColor(40, 40, 40).stroke_width(2);
        chart
            .draw_series(
                self.boundary_segments()
                    .into_iter()
                    .map(|s| PathElement::new(s.to_vec(), line)),
            )
            .map_err(plot_err)?;
        for c in 0..self.n_classes {
            let color = class_color(c);
            let of_class = self.points.iter().filter(|p| p.class == c);
            chart
                .draw_series(of_class.map(|p| marker(c, (p.x, p.y), 5, color, !p.test)))
                .map_err(plot_err)?
                .label(format!("class {c}"))
                .legend(move |at| marker(c, at, 5, color, true));
        }
        let wrong: Vec<&Point> = self.points.iter().filter(|p| p.wrong).collect();
        if !wrong.is_empty() {
            // thinner rings when there are many, so they do not hide the points
            let ring = BLACK.stroke_width(if wrong.len() > 80 { 1 } else { 2 });
            chart
                .draw_series(wrong.iter().map(|p| Circle::new((p.x, p.y), 9, ring)))
                .map_err(plot_err)?
                .label("misclassified")
                .legend(move |at| Circle::new(at, 7, ring));
        }
        if self.points.iter().any(|p| p.test) {
            let grey = RGBColor(90, 90, 90);
            chart
                .draw_series(std::iter::empty::<Circle<(f32, f32), i32>>())
                .map_err(plot_err)?
                .label("test (hollow)")
                .legend(move |at| marker(0, at, 5, grey, false));
        }
        style::draw_legend(
            &mut chart,
            SeriesLabelPosition::UpperRight,
            style::tick_font(),
        )?;
        Ok(())
    }
}
