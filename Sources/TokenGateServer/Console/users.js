// The admins' page: every account, paged, with its roles to change.

import { call, listPage } from "./api.js";
import { copy, fill, onSubmit, pagedList, showPage } from "./view.js";

const grantable = ["editor", "admin"];

/** Shows the users, for an admin. */
export function showUsers() {
  const page = showPage("page-users");
  const reload = pagedList(page.querySelector("#items").closest("section"), (cursor) => listPage("/users", "users", cursor), userItem);
  reload();
}

function userItem(user) {
  const item = copy("user-item").firstElementChild;
  fill(item, { ...user, name: user.name ?? "no name" });
  const form = item.querySelector(".roles-form");
  form.querySelector("legend").textContent = `Roles of ${user.email}`;
  for (const role of grantable) form.elements[role].checked = user.roles.includes(role);
  onSubmit(form, async (values) => {
    const roles = ["user", ...grantable.filter((role) => values[role] === "on")];
    const answer = await call("PUT", `/users/${encodeURIComponent(user.id)}/roles`, { roles });
    form.querySelector(".success").textContent = `Saved: ${answer.user.roles.join(", ")}.`;
  });
  return item;
}
