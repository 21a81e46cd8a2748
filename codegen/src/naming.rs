//! Rust names for wire names, decided in one place.
//!
//! Every identifier in the generated crate comes from here, paired with the wire name it stands for, so
//! `#[serde(rename)]` is emitted only where the two differ and collisions are found before emission.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves (strict and reserved keywords of the 2021 edition, plus `gen`).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "gen", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Type names the generated code itself relies on: a spec type with one of these names would shadow them.
const RESERVED_TYPES: &[&str] = &[
    "Result",
    "Option",
    "Some",
    "None",
    "Ok",
    "Err",
    "Box",
    "Vec",
    "String",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Serialize",
    "Deserialize",
    "Client",
    "Self",
    // The crate roots export these (`Error` is `runtime::AnyError`, `OperationError` is `runtime::Error`), and
    // an explicit export silently hides a glob-exported type of the same name.
    "Error",
    "OperationError",
];

/// The member of every response structure that holds the object's members the spec does not declare; no
/// declared field may take its name.
pub const UNKNOWN_FIELDS: &str = "unknown_fields";

/// Whether `word` is a Rust keyword.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Whether `word` is a type name generated code depends on.
pub fn is_reserved_type(word: &str) -> bool {
    RESERVED_TYPES.contains(&word)
}

/// Whether `word` is a plain Rust identifier (ASCII letters, digits, `_`, not starting with a digit).
pub fn is_identifier(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && word != "_"
}

/// The field, parameter or method name for a wire name: `DBInstanceId` -> `db_instance_id`; a keyword gets a
/// trailing underscore (`Type` -> `type_`). `None` when the name has no letters or digits to work with.
pub fn field_name(wire: &str) -> Option<String> {
    let snake = wire.to_snake_case();
    if snake.is_empty() {
        return None;
    }
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) { format!("n{snake}") } else { snake };
    Some(if is_keyword(&snake) { format!("{snake}_") } else { snake })
}

/// The type or variant name for a wire name: `InvalidStartTime.Format` -> `InvalidStartTimeFormat`; a leading
/// digit gets a `V` in front (`3DES` -> `V3des`). `None` when nothing identifier-like is left.
pub fn type_name(wire: &str) -> Option<String> {
    let camel = wire.to_upper_camel_case();
    if camel.is_empty() || !camel.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let camel = if camel.starts_with(|c: char| c.is_ascii_digit()) { format!("V{camel}") } else { camel };
    (!is_keyword(&camel)).then_some(camel)
}

/// The module and function name of an operation: `DescribeBackups` -> `describe_backups`.
pub fn operation_module(operation: &str) -> Option<String> {
    field_name(operation)
}

/// The client method that sends an operation's prebuilt request: `describe_backups` -> `send_describe_backups`.
pub fn send_method(module: &str) -> String {
    format!("send_{module}")
}

/// The client method of a waiter: `BackupSetSucceeded` -> `wait_until_backup_set_succeeded`; `None` when the name is
/// not an UpperCamelCase identifier.
pub fn waiter_method(name: &str) -> Option<String> {
    let upper_camel = name.starts_with(|c: char| c.is_ascii_uppercase()) && is_identifier(name) && !name.contains('_');
    upper_camel.then(|| format!("wait_until_{}", name.to_snake_case()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_as_the_pages_write_them() {
        assert_eq!(field_name("DBInstanceId").as_deref(), Some("db_instance_id"));
        assert_eq!(field_name("HostInstanceID").as_deref(), Some("host_instance_id"));
        assert_eq!(field_name("BackupDownloadURL").as_deref(), Some("backup_download_url"));
        assert_eq!(field_name("BackupIntranetDownloadURL").as_deref(), Some("backup_intranet_download_url"));
        assert_eq!(field_name("IsAvail").as_deref(), Some("is_avail"));
    }

    #[test]
    fn client_methods_are_named_after_the_module_and_the_item() {
        assert_eq!(send_method("describe_backups"), "send_describe_backups");
        assert_eq!(waiter_method("BackupSetSucceeded").as_deref(), Some("wait_until_backup_set_succeeded"));
        assert_eq!(waiter_method("DBBackupFinished").as_deref(), Some("wait_until_db_backup_finished"));
        assert_eq!(waiter_method("backup_done"), None);
        assert_eq!(waiter_method("Backup Done"), None);
    }

    #[test]
    fn keywords_and_digits_are_made_usable() {
        assert_eq!(field_name("Type").as_deref(), Some("type_"));
        assert_eq!(field_name("Self").as_deref(), Some("self_"));
        assert_eq!(field_name("2FA").as_deref(), Some("n2fa"));
        assert_eq!(field_name("--"), None);
        assert_eq!(type_name("3DES").as_deref(), Some("V3des"));
        assert_eq!(type_name("InvalidStartTime.Format").as_deref(), Some("InvalidStartTimeFormat"));
        assert_eq!(type_name("中文"), None);
        assert_eq!(type_name("-"), None);
    }

    #[test]
    fn identifiers_are_recognised() {
        assert!(is_identifier("backup_id"));
        assert!(!is_identifier("1x"));
        assert!(!is_identifier("a-b"));
        assert!(!is_identifier("_"));
        assert!(is_keyword("type") && !is_keyword("kind"));
        assert!(is_reserved_type("Result") && !is_reserved_type("Backup"));
    }
}
