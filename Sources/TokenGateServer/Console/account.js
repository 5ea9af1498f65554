// The account page: who is signed in, their sessions (each one can be signed out), password change, and signing
// out everywhere.

import { call } from "./api.js";
import { clearMessages, copy, fill, onSubmit, showError, showPage } from "./view.js";

/** Shows the account of `session.user`. */
export function showAccount(session) {
  const page = showPage("page-account");
  fill(page, { ...session.user, name: session.user.name ?? "—" });
  const sessionsSection = page.querySelector("#sessions").closest("section");

  async function showSessions() {
    clearMessages(sessionsSection);
    try {
      const answer = await call("GET", "/auth/sessions");
      page.querySelector("#sessions").replaceChildren(...answer.sessions.map(sessionItem));
    } catch (error) {
      showError(sessionsSection, error);
    }
  }

  function sessionItem(entry) {
    const item = copy("session-item").firstElementChild;
    fill(item, { ...entry, user_agent: entry.user_agent ?? "Unknown browser", ip: entry.ip ?? "an unknown address", current: "This device" });
    item.querySelector(".badge").hidden = !entry.current;
    const revoke = item.querySelector(".revoke");
    revoke.hidden = entry.current;
    revoke.setAttribute("aria-label", `Sign out the session of ${entry.user_agent ?? "an unknown browser"} started ${new Date(entry.created_at).toLocaleString()}`);
    revoke.addEventListener("click", async () => {
      try {
        await call("DELETE", `/auth/sessions/${encodeURIComponent(entry.id)}`);
        await showSessions();
      } catch (error) {
        showError(sessionsSection, error);
      }
    });
    return item;
  }

  const passwordForm = page.querySelector("#password-form");
  onSubmit(passwordForm, async (values) => {
    const answer = await call("POST", "/auth/password", values);
    passwordForm.reset();
    passwordForm.querySelector(".success").textContent = answer.message;
    await showSessions();
  });

  onSubmit(page.querySelector("#sign-out-everywhere-form"), async () => {
    await call("POST", "/auth/logout-all");
    session.signedOut("You were signed out of every session.");
  });

  showSessions();
}
