//! The embedded sandbox provider's own tables: templates and their versions, accounts,
//! inquiries, sessions, one-time links, idempotency records and the webhook outbox.
//!
//! Nothing here references the portal's tables: the sandbox stands in for a remote
//! provider and must not know about tenants or links.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SandboxTemplates {
    Table,
    Id,
    PublicId,
    Name,
    Status,
    SeedKey,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SandboxTemplateVersions {
    Table,
    Id,
    PublicId,
    TemplateId,
    Name,
    ExpireAfterCreateSeconds,
    ExpireAfterStartSeconds,
    ExpireAfterResumeSeconds,
    PublishedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SandboxAccounts {
    Table,
    Id,
    PublicId,
    ReferenceId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SandboxInquiries {
    Table,
    Id,
    PublicId,
    TemplatePublicId,
    VersionPublicId,
    AccountPublicId,
    ReferenceId,
    Status,
    Fields,
    RedirectUri,
    Note,
    Tags,
    ExpireAfterCreateSeconds,
    ExpireAfterStartSeconds,
    ExpireAfterResumeSeconds,
    CreatedAt,
    StartedAt,
    CompletedAt,
    FailedAt,
    ExpiredAt,
    ExpiresAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SandboxSessions {
    Table,
    Id,
    PublicId,
    InquiryId,
    TokenHash,
    ExpiresAt,
    ExpiredAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SandboxOneTimeLinks {
    Table,
    Id,
    CodeHash,
    InquiryId,
    SessionId,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SandboxIdempotencyKeys {
    Table,
    Id,
    IdempotencyKey,
    RequestPath,
    RequestHash,
    ResponseStatus,
    ResponseBody,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SandboxWebhookEvents {
    Table,
    Id,
    PublicId,
    InquiryId,
    Name,
    Body,
    Status,
    Attempts,
    NextAttemptAt,
    LastResponseStatus,
    DeliveredAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SandboxTemplates::Table)
                    .col(pk_auto(SandboxTemplates::Id))
                    .col(string_len_uniq(SandboxTemplates::PublicId, 40))
                    .col(string_len(SandboxTemplates::Name, 200))
                    .col(string_len(SandboxTemplates::Status, 16))
                    // Lets the demo seed find its own template without a name lookup races could duplicate.
                    .col(string_len_null(SandboxTemplates::SeedKey, 40).unique_key())
                    .col(big_integer(SandboxTemplates::CreatedAt))
                    .col(big_integer(SandboxTemplates::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SandboxTemplateVersions::Table)
                    .col(pk_auto(SandboxTemplateVersions::Id))
                    .col(string_len_uniq(SandboxTemplateVersions::PublicId, 40))
                    .col(integer(SandboxTemplateVersions::TemplateId))
                    .col(string_len(SandboxTemplateVersions::Name, 200))
                    .col(big_integer(
                        SandboxTemplateVersions::ExpireAfterCreateSeconds,
                    ))
                    .col(big_integer(
                        SandboxTemplateVersions::ExpireAfterStartSeconds,
                    ))
                    .col(big_integer(
                        SandboxTemplateVersions::ExpireAfterResumeSeconds,
                    ))
                    .col(big_integer(SandboxTemplateVersions::PublishedAt))
                    .col(big_integer(SandboxTemplateVersions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sandbox_template_versions_template")
                            .from(
                                SandboxTemplateVersions::Table,
                                SandboxTemplateVersions::TemplateId,
                            )
                            .to(SandboxTemplates::Table, SandboxTemplates::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sandbox_template_versions_template")
                    .table(SandboxTemplateVersions::Table)
                    .col(SandboxTemplateVersions::TemplateId)
                    .col(SandboxTemplateVersions::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SandboxAccounts::Table)
                    .col(pk_auto(SandboxAccounts::Id))
                    .col(string_len_uniq(SandboxAccounts::PublicId, 40))
                    .col(string_len_null(SandboxAccounts::ReferenceId, 255).unique_key())
                    .col(big_integer(SandboxAccounts::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SandboxInquiries::Table)
                    .col(pk_auto(SandboxInquiries::Id))
                    .col(string_len_uniq(SandboxInquiries::PublicId, 40))
                    .col(string_len(SandboxInquiries::TemplatePublicId, 40))
                    .col(string_len(SandboxInquiries::VersionPublicId, 40))
                    .col(string_len(SandboxInquiries::AccountPublicId, 40))
                    .col(string_len_null(SandboxInquiries::ReferenceId, 255))
                    .col(string_len(SandboxInquiries::Status, 20))
                    .col(text(SandboxInquiries::Fields))
                    .col(text_null(SandboxInquiries::RedirectUri))
                    .col(text_null(SandboxInquiries::Note))
                    .col(text(SandboxInquiries::Tags))
                    .col(big_integer_null(SandboxInquiries::ExpireAfterCreateSeconds))
                    .col(big_integer_null(SandboxInquiries::ExpireAfterStartSeconds))
                    .col(big_integer_null(SandboxInquiries::ExpireAfterResumeSeconds))
                    .col(big_integer(SandboxInquiries::CreatedAt))
                    .col(big_integer_null(SandboxInquiries::StartedAt))
                    .col(big_integer_null(SandboxInquiries::CompletedAt))
                    .col(big_integer_null(SandboxInquiries::FailedAt))
                    .col(big_integer_null(SandboxInquiries::ExpiredAt))
                    .col(big_integer_null(SandboxInquiries::ExpiresAt))
                    .col(big_integer(SandboxInquiries::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sandbox_inquiries_version")
                            .from(SandboxInquiries::Table, SandboxInquiries::VersionPublicId)
                            .to(
                                SandboxTemplateVersions::Table,
                                SandboxTemplateVersions::PublicId,
                            )
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sandbox_inquiries_account")
                            .from(SandboxInquiries::Table, SandboxInquiries::AccountPublicId)
                            .to(SandboxAccounts::Table, SandboxAccounts::PublicId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sandbox_inquiries_reference_id")
                    .table(SandboxInquiries::Table)
                    .col(SandboxInquiries::ReferenceId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sandbox_inquiries_status_expires_at")
                    .table(SandboxInquiries::Table)
                    .col(SandboxInquiries::Status)
                    .col(SandboxInquiries::ExpiresAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SandboxSessions::Table)
                    .col(pk_auto(SandboxSessions::Id))
                    .col(string_len_uniq(SandboxSessions::PublicId, 40))
                    .col(integer(SandboxSessions::InquiryId))
                    .col(string_len_uniq(SandboxSessions::TokenHash, 64))
                    .col(big_integer(SandboxSessions::ExpiresAt))
                    .col(big_integer_null(SandboxSessions::ExpiredAt))
                    .col(big_integer(SandboxSessions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sandbox_sessions_inquiry")
                            .from(SandboxSessions::Table, SandboxSessions::InquiryId)
                            .to(SandboxInquiries::Table, SandboxInquiries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sandbox_sessions_inquiry")
                    .table(SandboxSessions::Table)
                    .col(SandboxSessions::InquiryId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SandboxOneTimeLinks::Table)
                    .col(pk_auto(SandboxOneTimeLinks::Id))
                    .col(string_len_uniq(SandboxOneTimeLinks::CodeHash, 64))
                    .col(integer(SandboxOneTimeLinks::InquiryId))
                    .col(integer(SandboxOneTimeLinks::SessionId))
                    .col(big_integer(SandboxOneTimeLinks::ExpiresAt))
                    .col(big_integer_null(SandboxOneTimeLinks::UsedAt))
                    .col(big_integer(SandboxOneTimeLinks::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sandbox_one_time_links_inquiry")
                            .from(SandboxOneTimeLinks::Table, SandboxOneTimeLinks::InquiryId)
                            .to(SandboxInquiries::Table, SandboxInquiries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sandbox_one_time_links_session")
                            .from(SandboxOneTimeLinks::Table, SandboxOneTimeLinks::SessionId)
                            .to(SandboxSessions::Table, SandboxSessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SandboxIdempotencyKeys::Table)
                    .col(big_pk_auto(SandboxIdempotencyKeys::Id))
                    .col(string_len(SandboxIdempotencyKeys::IdempotencyKey, 255))
                    .col(string_len(SandboxIdempotencyKeys::RequestPath, 300))
                    .col(string_len(SandboxIdempotencyKeys::RequestHash, 64))
                    .col(integer(SandboxIdempotencyKeys::ResponseStatus))
                    .col(text(SandboxIdempotencyKeys::ResponseBody))
                    .col(big_integer(SandboxIdempotencyKeys::CreatedAt))
                    .to_owned(),
            )
            .await?;
        // The unique pair is what makes concurrent requests with one key produce one effect.
        manager
            .create_index(
                Index::create()
                    .name("idx_sandbox_idempotency_keys_key_path")
                    .table(SandboxIdempotencyKeys::Table)
                    .col(SandboxIdempotencyKeys::IdempotencyKey)
                    .col(SandboxIdempotencyKeys::RequestPath)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sandbox_idempotency_keys_created_at")
                    .table(SandboxIdempotencyKeys::Table)
                    .col(SandboxIdempotencyKeys::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SandboxWebhookEvents::Table)
                    .col(big_pk_auto(SandboxWebhookEvents::Id))
                    .col(string_len_uniq(SandboxWebhookEvents::PublicId, 40))
                    .col(integer(SandboxWebhookEvents::InquiryId))
                    .col(string_len(SandboxWebhookEvents::Name, 60))
                    .col(text(SandboxWebhookEvents::Body))
                    .col(string_len(SandboxWebhookEvents::Status, 16))
                    .col(integer(SandboxWebhookEvents::Attempts))
                    .col(big_integer(SandboxWebhookEvents::NextAttemptAt))
                    .col(integer_null(SandboxWebhookEvents::LastResponseStatus))
                    .col(big_integer_null(SandboxWebhookEvents::DeliveredAt))
                    .col(big_integer(SandboxWebhookEvents::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sandbox_webhook_events_inquiry")
                            .from(SandboxWebhookEvents::Table, SandboxWebhookEvents::InquiryId)
                            .to(SandboxInquiries::Table, SandboxInquiries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sandbox_webhook_events_due")
                    .table(SandboxWebhookEvents::Table)
                    .col(SandboxWebhookEvents::Status)
                    .col(SandboxWebhookEvents::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SandboxWebhookEvents::Table.into_iden(),
            SandboxIdempotencyKeys::Table.into_iden(),
            SandboxOneTimeLinks::Table.into_iden(),
            SandboxSessions::Table.into_iden(),
            SandboxInquiries::Table.into_iden(),
            SandboxAccounts::Table.into_iden(),
            SandboxTemplateVersions::Table.into_iden(),
            SandboxTemplates::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
