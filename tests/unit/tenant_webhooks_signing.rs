use super::*;

/// The Standard Webhooks specification's published example (also in its libraries'
/// test suites).
#[test]
fn the_specification_test_vector_is_signed_as_published() {
    let signature = sign(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330,
        r#"{"test": 2432232314}"#,
    );
    assert_eq!(
        signature.as_deref(),
        Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    );
}

#[test]
fn a_rotation_sends_one_signature_per_secret() {
    let secrets = [generate_secret(), generate_secret()];
    let header = signature_header(&secrets, "msg_1", 1, "{}");
    let entries: Vec<&str> = header.split(' ').collect();
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|entry| entry.starts_with("v1,")));
    assert_ne!(entries[0], entries[1]);
}

#[test]
fn a_secret_without_the_prefix_signs_nothing() {
    assert_eq!(
        sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg", 1, "{}"),
        None
    );
    assert!(secret_key(&generate_secret()).is_some_and(|key| key.len() == 32));
}
