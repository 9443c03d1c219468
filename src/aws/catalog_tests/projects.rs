//! `jig catalog projects` against the fake account: a product published at two versions (one
//! deprecated later), projects launched from each, one whose update failed, Studio S3 template
//! projects, and projects jig did not make; every request checked.

use super::*;
use crate::catalog::projects::{survey, Origin, Provisioned, State};

fn project(name: &str, status: &str, origin: Origin) -> Provisioned {
    Provisioned {
        name: name.into(),
        id: format!("p-{name}"),
        status: status.into(),
        origin,
        parameters: vec![("Owner".into(), "risk".into())],
        stack: Some(format!("stack-{name}")),
        provisioned_product: Some(format!("pp-{name}")),
        template_name: Some("churn".into()),
    }
}

fn launched(artifact: &str) -> Origin {
    Origin::ServiceCatalog {
        product_id: "prod-1".into(),
        artifact_id: artifact.into(),
    }
}

fn template(version: &str) -> Origin {
    Origin::Template { url: url(version) }
}

#[test]
fn every_project_shows_the_version_it_runs_and_the_newest_published() {
    let w = W::default();
    run(&w, &product("1.0.0", "T1"), &sc()).unwrap();
    run(&w, &product("1.1.0", "T2"), &sc()).unwrap();
    let artifacts: Vec<String> = w.lock().unwrap().products[0]
        .artifacts
        .iter()
        .map(|a| a.id.clone())
        .collect();
    w.lock().unwrap().products.push(Prod {
        id: "prod-other".into(),
        name: "hand-made".into(),
        ..Prod::default()
    });
    w.lock().unwrap().projects = vec![
        project("churn-a", "CreateCompleted", launched(&artifacts[0])),
        project("churn-b", "UpdateCompleted", launched(&artifacts[1])),
        project("churn-c", "UpdateFailed", launched(&artifacts[0])),
        project("studio-old", "CreateCompleted", template("1.0.0")),
        project("studio-new", "CreateCompleted", template("1.1.0")),
        project(
            "byo",
            "CreateCompleted",
            Origin::ServiceCatalog {
                product_id: "prod-other".into(),
                artifact_id: "pa-x".into(),
            },
        ),
        project(
            "elsewhere",
            "CreateCompleted",
            Origin::Template {
                url: "https://b.s3.amazonaws.com/templates/mlops.yaml".into(),
            },
        ),
    ];
    w.lock().unwrap().log.clear();
    let mut api = catalog(&w);
    let found = survey(&mut api).unwrap();
    let rows: Vec<String> = found
        .projects
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} {:?}",
                r.project,
                r.target,
                r.running.as_deref().unwrap_or("-"),
                r.newest.as_deref().unwrap_or("-"),
                r.state
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "churn-a service-catalog 1.0.0 1.1.0 Behind",
            "churn-b service-catalog 1.1.0 1.1.0 UpToDate",
            "churn-c service-catalog 1.0.0 1.1.0 Failed",
            "studio-new studio-s3 1.1.0 1.1.0 UpToDate",
            "studio-old studio-s3 1.0.0 1.1.0 Behind",
        ]
    );
    assert_eq!(
        found.others, 2,
        "a product without jig's tag, a foreign template"
    );
    assert!(found.behind() && found.failed());
    // Each product and each template folder is looked up once, however many projects.
    assert_eq!(
        log(&w),
        [
            "ListProjects",
            "ListProjects 2",
            "ListProjects 4",
            "ListProjects 6",
            "DescribeProject churn-a",
            "DescribeProject churn-b",
            "DescribeProject churn-c",
            "DescribeProject studio-old",
            "DescribeProject studio-new",
            "DescribeProject byo",
            "DescribeProject elsewhere",
            "DescribeProductAsAdmin prod-1",
            "ListProvisioningArtifacts prod-1",
            "ListObjectsV2 jig/churn/",
            "ListObjectsV2 jig/churn/ 2",
            "DescribeProductAsAdmin prod-other",
        ]
    );
    let json = serde_json::to_value(&found).unwrap();
    assert_eq!(json["projects"][0]["state"], "behind");
    assert_eq!(json["projects"][2]["status"], "UpdateFailed");
}

#[test]
fn a_deprecated_version_is_not_the_newest_and_an_unlisted_one_is_unknown() {
    let w = W::default();
    run(&w, &product("1.0.0", "T1"), &sc()).unwrap();
    run(&w, &product("2.0.0", "T2"), &sc()).unwrap();
    {
        let mut world = w.lock().unwrap();
        world.products[0].artifacts[1].deprecated = true;
        let first = world.products[0].artifacts[0].id.clone();
        world.projects = vec![
            project("kept", "CreateCompleted", launched(&first)),
            project("gone", "CreateCompleted", launched("pa-deleted")),
        ];
    }
    let found = survey(&mut catalog(&w)).unwrap();
    let states: Vec<(&str, Option<&str>, State)> = found
        .projects
        .iter()
        .map(|r| (r.project.as_str(), r.newest.as_deref(), r.state))
        .collect();
    assert_eq!(
        states,
        [
            ("gone", Some("1.0.0"), State::Unknown),
            ("kept", Some("1.0.0"), State::UpToDate),
        ]
    );
    assert!(!found.behind());
}

#[test]
fn a_failing_call_is_an_error_naming_the_operation_and_the_permission() {
    let w = W::default();
    w.lock().unwrap().projects = vec![project("a", "CreateCompleted", template("1.0.0"))];
    w.lock().unwrap().fail = Some("DescribeProject");
    let err = survey(&mut catalog(&w)).unwrap_err().to_string();
    assert!(err.contains("DescribeProject"), "{err}");
}
