//! Errors found while building a request, before anything is sent.
//!
//! Generated builders check what the spec knows (required parameters, valid values, ranges) and report the
//! first problem with the parameter's wire name, so the message matches the API reference page.

use std::fmt;

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
    let expected = match (min, max) {
        (Some(lo), Some(hi)) => format!("a value from {lo} to {hi}"),
        (Some(lo), None) => format!("a value of at least {lo}"),
        (None, Some(hi)) => format!("a value of at most {hi}"),
        (None, None) => unreachable!("a value outside no bounds cannot be out of range"),
    };
    Err(BuildError::InvalidValue { operation, parameter, value: value.to_string(), expected })
}

/// Checks a string's length (in characters) against a maximum.
pub fn check_max_length(
    operation: &'static str,
    parameter: &'static str,
    value: &str,
    max: usize,
) -> Result<(), BuildError> {
    if value.chars().count() <= max {
        return Ok(());
    }
    Err(BuildError::InvalidValue {
        operation,
        parameter,
        value: value.to_owned(),
        expected: format!("at most {max} characters"),
    })
}

/// Returns the value of a required parameter, or the error naming it.
pub fn required<T>(operation: &'static str, parameter: &'static str, value: Option<T>) -> Result<T, BuildError> {
    value.ok_or(BuildError::MissingParameter { operation, parameter })
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
