//! BuildKit's own expansion test data (`envVarTest`, `wordsTest`), run against [`dockerlab_engine::expand`].
//!
//! The files and the exact rules for reading them are described in
//! `shared/conformance/buildkit-shell/README.md`. Each test runs every case and then fails once, listing every
//! mismatch with its line number, so one run shows the whole picture.

use std::path::PathBuf;

use dockerlab_engine::expand::Lexer;

/// How many cases each file must yield. If the data files are replaced with a newer copy these change on purpose;
/// checking them makes sure a parsing slip cannot silently skip cases and pass.
const ENV_VAR_CASES: usize = 228;
const WORDS_CASES: usize = 24;

fn data_file(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/buildkit-shell").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

#[test]
fn env_var_test() {
    let env: Vec<(String, String)> = [("PWD", "/home"), ("SHELL", "bash"), ("KOREAN", "한국어"), ("NULL", "")]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    let lexer = Lexer::new('\\');
    let mut run = 0;
    let mut failures = Vec::new();
    for (index, raw_line) in data_file("envVarTest").lines().enumerate() {
        let line_number = index + 1;
        // Comments are recognised before trimming, blank lines after, exactly as BuildKit's test reads the file.
        if raw_line.starts_with('#') {
            continue;
        }
        let line = raw_line.trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('|').collect();
        let [platform, input, expected] = fields[..] else {
            panic!("line {line_number}: expected exactly three fields separated by '|': {raw_line:?}");
        };
        let (platform, input, expected) = (platform.trim(), input.trim(), expected.trim());
        match platform {
            "A" | "U" => {}
            "W" => continue,
            other => panic!("line {line_number}: unknown platform {other:?}"),
        }
        run += 1;
        let got = lexer.expand_word(input, &env);
        let matches = match &got {
            Ok(expansion) => expected != "error" && expansion.value == expected,
            Err(_) => expected == "error",
        };
        if !matches {
            let got = match got {
                Ok(expansion) => format!("{:?}", expansion.value),
                Err(error) => format!("error: {error}"),
            };
            failures.push(format!("line {line_number}: input {input:?}, expected {expected:?}, got {got}"));
        }
    }
    report("envVarTest", run, ENV_VAR_CASES, &failures);
}

#[test]
fn words_test() {
    let lexer = Lexer::new('\\');
    let mut env: Vec<(String, String)> = Vec::new();
    let mut run = 0;
    let mut failures = Vec::new();
    for (index, line) in data_file("wordsTest").lines().enumerate() {
        let line_number = index + 1;
        if line.starts_with('#') {
            continue;
        }
        if let Some(definition) = line.strip_prefix("ENV ") {
            // Only leading spaces go: the trailing spaces of `ENV trailing=ab c   ` are part of the value.
            let definition = definition.trim_start_matches(' ');
            let (name, value) = definition.split_once('=').unwrap_or((definition, ""));
            env.push((name.to_owned(), value.to_owned()));
            continue;
        }
        let fields: Vec<&str> = line.split('|').collect();
        let [input, expected] = fields[..] else {
            panic!("line {line_number}: expected exactly one '|': {line:?}");
        };
        let input = input.trim();
        let expected: Vec<&str> = expected.trim_start_matches(' ').split(',').collect();
        run += 1;
        let got = match lexer.expand_words(input, &env) {
            Ok(words) => words,
            Err(_) => vec!["error".to_owned()],
        };
        if got != expected {
            failures.push(format!("line {line_number}: input {input:?}, expected {expected:?}, got {got:?}"));
        }
    }
    report("wordsTest", run, WORDS_CASES, &failures);
}

fn report(file: &str, run: usize, expected_run: usize, failures: &[String]) {
    println!("{file}: {} of {run} cases passed", run - failures.len());
    assert!(failures.is_empty(), "{file}: {} of {run} cases failed:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(run, expected_run, "{file}: unexpected number of cases; was the data file changed?");
}
