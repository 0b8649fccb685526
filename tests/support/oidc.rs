//! A real, independent OpenID provider for the single sign-on tests: the certified
//! `oidc-provider` package from npm, run by `tests/oidc/provider.mjs` on a free
//! 127.0.0.1 port (`npm ci --prefix tests/oidc` installs it; `.ci/run` does).

use std::{path::PathBuf, process::Stdio, time::Duration};

use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, ChildStdout, Command},
};

use super::{csrf_token, TestApp};

pub const CLIENT_ID: &str = "inquiry-portal";
pub const CLIENT_SECRET: &str = "portal-client-secret";

pub struct IdentityProvider {
    pub issuer: String,
    _child: Child,
    _stdout: BufReader<ChildStdout>,
}

fn provider_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oidc")
}

impl IdentityProvider {
    /// Starts the provider with the portal's callback as its client's one redirect URI.
    pub async fn start(app: &TestApp) -> Self {
        let dir = provider_dir();
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "the test identity provider is not installed: run `npm ci --prefix tests/oidc`"
        );
        let mut child = Command::new("node")
            .arg("provider.mjs")
            .current_dir(&dir)
            .env("PORTAL_REDIRECT_URI", app.url("/login/sso/callback"))
            .env("OIDC_CLIENT_ID", CLIENT_ID)
            .env("OIDC_CLIENT_SECRET", CLIENT_SECRET)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start node tests/oidc/provider.mjs");
        let mut stdout = BufReader::new(child.stdout.take().expect("provider stdout"));
        let mut line = String::new();
        let read = tokio::time::timeout(Duration::from_secs(60), stdout.read_line(&mut line))
            .await
            .expect("the identity provider did not start within 60 s")
            .expect("read the provider's first line");
        assert!(read > 0, "the identity provider exited at start");
        let issuer = line
            .trim()
            .strip_prefix("listening ")
            .unwrap_or_else(|| panic!("unexpected first line from the provider: {line}"))
            .to_owned();
        Self {
            issuer,
            _child: child,
            _stdout: stdout,
        }
    }

    /// Makes the provider's token endpoint return a genuinely signed but wrong ID token
    /// from now on: `wrong-audience`, `expired`, `bad-nonce`, `other-issuer` or `normal`.
    pub async fn set_mode(&self, mode: &str) {
        let answer = reqwest::Client::new()
            .post(format!("{}/test/mode", self.issuer))
            .body(mode.to_owned())
            .send()
            .await
            .expect("set the provider's mode");
        assert!(answer.status().is_success());
    }
}

/// A browser at the identity provider: its own cookies, redirects not followed.
pub struct ProviderBrowser {
    client: reqwest::Client,
}

fn location(response: &reqwest::Response) -> Option<String> {
    let location = response.headers().get("location")?.to_str().ok()?;
    let base = response.url().clone();
    Some(base.join(location).ok()?.to_string())
}

impl ProviderBrowser {
    pub fn new() -> Self {
        Self {
            client: super::client(),
        }
    }

    /// Follows the authorization URL to the provider's sign-in form, signs in as `email`
    /// (with its address verified or not), and returns where the provider sends the
    /// browser back to the portal.
    pub async fn sign_in(&self, authorize_url: &str, email: &str, verified: bool) -> String {
        self.sign_in_as(authorize_url, email, verified, None).await
    }

    /// [`Self::sign_in`] as the person `subject` at the provider (their `sub`; the email
    /// when `None`).
    pub async fn sign_in_as(
        &self,
        authorize_url: &str,
        email: &str,
        verified: bool,
        subject: Option<&str>,
    ) -> String {
        let mut url = authorize_url.to_owned();
        let mut signed_in = false;
        for _ in 0..10 {
            if !url.starts_with(&self.issuer_of(authorize_url)) {
                return url;
            }
            let response = self.client.get(&url).send().await.expect("GET at provider");
            if let Some(next) = location(&response) {
                url = next;
                continue;
            }
            assert!(
                !signed_in,
                "the provider showed a page after signing in: {url}"
            );
            let page = response.text().await.expect("provider page");
            assert!(
                page.contains("Test identity provider"),
                "not the sign-in form: {page}"
            );
            let mut form = vec![("email", email.to_owned())];
            if verified {
                form.push(("email_verified", "true".to_owned()));
            }
            if let Some(subject) = subject {
                form.push(("subject", subject.to_owned()));
            }
            let posted = self
                .client
                .post(&url)
                .form(&form)
                .send()
                .await
                .expect("POST the provider's form");
            url = location(&posted).expect("the provider redirects after sign-in");
            signed_in = true;
        }
        panic!("too many redirects at the provider");
    }

    fn issuer_of(&self, authorize_url: &str) -> String {
        let parsed = url::Url::parse(authorize_url).expect("authorization URL");
        parsed.origin().ascii_serialization()
    }
}

/// Where the portal sends the browser to sign in: the page after the login form moves on
/// to the provider's authorization URL (its link and meta refresh).
pub async fn provider_url(response: reqwest::Response) -> String {
    assert_eq!(
        response.status(),
        200,
        "the page that continues to the provider"
    );
    let page = response.text().await.expect("the continue page");
    let marker = "id=\"sso-continue\"";
    let at = page
        .find(marker)
        .unwrap_or_else(|| panic!("no way to the provider: {page}"));
    let tag_start = page[..at].rfind('<').expect("the link's tag");
    let tag = &page[tag_start..];
    let href = tag.find("href=\"").expect("href") + 6;
    let end = tag[href..].find('"').expect("closing quote") + href;
    super::device::unescape(&tag[href..end])
}

impl TestApp {
    /// Sets up single sign-on for `member`'s tenant through the owner's settings page,
    /// as the owner signed in with `owner_client` would.
    pub async fn configure_sso(
        &self,
        owner_client: &reqwest::Client,
        provider: &IdentityProvider,
        domains: &str,
        default_role: &str,
        password_sign_in: bool,
    ) -> reqwest::Response {
        let mut fields = vec![
            ("issuer_url", provider.issuer.as_str()),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("allowed_domains", domains),
            ("default_role", default_role),
        ];
        if password_sign_in {
            fields.push(("password_sign_in", "on"));
        }
        self.post_form(owner_client, "/settings/sso", "/settings/sso", &fields)
            .await
    }

    /// Presses "Continue with single sign-on" on the login page with `email`; returns the
    /// portal's answer (the page that continues to the provider, see `provider_url`).
    pub async fn continue_with_sso(
        &self,
        client: &reqwest::Client,
        email: &str,
    ) -> reqwest::Response {
        let html = client
            .get(self.url("/login"))
            .send()
            .await
            .expect("GET /login")
            .text()
            .await
            .expect("login page");
        let token = csrf_token(&html);
        client
            .post(self.url("/login/sso"))
            .form(&[("email", email), ("password", ""), ("csrf_token", &token)])
            .send()
            .await
            .expect("POST /login/sso")
    }

    /// The whole code flow: the login page, the provider's form as `idp_email`, and back
    /// to the portal's callback; returns the portal's answer to the callback.
    pub async fn sign_in_with_sso(
        &self,
        client: &reqwest::Client,
        typed_email: &str,
        idp_email: &str,
        verified: bool,
    ) -> reqwest::Response {
        self.sign_in_with_sso_as(client, typed_email, (idp_email, verified), None)
            .await
    }

    /// [`Self::sign_in_with_sso`] as the person `subject` at the provider.
    pub async fn sign_in_with_sso_as(
        &self,
        client: &reqwest::Client,
        typed_email: &str,
        (idp_email, verified): (&str, bool),
        subject: Option<&str>,
    ) -> reqwest::Response {
        let started = self.continue_with_sso(client, typed_email).await;
        let authorize = provider_url(started).await;
        let back = ProviderBrowser::new()
            .sign_in_as(&authorize, idp_email, verified, subject)
            .await;
        assert!(
            back.starts_with(&self.url("/login/sso/callback")),
            "the provider should send back to the portal's callback, not {back}"
        );
        client.get(back).send().await.expect("GET the callback")
    }
}
