"""The parts of an .xlsx around its sheets — content types, relationships, workbook, shared strings — read as openpyxl 3.1 does.

openpyxl reads these parts through its Serialisable classes, which match child
elements by local name (any namespace), keep the last of a repeated single
element, and take every child of a list element whatever its tag.  This module
does the same (packaging/manifest.py, packaging/relationship.py,
packaging/workbook.py, reader/strings.py, cell/text.py), and raises Declined
where openpyxl would do something not mirrored here, so that the caller reads the
file with openpyxl instead.
"""

import posixpath
import re
from collections import Counter
from xml.etree.ElementTree import fromstring

from perfeval_xl.kept import Kept
from perfeval_xl.reader.number_formats import MAC_EPOCH, WINDOWS_EPOCH

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKSHEET_REL = _DOC_RELS + "/worksheet"
_R_ID = "{%s}id" % _DOC_RELS
# openpyxl's search order for the workbook part's content type.
_WORKBOOK_TYPES = tuple("application/vnd." + kind for kind in (
    "ms-excel.template.macroEnabled.main+xml", "openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "ms-excel.sheet.macroEnabled.main+xml", "openxmlformats-officedocument.spreadsheetml.sheet.main+xml"))
_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_RELATIONSHIP_KEYS = {"Id", "Type", "Target", "TargetMode"}
_INVALID_TITLE = set("\\*?:/[]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_SI, _T, _R, _PHONETIC = MAIN + "si", MAIN + "t", MAIN + "r", ("rPh", "phoneticPr")
# The small parts a batch's files share with their template (content types, relationships, the
# workbook part), parsed once per distinct content and forgotten once full; a part over 64 KB (a
# parsed tree takes some ten times its bytes) is parsed in each file.
_PARSED = Kept(16, largest=64 * 1024)


class Declined(Exception):
    """This file is not one the fast reader reads exactly as openpyxl does; the message says why."""


def local_name(tag):
    return tag.rpartition("}")[2]


def last_child(root, name):
    """The last child element called ``name`` in any namespace: the one openpyxl keeps."""
    found = None
    for child in root:
        if local_name(child.tag) == name:
            found = child
    return found


def is_true(value):
    """openpyxl's Bool: any text but "false", "f", "0" and the empty string is true."""
    return value is not None and value not in ("false", "f", "0") and bool(value)


class Package:
    """The parts of one zip, read as openpyxl finds them: ``names`` every part's name in the zip's
    directory (a name given twice, twice), ``parts`` those already inflated (name → bytes), ``read``
    a function that inflates any other."""

    def __init__(self, names, parts, read):
        counts = Counter(names)
        self.names = set(counts)
        # Of two same-named parts zipfile (and so openpyxl) reads the last; the size checks may have kept another.
        self.parts = {name: data for name, data in parts.items() if counts[name] == 1}
        self._read = read

    def xml(self, name):
        return fromstring(self.data(name))

    def shared_xml(self, name):
        """xml(name) for a part the files of a batch have in common: the same tree for the same bytes.
        The tree is only ever read."""
        data = self.data(name)
        root = _PARSED.get(data)
        return root if root is not None else _PARSED.keep(data, fromstring(data))

    def data(self, name):
        """A part's bytes, unparsed."""
        data = self.parts.get(name)
        data = data if data is not None else self._read(name)
        if _DTD.search(data):
            # inspect_zip refuses these first; should it be bypassed, openpyxl's defusedxml says why.
            raise Declined(f"{name} declares a DTD")
        return data

    def main_parts(self):
        """(workbook part, shared strings part or None), as openpyxl finds them in [Content_Types].xml."""
        overrides = [(item.get("PartName"), item.get("ContentType"))
                     for item in self.shared_xml("[Content_Types].xml") if local_name(item.tag) == "Override"]
        workbook_part = _first_part(overrides, _WORKBOOK_TYPES)
        if workbook_part is None:
            raise Declined("no workbook part among the content-type overrides")
        return workbook_part, _first_part(overrides, (_SHARED_STRINGS,))

    def relations(self, part):
        """{relationship id: (type, target as a zip name)}, normalised as openpyxl's get_dependents does."""
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
        parent = posixpath.split(posixpath.dirname(rels_name))[0]
        found = {}
        for item in self.shared_xml(rels_name):   # every child, whatever its tag, as openpyxl's ElementList
            keys = {key for key in item.keys() if not key.startswith("{")}
            if not keys <= _RELATIONSHIP_KEYS or not {"Type", "Target"} <= keys:
                # openpyxl reads type="…" as a short Type, and drops every relationship for anything else
                raise Declined(f"a relationship in {rels_name} of a shape not mirrored here")
            target = item.get("Target")
            if item.get("TargetMode") != "External":
                target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(parent, target))
            found[item.get("Id")] = (item.get("Type"), target)
        return found

    def sheets(self, workbook, relations):
        """[(title, worksheet part)] in the workbook's order, as openpyxl's read_worksheets finds them;
        Declined for a sheet it renames or skips (no r:id) or reads as something else (a chart sheet)."""
        sheets = last_child(workbook, "sheets")
        titles, found = set(), []
        for sheet in [] if sheets is None else sheets:
            title, relation_id = sheet.get("name"), sheet.get(_R_ID)
            relation = relations.get(relation_id) if relation_id else None
            if relation is not None and relation[1] not in self.names:
                continue   # openpyxl leaves out a sheet whose part is missing
            if not title or _INVALID_TITLE & set(title) or title.lower() in titles:
                raise Declined(f"sheet name {title!r}: openpyxl refuses or renames it")
            if relation is None or relation[0] != WORKSHEET_REL:
                raise Declined(f"sheet {title!r} is not a worksheet part openpyxl would read as one")
            titles.add(title.lower())
            found.append((title, relation[1]))
        return found


def _first_part(overrides, content_types):
    for content_type in content_types:
        for part_name, found in overrides:
            if found == content_type:
                return part_name[1:]
    return None


def epoch(workbook):
    """The date system of the workbook root: 1904 when <workbookPr date1904> is true."""
    properties = last_child(workbook, "workbookPr")
    return MAC_EPOCH if properties is not None and is_true(properties.get("date1904")) else WINDOWS_EPOCH


def read_shared_strings(root):
    """The shared string table as openpyxl's read_string_table gives it (formatting dropped)."""
    items = root.findall(_SI)
    if len(items) != sum(1 for _ in root.iter(_SI)):
        raise Declined("a shared string nested in another or in another element")
    return [plain_text(item).replace("x005F_", "") for item in items]


def plain_text(element):
    """openpyxl's Text.content: the last <t> child, then each run's last <t>; phonetic runs left out."""
    plain, runs = None, []
    for child in element:
        tag = child.tag
        name = "t" if tag == _T else "r" if tag == _R else local_name(tag)
        if name == "t":
            plain = child.text
        elif name == "r":
            text = _run_text(child)
            if text is not None:
                runs.append(text)
        elif name not in _PHONETIC:
            raise Declined(f"a <{name}> in a string")
    return "".join(runs) if plain is None else plain + "".join(runs)


def _run_text(run):
    text = None
    for part in run:
        name = "t" if part.tag == _T else local_name(part.tag)
        if name == "t":
            text = part.text
        elif name != "rPr":
            raise Declined(f"a <{name}> in a rich-text run")
    return text
