//! Doc text as the diff compares it.
//!
//! The checker composes each item's rustdoc from the spec's description plus paragraphs derived from facts
//! (time format, accepted values, default, wire value). Those facts are reported as changes of their own, so
//! their paragraphs are left out here; whitespace inside a paragraph is collapsed, so re-wrapping a YAML block
//! reports nothing (rustdoc renders it the same).

/// Paragraphs the checker derives from facts the diff reports separately, by their opening words.
pub(crate) const PARAM_DERIVED: &[&str] = &["Sent as `", "Accepted values: ", "When not set, the service uses `"];
pub(crate) const FIELD_DERIVED: &[&str] = &["Documented format: `"];
pub(crate) const VARIANT_DERIVED: &[&str] = &["Wire value: `"];
pub(crate) const ENUM_DERIVED: &[&str] = &["On the wire these are "];
pub(crate) const OPERATION_DERIVED: &[&str] = &["API action `"];

/// The paragraphs of a doc text that are not derived, each with its whitespace collapsed.
pub(crate) fn paragraphs(docs: &str, derived: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in docs.lines().chain([""]) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                let text = current.join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
                if !derived.iter().any(|d| text.starts_with(d)) {
                    out.push(text);
                }
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    out
}

/// When the texts differ: the paragraphs only the old text has, and those only the new one has.
pub(crate) fn changed(old: &str, new: &str, derived: &[&str]) -> Option<(String, String)> {
    let (a, b) = (paragraphs(old, derived), paragraphs(new, derived));
    if a == b {
        return None;
    }
    let only = |x: &[String], y: &[String]| {
        let kept: Vec<&str> = x.iter().filter(|p| !y.contains(p)).map(String::as_str).collect();
        kept.join("\n\n")
    };
    Some((only(&a, &b), only(&b, &a)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrapping_is_not_a_change() {
        assert_eq!(changed("A long\nline.\n\nSecond.", "A long line.\n\n  Second.", &[]), None);
    }

    #[test]
    fn derived_paragraphs_are_left_out() {
        let old = "The size.\n\nWhen not set, the service uses `30`.";
        let new = "The size.\n\nWhen not set, the service uses `50`.";
        assert_eq!(changed(old, new, PARAM_DERIVED), None);
    }

    #[test]
    fn only_the_changed_paragraphs_are_kept() {
        let (old, new) = changed("Same.\n\nOld words.", "Same.\n\nNew words.", &[]).expect("a change");
        assert_eq!((old.as_str(), new.as_str()), ("Old words.", "New words."));
    }
}
