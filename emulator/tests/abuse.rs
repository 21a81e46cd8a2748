//! The emulator under abuse, over raw TCP on 127.0.0.1: bodies over the cap are answered 413, a request head
//! that never ends and a connection that goes quiet are closed, connections past the limit wait for a free
//! slot, answers never grow with the request, and `Debug` shows no secret.

use std::time::Duration;

use emulator::{Config, Emulator, DEFAULT_KEY_ID, DEFAULT_KEY_SECRET};
use runtime::credentials::Credentials;
use runtime::signing::{self, SignatureVersion, SigningContext, SigningRequest};
use time::OffsetDateTime;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Generous: only a server that never closes or never answers takes this long.
const PATIENCE: Duration = Duration::from_secs(10);

/// Sends `request` on a new connection and reads until the server closes it.
async fn exchange(emu: &Emulator, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(emu.addr()).await.unwrap();
    stream.write_all(request).await.unwrap();
    read_until_closed(&mut stream).await
}

async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let read = tokio::time::timeout(PATIENCE, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    });
    read.await.expect("the server closed the connection");
    String::from_utf8_lossy(&answer).into_owned()
}

/// A signed V1 request line and headers for `action` of RDS with extra parameters; `secret` signs it.
fn signed_head(emu: &Emulator, secret: &str, params: &[(&str, String)], extra_headers: &str) -> String {
    let creds = Credentials::new(DEFAULT_KEY_ID, secret);
    let host = emu.addr().to_string();
    let request = SigningRequest {
        method: "GET",
        host: &host,
        action: "DescribeBackups",
        version: "2014-08-15",
        params,
        form: &[],
        headers: &[],
    };
    let nonce = signing::new_nonce();
    let context = SigningContext { credentials: &creds, timestamp: OffsetDateTime::now_utc(), nonce: &nonce };
    let signed = signing::sign(SignatureVersion::V1, &request, &context);
    format!("GET /?{} HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\n{extra_headers}\r\n", signed.query)
}

fn status_of(answer: &str) -> u16 {
    answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[tokio::test]
async fn bodies_over_the_cap_are_answered_413() {
    let emu = Emulator::start(Config::default().max_body_bytes(1024)).await.unwrap();
    let body = "a=".to_owned() + &"x".repeat(4096);
    // Declared too long: refused before it is read.
    let declared = format!(
        "POST / HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/x-www-form-urlencoded\r\n\
         content-length: {}\r\n\r\n{body}",
        body.len()
    );
    // Chunked, with no length said: refused once it passes the cap.
    let chunked = format!(
        "POST / HTTP/1.1\r\nhost: x\r\nconnection: close\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
        body.len()
    );
    for request in [declared, chunked] {
        let answer = exchange(&emu, request.as_bytes()).await;
        assert_eq!(status_of(&answer), 413, "{answer}");
        assert!(answer.contains("\"Code\":\"RequestBodyTooLarge\""), "{answer}");
    }
    // A body within the cap is read and the request judged on its signature.
    let small = "POST / HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: 3\r\n\r\na=b";
    let answer = exchange(&emu, small.as_bytes()).await;
    assert!(answer.contains("IncompleteSignature"), "{answer}");
}

#[tokio::test]
async fn a_request_head_that_never_ends_is_closed() {
    let config =
        Config::default().header_read_timeout(Duration::from_millis(200)).idle_timeout(Duration::from_secs(60));
    let emu = Emulator::start(config).await.unwrap();
    let mut stream = TcpStream::connect(emu.addr()).await.unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
    // A byte now and then: never idle, never finished.
    let (mut reader, mut writer) = stream.into_split();
    let trickle = tokio::spawn(async move {
        for _ in 0..400 {
            if writer.write_all(b"x-a: b\r\n").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    });
    let closed = tokio::time::timeout(PATIENCE, async {
        let mut buf = [0u8; 1024];
        loop {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    });
    closed.await.expect("the server closed the connection");
    trickle.abort();
}

#[tokio::test]
async fn quiet_connections_are_closed() {
    let config =
        Config::default().header_read_timeout(Duration::from_secs(60)).idle_timeout(Duration::from_millis(200));
    let emu = Emulator::start(config).await.unwrap();
    // Half a head, then nothing; and a whole head whose body never comes.
    let partial_body = "POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 10\r\n\r\nabc";
    for request in ["GET / HTTP/1.1\r\nhost: x\r\n", partial_body] {
        let mut stream = TcpStream::connect(emu.addr()).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let answer = read_until_closed(&mut stream).await;
        assert!(!answer.contains("200 OK"), "{answer}");
    }
}

#[tokio::test]
async fn connections_past_the_limit_wait_for_a_free_slot() {
    let emu = Emulator::start(Config::default().max_connections(2)).await.unwrap();
    let held = [TcpStream::connect(emu.addr()).await.unwrap(), TcpStream::connect(emu.addr()).await.unwrap()];
    let mut third = TcpStream::connect(emu.addr()).await.unwrap();
    third.write_all(b"GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await.unwrap();
    let mut first = [0u8; 1];
    let waited = tokio::time::timeout(Duration::from_millis(300), third.read(&mut first)).await;
    assert!(waited.is_err(), "the third connection was served while two others held the slots");
    drop(held);
    let mut answer = vec![first[0]];
    let rest = read_until_closed(&mut third).await;
    answer.extend_from_slice(rest.as_bytes());
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.contains("IncompleteSignature"), "{answer}");
}

#[tokio::test]
async fn answers_never_grow_with_the_request() {
    let emu = Emulator::start(Config::default()).await.unwrap();
    let long = "x".repeat(40_000);
    let cases = [
        // A wrong secret: the mismatch message does not quote the string to sign.
        signed_head(&emu, "not-the-secret", &[("DBInstanceId", long.clone())], ""),
        // A value the operation refuses.
        signed_head(&emu, DEFAULT_KEY_SECRET, &[("DBInstanceId", "rm-emu000001".into()), ("PageSize", long.clone())], ""),
        // An unknown key, a long host.
        format!("GET /?AccessKeyId={long}&Signature=s&SignatureMethod=HMAC-SHA1 HTTP/1.1\r\nhost: {long}\r\nconnection: close\r\n\r\n"),
        format!("GET / HTTP/1.1\r\nhost: x\r\nauthorization: ACS3-HMAC-SHA256 Credential={long},SignedHeaders=a,Signature=b\r\nconnection: close\r\n\r\n"),
    ];
    for request in cases {
        let answer = exchange(&emu, request.as_bytes()).await;
        assert!((400..500).contains(&status_of(&answer)), "{answer}");
        assert!(answer.len() < 2048, "{} bytes: {}", answer.len(), &answer[..2048.min(answer.len())]);
        assert!(!answer.contains(DEFAULT_KEY_SECRET));
    }
    // A head past the limit is refused whole.
    let huge = format!("GET /?a={} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n", "x".repeat(200_000));
    let answer = exchange(&emu, huge.as_bytes()).await;
    assert!(answer.is_empty() || status_of(&answer) == 431, "{answer}");
    // The emulator still serves after all that.
    let ok = signed_head(&emu, DEFAULT_KEY_SECRET, &[("DBInstanceId", "rm-emu000001".into())], "");
    assert_eq!(status_of(&exchange(&emu, ok.as_bytes()).await), 200);
}

#[test]
fn debug_shows_key_ids_not_secrets() {
    let config = Config::default().key("LTAI-second-key", "second-secret-value");
    let text = format!("{config:?} {config:#?}");
    assert!(text.contains(DEFAULT_KEY_ID) && text.contains("LTAI-second-key"), "{text}");
    assert!(!text.contains(DEFAULT_KEY_SECRET) && !text.contains("second-secret-value"), "{text}");
}

#[tokio::test]
async fn unsigned_requests_cannot_grow_the_statistics() {
    let emu = Emulator::start(Config::default()).await.unwrap();
    for i in 0..300 {
        let request = format!("GET /?Action=Made{i}Up HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
        exchange(&emu, request.as_bytes()).await;
    }
    let request = format!("GET /?Action={} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n", "%00".repeat(100));
    exchange(&emu, request.as_bytes()).await;
    let stats = emu.handle().stats();
    assert!(stats.len() <= 257, "{} actions counted", stats.len());
    let requests: u64 = stats.values().map(|s| s.requests).sum();
    assert_eq!(requests, 301, "every request is still counted");
    assert!(stats[emulator::OTHER_ACTIONS].requests >= 45);
}
