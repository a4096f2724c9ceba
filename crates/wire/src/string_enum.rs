//! String enums that keep values they do not know.
//!
//! RingCentral adds enum values over time (extension types, usage types, reasons). A client that
//! rejected an unknown value would break on the day the server grows one, so every enum read from
//! a response has an `Other(String)` variant that carries the value through unchanged. Servers
//! that must refuse unknown values in a request use [`StringEnum::from_known`].

/// What every generated string enum offers beyond serde and `Display`/`FromStr`.
pub trait StringEnum: Sized {
    /// The known values, in the order the official definitions list them.
    const KNOWN: &'static [&'static str];

    /// The wire string of this value.
    fn as_str(&self) -> &str;

    /// The value for a known wire string, `None` for anything else (use it to reject requests).
    fn from_known(s: &str) -> Option<Self>;

    /// Whether this is one of the known values (not an `Other`).
    fn is_known(&self) -> bool {
        Self::from_known(self.as_str()).is_some()
    }
}

/// Generates a string enum with known variants and an `Other(String)` fallback.
///
/// The enum gets `Display`, `FromStr` (infallible: unknown strings become `Other`), serde
/// `Serialize`/`Deserialize` as a plain JSON string, and [`StringEnum`].
/// `Other` must never hold a known value; `FromStr` and deserialization guarantee that.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this crate does not know, kept as the server sent it.
            Other(String),
        }

        impl $crate::string_enum::StringEnum for $name {
            const KNOWN: &'static [&'static str] = &[$($wire),+];

            fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Other(s) => s.as_str(),
                }
            }

            fn from_known(s: &str) -> Option<Self> {
                match s {
                    $( $wire => Some(Self::$variant), )+
                    _ => None,
                }
            }
        }

        impl $name {
            /// The wire string of this value.
            pub fn as_str(&self) -> &str {
                $crate::string_enum::StringEnum::as_str(self)
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(<Self as $crate::string_enum::StringEnum>::from_known(s)
                    .unwrap_or_else(|| Self::Other(s.to_owned())))
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                <Self as $crate::string_enum::StringEnum>::from_known(s)
                    .unwrap_or_else(|| Self::Other(s.to_owned()))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                $crate::string_enum::schema(<Self as $crate::string_enum::StringEnum>::KNOWN)
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::ToSchema for $name {}

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(&*s))
            }
        }
    };
}

pub(crate) use string_enum;

/// The JSON schema of a string enum: a string of one of the known values. Answers only ever
/// carry known values, and requests with others are refused, so the document lists them.
#[cfg(feature = "openapi")]
pub(crate) fn schema(known: &[&str]) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(known.iter().copied())).into()
}
