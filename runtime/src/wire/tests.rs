//! The codecs and the record reader through small structs: one with a hand-written `Record` impl, one declared
//! through `record!` the way the generator writes them.

use serde::de::MapAccess;
use serde::ser::SerializeMap;
use serde_json::json;

use super::*;

#[derive(Debug, Default, PartialEq)]
struct Row {
    page: Option<i32>,
    size: Option<i64>,
    name: Option<String>,
    ok: Option<bool>,
    unknown_fields: UnknownFields,
}

impl Record for Row {
    const NAME: &'static str = "Row";
    const FIELDS: &'static [&'static str] = &["page", "size", "name", "ok"];
    fn read_field<'de, A: MapAccess<'de>>(&mut self, key: FieldKey, map: &mut A) -> Result<(), A::Error> {
        // Known keys by hand; a key the spec does not know through the walker, which refuses it twice.
        match key {
            FieldKey::Known(0) => Quoted.read(map, &mut self.page),
            FieldKey::Known(1) => Native.read(map, &mut self.size),
            FieldKey::Known(2) => Native.read(map, &mut self.name),
            FieldKey::Known(_) => Native.read(map, &mut self.ok),
            key => ReadFields::new(key, map).rest(&mut self.unknown_fields),
        }
    }
    fn write_fields<S: SerializeMap>(&self, map: &mut S) -> Result<(), S::Error> {
        Quoted.write(map, "page", &self.page)?;
        Native.write(map, "size", &self.size)?;
        Native.write(map, "name", &self.name)?;
        Native.write(map, "ok", &self.ok)?;
        for (key, value) in &self.unknown_fields {
            map.serialize_entry(key, value)?;
        }
        Ok(())
    }
}
crate::record_serde!(Row);

fn row(page: Option<i32>, size: Option<i64>, name: Option<&str>, ok: Option<bool>) -> Row {
    Row { page, size, name: name.map(str::to_owned), ok, unknown_fields: UnknownFields::new() }
}

#[test]
fn scalars_are_read_in_either_form_and_written_as_declared() {
    let text = r#"{"page": 3, "size": "2048", "name": 1.50, "ok": "true"}"#;
    let decoded: Row = serde_json::from_str(text).unwrap();
    assert_eq!(decoded, row(Some(3), Some(2048), Some("1.50"), Some(true)));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), json!({"page": "3", "size": 2048, "name": "1.50", "ok": true}));
    // The declared forms come back as they were sent.
    let declared = json!({"page": "3", "size": 2048, "name": "x", "ok": false});
    let decoded: Row = serde_json::from_value(declared.clone()).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), declared);
}

#[test]
fn a_string_field_keeps_a_numbers_exact_text() {
    for number in ["1.50", "1e3", "-0.0", "12345678901234567890123", "627833"] {
        let decoded: Row = serde_json::from_str(&format!(r#"{{"name": {number}}}"#)).unwrap();
        assert_eq!(decoded.name.as_deref(), Some(number));
        // Through a reader, and through serde_path_to_error's wrapper, the text is the same.
        let decoded: Row = serde_json::from_reader(format!(r#"{{"name": {number}}}"#).as_bytes()).unwrap();
        assert_eq!(decoded.name.as_deref(), Some(number));
    }
}

#[test]
fn absent_and_null_fields_are_none_and_are_not_written() {
    let decoded: Row = serde_json::from_str(r#"{"page": null, "ok": null}"#).unwrap();
    assert_eq!(decoded, Row::default());
    assert_eq!(serde_json::to_value(&decoded).unwrap(), json!({}));
    let decoded: Row = serde_json::from_str("{}").unwrap();
    assert_eq!(decoded, Row::default());
    // An empty string where a number or boolean belongs says the service has no value: absent too.
    let decoded: Row = serde_json::from_str(r#"{"page": "", "size": " ", "ok": ""}"#).unwrap();
    assert_eq!(decoded, Row::default());
    // A string field keeps its empty string.
    let decoded: Row = serde_json::from_str(r#"{"name": ""}"#).unwrap();
    assert_eq!(decoded.name.as_deref(), Some(""));
}

#[test]
fn bad_and_out_of_range_numbers_say_what_arrived() {
    let err = serde_json::from_str::<Row>(r#"{"page": "three"}"#).unwrap_err();
    assert!(err.to_string().contains("the string \"three\" is not an integer"), "{err}");
    let err = serde_json::from_str::<Row>(r#"{"size": 1.5}"#).unwrap_err();
    assert!(err.to_string().contains("the number 1.5 is not an integer"), "{err}");
    let err = serde_json::from_str::<Row>(r#"{"page": 4294967296}"#).unwrap_err();
    assert!(err.to_string().contains("out of range for a 32-bit integer"), "{err}");
    let err = serde_json::from_str::<Row>(r#"{"size": 9223372036854775808.0}"#).unwrap_err();
    assert!(err.to_string().contains("9223372036854775808.0 is out of range for a 64-bit integer"), "{err}");
    let err = serde_json::from_str::<Row>(r#"{"ok": 1}"#).unwrap_err();
    assert!(err.to_string().contains("the number 1 is not a boolean"), "{err}");
    let err = serde_json::from_str::<Row>(r#"{"name": {"a": 1}}"#).unwrap_err();
    assert!(err.to_string().contains("invalid type: map"), "{err}");
}

#[test]
fn unknown_fields_are_kept_and_written_back_and_duplicates_refused() {
    let text = json!({"page": "1", "New": {"deep": [1, "x", null]}, "Other": null});
    let decoded: Row = serde_json::from_value(text.clone()).unwrap();
    assert_eq!(decoded.unknown_fields.get("New"), Some(&json!({"deep": [1, "x", null]})));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), text);
    let err = serde_json::from_str::<Row>(r#"{"page": 1, "size": 2, "page": 3}"#).unwrap_err();
    assert!(err.to_string().starts_with("duplicate field `page`"), "{err}");
    let err = serde_json::from_str::<Row>(r#"{"X": 1, "X": 2}"#).unwrap_err();
    assert!(err.to_string().starts_with("duplicate field `X`"), "{err}");
    let err = serde_json::from_value::<Row>(json!([1, 2])).unwrap_err();
    assert!(err.to_string().contains("an object (struct Row)"), "{err}");
}

#[derive(Debug, Default, PartialEq)]
struct Page {
    items: Option<Vec<Row>>,
    data: Option<Row>,
    names: Option<Vec<String>>,
    unknown_fields: UnknownFields,
}

crate::record!(Page { items: "Items" => Wrapped("Row"), data: "Data" => Single, names: "Names" => List });

#[test]
fn lists_keep_their_wrapper_and_accept_the_services_other_shapes() {
    let wire = json!({"Items": {"Row": [{"page": "1"}, {"page": "2"}]}, "Data": {"size": 1}, "Names": ["a", 2]});
    let page: Page = serde_json::from_value(wire).unwrap();
    assert_eq!(page.items.as_ref().map(Vec::len), Some(2));
    assert_eq!(page.names, Some(vec!["a".to_owned(), "2".to_owned()]));
    assert_eq!(
        serde_json::to_value(&page).unwrap(),
        json!({"Items": {"Row": [{"page": "1"}, {"page": "2"}]}, "Data": {"size": 1}, "Names": ["a", "2"]})
    );
    // A bare list, one object, an empty wrapper and null: the wrapper is put back, null stays absent.
    for (items, expected) in [
        (json!([{"page": "1"}]), Some(1)),
        (json!({"Row": {"page": "1"}}), Some(1)),
        (json!({}), Some(0)),
        (json!({"Row": null}), Some(0)),
        (json!(null), None),
    ] {
        let page: Page = serde_json::from_value(json!({"Items": items})).unwrap();
        assert_eq!(page.items.as_ref().map(Vec::len), expected, "{items}");
    }
    // A single value where a list is declared is a list of one.
    let page: Page = serde_json::from_value(json!({"Names": "solo"})).unwrap();
    assert_eq!(page.names, Some(vec!["solo".to_owned()]));
    // A single number where a list of text is declared keeps its exact text, bare or inside a wrapper.
    let page: Page = serde_json::from_str(r#"{"Names": 1483560435.270}"#).unwrap();
    assert_eq!(page.names, Some(vec!["1483560435.270".to_owned()]));
    let de = &mut serde_json::Deserializer::from_str(r#"{"Names": 1.50, "Items": null}"#);
    let page: Page = serde_path_to_error::deserialize(de).unwrap();
    assert_eq!(page.names, Some(vec!["1.50".to_owned()]));
    let page: Page = serde_json::from_str(r#"{"Names": null}"#).unwrap();
    assert_eq!(page.names, None);
    assert!(serde_json::from_str::<Page>(r#"{"Names": {"a": 1}}"#).is_err(), "an object is not text");
}

#[test]
fn a_single_object_may_arrive_inside_a_list_of_one() {
    let page: Page = serde_json::from_value(json!({"Data": [{"size": 7}]})).unwrap();
    assert_eq!(page.data.as_ref().and_then(|d| d.size), Some(7));
    assert_eq!(serde_json::to_value(&page).unwrap(), json!({"Data": {"size": 7}}));
    let page: Page = serde_json::from_value(json!({"Data": []})).unwrap();
    assert_eq!(page.data, None);
    let err = serde_json::from_value::<Page>(json!({"Data": [{"size": 1}, {"size": 2}]})).unwrap_err();
    assert!(err.to_string().contains("found a list of 2"), "{err}");
}

#[test]
fn decode_errors_name_the_field_through_serde_path_to_error() {
    let text = r#"{"Items": {"Row": [{"page": "1"}, {"size": 9223372036854775808}]}}"#;
    let de = &mut serde_json::Deserializer::from_str(text);
    let err = serde_path_to_error::deserialize::<_, Page>(de).unwrap_err();
    assert_eq!(err.path().to_string(), "Items.Row[1].size");
    assert!(err.inner().to_string().contains("out of range for a 64-bit integer"), "{err}");
    // And the exact text survives the wrapper.
    let de = &mut serde_json::Deserializer::from_str(r#"{"Names": [1.50]}"#);
    let page: Page = serde_path_to_error::deserialize(de).unwrap();
    assert_eq!(page.names, Some(vec!["1.50".to_owned()]));
}
