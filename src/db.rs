//! The database handle: SQLite by default, PostgreSQL from `DATABASE_URL`.

use std::{sync::Arc, time::Duration};

use anyhow::Context;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use tokio::sync::{Mutex, MutexGuard};

/// A pooled connection plus, on SQLite, a process-wide write lock.
///
/// SQLite fails a deferred transaction that upgrades from read to write with
/// "database is locked" regardless of `busy_timeout`; serialising write transactions
/// in the process removes that failure mode. PostgreSQL needs no such lock.
/// Single statements outside this lock (the session store, cleanup jobs) still write,
/// so write transactions also begin IMMEDIATE: they take SQLite's write lock at BEGIN,
/// where `busy_timeout` applies, and never need the upgrade that cannot wait.
#[derive(Clone)]
pub struct Database {
    pub connection: DatabaseConnection,
    sqlite_write_lock: Option<Arc<Mutex<()>>>,
}

pub struct WriteTransaction<'a> {
    pub transaction: DatabaseTransaction,
    _guard: Option<MutexGuard<'a, ()>>,
}

impl Database {
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(max_connections)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(5))
            .connect_timeout(Duration::from_secs(5))
            .idle_timeout(Duration::from_secs(300))
            .sqlx_logging(false)
            .map_sqlx_sqlite_opts(|options| {
                options
                    .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
            });
        let connection = sea_orm::Database::connect(options)
            .await
            .context("cannot connect to the database (DATABASE_URL)")?;
        let sqlite_write_lock = (connection.get_database_backend() == DatabaseBackend::Sqlite)
            .then(|| Arc::new(Mutex::new(())));
        Ok(Self {
            connection,
            sqlite_write_lock,
        })
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        Migrator::up(&self.connection, None)
            .await
            .context("database migration failed")
    }

    /// Begins a transaction that will write. Hold it briefly: on SQLite it excludes other writers.
    pub async fn begin_write(&self) -> Result<WriteTransaction<'_>, DbErr> {
        let guard = match &self.sqlite_write_lock {
            Some(lock) => Some(lock.lock().await),
            None => None,
        };
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        };
        let transaction = self.connection.begin_with_options(options).await?;
        Ok(WriteTransaction {
            transaction,
            _guard: guard,
        })
    }

    pub async fn ping(&self) -> Result<(), DbErr> {
        self.connection.ping().await
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.connection.get_database_backend()
    }
}

impl WriteTransaction<'_> {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.transaction.commit().await
    }
}

impl std::ops::Deref for WriteTransaction<'_> {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &Self::Target {
        &self.transaction
    }
}

/// Seconds since the epoch; the unit of every timestamp column.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
