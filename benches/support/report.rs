//! The benchmark's report: one table per link count, against DESIGN section 9's targets,
//! and how the largest count compares with the smallest.

pub struct Stats {
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub errors: u64,
}

/// Everything measured at one link count.
pub struct Measured {
    pub links: usize,
    /// The bare handler, measured in turns with the click and the session-token call.
    pub bare: Stats,
    pub click: Stats,
    /// A cookie-less GET of a link no browser has opened: the Continue page.
    pub first_contact: Stats,
    pub token: Stats,
    pub healthz: Stats,
    pub logins: Stats,
    pub rss_under_load: f64,
    pub rss_with_logins: f64,
}

const CLICK_SHARE: f64 = 60.0;
const TOKEN_SHARE: f64 = 40.0;
const CLICK_P99_MS: f64 = 10.0;
const HEALTHZ_P99_MS: f64 = 50.0;
const PEAK_RSS_MB: f64 = 150.0;
/// At the largest link count, each measurement stays within this much of the smallest's.
const SCALE_TOLERANCE: f64 = 20.0;

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "MISSED"
    }
}

impl Measured {
    fn share(&self, stats: &Stats) -> f64 {
        if self.bare.rps > 0.0 {
            stats.rps / self.bare.rps * 100.0
        } else {
            0.0
        }
    }

    fn table(&self) -> String {
        let (bare, click, token) = (&self.bare, &self.click, &self.token);
        let (healthz, logins) = (&self.healthz, &self.logins);
        let click_share = self.share(click);
        let token_share = self.share(token);
        let row = |name: &str, stats: &Stats, share: &str, target: String| {
            format!(
                "| {name} | {:.0} | {:.2} | {:.2} | {share} | {} | {target} |\n",
                stats.rps, stats.p50_ms, stats.p99_ms, stats.errors
            )
        };
        let mut table = String::from(
            "| measurement | requests/s | p50 ms | p99 ms | vs bare 302 | errors | target |\n\
             |---|---:|---:|---:|---:|---:|---|\n",
        );
        table += &row("bare actix-web 302", bare, "100 %", "baseline".into());
        table += &row(
            "click `GET /l/{token}` (bound, cached token)",
            click,
            &format!("{click_share:.0} %"),
            format!(
                "≥ {CLICK_SHARE:.0} %, p99 < {CLICK_P99_MS:.0} ms: {}",
                verdict(click_share >= CLICK_SHARE && click.p99_ms < CLICK_P99_MS)
            ),
        );
        table += &row(
            "first contact `GET /l/{token}` (Continue page, no cookie)",
            &self.first_contact,
            &format!("{:.0} %", self.share(&self.first_contact)),
            "— (DESIGN 13.1; no target)".into(),
        );
        table += &row(
            "`POST …/session-token` (cached token)",
            token,
            &format!("{token_share:.0} %"),
            format!(
                "≥ {TOKEN_SHARE:.0} %: {}",
                verdict(token_share >= TOKEN_SHARE)
            ),
        );
        table += &row(
            "`/healthz` during 32 concurrent logins",
            healthz,
            "—",
            format!(
                "p99 < {HEALTHZ_P99_MS:.0} ms: {}",
                verdict(healthz.p99_ms < HEALTHZ_P99_MS)
            ),
        );
        table += &format!(
            "| logins (argon2id) during that | {:.1} | {:.1} | {:.1} | — | {} | — |\n",
            logins.rps, logins.p50_ms, logins.p99_ms, logins.errors
        );
        for (name, megabytes) in [
            (
                "portal peak RSS under the click and token load",
                self.rss_under_load,
            ),
            (
                "portal peak RSS after the login storm too",
                self.rss_with_logins,
            ),
        ] {
            table += &format!(
                "| {name} | {megabytes:.0} MB | | | | | < {PEAK_RSS_MB:.0} MB: {} |\n",
                verdict(megabytes < PEAK_RSS_MB)
            );
        }
        table
    }
}

/// The largest link count against the smallest, measurement by measurement.
fn scaling(small: &Measured, large: &Measured) -> String {
    let change = |before: f64, after: f64| {
        if before > 0.0 {
            (after - before) / before * 100.0
        } else {
            0.0
        }
    };
    let mut table = format!(
        "| measurement | {} links | {} links | change | within {SCALE_TOLERANCE:.0} % |\n|---|---:|---:|---:|---|\n",
        small.links, large.links
    );
    // Throughput may not fall by more than the tolerance; latency and memory may not rise.
    let rows = [
        (
            "click share of bare 302 (%)",
            small.share(&small.click),
            large.share(&large.click),
            -1.0,
        ),
        (
            "session-token share of bare 302 (%)",
            small.share(&small.token),
            large.share(&large.token),
            -1.0,
        ),
        (
            "click p99 (ms)",
            small.click.p99_ms,
            large.click.p99_ms,
            1.0,
        ),
        (
            "`/healthz` p99 during logins (ms)",
            small.healthz.p99_ms,
            large.healthz.p99_ms,
            1.0,
        ),
        (
            "peak RSS (MB)",
            small.rss_with_logins,
            large.rss_with_logins,
            1.0,
        ),
    ];
    for (name, before, after, worse_when) in rows {
        let percent = change(before, after);
        // Sub-millisecond latencies move by more than 20 % on noise alone: a change
        // under a millisecond counts as within.
        let small_absolute = name.contains("(ms)") && (after - before).abs() < 1.0;
        let ok = percent * worse_when <= SCALE_TOLERANCE || small_absolute;
        table += &format!(
            "| {name} | {before:.2} | {after:.2} | {percent:+.0} % | {} |\n",
            verdict(ok)
        );
    }
    table
}

pub fn render(command: &str, results: &[Measured], seconds: u64, connections: usize) -> String {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mut report = format!(
        "# Benchmarks\n\nProduced by `{command}` on {} ({cores} cores): links seeded in SQLite, \
         {seconds} s per measurement, {connections} connections, keep-alive; the load \
         generator, the portal and the bare actix-web handler (its own process) share the \
         machine, and the bare handler, the click, first contact and the session-token call \
         take turns in five slices each, so the machine's slow moments fall on all of them \
         alike. Targets are DESIGN section 9's.\n",
        chrono::Utc::now().format("%Y-%m-%d"),
    );
    for measured in results {
        report += &format!("\n## {} links\n\n{}", measured.links, measured.table());
    }
    if let (Some(small), Some(large)) = (results.first(), results.last()) {
        if results.len() > 1 {
            report += &format!(
                "\n## From {} to {} links\n\n{}",
                small.links,
                large.links,
                scaling(small, large)
            );
        }
    }
    report
}
