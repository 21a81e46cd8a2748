//! HTTP: accept connections, read each request, check its signature, apply faults, route it to the product
//! it names, and write the answer the way the service does.
//!
//! Built on hyper directly (not a framework) for one reason: a dropped connection must really be dropped,
//! without a response, and hyper closes the connection when the service function fails.
//!
//! The emulator is a server on a port anyone on the machine can reach, so it holds up under abuse: at most
//! `max_connections` connections at once (more wait in the listen backlog), a request head and then its body
//! must each arrive within `header_read_timeout` (which also closes keep-alive connections that send
//! nothing), a connection on which no byte moves for `idle_timeout` is closed, a head over [`MAX_HEAD_BYTES`]
//! is refused by hyper (431), a body over `max_body_bytes` is answered 413 `RequestBodyTooLarge`, and no
//! answer quotes more than a bounded part of what the request sent.

use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context as TaskContext, Poll};
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use runtime::server::auth::{self, AuthError};
use runtime::server::{Context, Query, Reply};
use time::OffsetDateTime;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};

use crate::faults::Fault;
use crate::handle::Shared;
use crate::model::Product;

/// The largest request head (request line and headers) read; hyper answers a longer one 431.
pub(crate) const MAX_HEAD_BYTES: usize = 64 * 1024;

/// The longest `Host` quoted back (as `HostId`); a longer one is cut.
const MAX_HOST_CHARS: usize = 255;

/// Why a connection was closed without an answer.
#[derive(Debug)]
pub(crate) struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by fault injection, or the request could not be read")
    }
}

impl std::error::Error for Dropped {}

/// Accepts connections until the task is aborted, at most `shared.limits.max_connections` at a time.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    let slots = Arc::new(Semaphore::new(shared.limits.max_connections.max(1)));
    loop {
        // A slot first: while every slot is taken, new connections wait in the listen backlog.
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else { return };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(err) => {
                // Out of file descriptors, usually: wait a little instead of spinning.
                tracing::warn!(%err, "accept failed");
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let io = TokioIo::new(IdleTimeout::new(stream, shared.limits.idle_timeout));
            let header_timeout = shared.limits.header_read_timeout;
            let service = hyper::service::service_fn(move |req| handle(Arc::clone(&shared), req));
            // Errors here are dropped connections (ours or the client's) and timeouts: nothing to report.
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .max_buf_size(MAX_HEAD_BYTES)
                .serve_connection(io, service)
                .await;
            drop(slot);
        });
    }
}

/// A connection that fails with `TimedOut` once no byte has moved either way for the idle timeout, so a
/// client that stops reading or writing in the middle of a request or an answer does not hold it forever.
struct IdleTimeout {
    stream: TcpStream,
    limit: Duration,
    deadline: Pin<Box<Sleep>>,
}

impl IdleTimeout {
    fn new(stream: TcpStream, limit: Duration) -> Self {
        IdleTimeout { stream, limit, deadline: Box::pin(tokio::time::sleep(limit)) }
    }

    /// After progress: the idle clock starts again.
    fn moved(&mut self) {
        let next = Instant::now() + self.limit;
        self.deadline.as_mut().reset(next);
    }

    /// While waiting: whether the connection has been idle too long.
    fn expired(&mut self, cx: &mut TaskContext<'_>) -> Poll<io::Error> {
        ready!(self.deadline.as_mut().poll(cx));
        Poll::Ready(io::Error::new(io::ErrorKind::TimedOut, "the connection was idle too long"))
    }

    fn progress<T>(&mut self, cx: &mut TaskContext<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        match poll {
            Poll::Ready(result) => {
                self.moved();
                Poll::Ready(result)
            }
            Poll::Pending => self.expired(cx).map(Err),
        }
    }
}

impl AsyncRead for IdleTimeout {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.stream).poll_read(cx, buf);
        self.progress(cx, poll)
    }
}

impl AsyncWrite for IdleTimeout {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.progress(cx, poll)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.stream).poll_flush(cx);
        self.progress(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// The version each product's API has, with its product code (for the `Recommend` link).
fn product_of(version: &str) -> Option<(Product, &'static str)> {
    Some(match version {
        v if v == alibabacloud_backup::rds::SERVICE.api_version => (Product::Rds, "Rds"),
        v if v == alibabacloud_backup::polardb::SERVICE.api_version => (Product::PolarDb, "polardb"),
        v if v == alibabacloud_backup::polardbx::SERVICE.api_version => (Product::PolarDbX, "polardbx"),
        v if v == alibabacloud_backup::r_kvstore::SERVICE.api_version => (Product::Redis, "R-kvstore"),
        _ => return None,
    })
}

/// Reads a body of at most `limit` bytes within `timeout`: `Ok(None)` when it is longer, `Err` when it does not
/// arrive in time or the connection fails.
async fn read_body(body: Incoming, limit: usize, timeout: Duration) -> Result<Option<Bytes>, Dropped> {
    match tokio::time::timeout(timeout, Limited::new(body, limit).collect()).await {
        Err(_) => Err(Dropped),
        Ok(Ok(collected)) => Ok(Some(collected.to_bytes())),
        Ok(Err(err)) if err.is::<http_body_util::LengthLimitError>() => Ok(None),
        Ok(Err(_)) => Err(Dropped),
    }
}

async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Dropped> {
    let (parts, body) = req.into_parts();
    let host = parts.headers.get("host").and_then(|v| v.to_str().ok()).unwrap_or("127.0.0.1");
    let host: String = host.chars().take(MAX_HOST_CHARS).collect();
    let limit = shared.limits.max_body_bytes;
    let declared = parts.headers.get("content-length").and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
    let body = match declared {
        // Said to be too long: answered without reading it.
        Some(length) if length > limit as u64 => None,
        _ => read_body(body, limit, shared.limits.header_read_timeout).await?,
    };
    let Some(body) = body else {
        let ctx = Context { request_id: shared.next_request_id(), host, ..Context::default() };
        let message = format!("The request body is larger than {limit} bytes.");
        return Ok(to_response(&ctx, Reply::error(&ctx, 413, "RequestBodyTooLarge", &message)));
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
        .collect();
    let query = Query::parse(parts.uri.query().unwrap_or_default());
    let is_form = parts
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    let form = if is_form { Query::parse(&String::from_utf8_lossy(&body)) } else { Query::default() };
    let mut ctx = Context { request_id: shared.next_request_id(), host, ..Context::default() };

    let incoming =
        auth::Incoming { method: parts.method.as_str(), query: &query, form: &form, headers: &headers, body: &body };
    let verified = match shared.verifier.verify(&incoming, OffsetDateTime::now_utc()) {
        Ok(verified) => verified,
        Err(err) => return Ok(auth_refusal(&shared, &mut ctx, &query, &headers, &err)),
    };
    ctx.action = verified.action;
    ctx.version = verified.api_version;
    ctx.access_key_id = Some(verified.access_key_id);
    ctx.signature = Some(verified.version);
    ctx.product = product_of(&ctx.version).map(|(_, code)| code.to_owned()).unwrap_or_default();
    shared.record_request(&ctx.action);

    let decision = shared.faults.lock().unwrap_or_else(std::sync::PoisonError::into_inner).decide(&ctx.action);
    if !decision.latency.is_zero() {
        tokio::time::sleep(decision.latency).await;
    }
    let refused = match decision.before {
        Some(Fault::Drop) => {
            shared.record_answer(&ctx.action, 0);
            return Err(Dropped);
        }
        Some(Fault::Throttle) => Some(
            Reply::error(&ctx, 400, "Throttling.User", "Request was denied due to user flow control.")
                .with_header("x-acs-retry-after", shared.retry_after.as_millis().to_string()),
        ),
        Some(Fault::Unavailable) => Some(Reply::error(
            &ctx,
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
        )),
        Some(Fault::Status { status, code, retry_after, .. }) => {
            Some(status_reply(&shared, &ctx, status, code, retry_after))
        }
        _ => None,
    };
    let reply = match refused {
        Some(reply) => reply,
        None => {
            let mut params = query;
            params.extend_pairs(form.pairs());
            let reply = route(&shared, &ctx, &params).await;
            match decision.after {
                Some(Fault::DropAfterProcessing) => {
                    shared.record_answer(&ctx.action, 0);
                    return Err(Dropped);
                }
                Some(Fault::ServerError) => Reply::error(
                    &ctx,
                    500,
                    "InternalError",
                    "The request processing has failed due to some unknown error, exception or failure.",
                ),
                Some(Fault::Status { status, code, retry_after, .. }) => {
                    status_reply(&shared, &ctx, status, code, retry_after)
                }
                _ => reply,
            }
        }
    };
    shared.record_answer(&ctx.action, reply.status);
    Ok(to_response(&ctx, reply))
}

/// The answer of a [`Fault::Status`].
fn status_reply(shared: &Shared, ctx: &Context, status: u16, code: &str, retry_after: bool) -> Reply {
    let reply = Reply::error(ctx, status, code, &format!("Injected fault: HTTP {status} {code}."));
    if retry_after {
        reply.with_header("x-acs-retry-after", shared.retry_after.as_millis().to_string())
    } else {
        reply
    }
}

/// Hands the request to its product's generated `dispatch`.
async fn route(shared: &Shared, ctx: &Context, params: &Query) -> Reply {
    let Some((product, _)) = product_of(&ctx.version) else {
        return Reply::error(ctx, 400, "InvalidVersion", "Specified parameter Version is not valid.");
    };
    let reply = match product {
        Product::Rds => alibabacloud_backup::rds::server::dispatch(shared, ctx, params).await,
        Product::PolarDb => alibabacloud_backup::polardb::server::dispatch(shared, ctx, params).await,
        Product::PolarDbX => alibabacloud_backup::polardbx::server::dispatch(shared, ctx, params).await,
        Product::Redis => alibabacloud_backup::r_kvstore::server::dispatch(shared, ctx, params).await,
    };
    reply.unwrap_or_else(|| {
        Reply::error(ctx, 404, "InvalidApi.NotFound", "Specified api is not found, please check your url and method.")
    })
}

fn auth_refusal(
    shared: &Shared,
    ctx: &mut Context,
    query: &Query,
    headers: &[(String, String)],
    err: &AuthError,
) -> Response<Full<Bytes>> {
    let header = |name: &str| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
    ctx.action = header("x-acs-action").or_else(|| query.get("Action").map(str::to_owned)).unwrap_or_default();
    let version = header("x-acs-version").or_else(|| query.get("Version").map(str::to_owned)).unwrap_or_default();
    ctx.product = product_of(&version).map(|(_, code)| code.to_owned()).unwrap_or_default();
    let code = err.code();
    shared.record_auth_failure(&code);
    shared.record_request(&ctx.action);
    shared.record_answer(&ctx.action, err.status());
    tracing::debug!(%code, "refused a request: {err:?}");
    to_response(ctx, Reply::error(ctx, err.status(), &code, &err.message()))
}

fn to_response(ctx: &Context, reply: Reply) -> Response<Full<Bytes>> {
    let mut response = Response::builder()
        .status(reply.status)
        .header("content-type", "application/json;charset=utf-8")
        .header("x-acs-request-id", ctx.request_id.as_str());
    for (name, value) in &reply.headers {
        response = response.header(name.as_str(), value.as_str());
    }
    response.body(Full::new(Bytes::from(reply.body))).unwrap_or_else(|_| fallback())
}

fn fallback() -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(b"{}")));
    *response.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
    response
}
