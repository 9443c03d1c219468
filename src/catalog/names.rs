//! A repository name parameter means the repository's name, wherever it is used (and a list
//! parameter, where a string holds it, means the list joined: the same rewrite).
//!
//! On a connection the launch form's `JigRepositoryName` defaults to `<project name>`, a token
//! CloudFormation turns into the SageMaker project's name (`!If [JigRepositoryNameIsProjectName,
//! !Ref SageMakerProjectName, !Ref JigRepositoryName]`). The raw parameter is therefore never
//! what a pipeline wants: every `Ref` and `${...}` of it in the blueprint's resources and outputs
//! is rewritten to that expression, as is the answer of a question bound to it, so the
//! blueprint, the seed step and jig's outputs agree on the repository a project uses.
//! Conditions are left alone (CloudFormation allows no `Fn::If` there): they see the raw value.
//! Outputs get the name as the launch form shows it (`<project name>`) when the template
//! declares `SageMakerProjectName` NoEcho, so no output unmasks it.

use crate::yaml::{self, Value};

/// Rewrites the resources and outputs of `doc`: a reference to one of `names` (parameter,
/// expression) becomes the expression; in outputs, the one of `shown` (which differs where
/// the project's name is NoEcho: an output must not unmask it).
pub fn resolve(doc: &mut Value, names: &[(String, Value)], shown: &[(String, Value)]) {
    if names.is_empty() {
        return;
    }
    let Some(top) = doc.as_mapping_mut() else {
        return;
    };
    for (key, section) in top.iter_mut() {
        match key.as_str() {
            Some("Resources") => walk(section, names),
            Some("Outputs") => walk(section, shown),
            _ => {}
        }
    }
}

fn lookup<'a>(names: &'a [(String, Value)], name: &str) -> Option<&'a Value> {
    names.iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

fn walk(value: &mut Value, names: &[(String, Value)]) {
    // Already the name (a template that spells the expression out): left as it is, so the
    // rewrite is idempotent and never nests the expression in itself (cfn-lint W1028).
    if names.iter().any(|(_, expr)| expr == value) {
        return;
    }
    if let Some(expr) = replacement(value, names) {
        *value = expr;
        return;
    }
    match value {
        Value::Mapping(map) => {
            let single = map.len() == 1;
            for (key, item) in map.iter_mut() {
                match (single, key.as_str()) {
                    (true, Some("Fn::Sub")) => sub(item, names),
                    _ => walk(item, names),
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|v| walk(v, names)),
        Value::Tagged(t) => match t.tag.to_string().trim_start_matches('!') {
            "Sub" => sub(&mut t.value, names),
            _ => walk(&mut t.value, names),
        },
        _ => {}
    }
}

/// The expression a `Ref` to one of `names` becomes.
fn replacement(value: &Value, names: &[(String, Value)]) -> Option<Value> {
    let name = match value {
        Value::Mapping(map) if map.len() == 1 => map.get("Ref")?.as_str()?,
        Value::Tagged(t) if t.tag.to_string().trim_start_matches('!') == "Ref" => {
            t.value.as_str()?
        }
        _ => return None,
    };
    lookup(names, name).cloned()
}

/// A `Fn::Sub` that uses `${JigRepositoryName}` gets it as a variable of its own.
fn sub(value: &mut Value, names: &[(String, Value)]) {
    let text = match &*value {
        Value::String(s) => Some(s.clone()),
        Value::Sequence(items) => items.first().and_then(Value::as_str).map(str::to_string),
        _ => None,
    };
    let Some(text) = text else {
        return walk(value, names);
    };
    let used: Vec<&(String, Value)> = names
        .iter()
        .filter(|(n, _)| text.contains(&format!("${{{n}}}")))
        .collect();
    if let Value::Sequence(items) = value {
        if let Some(vars) = items.get_mut(1) {
            walk(vars, names);
        }
    }
    if used.is_empty() {
        return;
    }
    if value.is_string() {
        *value = Value::Sequence(vec![text.into(), Value::Mapping(yaml::Mapping::new())]);
    }
    let Value::Sequence(items) = value else {
        return;
    };
    if items.len() < 2 {
        items.push(Value::Mapping(yaml::Mapping::new()));
    }
    let Some(vars) = items[1].as_mapping_mut() else {
        return;
    };
    for (name, expr) in used {
        vars.entry(name.clone().into())
            .or_insert_with(|| expr.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_in_resources_and_outputs_become_the_name_and_conditions_keep_the_parameter() {
        let mut doc: Value = crate::yaml::from_str(
            "Conditions:\n  Mine: !Equals [!Ref JigRepositoryName, x]\nResources:\n  P:\n    Properties:\n      A: !Ref JigRepositoryName\n      B: !Sub 'https://h/${JigRepositoryOwner}/${JigRepositoryName}'\n      C: !Sub ['${N}-${JigRepositoryName}', {N: !Ref JigRepositoryName}]\n      D: {Ref: Other}\nOutputs:\n  O:\n    Value: {'Fn::Sub': '${JigRepositoryName}'}\n",
        )
        .unwrap();
        let expr: Value =
            crate::yaml::from_str("!If [C, !Ref SageMakerProjectName, !Ref JigRepositoryName]")
                .unwrap();
        let names = [("JigRepositoryName".to_string(), expr)];
        resolve(&mut doc, &names, &names);
        let want: Value = crate::yaml::from_str(
            "Conditions:\n  Mine: !Equals [!Ref JigRepositoryName, x]\nResources:\n  P:\n    Properties:\n      A: !If [C, !Ref SageMakerProjectName, !Ref JigRepositoryName]\n      B: !Sub ['https://h/${JigRepositoryOwner}/${JigRepositoryName}', {JigRepositoryName: !If [C, !Ref SageMakerProjectName, !Ref JigRepositoryName]}]\n      C: !Sub ['${N}-${JigRepositoryName}', {N: !If [C, !Ref SageMakerProjectName, !Ref JigRepositoryName], JigRepositoryName: !If [C, !Ref SageMakerProjectName, !Ref JigRepositoryName]}]\n      D: {Ref: Other}\nOutputs:\n  O:\n    Value: {'Fn::Sub': ['${JigRepositoryName}', {JigRepositoryName: !If [C, !Ref SageMakerProjectName, !Ref JigRepositoryName]}]}\n",
        )
        .unwrap();
        assert_eq!(doc, want);
        // A second pass changes nothing: the expression is never nested in itself.
        resolve(&mut doc, &names, &names);
        assert_eq!(doc, want);
    }
}
