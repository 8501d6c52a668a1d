"""SCIM filters and attribute paths (RFC 7644 §3.4.2.2 and §3.5.2): a small recursive-descent
parser into an AST, and an evaluator of a value filter against one value of a multi-valued
attribute (PATCH's `emails[type eq "work"]`).

Grammar (precedence: not > and > or; keywords and operators are case-insensitive):

    filter    := or_expr
    or_expr   := and_expr ("or" and_expr)*
    and_expr  := unary ("and" unary)*
    unary     := "not" "(" filter ")" | "(" filter ")" | attr_expr
    attr_expr := attrPath "pr" | attrPath op value | attrPath "[" filter "]"
    path      := attrPath ["[" filter "]" ["." subAttr]]        (PATCH)
    attrPath  := [schemaURN ":"] name ["." subAttr]

Translating a filter into a database query is the business of `queries.py`, which knows the
attribute mapping; this module knows SCIM only.

Why not a library: scim2-filter-parser (the maintained one on PyPI) transpiles filters into SQL
WHERE text over its own attribute map, which composes with neither the ORM nor both databases'
quoting; its AST alone saves little over this page, and PATCH paths need the same grammar.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentorpath.scim.errors import ScimError, invalid_filter, invalid_path
from mentorpath.scim.schemas import KNOWN_SCHEMAS

COMPARISON_OPERATORS = ("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le")


@dataclass(frozen=True)
class AttrPath:
    """`schema` is a known schema URN or None (the core User schema); `attr` is None when the
    path names a whole extension schema (a PATCH value of all its attributes)."""

    schema: str | None
    attr: str | None
    sub: str | None = None

    def dotted(self) -> str:
        return ".".join(part for part in (self.attr, self.sub) if part)


@dataclass(frozen=True)
class Compare:
    path: AttrPath
    op: str
    value: Any


@dataclass(frozen=True)
class Present:
    path: AttrPath


@dataclass(frozen=True)
class ValuePath:
    path: AttrPath
    filter: "Filter"


@dataclass(frozen=True)
class And:
    left: "Filter"
    right: "Filter"


@dataclass(frozen=True)
class Or:
    left: "Filter"
    right: "Filter"


@dataclass(frozen=True)
class Not:
    inner: "Filter"


Filter = Compare | Present | ValuePath | And | Or | Not


@dataclass(frozen=True)
class PatchPath:
    """A PATCH target: an attribute path, optionally narrowed by a value filter and followed
    by a sub-attribute (`emails[type eq "work"].value`)."""

    path: AttrPath
    filter: Filter | None = None
    sub: str | None = None


_NAME = r"[A-Za-z$][\w$-]*"
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<urn>urn:[^\s\[\]()"]+)
      | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.]))
      | (?P<name>NAME(?:\.NAME)?)
      | (?P<subattr>\.NAME)
      | (?P<punct>[()\[\]])
    )""".replace("NAME", _NAME),
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    at: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise invalid_filter(
                f"Unexpected character at position {position + 1}: {text[position:]!r}."
            )
        kind = match.lastgroup or ""
        tokens.append(_Token(kind, match.group(kind), match.start(kind)))
        position = match.end()
    return tokens


def split_attr_path(text: str) -> AttrPath:
    """`urn:...:User:name.familyName` → (urn:...:User, name, familyName)."""
    schema: str | None = None
    rest = text
    if text.lower().startswith("urn:"):
        for known in KNOWN_SCHEMAS:
            if text.lower() == known.lower():
                return AttrPath(known, None)
            if text.lower().startswith(known.lower() + ":"):
                schema, rest = known, text[len(known) + 1 :]
                break
        else:
            schema, _, rest = text.rpartition(":")
    if not re.fullmatch(f"{_NAME}(?:\\.{_NAME})?", rest):
        raise invalid_path(f"“{text}” is not an attribute path.")
    attr, _, sub = rest.partition(".")
    return AttrPath(schema, attr, sub or None)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise invalid_filter(f"The filter “{self.text}” ends too early.")
        self.index += 1
        return token

    def keyword(self, *words: str) -> str | None:
        token = self.peek()
        if token is not None and token.kind == "name" and token.text.lower() in words:
            self.index += 1
            return token.text.lower()
        return None

    def expect(self, text: str) -> None:
        token = self.take()
        if token.text != text:
            raise invalid_filter(
                f"Expected “{text}” at position {token.at + 1} of the filter, found “{token.text}”."
            )

    def done(self) -> None:
        token = self.peek()
        if token is not None:
            raise invalid_filter(
                f"Unexpected “{token.text}” at position {token.at + 1} of the filter."
            )

    def filter(self) -> Filter:
        node = self.and_expr()
        while self.keyword("or"):
            node = Or(node, self.and_expr())
        return node

    def and_expr(self) -> Filter:
        node = self.unary()
        while self.keyword("and"):
            node = And(node, self.unary())
        return node

    def unary(self) -> Filter:
        token = self.peek()
        if token is not None and token.kind == "name" and token.text.lower() == "not":
            following = self.tokens[self.index + 1] if self.index + 1 < len(self.tokens) else None
            if following is not None and following.text == "(":
                self.index += 1
                self.expect("(")
                inner = self.filter()
                self.expect(")")
                return Not(inner)
        if token is not None and token.text == "(":
            self.index += 1
            inner = self.filter()
            self.expect(")")
            return inner
        return self.attr_expr()

    def attr_path(self) -> AttrPath:
        token = self.take()
        if token.kind not in ("name", "urn"):
            raise invalid_filter(
                f"Expected an attribute name at position {token.at + 1}, found “{token.text}”."
            )
        try:
            return split_attr_path(token.text)
        except ScimError as error:
            raise invalid_filter(error.detail) from error

    def attr_expr(self) -> Filter:
        path = self.attr_path()
        token = self.peek()
        if token is not None and token.text == "[":
            if path.sub is not None:
                raise invalid_filter("A value filter follows an attribute, not a sub-attribute.")
            self.index += 1
            inner = self.filter()
            self.expect("]")
            return ValuePath(path, inner)
        if self.keyword("pr"):
            return Present(path)
        op = self.keyword(*COMPARISON_OPERATORS)
        if op is None:
            found = token.text if token is not None else "the end of the filter"
            raise invalid_filter(f"Expected an operator after “{path.dotted()}”, found “{found}”.")
        return Compare(path, op, self.value())

    def value(self) -> Any:
        token = self.take()
        if token.kind == "string":
            return json.loads(token.text)
        if token.kind == "number":
            return json.loads(token.text)
        if token.kind == "name" and token.text.lower() in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[token.text.lower()]
        raise invalid_filter(
            f"Expected a value (a quoted string, number, true, false or null) at position "
            f"{token.at + 1}, found “{token.text}”."
        )


def parse_filter(text: str) -> Filter:
    """Parse a filter; raise ScimError(invalidFilter) with the reason if it is not one."""
    if not text or not text.strip():
        raise invalid_filter("The filter is empty.")
    parser = _Parser(text)
    node = parser.filter()
    parser.done()
    return node


def parse_path(text: str) -> PatchPath:
    """Parse a PATCH path; raise ScimError(invalidPath) if it is not one."""
    if not isinstance(text, str) or not text.strip():
        raise invalid_path("The path is empty.")
    try:
        parser = _Parser(text)
        path = parser.attr_path()
        value_filter = None
        sub = None
        token = parser.peek()
        if token is not None and token.text == "[":
            parser.index += 1
            value_filter = parser.filter()
            parser.expect("]")
            token = parser.peek()
            if token is not None and token.kind == "subattr":
                parser.index += 1
                sub = token.text[1:]
        parser.done()
    except ScimError as error:
        raise invalid_path(f"“{text}” is not a valid path: {error.detail}") from error
    if value_filter is not None and path.sub is not None:
        raise invalid_path(f"“{text}” is not a valid path: a filter follows an attribute.")
    return PatchPath(path, value_filter, sub)


# --- Evaluating a value filter against one value of a multi-valued attribute -----------------


def _lookup(element: dict[str, Any], name: str) -> Any:
    for key, value in element.items():
        if key.lower() == name.lower():
            return value
    return None


def _comparable(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value.lower()
    return value


def compare_values(op: str, actual: Any, expected: Any) -> bool:
    """SCIM comparison of one stored value with a filter value; strings without case."""
    if op == "eq":
        if isinstance(actual, str) and isinstance(expected, str):
            return actual.lower() == expected.lower()
        return actual == expected
    if op == "ne":
        return not compare_values("eq", actual, expected)
    if actual is None:
        return False
    if op in ("co", "sw", "ew"):
        if not isinstance(actual, str) or not isinstance(expected, str):
            return False
        left, right = actual.lower(), expected.lower()
        return {"co": right in left, "sw": left.startswith(right), "ew": left.endswith(right)}[op]
    left, right = _comparable(actual), _comparable(expected)
    try:
        return {"gt": left > right, "ge": left >= right, "lt": left < right, "le": left <= right}[
            op
        ]
    except TypeError:
        return False


def matches(node: Filter, element: Any) -> bool:
    """Whether one value of a multi-valued attribute (a dict) passes a value filter."""
    if isinstance(node, And):
        return matches(node.left, element) and matches(node.right, element)
    if isinstance(node, Or):
        return matches(node.left, element) or matches(node.right, element)
    if isinstance(node, Not):
        return not matches(node.inner, element)
    if not isinstance(element, dict):
        element = {"value": element}
    if isinstance(node, Present):
        value = _lookup(element, node.path.dotted())
        return value not in (None, "", [], {})
    if isinstance(node, Compare):
        return compare_values(node.op, _lookup(element, node.path.dotted()), node.value)
    raise invalid_filter("A value filter cannot hold another value filter.")
