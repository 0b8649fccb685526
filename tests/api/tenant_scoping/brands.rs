//! The brand's scoped repository functions, in the tenant-scoping property: each tenant
//! has a brand and a logo; the caller reads only its own, finds nothing under the other
//! tenant's logo digest, and saving its own brand leaves the other's alone.

use inquiry_portal::{
    db::Database,
    repo::{self, brands::BrandFields},
};

use super::seed::Seeded;

/// A brand and a logo named by a digest of the tenant's own; returns the digest.
pub async fn seed_brand(db: &Database, seeded: &Seeded) -> String {
    let conn = &db.connection;
    let digest = format!("{:064x}", seeded.tenant.id);
    let fields = BrandFields {
        display_name: Some(&seeded.tenant.name),
        accent_colour: Some("#1d4ed8"),
        support_email: None,
        support_url: Some("https://help.example/"),
    };
    repo::brands::save_fields(conn, seeded.scope(), fields)
        .await
        .unwrap();
    repo::brands::save_logo(conn, seeded.scope(), Some((vec![1, 2, 3], digest.clone())))
        .await
        .unwrap();
    digest
}

/// What the caller reads of its own brand.
pub async fn own_view(db: &Database, caller: &Seeded, digest: &str) -> String {
    let conn = &db.connection;
    format!(
        "{:?}{:?}{:?}",
        repo::brands::find(conn, caller.scope()).await.unwrap(),
        repo::brands::find_without_logo(conn, caller.scope())
            .await
            .unwrap(),
        repo::brands::logo(conn, caller.scope(), digest)
            .await
            .unwrap()
    )
}

/// The caller asks for the other tenant's logo by its digest, then saves its own brand.
pub async fn reach_the_other(db: &Database, caller: &Seeded, other_digest: &str) {
    let conn = &db.connection;
    let found = repo::brands::logo(conn, caller.scope(), other_digest)
        .await
        .unwrap();
    assert!(found.is_none(), "the other tenant's logo came back");
    let fields = BrandFields {
        display_name: Some("Changed"),
        accent_colour: None,
        support_email: None,
        support_url: None,
    };
    repo::brands::save_fields(conn, caller.scope(), fields)
        .await
        .unwrap();
    repo::brands::save_logo(conn, caller.scope(), None)
        .await
        .unwrap();
}

/// The other tenant's brand row as stored.
pub async fn snapshot(db: &Database, other: &Seeded) -> String {
    format!(
        "{:?}",
        repo::brands::find(&db.connection, other.scope())
            .await
            .unwrap()
    )
}
