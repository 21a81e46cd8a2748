//! The naming obstacle course (tests/fixtures/naming/specs) compiles with warnings denied (its crate sets
//! `warnings = "deny"`); here its awkward names are shown to still mean the right wire names.

use naming_fixture::naming::{
    DescribeObstaclesError, DescribeObstaclesRequest, DescribeObstaclesResponse, Kind, Presence,
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
    let params: Vec<(&str, &str)> = params.as_slice().iter().map(|(k, v)| (*k, v.as_str())).collect();
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
    assert_eq!(Kind::from("Unknown"), Kind::Unknown, "a documented value called Unknown is not the catch-all");
    assert_eq!(Kind::from("Something"), Kind::UnknownValue("Something".to_owned()));
    assert_eq!(Kind::from("ok"), Kind::Ok);
    assert_eq!(Kind::from("OK"), Kind::OkUpper);
    assert_eq!(Kind::from("1").as_str(), "1");
    assert_eq!(Kind::SelfValue.as_str(), "self");
    assert_eq!(Presence::from(0), Presence::None);
    assert_eq!(DescribeObstaclesError::from("Unknown"), DescribeObstaclesError::Unknown);
    assert_eq!(DescribeObstaclesError::from("Other"), DescribeObstaclesError::UnknownCode("Other".to_owned()));
    assert_eq!(DescribeObstaclesError::from("500.Internal"), DescribeObstaclesError::V500Internal);
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
    assert_eq!(response.option[0].ok, Some(true));
    assert_eq!(response.option[0].state, Presence::None);
    assert_eq!(response.presence, Some(Presence::Some));
}

#[test]
fn a_struct_without_default_reports_its_missing_required_field() {
    let body = r#"{"RequestId": "R-1", "Option": {"Option": [{"Ok": true}]}}"#;
    let err = serde_json::from_str::<DescribeObstaclesResponse>(body).unwrap_err();
    assert!(err.to_string().starts_with("missing field `State`"), "{err}");
}
