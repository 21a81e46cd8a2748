//! Matching the items of two lists (parameters, fields, enum values, operations) by identity.
//!
//! Items match by their primary key (the wire name, the value, the action). What is left on both sides is then
//! matched by a second key (the Rust name), so that renaming the wire name alone is one change ("wire name
//! changed") and not a removal plus an addition; renaming both keys at once is a removal plus an addition.

/// One item of the old list, the new list, or both.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Pair<'a, T> {
    Both(&'a T, &'a T),
    Removed(&'a T),
    Added(&'a T),
}

/// Pairs the two lists: matched and removed items in the old order, then added items in the new order.
pub(crate) fn pairs<'a, T>(
    old: &'a [T],
    new: &'a [T],
    primary: impl Fn(&T) -> &str,
    secondary: impl Fn(&T) -> &str,
) -> Vec<Pair<'a, T>> {
    let mut taken = vec![false; new.len()];
    let mut matched: Vec<Option<usize>> = old
        .iter()
        .map(|o| {
            let at = new.iter().position(|n| primary(n) == primary(o))?;
            taken[at] = true;
            Some(at)
        })
        .collect();
    for (index, o) in old.iter().enumerate() {
        if matched[index].is_some() {
            continue;
        }
        let found = new.iter().enumerate().find(|(at, n)| {
            !taken[*at] && secondary(n) == secondary(o) && !old.iter().any(|other| primary(other) == primary(n))
        });
        if let Some((at, _)) = found {
            taken[at] = true;
            matched[index] = Some(at);
        }
    }
    let mut out: Vec<Pair<'a, T>> = old
        .iter()
        .zip(&matched)
        .map(|(o, m)| match m {
            Some(at) => Pair::Both(o, &new[*at]),
            None => Pair::Removed(o),
        })
        .collect();
    out.extend(new.iter().zip(&taken).filter(|(_, t)| !**t).map(|(n, _)| Pair::Added(n)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(p: &[Pair<'_, (&str, &str)>]) -> Vec<String> {
        p.iter()
            .map(|x| match x {
                Pair::Both(a, b) => format!("{}={}", a.0, b.0),
                Pair::Removed(a) => format!("-{}", a.0),
                Pair::Added(b) => format!("+{}", b.0),
            })
            .collect()
    }

    #[test]
    fn a_wire_rename_with_the_same_rust_name_is_one_pair() {
        let old = [("A", "a"), ("DBId", "db_id"), ("Gone", "gone")];
        let new = [("A", "a"), ("DbId", "db_id"), ("New", "new")];
        let p = pairs(&old, &new, |x| x.0, |x| x.1);
        assert_eq!(keys(&p), ["A=A", "DBId=DbId", "-Gone", "+New"]);
    }
}
