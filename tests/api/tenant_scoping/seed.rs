//! Random tenant data for the scoping property: strategies, and seeding them through the
//! repository. Strings come from small pools shared by both tenants (references,
//! idempotency keys, audit subjects, the provider template), so a query that forgot its
//! tenant condition would find the other tenant's rows.

use inquiry_portal::{
    auth::api_keys,
    crypto::sha256_hex,
    db::{now, Database},
    domain::{
        random_token, Email, InquiryStatus, LinkKind, LinkState, ResumeOnClick, Role, TenantName,
        TenantSlug,
    },
    entities::{
        api_keys as keys, inquiries, links, template_connections, tenants, users,
        webhook_deliveries, webhook_endpoints,
    },
    repo::{self, audit::AuditEntry, TenantScope},
};
use proptest::prelude::*;

pub const REFERENCES: [&str; 3] = ["ref-shared-1", "ref-shared-2", "ref-shared-3"];
pub const LINK_STATES: [LinkState; 3] = [LinkState::Active, LinkState::Paused, LinkState::Revoked];
pub const STATUSES: [InquiryStatus; 6] = [
    InquiryStatus::Created,
    InquiryStatus::Pending,
    InquiryStatus::Completed,
    InquiryStatus::Approved,
    InquiryStatus::Expired,
    InquiryStatus::Failed,
];
pub const ACTIONS: [&str; 3] = ["link.created", "link.revoked", "inquiry.resumed"];
pub const SUBJECTS: [&str; 3] = [
    "inquiry:inq_shared",
    "link:lnk_shared",
    "api_key:key_shared",
];
pub const IDEMPOTENCY_KEYS: [&str; 3] = ["key-1", "key-2", "key-3"];
pub const TEMPLATE: &str = "itmpl_shared";
const CURRENT_VERSION: &str = "itmplv_current";
const OLD_VERSION: &str = "itmplv_old";

#[derive(Clone, Debug)]
pub struct LinkSeed {
    pub kind: LinkKind,
    pub reference: Option<usize>,
    pub state: usize,
    pub expires_in_hours: i64,
    pub clicks: i64,
    /// Each inquiry's status, and whether it is pinned to the superseded template version.
    pub inquiries: Vec<(usize, bool)>,
    pub access_links: usize,
    pub browsers: usize,
}

#[derive(Clone, Debug)]
pub struct TenantSeed {
    pub members: Vec<Role>,
    pub links: Vec<LinkSeed>,
    /// One key each; true when revoked.
    pub keys: Vec<bool>,
    /// (action, subject) indexes into the pools.
    pub events: Vec<(usize, usize)>,
    /// Pool indexes, with whether the request completed.
    pub idempotency: Vec<(usize, bool)>,
    pub api_requests_per_minute: Option<i32>,
}

fn link_seed() -> impl Strategy<Value = LinkSeed> {
    (
        prop_oneof![Just(LinkKind::Dedicated), Just(LinkKind::Static)],
        proptest::option::of(0..REFERENCES.len()),
        0..LINK_STATES.len(),
        1i64..24 * 30,
        0i64..3,
        proptest::collection::vec((0..STATUSES.len(), any::<bool>()), 0..3),
        0usize..2,
        0usize..2,
    )
        .prop_map(
            |(
                kind,
                reference,
                state,
                expires_in_hours,
                clicks,
                inquiries,
                access_links,
                browsers,
            )| {
                LinkSeed {
                    kind,
                    reference,
                    state,
                    expires_in_hours,
                    clicks,
                    inquiries,
                    access_links,
                    browsers,
                }
            },
        )
}

pub fn tenant_seed() -> impl Strategy<Value = TenantSeed> {
    (
        proptest::collection::vec(proptest::sample::select(Role::TENANT_ROLES.to_vec()), 0..3),
        proptest::collection::vec(link_seed(), 1..4),
        proptest::collection::vec(any::<bool>(), 0..3),
        proptest::collection::vec((0..ACTIONS.len(), 0..SUBJECTS.len()), 0..5),
        proptest::collection::vec((0..IDEMPOTENCY_KEYS.len(), any::<bool>()), 0..3),
        proptest::option::of(1i32..1000),
    )
        .prop_map(
            |(members, links, keys, events, idempotency, api_requests_per_minute)| TenantSeed {
                members,
                links,
                keys,
                events,
                idempotency,
                api_requests_per_minute,
            },
        )
}

/// What seeding made: the rows the other tenant will name.
pub struct Seeded {
    pub tenant: tenants::Model,
    pub users: Vec<users::Model>,
    pub keys: Vec<keys::Model>,
    pub connection: template_connections::Model,
    pub links: Vec<links::Model>,
    pub inquiries: Vec<inquiries::Model>,
    pub endpoint: webhook_endpoints::Model,
    pub deliveries: Vec<webhook_deliveries::Model>,
}

impl Seeded {
    pub fn scope(&self) -> TenantScope {
        TenantScope::new(self.tenant.id)
    }
}

/// A unique name part, so cases can share one database.
fn unique() -> String {
    random_token(9).to_lowercase().replace(['-', '_'], "x")
}

pub async fn seed(db: &Database, seed: &TenantSeed) -> Seeded {
    let conn = &db.connection;
    let slug = format!("t{}", unique());
    let tenant = repo::tenants::insert(
        conn,
        &TenantSlug::parse(&slug).unwrap(),
        &TenantName::parse("Scoping tenant").unwrap(),
    )
    .await
    .unwrap();
    let scope = TenantScope::new(tenant.id);
    let mut users = Vec::new();
    for role in std::iter::once(Role::Owner).chain(seed.members.iter().copied()) {
        let email = Email::parse(&format!("{}@{slug}.test", unique())).unwrap();
        let user = repo::users::insert(
            conn,
            repo::users::NewUser {
                email: &email,
                password_hash: "not-a-real-hash".into(),
                role,
            },
        )
        .await
        .unwrap();
        repo::memberships::insert_if_absent(conn, scope, user.id, role)
            .await
            .unwrap();
        users.push(user);
    }
    // An invitation, so the tenant's invitation list has something to leak.
    let invited = Email::parse(&format!("{}@invited.test", unique())).unwrap();
    repo::invitations::insert(
        conn,
        scope,
        repo::invitations::NewInvitation {
            email: &invited,
            role: Role::Viewer,
            token_hash: sha256_hex(unique()),
            invited_by: "system:test",
            expires_at: now() + 3600,
        },
    )
    .await
    .unwrap();
    let actor = format!("user:{}", users[0].public_id);
    let keys = seed_keys(db, scope, &seed.keys, &actor).await;
    let connection = repo::template_connections::insert(
        conn,
        scope,
        repo::template_connections::NewConnection {
            provider_template_id: TEMPLATE,
            name: "Shared template",
            current_version_id: Some(CURRENT_VERSION),
            default_expires_in_seconds: 3600,
            allowed_fields: &[],
        },
    )
    .await
    .unwrap();
    let mut seeded = Seeded {
        tenant,
        users,
        keys,
        connection,
        links: Vec::new(),
        inquiries: Vec::new(),
        endpoint: seed_endpoint(db, scope, &actor).await,
        deliveries: Vec::new(),
    };
    for link in &seed.links {
        seed_link(db, &mut seeded, link, &actor).await;
    }
    seed_trail(db, scope, seed, &actor).await;
    seed_deliveries(db, &mut seeded).await;
    seeded
}

/// A webhook endpoint for every event.
async fn seed_endpoint(db: &Database, scope: TenantScope, actor: &str) -> webhook_endpoints::Model {
    let endpoint = repo::webhook_endpoints::NewEndpoint {
        url: "https://hooks.example.com/in",
        event_types: "",
        secret_encrypted: "v1.not.a-secret",
        created_by: actor,
    };
    repo::webhook_endpoints::insert(&db.connection, scope, endpoint)
        .await
        .unwrap()
}

/// One `link.revoked` event per link, so the endpoint has deliveries.
async fn seed_deliveries(db: &Database, seeded: &mut Seeded) {
    use inquiry_portal::domain::{WebhookEvent, WebhookEventType};
    for link in &seeded.links {
        let event = WebhookEvent::new(WebhookEventType::LinkRevoked).link(&link.public_id);
        repo::webhook_outbox::enqueue(&db.connection, seeded.scope(), &event)
            .await
            .unwrap();
    }
    seeded.deliveries = repo::webhook_deliveries::of_endpoint(
        &db.connection,
        seeded.scope(),
        seeded.endpoint.id,
        1000,
    )
    .await
    .unwrap()
    .into_iter()
    .map(|(delivery, _)| delivery)
    .collect();
}

async fn seed_keys(
    db: &Database,
    scope: TenantScope,
    revoked: &[bool],
    actor: &str,
) -> Vec<keys::Model> {
    let mut made = Vec::new();
    for revoke in revoked {
        let minted = api_keys::mint();
        let key = repo::api_keys::insert(
            &db.connection,
            scope,
            repo::api_keys::NewApiKey {
                name: "Scoping key",
                prefix: &minted.prefix,
                secret_hash: &minted.hash,
                created_by: actor,
            },
        )
        .await
        .unwrap();
        if *revoke {
            repo::api_keys::revoke(&db.connection, scope, key.id)
                .await
                .unwrap();
        }
        made.push(key);
    }
    made
}

async fn seed_link(db: &Database, seeded: &mut Seeded, seed: &LinkSeed, actor: &str) {
    let conn = &db.connection;
    let scope = seeded.scope();
    let link = repo::links::insert(
        conn,
        scope,
        repo::links::NewLink {
            template_connection_id: seeded.connection.id,
            kind: seed.kind,
            token_hash: &sha256_hex(random_token(32)),
            token_encrypted: "not-really-encrypted",
            reference_id: seed.reference.map(|i| REFERENCES[i]),
            prefill_encrypted: None,
            resume_on_click: ResumeOnClick::default(),
            access_code_hash: None,
            expires_at: now() + seed.expires_in_hours * 3600,
            active_from: None,
            max_inquiries: None,
            always_new: false,
            language: None,
            created_by: actor,
        },
    )
    .await
    .unwrap();
    repo::links::set_state(conn, scope, link.id, LINK_STATES[seed.state])
        .await
        .unwrap();
    if seed.clicks > 0 {
        repo::links::add_clicks(conn, link.id, seed.clicks, now())
            .await
            .unwrap();
    }
    for _ in 0..seed.browsers {
        repo::links::bind_browser(conn, link.id, &sha256_hex(random_token(16)), None)
            .await
            .unwrap();
    }
    for (status, stale) in &seed.inquiries {
        let inquiry = repo::inquiries::insert(
            conn,
            scope,
            repo::inquiries::NewInquiry {
                link_id: Some(link.id),
                provider_inquiry_id: &format!("inq_{}", unique()),
                reference_id: seed.reference.map(|i| REFERENCES[i]),
                template_version_id: Some(if *stale { OLD_VERSION } else { CURRENT_VERSION }),
                status: STATUSES[*status],
                expires_at: None,
                session_token_encrypted: None,
                session_token_expires_at: None,
            },
        )
        .await
        .unwrap();
        repo::links::set_current_inquiry(conn, link.id, inquiry.id)
            .await
            .unwrap();
        for _ in 0..seed.access_links {
            repo::access_links::insert(
                conn,
                scope,
                inquiry.id,
                &sha256_hex(random_token(16)),
                now() + 3600,
                actor,
            )
            .await
            .unwrap();
        }
        seeded.inquiries.push(inquiry);
    }
    let link = repo::links::find_by_id(conn, scope, link.id)
        .await
        .unwrap()
        .expect("the link just made");
    seeded.links.push(link);
}

async fn seed_trail(db: &Database, scope: TenantScope, seed: &TenantSeed, actor: &str) {
    let conn = &db.connection;
    for (action, subject) in &seed.events {
        repo::audit::record(
            conn,
            AuditEntry {
                tenant_id: Some(scope.tenant_id()),
                actor,
                action: ACTIONS[*action],
                subject: Some(SUBJECTS[*subject]),
                details: None,
            },
        )
        .await
        .unwrap();
    }
    for (key, completed) in &seed.idempotency {
        let key = IDEMPOTENCY_KEYS[*key];
        let claim = repo::idempotency::NewClaim {
            key,
            request_hash: "request-hash",
            claim_token: "seed-claim",
            at: now(),
        };
        let claimed = repo::idempotency::claim(conn, scope, claim).await.unwrap();
        if *completed {
            let (repo::idempotency::Claimed::New(record)
            | repo::idempotency::Claimed::Existing(record)) = claimed;
            repo::idempotency::complete(conn, record.id, "seed-claim", 201, "{}")
                .await
                .unwrap();
        }
    }
    if let Some(limit) = seed.api_requests_per_minute {
        let mut policy = repo::policies::get(conn, scope).await.unwrap();
        policy.api_requests_per_minute = limit;
        repo::policies::save(conn, scope, &policy).await.unwrap();
    }
}
