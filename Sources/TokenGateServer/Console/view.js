// What every page of the console shares: filling the page from a <template>, showing values as text (never as
// markup), forms that show the API's error next to themselves, and the pager of a list.

import { ApiError } from "./api.js";

const view = () => document.getElementById("view");

/** A copy of the <template> `id`'s content. */
export function copy(id) {
  return document.getElementById(id).content.cloneNode(true);
}

/** Replaces the page with the template `id` and answers the page's element; the heading takes the focus. */
export function showPage(id) {
  const main = view();
  main.replaceChildren(copy(id));
  const heading = main.querySelector("h1");
  heading?.focus();
  return main;
}

/** A time from the API, in the reader's locale. */
export function formatTime(value) {
  return value ? new Date(value).toLocaleString() : "";
}

/** Writes `values` as text into the `[data-field]` elements under `root`. */
export function fill(root, values) {
  for (const element of root.querySelectorAll("[data-field]")) {
    const value = values[element.dataset.field];
    if (value === undefined) continue;
    element.textContent = Array.isArray(value) ? value.join(", ") : element.dataset.field.endsWith("_at") ? formatTime(value) : String(value ?? "");
  }
}

/** Shows `error` (its message and any field errors) in the `.error` element of `container`. */
export function showError(container, error) {
  const target = container.querySelector(".error");
  if (!target) return;
  let message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  if (error?.fields) {
    message += " " + Object.entries(error.fields).map(([field, problem]) => `${field.replaceAll("_", " ")} ${problem}.`).join(" ");
  }
  target.textContent = message;
}

/** Empties the `.error` and `.success` messages of `container`. */
export function clearMessages(container) {
  for (const element of container.querySelectorAll(".error, .success")) element.textContent = "";
}

/**
 * Runs `action` with the form's values when `form` is submitted; while it runs the submit button is disabled, and
 * a failure is shown next to the form.
 */
export function onSubmit(form, action) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearMessages(form);
    const button = form.querySelector("button[type=submit]");
    button?.setAttribute("disabled", "");
    try {
      await action(Object.fromEntries(new FormData(form)));
    } catch (error) {
      showError(form, error);
    } finally {
      button?.removeAttribute("disabled");
    }
  });
}

/**
 * Shows a paged list: `load(cursor)` answers `{items, next_cursor}`, `render(item)` an element for one item.
 * Answers a function that shows the current page again (the first until another is chosen).
 */
export function pagedList(section, load, render) {
  const list = section.querySelector(".items");
  const pager = section.querySelector(".pager");
  pager.replaceChildren(copy("pager"));
  const first = pager.querySelector(".first");
  const next = pager.querySelector(".next");
  let cursors = [null];

  async function show(cursor) {
    clearMessages(section);
    try {
      const page = await load(cursor);
      list.replaceChildren(...page.items.map(render));
      section.querySelector(".empty")?.toggleAttribute("hidden", page.items.length > 0);
      cursors = [cursor, page.next_cursor];
      first.hidden = cursor === null;
      next.hidden = !page.next_cursor;
    } catch (error) {
      showError(section, error);
    }
  }
  first.addEventListener("click", () => show(null));
  next.addEventListener("click", () => show(cursors[1]));
  return () => show(cursors[0]);
}
