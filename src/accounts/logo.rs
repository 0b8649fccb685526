//! A tenant's logo: decoded and re-encoded by the portal, so what end users load is a
//! plain PNG the portal wrote (no SVG, no metadata, no polyglot file), small and bounded.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

/// The largest upload accepted, checked before decoding.
pub const MAX_UPLOAD_BYTES: usize = 200 * 1024;
/// The largest side of a stored logo; bigger ones are scaled down.
const MAX_SIDE: u32 = 512;
/// Pixels a file may claim before it is refused unread (a decompression bomb guard).
const MAX_DECODED_SIDE: u32 = 4096;

/// A logo the portal re-encoded, with the SHA-256 (hex) that names it.
pub struct Logo {
    pub png: Vec<u8>,
    pub digest: String,
}

/// Decodes a PNG or JPEG, scales it to fit 512 × 512 and writes it as PNG.
pub fn reencode(upload: &[u8]) -> Result<Logo, String> {
    if upload.is_empty() {
        return Err("Choose a PNG or JPEG file.".into());
    }
    if upload.len() > MAX_UPLOAD_BYTES {
        return Err("The logo is larger than 200 KB; export it smaller.".into());
    }
    let format = image::guess_format(upload)
        .ok()
        .filter(|format| matches!(format, ImageFormat::Png | ImageFormat::Jpeg))
        .ok_or_else(|| "The logo must be a PNG or JPEG file.".to_owned())?;
    let mut reader = ImageReader::with_format(Cursor::new(upload), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(64 * 1024 * 1024);
    reader.limits(limits);
    let image = reader
        .decode()
        .map_err(|_| "The logo could not be read as a PNG or JPEG image.".to_owned())?;
    let image = if image.width() > MAX_SIDE || image.height() > MAX_SIDE {
        image.thumbnail(MAX_SIDE, MAX_SIDE)
    } else {
        image
    };
    let mut png = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|_| "The logo could not be stored; try another file.".to_owned())?;
    let digest = crate::crypto::sha256_hex(&png);
    Ok(Logo { png, digest })
}

#[cfg(test)]
#[path = "../../tests/unit/accounts_logo.rs"]
mod tests;
