//! A TCP relay on 127.0.0.1 that forwards every connection to an origin server and counts the connections: as an
//! endpoint it shows how many connections a client opened (its pool at work); as a client's proxy it is a
//! forward proxy for `http://` URLs (the origin accepts the absolute-form request line a proxy receives), and it
//! keeps the first line of each connection to show the request went through it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct Relay {
    url: String,
    connections: Arc<AtomicUsize>,
    first_lines: Arc<Mutex<Vec<String>>>,
}

impl Relay {
    /// Relays to `origin` (`http://127.0.0.1:port`).
    pub async fn start(origin: &str) -> Relay {
        let origin = origin.trim_start_matches("http://").trim_end_matches('/').to_owned();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let first_lines = Arc::new(Mutex::new(Vec::new()));
        let (count, lines) = (Arc::clone(&connections), Arc::clone(&first_lines));
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                let (origin, lines) = (origin.clone(), Arc::clone(&lines));
                tokio::spawn(async move {
                    let mut first = vec![0u8; 8192];
                    let Ok(n) = client.read(&mut first).await else { return };
                    let text = String::from_utf8_lossy(&first[..n]);
                    lines.lock().unwrap().push(text.lines().next().unwrap_or("").to_owned());
                    let Ok(mut upstream) = TcpStream::connect(&origin).await else { return };
                    if upstream.write_all(&first[..n]).await.is_err() {
                        return;
                    }
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                });
            }
        });
        Relay { url, connections, first_lines }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// How many connections were opened to the relay.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The first line of each connection (a request line).
    pub fn first_lines(&self) -> Vec<String> {
        self.first_lines.lock().unwrap().clone()
    }
}
