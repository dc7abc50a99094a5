//! The OData primitive types (`Edm.*`): what every source reads and every backend writes. A
//! neutral module, so parse, the model and the backends share it without one reaching into
//! another; what each primitive becomes in Rust is codegen's business (`codegen::types`).

use serde::Serialize;

/// OData primitive types, plus `Json` for arbitrary JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub enum Primitive {
    /// `Edm.String`
    String,
    /// `Edm.Boolean`
    Boolean,
    /// `Edm.Byte`
    Byte,
    /// `Edm.SByte`
    SByte,
    /// `Edm.Int16`
    Int16,
    /// `Edm.Int32`
    Int32,
    /// `Edm.Int64`
    Int64,
    /// `Edm.Single`
    Single,
    /// `Edm.Double`
    Double,
    /// `Edm.Decimal`
    Decimal,
    /// `Edm.Date`
    Date,
    /// `Edm.DateTimeOffset`
    DateTimeOffset,
    /// `Edm.TimeOfDay`
    TimeOfDay,
    /// `Edm.Duration`
    Duration,
    /// `Edm.Guid`
    Guid,
    /// `Edm.Binary`
    Binary,
    /// `Edm.Stream`
    Stream,
    /// Arbitrary JSON (`Json`, `JSON object`); OData's `Edm.Untyped`.
    Json,
    /// `Edm.Geography`: a GeoJSON value.
    Geography,
    /// `Edm.GeographyPoint`: a GeoJSON value.
    GeographyPoint,
    /// `Edm.GeographyLineString`: a GeoJSON value.
    GeographyLineString,
    /// `Edm.GeographyPolygon`: a GeoJSON value.
    GeographyPolygon,
    /// `Edm.GeographyMultiPoint`: a GeoJSON value.
    GeographyMultiPoint,
    /// `Edm.GeographyMultiLineString`: a GeoJSON value.
    GeographyMultiLineString,
    /// `Edm.GeographyMultiPolygon`: a GeoJSON value.
    GeographyMultiPolygon,
    /// `Edm.GeographyCollection`: a GeoJSON value.
    GeographyCollection,
    /// `Edm.Geometry`: a GeoJSON value.
    Geometry,
    /// `Edm.GeometryPoint`: a GeoJSON value.
    GeometryPoint,
    /// `Edm.GeometryLineString`: a GeoJSON value.
    GeometryLineString,
    /// `Edm.GeometryPolygon`: a GeoJSON value.
    GeometryPolygon,
    /// `Edm.GeometryMultiPoint`: a GeoJSON value.
    GeometryMultiPoint,
    /// `Edm.GeometryMultiLineString`: a GeoJSON value.
    GeometryMultiLineString,
    /// `Edm.GeometryMultiPolygon`: a GeoJSON value.
    GeometryMultiPolygon,
    /// `Edm.GeometryCollection`: a GeoJSON value.
    GeometryCollection,
}

impl Primitive {
    /// Every primitive, in declaration order (for completion lists).
    pub const ALL: [Primitive; 18] = [
        Self::String,
        Self::Boolean,
        Self::Byte,
        Self::SByte,
        Self::Int16,
        Self::Int32,
        Self::Int64,
        Self::Single,
        Self::Double,
        Self::Decimal,
        Self::Date,
        Self::DateTimeOffset,
        Self::TimeOfDay,
        Self::Duration,
        Self::Guid,
        Self::Binary,
        Self::Stream,
        Self::Json,
    ];

    /// The OData name, e.g. `Edm.String`.
    pub fn edm_name(&self) -> &'static str {
        match self {
            Self::String => "Edm.String",
            Self::Boolean => "Edm.Boolean",
            Self::Byte => "Edm.Byte",
            Self::SByte => "Edm.SByte",
            Self::Int16 => "Edm.Int16",
            Self::Int32 => "Edm.Int32",
            Self::Int64 => "Edm.Int64",
            Self::Single => "Edm.Single",
            Self::Double => "Edm.Double",
            Self::Decimal => "Edm.Decimal",
            Self::Date => "Edm.Date",
            Self::DateTimeOffset => "Edm.DateTimeOffset",
            Self::TimeOfDay => "Edm.TimeOfDay",
            Self::Duration => "Edm.Duration",
            Self::Guid => "Edm.Guid",
            Self::Binary => "Edm.Binary",
            Self::Stream => "Edm.Stream",
            Self::Json => "Edm.Untyped",
            Self::Geography => "Edm.Geography",
            Self::GeographyPoint => "Edm.GeographyPoint",
            Self::GeographyLineString => "Edm.GeographyLineString",
            Self::GeographyPolygon => "Edm.GeographyPolygon",
            Self::GeographyMultiPoint => "Edm.GeographyMultiPoint",
            Self::GeographyMultiLineString => "Edm.GeographyMultiLineString",
            Self::GeographyMultiPolygon => "Edm.GeographyMultiPolygon",
            Self::GeographyCollection => "Edm.GeographyCollection",
            Self::Geometry => "Edm.Geometry",
            Self::GeometryPoint => "Edm.GeometryPoint",
            Self::GeometryLineString => "Edm.GeometryLineString",
            Self::GeometryPolygon => "Edm.GeometryPolygon",
            Self::GeometryMultiPoint => "Edm.GeometryMultiPoint",
            Self::GeometryMultiLineString => "Edm.GeometryMultiLineString",
            Self::GeometryMultiPolygon => "Edm.GeometryMultiPolygon",
            Self::GeometryCollection => "Edm.GeometryCollection",
        }
    }

    /// A geography or geometry type: its values are GeoJSON objects.
    pub fn is_spatial(&self) -> bool {
        self.edm_name().starts_with("Edm.Geo")
    }

    /// Recognises a primitive name in any case, with or without `Edm.`.
    ///
    /// Aliases the reference uses for one type only are accepted: `Integer`/`Int` (the
    /// Int32 counts), `Long`, `Bool`, `DateTime` and `Timestamp` (Graph has no other
    /// date-time type), `JSON object`. `number` and `Float` are not: they could be any
    /// of several numeric types.
    pub fn from_name(s: &str) -> Option<Primitive> {
        let s = s.trim();
        let s = match s.get(..4) {
            Some(p) if p.eq_ignore_ascii_case("edm.") => &s[4..],
            _ => s,
        };
        // Lower-cased on the stack: every name fits, and a longer text is none of them.
        let mut buf = [0u8; 24];
        let lower = buf.get_mut(..s.len())?;
        lower.copy_from_slice(s.as_bytes());
        lower.make_ascii_lowercase();
        let p = match std::str::from_utf8(lower).unwrap_or_default() {
            "string" => Self::String,
            "boolean" | "bool" => Self::Boolean,
            "byte" => Self::Byte,
            "sbyte" => Self::SByte,
            "int16" => Self::Int16,
            "int32" | "int" | "integer" => Self::Int32,
            "int64" | "long" => Self::Int64,
            "single" => Self::Single,
            "double" => Self::Double,
            "decimal" => Self::Decimal,
            "date" => Self::Date,
            "datetimeoffset" | "datetime" | "timestamp" => Self::DateTimeOffset,
            "timeofday" => Self::TimeOfDay,
            "duration" => Self::Duration,
            "guid" => Self::Guid,
            "binary" => Self::Binary,
            "stream" => Self::Stream,
            "json" | "json object" | "untyped" | "untyped json object" => Self::Json,
            "geography" => Self::Geography,
            "geographypoint" => Self::GeographyPoint,
            "geographylinestring" => Self::GeographyLineString,
            "geographypolygon" => Self::GeographyPolygon,
            "geographymultipoint" => Self::GeographyMultiPoint,
            "geographymultilinestring" => Self::GeographyMultiLineString,
            "geographymultipolygon" => Self::GeographyMultiPolygon,
            "geographycollection" => Self::GeographyCollection,
            "geometry" => Self::Geometry,
            "geometrypoint" => Self::GeometryPoint,
            "geometrylinestring" => Self::GeometryLineString,
            "geometrypolygon" => Self::GeometryPolygon,
            "geometrymultipoint" => Self::GeometryMultiPoint,
            "geometrymultilinestring" => Self::GeometryMultiLineString,
            "geometrymultipolygon" => Self::GeometryMultiPolygon,
            "geometrycollection" => Self::GeometryCollection,
            _ => return None,
        };
        Some(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Primitive as P;

    #[test]
    fn edm_names_round_trip() {
        for p in [
            P::String,
            P::Byte,
            P::SByte,
            P::Int16,
            P::Single,
            P::Decimal,
            P::Date,
            P::TimeOfDay,
            P::Duration,
            P::Binary,
            P::Stream,
        ] {
            assert_eq!(Primitive::from_name(p.edm_name()), Some(p));
        }
        assert_eq!(P::Json.edm_name(), "Edm.Untyped");
        assert_eq!(Primitive::from_name("Edm."), None);
    }
}
