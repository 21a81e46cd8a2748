//! Where providers read environment variables and the home directory from.
//!
//! The process environment is shared by every test running in parallel, so providers never read it
//! directly: they read an [`Env`], which is either the process's (the default) or a fixed set of
//! variables a test builds.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// A source of environment variables and of the home directory.
///
/// `Debug` lists variable names only, never values.
#[derive(Clone, Default)]
pub struct Env {
    /// `None` reads the process environment at each lookup.
    vars: Option<Arc<BTreeMap<String, String>>>,
    home: Option<PathBuf>,
}

impl Env {
    /// The process environment, read at each lookup.
    pub fn process() -> Self {
        Env::default()
    }

    /// A fixed set of variables; nothing is read from the process.
    pub fn from_vars<I, K, V>(vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let vars = vars.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        Env { vars: Some(Arc::new(vars)), home: None }
    }

    /// Uses `dir` as the home directory instead of `HOME` / `USERPROFILE`.
    pub fn with_home(mut self, dir: impl Into<PathBuf>) -> Self {
        self.home = Some(dir.into());
        self
    }

    /// The value of `name`, trimmed; unset, empty and non-UTF-8 values all count as absent.
    pub fn var(&self, name: &str) -> Option<String> {
        let value = match &self.vars {
            Some(vars) => vars.get(name).cloned(),
            None => std::env::var(name).ok(),
        }?;
        let value = value.trim();
        (!value.is_empty()).then(|| value.to_owned())
    }

    /// Whether `name` is set to `true` (any case).
    pub fn flag(&self, name: &str) -> bool {
        self.var(name).is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// The home directory: the one given with [`with_home`](Self::with_home), else `HOME`, else
    /// `USERPROFILE` from this source.
    pub fn home_dir(&self) -> Option<PathBuf> {
        self.home.clone().or_else(|| self.var("HOME").or_else(|| self.var("USERPROFILE")).map(PathBuf::from))
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Env");
        match &self.vars {
            None => s.field("vars", &"<process environment>"),
            Some(vars) => s.field("vars", &vars.keys().collect::<Vec<_>>()),
        };
        s.field("home", &self.home).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_blank_values_are_absent() {
        let env = Env::from_vars([("A", ""), ("B", "  "), ("C", " x ")]);
        assert_eq!(env.var("A"), None);
        assert_eq!(env.var("B"), None);
        assert_eq!(env.var("C").as_deref(), Some("x"));
        assert_eq!(env.var("D"), None);
    }

    #[test]
    fn flags_are_case_insensitive_true() {
        let env = Env::from_vars([("A", "TRUE"), ("B", "1")]);
        assert!(env.flag("A"));
        assert!(!env.flag("B"));
    }

    #[test]
    fn home_prefers_explicit_then_home_then_userprofile() {
        let env = Env::from_vars([("HOME", "/h"), ("USERPROFILE", "/u")]);
        assert_eq!(env.home_dir(), Some(PathBuf::from("/h")));
        assert_eq!(env.clone().with_home("/x").home_dir(), Some(PathBuf::from("/x")));
        assert_eq!(Env::from_vars([("USERPROFILE", "/u")]).home_dir(), Some(PathBuf::from("/u")));
        assert_eq!(Env::from_vars(Vec::<(String, String)>::new()).home_dir(), None);
    }

    #[test]
    fn debug_shows_names_not_values() {
        let env = Env::from_vars([("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "hunter2")]);
        let text = format!("{env:?}");
        assert!(text.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET"));
        assert!(!text.contains("hunter2"));
    }
}
