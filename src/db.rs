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
        create_private_sqlite_file(url)?;
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

/// Creates a SQLite database file that the URL allows to be created (`mode=rwc`) and that
/// does not exist yet, readable and writable by this user only: it holds password hashes
/// and encrypted secrets. SQLite gives the `-wal` and `-shm` files the database file's mode.
fn create_private_sqlite_file(url: &str) -> anyhow::Result<()> {
    use sea_orm::sqlx::{sqlite::SqliteConnectOptions, ConnectOptions as _};
    if !url.starts_with("sqlite:") {
        return Ok(());
    }
    // A URL sqlx cannot read fails at connect, with sqlx's own message.
    let Ok(options) = url.parse::<SqliteConnectOptions>() else {
        return Ok(());
    };
    let creates = options
        .to_url_lossy()
        .query_pairs()
        .any(|(name, value)| name == "mode" && value == "rwc");
    let path = options.get_filename();
    if !creates || path.exists() {
        return Ok(());
    }
    let mut file = std::fs::OpenOptions::new();
    file.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        file.mode(0o600);
    }
    match file.open(path) {
        Ok(_) => Ok(()),
        // Another process created it meanwhile: that one chose its mode.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(error)
            .with_context(|| format!("cannot create the database file {}", path.display())),
    }
}

/// Seconds since the epoch; the unit of every timestamp column.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
