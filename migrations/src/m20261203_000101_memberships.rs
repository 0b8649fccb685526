//! One login, several tenants: `memberships` carry the tenant, the role and the
//! per-tenant disable that used to sit on `users`; `invitations` are the owners'
//! invitations, their tokens stored as SHA-256.
//!
//! Existing tenant users become one membership each. `users.tenant_id` stays in the
//! table (SQLite cannot drop a column under a foreign key and an index) but is emptied
//! and no longer read or written; `users.role` keeps marking operators.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Memberships {
    Table,
    Id,
    UserId,
    TenantId,
    Role,
    Disabled,
    AuthVersion,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    PublicId,
    TenantId,
    Email,
    Role,
    TokenHash,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
    AcceptedAt,
    AcceptedUserId,
}

fn memberships_table() -> TableCreateStatement {
    Table::create()
        .table(Memberships::Table)
        .col(pk_auto(Memberships::Id))
        .col(integer(Memberships::UserId))
        .col(integer(Memberships::TenantId))
        .col(string_len(Memberships::Role, 16))
        .col(boolean(Memberships::Disabled).default(false))
        .col(integer(Memberships::AuthVersion).default(1))
        .col(big_integer(Memberships::CreatedAt))
        .col(big_integer(Memberships::UpdatedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_memberships_user")
                .from(Memberships::Table, Memberships::UserId)
                .to(Users::Table, Users::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_memberships_tenant")
                .from(Memberships::Table, Memberships::TenantId)
                .to(Tenants::Table, Tenants::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

fn invitations_table() -> TableCreateStatement {
    Table::create()
        .table(Invitations::Table)
        .col(pk_auto(Invitations::Id))
        .col(string_len_uniq(Invitations::PublicId, 40))
        .col(integer(Invitations::TenantId))
        .col(string_len(Invitations::Email, 254))
        .col(string_len(Invitations::Role, 16))
        .col(string_len_uniq(Invitations::TokenHash, 64))
        .col(string_len(Invitations::InvitedBy, 60))
        .col(big_integer(Invitations::CreatedAt))
        .col(big_integer(Invitations::ExpiresAt))
        .col(big_integer_null(Invitations::AcceptedAt))
        .col(integer_null(Invitations::AcceptedUserId))
        .foreign_key(
            ForeignKey::create()
                .name("fk_invitations_tenant")
                .from(Invitations::Table, Invitations::TenantId)
                .to(Tenants::Table, Tenants::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_invitations_user")
                .from(Invitations::Table, Invitations::AcceptedUserId)
                .to(Users::Table, Users::Id)
                .on_delete(ForeignKeyAction::SetNull),
        )
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(memberships_table()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_memberships_user_tenant")
                    .table(Memberships::Table)
                    .col(Memberships::UserId)
                    .col(Memberships::TenantId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_memberships_tenant")
                    .table(Memberships::Table)
                    .col(Memberships::TenantId)
                    .to_owned(),
            )
            .await?;
        manager.create_table(invitations_table()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_invitations_tenant")
                    .table(Invitations::Table)
                    .col(Invitations::TenantId)
                    .col(Invitations::Id)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "INSERT INTO memberships \
             (user_id, tenant_id, role, disabled, auth_version, created_at, updated_at) \
             SELECT id, tenant_id, role, disabled, 1, created_at, updated_at \
             FROM users WHERE tenant_id IS NOT NULL",
        )
        .await?;
        // The per-tenant disable moved to the membership; the login itself stays usable.
        db.execute_unprepared(
            "UPDATE users SET tenant_id = NULL, disabled = FALSE WHERE tenant_id IS NOT NULL",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // Each login goes back to its oldest tenant (a login cannot hold more than one).
        db.execute_unprepared(
            "UPDATE users SET tenant_id = (SELECT m.tenant_id FROM memberships m \
             WHERE m.user_id = users.id ORDER BY m.id LIMIT 1) \
             WHERE role <> 'operator'",
        )
        .await?;
        manager
            .drop_table(Table::drop().table(Invitations::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Memberships::Table).to_owned())
            .await
    }
}
