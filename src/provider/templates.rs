//! The template operations: templates and their published versions.

use super::{
    error::ProviderError,
    model::{Template, TemplateVersion},
    wire::{self, Document, Resource, TemplateAttributes, TemplateVersionAttributes},
    ProviderClient,
};
use crate::domain::TemplateId;

/// Lists are read page by page up to this many pages: more templates than that is not an
/// account this portal is built for, and a provider bug must not loop us forever.
const MAX_PAGES: usize = 50;
const PAGE_SIZE: &str = "100";

impl ProviderClient {
    /// `GET /inquiry-templates`, every page.
    pub async fn list_templates(&self) -> Result<Vec<Template>, ProviderError> {
        let resources: Vec<Resource<TemplateAttributes>> = self
            .all_pages("inquiry-templates", &[], "template list")
            .await?;
        resources.into_iter().map(Resource::into_template).collect()
    }

    /// `GET /inquiry-templates/{id}`.
    pub async fn retrieve_template(&self, id: &TemplateId) -> Result<Template, ProviderError> {
        let url = self
            .transport
            .url(&["inquiry-templates", id.as_str()], &[])?;
        let body = self.transport.get(url, self.deadline).await?;
        let document: Document<Resource<TemplateAttributes>> = wire::parse("template", &body)?;
        document.data.into_template()
    }

    /// `GET /inquiry-template-versions?filter[inquiry-template-id]=…`, every page.
    pub async fn list_template_versions(
        &self,
        template_id: &TemplateId,
    ) -> Result<Vec<TemplateVersion>, ProviderError> {
        let resources: Vec<Resource<TemplateVersionAttributes>> = self
            .all_pages(
                "inquiry-template-versions",
                &[("filter[inquiry-template-id]", template_id.as_str())],
                "template version list",
            )
            .await?;
        resources
            .into_iter()
            .map(Resource::into_template_version)
            .collect()
    }

    async fn all_pages<A: serde::de::DeserializeOwned>(
        &self,
        collection: &str,
        filter: &[(&str, &str)],
        what: &str,
    ) -> Result<Vec<Resource<A>>, ProviderError> {
        let mut all = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut query = filter.to_vec();
            query.push(("page[size]", PAGE_SIZE));
            if let Some(after) = &cursor {
                query.push(("page[after]", after.as_str()));
            }
            let url = self.transport.url(&[collection], &query)?;
            let body = self.transport.get(url, self.deadline).await?;
            let document: Document<Vec<Resource<A>>> = wire::parse(what, &body)?;
            all.extend(document.data);
            match wire::next_cursor(document.links) {
                Some(next) if cursor.as_deref() != Some(next.as_str()) => cursor = Some(next),
                _ => return Ok(all),
            }
        }
        log::warn!("provider {collection}: stopped after {MAX_PAGES} pages");
        Ok(all)
    }
}
