use inquiry_portal::domain::Role;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

use crate::support::{client, fresh_database_url, spawn_app};

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_a_busy_timeout_and_foreign_keys() {
    let app = spawn_app().await;
    let connection = &app.db.connection;
    if connection.get_database_backend() != DatabaseBackend::Sqlite {
        return;
    }
    let pragma = |name: &'static str| async move {
        connection
            .query_one_raw(Statement::from_string(
                DatabaseBackend::Sqlite,
                format!("PRAGMA {name}"),
            ))
            .await
            .unwrap()
            .unwrap()
    };
    let journal: String = pragma("journal_mode").await.try_get_by_index(0).unwrap();
    assert_eq!(journal.to_lowercase(), "wal");
    let busy: i64 = pragma("busy_timeout").await.try_get_by_index(0).unwrap();
    assert!(busy >= 5000, "busy_timeout {busy}");
    let foreign_keys: i64 = pragma("foreign_keys").await.try_get_by_index(0).unwrap();
    assert_eq!(foreign_keys, 1);
}

#[tokio::test]
async fn fifty_concurrent_writers_never_see_database_is_locked() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    // Logged-in owners in parallel: each login writes a session, an audit row and the
    // throttle state; each add writes an invitation, its message and an audit row in one transaction.
    let mut owners = Vec::new();
    for index in 0..5 {
        let email = format!("owner{index}@acme.test");
        app.create_user(&tenant, &email, Role::Owner).await;
        let http = client();
        app.login(&http, &email).await;
        owners.push(http);
    }
    let mut tasks = Vec::new();
    for index in 0..50 {
        let http = owners[index % owners.len()].clone();
        let token = app.csrf_from(&http, "/users").await;
        let url = app.url("/users");
        tasks.push(tokio::spawn(async move {
            let email = format!("member{index}@acme.test");
            http.post(url)
                .form(&[
                    ("email", email.as_str()),
                    ("role", "viewer"),
                    ("csrf_token", token.as_str()),
                ])
                .send()
                .await
                .map(|response| response.status().as_u16())
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), 303);
    }
    assert_eq!(app.count_rows("users").await, 1 + 5);
    assert_eq!(app.count_rows("invitations").await, 50);
    assert_eq!(app.count_rows("outbox_messages").await, 50);
}

/// On a database of its own, with no portal running: the portal's background jobs would
/// query the tables while they are dropped and created again.
#[tokio::test]
async fn every_migration_can_be_rolled_back_and_applied_again() {
    use migrations::{Migrator, MigratorTrait};
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    // One connection: on SQLite a second pooled connection can still hold a read snapshot
    // from before the tables were dropped, and then sees an index that is gone ("index
    // idx_users_tenant already exists", seen once under a loaded full run).
    let db = inquiry_portal::db::Database::connect(&url, 1)
        .await
        .unwrap();
    db.migrate().await.unwrap();
    Migrator::down(&db.connection, None).await.unwrap();
    assert!(Migrator::get_applied_migrations(&db.connection)
        .await
        .unwrap()
        .is_empty());
    Migrator::up(&db.connection, None).await.unwrap();
    let tenants = db
        .connection
        .query_one_raw(Statement::from_string(
            db.connection.get_database_backend(),
            "SELECT COUNT(*) AS n FROM tenants",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(tenants.try_get::<i64>("", "n").unwrap(), 0);
}
