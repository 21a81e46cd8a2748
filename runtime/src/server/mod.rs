//! The server side of the APIs, for local emulators and tests: the hand-written half of what generated
//! `server` modules call.
//!
//! Generated code declares, per product, a `Service` trait (one method per operation, typed request in,
//! typed response or [`Fault`] out) and a `dispatch` function that routes an action to it. Everything that
//! is the same for every operation lives here so that the generated half stays thin:
//! - [`Query`]: the decoded parameters of a request, read back into typed values (the inverse of
//!   `to_params`), with [`ParamError`] for what cannot be read;
//! - [`respond`]: decode, call, and encode the JSON answer or the service's error document;
//! - [`auth`]: checking V3 and V1 signatures, timestamps and nonces against known keys.
//!
//! HTTP itself (sockets, bodies, fault injection) is the emulator's business, not the runtime's.

pub mod auth;
mod fault;
mod query;

pub use fault::{error_body, Fault};
pub use query::{ParamError, Query};

use std::future::Future;

use serde::Serialize;

use crate::error::ErrorCode;
use crate::signing::SignatureVersion;
use crate::wire::{Record, RecordJson};

/// What the server knows about a request besides its parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// The id of this request, sent back as `RequestId` (and in `x-acs-request-id`).
    pub request_id: String,
    /// The action (`DescribeBackups`).
    pub action: String,
    /// The API version the client asked for.
    pub version: String,
    /// The product code, for the error document's `Recommend` link.
    pub product: String,
    /// The host the request was sent to, reported as `HostId` in errors.
    pub host: String,
    /// The AccessKey ID that signed the request, once verified.
    pub access_key_id: Option<String>,
    /// The signature scheme the request used, once verified.
    pub signature: Option<SignatureVersion>,
}

/// An HTTP answer: status, extra headers and a JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// Extra headers (the server adds content type and request id).
    pub headers: Vec<(String, String)>,
    /// The JSON body.
    pub body: String,
}

impl Reply {
    /// A 200 answer holding `response` as JSON (the generated types serialise to the exact wire shape).
    pub fn json<T: Serialize>(ctx: &Context, response: &T) -> Reply {
        match serde_json::to_string(response) {
            Ok(body) => Reply { status: 200, headers: Vec::new(), body },
            Err(err) => Reply::error(ctx, 500, "InternalError", &format!("the response could not be encoded: {err}")),
        }
    }

    /// An error answer with the service's JSON error document.
    pub fn error(ctx: &Context, status: u16, code: &str, message: &str) -> Reply {
        Reply { status, headers: Vec::new(), body: error_body(ctx, code, message) }
    }

    /// The answer for a [`Fault`].
    pub fn fault<E: ErrorCode>(ctx: &Context, fault: &Fault<E>) -> Reply {
        Reply::error(ctx, fault.status, fault.code.code(), &fault.message)
    }

    /// The same answer with one more header.
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Reply {
        self.headers.push((name.to_owned(), value.into()));
        self
    }
}

/// What the server side needs of a generated request type, beside [`Request`](crate::Request): reading it back
/// from the parameters a server received, and where its response keeps the request id.
///
/// Generated per operation (behind the product crate's `server` feature), so that [`respond`] and a product's
/// `dispatch` are written once, generically, instead of once per operation.
pub trait ServerRequest: crate::Request + Sized {
    /// The response's request-id field, when the spec declares one: [`respond`] fills it from the
    /// [`Context`] when the service implementation left it empty.
    fn request_id(response: &mut Self::Response) -> Option<&mut Option<String>> {
        let _ = response;
        None
    }

    /// Reads the request from the parameters a server received: the inverse of
    /// [`to_params`](crate::Request::to_params).
    ///
    /// Each parameter is read as its spec types it (times in the operation's format, enums limited to their
    /// documented values), then checked as the builder checks it (required parameters, accepted values,
    /// ranges). The first problem is returned, naming the parameter.
    fn from_params(query: &Query) -> Result<Self, ParamError>;
}

/// Answers one operation with `handler`, a service's method for it (`S::describe_backups`): the request is read
/// from `query` (one that cannot be read gets the service's parameter error, with the operation's documented code
/// where it has one), the method is called, and its response (with the request id filled in when left empty) or
/// fault is encoded, with the operation's success status.
pub async fn respond<'a, S, Req, F, Fut>(service: &'a S, ctx: &'a Context, query: &Query, handler: F) -> Reply
where
    S: ?Sized,
    Req: ServerRequest,
    F: FnOnce(&'a S, &'a Context, Req) -> Fut,
    Fut: Future<Output = Result<Req::Response, Fault<Req::Error>>>,
{
    let request = match Req::from_params(query) {
        Ok(request) => request,
        Err(err) => return Reply::fault(ctx, &Fault::<Req::Error>::from_param(&err)),
    };
    match handler(service, ctx, request).await {
        Ok(mut response) => {
            if let Some(request_id) = Req::request_id(&mut response) {
                request_id.get_or_insert_with(|| ctx.request_id.clone());
            }
            let reply = Reply::json(ctx, &RecordJson(&response));
            match reply.status {
                200 => Reply { status: Req::OPERATION.status, ..reply },
                _ => reply,
            }
        }
        Err(fault) => Reply::fault(ctx, &fault),
    }
}

/// Decodes `body` as a response of type `T` and encodes it again, as [`respond`] would send it: what a generated
/// `reencode_response` does for one action.
pub fn reencode<T: Record>(body: &str) -> Result<String, serde_json::Error> {
    let RecordJson(decoded) = serde_json::from_str::<RecordJson<T>>(body)?;
    serde_json::to_string(&RecordJson(&decoded))
}

/// Reads `query` as a request of type `R`, as [`respond`] would, and writes its parameters again as a client
/// sends them: what a generated `reencode_request` does for one action.
pub fn reencode_request<R: ServerRequest>(query: &Query) -> Result<crate::wire::Params, ParamError> {
    R::from_params(query).map(|request| request.to_params())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone)]
    enum Code {
        NotFound,
        BadStart,
        Other(String),
    }

    crate::error_codes!(Code, Other {
        NotFound("InvalidDBInstanceId.NotFound", 404, "The instance does not exist.", [], None),
        BadStart("InvalidStartTime.Format", 400, "Specified start time is not valid.", [], None),
    });

    fn ctx() -> Context {
        Context {
            request_id: "REQ-1".into(),
            host: "rds.aliyuncs.com".into(),
            product: "Rds".into(),
            ..Context::default()
        }
    }

    #[test]
    fn documented_faults_take_the_pages_status_and_message() {
        let fault = Fault::new(Code::NotFound);
        assert_eq!((fault.status, fault.message.as_str()), (404, "The instance does not exist."));
        let reply = Reply::fault(&ctx(), &fault);
        let body: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(body["Code"], "InvalidDBInstanceId.NotFound");
        assert_eq!(body["RequestId"], "REQ-1");
        assert_eq!(body["HostId"], "rds.aliyuncs.com");
        assert!(body["Recommend"].as_str().unwrap().contains("q=InvalidDBInstanceId.NotFound"));
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 5);
        // The table gives the documented row; a code it does not list has none, and keeps its text.
        assert_eq!(Code::BadStart.info().map(|i| (i.http_status, i.code)), Some((400, "InvalidStartTime.Format")));
        let other = Code::from("Other.Code");
        assert_eq!((other.info(), other.to_string()), (None, "Other.Code".to_owned()));
    }

    #[test]
    fn parameter_errors_use_documented_codes_when_there_are_some() {
        let missing = ParamError::Missing { parameter: "DBInstanceId".into() };
        let fault = Fault::<Code>::from_param(&missing);
        assert_eq!((fault.status, fault.code.code()), (400, "MissingDBInstanceId"));
        let bad_start = ParamError::invalid("StartTime", "soon", "a time");
        assert_eq!(Fault::<Code>::from_param(&bad_start).code, Code::BadStart);
        let bad_size = ParamError::invalid("PageSize", "7", "one of 30, 50, 100");
        assert_eq!(Fault::<Code>::from_param(&bad_size).code.code(), "InvalidParameter");
    }

    #[tokio::test]
    async fn respond_reads_the_request_and_encodes_responses_and_faults() {
        #[derive(Debug, Default)]
        #[allow(clippy::items_after_statements)]
        struct Resp {
            id: Option<String>,
            unknown_fields: crate::wire::UnknownFields,
        }
        crate::record!(Resp { id: "RequestId" => Native });
        /// A request of an operation answered with 200 that declares no request id, one answered with 201
        /// whose response keeps it; both need parameter `A`.
        struct Plain;
        struct Created;
        macro_rules! request {
            ($name:ident, $info:expr, $($id:ident)?) => {
                impl crate::Request for $name {
                    type Response = Resp;
                    type Error = Code;
                    const OPERATION: &'static crate::OperationInfo = &$info;
                    fn to_params(&self) -> crate::wire::Params {
                        crate::wire::Params::new()
                    }
                }
                impl ServerRequest for $name {
                    $(fn request_id(response: &mut Resp) -> Option<&mut Option<String>> {
                        Some(&mut response.$id)
                    })?
                    fn from_params(query: &Query) -> Result<Self, ParamError> {
                        query.string("A").map(|_| $name).ok_or(ParamError::Missing { parameter: "A".into() })
                    }
                }
            };
        }
        request!(Plain, crate::OperationInfo::new("Describe", crate::Method::Get, false),);
        request!(Created, crate::OperationInfo::new("Create", crate::Method::Post, true).with_status(201), id);
        let query = Query::parse("A=1");
        fn given<'a, R>(
            id: Option<&str>,
        ) -> impl FnOnce(&'a (), &'a Context, R) -> std::future::Ready<Result<Resp, Fault<Code>>> {
            let id = id.map(str::to_owned);
            move |_, _, _| std::future::ready(Ok(Resp { id, ..Resp::default() }))
        }
        // The implementation's own request id is kept; an empty one is filled where the response declares it.
        let ok = respond::<_, Plain, _, _>(&(), &ctx(), &query, given(Some("x"))).await;
        assert_eq!((ok.status, ok.body.as_str()), (200, r#"{"RequestId":"x"}"#));
        let plain = respond::<_, Plain, _, _>(&(), &ctx(), &query, given(None)).await;
        assert_eq!((plain.status, plain.body.as_str()), (200, "{}"));
        let created = respond::<_, Created, _, _>(&(), &ctx(), &query, given(None)).await;
        assert_eq!((created.status, created.body.as_str()), (201, r#"{"RequestId":"REQ-1"}"#));
        let faulted = respond::<_, Plain, _, _>(&(), &ctx(), &query, |_, _, _| {
            std::future::ready(Err(Fault::new(Code::NotFound)))
        })
        .await;
        assert_eq!(faulted.status, 404);
        // A request that cannot be read never reaches the handler.
        let missing =
            respond::<_, Created, _, _>(&(), &ctx(), &Query::default(), |_, _, _| async { unreachable!() }).await;
        assert_eq!(missing.status, 400);
        assert!(missing.body.contains("MissingA"), "{}", missing.body);
    }
}
