"""The template's own Jinja extensions: a filter, a global, a test, and a tag."""
from jinja2 import nodes
from jinja2.ext import Extension


class ShoutExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.filters["shout"] = lambda value: str(value).upper() + "!"
        environment.globals["greeting"] = "hello from an extension"
        environment.tests["short"] = lambda value: len(str(value)) < 5


class StampExtension(Extension):
    tags = {"stamp"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        return nodes.Output([nodes.Const("STAMPED")]).set_lineno(lineno)
