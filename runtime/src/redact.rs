//! Secrets out of URLs, before a URL is shown anywhere.
//!
//! A V1-signed call carries `AccessKeyId`, `Signature` and, with STS credentials, `SecurityToken` in its query;
//! an AssumeRoleWithOIDC call carries the OIDC token; a configured URL may hold a user name and password. Errors
//! (`Display`, `Debug`, their sources), log events and panic messages must never show them, so every URL that can
//! reach one goes through [`url`] first (and a `reqwest::Error`, which carries its request's URL, through
//! [`reqwest_error`]). Keeping it to one function is what makes "every URL is redacted" checkable. An AccessKey
//! ID shown on its own (in `Debug`, in a hint) goes through [`key_id`].

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// What replaces a secret value. Plain letters, so that a URL parser keeps it as it is.
pub const REDACTED: &str = "REDACTED";

/// `url` with its secrets replaced by [`REDACTED`]: the user name and password, and the value of every query
/// parameter whose name says it is secret ([`is_secret_name`]). The fragment, never sent, is dropped. Anything
/// else (scheme, host, path, the other parameters) is kept, so the URL still says where the call went.
pub fn url(url: &str) -> String {
    let url = url.split_once('#').map_or(url, |(before, _)| before);
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let mut out = String::with_capacity(url.len());
    match base.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find('/').unwrap_or(rest.len());
            let (authority, path) = rest.split_at(authority_end);
            out.push_str(scheme);
            out.push_str("://");
            match authority.rsplit_once('@') {
                Some((_, host)) => {
                    out.push_str(REDACTED);
                    out.push('@');
                    out.push_str(host);
                }
                None => out.push_str(authority),
            }
            out.push_str(path);
        }
        None => out.push_str(base),
    }
    if let Some(query) = query {
        out.push('?');
        out.push_str(&self::query(query));
    }
    out
}

/// A URL the user configured to fetch credentials from (`ALIBABA_CLOUD_CREDENTIALS_URI`), as it may be shown:
/// like [`url`], and with every query value redacted, since such a URL may carry a token under any name.
pub fn configured_url(configured: &str) -> String {
    let shown = url(configured);
    match shown.split_once('?') {
        Some((base, query)) => {
            let names: Vec<String> =
                query.split('&').map(|pair| format!("{}={REDACTED}", pair.split('=').next().unwrap_or(pair))).collect();
            format!("{base}?{}", names.join("&"))
        }
        None => shown,
    }
}

/// A raw (percent-encoded) query with the value of every secret parameter replaced by [`REDACTED`].
pub fn query(query: &str) -> String {
    let pairs: Vec<Cow<'_, str>> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if is_secret_name(&percent_decode_str(name).decode_utf8_lossy()) => {
                Cow::Owned(format!("{name}={REDACTED}"))
            }
            _ => Cow::Borrowed(pair),
        })
        .collect();
    pairs.join("&")
}

/// Whether a parameter named `name` may hold a secret: any name containing `key`, `secret`, `token`, `sig`,
/// `auth`, `passw` or `credential`, compared without case. That covers V1's `AccessKeyId`, `Signature` and
/// `SecurityToken`, STS's `OIDCToken`, and the usual names of tokens in a configured URL (`auth`, `api_key`,
/// `sig`, `password`); a value under a name outside these patterns is shown.
pub fn is_secret_name(name: &str) -> bool {
    let lower = name.trim().to_ascii_lowercase();
    ["key", "secret", "token", "sig", "auth", "passw", "credential"].iter().any(|word| lower.contains(word))
}

/// An AccessKey ID as it may be shown: its first four characters (`LTAI`, the kind of key) followed by `****`,
/// or only `****` for an ID of eight characters or fewer.
pub fn key_id(id: &str) -> String {
    if id.chars().count() > 8 {
        format!("{}****", id.chars().take(4).collect::<String>())
    } else {
        "****".to_owned()
    }
}

/// Headers as a log line may show them (`name: value; name: value`): the value of every header whose name says
/// it is secret ([`is_secret_name`]: `authorization`, `x-acs-security-token`, ...) and of cookies becomes
/// [`REDACTED`], and a value that is not text `<binary>`.
pub fn headers(headers: &reqwest::header::HeaderMap) -> String {
    let shown: Vec<String> = headers
        .iter()
        .map(|(name, value)| {
            let name = name.as_str();
            let value = if is_secret_name(name) || name.contains("cookie") {
                REDACTED
            } else {
                value.to_str().unwrap_or("<binary>")
            };
            format!("{name}: {value}")
        })
        .collect();
    shown.join("; ")
}

/// `text` with every occurrence of each of `secrets` (the values one request was signed with and carried)
/// replaced by [`REDACTED`], for text that came back from elsewhere and may quote the request, such as a
/// proxy's error page.
pub fn known(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), REDACTED);
        }
    }
    out
}

/// The same error with the URL it carries passed through [`url`] (or dropped, should the redacted text not
/// parse back), so that its `Display` and `Debug` show no secret.
pub fn reqwest_error(mut err: reqwest::Error) -> reqwest::Error {
    let Some(current) = err.url_mut() else {
        return err;
    };
    match reqwest::Url::parse(&url(current.as_str())) {
        Ok(redacted) => {
            *current = redacted;
            err
        }
        Err(_) => err.without_url(),
    }
}

/// Shows an optional value in `Debug` as `Some(REDACTED)` or `None`: how generated responses print a field the
/// spec marks sensitive (a pre-signed download link grants access to whoever holds it).
pub struct Redacted<'a, T>(pub &'a Option<T>);

impl<T> std::fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(_) => write!(f, "Some({REDACTED})"),
            None => f.write_str("None"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_configured_url_shows_no_query_value() {
        assert_eq!(
            configured_url("http://u:p@127.0.0.1:8080/creds?t=abc&role=x#frag"),
            "http://REDACTED@127.0.0.1:8080/creds?t=REDACTED&role=REDACTED"
        );
        assert_eq!(configured_url("http://127.0.0.1/creds"), "http://127.0.0.1/creds");
    }

    #[test]
    fn signature_parameters_and_tokens_are_redacted() {
        let url = "https://rds.aliyuncs.com/?AccessKeyId=LTAI1&Action=DescribeBackups&SecurityToken=tok%2B1\
                   &Signature=abc%3D&SignatureMethod=HMAC-SHA1&DBInstanceId=rm-1";
        assert_eq!(
            self::url(url),
            "https://rds.aliyuncs.com/?AccessKeyId=REDACTED&Action=DescribeBackups&SecurityToken=REDACTED\
             &Signature=REDACTED&SignatureMethod=REDACTED&DBInstanceId=rm-1"
        );
        assert_eq!(query("OIDCToken=x&RoleArn=acs:ram::1:role/r"), "OIDCToken=REDACTED&RoleArn=acs:ram::1:role/r");
        assert_eq!(query("Security%54oken=x&bearertoken=y"), "Security%54oken=REDACTED&bearertoken=REDACTED");
        assert_eq!(query("AccessKeySecret=s&password=p&a&=v"), "AccessKeySecret=REDACTED&password=REDACTED&a&=v");
        assert_eq!(query("auth=a&api_key=b&sig=c&Action=d"), "auth=REDACTED&api_key=REDACTED&sig=REDACTED&Action=d");
    }

    #[test]
    fn secret_headers_and_known_values_are_masked() {
        use reqwest::header::{HeaderMap, HeaderValue};
        let mut map = HeaderMap::new();
        map.insert("authorization", HeaderValue::from_static("ACS3-HMAC-SHA256 Credential=LTAI,Signature=ab"));
        map.insert("x-acs-security-token", HeaderValue::from_static("tok"));
        map.insert("set-cookie", HeaderValue::from_static("s=1"));
        map.insert("x-acs-action", HeaderValue::from_static("DescribeBackups"));
        map.insert("x-bin", HeaderValue::from_bytes(&[0xff]).unwrap());
        assert_eq!(
            headers(&map),
            "authorization: REDACTED; x-acs-security-token: REDACTED; set-cookie: REDACTED; \
             x-acs-action: DescribeBackups; x-bin: <binary>"
        );
        let secrets = ["LTAIabc".to_owned(), String::new(), "sig/1".to_owned()];
        assert_eq!(
            known("GET /?AccessKeyId=LTAIabc&Signature=sig/1 LTAIabc", &secrets),
            "GET /?AccessKeyId=REDACTED&Signature=REDACTED REDACTED"
        );
    }

    #[test]
    fn key_ids_keep_their_kind_only() {
        assert_eq!(key_id("LTAI5tAbCdEfGhIj"), "LTAI****");
        assert_eq!(key_id("STS.é1234567"), "STS.****");
        assert_eq!(key_id("short"), "****");
    }

    #[test]
    fn user_info_and_fragments_go() {
        assert_eq!(url("http://u:p@host:1/path?token=x#f"), "http://REDACTED@host:1/path?token=REDACTED");
        assert_eq!(url("http://127.0.0.1:8080/creds?t=1"), "http://127.0.0.1:8080/creds?t=1");
        assert_eq!(url("http://host/a@b"), "http://host/a@b");
        assert_eq!(url("no-scheme?Signature=s"), "no-scheme?Signature=REDACTED");
        assert_eq!(url(""), "");
    }

    #[test]
    fn redacted_urls_parse_back() {
        let redacted = url("http://u:p@127.0.0.1:9/?Signature=a%2Bb&SecurityToken=t");
        let parsed = reqwest::Url::parse(&redacted).map(|u| u.to_string());
        assert_eq!(parsed.as_deref(), Ok(redacted.as_str()));
    }
}
