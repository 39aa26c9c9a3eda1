/* Live Markdown for streaming answers: builds DOM nodes, never parses HTML.
 *
 * Model text is untrusted. This renderer creates elements with
 * createElement/textContent only, so no markup from the model can reach the
 * DOM; link targets must be http(s) or mailto. It follows what the server's
 * renderer (Python-Markdown + nh3, chat/templatetags/chat_markdown.py)
 * produces for the same text, so nothing jumps when the saved answer
 * replaces the live one: paragraphs with line breaks, headings, emphasis,
 * code, fenced code, lists, block quotes, rules and tables with alignment.
 * While the text is still arriving, a table whose separator line has not
 * come yet is already drawn as a table, and an unclosed ** or ` at the
 * very end is drawn as if closed.
 */
(() => {
  "use strict";

  const FENCE = /^\s{0,3}(```|~~~)/;
  const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
  const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
  const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
  const QUOTE = /^\s{0,3}>\s?(.*)$/;
  const TABLE_ROW = /^\s*\|.*\|?\s*$/;
  const TABLE_SEPARATOR = /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;
  const TAG_LIKE = /<\/?[A-Za-z][^<>]*>/g;
  const DANGEROUS_BLOCK = /<(script|style|iframe|object|embed|template|noscript)\b[\s\S]*?(<\/\1\s*>|$)/gi;
  const SAFE_URL = /^(https?:|mailto:)/i;

  function node(tag, className) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    return element;
  }

  // Raw HTML in an answer is dropped (the server's sanitiser removes what it does not allow).
  function withoutHtml(text) {
    return text.replace(DANGEROUS_BLOCK, "").replace(TAG_LIKE, "");
  }

  // --- inline --------------------------------------------------------------

  function findClosing(text, marker, from) {
    let index = text.indexOf(marker, from);
    while (index !== -1 && text[index - 1] === "\\") index = text.indexOf(marker, index + 1);
    return index;
  }

  function inline(text, parent, live) {
    let buffer = "";
    const flush = () => {
      if (buffer) parent.append(document.createTextNode(buffer));
      buffer = "";
    };
    let i = 0;
    while (i < text.length) {
      const ch = text[i];
      const rest = text.slice(i);
      if (ch === "\\" && i + 1 < text.length && /[\\`*_{}\[\]()#+\-.!|>~]/.test(text[i + 1])) {
        buffer += text[i + 1];
        i += 2;
        continue;
      }
      if (ch === "`") {
        const close = text.indexOf("`", i + 1);
        if (close !== -1 || live) {
          flush();
          const code = node("code");
          code.textContent = text.slice(i + 1, close === -1 ? text.length : close);
          parent.append(code);
          i = close === -1 ? text.length : close + 1;
          continue;
        }
      }
      if (rest.startsWith("**") || rest.startsWith("__")) {
        const marker = rest.slice(0, 2);
        const close = findClosing(text, marker, i + 2);
        if ((close > i + 2 || (close === -1 && live && i + 2 < text.length)) && !/\s/.test(text[i + 2] || " ")) {
          flush();
          const strong = node("strong");
          inline(text.slice(i + 2, close === -1 ? text.length : close), strong, live && close === -1);
          parent.append(strong);
          i = close === -1 ? text.length : close + 2;
          continue;
        }
      }
      if ((ch === "*" || ch === "_") && text[i + 1] !== ch && !/\s/.test(text[i + 1] || " ")) {
        const wordInside = ch === "_" && /\w/.test(text[i - 1] || "");
        const close = wordInside ? -1 : findClosing(text, ch, i + 1);
        if (close > i + 1 && text[close + 1] !== ch && !/\s/.test(text[close - 1]) && !(ch === "_" && /\w/.test(text[close + 1] || ""))) {
          flush();
          const em = node("em");
          inline(text.slice(i + 1, close), em, false);
          parent.append(em);
          i = close + 1;
          continue;
        }
      }
      if (ch === "[") {
        const link = /^\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"([^"]*)")?\s*\)/.exec(rest);
        if (link) {
          flush();
          if (SAFE_URL.test(link[2])) {
            const a = node("a");
            a.href = link[2];
            a.target = "_blank";
            a.rel = "noopener noreferrer nofollow";
            if (link[3]) a.title = link[3];
            inline(link[1], a, false);
            parent.append(a);
          } else {
            inline(link[1], parent, false); // an unsafe link keeps only its text
          }
          i += link[0].length;
          continue;
        }
      }
      if (ch === "!" && text[i + 1] === "[") {
        const image = /^!\[([^\]]*)\]\([^)]*\)/.exec(rest);
        if (image) {
          i += image[0].length; // answers never load images
          continue;
        }
      }
      buffer += ch;
      i += 1;
    }
    flush();
  }

  // Lines of a paragraph joined by <br>, as the server's nl2br does.
  function inlineLines(lines, parent, live) {
    lines.forEach((line, index) => {
      if (index) parent.append(node("br"));
      inline(line.replace(/\s+$/, ""), parent, live && index === lines.length - 1);
    });
  }

  // --- blocks ----------------------------------------------------------------

  function splitCells(line) {
    let body = line.trim();
    if (body.startsWith("|")) body = body.slice(1);
    if (body.endsWith("|") && !body.endsWith("\\|")) body = body.slice(0, -1);
    const cells = [];
    let cell = "";
    for (let i = 0; i < body.length; i += 1) {
      if (body[i] === "\\" && body[i + 1] === "|") {
        cell += "|";
        i += 1;
      } else if (body[i] === "|") {
        cells.push(cell.trim());
        cell = "";
      } else cell += body[i];
    }
    cells.push(cell.trim());
    return cells;
  }

  function alignments(separator) {
    return splitCells(separator).map((cell) => {
      const left = cell.startsWith(":");
      const right = cell.endsWith(":");
      return left && right ? "center" : right ? "right" : left ? "left" : null;
    });
  }

  function table(header, align, rows, live) {
    const t = node("table");
    const thead = node("thead");
    const headRow = node("tr");
    const columns = header.length;
    header.forEach((text, index) => {
      const th = node("th");
      if (align[index]) th.setAttribute("align", align[index]);
      inline(text, th, false);
      headRow.append(th);
    });
    thead.append(headRow);
    t.append(thead);
    const tbody = node("tbody");
    rows.forEach((cells, rowIndex) => {
      const tr = node("tr");
      for (let index = 0; index < columns; index += 1) {
        const td = node("td");
        if (align[index]) td.setAttribute("align", align[index]);
        inline(cells[index] || "", td, live && rowIndex === rows.length - 1);
        tr.append(td);
      }
      tbody.append(tr);
    });
    t.append(tbody);
    const wrap = node("div", "table-wrap");
    wrap.append(t);
    return wrap;
  }

  function listBlock(lines, start, live) {
    // Items of one list: same kind, any indentation; nested lists by deeper indentation.
    const first = LIST_ITEM.exec(lines[start]);
    const ordered = /\d/.test(first[2]);
    const baseIndent = first[1].length;
    const list = node(ordered ? "ol" : "ul");
    if (ordered && parseInt(first[2], 10) !== 1) list.setAttribute("start", String(parseInt(first[2], 10)));
    let i = start;
    let item = null;
    let itemLines = [];
    const closeItem = () => {
      if (!item) return;
      renderBlocks(itemLines, item, live && i >= lines.length, true);
      list.append(item);
      item = null;
      itemLines = [];
    };
    while (i < lines.length) {
      const line = lines[i];
      const match = LIST_ITEM.exec(line);
      if (match && match[1].length <= baseIndent + 1 && /\d/.test(match[2]) === ordered) {
        closeItem();
        item = node("li");
        itemLines = [match[3]];
      } else if (match && match[1].length <= baseIndent + 1) {
        break; // a list of the other kind starts
      } else if (!line.trim()) {
        const next = lines[i + 1];
        if (next === undefined || !(/^\s+/.test(next) || LIST_ITEM.test(next))) break;
        itemLines.push("");
      } else if (/^\s+/.test(line) || itemLines.length) {
        if (!/^\s+/.test(line) && (HEADING.test(line) || FENCE.test(line) || TABLE_ROW.test(line))) break;
        itemLines.push(line.replace(/^\s{1,4}/, ""));
      } else break;
      i += 1;
    }
    closeItem();
    return { element: list, next: i };
  }

  function renderBlocks(lines, parent, live, tight) {
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      const isLast = () => i >= lines.length;
      if (!line.trim()) {
        i += 1;
        continue;
      }
      const fence = FENCE.exec(line);
      if (fence) {
        const body = [];
        i += 1;
        while (i < lines.length && !new RegExp(`^\\s{0,3}${fence[1]}`).test(lines[i])) body.push(lines[i++]);
        i += 1; // the closing fence (or the end, while streaming)
        const pre = node("pre");
        const code = node("code");
        const language = line.trim().slice(3).trim();
        if (/^[\w+-]+$/.test(language)) code.className = `language-${language}`;
        code.textContent = body.join("\n") + (body.length ? "\n" : "");
        pre.append(code);
        parent.append(pre);
        continue;
      }
      const heading = HEADING.exec(line);
      if (heading) {
        const h = node(`h${heading[1].length}`);
        inline(heading[2], h, live && i === lines.length - 1);
        parent.append(h);
        i += 1;
        continue;
      }
      if (RULE.test(line) && !LIST_ITEM.test(line.replace(/\s+/g, " ").slice(0, 2) + "x")) {
        parent.append(node("hr"));
        i += 1;
        continue;
      }
      if (TABLE_ROW.test(line) && line.includes("|")) {
        const header = splitCells(line);
        const separator = lines[i + 1];
        if (separator !== undefined && TABLE_SEPARATOR.test(separator)) {
          const rows = [];
          i += 2;
          while (i < lines.length && lines[i].trim() && lines[i].includes("|")) rows.push(splitCells(lines[i++]));
          parent.append(table(header, alignments(separator), rows, live && isLast()));
          continue;
        }
        if (live && (separator === undefined || /^\s*\|?[\s:|-]*$/.test(separator)) && i + 2 >= lines.length) {
          // The header has come, its separator not yet: draw the table already.
          parent.append(table(header, [], [], false));
          break;
        }
      }
      const quote = QUOTE.exec(line);
      if (quote) {
        const body = [];
        while (i < lines.length && QUOTE.test(lines[i])) body.push(QUOTE.exec(lines[i++])[1]);
        const blockquote = node("blockquote");
        renderBlocks(body, blockquote, live && isLast(), false);
        parent.append(blockquote);
        continue;
      }
      if (LIST_ITEM.test(line)) {
        const { element, next } = listBlock(lines, i, live);
        parent.append(element);
        i = next;
        continue;
      }
      const paragraph = [];
      while (
        i < lines.length &&
        lines[i].trim() &&
        !FENCE.test(lines[i]) &&
        !HEADING.test(lines[i]) &&
        !(paragraph.length && (LIST_ITEM.test(lines[i]) || QUOTE.test(lines[i]))) &&
        !(TABLE_ROW.test(lines[i]) && lines[i].includes("|") && (TABLE_SEPARATOR.test(lines[i + 1] || "") || (live && i + 1 >= lines.length)))
      ) {
        paragraph.push(lines[i++]);
      }
      if (!paragraph.length) {
        paragraph.push(lines[i++]);
      }
      if (tight && parent.tagName === "LI" && !parent.childNodes.length) {
        inlineLines(paragraph, parent, live && isLast());
      } else {
        const p = node("p");
        inlineLines(paragraph, p, live && isLast());
        parent.append(p);
      }
    }
  }

  /* Render ``text`` into ``container`` (replacing what it held). ``live``: the
   * text is still arriving, so its unfinished end is drawn as it will be. */
  function render(text, container, { live = false } = {}) {
    const fragment = document.createDocumentFragment();
    const lines = withoutHtml(String(text || "")).replace(/\r\n?/g, "\n").split("\n");
    renderBlocks(lines, fragment, live, false);
    container.replaceChildren(fragment);
  }

  window.DerrickMarkdown = { render };
})();
