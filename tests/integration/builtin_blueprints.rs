//! First-party blueprints from the installed binary, with no source clone: `jig publish NAME`
//! takes a built-in name as `jig new NAME` does (an existing path stays a path, and the run
//! says which it took), and `jig init DEST --from-builtin NAME` writes one out to start a
//! house blueprint from.

use crate::catalog::blueprint_dir;
use crate::common::*;

/// `jig publish NAME --service-catalog --dry-run --out plan`, run in the sandbox's root.
fn publish_name(sb: &Sandbox, name: &str) -> std::process::Output {
    sb.jig()
        .current_dir(sb.path())
        .args([
            "publish",
            name,
            "--service-catalog",
            "--dry-run",
            "--out",
            "plan",
        ])
        .output()
        .unwrap()
}

#[test]
fn publish_takes_a_first_party_name_without_the_source_clone() {
    let sb = Sandbox::new();
    let out = publish_name(&sb, "sagemaker-mlops");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "       Using the first-party blueprint `sagemaker-mlops` 1.0.0 built into jig {}\n",
            env!("CARGO_PKG_VERSION")
        )),
        "{err}"
    );
    // The product is the embedded blueprint's: the same template as from the source tree.
    let from_tree = sb
        .jig()
        .arg("publish")
        .arg(blueprint_dir("sagemaker-mlops"))
        .args([
            "--service-catalog",
            "--dry-run",
            "--out",
            "tree",
            "--allow-dirty",
        ])
        .output()
        .unwrap();
    assert_eq!(from_tree.status.code(), Some(0), "{}", stderr(&from_tree));
    assert_eq!(
        read(&sb.path().join("plan/template.yaml")),
        read(&sb.path().join("tree/template.yaml"))
    );
    assert!(sb
        .path()
        .join("plan/registry/sagemaker-mlops/1.0.0/bundle.tar.gz")
        .is_file());
    // Nothing extracted is left behind in the scratch folder.
    assert_eq!(listing(&sb.path().join("tmp")), Vec::<String>::new());
}

#[test]
fn an_existing_folder_named_like_a_first_party_blueprint_is_the_folder_and_says_so() {
    let sb = Sandbox::new();
    let text = manifest("").replace("name: fixture", "name: house-mlops");
    write(
        &sb.path().join("sagemaker-mlops/blueprint.yaml"),
        text.as_bytes(),
    );
    write(
        &sb.path().join("sagemaker-mlops/template/README.md"),
        b"hi\n",
    );
    let out = publish_name(&sb, "sagemaker-mlops");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("       Using the folder ./sagemaker-mlops, not the first-party blueprint of that name (an existing path is always the path; run from another folder to publish the first-party one)\n"),
        "{err}"
    );
    assert!(read(&sb.path().join("plan/calls.json")).contains("\"name\": \"house-mlops\""));
}

#[test]
fn publish_of_an_unknown_name_names_the_first_party_blueprints() {
    let sb = Sandbox::new();
    let out = publish_name(&sb, "sagemaker-mlosp");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "error: no folder `sagemaker-mlosp` and no first-party blueprint of that name\n\
         hint: did you mean `sagemaker-mlops`?\n\
         hint: first-party blueprints: ds-project, python-lib, sagemaker-mlops (see `jig list`)\n"
    );
    assert!(!sb.path().join("plan").exists());
}

/// The files of a first-party blueprint in the source tree, relative, sorted.
fn files_of(dir: &std::path::Path) -> Vec<String> {
    tree(dir)
}

#[test]
fn init_from_builtin_writes_the_blueprint_out_under_the_new_name() {
    let sb = Sandbox::new();
    let out = sb
        .jig()
        .current_dir(sb.path())
        .args(["init", "acme-mlops", "--from-builtin", "sagemaker-mlops"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let dest = sb.path().join("acme-mlops");
    let source = blueprint_dir("sagemaker-mlops");
    assert_eq!(files_of(&dest), files_of(&source));
    for rel in files_of(&source) {
        if rel == "blueprint.yaml" || rel.ends_with('/') {
            continue;
        }
        assert_eq!(
            std::fs::read(dest.join(&rel)).unwrap(),
            std::fs::read(source.join(&rel)).unwrap(),
            "{rel}"
        );
    }
    let manifest = read(&dest.join("blueprint.yaml"));
    assert_eq!(
        manifest,
        read(&source.join("blueprint.yaml"))
            .replace("\nname: sagemaker-mlops\n", "\nname: acme-mlops\n")
    );
    assert_eq!(
        stderr(&out),
        format!(
            "     Created blueprint `acme-mlops` in acme-mlops from the first-party blueprint `sagemaker-mlops` 1.0.0 ({} files)\n\
             next: edit acme-mlops/blueprint.yaml and acme-mlops/template/, then `jig lint acme-mlops` and `jig publish acme-mlops --service-catalog --dry-run`\n",
            files_of(&source).iter().filter(|f| !f.ends_with('/')).count()
        )
    );
    // The house blueprint lints clean and publishes under its own name.
    assert_lints_clean(&sb, &dest);
    let out = sb
        .jig()
        .current_dir(sb.path())
        .args([
            "init",
            "house",
            "--from-builtin",
            "python-lib",
            "--name",
            "house-lib",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(read(&sb.path().join("house/blueprint.yaml")).contains("\nname: house-lib\n"));
}

#[test]
fn init_from_builtin_refuses_a_non_empty_destination_and_an_unknown_name() {
    let sb = Sandbox::new();
    write(&sb.path().join("taken/keep.txt"), b"mine\n");
    let out = sb
        .jig()
        .current_dir(sb.path())
        .args(["init", "taken", "--from-builtin", "python-lib"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "error: taken exists and is not empty\nhint: jig init writes a new blueprint directory; name one that does not exist yet\n"
    );
    assert_eq!(listing(&sb.path().join("taken")), ["keep.txt"]);

    let out = sb
        .jig()
        .current_dir(sb.path())
        .args(["init", "fresh", "--from-builtin", "pyhton-lib"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "error: no first-party blueprint named `pyhton-lib`\n\
         \x20\x20nothing was written\n\
         hint: did you mean `python-lib`?\n\
         hint: first-party blueprints: ds-project, python-lib, sagemaker-mlops (see `jig list`)\n"
    );
    assert!(!sb.path().join("fresh").exists());
    // Nothing staged is left beside the destination either.
    assert_eq!(
        listing(sb.path())
            .iter()
            .filter(|n| n.contains("fresh"))
            .count(),
        0
    );

    let out = sb
        .jig()
        .current_dir(sb.path())
        .args(["init", "x", "--from-builtin", "python-lib", "--from", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot be used with"),
        "{}",
        stderr(&out)
    );
}
