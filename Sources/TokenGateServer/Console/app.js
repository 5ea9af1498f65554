// The console's entry: which page the address names, who is signed in, and the navigation bar.

import { call, onSessionEnded } from "./api.js";
import { showAccount } from "./account.js";
import { books, showCollection, templates } from "./collection.js";
import { showForgotPassword, showResetPassword, showVerifyEmail } from "./lifecycle.js";
import { showSignIn, showSignUp } from "./sign-in.js";
import { showUsers } from "./users.js";

/** The pages of a signed-in user, by the name in the address (`#/books`); `role` limits who sees one. */
const pages = {
  account: { show: showAccount },
  books: { show: (session) => showCollection(session, books) },
  templates: { show: (session) => showCollection(session, templates) },
  users: { show: showUsers, role: "admin" },
};

const nav = document.getElementById("nav");

/** Who is signed in, and the two ways that changes. */
const session = {
  user: null,
  signedIn(user) {
    this.user = user;
    const wanted = pageName();
    go(pages[wanted] ? wanted : "account");
  },
  signedOut(notice) {
    this.user = null;
    nav.hidden = true;
    history.replaceState(null, "", "#/sign-in");
    showSignIn(this, notice);
  },
};

function pageName() {
  return location.hash.replace(/^#\/?/, "");
}

/** Shows page `name`, also when the address already names it. */
function go(name) {
  if (pageName() === name) route();
  else location.hash = `#/${name}`;
}

function allowed(page) {
  return !page.role || session.user.roles.includes(page.role);
}

async function route() {
  // The pages a mail's link opens live at their own paths, not under `#/`.
  if (location.pathname === "/reset-password") return showResetPassword(session);
  if (location.pathname === "/verify-email") return showVerifyEmail();
  const name = pageName();
  if (name === "sign-up" && !session.user) return showSignUp(session);
  if (name === "forgot-password" && !session.user) return showForgotPassword();
  if (!session.user) {
    try {
      session.user = (await call("GET", "/auth/status")).user;
    } catch {
      nav.hidden = true;
      return showSignIn(session);
    }
  }
  const page = pages[name];
  if (!page || !allowed(page)) return go("account");
  showNav(name);
  page.show(session);
}

function showNav(current) {
  nav.hidden = false;
  for (const link of nav.querySelectorAll("a[data-page]")) {
    link.hidden = !allowed(pages[link.dataset.page]);
    if (link.dataset.page === current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

document.getElementById("sign-out").addEventListener("click", async () => {
  try {
    await call("POST", "/auth/logout");
  } catch {
    // The session is over either way; the server clears the cookies when the logout succeeds.
  }
  session.signedOut("You are signed out.");
});

onSessionEnded(() => {
  if (session.user) session.signedOut("Your session has ended; sign in again.");
});
window.addEventListener("hashchange", route);
route();
