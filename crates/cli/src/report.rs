//! Text output shared by the commands: diagnostics printed like a compiler's, with the line and a caret.

use std::fmt::Write as _;

use dockerlab_engine::diagnostic::{Diagnostic, Severity};

/// Formats one diagnostic as `file:line:column: severity: message [code]`, the source line, an underline and
/// the hint. The first line has the shape compilers use, so terminals and editors can jump to the place.
pub fn diagnostic(path: &str, source: &str, diagnostic: &Diagnostic) -> String {
    let span = diagnostic.span;
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let mut out =
        format!("{path}:{}:{}: {severity}: {} [{}]\n", span.line, span.column, diagnostic.message, diagnostic.code);
    if let Some(line) = source.lines().nth(span.line.saturating_sub(1) as usize) {
        let gutter = span.line.to_string();
        let pad = " ".repeat(gutter.len());
        let line = line.trim_end_matches('\r');
        let _ = writeln!(out, "{gutter} | {line}");
        // Underline to the end of the span on its first line, at least one character so an empty span shows.
        let start = span.column.saturating_sub(1) as usize;
        let line_chars = line.chars().count();
        let width = if span.end_line == span.line {
            span.end_column.saturating_sub(span.column) as usize
        } else {
            line_chars.saturating_sub(start)
        };
        let _ = writeln!(out, "{pad} | {}{}", " ".repeat(start.min(line_chars)), "^".repeat(width.max(1)));
    }
    if let Some(hint) = &diagnostic.hint {
        let _ = writeln!(out, "  = hint: {hint}");
    }
    out
}

/// The first line of an instruction's text, shortened for a one-line listing.
pub fn one_line(text: &str, width: usize) -> String {
    let first = text.lines().next().unwrap_or("").trim();
    let continued = text.trim_end().contains('\n');
    let mut line: String = first.chars().take(width).collect();
    if first.chars().count() > width || continued {
        line.push_str(" …");
    }
    line
}
