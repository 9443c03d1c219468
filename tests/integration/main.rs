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
#[cfg(feature = "aws")]
mod catalog_moto;
mod catalog_package;
mod catalog_seed;
mod catalog_seeding;
mod cc_extensions;
mod conformance;
mod cookiecutter;
mod copier;
mod copier_update;
mod drift;
mod files;
mod fleet;
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
mod pty;
mod questions;
mod registry;
mod sagemaker_import;
mod servers;
mod sources;
mod typos;
mod update;
mod update_answers;
