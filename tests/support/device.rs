//! An end user's browser over plain HTTP, for acceptance scenarios that need no JavaScript.
//! Its cookie jar behaves like a real browser's: closing the browser forgets the session
//! cookies (the hosted flow keeps its session token in one) and keeps the persistent ones
//! (the portal remembers a browser with one). It follows redirects within the local
//! server and stops, without following, at a redirect to any other site.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use reqwest::header::HeaderValue;
use url::Url;

/// A cookie jar that can forget its session cookies, as a browser does when it closes.
#[derive(Default)]
struct Jar(Mutex<cookie_store::CookieStore>);

impl Jar {
    fn store(&self) -> std::sync::MutexGuard<'_, cookie_store::CookieStore> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl reqwest::cookie::CookieStore for Jar {
    fn set_cookies(&self, headers: &mut dyn Iterator<Item = &HeaderValue>, url: &Url) {
        let mut store = self.store();
        for header in headers {
            if let Ok(text) = header.to_str() {
                let _ = store.parse(text, url);
            }
        }
    }

    fn cookies(&self, url: &Url) -> Option<HeaderValue> {
        let store = self.store();
        let pairs: Vec<String> = store
            .get_request_values(url)
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        (!pairs.is_empty())
            .then(|| HeaderValue::from_str(&pairs.join("; ")).ok())
            .flatten()
    }
}

/// One form of a page: where it posts, its fields and its submit buttons.
#[derive(Clone, Debug, Default)]
pub struct Form {
    pub action: String,
    pub fields: Vec<(String, String)>,
    /// `(label, name, value)` of each button.
    pub buttons: Vec<(String, String, String)>,
}

/// The page a browser shows after a navigation.
#[derive(Clone, Debug, Default)]
pub struct Page {
    pub status: u16,
    pub url: String,
    pub body: String,
    /// Where a redirect to another site pointed (not followed).
    pub sent_to: Option<String>,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let pattern = regex::Regex::new(&format!(r#"\s{name}="([^"]*)""#)).expect("attribute regex");
    pattern.captures(tag).map(|c| unescape(&c[1]))
}

/// Undoes the HTML escaping of text and attribute values.
pub fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

impl Page {
    /// The page's text with HTML escapes undone (tags left in place).
    pub fn text(&self) -> String {
        unescape(&self.body)
    }

    /// The text of the first `<h1>`.
    pub fn heading(&self) -> Option<String> {
        let pattern = regex::Regex::new(r"(?s)<h1[^>]*>(.*?)</h1>").expect("h1 regex");
        pattern.captures(&self.body).map(|c| unescape(c[1].trim()))
    }

    /// The `inquiry-id` in the page's address (the hosted flow's pages have one).
    pub fn inquiry_id(&self) -> Option<String> {
        Url::parse(&self.url).ok().and_then(|url| {
            url.query_pairs()
                .find(|(key, _)| key == "inquiry-id")
                .map(|(_, value)| value.into_owned())
        })
    }

    pub fn forms(&self) -> Vec<Form> {
        let form = regex::Regex::new(r"(?s)<form\b([^>]*)>(.*?)</form>").expect("form regex");
        let input = regex::Regex::new(r"<input\b[^>]*>").expect("input regex");
        let button =
            regex::Regex::new(r"(?s)<button\b([^>]*)>(.*?)</button>").expect("button regex");
        form.captures_iter(&self.body)
            .map(|found| {
                let inner = &found[2];
                let fields = input
                    .find_iter(inner)
                    .filter_map(|tag| {
                        let tag = tag.as_str();
                        let checkable =
                            tag.contains(r#"type="checkbox""#) || tag.contains(r#"type="radio""#);
                        if checkable && !tag.contains(" checked") {
                            return None;
                        }
                        let name = attribute(tag, "name")?;
                        Some((name, attribute(tag, "value").unwrap_or_default()))
                    })
                    .collect();
                let buttons = button
                    .captures_iter(inner)
                    .map(|b| {
                        (
                            unescape(b[2].trim()),
                            attribute(&b[1], "name").unwrap_or_default(),
                            attribute(&b[1], "value").unwrap_or_default(),
                        )
                    })
                    .collect();
                Form {
                    action: attribute(&found[1], "action").unwrap_or_default(),
                    fields,
                    buttons,
                }
            })
            .collect()
    }

    /// The value of the input `name` in the page's forms.
    pub fn field(&self, name: &str) -> Option<String> {
        self.forms()
            .into_iter()
            .flat_map(|form| form.fields)
            .find(|(field, _)| field == name)
            .map(|(_, value)| value)
    }

    /// The form that has a button labelled `label`.
    pub fn form_with_button(&self, label: &str) -> Option<Form> {
        self.forms()
            .into_iter()
            .find(|form| form.buttons.iter().any(|(text, _, _)| text == label))
    }
}

/// A browser: a cookie jar, and the page it shows.
pub struct Device {
    jar: Arc<Jar>,
    http: reqwest::Client,
    origin: String,
    pub page: Page,
    /// Every inquiry this browser was shown, in order.
    pub inquiries: Vec<String>,
}

impl Device {
    /// A new browser for the server at `origin` (`http://127.0.0.1:port`).
    pub fn new(origin: &str) -> Self {
        let jar = Arc::new(Jar::default());
        let http = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .expect("reqwest client");
        Self {
            jar,
            http,
            origin: origin.to_owned(),
            page: Page::default(),
            inquiries: Vec::new(),
        }
    }

    fn absolute(&self, url: &str) -> String {
        if url.starts_with("http://") || url.starts_with("https://") {
            return url.to_owned();
        }
        let base = Url::parse(if self.page.url.is_empty() {
            &self.origin
        } else {
            &self.page.url
        })
        .expect("a base URL");
        base.join(url).expect("a relative URL").to_string()
    }

    /// Sends `request`, then follows redirects within the local server.
    async fn navigate(&mut self, mut request: reqwest::RequestBuilder) -> &Page {
        let mut url = String::new();
        for _ in 0..10 {
            let response = request.send().await.expect("the local server answers");
            url = response.url().to_string();
            let status = response.status().as_u16();
            match super::location_header(&response) {
                Some(location) if response.status().is_redirection() => {
                    self.page.url = url.clone();
                    let next = self.absolute(&location);
                    if !next.starts_with(&format!("{}/", self.origin)) {
                        self.page = Page {
                            status,
                            url,
                            body: String::new(),
                            sent_to: Some(next),
                        };
                        return &self.page;
                    }
                    request = self.http.get(next);
                }
                _ => {
                    let body = response.text().await.unwrap_or_default();
                    self.page = Page {
                        status,
                        url,
                        body,
                        sent_to: None,
                    };
                    if let Some(inquiry) = self.page.inquiry_id() {
                        self.inquiries.push(inquiry);
                    }
                    return &self.page;
                }
            }
        }
        panic!("too many redirects, the last to {url}");
    }

    /// Opens `url` (absolute, or relative to the current page).
    pub async fn open(&mut self, url: &str) -> &Page {
        let url = self.absolute(url);
        let request = self.http.get(url);
        self.navigate(request).await
    }

    /// Follows a link as a person does: opens it and, when the portal answers its
    /// first-contact page (DESIGN 13.1), presses its Continue button.
    pub async fn follow(&mut self, url: &str) -> &Page {
        self.open(url).await;
        match self.page.form_with_button(super::links::CONTINUE_BUTTON) {
            Some(form) => self.submit(&form, None, &[]).await,
            None => &self.page,
        }
    }

    /// Opens `url` again and again until `done` holds for the page, or `deadline` passes.
    pub async fn open_until(
        &mut self,
        url: &str,
        deadline: Duration,
        done: impl Fn(&Page) -> bool,
    ) -> bool {
        let start = Instant::now();
        loop {
            if done(self.open(url).await) {
                return true;
            }
            if start.elapsed() > deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Submits `form` as it is, plus the clicked button's name and value, with `changes`.
    pub async fn submit(
        &mut self,
        form: &Form,
        button: Option<&str>,
        changes: &[(&str, &str)],
    ) -> &Page {
        let mut fields = form.fields.clone();
        for (name, value) in changes {
            match fields.iter_mut().find(|(field, _)| field == name) {
                Some(field) => field.1 = (*value).to_owned(),
                None => fields.push(((*name).to_owned(), (*value).to_owned())),
            }
        }
        if let Some(label) = button {
            let (_, name, value) = form
                .buttons
                .iter()
                .find(|(text, _, _)| text == label)
                .unwrap_or_else(|| panic!("no button {label:?}"));
            if !name.is_empty() {
                fields.push((name.clone(), value.clone()));
            }
        }
        let url = self.absolute(&form.action);
        let request = self.http.post(url).form(&fields);
        self.navigate(request).await
    }

    /// Closes the browser: session cookies are gone, persistent ones stay.
    pub fn close(&mut self) {
        let mut store = self.jar.store();
        let kept: Vec<cookie_store::Cookie<'static>> = store
            .iter_unexpired()
            .filter(|cookie| cookie.is_persistent())
            .cloned()
            .collect();
        *store = cookie_store::CookieStore::from_cookies(
            kept.into_iter().map(Ok::<_, std::convert::Infallible>),
            false,
        )
        .unwrap_or_default();
        self.page = Page::default();
    }

    /// The names of the cookies the browser holds.
    pub fn cookie_names(&self) -> Vec<String> {
        self.jar
            .store()
            .iter_unexpired()
            .map(|cookie| cookie.name().to_owned())
            .collect()
    }
}
