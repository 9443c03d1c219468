"""A custom tag: `{% shout EXPR %}` prints EXPR in capitals with an exclamation mark."""

from jinja2 import nodes
from jinja2.ext import Extension


class ShoutExtension(Extension):
    tags = {"shout"}

    def _shout(self, value):
        return f"{str(value).upper()}!"

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        value = parser.parse_expression()
        call = self.call_method("_shout", [value], lineno=lineno)
        return nodes.Output([call], lineno=lineno)
