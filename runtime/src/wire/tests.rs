//! The codecs and the record reader through small structs written the way the generator writes them.

use serde::de::MapAccess;
use serde::ser::SerializeMap;
use serde_json::json;

use super::*;

#[derive(Debug, PartialEq)]
struct Row {
    page: i32,
    size: i64,
    avail: Option<i32>,
    ok: Option<bool>,
}

impl Record for Row {
    const NAME: &'static str = "Row";
    const FIELDS: &'static [&'static str] = &["page", "size", "avail", "ok"];
    const REQUIRED: &'static [&'static str] = &["page", "size"];
    fn read_field<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        match index {
            0 => Quoted.read(map, &mut self.page),
            1 => Number.read(map, &mut self.size),
            2 => OptionalQuoted.read(map, &mut self.avail),
            _ => OptionalNumber.read(map, &mut self.ok),
        }
    }
    fn write_fields<S: SerializeMap>(&self, map: &mut S) -> Result<(), S::Error> {
        Quoted.write(map, "page", &self.page)?;
        Number.write(map, "size", &self.size)?;
        OptionalQuoted.write(map, "avail", &self.avail)?;
        OptionalNumber.write(map, "ok", &self.ok)
    }
}
impl Blank for Row {
    fn blank() -> Self {
        Row { page: Blank::blank(), size: Blank::blank(), avail: Blank::blank(), ok: Blank::blank() }
    }
}
crate::record_serde!(Row);

#[test]
fn numbers_are_read_either_way_and_written_as_declared() {
    let wire = json!({"page": "3", "size": "2048", "avail": 1, "ok": "true"});
    let row: Row = serde_json::from_value(wire).unwrap();
    assert_eq!(row, Row { page: 3, size: 2048, avail: Some(1), ok: Some(true) });
    assert_eq!(serde_json::to_value(&row).unwrap(), json!({"page": "3", "size": 2048, "avail": "1", "ok": true}));
    let absent: Row = serde_json::from_value(json!({"page": 1, "size": 2, "avail": null})).unwrap();
    assert_eq!(absent.avail, None);
    assert_eq!(serde_json::to_value(&absent).unwrap(), json!({"page": "1", "size": 2}));
}

#[test]
fn bad_numbers_say_what_arrived() {
    let err = serde_json::from_value::<Row>(json!({"page": "three", "size": 1})).unwrap_err();
    assert!(err.to_string().contains("the string \"three\" is not an integer"), "{err}");
    let err = serde_json::from_value::<Row>(json!({"page": 1, "size": 1.5})).unwrap_err();
    assert!(err.to_string().contains("1.5 is not an integer"), "{err}");
    let err = serde_json::from_value::<Row>(json!({"page": 4294967296u64, "size": 1})).unwrap_err();
    assert!(err.to_string().contains("out of range for i32"), "{err}");
}

#[test]
fn missing_required_and_duplicate_fields_are_refused_and_unknown_ones_skipped() {
    let err = serde_json::from_value::<Row>(json!({"page": 1})).unwrap_err();
    assert_eq!(err.to_string(), "missing field `size`");
    let err = serde_json::from_str::<Row>(r#"{"page": 1, "size": 2, "page": 3}"#).unwrap_err();
    assert!(err.to_string().starts_with("duplicate field `page`"), "{err}");
    let row: Row = serde_json::from_value(json!({"page": 1, "size": 2, "New": {"deep": [1]}})).unwrap();
    assert_eq!(row, Row { page: 1, size: 2, avail: None, ok: None });
    let err = serde_json::from_value::<Row>(json!([1, 2])).unwrap_err();
    assert!(err.to_string().contains("an object (struct Row)"), "{err}");
}

#[derive(Debug, PartialEq)]
struct Page {
    items: Vec<u32>,
    data: Vec<Row>,
    rest: Vec<String>,
}

impl Record for Page {
    const NAME: &'static str = "Page";
    const FIELDS: &'static [&'static str] = &["Items", "Data", "Rest"];
    const REQUIRED: &'static [&'static str] = &[];
    fn read_field<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        match index {
            0 => Wrapped("Backup").read(map, &mut self.items),
            1 => OneOrMany.read(map, &mut self.data),
            _ => List.read(map, &mut self.rest),
        }
    }
    fn write_fields<S: SerializeMap>(&self, map: &mut S) -> Result<(), S::Error> {
        Wrapped("Backup").write(map, "Items", &self.items)?;
        OneOrMany.write(map, "Data", &self.data)?;
        List.write(map, "Rest", &self.rest)
    }
}
impl Blank for Page {
    fn blank() -> Self {
        Page { items: Vec::new(), data: Vec::new(), rest: Vec::new() }
    }
}
crate::record_serde!(Page);

#[test]
fn wrapped_lists_unwrap_and_wrap_again() {
    let wire = json!({"Items": {"Backup": [1, 2]}, "Data": [{"page": 1, "size": 2}], "Rest": ["a"]});
    let page: Page = serde_json::from_value(wire).unwrap();
    assert_eq!(page.items, vec![1, 2]);
    assert_eq!(
        serde_json::to_value(&page).unwrap(),
        json!({"Items": {"Backup": [1, 2]}, "Data": [{"page": "1", "size": 2}], "Rest": ["a"]})
    );
    let forms = [
        (json!([3]), vec![3]),
        (json!(null), vec![]),
        (json!({}), vec![]),
        (json!({"Other": 1, "Backup": [3]}), vec![3]),
        (json!({"Backup": 3}), vec![3]),
    ];
    for (items, expected) in forms {
        let wire = json!({"Items": items, "Data": null, "Rest": null});
        let page: Page = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(page.items, expected, "{wire}");
        assert!(page.data.is_empty() && page.rest.is_empty(), "{wire}");
    }
    let missing: Page = serde_json::from_value(json!({})).unwrap();
    assert_eq!(missing, Page::blank());
    assert_eq!(serde_json::to_value(&missing).unwrap(), json!({"Items": {"Backup": []}, "Data": [], "Rest": []}));
}

#[test]
fn one_object_reads_as_a_list_of_one() {
    let page: Page = serde_json::from_value(json!({"Items": [], "Data": {"page": "7", "size": 1}})).unwrap();
    assert_eq!(page.data, vec![Row { page: 7, size: 1, avail: None, ok: None }]);
}

#[test]
fn records_decode_from_borrowed_text_and_bytes_keys() {
    let row: Row = serde_json::from_slice(br#"{"page": 5, "size": "6", "ok": false}"#).unwrap();
    assert_eq!(row, Row { page: 5, size: 6, avail: None, ok: Some(false) });
}

#[test]
fn params_keep_order_and_look_up_by_name() {
    let mut params = Params::new();
    params.push("B", "2");
    params.push("A", String::from("1"));
    assert_eq!(params.as_slice(), &[("B", "2".to_owned()), ("A", "1".to_owned())]);
    assert_eq!(params.get("A"), Some("1"));
    assert_eq!(params.get("C"), None);
    assert_eq!(params.len(), 2);
    assert!(!params.is_empty());
}
