//! HTTP: accept connections, read each request, check its signature, apply faults, route it to the product
//! it names, and write the answer the way the service does.
//!
//! Built on hyper directly (not a framework) for one reason: a dropped connection must really be dropped,
//! without a response, and hyper closes the connection when the service function fails.

use std::fmt;
use std::sync::Arc;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use runtime::server::auth::{self, AuthError};
use runtime::server::{Context, Query, Reply};
use time::OffsetDateTime;
use tokio::net::TcpListener;

use crate::faults::Fault;
use crate::handle::Shared;
use crate::model::Product;

/// Why a connection was closed without an answer.
#[derive(Debug)]
pub(crate) struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

/// Accepts connections until the task is aborted.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(err) => {
                // Out of file descriptors, usually: wait a little instead of spinning.
                tracing::warn!(%err, "accept failed");
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| handle(Arc::clone(&shared), req));
            // Errors here are dropped connections (ours or the client's): nothing to report.
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
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

async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Dropped> {
    let (parts, body) = req.into_parts();
    let body = body.collect().await.map_err(|_| Dropped)?.to_bytes();
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
    let mut ctx = Context {
        request_id: shared.next_request_id(),
        host: parts.headers.get("host").and_then(|v| v.to_str().ok()).unwrap_or("127.0.0.1").to_owned(),
        ..Context::default()
    };

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
                _ => reply,
            }
        }
    };
    shared.record_answer(&ctx.action, reply.status);
    Ok(to_response(&ctx, reply))
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
