//! `/settings/branding`: what the tenant's end users see instead of the portal.

use maud::{html, Markup};

use crate::domain::FieldErrors;

use super::components::{csrf_field, error_summary, page_header, Field, Problem};

/// What the branding page shows: the saved brand, or the owner's input after a mistake.
pub struct BrandingView<'a> {
    pub tenant_name: &'a str,
    pub display_name: &'a str,
    pub accent_colour: &'a str,
    pub support_contact: &'a str,
    pub logo_path: Option<&'a str>,
    pub errors: &'a FieldErrors,
    pub csrf_token: &'a str,
    pub can_edit: bool,
}

fn problems(errors: &FieldErrors) -> Vec<Problem> {
    errors
        .by_field
        .iter()
        .map(|(name, message)| Problem::new(format!("field-{name}"), message.clone()))
        .collect()
}

pub fn branding_page(view: &BrandingView<'_>) -> Markup {
    html! {
        (page_header("Branding", Some("Your name, logo and colour on every page your end users see, and in emails."), None))
        (error_summary(view.errors.general.as_deref(), &problems(view.errors)))
        div.grid-two {
            (brand_form(view))
            (logo_panel(view))
        }
        (preview(view))
    }
}

fn brand_form(view: &BrandingView<'_>) -> Markup {
    let errors = view.errors;
    html! {
        form.panel.stack method="post" action="/settings/branding" {
            (csrf_field(view.csrf_token))
            h2 { "Name, colour and contact" }
            (Field::new("display_name", "Display name")
                .value(view.display_name)
                .required(false)
                .hint(&format!("What end users know you as; blank: “{}”.", view.tenant_name))
                .error(errors.get("display_name"))
                .render())
            (Field::new("accent_colour", "Accent colour")
                .value(view.accent_colour)
                .required(false)
                .hint("Six hex digits like #1d4ed8, dark enough for white text (contrast 4.5:1). Blank: the portal's blue.")
                .error(errors.get("accent_colour"))
                .render())
            (Field::new("support_contact", "Support contact")
                .value(view.support_contact)
                .required(false)
                .hint("An email address or an https:// page where people who are stuck can ask for help.")
                .error(errors.get("support_contact"))
                .render())
            @if view.can_edit {
                div.form-actions { button.button.button-primary type="submit" { "Save branding" } }
            } @else {
                p.muted { "Only owners can change the branding." }
            }
        }
    }
}

fn logo_panel(view: &BrandingView<'_>) -> Markup {
    html! {
        section.panel.stack {
            h2 { "Logo" }
            @if let Some(path) = view.logo_path {
                img.brand-logo-preview src=(path) alt={ (view.display_name_or_tenant()) " logo" };
            } @else {
                p.muted { "No logo yet: end users see your name." }
            }
            @if view.can_edit {
                form.stack method="post" action="/settings/branding/logo" enctype="multipart/form-data" {
                    (csrf_field(view.csrf_token))
                    div class={ "field" @if view.errors.get("logo").is_some() { " field-invalid" } } {
                        label for="field-logo" { "PNG or JPEG, up to 200 KB" }
                        input id="field-logo" name="logo" type="file" accept="image/png,image/jpeg" required
                            aria-invalid=[view.errors.get("logo").map(|_| "true")];
                        p.hint { "The portal re-encodes it as PNG and scales it to fit 512 pixels." }
                        @if let Some(error) = view.errors.get("logo") {
                            (super::components::field_error("field-logo", error))
                        }
                    }
                    div.form-actions { button.button type="submit" { "Upload logo" } }
                }
                @if view.logo_path.is_some() {
                    form method="post" action="/settings/branding/logo/remove" {
                        (csrf_field(view.csrf_token))
                        button.button.button-danger type="submit" { "Remove logo" }
                    }
                }
            }
        }
    }
}

/// A small rendering of the Continue page's header as end users will see it.
fn preview(view: &BrandingView<'_>) -> Markup {
    let accent = crate::domain::AccentColour::parse(view.accent_colour).ok();
    html! {
        section.panel.stack {
            h2 { "Preview" }
            @if let Some(accent) = accent {
                link rel="stylesheet" href=(accent.stylesheet_path());
            }
            div.brand-preview {
                div.brand-preview-header {
                    @if let Some(path) = view.logo_path {
                        img.brand-preview-logo src=(path) alt="";
                    }
                    strong { (view.display_name_or_tenant()) }
                }
                p { (view.display_name_or_tenant()) " asks you to verify your identity." }
                span.brand-preview-button { "Continue to identity verification" }
            }
        }
    }
}

impl BrandingView<'_> {
    fn display_name_or_tenant(&self) -> &str {
        if self.display_name.trim().is_empty() {
            self.tenant_name
        } else {
            self.display_name
        }
    }
}
