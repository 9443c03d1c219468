//! One integration test binary (fast linking): every test drives the real `jig` binary.

mod common;

mod action;
mod adopt;
mod attacks;
mod authoring;
mod blueprints;
mod budget;
mod builtin_blueprints;
mod catalog;
mod catalog_binding;
mod catalog_dry_run;
mod catalog_git;
mod catalog_mlops;
#[cfg(feature = "aws")]
mod catalog_moto;
mod catalog_package;
#[cfg(feature = "aws")]
mod catalog_projects;
mod catalog_providers;
mod catalog_seed;
mod catalog_seeding;
mod catalog_unified;
#[cfg(feature = "aws")]
mod catalog_upgrade;
mod cc_extensions;
mod conformance;
mod cookiecutter;
mod copier;
mod copier_context_hooks;
mod copier_sources;
mod copier_update;
mod copier_versions;
mod drift;
mod files;
mod first_commit;
mod fleet;
mod fleet_report;
mod fleet_update;
mod forges;
mod fuzz_corpus;
mod hooks;
mod init_from;
mod kills;
mod lifecycle;
mod lint;
mod manifest;
mod multi_repo;
mod new;
mod pre_commit;
mod prompts;
mod pty;
mod questions;
mod registry;
mod render_errors;
mod sagemaker_import;
mod sagemaker_styles;
mod servers;
mod signals;
mod sources;
mod typos;
mod update;
mod update_answers;
mod update_to;
