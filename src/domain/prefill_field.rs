use std::fmt;

/// A Persona inquiry field the portal knows how to prefill, with its value rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrefillField {
    NameFirst,
    NameMiddle,
    NameLast,
    Birthdate,
    EmailAddress,
    PhoneNumber,
    AddressStreet1,
    AddressStreet2,
    AddressCity,
    AddressSubdivision,
    AddressPostalCode,
    AddressCountryCode,
}

impl PrefillField {
    pub const ALL: [PrefillField; 12] = [
        PrefillField::NameFirst,
        PrefillField::NameMiddle,
        PrefillField::NameLast,
        PrefillField::Birthdate,
        PrefillField::EmailAddress,
        PrefillField::PhoneNumber,
        PrefillField::AddressStreet1,
        PrefillField::AddressStreet2,
        PrefillField::AddressCity,
        PrefillField::AddressSubdivision,
        PrefillField::AddressPostalCode,
        PrefillField::AddressCountryCode,
    ];

    /// The most common identity fields: the default for a new connection.
    pub const DEFAULT_ALLOWED: [PrefillField; 5] = [
        PrefillField::NameFirst,
        PrefillField::NameLast,
        PrefillField::Birthdate,
        PrefillField::EmailAddress,
        PrefillField::PhoneNumber,
    ];

    pub fn parse(name: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|field| field.as_str() == name)
            .ok_or_else(|| format!("“{name}” is not a field the portal can prefill."))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PrefillField::NameFirst => "name-first",
            PrefillField::NameMiddle => "name-middle",
            PrefillField::NameLast => "name-last",
            PrefillField::Birthdate => "birthdate",
            PrefillField::EmailAddress => "email-address",
            PrefillField::PhoneNumber => "phone-number",
            PrefillField::AddressStreet1 => "address-street-1",
            PrefillField::AddressStreet2 => "address-street-2",
            PrefillField::AddressCity => "address-city",
            PrefillField::AddressSubdivision => "address-subdivision",
            PrefillField::AddressPostalCode => "address-postal-code",
            PrefillField::AddressCountryCode => "address-country-code",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PrefillField::NameFirst => "First name",
            PrefillField::NameMiddle => "Middle name",
            PrefillField::NameLast => "Last name",
            PrefillField::Birthdate => "Date of birth",
            PrefillField::EmailAddress => "Email",
            PrefillField::PhoneNumber => "Phone",
            PrefillField::AddressStreet1 => "Street",
            PrefillField::AddressStreet2 => "Street (line 2)",
            PrefillField::AddressCity => "City",
            PrefillField::AddressSubdivision => "State or region",
            PrefillField::AddressPostalCode => "Postal code",
            PrefillField::AddressCountryCode => "Country (ISO code)",
        }
    }

    /// Checks and normalises a value for this field.
    pub fn parse_value(self, raw: &str) -> Result<String, String> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(format!("{} is empty.", self.label()));
        }
        if value.chars().count() > 200 || value.chars().any(char::is_control) {
            return Err(format!(
                "{} must be at most 200 characters, without line breaks.",
                self.label()
            ));
        }
        match self {
            PrefillField::Birthdate => chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .ok()
                .filter(|date| {
                    *date <= chrono::Utc::now().date_naive()
                        && *date >= chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default()
                })
                .map(|date| date.format("%Y-%m-%d").to_string())
                .ok_or_else(|| "Date of birth must be a real past date as YYYY-MM-DD.".into()),
            PrefillField::EmailAddress => super::Email::parse(value).map(|e| e.as_str().to_owned()),
            PrefillField::PhoneNumber => {
                let digits: String = value
                    .chars()
                    .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
                    .collect();
                let (plus, rest) = match digits.strip_prefix('+') {
                    Some(rest) => ("+", rest),
                    None => ("", digits.as_str()),
                };
                if (7..=15).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_digit()) {
                    Ok(format!("{plus}{rest}"))
                } else {
                    Err("Phone must be 7 to 15 digits, optionally starting with +.".into())
                }
            }
            PrefillField::AddressCountryCode => {
                if value.len() == 2 && value.bytes().all(|b| b.is_ascii_alphabetic()) {
                    Ok(value.to_ascii_uppercase())
                } else {
                    Err("Country must be a two-letter ISO code, like US or DE.".into())
                }
            }
            _ => Ok(value.to_owned()),
        }
    }
}

impl fmt::Display for PrefillField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
#[path = "../../tests/unit/domain_prefill_field.rs"]
mod tests;
