# jig's bridge to a template's own Jinja extensions: a Cookiecutter template's `_extensions`
# entries that name a module shipped in the template (`local_extensions.FoobarExtension`), or a
# Copier template's `_jinja_extensions` (`extensions.py:FiltersAndGlobals`, or an importable
# `package.module.Class`).
#
# jig starts this script with the template's Python interpreter (JIG_PYTHON) once the template
# is trusted. It loads the extensions into a Jinja2 environment built as the template's tool
# builds its own (cookiecutter's StrictEnvironment when cookiecutter is importable; Copier's
# SandboxedEnvironment with its envops and jinja2-ansible-filters when importable), reports
# the filters, tests, globals and tags they add, then answers requests, one JSON object per line:
#   {"op": "call", "kind": "filter"|"test"|"global", "name": ..., "args": [...], "kwargs": {...}}
#   {"op": "render", "name": ..., "source": ..., "context": {...}}
# with {"ok": value} or {"error": message}. Extension code may print: stdout is moved to stderr
# so that only this protocol reaches jig.
import json
import os
import sys
import traceback
import types

proto_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)
sys.stdout = sys.stderr
proto_in = sys.stdin


def send(message):
    proto_out.write(json.dumps(message) + "\n")
    proto_out.flush()


def failure(prefix, error):
    lines = traceback.format_exception_only(type(error), error)
    return prefix + "".join(lines).strip()


def main():
    setup = json.loads(sys.argv[1])
    repo_dir = setup["repo_dir"]
    sys.path.insert(0, repo_dir)
    try:
        import jinja2
        from jinja2.utils import import_string
    except ImportError:
        send({"error": "no-jinja2"})
        return
    env_vars = setup.get("env_vars") or {}
    cookiecutter_env = False
    if setup.get("flavour") == "copier":
        env = copier_environment(jinja2, env_vars)
    else:
        cookiecutter_env = True
        try:
            from cookiecutter.utils import create_env_with_context
        except ImportError:
            cookiecutter_env = False
            install_simple_filter(jinja2)
        if cookiecutter_env:
            env = create_env_with_context({"cookiecutter": {"_jinja2_env_vars": env_vars}})
        else:
            env = jinja2.Environment(
                undefined=jinja2.StrictUndefined, keep_trailing_newline=True, **env_vars
            )
    env.loader = jinja2.FileSystemLoader(setup["search_path"])
    for entry in setup["builtin"]:
        env.add_extension(entry)
    base_tags = tags_of(env)
    before = {
        "filter": dict(env.filters),
        "test": dict(env.tests),
        "global": dict(env.globals),
    }
    for entry in setup["extensions"]:
        try:
            env.add_extension(load_extension(import_string, repo_dir, entry))
        except Exception as error:  # the template's code: report whatever it raised
            send({"error": failure("cannot load `%s`: " % entry, error)})
            return
    tables = {"filter": env.filters, "test": env.tests, "global": env.globals}
    added = {}
    constants = {}
    for kind, table in tables.items():
        added[kind] = [n for n, v in table.items() if before[kind].get(n) is not v]
    for name in added["global"]:
        value = env.globals[name]
        if not callable(value):
            constants[name] = plain(value)
    tags = sorted(tags_of(env) - base_tags)
    send(
        {
            "ok": {
                "filters": added["filter"],
                "tests": added["test"],
                "globals": [n for n in added["global"] if n not in constants],
                "constants": constants,
                "tags": tags,
                "native": cookiecutter_env or setup.get("flavour") == "copier",
            }
        }
    )
    for line in proto_in:
        request = json.loads(line)
        try:
            if request["op"] == "render":
                template = env.from_string(request["source"])
                send({"ok": template.render(**request["context"])})
            else:
                table = tables[request["kind"]]
                function = table[request["name"]]
                args = with_pass_arg(env, function, request["args"])
                send({"ok": plain(function(*args, **request["kwargs"]))})
        except Exception as error:  # the template's code: report whatever it raised
            send({"error": failure("", error)})


def copier_environment(jinja2, envops):
    """Copier's `Worker.jinja_env`: a sandbox with the template's envops (trailing newlines
    kept unless it says otherwise) and jinja2-ansible-filters when it is importable."""
    from jinja2.sandbox import SandboxedEnvironment

    options = dict(envops)
    options.setdefault("keep_trailing_newline", True)
    undefined = options.get("undefined")
    if undefined == "jinja2.StrictUndefined":
        options["undefined"] = jinja2.StrictUndefined
    elif undefined is not None:
        options["undefined"] = jinja2.Undefined
    env = SandboxedEnvironment(**options)
    try:
        env.add_extension("jinja2_ansible_filters.AnsibleCoreFiltersExtension")
    except ImportError:
        pass
    return env


def load_extension(import_string, repo_dir, entry):
    """An extension class by import path, or `file.py:Class` from the template's root (the
    form copier-templates-extensions' loader reads)."""
    path, sep, name = entry.partition(":")
    if not sep:
        return import_string(entry)
    import importlib.util

    full = os.path.realpath(os.path.join(repo_dir, path))
    if not full.startswith(os.path.realpath(repo_dir) + os.sep):
        raise ValueError("%s is outside the template" % path)
    spec = importlib.util.spec_from_file_location("jig_template_" + name, full)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)


def tags_of(env):
    return {tag for ext in env.extensions.values() for tag in getattr(ext, "tags", ())}


def with_pass_arg(env, function, args):
    """Jinja passes the environment, eval context or context first to marked callables."""
    from jinja2.nodes import EvalContext

    mark = getattr(function, "jinja_pass_arg", None)
    name = getattr(mark, "name", None)
    if name == "environment" or getattr(function, "environmentfilter", False):
        return [env] + args
    if name == "eval_context" or getattr(function, "evalcontextfilter", False):
        return [EvalContext(env)] + args
    if name == "context" or getattr(function, "contextfilter", False):
        return [env.context({})] + args
    return args


def plain(value):
    """A JSON value for what an extension returned (Markup and other str types as str)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    return str(value)


def install_simple_filter(jinja2):
    """`cookiecutter.utils.simple_filter` for interpreters without Cookiecutter: the one
    helper local extensions import from it (it wraps a function as a one-filter extension)."""
    from jinja2.ext import Extension

    def simple_filter(function):
        class SimpleFilterExtension(Extension):
            def __init__(self, environment):
                super().__init__(environment)
                environment.filters[function.__name__] = function

        SimpleFilterExtension.__name__ = function.__name__
        return SimpleFilterExtension

    package = types.ModuleType("cookiecutter")
    package.__path__ = []
    utils = types.ModuleType("cookiecutter.utils")
    utils.simple_filter = simple_filter
    package.utils = utils
    sys.modules["cookiecutter"] = package
    sys.modules["cookiecutter.utils"] = utils


main()
