"""One walk over the tree: scopes, bindings, and the nodes the analyses look at."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

import tree_sitter

from wslint.typescript_facts._syntax import FUNCTION_TYPES, Node, Text, is_tsx, language, string_value, strip

EQUALITY_OPERATORS = frozenset({"===", "==", "!==", "!="})


@dataclass(eq=False, slots=True)
class Binding:
    """What a local name stands for.

    kind: "const" (``node`` = initializer), "destructure" (``key`` taken from ``node``),
    "param" (``node`` = the function, ``key`` set when destructured, ``annotation`` its type),
    "function" (``node`` = the function), "import" (``symbol`` = "module:NAME" or None;
    ``unresolved`` = "specifier:NAME" when the specifier is a package or a path alias),
    "state" (``const [value, setValue] = useState(...)``: ``key`` = the setter's name), and
    "setter" (``setValue`` of that, ``key`` = the state's name).
    """

    name: str
    kind: str
    scope: Scope
    node: Node | None = None
    key: str | None = None
    annotation: Node | None = None
    symbol: str | None = None
    raw_event: bool = False  # a param holding a MessageEvent whose ``.data`` is parsed
    unresolved: str | None = None


@dataclass(eq=False, slots=True)
class Scope:
    node: Node | None  # the function node; None for the module
    parent: Scope | None
    label: str | None  # the function's own name (declaration, const, object key, assignee)
    top: str | None  # the named top-level function / component / hook it belongs to
    bindings: dict[str, Binding] = field(default_factory=dict)

    def lookup(self, name: str) -> Binding | None:
        scope: Scope | None = self
        while scope is not None:
            found = scope.bindings.get(name)
            if found is not None:
                return found
            scope = scope.parent
        return None

    def chain(self) -> list[Scope]:
        scopes: list[Scope] = []
        scope: Scope | None = self
        while scope is not None:
            scopes.append(scope)
            scope = scope.parent
        return scopes


Located = tuple[Node, Scope]


@dataclass(slots=True)
class Index:
    module_scope: Scope
    functions: dict[int, Scope] = field(default_factory=dict)  # function node id -> its scope
    calls: list[Located] = field(default_factory=list)  # call_expression and new_expression
    compares: list[Located] = field(default_factory=list)
    switches: list[Located] = field(default_factory=list)
    subscripts: list[Located] = field(default_factory=list)
    assignments: list[Located] = field(default_factory=list)
    members: list[Located] = field(default_factory=list)
    returns: list[Located] = field(default_factory=list)
    refetch: list[Located] = field(default_factory=list)  # refetchInterval pair / shorthand
    declarators: list[Located] = field(default_factory=list)
    jsx_elements: list[Located] = field(default_factory=list)  # opening and self-closing tags
    type_decls: dict[str, Node] = field(default_factory=dict)  # interface / type alias name -> node
    type_uses: list[Located] = field(default_factory=list)  # call type arguments, param annotations
    enums: list[Node] = field(default_factory=list)
    exported: set[str] = field(default_factory=set)
    reexports: dict[str, str] = field(default_factory=dict)  # name -> "module:NAME"
    namespaces: dict[str, str] = field(default_factory=dict)  # ``import * as NS`` -> module
    # "module:NAME" this file imports or re-exports ("module:*" for all of it); see TypeScriptFacts
    imports: list[str] = field(default_factory=list)
    default_export: str | None = None


def resolve_module(importer: str, specifier: str) -> str | None:
    """``'./constants'`` imported by ``web/src/hooks/x.ts`` -> ``web/src/hooks/constants``."""
    if not specifier.startswith("."):
        return None  # bare packages and ``@/`` aliases: not visible from one file
    return _resolve_in(posixpath.dirname(importer), specifier)


@lru_cache(maxsize=4096)  # a folder's modules import the same siblings
def _resolve_in(base: str, specifier: str) -> str | None:
    joined = posixpath.normpath(posixpath.join(base, specifier))
    if joined.startswith("../") or joined == "..":
        return None
    for ext in (".tsx", ".ts", ".jsx", ".js", ".mjs", ".cjs"):
        if joined.endswith(ext):
            return joined[: -len(ext)]
    return joined


def imported_specifier(specifier: str) -> str | None:
    """A non-relative specifier as written (``@/hooks/useSocket``, ``hooks/useSocket`` under a
    ``baseUrl``, or a package): the linker matches it against module paths by suffix."""
    if not specifier or specifier.startswith("."):
        return None
    return specifier


def _pattern_names(pattern: Node, text: Text) -> list[tuple[str, str | None]]:
    """Names bound by a parameter / declarator pattern, with the property each one takes."""
    if pattern.type == "identifier":
        return [(text.of(pattern), None)]
    if pattern.type != "object_pattern":
        return []
    names: list[tuple[str, str | None]] = []
    for child in pattern.named_children:
        if child.type == "shorthand_property_identifier_pattern":
            names.append((text.of(child), text.of(child)))
        elif child.type == "object_assignment_pattern":
            left = child.child_by_field_name("left")
            if left is not None and left.type == "shorthand_property_identifier_pattern":
                names.append((text.of(left), text.of(left)))
        elif child.type == "pair_pattern":
            key = child.child_by_field_name("key")
            value = child.child_by_field_name("value")
            if value is not None and value.type == "assignment_pattern":
                value = value.child_by_field_name("left")
            if key is not None and value is not None and value.type == "identifier":
                names.append((text.of(value), text.of(key)))
    return names


# The node types an analysis looks at (of binary expressions, equality tests only); the structure
# (scopes, bindings, imports, exports, enums) is always indexed.
_STRUCTURE = (
    "variable_declarator",
    "import_statement",
    "export_statement",
    "enum_declaration",
    *FUNCTION_TYPES,
)
_ANALYSED = (
    "call_expression",
    "new_expression",
    "switch_statement",
    "subscript_expression",
    "assignment_expression",
    "return_statement",
    "jsx_opening_element",
    "jsx_self_closing_element",
    "member_expression",
    "interface_declaration",
    "type_alias_declaration",
    "type_arguments",
    "binary_expression",
)
_REFETCH = ("pair", "shorthand_property_identifier")
# ``import('./x')`` (maybe a comment before the parenthesis) or ``require('./x')``: the only calls
# the structure needs. A pattern that starts with a literal skips through the bytes.
_DYNAMIC_IMPORT = re.compile(rb"import\s*(?:\(|/[*/])")


@lru_cache(maxsize=16)
def _query(tsx: bool, kinds: tuple[str, ...]) -> tree_sitter.Query:
    """One query capturing, as ``node``, every node of ``kinds`` the grammar has (TypeScript has
    no JSX). One pattern of alternatives without fields: each field or predicate would add
    milliseconds to compiling it, in every process."""
    grammar = language(tsx)
    known = " ".join(f"({kind})" for kind in kinds if grammar.id_for_node_kind(kind, True) is not None)
    return tree_sitter.Query(grammar, f"[{known}] @node")


def _depth(node: Node) -> int:
    depth = 0
    parent = node.parent
    while parent is not None:
        depth, parent = depth + 1, parent.parent
    return depth


def _preorder(nodes: list[Node]) -> list[tuple[int, int, Node]]:
    """``(start, -end, node)`` in the order a depth-first walk meets the nodes: by start, outer
    first. Only a node
    and its descendant can share a range (an error-recovered call whose arguments are missing):
    those are put in order by depth."""
    keyed = [(node.start_byte, -node.end_byte, node) for node in nodes]
    keyed.sort(key=itemgetter(0, 1))
    i = 1
    while i < len(keyed):
        if keyed[i][:2] != keyed[i - 1][:2]:
            i += 1
            continue
        first, last = i - 1, i
        while last + 1 < len(keyed) and keyed[last + 1][:2] == keyed[i][:2]:
            last += 1
        keyed[first : last + 1] = sorted(keyed[first : last + 1], key=lambda item: _depth(item[2]))
        i = last + 1
    return keyed


def _is_ancestor(ancestor: Node, node: Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent == ancestor:
            return True
        parent = parent.parent
    return False


def _within(node: Node, function: Node) -> bool:
    """``node`` (met after ``function`` in a depth-first walk) is inside it. An empty node at
    either end of it may be just outside."""
    start, end = node.start_byte, node.end_byte
    if start < function.start_byte or end > function.end_byte:
        return False
    if start < end and start < function.end_byte:
        return True
    return _is_ancestor(function, node)  # an empty (missing) node at a boundary


class _Walker:
    def __init__(self, text: Text) -> None:
        self.text = text
        self.index = Index(module_scope=Scope(None, None, None, None))

    def walk(self, root: Node, structure_only: bool) -> Index:
        """Index the nodes a query finds, in a depth-first walk's order, each with its scope."""
        index = self.index
        dispatch = {
            "call_expression": index.calls,
            "new_expression": index.calls,
            "switch_statement": index.switches,
            "subscript_expression": index.subscripts,
            "assignment_expression": index.assignments,
            "return_statement": index.returns,
            "jsx_opening_element": index.jsx_elements,
            "jsx_self_closing_element": index.jsx_elements,
            "member_expression": index.members,
            "type_arguments": index.type_uses,
        }
        if structure_only:
            source = self.text.source
            dynamic = b"require" in source or _DYNAMIC_IMPORT.search(source) is not None
            calls = ("call_expression",) if dynamic else ()
            kinds: tuple[str, ...] = (*_STRUCTURE, *calls)
        else:
            refetch = _REFETCH if b"refetchInterval" in self.text.source else ()
            kinds = (*_STRUCTURE, *_ANALYSED, *refetch)
        captures = tree_sitter.QueryCursor(_query(is_tsx(self.text.path), kinds)).captures(root)
        module = index.module_scope
        stack = [module]
        ends = [len(self.text.source) + 1]  # where each scope of the stack ends
        for start, negative_end, node in _preorder(captures.get("node", [])):
            end = -negative_end
            scope = stack[-1]
            while scope is not module:
                # the function starts no later than the node (depth-first order): its end decides,
                # unless the node is empty (missing) and may sit just outside it
                if start < end:
                    if start < ends[-1] and end <= ends[-1]:
                        break
                elif _within(node, scope.node):  # type: ignore[arg-type]
                    break
                stack.pop()
                ends.pop()
                scope = stack[-1]
            kind = node.type
            bucket = dispatch.get(kind)
            if bucket is not None:
                bucket.append((node, scope))
            elif kind == "binary_expression":
                operator = node.child_by_field_name("operator")
                if operator is not None and operator.type in EQUALITY_OPERATORS:
                    index.compares.append((node, scope))
            elif kind == "variable_declarator":
                self._declarator(node, scope)
            elif kind == "pair":
                key = node.child_by_field_name("key")
                if key is not None and self.text.of(key).strip("'\"") == "refetchInterval":
                    index.refetch.append((node, scope))
            elif kind == "shorthand_property_identifier":
                if self.text.of(node) == "refetchInterval":
                    index.refetch.append((node, scope))
            elif kind in ("interface_declaration", "type_alias_declaration"):
                name = node.child_by_field_name("name")
                if name is not None:
                    index.type_decls.setdefault(self.text.of(name), node)
            elif kind == "enum_declaration":
                index.enums.append(node)
            elif kind == "import_statement":
                self._import(node)
            elif kind == "export_statement":
                self._export(node)
            elif kind in FUNCTION_TYPES:
                inner = self._bare_scope(node, scope) if structure_only else self._function_scope(node, scope)
                index.functions[node.id] = inner
                stack.append(inner)
                ends.append(end)
        return index

    # ------------------------------------------------------------------ scopes

    def _bare_scope(self, node: Node, parent: Scope) -> Scope:
        """A function's scope without its name or parameters: what keeps its declarations out of
        the module's bindings. A function declaration still binds its name where it stands."""
        if node.type in ("function_declaration", "generator_function_declaration"):
            name_node = node.child_by_field_name("name")
            label = self.text.of(name_node) if name_node is not None else None
            if label:
                parent.bindings.setdefault(label, Binding(label, "function", parent, node))
        return Scope(node, parent, None, None)

    def _function_scope(self, node: Node, parent: Scope) -> Scope:
        text = self.text
        label: str | None = None
        declared = False  # the name is a declaration's (so it names a component / hook / function)
        name_node = node.child_by_field_name("name")
        up = node.parent
        if node.type in ("function_declaration", "generator_function_declaration", "method_definition"):
            label = text.of(name_node) if name_node is not None else None
            declared = True
        elif up is not None:
            if up.type == "variable_declarator":
                label, declared = self._declarator_name(up), True
            elif up.type == "public_field_definition":
                field_name = up.child_by_field_name("name")
                label, declared = (text.of(field_name) if field_name is not None else None), True
            elif up.type == "pair":
                label = text.of(up.child_by_field_name("key")).strip("'\"")
            elif up.type == "assignment_expression":
                left = up.child_by_field_name("left")
                label = text.of(left).rsplit(".", 1)[-1] if left is not None else None
            elif up.type == "arguments":
                # ``const handleMessage = useCallback((e) => ..., [])``, ``memo(() => ...)``
                call = up.parent
                declarator = call.parent if call is not None else None
                if declarator is not None and declarator.type == "variable_declarator":
                    label, declared = self._declarator_name(declarator), True
        if node.type == "method_definition" or (
            label and up is not None and up.type == "public_field_definition"
        ):
            owner = up
            while owner is not None and owner.type not in ("class_declaration", "class"):
                owner = owner.parent
            owner_name = owner.child_by_field_name("name") if owner is not None else None
            if owner_name is not None and label:
                qualified = f"{text.of(owner_name)}.{label}"
                return self._bind_params(node, Scope(node, parent, label, parent.top or qualified))
        top = parent.top or (label if declared else None)
        scope = Scope(node, parent, label, top)
        if node.type in ("function_declaration", "generator_function_declaration") and label:
            parent.bindings.setdefault(label, Binding(label, "function", parent, node))
        return self._bind_params(node, scope)

    def _declarator_name(self, declarator: Node) -> str | None:
        name = declarator.child_by_field_name("name")
        return self.text.of(name) if name is not None and name.type == "identifier" else None

    def _bind_params(self, function: Node, scope: Scope) -> Scope:
        single = function.child_by_field_name("parameter")
        if single is not None and single.type == "identifier":
            name = self.text.of(single)
            scope.bindings[name] = Binding(name, "param", scope, function)
            return scope
        params = function.child_by_field_name("parameters")
        if params is None:
            return scope
        for param in params.named_children:
            if param.type not in ("required_parameter", "optional_parameter"):
                continue
            pattern = param.child_by_field_name("pattern")
            annotation = param.child_by_field_name("type")
            if annotation is not None:
                self.index.type_uses.append((annotation, scope))
            if pattern is None:
                continue
            for name, key in _pattern_names(pattern, self.text):
                scope.bindings[name] = Binding(name, "param", scope, function, key=key, annotation=annotation)
        return scope

    # ---------------------------------------------------------------- bindings

    def _declarator(self, node: Node, scope: Scope) -> None:
        self.index.declarators.append((node, scope))
        declaration = node.parent
        if declaration is None or declaration.type != "lexical_declaration":
            return
        kind = declaration.child_by_field_name("kind")
        if kind is None or kind.type != "const":
            return
        pattern = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if pattern is None or value is None:
            return
        if pattern.type == "identifier":
            name = self.text.of(pattern)
            scope.bindings.setdefault(name, Binding(name, "const", scope, value))
            annotation = node.child_by_field_name("type")
            if annotation is not None:
                self.index.type_uses.append((annotation, scope))
            statement = declaration.parent
            if scope.parent is None and statement is not None and statement.type == "export_statement":
                self.index.exported.add(name)
            return
        if pattern.type == "array_pattern":
            self._state(pattern, value, scope)
            return
        for name, key in _pattern_names(pattern, self.text):
            if key is not None:
                scope.bindings.setdefault(name, Binding(name, "destructure", scope, value, key=key))

    def _state(self, pattern: Node, value: Node, scope: Scope) -> None:
        """``const [lastMessage, setLastMessage] = useState(...)``."""
        call = strip(value)
        if call is None or call.type != "call_expression":
            return
        function = strip(call.child_by_field_name("function"))
        if function is None or self.text.of(function) not in ("useState", "React.useState"):
            return
        names = [child for child in pattern.named_children if child.type == "identifier"]
        if len(names) == 2 and pattern.named_children[:2] == names:
            name, setter = self.text.of(names[0]), self.text.of(names[1])
            scope.bindings.setdefault(name, Binding(name, "state", scope, call, key=setter))
            scope.bindings.setdefault(setter, Binding(setter, "setter", scope, call, key=name))

    def _import(self, node: Node) -> None:
        text = self.text
        source = node.child_by_field_name("source")
        specifier = string_value(source, text)
        if specifier is None:
            return
        module = resolve_module(text.path, specifier)
        target = module or imported_specifier(specifier)
        module_scope = self.index.module_scope
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        if clause is None:
            self._imported(target, "*")  # ``import './styles'``: runs the module
            return
        for part in clause.named_children:
            if part.type == "identifier":  # default import
                name = text.of(part)
                symbol = f"{module}:default" if module else None
                module_scope.bindings[name] = Binding(
                    name, "import", module_scope, symbol=symbol, unresolved=_joined(target, "default")
                )
                self._imported(target, "default")
            elif part.type == "namespace_import":
                ident = next((c for c in part.named_children if c.type == "identifier"), None)
                self._imported(target, "*")
                if ident is not None:
                    name = text.of(ident)
                    module_scope.bindings[name] = Binding(name, "import", module_scope)
                    if module:
                        self.index.namespaces[name] = module
            elif part.type == "named_imports":
                for spec in part.named_children:
                    if spec.type != "import_specifier":
                        continue
                    original = spec.child_by_field_name("name")
                    if original is None:
                        continue
                    alias = spec.child_by_field_name("alias")
                    imported = text.of(original)
                    name = imported if alias is None else text.of(alias)
                    symbol = f"{module}:{imported}" if module else None
                    module_scope.bindings[name] = Binding(
                        name,
                        "import",
                        module_scope,
                        symbol=symbol,
                        unresolved=_joined(target, imported),
                    )
                    self._imported(target, imported)

    def _imported(self, target: str | None, name: str) -> None:
        if target:
            self.index.imports.append(f"{target}:{name}")

    def _export(self, node: Node) -> None:
        text = self.text
        source = node.child_by_field_name("source")
        module = resolve_module(text.path, string_value(source, text) or "") if source is not None else None
        declaration = node.child_by_field_name("declaration")
        if declaration is not None:
            name = declaration.child_by_field_name("name")
            if name is not None:
                self.index.exported.add(text.of(name))
                if any(child.type == "default" for child in node.children):
                    self.index.default_export = text.of(name)
            return
        value = node.child_by_field_name("value")  # ``export default useX``
        value = strip(value)
        if value is not None and value.type == "identifier":
            self.index.exported.add(text.of(value))
            self.index.default_export = text.of(value)
        target = module or (
            imported_specifier(string_value(source, text) or "") if source is not None else None
        )
        if not any(child.type == "export_clause" for child in node.named_children):
            self._imported(target, "*")  # ``export * from './hooks'``
        for clause in node.named_children:
            if clause.type != "export_clause":
                continue
            for spec in clause.named_children:
                original = spec.child_by_field_name("name")
                alias = spec.child_by_field_name("alias") or original
                if original is None or alias is None:
                    continue
                self.index.exported.add(text.of(alias))
                if source is None:
                    self.index.exported.add(text.of(original))
                    if text.of(alias) == "default":
                        self.index.default_export = text.of(original)
                elif module:
                    self.index.reexports[text.of(alias)] = f"{module}:{text.of(original)}"
                self._imported(target, text.of(original))


def _joined(target: str | None, name: str) -> str | None:
    return f"{target}:{name}" if target else None


def build_index(root: Node, text: Text, structure_only: bool = False) -> Index:
    """The index of one file. ``structure_only``: scopes, bindings, imports and exports, and no
    node an analysis looks at (for a file whose bytes hold no word an analysis looks for)."""
    index = _Walker(text).walk(root, structure_only)
    for call, _scope in index.calls:  # ``import('./pages/Live')``, ``require('./socket')``
        function = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if function is None or args is None or not args.named_child_count:
            continue
        if function.type == "import" or (function.type == "identifier" and text.of(function) == "require"):
            specifier = string_value(args.named_children[0], text)
            if specifier:
                target = resolve_module(text.path, specifier) or imported_specifier(specifier)
                if target:
                    index.imports.append(f"{target}:*")
    return index
