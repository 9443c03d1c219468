//! The questionnaire on Copier's own question forms.

use super::*;
use serde_json::json;

fn questions(yaml: &str) -> IndexMap<String, Map<String, Json>> {
    let map: IndexMap<String, Json> = crate::yaml::from_str(yaml).unwrap();
    map.into_iter()
        .map(|(k, v)| match v {
            Json::Object(m) => (k, m),
            other => (k, Map::from_iter([("default".to_string(), other)])),
        })
        .collect()
}

fn run(yaml: &str, data: Json, mode: Mode) -> Result<Answers, Error> {
    let env = super::super::jinja::environment(&Default::default(), None);
    let inputs = Inputs {
        data: data.as_object().cloned().unwrap_or_default(),
        ..Inputs::default()
    };
    answer(&questions(yaml), &[], &env, &Map::new(), inputs, mode, None)
}

#[test]
fn defaults_are_templated_typed_and_skipped_by_when() {
    let a = run(
        "name: My Lib\nslug: \"{{ name | lower | replace(' ', '-') }}\"\n\
         port: {type: int, default: '80{{ 8 }}'}\n\
         docs: {type: bool, default: 'yes'}\n\
         theme: {default: dark, when: '{{ docs }}'}\n\
         hidden: {default: 'computed-{{ slug }}', when: false}\n\
         nodefault: {when: false}\n",
        json!({}),
        Mode::Defaults,
    )
    .unwrap();
    assert_eq!(a.values["slug"], "my-lib");
    assert_eq!(a.values["port"], 808);
    assert_eq!(a.values["docs"], true);
    assert_eq!(a.values["theme"], "dark");
    assert_eq!(a.values["hidden"], "computed-my-lib");
    assert!(a.hidden.contains("hidden") && !a.recorded.contains_key("hidden"));
    assert!(!a.values.contains_key("nodefault"));
    let names: Vec<&String> = a.recorded.keys().collect();
    assert_eq!(names, ["name", "slug", "port", "docs", "theme"]);
}

#[test]
fn choices_validators_and_multiselect() {
    let yaml = "license:\n  choices:\n    MIT: mit\n    Proprietary: {value: prop, validator: '{% if true %}not for open source{% endif %}'}\n  default: mit\n\
                langs:\n  type: str\n  multiselect: true\n  choices: [py, rs, go]\n  default: '[go, py]'\n\
                slug:\n  type: str\n  default: ok\n  validator: \"{% if not (slug | regex_search('^[a-z]+$')) %}lower-case letters only{% endif %}\"\n";
    let a = run(yaml, json!({}), Mode::Defaults).unwrap();
    assert_eq!(a.values["license"], "mit");
    assert_eq!(
        a.values["langs"],
        json!(["py", "go"]),
        "in the order of the choices"
    );
    let e = run(yaml, json!({"license": "prop"}), Mode::Defaults).unwrap_err();
    assert!(e.to_string().contains("not for open source"), "{e}");
    let e = run(yaml, json!({"license": "gpl"}), Mode::Defaults).unwrap_err();
    assert!(
        e.to_string().contains("question `license`: invalid choice"),
        "{e}"
    );
    let e = run(yaml, json!({"slug": "Bad_Slug"}), Mode::Defaults).unwrap_err();
    assert_eq!(e.to_string(), "question `slug`: lower-case letters only");
}

#[test]
fn unset_secret_and_missing_answers() {
    let yaml = "token: {secret: true, default: ''}\nowner: {default: '{{ UNSET }}'}\n";
    let e = run(yaml, json!({}), Mode::Defaults).unwrap_err();
    assert!(
        matches!(e, Error::Prompt(crate::prompt::Error::Missing { ref names, .. }) if names == &["owner"]),
        "{e}"
    );
    let a = run(
        yaml,
        json!({"owner": "me", "token": "s3cret"}),
        Mode::Defaults,
    )
    .unwrap();
    assert_eq!(a.values["token"], "s3cret");
    assert!(
        !a.recorded.contains_key("token"),
        "secrets are never recorded"
    );
    let e = run("token: {secret: true}\n", json!({}), Mode::Defaults).unwrap_err();
    assert!(
        e.to_string().contains("a secret question needs a default"),
        "{e}"
    );
    let e = run("a: 1\nb: 2\n", json!({}), Mode::NoInput).unwrap_err();
    assert!(
        matches!(e, Error::Prompt(crate::prompt::Error::Missing { ref names, .. }) if names.len() == 2)
    );
}
