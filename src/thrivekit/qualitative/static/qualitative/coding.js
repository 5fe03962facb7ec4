// Selecting words in a response fills in the tag form's characters. The form works without this.
const text = document.getElementById("response-text");
const form = document.getElementById("coding-form");

function offsetOf(node, offset) {
  const before = document.createRange();
  before.selectNodeContents(text);
  before.setEnd(node, offset);
  return before.toString().length;
}

if (text && form) {
  const start = form.querySelector("[name=start]");
  const end = form.querySelector("[name=end]");
  const preview = document.getElementById("selection-preview");
  document.addEventListener("selectionchange", () => {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    const from = offsetOf(range.startContainer, range.startOffset);
    const to = offsetOf(range.endContainer, range.endOffset);
    if (to <= from) return;
    start.value = from;
    end.value = to;
    preview.textContent = `Selected: “${text.textContent.slice(from, to)}”`;
  });
}
