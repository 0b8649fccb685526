//! Tenant policy, links, the browsers bound to them, inquiries, one-time access links and
//! the tenant API's idempotency records.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TemplateConnections {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TenantPolicies {
    Table,
    TenantId,
    DefaultLinkSeconds,
    MaxLinkSeconds,
    CeilingLinkSeconds,
    MaxResumeAgeSeconds,
    StaleVersionAction,
    MinTokenRemainingSeconds,
    AccessLinkSeconds,
    ResumesPerInquiryPerHour,
    AccessLinksPerInquiryPerHour,
    ApiRequestsPerMinute,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Links {
    Table,
    Id,
    PublicId,
    TenantId,
    TemplateConnectionId,
    Kind,
    TokenHash,
    TokenEncrypted,
    ReferenceId,
    PrefillEncrypted,
    State,
    ResumeOnClick,
    AccessCodeHash,
    AccessCodeAttempts,
    LockedAt,
    ExpiresAt,
    ActiveFrom,
    MaxInquiries,
    InquiriesCreated,
    AlwaysNew,
    ClickCount,
    LastClickedAt,
    CurrentInquiryId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LinkBrowsers {
    Table,
    Id,
    LinkId,
    BrowserHash,
    InquiryId,
    BoundAt,
}

#[derive(DeriveIden)]
enum Inquiries {
    Table,
    Id,
    TenantId,
    LinkId,
    ProviderInquiryId,
    ReferenceId,
    TemplateVersionId,
    Status,
    SessionTokenEncrypted,
    SessionTokenExpiresAt,
    ResumeCount,
    ExpiresAt,
    LastEventAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AccessLinks {
    Table,
    Id,
    TenantId,
    InquiryId,
    CodeHash,
    ExpiresAt,
    UsedAt,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum IdempotencyRecords {
    Table,
    Id,
    TenantId,
    IdempotencyKey,
    RequestHash,
    ResponseStatus,
    ResponseBody,
    CreatedAt,
}

fn tenant_fk(from_table: impl IntoIden, name: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from_tbl(from_table)
        .from_col(Alias::new("tenant_id"))
        .to(Tenants::Table, Tenants::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TenantPolicies::Table)
                    .col(integer(TenantPolicies::TenantId).primary_key())
                    .col(big_integer(TenantPolicies::DefaultLinkSeconds))
                    .col(big_integer(TenantPolicies::MaxLinkSeconds))
                    .col(big_integer(TenantPolicies::CeilingLinkSeconds))
                    .col(big_integer(TenantPolicies::MaxResumeAgeSeconds))
                    .col(string_len(TenantPolicies::StaleVersionAction, 16))
                    .col(big_integer(TenantPolicies::MinTokenRemainingSeconds))
                    .col(big_integer(TenantPolicies::AccessLinkSeconds))
                    .col(integer(TenantPolicies::ResumesPerInquiryPerHour))
                    .col(integer(TenantPolicies::AccessLinksPerInquiryPerHour))
                    .col(integer(TenantPolicies::ApiRequestsPerMinute))
                    .col(big_integer(TenantPolicies::UpdatedAt))
                    .foreign_key(&mut tenant_fk(
                        TenantPolicies::Table,
                        "fk_tenant_policies_tenant",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Links::Table)
                    .col(pk_auto(Links::Id))
                    .col(string_len_uniq(Links::PublicId, 40))
                    .col(integer(Links::TenantId))
                    .col(integer(Links::TemplateConnectionId))
                    .col(string_len(Links::Kind, 16))
                    .col(string_len_uniq(Links::TokenHash, 64))
                    .col(text(Links::TokenEncrypted))
                    .col(string_len_null(Links::ReferenceId, 255))
                    .col(text_null(Links::PrefillEncrypted))
                    .col(string_len(Links::State, 16))
                    .col(string_len(Links::ResumeOnClick, 16))
                    .col(string_len_null(Links::AccessCodeHash, 64))
                    .col(integer(Links::AccessCodeAttempts).default(0))
                    .col(big_integer_null(Links::LockedAt))
                    .col(big_integer(Links::ExpiresAt))
                    .col(big_integer_null(Links::ActiveFrom))
                    .col(integer_null(Links::MaxInquiries))
                    .col(integer(Links::InquiriesCreated).default(0))
                    .col(boolean(Links::AlwaysNew).default(false))
                    .col(big_integer(Links::ClickCount).default(0))
                    .col(big_integer_null(Links::LastClickedAt))
                    .col(integer_null(Links::CurrentInquiryId))
                    .col(string_len(Links::CreatedBy, 120))
                    .col(big_integer(Links::CreatedAt))
                    .col(big_integer(Links::UpdatedAt))
                    .foreign_key(&mut tenant_fk(Links::Table, "fk_links_tenant"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_links_template_connection")
                            .from(Links::Table, Links::TemplateConnectionId)
                            .to(TemplateConnections::Table, TemplateConnections::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_links_tenant_id", vec![Links::TenantId, Links::Id]),
            (
                "idx_links_tenant_reference",
                vec![Links::TenantId, Links::ReferenceId],
            ),
            (
                "idx_links_state_expires",
                vec![Links::State, Links::ExpiresAt],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Links::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Inquiries::Table)
                    .col(pk_auto(Inquiries::Id))
                    .col(integer(Inquiries::TenantId))
                    .col(integer_null(Inquiries::LinkId))
                    .col(string_len_uniq(Inquiries::ProviderInquiryId, 80))
                    .col(string_len_null(Inquiries::ReferenceId, 255))
                    .col(string_len_null(Inquiries::TemplateVersionId, 80))
                    .col(string_len(Inquiries::Status, 24))
                    .col(text_null(Inquiries::SessionTokenEncrypted))
                    .col(big_integer_null(Inquiries::SessionTokenExpiresAt))
                    .col(integer(Inquiries::ResumeCount).default(0))
                    .col(big_integer_null(Inquiries::ExpiresAt))
                    .col(big_integer_null(Inquiries::LastEventAt))
                    .col(big_integer(Inquiries::CreatedAt))
                    .col(big_integer(Inquiries::UpdatedAt))
                    .foreign_key(&mut tenant_fk(Inquiries::Table, "fk_inquiries_tenant"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_inquiries_link")
                            .from(Inquiries::Table, Inquiries::LinkId)
                            .to(Links::Table, Links::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_inquiries_tenant_id",
                vec![Inquiries::TenantId, Inquiries::Id],
            ),
            ("idx_inquiries_link", vec![Inquiries::LinkId]),
            (
                "idx_inquiries_status",
                vec![Inquiries::Status, Inquiries::UpdatedAt],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Inquiries::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(LinkBrowsers::Table)
                    .col(pk_auto(LinkBrowsers::Id))
                    .col(integer(LinkBrowsers::LinkId))
                    .col(string_len(LinkBrowsers::BrowserHash, 64))
                    .col(integer_null(LinkBrowsers::InquiryId))
                    .col(big_integer(LinkBrowsers::BoundAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_link_browsers_link")
                            .from(LinkBrowsers::Table, LinkBrowsers::LinkId)
                            .to(Links::Table, Links::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_link_browsers_link_browser")
                    .table(LinkBrowsers::Table)
                    .col(LinkBrowsers::LinkId)
                    .col(LinkBrowsers::BrowserHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AccessLinks::Table)
                    .col(pk_auto(AccessLinks::Id))
                    .col(integer(AccessLinks::TenantId))
                    .col(integer(AccessLinks::InquiryId))
                    .col(string_len_uniq(AccessLinks::CodeHash, 64))
                    .col(big_integer(AccessLinks::ExpiresAt))
                    .col(big_integer_null(AccessLinks::UsedAt))
                    .col(string_len(AccessLinks::CreatedBy, 120))
                    .col(big_integer(AccessLinks::CreatedAt))
                    .foreign_key(&mut tenant_fk(AccessLinks::Table, "fk_access_links_tenant"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_access_links_inquiry")
                            .from(AccessLinks::Table, AccessLinks::InquiryId)
                            .to(Inquiries::Table, Inquiries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IdempotencyRecords::Table)
                    .col(big_pk_auto(IdempotencyRecords::Id))
                    .col(integer(IdempotencyRecords::TenantId))
                    .col(string_len(IdempotencyRecords::IdempotencyKey, 255))
                    .col(string_len(IdempotencyRecords::RequestHash, 64))
                    .col(integer_null(IdempotencyRecords::ResponseStatus))
                    .col(text_null(IdempotencyRecords::ResponseBody))
                    .col(big_integer(IdempotencyRecords::CreatedAt))
                    .foreign_key(&mut tenant_fk(
                        IdempotencyRecords::Table,
                        "fk_idempotency_records_tenant",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_idempotency_tenant_key")
                    .table(IdempotencyRecords::Table)
                    .col(IdempotencyRecords::TenantId)
                    .col(IdempotencyRecords::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            IdempotencyRecords::Table.into_iden(),
            AccessLinks::Table.into_iden(),
            LinkBrowsers::Table.into_iden(),
            Inquiries::Table.into_iden(),
            Links::Table.into_iden(),
            TenantPolicies::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
