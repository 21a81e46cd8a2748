//! The release the generated crate needs for a set of changes.
//!
//! The rule (Cargo's reading of semver, where the first non-zero component is the "major" one): while the crate
//! is 0.x, Cargo treats 0.x.y and 0.x.z as compatible, so a breaking change bumps the minor (0.1.4 → 0.2.0) and
//! anything else bumps the patch (0.1.4 → 0.1.5). From 1.0 on: breaking → major, compatible additions → minor,
//! docs only → patch. Generated code that changes without an API change the diff knows of still needs a patch
//! release. Sample changes alone (they only feed tests, the crate does not change) and no change at all need no
//! release.

use crate::change::Change;
use crate::files::FileDiff;
use crate::rules::Class;

/// The rule above, in one sentence for reports.
pub const RULE: &str = "0.x: breaking → minor (0.x.y → 0.(x+1).0), anything else → patch; \
     from 1.0: breaking → major, compatible → minor, docs → patch; samples alone → none";

/// Which component to bump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    /// The word used in reports and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// The release needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Semver {
    pub bump: Bump,
    /// The crate's current version, when known.
    pub from: Option<String>,
    /// The version to release, when the current one is known and parses.
    pub to: Option<String>,
}

/// The release needed by `changes` (and generated files that change) for a crate at `version` (`None`: unknown,
/// the 0.x rule is assumed).
pub fn needed(changes: &[Change], files: &FileDiff, version: Option<&str>) -> Semver {
    let parsed = version.and_then(parse);
    let stable = parsed.is_some_and(|(major, _, _)| major > 0);
    let worst = changes.iter().filter(|c| c.kind.changes_the_crate()).map(Change::class).min();
    let bump = match worst {
        Some(Class::Breaking) if stable => Bump::Major,
        Some(Class::Breaking) => Bump::Minor,
        Some(Class::Compatible) if stable => Bump::Minor,
        Some(_) => Bump::Patch,
        None if files.files.is_empty() => Bump::None,
        None => Bump::Patch,
    };
    let to = parsed.and_then(|(major, minor, patch)| match bump {
        Bump::None => None,
        Bump::Patch => Some(format!("{major}.{minor}.{}", patch + 1)),
        Bump::Minor => Some(format!("{major}.{}.0", minor + 1)),
        Bump::Major => Some(format!("{}.0.0", major + 1)),
    });
    Semver { bump, from: version.map(str::to_owned), to }
}

/// `major.minor.patch`, ignoring a pre-release or build suffix.
fn parse(version: &str) -> Option<(u64, u64, u64)> {
    let core = version.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let v = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::{Change, Place};
    use crate::rules::Kind;

    fn with(kind: Kind, version: &str) -> Semver {
        needed(&[Change::new(kind, Place::product("p"), "x")], &FileDiff::default(), Some(version))
    }

    #[test]
    fn zero_x_bumps_the_minor_for_breaking_and_the_patch_otherwise() {
        assert_eq!(with(Kind::FieldRemoved, "0.1.3").to.as_deref(), Some("0.2.0"));
        assert_eq!(with(Kind::FieldAdded, "0.1.3").to.as_deref(), Some("0.1.4"));
        assert_eq!(with(Kind::FieldDocsChanged, "0.1.3").to.as_deref(), Some("0.1.4"));
    }

    #[test]
    fn from_one_on_semver_proper() {
        assert_eq!(with(Kind::FieldRemoved, "1.2.3").to.as_deref(), Some("2.0.0"));
        assert_eq!(with(Kind::FieldAdded, "1.2.3").to.as_deref(), Some("1.3.0"));
        assert_eq!(with(Kind::FieldDocsChanged, "1.2.3-rc.1").to.as_deref(), Some("1.2.4"));
    }

    #[test]
    fn nothing_needs_no_release() {
        let s = needed(&[], &FileDiff::default(), Some("0.1.0"));
        assert_eq!((s.bump, s.to), (Bump::None, None));
        assert_eq!(with(Kind::SampleChanged, "0.1.0").bump, Bump::None);
    }
}
