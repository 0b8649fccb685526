use std::io::Cursor;

use image::{DynamicImage, ImageFormat, RgbImage};

use super::*;

fn encoded(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let image = DynamicImage::ImageRgb8(RgbImage::from_pixel(
        width,
        height,
        image::Rgb([29, 78, 216]),
    ));
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), format)
        .unwrap();
    bytes
}

#[test]
fn a_jpeg_logo_comes_back_as_a_png_named_by_its_digest() {
    let logo = reencode(&encoded(120, 40, ImageFormat::Jpeg)).unwrap();
    assert_eq!(image::guess_format(&logo.png).unwrap(), ImageFormat::Png);
    assert_eq!(logo.digest, crate::crypto::sha256_hex(&logo.png));
    let decoded = image::load_from_memory(&logo.png).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (120, 40));
}

#[test]
fn a_large_logo_is_scaled_to_fit_512_pixels() {
    let logo = reencode(&encoded(2000, 500, ImageFormat::Png)).unwrap();
    let decoded = image::load_from_memory(&logo.png).unwrap();
    assert_eq!(decoded.width(), 512);
    assert!(decoded.height() <= 512);
}

#[test]
fn svg_gif_text_and_empty_uploads_are_refused() {
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    assert!(reencode(svg).is_err());
    assert!(reencode(b"GIF89a\x01\x00\x01\x00").is_err());
    assert!(reencode(b"hello").is_err());
    assert!(reencode(b"").is_err());
}

#[test]
fn a_png_header_with_a_broken_body_is_refused_not_a_panic() {
    let mut broken = encoded(10, 10, ImageFormat::Png);
    broken.truncate(40);
    assert!(reencode(&broken).is_err());
}

#[test]
fn a_file_over_200_kb_is_refused_before_decoding() {
    let mut big = encoded(10, 10, ImageFormat::Png);
    big.resize(MAX_UPLOAD_BYTES + 1, 0);
    let error = reencode(&big).err().unwrap();
    assert!(error.contains("200 KB"), "{error}");
}

#[test]
fn a_file_claiming_huge_dimensions_is_refused() {
    // A valid PNG header claiming 100000 × 100000 pixels: refused by the limits, unread.
    let mut png = encoded(1, 1, ImageFormat::Png);
    png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    assert!(reencode(&png).is_err());
}
