//! Spaced repetition for interview practice: Leitner boxes. A new card is in box 1; every self-grade moves it
//! (forgot: back to box 1; hard: stays; good: up one; easy: up two) and the box sets how many days pass before
//! it is due again. The clock is passed in as a day number, so the crate never reads the system time.

use serde::{Deserialize, Serialize};

/// Days until a card in box `n` (1-based) is due again.
pub const BOX_INTERVALS: [u32; 5] = [1, 2, 4, 8, 16];

/// The learner's own verdict after comparing their answer with the model answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SelfGrade {
    Forgot,
    Hard,
    Good,
    Easy,
}

impl SelfGrade {
    pub const ALL: [SelfGrade; 4] = [SelfGrade::Forgot, SelfGrade::Hard, SelfGrade::Good, SelfGrade::Easy];

    pub fn label(self) -> &'static str {
        match self {
            SelfGrade::Forgot => "Missed it",
            SelfGrade::Hard => "Partly",
            SelfGrade::Good => "Got it",
            SelfGrade::Easy => "Easy",
        }
    }
}

/// One question's place in the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// 1 to 5.
    #[serde(rename = "box")]
    pub leitner_box: u8,
    /// The day (days since 1970-01-01) from which it is due.
    pub due: i64,
    pub reviews: u32,
}

impl Card {
    /// A card never reviewed: box 1, due now.
    pub fn new(today: i64) -> Card {
        Card { leitner_box: 1, due: today, reviews: 0 }
    }

    /// Moves the card after a review on `today`.
    pub fn review(&mut self, grade: SelfGrade, today: i64) {
        let current = self.leitner_box.clamp(1, BOX_INTERVALS.len() as u8);
        let max = BOX_INTERVALS.len() as u8;
        self.leitner_box = match grade {
            SelfGrade::Forgot => 1,
            SelfGrade::Hard => current,
            SelfGrade::Good => (current + 1).min(max),
            SelfGrade::Easy => (current + 2).min(max),
        };
        // A forgotten card comes back the same day, so it is tried again before the session ends.
        let days = if grade == SelfGrade::Forgot { 0 } else { BOX_INTERVALS[self.leitner_box as usize - 1] };
        self.due = today + i64::from(days);
        self.reviews += 1;
    }

    pub fn is_due(&self, today: i64) -> bool {
        self.due <= today
    }
}

/// The questions to review today, most overdue first; questions never seen come after the due ones, in the
/// order given. `cards` looks a card up by id.
pub fn review_queue<'a>(ids: &[&'a str], card: impl Fn(&str) -> Option<Card>, today: i64) -> Vec<&'a str> {
    let mut due: Vec<(i64, u8, &'a str)> = Vec::new();
    let mut new = Vec::new();
    for &id in ids {
        match card(id) {
            Some(card) if card.is_due(today) => due.push((card.due, card.leitner_box, id)),
            Some(_) => {}
            None => new.push(id),
        }
    }
    due.sort_by_key(|&(due, leitner_box, _)| (due, leitner_box));
    due.into_iter().map(|(_, _, id)| id).chain(new).collect()
}

/// Days since 1970-01-01 for a time in milliseconds since then (what the browser's clock gives).
pub fn day_of(millis: f64) -> i64 {
    (millis / 86_400_000.0).floor() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_move_with_grades_and_set_the_due_day() {
        let mut card = Card::new(100);
        card.review(SelfGrade::Good, 100);
        assert_eq!((card.leitner_box, card.due), (2, 102));
        card.review(SelfGrade::Easy, 102);
        assert_eq!((card.leitner_box, card.due), (4, 110));
        card.review(SelfGrade::Easy, 110);
        assert_eq!((card.leitner_box, card.due), (5, 126), "box 5 is the last");
        card.review(SelfGrade::Hard, 126);
        assert_eq!((card.leitner_box, card.due), (5, 142));
        card.review(SelfGrade::Forgot, 142);
        assert_eq!((card.leitner_box, card.due, card.reviews), (1, 142, 5));
    }

    #[test]
    fn the_queue_holds_due_cards_most_overdue_first_then_new_ones() {
        let cards = |id: &str| match id {
            "a" => Some(Card { leitner_box: 2, due: 12, reviews: 1 }),
            "b" => Some(Card { leitner_box: 1, due: 8, reviews: 1 }),
            "c" => Some(Card { leitner_box: 3, due: 30, reviews: 2 }),
            _ => None,
        };
        assert_eq!(review_queue(&["a", "b", "c", "d", "e"], cards, 12), ["b", "a", "d", "e"]);
        assert_eq!(review_queue(&["a", "b", "c"], cards, 10), ["b"]);
    }

    #[test]
    fn days_come_from_milliseconds() {
        assert_eq!(day_of(0.0), 0);
        assert_eq!(day_of(86_400_000.0 * 3.5), 3);
    }
}
