//! A server on 127.0.0.1 that reads each request whole, writes the same partial answer (possibly nothing)
//! and closes the connection: the request was delivered, and its answer lost.

use std::sync::{Arc, Mutex};

use alibabacloud_backup_runtime::Config;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{credentials, fast_retries};

pub struct DroppingServer {
    url: String,
    heads: Arc<Mutex<Vec<String>>>,
}

impl DroppingServer {
    /// Answers every request with `partial` and then closes the connection.
    pub async fn start(partial: &'static [u8]) -> DroppingServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let heads = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&heads);
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let seen = Arc::clone(&seen);
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 4096];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    seen.lock().unwrap().push(String::from_utf8_lossy(&head).into_owned());
                    let _ = socket.write_all(partial).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        DroppingServer { url, heads }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// A client configuration pointed here, with quick retries.
    pub fn config(&self) -> Config {
        Config::new(credentials()).endpoint_url(&self.url).retry_policy(fast_retries())
    }

    /// How many requests arrived whole.
    pub fn requests(&self) -> usize {
        self.heads.lock().unwrap().len()
    }

    /// The request heads (request line and headers) as they arrived.
    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}
