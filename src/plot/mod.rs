//! Charts that show inline in notebooks, save to PNG or SVG, and print well.
//!
//! Every chart function returns a [`Figure`]. As the last expression of an evcxr cell a
//! figure shows itself inline as a PNG; `save("name.png")` or `save("name.svg")` writes it
//! to a file. evcxr keeps one image per cell, so several charts for one cell are composed
//! into one figure with [`Figure::grid`].
//!
//! Text is drawn with the DejaVu Sans font built into the crate, so charts look the same on
//! machines without any installed fonts. Colours come from the Okabe–Ito palette, which
//! stays distinguishable with colour-vision deficiencies, and each class keeps its colour
//! and marker in every chart.
//!
//! ```
//! use mlp_companion::prelude::*;
//! let data = datasets::xor(200, 1)?;
//! let model = Mlp::softmax_regression(2, 2, 0)?;
//! let figure = plot::decision_regions(&model, &data)?;
//! let png: Vec<u8> = figure.to_png()?;
//! assert_eq!(&png[1..4], b"PNG");
//! # Ok::<(), mlp_companion::Error>(())
//! ```

mod activations;
mod animation;
mod bars;
mod curves;
mod inside;
mod regions;
mod style;

pub use activations::activation_gallery;
pub use animation::{Animation, TrainingAnimation};
pub use bars::bar_chart;
pub use curves::{Run, accuracy_curves, compare_runs, loss_curve, perceptron_errors};
pub use inside::{activation_histograms, hidden_unit_maps, weight_heatmap, weight_histograms};
pub use regions::{DecisionRegions, decision_regions};
pub use style::{Palette, class_color};

use crate::error::{Error, Result};
use base64::Engine;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;
use std::sync::Once;

/// Default size of one chart panel in pixels (width, height).
pub const PANEL_SIZE: (u32, u32) = (560, 440);

/// What every chart knows how to do: draw itself into an area of any backend.
pub(crate) trait Draw {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()>;
}

/// The object-safe form of [`Draw`], for the two backends a figure renders to.
pub(crate) trait Panel {
    fn draw_bitmap(&self, area: &DrawingArea<BitMapBackend<'_>, Shift>) -> Result<()>;
    fn draw_svg(&self, area: &DrawingArea<SVGBackend<'_>, Shift>) -> Result<()>;
}

impl<T: Draw> Panel for T {
    fn draw_bitmap(&self, area: &DrawingArea<BitMapBackend<'_>, Shift>) -> Result<()> {
        self.draw(area)
    }
    fn draw_svg(&self, area: &DrawingArea<SVGBackend<'_>, Shift>) -> Result<()> {
        self.draw(area)
    }
}

/// One chart, or several laid out in a grid, ready to display or save.
pub struct Figure {
    panels: Vec<Box<dyn Panel>>,
    cols: usize,
    /// Default size of each panel, used when no overall size is set.
    panel_size: (u32, u32),
    size: Option<(u32, u32)>,
    title: Option<String>,
}

impl Figure {
    pub(crate) fn single(panel: impl Draw + 'static) -> Figure {
        Figure::from_panels(vec![Box::new(panel)], 1, PANEL_SIZE)
    }

    pub(crate) fn from_panels(
        panels: Vec<Box<dyn Panel>>,
        cols: usize,
        panel_size: (u32, u32),
    ) -> Figure {
        Figure {
            panels,
            cols: cols.max(1),
            panel_size,
            size: None,
            title: None,
        }
    }

    pub(crate) fn boxed(panel: impl Draw + 'static) -> Box<dyn Panel> {
        Box::new(panel)
    }

    /// Several panels in a grid of `cols` columns, each `panel_size` pixels by default.
    pub(crate) fn panels(
        panels: Vec<Box<dyn Panel>>,
        cols: usize,
        panel_size: (u32, u32),
    ) -> Result<Figure> {
        if panels.is_empty() {
            return Err(Error::InvalidArgument("there is nothing to plot".into()));
        }
        Ok(Figure::from_panels(panels, cols, panel_size))
    }

    /// Lays out the panels of several figures in a grid with `cols` columns, left to right
    /// and top to bottom.
    ///
    /// ```
    /// use mlp_companion::prelude::*;
    /// let data = datasets::xor(100, 1)?;
    /// let a = plot::decision_regions(&Mlp::softmax_regression(2, 2, 0)?, &data)?;
    /// let b = plot::decision_regions(&Perceptron::new(2)?, &data)?;
    /// let both = Figure::grid(vec![a, b], 2)?.title("Two linear models");
    /// assert_eq!(both.pixel_size(), (1120, 440 + 44));
    /// # Ok::<(), mlp_companion::Error>(())
    /// ```
    pub fn grid(figures: Vec<Figure>, cols: usize) -> Result<Figure> {
        if cols == 0 {
            return Err(Error::InvalidArgument(
                "a grid needs at least 1 column, got cols = 0".into(),
            ));
        }
        let panel_size = figures
            .iter()
            .map(|f| f.panel_size)
            .fold((0, 0), |a, b| (a.0.max(b.0), a.1.max(b.1)));
        let panels: Vec<_> = figures.into_iter().flat_map(|f| f.panels).collect();
        if panels.is_empty() {
            return Err(Error::InvalidArgument(
                "Figure::grid got no figures to lay out".into(),
            ));
        }
        Ok(Figure::from_panels(panels, cols, panel_size))
    }

    /// Sets the size of the whole figure in pixels (default: 560 × 440 per chart, smaller
    /// for the small multiples of galleries and maps).
    pub fn size(mut self, width: u32, height: u32) -> Figure {
        self.size = Some((width, height));
        self
    }

    /// Adds a title above the whole figure.
    pub fn title(mut self, title: impl Into<String>) -> Figure {
        self.title = Some(title.into());
        self
    }

    /// Number of chart panels.
    pub fn n_panels(&self) -> usize {
        self.panels.len()
    }

    /// Width and height in pixels that the figure renders at.
    pub fn pixel_size(&self) -> (u32, u32) {
        self.size.unwrap_or_else(|| {
            let rows = self.panels.len().div_ceil(self.cols) as u32;
            let cols = self.cols.min(self.panels.len()) as u32;
            let title = if self.title.is_some() { TITLE_BAND } else { 0 };
            (cols * self.panel_size.0, rows * self.panel_size.1 + title)
        })
    }

    /// Renders to raw RGB pixels (3 bytes per pixel, row by row).
    pub fn to_rgb(&self) -> Result<(Vec<u8>, (u32, u32))> {
        let (w, h) = self.checked_size()?;
        let mut buf = vec![255u8; w as usize * h as usize * 3];
        {
            let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
            let areas = self.layout(&root)?;
            for (panel, area) in self.panels.iter().zip(&areas) {
                panel.draw_bitmap(area)?;
            }
            root.present().map_err(plot_err)?;
        }
        Ok((buf, (w, h)))
    }

    /// Renders to PNG bytes.
    pub fn to_png(&self) -> Result<Vec<u8>> {
        let (rgb, size) = self.to_rgb()?;
        encode_png(&rgb, size)
    }

    /// Renders to an SVG document (vector graphics, for print).
    pub fn to_svg(&self) -> Result<String> {
        let (w, h) = self.checked_size()?;
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
            let areas = self.layout(&root)?;
            for (panel, area) in self.panels.iter().zip(&areas) {
                panel.draw_svg(area)?;
            }
            root.present().map_err(plot_err)?;
        }
        Ok(svg)
    }

    /// The SVG rendering, which shows inline as SVG in a notebook.
    pub fn svg(&self) -> Result<Svg> {
        Ok(Svg(self.to_svg()?))
    }

    /// Saves as PNG or SVG, chosen by the file extension.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let bytes = match extension(path).as_deref() {
            Some("png") => self.to_png()?,
            Some("svg") => self.to_svg()?.into_bytes(),
            _ => {
                return Err(Error::InvalidArgument(format!(
                    "cannot tell the format of {}: use a file name ending in .png or .svg",
                    path.display()
                )));
            }
        };
        write_file(path, &bytes)
    }

    /// Shows the figure inline in an evcxr notebook (called by the kernel).
    pub fn evcxr_display(&self) {
        match self.to_png() {
            Ok(png) => print_evcxr("image/png", &base64_encode(&png)),
            Err(e) => eprintln!("could not render the figure: {e}"),
        }
    }

    fn checked_size(&self) -> Result<(u32, u32)> {
        ensure_fonts();
        let (w, h) = self.pixel_size();
        let rows = self.panels.len().div_ceil(self.cols) as u32;
        let cols = self.cols.min(self.panels.len()) as u32;
        if w < 100 * cols || h < 80 * rows || w > 8000 || h > 8000 {
            return Err(Error::InvalidArgument(format!(
                "a figure of {w} × {h} pixels cannot hold {rows} row(s) × {cols} column(s) of \
                 charts: give each chart at least 100 × 80 pixels, and at most 8000 in total"
            )));
        }
        Ok((w, h))
    }

    fn layout<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> Result<Vec<DrawingArea<DB, Shift>>> {
        root.fill(&WHITE).map_err(plot_err)?;
        let body = match &self.title {
            Some(title) => {
                let (band, body) = root.split_vertically(TITLE_BAND);
                let font = style::font(24).style(FontStyle::Bold);
                band.titled(title, font).map_err(plot_err)?;
                body
            }
            None => root.clone(),
        };
        let rows = self.panels.len().div_ceil(self.cols);
        let cols = self.cols.min(self.panels.len());
        Ok(body.split_evenly((rows, cols)))
    }
}

impl std::fmt::Debug for Figure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (w, h) = self.pixel_size();
        write!(
            f,
            "Figure {{ panels: {}, cols: {}, size: {w}×{h} }}",
            self.panels.len(),
            self.cols
        )
    }
}

/// Height of the band holding a figure's overall title.
const TITLE_BAND: u32 = 44;

/// An SVG rendering of a figure; shows inline as SVG in evcxr.
pub struct Svg(pub String);

impl Svg {
    /// Shows the SVG inline in an evcxr notebook.
    pub fn evcxr_display(&self) {
        print_evcxr("image/svg+xml", &self.0);
    }
}

fn print_evcxr(mime: &str, content: &str) {
    println!("EVCXR_BEGIN_CONTENT {mime}\n{content}\nEVCXR_END_CONTENT");
}

pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub(crate) fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
}

pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Io(format!("cannot create folder {}: {e}", dir.display())))?;
    }
    std::fs::write(path, bytes)
        .map_err(|e| Error::Io(format!("cannot write {}: {e}", path.display())))
}

/// PNG-encodes RGB pixels with a palette of at most 256 colours, which makes chart files
/// several times smaller than RGB. Charts are mostly flat colours: the 256 most frequent
/// colours are kept exactly, and the rare rest (anti-aliasing blends at the edges of text and
/// markers) is drawn with the nearest palette colour.
pub(crate) fn encode_png(rgb: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>> {
    let (palette, indices) = palette_of(rgb);
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::High);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_palette(palette);
        let mut writer = encoder.write_header().map_err(png_err)?;
        writer.write_image_data(&indices).map_err(png_err)?;
    }
    Ok(out)
}

/// A palette (flat RGB triples) and one palette index per pixel. Deterministic: colours are
/// ranked by frequency, then by value.
fn palette_of(rgb: &[u8]) -> (Vec<u8>, Vec<u8>) {
    use std::collections::HashMap;
    // Neighbouring pixels of a chart mostly share a colour, so both passes below look a colour
    // up only when it changes (a run): a few thousand lookups instead of one per pixel.
    let mut counts: HashMap<[u8; 3], usize> = HashMap::new();
    for (colour, run) in runs(rgb) {
        *counts.entry(colour).or_default() += run;
    }
    let mut ranked: Vec<([u8; 3], usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let kept: Vec<[u8; 3]> = ranked.iter().take(256).map(|c| c.0).collect();
    let nearest = |c: [u8; 3]| {
        let dist = |p: &[u8; 3]| {
            (0..3)
                .map(|k| (p[k] as i32 - c[k] as i32).pow(2))
                .sum::<i32>()
        };
        (0..kept.len()).min_by_key(|&i| dist(&kept[i])).unwrap_or(0) as u8
    };
    let index: HashMap<[u8; 3], u8> = ranked
        .iter()
        .enumerate()
        .map(|(i, c)| (c.0, if i < 256 { i as u8 } else { nearest(c.0) }))
        .collect();
    let mut indices = Vec::with_capacity(rgb.len() / 3);
    for (colour, run) in runs(rgb) {
        let i = index.get(&colour).copied().unwrap_or(0);
        indices.extend(std::iter::repeat_n(i, run));
    }
    (kept.concat(), indices)
}

/// The RGB pixels as runs of one colour: `(colour, number of pixels)`, in order.
fn runs(rgb: &[u8]) -> impl Iterator<Item = ([u8; 3], usize)> + '_ {
    let mut pixels = rgb
        .chunks_exact(3)
        .map(|px| [px[0], px[1], px[2]])
        .peekable();
    std::iter::from_fn(move || {
        let colour = pixels.next()?;
        let mut run = 1;
        while pixels.next_if_eq(&colour).is_some() {
            run += 1;
        }
        Some((colour, run))
    })
}

fn png_err(e: png::EncodingError) -> Error {
    Error::Plot(format!("PNG encoding failed: {e}"))
}

pub(crate) fn plot_err<E: std::error::Error + Send + Sync>(
    e: plotters::drawing::DrawingAreaErrorKind<E>,
) -> Error {
    Error::Plot(e.to_string())
}

/// Registers the embedded DejaVu Sans font (once) so that text renders without system fonts.
pub(crate) fn ensure_fonts() {
    static FONTS: Once = Once::new();
    FONTS.call_once(|| {
        // The bytes are a valid TrueType font shipped by the `dejavu` crate, so registering
        // cannot fail; if it somehow did, text would be missing but nothing would panic.
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            dejavu::sans::regular(),
        );
        let _ = plotters::style::register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold());
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pixels(colours: &[[u8; 3]]) -> Vec<u8> {
        colours.concat()
    }

    #[test]
    fn runs_group_neighbouring_pixels_of_one_colour() {
        let (a, b) = ([1, 2, 3], [9, 9, 9]);
        let found: Vec<_> = runs(&pixels(&[a, a, b, a, a, a])).collect();
        assert_eq!(found, vec![(a, 2), (b, 1), (a, 3)]);
        assert_eq!(runs(&[]).count(), 0);
    }

    #[test]
    fn the_palette_keeps_the_256_most_frequent_colours_exactly() {
        // 300 colours: colour k fills 301 − k pixels, in runs broken by a second colour
        let colour = |k: usize| [k as u8, (k / 256) as u8 * 200, 7];
        let mut image = Vec::new();
        for k in 0..300 {
            for i in 0..(301 - k) {
                image.push(colour(if i % 2 == 0 { k } else { (k + 1) % 300 }));
            }
        }
        let (palette, indices) = palette_of(&pixels(&image));
        assert_eq!(palette.len(), 256 * 3);
        assert_eq!(indices.len(), image.len());
        let palette: Vec<[u8; 3]> = palette
            .chunks_exact(3)
            .map(|c| [c[0], c[1], c[2]])
            .collect();
        let mut exact = 0;
        for (px, &i) in image.iter().zip(&indices) {
            let drawn = palette[i as usize];
            if palette.contains(px) {
                assert_eq!(drawn, *px, "a kept colour is drawn exactly");
                exact += 1;
            } else {
                // a rare colour: drawn with the nearest kept one
                let dist = |c: [u8; 3]| {
                    (0..3)
                        .map(|k| (c[k] as i32 - px[k] as i32).pow(2))
                        .sum::<i32>()
                };
                let best = palette.iter().map(|&c| dist(c)).min().unwrap();
                assert_eq!(dist(drawn), best);
            }
        }
        assert!(exact > image.len() * 9 / 10, "{exact} of {}", image.len());
    }
}
