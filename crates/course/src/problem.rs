//! A problem found in course content, located to a line so an instructor can fix it.

use std::fmt;

/// Something wrong with a lesson, quiz or index file. Parsing never fails: it returns what it understood plus
/// these, and the app shows them in the page while the tests insist there are none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the file the problem was found in; 0 when it concerns the file as a whole.
    pub line: u32,
    pub message: String,
}

impl Problem {
    pub fn new(line: u32, message: impl Into<String>) -> Self {
        Problem { line, message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}
