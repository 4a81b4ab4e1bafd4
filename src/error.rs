//! One error type for the whole crate.
//!
//! Every public function that can fail returns [`Result`]. The messages name the
//! numbers involved (shapes, values, positions) and say how to fix the problem, so a
//! learner in a notebook can act on them without reading the source.

use std::fmt;

/// What went wrong, with the numbers involved.
#[derive(Clone, PartialEq)]
pub enum Error {
    /// Arrays whose shapes do not fit together, e.g. 3 features into a 2-input layer.
    Shape(String),
    /// A setting outside its allowed range, e.g. a learning rate of 0.
    InvalidArgument(String),
    /// Data that cannot be used, e.g. an empty data set, NaN values or a bad label.
    Data(String),
    /// A CSV file that cannot be parsed; `line` and `column` count from 1.
    Csv {
        /// Line of the file (1 = the header).
        line: usize,
        /// Column of the line (1 = first), if the problem is in one field.
        column: Option<usize>,
        /// What is wrong there.
        message: String,
    },
    /// A file that could not be read or written.
    Io(String),
    /// A chart that could not be drawn or encoded.
    Plot(String),
    /// Training produced a non-finite loss or weights; the model keeps the weights it had
    /// before the step that failed.
    Diverged {
        /// Epoch of the failed step, counting from 1.
        epoch: usize,
        /// Minibatch of the failed step within the epoch, counting from 0.
        batch: usize,
        /// The optimiser's learning rate.
        learning_rate: f32,
        /// The loss of the failed step (may itself be finite if the update overflowed).
        loss: f32,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Shape(m) => write!(f, "shape mismatch: {m}"),
            Error::InvalidArgument(m) => write!(f, "invalid argument: {m}"),
            Error::Data(m) => write!(f, "bad data: {m}"),
            Error::Csv {
                line,
                column: Some(c),
                message,
            } => write!(f, "CSV line {line}, column {c}: {message}"),
            Error::Csv {
                line,
                column: None,
                message,
            } => write!(f, "CSV line {line}: {message}"),
            Error::Io(m) => write!(f, "I/O error: {m}"),
            Error::Plot(m) => write!(f, "chart error: {m}"),
            Error::Diverged {
                epoch,
                batch,
                learning_rate,
                loss,
            } => write!(
                f,
                "training diverged at epoch {epoch}, batch {batch} (loss {loss}) with learning \
                 rate {learning_rate}; the model keeps its weights from before this step. \
                 Try a smaller learning rate, e.g. {}",
                learning_rate / 10.0
            ),
        }
    }
}

// Debug prints the same readable message: evcxr and `unwrap` show errors with Debug.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e.to_string())
    }
}

/// Shorthand for building an [`Error::InvalidArgument`] result.
pub(crate) fn invalid<T>(msg: impl Into<String>) -> Result<T> {
    Err(Error::InvalidArgument(msg.into()))
}

/// Checks that a setting is finite and strictly positive.
pub(crate) fn check_positive(name: &str, value: f32) -> Result<()> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        invalid(format!("{name} must be a finite number > 0, got {value}"))
    }
}

/// Checks that a setting is a finite number.
pub(crate) fn check_finite(name: &str, value: f32) -> Result<()> {
    if value.is_finite() {
        Ok(())
    } else {
        invalid(format!("{name} must be a finite number, got {value}"))
    }
}
