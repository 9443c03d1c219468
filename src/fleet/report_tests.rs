//! The fleet report's SageMaker projects: merged shards and the outcome they give.

use super::*;
use crate::catalog::projects::State;

fn shard(k: &str, projects: Vec<ProjectStatus>) -> FleetReport {
    let mut r = FleetReport::new(
        "fleet.yaml".into(),
        Some(k.into()),
        "2026-12-08T00:00:00Z".into(),
        Vec::new(),
    );
    r.projects = projects;
    r
}

fn project(name: &str, state: State) -> ProjectStatus {
    ProjectStatus {
        region: "eu-west-1".into(),
        project: name.into(),
        blueprint: "churn".into(),
        target: "service-catalog".into(),
        running: Some("1.0.0".into()),
        newest: Some("1.1.0".into()),
        status: "CreateCompleted".into(),
        state,
    }
}

#[test]
fn merged_shards_keep_the_projects_once_and_a_project_behind_makes_the_fleet_behind() {
    let first = shard(
        "1/2",
        vec![project("a", State::Behind), project("b", State::UpToDate)],
    );
    let second = shard("2/2", Vec::new());
    let again = shard("1/2", vec![project("a", State::Behind)]);
    let merged = FleetReport::merge(vec![first, second, again], "now".into()).unwrap();
    let names: Vec<&str> = merged.projects.iter().map(|p| p.project.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(merged.outcome(), (true, false, false));
    let json: FleetReport = serde_json::from_str(&merged.to_json()).unwrap();
    assert_eq!(json.projects, merged.projects, "the JSON round-trips");

    let mut failing = shard("1/1", vec![project("c", State::Failed)]);
    assert_eq!(failing.outcome(), (false, false, true));
    failing.projects.clear();
    failing
        .project_errors
        .push("eu-west-1: ListProjects failed".into());
    assert_eq!(
        failing.outcome(),
        (false, false, true),
        "an unread region is not green"
    );
}
