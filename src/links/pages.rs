//! Page loaders of the links area: each gathers, in one call, what one admin page shows,
//! so handlers make no repository calls of their own.

use std::collections::HashMap;

use crate::{
    entities::{audit_events, inquiries, links, template_connections},
    error::AppError,
    repo::{self, links::LinkFilter, TenantScope},
    state::AppState,
    views::{link_detail_rescue::RescueOffer, link_list::LinkRow},
};

/// How much history the link page shows.
const TIMELINE_EVENTS: u64 = 50;
const TIMELINE_INQUIRIES: usize = 20;
/// How much history the inquiry page shows.
const INQUIRY_EVENTS: u64 = 50;

/// One page of the links list, each link with its template's name.
pub struct LinksListing {
    pub rows: Vec<LinkRow>,
    /// The id to continue after, when there is a next page.
    pub next_cursor: Option<String>,
}

/// The links matching `filter`, at most `page_size`, and the cursor of the next page when
/// there is one (the filter asks for one more, to know).
pub async fn links_page(
    state: &AppState,
    scope: TenantScope,
    filter: &LinkFilter,
    page_size: usize,
) -> Result<(Vec<links::Model>, Option<String>), AppError> {
    let mut found = repo::links::list(&state.db.connection, scope, filter).await?;
    let next_cursor = if found.len() > page_size {
        found.truncate(page_size);
        found.last().map(|link| link.public_id.clone())
    } else {
        None
    };
    Ok((found, next_cursor))
}

/// [`links_page`] with each link's template name, for the admin's list.
pub async fn links_listing(
    state: &AppState,
    scope: TenantScope,
    filter: &LinkFilter,
    page_size: usize,
) -> Result<LinksListing, AppError> {
    let (found, next_cursor) = links_page(state, scope, filter, page_size).await?;
    let db = &state.db.connection;
    let templates = repo::template_connections::list(db, scope).await?;
    let inquiry_ids = found
        .iter()
        .filter_map(|link| link.current_inquiry_id)
        .collect();
    let statuses = repo::inquiries::statuses(db, scope, inquiry_ids).await?;
    let rows = found
        .into_iter()
        .map(|link| LinkRow {
            template_name: templates
                .iter()
                .find(|t| t.id == link.template_connection_id)
                .map(|t| t.name.clone())
                .unwrap_or_default(),
            inquiry_status: link
                .current_inquiry_id
                .and_then(|id| statuses.get(&id).copied()),
            link,
        })
        .collect();
    Ok(LinksListing { rows, next_cursor })
}

/// What the API says about a link besides the link itself.
pub struct LinkContext {
    pub url: String,
    pub template: Option<template_connections::Model>,
    pub inquiry: Option<inquiries::Model>,
}

pub async fn link_context(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
) -> Result<LinkContext, AppError> {
    let db = &state.db.connection;
    let template =
        repo::template_connections::find_by_id(db, scope, link.template_connection_id).await?;
    let inquiry = match link.current_inquiry_id {
        Some(id) => repo::inquiries::find_by_id(db, scope, id).await?,
        None => None,
    };
    Ok(LinkContext {
        url: super::link_url_of(state, link)?,
        template,
        inquiry,
    })
}

/// The inquiry `provider_inquiry_id` (`inq_…`) of the tenant with its link's public id;
/// another tenant's is not found.
pub async fn inquiry_with_link(
    state: &AppState,
    scope: TenantScope,
    provider_inquiry_id: &str,
) -> Result<(inquiries::Model, Option<String>), AppError> {
    let db = &state.db.connection;
    let inquiry = repo::inquiries::find(db, scope, provider_inquiry_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let link_public_id = match inquiry.link_id {
        Some(id) => repo::links::public_id_of(db, scope, id).await?,
        None => None,
    };
    Ok((inquiry, link_public_id))
}

/// What the new-link form offers: the tenant's templates and the longest lifetime allowed.
pub struct NewLinkContext {
    pub templates: Vec<template_connections::Model>,
    pub max_lifetime_seconds: i64,
}

pub async fn new_link_context(
    state: &AppState,
    scope: TenantScope,
) -> Result<NewLinkContext, AppError> {
    let db = &state.db.connection;
    let templates = repo::template_connections::list(db, scope).await?;
    let policy = repo::policies::get(db, scope).await?;
    Ok(NewLinkContext {
        templates,
        max_lifetime_seconds: policy.max_link_seconds.min(policy.ceiling_link_seconds),
    })
}

/// Everything the link page shows: the link, its URL, template, inquiries and history.
pub struct LinkPageData {
    pub link: links::Model,
    pub url: String,
    pub template: Option<template_connections::Model>,
    pub inquiries: Vec<inquiries::Model>,
    pub events: Vec<audit_events::Model>,
    /// Display names of the team, by audit actor (`user:usr_…`).
    pub names: HashMap<String, String>,
    /// How the page offers to rescue the link, when it has expired.
    pub rescue: Option<RescueOffer>,
}

pub async fn link_page_data(
    state: &AppState,
    scope: TenantScope,
    public_id: &str,
) -> Result<LinkPageData, AppError> {
    let db = &state.db.connection;
    let link = repo::links::find(db, scope, public_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let template =
        repo::template_connections::find_by_id(db, scope, link.template_connection_id).await?;
    let inquiries = repo::inquiries::for_link(db, scope, link.id).await?;
    let url = super::link_url_of(state, &link)?;
    // The link's own events, and its (latest) inquiries' resumes and refusals.
    let subjects: Vec<String> = std::iter::once(repo::audit::link_subject(&link.public_id))
        .chain(
            inquiries
                .iter()
                .take(TIMELINE_INQUIRIES)
                .map(|inquiry| repo::audit::inquiry_subject(&inquiry.provider_inquiry_id)),
        )
        .collect();
    let events = repo::audit::for_subjects(db, scope, &subjects, TIMELINE_EVENTS).await?;
    let names = repo::audit::team_names(db, scope).await?;
    let rescue = super::rescue::preview(state, scope, &link).await?;
    Ok(LinkPageData {
        link,
        url,
        template,
        inquiries,
        events,
        names,
        rescue,
    })
}

/// Everything the inquiry page shows: the inquiry, its link's public id and its history.
pub struct InquiryPageData {
    pub inquiry: inquiries::Model,
    pub link_public_id: Option<String>,
    pub events: Vec<audit_events::Model>,
    pub names: HashMap<String, String>,
}

/// The inquiry `provider_inquiry_id` (`inq_…`) of the tenant; another tenant's is not found.
pub async fn inquiry_page_data(
    state: &AppState,
    scope: TenantScope,
    provider_inquiry_id: &str,
) -> Result<InquiryPageData, AppError> {
    let (inquiry, link_public_id) = inquiry_with_link(state, scope, provider_inquiry_id).await?;
    let db = &state.db.connection;
    let subject = repo::audit::inquiry_subject(&inquiry.provider_inquiry_id);
    let events = repo::audit::for_subject(db, scope, &subject, INQUIRY_EVENTS).await?;
    let names = repo::audit::team_names(db, scope).await?;
    Ok(InquiryPageData {
        inquiry,
        link_public_id,
        events,
        names,
    })
}
