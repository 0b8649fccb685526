//! The benchmark (DESIGN section 9):
//! `cargo bench --bench portal [-- --links N[,M…] --seconds S]`.
//!
//! For each link count (100,000 and 1,000,000 by default) it seeds a fresh SQLite
//! database, starts the release portal binary against it, and measures, side by side, a bare actix-web
//! handler answering the same 302 (in a separate process), the end user's click on a bound
//! dedicated link with a cached session token, first contact with a link no browser has
//! opened (a mail scanner's GET: the Continue page), the tenant backend's cached
//! session-token call, and `/healthz` latency during 32 concurrent logins; plus the
//! portal's peak RSS.
//! Prints a table per link count and the largest count against the smallest, and writes
//! them to `BENCHMARKS.md`. All traffic stays on 127.0.0.1.

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

#[path = "support/report.rs"]
mod report;

use report::Stats;

const CONNECTIONS: usize = 64;

struct Options {
    /// Link counts to measure, smallest first; the last is compared with the first.
    links: Vec<usize>,
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
            .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
            .filter(|sizes: &Vec<usize>| !sizes.is_empty())
            .unwrap_or_else(|| vec![100_000, 1_000_000]),
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

/// What one or more load slices recorded, merged before computing [`Stats`].
#[derive(Default)]
struct Sample {
    latencies: Vec<Duration>,
    errors: u64,
    seconds: f64,
}

impl Sample {
    fn merge(&mut self, mut other: Sample) {
        self.latencies.append(&mut other.latencies);
        self.errors += other.errors;
        self.seconds += other.seconds;
    }

    fn stats(mut self) -> Stats {
        self.latencies.sort();
        let latencies = &self.latencies;
        let pick = |q: f64| {
            latencies
                .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        Stats {
            rps: latencies.len() as f64 / self.seconds.max(f64::EPSILON),
            p50_ms: pick(0.50),
            p99_ms: pick(0.99),
            errors: self.errors,
        }
    }
}

/// Keep-alive load from `connections` connections for `duration`; statuses other than
/// `expected` count as errors.
async fn load(
    port: u16,
    request: &str,
    expected: u16,
    connections: usize,
    duration: Duration,
) -> Sample {
    load_each(
        port,
        vec![request.to_owned(); connections],
        expected,
        duration,
    )
    .await
}

/// Like [`load`], one connection per request given, each sending its own request over and
/// over (the login storm: every admin comes from an address of their own).
async fn load_each(port: u16, requests: Vec<String>, expected: u16, duration: Duration) -> Sample {
    let deadline = Instant::now() + duration;
    let mut tasks = Vec::new();
    for request in requests {
        let request = request.into_bytes();
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
    let mut sample = Sample {
        seconds: duration.as_secs_f64(),
        ..Sample::default()
    };
    for task in tasks {
        if let Ok((mut some, failed)) = task.await {
            sample.latencies.append(&mut some);
            sample.errors += failed;
        }
    }
    sample
}

/// Slices per measurement. The bare handler, the click, first contact and the
/// session-token call take turns slice by slice, so a slow moment of the shared machine
/// falls on all of them alike instead of on whichever ran during it.
const ROUNDS: u32 = 5;

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
    let mut results = Vec::new();
    for &links in &options.links {
        results.push(measure(links, options.seconds).await);
    }
    let command = format!(
        "cargo bench --bench portal -- --links {} --seconds {}",
        options
            .links
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(","),
        options.seconds
    );
    let report = report::render(&command, &results, options.seconds, CONNECTIONS);
    println!("{report}");
    if let Some(path) = options.output {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        if std::fs::write(&path, &report).is_ok() {
            eprintln!("written to {}", path.display());
        }
    }
}

/// Seeds `links` links into a fresh database, starts the portal on it and measures.
async fn measure(links: usize, seconds: u64) -> report::Measured {
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

    eprintln!("seeding {links} links…");
    let seeded_at = Instant::now();
    let seeded = seed::seed(&database_url, &data_key_bytes, &public_url, links).await;
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
            .env("PORTAL_TRUSTED_PROXIES", "127.0.0.1/32")
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
    let bare_request = "GET /l/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let click_request = format!(
        "GET /l/{} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: portal_browser={}\r\n\r\n",
        seeded.hot_token, seeded.browser_cookie
    );
    // No cookie, as a mail scanner sends it: the Continue page, answered from memory.
    let first_contact_request = format!(
        "GET /l/{} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        seeded.first_contact_token
    );
    let token_request = format!(
        "POST /api/v1/inquiries/{}/session-token HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\nContent-Length: 0\r\n\r\n",
        seeded.hot_inquiry, seeded.api_key
    );
    // Warm the caches once, as any real link gets warm after its first click.
    let warm = Duration::from_secs(1);
    load(portal_port, &click_request, 302, 1, warm).await;
    load(portal_port, &first_contact_request, 200, 1, warm).await;
    load(portal_port, &token_request, 200, 1, warm).await;
    let slice = Duration::from_secs(seconds) / ROUNDS;
    let (mut bare, mut click, mut first_contact, mut token) = (
        Sample::default(),
        Sample::default(),
        Sample::default(),
        Sample::default(),
    );
    for _ in 0..ROUNDS {
        bare.merge(load(bare_port, bare_request, 302, CONNECTIONS, slice).await);
        click.merge(load(portal_port, &click_request, 302, CONNECTIONS, slice).await);
        first_contact
            .merge(load(portal_port, &first_contact_request, 200, CONNECTIONS, slice).await);
        token.merge(load(portal_port, &token_request, 200, CONNECTIONS, slice).await);
    }
    let rss_under_load = peak_rss_mb(pid);

    // 32 admins signing in at once, each with an account of their own and from an address
    // of their own (behind the trusted local proxy): 32 simultaneous logins to one account
    // or from one address are what the login throttle exists to refuse, so they would
    // measure refusals, not argon2id.
    let login_requests = (1..=seed::LOGIN_ADMINS)
        .map(|admin| {
            let body = format!(
                "email={}&password={}&csrf_token=benchmarkbenchmarkbenchmark0000",
                seed::admin_email(admin).replace('@', "%40"),
                seed::PASSWORD.replace(' ', "+")
            );
            format!(
                "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 10.0.0.{admin}\r\nCookie: portal_login_csrf=benchmarkbenchmarkbenchmark0000\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
        })
        .collect();
    let storm = Duration::from_secs(seconds);
    let logins =
        tokio::spawn(async move { load_each(portal_port, login_requests, 303, storm).await });
    let healthz = load(
        portal_port,
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        200,
        1,
        storm,
    )
    .await;
    let logins = logins.await.expect("logins");
    let rss_with_logins = peak_rss_mb(pid);
    report::Measured {
        links,
        bare: bare.stats(),
        click: click.stats(),
        first_contact: first_contact.stats(),
        token: token.stats(),
        healthz: healthz.stats(),
        logins: logins.stats(),
        rss_under_load,
        rss_with_logins,
    }
}
