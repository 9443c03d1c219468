//! `jig catalog upgrade` against the fake account: a fleet of 21 projects at mixed versions
//! (Service Catalog and Studio S3), two whose update fails, one whose change set replaces its
//! bucket, rolled to the newest version twice (the second run moves nothing that moved), then
//! with --allow-replace; --pretend changes nothing; a stop starts no new project.

use super::*;
use crate::catalog::projects::{survey, Origin, Provisioned};
use crate::catalog::upgrade::{upgrade, Change, Options, Outcome, Upgraded};

const V2: &str = "Parameters:\n  SageMakerProjectName:\n    Type: String\n  Owner:\n    Type: String\n  CiService:\n    Type: String\n    Default: codepipeline\nResources: {}\n";

/// churn 1.0.0, 1.1.0 and 2.0.0 published; 12 projects from the product, 9 from templates.
fn fleet() -> W {
    let w = W::default();
    run(&w, &product("1.0.0", "Resources: {}\n"), &sc()).unwrap();
    run(&w, &product("1.1.0", "Resources: {}\n"), &sc()).unwrap();
    run(&w, &product("2.0.0", V2), &sc()).unwrap();
    let mut world = w.lock().unwrap();
    let ids: Vec<String> = world.products[0]
        .artifacts
        .iter()
        .map(|a| a.id.clone())
        .collect();
    let mut projects = Vec::new();
    for i in 0..12 {
        let name = format!("sc-{i:02}");
        projects.push(Provisioned {
            id: format!("p-{name}"),
            status: "CreateCompleted".into(),
            origin: Origin::ServiceCatalog {
                product_id: "prod-1".into(),
                artifact_id: ids[i % 3].clone(),
            },
            parameters: vec![("Owner".into(), format!("team-{i}"))],
            stack: None,
            provisioned_product: Some(format!("pp-{name}")),
            template_name: None,
            name,
        });
    }
    for i in 0..9 {
        let name = format!("s3-{i:02}");
        let version = ["1.0.0", "1.1.0", "2.0.0"][i % 3];
        projects.push(Provisioned {
            id: format!("p-{name}"),
            status: "CreateCompleted".into(),
            origin: Origin::Template { url: url(version) },
            parameters: vec![("Owner".into(), format!("team-s{i}"))],
            stack: Some(format!("stack-{name}")),
            provisioned_product: None,
            template_name: Some("churn".into()),
            name,
        });
    }
    world.projects = projects;
    world.update_fails = vec!["sc-03".into(), "s3-04".into()];
    let bucket = Change {
        logical_id: "ArtifactBucket".into(),
        resource_type: "AWS::S3::Bucket".into(),
        action: "Modify".into(),
        replacement: "True".into(),
    };
    let pipeline = Change {
        logical_id: "BuildProject".into(),
        resource_type: "AWS::CodeBuild::Project".into(),
        action: "Modify".into(),
        replacement: "False".into(),
    };
    for stack in ["stack-sc-00", "stack-sc-01", "stack-s3-00"] {
        world.changes.insert(stack.into(), vec![pipeline.clone()]);
    }
    world
        .changes
        .insert("stack-sc-06".into(), vec![bucket, pipeline]);
    drop(world);
    w
}

fn roll(w: &W, options: &Options) -> Vec<Upgraded> {
    let mut api = catalog(w);
    let rows = survey(&mut api).unwrap().projects;
    w.lock().unwrap().log.clear();
    upgrade(&mut api, &rows, options, &|| false)
}

fn outcomes(done: &[Upgraded]) -> Vec<String> {
    done.iter()
        .map(|d| {
            let o = match &d.outcome {
                Outcome::Failed(why) => format!("failed: {why}"),
                Outcome::Refused(r) => format!("refused: {}", r.join(", ")),
                other => format!("{other:?}"),
            };
            format!(
                "{} {}->{} {o}",
                d.project,
                d.from.as_deref().unwrap_or("?"),
                d.to
            )
        })
        .collect()
}

fn calls(w: &W, op: &str) -> Vec<String> {
    log(w).into_iter().filter(|l| l.starts_with(op)).collect()
}

#[test]
fn a_fleet_rolls_to_the_newest_version_and_a_second_run_moves_nothing_again() {
    let w = fleet();
    let first = roll(&w, &Options::default());
    let got = outcomes(&first);
    let expect = |name: &str, what: &str| {
        assert!(
            got.iter().any(|g| g.starts_with(name) && g.ends_with(what)),
            "{name} {what}: {got:#?}"
        );
    };
    for at in [
        "sc-02", "sc-05", "sc-08", "sc-11", "s3-02", "s3-05", "s3-08",
    ] {
        expect(at, "AtTarget");
    }
    for moved in [
        "sc-00", "sc-01", "sc-04", "sc-07", "sc-09", "sc-10", "s3-00", "s3-01", "s3-03", "s3-06",
        "s3-07",
    ] {
        expect(moved, "Upgraded");
    }
    expect("sc-03", "failed: SageMaker says UpdateFailed");
    expect("s3-04", "failed: SageMaker says UpdateFailed");
    expect(
        "sc-06",
        "refused: ArtifactBucket (AWS::S3::Bucket) replaced",
    );
    assert_eq!(first.len(), 21);

    // What was sent for one project of each kind: the change set keeps the stack's values,
    // UpdateProject carries them, SageMaker's own parameters are left to SageMaker.
    let v2 = url("2.0.0");
    let creates = calls(&w, "CreateChangeSet");
    assert!(
        creates.contains(&format!(
            "CreateChangeSet stack-sc-00 UPDATE {v2} [Owner=previous]"
        )),
        "{creates:#?}"
    );
    assert!(
        creates.contains(&format!(
            "CreateChangeSet stack-s3-00 UPDATE {v2} [Owner=previous]"
        )),
        "{creates:#?}"
    );
    assert_eq!(creates.len(), 14, "one for every project not at the target");
    assert_eq!(calls(&w, "DeleteChangeSet").len(), 14);
    assert!(
        w.lock().unwrap().change_sets.is_empty(),
        "no change set is left behind"
    );
    let updates = calls(&w, "UpdateProject");
    let artifact = w.lock().unwrap().products[0].artifacts[2].id.clone();
    assert!(
        updates.contains(&format!("UpdateProject sc-00 {artifact} [Owner=team-0]")),
        "{updates:#?}"
    );
    assert!(
        updates.contains(&format!("UpdateProject s3-00 {v2} [Owner=team-s0]")),
        "{updates:#?}"
    );
    assert_eq!(updates.len(), 13, "all but the refused one");
    assert!(!updates
        .iter()
        .any(|u| u.starts_with("UpdateProject sc-06 ")));

    // Again: what moved is at the target and left alone; the refused one is refused again,
    // the failed ones are tried again.
    let second = roll(&w, &Options::default());
    let updates = calls(&w, "UpdateProject");
    assert_eq!(updates.len(), 2, "{updates:#?}");
    assert!(updates
        .iter()
        .all(|u| u.starts_with("UpdateProject sc-03 ") || u.starts_with("UpdateProject s3-04 ")));
    let at_target = second
        .iter()
        .filter(|d| d.outcome == Outcome::AtTarget)
        .count();
    assert_eq!(at_target, 18);

    // The team decides the bucket may go: --allow-replace moves the last one.
    w.lock().unwrap().update_fails.clear();
    let third = roll(
        &w,
        &Options {
            allow_replace: true,
            ..Options::default()
        },
    );
    assert!(
        third
            .iter()
            .all(|d| matches!(d.outcome, Outcome::AtTarget | Outcome::Upgraded)),
        "{:#?}",
        outcomes(&third)
    );
    let found = survey(&mut catalog(&w)).unwrap();
    assert!(!found.behind() && !found.failed());
}

#[test]
fn pretend_shows_each_change_set_and_changes_nothing() {
    let w = fleet();
    let done = roll(
        &w,
        &Options {
            pretend: true,
            ..Options::default()
        },
    );
    assert!(calls(&w, "UpdateProject").is_empty());
    assert_eq!(
        calls(&w, "CreateChangeSet").len(),
        calls(&w, "DeleteChangeSet").len()
    );
    let sc00 = done.iter().find(|d| d.project == "sc-00").unwrap();
    assert_eq!(sc00.outcome, Outcome::WouldUpgrade);
    assert_eq!(sc00.changes[0].logical_id, "BuildProject");
    let sc06 = done.iter().find(|d| d.project == "sc-06").unwrap();
    assert!(matches!(sc06.outcome, Outcome::Refused(_)));
}

#[test]
fn a_version_not_published_or_a_parameter_nobody_gives_fails_that_project_only() {
    let w = fleet();
    let to = Options {
        to: crate::catalog::upgrade::Wanted::Exact(semver::Version::new(3, 0, 0)),
        ..Options::default()
    };
    let done = roll(&w, &to);
    for d in &done {
        assert_eq!(
            d.outcome,
            Outcome::Failed(
                "churn 3.0.0 is not published for it (published: 1.0.0, 1.1.0, 2.0.0)".into()
            ),
            "{}",
            d.project
        );
    }
    assert!(calls(&w, "UpdateProject").is_empty());

    // A project without the Owner value the new version needs: named, with the flag to pass.
    w.lock().unwrap().projects[0].parameters.clear();
    let done = roll(&w, &Options::default());
    let sc00 = done.iter().find(|d| d.project == "sc-00").unwrap();
    assert_eq!(
        sc00.outcome,
        Outcome::Failed(
            "2.0.0 asks for Owner that the project does not have: pass --data Owner=VALUE".into()
        )
    );
    let given = Options {
        data: vec![("owner".into(), "risk".into())],
        ..Options::default()
    };
    let done = roll(&w, &given);
    let sc00 = done.iter().find(|d| d.project == "sc-00").unwrap();
    assert_eq!(sc00.outcome, Outcome::Upgraded);
    assert!(calls(&w, "UpdateProject")
        .iter()
        .any(|u| u.starts_with("UpdateProject sc-00 ") && u.ends_with("[Owner=risk]")));
}

#[test]
fn a_stop_starts_no_new_project() {
    let w = fleet();
    let mut api = catalog(&w);
    let rows = survey(&mut api).unwrap().projects;
    let started = std::cell::Cell::new(0);
    let done = upgrade(&mut api, &rows, &Options::default(), &|| {
        started.set(started.get() + 1);
        started.get() > 2
    });
    assert_eq!(
        done.iter()
            .filter(|d| d.outcome == Outcome::NotStarted)
            .count(),
        19
    );
}
