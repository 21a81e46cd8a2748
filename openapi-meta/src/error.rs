//! The one error of the importer: metadata that does not fit, located by action and JSON path.

/// Metadata the importer cannot read or convert, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaError {
    /// The action the problem is in, when it is in one.
    pub action: Option<String>,
    /// The JSON path (`apis.DescribeBackups.parameters[3].schema.type`).
    pub path: String,
    pub message: String,
}

impl MetaError {
    pub fn new(action: Option<String>, path: impl Into<String>, message: impl Into<String>) -> MetaError {
        MetaError { action, path: path.into(), message: message.into() }
    }
}

impl std::fmt::Display for MetaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.action {
            Some(action) => write!(f, "action `{action}`, at {}: {}", self.path, self.message),
            None if self.path.is_empty() => write!(f, "{}", self.message),
            None => write!(f, "at {}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for MetaError {}
