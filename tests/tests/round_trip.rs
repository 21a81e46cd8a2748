//! Property tests of every generated response decoder, over bodies generated from the specs' own model.
//!
//! For each response type, bodies are built field by field from the checked model, choosing for every field (at
//! every depth) whether it is absent, `null`, in the form the spec declares, or in one of the other forms the
//! service is known to use (a number in a string field, a quoted number, a quoted enum code, a bare array for a
//! wrapped list, one object for a list, a list of one for a `one_or_many` object), and adding members the spec
//! does not know. Each body comes with the JSON that serialising the decoded response must give back: the same
//! body, with `null`s dropped and the other forms written in the declared one. A second property feeds arbitrary
//! JSON to every decoder: it may fail, but it must return.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use alibabacloud_backup::runtime::server::{ParamError, Query};
use alibabacloud_backup::runtime::wire::Params;
use alibabacloud_backup::{polardb, polardbx, r_kvstore, rds};
use codegen::model::{Api, Enum, Field, NamedKind, Operation, Product, Struct, Ty, TypeDef, WireForm};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Map, Value};

/// Decodes a body as the response of an operation and serialises the result again, through the generated
/// `server::reencode_response` of its product (one line per operation, generated from the specs: a new operation
/// is covered without editing this file).
fn decoder(product: &str, operation: &str) -> impl Fn(&str) -> Result<Value, String> {
    type Reencode = fn(&str, &str) -> Option<Result<String, serde_json::Error>>;
    let reencode = of_product::<Reencode>(
        product,
        [
            polardb::server::reencode_response,
            polardbx::server::reencode_response,
            r_kvstore::server::reencode_response,
            rds::server::reencode_response,
        ],
    );
    let operation = operation.to_owned();
    move |body| {
        let text = reencode(&operation, body)
            .unwrap_or_else(|| panic!("the generated server has no {operation}"))
            .map_err(|e| e.to_string())?;
        serde_json::from_str(&text).map_err(|e| e.to_string())
    }
}

/// The one of `items` (given for polardb, polardbx, r_kvstore, rds, in that order) that belongs to `product`.
fn of_product<T>(product: &str, items: [T; 4]) -> T {
    let [polardb, polardbx, r_kvstore, rds] = items;
    match product {
        "polardb" => polardb,
        "polardbx" => polardbx,
        "r_kvstore" => r_kvstore,
        "rds" => rds,
        other => panic!("a product the tests do not know: {other}"),
    }
}

#[test]
fn every_operation_of_the_specs_is_served_and_reencoded() {
    for product in &tests::api().products {
        for op in &product.operations {
            // An empty object is a valid response of every operation (every field is optional).
            assert_eq!(decoder(&product.module, &op.name)("{}"), Ok(json!({})), "{} {}", product.module, op.name);
        }
    }
}

#[test]
fn every_sample_of_every_spec_decodes_and_round_trips() {
    let api = tests::api();
    let mut checked = 0;
    for product in &api.products {
        for op in &product.operations {
            let decode = decoder(&product.module, &op.name);
            for sample in &op.samples {
                let what = format!("{} {} sample `{}`", product.module, op.name, sample.name);
                let again = decode(&sample.body).unwrap_or_else(|e| panic!("{what} does not decode: {e}"));
                let sent: Value = serde_json::from_str(&sample.body).expect("samples are JSON");
                if again != sent {
                    // The checker lets a sample use one form other than the declared one: a list of one where a
                    // `one_or_many` structure is declared. Written back in the declared form, it must be stable.
                    let one_or_many = std::iter::once(&op.response)
                        .chain(op.types.iter().chain(&product.types).filter_map(|t| match t {
                            TypeDef::Struct(s) => Some(s),
                            TypeDef::Enum(_) => None,
                        }))
                        .flat_map(|s| &s.fields)
                        .any(|f| f.wire_form == WireForm::OneOrMany);
                    assert!(one_or_many, "{what} does not serialise back to what was sent:\n{again}\n{sent}");
                    let third = decode(&again.to_string()).unwrap_or_else(|e| panic!("{what}, written back: {e}"));
                    assert_eq!(third, again, "{what}: serialising is not stable");
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= api.products.iter().map(|p| p.operations.len()).sum::<usize>(), "{checked} samples");
}

/// The fields a spec marks `sensitive` (pre-signed download links) hold their value, and `Debug` never shows it.
#[test]
fn sensitive_fields_are_redacted_in_debug() {
    let url = "https://bak.example.com/hins1.zip?Expires=1&Signature=SECRETSIG";
    let body = json!({"Items": {"Backup": [{"BackupId": "1", "BackupDownloadURL": url, "BackupIntranetDownloadURL": url,
        "BackupDownloadLinkByDB": {"BackupDownloadLinkByDB": [{"DataBase": "db", "DownloadLink": url, "IntranetDownloadLink": url}]}}]}});
    let decoded: rds::DescribeBackupsResponse = serde_json::from_value(body).expect("decodes");
    let backup = &decoded.items()[0];
    assert_eq!(backup.backup_download_url.as_deref(), Some(url), "the value is kept");
    let shown = format!("{decoded:?}");
    assert!(!shown.contains("SECRETSIG") && !shown.contains("bak.example.com"), "{shown}");
    assert!(shown.contains("backup_download_url: Some(REDACTED)"), "{shown}");
    assert!(shown.contains("backup_id: Some(\"1\")"), "the other fields show as derived: {shown}");
    let redis =
        json!({"ClusterBackups": [{"Backups": [{"BackupDownloadURL": url, "BackupIntranetDownloadURL": url}]}]});
    let redis: r_kvstore::DescribeClusterBackupListResponse = serde_json::from_value(redis).expect("decodes");
    let shown = format!("{redis:#?}");
    assert!(!shown.contains("SECRETSIG") && shown.contains("REDACTED"), "{shown}");
}

/// One generated member value: the JSON text sent, and what serialising must give back (`None`: nothing).
type Generated = (String, Option<Value>);

fn text(value: &Value) -> String {
    value.to_string()
}

/// The same value in its declared form: sent and given back as is.
fn same(value: Value) -> Generated {
    (text(&value), Some(value))
}

struct Shapes<'a> {
    product: &'a Product,
    operation: &'a Operation,
}

impl Shapes<'_> {
    fn named(&self, name: &str) -> &TypeDef {
        self.product
            .types
            .iter()
            .chain(&self.operation.types)
            .find(|t| t.name() == name)
            .unwrap_or_else(|| panic!("no type {name}"))
    }

    /// A whole object of a structure: each field absent, null, declared or in another form, plus unknown members.
    fn object(&self, s: &Struct) -> BoxedStrategy<Generated> {
        let known: BTreeSet<String> = s.fields.iter().map(|f| f.wire.clone()).collect();
        let fields: Vec<BoxedStrategy<Option<(String, Generated)>>> = s
            .fields
            .iter()
            .map(|f| {
                let wire = f.wire.clone();
                let present = self.field(f).prop_map(move |g| Some((wire.clone(), g)));
                let wire = f.wire.clone();
                prop_oneof![
                    1 => Just(None),
                    1 => Just(Some((wire, ("null".to_owned(), None)))),
                    6 => present,
                ]
                .boxed()
            })
            .collect();
        let unknown = proptest::collection::vec(("[A-Za-z][A-Za-z0-9_]{0,12}", any_json(2)), 0..3)
            .prop_map(move |members| members.into_iter().filter(|(k, _)| !known.contains(k)).collect::<Vec<_>>());
        (fields, unknown)
            .prop_map(|(fields, unknown)| {
                let mut sent = String::from("{");
                let mut back = Map::new();
                let mut seen = BTreeSet::new();
                let members = fields.into_iter().flatten().chain(unknown.into_iter().map(|(k, v)| (k, same(v))));
                for (key, (value_text, value_back)) in members {
                    if !seen.insert(key.clone()) {
                        continue;
                    }
                    if sent.len() > 1 {
                        sent.push(',');
                    }
                    let _ = write!(sent, "{}:{}", text(&Value::String(key.clone())), value_text);
                    if let Some(v) = value_back {
                        back.insert(key, v);
                    }
                }
                sent.push('}');
                (sent, Some(Value::Object(back)))
            })
            .boxed()
    }

    /// A present field's value.
    fn field(&self, f: &Field) -> BoxedStrategy<Generated> {
        match (&f.ty, &f.wire_form) {
            (Ty::List(item), WireForm::Wrapped(key)) => self.wrapped_list(item, key.clone()),
            (Ty::List(item), _) => self.plain_list(item),
            (ty, WireForm::OneOrMany) => {
                let one = self.value(ty);
                prop_oneof![
                    3 => one.clone(),
                    1 => one.prop_map(|(t, back)| (format!("[{t}]"), back)),
                    1 => Just(("[]".to_owned(), None)),
                ]
                .boxed()
            }
            (ty, WireForm::String) => quoted_scalar(ty),
            (ty, _) => self.value(ty),
        }
    }

    /// The items of a list, sent with `null`s among them (skipped on the way back).
    fn items(&self, item: &Ty) -> BoxedStrategy<(Vec<String>, Vec<Value>)> {
        let one = prop_oneof![6 => self.value(item), 1 => Just(("null".to_owned(), None))];
        proptest::collection::vec(one, 0..3)
            .prop_map(|items| {
                let back = items.iter().filter_map(|(_, b)| b.clone()).collect();
                (items.into_iter().map(|(t, _)| t).collect(), back)
            })
            .boxed()
    }

    fn plain_list(&self, item: &Ty) -> BoxedStrategy<Generated> {
        let single = self.value(item).prop_filter_map("a single non-null value", |(t, b)| b.map(|b| (t, vec![b])));
        prop_oneof![
            4 => self.items(item).prop_map(|(sent, back)| (format!("[{}]", sent.join(",")), Some(Value::Array(back)))),
            1 => single.prop_map(|(t, back)| (t, Some(Value::Array(back)))),
        ]
        .boxed()
    }

    fn wrapped_list(&self, item: &Ty, key: String) -> BoxedStrategy<Generated> {
        let wrap = move |items: Vec<Value>, key: &str| Some(json!({ key: items }));
        let (k1, k2, k3, k4) = (key.clone(), key.clone(), key.clone(), key);
        let quoted = text(&Value::String(k1.clone()));
        prop_oneof![
            // Declared: {"Key": [..]}.
            4 => self.items(item).prop_map(move |(sent, back)| (format!("{{{quoted}:[{}]}}", sent.join(",")), wrap(back, &k1))),
            // A bare array.
            1 => self.items(item).prop_map(move |(sent, back)| (format!("[{}]", sent.join(",")), wrap(back, &k2))),
            // An empty wrapper, and a wrapper holding one item.
            1 => Just(("{}".to_owned(), wrap(Vec::new(), &k3))),
            1 => self.value(item).prop_filter_map("a non-null item", move |(t, b)| {
                b.map(|b| (format!("{{{}:{t}}}", text(&Value::String(k4.clone()))), wrap(vec![b], &k4)))
            }),
        ]
        .boxed()
    }

    /// A value of a type in its natural form, or in another form the service uses.
    fn value(&self, ty: &Ty) -> BoxedStrategy<Generated> {
        match ty {
            Ty::String => prop_oneof![
                4 => any::<String>().prop_map(|s| same(Value::String(s))),
                // A number where a string is declared keeps its exact text.
                1 => decimal_text().prop_map(|t| (t.clone(), Some(Value::String(t)))),
                1 => any::<bool>().prop_map(|b| (b.to_string(), Some(Value::String(b.to_string())))),
            ]
            .boxed(),
            Ty::I32 => integer(i64::from(i32::MIN), i64::from(i32::MAX)),
            Ty::I64 => integer(i64::MIN, i64::MAX),
            Ty::F64 => prop_oneof![
                3 => finite_f64().prop_map(|v| same(json!(v))),
                1 => finite_f64().prop_map(|v| (text(&Value::String(json!(v).to_string())), Some(json!(v)))),
            ]
            .boxed(),
            // An `f32` is written back with its own shortest text, which reads back as the same JSON number.
            Ty::F32 => prop_oneof![
                3 => finite_f32().prop_map(|v| same(f32_json(v))),
                1 => finite_f32().prop_map(|v| (text(&Value::String(f32_json(v).to_string())), Some(f32_json(v)))),
            ]
            .boxed(),
            Ty::Bool => boolean(false),
            Ty::Time(_) => prop_oneof![
                any::<i64>().prop_map(|v| same(json!(v))),
                "[0-9T:Z.+-]{0,24}".prop_map(|s| same(Value::String(s))),
            ]
            .boxed(),
            Ty::Object => any_json(3).prop_filter("null is absent", |v| !v.is_null()).prop_map(same).boxed(),
            Ty::List(item) => self.plain_list(item),
            Ty::Named(n) => match (self.named(&n.name), n.kind) {
                (TypeDef::Struct(s), NamedKind::Struct) => self.object(s),
                (TypeDef::Enum(e), NamedKind::Enum) => enumeration(e),
                _ => panic!("type {} is not what its reference says", n.name),
            },
        }
    }
}

/// A whole decimal number's text in the forms JSON allows, with its value.
fn decimal_text() -> BoxedStrategy<String> {
    prop_oneof![
        any::<i64>().prop_map(|v| v.to_string()),
        (any::<i32>(), 0u32..1000).prop_map(|(w, f)| format!("{w}.{f:03}")),
        (1u32..10, -20i32..20).prop_map(|(m, e)| format!("{m}e{e}")),
        Just("12345678901234567890123456789".to_owned()),
    ]
    .boxed()
}

fn finite_f32() -> BoxedStrategy<f32> {
    any::<f32>().prop_filter("finite", |v| v.is_finite()).boxed()
}

/// The JSON number an `f32` serialises to (its shortest `f32` text, not the wider `f64` expansion).
fn f32_json(v: f32) -> Value {
    serde_json::from_str(&serde_json::to_string(&v).expect("a finite f32 serialises")).expect("JSON number")
}

fn finite_f64() -> BoxedStrategy<f64> {
    any::<f64>().prop_filter("finite", |v| v.is_finite()).boxed()
}

/// An integer field declared as a JSON number: sent as a number (also `30.0`) or as a string holding it.
fn integer(min: i64, max: i64) -> BoxedStrategy<Generated> {
    prop_oneof![
        4 => (min..=max).prop_map(|v| same(json!(v))),
        1 => (min..=max).prop_map(|v| (format!("\"{v}\""), Some(json!(v)))),
        1 => (-1_000_000i64..1_000_000).prop_filter("in range", move |v| (min..=max).contains(v))
            .prop_map(|v| (format!("{v}.0"), Some(json!(v)))),
        // The service's empty string for a number it does not have reads as absent.
        1 => Just(("\"\"".to_owned(), None)),
    ]
    .boxed()
}

fn boolean(quoted: bool) -> BoxedStrategy<Generated> {
    let back = move |b: bool| if quoted { Value::String(b.to_string()) } else { Value::Bool(b) };
    prop_oneof![
        3 => any::<bool>().prop_map(move |b| (b.to_string(), Some(back(b)))),
        3 => any::<bool>().prop_map(move |b| (format!("\"{b}\""), Some(back(b)))),
        1 => Just(("\"\"".to_owned(), None)),
    ]
    .boxed()
}

/// A number or boolean the spec says the service sends as a string: declared quoted, also read bare.
fn quoted_scalar(ty: &Ty) -> BoxedStrategy<Generated> {
    let quoted = |v: i64| Value::String(v.to_string());
    match ty {
        Ty::I32 | Ty::I64 => {
            let (min, max) =
                if *ty == Ty::I32 { (i64::from(i32::MIN), i64::from(i32::MAX)) } else { (i64::MIN, i64::MAX) };
            prop_oneof![
                4 => (min..=max).prop_map(move |v| same(quoted(v))),
                1 => (min..=max).prop_map(move |v| (v.to_string(), Some(quoted(v)))),
                1 => Just(("\"\"".to_owned(), None)),
            ]
            .boxed()
        }
        Ty::Bool => boolean(true),
        Ty::F64 => finite_f64()
            .prop_map(|v| {
                let back = Value::String(v.to_string());
                (text(&json!(v)), Some(back))
            })
            .boxed(),
        Ty::F32 => finite_f32()
            .prop_map(|v| {
                let back = Value::String(v.to_string());
                (text(&f32_json(v)), Some(back))
            })
            .boxed(),
        other => panic!("`wire: string` on {other:?}"),
    }
}

/// An enum value: documented or not, in its declared form or the other one.
fn enumeration(e: &Enum) -> BoxedStrategy<Generated> {
    let documented: Vec<String> = e.variants.iter().map(|v| v.value.clone()).collect();
    if e.integer {
        let codes: Vec<i64> = e.variants.iter().filter_map(|v| v.code).collect();
        let code = prop_oneof![proptest::sample::select(codes), any::<i64>()];
        prop_oneof![
            3 => code.clone().prop_map(|c| same(json!(c))),
            // A quoted code is written back as the number; text that is no number stays text.
            1 => code.prop_map(|c| (format!("\"{c}\""), Some(json!(c)))),
            1 => "[A-Za-z]{1,8}".prop_map(|s| same(Value::String(s))),
        ]
        .boxed()
    } else {
        let value = prop_oneof![proptest::sample::select(documented), any::<String>()];
        prop_oneof![
            4 => value.prop_map(|s| same(Value::String(s))),
            // A number where a string is documented is kept by its text and written back as a string.
            1 => any::<i64>().prop_map(|v| (v.to_string(), Some(Value::String(v.to_string())))),
        ]
        .boxed()
    }
}

/// Any JSON value, nested up to `depth`.
fn any_json(depth: u32) -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|v| json!(v)),
        finite_f64().prop_map(|v| json!(v)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(depth, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map("[A-Za-z]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() })
}

fn each_response(mut check: impl FnMut(&Api, &Product, &Operation, &dyn Fn(&str) -> Result<Value, String>)) {
    let api = tests::api();
    for product in &api.products {
        for operation in &product.operations {
            check(&api, product, operation, &decoder(&product.module, &operation.name));
        }
    }
}

#[test]
fn every_response_type_writes_back_what_it_read() {
    each_response(|_, product, operation, decode| {
        let shapes = Shapes { product, operation };
        let strategy = shapes.object(&operation.response);
        runner(256)
            .run(&strategy, |(sent, back)| {
                let written = decode(&sent).map_err(|e| {
                    TestCaseError::fail(format!("{} did not decode: {e}\nbody: {sent}", operation.name))
                })?;
                prop_assert_eq!(Some(&written), back.as_ref(), "{} body: {}", operation.name, sent);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", operation.name));
    });
}

#[test]
fn every_response_decoder_returns_on_any_json() {
    each_response(|_, _, operation, decode| {
        runner(256)
            .run(&any_json(4), |value| {
                let _ = decode(&value.to_string());
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", operation.name));
        runner(256)
            .run(&".{0,64}", |text| {
                let _ = decode(&text);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", operation.name));
    });
}

#[test]
fn numbers_out_of_range_are_errors_that_name_the_field() {
    let body = r#"{"Items": {"Backup": [{"BackupSize": 9223372036854775808.0}]}}"#;
    let de = &mut serde_json::Deserializer::from_str(body);
    let err = serde_path_to_error::deserialize::<_, rds::DescribeBackupsResponse>(de).unwrap_err();
    assert_eq!(err.path().to_string(), "Items.Backup[0].BackupSize");
    assert!(err.inner().to_string().contains("out of range for a 64-bit integer"), "{err}");
    let err = serde_json::from_str::<rds::DescribeBackupsResponse>(r#"{"PageNumber": "2147483648"}"#).unwrap_err();
    assert!(err.to_string().contains("out of range for a 32-bit integer"), "{err}");
}

/// Parameters as (wire name, text) pairs.
type Pairs = Vec<(String, String)>;

/// Reads a query as the request of an operation and writes its parameters again (query, then form body), through
/// the generated `server::reencode_request` of its product (one line per operation, generated from the specs).
fn request_reencoder(product: &str, operation: &str) -> impl Fn(Pairs) -> Result<Pairs, String> {
    type Reencode = fn(&str, &Query) -> Option<Result<Params, ParamError>>;
    let reencode = of_product::<Reencode>(
        product,
        [
            polardb::server::reencode_request,
            polardbx::server::reencode_request,
            r_kvstore::server::reencode_request,
            rds::server::reencode_request,
        ],
    );
    let operation = operation.to_owned();
    move |pairs| {
        let query = Query::new(pairs);
        let params = reencode(&operation, &query)
            .unwrap_or_else(|| panic!("the generated server has no {operation}"))
            .map_err(|e| e.to_string())?;
        Ok(params.as_slice().iter().chain(params.form()).map(|(k, v)| (k.to_string(), v.clone())).collect())
    }
}

/// The parameters of an operation a request can be made of from the spec's examples alone, each with the text
/// sent and the text the client writes back: the scalar ones whose example is a value of their type (lists and
/// structures travel in styles the wire-style tests cover); and whether every required one is among them (a
/// required `RegionId` is the region a client would send).
fn example_params<'a>(op: &'a Operation, enums: &[&Enum]) -> (Vec<(&'a codegen::model::Param, String, String)>, bool) {
    let mut usable = Vec::new();
    let mut complete = true;
    for p in &op.request.params {
        let example = match (&p.example, p.region_default) {
            (Some(example), _) => Some(example.clone()),
            (None, true) => Some("cn-hangzhou".to_owned()),
            (None, false) => None,
        };
        let written = example.as_deref().filter(|_| p.style.is_none()).and_then(|e| as_sent(&p.ty, e, enums));
        match (example, written) {
            (Some(example), Some(written)) => usable.push((p, example, written)),
            _ => complete &= !p.required,
        }
    }
    (usable, complete)
}

/// A parameter's example as the client writes it, when the example is a value of the parameter's type (pages
/// mask some, `12493****` for a number): a number or boolean in its `Display` text, a time in the operation's
/// format (a page's example may have seconds where minutes are sent), an enum value when it is documented, a
/// string as it is.
fn as_sent(ty: &Ty, example: &str, enums: &[&Enum]) -> Option<String> {
    use alibabacloud_backup::runtime::time::TimeFormat;
    let format = match ty {
        Ty::String => return Some(example.to_owned()),
        Ty::I32 => return example.trim().parse::<i32>().ok().map(|v| v.to_string()),
        Ty::I64 => return example.trim().parse::<i64>().ok().map(|v| v.to_string()),
        Ty::F32 => return example.trim().parse::<f32>().ok().map(|v| v.to_string()),
        Ty::F64 => return example.trim().parse::<f64>().ok().map(|v| v.to_string()),
        Ty::Bool => return example.trim().to_ascii_lowercase().parse::<bool>().ok().map(|v| v.to_string()),
        Ty::Named(n) if n.kind == NamedKind::Enum => {
            let e = enums.iter().find(|e| e.name == n.name)?;
            return e.variants.iter().any(|v| v.value == example).then(|| example.to_owned());
        }
        Ty::Time(codegen::model::TimeFormat::EpochMillis) => TimeFormat::EpochMillis,
        Ty::Time(codegen::model::TimeFormat::Minute) => TimeFormat::Minute,
        Ty::Time(codegen::model::TimeFormat::Second) => TimeFormat::Second,
        _ => return None,
    };
    format.parse(example).map(|at| format.format(at))
}

/// Every request parameter's documented example, in any combination with the others, is read by the server (the
/// generated `from_params`) as exactly what the client then writes (`to_params`): same names, same texts, same
/// order, query and form body apart. Both sides come from one row of the request's `runtime::builder!` table; this
/// checks the rows against the specs' own examples.
#[test]
fn every_request_example_is_read_back_as_the_client_writes_it() {
    let api = tests::api();
    let (mut operations, mut skipped) = (0, Vec::new());
    for product in &api.products {
        for op in &product.operations {
            let enums: Vec<&Enum> = op
                .types
                .iter()
                .chain(&product.types)
                .filter_map(|t| match t {
                    TypeDef::Enum(e) => Some(e),
                    TypeDef::Struct(_) => None,
                })
                .collect();
            let (usable, complete) = example_params(op, &enums);
            if !complete {
                skipped.push(format!("{} {}", product.module, op.name));
                continue;
            }
            let reencode = request_reencoder(&product.module, &op.name);
            let mut runner = TestRunner::new(Config { cases: 32, failure_persistence: None, ..Config::default() });
            let chosen = proptest::collection::vec(any::<bool>(), usable.len());
            runner
                .run(&chosen, |chosen| {
                    let sent: Vec<&(&codegen::model::Param, String, String)> = usable
                        .iter()
                        .zip(&chosen)
                        .filter(|((p, ..), chosen)| p.required || **chosen)
                        .map(|(u, _)| u)
                        .collect();
                    let pairs: Vec<(String, String)> =
                        sent.iter().map(|(p, v, _)| (p.wire.clone(), v.clone())).collect();
                    // The client writes the query's parameters first, then the form body's, each in spec order, and
                    // times in the operation's format (a page's example may have seconds where minutes are sent).
                    let expected: Vec<(String, String)> =
                        [codegen::model::Location::Query, codegen::model::Location::Form]
                            .iter()
                            .flat_map(|location| sent.iter().filter(move |(p, ..)| p.location == *location))
                            .map(|(p, _, written)| (p.wire.clone(), written.clone()))
                            .collect();
                    let written = reencode(pairs.clone());
                    prop_assert_eq!(written, Ok(expected), "{} {} read {:?}", product.module, op.name, pairs);
                    Ok(())
                })
                .unwrap_or_else(|e| panic!("{e}"));
            operations += 1;
        }
    }
    let total: usize = api.products.iter().map(|p| p.operations.len()).sum();
    // Operations left out have a required parameter without an example; they must stay the exception.
    assert!(operations * 10 >= total * 9, "{operations} of {total} operations checked; left out: {skipped:?}");
}
