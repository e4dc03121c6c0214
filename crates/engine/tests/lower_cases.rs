//! Lowering cases: typed instructions, flag validation, expansion positions and scopes, one case per line where
//! possible.

use std::collections::BTreeMap;
use std::time::Duration;

use dockerlab_engine::diagnostic::Severity;
use dockerlab_engine::instructions::{CommandForm, InstructionKind, MountType, StageBase};
use dockerlab_engine::{analyze, Analysis, AnalyzeOptions};

fn run(text: &str) -> Analysis {
    analyze(text, &AnalyzeOptions::default())
}

fn run_with_args(text: &str, args: &[(&str, &str)]) -> Analysis {
    let build_args: BTreeMap<String, String> = args.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    analyze(text, &AnalyzeOptions { build_args, ..AnalyzeOptions::default() })
}

fn errors(text: &str) -> Vec<&'static str> {
    run(text).diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.code).collect()
}

/// Asserts that `text` produces exactly the error codes `expected`.
fn check_errors(text: &str, expected: &[&str]) {
    assert_eq!(errors(text), expected, "input: {text:?}");
}

fn kind(analysis: &Analysis, index: usize) -> &InstructionKind {
    &analysis.lowered.instructions[index].kind
}

#[test]
fn valid_lines_have_no_errors() {
    for text in [
        "FROM python:3.12-slim",
        "FROM --platform=$BUILDPLATFORM golang:1.22 AS build",
        "FROM a\nRUN --mount=type=cache,target=/root/.cache/pip pip install torch",
        "FROM a\nRUN --network=none --security=sandbox make",
        "FROM a\nCOPY --link --chmod=644 --chown=1000:1000 --exclude=*.pyc --exclude=.git . /app",
        "FROM a\nCOPY --parents=true a/b /dst/",
        "FROM a\nADD --checksum=sha256:abc https://example.com/x.tar.gz /x",
        "FROM a\nADD --keep-git-dir=false --unpack git@github.com:a/b.git /src",
        "FROM a\nHEALTHCHECK --interval=5s --timeout=3s --retries=3 CMD curl -f http://localhost/",
        "FROM a\nHEALTHCHECK NONE",
        "FROM a\nSHELL [\"/bin/bash\", \"-c\"]",
        "FROM a\nEXPOSE 80 443/tcp",
        "FROM a\nONBUILD COPY . /app",
        "FROM a\nSTOPSIGNAL SIGTERM",
        "FROM a\nMAINTAINER someone",
        "FROM a\nVOLUME [\"/data\"]",
    ] {
        check_errors(text, &[]);
    }
}

#[test]
fn flag_errors() {
    check_errors("FROM a\nCOPY --form=build /a /b", &["unknown-flag"]);
    check_errors("FROM a\nCOPY --from=x --from=y /a /b", &["duplicate-flag"]);
    check_errors("FROM a\nCOPY --from build /a /b", &["flag-missing-value"]);
    check_errors("FROM a\nCOPY --link=yes /a /b", &["flag-invalid-bool"]);
    check_errors("FROM a\nWORKDIR --x=1 /app", &["unknown-flag"]);
    check_errors("FROM a\nRUN --mount=type=cache,target=/x --mount=type=tmpfs,target=/t true", &[]);
    check_errors("FROM a\nCOPY --checksum=sha256:x /a /b", &["unknown-flag"]);
}

#[test]
fn flag_messages_suggest_fixes() {
    let analysis = run("FROM a\nCOPY --form=build /a /b\nCOPY --from build /a /b");
    assert_eq!(analysis.diagnostics[0].hint.as_deref(), Some("did you mean --from?"));
    assert!(analysis.diagnostics[1].hint.as_deref().unwrap().contains("--from=build"));
}

#[test]
fn unknown_instruction_suggests_a_keyword() {
    let analysis = run("FROM a\nRUNN echo\nRUN ok");
    let error = &analysis.diagnostics[0];
    assert_eq!((error.code, error.hint.as_deref()), ("unknown-instruction", Some("did you mean RUN?")));
    assert_eq!((error.span.line, error.span.column, error.span.len), (2, 1, 4));
    // Everything after the broken line is still lowered.
    assert!(matches!(kind(&analysis, 2), InstructionKind::Run(_)));
}

#[test]
fn from_validation() {
    check_errors("FROM a b", &["from-arguments"]);
    check_errors("FROM a AS", &["from-arguments"]);
    check_errors("FROM a IS b", &["from-arguments"]);
    check_errors("FROM a AS 1st", &["invalid-stage-name"]);
    check_errors("FROM a AS my$stage", &["invalid-stage-name"]);
    check_errors("ARG TAG\nFROM img${TAG}", &[]);
    check_errors("ARG IMG\nFROM ${IMG}", &["empty-image"]);
    check_errors("RUN echo\nFROM a", &["instruction-before-from"]);
}

#[test]
fn stage_names_are_lower_cased() {
    let analysis = run("FROM a AS Build\nFROM build");
    assert_eq!(analysis.lowered.stages[0].name.as_deref(), Some("build"));
    assert_eq!(analysis.lowered.stages[1].base, StageBase::Stage(0));
}

#[test]
fn run_mounts_network_security() {
    let analysis = run("FROM a\nWORKDIR /app\nRUN --mount=type=cache,target=.cache,sharing=locked --network=host make");
    let InstructionKind::Run(run_instruction) = kind(&analysis, 2) else { panic!("not a RUN") };
    let mount = &run_instruction.mounts[0];
    assert_eq!(mount.mount_type, MountType::Cache);
    assert_eq!(mount.resolved_target.as_deref(), Some("/app/.cache"));
    assert_eq!(run_instruction.network.as_ref().unwrap().value, "host");
    assert_eq!(run_instruction.command.form, CommandForm::Shell);
    check_errors("FROM a\nRUN --network=bridge make", &["invalid-network"]);
    check_errors("FROM a\nRUN --security=privileged make", &["invalid-security"]);
    check_errors("FROM a\nRUN --mount=type=cahce,target=/x make", &["invalid-mount"]);
    check_errors("FROM a AS b\nFROM a\nRUN --mount=from=$X,target=/x make", &["invalid-mount"]);
}

#[test]
fn mount_values_are_expanded_but_not_from() {
    let analysis = run("FROM a AS deps\nFROM a\nARG DIR=/cache\nRUN --mount=type=cache,target=$DIR,from=deps make");
    let InstructionKind::Run(run_instruction) = kind(&analysis, 3) else { panic!("not a RUN") };
    assert_eq!(run_instruction.mounts[0].target.as_deref(), Some("/cache"));
    assert_eq!(run_instruction.mounts[0].from.as_deref(), Some("deps"));
}

#[test]
fn copy_sources_destination_and_heredocs() {
    let text = "FROM a\nENV DIR=/app\nCOPY --chown=${USER:-root} a b $DIR/\nCOPY <<EOF <<-'RAW' /etc/\nhome=$DIR\nEOF\n\tkeep $DIR\nRAW\n";
    let analysis = run(text);
    assert!(analysis.diagnostics.is_empty(), "{:#?}", analysis.diagnostics);
    let InstructionKind::Copy(copy) = kind(&analysis, 2) else { panic!("not a COPY") };
    let sources: Vec<&str> = copy.sources.iter().map(|word| word.value.as_str()).collect();
    assert_eq!(sources, vec!["a", "b"], "COPY splits on whitespace before expansion");
    assert_eq!(copy.destination.value, "/app/");
    assert_eq!(copy.destination.raw, "$DIR/");
    assert_eq!(copy.chown.as_ref().unwrap().value, "root");
    let InstructionKind::Copy(heredocs) = kind(&analysis, 3) else { panic!("not a COPY") };
    assert!(heredocs.sources.is_empty());
    assert_eq!(heredocs.heredoc_sources[0].content, "home=/app\n");
    assert_eq!(heredocs.heredoc_sources[1].content, "keep $DIR\n", "quoted marker: literal, TABs stripped");
    check_errors("FROM a\nCOPY onlyone", &["missing-destination"]);
    // Quotes do not group words in shell-form COPY: each half fails to expand, as in BuildKit.
    check_errors("FROM a\nCOPY \"b c\" /x", &["expansion-error", "expansion-error"]);
    check_errors("FROM a\nCOPY a <<EOF\nx\nEOF", &["heredoc-destination"]);
}

#[test]
fn add_checksum_rules() {
    check_errors("FROM a\nADD --checksum=sha256:x a b /dst/", &["checksum-sources"]);
    check_errors("FROM a\nADD --checksum=sha256:x local.tar /dst/", &["checksum-sources"]);
}

#[test]
fn env_same_line_sees_old_values_and_overrides_arg() {
    let text = "FROM a\nENV a=1\nENV a=2 b=$a\nARG a=9\nENV c=$a";
    let analysis = run(text);
    let InstructionKind::Env(env) = kind(&analysis, 2) else { panic!("not an ENV") };
    assert_eq!(env.pairs[1].value.value, "1", "same-line reference sees the old value");
    let InstructionKind::Env(env) = kind(&analysis, 4) else { panic!("not an ENV") };
    assert_eq!(env.pairs[0].value.value, "2", "ENV wins over an ARG of the same name");
}

#[test]
fn arg_takes_effect_from_its_line() {
    let analysis = run("FROM a\nWORKDIR /$V\nARG V=x\nWORKDIR /$V");
    let InstructionKind::Workdir(before) = kind(&analysis, 1) else { panic!() };
    let InstructionKind::Workdir(after) = kind(&analysis, 3) else { panic!() };
    assert_eq!((before.path.value.as_str(), after.path.value.as_str()), ("/", "/x"));
    assert_eq!(before.path.unset, vec!["V".to_string()]);
}

#[test]
fn global_args_are_only_visible_in_from_until_imported() {
    let text = "ARG BASE=python\nARG TAG=3.12\nFROM ${BASE}:${TAG}\nRUN echo\nLABEL a=$TAG\nARG TAG\nLABEL b=$TAG";
    let analysis = run(text);
    let InstructionKind::From(from) = kind(&analysis, 2) else { panic!() };
    assert_eq!(from.image.value, "python:3.12");
    let InstructionKind::Label(before) = kind(&analysis, 4) else { panic!() };
    let InstructionKind::Label(after) = kind(&analysis, 6) else { panic!() };
    assert_eq!(before.pairs[0].value.value, "", "a global ARG is invisible inside a stage");
    assert_eq!(after.pairs[0].value.value, "3.12", "ARG TAG imports the global value");
    assert_eq!(analysis.lowered.global_args.len(), 2);
}

#[test]
fn build_args_override_defaults() {
    let text = "ARG TAG=3.12\nFROM python:${TAG}\nARG MODE=dev\nENV M=$MODE";
    let analysis = run_with_args(text, &[("TAG", "3.13"), ("MODE", "prod")]);
    let InstructionKind::From(from) = kind(&analysis, 1) else { panic!() };
    assert_eq!(from.image.value, "python:3.13");
    let InstructionKind::Env(env) = kind(&analysis, 3) else { panic!() };
    assert_eq!(env.pairs[0].value.value, "prod");
}

#[test]
fn automatic_platform_args() {
    let analysis =
        run("FROM --platform=$BUILDPLATFORM golang AS build\nARG TARGETARCH\nENV ARCH=$TARGETARCH\nENV OS=$TARGETOS");
    let InstructionKind::From(from) = kind(&analysis, 0) else { panic!() };
    assert_eq!(from.platform.as_ref().unwrap().value, "linux/amd64");
    let InstructionKind::Env(arch) = kind(&analysis, 2) else { panic!() };
    let InstructionKind::Env(os) = kind(&analysis, 3) else { panic!() };
    assert_eq!(arch.pairs[0].value.value, "amd64");
    assert_eq!(os.pairs[0].value.value, "", "automatic ARGs must be declared in the stage");
}

#[test]
fn not_expanded_positions_stay_literal() {
    let analysis = run("FROM a\nENV X=1\nRUN echo $X\nCMD [\"echo\", \"$X\"]\nSHELL [\"/bin/$X\"]\nMAINTAINER $X");
    let InstructionKind::Run(run_instruction) = kind(&analysis, 2) else { panic!() };
    assert_eq!(run_instruction.command.arguments[0].value, "echo $X");
    let InstructionKind::Cmd(cmd) = kind(&analysis, 3) else { panic!() };
    assert_eq!((cmd.form, cmd.arguments[1].value.as_str()), (CommandForm::Exec, "$X"));
    let InstructionKind::Maintainer(maintainer) = kind(&analysis, 5) else { panic!() };
    assert_eq!(maintainer.name.value, "$X");
}

#[test]
fn expanded_positions() {
    let analysis = run("FROM a\nARG P=8080\nARG TWO=\"1 2\"\nEXPOSE $P $TWO\nVOLUME /data/$P\nUSER u$P\nSTOPSIGNAL SIG$P\nLABEL k$P=v$P");
    let InstructionKind::Expose(expose) = kind(&analysis, 3) else { panic!() };
    let ports: Vec<&str> = expose.ports.iter().map(|w| w.value.as_str()).collect();
    assert_eq!(ports, vec!["8080", "1", "2"], "expanded, then split into words");
    let InstructionKind::Volume(volume) = kind(&analysis, 4) else { panic!() };
    assert_eq!(volume.paths[0].value, "/data/8080");
    let InstructionKind::User(user) = kind(&analysis, 5) else { panic!() };
    assert_eq!(user.user.value, "u8080");
    let InstructionKind::Stopsignal(signal) = kind(&analysis, 6) else { panic!() };
    assert_eq!(signal.signal.value, "SIG8080");
    let InstructionKind::Label(label) = kind(&analysis, 7) else { panic!() };
    assert_eq!((label.pairs[0].key.value.as_str(), label.pairs[0].value.value.as_str()), ("k8080", "v8080"));
}

#[test]
fn env_quotes_are_removed() {
    let analysis = run("FROM a\nENV name=\"value value1\" other='$x' legacy\\ form=1\nENV OLD some value");
    let InstructionKind::Env(env) = kind(&analysis, 1) else { panic!() };
    let values: Vec<(&str, &str)> = env.pairs.iter().map(|p| (p.key.value.as_str(), p.value.value.as_str())).collect();
    assert_eq!(values, vec![("name", "value value1"), ("other", "$x"), ("legacy form", "1")]);
    let InstructionKind::Env(old) = kind(&analysis, 2) else { panic!() };
    assert!(old.pairs[0].legacy);
    assert_eq!(old.pairs[0].value.value, "some value");
}

#[test]
fn healthcheck_options_and_defaults() {
    let analysis = run(
        "FROM a\nHEALTHCHECK --interval=1m30s --retries=5 CMD [\"curl\", \"-f\", \"localhost\"]\nHEALTHCHECK CMD true",
    );
    let InstructionKind::Healthcheck(check) = kind(&analysis, 1) else { panic!() };
    assert_eq!((check.interval, check.timeout, check.retries), (Duration::from_secs(90), Duration::from_secs(30), 5));
    assert_eq!(check.command.as_ref().unwrap().form, CommandForm::Exec);
    let InstructionKind::Healthcheck(defaults) = kind(&analysis, 2) else { panic!() };
    assert_eq!(
        (defaults.start_period, defaults.start_interval, defaults.retries),
        (Duration::ZERO, Duration::from_secs(5), 3)
    );
    check_errors("FROM a\nHEALTHCHECK --interval=30 CMD true", &["invalid-duration"]);
    check_errors("FROM a\nHEALTHCHECK --timeout=1us CMD true", &["invalid-duration"]);
    check_errors("FROM a\nHEALTHCHECK --retries=-1 CMD true", &["invalid-retries"]);
    check_errors("FROM a\nHEALTHCHECK CMD", &["healthcheck-arguments"]);
    check_errors("FROM a\nHEALTHCHECK NONE x", &["healthcheck-arguments"]);
    check_errors("FROM a\nHEALTHCHECK CONNECT TCP 7000", &["healthcheck-type"]);
    check_errors("FROM a\nHEALTHCHECK --intervall=5s CMD true", &["unknown-flag"]);
}

#[test]
fn shell_and_argument_counts() {
    check_errors("FROM a\nSHELL /bin/bash -c", &["shell-not-json"]);
    check_errors("FROM a\nSHELL []", &["missing-argument"]);
    check_errors("FROM a\nWORKDIR", &["missing-argument"]);
    check_errors("FROM a\nEXPOSE", &["missing-argument"]);
    check_errors("FROM a\nENV", &["missing-argument"]);
    check_errors("FROM a\nARG =x", &["blank-name"]);
    check_errors("FROM a\nVOLUME [\"\"]", &["empty-volume"]);
}

#[test]
fn onbuild_triggers_are_kept_unexpanded() {
    let analysis =
        run("FROM a\nENV X=1\nONBUILD RUN --mount=type=cache,target=$X make\nONBUILD ONBUILD RUN x\nONBUILD FROM b");
    let InstructionKind::Onbuild(onbuild) = kind(&analysis, 2) else { panic!() };
    let trigger = onbuild.trigger.as_ref().unwrap();
    let InstructionKind::Run(run_instruction) = &trigger.kind else { panic!() };
    assert_eq!(run_instruction.mounts[0].target.as_deref(), Some("$X"));
    assert_eq!(onbuild.expression, "RUN --mount=type=cache,target=$X make");
    check_errors("FROM a\nONBUILD ONBUILD RUN x", &["onbuild-trigger"]);
    check_errors("FROM a\nONBUILD FROM b", &["onbuild-trigger"]);
}

#[test]
fn workdir_resolves_relative_paths() {
    let analysis = run("FROM a\nWORKDIR /app\nWORKDIR src\nWORKDIR ../lib");
    let resolved: Vec<String> = (1..4)
        .map(|index| match kind(&analysis, index) {
            InstructionKind::Workdir(workdir) => workdir.resolved.clone().unwrap(),
            _ => panic!(),
        })
        .collect();
    assert_eq!(resolved, vec!["/app", "/app/src", "/app/lib"]);
}

#[test]
fn expansion_errors_are_located() {
    let analysis = run("FROM a\nENV A=${B");
    let error = analysis.diagnostics.iter().find(|d| d.code == "expansion-error").expect("an expansion error");
    assert_eq!(error.span.line, 2);
}

#[test]
fn serializes_to_json() {
    let analysis = run("FROM a AS b\nRUN --mount=type=cache,target=/x make\nCOPY --from=b /x /y");
    let json = serde_json::to_string(&analysis).unwrap();
    assert!(json.contains("\"instruction\":\"RUN\""));
    assert!(json.contains("\"mount_type\":\"cache\""));
}
