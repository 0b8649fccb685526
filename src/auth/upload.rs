//! A multipart form of a signed-in page (a file upload), read with bounded memory, whose
//! session CSRF token is checked before the handler runs, as [`super::ProtectedForm`]'s.

use actix_multipart::Multipart;
use actix_web::{dev::Payload, http::header, FromRequest, HttpRequest};
use futures_util::{future::LocalBoxFuture, TryStreamExt};

use crate::error::AppError;

/// The least a whole upload request may carry. A request may carry twice its file's limit
/// (or this), so a file somewhat too large is still read and refused at its field; more
/// is refused before reading when declared, and cut off when sent.
const MIN_REQUEST_BYTES: usize = 1024 * 1024;
/// The most a text field may carry.
const MAX_TEXT_BYTES: usize = 4096;

/// A logo: 200 KB.
pub const LOGO_MAX_BYTES: usize = 200 * 1024;
/// A bulk-issuing CSV file: 10,000 lines with their prefill fit in 5 MB.
pub const CSV_MAX_BYTES: usize = 5 * 1024 * 1024;

/// The upload's text fields, and its one file (the first part with a file name), of at
/// most `MAX_FILE` bytes (longer ones arrive as `too_large`).
pub struct ProtectedUpload<const MAX_FILE: usize = LOGO_MAX_BYTES> {
    pub fields: Vec<(String, String)>,
    pub file: Option<UploadedFile>,
}

/// A file as uploaded; `too_large` when it was longer than the handler's limit (its
/// bytes are then not kept).
pub struct UploadedFile {
    /// The name the browser gave the file (untrusted: only for showing back).
    pub name: String,
    pub bytes: Vec<u8>,
    pub too_large: bool,
}

impl<const MAX_FILE: usize> ProtectedUpload<MAX_FILE> {
    /// The largest file accepted; longer ones arrive as `too_large`.
    pub const MAX_FILE_BYTES: usize = MAX_FILE;
    const MAX_REQUEST_BYTES: usize = if MAX_FILE * 2 > MIN_REQUEST_BYTES {
        MAX_FILE * 2
    } else {
        MIN_REQUEST_BYTES
    };
}

impl<const MAX_FILE: usize> FromRequest for ProtectedUpload<MAX_FILE> {
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
            if declared.is_some_and(|length| length > Self::MAX_REQUEST_BYTES) {
                return Err(AppError::PayloadTooLarge);
            }
            let upload = read::<MAX_FILE>(multipart).await?;
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

async fn read<const MAX_FILE: usize>(
    mut multipart: Multipart,
) -> Result<ProtectedUpload<MAX_FILE>, AppError> {
    let unreadable = |_| AppError::BadRequest("The upload could not be read.".into());
    let mut upload = ProtectedUpload {
        fields: Vec::new(),
        file: None,
    };
    let mut total = 0usize;
    while let Some(mut field) = multipart.try_next().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field
            .content_disposition()
            .and_then(|disposition| disposition.get_filename())
            .map(str::to_owned);
        let is_file = file_name.is_some();
        let limit = if is_file { MAX_FILE } else { MAX_TEXT_BYTES };
        let mut bytes = Vec::new();
        let mut too_large = false;
        while let Some(chunk) = field.try_next().await.map_err(unreadable)? {
            total += chunk.len();
            if total > ProtectedUpload::<MAX_FILE>::MAX_REQUEST_BYTES {
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
                upload.file = Some(UploadedFile {
                    name: file_name.unwrap_or_default(),
                    bytes,
                    too_large,
                });
            }
        } else if !too_large {
            let text = String::from_utf8(bytes)
                .map_err(|_| AppError::BadRequest("The form could not be read.".into()))?;
            upload.fields.push((name, text));
        }
    }
    Ok(upload)
}
