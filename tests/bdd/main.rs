//! Acceptance scenarios from `features/`, run by cucumber against a real spawned portal,
//! the sandbox provider over HTTP and a real database (SQLite, or PostgreSQL with
//! `TEST_DATABASE_URL`). Scenarios tagged `@browser` drive headless Chromium through
//! chromedriver; they run whenever chromedriver is installed and are required when
//! `PORTAL_REQUIRE_BROWSER=1` (as in CI). Scenarios tagged `@persona_sdk` also need
//! Persona's JavaScript SDK in `examples/embedded/node_modules` (`npm ci`); without it they
//! are not run, except in CI (`CI=true` or `PORTAL_REQUIRE_BROWSER=1`), where that fails
//! the run. Scenarios tagged `@redis` (several instances) run when `TEST_REDIS_URL` is
//! set, as in CI's PostgreSQL and Redis run.

#[path = "../support/mod.rs"]
mod support;

mod browser;
mod steps;
mod tenant_app;
mod world;

use cucumber::World as _;
use futures_util::FutureExt;
use world::PortalWorld;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(run());
}

async fn run() {
    let require_browser = std::env::var("PORTAL_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    // Held to the end of the run (and through the panic that reports failures).
    let driver = browser::start_driver().await;
    let browsers_available = driver.is_some();
    if require_browser && !browsers_available {
        panic!("PORTAL_REQUIRE_BROWSER=1 but chromedriver and chromium are not installed");
    }
    if !browsers_available {
        eprintln!(
            "note: chromedriver not found; @browser scenarios are not run \
             (apt-get install chromium chromium-driver)"
        );
    }
    let sdk_available = tenant_app::sdk_path().is_file();
    if !sdk_available {
        // CI installs the SDK (`.ci/run`): there, a missing one is a failure, not a skip.
        let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        if in_ci || require_browser {
            panic!(
                "Persona's JavaScript SDK is not installed at {}: run `npm ci --prefix examples/embedded`",
                tenant_app::sdk_path().display()
            );
        }
        eprintln!(
            "note: Persona's JavaScript SDK is not installed; @persona_sdk scenarios are not run \
             (npm ci --prefix examples/embedded)"
        );
    }
    let redis_available = world::redis_url().is_some();
    if !redis_available {
        eprintln!("note: TEST_REDIS_URL is not set; @redis scenarios are not run");
    }
    // `BDD_FEATURE=bulk cargo test --test bdd` runs only the features whose file name
    // contains `bulk` (for working on one capability; CI runs them all).
    let only = std::env::var("BDD_FEATURE")
        .ok()
        .filter(|only| !only.is_empty());
    if let Some(only) = &only {
        eprintln!("note: BDD_FEATURE={only}: only the features whose file name contains it run");
    }
    let features = concat!(env!("CARGO_MANIFEST_DIR"), "/features");
    PortalWorld::cucumber()
        .with_cli(cucumber::cli::Opts::<_, _, _, cucumber::cli::Empty>::default())
        .max_concurrent_scenarios(4)
        .fail_on_skipped()
        .before(|_, _, scenario, world| {
            world.wants_redis = scenario.tags.iter().any(|tag| tag == "redis");
            async {}.boxed_local()
        })
        .after(|_, _, _, _, world| {
            async move {
                if let Some(world) = world {
                    world.close_browser().await;
                }
            }
            .boxed_local()
        })
        .filter_run_and_exit(features, move |feature, _, scenario| {
            let tagged = |name: &str| scenario.tags.iter().any(|tag| tag == name);
            let chosen = only.as_ref().is_none_or(|only| {
                feature
                    .path
                    .as_ref()
                    .and_then(|path| path.file_name())
                    .is_some_and(|name| name.to_string_lossy().contains(only.as_str()))
            });
            chosen
                && (browsers_available || !tagged("browser"))
                && (sdk_available || !tagged("persona_sdk"))
                && (redis_available || !tagged("redis"))
        })
        .await;
}
