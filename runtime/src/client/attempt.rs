//! One attempt of a call: credentials, a fresh signature, the HTTP exchange, and reading the answer.
//!
//! Kept apart from the retry loop so that everything an attempt needs afresh (credentials that may have
//! been rotated, a new nonce, the current time) is visibly obtained here, once per attempt.

use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_LENGTH, USER_AGENT};
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use super::{Client, Method, OperationInfo, TRACING_TARGET};
use crate::credentials::Credentials;
use crate::endpoint::Endpoint;
use crate::error::{snippet, Error, ErrorCode, ServiceError, TimeoutPhase, TransportError};
use crate::redact;
use crate::signing::{self, percent_encode, SignedRequest, SigningContext, SigningRequest};
use crate::wire::Params;

/// The header a throttling answer uses to say how long to wait, in milliseconds.
const RETRY_AFTER: &str = "x-acs-retry-after";
/// The header the service puts its request id in.
const REQUEST_ID: &str = "x-acs-request-id";
/// The header retries carry: how many retries this attempt is (1 for the second attempt).
const RETRY_ATTEMPTS: &str = "x-acs-retry-attempts";

impl Client {
    pub(super) async fn attempt<R, E>(
        &self,
        http: &reqwest::Client,
        endpoint: &Endpoint,
        operation: &OperationInfo,
        params: &Params,
        attempt: u32,
        spans: [&tracing::Span; 2],
    ) -> Result<R, Error<E>>
    where
        R: DeserializeOwned,
        E: ErrorCode,
    {
        let inner = &self.inner;
        let credentials = inner.config.credentials.provide_credentials().await.map_err(Error::Credentials)?;
        let nonce = signing::new_nonce();
        let retry_header = [(RETRY_ATTEMPTS, (attempt - 1).to_string())];
        let (query, form) = (borrowed(params.as_slice()), borrowed(params.form()));
        let request = SigningRequest {
            method: operation.method.as_str(),
            host: endpoint.authority(),
            action: operation.name,
            version: inner.service.api_version,
            params: &query,
            form: &form,
            // Retries say which retry they are, inside the signature like every other x-acs-* header.
            headers: if attempt > 1 { &retry_header } else { &[] },
        };
        let context = SigningContext { credentials: &credentials, timestamp: OffsetDateTime::now_utc(), nonce: &nonce };
        let signed = signing::sign(inner.signature, &request, &context);
        let tracing_wire = tracing::enabled!(target: TRACING_TARGET, tracing::Level::TRACE);
        // The values this request carries that must never be shown, should the answer quote them (a proxy's
        // error page may echo the request line and headers; the V1 signature error quotes the string to sign).
        let secrets = signed_secrets(&credentials, &signed);
        drop(credentials);

        let mut url = endpoint.base_url();
        if !signed.query.is_empty() {
            url.push('?');
            url.push_str(&signed.query);
        }
        // As the official client: answers in JSON, and a POST sends its form body or says its body is empty
        // (a form body's `content-type` is among the signed headers). The user agent
        // is set here rather than on the HTTP client, so that a client the application supplied sends it too.
        let mut builder = http
            .request(operation.method.to_http(), url)
            .header(ACCEPT, "application/json")
            .header(USER_AGENT, inner.user_agent.as_str());
        if operation.method == Method::Post {
            builder = if signed.body.is_empty() {
                builder.header(CONTENT_LENGTH, "0").body(Vec::new())
            } else {
                builder.body(signed.body.clone())
            };
        }
        // The URL supplies the same `host` the signature covers; setting it twice would confuse HTTP/2.
        for (name, value) in signed.headers.iter().filter(|(n, _)| !n.eq_ignore_ascii_case("host")) {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let request = builder.build().map_err(|e| self.reqwest_error(e))?;

        tracing::debug!(target: TRACING_TARGET, method = operation.method.as_str(), %endpoint, "sending");
        if tracing_wire {
            tracing::trace!(
                target: TRACING_TARGET,
                method = request.method().as_str(),
                url = redact::url(request.url().as_str()),
                headers = redact::headers(request.headers()),
                "request"
            );
        }
        // The read timeout counts from the start of the attempt (a connection still being made included, as
        // reqwest's own does) and again for each read of the body; it is applied here rather than by the HTTP
        // client so that clients made with overrides can change it while sharing the connection pool.
        let read_timeout = inner.config.read_timeout;
        let read_timed_out = || Error::Timeout { phase: TimeoutPhase::Read, after: read_timeout };
        let mut response = tokio::time::timeout(read_timeout, http.execute(request))
            .await
            .map_err(|_| read_timed_out())?
            .map_err(|e| self.reqwest_error(e))?;
        let status = response.status().as_u16();
        // The operation's span, then the attempt's.
        let [span, attempt_span] = spans;
        span.record("status", status);
        attempt_span.record("status", status);
        let header_request_id = header(&response, REQUEST_ID);
        let retry_after = header(&response, RETRY_AFTER)
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis);
        let response_headers = tracing_wire.then(|| redact::headers(response.headers()));
        let mut body = Vec::new();
        while let Some(chunk) = tokio::time::timeout(read_timeout, response.chunk())
            .await
            .map_err(|_| read_timed_out())?
            .map_err(|e| self.reqwest_error(e))?
        {
            body.extend_from_slice(&chunk);
        }
        tracing::debug!(target: TRACING_TARGET, status, bytes = body.len(), "answered");
        if let Some(headers) = response_headers {
            tracing::trace!(
                target: TRACING_TARGET,
                status,
                headers,
                body = redact::known(&snippet(&body, 512), &secrets),
                "response"
            );
        }

        if (200..300).contains(&status) {
            let request_id = header_request_id.or_else(|| body_request_id(&body));
            record_request_id(span, request_id.as_deref());
            decode(status, &body, request_id).map_err(|err| match err {
                Error::Decode { status, snippet, path, request_id, source } => {
                    Error::Decode { status, snippet: redact::known(&snippet, &secrets), path, request_id, source }
                }
                other => other,
            })
        } else {
            let body = masked(&body, &secrets);
            let err = ServiceError::from_response(status, &body, header_request_id, retry_after);
            record_request_id(span, err.request_id.as_deref());
            Err(Error::Service(Box::new(err)))
        }
    }

    fn reqwest_error<E: ErrorCode>(&self, err: reqwest::Error) -> Error<E> {
        let config = &self.inner.config;
        if err.is_timeout() {
            // reqwest's read timer starts with the request, so a slow connect longer than the read
            // timeout is reported as a read timeout: the cautious side for state-changing calls.
            return if err.is_connect() {
                Error::Timeout { phase: TimeoutPhase::Connect, after: config.connect_timeout }
            } else {
                Error::Timeout { phase: TimeoutPhase::Read, after: config.read_timeout }
            };
        }
        // reqwest's errors carry the request's URL, whose query holds V1's signature, key id and token.
        let (connect, builder) = (err.is_connect(), err.is_builder());
        let err = redact::reqwest_error(err);
        if connect {
            Error::Transport(TransportError::connect(err))
        } else if builder {
            Error::Transport(TransportError::setup(err))
        } else {
            Error::Transport(TransportError::io(err))
        }
    }
}

/// Parameters as the signer takes them (names borrowed; flattened names are owned by the [`Params`]).
fn borrowed(list: &[crate::wire::Param]) -> Vec<(&str, String)> {
    list.iter().map(|(name, value)| (name.as_ref(), value.clone())).collect()
}

/// The values a signed request carries that are secret: the AccessKey ID, secret and token the request was
/// signed with, and its signature (V1's `Signature` parameter, V3's `Signature=` in `authorization`), each as
/// sent and percent-encoded.
fn signed_secrets(credentials: &Credentials, signed: &SignedRequest) -> Vec<String> {
    let mut plain = vec![credentials.access_key_id().to_owned(), credentials.access_key_secret().to_owned()];
    plain.extend(credentials.security_token().map(str::to_owned));
    let v1 = signed.query.split('&').find_map(|pair| pair.strip_prefix("Signature="));
    if let Some(raw) = v1 {
        plain.push(raw.to_owned());
        plain.push(percent_encoding::percent_decode_str(raw).decode_utf8_lossy().into_owned());
    }
    let v3 = signed.header("authorization").and_then(|a| a.split_once("Signature=")).map(|(_, s)| s);
    plain.extend(v3.map(|s| s.split(',').next().unwrap_or(s).to_owned()));
    // Once and twice encoded: V1's string to sign, which a signature error quotes, encodes the query again.
    let encoded: Vec<String> = plain.iter().map(|s| percent_encode(s)).collect();
    let twice: Vec<String> = encoded.iter().map(|s| percent_encode(s)).collect();
    plain.extend(encoded);
    plain.extend(twice);
    plain.sort();
    plain.dedup();
    // Longest first, so that a value is masked whole before a shorter one inside it.
    plain.sort_by_key(|s| std::cmp::Reverse(s.len()));
    plain
}

/// An error body with every secret the request carried masked, or the body as it is when it quotes none.
fn masked(body: &[u8], secrets: &[String]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    if secrets.iter().any(|s| !s.is_empty() && text.contains(s.as_str())) {
        redact::known(&text, secrets).into_bytes()
    } else {
        body.to_vec()
    }
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    let value = response.headers().get(name)?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

fn record_request_id(span: &tracing::Span, id: Option<&str>) {
    if let Some(id) = id {
        span.record("request_id", id);
    }
}

/// The `RequestId` of a success body, for tracing and decode errors when the header is missing.
/// The `RequestId` of a JSON body, for when the header is missing: a scan for the key rather than a second
/// parse of the whole body (the decode itself takes the time budget; this only labels the tracing span).
fn body_request_id(body: &[u8]) -> Option<String> {
    const KEY: &[u8] = b"\"RequestId\"";
    let at = body.windows(KEY.len()).position(|w| w == KEY)? + KEY.len();
    let rest = &body[at..];
    let colon = rest.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = rest.get(colon..)?.strip_prefix(b":")?;
    let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = rest.get(start..)?;
    let end = rest.iter().skip(1).position(|b| *b == b'"' || *b == b'\\')? + 1;
    let id: String = serde_json::from_slice(rest.get(..=end)?).ok()?;
    (!id.is_empty()).then_some(id)
}

/// Decodes a success body; a failure says which field did not fit, and trailing data after the body is an error.
fn decode<R: DeserializeOwned, E: ErrorCode>(
    status: u16,
    body: &[u8],
    request_id: Option<String>,
) -> Result<R, Error<E>> {
    // One decoder for both outcomes: serde_path_to_error tracks the field path as it goes, so a failure names the
    // field without a second decoder compiled (and run) for the error path.
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let (path, source) = match serde_path_to_error::deserialize::<_, R>(&mut deserializer) {
        Ok(value) => match deserializer.end() {
            Ok(()) => return Ok(value),
            Err(source) => (".".to_owned(), source),
        },
        Err(err) => (err.path().to_string(), err.into_inner()),
    };
    Err(Error::Decode { status, snippet: snippet(body, 200), path, request_id, source })
}
