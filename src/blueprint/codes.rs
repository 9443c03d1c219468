//! The stable codes of blueprint diagnostics. Manifest validation and `jig lint` both use
//! them; docs/lint.md explains each. A code never changes meaning once released.

pub const YAML_SYNTAX: &str = "yaml-syntax";
pub const MANIFEST_SCHEMA: &str = "manifest-schema";
pub const INVALID_DEFAULT: &str = "invalid-default";
pub const INVALID_REGEX: &str = "invalid-regex";
pub const UNKNOWN_REFERENCE: &str = "unknown-reference";
pub const TEMPLATE_SYNTAX: &str = "template-syntax";
pub const UNDEFINED_VARIABLE: &str = "undefined-variable";
pub const UNKNOWN_FILTER: &str = "unknown-filter";
pub const UNUSED_QUESTION: &str = "unused-question";
pub const PATH_COLLISION: &str = "path-collision";
pub const PATH_ESCAPE: &str = "path-escape";
pub const DELIMITER_CLASH: &str = "delimiter-clash";
pub const SAGEMAKER_PARAMETERS: &str = "sagemaker-parameters";
pub const CATALOG_PRODUCT: &str = "catalog-product";
pub const PROVIDER_REFERENCE: &str = "provider-reference";
pub const CFN_LINT_ADDITION: &str = "cfn-lint-addition";
pub const SEED_CONFLICT: &str = "seed-conflict";
pub const SEED_FUNCTION: &str = "seed-function";
pub const UNCHECKED_PATH: &str = "unchecked-path-variable";
pub const INVALID_ANSWER_SET: &str = "invalid-answer-set";
pub const UNIFIED_TOOLING: &str = "unified-tooling";

/// Codes that are warnings; every other code is an error.
pub const WARNINGS: &[&str] = &[UNUSED_QUESTION, UNCHECKED_PATH, SEED_FUNCTION];
