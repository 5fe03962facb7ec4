"""Read a rendered chart the way a reader sees it: marks with their positions, colours, text."""

from typing import Any

from thrivekit.charts.render import to_scenegraph


def _nodes(node: Any):
    if isinstance(node, dict):
        if "marktype" in node:
            yield node
        for key, value in node.items():
            if key != "datum":
                yield from _nodes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _nodes(item)


class Scene:
    def __init__(self, spec: dict[str, Any]):
        self.nodes = list(_nodes(to_scenegraph(spec)))

    def marks(self, marktype: str, name: str | None = None) -> list[dict[str, Any]]:
        """Items of the data marks (not axes or legends) of one type, optionally one layer."""
        return [
            item
            for node in self.nodes
            if node["marktype"] == marktype
            and node.get("role") == "mark"
            and (name is None or node.get("name") == name)
            for item in node.get("items", [])
        ]

    def texts(self, role: str) -> list[dict[str, Any]]:
        return [item for node in self.nodes if node.get("role") == role for item in node["items"]]

    def axis_labels(self) -> list[list[dict[str, Any]]]:
        """The labels of each axis, one list per axis."""
        return [node["items"] for node in self.nodes if node.get("role") == "axis-label"]

    def column_labels(self) -> list[str]:
        """Labels of the axis whose labels run left to right, in that order."""
        for labels in self.axis_labels():
            if len({item["y"] for item in labels}) == 1 and len(labels) > 1:
                return [item["text"] for item in sorted(labels, key=lambda item: item["x"])]
        raise AssertionError("no horizontal axis with labels")

    def row_labels(self) -> list[str]:
        """Labels of the axis whose labels run top to bottom, in that order."""
        for labels in self.axis_labels():
            if len({item["x"] for item in labels}) == 1 and len({i["y"] for i in labels}) > 1:
                return [item["text"] for item in sorted(labels, key=lambda item: item["y"])]
        raise AssertionError("no vertical axis with labels")


def rgb_hex(colour: str) -> str:
    """Vega writes interpolated colours as rgb(r, g, b); compare them as #rrggbb."""
    if colour.startswith("rgb("):
        channels = [int(part) for part in colour[4:-1].split(",")]
        return "#" + "".join(f"{channel:02x}" for channel in channels)
    return colour.lower()


def walk_keys(node: Any):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from walk_keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk_keys(item)
