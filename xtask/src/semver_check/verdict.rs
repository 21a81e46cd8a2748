//! Whether api-diff and cargo-semver-checks agree on a fixture, and the differences already explained.
//!
//! The two tools do not measure the same thing, so "agree" needs a definition (README, "Checking the diff
//! against cargo-semver-checks"): api-diff's release is computed as for a crate at 1.0.0 (breaking → major,
//! compatible → minor, docs or generated code alone → patch), and cargo-semver-checks says which bump its lints
//! require (major, minor, or none). They agree when
//! - both say major;
//! - api-diff says minor and cargo-semver-checks minor or none: it has no lint for additions (a new function,
//!   field or variant needs no bump by its rules), so "none" is its answer to a purely additive change;
//! - api-diff says patch or none and cargo-semver-checks none.
//!
//! Anything else is a disagreement: one of the two is wrong, and either the rule in `api-diff/src/rules.rs` is
//! fixed or the difference is explained there and listed in [`KNOWN`], so that the command fails on a new
//! disagreement, and on a listed one that no longer happens (the list must not outlive the difference).

use std::fmt;

use api_diff::{Bump, Kind};

/// The bump cargo-semver-checks requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ToolBump {
    None,
    Minor,
    Major,
}

impl ToolBump {
    pub fn id(self) -> &'static str {
        match self {
            ToolBump::None => "none",
            ToolBump::Minor => "minor",
            ToolBump::Major => "major",
        }
    }
}

impl fmt::Display for ToolBump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A difference between the two tools that a comment at the rule in `api-diff/src/rules.rs` explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// The fixture folder under `tests/fixtures/diff`.
    pub fixture: &'static str,
    /// The rule whose comment explains the difference (the change api-diff reports in the fixture).
    pub kind: Kind,
    /// What api-diff says (for a crate at 1.0.0).
    pub api: Bump,
    /// What cargo-semver-checks says.
    pub tool: ToolBump,
    /// The explanation in one line, for the table.
    pub why: &'static str,
}

/// The explained differences (measured with cargo-semver-checks 0.51.0). In each, api-diff says major and
/// cargo-semver-checks none, for one of two reasons:
/// - the change is one of behaviour: no Rust item changes (or one is only added), but a call, a request or a
///   decode that worked before now fails or means something else; cargo-semver-checks compares items only;
/// - a type changes (of a pub field, or of a setter's parameter): cargo-semver-checks has no lint for that yet
///   (its README lists "breaking type changes, for example in the type of a field or function parameter" among
///   what it does not catch).
///
/// Each entry's rule has a comment saying so in `api-diff/src/rules.rs`.
pub const KNOWN: &[Known] = &[
    Known {
        fixture: "02_product_version_changed",
        kind: Kind::ProductVersionChanged,
        api: Bump::Major,
        tool: ToolBump::None,
        why: "behaviour: the same items, but every request asks for another API version",
    },
    Known {
        fixture: "09_param_added_required",
        kind: Kind::ParamAddedRequired,
        api: Bump::Major,
        tool: ToolBump::None,
        why: "behaviour: only a setter and a field are added, but calls without the setter now fail in build()",
    },
    Known {
        fixture: "11_param_made_required",
        kind: Kind::ParamMadeRequired,
        api: Bump::Major,
        tool: ToolBump::None,
        why: "type: the request field goes from Option<T> to T (and build() fails without the setter)",
    },
    Known {
        fixture: "12_param_made_optional",
        kind: Kind::ParamMadeOptional,
        api: Bump::Major,
        tool: ToolBump::None,
        why: "type: the request field goes from T to Option<T>",
    },
    Known {
        fixture: "13_param_type_widened",
        kind: Kind::ParamTypeChanged,
        api: Bump::Major,
        tool: ToolBump::None,
        why: "type: the setter's parameter and the request field go from i32 to i64",
    },
    Known {
        fixture: "17_constraint_tightened",
        kind: Kind::ParamConstraintTightened,
        api: Bump::Major,
        tool: ToolBump::None,
        why: "behaviour: the same items, but build() refuses values it accepted",
    },
    Known {
        fixture: "25_field_type_narrowed",
        kind: Kind::FieldTypeChanged,
        api: Bump::Major,
        tool: ToolBump::None,
        why: "type: the response field changes type",
    },
    Known {
        fixture: "29_wrapper_removed",
        kind: Kind::FieldListFormNarrowed,
        api: Bump::Major,
        tool: ToolBump::None,
        why: "behaviour: the same items, but decoding refuses a list shape it accepted",
    },
    Known {
        fixture: "43_mixed",
        kind: Kind::ParamMadeRequired,
        api: Bump::Major,
        tool: ToolBump::None,
        why: "type: its only breaking change is a parameter made required (as 11_param_made_required)",
    },
];

/// How the two verdicts on one fixture compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    /// The same verdict, by the definition above.
    Agree,
    /// A difference listed in [`KNOWN`] (the entry explains it).
    Known(Known),
    /// A difference nobody explained: one tool is wrong.
    Disagree,
    /// Listed in [`KNOWN`] with other verdicts than these (they agree now, or differ otherwise): the entry is stale.
    Stale(Known),
}

impl Judgement {
    /// Whether the command must fail for it.
    pub fn fails(self) -> bool {
        matches!(self, Judgement::Disagree | Judgement::Stale(_))
    }
}

/// Whether the two verdicts agree, by the definition in the module comment.
pub fn agrees(api: Bump, tool: ToolBump) -> bool {
    match api {
        Bump::Major => tool == ToolBump::Major,
        Bump::Minor => tool != ToolBump::Major,
        Bump::Patch | Bump::None => tool == ToolBump::None,
    }
}

/// Judges one fixture's verdicts against the definition and the `known` list.
pub fn judge(fixture: &str, api: Bump, tool: ToolBump, known: &[Known]) -> Judgement {
    match known.iter().find(|k| k.fixture == fixture) {
        Some(k) if (k.api, k.tool) == (api, tool) && !agrees(api, tool) => Judgement::Known(*k),
        Some(k) => Judgement::Stale(*k),
        None if agrees(api, tool) => Judgement::Agree,
        None => Judgement::Disagree,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUMPS: [Bump; 4] = [Bump::None, Bump::Patch, Bump::Minor, Bump::Major];
    const TOOL: [ToolBump; 3] = [ToolBump::None, ToolBump::Minor, ToolBump::Major];

    #[test]
    fn agreement_is_breaking_versus_not_and_no_lint_for_docs() {
        let agreeing: Vec<(Bump, ToolBump)> =
            BUMPS.iter().flat_map(|&a| TOOL.iter().map(move |&t| (a, t))).filter(|&(a, t)| agrees(a, t)).collect();
        assert_eq!(
            agreeing,
            [
                (Bump::None, ToolBump::None),
                (Bump::Patch, ToolBump::None),
                (Bump::Minor, ToolBump::None),
                (Bump::Minor, ToolBump::Minor),
                (Bump::Major, ToolBump::Major),
            ]
        );
    }

    #[test]
    fn every_pair_is_judged_against_the_list() {
        let entry =
            Known { fixture: "f", kind: Kind::ParamAddedRequired, api: Bump::Major, tool: ToolBump::None, why: "" };
        for api in BUMPS {
            for tool in TOOL {
                let unlisted = judge("f", api, tool, &[]);
                assert_eq!(unlisted, if agrees(api, tool) { Judgement::Agree } else { Judgement::Disagree });
                let other = judge("g", api, tool, &[entry]);
                assert_eq!(other, unlisted, "an entry for another fixture changes nothing");
                let listed = judge("f", api, tool, &[entry]);
                let expected = if (api, tool) == (Bump::Major, ToolBump::None) {
                    Judgement::Known(entry)
                } else {
                    Judgement::Stale(entry)
                };
                assert_eq!(listed, expected, "{api:?} {tool:?}");
                assert_eq!(listed.fails(), !matches!(listed, Judgement::Known(_)));
            }
        }
    }

    #[test]
    fn every_listed_difference_is_a_difference_with_a_reason() {
        for k in KNOWN {
            assert!(!agrees(k.api, k.tool), "{} agrees, it is no difference", k.fixture);
            assert!(!k.why.is_empty(), "{}", k.fixture);
        }
        let mut names: Vec<&str> = KNOWN.iter().map(|k| k.fixture).collect();
        names.dedup();
        assert_eq!(names.len(), KNOWN.len(), "one entry per fixture");
    }
}
