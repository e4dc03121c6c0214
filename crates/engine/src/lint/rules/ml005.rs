//! ML005 full-python-base: the shipped image starts from the full `python` image instead of `-slim`.

use crate::lint::costs::{about, image_installed_mb};
use crate::lint::facts::ImageRef;
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML005",
    name: "full-python-base",
    severity: Severity::Info,
    aliases: &[],
    summary: "The full `python` image carries compilers and headers a served model rarely needs.",
    lesson: "base-images",
    doc: include_str!("../docs/ML005.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    let Some(root) = facts.final_chain().last().copied() else { return };
    let Some(stage) = facts.stage(root) else { return };
    let Some((_, from)) = super::from_of(facts, stage) else { return };
    if from.image.raw.contains('$') {
        return;
    }
    let image = ImageRef::parse(&from.image.value);
    if image.repository() != "python" {
        return;
    }
    let Some(tag) = image.tag.as_deref() else { return };
    if ["slim", "alpine", "windows", "nanoserver"].iter().any(|flavour| tag.contains(flavour)) {
        return;
    }
    let slim = format!("python:{tag}-slim");
    let sizes = match (image_installed_mb(&format!("python:{tag}")), image_installed_mb(&slim)) {
        (Some(full), Some(small)) => {
            format!(" ({} installed against {} for `-slim`, per the base-image table)", about(full), about(small))
        }
        _ => String::new(),
    };
    report.add(
        from.image.span,
        format!(
            "`{}` is the full image with compilers, headers and many libraries{sizes}. A model server rarely needs \
             them: use `python:{tag}-slim`, and if a package must be compiled, do it in a builder stage and copy the \
             result.",
            from.image.raw
        ),
    );
}
