//! Training animations: the decision regions as they form, as an animated GIF.

use super::regions::DecisionRegions;
use super::{Figure, base64_encode, extension, print_evcxr, write_file};
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::model::Classifier;
use crate::train::EpochReport;
use std::path::Path;

const FRAME_SIZE: (u32, u32) = (480, 390);

/// Collects one decision-region frame per call of [`TrainingAnimation::capture`], typically
/// from the trainer's epoch hook, and turns them into an [`Animation`].
///
/// ```
/// use mlp_companion::prelude::*;
/// let data = datasets::xor(200, 1)?;
/// let mut model = Mlp::builder(2).hidden(8, Activation::Relu).output(2).build()?;
/// let mut frames = plot::TrainingAnimation::new(&data);
/// Trainer::new(Sgd::new(0.2))
///     .epochs(4)
///     .on_epoch(2, |report, m: &Mlp| frames.capture(m, report))
///     .fit(&mut model, &data)?;
/// let animation = frames.finish()?; // epochs 0, 2 and 4
/// assert_eq!(animation.n_frames(), 3);
/// # Ok::<(), mlp_companion::Error>(())
/// ```
pub struct TrainingAnimation {
    data: Dataset,
    frames: Vec<Vec<u8>>,
    error: Option<Error>,
}

impl TrainingAnimation {
    /// An empty animation of models on `data` (2 features).
    pub fn new(data: &Dataset) -> Self {
        TrainingAnimation {
            data: data.clone(),
            frames: Vec::new(),
            error: None,
        }
    }

    /// Draws the decision regions of `model` as the next frame, titled with the epoch and
    /// accuracy. An error is kept and reported by [`TrainingAnimation::finish`].
    pub fn capture(&mut self, model: &dyn Classifier, report: &EpochReport) {
        if self.error.is_some() {
            return;
        }
        let title = format!(
            "epoch {}/{}: train accuracy {:.1}%",
            report.epoch,
            report.epochs,
            100.0 * report.train_acc
        );
        match self.frame(model, title) {
            Ok(rgb) => self.frames.push(rgb),
            Err(e) => self.error = Some(e),
        }
    }

    fn frame(&self, model: &dyn Classifier, title: String) -> Result<Vec<u8>> {
        let panel = DecisionRegions::new(model, &self.data)
            .resolution(120)
            .highlight_errors(false)
            .title(title)
            .panel()?;
        let figure = Figure::single(panel).size(FRAME_SIZE.0, FRAME_SIZE.1);
        Ok(figure.to_rgb()?.0)
    }

    /// Encodes the frames as a looping GIF (0.4 s per frame, the last one held for 2 s).
    pub fn finish(self) -> Result<Animation> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if self.frames.is_empty() {
            return Err(Error::InvalidArgument(
                "the animation has no frames: call capture (e.g. from Trainer::on_epoch) first"
                    .into(),
            ));
        }
        let (w, h) = (FRAME_SIZE.0 as u16, FRAME_SIZE.1 as u16);
        let mut gif = Vec::new();
        {
            let mut encoder = gif::Encoder::new(&mut gif, w, h, &[]).map_err(gif_err)?;
            encoder.set_repeat(gif::Repeat::Infinite).map_err(gif_err)?;
            let last = self.frames.len() - 1;
            for (i, rgb) in self.frames.iter().enumerate() {
                let mut frame = gif::Frame::from_rgb_speed(w, h, rgb, 10);
                frame.delay = if i == last { 200 } else { 40 };
                encoder.write_frame(&frame).map_err(gif_err)?;
            }
        }
        Ok(Animation {
            gif,
            frames: self.frames.len(),
        })
    }
}

fn gif_err(e: gif::EncodingError) -> Error {
    Error::Plot(format!("GIF encoding failed: {e}"))
}

/// An animated GIF that shows inline in a notebook and saves to a `.gif` file.
#[derive(Clone)]
pub struct Animation {
    gif: Vec<u8>,
    frames: usize,
}

impl std::fmt::Debug for Animation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // evcxr prints this instead of the animation when a cell ends by consuming a variable
        // made in the same cell; binding first works.
        write!(
            f,
            "Animation {{ frames: {}, gif: {} bytes }} (to see it, end the cell with \
             `let animation = …; animation`)",
            self.frames,
            self.gif.len()
        )
    }
}

impl Animation {
    /// Number of frames.
    pub fn n_frames(&self) -> usize {
        self.frames
    }

    /// The GIF file's bytes.
    pub fn to_gif(&self) -> &[u8] {
        &self.gif
    }

    /// Saves to a `.gif` file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        if extension(path).as_deref() != Some("gif") {
            return Err(Error::InvalidArgument(format!(
                "an animation saves as GIF: use a file name ending in .gif, not {}",
                path.display()
            )));
        }
        write_file(path, &self.gif)
    }

    /// Shows the animation inline in an evcxr notebook (called by the kernel).
    pub fn evcxr_display(&self) {
        print_evcxr("image/gif", &base64_encode(&self.gif));
    }
}
