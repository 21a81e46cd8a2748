//! The rules: every kind of change the diff reports, its class, and why it has that class.
//!
//! This file exists so the policy can be read (and argued with) in one place, apart from the code that finds
//! changes. The "why" of each rule is printed next to every change in the report, so a reviewer never has to
//! guess why something is called breaking.
//!
//! What the classes mean, for a user of the generated crate who upgrades and talks to the same service:
//! - **breaking**: code that compiled may stop compiling (a public item, field, variant or setter is gone,
//!   renamed, or has another type), or a call or decode that succeeded may now fail, or a value that reached
//!   one match arm silently reaches another;
//! - **compatible**: existing code compiles and keeps working; there is more to use, or what travels on the wire
//!   changes to follow the service without the user changing anything;
//! - **docs only**: rustdoc text and documentation data (`ErrorCode::info()`) change; no code path does.
//!
//! Facts about the generated crate the rules rely on (see `generated/src/rds/describe_backups.rs`): request and
//! response structs are `#[non_exhaustive]` with `pub` fields; builders have one setter per parameter and `build`
//! fails on a missing required parameter or a documented limit; optional parameters are `Option<T>`, required ones
//! `T`; every response field is `Option<T>` (lists `Option<Vec<T>>`) whether or not the spec documents it as always
//! present, and every response struct implements `Default`; every enum, and every operation's error-code enum, is
//! `#[non_exhaustive]` with an `Unknown(..)` catch-all that only the SDK can build; scalar fields decode from
//! numbers and strings alike and serialise back in their declared wire form.
//!
//! The rules are checked against a tool no one here wrote: `cargo xtask semver-check` runs cargo-semver-checks
//! on the crates generated from both sides of every fixture in `tests/fixtures/diff` and compares its verdict
//! with the release these rules give. Where it says less than a rule here (always "none" where a rule says
//! breaking), a comment starting "cargo-semver-checks:" at the rule says why the rule is right and the tool
//! does not see it, and the fixture is listed in the command's known differences
//! (`xtask/src/semver_check/verdict.rs`). Two reasons come back: the change is one of behaviour (a call, a
//! request or a decode that worked now fails), which a tool comparing Rust items cannot see; or a type changes,
//! for which cargo-semver-checks has no lint yet (its README says so).

/// How a change affects users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Users' code may stop compiling or behave differently: the crate needs a breaking release.
    Breaking,
    /// Nothing users wrote stops working.
    Compatible,
    /// Only documentation changes.
    Docs,
}

impl Class {
    /// Every class, most severe first (the order of the report's sections).
    pub const ALL: [Class; 3] = [Class::Breaking, Class::Compatible, Class::Docs];

    /// The stable id used in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Compatible => "compatible",
            Class::Docs => "docs",
        }
    }

    /// The heading used in reports.
    pub fn title(self) -> &'static str {
        match self {
            Class::Breaking => "Breaking",
            Class::Compatible => "Compatible",
            Class::Docs => "Docs only",
        }
    }
}

macro_rules! rules {
    ($($kind:ident = $id:literal, $class:ident, $why:literal;)*) => {
        /// One kind of change. The id (`param_made_required`) is stable: tools read it from the JSON report.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind { $(#[doc = $why] $kind,)* }

        impl Kind {
            /// Every kind, in the order of the rules table.
            pub const ALL: &'static [Kind] = &[$(Kind::$kind,)*];

            /// The stable id.
            pub fn id(self) -> &'static str {
                match self { $(Kind::$kind => $id,)* }
            }

            /// The class of every change of this kind.
            pub fn class(self) -> Class {
                match self { $(Kind::$kind => Class::$class,)* }
            }

            /// Why changes of this kind have their class, in one sentence for the report.
            pub fn why(self) -> &'static str {
                match self { $(Kind::$kind => $why,)* }
            }

            /// Whether the generated crate changes at all (samples only feed its tests).
            pub fn changes_the_crate(self) -> bool {
                !matches!(self, Kind::SampleAdded | Kind::SampleRemoved | Kind::SampleChanged)
            }
        }
    };
}

rules! {
    // ---- products -------------------------------------------------------------------------------------------
    ProductAdded = "product_added", Compatible,
        "a new module; nothing that exists changes";
    ProductRemoved = "product_removed", Breaking,
        "the module and everything in it disappear";
    ProductModuleRenamed = "product_module_renamed", Breaking,
        "every path into the product (`module::Client`, `module::SomeType`) changes";
    // Surprising: no Rust item changes. But every request now names another API version, and the service may
    // answer it differently in ways no field of the spec shows; users must opt in, so it is a breaking release.
    // cargo-semver-checks: none (02_product_version_changed): no item changes, so it has nothing to lint.
    ProductVersionChanged = "product_version_changed", Breaking,
        "every request now asks for another API version, whose behaviour may differ beyond what the spec shows";
    ProductCodeChanged = "product_code_changed", Compatible,
        "the product code only appears in `SERVICE`, error messages and logs; no code path depends on it";
    ProductSignatureChanged = "product_signature_changed", Compatible,
        "the runtime signs requests another way; user code and the values it sends are unchanged";
    ProductEndpointsChanged = "product_endpoints_changed", Compatible,
        "requests go to other hosts, following the service; user code is unchanged";
    ProductDocsChanged = "product_docs_changed", Docs,
        "rustdoc text only";

    // ---- operations -----------------------------------------------------------------------------------------
    OperationAdded = "operation_added", Compatible,
        "a new module and client method; the server `Service` trait's new method has a default (it answers \
         `InvalidAction.NotFound`), so existing implementations still compile";
    OperationRemoved = "operation_removed", Breaking,
        "the client method, request, builder, response and error types disappear";
    OperationMethodsChanged = "operation_methods_changed", Compatible,
        "the client picks the HTTP method itself; user code is unchanged";
    // Compatible even towards `true`: the retry policy gets more careful (or less), never fails a call that
    // would have succeeded, and no user code names it.
    OperationStateChanged = "operation_changes_state_changed", Compatible,
        "only decides whether the runtime may resend the request; user code is unchanged";
    PagingAdded = "paging_added", Compatible,
        "adds `paginate()` and a `Page` impl; nothing that exists changes";
    PagingRemoved = "paging_removed", Breaking,
        "`paginate()` and the response's `Page` impl disappear";
    PagingChanged = "paging_changed", Compatible,
        "`paginate()` keeps its signature and pages through other fields; the item type is reported with its field";
    OperationDocsChanged = "operation_docs_changed", Docs,
        "rustdoc text only";

    // ---- request parameters ---------------------------------------------------------------------------------
    // Compatible: the request struct is `#[non_exhaustive]` (nobody can build it with a literal) and the
    // builder only gains a setter.
    ParamAddedOptional = "param_added_optional", Compatible,
        "a new builder setter and a new field of a `#[non_exhaustive]` struct; existing calls still build";
    // cargo-semver-checks: none (09_param_added_required). It sees a new setter and a new field of a
    // `#[non_exhaustive]` struct, both additions; that `build()` now fails without the setter is behaviour.
    ParamAddedRequired = "param_added_required", Breaking,
        "existing calls that do not set it now fail in `build()`";
    ParamRemoved = "param_removed", Breaking,
        "the setter and the request field disappear";
    ParamRenamed = "param_renamed", Breaking,
        "the setter and the request field get another Rust name";
    ParamWireRenamed = "param_wire_renamed", Compatible,
        "the same setter now sends the parameter under the name the service reads; user code is unchanged";
    // cargo-semver-checks: none (13_param_type_widened): it has no lint for a changed parameter or field type.
    // Widening (`i32` to `i64`) is breaking too: the setter's argument type changes, so a caller passing an
    // `i32` variable (not a literal) no longer compiles, and the pub field changes type.
    ParamTypeChanged = "param_type_changed", Breaking,
        "the setter's argument and the request field change type (even widening breaks callers passing a variable)";
    // cargo-semver-checks: none (11_param_made_required, 43_mixed): the field's type goes from `Option<T>` to `T`,
    // and it has no lint for a changed field type; the failure in `build()` is behaviour.
    ParamMadeRequired = "param_made_required", Breaking,
        "calls that do not set it now fail in `build()`, and the field changes from `Option<T>` to `T`";
    // Surprising: relaxing a parameter is breaking. The setter is unchanged, but the request struct's pub field
    // changes from `T` to `Option<T>`, so code that reads it no longer compiles (rare, but real).
    // cargo-semver-checks: none (12_param_made_optional): it has no lint for a changed field type.
    ParamMadeOptional = "param_made_optional", Breaking,
        "the setter is unchanged, but the request's pub field changes from `T` to `Option<T>`";
    ParamTimeFormatChanged = "param_time_format_changed", Compatible,
        "the setter still takes an `OffsetDateTime`; only the text sent changes, to what the service expects";
    // cargo-semver-checks: none (17_constraint_tightened): no item changes; `build()` refusing more is behaviour.
    ParamConstraintTightened = "param_constraint_tightened", Breaking,
        "values `build()` accepted before are now refused before sending";
    ParamConstraintLoosened = "param_constraint_loosened", Compatible,
        "every value accepted before is still accepted";
    // The default is what the *service* assumes; the crate never sends it, so only the docs change.
    ParamDefaultChanged = "param_default_changed", Docs,
        "the crate never sends defaults: they document what the service assumes";
    // Compatible: `#[deprecated]` is a warning, which Rust's semver rules (RFC 1105) treat as minor.
    ParamDeprecated = "param_deprecated", Compatible,
        "adds `#[deprecated]`: a warning, not an error";
    ParamUndeprecated = "param_undeprecated", Compatible,
        "removes a `#[deprecated]` warning";
    ParamDocsChanged = "param_docs_changed", Docs,
        "rustdoc text only";

    // ---- response fields, at any depth (the response struct and every declared struct) ----------------------
    // Compatible: response structs are `#[non_exhaustive]`, so users can neither build them with a literal nor
    // destructure them without `..`.
    FieldAdded = "field_added", Compatible,
        "a new pub field of a `#[non_exhaustive]` struct; no user code can depend on the field list";
    FieldRemoved = "field_removed", Breaking,
        "code reading the field no longer compiles";
    FieldRenamed = "field_renamed", Breaking,
        "the field gets another Rust name";
    FieldWireRenamed = "field_wire_renamed", Compatible,
        "the same field is now read from the key the service sends; it is optional, so no decode can fail for it";
    // cargo-semver-checks: none (25_field_type_narrowed): it has no lint for a changed field type.
    FieldTypeChanged = "field_type_changed", Breaking,
        "code reading the field sees another type; a narrowed type can also fail to decode values that decoded before";
    // Every response field is an `Option` (the service leaves out fields its pages call always present), so
    // `required` on a response field only documents what the page promises.
    FieldMadeRequired = "field_made_required", Docs,
        "the field stays an `Option` and absence still decodes; only the documentation of its presence changes";
    FieldMadeOptional = "field_made_optional", Docs,
        "the field stays an `Option` and absence still decodes; only the documentation of its presence changes";
    // A response time is a `Timestamp` that keeps the text as sent and parses every known format on demand,
    // so the declared format only changes its documentation.
    FieldTimeFormatChanged = "field_time_format_changed", Docs,
        "a response `Timestamp` keeps the text as sent and parses any format; only the docs change";
    // Surprising: a change on the wire that is not breaking. Decoding accepts a number and a string holding one
    // either way, and the Rust type is unchanged; what changes is what serialising the response writes back
    // (now the form the service uses), which only users who store serialised responses see, and those stored
    // values still decode.
    FieldNumberStringChanged = "field_number_string_changed", Compatible,
        "decoding accepts a number or a string either way and the Rust type is unchanged; only serialisation changes";
    FieldListFormWidened = "field_list_form_widened", Compatible,
        "decoding accepts every shape it accepted before (and more); the field's type is unchanged";
    // cargo-semver-checks: none (29_wrapper_removed): no item changes; a decode that now fails is behaviour.
    FieldListFormNarrowed = "field_list_form_narrowed", Breaking,
        "decoding no longer accepts a list shape it accepted before, so such a response now fails to decode";
    FieldDeprecated = "field_deprecated", Compatible,
        "adds `#[deprecated]`: a warning, not an error";
    FieldUndeprecated = "field_undeprecated", Compatible,
        "removes a `#[deprecated]` warning";
    FieldDocsChanged = "field_docs_changed", Docs,
        "rustdoc text only";

    // ---- declared types -------------------------------------------------------------------------------------
    // Compatible by Rust's semver rules: adding a public item is minor, even though a glob import could clash.
    TypeAdded = "type_added", Compatible,
        "a new public type; nothing that exists changes";
    TypeRemoved = "type_removed", Breaking,
        "code naming the type no longer compiles";
    TypeRenamed = "type_renamed", Breaking,
        "the same shape under another Rust name: code naming the type no longer compiles";
    TypeKindChanged = "type_kind_changed", Breaking,
        "a struct became an enum or the reverse";
    // Shared types live in the product's private `types` module and are re-exported as `product::Type`; local
    // types live in (and are re-exported from) the operation's module. `product::Type` works in both places.
    TypeMovedToShared = "type_moved_to_shared", Breaking,
        "`product::Type` still works, but the path through the operation's module (`product::operation::Type`) is gone";
    TypeMovedToOperation = "type_moved_to_operation", Compatible,
        "`product::Type` still works, and the operation's module gains a path to it";
    TypeMovedBetweenOperations = "type_moved_between_operations", Breaking,
        "`product::Type` still works, but the path through the old operation's module is gone";
    TypeDocsChanged = "type_docs_changed", Docs,
        "rustdoc text only";
    // Surprising: adding an enum variant is *not* breaking here. Every generated enum is `#[non_exhaustive]`
    // (so every user `match` already has a wildcard arm) and has an `Unknown(..)` catch-all (so the new value
    // already decoded before). The one visible difference: a value that used to arrive as `Unknown("X")` now
    // arrives as the `X` variant, so code that special-cased `Unknown("X")` stops seeing it.
    EnumValueAdded = "enum_value_added", Compatible,
        "the enum is `#[non_exhaustive]` with an `Unknown` catch-all: matches already have a wildcard arm";
    EnumValueRemoved = "enum_value_removed", Breaking,
        "code naming the variant no longer compiles (the value now decodes as `Unknown`)";
    EnumVariantRenamed = "enum_variant_renamed", Breaking,
        "the variant gets another Rust name";
    EnumValueWireChanged = "enum_value_wire_changed", Breaking,
        "the variant now stands for another wire value: the old value silently decodes as `Unknown`";
    EnumReprChanged = "enum_repr_changed", Breaking,
        "string and integer enums have different catch-all payloads (`String` vs `i64`) and methods";
    EnumCatchAllRenamed = "enum_catch_all_renamed", Breaking,
        "code matching the catch-all variant names it";
    EnumValueDocsChanged = "enum_value_docs_changed", Docs,
        "rustdoc text only";

    // ---- error codes ----------------------------------------------------------------------------------------
    // Surprising for the same reason as enum values: the error-code enum is `#[non_exhaustive]` with
    // `Unknown(String)`, which is where this code arrived before.
    ErrorCodeAdded = "error_code_added", Compatible,
        "the error-code enum is `#[non_exhaustive]` with `Unknown(String)`: the code was already caught";
    ErrorCodeRemoved = "error_code_removed", Breaking,
        "code naming the variant no longer compiles (the code now arrives as `Unknown`)";
    // An operation's code declared product-wide instead: every operation now answers it, as
    // `Common(CommonErrorCode::X)`. The code still decodes, but under another variant.
    // cargo-semver-checks: sees the variant removed from a `#[non_exhaustive]` enum (enum_variant_missing).
    ErrorCodeMadeProductWide = "error_code_made_product_wide", Breaking,
        "code naming the operation's variant no longer compiles, and the code now arrives as `Common(..)`: a `match` on the old variant would fall through";
    ErrorVariantRenamed = "error_variant_renamed", Breaking,
        "the variant gets another Rust name";
    ErrorCatchAllRenamed = "error_catch_all_renamed", Breaking,
        "code matching the catch-all variant names it";
    // The status and messages of a code are documentation data: rustdoc and `info()`. The error a caller gets,
    // its variant and the retry decision come from what the service sends.
    ErrorStatusChanged = "error_status_changed", Docs,
        "the documented status only feeds rustdoc and `info()`; errors are read from what the service sends";
    ErrorMessageChanged = "error_message_changed", Docs,
        "the documented message only feeds rustdoc and `info()`; errors are read from what the service sends";
    ErrorDescriptionChanged = "error_description_changed", Docs,
        "rustdoc text and `info()` only";

    // ---- samples --------------------------------------------------------------------------------------------
    SampleAdded = "sample_added", Docs,
        "samples only feed the generated crate's tests; its code and docs do not change";
    SampleRemoved = "sample_removed", Docs,
        "samples only feed the generated crate's tests; its code and docs do not change";
    SampleChanged = "sample_changed", Docs,
        "samples only feed the generated crate's tests; its code and docs do not change";
}
