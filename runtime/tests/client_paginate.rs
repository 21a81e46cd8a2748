//! The paginator over real HTTP: exactly the pages needed, and a stop on empty or repeated pages.

mod support;

use std::time::Duration;

use alibabacloud_backup_runtime::wire::Params;
use alibabacloud_backup_runtime::{Client, Paginator, RetryPolicy};
use futures::{FutureExt, StreamExt};
use support::*;

/// Serves `total` backups in pages of `size` by `PageNumber`, reporting `reported_total`.
async fn listing(total: usize, size: usize, reported_total: Option<u64>) -> TestServer {
    TestServer::with(move |request, _| {
        let page: usize = request.param("PageNumber").and_then(|n| n.parse().ok()).unwrap_or(1);
        let ids: Vec<String> = (1..=total).skip((page - 1) * size).take(size).map(|i| format!("b{i}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        Reply::ok(backups_json(&ids, reported_total))
    })
    .await
}

fn paginator(client: &Client) -> Paginator<'_, DescribeBackupsResponse, BackupsError> {
    Paginator::new(1, move |page| {
        let mut params = Params::new();
        params.push("DBInstanceId", "rm-1");
        params.push("PageSize", "3");
        params.push("PageNumber", page.to_string());
        client.call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params).boxed()
    })
}

fn ids(items: &[Backup]) -> Vec<&str> {
    items.iter().map(|b| b.backup_id.as_str()).collect()
}

#[tokio::test]
async fn seven_items_in_pages_of_three_take_exactly_three_requests() {
    let server = listing(7, 3, Some(7)).await;
    let client = Client::new(config(&server), &RDS);
    let items: Vec<Backup> = paginator(&client).items().try_collect().await.unwrap();
    assert_eq!(ids(&items), ["b1", "b2", "b3", "b4", "b5", "b6", "b7"]);
    let pages: Vec<_> = server.requests().iter().map(|r| r.param("PageNumber").unwrap().to_owned()).collect();
    assert_eq!(pages, ["1", "2", "3"]);
}

#[tokio::test]
async fn an_exact_multiple_stops_without_asking_for_an_empty_page() {
    let server = listing(6, 3, Some(6)).await;
    let client = Client::new(config(&server), &RDS);
    let pages: Vec<_> = paginator(&client).pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn without_a_total_it_stops_on_the_first_empty_page() {
    let server = listing(5, 3, None).await;
    let client = Client::new(config(&server), &RDS);
    let items: Vec<Backup> = paginator(&client).items().try_collect().await.unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(server.count(), 3, "pages 1 and 2, then the empty page 3");
}

#[tokio::test]
async fn an_overstated_total_still_ends_on_an_empty_page() {
    let server = listing(4, 3, Some(100)).await;
    let client = Client::new(config(&server), &RDS);
    let items: Vec<Backup> = paginator(&client).items().try_collect().await.unwrap();
    assert_eq!((items.len(), server.count()), (4, 3));
}

#[tokio::test]
async fn a_service_that_ignores_page_number_is_asked_only_twice() {
    let server = TestServer::script(vec![Reply::ok(backups_json(&["b1", "b2", "b3"], Some(30)))]).await;
    let client = Client::new(config(&server), &RDS);
    let items: Vec<Backup> = paginator(&client).items().try_collect().await.unwrap();
    assert_eq!(ids(&items), ["b1", "b2", "b3"]);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_being_yielded() {
    let server = TestServer::script(vec![
        Reply::ok(backups_json(&["b1", "b2", "b3"], Some(9))),
        Reply::error(400, "InvalidParameter", "bad page"),
    ])
    .await;
    let client = Client::new(config(&server).retry_policy(RetryPolicy::none()), &RDS);
    let results: Vec<_> = paginator(&client).pages().collect().await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    assert_eq!(results[1].as_ref().unwrap_err().service_code(), Some("InvalidParameter"));
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(server.count(), 2);
}
