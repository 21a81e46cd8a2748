//! The emulator binary as someone starting it meets it: `--help` with every option's default, values refused
//! before anything starts (exit status 2, naming the value), a taken port named (exit status 1), and the limits
//! given on the command line in force.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

fn emulator(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emulator")).args(args).output().expect("the emulator binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A running emulator binary, stopped (by its own process id) when dropped.
struct Running {
    child: Child,
    url: String,
}

impl Running {
    fn start(args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_emulator"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the emulator binary starts");
        let mut first = String::new();
        BufReader::new(child.stdout.as_mut().expect("piped")).read_line(&mut first).expect("its first line");
        Running { child, url: first.trim().to_owned() }
    }

    fn port(&self) -> u16 {
        self.url.rsplit(':').next().and_then(|p| p.parse().ok()).unwrap_or_else(|| panic!("a URL: {}", self.url))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn help_shows_every_option_with_its_default() {
    let output = emulator(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = text(&output.stdout);
    for shown in [
        "--port <PORT>",
        "[default: 0]",
        "--seed <SEED>",
        "[default: 1]",
        "--backups <N>",
        "[default: 20]",
        "--instances <N>",
        "--backup-delay-ms <MS>",
        "[default: 2000]",
        "--failure-rate <P>",
        "--key <ID:SECRET>",
        "--retry-after-ms <MS>",
        "[default: 100]",
        "--max-body-bytes <BYTES>",
        "[default: 65536]",
        "--header-read-timeout-ms <MS>",
        "[default: 10000]",
        "--idle-timeout-ms <MS>",
        "[default: 60000]",
        "--max-connections <N>",
        "[default: 512]",
    ] {
        assert!(help.contains(shown), "`{shown}` in:\n{help}");
    }
    assert!(help.contains(&format!("besides the default {}", emulator::DEFAULT_KEY_ID)), "{help}");
}

#[test]
fn bad_values_are_refused_naming_them_with_exit_2() {
    for (args, named) in [
        (&["--failure-rate", "2.5"][..], "invalid value '2.5' for '--failure-rate <P>': 2.5 is not between 0 and 1"),
        (&["--failure-rate", "-0.1"], "invalid value '-0.1' for '--failure-rate <P>'"),
        (&["--failure-rate", "often"], "invalid value 'often' for '--failure-rate <P>': not a number"),
        (&["--port", "70000"], "invalid value '70000' for '--port <PORT>'"),
        (&["--port", "-1"], "invalid value '-1' for '--port <PORT>'"),
        (&["--backups", "many"], "invalid value 'many' for '--backups <N>'"),
        (&["--instances", "0"], "invalid value '0' for '--instances <N>': must be at least 1"),
        (&["--max-connections", "0"], "invalid value '0' for '--max-connections <N>': must be at least 1"),
        (&["--idle-timeout-ms", "0"], "invalid value '0' for '--idle-timeout-ms <MS>'"),
        (&["--header-read-timeout-ms", "0"], "invalid value '0' for '--header-read-timeout-ms <MS>'"),
        (&["--key", "no-colon"], "invalid value 'no-colon' for '--key <ID:SECRET>': expected ID:SECRET"),
        (&["--key", "id:"], "invalid value 'id:' for '--key <ID:SECRET>'"),
        (&["--prot", "8080"], "unexpected argument '--prot'"),
    ] {
        let output = emulator(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(named), "{args:?}:\n{stderr}");
        assert_eq!(text(&output.stdout), "", "{args:?}: nothing started");
    }
}

#[test]
fn a_taken_port_is_named_with_exit_1() {
    let holder = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = holder.local_addr().expect("bound").port().to_string();
    let output = emulator(&["--port", &port]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")), "{stderr}");
    assert!(stderr.contains(&format!("port {port} is taken")), "{stderr}");
    assert_eq!(text(&output.stdout), "", "no URL was printed");
}

#[test]
fn it_prints_its_url_first_and_serves_there() {
    let running = Running::start(&["--port", "0", "--backups", "3"]);
    assert!(running.url.starts_with("http://127.0.0.1:"), "{}", running.url);
    assert_ne!(running.port(), 0);
    let answer = exchange(running.port(), "GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 4"), "an unsigned request is refused by the service's rules: {answer}");
}

#[test]
fn the_limits_given_on_the_command_line_are_in_force() {
    let running = Running::start(&["--port", "0", "--max-body-bytes", "8"]);
    let answer = exchange(
        running.port(),
        "POST / HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: 9\r\n\r\n123456789",
    );
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("RequestBodyTooLarge"), "{answer}");
}

/// Sends `request` on a new connection to 127.0.0.1 and reads until the server closes it.
fn exchange(port: u16, request: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("a timeout");
    stream.write_all(request.as_bytes()).expect("sent");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    text(&answer)
}
