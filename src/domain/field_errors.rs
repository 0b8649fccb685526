//! Errors of a form or a JSON body, by field, for showing each next to its field.

/// Errors by field name (`template_id`, `fields[name-first]`, …), for forms and the API.
#[derive(Default, Debug, Clone)]
pub struct FieldErrors {
    pub by_field: Vec<(String, String)>,
    pub general: Option<String>,
}

impl FieldErrors {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.by_field
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, message)| message.as_str())
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.by_field.push((field.to_owned(), message.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.by_field.is_empty() && self.general.is_none()
    }

    /// One sentence for the JSON API: `field: message; field: message`.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = self
            .by_field
            .iter()
            .map(|(field, message)| format!("{field}: {message}"))
            .collect();
        if let Some(general) = &self.general {
            parts.push(general.clone());
        }
        parts.join("; ")
    }
}
