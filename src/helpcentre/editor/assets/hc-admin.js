// The help centre's additions to Decap CMS: a front-matter format that writes back only
// the keys an editor changed, a Markdown source editor with a value picker, previews that
// show values as readers read them, and translations side by side with their source.
import { parse as parseYaml, stringify as stringifyYaml } from "./yaml/index.js";

const CMS = window.CMS;
const h = window.h;
const createClass = window.createClass;
const LOCAL_API = "api/v1";
const EDITOR = await (await fetch("editor.json")).json();

// -- the file format -----------------------------------------------------------------------

// Front matter as MkDocs reads it (helpcentre.content.sources.FRONT_MATTER).
const FRONT = /^---[ \t]*\n([\s\S]*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)/;
// The front matter as it was read: the keys an editor leaves alone are written back as
// they were, comments and quoting included. Keys starting with hc_ are never written.
const AS_READ = "hc_front_matter";
const WRITE = { version: "1.1", lineWidth: 0 }; // quoted where PyYAML (YAML 1.1) needs it

export function fromFile(text) {
  // Windows line endings are read as plain newlines, as the text box would; the local
  // backend writes them back the way the file had them.
  const content = text.replace(/\r\n/g, "\n");
  // A byte-order mark (MkDocs reads past one) stays with the front matter as read.
  const mark = content.startsWith("\ufeff") ? "\ufeff" : "";
  const match = FRONT.exec(content.slice(mark.length));
  if (!match) {
    return { body: content, [AS_READ]: "" };
  }
  const rest = content.slice(mark.length + match[0].length);
  const body = rest.replace(/^\n+/, "");
  const meta = parseYaml(match[1] || "") || {};
  return { ...meta, body, [AS_READ]: content.slice(0, content.length - body.length) };
}

export function toFile(data) {
  const head = data[AS_READ] || "";
  const body = typeof data.body === "string" ? data.body : "";
  const fields = Object.entries(data).filter(([key]) => key !== "body" && !key.startsWith("hc_"));
  if (!head) {
    const meta = Object.fromEntries(fields.filter(([, value]) => !isEmpty(value)));
    if (Object.keys(meta).length === 0) {
      return body; // a file without front matter stays without
    }
    const text = body.endsWith("\n") || !body ? body : body + "\n";
    return "---\n" + stringifyYaml(meta, WRITE) + "---\n\n" + text;
  }
  const mark = head.startsWith("\ufeff") ? "\ufeff" : "";
  const match = FRONT.exec(head.slice(mark.length));
  const original = match[1] || "";
  const read = parseYaml(original) || {};
  let block = original;
  for (const [key, value] of fields) {
    if (same(read[key], value) || (isEmpty(value) && !(key in read))) {
      continue;
    }
    block = setKey(block, key, isEmpty(value) ? undefined : value);
  }
  if (block === original) {
    return head + body;
  }
  const opening = head.slice(0, head.indexOf("\n") + 1);
  return opening + block + head.slice(opening.length + original.length) + body;
}

function isEmpty(value) {
  return value === undefined || value === null || value === "" ||
    (Array.isArray(value) && value.length === 0);
}

function same(a, b) {
  if (isEmpty(a) && isEmpty(b)) {
    return true;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

// One top-level key's lines replaced (or removed, or added at the end); the other lines
// stay as they are.
function setKey(block, key, value) {
  const lines = block.split("\n");
  const own = new RegExp("^" + key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "\\s*:");
  const start = lines.findIndex((line) => own.test(line));
  // A list written `[a, b]` stays on its line.
  const flow = start >= 0 && /:\s*\[/.test(lines[start]) && Array.isArray(value);
  const flowed = { ...WRITE, collectionStyle: "flow", flowCollectionPadding: false };
  let written = [];
  if (flow) {
    written = [`${key}: ${stringifyYaml(value, flowed).trim()}`];
  } else if (value !== undefined) {
    written = stringifyYaml({ [key]: value }, WRITE).replace(/\n$/, "").split("\n");
  }
  if (start < 0) {
    const end = lines[lines.length - 1] === "" ? lines.length - 1 : lines.length;
    lines.splice(end, 0, ...written);
    return lines.join("\n");
  }
  let end = start + 1;
  while (end < lines.length && /^([ \t]+\S|-( |$))/.test(lines[end])) {
    end += 1;
  }
  lines.splice(start, end - start, ...written);
  return lines.join("\n");
}

// -- where an entry belongs ---------------------------------------------------------------

function folderOf(collection) {
  return collection.get("folder");
}

// docs/<lang>/<collection>
function languageOf(collection) {
  const parts = folderOf(collection).split("/");
  return parts[parts.length - 2];
}

function sourceFolder(collection) {
  const parts = folderOf(collection).split("/");
  parts[parts.length - 2] = EDITOR.source;
  return parts.join("/");
}

async function api(action, params) {
  const reply = await fetch(LOCAL_API, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ action, params }),
  });
  const answer = await reply.json();
  if (!reply.ok) {
    throw new Error(answer.error || reply.statusText);
  }
  return answer;
}

// -- values --------------------------------------------------------------------------------

const MARKER = /\{\{\s*policy\.([A-Za-z0-9_.-]+)\s*\}\}/g;

function valuesFor(lang) {
  return EDITOR.values[lang] || [];
}

function withValues(text, lang) {
  const known = new Map(valuesFor(lang).map((item) => [item.key, item.value]));
  const pieces = [];
  let position = 0;
  for (const match of text.matchAll(MARKER)) {
    pieces.push(plainInline(text.slice(position, match.index)));
    const value = known.get(match[1]);
    pieces.push(h("span", {
      key: `v${match.index}`,
      className: value === undefined ? "hc-value hc-value--unknown" : "hc-value",
      title: match[0],
    }, value === undefined ? match[0] : value));
    position = match.index + match[0].length;
  }
  pieces.push(plainInline(text.slice(position)));
  return pieces;
}

// Inline Markdown read as text: links as their text, no emphasis marks.
function plainInline(text) {
  return text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/(\*\*|__|\*|`)/g, "");
}

// The body's blocks: headings, lists and paragraphs (React escapes every text).
function renderBody(text, lang) {
  return text.split(/\n{2,}/).filter((block) => block.trim()).map((block, index) => {
    const heading = /^(#{1,6})\s+(.*)$/.exec(block.trim());
    if (heading) {
      return h(`h${heading[1].length}`, { key: index }, withValues(heading[2], lang));
    }
    const lines = block.split("\n");
    if (lines.every((line) => /^\s*([-*+]|\d+\.)\s+/.test(line))) {
      const ordered = /^\s*\d+\./.test(lines[0]);
      return h(ordered ? "ol" : "ul", { key: index }, lines.map((line, item) =>
        h("li", { key: item }, withValues(line.replace(/^\s*([-*+]|\d+\.)\s+/, ""), lang))));
    }
    return h("p", { key: index }, withValues(block, lang));
  });
}

// -- the body: Markdown source, with the value picker ---------------------------------------

const MarkdownControl = createClass({
  insert(key) {
    const value = this.props.value || "";
    const area = this.area;
    const start = area ? area.selectionStart : value.length;
    const end = area ? area.selectionEnd : start;
    const item = valuesFor(languageOf(this.props.collection)).find((v) => v.key === key);
    let marker = `{{ policy.${key} }}`;
    if (item && item.table) { // a table stands alone on its line
      marker = (start > 0 && value[start - 1] !== "\n" ? "\n" : "") + marker + "\n";
    }
    this.props.onChange(value.slice(0, start) + marker + value.slice(end));
  },
  render() {
    const lang = languageOf(this.props.collection);
    const id = this.props.forID;
    return h("div", { className: "hc-markdown" },
      h("div", { className: "hc-markdown__toolbar" },
        h("label", { htmlFor: `${id}-values` }, "Insert a value"),
        h("select", {
          id: `${id}-values`,
          className: "hc-values",
          value: "",
          onChange: (event) => event.target.value && this.insert(event.target.value),
        },
        h("option", { value: "" }, "…"),
        valuesFor(lang).map((item) => h("option", { key: item.key, value: item.key },
          `${item.key} = ${item.value}`)))),
      h("textarea", {
        id,
        lang,
        className: `${this.props.classNameWrapper} hc-markdown__text`,
        value: this.props.value || "",
        ref: (element) => { this.area = element; },
        onChange: (event) => this.props.onChange(event.target.value),
        onFocus: this.props.setActiveStyle,
        onBlur: this.props.setInactiveStyle,
        rows: 20,
      }));
  },
});

const MarkdownPreview = createClass({
  render() {
    return h("div", {}, renderBody(this.props.value || "", this.props.hcLang || EDITOR.source));
  },
});

// -- translations ---------------------------------------------------------------------------

function slugOf(entry) {
  return entry.get("newRecord") ? entry.getIn(["data", "hc_translation"]) : entry.get("slug");
}

const TranslationControl = createClass({
  getInitialState() {
    return { choices: null, message: "", failed: false };
  },
  componentDidMount() {
    if (this.props.entry.get("newRecord") && EDITOR.local) {
      this.untranslated().then((choices) => this.setState({ choices }),
        (error) => this.setState({ message: error.message, failed: true }));
    }
  },
  async untranslated() {
    const collection = this.props.collection;
    const sources = await api("entriesByFolder",
      { folder: sourceFolder(collection), extension: "md", depth: 1 });
    const done = await api("entriesByFolder",
      { folder: folderOf(collection), extension: "md", depth: 1 });
    const have = new Set(done.map((item) => item.file.path.split("/").pop()));
    return sources.filter((item) => !have.has(item.file.path.split("/").pop())).map((item) => ({
      slug: item.file.path.split("/").pop().replace(/\.md$/, ""),
      title: fromFile(item.data).title || item.file.path,
    }));
  },
  isValid() {
    if (this.props.entry.get("newRecord") && !this.props.value) {
      return { error: { message: "Choose the article this translates." } };
    }
    return true;
  },
  async markDone() {
    const collection = this.props.collection;
    const path = `${folderOf(collection)}/${this.props.entry.get("slug")}.md`;
    try {
      const answer = await api("hcTranslationDone", { path });
      this.setState({ message: answer.message, failed: false });
      setTimeout(() => window.location.reload(), 800); // read the file as it is now
    } catch (error) {
      this.setState({ message: error.message, failed: true });
    }
  },
  render() {
    const entry = this.props.entry;
    const message = this.state.message && h("p", {
      className: "hc-translation__message" + (this.state.failed ? " hc-translation__message--error" : ""),
      role: "status",
    }, this.state.message);
    if (entry.get("newRecord")) {
      if (!EDITOR.local || this.state.choices === null) {
        return h("div", { className: "hc-translation" }, h("input", {
          id: this.props.forID, className: this.props.classNameWrapper,
          value: this.props.value || "", placeholder: "source file name, without .md",
          onChange: (event) => this.props.onChange(event.target.value),
        }), message);
      }
      return h("div", { className: "hc-translation" }, h("select", {
        id: this.props.forID, className: `${this.props.classNameWrapper} hc-translation__source`,
        value: this.props.value || "",
        onChange: (event) => this.props.onChange(event.target.value),
      }, h("option", { value: "" }, "…"), this.state.choices.map((choice) =>
        h("option", { key: choice.slug, value: choice.slug }, `${choice.title} (${choice.slug})`))),
      message);
    }
    const source = `${sourceFolder(this.props.collection)}/${entry.get("slug")}.md`;
    return h("div", { className: "hc-translation" },
      h("p", { className: "hc-translation__source" }, source),
      EDITOR.local && h("button", {
        type: "button", className: "hc-translation__done", onClick: () => this.markDone(),
      }, "Mark translation done"),
      message);
  },
});

// -- previews -------------------------------------------------------------------------------

function article(data, lang, extra) {
  return h("article", { lang, className: `hc-preview ${extra || ""}` },
    h("h1", {}, data.title || ""),
    h("p", { className: "hc-preview__lede" }, data.description || ""),
    renderBody(data.body || "", lang));
}

function previewFor(lang) {
  return createClass({
    getInitialState() {
      return { source: null, slug: null };
    },
    componentDidMount() { this.loadSource(); },
    componentDidUpdate() { this.loadSource(); },
    loadSource() {
      const slug = slugOf(this.props.entry);
      if (lang === EDITOR.source || !EDITOR.local || !slug || slug === this.state.slug) {
        return;
      }
      this.setState({ slug });
      const folder = sourceFolder(this.props.collection);
      api("getEntry", { path: `${folder}/${slug}.md` }).then(
        (answer) => this.setState({ source: answer.data ? fromFile(answer.data) : null }),
        () => this.setState({ source: null }));
    },
    render() {
      const data = this.props.entry.get("data").toJS();
      if (lang === EDITOR.source) {
        return article(data, lang);
      }
      return h("div", { className: "hc-side-by-side" },
        this.state.source ? article(this.state.source, EDITOR.source, "hc-preview__source") :
          h("div", { className: "hc-preview hc-preview__source" }),
        article(data, lang, "hc-preview__translation"));
    },
  });
}

// -- start ----------------------------------------------------------------------------------

// Decap keeps the entry on screen when the address moves straight from one entry to the
// entry of the same name in another collection (its translation): a save would then write
// one language's text into the other's file. Such a move reads the page afresh.
const ENTRY_ROUTE = /^#\/collections\/([^/]+)\/entries\/(.+)$/;
let shownRoute = location.hash;
window.addEventListener("hashchange", () => {
  const before = ENTRY_ROUTE.exec(shownRoute);
  const after = ENTRY_ROUTE.exec(location.hash);
  shownRoute = location.hash;
  if (before && after && before[1] !== after[1] && before[2] === after[2]) {
    location.reload();
  }
});

window.hcFormat = { fromFile, toFile }; // the round-trip measure runs these (tests)
CMS.registerCustomFormat("hc-frontmatter", "md", { fromFile, toFile });
CMS.registerWidget("hc-markdown", MarkdownControl, MarkdownPreview);
CMS.registerWidget("hc-translation", TranslationControl);
CMS.registerPreviewStyle("hc-preview.css");
for (const { name, lang } of EDITOR.collections) {
  CMS.registerPreviewTemplate(name, previewFor(lang));
}
// A save that breaks the preview's build: its lines, at the top of the editor, until a
// save fixes it (the site's preview tabs show them too).
async function watchBuild() {
  let shown = "";
  for (;;) {
    let errors = [];
    try {
      errors = (await api("hcLastBuild", {})).errors;
    } catch (error) {
      errors = [];
    }
    const text = errors.join("\n");
    if (text !== shown) {
      shown = text;
      showBuildErrors(errors);
    }
    await new Promise((done) => setTimeout(done, 1500));
  }
}

function showBuildErrors(errors) {
  let box = document.querySelector(".hc-build-errors");
  if (!errors.length) {
    box?.remove();
    return;
  }
  if (!box) {
    box = document.createElement("section");
    box.className = "hc-build-errors";
    box.setAttribute("role", "alert");
    document.body.append(box);
  }
  const title = document.createElement("p");
  title.textContent = "The site does not build: fix these lines and save again.";
  const list = document.createElement("ul");
  for (const line of errors) {
    const item = document.createElement("li");
    item.textContent = line; // the editor's own text, shown as text
    list.append(item);
  }
  box.replaceChildren(title, list);
}

if (EDITOR.local) {
  watchBuild();
}

// The local backend answers on the page's own origin, whichever name it was opened with.
CMS.init(EDITOR.local ? { config: { local_backend: { url: new URL(LOCAL_API, location.href).href } } } : {});
