//! The runtime of the crates docgen generates, as `prost` is for prost-build's output: generated
//! code names it as its `runtime` module (`pub use docgen_runtime as runtime;`), so a crate of
//! generated models depends on it, `serde` and `serde_json`.
//!
//! It holds what route stubs use (method, `Route` trait, collection envelope, `Reference`, path
//! filling and encoding), the types that keep an `Edm` value as sent (`DateTimeOffset`, `TimeOfDay`,
//! `Guid`, `Decimal`), the OData number forms (`edm`), `Flags`, the table every generated enum
//! reads its wire names from (`OpenEnum`), the shared readers and writers the generated
//! `Serialize` and `Deserialize` impls call (`fields`), and what `from_json` returns.

/// chrono, which generated code names for `Edm.Date` (`runtime::chrono::NaiveDate`).
pub use chrono;

/// A type that keeps an `Edm` value as the JSON string it was sent as: the struct (with the
/// doc given), `new`, `as_str`, and the conversions and serde impls every such type shares. Each
/// type adds its own `parse` and the `From` of the value it stands for.
macro_rules! text_type {
    ($(#[doc = $doc:literal])* $name:ident) => {
        text_type!(
            $(#[doc = $doc])*
            ///
            /// Read and written as a JSON string, kept exactly as sent, so a value goes back to the
            /// service byte for byte and a value the service writes unusually is never an error
            /// while reading. `parse` checks and converts it when asked; `==` compares the text.
            text $name
        );

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self)
            }
        }
    };
    // The struct and what does not depend on the JSON form.
    ($(#[doc = $doc:literal])* text $name:ident) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// A value from its text, kept as given (`parse` checks it).
            pub fn new(text: impl Into<String>) -> Self {
                Self(text.into())
            }
            /// The text as sent.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                Self(text)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_type!(
    /// An `Edm.DateTimeOffset`, e.g. `2017-01-01T00:00:46.1697867+03:00`.
    DateTimeOffset
);

impl DateTimeOffset {
    /// The value, if the text is a valid literal of the type.
    pub fn parse(&self) -> Result<chrono::DateTime<chrono::FixedOffset>, chrono::ParseError> {
        let text = self.0.trim();
        chrono::DateTime::parse_from_rfc3339(text).or_else(|e| {
            let time = text.find(['T', 't']).map_or(text.len(), |i| i + 1);
            let zone = text[time..]
                .find(['Z', 'z', '+', '-'])
                .map_or(text.len(), |i| time + i);
            if text[time..zone].matches(':').count() == 1 {
                let full = format!("{}:00{}", &text[..zone], &text[zone..]);
                chrono::DateTime::parse_from_rfc3339(&full).map_err(|_| e)
            } else {
                Err(e)
            }
        })
    }
    /// The instant in UTC, if the text is a valid literal.
    pub fn to_utc(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.parse().ok().map(|t| t.with_timezone(&chrono::Utc))
    }
}

impl From<chrono::DateTime<chrono::Utc>> for DateTimeOffset {
    fn from(value: chrono::DateTime<chrono::Utc>) -> Self {
        Self(value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

text_type!(
    /// An `Edm.TimeOfDay`, e.g. `08:00:00.0000000`.
    TimeOfDay
);

impl TimeOfDay {
    /// The value, if the text is a valid literal of the type.
    pub fn parse(&self) -> Result<chrono::NaiveTime, chrono::ParseError> {
        let text = self.0.trim();
        chrono::NaiveTime::parse_from_str(text, "%H:%M:%S%.f")
            .or_else(|e| chrono::NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| e))
    }
}

impl From<chrono::NaiveTime> for TimeOfDay {
    fn from(value: chrono::NaiveTime) -> Self {
        Self(value.format("%H:%M:%S%.f").to_string())
    }
}

text_type!(
    /// An `Edm.Guid`, e.g. `0118a350-71fc-4ec3-8f0c-6a1cb8867561`, in either letter case.
    Guid
);

impl Guid {
    /// The value, if the text is a valid literal of the type.
    pub fn parse(&self) -> Result<uuid::Uuid, uuid::Error> {
        let text = self.0.trim();
        uuid::Uuid::parse_str(text)
    }
}

impl From<uuid::Uuid> for Guid {
    fn from(value: uuid::Uuid) -> Self {
        Self(value.hyphenated().to_string())
    }
}

text_type!(
    /// An `Edm.Decimal`, e.g. `1234.50`, kept as its digits: read from a JSON string
    /// (`IEEE754Compatible=true`) exactly as sent, and from a JSON number as serde_json hands it
    /// over (every digit of an integer; a fraction to the 17 significant digits of an `f64`,
    /// `1.50` as `1.5`, unless serde_json's `arbitrary_precision` is on: this crate's
    /// `arbitrary-precision` feature, which keeps every digit of every number). Written as a
    /// JSON number, or as the string it holds when that is not one. `parse` converts it to
    /// the number type of your choice (`f64`, or a decimal type); `==` compares the text.
    text Decimal
);

impl Decimal {
    /// The value as the number type `T` (`f64`, `i64`, a decimal type's `FromStr`).
    pub fn parse<T: std::str::FromStr>(&self) -> Result<T, T::Err> {
        self.0.trim().parse()
    }
    /// The value as a JSON number, if the text is one (JSON's number grammar, which is OData's
    /// decimal literal): how it is written. Without `arbitrary_precision` the number is an
    /// `f64` when it has a fraction or exponent.
    pub fn to_number(&self) -> Option<serde_json::Number> {
        self.0.trim().parse().ok()
    }
}

impl From<i64> for Decimal {
    fn from(value: i64) -> Self {
        Self(value.to_string())
    }
}

impl From<u64> for Decimal {
    fn from(value: u64) -> Self {
        Self(value.to_string())
    }
}

impl From<f64> for Decimal {
    /// The shortest text that reads back as `value`, as serde_json writes it (`NaN` and the
    /// infinities, which no decimal holds, as Rust writes them).
    fn from(value: f64) -> Self {
        Self(
            serde_json::Number::from_f64(value)
                .map_or_else(|| value.to_string(), |n| n.to_string()),
        )
    }
}

impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.to_number() {
            Some(number) => number.serialize(serializer),
            None => serializer.serialize_str(&self.0),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Decimal {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(edm::NumberText).map(Self)
    }
}

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
}

impl Method {
    /// The method as written in a request line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
        }
    }
}

/// A documented route: its method, path template, body types, and how to render its path.
pub trait Route {
    /// The HTTP method.
    const METHOD: Method;
    /// The path template as documented, e.g. `/users/{id}`.
    const TEMPLATE: &'static str;
    /// The documented success status: the status line of the response example, or
    /// `None` when the docs show none.
    const SUCCESS_STATUS: Option<u16>;
    /// The request body type (`()` when there is none).
    type Request;
    /// The response body type (`()` when there is none).
    type Response;
    /// The values of the path parameters, in the order of the template's placeholders (none
    /// unless the route has parameters).
    fn args(&self) -> Vec<String> {
        Vec::new()
    }
    /// The path: the template with each placeholder replaced by its value from
    /// [`args`](Route::args), percent-encoded ([`fill_path`]).
    fn path(&self) -> String {
        fill_path(Self::TEMPLATE, &self.args())
    }
}

/// A generated enum of a Graph enum type: a variant per member the docs list, and `Other` for
/// any other value, kept as sent. Its wire names are a table read by the provided methods, which
/// its `as_str`, `Display`, `FromStr` and serde impls call, rather than a `match` per impl.
pub trait OpenEnum: Sized + Clone + PartialEq + 'static {
    /// Each listed member's wire name and variant, in the order of the docs.
    const MEMBERS: &'static [(&'static str, Self)];
    /// The text of an `Other` value; `None` for a listed member.
    fn other(&self) -> Option<&str>;
    /// An `Other` value holding `text`.
    fn from_other(text: String) -> Self;
    /// The value as sent on the wire: a member's wire name, or the text of an `Other`.
    fn wire_name(&self) -> &str {
        match self.other() {
            Some(text) => text,
            None => Self::MEMBERS
                .iter()
                .find(|(_, member)| member == self)
                .map_or("", |(name, _)| name),
        }
    }
    /// The member whose wire name is `text` (exactly), else an `Other` holding it.
    fn from_wire(text: &str) -> Self {
        Self::MEMBERS
            .iter()
            .find(|(name, _)| *name == text)
            .map_or_else(
                || Self::from_other(text.to_owned()),
                |(_, member)| member.clone(),
            )
    }
}

/// A combination of members of a flags enum (values 1, 2, 4, …), read and written as
/// OData sends it: member names separated by commas (`"mailbox,onedrive"`). Each name
/// reads as the enum does, so a member the docs do not list is kept as its `Other`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Flags<T>(pub Vec<T>);

impl<T: PartialEq> Flags<T> {
    /// Whether `member` is set.
    pub fn contains(&self, member: &T) -> bool {
        self.0.contains(member)
    }
}

impl<T> From<Vec<T>> for Flags<T> {
    fn from(members: Vec<T>) -> Self {
        Self(members)
    }
}

impl<T: std::fmt::Display> std::fmt::Display for Flags<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, member) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            member.fmt(f)?;
        }
        Ok(())
    }
}

impl<T: std::str::FromStr<Err = std::convert::Infallible>> std::str::FromStr for Flags<T> {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut members = Vec::new();
        for name in s.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            members.push(name.parse()?);
        }
        Ok(Self(members))
    }
}

impl<T: std::fmt::Display> serde::Serialize for Flags<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de, T: std::str::FromStr<Err = std::convert::Infallible>> serde::Deserialize<'de>
    for Flags<T>
{
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        fields::read_enum(deserializer)
    }
}

/// The body that adds or sets a reference (`POST …/$ref`, `PUT …/$ref`): the URL of the
/// entity referred to, e.g. `https://graph.microsoft.com/v1.0/directoryObjects/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Reference {
    /// The entity's URL.
    #[serde(rename = "@odata.id")]
    pub odata_id: String,
}

/// A collection response: `{"value": [...], "@odata.nextLink": "..."}`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Collection<T> {
    /// The items of this page.
    pub value: Vec<T>,
    /// The URL of the next page, if any.
    #[serde(
        rename = "@odata.nextLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next_link: Option<String>,
    /// The total count, when `$count=true` was asked for: a JSON number, or a string
    /// holding one when the service was asked for `IEEE754Compatible=true`.
    #[serde(
        rename = "@odata.count",
        default,
        skip_serializing_if = "Option::is_none",
        with = "edm"
    )]
    pub count: Option<i64>,
    /// Every other member, kept as sent: `@odata.context`, `@odata.deltaLink`.
    #[serde(flatten)]
    pub additional_data: serde_json::Map<String, serde_json::Value>,
}

/// serde helpers for the number forms OData allows besides JSON numbers: `Int64` written as
/// a string (`IEEE754Compatible=true`; an `Edm.Decimal` is a [`Decimal`]), and `Single` and
/// `Double` written as `"NaN"`, `"INF"` or `"-INF"`. Generated fields of those types use them
/// through `#[serde(with = "...")]`; they write plain JSON numbers back, except for the
/// special floating-point values, which JSON numbers cannot hold.
pub mod edm {
    use serde::de::{self, MapAccess, Visitor};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    /// A value that reads every OData form of an `Edm` number, and what holds them.
    pub trait Number: Sized {
        /// Reads the value from any of its forms.
        fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
        /// Writes the value as OData writes it.
        fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    }
    /// A number as read: a JSON number, or a string holding one.
    enum Wire {
        Int(i64),
        Float(f64),
        Text(String),
    }
    impl<'de> Deserialize<'de> for Wire {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(WireVisitor)
        }
    }
    /// Reads [`Wire`] from what the deserializer has, rather than trying each form in turn
    /// through a buffer (`#[serde(untagged)]`), which cannot read a number that serde_json's
    /// `arbitrary_precision` hands over as its text.
    struct WireVisitor;
    impl<'de> Visitor<'de> for WireVisitor {
        type Value = Wire;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a number, or a string holding one")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Wire, E> {
            Ok(Wire::Int(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Wire, E> {
            // Beyond `i64` only a float holds it, as when each form was tried in turn.
            Ok(i64::try_from(v).map_or(Wire::Float(v as f64), Wire::Int))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Wire, E> {
            Ok(Wire::Float(v))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Wire, E> {
            Ok(Wire::Text(v.to_owned()))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Wire, A::Error> {
            let text = NumberText.visit_map(map)?;
            let number: serde_json::Number = text.parse().map_err(de::Error::custom)?;
            match (number.as_i64(), number.as_f64()) {
                (Some(i), _) => Ok(Wire::Int(i)),
                (None, Some(f)) => Ok(Wire::Float(f)),
                (None, None) => Ok(Wire::Text(text)),
            }
        }
    }
    /// Reads the text of a number: a JSON string as sent, an integer's digits, a float as
    /// serde_json writes it (the shortest text that reads back as the same `f64`), and, under
    /// serde_json's `arbitrary_precision`, a number's text as it was sent.
    pub(crate) struct NumberText;
    impl<'de> Visitor<'de> for NumberText {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a number, or a string holding one")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i128<E: de::Error>(self, v: i128) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u128<E: de::Error>(self, v: u128) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            Ok(serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string()))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        // serde_json's `arbitrary_precision` hands a number over as a one-member map that its
        // own `Number` reads; without the feature `Number` reads no map, so a map is an error.
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
            serde_json::Number::deserialize(de::value::MapAccessDeserializer::new(map))
                .map(|n| n.to_string())
        }
    }
    impl Number for i64 {
        fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            match Wire::deserialize(deserializer)? {
                Wire::Int(i) => Ok(i),
                Wire::Float(f) => Err(serde::de::Error::custom(format_args!(
                    "invalid value: {f}, expected a 64-bit integer"
                ))),
                Wire::Text(s) => s.trim().parse().map_err(|_| {
                    serde::de::Error::custom(format_args!(
                        "invalid value: \"{s}\", expected a 64-bit integer"
                    ))
                }),
            }
        }
        fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_i64(*self)
        }
    }
    impl Number for f64 {
        fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            match Wire::deserialize(deserializer)? {
                Wire::Int(i) => Ok(i as f64),
                Wire::Float(f) => Ok(f),
                Wire::Text(s) => match s.trim() {
                    "NaN" => Ok(f64::NAN),
                    "INF" => Ok(f64::INFINITY),
                    "-INF" => Ok(f64::NEG_INFINITY),
                    t if t
                        .bytes()
                        .any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E') =>
                    {
                        Err(serde::de::Error::custom(format_args!(
                            "invalid value: \"{s}\", expected a number"
                        )))
                    }
                    t => t.parse().map_err(|_| {
                        serde::de::Error::custom(format_args!(
                            "invalid value: \"{s}\", expected a number"
                        ))
                    }),
                },
            }
        }
        fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            if self.is_nan() {
                serializer.serialize_str("NaN")
            } else if self.is_infinite() {
                serializer.serialize_str(if *self > 0.0 { "INF" } else { "-INF" })
            } else {
                serializer.serialize_f64(*self)
            }
        }
    }
    impl Number for f32 {
        fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            f64::read(deserializer).map(|f| f as f32)
        }
        fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            if self.is_finite() {
                serializer.serialize_f32(*self)
            } else {
                f64::from(*self).write(serializer)
            }
        }
    }
    /// One number of a collection, through [`Number`].
    struct Item<T>(T);
    impl<'de, T: Number> Deserialize<'de> for Item<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            T::read(deserializer).map(Item)
        }
    }
    impl<T: Number> Serialize for Item<&T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0.write(serializer)
        }
    }
    impl<T: Number> Number for Vec<T> {
        fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let items: Vec<Item<T>> = Vec::deserialize(deserializer)?;
            Ok(items.into_iter().map(|i| i.0).collect())
        }
        fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.iter().map(Item))
        }
    }
    /// A number that reads and writes every OData form, for values outside a struct
    /// field (what `from_json` returns for `Edm.Int64` and the like).
    #[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
    pub struct Lenient<T>(pub T);
    impl<'de, T: Number> Deserialize<'de> for Lenient<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            T::read(deserializer).map(Lenient)
        }
    }
    impl<T: Number> Serialize for Lenient<T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0.write(serializer)
        }
    }
    /// `serialize_with` for an optional field.
    pub fn serialize<T: Number, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => v.write(serializer),
            None => serializer.serialize_none(),
        }
    }
    /// `deserialize_with` for an optional field (with `#[serde(default)]`).
    pub fn deserialize<'de, T: Number, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        Option::<Lenient<T>>::deserialize(deserializer).map(|v| v.map(|l| l.0))
    }
}

/// How generated structs and enums read and write themselves: one shared reader of a
/// JSON object that hands each member to the struct's field by name, and writers of
/// present fields, instead of a serde derive's expansion per type (most of what a
/// large generated crate costs to compile).
pub mod fields {
    use super::edm::{Lenient, Number};
    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
    use serde::ser::{Serialize, SerializeMap, Serializer};
    /// A struct read member by member from a JSON object.
    pub trait Fields: Default {
        /// The type's name, for errors.
        const NAME: &'static str;
        /// Reads the value of the member `key` into its field; `Ok(false)` when no
        /// field has that wire name (the value is then still to be read).
        fn read_field<'de, A: MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
        ) -> Result<bool, A::Error>;
        /// Where members without a field go, kept as sent.
        fn rest(&mut self) -> &mut serde_json::Map<String, serde_json::Value>;
    }
    /// Reads a struct from a JSON object: each member into its field, the others into
    /// its [`Fields::rest`].
    pub fn read<'de, T: Fields, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_map(Object(std::marker::PhantomData))
    }
    struct Object<T>(std::marker::PhantomData<T>);
    impl<'de, T: Fields> Visitor<'de> for Object<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "struct {}", T::NAME)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut value = T::default();
            while let Some(key) = map.next_key::<String>()? {
                if !value.read_field(&key, &mut map)? {
                    let member: serde_json::Value = map.next_value()?;
                    value.rest().insert(key, member);
                }
            }
            Ok(value)
        }
    }
    /// The error for a member sent twice, as serde's derive words it.
    fn duplicate<E: serde::de::Error>(key: &str) -> E {
        E::custom(format_args!("duplicate field `{key}`"))
    }
    /// Reads the member `key` into `slot` (`null` leaves it empty).
    pub fn field<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
        map: &mut A,
        slot: &mut Option<T>,
        key: &str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(duplicate(key));
        }
        *slot = map.next_value()?;
        Ok(())
    }
    /// Reads the member `key`, an OData number in any of its forms, into `slot`.
    pub fn number<'de, T: Number, A: MapAccess<'de>>(
        map: &mut A,
        slot: &mut Option<T>,
        key: &str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(duplicate(key));
        }
        *slot = map.next_value::<Option<Lenient<T>>>()?.map(|n| n.0);
        Ok(())
    }
    /// Starts writing a struct as a JSON object.
    pub fn begin<S: Serializer>(serializer: S) -> Result<S::SerializeMap, S::Error> {
        serializer.serialize_map(None)
    }
    /// Writes the member `key` when `value` is present.
    pub fn write<M: SerializeMap, T: Serialize>(
        map: &mut M,
        key: &str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(v) => map.serialize_entry(key, v),
            None => Ok(()),
        }
    }
    /// Writes the member `key`, an OData number, when `value` is present.
    pub fn write_number<M: SerializeMap, T: Number>(
        map: &mut M,
        key: &str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(v) => map.serialize_entry(key, &Written(v)),
            None => Ok(()),
        }
    }
    struct Written<'a, T>(&'a T);
    impl<T: Number> Serialize for Written<'_, T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0.write(serializer)
        }
    }
    /// Writes the members kept in `rest` and ends the object.
    pub fn end<M: SerializeMap>(
        mut map: M,
        rest: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<M::Ok, M::Error> {
        for (key, value) in rest {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
    /// A union of a base type and the types deriving from it, read member by member
    /// into the variant its `@odata.type` names.
    pub trait Union: Sized {
        /// An empty value of the variant the tag names (lower case, without `#`), or of
        /// the base when it names none.
        fn start(tag: &str) -> Self;
        /// [`Fields::read_field`] of the variant held.
        fn read_field<'de, A: MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
        ) -> Result<bool, A::Error>;
        /// [`Fields::rest`] of the variant held.
        fn rest(&mut self) -> &mut serde_json::Map<String, serde_json::Value>;
    }
    /// Reads a union from a JSON object. Members before `@odata.type` wait as JSON
    /// values until it names the variant (Graph writes it first, so usually none
    /// wait); the rest go straight into the variant's fields.
    pub fn read_union<'de, U: Union, D: Deserializer<'de>>(deserializer: D) -> Result<U, D::Error> {
        deserializer.deserialize_map(Tagged(std::marker::PhantomData))
    }
    struct Tagged<U>(std::marker::PhantomData<U>);
    impl<'de, U: Union> Visitor<'de> for Tagged<U> {
        type Value = U;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<U, A::Error> {
            let mut early: Vec<(String, serde_json::Value)> = Vec::new();
            let mut more = true;
            let tag = loop {
                let Some(key) = map.next_key::<String>()? else {
                    more = false;
                    break String::new();
                };
                let member: serde_json::Value = map.next_value()?;
                let tag = (key == "@odata.type").then(|| {
                    member
                        .as_str()
                        .map(|t| t.trim_start_matches('#').to_ascii_lowercase())
                        .unwrap_or_default()
                });
                early.push((key, member));
                if let Some(tag) = tag {
                    break tag;
                }
            };
            let mut value = U::start(&tag);
            for (key, member) in early {
                let mut one = One(Some(member));
                let read = value
                    .read_field(&key, &mut one)
                    .map_err(serde::de::Error::custom)?;
                if let (false, Some(member)) = (read, one.0) {
                    value.rest().insert(key, member);
                }
            }
            if more {
                while let Some(key) = map.next_key::<String>()? {
                    if !value.read_field(&key, &mut map)? {
                        let member: serde_json::Value = map.next_value()?;
                        value.rest().insert(key, member);
                    }
                }
            }
            Ok(value)
        }
    }
    /// One member's value, already read, handed to a field reader.
    struct One(Option<serde_json::Value>);
    impl<'de> MapAccess<'de> for One {
        type Error = serde_json::Error;
        fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
            &mut self,
            _seed: K,
        ) -> Result<Option<K::Value>, Self::Error> {
            Ok(None)
        }
        fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(
            &mut self,
            seed: V,
        ) -> Result<V::Value, Self::Error> {
            seed.deserialize(self.0.take().unwrap_or_default())
        }
    }
    /// Reads an enum from its wire string; a value the enum does not list becomes its
    /// `Other`, through its `FromStr`.
    pub fn read_enum<'de, T, D>(deserializer: D) -> Result<T, D::Error>
    where
        T: std::str::FromStr<Err = std::convert::Infallible>,
        D: Deserializer<'de>,
    {
        deserializer.deserialize_str(Text(std::marker::PhantomData))
    }
    struct Text<T>(std::marker::PhantomData<T>);
    impl<T: std::str::FromStr<Err = std::convert::Infallible>> Visitor<'_> for Text<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
            match text.parse() {
                Ok(value) => Ok(value),
                Err(never) => match never {},
            }
        }
    }
}

/// A value of a generated type, read by its Graph type name with `from_json`: it can be
/// written back as JSON, or taken as the Rust type it holds.
pub struct GraphValue {
    type_name: &'static str,
    collection: bool,
    value: Box<dyn Erased>,
}

/// What [`GraphValue`] needs of the value it holds.
trait Erased: std::any::Any + std::fmt::Debug + Send + Sync {
    fn to_json(&self) -> Result<serde_json::Value, serde_json::Error>;
    fn as_any(&self) -> &dyn std::any::Any;
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any + Send + Sync>;
}

impl<T> Erased for T
where
    T: serde::Serialize + std::any::Any + std::fmt::Debug + Send + Sync,
{
    fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::to_value(self)
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any + Send + Sync> {
        self
    }
}

impl GraphValue {
    /// The Graph type it was read as, e.g. `microsoft.graph.user` (also for a collection).
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }
    /// It was read as `Collection(...)`: it holds a [`Collection`] of the type.
    pub fn is_collection(&self) -> bool {
        self.collection
    }
    /// The value as JSON, as the generated types write it.
    pub fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        self.value.to_json()
    }
    /// The Rust value, if it is a `T`.
    pub fn downcast_ref<T: std::any::Any>(&self) -> Option<&T> {
        self.value.as_any().downcast_ref()
    }
    /// The Rust value, if it is a `T`.
    pub fn into_inner<T: std::any::Any>(self) -> Option<T> {
        self.value.into_any().downcast::<T>().ok().map(|v| *v)
    }
}

impl std::fmt::Debug for GraphValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphValue")
            .field("type_name", &self.type_name)
            .field("collection", &self.collection)
            .field("value", &self.value)
            .finish()
    }
}

impl serde::Serialize for GraphValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value
            .to_json()
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }
}

/// Why `from_json` could not read a value.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReadError {
    /// No generated type has this name (or its namespace's feature is off).
    UnknownType(String),
    /// The value is not a valid value of the type.
    Invalid {
        /// The Graph type.
        type_name: &'static str,
        /// What serde found.
        source: serde_json::Error,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownType(name) => write!(f, "no generated type is named `{name}`"),
            Self::Invalid { type_name, source } => {
                write!(f, "not a valid `{type_name}`: {source}")
            }
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::UnknownType(_) => None,
            Self::Invalid { source, .. } => Some(source),
        }
    }
}

/// Splits `Collection(x)` (any case, `#` optional) into `x` and `true`.
pub fn split_type_name(name: &str) -> (&str, bool) {
    let name = name.trim().trim_start_matches('#');
    match name.get(..11) {
        Some(head) if head.eq_ignore_ascii_case("collection(") && name.ends_with(')') => (
            name[11..name.len() - 1].trim().trim_start_matches('#'),
            true,
        ),
        _ => (name, false),
    }
}

/// Reads `value` as a `T`, or as a [`Collection`] of `T`, named `type_name`.
pub fn read<T>(
    type_name: &'static str,
    collection: bool,
    value: serde_json::Value,
) -> Result<GraphValue, ReadError>
where
    T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug + Send + Sync + 'static,
{
    let invalid = |source| ReadError::Invalid { type_name, source };
    let value: Box<dyn Erased> = if collection {
        let page =
            serde_json::from_value::<Collection<serde_json::Value>>(value).map_err(invalid)?;
        let items = page
            .value
            .into_iter()
            .map(serde_json::from_value::<T>)
            .collect::<Result<Vec<T>, _>>()
            .map_err(invalid)?;
        Box::new(Collection {
            value: items,
            next_link: page.next_link,
            count: page.count,
            additional_data: page.additional_data,
        })
    } else {
        Box::new(serde_json::from_value::<T>(value).map_err(invalid)?)
    };
    Ok(GraphValue {
        type_name,
        collection,
        value,
    })
}

/// Characters escaped in a path segment: controls, space, and everything with a meaning
/// in a URL path or an OData key.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'\'')
    .add(b'/')
    .add(b':')
    .add(b';')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b'(')
    .add(b')')
    .add(b',')
    .add(b'=')
    .add(b'&')
    .add(b'+')
    .add(b'$')
    .add(b'@');

/// Fills a route template: each `{…}` placeholder in turn is replaced by the next of `args`,
/// written with [`encode_quoted`] when it stands between quotes (`'{x}'`, an OData string
/// literal) and with [`encode_segment`] otherwise; the text around placeholders is kept as
/// written. A placeholder left without a value is kept as written.
pub fn fill_path<A: AsRef<str>>(template: &str, args: &[A]) -> String {
    let mut path = String::with_capacity(template.len() + 16 * args.len());
    let mut args = args.iter();
    let mut rest = 0;
    while let Some(open) = template[rest..].find('{').map(|i| rest + i) {
        let Some(close) = template[open..].find('}').map(|i| open + i) else {
            break;
        };
        path.push_str(&template[rest..open]);
        let quoted = template[..open].ends_with('\'') && template[close + 1..].starts_with('\'');
        match args.next() {
            Some(value) if quoted => encode_quoted(&mut path, value.as_ref()),
            Some(value) => encode_segment(&mut path, value.as_ref()),
            None => path.push_str(&template[open..=close]),
        }
        rest = close + 1;
    }
    path.push_str(&template[rest..]);
    path
}

/// Appends `value` percent-encoded as one path segment.
pub fn encode_segment(path: &mut String, value: &str) {
    path.extend(percent_encoding::utf8_percent_encode(value, SEGMENT));
}

/// Appends `value` for use inside an OData quoted literal (`'...'`): quotes doubled, then
/// percent-encoded.
pub fn encode_quoted(path: &mut String, value: &str) {
    encode_segment(path, &value.replace('\'', "''"));
}

#[cfg(test)]
mod tests {
    use super::{OpenEnum, fill_path};

    #[derive(Clone, Debug, PartialEq)]
    enum Color {
        Red,
        DarkBlue,
        Other(String),
    }

    impl OpenEnum for Color {
        const MEMBERS: &'static [(&'static str, Self)] =
            &[("red", Self::Red), ("darkBlue", Self::DarkBlue)];
        fn other(&self) -> Option<&str> {
            match self {
                Self::Other(text) => Some(text),
                _ => None,
            }
        }
        fn from_other(text: String) -> Self {
            Self::Other(text)
        }
    }

    #[test]
    fn decimals_keep_their_digits() {
        use super::{Collection, Decimal, edm::Lenient};
        let read = |json: &str| serde_json::from_str::<Decimal>(json).expect("reads");
        let write = |d: &Decimal| serde_json::to_string(d).expect("writes");
        // A string (IEEE754Compatible) is kept as sent, an integer's digits too.
        assert_eq!(read("\"1234.50\"").as_str(), "1234.50");
        assert_eq!(
            read("12345678901234567890").as_str(),
            "12345678901234567890"
        );
        assert_eq!(read("-7").as_str(), "-7");
        // Text that is no number is kept, and written back as the string it was.
        let odd = read("\"n/a\"");
        assert_eq!((odd.as_str(), write(&odd).as_str()), ("n/a", "\"n/a\""));
        assert_eq!(odd.to_number(), None);
        // A fraction keeps every digit only with `arbitrary_precision`.
        let fraction = read("1.50");
        let big = read("123456789.123456789123");
        if cfg!(feature = "arbitrary-precision") {
            assert_eq!(fraction.as_str(), "1.50");
            assert_eq!(write(&fraction), "1.50");
            assert_eq!(big.as_str(), "123456789.123456789123");
            assert_eq!(write(&big), "123456789.123456789123");
        } else {
            assert_eq!(fraction.as_str(), "1.5");
            assert_eq!(write(&fraction), "1.5");
            // The shortest text of the `f64` serde_json read (which one depends on its
            // features: `float_roundtrip` rounds differently).
            let read_as: f64 = serde_json::from_str("123456789.123456789123").expect("reads");
            assert_eq!(big.parse::<f64>(), Ok(read_as));
            assert!(big.as_str().len() < "123456789.123456789123".len());
        }
        // A string that holds a number is written as the number.
        assert_eq!(write(&read("\"2.5\"")), "2.5");
        assert_eq!(fraction.parse::<f64>(), Ok(1.5));
        assert_eq!(Decimal::from(0.1).as_str(), "0.1");
        assert_eq!(Decimal::from(-3i64).as_str(), "-3");
        // Through a `serde_json::Value` and through a collection page, which buffers its members.
        let v: Decimal = serde_json::from_value(serde_json::json!(42)).expect("reads");
        assert_eq!(v.as_str(), "42");
        let page: Collection<Decimal> =
            serde_json::from_str(r#"{"value": [0.25, "3.10"], "@odata.count": "2", "x": 1.5}"#)
                .expect("reads");
        let texts: Vec<&str> = page.value.iter().map(Decimal::as_str).collect();
        assert_eq!((texts, page.count), (vec!["0.25", "3.10"], Some(2)));
        // The other number forms read through the same buffer, whatever serde_json's features.
        let page: Collection<Lenient<f64>> =
            serde_json::from_str(r#"{"value": [1.25, "NaN", 7], "@odata.count": 3}"#)
                .expect("reads");
        assert_eq!(page.value[0].0, 1.25);
        assert!(page.value[1].0.is_nan());
        assert_eq!((page.value[2].0, page.count), (7.0, Some(3)));
        assert!(serde_json::from_str::<Lenient<i64>>("18446744073709551615").is_err());
        assert!(serde_json::from_str::<Lenient<i64>>("1.5").is_err());
        assert_eq!(
            serde_json::from_str::<Lenient<i64>>("\" 12 \"")
                .map(|n| n.0)
                .ok(),
            Some(12)
        );
    }

    #[test]
    fn open_enums_read_and_write_their_wire_names_and_keep_others() {
        assert_eq!(Color::from_wire("darkBlue"), Color::DarkBlue);
        assert_eq!(Color::DarkBlue.wire_name(), "darkBlue");
        // Wire names match exactly; anything else is kept as sent, even a member's name.
        assert_eq!(
            Color::from_wire("DarkBlue"),
            Color::Other("DarkBlue".into())
        );
        assert_eq!(Color::Other("red".into()).wire_name(), "red");
        assert_eq!(Color::from_wire(""), Color::Other(String::new()));
    }

    #[test]
    fn fill_path_encodes_segments_and_quoted_literals() {
        assert_eq!(fill_path::<&str>("/me/events", &[]), "/me/events");
        assert_eq!(
            fill_path(
                "/users/{id | userPrincipalName}/events/{id}",
                &["a/b c", "x"]
            ),
            "/users/a%2Fb%20c/events/x"
        );
        // Between quotes a value is an OData string literal: its quotes are doubled.
        assert_eq!(
            fill_path("/reports/get(period='{p}')/x/{id}", &["D'7", "it's"]),
            "/reports/get(period='D%27%277')/x/it%27s"
        );
        // A placeholder without a value, or a brace that opens none, stays as written.
        assert_eq!(fill_path("/a/{x}/b/{y}", &["1"]), "/a/1/b/{y}");
        assert_eq!(fill_path("/a/{x", &["1"]), "/a/{x");
    }
}
