//! Quick fixes: applied as text edits, they resolve the finding, keep every other byte, and introduce nothing new.

use dockerlab_engine::lint::{apply_edits, lint, LintOptions};

/// Applies the fix of the first finding with `code` and checks the result.
fn fixed(code: &str, text: &str) -> String {
    let findings = lint(text, &LintOptions::default(), None);
    let finding = findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("{code} not found in {text:?}"));
    let fix = finding.fix.as_ref().unwrap_or_else(|| panic!("{code} has no fix"));
    let result = apply_edits(text, &fix.edits);
    let after = lint(&result, &LintOptions::default(), None);
    assert!(!after.iter().any(|f| f.code == code), "{code} still found after the fix:\n{result}");
    // Nothing that was not there before may appear.
    for new in &after {
        assert!(
            findings.iter().any(|old| old.code == new.code),
            "the fix for {code} introduced {}:\n{result}",
            new.code
        );
    }
    result
}

#[test]
fn no_cache_dir_is_inserted_after_install() {
    let text = "FROM python:3.12-slim\n# keep\nRUN  pip install   torch==2.3.1 \\\n  numpy==1.26.4\n";
    assert_eq!(
        fixed("ML011", text),
        "FROM python:3.12-slim\n# keep\nRUN  pip install --no-cache-dir   torch==2.3.1 \\\n  numpy==1.26.4\n"
    );
}

#[test]
fn requirements_move_before_the_code() {
    let text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"python\", \"serve.py\"]\n";
    assert_eq!(
        fixed("ML010", text),
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"serve.py\"]\n"
    );
}

#[test]
fn reorder_is_not_offered_when_it_could_change_the_build() {
    for text in [
        // An ENV between the COPY and the RUN would no longer apply to the install.
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nENV PIP_INDEX_URL=https://mirror\nRUN pip install --no-cache-dir -r requirements.txt\n",
        // The install also needs the code.
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt && python setup.py build\n",
        // A requirements file other than requirements.txt may include others.
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements-dev.txt\n",
    ] {
        let findings = lint(text, &LintOptions::default(), None);
        let finding = findings.iter().find(|f| f.code == "ML010").expect("still reported");
        assert!(finding.fix.is_none(), "{text}");
    }
}

#[test]
fn apt_flags_and_cleanup_are_added() {
    let text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n";
    let once = fixed("ML014", text);
    assert_eq!(once, "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n");
    let twice = fixed("ML015", &once);
    assert_eq!(
        twice,
        "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*\n"
    );
}

#[test]
fn small_mechanical_fixes() {
    assert_eq!(
        fixed("ML023", "FROM python:3.12-slim\nCMD python serve.py --port 8000\n"),
        "FROM python:3.12-slim\nCMD [\"python\", \"serve.py\", \"--port\", \"8000\"]\n"
    );
    assert_eq!(
        fixed("ML066", "FROM python:3.12-slim\nMAINTAINER Ada <ada@example.com>\n"),
        "FROM python:3.12-slim\nLABEL org.opencontainers.image.authors=\"Ada <ada@example.com>\"\n"
    );
    assert_eq!(
        fixed("ML070", "FROM python:3.12-slim\nENV MODEL_DIR /models\n"),
        "FROM python:3.12-slim\nENV MODEL_DIR=/models\n"
    );
    assert_eq!(fixed("ML071", "FROM --platform=$TARGETPLATFORM python:3.12-slim\n"), "FROM python:3.12-slim\n");
    assert_eq!(fixed("ML074", "FROM python:3.12-slim\nEXPOSE 8000/TCP\n"), "FROM python:3.12-slim\nEXPOSE 8000/tcp\n");
    assert_eq!(
        fixed("ML081", "FROM python:3.12-slim\nADD src/ /app/src/\n"),
        "FROM python:3.12-slim\nCOPY src/ /app/src/\n"
    );
}

#[test]
fn crlf_files_keep_their_line_endings() {
    let text =
        "FROM python:3.12-slim\r\nWORKDIR /app\r\nCOPY . .\r\nRUN pip install --no-cache-dir -r requirements.txt\r\n";
    let result = fixed("ML010", text);
    assert!(!result.replace("\r\n", "").contains('\n'), "{result:?}");
}
