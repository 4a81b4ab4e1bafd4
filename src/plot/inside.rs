//! Looking inside a network: what each hidden unit computes over the input plane, the
//! weight matrix of a layer, and the distributions of weights and activations per layer.

use super::style::{self, class_color, tint};
use super::{Draw, Figure, plot_err};
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::layer::Linear;
use crate::mlp::Mlp;
use crate::model::Classifier;
use ndarray::{Array2, ArrayView2};
use plotters::coord::Shift;
use plotters::prelude::*;

/// The diverging colour of `v` in [−1, 1]: blue for negative, white at 0, vermillion for
/// positive (both from the class palette, distinguishable with colour-vision deficiencies),
/// quantised to 12 steps per side.
fn diverging(v: f32) -> RGBColor {
    let level = ((v.clamp(-1.0, 1.0) * 12.0).round() / 12.0) as f64;
    if level < 0.0 {
        tint(class_color(0), -level)
    } else {
        tint(class_color(1), level)
    }
}

const MAP_CELLS: usize = 48;
const MAP_PX: i32 = 84;
const MAP_SLOT: (i32, i32) = (94, 104);
const MAPS_PER_ROW: usize = 10;
const MAX_UNITS: usize = 30;

/// For a trained model on 2-D data: each hidden unit's activation over the input plane (the
/// data range ± 1) as a small heatmap, one block per hidden layer, like the neurons of
/// TensorFlow Playground. Blue is negative, white zero, vermillion positive; each map is
/// scaled to its own largest |activation|. Under constant initialisation every map of a
/// layer is the same. Shows up to 30 units per layer.
pub fn hidden_unit_maps(model: &Mlp, data: &Dataset) -> Result<Figure> {
    data.validate()?;
    if model.n_features() != 2 || data.n_features() != 2 {
        return Err(Error::Shape(format!(
            "hidden-unit maps need 2 input features; the model has {} and the data {}",
            model.n_features(),
            data.n_features()
        )));
    }
    if model.n_hidden_layers() == 0 {
        return Err(Error::InvalidArgument(
            "this model has no hidden layer (it is softmax regression): nothing to show".into(),
        ));
    }
    let (xr, yr) = super::regions::plane_ranges(&[data])?;
    let n = MAP_CELLS;
    // row 0 of each map is the top of the plane (largest x₂)
    let grid = Array2::from_shape_fn((n * n, 2), |(k, c)| {
        let (i, j) = (k % n, k / n);
        if c == 0 {
            xr.0 + (xr.1 - xr.0) * (i as f32 + 0.5) / n as f32
        } else {
            yr.1 - (yr.1 - yr.0) * (j as f32 + 0.5) / n as f32
        }
    });
    let outputs = model.layer_outputs(&grid)?;
    let mut layers = Vec::new();
    for (l, (out, act)) in outputs.iter().zip(model.activations()).enumerate() {
        let units = out.ncols();
        let maps = (0..units.min(MAX_UNITS))
            .map(|u| {
                let col = out.column(u);
                let scale = col.fold(0f32, |m, v| m.max(v.abs()));
                col.iter()
                    .map(|&v| if scale > 0.0 { v / scale } else { 0.0 })
                    .collect()
            })
            .collect();
        let shown = if units > MAX_UNITS {
            format!(" (first {MAX_UNITS} shown)")
        } else {
            String::new()
        };
        layers.push(LayerMaps {
            header: format!("Hidden layer {}: {units} units, {act}{shown}", l + 1),
            maps,
        });
    }
    let width = 24 + MAPS_PER_ROW.min(max_units(&layers)) as i32 * MAP_SLOT.0 + 24;
    let height = 50 + layers.iter().map(|l| l.height()).sum::<i32>() + 10;
    let panel = UnitMapsPanel {
        title: format!("What each hidden unit computes: {}", model.name()),
        layers,
    };
    Figure::panels(
        vec![Figure::boxed(panel)],
        1,
        (width.max(560) as u32, height as u32),
    )
}

fn max_units(layers: &[LayerMaps]) -> usize {
    layers.iter().map(|l| l.maps.len()).max().unwrap_or(1)
}

struct LayerMaps {
    header: String,
    /// One map per unit: `MAP_CELLS²` values in [−1, 1], row by row from the top.
    maps: Vec<Vec<f32>>,
}

impl LayerMaps {
    fn rows(&self) -> i32 {
        self.maps.len().div_ceil(MAPS_PER_ROW) as i32
    }
    fn height(&self) -> i32 {
        30 + self.rows() * MAP_SLOT.1
    }
}

struct UnitMapsPanel {
    title: String,
    layers: Vec<LayerMaps>,
}

impl Draw for UnitMapsPanel {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let title = style::title_font();
        area.draw(&Text::new(self.title.clone(), (24, 12), title))
            .map_err(plot_err)?;
        let mut y = 50;
        for layer in &self.layers {
            area.draw(&Text::new(
                layer.header.clone(),
                (24, y),
                style::font(15).style(FontStyle::Bold).color(&style::TEXT),
            ))
            .map_err(plot_err)?;
            y += 26;
            for (u, map) in layer.maps.iter().enumerate() {
                let x0 = 24 + (u % MAPS_PER_ROW) as i32 * MAP_SLOT.0;
                let y0 = y + (u / MAPS_PER_ROW) as i32 * MAP_SLOT.1;
                draw_map(area, map, (x0, y0))?;
                let label = style::font(12).color(&style::TEXT);
                area.draw(&Text::new(
                    format!("unit {}", u + 1),
                    (x0 + 20, y0 + MAP_PX + 3),
                    label,
                ))
                .map_err(plot_err)?;
            }
            y += layer.rows() * MAP_SLOT.1 + 4;
        }
        Ok(())
    }
}

/// Draws one map as runs of equal colour, `MAP_PX` pixels square, with a thin frame.
fn draw_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    map: &[f32],
    (x0, y0): (i32, i32),
) -> Result<()> {
    let n = MAP_CELLS;
    let edge = |k: usize| (k as i32 * MAP_PX) / n as i32;
    for j in 0..n {
        let mut start = 0;
        for i in 1..=n {
            if i == n || diverging(map[j * n + i]) != diverging(map[j * n + i - 1]) {
                let color = diverging(map[j * n + i - 1]);
                let rect = Rectangle::new(
                    [
                        (x0 + edge(start), y0 + edge(j)),
                        (x0 + edge(i), y0 + edge(j + 1)),
                    ],
                    color.filled(),
                );
                area.draw(&rect).map_err(plot_err)?;
                start = i;
            }
        }
    }
    let frame = Rectangle::new(
        [(x0, y0), (x0 + MAP_PX, y0 + MAP_PX)],
        RGBColor(120, 120, 120).stroke_width(1),
    );
    area.draw(&frame).map_err(plot_err)
}

/// The weight matrix of one layer as a heatmap: one row per unit (its incoming weights),
/// one column per input. Blue negative, vermillion positive, scaled to the largest |w|;
/// values are written in the cells when there is room. Identical rows show the symmetry
/// that constant initialisation never breaks.
pub fn weight_heatmap(layer: &Linear, title: &str) -> Result<Figure> {
    layer.check_shapes()?;
    let (rows, cols) = layer.weight.dim();
    if rows > 512 || cols > 512 {
        return Err(Error::InvalidArgument(format!(
            "a heatmap of a [{rows}, {cols}] weight would be unreadable; show at most 512 × 512 \
             (e.g. a slice of the weight as its own Linear layer)"
        )));
    }
    Ok(Figure::single(HeatmapPanel {
        title: title.to_string(),
        weight: layer.weight.clone(),
    }))
}

struct HeatmapPanel {
    title: String,
    weight: Array2<f32>,
}

impl Draw for HeatmapPanel {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let (rows, cols) = self.weight.dim();
        let scale = self.weight.fold(0f32, |m, v| m.max(v.abs()));
        let (main, bar) = area.split_horizontally(area.dim_in_pixel().0.saturating_sub(90));
        let mut chart = ChartBuilder::on(&main)
            .caption(&self.title, style::title_font())
            .margin(12)
            .x_label_area_size(42)
            .y_label_area_size(56)
            .build_cartesian_2d(0f32..cols as f32, 0f32..rows as f32)
            .map_err(plot_err)?;
        let index = |v: &f32, n: usize| {
            let k = v.floor();
            if (v - k - 0.5).abs() < 1e-3 && k >= 0.0 && (k as usize) < n {
                format!("{}", k as usize + 1)
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("input")
            .y_desc("unit (row of W)")
            .axis_desc_style(style::label_font())
            .label_style(style::tick_font())
            .x_labels(cols.min(12) * 2 + 1)
            .y_labels(rows.min(16) * 2 + 1)
            .x_label_formatter(&|v| index(v, cols))
            .y_label_formatter(&|v| index(&(rows as f32 - v), rows))
            .draw()
            .map_err(plot_err)?;
        let cell = |r: usize, c: usize| {
            let y = (rows - 1 - r) as f32;
            [(c as f32, y), (c as f32 + 1.0, y + 1.0)]
        };
        chart
            .draw_series(self.weight.indexed_iter().map(|((r, c), &w)| {
                let v = if scale > 0.0 { w / scale } else { 0.0 };
                Rectangle::new(cell(r, c), diverging(v).filled())
            }))
            .map_err(plot_err)?;
        let (pw, ph) = chart.plotting_area().dim_in_pixel();
        if pw as usize / cols >= 44 && ph as usize / rows >= 18 {
            let text =
                style::font(12)
                    .color(&style::TEXT)
                    .pos(plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Center,
                        plotters::style::text_anchor::VPos::Center,
                    ));
            chart
                .draw_series(self.weight.indexed_iter().map(|((r, c), &w)| {
                    let y = (rows - 1 - r) as f32 + 0.5;
                    Text::new(format!("{w:.2}"), (c as f32 + 0.5, y), text.clone())
                }))
                .map_err(plot_err)?;
        }
        draw_colorbar(&bar, scale)
    }
}

/// A vertical colour bar from −scale (bottom) to +scale (top).
fn draw_colorbar<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, scale: f32) -> Result<()> {
    let (_, h) = area.dim_in_pixel();
    let (top, bottom) = (60, h as i32 - 60);
    let x0 = 8;
    for y in top..bottom {
        let v = 1.0 - 2.0 * (y - top) as f32 / (bottom - top) as f32;
        area.draw(&Rectangle::new(
            [(x0, y), (x0 + 18, y + 1)],
            diverging(v).filled(),
        ))
        .map_err(plot_err)?;
    }
    area.draw(&Rectangle::new(
        [(x0, top), (x0 + 18, bottom)],
        RGBColor(120, 120, 120).stroke_width(1),
    ))
    .map_err(plot_err)?;
    let font = style::tick_font();
    for (label, y) in [
        (format!("{:+.2}", scale), top),
        ("0".to_string(), (top + bottom) / 2),
        (format!("{:+.2}", -scale), bottom),
    ] {
        area.draw(&Text::new(label, (x0 + 24, y - 7), font.clone()))
            .map_err(plot_err)?;
    }
    Ok(())
}

const HIST_PANEL: (u32, u32) = (300, 230);
const HIST_BINS: usize = 40;

/// Histograms of the weights of every layer, e.g. right after initialisation, with their
/// standard deviation in each title.
pub fn weight_histograms(model: &Mlp, label: &str) -> Result<Figure> {
    let panels = model
        .layers()
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            let (out, inp) = layer.weight.dim();
            Figure::boxed(HistPanel::new(
                format!("{label}, layer {} [{out}×{inp}]", l + 1),
                layer.weight.iter().copied().collect(),
                "weight",
                0,
                None,
            ))
        })
        .collect();
    Figure::panels(panels, model.layers().len().min(5), HIST_PANEL)
}

/// Histograms of the activations `f(z)` of every hidden layer for the inputs `x`, with their
/// standard deviation in each title: through a deep net they show whether the signal keeps
/// its scale (Kaiming with ReLU, Xavier with tanh), shrinks to zero (too-small weights) or
/// explodes (N(0, 1)). Every panel uses the value range of the first layer, so growth piles
/// up at the right edge and shrinkage at the centre; exact zeros (inactive ReLUs) are left
/// out of the bars and counted in the title. `label` names the run in each title.
pub fn activation_histograms(model: &Mlp, x: ArrayView2<f32>, label: &str) -> Result<Figure> {
    if model.n_hidden_layers() == 0 {
        return Err(Error::InvalidArgument(
            "this model has no hidden layer (softmax regression): there are no activations to show"
                .into(),
        ));
    }
    if x.nrows() == 0 {
        return Err(Error::Data(
            "activation_histograms needs at least one input row, got 0".into(),
        ));
    }
    let outputs = model.layer_outputs(x)?;
    let hidden = model.n_hidden_layers();
    let first = outputs[0].iter().filter(|v| v.is_finite() && **v != 0.0);
    let (lo, hi) = first.fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &v| {
        (a.min(v), b.max(v))
    });
    let range = (lo.is_finite() && hi > lo).then_some((lo.min(0.0), hi));
    let panels = outputs
        .into_iter()
        .take(hidden)
        .zip(model.activations())
        .enumerate()
        .map(|(l, (a, act))| {
            Figure::boxed(HistPanel::new(
                format!("{label}, layer {} ({act})", l + 1),
                a.iter().copied().collect(),
                "activation",
                2,
                range,
            ))
        })
        .collect();
    Figure::panels(panels, hidden.min(5), HIST_PANEL)
}

struct HistPanel {
    title: String,
    subtitle: String,
    x_desc: &'static str,
    range: (f32, f32),
    counts: Vec<f32>,
    color: RGBColor,
}

impl HistPanel {
    /// Bins `values` over `range` (default: their own range; values outside go to the edge
    /// bins). When more than 5 % are exactly zero they are left out and counted instead.
    fn new(
        title: String,
        values: Vec<f32>,
        x_desc: &'static str,
        color: usize,
        range: Option<(f32, f32)>,
    ) -> Self {
        let finite: Vec<f32> = values.into_iter().filter(|v| v.is_finite()).collect();
        let n = finite.len().max(1) as f64;
        let mean = finite.iter().map(|&v| v as f64).sum::<f64>() / n;
        let var = finite
            .iter()
            .map(|&v| (v as f64 - mean).powi(2))
            .sum::<f64>()
            / n;
        let zeros = finite.iter().filter(|&&v| v == 0.0).count();
        let skip_zeros = zeros as f64 > 0.05 * n;
        let binned: Vec<f32> = finite
            .into_iter()
            .filter(|&v| !(skip_zeros && v == 0.0))
            .collect();
        // the axis range comes from values small enough to draw; larger ones go to the edges
        let own = binned
            .iter()
            .filter(|v| v.abs() < 1e30)
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        let (lo, hi) = match range {
            Some(r) => r,
            None if own.0.is_finite() && own.1 > own.0 => own,
            None if own.0.is_finite() => (own.0 - 0.5, own.0 + 0.5),
            None => (0.0, 1.0),
        };
        let mut counts = vec![0f32; HIST_BINS];
        for &v in &binned {
            let b = ((v - lo) / (hi - lo) * HIST_BINS as f32).clamp(0.0, (HIST_BINS - 1) as f32);
            counts[b as usize] += 1.0;
        }
        counts.iter_mut().for_each(|c| *c /= n as f32);
        let mut subtitle = format!("std {}", fmt_sig(var.sqrt()));
        if skip_zeros {
            subtitle += &format!(", {:.0}% zero", 100.0 * zeros as f64 / n);
        }
        HistPanel {
            title,
            subtitle,
            x_desc,
            range: (lo, hi),
            counts,
            color: class_color(color),
        }
    }
}

/// A number with 3 significant digits, in scientific notation when very small or large.
fn fmt_sig(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if !(1e-3..1e4).contains(&v.abs()) {
        format!("{v:.2e}")
    } else {
        let digits = (2 - v.abs().log10().floor() as i32).max(0) as usize;
        format!("{v:.digits$}")
    }
}

impl Draw for HistPanel {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let top = self.counts.iter().copied().fold(0.0, f32::max).max(1e-6) * 1.1;
        let (lo, hi) = self.range;
        let width = (hi - lo) / HIST_BINS as f32;
        let mut chart = ChartBuilder::on(area)
            .caption(&self.title, style::font(13).style(FontStyle::Bold))
            .margin(8)
            .x_label_area_size(34)
            .y_label_area_size(40)
            .build_cartesian_2d(lo..hi, 0f32..top)
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(style::GRID_GREY)
            .x_desc(self.x_desc)
            .axis_desc_style(style::font(12))
            .label_style(style::font(11))
            .x_labels(5)
            .y_labels(4)
            .x_label_formatter(&style::tick_label)
            .y_label_formatter(&|v| format!("{:.0}%", 100.0 * v))
            .draw()
            .map_err(plot_err)?;
        chart
            .draw_series(
                self.counts
                    .iter()
                    .enumerate()
                    .filter(|&(_, &c)| c > 0.0)
                    .map(|(b, &c)| {
                        let x = lo + b as f32 * width;
                        Rectangle::new([(x, 0.0), (x + width, c)], self.color.mix(0.85).filled())
                    }),
            )
            .map_err(plot_err)?;
        // the statistics, right-aligned in the top corner of the plot
        let (w, _) = chart.plotting_area().dim_in_pixel();
        let text = style::font(12)
            .color(&style::TEXT)
            .pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Right,
                plotters::style::text_anchor::VPos::Top,
            ));
        let plot = chart.plotting_area().strip_coord_spec();
        for (k, line) in self.subtitle.split(", ").enumerate() {
            plot.draw(&Text::new(
                line.to_string(),
                (w as i32 - 4, 4 + 15 * k as i32),
                text.clone(),
            ))
            .map_err(plot_err)?;
        }
        Ok(())
    }
}
