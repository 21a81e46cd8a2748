//! The naming obstacle course (tests/fixtures/naming/specs) compiles with warnings denied (its crate sets
//! `warnings = "deny"`); here its awkward names are shown to still mean the right wire names.

use naming_fixture::naming::{
    DescribeObstaclesErrorCode, DescribeObstaclesRequest, DescribeObstaclesResponse, Kind, Presence,
};
use naming_fixture::Request;

#[test]
fn keyword_prelude_acronym_and_colliding_names_map_to_their_wire_names() {
    let request = DescribeObstaclesRequest::builder()
        .type_(Kind::V3des)
        .self_("s")
        .match_("m")
        .async_(true)
        .result("r")
        .option(7)
        .db_instance_id("db")
        .host_instance_id("h")
        .backup_download_url("u")
        .backup_id("lower")
        .backup_id_upper("upper")
        .n3rd_party_id("3")
        .build()
        .expect("valid");
    let params = request.to_params();
    let params: Vec<(&str, &str)> = params.as_slice().iter().map(|(k, v)| (k.as_ref(), v.as_str())).collect();
    assert_eq!(
        params,
        [
            ("Type", "3DES"),
            ("Self", "s"),
            ("Match", "m"),
            ("Async", "true"),
            ("Result", "r"),
            ("Option", "7"),
            ("DBInstanceId", "db"),
            ("HostInstanceID", "h"),
            ("BackupDownloadURL", "u"),
            ("BackupId", "lower"),
            ("BackupID", "upper"),
            ("3rdPartyId", "3"),
        ]
    );
}

#[test]
fn enum_values_named_unknown_or_starting_with_digits_keep_their_meaning() {
    let kind = |text: &str| serde_json::from_value::<Kind>(serde_json::json!(text)).expect("any text decodes");
    assert_eq!(kind("Unknown"), Kind::Unknown, "a documented value called Unknown is not the catch-all");
    assert!(matches!(kind("Something"), Kind::UnknownValue(v) if v.as_str() == "Something"));
    assert_eq!("ok".parse::<Kind>(), Ok(Kind::Ok));
    assert_eq!("OK".parse::<Kind>(), Ok(Kind::OkUpper));
    assert_eq!(kind("1").as_str(), "1");
    assert!("Something".parse::<Kind>().is_err(), "parsing refuses an undocumented value");
    assert_eq!(Kind::SelfValue.as_str(), "self");
    assert_eq!("0".parse::<Presence>(), Ok(Presence::None));
    assert_eq!(DescribeObstaclesErrorCode::from("Unknown"), DescribeObstaclesErrorCode::Unknown);
    assert_eq!(DescribeObstaclesErrorCode::from("Other"), DescribeObstaclesErrorCode::UnknownCode("Other".to_owned()));
    assert_eq!(DescribeObstaclesErrorCode::from("500.Internal"), DescribeObstaclesErrorCode::V500Internal);
}

#[test]
fn the_fixture_sample_decodes_and_round_trips() {
    let files =
        codegen::load::read_dir(&tests::workspace_root().join("tests/fixtures/naming/specs")).expect("readable");
    let (api, _) = codegen::check_files(&files, "tests/fixtures/naming/specs/").expect("the fixture checks");
    let body = &api.products[0].operations[0].samples[0].body;
    let response: DescribeObstaclesResponse = tests::decode_round_trip(body);
    assert_eq!(response.type_, Some(Kind::V3des));
    assert_eq!(response.box_.as_deref(), Some("b"));
    assert_eq!(response.vec, Some(42));
    assert_eq!(response.option()[0].ok, Some(true));
    assert_eq!(response.option()[0].state, Some(Presence::None));
    assert_eq!(response.presence, Some(Presence::Some));
}

#[test]
fn a_field_documented_as_always_present_may_still_be_absent() {
    let body = r#"{"RequestId": "R-1", "Option": {"Option": [{"Ok": true}]}}"#;
    let response = serde_json::from_str::<DescribeObstaclesResponse>(body).expect("absence decodes");
    assert_eq!(response.option()[0].state, None);
}
