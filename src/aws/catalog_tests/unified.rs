//! `--unified-studio` against a fake DataZone domain at the HTTP level: the real client's
//! requests (paths, queries, bodies) are what is asserted, and the dry run's recorded calls
//! are checked to be exactly what goes on the wire.

use super::*;
use crate::aws::fake::datazone::{self, ACCOUNT, D, DOMAIN, ROOT_UNIT, TOOLING_ID};
use crate::catalog::dry_run::DryRun;
use crate::catalog::unified::{Grantee, Unified};
use crate::catalog::unified_template;
use serde_json::{json, Value as Json};

const TEMPLATE: &str = "Parameters:\n  SageMakerProjectName: {Type: String, Description: Name of the project}\n  SageMakerProjectId: {Type: String}\n  InstanceType: {Type: String, Default: ml.m5.large}\nResources:\n  Group:\n    Type: AWS::SageMaker::ModelPackageGroup\n    Properties:\n      ModelPackageGroupName: !Sub ${SageMakerProjectName}-${SageMakerProjectId}\n";

fn unified(p: &Product, tooling: bool) -> Unified {
    Unified {
        domain_id: DOMAIN.into(),
        provisioning_role: None,
        manage_access_role: None,
        regions: Vec::new(),
        project_profile: None,
        domain_unit: None,
        grantee: Grantee::AllUsers,
        tooling,
        template: unified_template::derive(&p.template).unwrap(),
        template_key: p.layout.unified_template_key.clone(),
    }
}

fn opts(u: Unified) -> Options {
    Options {
        unified: Some(u),
        ..Options::default()
    }
}

fn run_at(
    d: &D,
    version: &str,
    u: impl FnOnce(&Product) -> Unified,
) -> Result<crate::catalog::publish::PublishReport, Error> {
    d.lock().unwrap().sent.clear();
    let w = W::default();
    let p = product(version, TEMPLATE);
    let mut api = catalog(&w).with_datazone(datazone::client(d));
    publish(&mut api, &p, &settings(), &uploads(&p), &opts(u(&p)))
}

fn url(version: &str) -> String {
    format!(
        "https://sagemaker-acme.s3.eu-west-1.amazonaws.com/jig/churn/{version}/unified-studio.yaml"
    )
}

#[test]
fn a_first_publish_registers_enables_offers_and_grants() {
    let d = datazone::domain();
    let report = run_at(&d, "1.0.0", |p| unified(p, false)).unwrap();
    let dom = d.lock().unwrap();
    assert_eq!(
        dom.calls(),
        [
            "GET /",
            "GET /environment-blueprints",
            "POST /environment-blueprints",
            "GET /environment-blueprint-configurations/bp-1",
            "PUT /environment-blueprint-configurations/bp-1",
            format!("GET /policies/managed/ENVIRONMENT_BLUEPRINT_CONFIGURATION/{ACCOUNT}%3Abp-1/grants").as_str(),
            format!("POST /policies/managed/ENVIRONMENT_BLUEPRINT_CONFIGURATION/{ACCOUNT}%3Abp-1/addGrant").as_str(),
            "GET /project-profiles",
            "GET /environment-blueprints",
            "POST /project-profiles",
            format!("GET /policies/managed/DOMAIN_UNIT/{ROOT_UNIT}/grants").as_str(),
            format!("POST /policies/managed/DOMAIN_UNIT/{ROOT_UNIT}/addGrant").as_str(),
        ]
    );
    let bp = &dom.blueprints[0];
    assert_eq!(bp["name"], "churn");
    assert_eq!(
        bp["provisioningProperties"]["cloudFormation"]["templateUrl"],
        url("1.0.0")
    );
    assert_eq!(bp.get("blueprintCategory"), None);
    assert_eq!(
        bp["userParameters"],
        json!([
            {"keyName": "SageMakerProjectName", "description": "Name of the project", "fieldType": "String",
             "isEditable": true, "isOptional": false, "isUpdateSupported": false},
            {"keyName": "InstanceType", "fieldType": "String", "defaultValue": "ml.m5.large",
             "isEditable": true, "isOptional": true, "isUpdateSupported": true},
        ])
    );
    let (_, config) = &dom.configurations[0];
    assert_eq!(
        config["provisioningRoleArn"],
        format!("arn:aws:iam::{ACCOUNT}:role/service-role/AmazonSageMakerProvisioning-{ACCOUNT}")
    );
    assert_eq!(
        config["manageAccessRoleArn"],
        format!("arn:aws:iam::{ACCOUNT}:role/service-role/AmazonSageMakerManageAccess-eu-west-1-{DOMAIN}")
    );
    assert_eq!(config["enabledRegions"], json!(["eu-west-1"]));
    let profile = &dom.profiles[0];
    assert_eq!(profile["status"], "ENABLED");
    assert_eq!(profile["domainUnitIdentifier"], ROOT_UNIT);
    let envs = &profile["environmentConfigurations"];
    assert_eq!(envs[0]["environmentBlueprintId"], TOOLING_ID);
    assert_eq!(envs[0]["deploymentOrder"], 0);
    assert_eq!(envs[1]["environmentBlueprintId"], "bp-1");
    assert_eq!(
        (
            envs[1]["deploymentMode"].as_str(),
            envs[1]["deploymentOrder"].as_i64()
        ),
        (Some("ON_CREATE"), Some(1))
    );
    assert_eq!(envs[1]["awsAccount"], json!({"awsAccountId": ACCOUNT}));
    let create = &dom.grants[1].3;
    assert_eq!(
        create["principal"],
        json!({"user": {"allUsersGrantFilter": {}}})
    );
    assert_eq!(
        create["detail"],
        json!({"createProjectFromProjectProfile": {"projectProfiles": [profile["id"]], "includeChildDomainUnits": true}})
    );
    let done = report.unified_studio.expect("reported");
    assert_eq!(
        (done.blueprint_id.as_str(), done.project_profile_id.as_str()),
        ("bp-1", "pp-3")
    );
    assert!(
        report.steps.iter().any(|s| s.changed
            && s.what
                .contains("registered Unified Studio blueprint `churn` (bp-1) at 1.0.0")),
        "{:#?}",
        report.steps
    );
}

#[test]
fn publishing_the_same_version_again_only_reads() {
    let d = datazone::domain();
    run_at(&d, "1.0.0", |p| unified(p, false)).unwrap();
    let report = run_at(&d, "1.0.0", |p| unified(p, false)).unwrap();
    let dom = d.lock().unwrap();
    assert!(dom.writes().is_empty(), "{:#?}", dom.calls());
    assert!(report
        .steps
        .iter()
        .filter(|s| s.what.contains("Unified Studio") || s.what.contains("profile"))
        .all(|s| !s.changed));
    assert_eq!(
        (dom.blueprints.len(), dom.profiles.len(), dom.grants.len()),
        (1, 1, 2)
    );
}

#[test]
fn a_new_version_updates_the_blueprint_in_place_and_an_older_one_is_refused() {
    let d = datazone::domain();
    run_at(&d, "1.0.0", |p| unified(p, false)).unwrap();
    let report = run_at(&d, "1.1.0", |p| unified(p, false)).unwrap();
    {
        let dom = d.lock().unwrap();
        let writes: Vec<String> = dom
            .writes()
            .iter()
            .map(|s| format!("{} {}", s.method, s.path))
            .collect();
        assert_eq!(
            writes,
            [format!(
                "PATCH /v2/domains/{DOMAIN}/environment-blueprints/bp-1"
            )]
        );
        assert_eq!(
            dom.blueprints[0]["provisioningProperties"]["cloudFormation"]["templateUrl"],
            url("1.1.0")
        );
        assert!(
            report
                .steps
                .iter()
                .any(|s| s.what.contains("from 1.0.0 to 1.1.0")),
            "{:#?}",
            report.steps
        );
    }
    let err = run_at(&d, "1.0.5", |p| unified(p, false)).unwrap_err();
    assert!(
        matches!(&err, Error::UnifiedBackwards { theirs, ours, .. } if theirs == "1.1.0" && ours == "1.0.5"),
        "{err}"
    );
    assert!(d.lock().unwrap().writes().is_empty());
}

#[test]
fn an_existing_profile_keeps_its_environments_and_gets_the_blueprint_after_them() {
    let d = datazone::domain();
    let theirs = json!({"name": "Tooling", "environmentBlueprintId": TOOLING_ID, "deploymentMode": "ON_CREATE",
        "deploymentOrder": 0, "awsAccount": {"awsAccountId": ACCOUNT}, "awsRegion": {"regionName": "eu-west-1"},
        "configurationParameters": {"parameterOverrides": [{"name": "enableSpaces", "value": "true", "isEditable": false}]}});
    d.lock().unwrap().profiles.push(
        json!({"id": "pp-9", "name": "ML teams", "domainId": DOMAIN, "createdBy": "admin",
        "environmentConfigurations": [theirs.clone()]}),
    );
    // A grant for another profile, and another blueprint whose name contains ours.
    d.lock()
        .unwrap()
        .blueprints
        .push(json!({"id": "bp-7", "name": "churn-legacy", "provider": "Custom"}));
    run_at(&d, "1.0.0", |p| Unified {
        project_profile: Some("ML teams".into()),
        grantee: Grantee::Group("g-1".into()),
        ..unified(p, false)
    })
    .unwrap();
    let dom = d.lock().unwrap();
    assert_eq!(dom.blueprints.len(), 2, "churn-legacy is not churn");
    let update = dom
        .writes()
        .into_iter()
        .find(|s| s.method == "PATCH")
        .expect("profile updated");
    assert_eq!(
        update.path,
        format!("/v2/domains/{DOMAIN}/project-profiles/pp-9")
    );
    let envs = update.body["environmentConfigurations"].as_array().unwrap();
    assert_eq!(envs[0], theirs, "resent as DataZone had it");
    assert_eq!(envs[1]["environmentBlueprintId"], dom.blueprints[1]["id"]);
    assert!(dom
        .calls()
        .iter()
        .all(|c| !c.contains("POST /project-profiles")));
    let member = &dom.grants.last().unwrap().3;
    assert_eq!(
        member["principal"],
        json!({"group": {"groupIdentifier": "g-1"}})
    );
    assert_eq!(
        member["detail"]["createProjectFromProjectProfile"]["projectProfiles"],
        json!(["pp-9"])
    );
}

#[test]
fn a_tooling_blueprint_comes_first_and_a_profile_with_tooling_refuses_it() {
    let d = datazone::domain();
    run_at(&d, "1.0.0", |p| unified(p, true)).unwrap();
    {
        let dom = d.lock().unwrap();
        assert_eq!(dom.blueprints[0]["blueprintCategory"], "TOOLING");
        let envs = &dom.profiles[0]["environmentConfigurations"];
        assert_eq!(envs.as_array().unwrap().len(), 1);
        assert_eq!(
            (
                envs[0]["environmentBlueprintId"].as_str(),
                envs[0]["deploymentOrder"].as_i64()
            ),
            (Some("bp-1"), Some(0))
        );
        assert!(
            !dom.sent.iter().any(|s| s.query.contains("managed=true")),
            "no managed Tooling lookup"
        );
    }
    d.lock().unwrap().profiles.push(json!({"id": "pp-9", "name": "Shared", "domainId": DOMAIN, "createdBy": "admin",
        "environmentConfigurations": [{"name": "Tooling", "environmentBlueprintId": TOOLING_ID, "deploymentOrder": 0}]}));
    let err = run_at(&d, "1.0.0", |p| Unified {
        project_profile: Some("Shared".into()),
        ..unified(p, true)
    })
    .unwrap_err();
    assert!(
        matches!(&err, Error::ProfileHasTooling { environment, .. } if environment == "Tooling"),
        "{err}"
    );
}

#[test]
fn a_domain_without_the_managed_tooling_blueprint_is_named() {
    let d = datazone::domain();
    d.lock().unwrap().managed_tooling = false;
    let err = run_at(&d, "1.0.0", |p| unified(p, false)).unwrap_err();
    let Error::NotConfigured { what, hint } = &err else {
        panic!("{err}")
    };
    assert!(
        what.contains("managed `Tooling` blueprint of domain dzd_abc123"),
        "{what}"
    );
    assert!(hint.contains("catalog.tooling: true"), "{hint}");
}

#[test]
fn an_enabled_blueprint_keeps_its_regions_and_gets_the_missing_one() {
    let d = datazone::domain();
    run_at(&d, "1.0.0", |p| unified(p, false)).unwrap();
    run_at(&d, "1.0.0", |p| Unified {
        regions: vec!["us-east-1".into()],
        ..unified(p, false)
    })
    .unwrap();
    let dom = d.lock().unwrap();
    let put = dom
        .writes()
        .into_iter()
        .find(|s| s.method == "PUT")
        .expect("configuration put");
    assert_eq!(
        put.body["enabledRegions"],
        json!(["eu-west-1", "us-east-1"])
    );
    assert_eq!(dom.writes().len(), 1, "{:#?}", dom.calls());
}

/// What `--dry-run` records is what goes on the wire: each changing call's parameters, but for
/// the labels that travel in the path and the ids the domain makes up.
#[test]
fn the_dry_runs_calls_are_the_requests_sent() {
    let d = datazone::domain();
    run_at(&d, "1.0.0", |p| unified(p, false)).unwrap();
    let p = product("1.0.0", TEMPLATE);
    let mut dry = DryRun {
        bucket: "sagemaker-acme".into(),
        region: "eu-west-1".into(),
        calls: Vec::new(),
    };
    publish(
        &mut dry,
        &p,
        &settings(),
        &uploads(&p),
        &opts(unified(&p, false)),
    )
    .unwrap();
    let dom = d.lock().unwrap();
    let ids = [
        ("<account>", ACCOUNT.to_string()),
        ("<new blueprint id>", "bp-1".into()),
        ("<root domain unit>", ROOT_UNIT.into()),
        ("<managed Tooling blueprint id>", TOOLING_ID.into()),
        ("<new project profile id>", "pp-3".into()),
    ];
    let labels = [
        "domainIdentifier",
        "identifier",
        "environmentBlueprintIdentifier",
        "entityType",
        "entityIdentifier",
        "clientToken",
    ];
    let recorded: Vec<Json> = dry
        .calls
        .iter()
        .filter(|c| {
            c.service == "datazone"
                && !c.operation.starts_with("Get")
                && !c.operation.starts_with("List")
        })
        .map(|c| {
            let mut text = c.parameters.to_string();
            for (from, to) in &ids {
                text = text.replace(from, to);
            }
            let mut v: Json = serde_json::from_str(&text).unwrap();
            for l in labels {
                v.as_object_mut().unwrap().remove(l);
            }
            v
        })
        .collect();
    let sent: Vec<Json> = dom
        .writes()
        .iter()
        .map(|s| {
            let mut v = s.body.clone();
            v.as_object_mut().unwrap().remove("clientToken");
            v
        })
        .collect();
    assert_eq!(recorded.len(), 5);
    assert_eq!(recorded, sent);
    // Grants carry deterministic client tokens: the same grant asked twice is one grant.
    let tokens: Vec<&str> = dom
        .writes()
        .iter()
        .filter_map(|s| s.body["clientToken"].as_str())
        .collect();
    assert_eq!(tokens.len(), 2);
    assert_ne!(tokens[0], tokens[1]);
    let grant = crate::catalog::unified::Grant::UseBlueprint {
        account: ACCOUNT.into(),
        blueprint: "bp-1".into(),
        domain_unit: ROOT_UNIT.into(),
    };
    assert_eq!(tokens[0], grant.token(DOMAIN));
}
