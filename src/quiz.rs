//! The lecture's quiz questions, for self-checking in the notebooks.
//!
//! Each question is answered with an [`Answer`]; the feedback says whether it is right and
//! why, pointing at the experiment in the notebook that shows it.
//!
//! ```
//! use mlp_companion::quiz::{self, Answer};
//! let feedback = quiz::part1(Answer::B);
//! assert!(feedback.correct);
//! assert!(feedback.to_string().starts_with("Correct"));
//! ```

use std::fmt;

/// A choice of a multiple-choice question: A, B or C, in the order the options are listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The first option.
    A,
    /// The second option.
    B,
    /// The third option.
    C,
}

/// Whether an answer is right, and the reason.
#[derive(Clone, PartialEq, Eq)]
pub struct Feedback {
    /// True for the right answer.
    pub correct: bool,
    /// The question, the chosen option and the explanation.
    pub explanation: String,
}

impl fmt::Display for Feedback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = if self.correct { "Correct" } else { "Not quite" };
        write!(f, "{verdict}. {}", self.explanation)
    }
}

// evcxr shows a cell's value with Debug: show the readable text.
impl fmt::Debug for Feedback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A question with its three options, the right one and a reason for each.
struct Question {
    options: [&'static str; 3],
    correct: Answer,
    reasons: [&'static str; 3],
}

impl Question {
    fn check(&self, answer: Answer) -> Feedback {
        let i = answer as usize;
        Feedback {
            correct: answer == self.correct,
            explanation: format!(
                "You chose {answer:?}, \"{}\". {}",
                self.options[i], self.reasons[i]
            ),
        }
    }
}

/// Part 1: "What is one advantage of softmax regression over logistic regression?"
///
/// A. Both always converge. B. It works with an arbitrary number of classes.
/// C. It gives nonlinear decision boundaries.
pub fn part1(answer: Answer) -> Feedback {
    Question {
        options: [
            "both always converge",
            "it works with an arbitrary number of classes",
            "it gives nonlinear decision boundaries",
        ],
        correct: Answer::B,
        reasons: [
            "Both do converge (their losses are convex), as the loss curves on XOR show, but that is \
             something they share, not an advantage of softmax regression. Look at the chart with \
             several classes instead.",
            "Softmax regression has one output per class and the softmax turns them into \
             probabilities, so it handles 3, 4 or 10 classes; logistic regression has a single \
             output for two classes. The chart of softmax regression on several blobs shows it.",
            "Softmax regression draws straight boundaries just like logistic regression: its \
             logits are linear in the inputs. The XOR decision-region charts show a straight line \
             and accuracy near chance.",
        ],
    }
    .check(answer)
}

/// Part 2: "What do we need to change to turn softmax regression into a multilayer
/// perceptron?"
///
/// A. Add hidden layer(s) with a nonlinear activation. B. Use ReLU in the output layer.
/// C. Use a 'multilayer cross-entropy' loss.
pub fn part2(answer: Answer) -> Feedback {
    Question {
        options: [
            "add hidden layer(s) with a nonlinear activation",
            "use ReLU in the output layer",
            "use a 'multilayer cross-entropy' loss",
        ],
        correct: Answer::A,
        reasons: [
            "The output layer and the cross-entropy loss stay exactly as in softmax regression; \
             only `.hidden(units, activation)` is added in front. The side-by-side decision \
             regions show the straight boundary bending.",
            "A ReLU on the logits would clip every negative score to 0, so classes can no longer \
             be told apart there; the experiment with ReLU outputs trains worse, and the boundary \
             is still straight without a hidden layer.",
            "There is no such loss: the MLP is trained with the same cross-entropy as softmax \
             regression (`loss::cross_entropy`), as the code of both models shows.",
        ],
    }
    .check(answer)
}

/// Part 3: "Which of the following is crucial for producing nonlinear decision boundaries?"
///
/// A. More than one hidden layer. B. Nonlinear activation functions.
/// C. Random weight initialisation.
pub fn part3(answer: Answer) -> Feedback {
    Question {
        options: [
            "more than one hidden layer",
            "nonlinear activation functions",
            "random weight initialisation",
        ],
        correct: Answer::B,
        reasons: [
            "One hidden layer is enough: the network with a single hidden layer draws a curved \
             boundary around XOR. More layers can help on harder data but are not what makes the \
             boundary bend.",
            "Without an activation the network is one linear map (the product of its weight \
             matrices, checked numerically above) and its boundary is a straight line; with a \
             nonlinear activation the same network bends it.",
            "Random initialisation is needed to train useful hidden units: with constant weights \
             every unit stays identical, as the weight heatmap and hidden-unit maps show. But it \
             is not the source of nonlinearity: a randomly initialised network without \
             activation still draws a straight line.",
        ],
    }
    .check(answer)
}
