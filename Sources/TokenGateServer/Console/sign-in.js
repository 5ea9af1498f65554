// The pages without a session: sign in (with its second step for an account with an authenticator app) and create
// an account. Both ask for the cookie transport, so no session token ever reaches this script.

import { call } from "./api.js";
import { onSubmit, showPage } from "./view.js";

/** The sign-in page; `notice` says why it is shown (signed out, session ended). */
export function showSignIn(session, notice) {
  const page = showPage("page-sign-in");
  page.querySelector(".notice").textContent = notice ?? "";
  onSubmit(page.querySelector("#sign-in-form"), async (values) => {
    const answer = await call("POST", "/auth/login?transport=cookie", { email: values.email, password: values.password });
    if (answer.mfa_required) showSecondStep(session, answer.mfa_token);
    else session.signedIn(answer.user);
  });
}

/** The second step of a sign-in: a code of the authenticator app, or a recovery code (they contain a dash). */
function showSecondStep(session, mfaToken) {
  const page = showPage("page-second-step");
  // The address already names the sign-in page, so the link alone would not leave this one.
  page.querySelector(".restart").addEventListener("click", (event) => {
    event.preventDefault();
    showSignIn(session);
  });
  onSubmit(page.querySelector("#second-step-form"), async (values) => {
    const code = values.code.trim();
    const proof = code.includes("-") ? { recovery_code: code } : { code: code.replaceAll(" ", "") };
    const answer = await call("POST", "/auth/login/mfa?transport=cookie", { mfa_token: mfaToken, ...proof });
    session.signedIn(answer.user);
  });
}

/** The page that creates an account and signs it in. */
export function showSignUp(session) {
  const page = showPage("page-sign-up");
  onSubmit(page.querySelector("#sign-up-form"), async (values) => {
    const body = { email: values.email, password: values.password };
    if (values.name.trim()) body.name = values.name.trim();
    const answer = await call("POST", "/auth/register?transport=cookie", body);
    session.signedIn(answer.user);
  });
}
