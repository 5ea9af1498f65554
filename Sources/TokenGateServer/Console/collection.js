// A list the signed-in user pages through, adds to, edits and deletes from: the books (changed by editors and
// admins only) and the user's own templates. Each kind says its path, its fields and who may change it.

import { call, listPage } from "./api.js";
import { copy, formatTime, onSubmit, pagedList, showError, showPage } from "./view.js";

const editorRoles = ["editor", "admin"];

/** The books: everyone reads them, editors and admins change them. */
export const books = {
  title: "Books",
  addTitle: "Add a book",
  path: "/books",
  listKey: "books",
  itemKey: "book",
  fields: [
    { name: "title", label: "Title" },
    { name: "author", label: "Author" },
  ],
  canChange: (user) => user.roles.some((role) => editorRoles.includes(role)),
  describe: (book) => [book.title, `by ${book.author} · updated ${formatTime(book.updated_at)}`],
};

/** The signed-in user's own templates. */
export const templates = {
  title: "Your templates",
  addTitle: "Add a template",
  path: "/templates",
  listKey: "templates",
  itemKey: "template",
  fields: [{ name: "template", label: "Template", multiline: true }],
  canChange: () => true,
  describe: (template) => [template.template, `updated ${formatTime(template.updated_at)}`],
};

/** Shows the list of `kind` (books or templates) for `session.user`. */
export function showCollection(session, kind) {
  const page = showPage("page-collection");
  page.querySelector("h1").textContent = kind.title;
  const canChange = kind.canChange(session.user);
  const addSection = page.querySelector("#add-section");
  addSection.hidden = !canChange;
  addSection.querySelector("h2").textContent = kind.addTitle;

  const listSection = page.querySelector("#items").closest("section");
  const reload = pagedList(listSection, (cursor) => listPage(kind.path, kind.listKey, cursor), item);

  if (canChange) {
    const addForm = addSection.querySelector("form");
    addFields(addForm, kind, "add", {}, "Add");
    onSubmit(addForm, async (values) => {
      await call("POST", kind.path, values);
      addForm.reset();
      await reload();
    });
  }
  reload();

  function item(entry) {
    const element = copy("collection-item").firstElementChild;
    const [primary, secondary] = kind.describe(entry);
    const text = element.querySelector(".item-text");
    const strong = document.createElement("strong");
    strong.textContent = primary;
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = secondary;
    text.replaceChildren(strong, meta);

    const actions = element.querySelector(".actions");
    const form = element.querySelector(".edit-form");
    if (!canChange) {
      actions.remove();
      form.remove();
      return element;
    }
    addFields(form, kind, `edit-${entry.id}`, entry, "Save");
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = "Cancel";
    form.append(cancel);
    const editing = (on) => {
      form.hidden = !on;
      actions.hidden = on;
      text.hidden = on;
      (on ? form.querySelector("input, textarea") : actions.querySelector(".edit")).focus();
    };
    actions.querySelector(".edit").setAttribute("aria-label", `Edit ${primary}`);
    actions.querySelector(".delete").setAttribute("aria-label", `Delete ${primary}`);
    actions.querySelector(".edit").addEventListener("click", () => editing(true));
    cancel.addEventListener("click", () => editing(false));
    onSubmit(form, async (values) => {
      await call("PUT", `${kind.path}/${encodeURIComponent(entry.id)}`, values);
      await reload();
    });
    actions.querySelector(".delete").addEventListener("click", async () => {
      try {
        await call("DELETE", `${kind.path}/${encodeURIComponent(entry.id)}`);
        await reload();
      } catch (error) {
        showError(element, error);
      }
    });
    return element;
  }
}

/** Adds a labelled input (or text area) for each field of `kind` to `form`, its error line and its submit button. */
function addFields(form, kind, prefix, values, submitLabel) {
  for (const field of kind.fields) {
    const id = `${prefix}-${field.name}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = field.label;
    const input = document.createElement(field.multiline ? "textarea" : "input");
    input.id = id;
    input.name = field.name;
    input.required = true;
    input.value = values[field.name] ?? "";
    form.append(label, input);
  }
  const error = document.createElement("p");
  error.className = "error";
  error.setAttribute("role", "alert");
  const submit = document.createElement("button");
  submit.type = "submit";
  submit.textContent = submitLabel;
  form.append(error, submit);
}
