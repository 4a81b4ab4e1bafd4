//! The self-check quizzes accept exactly the lecture's right answers and explain every option.

use mlp_companion::quiz::{self, Answer};

type Quiz = fn(Answer) -> quiz::Feedback;

#[test]
fn each_quiz_has_one_right_answer_with_reasons() {
    let quizzes: [(Quiz, Answer); 3] = [
        (quiz::part1, Answer::B),
        (quiz::part2, Answer::A),
        (quiz::part3, Answer::B),
    ];
    for (i, (quiz, right)) in quizzes.into_iter().enumerate() {
        for answer in [Answer::A, Answer::B, Answer::C] {
            let feedback = quiz(answer);
            assert_eq!(
                feedback.correct,
                answer == right,
                "part {} answer {answer:?}",
                i + 1
            );
            let text = feedback.to_string();
            let verdict = if answer == right {
                "Correct."
            } else {
                "Not quite."
            };
            assert!(text.starts_with(verdict), "{text}");
            assert!(text.contains(&format!("You chose {answer:?}")), "{text}");
            assert!(text.len() > 150, "the reason is too short: {text}");
        }
    }
    assert!(quiz::part1(Answer::C).to_string().contains("straight"));
    assert!(quiz::part2(Answer::C).to_string().contains("no such loss"));
    assert!(
        quiz::part3(Answer::A)
            .to_string()
            .contains("One hidden layer is enough")
    );
}
