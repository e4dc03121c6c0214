//! [`Text`]: the immutable string the syntax tree and the typed instructions hold.
//!
//! A parse makes a few thousand small strings (keywords, words, paths, names), most of them pieces of the
//! Dockerfile itself, and lowering copies many of them again (a word the builder takes literally is the same text
//! twice). With `String` each of those was a heap allocation and a free, which was most of the time an analysis
//! took. A `Text` keeps short strings in place, and a long one as a range of a shared, reference-counted buffer:
//! usually the parsed source or one joined instruction, so making it from the source and cloning it copies no
//! characters and allocates nothing.
//!
//! It reads like a `&str` (it dereferences to one), compares equal to `str` and `String`, and serialises as a
//! plain string, so the JSON the engine prints is what it was with `String`.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, Range};
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// How many bytes a `Text` holds in place; longer texts share a buffer. Thirty bytes keep `Text` at 32 bytes and
/// cover most words of real Dockerfiles (paths, image names, variable names, flags).
const INLINE_CAPACITY: usize = 30;

/// An immutable string that is cheap to make from a shared buffer and cheap to clone. See the module docs.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    /// The bytes of a string of at most [`INLINE_CAPACITY`] bytes: `bytes[..len]` is always whole UTF-8, and
    /// what follows it is never read.
    Inline { len: u8, bytes: [u8; INLINE_CAPACITY] },
    /// A whole buffer of its own.
    Owned(Arc<str>),
    /// `buffer[start..end]`, where both ends are character boundaries of the buffer.
    Shared { buffer: Arc<str>, start: u32, end: u32 },
}

impl Text {
    /// The empty text.
    pub const fn empty() -> Text {
        Text(Repr::Inline { len: 0, bytes: [0; INLINE_CAPACITY] })
    }

    /// A text with a copy of `text`: in place when it is short, else in a buffer of its own.
    pub fn new(text: &str) -> Text {
        Text::inline(text).unwrap_or_else(|| Text(Repr::Owned(Arc::from(text))))
    }

    /// The piece `range` of a shared buffer, without copying it unless it is short. A range that does not fall on
    /// character boundaries of the buffer (which the engine never asks for) gives the empty text.
    pub fn from_shared(buffer: &Arc<str>, range: Range<usize>) -> Text {
        let Some(piece) = buffer.get(range.clone()) else {
            return Text::empty();
        };
        if piece.len() <= INLINE_CAPACITY {
            // Copying a whole window of fixed size, when the buffer has one, is a few moves instead of a call to
            // copy a variable length; the bytes after the piece are never read.
            let window = range.start..range.start + INLINE_CAPACITY;
            let bytes = buffer.as_bytes().get(window).and_then(|window| <[u8; INLINE_CAPACITY]>::try_from(window).ok());
            if let (Some(bytes), Ok(len)) = (bytes, u8::try_from(piece.len())) {
                return Text(Repr::Inline { len, bytes });
            }
            return Text::inline(piece).unwrap_or_default();
        }
        match (u32::try_from(range.start), u32::try_from(range.end)) {
            (Ok(start), Ok(end)) => Text(Repr::Shared { buffer: Arc::clone(buffer), start, end }),
            // Offsets past 4 GiB do not fit the compact form; such a piece gets a buffer of its own.
            _ => Text(Repr::Owned(Arc::from(piece))),
        }
    }

    /// The piece `range` of this text (byte offsets into it), sharing its buffer when it has one. A range that is
    /// not inside the text on character boundaries gives the empty text.
    pub fn slice(&self, range: Range<usize>) -> Text {
        if range.start > range.end || range.end > self.len() {
            return Text::empty();
        }
        match &self.0 {
            Repr::Inline { .. } => Text::new(self.as_str().get(range).unwrap_or_default()),
            Repr::Owned(buffer) => Text::from_shared(buffer, range),
            Repr::Shared { buffer, start, .. } => {
                let start = *start as usize;
                Text::from_shared(buffer, start + range.start..start + range.end)
            }
        }
    }

    fn inline(text: &str) -> Option<Text> {
        if text.len() > INLINE_CAPACITY {
            return None;
        }
        let mut bytes = [0; INLINE_CAPACITY];
        bytes.get_mut(..text.len())?.copy_from_slice(text.as_bytes());
        Some(Text(Repr::Inline { len: u8::try_from(text.len()).ok()?, bytes }))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => {
                let bytes = bytes.get(..usize::from(*len)).unwrap_or_default();
                debug_assert!(std::str::from_utf8(bytes).is_ok());
                // SAFETY: an inline text is only made by `Text::inline`, which copies a whole `&str` to the start
                // of `bytes`, and by `Text::from_shared`, which copies a window that starts with a piece of the
                // buffer it got as a `&str` (so on character boundaries); both set `len` to that string's length.
                // So `bytes[..len]` is valid UTF-8. Checking it again on every read cost more than the rest of
                // making most words (a text is read far more often than made), which is why it is not checked.
                unsafe { std::str::from_utf8_unchecked(bytes) }
            }
            Repr::Owned(buffer) => buffer,
            Repr::Shared { buffer, start, end } => buffer.get(*start as usize..*end as usize).unwrap_or_default(),
        }
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::empty()
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::new(text)
    }
}

impl From<&String> for Text {
    fn from(text: &String) -> Text {
        Text::new(text)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::inline(&text).unwrap_or_else(|| Text(Repr::Owned(Arc::from(text))))
    }
}

impl From<&Text> for Text {
    fn from(text: &Text) -> Text {
        text.clone()
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        text.as_str().to_owned()
    }
}

impl From<&Text> for String {
    fn from(text: &Text) -> String {
        text.as_str().to_owned()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

/// Comparisons with the other string types, both ways round, so `word.value == "scratch"` reads as it did.
macro_rules! compare_with {
    ($($other:ty),*) => {$(
        impl PartialEq<$other> for Text {
            fn eq(&self, other: &$other) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }

        impl PartialEq<Text> for $other {
            fn eq(&self, other: &Text) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )*};
}

compare_with!(str, &str, String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_texts_read_back() {
        let long = "x".repeat(INLINE_CAPACITY + 1);
        for text in ["", "a", "é♥", &"y".repeat(INLINE_CAPACITY), &long] {
            assert_eq!(Text::new(text).as_str(), text);
            assert_eq!(Text::from(text.to_string()), text);
        }
    }

    #[test]
    fn pieces_of_a_shared_buffer() {
        let buffer: Arc<str> = Arc::from(format!("RUN {}\nFROM é", "z".repeat(40)).as_str());
        assert_eq!(Text::from_shared(&buffer, 0..3), "RUN");
        assert_eq!(Text::from_shared(&buffer, 4..44), "z".repeat(40));
        assert_eq!(Text::from_shared(&buffer, 45..52), "FROM é");
        // Not a character boundary, or out of range: empty, never a panic.
        assert_eq!(Text::from_shared(&buffer, 45..51), "");
        assert_eq!(Text::from_shared(&buffer, 40..400), "");
        let long = Text::from_shared(&buffer, 0..44);
        assert_eq!(long.slice(4..40), "z".repeat(36));
        assert_eq!(long.slice(0..3), "RUN");
        assert_eq!(long.slice(40..45), "", "past the end of the text, though inside the buffer");
    }

    #[test]
    fn compares_hashes_and_serialises_like_a_string() {
        let text = Text::new("python:3.12-slim");
        assert!(text == "python:3.12-slim");
        assert!("python:3.12-slim" == text);
        assert_eq!(text, "python:3.12-slim".to_string());
        assert_eq!(format!("{text:?}"), "\"python:3.12-slim\"");
        assert_eq!(serde_json::to_string(&text).unwrap(), "\"python:3.12-slim\"");
        assert_eq!(std::mem::size_of::<Text>(), 32);
    }
}
