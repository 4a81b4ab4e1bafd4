//! The activation gallery: each function and its derivative on [−5, 5].

use super::style::{self, line_color};
use super::{Draw, Figure, plot_err};
use crate::activation::Activation;
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;

const SMALL_PANEL: (u32, u32) = (340, 270);

/// One small panel per activation, with `f(z)` (solid) and its derivative `f'(z)` (dashed)
/// on [−5, 5], four panels per row. Pass [`Activation::ALL`] for the whole family.
///
/// ```
/// use mlp_companion::prelude::*;
/// let gallery = plot::activation_gallery(&Activation::ALL)?;
/// assert_eq!(gallery.n_panels(), 14);
/// # Ok::<(), mlp_companion::Error>(())
/// ```
pub fn activation_gallery(activations: &[Activation]) -> Result<Figure> {
    if activations.is_empty() {
        return Err(Error::InvalidArgument(
            "activation_gallery needs at least one activation, e.g. &Activation::ALL".into(),
        ));
    }
    let mut panels = Vec::new();
    for &act in activations {
        act.validate()?;
        panels.push(Figure::boxed(ActivationPanel { act }));
    }
    let cols = activations.len().min(4);
    Figure::panels(panels, cols, SMALL_PANEL)
}

struct ActivationPanel {
    act: Activation,
}

impl Draw for ActivationPanel {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let zs: Vec<f32> = (0..=400).map(|i| -5.0 + 0.025 * i as f32).collect();
        let f: Vec<(f32, f32)> = zs.iter().map(|&z| (z, self.act.forward(z))).collect();
        let df: Vec<(f32, f32)> = zs.iter().map(|&z| (z, self.act.derivative(z))).collect();
        let (lo, hi) = f
            .iter()
            .chain(&df)
            .fold((-1.0f32, 1.5f32), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
        let pad = 0.08 * (hi - lo);
        let mut chart = ChartBuilder::on(area)
            .caption(self.act.to_string(), style::font(17).style(FontStyle::Bold))
            .margin(8)
            .x_label_area_size(26)
            .y_label_area_size(34)
            .build_cartesian_2d(-5f32..5f32, (lo - pad)..(hi + pad))
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(style::GRID_GREY)
            .label_style(style::font(12))
            .x_label_formatter(&style::tick_label)
            .y_label_formatter(&style::tick_label)
            .x_labels(6)
            .y_labels(5)
            .draw()
            .map_err(plot_err)?;
        let axis = RGBColor(120, 120, 120).stroke_width(1);
        chart
            .draw_series([
                PathElement::new(vec![(-5.0, 0.0), (5.0, 0.0)], axis),
                PathElement::new(vec![(0.0, lo - pad), (0.0, hi + pad)], axis),
            ])
            .map_err(plot_err)?;
        let function = line_color(0).stroke_width(2);
        chart
            .draw_series(LineSeries::new(f, function))
            .map_err(plot_err)?
            .label("f(z)")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], function));
        let derivative = line_color(1).stroke_width(2);
        chart
            .draw_series(DashedLineSeries::new(df, 6, 4, derivative))
            .map_err(plot_err)?
            .label("f'(z)")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], derivative));
        style::draw_legend(
            &mut chart,
            SeriesLabelPosition::UpperLeft,
            style::font(12).color(&style::TEXT),
        )?;
        Ok(())
    }
}
