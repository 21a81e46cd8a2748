//! The code examples of a product's rustdoc, made once the whole product is checked (an example names enum
//! values, which may be declared in `product.yaml`): one per client method, per paginator and per waiter.
//!
//! An example sets the operation's required parameters to the values the spec gives as examples, so it reads
//! like a real call; `RegionId` is left to the client's configured region, as an application would. The model
//! keeps only the visible lines; the emitter wraps them in the hidden lines that make them a doctest.

use time::macros::format_description;
use time::PrimitiveDateTime;

use crate::model::{Enum, NamedKind, Operation, Param, Ty, TypeDef, Waiter};
use crate::naming;

/// Fills in the examples of every operation of a product, its paginator and its waiters, and returns the crate
/// root's getting-started call: the first operation that only reads and pages, else the first that only
/// reads, else the first (a first call should change nothing).
pub(crate) fn fill_examples(shared: &[TypeDef], operations: &mut [Operation]) -> String {
    for op in operations.iter_mut() {
        let find_enum = |name: &str| {
            shared.iter().chain(&op.types).find_map(|t| match t {
                TypeDef::Enum(e) if e.name == name => Some(e),
                _ => None,
            })
        };
        let setters: Vec<String> = op
            .request
            .params
            .iter()
            .filter(|p| p.required && !p.region_default)
            .map(|p| format!(".{}({})", p.rust, value(p, find_enum)))
            .collect();
        let call = chain(&format!("client\n    .{}()", op.module), &setters);
        op.examples.call = format!("let response = {call}\n    .send()\n    .await?;\nprintln!(\"{{response:?}}\");");
        op.examples.send = format!(
            "let request = {call}\n    .build()?;\n// The request may be kept and sent again later.\nlet response = client.{}(&request).await?;\nprintln!(\"{{response:?}}\");",
            op.send
        );
        if let Some(paging) = op.paging.as_mut() {
            paging.example = format!(
                "let mut items = {call}\n    .paginate()\n    .items();\nwhile let Some(item) = items.try_next().await? {{\n    println!(\"{{item:?}}\");\n}}"
            );
        }
        for w in &mut op.waiters {
            w.example = waiter_example(&call, w);
        }
    }
    let first = operations
        .iter()
        .find(|op| !op.changes_state && op.paging.is_some())
        .or_else(|| operations.iter().find(|op| !op.changes_state))
        .or(operations.first());
    first.map(|op| op.examples.call.clone()).unwrap_or_default()
}

/// The waiter's example: the poll request built from the client, then the wait with a deadline.
fn waiter_example(call: &str, w: &Waiter) -> String {
    let id = literal(&w.id.ty, w.id.example.as_deref());
    format!(
        "// `{id}` is the {item}'s id, as the operation that started the work returned it.\nlet poll = {call}\n    .build()?;\nlet {var} = client\n    .{method}(poll, {id})\n    .max_wait(std::time::Duration::from_secs(30 * 60))\n    .await?;\nprintln!(\"{{{var}:?}}\");",
        item = w.item_name,
        var = naming::field_name(&w.item_name).unwrap_or_else(|| "item".to_owned()),
        method = w.method,
    )
}

/// `start` followed by one setter per line.
fn chain(start: &str, setters: &[String]) -> String {
    let mut text = start.to_owned();
    for s in setters {
        text.push_str("\n    ");
        text.push_str(s);
    }
    text
}

/// A Rust expression for a parameter: its spec example where one is given and fits the type.
fn value<'a>(p: &Param, find_enum: impl Fn(&str) -> Option<&'a Enum>) -> String {
    if let Ty::Named(n) = &p.ty {
        if n.kind == NamedKind::Enum {
            if let Some(e) = find_enum(&n.name) {
                let variant = e
                    .variants
                    .iter()
                    .find(|v| Some(v.value.as_str()) == p.example.as_deref())
                    .or_else(|| e.variants.first());
                if let Some(v) = variant {
                    return format!("{}::{}", e.name, v.rust);
                }
            }
        }
    }
    literal(&p.ty, p.example.as_deref())
}

/// A Rust literal of a scalar type from an example's text (a string's exactly, other types' trimmed); a neutral
/// value when the text does not fit.
fn literal(ty: &Ty, example: Option<&str>) -> String {
    let trimmed = example.map(str::trim);
    match ty {
        Ty::String => format!("{:?}", example.unwrap_or("")),
        Ty::I32 | Ty::I64 => trimmed.and_then(|e| e.parse::<i64>().ok()).unwrap_or(1).to_string(),
        Ty::F32 | Ty::F64 => {
            let v = trimmed.and_then(|e| e.parse::<f64>().ok()).filter(|v| v.is_finite()).unwrap_or(1.0);
            format!("{v:?}")
        }
        Ty::Bool => trimmed.is_some_and(|e| e.eq_ignore_ascii_case("true")).to_string(),
        Ty::Time(_) => trimmed.and_then(datetime).unwrap_or_else(|| "time::OffsetDateTime::now_utc()".to_owned()),
        Ty::Object | Ty::List(_) | Ty::Named(_) => "Default::default()".to_owned(),
    }
}

/// `time::macros::datetime!(2024-01-01 16:00 UTC)` for an ISO 8601 UTC example (`2024-01-01T16:00Z`,
/// `2024-01-01T16:00:00Z`) that is a real date and time; `None` for any other text. The macro refuses a 13th
/// month, 30 February or hour 24 at compile time, so such an example would break the doctest.
fn datetime(text: &str) -> Option<String> {
    let (date, time) = text.strip_suffix('Z')?.split_once('T')?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let date_ok =
        matches!(date.split('-').collect::<Vec<_>>()[..], [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2));
    let time_ok = match time.split(':').collect::<Vec<_>>()[..] {
        [h, m] => digits(h, 2) && digits(m, 2),
        [h, m, s] => digits(h, 2) && digits(m, 2) && digits(s, 2),
        _ => false,
    };
    let real = PrimitiveDateTime::parse(text, format_description!("[year]-[month]-[day]T[hour]:[minute]Z"))
        .or_else(|_| {
            PrimitiveDateTime::parse(text, format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z"))
        })
        .is_ok();
    (date_ok && time_ok && real).then(|| format!("time::macros::datetime!({date} {time} UTC)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TimeFormat;

    #[test]
    fn examples_become_literals_of_their_type() {
        assert_eq!(literal(&Ty::String, Some("rm-uf6\"x")), r#""rm-uf6\"x""#);
        assert_eq!(literal(&Ty::I32, Some("30")), "30");
        assert_eq!(literal(&Ty::I64, Some("thirty")), "1");
        assert_eq!(literal(&Ty::F64, Some("2")), "2.0");
        assert_eq!(literal(&Ty::Bool, Some("True")), "true");
        assert_eq!(
            literal(&Ty::Time(TimeFormat::Minute), Some("2011-06-01T16:00Z")),
            "time::macros::datetime!(2011-06-01 16:00 UTC)"
        );
        assert_eq!(
            literal(&Ty::Time(TimeFormat::Minute), Some("2011-06-01T16:00:05Z")),
            "time::macros::datetime!(2011-06-01 16:00:05 UTC)"
        );
        let odd = ["1700000000000", "2011-6-01T16:00Z", "2011-06-01T16:00", "2011-06-01 16:00Z", ""];
        let unreal = [
            "2011-13-01T16:00Z",
            "2011-02-30T16:00Z",
            "2011-06-01T24:00Z",
            "2011-06-01T16:60Z",
            "2011-06-01T16:00:60Z",
        ];
        for odd in odd.into_iter().chain(unreal) {
            assert_eq!(literal(&Ty::Time(TimeFormat::Minute), Some(odd)), "time::OffsetDateTime::now_utc()", "{odd}");
        }
    }

    proptest::proptest! {
        /// Whatever the numbers, an example becomes `datetime!` exactly when it is a date of the calendar and a time
        /// of the day (the macro refuses any other at compile time): checked against `time::Date`'s own calendar.
        #[test]
        fn only_real_dates_and_times_become_datetime_literals(
            y in 0..10_000i32, m in 0..15u8, d in 0..33u8, h in 0..26u8, mi in 0..62u8, sec in proptest::option::of(0..62u8),
        ) {
            let text = match sec {
                Some(sec) => format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{sec:02}Z"),
                None => format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}Z"),
            };
            let real = time::Month::try_from(m).ok().is_some_and(|month| time::Date::from_calendar_date(y, month, d).is_ok())
                && h < 24 && mi < 60 && sec.is_none_or(|s| s < 60);
            let literal = literal(&Ty::Time(TimeFormat::Minute), Some(&text));
            proptest::prop_assert_eq!(literal.starts_with("time::macros::datetime!("), real, "{} gave {}", text, literal);
        }
    }
}
