//! A multipart form of a signed-in page (a file upload), read with bounded memory, whose
//! session CSRF token is checked before the handler runs, as [`super::ProtectedForm`]'s.

use actix_multipart::Multipart;
use actix_web::{dev::Payload, http::header, FromRequest, HttpRequest};
use futures_util::{future::LocalBoxFuture, TryStreamExt};

use crate::error::AppError;

/// The most a whole upload request may carry: refused before reading when it says more,
/// and cut off while reading when it sends more.
const MAX_REQUEST_BYTES: usize = 1024 * 1024;
/// The most a text field may carry.
const MAX_TEXT_BYTES: usize = 4096;

/// The upload's text fields, and its one file (the first part with a file name).
pub struct ProtectedUpload {
    pub fields: Vec<(String, String)>,
    pub file: Option<UploadedFile>,
}

/// A file as uploaded; `too_large` when it was longer than the handler's limit (its
/// bytes are then not kept).
pub struct UploadedFile {
    pub bytes: Vec<u8>,
    pub too_large: bool,
}

impl ProtectedUpload {
    /// The largest file accepted (a logo: 200 KB); longer ones arrive as `too_large`.
    pub const MAX_FILE_BYTES: usize = 200 * 1024;
}

impl FromRequest for ProtectedUpload {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let is_multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        let multipart = Multipart::new(req.headers(), payload.take());
        Box::pin(async move {
            if !is_multipart {
                return Err(AppError::BadRequest(
                    "Send the form as multipart/form-data.".into(),
                ));
            }
            if declared.is_some_and(|length| length > MAX_REQUEST_BYTES) {
                return Err(AppError::PayloadTooLarge);
            }
            let upload = read(multipart).await?;
            let submitted = upload
                .fields
                .iter()
                .find(|(name, _)| name == super::csrf::FIELD)
                .map(|(_, value)| value.as_str());
            super::csrf::verify_signed_in(&req, submitted)?;
            Ok(upload)
        })
    }
}

async fn read(mut multipart: Multipart) -> Result<ProtectedUpload, AppError> {
    let unreadable = |_| AppError::BadRequest("The upload could not be read.".into());
    let mut upload = ProtectedUpload {
        fields: Vec::new(),
        file: None,
    };
    let mut total = 0usize;
    while let Some(mut field) = multipart.try_next().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        let is_file = field
            .content_disposition()
            .is_some_and(|disposition| disposition.get_filename().is_some());
        let limit = if is_file {
            ProtectedUpload::MAX_FILE_BYTES
        } else {
            MAX_TEXT_BYTES
        };
        let mut bytes = Vec::new();
        let mut too_large = false;
        while let Some(chunk) = field.try_next().await.map_err(unreadable)? {
            total += chunk.len();
            if total > MAX_REQUEST_BYTES {
                return Err(AppError::PayloadTooLarge);
            }
            if bytes.len() + chunk.len() > limit {
                too_large = true;
                bytes.clear();
            } else if !too_large {
                bytes.extend_from_slice(&chunk);
            }
        }
        if is_file {
            if upload.file.is_none() {
                upload.file = Some(UploadedFile { bytes, too_large });
            }
        } else if !too_large {
            let text = String::from_utf8(bytes)
                .map_err(|_| AppError::BadRequest("The form could not be read.".into()))?;
            upload.fields.push((name, text));
        }
    }
    Ok(upload)
}
