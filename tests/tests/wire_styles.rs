//! Request wire forms of the spec format, end to end, on the fixture product `wire`
//! (tests/fixtures/naming/specs/wire, generated into tests/naming_fixture): lists and structures flattened
//! (`style: repeat_list`) or sent as JSON (`style: json`), form parameters in a POST body (`location: form`),
//! floats, the limits checked before sending (also inside structures), a non-200 success status, and the
//! server side reading every form back.
//!
//! The expected query strings and form bodies are literals computed by the official SDK's own encoding
//! functions (alibabacloud-tea-openapi 0.4.6, darabonba-core) for the same values: `tests/interop/encodings.py`
//! prints them (run it by hand in a virtualenv with the packages; it is offline).

// Shared with tests/client.rs, which uses the parts this file does not.
#[allow(dead_code)]
mod client_support;

use client_support::*;
use naming_fixture::runtime::build::BuildError;
use naming_fixture::runtime::server::{Context, Fault, Query, ServerRequest};
use naming_fixture::runtime::signing::{canonical_query, form_body};
use naming_fixture::runtime::wire::styled::{flatten, unflatten};
use naming_fixture::wire::{
    server, Client, CreateThingsBuilder, CreateThingsErrorCode, CreateThingsRequest, CreateThingsResponse, Item, Tag,
    ThingMode, ThingSpec,
};
use naming_fixture::{Request, SignatureVersion};
use proptest::prelude::*;
use serde_json::{json, Value};

fn tag(key: &str, value: Option<&str>, values: &[&str]) -> Tag {
    let mut tag = Tag::default();
    tag.key = Some(key.to_owned());
    tag.value = value.map(str::to_owned);
    tag.values = (!values.is_empty()).then(|| values.iter().map(|v| (*v).to_owned()).collect());
    tag
}

fn item(id: i64, labels: &[&str]) -> Item {
    let mut item = Item::default();
    item.id = Some(id);
    item.labels = Some(labels.iter().map(|l| (*l).to_owned()).collect());
    item
}

fn spec(ratio: Option<f32>, labels: &[&str]) -> ThingSpec {
    let mut spec = ThingSpec::default();
    spec.name = Some("box".to_owned());
    spec.size = Some(3);
    spec.ratio = ratio;
    spec.items = Some(vec![item(7, labels)]);
    spec
}

/// The values `tests/interop/encodings.py` encodes with the official SDK.
fn official_values<C>(builder: CreateThingsBuilder<C>) -> CreateThingsBuilder<C> {
    builder
        .region_id("cn-hangzhou")
        .thing_ids(vec!["t-1".to_owned(), "t 2".to_owned()])
        .tag(vec![tag("env", Some("prod"), &[]), tag("team", None, &["a", "b"])])
        .layout(spec(None, &["x", "y"]))
        .filter(vec!["a".to_owned(), "b".to_owned()])
        .spec(spec(Some(0.5), &["x"]))
        .extra(json!({"k": [1, {"n": true}], "s": "a b/c"}))
        .note("hello world & more")
        .labels(vec!["l1".to_owned(), "l 2".to_owned()])
        .meta(tag("env", Some("prod"), &[]))
}

/// `canonical query` of tests/interop/encodings.py: the official SDK's flattened and JSON parameters, in the
/// canonical form this SDK sends.
const OFFICIAL_QUERY: &str = "Extra=%7B%22k%22%3A%5B1%2C%7B%22n%22%3Atrue%7D%5D%2C%22s%22%3A%22a%20b%2Fc%22%7D&\
    Filter=%5B%22a%22%2C%22b%22%5D&Layout.Items.1.Id=7&Layout.Items.1.Labels.1=x&Layout.Items.1.Labels.2=y&\
    Layout.Name=box&Layout.Size=3&RegionId=cn-hangzhou&\
    Spec=%7B%22Name%22%3A%22box%22%2C%22Size%22%3A3%2C%22Ratio%22%3A0.5%2C%22Items%22%3A%5B%7B%22Id%22%3A7%2C%22Labels%22%3A%5B%22x%22%5D%7D%5D%7D&\
    Tag.1.Key=env&Tag.1.Value=prod&Tag.2.Key=team&Tag.2.Values.1=a&Tag.2.Values.2=b&ThingIds.1=t-1&ThingIds.2=t%202";

/// `form body` of tests/interop/encodings.py: what both official signing paths send as the body.
const OFFICIAL_FORM: &str =
    "Labels.1=l1&Labels.2=l+2&Meta=%7B%22Key%22%3A%22env%22%2C%22Value%22%3A%22prod%22%7D&Note=hello+world+%26+more";

const CREATED: &str = r#"{"RequestId":"R-1","ThingCount":2}"#;

#[tokio::test]
async fn v3_sends_the_official_sdks_query_and_form_body_and_accepts_201() {
    let server = TestServer::always(Reply::json(201, CREATED)).await;
    let client = Client::new(config(&server));
    let created = official_values(client.create_things()).send().await.expect("a 201 answer is a success");
    assert_eq!(created.thing_count, Some(2));

    let request = server.only_request();
    assert_eq!(request.signed().0, Kind::V3, "the independent verifier accepts the body hash and signature");
    assert_eq!(request.method, "POST");
    assert_eq!(request.raw_query, OFFICIAL_QUERY);
    assert_eq!(String::from_utf8_lossy(&request.body), OFFICIAL_FORM);
    assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
    let auth = request.header("authorization").unwrap_or_default();
    assert!(auth.contains("SignedHeaders=content-type;host;"), "the form's content type is signed: {auth}");
}

#[tokio::test]
async fn v1_signs_the_form_parameters_with_the_query() {
    let server = TestServer::always(Reply::json(201, CREATED)).await;
    let client = Client::new(config(&server).signature_version(SignatureVersion::V1));
    official_values(client.create_things()).send().await.expect("CreateThings succeeds");

    let request = server.only_request();
    assert_eq!(request.signed().0, Kind::V1, "the verifier signs the form parameters with the query's");
    assert_eq!(String::from_utf8_lossy(&request.body), OFFICIAL_FORM);
    // The operation's parameters are the official ones; the rest of the (sorted) query is V1's common parameters.
    let common = |pair: &&str| {
        let name = pair.split('=').next().unwrap_or_default();
        naming_fixture::runtime::signing::v1::COMMON_PARAMS.contains(&name)
    };
    let own: Vec<&str> = request.raw_query.split('&').filter(|pair| !common(pair)).collect();
    assert_eq!(own.join("&"), OFFICIAL_QUERY);
}

#[test]
fn limits_are_checked_before_sending_at_any_depth() {
    let base = || CreateThingsRequest::builder().region_id("cn-hangzhou");
    let invalid = |b: CreateThingsBuilder| match b.build() {
        Err(err) => err,
        Ok(request) => panic!("accepted {request:?}"),
    };
    let member = |err: BuildError| match err {
        BuildError::InvalidMember { path, expected, .. } => (path, expected),
        other => panic!("not a member error: {other:?}"),
    };
    // A structure's field, in the second item of a list: the pattern and the length.
    let err = invalid(base().tag(vec![tag("env", None, &[]), tag("Bad", None, &[])]));
    assert_eq!(member(err.clone()), ("Tag.2.Key".to_owned(), "a value matching `[a-z][a-z0-9-]*`".to_owned()));
    assert_eq!(
        err.to_string(),
        "CreateThings: `Tag.2.Key` = Bad is not accepted by the API; expected a value matching `[a-z][a-z0-9-]*`"
    );
    let long = "a".repeat(17);
    assert_eq!(member(invalid(base().tag(vec![tag(&long, None, &[])]))).1, "at most 16 characters");
    assert_eq!(member(invalid(base().meta(tag("env", None, &["1", "2", "3", "4"])))).0, "Meta.Values");
    // Nested two levels down: a list inside an item inside the JSON structure.
    let err = invalid(base().spec(spec(None, &[])));
    assert_eq!(member(err), ("Spec.Items.1.Labels".to_owned(), "at least 1 items".to_owned()));
    let mut small = spec(None, &["x"]);
    small.size = Some(11);
    assert_eq!(member(invalid(base().layout(small))), ("Layout.Size".to_owned(), "a value from 1 to 10".to_owned()));
    // Parameters: items, float range, string length and pattern.
    let too_many: Vec<String> = (0..6).map(|i| i.to_string()).collect();
    assert!(invalid(base().thing_ids(too_many)).to_string().ends_with("expected from 1 to 5 items"));
    assert!(invalid(base().thing_ids(Vec::new())).to_string().contains("`ThingIds` = 0 items"));
    assert!(invalid(base().weight(2.75)).to_string().ends_with("expected a value from 0.5 to 2.5"));
    assert!(invalid(base().code("AB-1")).to_string().ends_with("expected at least 5 characters"));
    assert!(invalid(base().code("abc-12")).to_string().ends_with("expected a value matching `[A-Z]{3}-\\d+`"));
    assert!(base().code("ABC-12").weight(2.5).ratio(0.0).mode(ThingMode::Fast).build().is_ok());
}

/// What a server receives for `request`: its query string and form body as the client writes them, decoded as the
/// emulator decodes them.
fn received(request: &CreateThingsRequest) -> Query {
    let params = request.to_params();
    let mut query = Query::parse(&canonical_query(params.as_slice()));
    query.extend_from(&form_body(params.form()));
    query
}

#[test]
fn the_server_reads_back_what_the_client_sends() {
    let builder = official_values(CreateThingsRequest::builder()).weight(1.25).code("ABC-12").mode(ThingMode::Safe);
    let request = builder.build().expect("valid");
    assert_eq!(CreateThingsRequest::from_params(&received(&request)), Ok(request));
}

/// A server that creates two things, for the dispatch test.
struct Things;

impl server::Service for Things {
    async fn create_things(
        &self,
        _ctx: &Context,
        request: CreateThingsRequest,
    ) -> Result<CreateThingsResponse, Fault<CreateThingsErrorCode>> {
        let mut response = CreateThingsResponse::default();
        response.thing_count = request.thing_ids.map(|ids| i32::try_from(ids.len()).unwrap_or(i32::MAX));
        Ok(response)
    }
}

#[tokio::test]
async fn dispatch_answers_with_the_documented_success_status() {
    let ctx = Context { request_id: "R-9".into(), action: "CreateThings".into(), ..Context::default() };
    let query = Query::parse("RegionId=cn-hangzhou&ThingIds.2=b&ThingIds.1=a");
    let reply = server::dispatch(&Things, &ctx, &query).await.expect("CreateThings is served");
    assert_eq!((reply.status, reply.body.as_str()), (201, r#"{"RequestId":"R-9","ThingCount":2}"#));
    // A flattened name that cannot be part of a list is the parameter's error, as the service answers it.
    let bad = server::dispatch(&Things, &ctx, &Query::parse("RegionId=r&ThingIds.0=a")).await.expect("served");
    assert_eq!(bad.status, 400, "{}", bad.body);
    let bad = server::dispatch(&Things, &ctx, &Query::parse("RegionId=r&Filter=%5B")).await.expect("served");
    assert_eq!(bad.status, 400, "{}", bad.body);
}

/// What the client's flattening keeps of a JSON value, as the server rebuilds it: leaves as text, empty lists
/// and objects (which send nothing) and `null` gone.
fn as_received(value: &Value) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(Value::String(s.clone())),
        Value::Number(n) => Some(Value::String(n.to_string())),
        Value::Bool(b) => Some(Value::String(b.to_string())),
        Value::Array(items) => {
            let kept: Vec<Value> = items.iter().filter_map(as_received).collect();
            // An item that sends nothing still takes its index, so the rebuilt list has a gap the server closes.
            (!kept.is_empty()).then_some(Value::Array(kept))
        }
        Value::Object(members) => {
            let kept: serde_json::Map<String, Value> =
                members.iter().filter_map(|(k, v)| as_received(v).map(|v| (k.clone(), v))).collect();
            (!kept.is_empty()).then_some(Value::Object(kept))
        }
    }
}

/// JSON values as requests hold them: member names that are wire names (never all digits), any depth.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[ -~]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[A-Z][A-Za-z]{0,5}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn tag_value() -> impl Strategy<Value = Tag> {
    (
        "[a-z][a-z0-9-]{0,15}",
        proptest::option::of("[ -~]{1,8}"),
        proptest::option::of(prop::collection::vec("[ -~]{1,6}", 1..4)),
    )
        .prop_map(|(key, value, values)| {
            let mut tag = Tag::default();
            (tag.key, tag.value, tag.values) = (Some(key), value, values);
            tag
        })
}

fn spec_value() -> impl Strategy<Value = ThingSpec> {
    let item =
        (proptest::option::of(any::<i64>()), prop::collection::vec("[ -~]{1,6}", 1..3)).prop_map(|(id, labels)| {
            let mut item = Item::default();
            (item.id, item.labels) = (id, Some(labels));
            item
        });
    (
        proptest::option::of("[ -~]{2,8}"),
        proptest::option::of(1..=10i32),
        proptest::option::of(-1000i16..1000),
        proptest::option::of(prop::collection::vec(item, 1..3)),
    )
        .prop_map(|(name, size, ratio, items)| {
            let mut spec = ThingSpec::default();
            // Quarters are exact in f32 and in decimal, so the text sent reads back to the same float.
            (spec.name, spec.size, spec.ratio, spec.items) = (name, size, ratio.map(|r| f32::from(r) / 4.0), items);
            spec
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Flattening a JSON value and rebuilding it from the pairs, as a server does, gives back the value (with
    /// leaves as text and what sends nothing left out).
    #[test]
    fn flattened_json_values_are_rebuilt(value in json_value()) {
        let mut pairs = Vec::new();
        flatten("P", &value, &mut pairs);
        let rebuilt = unflatten("P", pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        // A list item that sends nothing leaves a gap in the indexes; the rebuilt list closes it.
        prop_assert_eq!(rebuilt, Ok(as_received(&value)));
    }

    /// Generated requests with nested lists and structures, in both styles and both locations, decode on the
    /// server to the request that was sent.
    #[test]
    fn generated_requests_survive_the_wire(
        tags in prop::collection::vec(tag_value(), 1..4),
        layout in spec_value(),
        json_spec in spec_value(),
        meta in tag_value(),
        ids in prop::collection::vec("[ -~]{1,8}", 1..6),
        labels in prop::collection::vec("[ -~]{1,8}", 1..4),
    ) {
        // A flattened structure with no member set sends nothing, so the server sees no parameter.
        let empty_layout = layout == ThingSpec::default();
        let request = CreateThingsRequest::builder()
            .region_id("cn-hangzhou")
            .thing_ids(ids)
            .tag(tags)
            .layout(layout)
            .spec(json_spec)
            .labels(labels)
            .meta(meta)
            .build()
            .expect("generated within the limits");
        let mut expected = request.clone();
        if empty_layout {
            expected.layout = None;
        }
        prop_assert_eq!(CreateThingsRequest::from_params(&received(&request)), Ok(expected));
    }
}
