//! The benchmark (DESIGN section 9): `cargo bench --bench portal [-- --links N --seconds S]`.
//!
//! Seeds N links (100,000 by default) into a fresh SQLite database, starts the release
//! portal binary against it, and measures, side by side in one run, a bare actix-web
//! handler answering the same 302 (in a separate process), the end user's click on a bound
//! dedicated link with a cached session token, the tenant backend's cached session-token
//! call, and `/healthz` latency during 32 concurrent logins; plus the portal's peak RSS.
//! Prints a table and writes it to `BENCHMARKS.md`. All traffic stays on 127.0.0.1.

use std::{
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use base64::{engine::general_purpose::STANDARD, Engine};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

mod seed {
    include!("support/seed.rs");
}

const CONNECTIONS: usize = 64;

struct Options {
    links: usize,
    seconds: u64,
    output: Option<String>,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    Options {
        links: value("--links")
            .and_then(|v| v.parse().ok())
            .unwrap_or(100_000),
        seconds: value("--seconds")
            .and_then(|v| v.parse().ok())
            .unwrap_or(10),
        output: value("--output").or_else(|| Some("BENCHMARKS.md".into())),
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The bare baseline: the same 302 with no work at all, in its own process.
fn run_bare_server(port: u16) {
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        actix_web::HttpServer::new(|| {
            actix_web::App::new().default_service(actix_web::web::to(|| async {
                actix_web::HttpResponse::Found()
                    .insert_header((
                        "location",
                        "http://127.0.0.1/sandbox/verify?inquiry-id=inq_x",
                    ))
                    .finish()
            }))
        })
        .bind(("127.0.0.1", port))
        .expect("bind the bare server")
        .run()
        .await
        .expect("bare server");
    });
}

struct Stats {
    requests: u64,
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
}

async fn one_request(stream: &mut TcpStream, request: &[u8], buffer: &mut Vec<u8>) -> Option<u16> {
    stream.write_all(request).await.ok()?;
    buffer.clear();
    let mut chunk = [0u8; 8192];
    loop {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_lowercase();
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while buffer.len() < end + 4 + length {
                let read = stream.read(&mut chunk).await.ok()?;
                if read == 0 {
                    return None;
                }
                buffer.extend_from_slice(&chunk[..read]);
            }
            return head.get(9..12).and_then(|code| code.parse().ok());
        }
    }
}

/// Keep-alive load from `connections` connections for `seconds`; statuses other than
/// `expected` count as errors.
async fn load(
    port: u16,
    request: String,
    expected: u16,
    connections: usize,
    seconds: u64,
) -> Stats {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let request = request.clone().into_bytes();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0u64;
            let mut buffer = Vec::with_capacity(16 * 1024);
            let mut stream = TcpStream::connect(("127.0.0.1", port)).await.ok();
            while Instant::now() < deadline {
                let Some(connection) = stream.as_mut() else {
                    stream = TcpStream::connect(("127.0.0.1", port)).await.ok();
                    errors += 1;
                    continue;
                };
                let started = Instant::now();
                match one_request(connection, &request, &mut buffer).await {
                    Some(status) if status == expected => latencies.push(started.elapsed()),
                    Some(_) => errors += 1,
                    None => {
                        errors += 1;
                        stream = None;
                    }
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        if let Ok((mut some, failed)) = task.await {
            latencies.append(&mut some);
            errors += failed;
        }
    }
    latencies.sort();
    let pick = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    Stats {
        requests: latencies.len() as u64,
        rps: latencies.len() as f64 / seconds as f64,
        p50_ms: pick(0.50),
        p99_ms: pick(0.99),
        errors,
    }
}

fn peak_rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn wait_until_up(port: u16) {
    for _ in 0..200 {
        if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server on port {port} did not start");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(index) = args.iter().position(|a| a == "--bare-server") {
        let port = args
            .get(index + 1)
            .and_then(|p| p.parse().ok())
            .expect("a port");
        run_bare_server(port);
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run(options()));
}

async fn run(options: Options) {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = format!("sqlite://{}/portal.db?mode=rwc", dir.path().display());
    let session_key = STANDARD.encode(
        (0..64u8)
            .map(|i| i.wrapping_mul(31).wrapping_add(7))
            .collect::<Vec<_>>(),
    );
    let data_key_bytes: Vec<u8> = (0..32u8)
        .map(|i| i.wrapping_mul(17).wrapping_add(5))
        .collect();
    let data_key = STANDARD.encode(&data_key_bytes);
    let portal_port = free_port();
    let public_url = format!("http://127.0.0.1:{portal_port}");

    eprintln!("seeding {} links…", options.links);
    let seeded_at = Instant::now();
    let seeded = seed::seed(&database_url, &data_key_bytes, &public_url, options.links).await;
    eprintln!("seeded in {:.1} s", seeded_at.elapsed().as_secs_f64());

    let bare_port = free_port();
    let _bare = KillOnDrop(
        Command::new(std::env::current_exe().expect("this binary"))
            .args(["--bare-server", &bare_port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the bare server"),
    );
    let portal = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_inquiry-portal"))
            .env("DATABASE_URL", &database_url)
            .env("PORTAL_BIND", format!("127.0.0.1:{portal_port}"))
            .env("PORTAL_PUBLIC_URL", &public_url)
            .env("PORTAL_DATA_DIR", dir.path())
            .env("PORTAL_SESSION_KEY", &session_key)
            .env("PORTAL_DATA_KEY", &data_key)
            .env("PORTAL_PASSWORD", seed::PASSWORD)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the portal (build it with cargo build --release)"),
    );
    wait_until_up(bare_port).await;
    wait_until_up(portal_port).await;
    let pid = portal.0.id();
    let seconds = options.seconds;

    let bare = load(
        bare_port,
        "GET /l/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".into(),
        302,
        CONNECTIONS,
        seconds,
    )
    .await;
    let click_request = format!(
        "GET /l/{} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: portal_browser={}\r\n\r\n",
        seeded.hot_token, seeded.browser_cookie
    );
    // Warm the cache once, as any real link gets warm after its first click.
    load(portal_port, click_request.clone(), 302, 1, 1).await;
    let click = load(portal_port, click_request, 302, CONNECTIONS, seconds).await;
    let token_request = format!(
        "POST /api/v1/inquiries/{}/session-token HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\nContent-Length: 0\r\n\r\n",
        seeded.hot_inquiry, seeded.api_key
    );
    let token = load(portal_port, token_request, 200, CONNECTIONS, seconds).await;
    let rss_under_click_load = peak_rss_mb(pid);

    let login_body = format!(
        "email={}&password={}&csrf_token=benchmarkbenchmarkbenchmark0000",
        seed::OWNER_EMAIL.replace('@', "%40"),
        seed::PASSWORD.replace(' ', "+")
    );
    let login_request = format!(
        "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: portal_login_csrf=benchmarkbenchmarkbenchmark0000\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{login_body}",
        login_body.len()
    );
    let logins = tokio::spawn(load(portal_port, login_request, 303, 32, seconds));
    let healthz = load(
        portal_port,
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".into(),
        200,
        1,
        seconds,
    )
    .await;
    let logins = logins.await.expect("logins");
    let rss_with_logins = peak_rss_mb(pid);

    let ratio = |stats: &Stats| {
        if bare.rps > 0.0 {
            stats.rps / bare.rps * 100.0
        } else {
            0.0
        }
    };
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    let table = format!(
        "| measurement | requests/s | p50 ms | p99 ms | vs bare 302 | errors | target |\n\
         |---|---:|---:|---:|---:|---:|---|\n\
         | bare actix-web 302 | {:.0} | {:.2} | {:.2} | 100 % | {} | baseline |\n\
         | click `GET /l/{{token}}` (bound, cached token) | {:.0} | {:.2} | {:.2} | {:.0} % | {} | ≥ 60 %, p99 < 10 ms: {} |\n\
         | `POST …/session-token` (cached token) | {:.0} | {:.2} | {:.2} | {:.0} % | {} | ≥ 40 %: {} |\n\
         | `/healthz` during 32 concurrent logins | {:.0} | {:.2} | {:.2} | — | {} | p99 < 50 ms: {} |\n\
         | logins (argon2id) during that | {:.1} | {:.1} | {:.1} | — | {} | — |\n\
         | portal peak RSS under the click and token load | {:.0} MB | | | | | < 150 MB: {} |\n\
         | portal peak RSS after the login storm too | {:.0} MB | | | | | < 150 MB: {} |\n",
        bare.rps, bare.p50_ms, bare.p99_ms, bare.errors,
        click.rps, click.p50_ms, click.p99_ms, ratio(&click), click.errors,
        verdict(ratio(&click) >= 60.0 && click.p99_ms < 10.0),
        token.rps, token.p50_ms, token.p99_ms, ratio(&token), token.errors, verdict(ratio(&token) >= 40.0),
        healthz.rps, healthz.p50_ms, healthz.p99_ms, healthz.errors, verdict(healthz.p99_ms < 50.0),
        logins.rps, logins.p50_ms, logins.p99_ms, logins.errors,
        rss_under_click_load, verdict(rss_under_click_load < 150.0),
        rss_with_logins, verdict(rss_with_logins < 150.0),
    );
    let report = format!(
        "# Benchmarks\n\nProduced by `cargo bench --bench portal -- --links {} --seconds {}` on {} ({} cores), \
         {} links in SQLite, {} connections, load generator and both servers on one machine.\n\n{}",
        options.links,
        seconds,
        chrono::Utc::now().format("%Y-%m-%d"),
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        options.links,
        CONNECTIONS,
        table
    );
    println!("{report}");
    let _ = (click.requests, token.requests);
    if let Some(path) = options.output {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        let existing = std::fs::read_to_string(&path).unwrap_or_default();
        let section = format!(
            "## {} links\n\n{}",
            options.links,
            report
                .split_once("\n\n")
                .map_or(report.as_str(), |(_, rest)| rest)
        );
        let updated = merge_section(&existing, options.links, &section);
        if std::fs::write(&path, updated).is_ok() {
            eprintln!("written to {}", path.display());
        }
    }
}

/// Keeps one section per link count in BENCHMARKS.md, replacing the one just measured.
fn merge_section(existing: &str, links: usize, section: &str) -> String {
    let heading = format!("## {links} links");
    let mut sections: Vec<String> = existing
        .split("\n## ")
        .skip(1)
        .map(|s| format!("## {s}"))
        .filter(|s| !s.starts_with(&heading))
        .collect();
    sections.push(section.trim_end().to_owned());
    sections.sort_by_key(|s| {
        s.trim_start_matches("## ")
            .split_whitespace()
            .next()
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0)
    });
    format!("# Benchmarks\n\n{}\n", sections.join("\n\n"))
}
