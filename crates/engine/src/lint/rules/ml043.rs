//! ML043 cuda-devel-in-final-stage: the shipped image is built on a CUDA `devel` image.

use crate::lint::costs::{about, image_installed_mb};
use crate::lint::facts::ImageRef;
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML043",
    name: "cuda-devel-in-final-stage",
    severity: Severity::Info,
    aliases: &[],
    summary: "A CUDA `devel` base in the shipped image carries the compiler toolchain; `runtime` is enough to serve.",
    lesson: "base-images",
    doc: include_str!("../docs/ML043.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    let Some(root) = facts.final_chain().last().copied() else { return };
    let Some(stage) = facts.stage(root) else { return };
    let Some((_, from)) = super::from_of(facts, stage) else { return };
    let image = ImageRef::parse(&from.image.value);
    let tag = image.tag.as_deref().unwrap_or("");
    if !image.is_cuda() || !tag.contains("devel") {
        return;
    }
    let runtime = from.image.value.replace("devel", "runtime");
    let sizes = match (image_installed_mb(&from.image.value), image_installed_mb(&runtime)) {
        (Some(devel), Some(small)) if devel > small => {
            format!(
                " ({} installed against {} for the runtime flavour, per the base-image table)",
                about(devel),
                about(small)
            )
        }
        _ => String::new(),
    };
    report.add(
        from.image.span,
        format!(
            "`{}` is a devel image: nvcc, headers and static libraries for compiling CUDA code{sizes}. Serving a model \
             needs only the runtime libraries. Build extensions in a devel builder stage and ship on the matching \
             `-runtime` image (unless the model JIT-compiles CUDA code at run time).",
            from.image.raw
        ),
    );
}
