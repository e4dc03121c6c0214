//! Fuzzes variable expansion on its own: any word, either escape character, both raw modes, must never panic.
#![no_main]

use dockerlab_engine::expand::Lexer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let mut lexer = Lexer::new(if flags & 1 == 0 { '\\' } else { '`' });
    lexer.raw_quotes = flags & 2 != 0;
    lexer.raw_escapes = flags & 4 != 0;
    let vars = [("A", "a b"), ("EMPTY", ""), ("P", "*x?"), ("DOLLAR", "$A")];
    if let Ok(expansion) = lexer.expand_word(&text, &vars.as_slice()) {
        // Expansion is bounded: it must not produce more than its documented ceiling.
        assert!(expansion.value.len() <= dockerlab_engine::expand::MAX_EXPANSION_LEN);
    }
    let _ = lexer.expand_words(&text, &vars.as_slice());
});
