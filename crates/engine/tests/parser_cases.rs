//! One-line parser cases ("input → expected dump"), heredocs as BuildKit's heredoc test pins them down, byte-order
//! marks, directives, spans and the diagnostics the parser itself reports.

use dockerlab_engine::diagnostic::Severity;
use dockerlab_engine::syntax::{ArgumentForm, Dockerfile, Heredoc, Keyword};

/// Parses `input` and compares BuildKit's dump of it with `expected`.
fn check(input: &str, expected: &str) {
    let parsed = Dockerfile::parse(input);
    assert_eq!(parsed.dump(), expected, "input: {input:?}");
}

fn error_codes(input: &str) -> Vec<&'static str> {
    Dockerfile::parse(input).diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.code).collect()
}

fn warning_codes(input: &str) -> Vec<&'static str> {
    Dockerfile::parse(input).diagnostics.iter().filter(|d| d.severity == Severity::Warning).map(|d| d.code).collect()
}

#[test]
fn one_line_cases() {
    check("FROM a AS Build", r#"(from "a" "AS" "Build")"#);
    check("from a", r#"(from "a")"#);
    check("FOO bar", r#"(foo "")"#);
    check("FOO --x bar", r#"(foo ["--x"] "")"#);
    check("CMD", "(cmd)");
    check("CMD []", "(cmd)");
    check("CMD ['a','b']", r#"(cmd "['a','b']")"#);
    check("SHELL [\"/bin/bash\", \"-c\"]", r#"(shell "/bin/bash" "-c")"#);
    check("STOPSIGNAL SIGTERM", r#"(stopsignal "SIGTERM")"#);
    check("USER a  b", r#"(user "a  b")"#);
    check("ARG abc=\"123 456\" def", r#"(arg "abc=\"123 456\"" "def")"#);
    check("COPY \"a b\" /x", r#"(copy "\"a" "b\"" "/x")"#);
    check("ENV a=1 b=\"2 3\"", r#"(env "a" "1" "=" "b" "\"2 3\"" "=")"#);
    check("ONBUILD RUN echo hi", r#"(onbuild (run "echo hi"))"#);
    check("ONBUILD", "(onbuild)");
    check("HEALTHCHECK NONE", r#"(healthcheck "NONE")"#);
    check("RUN --mount=\"type=cache,target=/x\" make", r#"(run ["--mount=type=cache,target=/x"] "make")"#);
    check("EXPOSE 80/tcp\t443", r#"(expose "80/tcp" "443")"#);
    check("   RUN   a  ", r#"(run "a")"#);
    check("RUN a \\\n\n  b", r#"(run "a   b")"#);
    check("RUN a \\\n  # c\n  b", r#"(run "a   b")"#);
    check("RUN a\r\nRUN b\r\n", "(run \"a\")\n(run \"b\")");
}

#[test]
fn exec_form_is_kept_apart_from_shell_form() {
    let parsed = Dockerfile::parse("CMD [\"echo hi\"]\nCMD echo hi\n");
    let forms: Vec<ArgumentForm> = parsed.tree.nodes.iter().map(|node| node.form).collect();
    assert_eq!(forms, vec![ArgumentForm::Json, ArgumentForm::Text]);
    assert_eq!(parsed.dump(), "(cmd \"echo hi\")\n(cmd \"echo hi\")");
}

#[test]
fn byte_order_mark_is_skipped() {
    let parsed = Dockerfile::parse("\u{feff}# escape=`\nFROM a `\n  AS b\n");
    assert_eq!(parsed.dump(), r#"(from "a" "AS" "b")"#);
    assert_eq!(parsed.tree.escape, '`');
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
}

#[test]
fn directives_only_at_the_top() {
    let parsed =
        Dockerfile::parse("# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\nFROM a\n# escape=`\n");
    let names: Vec<&str> = parsed.tree.directives.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, vec!["syntax", "check"]);
    assert_eq!(parsed.tree.directive("syntax").unwrap().value, "docker/dockerfile:1");
    assert_eq!(parsed.tree.escape, '\\');
    // A comment before the directive ends the search.
    let late = Dockerfile::parse("# hello\n# escape=`\nFROM a\n");
    assert!(late.tree.directives.is_empty());
    // An unknown key is an ordinary comment and also ends the search.
    let unknown = Dockerfile::parse("# foo=bar\n# escape=`\nFROM a\n");
    assert!(unknown.tree.directives.is_empty());
    // Directives are not comments of the first instruction.
    let first = Dockerfile::parse("# syntax=x\n# about a\nFROM a\n");
    let comments: Vec<&str> = first.tree.nodes[0].comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(comments, vec!["about a"]);
}

#[test]
fn directive_errors() {
    assert_eq!(error_codes("# escape=`\n# escape=\\\nFROM a\n"), vec!["duplicate-directive"]);
    assert_eq!(error_codes("# escape=x\nFROM a\n"), vec!["invalid-escape-directive"]);
}

#[test]
fn empty_and_comment_only_files_are_errors_not_failures() {
    assert_eq!(error_codes(""), vec!["no-instructions"]);
    assert_eq!(error_codes("# just a comment\n\n"), vec!["no-instructions"]);
}

#[test]
fn parser_errors_keep_the_rest_of_the_file() {
    let text = "FROM a\nCMD [1]\nENV PATH\nENV a=1 b\nRUN ok\n";
    let parsed = Dockerfile::parse(text);
    assert_eq!(error_codes(text), vec!["json-not-strings", "missing-value", "missing-equals"]);
    assert_eq!(parsed.tree.nodes.len(), 5);
    assert_eq!(parsed.tree.nodes[4].keyword, Keyword::Run);
    let json_error = &parsed.diagnostics[0];
    assert_eq!((json_error.span.line, json_error.span.column, json_error.span.len), (2, 6, 1));
}

#[test]
fn empty_continuation_warns_once_per_instruction() {
    assert_eq!(warning_codes("FROM a\nRUN a \\\n\n b \\\n\n c\n"), vec!["NoEmptyContinuation"]);
    assert!(warning_codes("FROM a\nRUN a \\\n b\n").is_empty());
}

#[test]
fn continuation_at_end_of_file_ends_the_instruction() {
    check("FROM a\nRUN something \\", "(from \"a\")\n(run \"something\")");
}

#[test]
fn escaped_escape_does_not_continue() {
    check("ENV C trailing\\\\\nENV D x", "(env \"C\" \"trailing\\\\\\\\\" \"\")\n(env \"D\" \"x\" \"\")");
}

#[test]
fn spans_point_at_words() {
    let text = "FROM python:3.12 AS base\nCOPY --from=base \\\n    /src /dst\n";
    let parsed = Dockerfile::parse(text);
    let from = &parsed.tree.nodes[0];
    assert_eq!((from.keyword_span.line, from.keyword_span.column, from.keyword_span.len), (1, 1, 4));
    let image = &from.arguments[0].span;
    assert_eq!(&text[image.range()], "python:3.12");
    let copy = &parsed.tree.nodes[1];
    assert_eq!((copy.start_line, copy.end_line), (2, 3));
    assert_eq!(&text[copy.flags[0].span.range()], "--from=base");
    assert_eq!(copy.flags[0].name, "from");
    assert_eq!(copy.flags[0].value.as_deref(), Some("base"));
    let source = &copy.arguments[0].span;
    assert_eq!((source.line, source.column), (3, 5));
    assert_eq!(&text[source.range()], "/src");
}

#[test]
fn comments_directly_above_are_attached() {
    let parsed = Dockerfile::parse("FROM a\n# hadolint ignore=DL3008\nRUN apt-get install x\n#\n# later\nRUN b\n");
    let comments: Vec<Vec<&str>> =
        parsed.tree.nodes.iter().map(|node| node.comments.iter().map(|c| c.text.as_str()).collect()).collect();
    assert_eq!(comments, vec![vec![], vec!["hadolint ignore=DL3008"], vec!["later"]]);
}

/// The heredoc behaviour from BuildKit's `parser_heredoc_test.go`, restated with our types.
#[test]
fn heredocs_like_buildkit() {
    let text = "
FROM alpine:3.6

ENV NAME=me

RUN ls

USER <<INVALID
INVALID

RUN <<EMPTY
EMPTY

RUN 3<<EMPTY2
EMPTY2

RUN \"<<NOHEREDOC\"

RUN <<INDENT
\tfoo
\tbar
INDENT

RUN <<-UNINDENT
\tbaz
\tquux
UNINDENT

RUN <<-UNINDENT2
\tbaz
\tquux
\tUNINDENT2

RUN <<-'NOEXPAND'
\tdon't expand $NAME
NOEXPAND

RUN <<COMMENT
# internal comment
echo foo bar # trailing comment
COMMENT

RUN --mount=type=cache,target=/foo <<MOUNT
echo hello
MOUNT

COPY <<FILE1 <<FILE2 /dest
content 1
FILE1
content 2
FILE2

COPY <<X <<Y /dest
Y
X
X
Y

RUN <<COMPLEX python3
print('hello world')
COMPLEX

RUN <<eo'f'
echo foo
eof

RUN <<eo\\'f
echo foo
eo'f

RUN <<'one two'
echo bar
one two

RUN <<$EOF
$EOF

RUN <<  EOF  > foo
EOF
\t";
    let parsed = Dockerfile::parse(text);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    let simple = |heredoc: &Heredoc| (heredoc.name.clone(), heredoc.content.clone(), heredoc.expand, heredoc.chomp);
    let all: Vec<Vec<(String, String, bool, bool)>> =
        parsed.tree.nodes.iter().map(|node| node.heredocs.iter().map(simple).collect()).collect();
    let doc =
        |name: &str, content: &str, expand: bool, chomp: bool| (name.to_string(), content.to_string(), expand, chomp);
    let expected = vec![
        vec![],                               // FROM
        vec![],                               // ENV
        vec![],                               // RUN ls
        vec![],                               // USER <<INVALID: not a heredoc instruction
        vec![],                               // INVALID: parsed as an (unknown) instruction
        vec![doc("EMPTY", "", true, false)],  //
        vec![doc("EMPTY2", "", true, false)], //
        vec![],                               // RUN "<<NOHEREDOC"
        vec![doc("INDENT", "\tfoo\n\tbar\n", true, false)],
        vec![doc("UNINDENT", "\tbaz\n\tquux\n", true, true)],
        vec![doc("UNINDENT2", "\tbaz\n\tquux\n", true, true)],
        vec![doc("NOEXPAND", "\tdon't expand $NAME\n", false, true)],
        vec![doc("COMMENT", "# internal comment\necho foo bar # trailing comment\n", true, false)],
        vec![doc("MOUNT", "echo hello\n", true, false)],
        vec![doc("FILE1", "content 1\n", true, false), doc("FILE2", "content 2\n", true, false)],
        vec![doc("X", "Y\n", true, false), doc("Y", "X\n", true, false)],
        vec![doc("COMPLEX", "print('hello world')\n", true, false)],
        vec![doc("eof", "echo foo\n", false, false)],
        vec![doc("eo'f", "echo foo\n", true, false)],
        vec![doc("one two", "echo bar\n", false, false)],
        vec![doc("$EOF", "", true, false)],
        vec![doc("EOF", "", true, false)],
    ];
    assert_eq!(all, expected);
    assert_eq!(parsed.tree.nodes[6].heredocs[0].file_descriptor, 3);
    assert_eq!(parsed.tree.nodes[10].heredocs[0].effective_content(), "baz\nquux\n");
    // The dump shows only the instruction line.
    assert!(parsed.dump().contains("(copy \"<<FILE1\" \"<<FILE2\" \"/dest\")"));
}

#[test]
fn heredocs_only_in_shell_form() {
    let parsed = Dockerfile::parse("FROM a\nRUN [\"<<EOF\"]\nRUN [\"<<'EOF'\"]\n");
    assert!(parsed.tree.nodes.iter().all(|node| node.heredocs.is_empty()));
    assert!(parsed.diagnostics.is_empty());
}

#[test]
fn heredoc_inside_onbuild() {
    let parsed = Dockerfile::parse("FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\nRUN b\n");
    assert_eq!(parsed.dump(), "(from \"a\")\n(onbuild (run \"<<EOF\"))\n(run \"b\")");
    assert_eq!(parsed.tree.nodes[1].heredocs[0].content, "echo hi\n");
    assert_eq!((parsed.tree.nodes[1].start_line, parsed.tree.nodes[1].end_line), (2, 4));
}

#[test]
fn unterminated_heredoc_is_an_error_with_the_marker_located() {
    let text = "FROM a\nRUN <<EOF\necho hi\n";
    let parsed = Dockerfile::parse(text);
    let error = parsed.diagnostics.iter().find(|d| d.code == "unterminated-heredoc").expect("an error");
    assert_eq!(&text[error.span.range()], "<<EOF");
    assert_eq!(parsed.tree.nodes[1].heredocs[0].content, "echo hi\n");
}

#[test]
fn heredoc_lines_are_counted_in_the_node() {
    let parsed = Dockerfile::parse("FROM a\nCOPY <<EOF /x\none\ntwo\nEOF\nRUN b\n");
    let lines: Vec<(u32, u32)> = parsed.tree.nodes.iter().map(|n| (n.start_line, n.end_line)).collect();
    assert_eq!(lines, vec![(1, 1), (2, 5), (6, 6)]);
    let body = parsed.tree.nodes[1].heredocs[0].body_span;
    assert_eq!((body.line, body.end_line), (3, 4));
}
