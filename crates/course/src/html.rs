//! HTML escaping and URL checks shared by the renderer and the highlighters.
//!
//! Everything this crate puts in an HTML segment either went through [`escape`] or was written by this crate
//! from known-safe parts; nothing from a lesson file reaches the page as markup.

/// Escapes text for use in HTML text or a double- or single-quoted attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut out, text);
    out
}

/// Appends `text` escaped, as [`escape`] does.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// What kind of address a link or image points at, decided by an allow-list rather than a deny-list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// `http:`, `https:` or `mailto:`: leaves the app.
    External,
    /// A fragment (`#…`): a route of the app or an anchor in the lesson.
    Fragment,
    /// A relative path with no scheme (`other-lesson.md`, `figures/layers.svg`).
    Relative,
    /// Anything else: `javascript:`, `data:`, `vbscript:`, protocol-relative `//host`, or a scheme hidden with
    /// control characters. Never emitted as a link.
    Unsafe,
}

/// Classifies an address the way a browser would read it.
///
/// Browsers drop ASCII tab and newline anywhere in a URL and trim leading control characters and spaces, so
/// `java\tscript:` is still JavaScript; those are removed before the scheme is read.
pub fn classify_url(url: &str) -> UrlKind {
    let cleaned: String =
        url.trim_start_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let lower = cleaned.to_ascii_lowercase();
    if lower.starts_with('#') {
        return UrlKind::Fragment;
    }
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:") {
        return UrlKind::External;
    }
    if lower.starts_with("//") || lower.starts_with("\\\\") || lower.starts_with("/\\") {
        return UrlKind::Unsafe;
    }
    // A colon before any '/', '?' or '#' makes the first part a scheme, and every other scheme is refused.
    let head = lower.split(['/', '?', '#']).next().unwrap_or("");
    if head.contains(':') || lower.chars().any(|c| c.is_control()) {
        UrlKind::Unsafe
    } else {
        UrlKind::Relative
    }
}

/// Turns heading text into an anchor: lower case ASCII letters, digits and single hyphens.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '/' || c == '.' {
            pending_hyphen = true;
        }
        // Other punctuation (quotes, backticks, colons) simply disappears, as on GitHub.
    }
    if out.is_empty() {
        "section".to_owned()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_both_quotes() {
        assert_eq!(
            escape(r#"<a href="x" title='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn urls_are_allowed_by_list() {
        let cases = [
            ("https://docs.docker.com/", UrlKind::External),
            ("HTTP://example.org", UrlKind::External),
            ("mailto:a@b.c", UrlKind::External),
            ("#/lessons/what-is-a-container", UrlKind::Fragment),
            ("#recap", UrlKind::Fragment),
            ("images-and-layers.md#the-cascade", UrlKind::Relative),
            ("figures/vm.svg", UrlKind::Relative),
            ("javascript:alert(1)", UrlKind::Unsafe),
            ("JavaScript:alert(1)", UrlKind::Unsafe),
            ("java\tscript:alert(1)", UrlKind::Unsafe),
            ("  javascript:alert(1)", UrlKind::Unsafe),
            ("\u{1}javascript:alert(1)", UrlKind::Unsafe),
            ("data:text/html,<script>alert(1)</script>", UrlKind::Unsafe),
            ("vbscript:msgbox", UrlKind::Unsafe),
            ("//evil.example/x.js", UrlKind::Unsafe),
            ("ftp://example.org", UrlKind::Unsafe),
        ];
        for (url, kind) in cases {
            assert_eq!(classify_url(url), kind, "{url:?}");
        }
    }

    #[test]
    fn slugs_are_plain_ascii_with_single_hyphens() {
        assert_eq!(slug("Why ML breaks"), "why-ml-breaks");
        assert_eq!(slug("The `.dockerignore` file"), "the-dockerignore-file");
        assert_eq!(slug("  Recap!  "), "recap");
        assert_eq!(slug("CUDA 12.4 / cuDNN"), "cuda-12-4-cudnn");
        assert_eq!(slug("???"), "section");
        assert_eq!(slug("Ünïcode"), "ncode");
    }
}
