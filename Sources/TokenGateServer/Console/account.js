// The account page: who is signed in (and a prompt to verify the address), their sessions (each one can be signed
// out), password change, two-step sign-in, and signing out everywhere.

import { call } from "./api.js";
import { showSecondFactor } from "./second-factor.js";
import { clearMessages, copy, fill, formatTime, onSubmit, showError, showPage } from "./view.js";

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
    fill(item, { ...entry, device: describeAgent(entry.user_agent), ip: entry.ip ?? "an unknown address" });
    item.querySelector("[data-field='device']").title = entry.user_agent ?? "";
    item.querySelector(".badge").hidden = !entry.current;
    const revoke = item.querySelector(".revoke");
    revoke.hidden = entry.current;
    revoke.setAttribute("aria-label", `Sign out ${describeAgent(entry.user_agent)}, started ${formatTime(entry.created_at)}`);
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
    await showSessions();
    passwordForm.querySelector(".success").textContent = answer.message;
  });

  const banner = page.querySelector("#verify-banner");
  banner.hidden = session.user.email_verified !== false;
  onSubmit(page.querySelector("#verify-request-form"), async () => {
    await call("POST", "/auth/email/verify/request");
    banner.querySelector(".success").textContent = `A verification link is on its way to ${session.user.email}.`;
  });

  showSecondFactor(page.querySelector("#second-factor"));

  onSubmit(page.querySelector("#sign-out-everywhere-form"), async () => {
    await call("POST", "/auth/logout-all");
    session.signedOut("You were signed out of every session.");
  });

  showSessions();
}

const browsers = [["Edg/", "Edge"], ["Firefox/", "Firefox"], ["HeadlessChrome/", "Headless Chrome"], ["Chrome/", "Chrome"], ["Safari/", "Safari"]];
const systems = [["Android", "Android"], ["iPhone", "iPhone"], ["iPad", "iPad"], ["Windows", "Windows"], ["Mac OS X", "macOS"], ["Linux", "Linux"]];

/** "Chrome on Linux" for a browser's User-Agent; the API's text as it is for anything else (a CLI, a service). */
function describeAgent(agent) {
  if (!agent) return "Unknown client";
  const browser = browsers.find(([mark]) => agent.includes(mark))?.[1];
  const system = systems.find(([mark]) => agent.includes(mark))?.[1];
  return browser && system ? `${browser} on ${system}` : agent;
}
