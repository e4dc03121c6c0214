//! The one list that names every lint rule. A rule that is not here does not run; order is the order of the docs.

use super::rules::*;
use super::Rule;

/// Every rule, by code.
pub static RULES: &[&Rule] = &[
    &ml001::RULE,
    &ml002::RULE,
    &ml003::RULE,
    &ml004::RULE,
    &ml005::RULE,
    &ml010::RULE,
    &ml011::RULE,
    &ml012::RULE,
    &ml013::RULE,
    &ml014::RULE,
    &ml015::RULE,
    &ml016::RULE,
    &ml017::RULE,
    &ml018::RULE,
    &ml020::RULE,
    &ml021::RULE,
    &ml022::RULE,
    &ml023::RULE,
    &ml030::RULE,
    &ml031::RULE,
    &ml040::RULE,
    &ml041::RULE,
    &ml042::RULE,
    &ml043::RULE,
    &ml044::RULE,
    &ml045::RULE,
    &ml050::RULE,
    &ml051::RULE,
    &ml052::RULE,
    &ml060::RULE,
    &ml061::RULE,
    &ml062::RULE,
    &ml063::RULE,
    &ml064::RULE,
    &ml065::RULE,
    &ml066::RULE,
    &ml067::RULE,
    &ml068::RULE,
    &ml069::RULE,
    &ml070::RULE,
    &ml071::RULE,
    &ml072::RULE,
    &ml073::RULE,
    &ml074::RULE,
    &ml075::RULE,
    &ml076::RULE,
    &ml080::RULE,
    &ml081::RULE,
    &ml082::RULE,
    &ml083::RULE,
];

/// The rule with this code, name or alias.
pub fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|rule| rule.answers_to(code))
}
