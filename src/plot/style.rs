//! One style for every chart: colours, markers and fonts.

use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::{FontDesc, FontFamily};
use plotters_backend::{BackendCoord, DrawingErrorKind};
use std::f64::consts::{FRAC_PI_2, PI};

/// The Okabe–Ito palette (Okabe and Ito, 2008), designed to stay distinguishable with every
/// common colour-vision deficiency, extended with two of Paul Tol's colours to reach ten.
pub struct Palette;

impl Palette {
    /// The ten class colours, in class order.
    pub const CLASSES: [RGBColor; 10] = [
        RGBColor(0, 114, 178),   // blue
        RGBColor(213, 94, 0),    // vermillion
        RGBColor(0, 158, 115),   // bluish green
        RGBColor(204, 121, 167), // reddish purple
        RGBColor(230, 159, 0),   // orange
        RGBColor(86, 180, 233),  // sky blue
        RGBColor(136, 34, 85),   // wine (Tol)
        RGBColor(240, 228, 66),  // yellow
        RGBColor(68, 170, 153),  // teal (Tol)
        RGBColor(0, 0, 0),       // black
    ];

    /// Colours for curves of several runs (the class colours without yellow, which is hard
    /// to see as a thin line).
    pub const LINES: [RGBColor; 8] = [
        RGBColor(0, 114, 178),
        RGBColor(213, 94, 0),
        RGBColor(0, 158, 115),
        RGBColor(204, 121, 167),
        RGBColor(230, 159, 0),
        RGBColor(86, 180, 233),
        RGBColor(136, 34, 85),
        RGBColor(0, 0, 0),
    ];
}

/// The colour of class `c` (classes beyond 10 reuse the palette).
pub fn class_color(c: usize) -> RGBColor {
    Palette::CLASSES[c % Palette::CLASSES.len()]
}

pub(crate) fn line_color(i: usize) -> RGBColor {
    Palette::LINES[i % Palette::LINES.len()]
}

/// `color` blended toward white: `amount` 0 gives white, 1 the colour itself.
pub(crate) fn tint(color: RGBColor, amount: f64) -> RGBColor {
    let mix = |c: u8| (255.0 - (255.0 - c as f64) * amount.clamp(0.0, 1.0)).round() as u8;
    RGBColor(mix(color.0), mix(color.1), mix(color.2))
}

pub(crate) const GRID_GREY: RGBColor = RGBColor(225, 225, 225);
pub(crate) const TEXT: RGBColor = RGBColor(30, 30, 30);

/// Tick label text: whole numbers without a decimal point, others with up to 3 digits.
pub(crate) fn tick_label(v: &f32) -> String {
    let a = v.abs();
    if a < 1e-15 {
        return "0".into(); // a tick at zero that rounding moved off it
    }
    if a >= 1e5 || (a > 0.0 && a < 1e-3) {
        let s = format!("{v:.1e}");
        return s.replace(".0e", "e");
    }
    if (v - v.round()).abs() < 1e-4 * v.abs().max(1.0) {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Draws the chart's legend in one style: a translucent white box with a grey border.
pub(crate) fn draw_legend<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
    font: TextStyle<'static>,
) -> crate::error::Result<()>
where
    DB: DrawingBackend + 'a,
    CT: plotters::coord::CoordTranslate,
{
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(150, 150, 150))
        .label_font(font)
        .draw()
        .map_err(super::plot_err)
}

/// Tick label for a count axis such as epochs: whole numbers only, nothing between them.
pub(crate) fn whole_label(v: &f32) -> String {
    if (v - v.round()).abs() < 1e-3 {
        format!("{}", v.round() as i64)
    } else {
        String::new()
    }
}

/// The embedded sans-serif font at `size` pixels.
pub(crate) fn font(size: u32) -> FontDesc<'static> {
    FontDesc::new(FontFamily::SansSerif, size as f64, FontStyle::Normal)
}

/// Text style for chart titles.
pub(crate) fn title_font() -> TextStyle<'static> {
    font(19).style(FontStyle::Bold).color(&TEXT)
}

/// Text style for axis descriptions.
pub(crate) fn label_font() -> TextStyle<'static> {
    font(15).color(&TEXT)
}

/// Text style for tick labels.
pub(crate) fn tick_font() -> TextStyle<'static> {
    font(13).color(&TEXT)
}

/// The marker of class `c`: circle, square, triangle, diamond, inverted triangle,
/// pentagon, cross, plus, star, hexagon — so classes differ in shape, not only colour.
/// A hollow marker (outline only) marks test points.
pub(crate) struct Marker<C> {
    at: C,
    class: usize,
    size: i32,
    color: RGBColor,
    filled: bool,
}

/// A marker of class `c` at `at` (data or pixel coordinates), `size` pixels in radius.
pub(crate) fn marker<C>(c: usize, at: C, size: i32, color: RGBColor, filled: bool) -> Marker<C> {
    Marker {
        at,
        class: c,
        size,
        color,
        filled,
    }
}

impl<'a, C: 'a> PointCollection<'a, C> for &'a Marker<C> {
    type Point = &'a C;
    type IntoIter = std::iter::Once<&'a C>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<C, DB: DrawingBackend> Drawable<DB> for Marker<C> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut pos: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> std::result::Result<(), DrawingErrorKind<DB::ErrorType>> {
        let Some((x, y)) = pos.next() else {
            return Ok(());
        };
        let s = self.size;
        let fill: ShapeStyle = self.color.filled();
        let outline: ShapeStyle = if self.filled {
            WHITE.stroke_width(1)
        } else {
            self.color.stroke_width(2)
        };
        let shift = |pts: Vec<(i32, i32)>| {
            pts.into_iter()
                .map(|(a, b)| (x + a, y + b))
                .collect::<Vec<_>>()
        };
        let shape = match self.class % 10 {
            0 => {
                if self.filled {
                    backend.draw_circle((x, y), s as u32, &fill, true)?;
                }
                return backend.draw_circle((x, y), s as u32, &outline, false);
            }
            6 | 7 => {
                let line = self.color.stroke_width(3);
                let (a, b) = if self.class % 10 == 7 {
                    ([(0, -s), (0, s)], [(-s, 0), (s, 0)])
                } else {
                    ([(-s, -s), (s, s)], [(-s, s), (s, -s)])
                };
                backend.draw_path(shift(a.to_vec()), &line)?;
                return backend.draw_path(shift(b.to_vec()), &line);
            }
            1 => vec![
                (-s + 1, -s + 1),
                (s - 1, -s + 1),
                (s - 1, s - 1),
                (-s + 1, s - 1),
            ],
            2 => regular(3, -FRAC_PI_2, s),
            3 => vec![(0, -s - 1), (s, 0), (0, s + 1), (-s, 0)],
            4 => regular(3, FRAC_PI_2, s),
            5 => regular(5, -FRAC_PI_2, s),
            8 => star(s),
            _ => regular(6, 0.0, s),
        };
        let pts = shift(shape);
        if self.filled {
            backend.fill_polygon(pts.clone(), &fill)?;
        }
        let mut closed = pts.clone();
        closed.push(pts[0]);
        backend.draw_path(closed, &outline)
    }
}

/// The corners of a regular `n`-gon of radius `s`, starting at angle `rotation`.
fn regular(n: usize, rotation: f64, s: i32) -> Vec<(i32, i32)> {
    (0..n)
        .map(|k| {
            let a = rotation + 2.0 * PI * k as f64 / n as f64;
            (
                (s as f64 * a.cos()).round() as i32,
                (s as f64 * a.sin()).round() as i32,
            )
        })
        .collect()
}

fn star(s: i32) -> Vec<(i32, i32)> {
    (0..10)
        .map(|k| {
            let r = if k % 2 == 0 {
                s as f64 * 1.25
            } else {
                s as f64 * 0.5
            };
            let a = -FRAC_PI_2 + PI * k as f64 / 5.0;
            ((r * a.cos()).round() as i32, (r * a.sin()).round() as i32)
        })
        .collect()
}
