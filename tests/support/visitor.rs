//! A person opening a link the way their browser does. Tests of what a visit creates go
//! through here, so that a change in how first contact works (a page with a "Continue"
//! button that posts back) is made in this one place.

use super::location_header;

/// What a person's browser ended up with after opening a link.
#[derive(Debug)]
pub struct Opened {
    pub status: u16,
    /// Where a redirect sent the browser (the hosted flow), if it was one.
    pub location: Option<String>,
    /// The `Retry-After` header, in seconds.
    pub retry_after: Option<u64>,
    pub body: String,
}

impl Opened {
    /// The inquiry the browser was sent into.
    pub fn inquiry_id(&self) -> Option<String> {
        super::links::query_param(self.location.as_deref()?, "inquiry-id")
    }
}

/// Opens `url` in `browser` (which keeps its cookies), coming from `address` as a trusted
/// proxy reports it (`X-Forwarded-For`; the app must trust 127.0.0.1 as a proxy). When the
/// link answers its first-contact page, the person presses Continue (DESIGN 13.1): what
/// the browser ends up with is that POST's answer.
pub async fn open_link_from(browser: &reqwest::Client, url: &str, address: &str) -> Opened {
    let first = browser
        .get(url)
        .header("x-forwarded-for", address)
        .send()
        .await
        .expect("open the link");
    let path = url::Url::parse(url).expect("a link URL").path().to_owned();
    let response = if first.status() == 200 {
        let page = first.text().await.unwrap_or_default();
        if !super::links::is_continue_page(&page, &path) {
            return Opened {
                status: 200,
                location: None,
                retry_after: None,
                body: page,
            };
        }
        browser
            .post(url)
            .header("x-forwarded-for", address)
            .header("sec-fetch-site", "same-origin")
            .send()
            .await
            .expect("press Continue")
    } else {
        first
    };
    let status = response.status().as_u16();
    let location = location_header(&response);
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse().ok());
    let body = response.text().await.unwrap_or_default();
    Opened {
        status,
        location,
        retry_after,
        body,
    }
}

/// Opens `url` from this machine's own address.
pub async fn open_link(browser: &reqwest::Client, url: &str) -> Opened {
    open_link_from(browser, url, "127.0.0.1").await
}
