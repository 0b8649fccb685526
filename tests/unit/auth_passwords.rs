//! Unit tests of `src/auth/passwords.rs` (a child module of it, so private items are in reach).

use super::*;

#[tokio::test]
async fn hashes_use_argon2id_with_owasp_parameters_and_verify() {
    let hasher = PasswordHasher::new().unwrap();
    let password = Password::parse("a long enough password").unwrap();
    let hash = hasher.hash(&password).await.unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    let ok = hasher
        .verify("a long enough password".into(), Some(hash.clone()))
        .await
        .unwrap();
    assert!(ok.valid && !ok.needs_rehash);
    let wrong = hasher
        .verify("another password!".into(), Some(hash))
        .await
        .unwrap();
    assert!(!wrong.valid);
}

#[tokio::test]
async fn an_unknown_account_never_verifies_even_with_the_dummy_password() {
    let hasher = PasswordHasher::new().unwrap();
    let result = hasher
        .verify("dummy password for unknown accounts".into(), None)
        .await
        .unwrap();
    assert!(!result.valid);
}

#[tokio::test]
async fn a_weaker_legacy_hash_verifies_and_asks_for_a_rehash() {
    let salt = SaltString::generate(&mut OsRng);
    let weak = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(8192, 1, 1, None).unwrap(),
    )
    .hash_password(b"legacy password 1", &salt)
    .unwrap()
    .to_string();
    let hasher = PasswordHasher::new().unwrap();
    let result = hasher
        .verify("legacy password 1".into(), Some(weak))
        .await
        .unwrap();
    assert!(result.valid && result.needs_rehash);
}
