use crate::{
    domain::{Brand, Language},
    i18n,
};
use maud::{html, Markup, DOCTYPE};

use crate::domain::Role;

use super::{components, Flash};

/// Which navigation entry is highlighted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nav {
    Dashboard,
    Links,
    Users,
    ApiKeys,
    Webhooks,
    Templates,
    TemplateConnections,
    Settings,
    Branding,
    SingleSignOn,
    Account,
    Tenants,
    Sandbox,
    Audit,
    Usage,
    Outbox,
    None,
}

/// Who is looking at a signed-in page: what the shell shows of them.
#[derive(Clone, Copy, Debug)]
pub struct Viewer<'a> {
    pub email: &'a str,
    pub role: Role,
    /// The tenant's name; `None` for operators.
    pub tenant_name: Option<&'a str>,
    /// The tenants the login may switch to (the current one included); a switcher is
    /// shown when there is more than one.
    pub tenants: &'a [TenantChoice],
    pub csrf_token: &'a str,
}

/// A tenant in the switcher: its slug (what the form posts) and name.
#[derive(Clone, Debug)]
pub struct TenantChoice {
    pub slug: String,
    pub name: String,
    pub current: bool,
}

/// The tenant switcher: the login's own enabled memberships.
fn tenant_switcher(user: &Viewer<'_>) -> Markup {
    html! {
        form.tenant-switcher method="post" action="/account/tenant" {
            (components::csrf_field(user.csrf_token))
            label for="switch-tenant" { "Working in" }
            select id="switch-tenant" name="tenant" {
                @for choice in user.tenants {
                    option value=(choice.slug) selected[choice.current] { (choice.name) }
                }
            }
            button.link-button type="submit" { "Switch tenant" }
        }
    }
}

pub struct Page<'a> {
    pub title: &'a str,
    pub user: Viewer<'a>,
    pub flash: Option<Flash>,
    pub nav: Nav,
}

struct NavItem {
    nav: Nav,
    href: &'static str,
    label: &'static str,
}

/// The navigation a role sees: entries they cannot use are not shown at all.
fn nav_items(role: Role) -> Vec<NavItem> {
    let item = |nav, href, label| NavItem { nav, href, label };
    match role {
        // The sandbox page answers 404 in persona mode; the nav cannot see the settings.
        Role::Operator => vec![
            item(Nav::Tenants, "/operator/tenants", "Tenants"),
            item(Nav::TemplateConnections, "/operator/templates", "Templates"),
            item(Nav::Usage, "/operator/usage", "Usage"),
            item(Nav::Outbox, "/operator/outbox", "Outbox"),
            item(Nav::Sandbox, "/operator/sandbox", "Sandbox"),
        ],
        Role::Owner => vec![
            item(Nav::Dashboard, "/", "Dashboard"),
            item(Nav::Links, "/links", "Links"),
            item(Nav::Templates, "/templates", "Templates"),
            item(Nav::Audit, "/audit", "Audit trail"),
            item(Nav::Users, "/users", "Users"),
            item(Nav::ApiKeys, "/api-keys", "API keys"),
            item(Nav::Webhooks, "/webhooks", "Webhooks"),
            item(Nav::Settings, "/settings", "Settings"),
            item(Nav::Branding, "/settings/branding", "Branding"),
            item(Nav::SingleSignOn, "/settings/sso", "Single sign-on"),
        ],
        Role::Issuer | Role::Viewer => vec![
            item(Nav::Dashboard, "/", "Dashboard"),
            item(Nav::Links, "/links", "Links"),
            item(Nav::Templates, "/templates", "Templates"),
            item(Nav::Audit, "/audit", "Audit trail"),
            item(Nav::Settings, "/settings", "Settings"),
        ],
    }
}

fn head(title: &str) -> Markup {
    head_with(title, None)
}

/// The head, with a stylesheet of the page's own after the portal's (a tenant's accent).
fn head_with(title: &str, stylesheet: Option<&str>) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · Inquiry Link Portal" }
            link rel="stylesheet" href="/static/app.css";
            @if let Some(href) = stylesheet { link rel="stylesheet" href=(href); }
            link rel="icon" href="/static/favicon.svg" type="image/svg+xml";
            script src="/static/app.js" defer {}
        }
    }
}

/// The signed-in shell: sidebar navigation by role, header with the account, flash.
pub fn layout(page: Page<'_>, content: Markup) -> Markup {
    let user = page.user;
    let context = user.tenant_name.unwrap_or("Operator");
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(page.title))
            body.app {
                aside.sidebar {
                    a.brand href="/" { span.brand-mark { "IL" } span { "Inquiry Link Portal" } }
                    @if user.tenants.len() > 1 {
                        (tenant_switcher(&user))
                    } @else {
                        div.tenant-name { (context) }
                    }
                    nav aria-label="Main" {
                        ul {
                            @for item in nav_items(user.role) {
                                li {
                                    a href=(item.href)
                                        class=[(item.nav == page.nav).then_some("current")]
                                        aria-current=[(item.nav == page.nav).then_some("page")]
                                    { (item.label) }
                                }
                            }
                        }
                    }
                    div.sidebar-footer {
                        a href="/account" class=[(page.nav == Nav::Account).then_some("current")] {
                            span.user-email { (user.email) }
                            span.user-role { (user.role.as_str()) }
                        }
                        form method="post" action="/logout" {
                            (components::csrf_field(user.csrf_token))
                            button.link-button type="submit" { "Log out" }
                        }
                    }
                }
                main.content {
                    @if let Some(flash) = &page.flash { (components::flash(flash)) }
                    (content)
                }
            }
        }
    }
}

/// A page outside the signed-in shell: login, end-user pages, errors.
pub fn bare(title: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title))
            body.bare {
                main.bare-card {
                    div.brand.brand-center { span.brand-mark { "IL" } span { "Inquiry Link Portal" } }
                    (content)
                }
            }
        }
    }
}

/// An end-user page in the person's language and, when the link's tenant is known, in its
/// brand: its logo (or initials) and name on top, its accent on the buttons, its support
/// contact below, the portal only in small print. Without a tenant (a token that matches
/// nothing) the portal's own mark stands on top.
pub fn end_user(brand: Option<&Brand>, language: Language, title: &str, content: Markup) -> Markup {
    let accent = brand
        .and_then(|brand| brand.accent)
        .map(|accent| accent.stylesheet_path());
    let site = brand.map_or("Inquiry Link Portal", |brand| brand.name.as_str());
    html! {
        (DOCTYPE)
        html lang=(language.as_str()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (site) }
                link rel="stylesheet" href="/static/app.css";
                @if let Some(href) = &accent { link rel="stylesheet" href=(href); }
                link rel="icon" href="/static/favicon.svg" type="image/svg+xml";
                script src="/static/app.js" defer {}
            }
            body.bare {
                main.bare-card {
                    @match brand {
                        Some(brand) => (brand_header(brand)),
                        None => div.brand.brand-center { span.brand-mark { "IL" } span { "Inquiry Link Portal" } },
                    }
                    (content)
                    @if let Some((brand, support)) = brand.and_then(|b| b.support.as_ref().map(|s| (b, s))) {
                        p.hint.support-contact {
                            (i18n::text_with(language, "layout-questions", &[("company", &brand.name)])) " "
                            a href=(support.href()) { (support.label()) }
                        }
                    }
                }
                @if brand.is_some() {
                    p.powered-by { (i18n::text(language, "layout-powered-by")) }
                }
            }
        }
    }
}

fn brand_header(brand: &Brand) -> Markup {
    html! {
        div.brand.brand-center {
            @if let Some(logo) = &brand.logo_path {
                img.end-user-logo src=(logo) alt=(brand.name);
            } @else {
                span.brand-mark { (initials(&brand.name)) }
            }
            span { (brand.name) }
        }
    }
}

/// Up to two letters of a name, for the mark of a brand without a logo.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// A signed-in page: the shell around `content`, answered with `status` (422 for a form
/// shown again with its errors).
pub fn page_response(
    user: Viewer<'_>,
    title: &str,
    nav: Nav,
    flash: Option<Flash>,
    status: actix_web::http::StatusCode,
    content: Markup,
) -> actix_web::HttpResponse {
    let page = Page {
        title,
        user,
        flash,
        nav,
    };
    actix_web::HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(layout(page, content).into_string())
}
