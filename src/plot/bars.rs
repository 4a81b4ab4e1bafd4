//! Bar charts for comparisons: accuracy or parameter count per architecture.

use super::style::{self, line_color};
use super::{Draw, Figure, plot_err};
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;

/// One bar per `(label, value)`, each value written above its bar.
///
/// ```
/// use mlp_companion::prelude::*;
/// let figure = plot::bar_chart(
///     "Parameters per architecture",
///     "parameters",
///     &[("wide 2-64-2", 322.0), ("deep 2-12-12-12-2", 374.0)],
/// )?;
/// # Ok::<(), mlp_companion::Error>(())
/// ```
pub fn bar_chart<S: AsRef<str>>(title: &str, y_label: &str, bars: &[(S, f32)]) -> Result<Figure> {
    if bars.is_empty() {
        return Err(Error::InvalidArgument(
            "bar_chart needs at least one bar".into(),
        ));
    }
    if let Some((name, v)) = bars.iter().find(|(_, v)| !v.is_finite()) {
        return Err(Error::InvalidArgument(format!(
            "bar '{}' has the value {v}; bars need finite values",
            name.as_ref()
        )));
    }
    let lo = bars.iter().map(|b| b.1).fold(0.0f32, f32::min);
    let hi = bars.iter().map(|b| b.1).fold(0.0f32, f32::max);
    if !((hi - lo) * 1.2).is_finite() {
        return Err(Error::InvalidArgument(format!(
            "the bars run from {lo} to {hi}, too far apart to draw on one axis"
        )));
    }
    Ok(Figure::single(BarPanel {
        title: title.to_string(),
        y_label: y_label.to_string(),
        bars: bars
            .iter()
            .map(|(n, v)| (n.as_ref().to_string(), *v))
            .collect(),
    }))
}

struct BarPanel {
    title: String,
    y_label: String,
    bars: Vec<(String, f32)>,
}

impl Draw for BarPanel {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let n = self.bars.len();
        let lo = self.bars.iter().map(|b| b.1).fold(0.0f32, f32::min);
        let hi = self.bars.iter().map(|b| b.1).fold(0.0f32, f32::max);
        let span = (hi - lo).max(1e-6);
        let mut chart = ChartBuilder::on(area)
            .caption(&self.title, style::title_font())
            .margin(14)
            .x_label_area_size(46)
            .y_label_area_size(64)
            .build_cartesian_2d(
                -0.5f32..(n as f32 - 0.5),
                (lo - 0.02 * span)..(hi + 0.12 * span),
            )
            .map_err(plot_err)?;
        let names: Vec<String> = self.bars.iter().map(|b| b.0.clone()).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(style::GRID_GREY)
            .y_desc(&self.y_label)
            .axis_desc_style(style::label_font())
            .label_style(style::tick_font())
            .y_label_formatter(&style::tick_label)
            .x_labels(n)
            .x_label_formatter(&|x: &f32| {
                let i = x.round();
                if (x - i).abs() < 1e-3 && i >= 0.0 {
                    names.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .draw()
            .map_err(plot_err)?;
        chart
            .draw_series(self.bars.iter().enumerate().map(|(i, (_, v))| {
                let x = i as f32;
                Rectangle::new([(x - 0.35, 0.0), (x + 0.35, *v)], line_color(i).filled())
            }))
            .map_err(plot_err)?;
        let text = style::tick_font().pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Bottom,
        ));
        chart
            .draw_series(self.bars.iter().enumerate().map(|(i, (_, v))| {
                Text::new(
                    style::tick_label(&round_sig(*v)),
                    (i as f32, v.max(0.0) + 0.02 * span),
                    text.clone(),
                )
            }))
            .map_err(plot_err)?;
        Ok(())
    }
}

/// Rounds to 4 significant digits for the value labels.
fn round_sig(v: f32) -> f32 {
    if v == 0.0 {
        return 0.0;
    }
    let scale = 10f32.powi(3 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}
