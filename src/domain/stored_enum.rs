//! Enums stored as text columns. Each variant's stored string is written once, in the
//! enum's declaration; the database mapping, `as_str`, parsing and JSON all read it from
//! there, so a typo cannot make two of them disagree.

/// Declares an enum stored as a string column (a sea-orm `DeriveActiveEnum` with
/// `rs_type = "String"`), from `Variant = "stored"` pairs, and gives it:
/// - `ALL`, every variant in declaration order;
/// - `as_str`, the stored string;
/// - `from_stored`, the variant of an exact stored string;
/// - `Display` and serde as the stored string (deserializing refuses anything else).
macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $stored:literal, )+
        }
    ) => {
        // The derive names `StringLen` in the column type it generates.
        use sea_orm::sea_query::StringLen;

        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, sea_orm::EnumIter, sea_orm::DeriveActiveEnum)]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
        pub enum $name {
            $( $(#[$variant_meta])* #[sea_orm(string_value = $stored)] $variant, )+
        }

        impl $name {
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $stored, )+
                }
            }

            /// The variant stored as exactly `stored`.
            pub fn from_stored(stored: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|value| value.as_str() == stored)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Self::from_stored(&raw).ok_or_else(|| {
                    let expected: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                    serde::de::Error::custom(format!(
                        "unknown value “{raw}”, expected one of: {}",
                        expected.join(", ")
                    ))
                })
            }
        }
    };
}

pub(crate) use stored_enum;

/// Asserts that every variant of a `stored_enum!` goes through its stored string and back,
/// as text, as JSON and as a database value. For each enum's unit tests.
#[cfg(test)]
macro_rules! assert_round_trips {
    ($name:ident) => {{
        use sea_orm::ActiveEnum;
        for value in $name::ALL {
            let stored = value.as_str();
            assert_eq!($name::from_stored(stored), Some(value), "{stored}");
            assert_eq!(value.to_value(), stored, "{stored}");
            assert_eq!($name::try_from_value(&stored.to_owned()).ok(), Some(value));
            assert_eq!(value.to_string(), stored);
            let json = serde_json::to_string(&value).unwrap_or_default();
            assert_eq!(json, format!("\"{stored}\""));
            assert_eq!(serde_json::from_str::<$name>(&json).ok(), Some(value));
        }
        let mut stored: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
        stored.sort_unstable();
        stored.dedup();
        assert_eq!(
            stored.len(),
            $name::ALL.len(),
            "stored strings are distinct"
        );
        assert_eq!($name::from_stored("no such value"), None);
        assert!(serde_json::from_str::<$name>("\"no such value\"").is_err());
    }};
}

#[cfg(test)]
pub(crate) use assert_round_trips;
