//! An in-process HTTP server on 127.0.0.1 that plays the service: it records every request, checks its
//! signature with [`super::verify`] (never with `alibabacloud_backup_runtime::signing`), and answers with scripted replies (status,
//! headers, body, delay); a request whose signature does not verify is answered `SignatureDoesNotMatch` (400).
//! The tests crate's client tests include this file by path, with their own `KEY_ID` and `SECRET`.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;

use super::verify::{self, Kind};
use super::{KEY_ID, SECRET};

/// One scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: impl Into<String>) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn ok(body: impl Into<String>) -> Reply {
        Reply::json(200, body)
    }

    /// The service's JSON error document.
    pub fn error(status: u16, code: &str, message: &str) -> Reply {
        Reply::json(
            status,
            format!(
                r#"{{"Code":"{code}","Message":"{message}","RequestId":"req-{status}","HostId":"rds.aliyuncs.com","Recommend":"https://api.aliyun.com/troubleshoot?q={code}"}}"#
            ),
        )
    }

    pub fn html(status: u16, html: &str) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".into(), "text/html".into())],
            body: html.into(),
            delay: Duration::ZERO,
        }
    }

    /// The gateway's XML error document, with the content type the official client looks for.
    pub fn xml(status: u16, xml: &str) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".into(), "text/xml;charset=utf-8".into())],
            body: xml.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn empty(status: u16) -> Reply {
        Reply { status, headers: vec![], body: String::new(), delay: Duration::ZERO }
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// What the server saw of one request.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub raw_query: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The signature check: which kind and the nonce, or why it failed.
    pub verdict: Result<(Kind, String), String>,
}

impl Recorded {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The action, from `x-acs-action` (V3) or `Action` (V1).
    pub fn action(&self) -> Option<&str> {
        self.header("x-acs-action").or_else(|| self.param("Action"))
    }

    /// The kind of a correct signature and its nonce; panics with the verifier's reason otherwise.
    pub fn signed(&self) -> (Kind, &str) {
        match &self.verdict {
            Ok((kind, nonce)) => (*kind, nonce),
            Err(reason) => panic!("the request was not signed correctly: {reason}"),
        }
    }

    pub fn nonce(&self) -> &str {
        self.signed().1
    }
}

type Responder = dyn Fn(&Recorded, usize) -> Reply + Send + Sync;

struct Shared {
    responder: Box<Responder>,
    requests: Mutex<Vec<Recorded>>,
}

/// A running test server; it stops when the test's runtime ends.
pub struct TestServer {
    url: String,
    shared: Arc<Shared>,
}

impl TestServer {
    /// Answers every request with the same reply.
    pub async fn always(reply: Reply) -> TestServer {
        TestServer::with(move |_, _| reply.clone()).await
    }

    /// Answers with `replies` in order, repeating the last one when they run out.
    pub async fn script(replies: Vec<Reply>) -> TestServer {
        let queue = Mutex::new(VecDeque::from(replies));
        TestServer::with(move |_, _| {
            let mut queue = queue.lock().unwrap();
            if queue.len() > 1 {
                queue.pop_front().unwrap()
            } else {
                queue.front().cloned().unwrap_or_else(|| Reply::empty(599))
            }
        })
        .await
    }

    /// Answers each request with `responder(request, index)`.
    pub async fn with(responder: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static) -> TestServer {
        let shared = Arc::new(Shared { responder: Box::new(responder), requests: Mutex::new(Vec::new()) });
        let app = Router::new().fallback(handle).with_state(Arc::clone(&shared));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        TestServer { url, shared }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.shared.requests.lock().unwrap().len()
    }

    /// The only request the server received; panics when it received none or several.
    pub fn only_request(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "expected exactly one request, got {}", requests.len());
        requests.into_iter().next().unwrap()
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let raw_query = uri.query().unwrap_or("").to_owned();
    let verdict = verify::check(method.as_str(), uri.path(), &raw_query, &headers, &body, KEY_ID, SECRET);
    let recorded = Recorded {
        method: method.to_string(),
        path: uri.path().to_owned(),
        query: verify::decode_query(&raw_query).unwrap_or_default(),
        raw_query,
        headers,
        body,
        verdict,
    };
    let reply = {
        let mut requests = shared.requests.lock().unwrap();
        let reply = (shared.responder)(&recorded, requests.len());
        requests.push(recorded.clone());
        reply
    };
    if let Err(reason) = &recorded.verdict {
        let body =
            serde_json::json!({ "Code": "SignatureDoesNotMatch", "Message": reason, "RequestId": "bad-signature" });
        return (StatusCode::BAD_REQUEST, body.to_string()).into_response();
    }
    tokio::time::sleep(reply.delay).await;
    let mut response = (StatusCode::from_u16(reply.status).unwrap(), reply.body).into_response();
    for (name, value) in reply.headers {
        response.headers_mut().insert(HeaderName::try_from(name).unwrap(), HeaderValue::try_from(value).unwrap());
    }
    response
}
