"""REFI-QDA project exchange (``.qdpx``): the format NVivo, ATLAS.ti, MAXQDA and QualCoder read.

A ``.qdpx`` file is a zip holding ``project.qde`` (XML in the namespace
``urn:QDA-XML:project:1.0``, schema Project.xsd of 18 March 2019) and the sources it refers to
as ``internal://<name>`` under ``sources/``. Only what coding free text needs is written: the
codebook (codes, nested by parent), text sources as UTF-8 ``.txt`` files, and codings as
``PlainTextSelection`` (start and end as character offsets in the source's plain text, end
exclusive) each with a ``Coding``/``CodeRef``. :func:`qdpx_validate` checks a project against
the schema's required elements and attributes (not every optional part of the schema).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree as ET

NS = "urn:QDA-XML:project:1.0"
_Q = f"{{{NS}}}"
_GUID = re.compile(
    r"^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})$"
)
_RGB = re.compile(r"^#(?:[A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
# Project's children, in the order Project.xsd's sequence gives them.
_PROJECT_ORDER = (
    "Users",
    "CodeBook",
    "Variables",
    "Cases",
    "Sources",
    "Notes",
    "Links",
    "Sets",
    "Graphs",
    "Description",
    "NoteRef",
)


@dataclass(frozen=True)
class QdaCode:
    guid: str
    name: str
    description: str = ""
    color: str | None = None  # "#RRGGBB"
    parent: str | None = None  # the parent code's guid


@dataclass(frozen=True)
class QdaSource:
    guid: str
    name: str
    text: str


@dataclass(frozen=True)
class QdaCoding:
    source: str  # the source's guid
    start: int
    end: int  # character offsets in the source text, end exclusive
    code: str  # the code's guid


@dataclass(frozen=True)
class QdaProject:
    name: str
    codes: tuple[QdaCode, ...]
    sources: tuple[QdaSource, ...]
    codings: tuple[QdaCoding, ...]


class QdpxError(ValueError):
    """A .qdpx file that cannot be read; ``problems`` lists what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems[:5]) + ("; …" if len(problems) > 5 else ""))


def qda_guid() -> str:
    """A new GUID in the form REFI-QDA expects."""
    return str(uuid.uuid4())


def _guid_for(value: str, *, salt: str) -> str:
    # REFI-QDA needs GUIDs and our ids are not always ones ("theme-1", "12"): derive a stable
    # GUID from them so the same project exports the same way.
    if _GUID.match(value):
        return value
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"thrivekit:{salt}:{value}"))


def qdpx_export(project: QdaProject) -> bytes:
    """The project as a .qdpx zip."""
    code_ids = {code.guid: _guid_for(code.guid, salt="code") for code in project.codes}
    source_ids = {s.guid: _guid_for(s.guid, salt="source") for s in project.sources}
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    ET.register_namespace("", NS)
    root = ET.Element(
        f"{_Q}Project",
        {"name": project.name, "origin": "thrivekit", "creationDateTime": now},
    )
    if project.codes:
        codebook = ET.SubElement(root, f"{_Q}CodeBook")
        codes_el = ET.SubElement(codebook, f"{_Q}Codes")
        children: dict[str | None, list[QdaCode]] = {}
        known = {code.guid for code in project.codes}
        for code in project.codes:
            parent = code.parent if code.parent in known else None
            children.setdefault(parent, []).append(code)

        def add(parent_el: ET.Element, code: QdaCode, depth: int = 0) -> None:
            attrs = {"guid": code_ids[code.guid], "name": code.name, "isCodable": "true"}
            if code.color and _RGB.match(code.color):
                attrs["color"] = code.color
            element = ET.SubElement(parent_el, f"{_Q}Code", attrs)
            if code.description:
                ET.SubElement(element, f"{_Q}Description").text = code.description
            if depth < 50:  # a cycle of parents cannot nest forever
                for child in children.get(code.guid, []):
                    add(element, child, depth + 1)

        for code in children.get(None, []):
            add(codes_el, code)
    files: dict[str, str] = {}
    if project.sources:
        sources_el = ET.SubElement(root, f"{_Q}Sources")
        by_source: dict[str, list[QdaCoding]] = {}
        for coding in project.codings:
            by_source.setdefault(coding.source, []).append(coding)
        for source in project.sources:
            guid = source_ids[source.guid]
            file_name = f"{guid}.txt"
            files[file_name] = source.text
            source_el = ET.SubElement(
                sources_el,
                f"{_Q}TextSource",
                {"guid": guid, "name": source.name, "plainTextPath": f"internal://{file_name}"},
            )
            for coding in sorted(by_source.get(source.guid, []), key=lambda c: (c.start, c.end)):
                if coding.code not in code_ids:
                    raise QdpxError([f"a coding refers to an unknown code {coding.code!r}"])
                if not 0 <= coding.start <= coding.end <= len(source.text):
                    raise QdpxError([f"a coding lies outside the text of {source.name!r}"])
                selection = ET.SubElement(
                    source_el,
                    f"{_Q}PlainTextSelection",
                    {
                        "guid": qda_guid(),
                        "startPosition": str(coding.start),
                        "endPosition": str(coding.end),
                    },
                )
                coding_el = ET.SubElement(selection, f"{_Q}Coding", {"guid": qda_guid()})
                ET.SubElement(coding_el, f"{_Q}CodeRef", {"targetGUID": code_ids[coding.code]})
    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
        for file_name, text in files.items():
            archive.writestr(f"sources/{file_name}", text.encode("utf-8"))
    return buffer.getvalue()


_MAX_UNZIPPED = 200 * 1024 * 1024


def _open(data: bytes) -> tuple[zipfile.ZipFile, ET.Element]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise QdpxError(["the file is not a .qdpx (zip) file"]) from None
    if sum(info.file_size for info in archive.infolist()) > _MAX_UNZIPPED:
        raise QdpxError(["the file unpacks to more than 200 MB"])
    name = next((n for n in archive.namelist() if n.casefold() == "project.qde"), None)
    if name is None:
        raise QdpxError(["the zip has no project.qde"])
    try:
        # ElementTree does not fetch external entities, so this is safe to parse.
        root = ET.fromstring(archive.read(name))
    except ET.ParseError as error:
        raise QdpxError([f"project.qde is not well-formed XML ({error})"]) from None
    return archive, root


def _source_text(archive: zipfile.ZipFile, element: ET.Element) -> str | None:
    inline = element.find(f"{_Q}PlainTextContent")
    if inline is not None:
        return inline.text or ""
    path = element.get("plainTextPath") or ""
    if not path.startswith("internal://"):
        return None
    wanted = path.removeprefix("internal://").casefold()
    for name in archive.namelist():
        folder, _, file_name = name.rpartition("/")
        if folder.casefold() == "sources" and file_name.casefold() == wanted:
            raw = archive.read(name)
            return raw.decode("utf-8-sig", errors="replace")
    return None


def qdpx_validate(data: bytes) -> list[str]:
    """What in ``data`` breaks Project.xsd's required elements and attributes (empty if none)."""
    try:
        archive, root = _open(data)
    except QdpxError as error:
        return error.problems
    problems: list[str] = []
    if root.tag != f"{_Q}Project":
        return [f"the root element is {root.tag}, not Project in {NS}"]
    if not root.get("name"):
        problems.append("Project has no name")
    order = [child.tag.removeprefix(_Q) for child in root]
    positions = [_PROJECT_ORDER.index(tag) for tag in order if tag in _PROJECT_ORDER]
    if positions != sorted(positions):
        problems.append(f"Project's children are out of the schema's order: {order}")
    codes = set()
    for code in root.iter(f"{_Q}Code"):
        for attribute in ("guid", "name", "isCodable"):
            if not code.get(attribute):
                problems.append(f"a Code has no {attribute}")
        if code.get("guid") and not _GUID.match(code.get("guid", "")):
            problems.append(f"Code guid {code.get('guid')!r} is not a GUID")
        if code.get("isCodable") not in (None, "true", "false", "1", "0"):
            problems.append("a Code's isCodable is not a boolean")
        if code.get("color") and not _RGB.match(code.get("color", "")):
            problems.append("a Code's color is not #RRGGBB")
        codes.add(code.get("guid"))
    codebook = root.find(f"{_Q}CodeBook")
    if codebook is not None and codebook.find(f"{_Q}Codes") is None:
        problems.append("CodeBook has no Codes")
    for source in root.iter(f"{_Q}TextSource"):
        guid = source.get("guid") or ""
        if not _GUID.match(guid):
            problems.append("a TextSource has no GUID")
        has_inline = source.find(f"{_Q}PlainTextContent") is not None
        if has_inline == bool(source.get("plainTextPath")):
            problems.append(f"TextSource {guid}: exactly one of PlainTextContent, plainTextPath")
        text = _source_text(archive, source)
        if text is None:
            problems.append(f"TextSource {guid}: its plain text is not in the file")
        for selection in source.iter(f"{_Q}PlainTextSelection"):
            try:
                start = int(selection.get("startPosition", ""))
                end = int(selection.get("endPosition", ""))
            except ValueError:
                problems.append("a PlainTextSelection has no startPosition/endPosition")
                continue
            if not _GUID.match(selection.get("guid") or ""):
                problems.append("a PlainTextSelection has no GUID")
            if text is not None and not 0 <= start <= end <= len(text):
                problems.append(f"a PlainTextSelection lies outside TextSource {guid}")
    for coding in root.iter(f"{_Q}Coding"):
        if not _GUID.match(coding.get("guid") or ""):
            problems.append("a Coding has no GUID")
        ref = coding.find(f"{_Q}CodeRef")
        if ref is None or not ref.get("targetGUID"):
            problems.append("a Coding has no CodeRef")
        elif ref.get("targetGUID") not in codes:
            problems.append("a CodeRef points to no Code")
    return problems


def qdpx_import(data: bytes) -> QdaProject:
    """A .qdpx file as a project (text sources only; other kinds of source are skipped)."""
    problems = qdpx_validate(data)
    if problems:
        raise QdpxError(problems)
    archive, root = _open(data)
    codes: list[QdaCode] = []

    def walk(element: ET.Element, parent: str | None) -> None:
        for code in element.findall(f"{_Q}Code"):
            description = code.find(f"{_Q}Description")
            codes.append(
                QdaCode(
                    guid=code.get("guid", ""),
                    name=code.get("name", ""),
                    description=(description.text or "") if description is not None else "",
                    color=code.get("color"),
                    parent=parent,
                )
            )
            walk(code, code.get("guid"))

    codes_el = root.find(f"{_Q}CodeBook/{_Q}Codes")
    if codes_el is not None:
        walk(codes_el, None)
    sources: list[QdaSource] = []
    codings: list[QdaCoding] = []
    sources_el = root.find(f"{_Q}Sources")
    for source in sources_el.findall(f"{_Q}TextSource") if sources_el is not None else []:
        guid = source.get("guid", "")
        text = _source_text(archive, source) or ""
        sources.append(QdaSource(guid=guid, name=source.get("name") or guid, text=text))
        for selection in source.findall(f"{_Q}PlainTextSelection"):
            start = int(selection.get("startPosition", "0"))
            end = int(selection.get("endPosition", "0"))
            for coding in selection.findall(f"{_Q}Coding"):
                ref = coding.find(f"{_Q}CodeRef")
                codings.append(QdaCoding(guid, start, end, ref.get("targetGUID", "")))
        for coding in source.findall(f"{_Q}Coding"):  # the whole source coded
            ref = coding.find(f"{_Q}CodeRef")
            codings.append(QdaCoding(guid, 0, len(text), ref.get("targetGUID", "")))
    return QdaProject(
        name=root.get("name", ""),
        codes=tuple(codes),
        sources=tuple(sources),
        codings=tuple(codings),
    )
