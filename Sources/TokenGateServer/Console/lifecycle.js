// The pages a mail's link opens (verify an address, choose a new password) and the page that asks for a reset link.
// The link's token is read from the address and posted to the API; it is never shown or stored.

import { call } from "./api.js";
import { onSubmit, showError, showPage } from "./view.js";

/** The token of the link that opened the page, or "". */
function linkToken() {
  return new URLSearchParams(location.search).get("token") ?? "";
}

/** Leaves the link's page for the console's sign-in, saying `notice`. */
function toSignIn(session, notice) {
  history.replaceState(null, "", "/#/sign-in");
  session.signedOut(notice);
}

/** `/reset-password?token=…`: a new password for the account the link was sent to. */
export function showResetPassword(session) {
  const page = showPage("page-reset-password");
  onSubmit(page.querySelector("#reset-password-form"), async (values) => {
    await call("POST", "/auth/password/reset", { token: linkToken(), new_password: values.new_password });
    toSignIn(session, "Your password was changed and every session signed out. Sign in with the new password.");
  });
}

/** `/verify-email?token=…`: posts the token and says how it went. */
export async function showVerifyEmail() {
  const page = showPage("page-verify-email");
  const notice = page.querySelector(".notice");
  try {
    await call("POST", "/auth/email/verify", { token: linkToken() });
    notice.textContent = "Your email address is verified.";
  } catch (error) {
    notice.textContent = "";
    showError(page, error);
  }
}

/** `#/forgot-password`: asks for a reset link; the answer is the same whether or not the address has an account. */
export function showForgotPassword() {
  const page = showPage("page-forgot-password");
  const form = page.querySelector("#forgot-password-form");
  onSubmit(form, async (values) => {
    await call("POST", "/auth/password/reset/request", { email: values.email });
    form.querySelector(".success").textContent = "If an account has this address, a link to reset its password is on its way.";
  });
}
