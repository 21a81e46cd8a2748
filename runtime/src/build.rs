//! Errors found while building a request, before anything is sent.
//!
//! Generated builders check what the spec knows (required parameters, valid values, ranges, lengths,
//! patterns, list sizes) and report the first problem with the parameter's wire name, so the message matches the
//! API reference page. The limits of a structure's fields are a table ([`Member`]) that [`check_members`] walks
//! over the value's JSON form, at any depth, naming the member as it is sent (`Tag.2.Key`); patterns are
//! compiled once each, in a table shared by every request ([`check_pattern`]).

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, OnceLock, RwLock};

use regex_lite::Regex;
use serde_json::Value;

use crate::wire::{styled, WireValue};

/// Where a builder finds the region to send when its `RegionId` is not set: a builder made by a client
/// (`client.operation()`) takes the client's configured region; a free-standing one (`Request::builder()`, whose
/// client is `()`) has none, so a required `RegionId` must be set.
pub trait DefaultRegion {
    /// The region, if the builder's origin has one.
    fn default_region(&self) -> Option<&str>;
}

impl DefaultRegion for () {
    fn default_region(&self) -> Option<&str> {
        None
    }
}

impl DefaultRegion for crate::Client {
    fn default_region(&self) -> Option<&str> {
        self.config().region_id()
    }
}

impl<T: DefaultRegion + ?Sized> DefaultRegion for &T {
    fn default_region(&self) -> Option<&str> {
        (**self).default_region()
    }
}

/// A request that cannot be sent as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// A required parameter was not set.
    MissingParameter {
        /// The operation being built.
        operation: &'static str,
        /// The parameter's wire name (as on the API reference page).
        parameter: &'static str,
    },
    /// A parameter was set to a value the API does not accept.
    InvalidValue {
        /// The operation being built.
        operation: &'static str,
        /// The parameter's wire name.
        parameter: &'static str,
        /// The value given, as it would be sent.
        value: String,
        /// What the API accepts, in words (`one of 30, 50, 100`).
        expected: String,
    },
    /// A member of a list or structure parameter was set to a value the API does not accept.
    InvalidMember {
        /// The operation being built.
        operation: &'static str,
        /// The parameter's wire name.
        parameter: &'static str,
        /// The member as it is sent (`Tag.2.Key`).
        path: String,
        /// The value given, as it would be sent.
        value: String,
        /// What the API accepts, in words.
        expected: String,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::MissingParameter { operation, parameter } => write!(
                f,
                "{operation}: the required parameter `{parameter}` is not set; set it on the builder before sending"
            ),
            BuildError::InvalidValue { operation, parameter, value, expected } => {
                write!(f, "{operation}: `{parameter}` = {value} is not accepted by the API; expected {expected}")
            }
            BuildError::InvalidMember { operation, path, value, expected, .. } => {
                write!(f, "{operation}: `{path}` = {value} is not accepted by the API; expected {expected}")
            }
        }
    }
}

impl std::error::Error for BuildError {}

/// Checks a number against a fixed set of accepted values.
pub fn check_allowed<T: PartialEq + fmt::Display>(
    operation: &'static str,
    parameter: &'static str,
    value: &T,
    allowed: &[T],
) -> Result<(), BuildError> {
    if allowed.contains(value) {
        return Ok(());
    }
    let list: Vec<String> = allowed.iter().map(ToString::to_string).collect();
    Err(BuildError::InvalidValue {
        operation,
        parameter,
        value: value.to_string(),
        expected: format!("one of {}", list.join(", ")),
    })
}

/// Checks a number against an inclusive range; either bound may be absent.
pub fn check_range<T: PartialOrd + fmt::Display>(
    operation: &'static str,
    parameter: &'static str,
    value: &T,
    min: Option<T>,
    max: Option<T>,
) -> Result<(), BuildError> {
    let below = min.as_ref().is_some_and(|m| value < m);
    let above = max.as_ref().is_some_and(|m| value > m);
    if !below && !above {
        return Ok(());
    }
    let expected = range_text(min, max);
    Err(BuildError::InvalidValue { operation, parameter, value: value.to_string(), expected })
}

/// Checks a string's length (in characters) against a maximum.
pub fn check_max_length(
    operation: &'static str,
    parameter: &'static str,
    value: &str,
    max: usize,
) -> Result<(), BuildError> {
    match length_problem(value, None, Some(max)) {
        None => Ok(()),
        Some(expected) => Err(BuildError::InvalidValue { operation, parameter, value: value.to_owned(), expected }),
    }
}

/// Checks a string's length (in characters) against a minimum.
pub fn check_min_length(
    operation: &'static str,
    parameter: &'static str,
    value: &str,
    min: usize,
) -> Result<(), BuildError> {
    match length_problem(value, Some(min), None) {
        None => Ok(()),
        Some(expected) => Err(BuildError::InvalidValue { operation, parameter, value: value.to_owned(), expected }),
    }
}

/// Checks that a whole string matches a pattern (compiled once, on first use, with `regex-lite`).
pub fn check_pattern(
    operation: &'static str,
    parameter: &'static str,
    value: &str,
    pattern: &'static str,
) -> Result<(), BuildError> {
    match pattern_problem(value, pattern) {
        None => Ok(()),
        Some(expected) => Err(BuildError::InvalidValue { operation, parameter, value: value.to_owned(), expected }),
    }
}

/// Checks the number of items of a list against its bounds.
pub fn check_items<T>(
    operation: &'static str,
    parameter: &'static str,
    items: &[T],
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), BuildError> {
    match items_problem(items.len(), min, max) {
        None => Ok(()),
        Some(expected) => {
            Err(BuildError::InvalidValue { operation, parameter, value: format!("{} items", items.len()), expected })
        }
    }
}

/// The documented limits of one member of a structure a request sends; [`Limits::NONE`] for the keys not set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// The smallest number accepted.
    pub min: Option<f64>,
    /// The largest number accepted.
    pub max: Option<f64>,
    /// The fewest characters of a string.
    pub min_length: Option<usize>,
    /// The most characters of a string.
    pub max_length: Option<usize>,
    /// A regular expression the whole string must match.
    pub pattern: Option<&'static str>,
    /// The fewest items of a list.
    pub min_items: Option<usize>,
    /// The most items of a list.
    pub max_items: Option<usize>,
}

impl Limits {
    /// Nothing limited.
    pub const NONE: Limits = Limits {
        min: None,
        max: None,
        min_length: None,
        max_length: None,
        pattern: None,
        min_items: None,
        max_items: None,
    };

    /// What `value` (a member's JSON form: numbers may be strings) breaks, as what is expected.
    fn problem(&self, value: &Value) -> Option<String> {
        match value {
            Value::Array(items) => items_problem(items.len(), self.min_items, self.max_items),
            Value::String(text) => length_problem(text, self.min_length, self.max_length)
                .or_else(|| self.pattern.and_then(|p| pattern_problem(text, p)))
                .or_else(|| self.number_problem(text.trim().parse().ok())),
            Value::Number(n) => self.number_problem(n.as_f64()),
            _ => None,
        }
    }

    fn number_problem(&self, value: Option<f64>) -> Option<String> {
        if self.min.is_none() && self.max.is_none() {
            return None;
        }
        let value = value?;
        let below = self.min.is_some_and(|m| value < m);
        let above = self.max.is_some_and(|m| value > m);
        (below || above).then(|| range_text(self.min, self.max))
    }
}

/// One member of a structure a request sends: its wire name, its limits, and the members of the structure it
/// holds (itself or as list items), if that structure has limits of its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Member {
    /// The wire name.
    pub wire: &'static str,
    /// The member's own limits.
    pub limits: Limits,
    /// The limits inside the structure the member holds (empty when it holds none, or one without limits).
    pub members: &'static [Member],
}

/// Checks the members of a structure parameter (or of each item of a list of structures, at any depth) against
/// their table; the error names the member as it is sent (`Tag.2.Key`).
pub fn check_members<T: WireValue>(
    operation: &'static str,
    parameter: &'static str,
    value: &T,
    members: &'static [Member],
) -> Result<(), BuildError> {
    walk(&styled::to_json(value), parameter, members).map_err(|(path, value, expected)| BuildError::InvalidMember {
        operation,
        parameter,
        path,
        value,
        expected,
    })
}

/// The first member of `value` (at `path`) that breaks its limits: (path, value as sent, expected).
fn walk(value: &Value, path: &str, members: &[Member]) -> Result<(), (String, String, String)> {
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk(item, &format!("{path}.{}", index + 1), members)?;
            }
        }
        Value::Object(object) => {
            for member in members {
                let Some(inner) = object.get(member.wire) else { continue };
                let at = format!("{path}.{}", member.wire);
                if let Some(expected) = member.limits.problem(inner) {
                    let shown = match inner {
                        Value::String(text) => text.clone(),
                        Value::Array(items) => format!("{} items", items.len()),
                        other => other.to_string(),
                    };
                    return Err((at, shown, expected));
                }
                walk(inner, &at, member.members)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn range_text<T: fmt::Display>(min: Option<T>, max: Option<T>) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) => format!("a value from {lo} to {hi}"),
        (Some(lo), None) => format!("a value of at least {lo}"),
        (None, Some(hi)) => format!("a value of at most {hi}"),
        (None, None) => "any value".to_owned(),
    }
}

fn length_problem(value: &str, min: Option<usize>, max: Option<usize>) -> Option<String> {
    let count = value.chars().count();
    let short = min.is_some_and(|m| count < m);
    let long = max.is_some_and(|m| count > m);
    (short || long).then(|| match (min, max) {
        (Some(lo), Some(hi)) => format!("from {lo} to {hi} characters"),
        (Some(lo), None) => format!("at least {lo} characters"),
        (_, Some(hi)) => format!("at most {hi} characters"),
        (None, None) => unreachable!("a length within no bounds cannot be out of them"),
    })
}

fn items_problem(count: usize, min: Option<usize>, max: Option<usize>) -> Option<String> {
    let few = min.is_some_and(|m| count < m);
    let many = max.is_some_and(|m| count > m);
    (few || many).then(|| match (min, max) {
        (Some(lo), Some(hi)) => format!("from {lo} to {hi} items"),
        (Some(lo), None) => format!("at least {lo} items"),
        (_, Some(hi)) => format!("at most {hi} items"),
        (None, None) => unreachable!("a count within no bounds cannot be out of them"),
    })
}

fn pattern_problem(value: &str, pattern: &'static str) -> Option<String> {
    match compiled(pattern) {
        Some(regex) if regex.is_match(value) => None,
        Some(_) => Some(format!("a value matching `{pattern}`")),
        None => Some(format!("a value matching `{pattern}` (which regex-lite cannot compile)")),
    }
}

/// The compiled form of a pattern, anchored so that the whole string must match; compiled on first use and kept
/// for every later check. `None` for a pattern that does not compile (the generator refuses those).
fn compiled(pattern: &'static str) -> Option<Arc<Regex>> {
    type Table = RwLock<HashMap<&'static str, Option<Arc<Regex>>>>;
    static TABLE: OnceLock<Table> = OnceLock::new();
    let table = TABLE.get_or_init(Table::default);
    // A poisoned lock only means another thread panicked while holding it; the table itself is still whole.
    if let Some(found) = table.read().unwrap_or_else(std::sync::PoisonError::into_inner).get(pattern) {
        return found.clone();
    }
    let regex = Regex::new(&format!("^(?:{pattern})$")).ok().map(Arc::new);
    table.write().unwrap_or_else(std::sync::PoisonError::into_inner).entry(pattern).or_insert(regex).clone()
}

/// Returns the value of a required parameter, or the error naming it.
pub fn required<T>(operation: &'static str, parameter: &'static str, value: Option<T>) -> Result<T, BuildError> {
    value.ok_or(BuildError::MissingParameter { operation, parameter })
}

/// Declares a request's builder, and how the request's parameters travel, from its table of parameters.
///
/// ```text
/// builder!(DescribeBackupsBuilder => DescribeBackupsRequest {
///     db_instance_id / set_db_instance_id: String = "DBInstanceId" Text => required,
///     start_time / set_start_time: time::OffsetDateTime = "StartTime" Time(Minute),
///     tag / set_tag: Vec<Tag> = form "Tag" Styled(RepeatList),
/// });
/// ```
///
/// lists each parameter once: the request field (which is also the setter's name), the setter taking an `Option`,
/// the field's type, the wire name (after `form` when the parameter travels in the form body rather than the
/// query) and how the value is written:
/// - `Text`: a string, as it is (the setter takes anything `Into<String>`);
/// - `Number`: a number, boolean or integer-coded enum, in its decimal text;
/// - `Enum`: a string-coded enum, as its wire value;
/// - `Time(format)`: a time, in the operation's [`TimeFormat`](crate::time::TimeFormat);
/// - `Styled(style)`: a list, structure or free-form value, in its [`Style`](crate::wire::Style).
///
/// Other setters take the field's type itself, so that a number literal gets the field's type. Attributes before
/// the builder's name (`#[deprecated]` of a deprecated operation) go on the request's `builder()`. A parameter the
/// request cannot go without ends with `=> required`; `=> region` marks a `RegionId` that a builder made by a
/// client takes from the client when it is not set (`=> required_region` when it is also required). Attributes
/// before a row (`#[deprecated]`) go on both its setters.
///
/// From the table come the request's `builder()`, the builder (every parameter as an `Option`, and the client it
/// came from: `()` for `Request::builder()`), its setters, `build` (which checks the required parameters and the
/// request's limits, [`Request::check`](crate::Request::check)), the request's `wire_params` (what its
/// `Request::to_params` returns) and, with the crate's `server` feature, the builder's `from_query`, the inverse
/// of `wire_params`. The request struct, with the parameters' documentation, is declared beside the table; the
/// setters' docs point there.
#[macro_export]
#[doc(hidden)]
macro_rules! builder {
    ($(#[$request_attr:meta])* $builder:ident => $request:ident {
        $(
            $(#[$attr:meta])*
            $field:ident / $set:ident: $ty:ty = $($form:ident)? $wire:literal $codec:ident $(($arg:ident))?
            $(=> $presence:ident)?
        ),* $(,)?
    }) => {
        #[doc = ::core::concat!(
            "Builds a [`", ::core::stringify!($request), "`].\n\n",
            "Set parameters with the methods named after them, then call `build` (or `send` when the builder came\n",
            "from a client)."
        )]
        #[derive(Debug, Clone)]
        #[must_use = "a builder does nothing until `build` or `send` is called"]
        pub struct $builder<C = ()> {
            client: C,
            $($field: ::core::option::Option<$ty>,)*
        }

        impl ::core::default::Default for $builder {
            fn default() -> Self {
                Self::new(())
            }
        }

        impl<C> $builder<C> {
            fn new(client: C) -> Self {
                Self { client, $($field: ::core::option::Option::None,)* }
            }

            $(
                #[doc = ::core::concat!(
                    "Sets [`", ::core::stringify!($field), "`](", ::core::stringify!($request), "::",
                    ::core::stringify!($field), ")."
                )]
                $(#[$attr])*
                pub fn $field(mut self, value: $crate::__setter_arg!($ty, $codec)) -> Self {
                    self.$field = ::core::option::Option::Some($crate::__setter_value!(value, $codec));
                    self
                }

                #[doc = ::core::concat!(
                    "Sets [`", ::core::stringify!($field), "`](", ::core::stringify!($request), "::",
                    ::core::stringify!($field), ") from an `Option`: `None` leaves it unset."
                )]
                $(#[$attr])*
                pub fn $set(mut self, value: ::core::option::Option<$ty>) -> Self {
                    self.$field = value;
                    self
                }
            )*

            /// Checks the parameters and returns the request.
            pub fn build(self) -> ::core::result::Result<$request, $crate::build::BuildError>
            where
                C: $crate::build::DefaultRegion,
            {
                self.into_parts().map(|(_, request)| request)
            }

            #[allow(deprecated)]
            fn into_parts(self) -> ::core::result::Result<(C, $request), $crate::build::BuildError>
            where
                C: $crate::build::DefaultRegion,
            {
                let request = $request {
                    $($field: $crate::__builder_field!(self, $request, $field, $wire $(, $presence)?),)*
                };
                $crate::Request::check(&request)?;
                ::core::result::Result::Ok((self.client, request))
            }
        }

        impl $request {
            /// Starts building a request.
            $(#[$request_attr])*
            pub fn builder() -> $builder {
                $builder::new(())
            }

            /// The parameters as sent, in the table's order (what `Request::to_params` returns).
            #[allow(deprecated)]
            fn wire_params(&self) -> $crate::wire::Params {
                #[allow(unused_mut)] // a request without parameters
                let mut params = $crate::wire::Params::new();
                $(
                    $crate::__push_param!(
                        params,
                        $crate::__location!($($form)?),
                        $wire,
                        $crate::__param_ref!(self.$field $(, $presence)?),
                        $codec $(($arg))?
                    );
                )*
                params
            }
        }

        #[cfg(feature = "server")]
        impl $builder {
            /// A builder holding the parameters a server received, each read back as `wire_params` writes it
            /// (`build` then checks them as the client does).
            #[allow(deprecated)]
            fn from_query(
                query: &$crate::server::Query,
            ) -> ::core::result::Result<Self, $crate::server::ParamError> {
                #[allow(unused_mut)] // a request without parameters
                let mut builder = Self::new(());
                $(builder.$field = $crate::__read_param!(query, $wire, $ty, $codec $(($arg))?);)*
                ::core::result::Result::Ok(builder)
            }
        }
    };
}

/// What a [`builder!`] setter takes: anything `Into<String>` for text, the field's type otherwise.
#[macro_export]
#[doc(hidden)]
macro_rules! __setter_arg {
    ($ty:ty, Text) => { impl ::core::convert::Into<$ty> };
    ($ty:ty, $codec:ident) => { $ty };
}

/// The value a [`builder!`] setter stores (see [`__setter_arg!`]).
#[macro_export]
#[doc(hidden)]
macro_rules! __setter_value {
    ($value:ident, Text) => {
        $value.into()
    };
    ($value:ident, $codec:ident) => {
        $value
    };
}

/// One field of the request a [`builder!`] builds, from the builder's `Option` and the row's presence.
#[macro_export]
#[doc(hidden)]
macro_rules! __builder_field {
    ($this:ident, $request:ident, $field:ident, $wire:literal) => {
        $this.$field
    };
    ($this:ident, $request:ident, $field:ident, $wire:literal, required) => {
        $crate::build::required(<$request as $crate::Request>::OPERATION.name, $wire, $this.$field)?
    };
    ($this:ident, $request:ident, $field:ident, $wire:literal, region) => {
        $this.$field.or_else(|| {
            $crate::build::DefaultRegion::default_region(&$this.client).map(::std::borrow::ToOwned::to_owned)
        })
    };
    ($this:ident, $request:ident, $field:ident, $wire:literal, required_region) => {
        $crate::build::required(
            <$request as $crate::Request>::OPERATION.name,
            $wire,
            $crate::__builder_field!($this, $request, $field, $wire, region),
        )?
    };
}

/// A [`builder!`] row's value as `Option<&T>`: a required field is always there.
#[macro_export]
#[doc(hidden)]
macro_rules! __param_ref {
    ($value:expr) => {
        $value.as_ref()
    };
    ($value:expr, region) => {
        $value.as_ref()
    };
    ($value:expr, required) => {
        ::core::option::Option::Some(&$value)
    };
    ($value:expr, required_region) => {
        ::core::option::Option::Some(&$value)
    };
}

/// Where a [`builder!`] row's parameter travels: the query, or the form body (`form`).
#[macro_export]
#[doc(hidden)]
macro_rules! __location {
    () => {
        $crate::wire::Location::Query
    };
    (form) => {
        $crate::wire::Location::Form
    };
}

/// One [`builder!`] row's parameter into the request's [`Params`](crate::wire::Params), by its codec.
#[macro_export]
#[doc(hidden)]
macro_rules! __push_param {
    ($params:ident, $location:expr, $wire:literal, $value:expr, Time($format:ident)) => {
        $params.add_time($location, $wire, $value, $crate::time::TimeFormat::$format)
    };
    ($params:ident, $location:expr, $wire:literal, $value:expr, Styled($style:ident)) => {
        $params.add_styled($location, $wire, $value, $crate::wire::Style::$style)
    };
    ($params:ident, $location:expr, $wire:literal, $value:expr, Text) => {
        $params.add($location, $wire, $value)
    };
    ($params:ident, $location:expr, $wire:literal, $value:expr, Number) => {
        $params.add($location, $wire, $value)
    };
    ($params:ident, $location:expr, $wire:literal, $value:expr, Enum) => {
        $params.add($location, $wire, $value)
    };
}

/// One [`builder!`] row's parameter read back from a server's query, by its codec (the inverse of
/// [`__push_param!`]).
#[macro_export]
#[doc(hidden)]
macro_rules! __read_param {
    ($query:ident, $wire:literal, $ty:ty, Text) => {
        $query.string($wire)
    };
    ($query:ident, $wire:literal, $ty:ty, Number) => {
        $query.number($wire)?
    };
    ($query:ident, $wire:literal, $ty:ty, Enum) => {
        $query.enumerated($wire, <$ty>::DOCUMENTED)?
    };
    ($query:ident, $wire:literal, $ty:ty, Time($format:ident)) => {
        $query.time($wire, $crate::time::TimeFormat::$format)?
    };
    ($query:ident, $wire:literal, $ty:ty, Styled($style:ident)) => {
        $query.styled($wire, $crate::wire::Style::$style)?
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_values_are_listed_in_the_error() {
        assert!(check_allowed("Op", "PageSize", &50, &[30, 50, 100]).is_ok());
        let err = check_allowed("Op", "PageSize", &40, &[30, 50, 100]).unwrap_err();
        assert_eq!(err.to_string(), "Op: `PageSize` = 40 is not accepted by the API; expected one of 30, 50, 100");
    }

    #[test]
    fn ranges_name_their_bounds() {
        assert!(check_range("Op", "PageNumber", &1, Some(1), None).is_ok());
        let err = check_range("Op", "PageNumber", &0, Some(1), None).unwrap_err();
        assert!(err.to_string().ends_with("expected a value of at least 1"), "{err}");
        let err = check_range("Op", "N", &11, Some(1), Some(10)).unwrap_err();
        assert!(err.to_string().ends_with("expected a value from 1 to 10"), "{err}");
    }

    #[test]
    fn lengths_patterns_and_item_counts_say_what_is_expected() {
        assert!(check_min_length("Op", "Code", "ABCDE", 5).is_ok());
        let err = check_min_length("Op", "Code", "ABC", 5).unwrap_err();
        assert_eq!(err.to_string(), "Op: `Code` = ABC is not accepted by the API; expected at least 5 characters");
        assert!(check_pattern("Op", "Code", "ABC-1", "[A-Z]{3}-\\d+").is_ok());
        // The whole string must match, not a part of it.
        assert!(check_pattern("Op", "Code", "xABC-1", "[A-Z]{3}-\\d+").is_err());
        assert!(check_pattern("Op", "Code", "x", "(?=x)").unwrap_err().to_string().contains("cannot compile"));
        assert!(check_items("Op", "Ids", &[1, 2], Some(1), Some(2)).is_ok());
        let err = check_items("Op", "Ids", &[1, 2, 3], Some(1), Some(2)).unwrap_err();
        assert!(err.to_string().ends_with("`Ids` = 3 items is not accepted by the API; expected from 1 to 2 items"));
    }

    #[test]
    fn members_are_checked_at_any_depth_and_named_as_sent() {
        static INNER: &[Member] =
            &[Member { wire: "Size", limits: Limits { max: Some(10.0), ..Limits::NONE }, members: &[] }];
        static OUTER: &[Member] = &[
            Member { wire: "Name", limits: Limits { min_length: Some(2), ..Limits::NONE }, members: &[] },
            Member { wire: "Items", limits: Limits { max_items: Some(2), ..Limits::NONE }, members: INNER },
        ];
        let ok = serde_json::json!([{"Name": "ab", "Items": [{"Size": "10"}]}]);
        assert!(check_members("Op", "Spec", &ok, OUTER).is_ok());
        let deep = serde_json::json!([{"Name": "ab"}, {"Name": "cd", "Items": [{"Size": 1}, {"Size": "11"}]}]);
        let err = check_members("Op", "Spec", &deep, OUTER).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Op: `Spec.2.Items.2.Size` = 11 is not accepted by the API; expected a value of at most 10"
        );
        let many = serde_json::json!({"Items": [{}, {}, {}]});
        let err = check_members("Op", "Spec", &many, OUTER).unwrap_err();
        assert!(matches!(err, BuildError::InvalidMember { ref path, .. } if path == "Spec.Items"), "{err:?}");
    }

    #[test]
    fn missing_parameter_names_it() {
        let err = required::<i32>("DescribeBackups", "DBInstanceId", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "DescribeBackups: the required parameter `DBInstanceId` is not set; set it on the builder before sending"
        );
        assert_eq!(
            check_max_length("Op", "Name", "abc", 2).unwrap_err().to_string(),
            "Op: `Name` = abc is not accepted by the API; expected at most 2 characters"
        );
    }
}
