use super::*;

const PRODUCT: &str = r#"
Parameters:
  SageMakerProjectName:
    Type: String
    AllowedPattern: ^[a-zA-Z](-*[a-zA-Z0-9])*
    MaxLength: 32
    Description: Name of the project
  SageMakerProjectId:
    Type: String
    Description: Service generated Id of the project.
  InstanceType:
    Type: String
    Default: ml.m5.large
    Description: Training instance
  Retries:
    Type: Number
    Default: 3
  Token:
    Type: String
    NoEcho: true
  JigRepositoryName:
    Type: String
Metadata:
  AWS::CloudFormation::Interface:
    ParameterGroups:
      - Label: {default: SageMaker}
        Parameters: [SageMakerProjectId]
      - Label: {default: Training}
        Parameters: [InstanceType, Retries]
    ParameterLabels:
      SageMakerProjectId: {default: Project id}
      InstanceType: {default: Instance type}
Conditions:
  Named: !Equals [!Ref SageMakerProjectId, x]
Resources:
  Group:
    Type: AWS::SageMaker::ModelPackageGroup
    Properties:
      ModelPackageGroupName: !Sub ${SageMakerProjectName}-${SageMakerProjectId}
      Tags:
        - Key: sagemaker:project-id
          Value: !Ref SageMakerProjectId
        - Key: long
          Value: {Ref: SageMakerProjectId}
        - Key: literal
          Value: !Sub '${!SageMakerProjectId} ${SageMakerProjectId}'
        - Key: own
          Value: !Sub ['${SageMakerProjectId}', {SageMakerProjectId: !Ref SageMakerProjectName}]
        - Key: long-sub
          Value: {'Fn::Sub': ['a-${SageMakerProjectId}-${X}', {X: !Ref SageMakerProjectId}]}
"#;

fn derived() -> (UnifiedTemplate, Value) {
    let u = derive(PRODUCT).expect("derives");
    let doc: Value = yaml::from_str(&u.template).expect("yaml");
    (u, doc)
}

#[test]
fn sagemaker_project_id_becomes_the_reserved_project_id_everywhere() {
    let (u, doc) = derived();
    let text = &u.template;
    assert_eq!(
        text.matches("${SageMakerProjectId}").count(),
        1,
        "only where a !Sub defines it: {text}"
    );
    assert!(!text.contains("Ref SageMakerProjectId"), "{text}");
    let tags = &doc["Resources"]["Group"]["Properties"]["Tags"];
    let value = |i: usize| yaml::to_string(&tags[i]["Value"]).unwrap();
    assert_eq!(value(0).trim(), "!Ref datazoneEnvironmentProjectId");
    assert_eq!(value(1).trim(), "Ref: datazoneEnvironmentProjectId");
    // `${!X}` is a literal; a `!Sub` that defines the name itself keeps it.
    assert!(
        value(2).contains("${!SageMakerProjectId} ${datazoneEnvironmentProjectId}"),
        "{}",
        value(2)
    );
    assert!(
        value(3).contains("- ${SageMakerProjectId}\n"),
        "{}",
        value(3)
    );
    assert!(
        value(4).contains("a-${datazoneEnvironmentProjectId}-${X}"),
        "{}",
        value(4)
    );
    assert!(
        value(4).contains("X: !Ref datazoneEnvironmentProjectId"),
        "{}",
        value(4)
    );
    let cond = yaml::to_string(&doc["Conditions"]["Named"]).unwrap();
    assert!(cond.contains("!Ref datazoneEnvironmentProjectId"), "{cond}");
    assert_eq!(
        doc["Resources"]["Group"]["Properties"]["ModelPackageGroupName"],
        yaml::from_str::<Value>("!Sub ${SageMakerProjectName}-${datazoneEnvironmentProjectId}")
            .unwrap()
    );
}

#[test]
fn the_reserved_project_id_is_declared_and_sagemakers_id_is_gone() {
    let (_, doc) = derived();
    let params = doc["Parameters"].as_mapping().unwrap();
    assert!(!params.contains_key("SageMakerProjectId"));
    assert_eq!(params[PROJECT_ID]["Type"], Value::from("String"));
    // The other reserved ones are a tooling template's own (cfn-lint W2001 if unused).
    assert!(!params.contains_key("datazoneEnvironmentDomainId"));
    let groups = &doc["Metadata"]["AWS::CloudFormation::Interface"]["ParameterGroups"];
    assert_eq!(
        groups.as_sequence().unwrap().len(),
        1,
        "the emptied group is dropped"
    );
    let labels = doc["Metadata"]["AWS::CloudFormation::Interface"]["ParameterLabels"]
        .as_mapping()
        .unwrap();
    assert!(!labels.contains_key("SageMakerProjectId"));
}

#[test]
fn user_parameters_carry_type_default_label_and_whether_they_may_change() {
    let (u, _) = derived();
    let names: Vec<&str> = u
        .user_parameters
        .iter()
        .map(|p| p.key_name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "SageMakerProjectName",
            "InstanceType",
            "Retries",
            "Token",
            "JigRepositoryName"
        ]
    );
    let get = |n: &str| u.user_parameters.iter().find(|p| p.key_name == n).unwrap();
    let name = get("SageMakerProjectName");
    assert!(!name.is_optional && !name.is_update_supported && name.is_editable);
    assert_eq!(name.description.as_deref(), Some("Name of the project"));
    let instance = get("InstanceType");
    assert_eq!(instance.default_value.as_deref(), Some("ml.m5.large"));
    assert_eq!(
        instance.description.as_deref(),
        Some("Instance type: Training instance")
    );
    assert!(instance.is_optional && instance.is_update_supported);
    let retries = get("Retries");
    assert_eq!(
        (
            retries.field_type.as_str(),
            retries.default_value.as_deref()
        ),
        ("Number", Some("3"))
    );
    assert!(!get("JigRepositoryName").is_update_supported);
    assert_eq!(u.shown_secrets, ["Token"]);
}

#[test]
fn parameters_unified_studio_fills_are_not_asked() {
    let t = "Parameters:\n  datazoneScopeName: {Type: String}\n  s3BucketArn: {Type: String}\n  Size: {Type: String, Default: s}\nResources: {}\n";
    let u = derive(t).unwrap();
    let names: Vec<&str> = u
        .user_parameters
        .iter()
        .map(|p| p.key_name.as_str())
        .collect();
    assert_eq!(names, ["Size"]);
}
