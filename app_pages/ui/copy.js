// Copied text is the text as read. Workbook text on screen carries an invisible word joiner (U+2060) inside
// e-mail and web addresses, which keeps Streamlit's markdown from turning them into links
// (duo_core.formatting.markdown_text); a copy leaves the joiners out, so a pasted address works.
(() => {
  if (window.duoCleanCopy) return;
  window.duoCleanCopy = true;
  const JOINER = /\u2060/g;
  document.addEventListener("copy", (event) => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !event.clipboardData) return;
    const text = selection.toString();
    if (!text.includes("\u2060")) return;
    const holder = document.createElement("div");
    for (let i = 0; i < selection.rangeCount; i += 1) holder.appendChild(selection.getRangeAt(i).cloneContents());
    holder.querySelectorAll('[aria-hidden="true"]').forEach((icon) => icon.remove());
    event.clipboardData.setData("text/plain", text.replace(JOINER, ""));
    event.clipboardData.setData("text/html", holder.innerHTML.replace(JOINER, ""));
    event.preventDefault();
  });
})();
