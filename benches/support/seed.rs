// Seeds the benchmark database through the portal's own library (included by portal.rs).

use inquiry_portal::{
    accounts::{self, NewTenantRequest},
    auth::{api_keys, PasswordHasher},
    crypto::{sha256_hex, DataCipher},
    db::{now, Database},
    domain::{InquiryStatus, LinkKind, LinkState, LinkToken, ResumeOnClick},
    entities::links,
    repo::{self, inquiries::NewInquiry, links::NewLink, template_connections::NewConnection, TenantScope},
    templates,
};
use sea_orm::{EntityTrait, Set};

pub const PASSWORD: &str = "benchmark password 1";
pub const OWNER_EMAIL: &str = "owner@bench.test";

/// How many admins the login storm signs in at once, each with an account of their own.
pub const LOGIN_ADMINS: usize = 32;

pub fn admin_email(admin: usize) -> String {
    format!("admin{admin}@bench.test")
}

pub struct Seeded {
    pub hot_token: String,
    /// A dedicated link no browser has opened yet: its GET answers the Continue page.
    pub first_contact_token: String,
    pub browser_cookie: String,
    pub hot_inquiry: String,
    pub api_key: String,
}

pub async fn seed(database_url: &str, data_key: &[u8], _public_url: &str, count: usize) -> Seeded {
    let db = Database::connect(database_url, 4).await.expect("database");
    db.migrate().await.expect("migrations");
    let hasher = PasswordHasher::new().expect("hasher");
    let cipher = DataCipher::new(data_key).expect("cipher");
    let (tenant, _) = accounts::create_tenant_with_owner(
        &db,
        &hasher,
        "system:bench",
        NewTenantRequest { slug: "bench", name: "Bench", admin_email: OWNER_EMAIL, admin_password: PASSWORD },
    )
    .await
    .unwrap_or_else(|_| panic!("tenant"));
    // The login storm's admins: one account each, as 32 people signing in at once have.
    for admin in 1..=LOGIN_ADMINS {
        let slug = format!("bench-admin-{admin}");
        let email = admin_email(admin);
        accounts::create_tenant_with_owner(
            &db,
            &hasher,
            "system:bench",
            NewTenantRequest { slug: &slug, name: &slug, admin_email: &email, admin_password: PASSWORD },
        )
        .await
        .unwrap_or_else(|_| panic!("admin tenant"));
    }
    let scope = TenantScope::new(tenant.id);
    let connection = templates::insert_connection(
        &db,
        &tenant,
        "system:bench",
        NewConnection {
            provider_template_id: "itmpl_benchmark00000000000",
            name: "Bench",
            current_version_id: Some("itmplv_benchmark0000000000"),
            default_expires_in_seconds: 30 * 86_400,
            allowed_fields: &[],
        },
    )
    .await
    .expect("template connection");
    let mut policy = repo::policies::defaults(tenant.id);
    policy.api_requests_per_minute = i32::MAX;
    repo::policies::save(&db.connection, scope, &policy).await.expect("policy");

    let expires_at = now() + 30 * 86_400;
    let mut batch = Vec::with_capacity(1000);
    for index in 0..count {
        let token = LinkToken::generate();
        let hash = token.hash();
        let encrypted = cipher.encrypt(token.expose(), &format!("link-token:{hash}")).expect("encrypt");
        batch.push(links::ActiveModel {
            public_id: Set(format!("lnk_bench{index:012}")),
            tenant_id: Set(tenant.id),
            template_connection_id: Set(connection.id),
            kind: Set(LinkKind::Dedicated),
            token_hash: Set(hash),
            token_encrypted: Set(encrypted),
            state: Set(LinkState::Active),
            resume_on_click: Set(ResumeOnClick::SameBrowser),
            access_code_attempts: Set(0),
            expires_at: Set(expires_at),
            inquiries_created: Set(0),
            always_new: Set(false),
            click_count: Set(0),
            created_by: Set("system:bench".into()),
            created_at: Set(now()),
            updated_at: Set(now()),
            ..Default::default()
        });
        if batch.len() == 1000 || index + 1 == count {
            let write = db.begin_write().await.expect("transaction");
            links::Entity::insert_many(std::mem::take(&mut batch))
                .exec(&*write)
                .await
                .expect("insert links");
            write.commit().await.expect("commit");
        }
    }

    let first_contact_token = first_contact_link(&db, &cipher, scope, connection.id, expires_at).await;

    // The hot link: bound to one browser, its inquiry pending with a stored session token.
    let token = LinkToken::generate();
    let hash = token.hash();
    let link = repo::links::insert(
        &db.connection,
        scope,
        NewLink {
            template_connection_id: connection.id,
            kind: LinkKind::Dedicated,
            token_hash: &hash,
            token_encrypted: &cipher.encrypt(token.expose(), &format!("link-token:{hash}")).expect("encrypt"),
            reference_id: Some("bench-hot"),
            prefill_encrypted: None,
            resume_on_click: ResumeOnClick::SameBrowser,
            access_code_hash: None,
            expires_at,
            active_from: None,
            max_inquiries: None,
            always_new: false,
            language: None,
            created_by: "system:bench",
        },
    )
    .await
    .expect("hot link");
    let inquiry_id = "inq_benchmarkhot000000000";
    let session_token = inquiry_portal::domain::random_token(32);
    let inquiry = repo::inquiries::insert(
        &db.connection,
        scope,
        NewInquiry {
            link_id: Some(link.id),
            provider_inquiry_id: inquiry_id,
            reference_id: Some("bench-hot"),
            template_version_id: Some("itmplv_benchmark0000000000"),
            status: InquiryStatus::Pending,
            expires_at: Some(now() + 86_400),
            session_token_encrypted: Some(
                cipher.encrypt(&session_token, &format!("session-token:{inquiry_id}")).expect("encrypt"),
            ),
            session_token_expires_at: Some(now() + 86_400),
        },
    )
    .await
    .expect("hot inquiry");
    repo::links::set_current_inquiry(&db.connection, link.id, inquiry.id).await.expect("current");
    let browser_cookie = inquiry_portal::domain::random_token(24);
    repo::links::bind_browser(&db.connection, link.id, &sha256_hex(&browser_cookie), Some(inquiry.id))
        .await
        .expect("bind");
    let (_, api_key) = api_keys::issue_key(&db, scope, "bench", "system:bench").await.expect("key");
    Seeded {
        hot_token: token.expose().to_owned(),
        first_contact_token,
        browser_cookie,
        hot_inquiry: inquiry_id.to_owned(),
        api_key,
    }
}

/// A dedicated link with its inquiry created and no browser bound: what a mail scanner
/// (or the person, the first time) opens. Returns its token.
async fn first_contact_link(
    db: &Database,
    cipher: &DataCipher,
    scope: TenantScope,
    template_connection_id: i32,
    expires_at: i64,
) -> String {
    let token = LinkToken::generate();
    let hash = token.hash();
    let link = repo::links::insert(
        &db.connection,
        scope,
        NewLink {
            template_connection_id,
            kind: LinkKind::Dedicated,
            token_hash: &hash,
            token_encrypted: &cipher.encrypt(token.expose(), &format!("link-token:{hash}")).expect("encrypt"),
            reference_id: Some("bench-first-contact"),
            prefill_encrypted: None,
            resume_on_click: ResumeOnClick::SameBrowser,
            access_code_hash: None,
            expires_at,
            active_from: None,
            max_inquiries: None,
            always_new: false,
            language: None,
            created_by: "system:bench",
        },
    )
    .await
    .expect("first-contact link");
    let inquiry = repo::inquiries::insert(
        &db.connection,
        scope,
        NewInquiry {
            link_id: Some(link.id),
            provider_inquiry_id: "inq_benchmarkfirst0000000",
            reference_id: Some("bench-first-contact"),
            template_version_id: Some("itmplv_benchmark0000000000"),
            status: InquiryStatus::Created,
            expires_at: Some(now() + 86_400),
            session_token_encrypted: None,
            session_token_expires_at: None,
        },
    )
    .await
    .expect("first-contact inquiry");
    repo::links::set_current_inquiry(&db.connection, link.id, inquiry.id).await.expect("current");
    token.expose().to_owned()
}
