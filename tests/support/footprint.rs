//! What end users' requests leave behind, in the portal's database and at the sandbox
//! provider: taken before and after a request that must change nothing (a mail scanner's
//! GET or HEAD, a link preview, a refused POST) and compared.

use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;

use super::TestApp;

/// Everything a click can change: bindings, inquiries, used access links, audit events
/// and counted clicks in the portal; inquiries, resumes and sessions at the provider.
#[derive(Debug, PartialEq, Eq)]
pub struct Footprint {
    pub inquiries: i64,
    pub bound_browsers: i64,
    pub used_access_links: i64,
    pub audit_events: i64,
    pub clicks: i64,
    pub inquiries_created_on_links: i64,
    pub provider_inquiries: i64,
    pub provider_sessions: i64,
    pub provider_inquiries_created: Value,
    pub provider_resumes: Value,
    pub provider_sessions_created: Value,
}

impl TestApp {
    /// The number `sql` (a `SELECT … AS n`) answers.
    pub async fn number(&self, sql: &str) -> i64 {
        let backend = self.db.connection.get_database_backend();
        let row = self
            .db
            .connection
            .query_one_raw(Statement::from_string(backend, sql.to_owned()))
            .await
            .expect("count query")
            .expect("one row");
        row.try_get::<i64>("", "n").expect("a number")
    }

    /// The texts `sql` (a `SELECT … AS v`) answers, in its order.
    pub async fn texts(&self, sql: &str) -> Vec<String> {
        let backend = self.db.connection.get_database_backend();
        let rows = self
            .db
            .connection
            .query_all_raw(Statement::from_string(backend, sql.to_owned()))
            .await
            .expect("text query");
        rows.iter()
            .map(|row| row.try_get::<String>("", "v").expect("a text"))
            .collect()
    }

    /// The audit trail, oldest first: each event's action and its details' JSON.
    pub async fn audit_trail(&self) -> Vec<String> {
        self.texts(
            "SELECT action || ' ' || COALESCE(details, '') AS v FROM audit_events ORDER BY id",
        )
        .await
    }

    /// As the owner signed in on `owner`, requires a second factor of everyone in the tenant.
    pub async fn require_second_factor(&self, owner: &reqwest::Client) {
        let saved = self
            .post_form(
                owner,
                "/account/security",
                "/account/security/tenant-policy",
                &[("required", "true")],
            )
            .await;
        assert_eq!(saved.status(), 303, "the requirement is saved");
    }

    /// What end users' requests have left behind so far. Clicks counted in memory are
    /// written first, as the click-count job would.
    pub async fn footprint(&self) -> Footprint {
        self.state.clicks.flush(&self.db).await;
        let stats = self.sandbox_stats().await;
        Footprint {
            inquiries: self.count_rows("inquiries").await,
            bound_browsers: self.count_rows("link_browsers").await,
            used_access_links: self
                .number("SELECT COUNT(*) AS n FROM access_links WHERE used_at IS NOT NULL")
                .await,
            audit_events: self.count_rows("audit_events").await,
            clicks: self
                .number("SELECT CAST(COALESCE(SUM(click_count), 0) AS BIGINT) AS n FROM links")
                .await,
            inquiries_created_on_links: self
                .number(
                    "SELECT CAST(COALESCE(SUM(inquiries_created), 0) AS BIGINT) AS n FROM links",
                )
                .await,
            provider_inquiries: self.count_rows("sandbox_inquiries").await,
            provider_sessions: self.count_rows("sandbox_sessions").await,
            provider_inquiries_created: stats["inquiries_created"].clone(),
            provider_resumes: stats["resumes"].clone(),
            provider_sessions_created: stats["sessions_created"].clone(),
        }
    }
}
