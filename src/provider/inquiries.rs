//! The inquiry operations: create, retrieve, list, resume, expire, one-time link.

use serde_json::json;

use super::{
    error::ProviderError,
    model::{CreatedInquiry, Inquiry, InquiryPage, InquiryWithSessions, ResumedInquiry},
    requests::{CreateInquiry, ListInquiries},
    secrets::{IdempotencyKey, OneTimeLink, SessionToken},
    wire::{self, Document, InquiryResource},
    ProviderClient,
};
use crate::domain::InquiryId;

impl ProviderClient {
    /// `POST /inquiries`. When the request asks for a session or a one-time link and the
    /// answer lacks it, the result is [`ProviderError::MissingToken`].
    pub async fn create_inquiry(
        &self,
        request: &CreateInquiry,
        idempotency_key: &IdempotencyKey,
    ) -> Result<CreatedInquiry, ProviderError> {
        let url = self.transport.url(&["inquiries"], &[])?;
        let body = self
            .transport
            .post(url, &request.to_body()?, idempotency_key, self.deadline)
            .await?;
        let document: Document<InquiryResource> = wire::parse("created inquiry", &body)?;
        let meta = document.meta.unwrap_or_default();
        let created = CreatedInquiry {
            inquiry: document.data.into_inquiry()?,
            session_token: non_empty(meta.session_token).map(SessionToken::new),
            one_time_link: non_empty(meta.one_time_link).map(OneTimeLink::new),
        };
        if (request.auto_create_inquiry_session && created.session_token.is_none())
            || (request.auto_create_one_time_link && created.one_time_link.is_none())
        {
            return Err(ProviderError::MissingToken);
        }
        Ok(created)
    }

    /// `GET /inquiries/{id}`, with `?include=sessions` when `include_sessions`.
    pub async fn retrieve_inquiry(
        &self,
        id: &InquiryId,
        include_sessions: bool,
    ) -> Result<InquiryWithSessions, ProviderError> {
        let query: &[(&str, &str)] = if include_sessions {
            &[("include", "sessions")]
        } else {
            &[]
        };
        let url = self.transport.url(&["inquiries", id.as_str()], query)?;
        let body = self.transport.get(url, self.deadline).await?;
        let document: Document<InquiryResource> = wire::parse("inquiry", &body)?;
        Ok(InquiryWithSessions {
            inquiry: document.data.into_inquiry()?,
            sessions: wire::sessions(document.included)?,
        })
    }

    /// `GET /inquiries` with `filter[…]` and `page[…]`; one page per call.
    pub async fn list_inquiries(
        &self,
        filter: &ListInquiries,
    ) -> Result<InquiryPage, ProviderError> {
        let query = filter.to_query();
        let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let url = self.transport.url(&["inquiries"], &pairs)?;
        let body = self.transport.get(url, self.deadline).await?;
        let document: Document<Vec<InquiryResource>> = wire::parse("inquiry list", &body)?;
        let next_cursor = wire::next_cursor(document.links)
            .map(|cursor| InquiryId::parse(&cursor))
            .transpose()
            .map_err(|e| ProviderError::Decode {
                message: format!("inquiry list cursor: {e}"),
            })?;
        Ok(InquiryPage {
            inquiries: document
                .data
                .into_iter()
                .map(InquiryResource::into_inquiry)
                .collect::<Result<_, _>>()?,
            next_cursor,
        })
    }

    /// `POST /inquiries/{id}/resume`: a new session and its token; an expired inquiry becomes
    /// pending. A terminal inquiry answers 409 ([`ProviderError::Conflict`]); an answer
    /// without `meta.session-token` is [`ProviderError::MissingToken`].
    pub async fn resume_inquiry(
        &self,
        id: &InquiryId,
        idempotency_key: &IdempotencyKey,
    ) -> Result<ResumedInquiry, ProviderError> {
        let (inquiry, meta) = self.post_action(id, "resume", idempotency_key).await?;
        let session_token = non_empty(meta.session_token)
            .map(SessionToken::new)
            .ok_or(ProviderError::MissingToken)?;
        Ok(ResumedInquiry {
            inquiry,
            session_token,
        })
    }

    /// `POST /inquiries/{id}/expire`: expires the inquiry and its sessions; it can be resumed.
    pub async fn expire_inquiry(
        &self,
        id: &InquiryId,
        idempotency_key: &IdempotencyKey,
    ) -> Result<Inquiry, ProviderError> {
        Ok(self.post_action(id, "expire", idempotency_key).await?.0)
    }

    /// `POST /inquiries/{id}/generate-one-time-link`; not for expired inquiries (resume first).
    pub async fn generate_one_time_link(
        &self,
        id: &InquiryId,
        idempotency_key: &IdempotencyKey,
    ) -> Result<OneTimeLink, ProviderError> {
        let (_, meta) = self
            .post_action(id, "generate-one-time-link", idempotency_key)
            .await?;
        non_empty(meta.one_time_link)
            .map(OneTimeLink::new)
            .ok_or(ProviderError::MissingToken)
    }

    async fn post_action(
        &self,
        id: &InquiryId,
        action: &str,
        idempotency_key: &IdempotencyKey,
    ) -> Result<(Inquiry, wire::Meta), ProviderError> {
        let url = self
            .transport
            .url(&["inquiries", id.as_str(), action], &[])?;
        let body = self
            .transport
            .post(url, &json!({}), idempotency_key, self.deadline)
            .await?;
        let document: Document<InquiryResource> = wire::parse(action, &body)?;
        Ok((
            document.data.into_inquiry()?,
            document.meta.unwrap_or_default(),
        ))
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}
