//! Training curves: loss per minibatch, accuracy per epoch, several runs side by side, and
//! the perceptron's errors per epoch.

use super::style::{self, line_color};
use super::{Draw, Figure, plot_err};
use crate::error::{Error, Result};
use crate::perceptron::PerceptronHistory;
use crate::train::History;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Which measurement of a [`History`] to compare across runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Run {
    /// Loss on the training set after each epoch.
    TrainLoss,
    /// Loss on the validation set after each epoch.
    ValLoss,
    /// Accuracy on the training set after each epoch.
    TrainAcc,
    /// Accuracy on the validation set after each epoch.
    ValAcc,
}

impl Run {
    fn values(self, h: &History) -> &[f32] {
        match self {
            Run::TrainLoss => &h.train_loss,
            Run::ValLoss => &h.val_loss,
            Run::TrainAcc => &h.train_acc,
            Run::ValAcc => &h.val_acc,
        }
    }

    fn is_accuracy(self) -> bool {
        matches!(self, Run::TrainAcc | Run::ValAcc)
    }

    fn label(self) -> &'static str {
        match self {
            Run::TrainLoss => "training loss",
            Run::ValLoss => "validation loss",
            Run::TrainAcc => "training accuracy (%)",
            Run::ValAcc => "validation accuracy (%)",
        }
    }
}

/// One line of a line chart.
struct Series {
    name: String,
    points: Vec<(f32, f32)>,
    color: RGBColor,
    width: u32,
    markers: bool,
}

/// A line chart with a legend, the shape shared by all training curves.
struct LinePanel {
    title: String,
    x_desc: String,
    y_desc: String,
    x_range: (f32, f32),
    y_range: (f32, f32),
    series: Vec<Series>,
    legend: bool,
    /// Label only whole numbers on the x axis (epochs).
    whole_x: bool,
    /// Label only whole numbers on the y axis (counts).
    whole_y: bool,
}

impl LinePanel {
    /// Checks that the axes can be drawn and drops points that are not finite numbers (a NaN
    /// loss leaves a gap rather than breaking the chart).
    fn figure(mut self) -> Result<Figure> {
        for (axis, (lo, hi)) in [("x", self.x_range), ("y", self.y_range)] {
            if !(lo < hi && (hi - lo).is_finite()) {
                return Err(Error::InvalidArgument(format!(
                    "the {axis} values run from {lo} to {hi}, which cannot be drawn; are some \
                     values infinite or huge (e.g. after training diverged)?"
                )));
            }
        }
        for s in &mut self.series {
            s.points.retain(|p| p.0.is_finite() && p.1.is_finite());
        }
        Ok(Figure::single(self))
    }
}

impl Draw for LinePanel {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let mut chart = ChartBuilder::on(area)
            .caption(&self.title, style::title_font())
            .margin(14)
            .x_label_area_size(42)
            .y_label_area_size(58)
            .build_cartesian_2d(
                self.x_range.0..self.x_range.1,
                self.y_range.0..self.y_range.1,
            )
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(style::GRID_GREY)
            .x_desc(&self.x_desc)
            .y_desc(&self.y_desc)
            .axis_desc_style(style::label_font())
            .label_style(style::tick_font())
            .x_label_formatter(if self.whole_x {
                &style::whole_label
            } else {
                &style::tick_label
            })
            .y_label_formatter(if self.whole_y {
                &style::whole_label
            } else {
                &style::tick_label
            })
            .x_labels(8)
            .y_labels(8)
            .draw()
            .map_err(plot_err)?;
        for s in &self.series {
            let line = s.color.stroke_width(s.width);
            let drawn = chart
                .draw_series(LineSeries::new(s.points.iter().copied(), line))
                .map_err(plot_err)?;
            if !s.name.is_empty() {
                let color = s.color;
                drawn.label(&s.name).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 22, y)], color.stroke_width(3))
                });
            }
            if s.markers && s.points.len() <= 60 {
                chart
                    .draw_series(
                        s.points
                            .iter()
                            .map(|&p| Circle::new(p, 3, s.color.filled())),
                    )
                    .map_err(plot_err)?;
            }
        }
        if self.legend {
            style::draw_legend(
                &mut chart,
                SeriesLabelPosition::LowerRight,
                style::tick_font(),
            )?;
        }
        Ok(())
    }
}

/// Range of the values with 5 % padding (and a non-empty span).
fn padded_range(values: impl Iterator<Item = f32>, floor_zero: bool) -> (f32, f32) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let lo = if floor_zero { lo.min(0.0) } else { lo };
    let span = (hi - lo).max(1e-3);
    (
        if floor_zero { lo } else { lo - 0.05 * span },
        hi + 0.05 * span,
    )
}

fn check_history(h: &History, what: &str) -> Result<()> {
    if h.minibatch_loss.is_empty() || h.train_loss.is_empty() {
        return Err(Error::InvalidArgument(format!(
            "the history{what} is empty: train with Trainer::fit first"
        )));
    }
    Ok(())
}

/// The loss of every minibatch (thin, pale) with its running average over one epoch's
/// batches (bold), on an axis counted in epochs — like the course's `plot_training_loss`.
pub fn loss_curve(history: &History) -> Result<Figure> {
    check_history(history, "")?;
    let per_epoch = history.batches_per_epoch.max(1) as f32;
    let raw: Vec<(f32, f32)> = history
        .minibatch_loss
        .iter()
        .enumerate()
        .map(|(i, &l)| ((i + 1) as f32 / per_epoch, l))
        .collect();
    let window = history.batches_per_epoch.clamp(1, 100).min(raw.len());
    let avg: Vec<(f32, f32)> = raw
        .windows(window)
        .map(|w| {
            (
                w[w.len() - 1].0,
                w.iter().map(|p| p.1).sum::<f32>() / window as f32,
            )
        })
        .collect();
    // Zoom past early spikes: the top is the larger of the running average's peak and the
    // 95th percentile of the raw losses.
    let mut sorted: Vec<f32> = raw.iter().map(|p| p.1).filter(|v| v.is_finite()).collect();
    sorted.sort_by(f32::total_cmp);
    let Some(&p95) = sorted.get((sorted.len() * 95 / 100).min(sorted.len().saturating_sub(1)))
    else {
        return Err(Error::InvalidArgument(format!(
            "none of the {} minibatch losses is a finite number; there is nothing to plot",
            raw.len()
        )));
    };
    let top = avg.iter().map(|p| p.1).fold(p95, f32::max) * 1.1;
    let epochs = raw.len() as f32 / per_epoch;
    LinePanel {
        title: "Training loss".into(),
        x_desc: "epoch".into(),
        y_desc: "cross-entropy loss".into(),
        x_range: (0.0, epochs),
        y_range: (0.0, top.max(1e-3)),
        series: vec![
            Series {
                name: "minibatch loss".into(),
                points: raw,
                color: style::tint(line_color(0), 0.45),
                width: 1,
                markers: false,
            },
            Series {
                name: format!("running average ({window} batches)"),
                points: avg,
                color: line_color(1),
                width: 3,
                markers: false,
            },
        ],
        legend: true,
        whole_x: false,
        whole_y: false,
    }
    .figure()
}

/// Training and validation accuracy after each epoch, in percent (the course's
/// `plot_accuracy`).
pub fn accuracy_curves(history: &History) -> Result<Figure> {
    check_history(history, "")?;
    let pct = |v: &[f32]| -> Vec<(f32, f32)> {
        v.iter()
            .enumerate()
            .map(|(e, &a)| ((e + 1) as f32, 100.0 * a))
            .collect()
    };
    let mut series = vec![Series {
        name: "training".into(),
        points: pct(&history.train_acc),
        color: line_color(0),
        width: 3,
        markers: true,
    }];
    if !history.val_acc.is_empty() {
        series.push(Series {
            name: "validation".into(),
            points: pct(&history.val_acc),
            color: line_color(1),
            width: 3,
            markers: true,
        });
    }
    let lo = padded_range(
        series.iter().flat_map(|s| s.points.iter().map(|p| p.1)),
        false,
    )
    .0;
    LinePanel {
        title: "Accuracy per epoch".into(),
        x_desc: "epoch".into(),
        y_desc: "accuracy (%)".into(),
        x_range: (0.5, history.epochs() as f32 + 0.5),
        y_range: (lo.clamp(0.0, 95.0), 101.0),
        series,
        legend: true,
        whole_x: true,
        whole_y: false,
    }
    .figure()
}

/// Several training runs overlaid, one colour each: e.g. wide versus deep, or one run per
/// initialisation scheme or activation.
///
/// ```
/// use mlp_companion::prelude::*;
/// let data = datasets::xor(200, 1)?;
/// let mut runs = Vec::new();
/// for units in [2, 16] {
///     let mut m = Mlp::builder(2).hidden(units, Activation::Relu).output(2).build()?;
///     runs.push((format!("{units} hidden units"), Trainer::new(Sgd::new(0.1)).epochs(5).fit(&mut m, &data)?));
/// }
/// let figure = plot::compare_runs(&runs, plot::Run::TrainAcc)?;
/// # Ok::<(), mlp_companion::Error>(())
/// ```
pub fn compare_runs<S: AsRef<str>>(runs: &[(S, History)], metric: Run) -> Result<Figure> {
    if runs.is_empty() {
        return Err(Error::InvalidArgument(
            "compare_runs needs at least one run".into(),
        ));
    }
    let mut series = Vec::new();
    for (i, (name, history)) in runs.iter().enumerate() {
        let values = metric.values(history);
        if values.is_empty() {
            return Err(Error::InvalidArgument(format!(
                "run '{}' has no {}: train it{}",
                name.as_ref(),
                metric.label(),
                if matches!(metric, Run::ValAcc | Run::ValLoss) {
                    " with a validation set (Trainer::validation)"
                } else {
                    " first"
                }
            )));
        }
        let scale = if metric.is_accuracy() { 100.0 } else { 1.0 };
        series.push(Series {
            name: name.as_ref().to_string(),
            points: values
                .iter()
                .enumerate()
                .map(|(e, &v)| ((e + 1) as f32, scale * v))
                .collect(),
            color: line_color(i),
            width: 3,
            markers: true,
        });
    }
    let epochs = series.iter().map(|s| s.points.len()).max().unwrap_or(1);
    let y_range = if metric.is_accuracy() {
        let lo = padded_range(
            series.iter().flat_map(|s| s.points.iter().map(|p| p.1)),
            false,
        )
        .0;
        (lo.clamp(0.0, 95.0), 101.0)
    } else {
        padded_range(
            series.iter().flat_map(|s| s.points.iter().map(|p| p.1)),
            true,
        )
    };
    let mut title = metric.label().to_string();
    if let Some(first) = title.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    LinePanel {
        title,
        x_desc: "epoch".into(),
        y_desc: metric.label().into(),
        x_range: (0.5, epochs as f32 + 0.5),
        y_range,
        series,
        legend: true,
        whole_x: true,
        whole_y: false,
    }
    .figure()
}

/// The perceptron's misclassifications per epoch: they reach zero on linearly separable
/// data and never do on XOR.
pub fn perceptron_errors(history: &PerceptronHistory) -> Result<Figure> {
    if history.errors.is_empty() {
        return Err(Error::InvalidArgument(
            "the perceptron history is empty: call Perceptron::fit first".into(),
        ));
    }
    let n = history.errors.len();
    let title = if history.converged {
        format!("Perceptron converged after {n} epochs")
    } else {
        format!("Perceptron never converged ({n} epochs)")
    };
    let points: Vec<(f32, f32)> = history
        .errors
        .iter()
        .enumerate()
        .map(|(e, &k)| ((e + 1) as f32, k as f32))
        .collect();
    let top = history.errors.iter().copied().max().unwrap_or(1).max(1) as f32 * 1.1;
    LinePanel {
        title,
        x_desc: "epoch".into(),
        y_desc: "misclassified samples (updates)".into(),
        x_range: (0.5, n as f32 + 0.5),
        y_range: (0.0, top),
        series: vec![Series {
            name: String::new(),
            points,
            color: line_color(if history.converged { 2 } else { 1 }),
            width: 2,
            markers: true,
        }],
        legend: false,
        whole_x: true,
        whole_y: true,
    }
    .figure()
}
