//! The calls: every repository function that takes a `TenantScope`, made with the
//! caller's scope — first on its own (its view of its own data), then with the other
//! tenant's ids and keys.

use inquiry_portal::{
    db::{now, Database},
    domain::{random_token, InquiryStatus, LinkKind, LinkState, ResumeOnClick, Role},
    repo::{self, audit::AuditFilter, links::LinkFilter},
};

use super::seed::{Seeded, ACTIONS, IDEMPOTENCY_KEYS, REFERENCES, SUBJECTS, TEMPLATE};

/// Everything the caller can read of its own tenant without naming another tenant's
/// rows, as text: the answers of every listing, count and lookup by shared names.
pub async fn own_view(db: &Database, caller: &Seeded) -> String {
    let conn = &db.connection;
    let scope = caller.scope();
    let mut view = Vec::new();
    view.push(format!(
        "{:?}",
        repo::api_keys::list(conn, scope).await.unwrap()
    ));
    view.push(format!(
        "{:?}",
        repo::audit::recent(conn, scope, 100).await.unwrap()
    ));
    let mut names: Vec<_> = repo::audit::team_names(conn, scope)
        .await
        .unwrap()
        .into_iter()
        .collect();
    names.sort();
    view.push(format!("{names:?}"));
    view.push(format!(
        "{:?}",
        repo::audit::actions(conn, scope).await.unwrap()
    ));
    let subjects: Vec<String> = SUBJECTS.iter().map(|s| s.to_string()).collect();
    view.push(format!(
        "{:?}",
        repo::audit::for_subjects(conn, scope, &subjects, 100)
            .await
            .unwrap()
    ));
    for action in ACTIONS {
        for subject in SUBJECTS {
            view.push(format!(
                "{:?}{:?}",
                repo::audit::times_since(conn, scope, action, subject, 0)
                    .await
                    .unwrap(),
                repo::audit::for_subject(conn, scope, subject, 100)
                    .await
                    .unwrap()
            ));
            let filter = AuditFilter {
                action: Some(action.into()),
                subject: Some(subject.into()),
                ..AuditFilter::default()
            };
            view.push(format!(
                "{:?}",
                repo::audit::search(conn, scope, &filter, None, 100)
                    .await
                    .unwrap()
            ));
        }
    }
    view.push(format!(
        "{:?}",
        repo::audit::search(conn, scope, &AuditFilter::default(), Some(i64::MAX), 100)
            .await
            .unwrap()
    ));
    for key in IDEMPOTENCY_KEYS {
        view.push(format!(
            "{:?}",
            repo::idempotency::find(conn, scope, key).await.unwrap()
        ));
    }
    view.push(links_view(db, caller).await);
    view.push(stats_view(db, caller).await);
    view.push(format!(
        "{:?}{:?}",
        repo::template_connections::list(conn, scope).await.unwrap(),
        repo::template_connections::find_by_template(conn, scope, TEMPLATE)
            .await
            .unwrap()
    ));
    view.push(format!(
        "{:?}{:?}{:?}{:?}{:?}",
        repo::memberships::list_in_tenant(conn, scope)
            .await
            .unwrap(),
        repo::memberships::count_owners(conn, scope).await.unwrap(),
        repo::memberships::count_in_tenant(conn, scope)
            .await
            .unwrap(),
        repo::invitations::recent(conn, scope, 100).await.unwrap(),
        repo::policies::get(conn, scope).await.unwrap()
    ));
    view.join("\n")
}

async fn links_view(db: &Database, caller: &Seeded) -> String {
    let conn = &db.connection;
    let scope = caller.scope();
    let mut view = Vec::new();
    let everything = LinkFilter {
        limit: 100,
        ..LinkFilter::default()
    };
    view.push(format!(
        "{:?}",
        repo::links::list(conn, scope, &everything).await.unwrap()
    ));
    for reference in REFERENCES {
        for filter in [
            LinkFilter {
                reference_id: Some(reference.into()),
                ..everything.clone()
            },
            LinkFilter {
                text: Some(reference.into()),
                state: Some(LinkState::Active),
                kind: Some(LinkKind::Dedicated),
                ..everything.clone()
            },
        ] {
            view.push(format!(
                "{:?}",
                repo::links::list(conn, scope, &filter).await.unwrap()
            ));
        }
    }
    view.join("\n")
}

async fn stats_view(db: &Database, caller: &Seeded) -> String {
    let conn = &db.connection;
    let scope = caller.scope();
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        repo::stats::inquiries_by_status(conn, scope).await.unwrap(),
        repo::stats::funnel(conn, scope).await.unwrap(),
        repo::stats::links_expiring(conn, scope, 0, i64::MAX, 100)
            .await
            .unwrap(),
        repo::stats::links_on_stale_versions(conn, scope, 100)
            .await
            .unwrap(),
        repo::stats::usage(conn, scope).await.unwrap(),
    )
}

/// Lookups by the other tenant's ids and keys: nothing comes back.
/// The caller's own webhook endpoints, deliveries and log.
pub async fn own_webhooks_view(db: &Database, caller: &Seeded) -> String {
    let conn = &db.connection;
    let scope = caller.scope();
    let endpoint = &caller.endpoint;
    let mut view = vec![
        format!(
            "{:?}",
            repo::webhook_endpoints::list(conn, scope).await.unwrap()
        ),
        format!(
            "{:?}",
            repo::webhook_endpoints::enabled(conn, scope).await.unwrap()
        ),
        format!(
            "{:?}",
            repo::webhook_endpoints::find(conn, scope, &endpoint.public_id)
                .await
                .unwrap()
        ),
        format!(
            "{:?}",
            repo::webhook_endpoints::count_auto_disabled(conn, scope)
                .await
                .unwrap()
        ),
        format!(
            "{:?}",
            repo::webhook_deliveries::of_endpoint(conn, scope, endpoint.id, 100)
                .await
                .unwrap()
        ),
        format!(
            "{:?}",
            repo::webhook_deliveries::attempts_of_endpoint(conn, scope, endpoint.id, 100)
                .await
                .unwrap()
        ),
    ];
    for delivery in &caller.deliveries {
        view.push(format!(
            "{:?}",
            repo::webhook_deliveries::find(conn, scope, &delivery.public_id)
                .await
                .unwrap()
        ));
    }
    view.join("\n")
}

/// The other tenant's webhook rows, looked up and changed with the caller's scope.
pub async fn reach_the_others_webhooks(db: &Database, caller: &Seeded, other: &Seeded) {
    let conn = &db.connection;
    let scope = caller.scope();
    let theirs = &other.endpoint;
    assert!(
        repo::webhook_endpoints::find(conn, scope, &theirs.public_id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        repo::webhook_deliveries::of_endpoint(conn, scope, theirs.id, 100)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        repo::webhook_deliveries::attempts_of_endpoint(conn, scope, theirs.id, 100)
            .await
            .unwrap()
            .is_empty()
    );
    for delivery in &other.deliveries {
        assert!(
            repo::webhook_deliveries::find(conn, scope, &delivery.public_id)
                .await
                .unwrap()
                .is_none()
        );
        assert!(!repo::webhook_deliveries::requeue(conn, scope, delivery.id)
            .await
            .unwrap());
    }
    assert_eq!(
        repo::webhook_deliveries::requeue_failed_since(conn, scope, theirs.id, 0)
            .await
            .unwrap(),
        0
    );
    assert!(
        !repo::webhook_endpoints::set_enabled(conn, scope, theirs.id, false)
            .await
            .unwrap()
    );
    assert!(
        !repo::webhook_endpoints::rotate_secret(conn, scope, theirs, "v1.other.secret", 0)
            .await
            .unwrap()
    );
    assert!(!repo::webhook_endpoints::delete(conn, scope, theirs.id)
        .await
        .unwrap());
}

pub async fn look_up_the_others_rows(db: &Database, caller: &Seeded, other: &Seeded) {
    let conn = &db.connection;
    let scope = caller.scope();
    for key in &other.keys {
        assert!(repo::api_keys::find(conn, scope, &key.public_id)
            .await
            .unwrap()
            .is_none());
    }
    for user in &other.users {
        assert!(
            repo::memberships::find_by_public_id(conn, scope, &user.public_id)
                .await
                .unwrap()
                .is_none()
        );
        assert!(repo::memberships::find(conn, scope, user.id)
            .await
            .unwrap()
            .is_none());
        let by_actor = AuditFilter {
            actor: Some(format!("user:{}", user.public_id)),
            ..AuditFilter::default()
        };
        assert!(repo::audit::search(conn, scope, &by_actor, None, 100)
            .await
            .unwrap()
            .is_empty());
    }
    assert!(
        repo::template_connections::find_by_id(conn, scope, other.connection.id)
            .await
            .unwrap()
            .is_none()
    );
    for link in &other.links {
        assert!(repo::links::find(conn, scope, &link.public_id)
            .await
            .unwrap()
            .is_none());
        assert!(repo::links::find_by_id(conn, scope, link.id)
            .await
            .unwrap()
            .is_none());
        assert!(repo::links::public_id_of(conn, scope, link.id)
            .await
            .unwrap()
            .is_none());
        assert!(repo::inquiry_status::find_link(conn, scope, link.id)
            .await
            .unwrap()
            .is_none());
        assert!(repo::inquiries::for_link(conn, scope, link.id)
            .await
            .unwrap()
            .is_empty());
        let after = LinkFilter {
            after: Some(link.public_id.clone()),
            limit: 100,
            ..LinkFilter::default()
        };
        assert!(repo::links::list(conn, scope, &after)
            .await
            .unwrap()
            .is_empty());
        let subject = repo::audit::link_subject(&link.public_id);
        assert!(repo::audit::for_subject(conn, scope, &subject, 100)
            .await
            .unwrap()
            .is_empty());
    }
    for inquiry in &other.inquiries {
        assert!(
            repo::inquiries::find(conn, scope, &inquiry.provider_inquiry_id)
                .await
                .unwrap()
                .is_none()
        );
        assert!(repo::inquiries::find_by_id(conn, scope, inquiry.id)
            .await
            .unwrap()
            .is_none());
        assert!(repo::access_links::minted_since(conn, scope, inquiry.id, 0)
            .await
            .unwrap()
            .is_empty());
    }
    for key in IDEMPOTENCY_KEYS {
        if let Some(record) = repo::idempotency::find(conn, scope, key).await.unwrap() {
            assert_eq!(record.tenant_id, scope.tenant_id(), "{key}");
        }
    }
}

/// Changes aimed at the other tenant's rows, and creations naming them: the other tenant's
/// rows stay as they were (the caller checks), and what is created is the caller's.
pub async fn change_the_others_rows(db: &Database, caller: &Seeded, other: &Seeded) {
    let conn = &db.connection;
    let scope = caller.scope();
    let actor = format!("user:{}", caller.users[0].public_id);
    for key in &other.keys {
        assert!(!repo::api_keys::revoke(conn, scope, key.id).await.unwrap());
    }
    for user in &other.users {
        // The other tenant's memberships, named by their ids through the caller's scope.
        let theirs = repo::memberships::find(conn, other.scope(), user.id)
            .await
            .unwrap()
            .expect("the other tenant's membership");
        repo::memberships::update_access(conn, scope, theirs.id, Role::Viewer, true)
            .await
            .unwrap();
        repo::memberships::end_sessions(conn, scope, theirs.id)
            .await
            .unwrap();
    }
    for link in &other.links {
        repo::links::set_state(conn, scope, link.id, LinkState::Revoked)
            .await
            .unwrap();
        repo::links::set_expiry(conn, scope, link.id, now() - 1, LinkState::Expired)
            .await
            .unwrap();
        repo::links::unlock(conn, scope, link.id).await.unwrap();
    }
    // Completing and releasing a claim take its record and its claim token (a secret only
    // the claiming request holds), so they take no scope; claiming goes through the scope.
    for key in IDEMPOTENCY_KEYS {
        let claim = repo::idempotency::NewClaim {
            key,
            request_hash: "another-hash",
            claim_token: "another-claim",
            at: now(),
        };
        repo::idempotency::claim(conn, scope, claim).await.unwrap();
    }
    let others_policy = repo::policies::get(conn, other.scope()).await.unwrap();
    repo::policies::save(conn, scope, &others_policy)
        .await
        .unwrap();
    create_naming_the_others_rows(db, caller, other, &actor).await;
}

async fn create_naming_the_others_rows(
    db: &Database,
    caller: &Seeded,
    other: &Seeded,
    actor: &str,
) {
    let conn = &db.connection;
    let scope = caller.scope();
    let minted = inquiry_portal::auth::api_keys::mint();
    let key = repo::api_keys::insert(
        conn,
        scope,
        repo::api_keys::NewApiKey {
            name: "Created by the property",
            prefix: &minted.prefix,
            secret_hash: &minted.hash,
            created_by: actor,
        },
    )
    .await
    .unwrap();
    assert_eq!(key.tenant_id, scope.tenant_id());
    let template_id = format!("itmpl_{}", random_token(9));
    let connection = repo::template_connections::insert(
        conn,
        scope,
        repo::template_connections::NewConnection {
            provider_template_id: &template_id,
            name: "Created by the property",
            current_version_id: None,
            default_expires_in_seconds: 3600,
            allowed_fields: &[],
        },
    )
    .await
    .unwrap();
    assert_eq!(connection.tenant_id, scope.tenant_id());
    let link = repo::links::insert(
        conn,
        scope,
        repo::links::NewLink {
            template_connection_id: other.connection.id,
            kind: LinkKind::Dedicated,
            token_hash: &inquiry_portal::crypto::sha256_hex(random_token(32)),
            token_encrypted: "not-really-encrypted",
            reference_id: Some(REFERENCES[0]),
            prefill_encrypted: None,
            resume_on_click: ResumeOnClick::default(),
            access_code_hash: None,
            expires_at: now() + 3600,
            active_from: None,
            max_inquiries: None,
            always_new: false,
            language: None,
            created_by: actor,
        },
    )
    .await
    .unwrap();
    assert_eq!(link.tenant_id, scope.tenant_id());
    let other_link = other.links.first().map(|link| link.id);
    let inquiry = repo::inquiries::insert(
        conn,
        scope,
        repo::inquiries::NewInquiry {
            link_id: other_link,
            provider_inquiry_id: &format!("inq_{}", random_token(9)),
            reference_id: None,
            template_version_id: None,
            status: InquiryStatus::Created,
            expires_at: None,
            session_token_encrypted: None,
            session_token_expires_at: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(inquiry.tenant_id, scope.tenant_id());
    if let Some(others_inquiry) = other.inquiries.first() {
        let access = repo::access_links::insert(
            conn,
            scope,
            others_inquiry.id,
            &inquiry_portal::crypto::sha256_hex(random_token(16)),
            now() + 3600,
            actor,
        )
        .await
        .unwrap();
        assert_eq!(access.tenant_id, scope.tenant_id());
    }
}
