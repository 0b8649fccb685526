//! argon2id hashing on a small pool of dedicated threads (one per core), so a login storm
//! can neither starve the async executor nor exhaust memory: at most one 19 MiB argon2
//! buffer per thread exists at a time, and only those few threads' allocator arenas ever
//! hold one (on tokio's large blocking pool, every thread's arena kept its own copy).

use std::sync::{mpsc, Arc, Mutex};

use anyhow::{anyhow, Context};
use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, SaltString},
    Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier, Version,
};

use unicode_normalization::{is_nfc, UnicodeNormalization};

use crate::{domain::Password, error::AppError};

/// OWASP's first recommended argon2id row: 19 MiB, 2 iterations, 1 lane.
const MEMORY_KIB: u32 = 19_456;
const ITERATIONS: u32 = 2;
const LANES: u32 = 1;

type Job = Box<dyn FnOnce() + Send>;

#[derive(Clone)]
pub struct PasswordHasher {
    jobs: mpsc::Sender<Job>,
    /// Verified against when the email is unknown, so both cases cost the same.
    dummy_hash: Arc<str>,
}

pub struct Verification {
    pub valid: bool,
    /// The stored hash uses weaker parameters than today's; rehash it now.
    pub needs_rehash: bool,
}

fn argon2() -> Argon2<'static> {
    // The parameters are constants known to be valid.
    let params = Params::new(MEMORY_KIB, ITERATIONS, LANES, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| anyhow!("argon2 hashing failed: {error}"))
}

fn is_current(hash: &PasswordHash<'_>) -> bool {
    let number = |name: &str| hash.params.get_decimal(name).unwrap_or(0);
    hash.algorithm.as_str() == "argon2id" && number("m") >= MEMORY_KIB && number("t") >= ITERATIONS
}

impl PasswordHasher {
    pub fn new() -> anyhow::Result<Self> {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for index in 0..threads {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("password-hasher-{index}"))
                .spawn(move || loop {
                    // The lock is held only while waiting for the next job, not while hashing.
                    let job = match queue.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        // Every hasher handle is gone: the pool ends with it.
                        Err(_) => return,
                    }
                })
                .context("cannot start the password hashing threads")?;
        }
        Ok(Self {
            jobs,
            dummy_hash: hash_now("dummy password for unknown accounts")
                .context("cannot prepare the dummy password hash")?
                .into(),
        })
    }

    /// Hashes the password's NFC form, so that "é" typed as one character or as "e" plus
    /// an accent is the same password.
    pub async fn hash(&self, password: &Password) -> Result<String, AppError> {
        let password: String = password.expose().nfc().collect();
        self.run(move || hash_now(&password)).await
    }

    /// Verifies `password` (in NFC) against `stored`, or against the dummy hash when there
    /// is none.
    pub async fn verify(
        &self,
        password: String,
        stored: Option<String>,
    ) -> Result<Verification, AppError> {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.dummy_hash.to_string());
        self.run(move || {
            let parsed = PasswordHash::new(&hash).map_err(|e| anyhow!("stored hash: {e}"))?;
            let argon2 = argon2();
            let matches = |candidate: &str| {
                argon2
                    .verify_password(candidate.as_bytes(), &parsed)
                    .is_ok()
            };
            let normalized: String = password.nfc().collect();
            let mut valid = matches(&normalized);
            // A hash stored before passwords were normalized may be of another form; such
            // a password, once it matches, is rehashed in NFC. The second verify depends
            // only on the typed password, never on whether the account exists.
            let legacy = !valid && !is_nfc(&password) && matches(&password);
            valid |= legacy;
            Ok(Verification {
                valid: valid && known,
                needs_rehash: valid && known && (legacy || !is_current(&parsed)),
            })
        })
        .await
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
    ) -> Result<T, AppError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                let _ = reply.send(work());
            }))
            .map_err(|_| AppError::internal(anyhow!("the password hashing threads stopped")))?;
        answer
            .await
            .map_err(|_| AppError::internal(anyhow!("a hashing job was dropped")))?
            .map_err(AppError::Internal)
    }
}

#[cfg(test)]
#[path = "../tests/unit/auth_passwords.rs"]
mod tests;
